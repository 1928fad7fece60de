/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-application.h"
#include "cs-settings-page.h"
#include "cs-settings-page-private.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-trusted-pattern-row.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

#define OPENAI_URL "https://api.openai.com/v1/chat/completions"
#define BEDROCK_URL "https://bedrock-runtime.us-east-1.amazonaws.com/model/" \
                    "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke"
/* How the Bedrock pattern reads inside the JSON body. */
#define BEDROCK_PATTERN_IN_JSON "^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$"

typedef struct
{
  CsSession      *session;
  GtkWindow      *window;
  CsSettingsPage *page;
} Fixture;

/* The page on its own in a window, as CsWindow shows it: the window only
 * hands it the session. */
static void
fixture_set_up (Fixture *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  f->session = cs_session_new ();
  f->page = g_object_new (CS_TYPE_SETTINGS_PAGE, "session", f->session, NULL);
  g_assert_true (cs_settings_page_get_session (f->page) == f->session);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new ("Cluster Settings", NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (f->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->page));

  /* Screenshots show the end state, not a cross-fade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  f->window = GTK_WINDOW (adw_window_new ());
  adw_window_set_content (ADW_WINDOW (f->window), box);
  gtk_window_set_default_size (f->window, 760, 940);
  gtk_window_present (f->window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (f->window);
  cs_ui_test_spin (50);
  g_clear_object (&f->session);
}

static const char *
visible_state (Fixture *f)
{
  GtkWidget *stack = cs_ui_test_find_by_type (GTK_WIDGET (f->page), GTK_TYPE_STACK);

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
connect_to (Fixture    *f,
            const char *url,
            const char *version_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (url, &error);
  CsVersion version;

  g_assert_no_error (error);
  g_assert_true (cs_version_parse (version_text, &version));
  cs_session_set_connected (f->session, "test-profile", client,
                            "sandbox", &version, FALSE);
}

/* Waits until the page shows a list read from the cluster for which
 * has_bedrock is as wanted. */
static CsTrustedList *
wait_for_list (Fixture  *f,
               gboolean  has_bedrock)
{
  gint64 deadline = cs_test_deadline (15000);

  for (;;)
    {
      CsTrustedList *list = cs_settings_page_get_trusted_list (f->page);

      if (list != NULL && g_str_equal (visible_state (f), "content") &&
          cs_trusted_list_contains (list, CS_BEDROCK_TRUSTED_PATTERN) == has_bedrock)
        return list;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The rows of the effective list (the box of the first pattern row). */
static GPtrArray *
effective_rows (Fixture *f)
{
  GtkWidget *first = cs_ui_test_find_by_type (GTK_WIDGET (f->page), CS_TYPE_TRUSTED_PATTERN_ROW);
  GtkWidget *box;
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (first);
  box = gtk_widget_get_parent (first);
  g_assert_true (GTK_IS_LIST_BOX (box));
  for (GtkWidget *child = gtk_widget_get_first_child (box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CS_IS_TRUSTED_PATTERN_ROW (child))
      g_ptr_array_add (rows, child);
  return rows;
}

static void
set_test_url (Fixture    *f,
              const char *url)
{
  GtkWidget *entry = cs_ui_test_find_by_type (GTK_WIDGET (f->page), ADW_TYPE_ENTRY_ROW);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  cs_ui_test_spin (20);
}

static const char *
test_url_text (Fixture *f)
{
  GtkWidget *entry = cs_ui_test_find_by_type (GTK_WIDGET (f->page), ADW_TYPE_ENTRY_ROW);

  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static gboolean
label_visible (Fixture    *f,
               const char *text)
{
  GtkWidget *label = cs_ui_test_find_label (GTK_WIDGET (f->page), text);

  return label != NULL && gtk_widget_is_drawable (label);
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  gint64 deadline = cs_test_deadline (5000);

  for (;;)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            return ADW_MESSAGE_DIALOG (window);
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* What a click on a response button does: respond, then close. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  cs_ui_test_spin (20);
}

static char *
dialog_body_text (AdwMessageDialog *dialog)
{
  GtkWidget *view = cs_ui_test_find_by_type (adw_message_dialog_get_extra_child (dialog),
                                             GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkSwitch *
bedrock_switch (Fixture *f)
{
  GtkWidget *sw = cs_ui_test_find_by_type (GTK_WIDGET (f->page), GTK_TYPE_SWITCH);

  g_assert_nonnull (sw);
  return GTK_SWITCH (sw);
}

static void
test_not_connected (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  g_assert_cmpstr (visible_state (&f), ==, "not-connected");
  g_assert_true (label_visible (&f, "Not Connected"));
  g_assert_null (cs_settings_page_get_trusted_list (f.page));
  fixture_tear_down (&f);
}

static void
test_trust_bedrock (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version",
                                                            "2.9.0", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cancel_body = NULL;
  g_autofree char *remove_body = NULL;
  AdwMessageDialog *dialog;
  CsTrustedList *list;
  Fixture f = { 0 };
  guint n_matched = 0;

  fixture_set_up (&f);
  set_test_url (&f, OPENAI_URL);

  connect_to (&f, cs_test_sandbox_get_url (sandbox), "2.9.0");
  list = wait_for_list (&f, FALSE);

  /* 2.9's defaults: three entries, no Bedrock. */
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_DEFAULT);
  rows = effective_rows (&f);
  g_assert_cmpuint (rows->len, ==, cs_trusted_list_get_n_patterns (list));
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      CsTrustedPatternRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (cs_trusted_pattern_row_get_source (row), ==, CS_SETTING_SOURCE_DEFAULT);
      g_assert_cmpstr (cs_trusted_pattern_row_get_pattern (row), ==,
                       cs_trusted_list_get_pattern (list, i));
      g_assert_true (label_visible (&f, cs_trusted_pattern_row_get_pattern (row)));
      if (cs_trusted_pattern_row_get_matched (row))
        {
          g_assert_cmpstr (cs_trusted_pattern_row_get_pattern (row), ==,
                           "^https://api\\.openai\\.com/.*$");
          n_matched++;
        }
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The URL typed before connecting is kept and tested. */
  g_assert_cmpstr (test_url_text (&f), ==, OPENAI_URL);
  g_assert_cmpuint (n_matched, ==, 1);
  g_assert_true (label_visible (&f, "Trusted: the URL matches ^https://api\\.openai\\.com/.*$"));

  set_test_url (&f, "https://bedrock-runtime.<PLEASE ADD YOUR AWS REGION HERE>.amazonaws.com/model/m/invoke");
  g_assert_true (label_visible (&f, "still holds a blueprint placeholder"));
  set_test_url (&f, BEDROCK_URL);
  g_assert_true (label_visible (&f, "Not trusted: no entry matches"));
  g_assert_true (label_visible (&f, "Turn on “Trust Amazon Bedrock Runtime Endpoints” above"));
  g_assert_false (gtk_switch_get_active (bedrock_switch (&f)));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-2.9-light"));

  /* Cancelling the confirmation changes nothing. While it is asked, the
   * switch stays where the cluster is (issue 16, item 8). */
  gtk_switch_set_active (bedrock_switch (&f), TRUE);
  dialog = wait_for_dialog ();
  g_assert_false (gtk_switch_get_active (bedrock_switch (&f)));
  g_assert_false (gtk_switch_get_state (bedrock_switch (&f)));
  cancel_body = dialog_body_text (dialog);
  g_assert_true (g_str_has_prefix (cancel_body, "PUT _cluster/settings\n"));
  respond (dialog, "cancel");
  cs_ui_test_spin (100);
  g_assert_false (gtk_switch_get_active (bedrock_switch (&f)));
  g_assert_false (cs_trusted_list_contains (cs_settings_page_get_trusted_list (f.page),
                                            CS_BEDROCK_TRUSTED_PATTERN));

  /* Trusting shows the exact body: every default kept, Bedrock appended. */
  gtk_switch_set_active (bedrock_switch (&f), TRUE);
  dialog = wait_for_dialog ();
  body = dialog_body_text (dialog);
  g_assert_nonnull (strstr (body, "\"persistent\""));
  g_assert_nonnull (strstr (body, "\"plugins.ml_commons.trusted_connector_endpoints_regex\""));
  g_assert_nonnull (strstr (body, "\"^https://api\\\\.openai\\\\.com/.*$\""));
  g_assert_nonnull (strstr (body, "\"^https://api\\\\.cohere\\\\.ai/.*$\""));
  g_assert_nonnull (strstr (body, BEDROCK_PATTERN_IN_JSON));
  g_assert_true (strstr (body, "openai") < strstr (body, "bedrock-runtime"));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "settings-confirm-light"));
  respond (dialog, "trust");

  list = wait_for_list (&f, TRUE);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, 4);
  g_assert_cmpint (cs_trusted_list_match (list, OPENAI_URL), >=, 0);
  g_assert_true (gtk_switch_get_active (bedrock_switch (&f)));
  /* The typed URL survived the refresh and is trusted now. */
  g_assert_cmpstr (test_url_text (&f), ==, BEDROCK_URL);
  g_assert_true (label_visible (&f, "Trusted: the URL matches ^https://bedrock-runtime"));
  rows = effective_rows (&f);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpint (cs_trusted_pattern_row_get_source (g_ptr_array_index (rows, 3)), ==,
                   CS_SETTING_SOURCE_PERSISTENT);
  g_assert_true (cs_trusted_pattern_row_get_matched (g_ptr_array_index (rows, 3)));
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-2.9-trusted-light"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_spin (100);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-2.9-trusted-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Removing it again, also confirmed with the body. */
  gtk_switch_set_active (bedrock_switch (&f), FALSE);
  dialog = wait_for_dialog ();
  remove_body = dialog_body_text (dialog);
  g_assert_null (strstr (remove_body, "bedrock-runtime"));
  g_assert_nonnull (strstr (remove_body, "openai"));
  respond (dialog, "remove");
  list = wait_for_list (&f, FALSE);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, 3);
  g_assert_true (label_visible (&f, "Not trusted: no entry matches"));

  /* Disconnecting goes back to the status page but keeps the URL. */
  cs_session_disconnect (f.session);
  cs_ui_test_spin (50);
  g_assert_cmpstr (visible_state (&f), ==, "not-connected");
  g_assert_cmpstr (test_url_text (&f), ==, BEDROCK_URL);

  fixture_tear_down (&f);
}

static void
test_optional_on_2_11 (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version",
                                                            "2.11.0", NULL);
  CsTrustedList *list;
  Fixture f = { 0 };

  fixture_set_up (&f);
  connect_to (&f, cs_test_sandbox_get_url (sandbox), "2.11.0");
  list = wait_for_list (&f, TRUE);

  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_DEFAULT);
  g_assert_true (gtk_switch_get_active (bedrock_switch (&f)));
  g_assert_true (label_visible (&f, "2.11 and later trust Amazon Bedrock runtime endpoints by default"));
  set_test_url (&f, BEDROCK_URL);
  g_assert_true (label_visible (&f, "Trusted: the URL matches"));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-2.11-light"));

  fixture_tear_down (&f);
}

