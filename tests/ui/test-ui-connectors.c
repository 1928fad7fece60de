/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-connector-form-private.h"
#include "cs-connector-list.h"
#include "cs-connector-row.h"
#include "cs-connectors-api.h"
#include "cs-connectors-page-private.h"
#include "cs-error.h"
#include "cs-json-view.h"
#include "cs-json.h"
#include "cs-test-faults.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

/* Fake credentials: nothing here looks like a real AWS key. */
#define FAKE_ACCESS_KEY "TESTKEYID-not-real-0001"
#define FAKE_SECRET_KEY "fake-secret/for+tests-only=42"
#define FAKE_TOKEN      "fake-session-token-for-tests"

typedef struct
{
  CsTestSandbox    *sandbox;
  CsApplication    *app;
  CsWindow         *window;
  CsConnectorsPage *page;
  CsClient         *client;
} Fixture;

static void fixture_set_up_full (Fixture    *f,
                                 const char *app_id,
                                 gboolean    connect,
                                 const char *version_text,
                                 gboolean    aws_managed);

static void
fixture_set_up (Fixture    *f,
                const char *app_id,
                gboolean    connect)
{
  fixture_set_up_full (f, app_id, connect, "2.19.1", FALSE);
}

static void
fixture_set_up_full (Fixture    *f,
                     const char *app_id,
                     gboolean    connect,
                     const char *version_text,
                     gboolean    aws_managed)
{
  g_autoptr(GError) error = NULL;

  f->app = cs_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);

  f->window = cs_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  cs_window_show_page (f->window, "connectors");
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));

  f->page = CS_CONNECTORS_PAGE (cs_window_get_page (f->window, "connectors"));
  g_assert_nonnull (f->page);
  g_assert_true (cs_connectors_page_get_session (f->page) == cs_application_get_session (f->app));

  if (connect)
    {
      CsVersion version;

      f->sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version", version_text,
                                          aws_managed ? "--aws-managed" : NULL, NULL);
      f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
      g_assert_no_error (error);
      g_assert_true (cs_version_parse (version_text, &version));
      cs_session_set_connected (cs_application_get_session (f->app), "test-profile", f->client,
                                "sandbox", &version, aws_managed);
      /* What cs_connect_async() reads after the probe. */
      {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(CsTrustedList) trusted = NULL;

        cs_trusted_list_fetch_async (f->client, NULL, cs_test_store_result, &result);
        cs_test_wait_for_result (&result, 10000);
        trusted = cs_trusted_list_fetch_finish (f->client, result, &error);
        g_assert_no_error (error);
        cs_session_set_trusted_list (cs_application_get_session (f->app), trusted, NULL);
      }
    }
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_ui_test_spin (50);
  g_clear_object (&f->app);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

/* ---- finding the form's rows as a user sees them ---- */

static GtkWidget *
row (Fixture    *f,
     const char *title)
{
  GtkWidget *widget = cs_ui_test_find_row (GTK_WIDGET (f->page), title);

  if (widget == NULL)
    g_error ("no row titled “%s”", title);
  return widget;
}

static void
set_text (Fixture    *f,
          const char *title,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (f, title)), text);
}

static void
set_number (Fixture    *f,
            const char *title,
            double      value)
{
  GtkWidget *spin = cs_ui_test_find_by_type (row (f, title), GTK_TYPE_SPIN_BUTTON);

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

static CsConnectorForm *
form (Fixture *f)
{
  GtkWidget *widget = cs_ui_test_find_by_type (GTK_WIDGET (f->page), CS_TYPE_CONNECTOR_FORM);

  g_assert_nonnull (widget);
  return CS_CONNECTOR_FORM (widget);
}

static gboolean
create_enabled (Fixture *f)
{
  GtkWidget *button = cs_ui_test_find_button (GTK_WIDGET (f->page), "_Create Connector");

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static void
wait_for_create_enabled (Fixture *f)
{
  gint64 deadline = cs_test_deadline (15000);

  /* The form checks the URL against the trusted list it reads first. */
  while (!create_enabled (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fill_blueprint (Fixture         *f,
                CsConnectorMode  mode)
{
  set_text (f, "Name", mode == CS_CONNECTOR_MODE_THINKING ? "Claude 4 thinking" : "Claude 4");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (f, "Region")), 0); /* us-east-1 */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (f, "Model")), 0);  /* Claude Sonnet 4 */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (f, "Thinking")),
                              mode == CS_CONNECTOR_MODE_THINKING ? 1 : 0);
  set_number (f, "Maximum Tokens", 8000);
  set_number (f, "Temperature", 1);
  if (mode == CS_CONNECTOR_MODE_THINKING)
    set_number (f, "Thinking Budget", 1024);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (f, "Credential")), 0);
  set_text (f, "Access Key ID", FAKE_ACCESS_KEY);
  set_text (f, "Secret Access Key", FAKE_SECRET_KEY);
  set_text (f, "Session Token (Optional)", FAKE_TOKEN);
}

static char *wait_for_created (Fixture    *f,
                               const char *previous,
                               gint64      deadline);

/* The sandbox runs without TLS: the page asks once before the AWS keys go
 * over http://, and the user says yes. */
static char *
create_and_wait (Fixture *f)
{
  GtkWidget *button = cs_ui_test_find_button (GTK_WIDGET (f->page), "_Create Connector");
  gint64 deadline = cs_test_deadline (15000);
  const char *before = cs_connectors_page_get_created_id (f->page);
  g_autofree char *previous = g_strdup (before);

  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  return wait_for_created (f, previous, deadline);
}

