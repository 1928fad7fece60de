/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connectors-page"

#include "config.h"

#include "cs-connectors-page-private.h"

#include <glib/gi18n.h>

#include "cs-keys-over-http-dialog.h"
#include <string.h>

#include "cs-connector-draft.h"
#include "cs-connector-form.h"
#include "cs-connector-import.h"
#include "cs-connector-list.h"
#include "cs-connector-review-dialog.h"
#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-json-view.h"
#include "cs-key-rotation-dialog.h"
#include "cs-payload.h"
#include "cs-session-token-record.h"
#include "cs-window.h"

struct _CsConnectorsPage
{
  AdwBin               parent_instance;

  /* Template Widgets */
  AdwViewStack        *stack;
  GtkScrolledWindow   *new_scrolled;
  GtkSpinner          *import_spinner;
  CsConnectorForm     *form;
  CsJsonView          *body_view;
  CsJsonView          *payload_view;
  GtkLabel            *payload_url_label;
  GtkLabel            *payload_problem_label;
  GtkLabel            *create_hint_label;
  GtkButton           *create_button;
  GtkSpinner          *create_spinner;
  GtkLabel            *create_error_label;
  AdwPreferencesGroup *result_group;
  AdwActionRow        *result_row;
  GtkButton           *register_button;
  CsConnectorList     *list;

  /* Owned References */
  CsSession           *session;
  GSignalGroup        *session_signals;
  GSignalGroup        *spec_signals;     /* follows the form's spec */
  GCancellable        *cancellable;
  char                *created_id;
  CsConnectorDraft    *draft;            /* the form's secrets while creating */
  gboolean             creating;
  gboolean             created;          /* the form is what was created: no second create */
  AdwMessageDialog    *insecure_dialog;  /* asking before AWS keys go over http:// */
  char                *insecure_ok_url;  /* the http:// cluster the user said yes for */
  char                *editing_id;       /* the connector on the cluster the form edits */
  GCancellable        *edit_cancellable; /* reading the connector to edit */
  guint                reveal_tick;      /* bringing the created result into view */
  guint                reveal_frames;
  GCancellable        *import_cancellable; /* the import going on, NULL when none */
  guint                import_busy_id;   /* shows the spinner once an import takes a while */
  CsConnectorImport   *applying;         /* the import the form is taking now (not owned) */
  CsConnectorImport   *waiting;          /* an import waiting for a frame to end */
  GTask               *waiting_task;     /* its cs_connectors_page_import_json_async */
  guint                waiting_tick;
  guint                waiting_idle;
  guint                waiting_timeout;
};

/* An import that takes longer than this shows that it is working. */
#define IMPORT_BUSY_DELAY_MS 150
/* An import waits no longer than this for a frame to end (a window that
 * draws no frames, hidden or minimized, takes it at once after that). */
#define FRAME_WAIT_MS 100

