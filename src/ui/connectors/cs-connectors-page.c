/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connectors-page"

#include "config.h"

#include "cs-connectors-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connector-form.h"
#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-json-view.h"
#include "cs-payload.h"
#include "cs-secret-store.h"
#include "cs-window.h"

#define SECRET_KIND_KEY   "connector-aws-secret-key"
#define SECRET_KIND_TOKEN "connector-aws-session-token"

struct _CsConnectorsPage
{
  AdwBin           parent_instance;

  /* Template Widgets */
  AdwViewStack    *stack;
  CsConnectorForm *form;
  CsJsonView      *body_view;
  CsJsonView      *payload_view;
  GtkLabel        *payload_url_label;
  GtkLabel        *payload_problem_label;
  GtkLabel        *create_hint_label;
  GtkButton       *create_button;
  GtkSpinner      *create_spinner;
  GtkLabel        *create_error_label;
  AdwPreferencesGroup *result_group;
  AdwActionRow    *result_row;
  GtkButton       *register_button;
  GtkStack        *list_stack;
  AdwStatusPage   *list_status;
  GtkButton       *list_status_button;
  GtkSpinner      *list_spinner;
  GtkListBox      *list_box;

  /* Owned References */
  CsSession       *session;
  GListStore      *connectors;
  GCancellable    *cancellable;
  char            *created_id;
  char            *draft_id;
  gulong           session_state_id;
  CsConnectorSpec *watched_spec;
  gulong           spec_changed_id;
  guint            secrets_saving;     /* keyring saves still running */
  gboolean         draft_in_keyring;   /* the draft's secrets were given to the keyring */
  gboolean         forget_when_saved;  /* created meanwhile: remove the draft after */
  gboolean         creating;
  gboolean         listing;
  AdwMessageDialog *insecure_dialog;   /* asking before AWS keys go over http:// */
  char            *insecure_ok_url;    /* the http:// cluster the user said yes for */
};

G_DEFINE_FINAL_TYPE (CsConnectorsPage, cs_connectors_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_list (CsConnectorsPage *self);

static gboolean
is_connected (CsConnectorsPage *self)
{
  return self->session != NULL && cs_session_get_state (self->session) == CS_SESSION_CONNECTED;
}

static void
copy_text (CsConnectorsPage *self,
           const char       *text,
           const char       *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  cs_widget_show_toast (GTK_WIDGET (self), toast);
}

/* ---- preview and the Create button ---- */

static JsonObject *
sample_predict_parameters (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  /* The blueprint's own test call (steps 2.3 and 3.3). */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "system_prompt");
  json_builder_add_string_value (builder, "You are a helpful assistant.");
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, "hello world");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static void
update_preview (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);
  g_autoptr(JsonNode) body = cs_connector_spec_build_body (spec, TRUE);
  g_autoptr(JsonObject) sample = sample_predict_parameters ();
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(GString) problem = g_string_new (NULL);
  CsVersion version;
  gboolean have_version = self->session != NULL && is_connected (self) &&
                          cs_session_get_version (self->session, &version);

  cs_json_view_set_json (self->body_view, body);

  preview = cs_payload_preview_new (json_node_get_object (body), sample,
                                    have_version ? &version : NULL);
  gtk_label_set_text (self->payload_url_label,
                      preview->url != NULL ? preview->url : _("No predict action"));
  if (preview->valid_json)
    {
      g_autoptr(JsonNode) rendered = json_from_string (preview->body, NULL);

      if (rendered != NULL)
        cs_json_view_set_json (self->payload_view, rendered);
      else
        cs_json_view_set_text (self->payload_view, preview->body);
    }
  else
    cs_json_view_set_text (self->payload_view, preview->body);

  if (preview->unfilled != NULL && preview->unfilled[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", preview->unfilled);

      g_string_append_printf (problem,
                              _("Left unfilled: %s. Give these parameters at predict time, or "
                                "the cluster refuses the call."), names);
    }
  if (preview->problem != NULL)
    {
      if (problem->len > 0)
        g_string_append_c (problem, '\n');
      g_string_append_printf (problem, _("The cluster would answer: %s"), preview->problem);
    }
  gtk_label_set_text (self->payload_problem_label, problem->str);
  gtk_widget_set_visible (GTK_WIDGET (self->payload_problem_label), problem->len > 0);
}