/* Waits for a connector other than previous, saying yes to sending the keys over http://. */
static char *
wait_for_created (Fixture    *f,
                  const char *previous,
                  gint64      deadline)
{
  while (g_strcmp0 (cs_connectors_page_get_created_id (f->page), previous) == 0)
    {
      AdwMessageDialog *ask = cs_ui_test_find_dialog ("http://");

      if (ask != NULL)
        {
          /* As a click on the button does: answer, then close. */
          adw_message_dialog_response (ask, "send");
          gtk_window_close (GTK_WINDOW (ask));
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return g_strdup (cs_connectors_page_get_created_id (f->page));
}

static JsonObject *
get_connector (Fixture    *f,
               const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  JsonObject *object;

  cs_connectors_get_async (f->client, id, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 15000);
  node = cs_connectors_get_finish (f->client, result, &error);
  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static void
assert_id_shown (Fixture    *f,
                 const char *id)
{
  GtkWidget *label = cs_ui_test_find_label (GTK_WIDGET (f->page), id);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_drawable (label));
}

static GtkWidget *
connector_list (Fixture *f)
{
  GtkWidget *list = cs_ui_test_find_by_type (GTK_WIDGET (f->page), CS_TYPE_CONNECTOR_LIST);

  g_assert_nonnull (list);
  return list;
}

static gboolean
is_connector_row_of (GtkWidget     *widget,
                     gconstpointer  id)
{
  return CS_IS_CONNECTOR_ROW (widget) &&
         g_strcmp0 (cs_connector_info_get_id (cs_connector_row_get_info (CS_CONNECTOR_ROW (widget))),
                    id) == 0;
}

/* The list's row for a connector id, NULL when there is none. */
static CsConnectorRow *
find_connector_row (GtkWidget  *root,
                    const char *id)
{
  return (CsConnectorRow *) cs_ui_test_find (root, is_connector_row_of, id);
}

/* Waits until a row showing text is (or is no longer) in the list. */
static void
wait_for_row (Fixture    *f,
              const char *text,
              gboolean    present)
{
  GtkWidget *stack = cs_ui_test_find_by_type (GTK_WIDGET (f->page), ADW_TYPE_VIEW_STACK);
  GtkWidget *list = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "cluster");
  gint64 deadline = cs_test_deadline (15000);

  g_assert_nonnull (list);
  while ((cs_ui_test_find_label (list, text) != NULL) != present)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static char *
register_model (Fixture    *f,
                const char *connector_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "anthropic.claude-v4");
  json_builder_set_member_name (builder, "function_name");
  json_builder_add_string_value (builder, "remote");
  json_builder_set_member_name (builder, "connector_id");
  json_builder_add_string_value (builder, connector_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  cs_client_request_async (f->client, "POST", "_plugins/_ml/models/_register", body,
                           CS_REQUEST_FLAGS_NONE, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 15000);
  answer = cs_client_request_finish (f->client, result, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "model_id"));
}

/* ---- tests ---- */

static gboolean
widget_has_focus (gpointer widget)
{
  return gtk_widget_has_focus (GTK_WIDGET (widget));
}

static void
test_create_standard (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) stored = NULL;
  JsonObject *parameters;
  JsonObject *action;

  fixture_set_up (&f, APP_ID ".TestConnectors1", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  wait_for_create_enabled (&f);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-standard-light"));

  id = create_and_wait (&f);
  g_assert_nonnull (id);
  g_assert_cmpstr (id, !=, "");
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  assert_id_shown (&f, id);
  /* The result is scrolled into view and its next step focused. */
  g_assert_true (cs_ui_test_wait_until (widget_has_focus,
                                        cs_ui_test_find_button (GTK_WIDGET (f.page),
                                                                "_Register a Model"),
                                        5000));

  /* What the cluster stored is the blueprint's standard connector. */
  stored = get_connector (&f, id);
  parameters = json_object_get_object_member (stored, "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "region"), ==, "us-east-1");
  g_assert_cmpstr (json_object_get_string_member (parameters, "model"), ==,
                   "us.anthropic.claude-sonnet-4-20250514-v1:0");
  g_assert_cmpstr (json_object_get_string_member (parameters, "max_tokens"), ==, "8000");
  g_assert_false (json_object_has_member (parameters, "budget_tokens"));
  g_assert_false (json_object_has_member (stored, "credential"));
  action = json_array_get_object_element (json_object_get_array_member (stored, "actions"), 0);
  g_assert_null (strstr (json_object_get_string_member (action, "request_body"), "thinking"));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-created-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The Models page gets the connector. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "connectors.register-model", NULL);
  g_assert_cmpstr (cs_session_get_connector_id (cs_application_get_session (f.app)), ==, id);
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "models");

  fixture_tear_down (&f);
}

static void
test_create_thinking (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) stored = NULL;
  GtkWidget *temperature;
  GtkWidget *message;
  JsonObject *parameters;
  JsonObject *action;

  fixture_set_up (&f, APP_ID ".TestConnectors2", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_THINKING);
  wait_for_create_enabled (&f);
  g_assert_true (gtk_widget_get_visible (row (&f, "Thinking Budget")));

  /* Thinking needs temperature 1: the row says so and Create waits. */
  set_number (&f, "Temperature", 0.5);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  temperature = row (&f, "Temperature");
  g_assert_true (gtk_widget_has_css_class (temperature, "error"));
  g_assert_false (create_enabled (&f));
  g_assert_false (cs_connector_form_get_valid (form (&f)));
  message = cs_ui_test_find_label (GTK_WIDGET (f.page), "temperature 1");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_is_drawable (message));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-thinking-error-light"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-thinking-error-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* A budget as large as the answer is refused too. */
  set_number (&f, "Temperature", 1);
  set_number (&f, "Thinking Budget", 8000);
  g_assert_true (gtk_widget_has_css_class (row (&f, "Thinking Budget"), "error"));
  g_assert_false (create_enabled (&f));
  set_number (&f, "Thinking Budget", 1024);
  g_assert_false (gtk_widget_has_css_class (temperature, "error"));
  g_assert_false (gtk_widget_has_css_class (row (&f, "Thinking Budget"), "error"));
  g_assert_true (create_enabled (&f));

  /* The preview: the exact body (masked) and what Bedrock would receive. */
  {
    GtkWidget *curl = cs_ui_test_find_button (GTK_WIDGET (f.page), "Copy as curl");
    GtkWidget *expander = cs_ui_test_find_by_type (GTK_WIDGET (f.page), GTK_TYPE_EXPANDER);
    GtkWidget *payload = gtk_widget_get_next_sibling (expander);

    g_assert_nonnull (curl);
    g_assert_true (GTK_IS_EXPANDER (payload));
    gtk_expander_set_expanded (GTK_EXPANDER (payload), TRUE);
    cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (payload, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment;

      scroller = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller),
                                          GTK_TYPE_SCROLLED_WINDOW) != NULL ?
                 gtk_widget_get_ancestor (gtk_widget_get_parent (scroller),
                                          GTK_TYPE_SCROLLED_WINDOW) : scroller;
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 700);
    }
    cs_ui_test_spin (300);
    /* The sample message is in the rendered request; no secret is shown. */
    g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "bedrock-runtime.us-east-1"));
    g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-preview-light"));
  }

  id = create_and_wait (&f);
  g_assert_nonnull (id);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  assert_id_shown (&f, id);

  stored = get_connector (&f, id);
  parameters = json_object_get_object_member (stored, "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "budget_tokens"), ==, "1024");
  g_assert_cmpstr (json_object_get_string_member (parameters, "temperature"), ==, "1");
  action = json_array_get_object_element (json_object_get_array_member (stored, "actions"), 0);
  g_assert_nonnull (strstr (json_object_get_string_member (action, "request_body"),
                            "\"thinking\": {\"type\": \"enabled\""));

  fixture_tear_down (&f);
}