G_DEFINE_FINAL_TYPE (CsConnectorsPage, cs_connectors_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
set_payload (CsConnectorsPage *self,
             CsPayloadPreview *preview)
{
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
}

static void
update_preview (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsPayloadPreview) own_preview = NULL;
  CsPayloadPreview *preview;
  g_autoptr(GString) problem = g_string_new (NULL);
  CsVersion version;
  gboolean have_version = self->session != NULL && is_connected (self) &&
                          cs_session_get_version (self->session, &version);
  /* An import made the body and the preview in its thread; the import
   * fills the body view itself, piece by piece. */
  CsConnectorImport *import = self->applying != NULL && self->applying->spec == spec ?
                              self->applying : NULL;

  if (import != NULL &&
      cs_connector_import_matches (import, have_version ? &version : NULL, import->aws_managed))
    {
      preview = import->preview;
      gtk_label_set_text (self->payload_url_label,
                          preview->url != NULL ? preview->url : _("No predict action"));
      cs_json_view_set_text (self->payload_view, import->payload_text != NULL ?
                                                 import->payload_text : preview->body);
    }
  else
    {
      g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();

      body = cs_connector_spec_build_body (spec, TRUE);
      if (import == NULL)
        cs_json_view_set_json (self->body_view, body);
      preview = own_preview = cs_payload_preview_new (json_node_get_object (body), sample,
                                                      have_version ? &version : NULL);
      gtk_label_set_text (self->payload_url_label,
                          preview->url != NULL ? preview->url : _("No predict action"));
      set_payload (self, preview);
    }

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
  const char *problem = cs_connector_form_get_first_problem (self->form);
  g_autofree char *owned = NULL;
  const char *hint;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.create",
                                 valid && connected && !self->creating && !self->created);
  /* The form stays as it is while the cluster answers. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.reset", !self->creating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.import-paste", !self->creating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.import-file", !self->creating);
  if (self->editing_id != NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.create", valid && connected);
      gtk_button_set_label (self->create_button, _("_Review Changes…"));
      if (!connected)
        hint = _("Connect to the cluster on the Connections page to review the changes.");
      else if (!valid && problem != NULL)
        hint = owned = g_strdup_printf (_("To review the changes: %s"), problem);
      else if (!valid)
        hint = _("Correct the fields marked in red to review the changes.");
      else
        hint = _("Editing a connector on the cluster. Nothing is sent until you have reviewed "
                 "what changes and how it is applied.");
      gtk_label_set_text (self->create_hint_label, hint);
      gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->form), TRUE);
      return;
    }
  gtk_button_set_label (self->create_button, _("_Create Connector"));
  if (self->creating)
    hint = _("Creating the connector…");
  else if (!connected)
    hint = _("Connect to a cluster on the Connections page to create the connector.");
  else if (!valid && problem != NULL)
    /* Also before the field is marked: Create says why it is off. */
    hint = owned = g_strdup_printf (_("To create the connector: %s"), problem);
  else if (!valid)
    hint = _("Correct the fields marked in red to create the connector.");
  else if (self->created)
    hint = _("The cluster holds this connector. Change the form to create another one.");
  else
    hint = _("Ready to create. The cluster is asked once: if its answer gets lost, the "
             "cluster is searched for what it made before anything is sent again.");
  gtk_label_set_text (self->create_hint_label, hint);
  gtk_spinner_set_spinning (self->create_spinner, self->creating);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), self->creating);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !self->creating);
}

static void
spec_changed_cb (CsConnectorsPage *self)
{
  /* A changed form is a new connector: Create may be used again. */
  self->created = FALSE;
  update_preview (self);
  update_create_state (self);
}

static void
form_valid_cb (CsConnectorsPage *self)
{
  update_create_state (self);
}

/* ---- create ---- */

static void
secrets_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connector_draft_save_secrets_finish (CS_CONNECTOR_DRAFT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cs_widget_show_toast (GTK_WIDGET (self), error->message);
}

/* Once laid out (a frame after it was shown), scrolls the new connector's result to the top of
 * the form, where the user is looking and no toast covers it, and focuses its next step. */
static gboolean
reveal_result_tick_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (user_data);
  GtkWidget *content = gtk_scrolled_window_get_child (self->new_scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->new_scrolled);
  graphene_rect_t bounds;

  if (self->reveal_frames-- > 0)
    return G_SOURCE_CONTINUE;
  self->reveal_tick = 0;
  /* In the scrolled content's own coordinates, not the viewport's. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (content != NULL && gtk_widget_compute_bounds (widget, content, &bounds))
    gtk_adjustment_set_value (adjustment, MAX (0, bounds.origin.y - 12));
  gtk_widget_grab_focus (GTK_WIDGET (self->register_button));
  return G_SOURCE_REMOVE;
}

static void
reveal_result (CsConnectorsPage *self)
{
  self->reveal_frames = 1;
  if (self->reveal_tick == 0)
    self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->result_group),
                                                      reveal_result_tick_cb, self, NULL);
}

/* When the keys sent hold a session token, when it was entered (never the token) is noted so
 * that the Playground can warn before it is likely to expire. */
static void
note_session_token (CsConnectorsPage *self,
                    const char       *connector_id)
{
  const char *token = cs_connector_spec_get_session_token (cs_connector_form_get_spec (self->form));
  g_autoptr(GError) error = NULL;

  if (connector_id == NULL || token == NULL || token[0] == '\0')
    return;
  if (!cs_session_token_record_note (NULL, connector_id, NULL, &error))
    g_warning ("Could not note when the session token was entered: %s", error->message);
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
      /* The answer was lost but the cluster created it: offer that one. */
      if (!g_error_matches (error, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND))
        return;
      id = g_strdup (cs_connectors_create_get_found_id (result));
    }

  self->created = TRUE;
  update_create_state (self);
  cs_connector_draft_created (self->draft);
  note_session_token (self, id);
  g_free (self->created_id);
  self->created_id = g_steal_pointer (&id);
  adw_action_row_set_subtitle (self->result_row, self->created_id);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
  /* One primary action at a time: the next step is registering a model. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->create_button), "suggested-action");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.copy-id", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.register-model", TRUE);
  /* The result, at the top of the view with its next step focused, says it: no toast that
   * could cover it. */
  reveal_result (self);
  cs_connector_list_refresh (self->list);
}