static void
update_create_state (CsConnectorsPage *self)
{
  gboolean valid = cs_connector_form_get_valid (self->form);
  gboolean connected = is_connected (self);
  const char *hint;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.create",
                                 valid && connected && !self->creating);
  /* The form stays as it is while the cluster answers. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.reset", !self->creating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.import-paste", !self->creating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.import-file", !self->creating);
  if (self->creating)
    hint = _("Creating the connector…");
  else if (!connected)
    hint = _("Connect to a cluster on the Connections page to create the connector.");
  else if (!valid)
    hint = _("Correct the fields marked in red to create the connector.");
  else
    hint = _("Ready to create. The cluster is not asked twice: if an answer gets lost, look in "
             "the list before trying again.");
  gtk_label_set_text (self->create_hint_label, hint);
  gtk_spinner_set_spinning (self->create_spinner, self->creating);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), self->creating);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !self->creating);
}

static void
spec_changed_cb (CsConnectorsPage *self)
{
  update_preview (self);
  update_create_state (self);
}

static void
form_valid_cb (CsConnectorsPage *self)
{
  update_create_state (self);
}

static void
watch_spec (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);

  /* The form replaces its spec on import and reset; follow the new one. */
  if (self->watched_spec != NULL)
    g_clear_signal_handler (&self->spec_changed_id, self->watched_spec);
  g_set_object (&self->watched_spec, spec);
  self->spec_changed_id = g_signal_connect_object (spec, "changed", G_CALLBACK (spec_changed_cb),
                                                   self, G_CONNECT_SWAPPED);
  spec_changed_cb (self);
}

/* ---- create ---- */

static void
draft_forgotten_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing to tell the user: a keyring that refused to keep the draft
   * refuses to remove it too, and at worst a draft stays in the keyring. */
  if (!cs_secret_store_delete_all_finish (CS_SECRET_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not remove a connector draft from the keyring: %s", error->message);
}

/* Once the cluster holds the secrets (encrypted), the draft copy goes. */
static void
forget_draft_secrets (CsConnectorsPage *self)
{
  g_autofree char *profile = NULL;

  if (!self->draft_in_keyring)
    return;
  self->draft_in_keyring = FALSE;
  profile = g_strconcat ("connector-draft:", self->draft_id, NULL);
  cs_secret_store_delete_all_async (cs_secret_store_get_default (), profile, NULL,
                                    draft_forgotten_cb, NULL);
}

static void
secret_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_save_finish (CS_SECRET_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cs_widget_show_toast (GTK_WIDGET (self), error->message);

  g_assert (self->secrets_saving > 0);
  if (--self->secrets_saving == 0 && self->forget_when_saved)
    {
      self->forget_when_saved = FALSE;
      forget_draft_secrets (self);
    }
}

/* While a connector is being created, its secrets are kept in the keyring
 * (and nowhere else on disk) under the draft's id; the draft copy goes once
 * the cluster holds them, when the form starts over, or when the page goes. */
static void
save_secrets (CsConnectorsPage *self,
              CsConnectorSpec  *spec)
{
  CsSecretStore *store = cs_secret_store_get_default ();
  g_autofree char *profile = g_strconcat ("connector-draft:", self->draft_id, NULL);
  const char *secret = cs_connector_spec_get_secret_key (spec);
  const char *token = cs_connector_spec_get_session_token (spec);

  if (cs_connector_spec_get_credential_kind (spec) != CS_CREDENTIAL_KIND_KEYS)
    return;
  if (secret[0] != '\0')
    {
      self->secrets_saving++;
      self->draft_in_keyring = TRUE;
      cs_secret_store_save_async (store, profile, SECRET_KIND_KEY, secret, self->cancellable,
                                  secret_saved_cb, g_object_ref (self));
    }
  if (token[0] != '\0')
    {
      self->secrets_saving++;
      self->draft_in_keyring = TRUE;
      cs_secret_store_save_async (store, profile, SECRET_KIND_TOKEN, token, self->cancellable,
                                  secret_saved_cb, g_object_ref (self));
    }
}

/* Called on the frames after the result appeared: on the second one it has
 * its size and place, and focusing it scrolls it into view. */
static gboolean
focus_register_tick (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  guint *ticks = user_data;

  if (++(*ticks) < 2)
    return G_SOURCE_CONTINUE;
  gtk_widget_grab_focus (widget);
  return G_SOURCE_REMOVE;
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = cs_connectors_create_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->creating = FALSE;
  update_create_state (self);

  if (id == NULL)
    {
      /* The form keeps everything the user typed. */
      gtk_label_set_text (self->create_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), TRUE);
      return;
    }

  if (self->secrets_saving > 0)
    self->forget_when_saved = TRUE;
  else
    forget_draft_secrets (self);
  g_free (self->created_id);
  self->created_id = g_steal_pointer (&id);
  adw_action_row_set_subtitle (self->result_row, self->created_id);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
  /* One primary action at a time: the next step is registering a model. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->create_button), "suggested-action");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.copy-id", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.register-model", TRUE);
  /* The next step, in view and focused, once the result has its place. */
  gtk_widget_add_tick_callback (GTK_WIDGET (self->register_button), focus_register_tick,
                                g_new0 (guint, 1), g_free);
  cs_widget_show_toast (GTK_WIDGET (self), _("Connector created"));
  refresh_list (self);
}