/* Imports as the page's Import does, and waits until it is done. */
static gboolean
import_json (Fixture     *f,
             const char  *text,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connectors_page_import_json_async (f->page, text, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 30000);
  return cs_connectors_page_import_json_finish (f->page, result, error);
}

static void
test_import (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *converse = cs_test_data_contents ("blueprints/bedrock_converse_claude.json",
                                                     NULL);
  GtkWidget *kept;

  fixture_set_up (&f, APP_ID ".TestConnectors3", FALSE);

  /* Invalid JSON is refused with its line and column, and the form is unchanged. */
  set_text (&f, "Name", "Typed by hand");
  g_assert_false (import_json (&f, "{\n  \"name\": ,\n}", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "Line 2, column "));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&f, "Name"))), ==, "Typed by hand");
  g_assert_false (cs_connectors_page_get_importing (f.page));
  g_clear_error (&error);

  /* Too deep for the core's limit: refused with the core's sentence, the form unchanged. */
  {
    g_autoptr(GString) deep = g_string_new ("{\"name\":\"deep\",\"parameters\":");
    g_autoptr(GError) core_error = NULL;
    g_autoptr(CsConnectorSpec) none = NULL;

    for (guint i = 0; i < CS_JSON_MAX_DEPTH + 10; i++)
      g_string_append (deep, "[");
    for (guint i = 0; i < CS_JSON_MAX_DEPTH + 10; i++)
      g_string_append (deep, "]");
    g_string_append (deep, "}");
    none = cs_connector_spec_new_from_json (deep->str, &core_error);
    g_assert_null (none);
    g_assert_nonnull (core_error);
    g_assert_false (import_json (&f, deep->str, &error));
    g_assert_error (error, core_error->domain, core_error->code);
    g_assert_cmpstr (error->message, ==, core_error->message);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&f, "Name"))), ==,
                     "Typed by hand");
    g_clear_error (&error);
  }

  /* A blueprint the form does not fully model: what is kept is shown. */
  g_assert_true (import_json (&f, converse, &error));
  g_assert_no_error (error);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&f, "Name"))), ==,
                   "Amazon Bedrock Converse");
  kept = cs_ui_test_find_label (GTK_WIDGET (f.page), "parameters.response_filter");
  g_assert_nonnull (kept);
  g_assert_true (gtk_widget_is_drawable (kept));
  /* The region placeholder is flagged; Create stays off (and we are not connected). */
  g_assert_true (gtk_widget_has_css_class (row (&f, "Region Code"), "error"));
  g_assert_false (create_enabled (&f));
  cs_ui_test_spin (500); /* let the entry rows' title animation end */
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-import-light"));

  fixture_tear_down (&f);
}

/* A connector body of about kb kilobytes: the blueprint's with many extra parameters. */
static char *
long_connector (guint       kb,
                const char *name)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "{\"name\":\"%s\",\"description\":\"long\",\"version\":1,"
                          "\"protocol\":\"aws_sigv4\",\"credential\":{\"roleArn\":"
                          "\"arn:aws:iam::123456789012:role/long\"},\"parameters\":{"
                          "\"region\":\"us-east-1\",\"service_name\":\"bedrock\","
                          "\"max_tokens\":8000,\"temperature\":1,"
                          "\"anthropic_version\":\"bedrock-2023-05-31\","
                          "\"model\":\"us.anthropic.claude-sonnet-4-20250514-v1:0\"", name);
  for (guint i = 0; i < kb * 1024 / 48; i++)
    g_string_append_printf (text, ",\"extra_%06u\":\"value of the parameter %06u\"", i, i);
  g_string_append (text, "},\"actions\":[{\"action_type\":\"predict\",\"method\":\"POST\","
                   "\"headers\":{\"content-type\":\"application/json\"},"
                   "\"url\":\"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/"
                   "${parameters.model}/invoke\",\"request_body\":\"{ \\\"messages\\\": "
                   "${parameters.messages} }\"}]}");
  return g_string_free (text, FALSE);
}

typedef struct
{
  Fixture  *f;
  gboolean  idle_ran;
  gboolean  idle_saw_filled;   /* the form showed the import when the idle ran */
  guint     ticks_while_filling;
  gboolean  filled_before_done;
  gboolean  done;
} ImportWatch;

static gboolean
form_shows (Fixture    *f,
            const char *name)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row (f, "Name"))), name) == 0;
}

static gboolean
import_idle_cb (gpointer data)
{
  ImportWatch *watch = data;

  watch->idle_ran = TRUE;
  watch->idle_saw_filled = form_shows (watch->f, "Long import");
  return G_SOURCE_REMOVE;
}

static gboolean
import_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  ImportWatch *watch = data;

  if (!watch->done && !form_shows (watch->f, "Long import"))
    watch->ticks_while_filling++;
  return G_SOURCE_CONTINUE;
}

static void
import_watch_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  ImportWatch *watch = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_connectors_page_import_json_finish (CS_CONNECTORS_PAGE (source), result,
                                                        &error));
  g_assert_no_error (error);
  watch->filled_before_done = form_shows (watch->f, "Long import");
  watch->done = TRUE;
}

static gboolean
is_expander_labelled (GtkWidget     *widget,
                      gconstpointer  label)
{
  return GTK_IS_EXPANDER (widget) &&
         g_strcmp0 (gtk_expander_get_label (GTK_EXPANDER (widget)), label) == 0;
}

/* The view under the expander labelled label (a collapsed expander holds its
 * child outside the widget tree). */
static GtkWidget *
find_expander_child (GtkWidget  *root,
                     const char *label)
{
  GtkWidget *expander = cs_ui_test_find (root, is_expander_labelled, label);

  return expander != NULL ? gtk_expander_get_child (GTK_EXPANDER (expander)) : NULL;
}

/* Importing a long connector does not hold up the window: the call returns
 * before the form changes, the main loop runs (an idle, frame-clock ticks)
 * while the import works, and the form and its body preview end up as the
 * connector says. */
