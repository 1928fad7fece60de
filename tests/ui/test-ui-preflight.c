/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-line-breaks.h"
#include "cs-preflight-page.h"
#include "cs-preflight-page-private.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

#define WAIT_MS 20000
#define BASE_MODEL "anthropic.claude-sonnet-4-5-20250929-v1:0"
#define PROFILE    "us.anthropic.claude-sonnet-4-5-20250929-v1:0"

typedef struct
{
  CsTestSandbox   *sandbox;
  CsClient        *client;
  CsSession       *session;
  GtkWindow       *window;
  CsPreflightPage *page;
} Fixture;

/* The page on its own in a window, as CsWindow shows it: the window only hands it the
 * session. */
static void
fixture_set_up (Fixture    *f,
                const char *version)
{
  const char *args[] = { "--no-tls", "--deploy-delay-ms", "50", "--opensearch-version", version,
                         "--nodes", "2", NULL };
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->sandbox = cs_test_sandbox_startv (args);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);

  f->session = cs_session_new ();
  f->page = g_object_new (CS_TYPE_PREFLIGHT_PAGE, "session", f->session, NULL);
  g_assert_true (cs_preflight_page_get_session (f->page) == f->session);
  /* The master key's back-off, shortened. */
  cs_preflight_set_retry_delay (cs_preflight_page_get_preflight (f->page), 20);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new ("Preflight Checks", NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (f->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->page));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  f->window = GTK_WINDOW (adw_window_new ());
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  gtk_window_set_default_size (f->window, 820, 1000);
  gtk_window_present (f->window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (f->window);
  cs_ui_test_spin (50);
  g_clear_object (&f->session);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static JsonNode *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *body_text)
{
  g_autoptr(JsonNode) body = body_text ? cs_test_parse_json (body_text) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer = cs_test_request (f->client, method, path, body, NULL, NULL, &error);

  g_assert_no_error (error);
  return answer;
}

static char *
create_connector (Fixture    *f,
                  const char *model)
{
  g_autoptr(JsonNode) body = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  JsonObject *obj = json_node_get_object (body);
  JsonObject *parameters = json_object_get_object_member (obj, "parameters");
  JsonObject *credential = json_object_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (obj, "name", "Claude on Bedrock");
  json_object_set_string_member (parameters, "region", "us-east-1");
  json_object_set_string_member (parameters, "model", model);
  json_object_set_string_member (credential, "access_key", CS_TEST_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", CS_TEST_SECRET_KEY);
  json_object_set_object_member (obj, "credential", credential);
  answer = cs_test_request (f->client, "POST", "_plugins/_ml/connectors/_create", body, NULL,
                            NULL, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                  "connector_id"));
}

static void
connect_to (Fixture    *f,
            const char *version_text)
{
  CsVersion version;

  g_assert_true (cs_version_parse (version_text, &version));
  cs_session_set_connected (f->session, "test-profile", f->client, "sandbox", &version, FALSE);
}

static gboolean
page_idle (gpointer data)
{
  return !cs_preflight_page_is_busy (data);
}

static void
wait_idle (Fixture *f)
{
  cs_ui_test_spin (20);
  g_assert_true (cs_ui_test_wait_until (page_idle, f->page, cs_test_scaled_ms (WAIT_MS)));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
}

#define WORD_JOINER "\u2060"

static char *
as_read (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, WORD_JOINER, -1);

  return g_strjoinv ("", parts);
}

static gboolean
is_subtitle_of (GtkWidget     *widget,
                gconstpointer  row)
{
  return GTK_IS_LABEL (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)),
                       adw_action_row_get_subtitle (ADW_ACTION_ROW ((gpointer) row))) == 0;
}

/* The line of the row's subtitle, as laid out now, that holds the start of
 * @word, or -1 when it is split over two lines. */