static void
start_create (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);
  g_autoptr(JsonNode) body = NULL;

  if (self->creating || !is_connected (self) || !cs_connector_form_get_valid (self->form))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->create_button), "suggested-action");
  save_secrets (self, spec);

  body = cs_connector_spec_build_body (spec, FALSE);
  self->creating = TRUE;
  update_create_state (self);
  cs_connectors_create_async (cs_session_get_client (self->session), body, self->cancellable,
                              create_cb, g_object_ref (self));
}

static void
insecure_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CsConnectorsPage *self)
{
  const char *url = g_object_get_data (G_OBJECT (dialog), "cs-url");

  if (self->insecure_dialog == dialog)
    self->insecure_dialog = NULL;
  if (g_strcmp0 (response, "send") != 0 || !is_connected (self) ||
      g_strcmp0 (url, cs_client_get_base_url (cs_session_get_client (self->session))) != 0)
    return;

  g_free (self->insecure_ok_url);
  self->insecure_ok_url = g_strdup (url);
  start_create (self);
}

/* The _create body holds the AWS keys: over plain http:// anyone on the way
 * can read them, so the user says yes first (once per cluster). */
static gboolean
confirm_insecure_keys (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);
  const char *url = cs_client_get_base_url (cs_session_get_client (self->session));
  AdwMessageDialog *dialog;

  if (cs_connector_spec_get_credential_kind (spec) != CS_CREDENTIAL_KIND_KEYS ||
      !cs_profile_url_is_plain_http (url) ||
      g_strcmp0 (url, self->insecure_ok_url) == 0)
    return FALSE;

  if (self->insecure_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->insecure_dialog));
      return TRUE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (
                                                                   GTK_WIDGET (self))),
                                                       _("Send AWS Keys Over http://?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("The cluster at %s uses plain http://. The connector’s AWS "
                                    "access key and secret key travel unencrypted, so anyone on "
                                    "the network can read them. Continue only on a network you "
                                    "trust, or connect to the cluster over https://."),
                                  url);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Keys Over http://"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cs-url", g_strdup (url), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (insecure_response_cb), self, 0);
  self->insecure_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  if (self->creating || !is_connected (self) || !cs_connector_form_get_valid (self->form))
    return;
  if (confirm_insecure_keys (self))
    return;
  start_create (self);
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);
  g_autofree char *curl = NULL;
  const char *base = is_connected (self) ?
                     cs_client_get_base_url (cs_session_get_client (self->session)) : NULL;

  curl = cs_connector_spec_to_curl (cs_connector_form_get_spec (self->form), base);
  copy_text (self, curl, _("Copied with the secrets masked: put yours in before running it"));
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  if (self->created_id != NULL)
    copy_text (self, self->created_id, _("Connector ID copied"));
}

static void
register_model_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  if (self->created_id == NULL || self->session == NULL)
    return;
  cs_session_set_connector_id (self->session, self->created_id);
  gtk_widget_activate_action (widget, "win.show-page", "s", "models");
}

static void
new_draft (CsConnectorsPage *self)
{
  /* The form starts over: the old draft's secrets must not stay behind. */
  if (self->draft_id != NULL)
    forget_draft_secrets (self);
  g_free (self->draft_id);
  self->draft_id = g_uuid_string_random ();
  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  new_draft (self);
  cs_connector_form_set_spec (self->form, NULL);
  watch_spec (self);
}

/* ---- import ---- */