static void
test_import_does_not_block (void)
{
  Fixture f = { 0 };
  ImportWatch watch = { 0 };
  g_autofree char *text = long_connector (1024, "Long import");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) expected = NULL;
  g_autofree char *expected_body = NULL;
  g_autofree char *shown_body = NULL;
  guint tick;

  fixture_set_up (&f, APP_ID ".TestConnectorsImportLong", FALSE);
  set_text (&f, "Name", "Typed by hand");
  watch.f = &f;
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (f.window), import_tick_cb, &watch, NULL);

  cs_connectors_page_import_json_async (f.page, text, NULL, import_watch_done_cb, &watch);
  /* At the default priority: frames that take longer than a frame (as under
   * the sanitizers) never leave a lower one its turn while the window ticks. */
  g_idle_add_full (G_PRIORITY_DEFAULT, import_idle_cb, &watch, NULL);
  /* Returned at once: nothing is filled yet, what was typed is still there. */
  g_assert_true (cs_connectors_page_get_importing (f.page));
  g_assert_true (form_shows (&f, "Typed by hand"));

  cs_test_wait_for_flag (&watch.done, 60000);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f.window), tick);

  g_assert_true (watch.idle_ran);
  g_assert_false (watch.idle_saw_filled);
  g_assert_cmpuint (watch.ticks_while_filling, >, 0);
  g_assert_true (watch.filled_before_done);
  g_assert_false (cs_connectors_page_get_importing (f.page));

  /* The form and its body preview are what a synchronous import showed. */
  expected = cs_connector_spec_new_from_json (text, &error);
  g_assert_no_error (error);
  expected_body = cs_connector_spec_to_json (expected, TRUE);
  shown_body = cs_json_view_dup_text (CS_JSON_VIEW (find_expander_child (GTK_WIDGET (f.page),
                                                                         "Connector Body")));
  g_assert_cmpuint (strlen (shown_body), ==, strlen (expected_body));
  g_assert_true (g_str_equal (shown_body, expected_body));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&f, "Description"))), ==, "long");

  fixture_tear_down (&f);
}

/* The form shows all of an import of text (a long connector) once the
 * import is done: its fields, its kept members and its body preview. */
static void
assert_form_shows_import (Fixture    *f,
                          const char *text,
                          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) expected = cs_connector_spec_new_from_json (text, &error);
  g_autofree char *expected_body = NULL;
  g_autofree char *shown_body = NULL;

  g_assert_no_error (error);
  g_assert_false (cs_connectors_page_get_importing (f->page));
  g_assert_true (form_shows (f, name));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (f, "Description"))), ==, "long");
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f->page), "parameters.extra_000000"));
  expected_body = cs_connector_spec_to_json (expected, TRUE);
  shown_body = cs_json_view_dup_text (CS_JSON_VIEW (find_expander_child (GTK_WIDGET (f->page),
                                                                         "Connector Body")));
  g_assert_true (g_str_equal (shown_body, expected_body));
}

/* The form takes an import once a frame has been drawn (or at once when
 * the page is not shown, with no frames to wait for): a newer import still
 * ends an earlier one, and the form is whole when the import says it is
 * done. */
static void
test_import_replaced_or_hidden (void)
{
  Fixture f = { 0 };
  g_autofree char *first = long_connector (256, "First import");
  g_autofree char *second = long_connector (128, "Second import");
  g_autofree char *hidden = long_connector (64, "Hidden import");
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(GError) error = NULL;

  fixture_set_up (&f, APP_ID ".TestConnectorsImportReplaced", FALSE);

  cs_connectors_page_import_json_async (f.page, first, NULL, cs_test_store_result,
                                        &first_result);
  cs_connectors_page_import_json_async (f.page, second, NULL, cs_test_store_result,
                                        &second_result);
  cs_test_wait_for_result (&first_result, 60000);
  cs_test_wait_for_result (&second_result, 60000);
  g_assert_false (cs_connectors_page_import_json_finish (f.page, first_result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (cs_connectors_page_import_json_finish (f.page, second_result, &error));
  g_assert_no_error (error);
  assert_form_shows_import (&f, second, "Second import");

  /* Another page in view: the Connectors page draws no frames. */
  cs_window_show_page (f.window, "connections");
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f.page)));
  g_assert_true (import_json (&f, hidden, &error));
  g_assert_no_error (error);
  assert_form_shows_import (&f, hidden, "Hidden import");
  cs_window_show_page (f.window, "connectors");
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));

  fixture_tear_down (&f);
}

/* Activates the window's Escape shortcut, as the key would: TRUE when one
 * took it. */
static gboolean
press_escape (GtkWidget *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (trigger, "Escape") == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, window,
                                                 NULL);
        }
    }
  return FALSE;
}

static void
test_list_and_delete (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *model_id = NULL;
  AdwViewStack *stack;
  AdwMessageDialog *dialog;

  fixture_set_up (&f, APP_ID ".TestConnectors4", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  wait_for_create_enabled (&f);
  id = create_and_wait (&f);

  stack = ADW_VIEW_STACK (cs_ui_test_find_by_type (GTK_WIDGET (f.page), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "cluster");
  wait_for_row (&f, id, TRUE);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-list-light"));

  /* The row (a template) shows the name and targets its buttons at the id. */
  {
    CsConnectorRow *connector_row = find_connector_row (connector_list (&f), id);
    GtkWidget *delete_button;
    GVariant *target;

    g_assert_nonnull (connector_row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (connector_row)), ==,
                     "Claude 4");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (connector_row)), id));
    delete_button = cs_ui_test_find_button (GTK_WIDGET (connector_row), "Delete the connector");
    g_assert_nonnull (delete_button);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (delete_button)), ==,
                     "connector-list.delete");
    target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (delete_button));
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, id);
  }

  /* The stored connector opens in a window that Escape closes (issue 16,
   * item 7). */
  {
    GtkWindow *shown = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();
    gint64 end = cs_test_deadline (15000);

    gtk_widget_activate_action (connector_list (&f), "connector-list.view", "s", id);
    while (shown == NULL && g_get_monotonic_time () < end)
      {
        g_main_context_iteration (NULL, TRUE);
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

            if (window != GTK_WINDOW (f.window) && ADW_IS_WINDOW (window) &&
                !ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
              shown = window;
          }
      }
    g_assert_nonnull (shown);
    g_assert_cmpstr (gtk_window_get_title (shown), ==, "Claude 4");
    cs_ui_test_wait_for_draw (GTK_WIDGET (shown));
    g_assert_true (press_escape (GTK_WIDGET (shown)));
    cs_ui_test_spin (200);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        g_assert_true (window != shown || !gtk_widget_get_visible (GTK_WIDGET (window)));
      }
  }

  /* A model uses it: the cluster refuses with 409 and the page says why. */
  model_id = register_model (&f, id);
  gtk_widget_activate_action (connector_list (&f), "connector-list.delete", "s", id);
  dialog = cs_ui_test_wait_for_dialog ("Delete");
  adw_message_dialog_response (dialog, "delete");
  dialog = cs_ui_test_wait_for_dialog ("Still in Use");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), model_id));
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "connectors-in-use-dialog-light"));
  adw_message_dialog_response (dialog, "close");
  cs_ui_test_spin (100);
  wait_for_row (&f, id, TRUE);

  /* Without the model, delete goes through and the row leaves the list. */
  {
    g_autofree char *path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) answer = NULL;

    cs_client_request_async (f.client, "DELETE", path, NULL, CS_REQUEST_FLAGS_NONE, NULL,
                             cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 15000);
    answer = cs_client_request_finish (f.client, result, &error);
    g_assert_no_error (error);
  }
  gtk_widget_activate_action (connector_list (&f), "connector-list.delete", "s", id);
  dialog = cs_ui_test_wait_for_dialog ("Delete");
  adw_message_dialog_response (dialog, "delete");
  wait_for_row (&f, id, FALSE);

  fixture_tear_down (&f);
}