static int
subtitle_line_of (GtkWidget  *row,
                  const char *word)
{
  GtkWidget *label = cs_ui_test_find (row, is_subtitle_of, row);
  PangoLayout *layout;
  const char *text;
  const char *found;
  int start, end, line_start, line_end;

  g_assert_nonnull (label);
  layout = gtk_label_get_layout (GTK_LABEL (label));
  text = pango_layout_get_text (layout);
  found = strstr (text, word);
  g_assert_nonnull (found);
  start = found - text;
  end = start + strlen (word) - 1;
  pango_layout_index_to_line_x (layout, start, FALSE, &line_start, NULL);
  pango_layout_index_to_line_x (layout, end, FALSE, &line_end, NULL);
  return line_start == line_end ? line_start : -1;
}

static void
assert_row (Fixture          *f,
            const char       *id,
            CsPreflightState  state,
            const char       *text)
{
  GtkWidget *row = cs_preflight_page_get_row (f->page, id);
  g_autofree char *subtitle = NULL;

  if (row == NULL)
    g_error ("no row %s", id);
  g_assert_true (gtk_widget_is_drawable (row) || !gtk_widget_get_mapped (GTK_WIDGET (f->page)));
  /* As a reader sees it: without the word joiners that keep names whole. */
  subtitle = as_read (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  if (cs_preflight_page_get_row_state (f->page, id) != state
      || (text != NULL && strstr (subtitle, text) == NULL))
    g_error ("row %s: state %d, \"%s\"; wanted %d with \"%s\"", id,
             cs_preflight_page_get_row_state (f->page, id), subtitle, state, text ? text : "");
}

static GtkWidget *
visible_fix (Fixture    *f,
             const char *id)
{
  GtkWidget *button = cs_preflight_page_get_fix_button (f->page, id);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  return button;
}

/* What a click does, at once (gtk_widget_activate clicks after a delay). */
static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  gint64 deadline = cs_test_deadline (5000);

  for (;;)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

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

static char *
dialog_text (AdwMessageDialog *dialog)
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

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  cs_ui_test_spin (20);
}

static void
on_n_problems (GObject    *object,
               GParamSpec *pspec,
               guint      *n_notifies)
{
  (*n_notifies)++;
}

/* 2.9 with two data nodes and no ML node, a Bedrock URL the trusted list does not match,
 * a connector calling a model by its base id, the master key not ready: each row says so;
 * the trusted-list and the connector fixes turn their rows green. */
