/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-export-dialog"

#include "config.h"

#include "cs-export-dialog.h"
#include "cs-export-dialog-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-export.h"

struct _CsExportDialog
{
  AdwWindow             parent_instance;

  CsSession            *session;
  char                 *connector_id;
  char                 *name;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *notices[3];
  gboolean              loaded;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *state_stack;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_status;
  GtkLabel             *notice_label;
  AdwViewStack         *view_stack;
  GtkTextView          *shell_view;
  GtkTextView          *dev_tools_view;
  GtkTextView          *terraform_view;
};

G_DEFINE_FINAL_TYPE (CsExportDialog, cs_export_dialog, ADW_TYPE_WINDOW)

static const char * const format_names[] = { "shell", "dev-tools", "terraform" };

static GtkTextView *
format_view (CsExportDialog *self,
             CsExportFormat  format)
{
  switch (format)
    {
    case CS_EXPORT_FORMAT_SHELL:     return self->shell_view;
    case CS_EXPORT_FORMAT_DEV_TOOLS: return self->dev_tools_view;
    case CS_EXPORT_FORMAT_TERRAFORM:
    default:                         return self->terraform_view;
    }
}

static CsExportFormat
visible_format (CsExportDialog *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      return (CsExportFormat) i;
  return CS_EXPORT_FORMAT_SHELL;
}

static void
visible_form_changed_cb (CsExportDialog *self)
{
  gtk_label_set_text (self->notice_label, self->notices[visible_format (self)]
                                          ? self->notices[visible_format (self)] : "");
}

static void
show_toast (CsExportDialog *self,
            const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ---- what to fill in ----------------------------------------------------------------------- */

static char *
join (GPtrArray *words)
{
  g_ptr_array_add (words, NULL);
  return g_strjoinv (", ", (char **) words->pdata);
}

static void
make_notices (CsExportDialog  *self,
              CsConnectorSpec *spec)
{
  g_autoptr(JsonNode) body = cs_export_build_connector_body (spec, "%s");
  JsonObject *credential = json_object_get_object_member (json_node_get_object (body),
                                                          "credential");
  g_autoptr(GPtrArray) shell = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dev_tools = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) terraform = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) members = credential ? json_object_get_members (credential) : NULL;
  g_autofree char *shell_list = NULL;
  g_autofree char *dev_tools_list = NULL;
  g_autofree char *terraform_list = NULL;

  g_ptr_array_add (shell, g_strdup ("OPENSEARCH_URL"));
  g_ptr_array_add (shell, g_strdup ("OPENSEARCH_USER"));
  g_ptr_array_add (shell, g_strdup ("OPENSEARCH_PASSWORD"));
  g_ptr_array_add (terraform, g_strdup ("opensearch_url"));
  g_ptr_array_add (terraform, g_strdup ("opensearch_username"));
  g_ptr_array_add (terraform, g_strdup ("opensearch_password"));
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *variable = NULL;

      /* A role ARN names a role and is written out; every other member is a secret. */
      if (g_str_equal (l->data, "roleArn"))
        continue;
      variable = cs_export_credential_variable (l->data);
      g_ptr_array_add (shell, g_strdup (variable));
      g_ptr_array_add (dev_tools, g_strdup_printf ("<REPLACE WITH %s>", variable));
      g_ptr_array_add (terraform, g_ascii_strdown (variable, -1));
    }

  shell_list = join (shell);
  terraform_list = join (terraform);
  self->notices[CS_EXPORT_FORMAT_SHELL] =
    g_strdup_printf (_("No secret is in this script. Set %s in the environment, then run it "
                       "with sh; it needs curl and python3."), shell_list);
  self->notices[CS_EXPORT_FORMAT_TERRAFORM] =
    g_strdup_printf (_("No secret is in this configuration. Set the variables %s, for example "
                       "as TF_VAR_ environment variables. For terraform-provider-opensearch "
                       "%s or later."), terraform_list, CS_EXPORT_TERRAFORM_PROVIDER_VERSION);
  if (dev_tools->len > 0)
    {
      dev_tools_list = join (dev_tools);
      self->notices[CS_EXPORT_FORMAT_DEV_TOOLS] =
        g_strdup_printf (_("No secret is in this text. Replace %s with their values, and "
                           "<CONNECTOR_ID> and <MODEL_ID> with the ids the cluster answers. "
                           "Dev Tools sends the requests with your Dashboards login."),
                         dev_tools_list);
    }
  else
    self->notices[CS_EXPORT_FORMAT_DEV_TOOLS] =
      g_strdup (_("No secret is in this text. Replace <CONNECTOR_ID> and <MODEL_ID> with the "
                  "ids the cluster answers. Dev Tools sends the requests with your Dashboards "
                  "login."));
}

/* ---- loading ------------------------------------------------------------------------------- */