static void
test_untrusted_endpoint (void)
{
  Fixture f = { 0 };
  GtkWidget *fix;
  gint64 deadline;

  /* OpenSearch 2.9 does not trust Bedrock by default. */
  fixture_set_up_full (&f, APP_ID ".TestConnectors5", TRUE, "2.9.0", FALSE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);

  fix = cs_ui_test_find_button (GTK_WIDGET (f.page), "Fix in Cluster Settings");
  g_assert_nonnull (fix);
  deadline = cs_test_deadline (15000);
  while (!gtk_widget_get_visible (fix))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (gtk_widget_has_css_class (row (&f, "Bedrock URL"), "error"));
  g_assert_false (create_enabled (&f));
  g_assert_false (cs_connector_form_get_valid (form (&f)));
  gtk_widget_grab_focus (fix);
  cs_ui_test_spin (300);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-untrusted-light"));

  gtk_widget_activate (fix);
  cs_ui_test_spin (400); /* a button activates after its press animation */
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "settings");

  fixture_tear_down (&f);
}

static void
test_role_arn (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;

  /* On Amazon OpenSearch Service an IAM role can sign the Bedrock calls. */
  fixture_set_up_full (&f, APP_ID ".TestConnectors6", TRUE, "2.19.1", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_THINKING);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (&f, "Credential")), 1);
  g_assert_true (gtk_widget_get_visible (row (&f, "IAM Role ARN")));
  g_assert_false (gtk_widget_get_visible (row (&f, "Secret Access Key")));

  set_text (&f, "IAM Role ARN", "arn:aws:iam::123456789012:user/not-a-role");
  g_assert_true (gtk_widget_has_css_class (row (&f, "IAM Role ARN"), "error"));
  g_assert_false (create_enabled (&f));
  set_text (&f, "IAM Role ARN", "arn:aws:iam::123456789012:role/bedrock-invoke");
  g_assert_false (gtk_widget_has_css_class (row (&f, "IAM Role ARN"), "error"));
  wait_for_create_enabled (&f);

  id = create_and_wait (&f);
  g_assert_nonnull (id);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  assert_id_shown (&f, id);

  fixture_tear_down (&f);
}

static void
test_read_timeout_suggestion (void)
{
  Fixture f = { 0 };
  GtkWidget *suggest;
  GtkWidget *spin;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) stored = NULL;
  JsonObject *client_config;

  /* From 3.6 the cluster gives up on Bedrock after 30 s, which a long
   * thought can take: the form offers a longer read timeout. */
  fixture_set_up_full (&f, APP_ID ".TestConnectors7", TRUE, "3.6.0", FALSE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  suggest = cs_ui_test_find_button (GTK_WIDGET (f.page), "Use 120 s");
  g_assert_true (suggest == NULL || !gtk_widget_get_visible (suggest));

  adw_combo_row_set_selected (ADW_COMBO_ROW (row (&f, "Thinking")), 1);
  suggest = cs_ui_test_find_button (GTK_WIDGET (f.page), "Use 120 s");
  g_assert_nonnull (suggest);
  g_assert_true (gtk_widget_get_visible (suggest));
  gtk_widget_activate (suggest);
  cs_ui_test_spin (400);
  spin = cs_ui_test_find_by_type (row (&f, "Read Timeout"), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 120);
  g_assert_false (gtk_widget_get_visible (suggest));

  wait_for_create_enabled (&f);
  id = create_and_wait (&f);
  stored = get_connector (&f, id);
  g_assert_true (json_object_has_member (stored, "client_config"));
  client_config = json_object_get_object_member (stored, "client_config");
  g_assert_cmpint (json_node_get_int (json_object_get_member (client_config, "read_timeout")),
                   ==, 120);

  fixture_tear_down (&f);
}