static void
start_create (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);
  g_autoptr(JsonNode) body = NULL;

  if (self->creating || self->created || !is_connected (self) ||
      !cs_connector_form_get_valid (self->form))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->create_button), "suggested-action");
  cs_connector_draft_save_secrets_async (self->draft, spec, self->cancellable, secrets_saved_cb,
                                         g_object_ref (self));

  body = cs_connector_spec_build_body (spec, FALSE);
  self->creating = TRUE;
  update_create_state (self);
  /* The core refuses keys over http:// unless the user said yes (confirm_insecure_keys). */
  cs_connectors_create_full_async (cs_session_get_client (self->session), body,
                                   g_strcmp0 (cs_client_get_base_url (cs_session_get_client (
                                                self->session)), self->insecure_ok_url) == 0
                                   ? CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP
                                   : CS_CONNECTORS_CREATE_NONE,
                                   self->cancellable, create_cb, g_object_ref (self));
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

  dialog = cs_keys_over_http_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         url);
  g_object_set_data_full (G_OBJECT (dialog), "cs-url", g_strdup (url), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (insecure_response_cb), self, 0);
  self->insecure_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---- editing a connector on the cluster ---- */

static void show_error_dialog (CsConnectorsPage *self,
                               const char       *heading,
                               const char       *body);
static void new_draft         (CsConnectorsPage *self);

/* The form's tab says whether it makes a new connector or edits one on the cluster. */
static void
show_form_title (CsConnectorsPage *self)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, "new");

  if (child != NULL)
    adw_view_stack_page_set_title (adw_view_stack_get_page (self->stack, child),
                                   self->editing_id != NULL ? _("Edit Connector")
                                                            : _("New Connector"));
}

static void
leave_edit (CsConnectorsPage *self)
{
  g_cancellable_cancel (self->edit_cancellable);
  g_clear_pointer (&self->editing_id, g_free);
  cs_connector_form_set_keep_secrets (self->form, FALSE);
  show_form_title (self);
  update_create_state (self);
}

static void
edit_applied_cb (CsConnectorsPage *self,
                 const char       *connector_id)
{
  if (self->editing_id == NULL)
    return;
  /* Keys typed for the edit were kept in the draft until the cluster had them. */
  cs_connector_draft_created (self->draft);
  note_session_token (self, connector_id);
  /* The connector handed to the next page follows an edit that replaced it. */
  if (self->session != NULL &&
      g_strcmp0 (cs_session_get_connector_id (self->session), self->editing_id) == 0)
    cs_session_set_connector_id (self->session, connector_id);
  g_free (self->editing_id);
  self->editing_id = g_strdup (connector_id);
  cs_connector_list_refresh (self->list);
}

static void
review_edit (CsConnectorsPage *self)
{
  CsConnectorSpec *spec = cs_connector_form_get_spec (self->form);
  gboolean keep = cs_connector_form_get_keeping_secrets (self->form);
  GtkWidget *dialog;

  if (self->editing_id == NULL || !is_connected (self) ||
      !cs_connector_form_get_valid (self->form))
    return;
  if (!keep)
    cs_connector_draft_save_secrets_async (self->draft, spec, self->cancellable,
                                           secrets_saved_cb, g_object_ref (self));
  dialog = cs_connector_review_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                           self->session, self->editing_id, spec, keep);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (edit_applied_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsConnectorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_connectors_get_finish (CS_CLIENT (source), result, &error);
  g_autoptr(CsConnectorSpec) spec = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    spec = cs_connector_spec_new_from_object (json_node_get_object (node), &error);
  if (spec == NULL)
    {
      show_error_dialog (self, _("Could Not Open the Connector"),
                         error != NULL ? error->message
                                       : _("The cluster’s answer holds no connector. Refresh "
                                           "the list and try again."));
      return;
    }
  new_draft (self);
  cs_connector_form_set_spec (self->form, spec);
  cs_connector_form_set_keep_secrets (self->form, TRUE);
  show_form_title (self);
  update_create_state (self);
  adw_view_stack_set_visible_child_name (self->stack, "new");
}

