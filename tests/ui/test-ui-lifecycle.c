/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-connector-form.h"
#include "cs-connector-list.h"
#include "cs-connector-review-dialog-private.h"
#include "cs-connector-row.h"
#include "cs-connectors-page.h"
#include "cs-json.h"
#include "cs-profile-store.h"
#include "cs-key-rotation-dialog-private.h"
#include "cs-secret-store.h"
#include "cs-session-token-record.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

/*
 * The connector lifecycle in the window: rotating a connector's keys from the Playground's
 * error banner to a working predict, and editing a connector on the cluster (its timeout)
 * through the review of what changes and how. The sandbox refuses the first keys: their
 * secret holds "INVALID", which its Bedrock answers as an unknown key (src/sandbox/README.md,
 * "Bedrock credentials").
 */

/* The new keys are those of the sandbox's simulated AWS account, so that Check with Bedrock
 * (called directly, not through the cluster) accepts them too. */
#define NEW_ACCESS "SANDBOXROTATEDKEY02"
#define NEW_SECRET "sandboxTestSecretKeyForTests0123456789ab"

typedef struct
{
  CsTestSandbox *sandbox;
  CsApplication *app;
  CsClient      *client;
  CsWindow      *window;
} Fixture;

static void
fixture_setup_version (Fixture    *f,
                       const char *app_id,
                       const char *version_text)
{
  g_autoptr(GError) error = NULL;
  CsVersion version;

  g_assert_true (cs_version_parse (version_text, &version));
  f->sandbox = cs_test_sandbox_start ("--no-tls", "--deploy-delay-ms", "100",
                                      "--opensearch-version", version_text, NULL);
  f->app = cs_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  /* The sandbox runs without TLS: as if the user had said yes to sending keys over it. */
  cs_client_set_keys_over_http_allowed (f->client, TRUE);
  cs_session_set_connected (cs_application_get_session (f->app), "test", f->client, "sandbox",
                            &version, FALSE);
  /* The session's profile: a sandbox's, whose Bedrock is the sandbox too. */
  {
    g_autoptr(CsProfile) profile = cs_profile_new_with_id ("test");

    cs_profile_set_name (profile, "Sandbox");
    cs_profile_set_url (profile, cs_test_sandbox_get_url (f->sandbox));
    cs_profile_set_is_sandbox (profile, TRUE);
    cs_profile_store_add (cs_profile_store_get_default (), profile);
  }

  f->window = cs_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 860);
  gtk_window_present (GTK_WINDOW (f->window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_setup (Fixture    *f,
               const char *app_id)
{
  fixture_setup_version (f, app_id, "2.19.1");
}

static void
fixture_teardown (Fixture *f)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) f->window)
      gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (toplevels);
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_ui_test_spin (50);
  g_clear_object (&f->client);
  g_clear_object (&f->app);
  cs_test_sandbox_stop (f->sandbox);
}

static GtkWindow *
find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL && found == NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
have_rotation_dialog (gpointer data)
{
  return find_toplevel (CS_TYPE_KEY_ROTATION_DIALOG) != NULL;
}

static gboolean
have_review_dialog (gpointer data)
{
  return find_toplevel (CS_TYPE_CONNECTOR_REVIEW_DIALOG) != NULL;
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
banner_shown (gpointer data)
{
  GtkWidget *banner = cs_ui_test_find_by_name (data, "error-banner");

  return banner != NULL && gtk_widget_get_visible (banner);
}

static gboolean
has_answer (gpointer data)
{
  return cs_ui_test_find_by_name (data, "answer-text") != NULL;
}

static gboolean
rotation_ready (gpointer data)
{
  return cs_key_rotation_dialog_get_ready (data);
}

static gboolean
check_answered (gpointer data)
{
  GtkWidget *button = cs_ui_test_find_button (data, "C_heck");

  return button != NULL && gtk_widget_is_sensitive (button) &&
         cs_ui_test_find_label (data, "Bedrock") != NULL &&
         cs_ui_test_find_label (data, "Calling Bedrock") == NULL &&
         cs_ui_test_find_label (data, "Optional:") == NULL;
}

static gboolean
rotation_ended (gpointer data)
{
  return cs_key_rotation_dialog_get_outcome (data) >= 0;
}

static void
collect_action_rows (GtkWidget *widget,
                     GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_action_rows (child, rows);
}

static gboolean
smoke_test_running (gpointer data)
{
  GtkWidget *label = cs_ui_test_find_label (data, "Sending a test call");

  return label != NULL && gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW) != NULL &&
         cs_ui_test_find_by_type (gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW),
                                  GTK_TYPE_SPINNER) != NULL;
}