/* A plain PUT, as an administrator would make it. */
static void
put_transient (const char *base_url,
               const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (base_url, &error);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *text = g_strdup_printf ("{\"transient\":{\"%s\":[\"%s\"]}}",
                                           CS_TRUSTED_ENDPOINTS_SETTING, pattern);

  g_assert_no_error (error);
  body = json_from_string (text, &error);
  g_assert_no_error (error);
  cs_client_request_async (client, "PUT", "_cluster/settings", body, CS_REQUEST_FLAGS_NONE, NULL,
                           cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  answer = cs_client_request_finish (client, result, &error);
  g_assert_no_error (error);
}

static void
test_transient (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version",
                                                            "2.19.1", NULL);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  CsTrustedList *list;
  Fixture f = { 0 };

  put_transient (cs_test_sandbox_get_url (sandbox), "^https://models\\\\.example\\\\.org/.*$");

  fixture_set_up (&f);
  connect_to (&f, cs_test_sandbox_get_url (sandbox), "2.19.1");
  list = wait_for_list (&f, FALSE);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_TRANSIENT);
  g_assert_true (label_visible (&f, "A transient list is in effect"));
  /* The defaults it hides are shown apart, with where they come from. */
  g_assert_true (label_visible (&f, "Not in Effect"));
  g_assert_true (label_visible (&f, "^https://api\\.deepseek\\.com/.*$"));

  gtk_switch_set_active (bedrock_switch (&f), TRUE);
  dialog = wait_for_dialog ();
  body = dialog_body_text (dialog);
  /* Both lists change, so that the change takes effect now and lasts. */
  g_assert_nonnull (strstr (body, "\"transient\""));
  g_assert_nonnull (strstr (body, "\"persistent\""));
  g_assert_nonnull (strstr (body, "models\\\\.example"));
  g_assert_nonnull (strstr (body, "deepseek"));
  respond (dialog, "trust");

  list = wait_for_list (&f, TRUE);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_TRANSIENT);
  g_assert_cmpint (cs_trusted_list_match (list, "https://models.example.org/v1"), ==, 0);
  g_assert_true (g_strv_contains (cs_trusted_list_get_source_patterns (list, CS_SETTING_SOURCE_PERSISTENT),
                                  CS_BEDROCK_TRUSTED_PATTERN));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_spin (100);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-2.19-transient-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  fixture_tear_down (&f);
}

