/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-application.h"
#include "cs-connections-page.h"
#include "cs-connections-page-private.h"
#include "cs-profile.h"
#include "cs-profile-editor.h"
#include "cs-secret-store.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

/*
 * The keyring refuses (here: libsecret's file backend without its master
 * password, so it fails like a missing keyring): saving a profile asks
 * whether to keep the password for this session only, and connecting then
 * works with it.
 */

#define ADMIN_PASSWORD "test-ui-keyring-pw-1357"

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_keep_for_session (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--user", "admin",
                                                            "--password", ADMIN_PASSWORD, NULL);
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".TestKeyring",
                                                     G_APPLICATION_NON_UNIQUE);
  CsSession *session = cs_application_get_session (app);
  AdwMessageDialog *dialog = NULL;
  CsConnectionsPage *page;
  CsProfileEditor *editor;
  CsWindow *window;
  gint64 end;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = cs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  cs_window_show_page (window, "connections");
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  page = CS_CONNECTIONS_PAGE (cs_window_get_page (window, "connections"));
  editor = cs_connections_page_get_editor (page);

  gtk_widget_activate_action (GTK_WIDGET (page), "connections.add", NULL);
  {
    GtkWidget *form = GTK_WIDGET (editor);

    gtk_editable_set_text (GTK_EDITABLE (cs_ui_test_find_row (form, "Name")), "No keyring");
    gtk_editable_set_text (GTK_EDITABLE (cs_ui_test_find_row (form, "Address")),
                           cs_test_sandbox_get_url (sandbox));
    adw_combo_row_set_selected (ADW_COMBO_ROW (cs_ui_test_find_row (form, "Method")), 1);
    gtk_editable_set_text (GTK_EDITABLE (cs_ui_test_find_row (form, "User Name")), "admin");
    gtk_editable_set_text (GTK_EDITABLE (cs_ui_test_find_row (form, "Password")),
                           ADMIN_PASSWORD);
  }
  g_assert_true (cs_profile_editor_get_valid (editor));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.connect", NULL);
  end = cs_test_deadline (20000);
  while ((dialog = find_dialog ("The Keyring Is Not Available")) == NULL &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "session"));
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  cs_ui_test_spin (200);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "connections-keyring-unavailable"));

  adw_message_dialog_response (dialog, "session");
  end = cs_test_deadline (20000);
  while (cs_session_get_state (session) != CS_SESSION_CONNECTED && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);
  g_assert_true (cs_secret_store_is_session_only (cs_secret_store_get_default (),
                                                  cs_session_get_profile_id (session),
                                                  CS_SECRET_CLUSTER_PASSWORD));

  /* Reconnecting finds the password kept for the session. */
  gtk_widget_activate_action (GTK_WIDGET (page), "connections.disconnect", NULL);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_DISCONNECTED);
  gtk_widget_activate_action (GTK_WIDGET (page), "connections.retry", NULL);
  end = cs_test_deadline (20000);
  while (cs_session_get_state (session) != CS_SESSION_CONNECTED && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);

  cs_session_disconnect (session);
  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  /* Without its master password the file backend cannot be used. */
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");

  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/connections-keyring/keep-for-session", test_keep_for_session);

  return g_test_run ();
}
