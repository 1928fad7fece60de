/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Makes the screenshots the metainfo and the README show, from the app's own
 * window on the sandbox cluster, in the light and the dark style:
 * playground, connectors and models (and their -dark twins), written to
 * CS_TEST_LOG_DIR. Run by build-aux/screenshots; not a test.
 */
#include "config.h"

#include "cs-application.h"
#include "cs-session.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

#define WAIT_MS 60000

static gboolean
send_enabled (gpointer data)
{
  GtkWidget *button = cs_ui_test_find_button (data, "Send the Conversation (Ctrl+Enter)");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static gboolean
has_answer (gpointer data)
{
  return cs_ui_test_find_by_name (data, "answer-text") != NULL;
}

static void
shoot (CsWindow   *window,
       const char *page,
       const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  cs_window_show_page (window, page);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cs_ui_test_spin (600);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), name));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_spin (600);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), dark));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsApplication) app = NULL;
  g_autoptr(CsClient) client = NULL;
  g_autofree char *model_id = NULL;
  CsTestSandbox *sandbox;
  CsSession *session;
  CsVersion version = { 2, 19, 0 };
  CsWindow *window;
  GtkWidget *playground, *composer;

  if (!cs_ui_test_init (&argc, &argv))
    {
      g_printerr ("No display: run this under Xvfb (build-aux/screenshots does).\n");
      return 1;
    }

  sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  app = cs_application_new (APP_ID ".ScreenshotTour", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* A deployed thinking model, as the workflow leaves it. */
  client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  model_id = cs_test_deploy_model (client, "bedrock_claude4_extended_thinking.json",
                                   CS_TEST_SECRET_KEY, NULL, NULL);
  session = cs_application_get_session (app);
  cs_session_set_connected (session, "sandbox", client, "sandbox", &version, FALSE);
  cs_session_set_model_id (session, model_id);

  window = cs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  /* The Playground with Claude's thinking apart from its answer. */
  cs_window_show_page (window, "playground");
  playground = cs_window_get_page (window, "playground");
  composer = cs_ui_test_find_by_name (playground, "composer");
  g_assert_nonnull (composer);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (composer)),
                            "Which is larger, 9.11 or 9.9? Explain briefly.", -1);
  g_assert_true (cs_ui_test_wait_until (send_enabled, playground, WAIT_MS));
  gtk_widget_activate_action (playground, "playground.send", NULL);
  g_assert_true (cs_ui_test_wait_until (has_answer, playground, WAIT_MS));
  shoot (window, "playground", "playground");

  shoot (window, "connectors", "connectors");
  shoot (window, "models", "models");

  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (100);
  g_clear_object (&client);
  cs_test_sandbox_stop (sandbox);
  return 0;
}
