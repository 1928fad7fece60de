/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-playground-page.h"
#include "cs-session.h"
#include "cs-test-sandbox.h"
#include "cs-thinking-view.h"
#include "cs-turn-row.h"
#include "cs-ui-test-utils.h"

#include "../integration/predict-fixture.h"

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef gboolean (*Predicate) (gpointer data);

static void
wait_until (Predicate   predicate,
            gpointer    data,
            guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!predicate (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      cs_ui_test_spin (20);
    }
}

static gboolean
model_selected (gpointer data)
{
  AdwComboRow *row = ADW_COMBO_ROW (cs_ui_test_find_by_type (data, ADW_TYPE_COMBO_ROW));

  return row != NULL && adw_combo_row_get_selected_item (row) != NULL;
}

static gboolean
send_enabled (gpointer data)
{
  GtkWidget *button = cs_ui_test_find_button (data, "Send the Conversation (Ctrl+Enter)");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static gboolean
has_answer (gpointer data)
{
  return find_by_name (data, "answer-text") != NULL;
}

static gboolean
banner_shown (gpointer data)
{
  GtkWidget *banner = find_by_name (data, "error-banner");
  GtkWidget *label = find_by_name (data, "error-banner-label");

  return banner != NULL && gtk_widget_get_visible (banner) &&
         gtk_label_get_text (GTK_LABEL (label))[0] != '\0';
}

typedef struct
{
  CsTestSandbox  *sandbox;
  CsApplication  *app;
  CsClient       *client;
  GtkWidget      *window;
  GtkWidget      *page;
} Fixture;

static void
fixture_setup (Fixture    *f,
               const char *app_id,
               const char *secret_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  CsSession *session;
  CsVersion version = { 2, 19, 0 };

  f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  f->app = cs_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);

  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  model_id = fixture_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                                   secret_key, NULL, NULL);

  session = cs_application_get_session (f->app);
  cs_session_set_connected (session, "test", f->client, "sandbox", &version, FALSE);
  cs_session_set_model_id (session, model_id);

  /* The page alone in a window: the test does not depend on the others. */
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, 900);
  f->page = g_object_new (CS_TYPE_PLAYGROUND_PAGE, "session", session, NULL);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  cs_ui_test_wait_for_draw (f->window);

  wait_until (model_selected, f->page, 10000);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_ui_test_spin (50);
  g_clear_object (&f->client);
  g_clear_object (&f->app);
  cs_test_sandbox_stop (f->sandbox);
}

static void
send_text (Fixture    *f,
           const char *text)
{
  GtkWidget *composer = find_by_name (f->page, "composer");

  g_assert_nonnull (composer);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (composer)), text, -1);
  wait_until (send_enabled, f->page, 10000);
  gtk_widget_activate_action (f->page, "playground.send", NULL);
}

static void
screenshot_both_themes (GtkWidget  *window,
                        const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);
  g_free (cs_ui_test_save_screenshot (window, light));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);
  g_free (cs_ui_test_save_screenshot (window, dark));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_thinking_apart (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  Fixture f = { 0, };
  GtkWidget *answer, *thinking, *usage;
  GtkWidget *thinking_view;
  g_autofree char *answer_text = NULL;
  g_autofree char *thinking_text = NULL;

  g_settings_set_boolean (settings, "thinking-expanded", TRUE);
  fixture_setup (&f, APP_ID ".TestPlayground1", FIXTURE_SECRET_KEY);

  send_text (&f, "hello world");
  wait_until (has_answer, f.page, 30000);
  cs_ui_test_wait_for_draw (f.window);

  answer = find_by_name (f.page, "answer-text");
  thinking = find_by_name (f.page, "thinking-text");
  g_assert_nonnull (answer);
  g_assert_nonnull (thinking);
  g_assert_true (answer != thinking);

  /* The thinking lives in its own section, the answer outside it. */
  thinking_view = gtk_widget_get_ancestor (thinking, CS_TYPE_THINKING_VIEW);
  g_assert_nonnull (thinking_view);
  g_assert_null (gtk_widget_get_ancestor (answer, CS_TYPE_THINKING_VIEW));
  g_assert_false (cs_thinking_view_is_redacted (CS_THINKING_VIEW (thinking_view)));
  g_assert_true (gtk_widget_get_mapped (thinking));

  answer_text = view_text (answer);
  thinking_text = view_text (thinking);
  g_assert_cmpstr (thinking_text, !=, "");
  g_assert_cmpstr (answer_text, !=, "");
  g_assert_cmpstr (answer_text, !=, thinking_text);
  /* The sandbox echoes the user's text in the answer. */
  g_assert_nonnull (strstr (answer_text, "hello world"));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (answer)));

  usage = find_by_name (gtk_widget_get_ancestor (answer, CS_TYPE_TURN_ROW), "usage-label");
  g_assert_nonnull (usage);
  g_assert_true (gtk_widget_get_visible (usage));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (usage)), "Input"));

  screenshot_both_themes (f.window, "playground-thinking");

  /* Collapsing is remembered and hides the text. */
  g_settings_set_boolean (settings, "thinking-expanded", FALSE);
  cs_ui_test_spin (400);
  g_assert_false (gtk_revealer_get_reveal_child (
                    GTK_REVEALER (gtk_widget_get_ancestor (thinking, GTK_TYPE_REVEALER))));
  g_free (cs_ui_test_save_screenshot (f.window, "playground-thinking-collapsed"));

  fixture_teardown (&f);
}

static void
test_error_keeps_text (void)
{
  Fixture f = { 0, };
  GtkWidget *label, *message, *composer;
  g_autofree char *kept = NULL;
  g_autofree char *composer_text = NULL;

  fixture_setup (&f, APP_ID ".TestPlayground2", FIXTURE_BAD_SECRET);

  send_text (&f, "hello world");
  wait_until (banner_shown, f.page, 30000);

  /* Bedrock's 403, unwrapped and explained. */
  label = find_by_name (f.page, "error-banner-label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "access key"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), "Error from remote service"));
  g_assert_nonnull (cs_ui_test_find_button (f.page, "Open _Connector"));

  /* The message stays in the conversation, ready to be sent again. */
  message = find_by_name (f.page, "message-text");
  g_assert_nonnull (message);
  kept = view_text (message);
  g_assert_cmpstr (kept, ==, "hello world");
  g_assert_null (find_by_name (f.page, "answer-text"));
  composer = find_by_name (f.page, "composer");
  composer_text = view_text (composer);
  g_assert_cmpstr (composer_text, ==, "");
  g_assert_true (send_enabled (f.page));

  cs_ui_test_wait_for_draw (f.window);
  g_free (cs_ui_test_save_screenshot (f.window, "playground-error"));

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/playground/thinking-apart", test_thinking_apart);
  g_test_add_func ("/ui/playground/error-keeps-text", test_error_keeps_text);

  return g_test_run ();
}