gboolean
cs_connectors_page_import_json (CsConnectorsPage  *self,
                                const char        *text,
                                GError           **error)
{
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autofree char *toast = NULL;

  g_return_val_if_fail (CS_IS_CONNECTORS_PAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  spec = cs_connector_spec_new_from_json (text, error);
  if (spec == NULL)
    return FALSE;

  new_draft (self);
  cs_connector_form_set_spec (self->form, spec);
  watch_spec (self);
  adw_view_stack_set_visible_child_name (self->stack, "new");

  if (cs_connector_spec_get_kept (spec)[0] != NULL)
    toast = g_strdup (_("Imported; parts the form does not edit are kept as they were"));
  else
    toast = g_strdup (_("Imported into the form"));
  cs_widget_show_toast (GTK_WIDGET (self), toast);
  return TRUE;
}

static void show_paste_dialog (CsConnectorsPage *self,
                               const char       *text,
                               const char       *problem);

static void
paste_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CsConnectorsPage *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "cs-text-view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "import") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!cs_connectors_page_import_json (self, text, &error))
    show_paste_dialog (self, text, error->message); /* again, with the text kept */
}

static void
show_paste_dialog (CsConnectorsPage *self,
                   const char       *text,
                   const char       *problem)
{
  GtkWidget *dialog, *box, *scroller, *view, *label;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Import a Connector"),
                                   _("Paste the body of a _create request, such as one of the "
                                     "blueprint’s. Secrets in it stay on this computer until you "
                                     "create the connector."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 260);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_widget_add_css_class (scroller, "card");
  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Connector JSON"), -1);
  if (text != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), scroller);
  if (problem != NULL)
    {
      label = gtk_label_new (problem);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "cs-text-view", view);

  g_signal_connect_object (dialog, "response", G_CALLBACK (paste_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

static void
import_paste_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_paste_dialog (CS_CONNECTORS_PAGE (widget), NULL, NULL);
}

static void
show_error_dialog (CsConnectorsPage *self,
                   const char       *heading,
                   const char       *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error_dialog (self, _("Could Not Read the File"), error->message);
      return;
    }
  if (!g_utf8_validate (contents, length, NULL))
    {
      show_error_dialog (self, _("Could Not Import the File"),
                         _("The file is not text. Choose a JSON file with a connector body."));
      return;
    }
  if (!cs_connectors_page_import_json (self, contents, &error))
    show_error_dialog (self, _("Could Not Import the File"), error->message);
}

static void
file_chosen_cb (GtkNativeDialog  *chooser,
                int               response,
                CsConnectorsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        g_file_load_contents_async (file, self->cancellable, file_loaded_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Connector"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_filter_set_name (json, _("JSON Files"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the list ---- */

static void
show_list_status (CsConnectorsPage *self,
                  const char       *icon,
                  const char       *title,
                  const char       *description,
                  const char       *button_label,
                  const char       *action,
                  const char       *target)
{
  adw_status_page_set_icon_name (self->list_status, icon);
  adw_status_page_set_title (self->list_status, title);
  adw_status_page_set_description (self->list_status, description);
  gtk_widget_set_visible (GTK_WIDGET (self->list_status_button), button_label != NULL);
  if (button_label != NULL)
    {
      gtk_button_set_label (self->list_status_button, button_label);
      /* Target first: the action helper checks it against the action's type. */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->list_status_button), NULL);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->list_status_button),
                                              target != NULL ? g_variant_new_string (target) : NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->list_status_button), action);
    }
  gtk_stack_set_visible_child_name (self->list_stack, "status");
}

static void
update_list_view (CsConnectorsPage *self)
{
  gtk_spinner_set_spinning (self->list_spinner, self->listing);
  gtk_widget_set_visible (GTK_WIDGET (self->list_spinner), self->listing);

  if (!is_connected (self))
    show_list_status (self, "network-offline-symbolic", _("Not Connected"),
                      _("Connect to a cluster to see its connectors."),
                      _("_Go to Connections"), "win.show-page", "connections");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->connectors)) == 0 && !self->listing)
    show_list_status (self, "insert-link-symbolic", _("No Connectors"),
                      _("This cluster has no connectors yet. Create one on the New Connector tab."),
                      _("_Refresh"), "connectors.refresh", NULL);
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  store = cs_connectors_search_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->listing = FALSE;

  if (store == NULL)
    {
      update_list_view (self);
      show_list_status (self, "dialog-warning-symbolic", _("Could Not List the Connectors"),
                        error->message, _("_Try Again"), "connectors.refresh", NULL);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_list_store_splice (self->connectors, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->connectors)),
                       items->pdata, items->len);
  update_list_view (self);
}