static void
test_keys_over_http_confirmed (void)
{
  Fixture f = { 0 };
  GtkWidget *button;
  AdwMessageDialog *dialog;
  g_autofree char *id = NULL;

  fixture_set_up (&f, APP_ID ".TestConnectors8", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  wait_for_create_enabled (&f);
  button = cs_ui_test_find_button (GTK_WIDGET (f.page), "_Create Connector");

  /* The cluster is at http://: nothing is sent until the user agrees. */
  gtk_widget_activate (button);
  dialog = cs_ui_test_wait_for_dialog ("http://");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "unencrypted"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  cs_ui_test_spin (300);
  g_assert_null (cs_connectors_page_get_created_id (f.page));
  g_assert_null (cs_ui_test_find_dialog ("http://"));
  g_assert_true (create_enabled (&f));

  id = create_and_wait (&f);
  g_assert_nonnull (id);

  /* Asked once for this cluster: the next create goes without a question.
   * (A created form is not created twice: the next one is another connector.) */
  {
    gint64 deadline = cs_test_deadline (15000);

    set_text (&f, "Name", "Claude 4 again");
    wait_for_create_enabled (&f);
    gtk_widget_activate (button);
    while (g_strcmp0 (cs_connectors_page_get_created_id (f.page), id) == 0)
      {
        g_assert_null (cs_ui_test_find_dialog ("http://"));
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }

  fixture_tear_down (&f);
}

static gboolean
label_shown (gpointer data)
{
  gpointer *args = data;

  return cs_ui_test_find_label (args[0], args[1]) != NULL;
}

static void
wait_for_label (Fixture    *f,
                const char *text)
{
  gpointer args[2] = { f->page, (gpointer) text };

  g_assert_true (cs_ui_test_wait_until (label_shown, args, 15000));
}

/* Issue 11, 4: a created connector is not created a second time by a second
 * click, and a lost answer never invites a blind retry. */
static void
test_no_duplicate_create (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;
  const char *create_path = "/_plugins/_ml/connectors/_create";

  fixture_set_up (&f, APP_ID ".TestConnectors9", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  wait_for_create_enabled (&f);
  id = create_and_wait (&f);
  g_assert_nonnull (id);

  /* The form is what the cluster holds now: Create stays off. */
  g_assert_false (create_enabled (&f));
  gtk_widget_activate_action (GTK_WIDGET (f.page), "connectors.create", NULL);
  cs_ui_test_spin (300);
  g_assert_cmpstr (cs_connectors_page_get_created_id (f.page), ==, id);
  g_assert_cmpuint (cs_test_count_requests (f.client, "POST", create_path), ==, 1);
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "Change the form"));

  /* A changed form is another connector. */
  set_text (&f, "Name", "Claude 4 second");
  wait_for_create_enabled (&f);

  /* The cluster creates it, the answer is lost: the page offers that one. */
  cs_test_add_fault (f.client, "route=/_plugins/_ml/connectors/_create,count=1,reset-after");
  found = create_and_wait (&f);
  g_assert_nonnull (found);
  g_assert_cmpstr (found, !=, id);
  wait_for_label (&f, "did create");
  g_assert_null (cs_ui_test_find_label (GTK_WIDGET (f.page), "Try again"));
  g_assert_false (create_enabled (&f));
  g_assert_cmpuint (cs_test_count_requests (f.client, "POST", create_path), ==, 2);

  /* Lost before the cluster saw it: nothing was created, and the user may
   * send it again on purpose. */
  set_text (&f, "Name", "Claude 4 third");
  wait_for_create_enabled (&f);
  cs_test_add_fault (f.client, "route=/_plugins/_ml/connectors/_create,count=1,reset");
  gtk_widget_activate (cs_ui_test_find_button (GTK_WIDGET (f.page), "_Create Connector"));
  wait_for_label (&f, "nothing was created");
  g_assert_cmpstr (cs_connectors_page_get_created_id (f.page), ==, found);
  wait_for_create_enabled (&f);
  g_assert_cmpuint (cs_test_count_requests (f.client, "POST", create_path), ==, 3);

  fixture_tear_down (&f);
}

/* A connector made elsewhere from the blueprint's body, with another model. */
static char *
create_from_blueprint (Fixture    *f,
                       const char *blueprint,
                       const char *model)
{
  g_autofree char *path = g_strconcat ("blueprints/", blueprint, NULL);
  g_autoptr(JsonNode) body = cs_test_data_json (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *parameters, *credential;
  char *id;

  parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
  credential = json_object_get_object_member (json_node_get_object (body), "credential");
  json_object_set_string_member (parameters, "region", "us-east-1");
  json_object_set_string_member (parameters, "model", model);
  json_object_set_string_member (credential, "access_key", FAKE_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", FAKE_SECRET_KEY);
  json_object_remove_member (credential, "session_token");
  /* The sandbox runs without TLS; this stands for a connector made elsewhere. */
  cs_connectors_create_full_async (f->client, body, CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP, NULL,
                                   cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 15000);
  id = cs_connectors_create_finish (f->client, result, &error);
  g_assert_no_error (error);
  return id;
}

static const char *
wait_for_problem (Fixture    *f,
                  const char *id)
{
  gint64 deadline = cs_test_deadline (15000);
  CsConnectorRow *row;

  while ((row = find_connector_row (connector_list (f), id)) == NULL ||
         cs_connector_row_get_problem (row) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return cs_connector_row_get_problem (row);
}

/* The cluster's list flags a connector whose body its model refuses, or
 * whose model is legacy, and says what to change. */
static void
test_list_flags_model_problems (void)
{
  Fixture f = { 0 };
  g_autofree char *seed_on_opus = NULL;
  g_autofree char *thinking_on_opus = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *fine = NULL;
  AdwViewStack *stack;
  const char *problem;

  fixture_set_up (&f, APP_ID ".TestConnectors10", TRUE);
  seed_on_opus = create_from_blueprint (&f, "bedrock_claude4_standard.json",
                                        "us.anthropic.claude-opus-4-7");
  thinking_on_opus = create_from_blueprint (&f, "bedrock_claude4_extended_thinking.json",
                                            "us.anthropic.claude-opus-4-8");
  legacy = create_from_blueprint (&f, "bedrock_claude4_standard.json",
                                  "us.anthropic.claude-sonnet-4-20250514-v1:0");
  fine = create_from_blueprint (&f, "bedrock_claude4_standard.json",
                                "us.anthropic.claude-sonnet-4-5-20250929-v1:0");

  stack = ADW_VIEW_STACK (cs_ui_test_find_by_type (GTK_WIDGET (f.page), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "cluster");
  cs_connector_list_refresh (CS_CONNECTOR_LIST (connector_list (&f)));

  problem = wait_for_problem (&f, seed_on_opus);
  g_assert_nonnull (strstr (problem, "Claude Opus 4.7"));
  g_assert_nonnull (strstr (problem, "temperature"));
  problem = wait_for_problem (&f, thinking_on_opus);
  g_assert_nonnull (strstr (problem, "adaptive"));
  problem = wait_for_problem (&f, legacy);
  g_assert_nonnull (strstr (problem, "legacy"));
  g_assert_nonnull (strstr (problem, "newer model"));

  /* Sonnet 4.5 takes the blueprint's body as it is: no flag. */
  cs_ui_test_spin (300);
  g_assert_null (cs_connector_row_get_problem (find_connector_row (connector_list (&f), fine)));

  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-list-flagged-light"));

  fixture_tear_down (&f);
}

/* ---- issue 16: outcome in view, quiet fresh form, search, keyboard ---- */

static gboolean
is_group_titled (GtkWidget     *widget,
                 gconstpointer  title)
{
  return ADW_IS_PREFERENCES_GROUP (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0;
}

/* The focus is in widget or one of its children. */
static gboolean
focus_within (Fixture   *f,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* After Create, "Connector Created" and its next step are in view at the top
 * of the form, clear of where toasts show, with Register a Model focused. */
static void
test_created_in_view (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  GtkWidget *group, *scrolled, *register_button;
  graphene_rect_t bounds;

  fixture_set_up (&f, APP_ID ".TestConnectors11", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  wait_for_create_enabled (&f);
  /* The user is at the Create button, at the bottom of the form. */
  gtk_widget_grab_focus (cs_ui_test_find_button (GTK_WIDGET (f.page), "_Create Connector"));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));

  id = create_and_wait (&f);
  register_button = cs_ui_test_find_button (GTK_WIDGET (f.page), "_Register a Model");
  g_assert_true (cs_ui_test_wait_until (widget_has_focus, register_button, 5000));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));

  group = cs_ui_test_find (GTK_WIDGET (f.page), is_group_titled, "Connector Created");
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_is_ancestor (register_button, group));
  g_assert_nonnull (cs_ui_test_find_label (group, id));
  scrolled = gtk_widget_get_ancestor (group, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (group, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  /* Toasts show at the bottom of the window: the result stays clear of it. */
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (scrolled) - 120);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-created-in-view-light"));

  fixture_tear_down (&f);
}

/* What the Enter key does in an entry row: its text's key binding emits "activate". */
static void
press_enter (GtkWidget *entry_row)
{
  GtkWidget *text = cs_ui_test_find_by_type (entry_row, GTK_TYPE_TEXT);

  g_assert_nonnull (text);
  g_signal_emit_by_name (text, "activate");
}

/* Shows the end of the form: the credentials, the preview and Create. */
static void
scroll_to_create (Fixture *f)
{
  GtkWidget *button = cs_ui_test_find_button (GTK_WIDGET (f->page), "_Create Connector");
  GtkScrolledWindow *scrolled =
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
  cs_ui_test_spin (500); /* let the entry rows' title animation end */
}

/* A fresh form is not red: empty fields are marked once the user left
 * them, or tried to create; until then the Create hint says what is missing. */
static void
test_fresh_form_quiet (void)
{
  Fixture f = { 0 };
  GtkWidget *access, *secret, *token, *name;

  fixture_set_up (&f, APP_ID ".TestConnectors12", TRUE);
  access = row (&f, "Access Key ID");
  secret = row (&f, "Secret Access Key");
  token = row (&f, "Session Token (Optional)");
  name = row (&f, "Name");
  cs_ui_test_spin (300);
  g_assert_false (create_enabled (&f));
  g_assert_false (gtk_widget_has_css_class (access, "error"));
  g_assert_false (gtk_widget_has_css_class (secret, "error"));
  g_assert_null (cs_ui_test_find_label (GTK_WIDGET (f.page), "Enter the secret access key"));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page),
                                           "To create the connector: Enter the AWS access key"));
  g_assert_null (cs_ui_test_find_label (GTK_WIDGET (f.page), "marked in red"));
  scroll_to_create (&f);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-fresh-form-light"));

  /* Left empty: now it is an error, the field not reached yet is not. */
  gtk_widget_grab_focus (access);
  g_assert_false (gtk_widget_has_css_class (access, "error"));
  gtk_widget_grab_focus (secret);
  g_assert_true (gtk_widget_has_css_class (access, "error"));
  g_assert_false (gtk_widget_has_css_class (secret, "error"));

  /* Enter in the last field tries to create: every problem shows and the
   * first field in error gets the focus. */
  press_enter (token);
  g_assert_true (gtk_widget_has_css_class (secret, "error"));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (f.page), "Enter the secret access key"));
  g_assert_true (focus_within (&f, access));
  scroll_to_create (&f);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-tried-to-create-light"));

  /* A typed then emptied name is marked; Start Over is quiet again. */
  gtk_editable_set_text (GTK_EDITABLE (name), "");
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  set_text (&f, "Access Key ID", FAKE_ACCESS_KEY);
  g_assert_false (gtk_widget_has_css_class (access, "error"));
  cs_connector_form_set_spec (form (&f), NULL);
  g_assert_false (gtk_widget_has_css_class (row (&f, "Access Key ID"), "error"));
  g_assert_false (gtk_widget_has_css_class (row (&f, "Secret Access Key"), "error"));

  fixture_tear_down (&f);
}