static void
test_problems_and_fixes (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *connector_row = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  g_autoptr(JsonNode) d = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shot = NULL;
  AdwMessageDialog *dialog;
  guint n_notifies = 0;

  fixture_set_up (&f, "2.9.0");
  g_signal_connect (f.page, "notify::n-problems", G_CALLBACK (on_n_problems), &n_notifies);

  /* Not connected: the page says so, nothing counts as a problem. */
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "Not Connected"));
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 0);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "preflight-not-connected"));

  a = request (&f, "PUT", "_cluster/settings",
               "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
               "[\"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}");
  connector_id = create_connector (&f, BASE_MODEL);
  connector_row = g_strconcat ("connector:", connector_id, NULL);
  g_clear_pointer (&a, json_node_unref);
  a = request (&f, "PUT", "_cluster/settings",
               "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
               "[\"^https://api\\\\.openai\\\\.com/.*$\"]}}");
  b = request (&f, "POST", "_sandbox/cluster", "{\"node_roles\":\"no-ml\"}");
  c = request (&f, "POST", "_sandbox/cluster", "{\"master_key_not_ready\":10}");

  /* Connecting runs the checks. */
  connect_to (&f, "2.9.0");
  g_assert_true (cs_preflight_page_is_busy (f.page));
  wait_idle (&f);

  assert_row (&f, "version", CS_PREFLIGHT_WARNING, "2.11");
  assert_row (&f, "hosting", CS_PREFLIGHT_OK, "Self-managed");
  assert_row (&f, "trusted-list", CS_PREFLIGHT_ERROR, "bedrock-runtime.us-east-1");
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_ERROR, "No eligible node");
  assert_row (&f, "master-key", CS_PREFLIGHT_WARNING, "not ready");
  assert_row (&f, "memory-breaker", CS_PREFLIGHT_NOT_APPLICABLE, NULL);
  /* Without the master key the connectors cannot be listed: the page says why. */
  g_assert_null (cs_preflight_page_get_row (f.page, connector_row));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "could not be listed"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (visible_fix (&f, "trusted-list"))), ==,
                   "_Trust Bedrock");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (visible_fix (&f, "master-key"))), ==,
                   "_Check Again");
  g_assert_false (gtk_widget_get_visible (cs_preflight_page_get_fix_button (f.page, "version")));
  g_assert_false (gtk_widget_get_visible (cs_preflight_page_get_fix_button (f.page, "ml-nodes")));
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 2);
  g_assert_cmpuint (n_notifies, >, 0);
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "2 problems to fix"));
  shot = cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "preflight-problems");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  /* The endpoint in the subtitle is a name: it goes to a line whole, not
   * broken after its own hyphen ("us-" / "east-1"), where it fits on one. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                      cs_preflight_page_get_row (f.page, "trusted-list"))),
                            "bedrock-" WORD_JOINER "runtime.us-" WORD_JOINER "east-" WORD_JOINER "1"));
  g_assert_cmpint (subtitle_line_of (cs_preflight_page_get_row (f.page, "trusted-list"),
                                     "https:/" WORD_JOINER "/" WORD_JOINER "bedrock-" WORD_JOINER "runtime"), >=, 0);
  g_assert_cmpint (subtitle_line_of (cs_preflight_page_get_row (f.page, "trusted-list"),
                                     "https:/" WORD_JOINER "/" WORD_JOINER "bedrock-" WORD_JOINER "runtime"), ==,
                   subtitle_line_of (cs_preflight_page_get_row (f.page, "trusted-list"),
                                     "amazonaws.com/" WORD_JOINER "model/" WORD_JOINER "m/" WORD_JOINER "invoke"));
  /* As narrow as the main window goes (its content is 360 px at least). */
  cs_ui_test_resize (f.window, 380, 1000);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "preflight-problems-narrow"));
  /* Narrower than the endpoint: the label still breaks it, where it has to,
   * rather than growing the row and the window to hold it on one line. */
  g_assert_cmpint (subtitle_line_of (cs_preflight_page_get_row (f.page, "trusted-list"),
                                     "https:/" WORD_JOINER "/" WORD_JOINER "bedrock-" WORD_JOINER
                                     "runtime.us-" WORD_JOINER "east-" WORD_JOINER "1.amazonaws.com/"
                                     WORD_JOINER "model/" WORD_JOINER "m/" WORD_JOINER "invoke"),
                   ==, -1);
  cs_ui_test_resize (f.window, 820, 1000);

  /* The trusted-list fix: the request is shown first; cancelling sends nothing. */
  click (visible_fix (&f, "trusted-list"));
  dialog = wait_for_dialog ();
  text = dialog_text (dialog);
  g_assert_true (g_str_has_prefix (text, "PUT _cluster/settings\n"));
  g_assert_nonnull (strstr (text, "api\\\\.openai"));
  g_assert_nonnull (strstr (text, "bedrock-runtime"));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "preflight-trust-dialog"));
  respond (dialog, "cancel");
  wait_idle (&f);
  assert_row (&f, "trusted-list", CS_PREFLIGHT_ERROR, NULL);

  click (visible_fix (&f, "trusted-list"));
  dialog = wait_for_dialog ();
  respond (dialog, "apply");
  wait_idle (&f);
  assert_row (&f, "trusted-list", CS_PREFLIGHT_OK, NULL);
  g_assert_false (gtk_widget_get_visible (cs_preflight_page_get_fix_button (f.page,
                                                                            "trusted-list")));
  /* The session has the new list, for the other pages. */
  g_assert_nonnull (cs_session_get_trusted_list (f.session));
  g_assert_true (cs_trusted_list_contains (cs_session_get_trusted_list (f.session),
                                           CS_BEDROCK_TRUSTED_PATTERN));
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 1);

  /* The master key is ready now: Check Again turns its row green and lists the connector,
   * which calls its model by the base id. */
  d = request (&f, "POST", "_sandbox/cluster", "{\"master_key_not_ready\":0}");
  click (visible_fix (&f, "master-key"));
  g_assert_true (cs_preflight_page_is_busy (f.page));
  wait_idle (&f);
  assert_row (&f, "master-key", CS_PREFLIGHT_OK, NULL);
  assert_row (&f, connector_row, CS_PREFLIGHT_ERROR, PROFILE);
  g_assert_true (gtk_widget_get_parent (cs_preflight_page_get_row (f.page, connector_row))
                 != gtk_widget_get_parent (cs_preflight_page_get_row (f.page, "version")));
  /* 2.9 cannot edit a connector: no fix is offered, the row says what to do instead. */
  assert_row (&f, connector_row, CS_PREFLIGHT_ERROR, "2.11");
  g_assert_false (gtk_widget_get_visible (cs_preflight_page_get_fix_button (f.page,
                                                                            connector_row)));
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 2);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "preflight-connector-problem"));

  /* Disconnected: the page says so and the badge goes. */
  cs_session_disconnect (f.session);
  cs_ui_test_spin (20);
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 0);
  g_assert_null (cs_preflight_page_get_row (f.page, "version"));

  fixture_tear_down (&f);
}