static void
refresh_list (CsConnectorsPage *self)
{
  if (!is_connected (self))
    {
      g_list_store_remove_all (self->connectors);
      update_list_view (self);
      return;
    }
  self->listing = TRUE;
  update_list_view (self);
  cs_connectors_search_async (cs_session_get_client (self->session), self->cancellable,
                              search_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_list (CS_CONNECTORS_PAGE (widget));
}

static GtkWidget *
create_connector_row (gpointer item,
                      gpointer user_data)
{
  CsConnectorInfo *info = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *view, *delete;
  const char *name = cs_connector_info_get_name (info);
  const char *model = cs_connector_info_get_model (info);
  const char *region = cs_connector_info_get_region (info);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GVariant *target = g_variant_new_string (cs_connector_info_get_id (info));

  if (model != NULL)
    g_string_append (subtitle, model);
  if (region != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", region);
  g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "",
                          cs_connector_info_get_id (info));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 name != NULL && name[0] != '\0' ? name : _("Unnamed connector"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  view = gtk_button_new_from_icon_name ("text-x-generic-symbolic");
  gtk_widget_set_valign (view, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (view, "flat");
  gtk_widget_set_tooltip_text (view, _("Show the connector’s JSON"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (view), "connectors.view");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (view), target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), view);

  delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "flat");
  gtk_widget_set_tooltip_text (delete, _("Delete the connector"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "connectors.delete");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (delete), target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);

  return row;
}

static CsConnectorInfo *
find_info (CsConnectorsPage *self,
           const char       *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->connectors)); i++)
    {
      g_autoptr(CsConnectorInfo) info = g_list_model_get_item (G_LIST_MODEL (self->connectors), i);

      if (g_strcmp0 (cs_connector_info_get_id (info), id) == 0)
        return info; /* the store keeps it alive */
    }
  return NULL;
}

/* ---- view ---- */

static void
view_copy_clicked_cb (GtkButton *button,
                      CsJsonView *view)
{
  g_autofree char *text = cs_json_view_dup_text (view);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
}

static void
view_edit_clicked_cb (GtkButton        *button,
                      CsConnectorsPage *self)
{
  CsJsonView *view = g_object_get_data (G_OBJECT (button), "cs-json-view");
  g_autofree char *text = cs_json_view_dup_text (view);
  g_autoptr(GError) error = NULL;

  if (cs_connectors_page_import_json (self, text, &error))
    gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
  else
    cs_widget_show_toast (GTK_WIDGET (self), error->message);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connector = NULL;
  GtkWidget *window, *box, *header, *title, *copy, *edit, *view;
  const char *name = NULL;

  connector = cs_connectors_get_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (connector == NULL)
    {
      show_error_dialog (self, _("Could Not Show the Connector"), error->message);
      return;
    }

  if (json_object_has_member (json_node_get_object (connector), "name"))
    name = json_object_get_string_member (json_node_get_object (connector), "name");

  window = adw_window_new ();
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 600);
  gtk_window_set_title (GTK_WINDOW (window), name != NULL ? name : _("Connector"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (name != NULL ? name : _("Connector"),
                                _("As stored on the cluster, without credentials"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  view = cs_json_view_new ();
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_set_margin_start (view, 12);
  gtk_widget_set_margin_end (view, 12);
  gtk_widget_set_margin_top (view, 12);
  gtk_widget_set_margin_bottom (view, 12);
  cs_json_view_set_json (CS_JSON_VIEW (view), connector);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _("Copy the JSON"));
  g_signal_connect (copy, "clicked", G_CALLBACK (view_copy_clicked_cb), view);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), copy);
  edit = gtk_button_new_with_mnemonic (_("_Edit as New"));
  gtk_widget_set_tooltip_text (edit, _("Fill the form with this connector to create a new one"));
  g_object_set_data (G_OBJECT (edit), "cs-json-view", view);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (view_edit_clicked_cb), self, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), edit);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  if (!is_connected (self))
    return;
  cs_connectors_get_async (cs_session_get_client (self->session),
                           g_variant_get_string (parameter, NULL), self->cancellable,
                           get_cb, g_object_ref (self));
}

/* ---- delete ---- */