static GtkWidget *
list_search_entry (Fixture *f)
{
  GtkWidget *entry = cs_ui_test_find_by_type (connector_list (f), GTK_TYPE_SEARCH_ENTRY);

  g_assert_nonnull (entry);
  return entry;
}

static gboolean
no_match_shown (Fixture *f)
{
  GtkWidget *label = cs_ui_test_find_label (connector_list (f), "No Matching Connectors");

  return label != NULL && gtk_widget_is_visible (label);
}

typedef struct
{
  Fixture    *f;
  const char *shown;
  const char *hidden;
} SearchWait;

static gboolean
search_shows (gpointer data)
{
  SearchWait *wait = data;
  GtkWidget *list = connector_list (wait->f);

  return (wait->shown == NULL || find_connector_row (list, wait->shown) != NULL) &&
         (wait->hidden == NULL || find_connector_row (list, wait->hidden) == NULL);
}

static void
search_for (Fixture    *f,
            const char *text,
            const char *shown,
            const char *hidden)
{
  SearchWait wait = { f, shown, hidden };

  gtk_editable_set_text (GTK_EDITABLE (list_search_entry (f)), text);
  g_assert_true (cs_ui_test_wait_until (search_shows, &wait, 5000));
}

/* The list of connectors on the cluster is searched by name, id, model,
 * region and description, without regard to case. */
