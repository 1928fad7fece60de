/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The connector form's Bedrock dialogs against the sandbox's simulated AWS account: Models in
 * Your Account, Check with Bedrock and IAM Policies. */
#include "config.h"

#include <string.h>

#include "cs-bedrock-check-dialog-private.h"
#include "cs-connector-form-private.h"
#include "cs-iam-help-dialog-private.h"
#include "cs-iam-policy.h"
#include "cs-model-catalog-dialog-private.h"
#include "cs-ui-test-utils.h"

#include "../integration/bedrock-direct-fixture.h"
#include "cs-test-faults.h"
#include "cs-test-utils.h"

#define SONNET_45 "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
#define ROLE_ARN "arn:aws:iam::000000000000:role/connector-studio-test"

typedef struct
{
  BdFixture        bd;
  CsClient        *control;     /* the sandbox's /_sandbox/ API */
  GtkWindow       *window;
  CsConnectorForm *form;
  CsConnectorSpec *spec;
} Fixture;

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  bd_fixture_start (&f->bd);
  f->control = cs_client_new_for_url (cs_test_sandbox_get_url (f->bd.sandbox), &error);
  g_assert_no_error (error);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->form = CS_CONNECTOR_FORM (cs_connector_form_new ());
  cs_connector_form_set_bedrock_endpoints (f->form, &f->bd.endpoints);
  gtk_window_set_child (f->window, GTK_WIDGET (f->form));
  gtk_window_set_default_size (f->window, 760, 1000);
  gtk_window_present (f->window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
  f->spec = cs_connector_form_get_spec (f->form);
}

static void
fixture_tear_down (Fixture *f)
{
  GtkWindow *dialog = cs_connector_form_get_dialog (f->form);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (f->window);
  cs_ui_test_spin (20);
  g_clear_object (&f->control);
  bd_fixture_stop (&f->bd);
}

static void
type_keys (Fixture    *f,
           const char *access_key,
           const char *secret_key)
{
  gtk_editable_set_text (GTK_EDITABLE (cs_connector_form_get_mirror (f->form, "access-key")),
                         access_key);
  gtk_editable_set_text (GTK_EDITABLE (cs_connector_form_get_mirror (f->form, "secret-key")),
                         secret_key);
}

/* As a click: GtkButton's "activate" emits "clicked" only after a short delay. */
static void
click (gpointer button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  GActionGroup *group = g_object_get_data (G_OBJECT (f->form), "cs-form-actions");

  g_assert_nonnull (group);
  return g_action_group_get_action_enabled (group, name);
}

/* Opens a dialog with its action, as the form's button does. */
static GtkWindow *
open_dialog (Fixture    *f,
             const char *action)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), action, NULL));
  dialog = cs_connector_form_get_dialog (f->form);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == f->window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static gboolean
catalog_not_loading (gpointer data)
{
  return g_strcmp0 (cs_model_catalog_dialog_get_state (data), "loading") != 0;
}

static gboolean
check_done (gpointer data)
{
  return g_strcmp0 (cs_bedrock_check_dialog_get_state (data), "result") == 0;
}

static gboolean
dialog_closed (gpointer data)
{
  Fixture *f = data;

  return cs_connector_form_get_dialog (f->form) == NULL;
}

static void
screenshot (GtkWindow  *dialog,
            const char *name)
{
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  cs_ui_test_spin (400);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), name));
}

/* A row shows a mark with this text. */
static gboolean
row_has_mark (GtkWidget  *row,
              const char *mark)
{
  if (GTK_IS_LABEL (row) && gtk_widget_get_visible (row) &&
      gtk_widget_has_css_class (row, "cs-state-badge") &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (row)), mark) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (row_has_mark (child, mark))
      return TRUE;
  return FALSE;
}

static const char *
subtitle_of (AdwActionRow *row)
{
  return adw_action_row_get_subtitle (row);
}

/* ---- Models in Your Account ---- */