static void
send_text (GtkWidget  *page,
           const char *text)
{
  GtkWidget *composer = cs_ui_test_find_by_name (page, "composer");

  g_assert_nonnull (composer);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (composer)), text, -1);
  g_assert_true (cs_ui_test_wait_until (send_enabled, page, 60000));
  gtk_widget_activate_action (page, "playground.send", NULL);
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = cs_ui_test_find_button (root, label);

  if (button == NULL)
    g_error ("no button “%s”", label);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static char *
lookup_secret (const char *profile,
               const char *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsSecretStore *store = cs_secret_store_get_default ();
  char *secret;

  cs_secret_store_lookup_async (store, profile, kind, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  secret = cs_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  return secret;
}

static void
test_rotate_from_playground (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  GtkWidget *page, *label;
  CsKeyRotationDialog *dialog;
  GtkEditable *access, *secret, *token;
  const char *outcome;

  fixture_setup (&f, APP_ID ".TestLifecycle1");
  /* Keys the sandbox's Bedrock refuses. */
  model_id = cs_test_deploy_model (f.client, "bedrock_claude4_standard.json", CS_TEST_BAD_SECRET,
                                   NULL, &connector_id);
  cs_session_set_model_id (cs_application_get_session (f.app), model_id);
  cs_window_show_page (f.window, "playground");
  page = cs_window_get_page (f.window, "playground");
  g_assert_true (cs_ui_test_wait_until (model_selected, page, 60000));

  /* 1. The refusal, explained, with the way out. */
  send_text (page, "hello after the rotation");
  g_assert_true (cs_ui_test_wait_until (banner_shown, page, 60000));
  label = cs_ui_test_find_by_name (page, "error-banner-label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "access key"));
  g_assert_nonnull (cs_ui_test_find_button (page, "Open _Connector"));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "lifecycle-rotate-1-error-banner"));

  /* 2. The rotation dialog for the model's connector, with new keys. */
  click (page, "Rotate _Keys…");
  g_assert_true (cs_ui_test_wait_until (have_rotation_dialog, NULL, 10000));
  dialog = CS_KEY_ROTATION_DIALOG (find_toplevel (CS_TYPE_KEY_ROTATION_DIALOG));
  g_assert_true (cs_ui_test_wait_until (rotation_ready, dialog, 30000));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "Amazon Bedrock claude v4"));
  cs_key_rotation_dialog_get_rows (dialog, &access, &secret, &token);
  /* Checked as typed: a secret of the wrong length is refused inline. */
  gtk_editable_set_text (access, NEW_ACCESS);
  gtk_editable_set_text (secret, "too-short");
  g_assert_false (gtk_widget_is_sensitive (cs_ui_test_find_button (GTK_WIDGET (dialog),
                                                                   "_Rotate Keys")));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "40 letters"));
  gtk_editable_set_text (secret, NEW_SECRET);
  g_assert_null (cs_ui_test_find_label (GTK_WIDGET (dialog), "40 letters"));
  g_assert_true (gtk_widget_is_sensitive (cs_ui_test_find_button (GTK_WIDGET (dialog),
                                                                  "_Rotate Keys")));
  /* Check with Bedrock first (the sandbox answers for Bedrock: the profile is a sandbox's). */
  click (GTK_WIDGET (dialog), "C_heck");
  g_assert_true (cs_ui_test_wait_until (check_answered, dialog, 30000));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "Bedrock accepted the keys"));
  cs_ui_test_spin (500); /* the rows' titles move up once they hold text */
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-rotate-2-dialog-filled"));

  /* 3. Each step as it happens, then the outcome. The smoke test's predict is answered late,
   * so that the running step can be seen. */
  {
    g_autofree char *spec = g_strdup_printf (
      "{\"spec\":\"route=/_plugins/_ml/models/*/_predict,latency=%u,count=1\"}",
      cs_test_scaled_ms (1500));
    g_autoptr(JsonNode) body = cs_test_parse_json (spec);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) answer = cs_test_request (f.client, "POST", "_sandbox/faults", body, NULL,
                                                  NULL, &error);

    g_assert_no_error (error);
  }
  click (GTK_WIDGET (dialog), "_Rotate Keys");
  g_assert_true (cs_ui_test_wait_until (smoke_test_running, dialog, 30000));
  g_assert_false (gtk_widget_is_sensitive (cs_ui_test_find_button (GTK_WIDGET (dialog),
                                                                   "_Cancel")));
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-rotate-3-steps-running"));
  g_assert_true (cs_ui_test_wait_until (rotation_ended, dialog, 60000));
  g_assert_cmpint (cs_key_rotation_dialog_get_outcome (dialog), ==, CS_ROTATION_OUTCOME_ROTATED);
  outcome = gtk_label_get_text (GTK_LABEL (cs_ui_test_find_by_name (GTK_WIDGET (dialog),
                                                         "rotation-outcome")));
  g_assert_cmpstr (outcome, !=, "");
  /* The cluster's smoke test answered with the new keys, and that is shown. */
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "new keys"));
  /* The secrets left the dialog's fields. */
  g_assert_cmpstr (gtk_editable_get_text (secret), ==, "");
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-rotate-4-steps-finished"));
  /* A finished step no longer reads as if it were going on. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    guint done = 0;

    collect_action_rows (GTK_WIDGET (dialog), rows);
    for (guint i = 0; i < rows->len; i++)
      {
        const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));

        g_assert_false (g_str_has_suffix (title, "…"));
        if (g_str_has_prefix (title, "Reading the connector"))
          done++;
      }
    g_assert_cmpuint (done, ==, 1);
  }

  /* The new keys are in the keyring under the connector the model uses now. */
  {
    g_autoptr(JsonNode) model = NULL;
    g_autofree char *path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
    g_autofree char *profile = NULL;
    g_autofree char *saved = NULL;
    const char *now_id;
    g_autoptr(GError) error = NULL;

    model = cs_test_request (f.client, "GET", path, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    now_id = cs_json_get_string (json_node_get_object (model), "connector_id");
    g_assert_nonnull (now_id);
    g_assert_cmpstr (now_id, !=, connector_id);
    profile = g_strconcat (CS_CONNECTOR_KEYS_PROFILE_PREFIX, now_id, NULL);
    cs_ui_test_spin (200);
    saved = lookup_secret (profile, "connector-aws-secret-key");
    g_assert_cmpstr (saved, ==, NEW_SECRET);
    cs_secret_store_free_secret (g_steal_pointer (&saved));
  }

  /* 4. Closed, and the same message now gets its answer. */
  click (GTK_WIDGET (dialog), "_Close");
  cs_ui_test_spin (100);
  g_assert_false (have_rotation_dialog (NULL));
  g_assert_true (cs_ui_test_wait_until (model_selected, page, 60000));
  g_assert_false (banner_shown (page));
  gtk_widget_activate_action (page, "playground.send", NULL);
  if (!cs_ui_test_wait_until (has_answer, page, 5000))
    send_text (page, "hello after the rotation");
  g_assert_true (cs_ui_test_wait_until (has_answer, page, 60000));
  g_assert_false (banner_shown (page));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window),
                                      "lifecycle-rotate-5-working-predict"));

  fixture_teardown (&f);
}

