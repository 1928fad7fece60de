/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cs-connector-list.h"
#include "cs-connector-row.h"
#include "cs-export-dialog.h"
#include "cs-export-dialog-private.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  CsTestSandbox   *sandbox;
  CsClient        *client;
  CsSession       *session;
  GtkWindow       *window;
  CsConnectorList *list;
  char            *connector_id;
} Fixture;

static gboolean
has_row (gpointer data)
{
  return cs_ui_test_find_by_type (data, CS_TYPE_CONNECTOR_ROW) != NULL;
}

/* A connector list in a window, connected to a sandbox with one connector made with keys. */
static void
fixture_set_up_full (Fixture  *f,
                     gboolean  aws_managed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  JsonObject *obj = json_node_get_object (body);
  JsonObject *credential = json_object_new ();
  g_autoptr(JsonNode) answer = NULL;
  CsVersion version;

  f->sandbox = aws_managed
    ? cs_test_sandbox_start ("--no-tls", "--opensearch-version", "2.19.1", "--aws-managed", NULL)
    : cs_test_sandbox_start ("--no-tls", "--opensearch-version", "2.19.1", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);

  json_object_set_string_member (obj, "name", "Claude Thinking (us-east-1)");
  json_object_set_string_member (json_object_get_object_member (obj, "parameters"), "region",
                                 "us-east-1");
  json_object_set_string_member (credential, "access_key", CS_TEST_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", CS_TEST_SECRET_KEY);
  json_object_set_object_member (obj, "credential", credential);
  answer = cs_test_request (f->client, "POST", "_plugins/_ml/connectors/_create", body, NULL,
                            NULL, &error);
  g_assert_no_error (error);
  f->connector_id = g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                             "connector_id"));

  f->session = cs_session_new ();
  g_assert_true (cs_version_parse ("2.19.1", &version));
  cs_session_set_connected (f->session, "test-profile", f->client, "sandbox", &version,
                            aws_managed);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  f->list = g_object_new (CS_TYPE_CONNECTOR_LIST, "session", f->session, NULL);
  f->window = GTK_WINDOW (adw_window_new ());
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->list));
  gtk_window_set_default_size (f->window, 900, 760);
  gtk_window_present (f->window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (cs_ui_test_wait_until (has_row, f->list, cs_test_scaled_ms (WAIT_MS)));
}

static void
fixture_set_up (Fixture *f)
{
  fixture_set_up_full (f, FALSE);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (f->window);
  cs_ui_test_spin (50);
  g_clear_object (&f->session);
  g_clear_object (&f->client);
  g_clear_pointer (&f->connector_id, g_free);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static CsExportDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CS_IS_EXPORT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CS_EXPORT_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_loaded (gpointer data)
{
  CsExportDialog *dialog = find_dialog ();

  return dialog != NULL && cs_export_dialog_is_loaded (dialog);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, CS_TEST_ACCESS_KEY));
  g_assert_null (strstr (text, CS_TEST_SECRET_KEY));
}

static void
text_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;
  gint64 deadline = cs_test_deadline (5000);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, text_read_cb, &text);
  while (text == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return text;
}

/* The row's menu opens the dialog; each form is shown with what to fill in above it, Copy
 * puts the shown form on the clipboard, and no secret is in any of it. */