static void
test_catalog (void)
{
  Fixture f = { 0 };
  CsModelCatalogDialog *dialog;
  GtkWidget *row;
  g_autofree char *preview = NULL;

  fixture_set_up (&f);
  cs_connector_spec_set_region (f.spec, "ca-central-1");

  /* Nothing to list with until keys are typed: the form says the table is used. */
  g_assert_false (action_enabled (&f, "show-catalog"));
  g_assert_nonnull (strstr (subtitle_of (f.form->catalog_row), "built-in table"));
  type_keys (&f, BD_ACCESS_KEY, BD_SECRET_KEY);
  g_assert_true (action_enabled (&f, "show-catalog"));

  dialog = CS_MODEL_CATALOG_DIALOG (open_dialog (&f, "form.show-catalog"));
  g_assert_true (cs_ui_test_wait_until (catalog_not_loading, dialog, cs_test_scaled_ms (20000)));
  g_assert_cmpstr (cs_model_catalog_dialog_get_state (dialog), ==, "list");
  g_assert_nonnull (strstr (cs_model_catalog_dialog_get_status (dialog), "20 Claude models"));
  g_assert_nonnull (strstr (cs_model_catalog_dialog_get_status (dialog), "Listed just now"));

  /* Legacy (Bedrock says so), and no profile in ca-central-1. */
  row = cs_model_catalog_dialog_find_row (dialog, "anthropic.claude-3-7-sonnet-20250219-v1:0");
  g_assert_nonnull (row);
  g_assert_true (row_has_mark (row, "Legacy"));
  g_assert_true (row_has_mark (row, "No Profile Here"));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  /* No profile here, not legacy. */
  row = cs_model_catalog_dialog_find_row (dialog, "anthropic.claude-sonnet-4-5-20250929-v1:0");
  g_assert_true (row_has_mark (row, "No Profile Here"));
  g_assert_false (row_has_mark (row, "Legacy"));
  g_assert_nonnull (strstr (subtitle_of (ADW_ACTION_ROW (row)), "ca-central-1"));
  /* Newer than the table: rules assumed, usable through its global profile. */
  row = cs_model_catalog_dialog_find_row (dialog, "anthropic.claude-opus-6");
  g_assert_true (row_has_mark (row, "Rules Assumed"));
  g_assert_false (row_has_mark (row, "No Profile Here"));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  /* Usable, nothing to say. */
  row = cs_model_catalog_dialog_find_row (dialog, "anthropic.claude-opus-4-7");
  g_assert_true (row_has_mark (row, "Usable"));
  g_assert_nonnull (strstr (subtitle_of (ADW_ACTION_ROW (row)), "global.anthropic.claude-opus-4-7"));
  screenshot (GTK_WINDOW (dialog), "connector-catalog-ca-central-1");

  /* Choosing a row sets the form's model, fits the thinking choices and the preview (Opus 4.7
   * takes no temperature), and closes the dialog. */
  preview = cs_connector_spec_to_json (f.spec, TRUE);
  g_assert_nonnull (strstr (preview, "temperature"));
  g_clear_pointer (&preview, g_free);
  gtk_widget_activate (row);
  g_assert_cmpstr (cs_connector_spec_get_model (f.spec), ==, "global.anthropic.claude-opus-4-7");
  preview = cs_connector_spec_to_json (f.spec, TRUE);
  g_assert_null (strstr (preview, "temperature"));
  g_assert_nonnull (strstr (preview, "global.anthropic.claude-opus-4-7"));
  g_assert_cmpint (cs_connector_spec_get_thinking (f.spec), !=, CS_CONNECTOR_THINKING_BUDGET);
  g_assert_true (cs_ui_test_wait_until (dialog_closed, &f, cs_test_scaled_ms (5000)));
  g_assert_nonnull (strstr (subtitle_of (f.form->catalog_row), "Listed"));

  /* Opened again: the cached listing, at once, without asking Bedrock. */
  cs_test_forget_requests (f.control);
  dialog = CS_MODEL_CATALOG_DIALOG (open_dialog (&f, "form.show-catalog"));
  g_assert_cmpstr (cs_model_catalog_dialog_get_state (dialog), ==, "list");
  g_assert_cmpuint (cs_test_count_requests (f.control, "GET", "/_aws/bedrock/*"), ==, 0);
  /* Refresh asks again. */
  click (cs_ui_test_find_button (GTK_WIDGET (dialog), "Read the list again from Bedrock"));
  g_assert_cmpstr (cs_model_catalog_dialog_get_state (dialog), ==, "loading");
  g_assert_true (cs_ui_test_wait_until (catalog_not_loading, dialog, cs_test_scaled_ms (20000)));
  g_assert_cmpstr (cs_model_catalog_dialog_get_state (dialog), ==, "list");
  g_assert_cmpuint (cs_test_count_requests (f.control, "GET", "/_aws/bedrock/*"), >=, 2);

  fixture_tear_down (&f);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static char *
clipboard_text (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb,
                                 &read);
  cs_test_wait_for_flag (&read.done, 5000);
  return read.text;
}