static gboolean review_button_ready (gpointer data);

/* A session token entered two hours ago: past the default hour of an AssumeRole token. The
 * Playground warns when the model is chosen, before a call fails, and offers the rotation. */
static void
test_session_token_warning (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) entered = g_date_time_add_hours (now, -2);
  g_autoptr(GError) error = NULL;
  GtkWidget *page, *label;

  fixture_setup (&f, APP_ID ".TestLifecycle3");
  model_id = cs_test_deploy_model (f.client, "bedrock_claude4_standard.json", CS_TEST_SECRET_KEY,
                                   CS_TEST_SESSION_TOKEN, &connector_id);
  g_assert_true (cs_session_token_record_note (NULL, connector_id, entered, &error));
  g_assert_no_error (error);
  cs_session_set_model_id (cs_application_get_session (f.app), model_id);
  cs_window_show_page (f.window, "playground");
  page = cs_window_get_page (f.window, "playground");
  g_assert_true (cs_ui_test_wait_until (model_selected, page, 60000));
  g_assert_true (cs_ui_test_wait_until (banner_shown, page, 10000));
  label = cs_ui_test_find_by_name (page, "error-banner-label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "session token"));
  g_assert_true (gtk_widget_get_visible (cs_ui_test_find_button (page, "Rotate _Keys…")));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "lifecycle-session-token-warning"));

  /* Open Connector leads to this connector, opened for editing: not an empty form. */
  click (page, "Open _Connector");
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "connectors");
  {
    GtkWidget *connectors = cs_window_get_page (f.window, "connectors");
    CsConnectorForm *form;

    g_assert_true (cs_ui_test_wait_until (review_button_ready, connectors, 30000));
    form = CS_CONNECTOR_FORM (cs_ui_test_find_by_type (connectors, CS_TYPE_CONNECTOR_FORM));
    g_assert_cmpstr (cs_connector_spec_get_name (cs_connector_form_get_spec (form)), ==,
                     "Amazon Bedrock claude v4");
    g_assert_true (cs_connector_form_get_keeping_secrets (form));
  }
  fixture_teardown (&f);
}