static void
in_use_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CsConnectorsPage *self)
{
  if (g_strcmp0 (response, "models") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "models");
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean gone = FALSE;

  if (!cs_connectors_delete_finish (CS_CLIENT (source), result, &gone, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, CS_ERROR, CS_ERROR_CONFLICT))
        {
          GtkWidget *dialog =
            adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                    _("Connector Still in Use"), error->message);

          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                            "close", _("_Close"),
                                            "models", _("Open _Models"),
                                            NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "models",
                                                      ADW_RESPONSE_SUGGESTED);
          g_signal_connect_object (dialog, "response", G_CALLBACK (in_use_response_cb), self, 0);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        show_error_dialog (self, _("Could Not Delete the Connector"), error->message);
      return;
    }

  cs_widget_show_toast (GTK_WIDGET (self),
                        gone ? _("The connector was already gone") : _("Connector deleted"));
  refresh_list (self);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CsConnectorsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "cs-connector-id");

  if (g_strcmp0 (response, "delete") != 0 || !is_connected (self))
    return;
  cs_connectors_delete_async (cs_session_get_client (self->session), id, self->cancellable,
                              delete_cb, g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  CsConnectorInfo *info = find_info (self, id);
  const char *name = info != NULL ? cs_connector_info_get_name (info) : NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (_("Delete “%s”?"), name != NULL && name[0] != '\0' ? name : id);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("The connector and the credentials stored in it are removed "
                                     "from the cluster. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cs-connector-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- session ---- */

static void
session_state_cb (CsConnectorsPage *self)
{
  update_create_state (self);
  update_preview (self);
  refresh_list (self);
}

/* ---- GObject ---- */

static void
cs_connectors_page_dispose (GObject *object)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->insecure_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->insecure_dialog)));
  if (self->session != NULL)
    g_clear_signal_handler (&self->session_state_id, self->session);
  g_clear_object (&self->session);
  if (self->watched_spec != NULL)
    g_clear_signal_handler (&self->spec_changed_id, self->watched_spec);
  g_clear_object (&self->watched_spec);

  if (self->draft_id != NULL && self->secrets_saving == 0)
    {
      forget_draft_secrets (self);
      g_clear_pointer (&self->draft_id, g_free);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTORS_PAGE);

  G_OBJECT_CLASS (cs_connectors_page_parent_class)->dispose (object);
}

static void
cs_connectors_page_finalize (GObject *object)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->connectors);
  g_free (self->created_id);
  g_free (self->draft_id);
  g_free (self->insecure_ok_url);

  G_OBJECT_CLASS (cs_connectors_page_parent_class)->finalize (object);
}

static void
cs_connectors_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connectors_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: cs_connectors_page_set_session (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connectors_page_class_init (CsConnectorsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connectors_page_dispose;
  object_class->finalize = cs_connectors_page_finalize;
  object_class->get_property = cs_connectors_page_get_property;
  object_class->set_property = cs_connectors_page_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_CONNECTOR_FORM);
  g_type_ensure (CS_TYPE_JSON_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connectors-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, form);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, payload_view);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, payload_url_label);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, payload_problem_label);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, create_hint_label);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, create_error_label);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, result_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, register_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, list_status);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, list_status_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, form_valid_cb);

  gtk_widget_class_install_action (widget_class, "connectors.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "connectors.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_install_action (widget_class, "connectors.copy-id", NULL, copy_id_action);
  gtk_widget_class_install_action (widget_class, "connectors.register-model", NULL,
                                   register_model_action);
  gtk_widget_class_install_action (widget_class, "connectors.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "connectors.import-paste", NULL,
                                   import_paste_action);
  gtk_widget_class_install_action (widget_class, "connectors.import-file", NULL,
                                   import_file_action);
  gtk_widget_class_install_action (widget_class, "connectors.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "connectors.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "connectors.delete", "s", delete_action);
}

static void
cs_connectors_page_init (CsConnectorsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->connectors = g_list_store_new (CS_TYPE_CONNECTOR_INFO);
  self->draft_id = g_uuid_string_random ();
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->connectors),
                           create_connector_row, self, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.copy-id", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.register-model", FALSE);
  watch_spec (self);
  update_list_view (self);
}

CsSession *
cs_connectors_page_get_session (CsConnectorsPage *self)
{
  g_return_val_if_fail (CS_IS_CONNECTORS_PAGE (self), NULL);
  return self->session;
}

void
cs_connectors_page_set_session (CsConnectorsPage *self,
                                CsSession        *session)
{
  g_return_if_fail (CS_IS_CONNECTORS_PAGE (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    g_clear_signal_handler (&self->session_state_id, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    self->session_state_id = g_signal_connect_object (session, "notify::state",
                                                      G_CALLBACK (session_state_cb), self,
                                                      G_CONNECT_SWAPPED);
  cs_connector_form_set_session (self->form, session);
  session_state_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
cs_connectors_page_get_created_id (CsConnectorsPage *self)
{
  g_return_val_if_fail (CS_IS_CONNECTORS_PAGE (self), NULL);
  return self->created_id;
}