static void
test_search_list (void)
{
  Fixture f = { 0 };
  g_autofree char *sonnet = NULL;
  g_autofree char *opus = NULL;
  g_autofree char *id_part = NULL;
  GtkWidget *toggle;
  AdwViewStack *stack;
  SearchWait both = { &f, NULL, NULL };

  fixture_set_up (&f, APP_ID ".TestConnectors13", TRUE);
  sonnet = create_from_blueprint (&f, "bedrock_claude4_standard.json",
                                  "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  opus = create_from_blueprint (&f, "bedrock_claude4_standard.json",
                                "us.anthropic.claude-opus-4-7");
  stack = ADW_VIEW_STACK (cs_ui_test_find_by_type (GTK_WIDGET (f.page), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "cluster");
  cs_connector_list_refresh (CS_CONNECTOR_LIST (connector_list (&f)));
  wait_for_problem (&f, opus);
  both.shown = sonnet;
  g_assert_true (cs_ui_test_wait_until (search_shows, &both, 5000));

  /* An icon button with a name opens the search bar. */
  toggle = cs_ui_test_find_by_type (connector_list (&f), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (toggle);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (toggle), ==, "Search Connectors");
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (
                    list_search_entry (&f), GTK_TYPE_SEARCH_BAR))));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (
                   list_search_entry (&f), GTK_TYPE_SEARCH_BAR))));

  /* By model, any case; the row made again keeps its flag. */
  search_for (&f, "OPUS-4", opus, sonnet);
  g_assert_nonnull (cs_connector_row_get_problem (find_connector_row (connector_list (&f),
                                                                        opus)));
  /* By id. */
  id_part = g_ascii_strup (sonnet, -1);
  search_for (&f, id_part, sonnet, opus);
  /* By region and by name: both. */
  search_for (&f, "US-EAST-1", sonnet, NULL);
  g_assert_nonnull (find_connector_row (connector_list (&f), opus));
  g_assert_false (no_match_shown (&f));

  /* Nothing matches: it says so. */
  search_for (&f, "no such connector", NULL, sonnet);
  g_assert_null (find_connector_row (connector_list (&f), opus));
  g_assert_true (no_match_shown (&f));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-search-no-match-light"));

  /* Closing the search shows every connector again. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_true (cs_ui_test_wait_until (search_shows, &both, 5000));
  g_assert_nonnull (find_connector_row (connector_list (&f), opus));
  g_assert_false (no_match_shown (&f));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (list_search_entry (&f))), ==, "");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  search_for (&f, "opus", opus, sonnet);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connectors-search-light"));

  fixture_tear_down (&f);
}

/* The whole creation with the keyboard: Tab reaches every field in order
 * and then Create; Escape closes the form's dialogs; Enter in the last
 * field and Ctrl+Enter create. */
static void
test_keyboard (void)
{
  static const char * const order[] = {
    "Name", "Description", "Region", "Model", "Thinking", "Maximum Tokens", "Temperature",
    "Use System Prompt", "Read Timeout", "Credential", "Access Key ID", "Secret Access Key",
    "Session Token (Optional)", "_Create Connector",
  };
  Fixture f = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GtkWindow *dialog;
  AdwMessageDialog *ask;
  guint next = 0;

  fixture_set_up (&f, APP_ID ".TestConnectors14", TRUE);
  fill_blueprint (&f, CS_CONNECTOR_MODE_STANDARD);
  wait_for_create_enabled (&f);

  gtk_widget_grab_focus (row (&f, "Name"));
  for (guint step = 0; step < 200 && next < G_N_ELEMENTS (order); step++)
    {
      const char *place = cs_ui_test_focus_place (GTK_WINDOW (f.window));

      g_test_message ("Tab %u: %s (%s)", step, place,
                      G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (f.window))));

      if (g_strcmp0 (place, order[next]) == 0)
        next++;
      if (next < G_N_ELEMENTS (order))
        g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f.window), GTK_DIR_TAB_FORWARD));
    }
  if (next < G_N_ELEMENTS (order))
    g_error ("Tab did not reach “%s” after the fields before it", order[next]);

  /* The form's dialogs close with Escape. */
  gtk_widget_activate_action (GTK_WIDGET (form (&f)), "form.show-iam-help", NULL);
  dialog = cs_connector_form_get_dialog (form (&f));
  g_assert_nonnull (dialog);
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (press_escape (GTK_WIDGET (dialog)));
  cs_ui_test_spin (100);
  g_assert_null (cs_connector_form_get_dialog (form (&f)));

  /* Ctrl+Enter creates; the question about http:// closes with Escape
   * and nothing is sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "connectors.try-create",
                                             NULL));
  ask = cs_ui_test_wait_for_dialog ("http://");
  g_assert_true (press_escape (GTK_WIDGET (ask)));
  cs_ui_test_spin (100);
  g_assert_null (cs_ui_test_find_dialog ("http://"));
  g_assert_null (cs_connectors_page_get_created_id (f.page));
  g_assert_true (create_enabled (&f));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "connectors.try-create",
                                             NULL));
  first = wait_for_created (&f, NULL, cs_test_deadline (15000));
  g_assert_nonnull (first);

  /* Enter in the last field creates the next one. */
  set_text (&f, "Name", "Claude 4 by keyboard");
  wait_for_create_enabled (&f);
  press_enter (row (&f, "Session Token (Optional)"));
  second = wait_for_created (&f, first, cs_test_deadline (15000));
  g_assert_cmpstr (second, !=, first);

  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/connectors/create-standard", test_create_standard);
  g_test_add_func ("/ui/connectors/create-thinking", test_create_thinking);
  g_test_add_func ("/ui/connectors/import", test_import);
  g_test_add_func ("/ui/connectors/import-does-not-block", test_import_does_not_block);
  g_test_add_func ("/ui/connectors/import-replaced-or-hidden", test_import_replaced_or_hidden);
  g_test_add_func ("/ui/connectors/list-and-delete", test_list_and_delete);
  g_test_add_func ("/ui/connectors/list-flags-model-problems", test_list_flags_model_problems);
  g_test_add_func ("/ui/connectors/untrusted-endpoint", test_untrusted_endpoint);
  g_test_add_func ("/ui/connectors/role-arn", test_role_arn);
  g_test_add_func ("/ui/connectors/read-timeout-suggestion", test_read_timeout_suggestion);
  g_test_add_func ("/ui/connectors/keys-over-http-confirmed", test_keys_over_http_confirmed);
  g_test_add_func ("/ui/connectors/no-duplicate-create", test_no_duplicate_create);
  g_test_add_func ("/ui/connectors/created-in-view", test_created_in_view);
  g_test_add_func ("/ui/connectors/fresh-form-quiet", test_fresh_form_quiet);
  g_test_add_func ("/ui/connectors/search-list", test_search_list);
  g_test_add_func ("/ui/connectors/keyboard", test_keyboard);

  return g_test_run ();
}