static gboolean
review_button_ready (gpointer data)
{
  GtkWidget *button = cs_ui_test_find_button (data, "_Review Changes…");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static gboolean
review_planned (gpointer data)
{
  return cs_connector_review_dialog_get_planned (data);
}

static gboolean
review_ended (gpointer data)
{
  return cs_connector_review_dialog_get_result (data) >= 0;
}

static gboolean
is_connector_row_of (GtkWidget     *widget,
                     gconstpointer  id)
{
  return CS_IS_CONNECTOR_ROW (widget) &&
         g_strcmp0 (cs_connector_info_get_id (cs_connector_row_get_info (CS_CONNECTOR_ROW (widget))),
                    id) == 0;
}

static GtkWidget *
find_connector_row (GtkWidget  *root,
                    const char *id)
{
  return cs_ui_test_find (root, is_connector_row_of, id);
}

typedef struct
{
  GtkWidget  *page;
  const char *id;
} RowWait;

static gboolean
row_listed (gpointer data)
{
  RowWait *wait = data;

  return find_connector_row (wait->page, wait->id) != NULL;
}

static void
test_edit_from_cluster (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *path = NULL;
  GtkWidget *page, *stack, *menu_button;
  CsConnectorForm *form;
  CsConnectorReviewDialog *dialog;
  GMenuModel *menu;
  RowWait wait;
  gboolean found_edit = FALSE;
  gint64 timeout = 0;

  fixture_setup (&f, APP_ID ".TestLifecycle2");
  /* A connector that a deployed model uses. */
  model_id = cs_test_deploy_model (f.client, "bedrock_claude4_standard.json", CS_TEST_SECRET_KEY,
                                   NULL, &connector_id);
  cs_window_show_page (f.window, "connectors");
  page = cs_window_get_page (f.window, "connectors");
  stack = cs_ui_test_find_by_type (page, ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "cluster");
  gtk_widget_activate_action (cs_ui_test_find_by_type (page, CS_TYPE_CONNECTOR_LIST),
                              "connector-list.refresh", NULL);
  wait.page = page;
  wait.id = connector_id;
  g_assert_true (cs_ui_test_wait_until (row_listed, &wait, 30000));

  /* The row's menu offers Edit… and Rotate Keys… for this connector. */
  menu_button = cs_ui_test_find_by_type (GTK_WIDGET (find_connector_row (page, connector_id)),
                                         GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  /* Edit… and Rotate Keys… are the menu's first section. */
  menu = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (menu);
  g_object_unref (menu);  /* still held by the row's menu */
  g_assert_cmpint (g_menu_model_get_n_items (menu), >=, 2);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, "target",
                                                                          G_VARIANT_TYPE_STRING);

      g_menu_model_get_item_attribute (menu, i, "action", "s", &action);
      if (g_strcmp0 (action, "connectors.edit") == 0)
        {
          g_assert_cmpstr (g_variant_get_string (target, NULL), ==, connector_id);
          found_edit = TRUE;
        }
    }
  g_assert_true (found_edit);
  gtk_widget_activate_action (menu_button, "connectors.edit", "s", connector_id);

  /* The form holds the cluster's connector; its keys are kept. */
  g_assert_true (cs_ui_test_wait_until (review_button_ready, page, 30000));
  form = CS_CONNECTOR_FORM (cs_ui_test_find_by_type (page, CS_TYPE_CONNECTOR_FORM));
  g_assert_true (cs_connector_form_get_keeping_secrets (form));
  g_assert_nonnull (cs_ui_test_find_label (page, "type new keys to replace them"));
  cs_connector_spec_set_read_timeout (cs_connector_form_get_spec (form), 120);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "lifecycle-edit-1-form"));
  /* Further down: the keys, kept unless new ones are typed, and the main button. */
  gtk_widget_grab_focus (cs_ui_test_find_button (page, "_Review Changes…"));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "lifecycle-edit-1b-keys-kept"));

  /* The review: what changes and how, before anything is sent. */
  click (page, "_Review Changes…");
  g_assert_true (cs_ui_test_wait_until (have_review_dialog, NULL, 10000));
  dialog = CS_CONNECTOR_REVIEW_DIALOG (find_toplevel (CS_TYPE_CONNECTOR_REVIEW_DIALOG));
  g_assert_true (cs_ui_test_wait_until (review_planned, dialog, 30000));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "read_timeout"));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "120"));
  /* Keys kept on a deployed connector: undeploy, update, deploy again, and it says why. */
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "Undeployed"));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "re-enter them"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) before = NULL;
    JsonObject *client_config;
    gint64 read_timeout = -1;

    /* Nothing sent yet: the cluster's connector keeps its timeout. (Its
     * body holds millisecond times, which may contain "120" by chance.) */
    path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
    before = cs_test_request (f.client, "GET", path, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (before));
    client_config = cs_json_get_object (json_node_get_object (before), "client_config");
    if (client_config != NULL)
      cs_json_get_int (client_config, "read_timeout", &read_timeout);
    g_assert_cmpint (read_timeout, !=, 120);
  }
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-edit-2-review"));

  click (GTK_WIDGET (dialog), "_Undeploy and Apply");
  g_assert_true (cs_ui_test_wait_until (review_ended, dialog, 90000));
  g_assert_cmpint (cs_connector_review_dialog_get_result (dialog), ==, 1);
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "Applied"));
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-edit-3-applied"));

  /* The cluster has the new value. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) after = cs_test_request (f.client, "GET", path, NULL, NULL, NULL, &error);
    JsonObject *config;

    g_assert_no_error (error);
    config = cs_json_get_object (json_node_get_object (after), "client_config");
    g_assert_nonnull (config);
    g_assert_true (cs_json_get_int (config, "read_timeout", &timeout));
    g_assert_cmpint (timeout, ==, 120);
  }
  click (GTK_WIDGET (dialog), "_Close");
  fixture_teardown (&f);
}

static gboolean
timeout_fix_offered (gpointer data)
{
  return cs_connector_review_dialog_get_planned (data) &&
         cs_ui_test_find_button (data, "Set the read timeout to this in the edit") != NULL;
}

static gboolean
read_timeout_in_changes (gpointer data)
{
  return cs_connector_review_dialog_get_planned (data) &&
         cs_ui_test_find_label (data, "client_config.read_timeout") != NULL;
}

/* On OpenSearch 3.6, which enforces the read timeout, a thinking connector left at the
 * default 30 s is flagged in the review; its fix goes into the edit, which is then the change
 * applied, by a plain PUT since no model uses the connector. */