void
cs_connectors_page_edit_connector (CsConnectorsPage *self,
                                   const char       *connector_id)
{
  g_return_if_fail (CS_IS_CONNECTORS_PAGE (self));
  g_return_if_fail (connector_id != NULL);

  if (!is_connected (self))
    return;
  leave_edit (self);
  g_clear_object (&self->edit_cancellable);
  self->edit_cancellable = g_cancellable_new ();
  self->editing_id = g_strdup (connector_id);
  self->created = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
  cs_connectors_get_async (cs_session_get_client (self->session), connector_id,
                           self->edit_cancellable, edit_read_cb, g_object_ref (self));
}

static void
keys_rotated_cb (CsConnectorsPage *self,
                 const char       *connector_id)
{
  /* The models use a copy of the connector with the new keys now: list it. */
  cs_connector_list_refresh (self->list);
}

void
cs_connectors_page_rotate_keys (CsConnectorsPage *self,
                                const char       *connector_id)
{
  GtkWidget *dialog;

  g_return_if_fail (CS_IS_CONNECTORS_PAGE (self));
  g_return_if_fail (connector_id != NULL);

  if (!is_connected (self))
    return;
  dialog = cs_key_rotation_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       self->session, connector_id);
  g_signal_connect_object (dialog, "rotated", G_CALLBACK (keys_rotated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cs_connectors_page_edit_connector (CS_CONNECTORS_PAGE (widget),
                                     g_variant_get_string (parameter, NULL));
}

static void
rotate_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cs_connectors_page_rotate_keys (CS_CONNECTORS_PAGE (widget),
                                  g_variant_get_string (parameter, NULL));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  if (self->editing_id != NULL)
    {
      review_edit (self);
      return;
    }
  if (self->creating || self->created || !is_connected (self) ||
      !cs_connector_form_get_valid (self->form))
    return;
  if (confirm_insecure_keys (self))
    return;
  start_create (self);
}

/* Enter in the form's last fields, or Ctrl+Enter anywhere on the page: create when allowed;
 * a form not complete yet marks every problem and focuses the first. */
static void
try_create (CsConnectorsPage *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "new") != 0)
    return;
  if (self->creating || (self->created && self->editing_id == NULL))
    return;
  if (!cs_connector_form_get_valid (self->form))
    {
      cs_connector_form_show_problems (self->form);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "connectors.create", NULL);
}

static void
try_create_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  try_create (CS_CONNECTORS_PAGE (widget));
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
  gtk_widget_activate_action (widget, "win.register-model", NULL);
}

static void
new_draft (CsConnectorsPage *self)
{
  /* The form starts over: the old draft's secrets must not stay behind. */
  cs_connector_draft_restart (self->draft);
  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  leave_edit (self);
  new_draft (self);
  cs_connector_form_set_spec (self->form, NULL);
}

/* ---- import ----
 *
 * The text is parsed, checked and previewed in a worker thread
 * (cs_connector_import_async); the main thread then fills the form just
 * after a frame, and the body view piece by piece. Until the form is filled, the form keeps
 * what the user typed: a failed import changes nothing. */

static void
set_import_busy (CsConnectorsPage *self,
                 gboolean          busy)
{
  g_clear_handle_id (&self->import_busy_id, g_source_remove);
  if (gtk_widget_get_visible (GTK_WIDGET (self->import_spinner)) == busy)
    return;
  gtk_spinner_set_spinning (self->import_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->import_spinner), busy);
}