static void
test_export_forms (void)
{
  static const struct
  {
    CsExportFormat format;
    const char    *screenshot;
    const char    *suffix;
    const char    *in_text[3];
    const char    *in_notice[3];
  } forms[] = {
    { CS_EXPORT_FORMAT_SHELL, "export-shell", "-setup.sh",
      { "#!/bin/sh", "/_plugins/_ml/models/_register?deploy=true", "/_predict" },
      { "OPENSEARCH_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" } },
    { CS_EXPORT_FORMAT_DEV_TOOLS, "export-dev-tools", "-dev-tools.txt",
      { "POST /_plugins/_ml/connectors/_create", "POST /_plugins/_ml/models/_register",
        "/_predict" },
      { "<REPLACE WITH AWS_SECRET_ACCESS_KEY>", "<CONNECTOR_ID>", "<MODEL_ID>" } },
    { CS_EXPORT_FORMAT_TERRAFORM, "export-terraform", ".tf",
      { "resource \"opensearch_ml_connector\"", "resource \"opensearch_ml_model\"",
        "sensitive   = true" },
      { "opensearch_password", "aws_secret_access_key", "2.4.0" } },
  };
  Fixture f = { 0 };
  GtkWidget *row;
  CsExportDialog *dialog;
  GtkWidget *copy;

  fixture_set_up (&f);
  row = cs_ui_test_find_by_type (GTK_WIDGET (f.list), CS_TYPE_CONNECTOR_ROW);
  g_assert_nonnull (cs_ui_test_find_by_type (row, GTK_TYPE_MENU_BUTTON));
  g_assert_true (gtk_widget_activate_action (row, "connector-row.export", NULL));
  g_assert_true (cs_ui_test_wait_until (dialog_loaded, NULL, cs_test_scaled_ms (WAIT_MS)));
  dialog = find_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == f.window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
  copy = cs_ui_test_find_button (GTK_WIDGET (dialog), "Copy the shown form");
  g_assert_nonnull (copy);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *copied = NULL;
      const char *notice;

      cs_export_dialog_show_format (dialog, forms[i].format);
      cs_ui_test_wait_for_draw (GTK_WIDGET (dialog));
      text = cs_export_dialog_dup_text (dialog, forms[i].format);
      g_assert_nonnull (text);
      notice = cs_export_dialog_get_notice (dialog);
      g_assert_true (g_str_has_prefix (notice, "No secret is in this"));
      for (guint j = 0; j < 3; j++)
        {
          if (strstr (text, forms[i].in_text[j]) == NULL)
            g_error ("%s: no \"%s\" in the text", forms[i].screenshot, forms[i].in_text[j]);
          if (strstr (notice, forms[i].in_notice[j]) == NULL)
            g_error ("%s: no \"%s\" in the notice \"%s\"", forms[i].screenshot,
                     forms[i].in_notice[j], notice);
        }
      /* The connector itself, not a blueprint: its name and id-less body. */
      g_assert_nonnull (strstr (text, "Claude Thinking (us-east-1)"));
      assert_no_secret (text);
      assert_no_secret (notice);

      g_signal_emit_by_name (copy, "clicked");
      copied = clipboard_text (GTK_WIDGET (dialog));
      g_assert_cmpstr (copied, ==, text);
      g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), forms[i].screenshot));

      /* Save… writes the shown form, under a name made from the connector's. */
      {
        g_autofree char *name = cs_export_dialog_dup_file_name (dialog);
        g_autofree char *dir = g_dir_make_tmp ("cs-export-dialog-XXXXXX", NULL);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autofree char *saved = NULL;

        g_assert_true (g_str_has_prefix (name, "claude-thinking-us-east-1"));
        g_assert_true (g_str_has_suffix (name, forms[i].suffix));
        cs_export_dialog_save_to (dialog, file);
        g_assert_true (cs_ui_test_wait_until (file_exists, (gpointer) path,
                                              cs_test_scaled_ms (WAIT_MS)));
        cs_ui_test_spin (50);
        g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
        g_assert_cmpstr (saved, ==, text);
        g_unlink (path);
        g_rmdir (dir);
      }
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

/* A connector the cluster does not have: the dialog says so, Copy and Save stay off. */
static void
test_export_missing (void)
{
  Fixture f = { 0 };
  CsExportDialog *dialog;

  fixture_set_up (&f);
  dialog = cs_export_dialog_new (f.window, f.session, "no-such-connector");
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (cs_ui_test_wait_until (dialog_loaded, NULL, cs_test_scaled_ms (WAIT_MS)));
  g_assert_null (cs_export_dialog_dup_text (dialog, CS_EXPORT_FORMAT_SHELL));
  g_assert_nonnull (cs_ui_test_find_label (GTK_WIDGET (dialog), "Could Not Export"));
  g_assert_false (gtk_widget_get_sensitive (cs_ui_test_find_button (GTK_WIDGET (dialog),
                                                                   "Copy the shown form")));
  g_assert_false (gtk_widget_get_sensitive (cs_ui_test_find_button (GTK_WIDGET (dialog),
                                                                   "_Save…")));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (dialog), "export-missing"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

/* On Amazon OpenSearch Service a connector may sign with a role, which the cluster does not
 * show either: the note says what to put instead of the keys. Elsewhere it does not. */
static void
test_export_aws_note (void)
{
  for (guint aws = 0; aws <= 1; aws++)
    {
      Fixture f = { 0 };
      CsExportDialog *dialog;

      fixture_set_up_full (&f, aws);
      dialog = cs_export_dialog_new (f.window, f.session, f.connector_id);
      gtk_window_present (GTK_WINDOW (dialog));
      g_assert_true (cs_ui_test_wait_until (dialog_loaded, NULL, cs_test_scaled_ms (WAIT_MS)));
      for (CsExportFormat format = CS_EXPORT_FORMAT_SHELL; format <= CS_EXPORT_FORMAT_TERRAFORM;
           format++)
        {
          cs_export_dialog_show_format (dialog, format);
          g_assert_true ((strstr (cs_export_dialog_get_notice (dialog), "roleArn") != NULL)
                         == aws);
        }
      gtk_window_destroy (GTK_WINDOW (dialog));
      fixture_tear_down (&f);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/export/forms", test_export_forms);
  g_test_add_func ("/ui/export/missing", test_export_missing);
  g_test_add_func ("/ui/export/aws-note", test_export_aws_note);

  return g_test_run ();
}