static void
test_edit_timeout_fix (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonNode) body =
    cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (body);
  JsonObject *credential = json_object_new ();
  g_autofree char *connector_id = NULL;
  g_autofree char *path = NULL;
  CsConnectorReviewDialog *dialog;
  GtkWidget *page, *fix;
  gint64 timeout = 0;

  fixture_setup_version (&f, APP_ID ".TestLifecycle4", "3.6.0");
  json_object_set_string_member (cs_json_get_object (object, "parameters"), "region",
                                 "us-east-1");
  json_object_set_string_member (credential, "access_key", CS_TEST_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", CS_TEST_SECRET_KEY);
  json_object_set_object_member (object, "credential", credential);
  created = cs_test_request (f.client, "POST", "_plugins/_ml/connectors/_create", body, NULL,
                             NULL, &error);
  g_assert_no_error (error);
  connector_id = g_strdup (cs_json_get_string (json_node_get_object (created), "connector_id"));
  g_assert_nonnull (connector_id);

  cs_window_show_page (f.window, "connectors");
  page = cs_window_get_page (f.window, "connectors");
  cs_connectors_page_edit_connector (CS_CONNECTORS_PAGE (page), connector_id);
  g_assert_true (cs_ui_test_wait_until (review_button_ready, page, 30000));
  click (page, "_Review Changes…");
  g_assert_true (cs_ui_test_wait_until (have_review_dialog, NULL, 10000));
  dialog = CS_CONNECTOR_REVIEW_DIALOG (find_toplevel (CS_TYPE_CONNECTOR_REVIEW_DIALOG));
  g_assert_true (cs_ui_test_wait_until (timeout_fix_offered, dialog, 30000));
  /* Nothing was edited yet. */
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "Nothing would change"));
  g_assert_false (gtk_widget_is_sensitive (cs_ui_test_find_button (GTK_WIDGET (dialog),
                                                                   "_Apply")));
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-edit-timeout-warning"));

  /* The fix: the read timeout goes into the edit, which now changes it. */
  fix = cs_ui_test_find_button (GTK_WIDGET (dialog), "Set the read timeout to this in the edit");
  g_signal_emit_by_name (fix, "clicked");
  g_assert_true (cs_ui_test_wait_until (read_timeout_in_changes, dialog, 30000));
  g_assert_cmpint (cs_connector_spec_get_read_timeout (cs_connector_form_get_spec (
                     CS_CONNECTOR_FORM (cs_ui_test_find_by_type (page, CS_TYPE_CONNECTOR_FORM)))),
                   >, 30);
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "updated directly"));
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "lifecycle-edit-timeout-fixed"));
  click (GTK_WIDGET (dialog), "_Apply");
  g_assert_true (cs_ui_test_wait_until (review_ended, dialog, 60000));
  g_assert_cmpint (cs_connector_review_dialog_get_result (dialog), ==, 1);

  path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
  after = cs_test_request (f.client, "GET", path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cs_json_get_int (cs_json_get_object (json_node_get_object (after),
                                                      "client_config"),
                                  "read_timeout", &timeout));
  g_assert_cmpint (timeout, >, 30);
  click (GTK_WIDGET (dialog), "_Close");
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;
  /* Under load GTK 4.8 sometimes warns "Trying to snapshot GtkScrolledWindow
   * … without a current allocation" while the rotation dialog closes and
   * the Playground shows the answer (seen twice, only in this test, never
   * alone): reported, not fatal, so that the flow's own assertions decide.
   * Open in the closing note of issue 16. */
  cs_ui_test_tolerate_unallocated_snapshot ();

  g_test_add_func ("/ui/lifecycle/rotate-from-playground", test_rotate_from_playground);
  g_test_add_func ("/ui/lifecycle/edit-from-cluster", test_edit_from_cluster);
  g_test_add_func ("/ui/lifecycle/session-token-warning", test_session_token_warning);
  g_test_add_func ("/ui/lifecycle/edit-timeout-fix", test_edit_timeout_fix);

  return g_test_run ();
}