static void
test_catalog_denied (void)
{
  Fixture f = { 0 };
  CsModelCatalogDialog *dialog;
  g_autofree char *copied = NULL;

  fixture_set_up (&f);
  type_keys (&f, BD_NO_LIST_MODELS_KEY, BD_SECRET_KEY);
  dialog = CS_MODEL_CATALOG_DIALOG (open_dialog (&f, "form.show-catalog"));
  g_assert_true (cs_ui_test_wait_until (catalog_not_loading, dialog, cs_test_scaled_ms (20000)));
  g_assert_cmpstr (cs_model_catalog_dialog_get_state (dialog), ==, "failed");
  g_assert_nonnull (strstr (cs_model_catalog_dialog_get_status (dialog), "built-in table"));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "bedrock:ListFoundationModels"));
  screenshot (GTK_WINDOW (dialog), "connector-catalog-denied");

  /* The form says so too, with the action to copy. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (subtitle_of (f.form->catalog_row), "built-in table alone"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.form->catalog_copy_button)));
  click (f.form->catalog_copy_button);
  copied = clipboard_text (GTK_WIDGET (f.form));
  g_assert_cmpstr (copied, ==, "bedrock:ListFoundationModels");

  /* Other keys: the failure was about the old ones. */
  type_keys (&f, BD_ACCESS_KEY, BD_SECRET_KEY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.form->catalog_copy_button)));

  fixture_tear_down (&f);
}

static void
test_role_uses_table (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  type_keys (&f, BD_ACCESS_KEY, BD_SECRET_KEY);
  cs_connector_spec_set_role_arn (f.spec, ROLE_ARN);
  cs_connector_spec_set_credential_kind (f.spec, CS_CREDENTIAL_KIND_ROLE_ARN);

  /* Neither listing nor the check: only the cluster can assume the role. */
  g_assert_false (action_enabled (&f, "show-catalog"));
  g_assert_false (action_enabled (&f, "check-bedrock"));
  g_assert_nonnull (strstr (subtitle_of (f.form->catalog_row), "built-in table"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.form->check_button)));
  g_assert_nonnull (strstr (subtitle_of (f.form->check_row), "Only the cluster can assume"));
  g_assert_nonnull (strstr (subtitle_of (f.form->check_row), "smoke test"));
  gtk_widget_grab_focus (GTK_WIDGET (f.form->check_row));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connector-form-role-check"));

  fixture_tear_down (&f);
}

/* ---- Check with Bedrock ---- */