static gboolean
import_busy_cb (gpointer data)
{
  CsConnectorsPage *self = data;

  self->import_busy_id = 0;
  set_import_busy (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The import that ran with this cancellable is over. */
static void
import_over (CsConnectorsPage *self,
             GCancellable     *cancellable)
{
  if (self->import_cancellable != cancellable)
    return;   /* a newer import is going on */
  g_clear_object (&self->import_cancellable);
  set_import_busy (self, FALSE);
}

static void
import_body_shown_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectorsPage *self = g_task_get_source_object (task);

  /* Cancelled when the user edited the form (its body shown at once) or
   * another import came: this one is done either way. */
  cs_json_view_set_text_finish (CS_JSON_VIEW (source), result, NULL);
  import_over (self, g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

/* The form takes the import: the page as it was before reading it, then
 * the form, the stack page, a toast, and the body view over several frames. */
static void
apply_import (CsConnectorsPage  *self,
              CsConnectorImport *import,
              GTask             *task)
{
  GCancellable *mine = g_task_get_task_data (task);
  CsConnectorSpec *spec;

  if (g_cancellable_is_cancelled (mine))
    {
      /* Another import, or the page went away. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("Another import replaced this one."));
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      import_over (self, mine);
      g_object_unref (task);
      return;
    }

  /* The form is about to show it: a spinner not shown yet stays hidden; one
   * shown goes once the body preview is filled, in a frame of its own. */
  g_clear_handle_id (&self->import_busy_id, g_source_remove);
  spec = import->spec;
  leave_edit (self);
  new_draft (self);
  self->applying = import;
  cs_connector_form_set_import (self->form, import);
  self->applying = NULL;
  adw_view_stack_set_visible_child_name (self->stack, "new");

  if (cs_connector_spec_get_kept (spec)[0] != NULL)
    cs_widget_show_toast (GTK_WIDGET (self),
                          _("Imported; parts the form does not edit are kept as they were"));
  else
    cs_widget_show_toast (GTK_WIDGET (self), _("Imported into the form"));

  /* A long body goes into its view over several frames. */
  cs_json_view_set_text_async (self->body_view, import->body_text, mine, import_body_shown_cb,
                               task);
}

/* Takes the import waiting for a frame now, or only ends it (cancelled). */
static void
take_waiting_import (CsConnectorsPage *self,
                     gboolean          cancel)
{
  g_autoptr(CsConnectorImport) import = g_steal_pointer (&self->waiting);
  GTask *task = g_steal_pointer (&self->waiting_task);

  if (self->waiting_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->waiting_tick);
  self->waiting_tick = 0;
  g_clear_handle_id (&self->waiting_idle, g_source_remove);
  g_clear_handle_id (&self->waiting_timeout, g_source_remove);
  if (task == NULL)
    return;
  if (cancel)
    g_cancellable_cancel (g_task_get_task_data (task));
  apply_import (self, import, task);
}

static gboolean
frame_ended_cb (gpointer data)
{
  CsConnectorsPage *self = data;

  self->waiting_idle = 0;
  take_waiting_import (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* A frame starts: the idle runs once it has been laid out and drawn. */
static gboolean
frame_started_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (widget);

  self->waiting_tick = 0;
  if (self->waiting_idle == 0)
    self->waiting_idle = g_idle_add (frame_ended_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
no_frame_cb (gpointer data)
{
  CsConnectorsPage *self = data;

  self->waiting_timeout = 0;
  take_waiting_import (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
import_made_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectorsPage *self = g_task_get_source_object (task);
  GCancellable *mine = g_task_get_task_data (task);
  g_autoptr(CsConnectorImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = cs_connector_import_finish (result, &error);
  if (g_cancellable_is_cancelled (mine))
    {
      /* Another import, or the page went away. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("Another import replaced this one."));
      return;
    }
  if (import == NULL)
    {
      import_over (self, mine);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Filling the form changes most of the page: GTK measures it again at
   * once (X11 asks the window for its size), then lays it out and draws it
   * in the next frame. Begun right after a frame, that work has the whole
   * frame to itself; begun whenever the thread finished, it often started
   * just before the next frame was due and held that frame back. */
  take_waiting_import (self, TRUE);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      apply_import (self, import, g_steal_pointer (&task));
      return;
    }
  self->waiting = g_steal_pointer (&import);
  self->waiting_task = g_steal_pointer (&task);
  self->waiting_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), frame_started_cb,
                                                     NULL, NULL);
  self->waiting_timeout = g_timeout_add (FRAME_WAIT_MS, no_frame_cb, self);
}

void
cs_connectors_page_import_json_async (CsConnectorsPage    *self,
                                      const char          *text,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CsVersion version;
  gboolean have_version, aws_managed, connected;

  g_return_if_fail (CS_IS_CONNECTORS_PAGE (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_page_import_json_async);

  /* A newer import replaces one still going on. */
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, g_object_ref (self->import_cancellable), g_object_unref);
  if (self->import_busy_id == 0 && !gtk_widget_get_visible (GTK_WIDGET (self->import_spinner)))
    self->import_busy_id = g_timeout_add (IMPORT_BUSY_DELAY_MS, import_busy_cb, self);

  /* The checks are made for the cluster as the form sees it. */
  connected = is_connected (self);
  have_version = connected && cs_session_get_version (self->session, &version);
  aws_managed = !connected || cs_session_get_aws_managed (self->session);
  cs_connector_import_async (text, have_version ? &version : NULL, aws_managed,
                             self->import_cancellable, import_made_cb, g_steal_pointer (&task));
}

gboolean
cs_connectors_page_import_json_finish (CsConnectorsPage  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_connectors_page_import_json_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void show_paste_dialog (CsConnectorsPage *self,
                               const char       *text,
                               const char       *problem);

static void
paste_imported_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (source);
  g_autofree char *text = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_page_import_json_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_paste_dialog (self, text, error->message); /* again, with the text kept */
}

static void
paste_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CsConnectorsPage *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "cs-text-view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "import") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  cs_connectors_page_import_json_async (self, text, NULL, paste_imported_cb,
                                        g_steal_pointer (&text));
}

static void
show_paste_dialog (CsConnectorsPage *self,
                   const char       *text,
                   const char       *problem)
{
  GtkWidget *dialog, *box, *scroller, *view, *label;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Import a Connector"),
                                   _("Paste the JSON body that creates a connector, such as one "
                                     "of the blueprint’s. Secrets in it stay on this computer until you "
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
file_imported_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_page_import_json_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error_dialog (self, _("Could Not Import the File"), error->message);
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
  cs_connectors_page_import_json_async (self, contents, NULL, file_imported_cb, NULL);
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

static void
edit_as_new_imported_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (source);
  GWeakRef *view = user_data;
  g_autoptr(GtkWindow) window = g_weak_ref_get (view);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (view);
  g_free (view);
  if (cs_connectors_page_import_json_finish (self, result, &error))
    {
      /* The form shows it: the connector's view closes. */
      if (window != NULL)
        gtk_window_destroy (window);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cs_widget_show_toast (GTK_WIDGET (self), error->message);
}

static gboolean
edit_as_new_cb (CsConnectorsPage *self,
                const char       *json,
                GtkWindow        *view)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, view);
  cs_connectors_page_import_json_async (self, json, NULL, edit_as_new_imported_cb, weak);
  return TRUE;
}

/* ---- session ---- */

static void
session_state_cb (CsConnectorsPage *self)
{
  update_create_state (self);
  update_preview (self);
}

/* ---- GObject ---- */

static void
cs_connectors_page_dispose (GObject *object)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->edit_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  take_waiting_import (self, TRUE);
  g_clear_object (&self->import_cancellable);
  g_clear_handle_id (&self->import_busy_id, g_source_remove);
  if (self->insecure_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->insecure_dialog)));
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->spec_signals);
  g_clear_object (&self->session);

  if (self->draft != NULL)
    {
      cs_connector_draft_discard (self->draft);
      g_clear_object (&self->draft);
    }

  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->result_group), self->reveal_tick);
  self->reveal_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTORS_PAGE);

  G_OBJECT_CLASS (cs_connectors_page_parent_class)->dispose (object);
}