/* 3.x: the only problem is a connector that calls its model by the base id; Use Profile edits
 * the connector and its row turns green, then nothing is left. Run Again runs them again. */
static void
test_connector_fix (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *connector_row = NULL;
  g_autoptr(JsonNode) trusted = NULL;
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *run;

  fixture_set_up (&f, "3.1.0");
  trusted = request (&f, "PUT", "_cluster/settings",
    "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
    "[\"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}");
  connector_id = create_connector (&f, BASE_MODEL);
  connector_row = g_strconcat ("connector:", connector_id, NULL);
  connect_to (&f, "3.1.0");
  wait_idle (&f);

  assert_row (&f, "version", CS_PREFLIGHT_OK, "3.1.0");
  assert_row (&f, "trusted-list", CS_PREFLIGHT_OK, NULL);
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, NULL);
  assert_row (&f, "master-key", CS_PREFLIGHT_OK, NULL);
  assert_row (&f, connector_row, CS_PREFLIGHT_ERROR, PROFILE);
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (visible_fix (&f, connector_row))), ==,
                   "_Use Profile");

  click (visible_fix (&f, connector_row));
  dialog = wait_for_dialog ();
  text = dialog_text (dialog);
  g_assert_true (g_str_has_prefix (text, "PUT _plugins/_ml/connectors/"));
  g_assert_nonnull (strstr (text, connector_id));
  g_assert_nonnull (strstr (text, "\"model\" : \"" PROFILE "\""));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "preflight-connector-dialog"));
  respond (dialog, "apply");
  wait_idle (&f);
  assert_row (&f, connector_row, CS_PREFLIGHT_OK, PROFILE);
  g_assert_false (gtk_widget_get_visible (cs_preflight_page_get_fix_button (f.page,
                                                                            connector_row)));
  g_assert_cmpuint (cs_preflight_page_get_n_problems (f.page), ==, 0);
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "No problem found"));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "preflight-healthy"));

  run = cs_ui_test_find_button (GTK_WIDGET (f.page), "_Run Again");
  g_assert_nonnull (run);
  g_assert_true (gtk_widget_get_sensitive (run));
  click (run);
  g_assert_true (cs_preflight_page_is_busy (f.page));
  g_assert_false (gtk_widget_get_sensitive (run));
  wait_idle (&f);
  assert_row (&f, connector_row, CS_PREFLIGHT_OK, NULL);
  g_assert_true (gtk_widget_get_sensitive (run));

  fixture_tear_down (&f);
}

/* A sidebar badge that shows. */
static gboolean
is_shown_badge (GtkWidget     *widget,
                gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, "sidebar-badge") && gtk_widget_get_visible (widget);
}

/* In the window: connecting runs the checks although the page is not shown, and the sidebar
 * entry carries the problem count. */