static CsBedrockCheckDialog *
run_check (Fixture    *f,
           const char *screenshot_before)
{
  CsBedrockCheckDialog *dialog;

  cs_test_forget_requests (f->control);
  dialog = CS_BEDROCK_CHECK_DIALOG (open_dialog (f, "form.check-bedrock"));

  /* It says what it will send, and sends nothing before the user confirms. */
  g_assert_cmpstr (cs_bedrock_check_dialog_get_state (dialog), ==, "confirm");
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_intro (dialog), "one small InvokeModel"));
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_intro (dialog), "us-east-1"));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "hello world"));
  if (screenshot_before != NULL)
    screenshot (GTK_WINDOW (dialog), screenshot_before);
  cs_ui_test_spin (100);
  g_assert_cmpuint (cs_test_count_requests (f->control, "POST", "/_aws/bedrock-runtime/*"), ==, 0);

  click (cs_bedrock_check_dialog_get_send_button (dialog));
  g_assert_cmpstr (cs_bedrock_check_dialog_get_state (dialog), ==, "busy");
  g_assert_true (cs_ui_test_wait_until (check_done, dialog, cs_test_scaled_ms (20000)));
  g_assert_cmpuint (cs_test_count_requests (f->control, "POST", "/_aws/bedrock-runtime/*"), ==, 1);
  return dialog;
}

static void
test_check (void)
{
  Fixture f = { 0 };
  CsBedrockCheckDialog *dialog;

  fixture_set_up (&f);
  g_assert_false (action_enabled (&f, "check-bedrock"));
  type_keys (&f, BD_ACCESS_KEY, BD_SECRET_KEY);
  cs_connector_spec_set_model (f.spec, SONNET_45);
  g_assert_true (action_enabled (&f, "check-bedrock"));

  /* Good keys: accepted, with what it cost. */
  dialog = run_check (&f, "connector-check-confirm");
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_result (dialog), "accepted"));
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_result (dialog), "input"));
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_tokens (dialog), "tokens on your AWS"));
  screenshot (GTK_WINDOW (dialog), "connector-check-accepted");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (cs_ui_test_wait_until (dialog_closed, &f, cs_test_scaled_ms (5000)));
  /* The form keeps the verdict until the spec changes. */
  g_assert_nonnull (strstr (subtitle_of (f.form->check_row), "Last check"));
  g_assert_nonnull (strstr (subtitle_of (f.form->check_row), "accepted"));
  g_assert_nonnull (strstr (subtitle_of (f.form->catalog_row), "See which Claude models"));
  cs_ui_test_wait_for_draw (GTK_WIDGET (f.window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (f.window), "connector-form-checked"));

  /* A wrong secret: the failure sentence, nothing spent. */
  type_keys (&f, BD_ACCESS_KEY, BD_WRONG_SECRET);
  g_assert_null (strstr (subtitle_of (f.form->check_row), "Last check"));
  dialog = run_check (&f, NULL);
  g_assert_null (strstr (cs_bedrock_check_dialog_get_result (dialog), "accepted"));
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_result (dialog), "secret"));
  g_assert_nonnull (strstr (cs_bedrock_check_dialog_get_tokens (dialog), "no tokens"));
  g_assert_null (cs_ui_test_find_label (GTK_WIDGET (dialog), BD_WRONG_SECRET));
  screenshot (GTK_WINDOW (dialog), "connector-check-wrong-secret");

  fixture_tear_down (&f);
}

static gboolean
still_confirm (gpointer data)
{
  return g_strcmp0 (cs_bedrock_check_dialog_get_state (data), "confirm") != 0;
}

static void
test_check_cancel (void)
{
  Fixture f = { 0 };
  CsBedrockCheckDialog *dialog;

  fixture_set_up (&f);
  type_keys (&f, BD_ACCESS_KEY, BD_SECRET_KEY);
  dialog = CS_BEDROCK_CHECK_DIALOG (open_dialog (&f, "form.check-bedrock"));
  click (cs_bedrock_check_dialog_get_send_button (dialog));
  g_assert_cmpstr (cs_bedrock_check_dialog_get_state (dialog), ==, "busy");
  click (cs_bedrock_check_dialog_get_cancel_button (dialog));
  g_assert_cmpstr (cs_bedrock_check_dialog_get_state (dialog), ==, "confirm");
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "cancelled"));
  /* A late answer does not replace the cancelled state. */
  g_assert_false (cs_ui_test_wait_until (still_confirm, dialog, 500));
  g_assert_null (strstr (subtitle_of (f.form->check_row), "Last check"));

  fixture_tear_down (&f);
}