static void
cs_connectors_page_finalize (GObject *object)
{
  CsConnectorsPage *self = CS_CONNECTORS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->edit_cancellable);
  g_free (self->editing_id);
  g_free (self->created_id);
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
  g_type_ensure (CS_TYPE_CONNECTOR_LIST);
  g_type_ensure (CS_TYPE_JSON_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connectors-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, new_scrolled);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, import_spinner);
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
  gtk_widget_class_bind_template_child (widget_class, CsConnectorsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, form_valid_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_as_new_cb);
  gtk_widget_class_bind_template_callback (widget_class, try_create);

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
  gtk_widget_class_install_action (widget_class, "connectors.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "connectors.rotate-keys", "s", rotate_action);
  gtk_widget_class_install_action (widget_class, "connectors.try-create", NULL,
                                   try_create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "connectors.try-create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "connectors.try-create", NULL);
}

static void
cs_connectors_page_init (CsConnectorsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->draft = cs_connector_draft_new (NULL);

  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);

  /* The form replaces its spec on import and reset; follow the new one. */
  self->spec_signals = g_signal_group_new (CS_TYPE_CONNECTOR_SPEC);
  g_signal_group_connect_object (self->spec_signals, "changed", G_CALLBACK (spec_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->form, "spec", self->spec_signals, "target",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->form, "notify::spec", G_CALLBACK (spec_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.copy-id", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connectors.register-model", FALSE);
  spec_changed_cb (self);
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

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  cs_connector_form_set_session (self->form, session);
  cs_connector_list_set_session (self->list, session);
  session_state_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
cs_connectors_page_get_importing (CsConnectorsPage *self)
{
  g_return_val_if_fail (CS_IS_CONNECTORS_PAGE (self), FALSE);
  return self->import_cancellable != NULL;
}

const char *
cs_connectors_page_get_created_id (CsConnectorsPage *self)
{
  g_return_val_if_fail (CS_IS_CONNECTORS_PAGE (self), NULL);
  return self->created_id;
}