static void
test_window_badge (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".TestPreflight",
                                                     G_APPLICATION_NON_UNIQUE);
  const char *args[] = { "--no-tls", "--opensearch-version", "2.9.0", "--nodes", "2", NULL };
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_startv (args);
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) body = cs_test_parse_json ("{\"node_roles\":\"no-ml\"}");
  CsPreflightPage *page;
  CsWindow *window;
  AdwViewStackPage *stack_page;
  GtkWidget *badge;
  CsVersion version;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  answer = cs_test_request (client, "POST", "_sandbox/cluster", body, NULL, NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  window = cs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_present (GTK_WINDOW (window));
  cs_window_show_page (window, "connections");
  page = CS_PREFLIGHT_PAGE (cs_window_get_page (window, "preflight"));
  g_assert_nonnull (page);
  cs_preflight_set_retry_delay (cs_preflight_page_get_preflight (page), 20);

  g_assert_true (cs_version_parse ("2.9.0", &version));
  cs_session_set_connected (cs_application_get_session (app), "test-profile", client, "sandbox",
                            &version, FALSE);
  cs_ui_test_spin (20);
  g_assert_true (cs_ui_test_wait_until (page_idle, page, cs_test_scaled_ms (WAIT_MS)));
  /* 2.9 trusts no Bedrock URL by default, and no node may run models. */
  g_assert_cmpuint (cs_preflight_page_get_n_problems (page), ==, 2);

  {
    /* The stack's child that holds the page (the window builds pages in
     * slots of their own). */
    GtkWidget *child = GTK_WIDGET (page);
    GtkWidget *stack = gtk_widget_get_parent (child);

    while (stack != NULL && !ADW_IS_VIEW_STACK (stack))
      {
        child = stack;
        stack = gtk_widget_get_parent (stack);
      }
    g_assert_nonnull (stack);
    stack_page = adw_view_stack_get_page (ADW_VIEW_STACK (stack), child);
  }
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 2);
  badge = cs_ui_test_find (GTK_WIDGET (window), is_shown_badge, NULL);
  g_assert_nonnull (badge);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "2");
  g_assert_true (gtk_widget_get_visible (badge));

  cs_window_show_page (window, "preflight");
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "preflight-window"));

  cs_session_disconnect (cs_application_get_session (app));
  cs_ui_test_spin (20);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 0);
  g_assert_false (gtk_widget_get_visible (badge));

  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (50);
}

/* Which words keep their hyphens and slashes from breaking a line. */
static void
test_identifiers_kept_whole (void)
{
  static const struct { const char *in, *out; } cases[] = {
    /* Plain words keep their places to break. */
    { "a read-only, self-managed cluster", "a read-only, self-managed cluster" },
    { "“read-only”.", "“read-only”." },
    { "and/or", "and/or" },
    { "no hyphen.here", "no hyphen.here" },
    /* Names do not, whatever stands around them in the sentence. */
    { "(us.anthropic.claude-sonnet-4-v1:0),",
      "(us.anthropic.claude-" WORD_JOINER "sonnet-" WORD_JOINER "4-" WORD_JOINER "v1:0)," },
    { "see https://a-b.example.com/x?y=1.",
      "see https:/" WORD_JOINER "/" WORD_JOINER "a-" WORD_JOINER "b.example.com/" WORD_JOINER
      "x?" WORD_JOINER "y=1." },
    { "“arn:aws:iam::1:role/os-ml”", "“arn:aws:iam::1:role/" WORD_JOINER "os-" WORD_JOINER "ml”" },
    { "_plugins/_ml/connectors/_create", "_plugins/" WORD_JOINER "_ml/" WORD_JOINER
      "connectors/" WORD_JOINER "_create" },
    /* Nothing after a word's last character, and spaces stay as they were. */
    { "x.y-\ta.b-  c", "x.y-\ta.b-  c" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cs_line_breaks_keep_identifiers (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (cs_line_breaks_keep_identifiers (NULL));
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/preflight/problems-and-fixes", test_problems_and_fixes);
  g_test_add_func ("/ui/preflight/connector-fix", test_connector_fix);
  g_test_add_func ("/ui/preflight/window-badge", test_window_badge);
  g_test_add_func ("/ui/preflight/identifiers-kept-whole", test_identifiers_kept_whole);

  return g_test_run ();
}