/* ---- IAM Policies ---- */

static void
test_iam_help (void)
{
  Fixture f = { 0 };
  CsIamHelpDialog *dialog;
  g_autofree char *invoke = NULL;
  g_autofree char *list = cs_iam_policy_list_catalog ();
  g_autofree char *trust = cs_iam_policy_role_trust ();
  g_autofree char *pass = cs_iam_policy_pass_role (ROLE_ARN, NULL);
  g_autofree char *copied = NULL;

  fixture_set_up (&f);
  cs_connector_spec_set_model (f.spec, SONNET_45);

  /* Access keys: the invoke and catalogue policies, no role items. */
  dialog = CS_IAM_HELP_DIALOG (open_dialog (&f, "form.show-iam-help"));
  invoke = cs_iam_policy_invoke (SONNET_45, "us-east-1", NULL, NULL);
  g_assert_cmpstr (cs_iam_help_dialog_get_text (dialog, "invoke"), ==, invoke);
  g_assert_cmpstr (cs_iam_help_dialog_get_text (dialog, "list"), ==, list);
  g_assert_null (cs_iam_help_dialog_get_item (dialog, "trust"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&invoke, g_free);

  /* A role: its account goes into the ARNs, and the role's three items appear; the two the
   * core has not confirmed are marked. */
  cs_connector_spec_set_role_arn (f.spec, ROLE_ARN);
  cs_connector_spec_set_credential_kind (f.spec, CS_CREDENTIAL_KIND_ROLE_ARN);
  dialog = CS_IAM_HELP_DIALOG (open_dialog (&f, "form.show-iam-help"));
  invoke = cs_iam_policy_invoke (SONNET_45, "us-east-1", "000000000000", NULL);
  g_assert_cmpstr (cs_iam_help_dialog_get_text (dialog, "invoke"), ==, invoke);
  g_assert_nonnull (strstr (invoke, "inference-profile/" SONNET_45));
  g_assert_nonnull (strstr (invoke, "foundation-model/"));
  g_assert_cmpstr (cs_iam_help_dialog_get_text (dialog, "trust"), ==, trust);
  g_assert_cmpstr (cs_iam_help_dialog_get_text (dialog, "pass-role"), ==, pass);
  g_assert_nonnull (strstr (cs_iam_help_dialog_get_text (dialog, "mapping"), "ml_full_access"));
  g_assert_null (cs_ui_test_find_label (cs_iam_help_dialog_get_item (dialog, "trust"),
                                        "Assumed"));
  g_assert_nonnull (cs_ui_test_find_label (cs_iam_help_dialog_get_item (dialog, "pass-role"),
                                           "Assumed"));
  g_assert_nonnull (cs_ui_test_find_label (cs_iam_help_dialog_get_item (dialog, "mapping"),
                                           "Assumed"));
  screenshot (GTK_WINDOW (dialog), "connector-iam-help");
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (
      cs_ui_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    screenshot (GTK_WINDOW (dialog), "connector-iam-help-role");
  }

  /* Copy puts the policy on the clipboard. */
  click (cs_iam_help_dialog_get_copy_button (dialog, "invoke"));
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, invoke);
  g_clear_pointer (&copied, g_free);
  click (cs_iam_help_dialog_get_copy_button (dialog, "trust"));
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, trust);

  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/connector-bedrock/catalog", test_catalog);
  g_test_add_func ("/ui/connector-bedrock/catalog-denied", test_catalog_denied);
  g_test_add_func ("/ui/connector-bedrock/role-uses-table", test_role_uses_table);
  g_test_add_func ("/ui/connector-bedrock/check", test_check);
  g_test_add_func ("/ui/connector-bedrock/check-cancel", test_check_cancel);
  g_test_add_func ("/ui/connector-bedrock/iam-help", test_iam_help);

  return g_test_run ();
}