/* Without ML Commons the cluster reports no list: nothing may be written. */
static void
test_no_ml_commons (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--no-ml", NULL);
  CsTrustedList *list;
  Fixture f = { 0 };

  fixture_set_up (&f);
  connect_to (&f, cs_test_sandbox_get_url (sandbox), "2.19.1");
  list = wait_for_list (&f, FALSE);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, 0);
  g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_DEFAULT));
  g_assert_true (label_visible (&f, "The cluster reports no trusted endpoints."));
  g_assert_true (label_visible (&f, "did not report its default list"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (bedrock_switch (&f))));

  fixture_tear_down (&f);
}

static void
test_errors (void)
{
  /* The first read fails, then the first write. */
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version", "2.9.0",
                                                            "--fault", "route=/_cluster/settings,method=GET,status=503,count=1",
                                                            "--fault", "route=/_cluster/settings,method=PUT,status=400,count=1",
                                                            NULL);
  AdwMessageDialog *dialog;
  GtkWidget *status;
  Fixture f = { 0 };
  gint64 deadline;

  fixture_set_up (&f);
  set_test_url (&f, BEDROCK_URL);
  connect_to (&f, cs_test_sandbox_get_url (sandbox), "2.9.0");

  deadline = cs_test_deadline (15000);
  while (!g_str_equal (visible_state (&f), "error"))
    {
      g_assert_cmpstr (visible_state (&f), ==, "loading");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  status = cs_ui_test_find_by_type (GTK_WIDGET (f.page), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_null (cs_settings_page_get_trusted_list (f.page));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-error-light"));

  /* Try Again reads the list; the URL typed before is still there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "settings.refresh", NULL));
  wait_for_list (&f, FALSE);
  g_assert_cmpstr (test_url_text (&f), ==, BEDROCK_URL);
  g_assert_true (label_visible (&f, "Not trusted: no entry matches"));

  /* A refused write shows the cluster's words and puts the switch back. */
  gtk_switch_set_active (bedrock_switch (&f), TRUE);
  dialog = wait_for_dialog ();
  respond (dialog, "trust");
  deadline = cs_test_deadline (15000);
  while (!label_visible (&f, "The list was not changed. The cluster refused the request"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (gtk_switch_get_active (bedrock_switch (&f)));
  g_assert_false (cs_trusted_list_contains (cs_settings_page_get_trusted_list (f.page),
                                            CS_BEDROCK_TRUSTED_PATTERN));
  g_assert_cmpstr (test_url_text (&f), ==, BEDROCK_URL);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "settings-save-error-light"));

  fixture_tear_down (&f);
}

/* In the application window: the window hands over the session, and the
 * not-connected page sends the user to Connections. */
static void
test_in_window (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version",
                                                            "2.9.0", NULL);
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".TestSettings", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = NULL;
  GtkWidget *button;
  CsWindow *window;
  Fixture f = { 0 };
  CsVersion version;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = cs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_present (GTK_WINDOW (window));
  cs_window_show_page (window, "settings");
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  f.session = cs_application_get_session (app);
  f.page = CS_SETTINGS_PAGE (cs_window_get_page (window, "settings"));
  g_assert_true (cs_settings_page_get_session (f.page) == f.session);
  g_assert_cmpstr (visible_state (&f), ==, "not-connected");

  button = cs_ui_test_find_button (GTK_WIDGET (f.page), "_Go to Connections");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (cs_window_get_page_name (window), ==, "connections");

  client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  g_assert_true (cs_version_parse ("2.9.0", &version));
  cs_session_set_connected (f.session, "test-profile", client, "sandbox", &version, FALSE);
  cs_window_show_page (window, "settings");
  cs_settings_page_set_test_url (f.page, BEDROCK_URL);
  wait_for_list (&f, FALSE);
  g_assert_true (label_visible (&f, "Not trusted: no entry matches"));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "settings-window-light"));

  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/settings/not-connected", test_not_connected);
  g_test_add_func ("/ui/settings/trust-bedrock", test_trust_bedrock);
  g_test_add_func ("/ui/settings/optional-on-2.11", test_optional_on_2_11);
  g_test_add_func ("/ui/settings/transient", test_transient);
  g_test_add_func ("/ui/settings/no-ml-commons", test_no_ml_commons);
  g_test_add_func ("/ui/settings/errors", test_errors);
  g_test_add_func ("/ui/settings/in-window", test_in_window);

  return g_test_run ();
}