static void
show_error (CsExportDialog *self,
            const char     *message)
{
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  adw_status_page_set_description (self->error_status, message);
  gtk_stack_set_visible_child_name (self->state_stack, "error");
  self->loaded = TRUE;
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(CsExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connector = cs_connectors_get_finish (CS_CLIENT (source), result, &error);
  g_autoptr(CsConnectorSpec) spec = NULL;
  CsExportOptions options = { 0 };

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (connector != NULL && JSON_NODE_HOLDS_OBJECT (connector))
    spec = cs_connector_spec_new_from_object (json_node_get_object (connector), &error);
  if (spec == NULL)
    {
      show_error (self, error ? error->message
                              : _("The cluster did not send the connector. Try again."));
      return;
    }

  options.trusted = self->session ? cs_session_get_trusted_list (self->session) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      g_autofree char *text = cs_export_generate (spec, &options, (CsExportFormat) i);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (format_view (self, i)), text, -1);
    }
  g_free (self->name);
  self->name = g_strdup (cs_connector_spec_get_name (spec));
  if (self->name != NULL && *self->name != '\0')
    {
      g_autofree char *title = g_strdup_printf (_("Export “%s” as Code"), self->name);

      adw_view_switcher_title_set_subtitle (self->switcher_title, self->name);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  make_notices (self, spec);
  /* ML Commons never returns a credential, so the spec asks for keys; on Amazon OpenSearch
   * Service the connector may have signed with a role instead. */
  if (cs_session_get_aws_managed (self->session))
    for (guint i = 0; i < G_N_ELEMENTS (self->notices); i++)
      {
        char *with_note = g_strconcat (self->notices[i], " ",
                                       _("The cluster never shows a connector’s credential, so "
                                         "the export asks for access keys; for a connector "
                                         "that signs with an IAM role, put its roleArn in the "
                                         "credential instead."), NULL);

        g_free (self->notices[i]);
        self->notices[i] = with_note;
      }
  visible_form_changed_cb (self);

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->state_stack, "content");
  /* The forms can be switched only once there are forms. */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.copy", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", TRUE);
  self->loaded = TRUE;
}

static void
load (CsExportDialog *self)
{
  CsClient *client = self->session ? cs_session_get_client (self->session) : NULL;

  if (client == NULL || cs_session_get_state (self->session) != CS_SESSION_CONNECTED)
    {
      show_error (self, _("Not connected to a cluster. Connect, then export the connector."));
      return;
    }
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  cs_connectors_get_async (client, self->connector_id, self->cancellable, get_cb,
                           g_object_ref (self));
}

/* ---- copy and save ------------------------------------------------------------------------- */

static char *
dup_visible_text (CsExportDialog *self)
{
  return cs_export_dialog_dup_text (self, visible_format (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (widget);
  g_autofree char *text = dup_visible_text (self);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  show_toast (self, _("Copied"));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *basename = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The file was not saved: %s. Choose another place."),
                              error->message);
      show_toast (self, text);
      return;
    }
  basename = g_file_get_basename (G_FILE (source));
  text = g_strdup_printf (_("Saved as %s"), basename);
  show_toast (self, text);
}

void
cs_export_dialog_save_to (CsExportDialog *self,
                          GFile          *file)
{
  char *text;
  GBytes *bytes;

  g_return_if_fail (CS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  text = dup_visible_text (self);
  if (text == NULL)
    return;
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, saved_cb, g_object_ref (self));
  g_bytes_unref (bytes);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CsExportDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    cs_export_dialog_save_to (self, file);
}

/* A file name from the connector's name: letters, digits and dashes. */
static char *
suggested_name (CsExportDialog *self,
                CsExportFormat  format)
{
  static const char * const suffixes[] = { "-setup.sh", "-dev-tools.txt", ".tf" };
  GString *out = g_string_new (NULL);

  for (const char *p = self->name ? self->name : ""; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "connector");
  g_string_append (out, suffixes[format]);
  return g_string_free (out, FALSE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (widget);
  g_autofree char *name = suggested_name (self, visible_format (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
close_shortcut (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
cs_export_dialog_dispose (GObject *object)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (cs_export_dialog_parent_class)->dispose (object);
}

static void
cs_export_dialog_finalize (GObject *object)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_free (self->connector_id);
  g_free (self->name);
  for (guint i = 0; i < G_N_ELEMENTS (self->notices); i++)
    g_free (self->notices[i]);

  G_OBJECT_CLASS (cs_export_dialog_parent_class)->finalize (object);
}

static void
cs_export_dialog_class_init (CsExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_export_dialog_dispose;
  object_class->finalize = cs_export_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "export.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "export.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "export.save",
                                       NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, close_shortcut, NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, state_stack);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, error_status);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, shell_view);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, dev_tools_view);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, terraform_view);
  gtk_widget_class_bind_template_callback (widget_class, visible_form_changed_cb);
}

static void
cs_export_dialog_init (CsExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", FALSE);
}

CsExportDialog *
cs_export_dialog_new (GtkWindow  *parent,
                      CsSession  *session,
                      const char *connector_id)
{
  CsExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CS_IS_SESSION (session), NULL);
  g_return_val_if_fail (connector_id != NULL, NULL);

  self = g_object_new (CS_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->connector_id = g_strdup (connector_id);
  load (self);
  return self;
}

/* ---- for tests ----------------------------------------------------------------------------- */

gboolean
cs_export_dialog_is_loaded (CsExportDialog *self)
{
  g_return_val_if_fail (CS_IS_EXPORT_DIALOG (self), FALSE);
  return self->loaded;
}

char *
cs_export_dialog_dup_text (CsExportDialog *self,
                           CsExportFormat  format)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CS_IS_EXPORT_DIALOG (self), NULL);
  if (!self->loaded || g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack),
                                  "content") != 0)
    return NULL;
  buffer = gtk_text_view_get_buffer (format_view (self, format));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
cs_export_dialog_show_format (CsExportDialog *self,
                              CsExportFormat  format)
{
  g_return_if_fail (CS_IS_EXPORT_DIALOG (self));
  adw_view_stack_set_visible_child_name (self->view_stack, format_names[format]);
}

char *
cs_export_dialog_dup_file_name (CsExportDialog *self)
{
  g_return_val_if_fail (CS_IS_EXPORT_DIALOG (self), NULL);
  return suggested_name (self, visible_format (self));
}

const char *
cs_export_dialog_get_notice (CsExportDialog *self)
{
  g_return_val_if_fail (CS_IS_EXPORT_DIALOG (self), NULL);
  return gtk_label_get_text (self->notice_label);
}
