/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-list"

#include "config.h"

#include "cs-connector-list.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connector-row.h"
#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-export-dialog.h"
#include "cs-json-view.h"
#include "cs-window.h"

struct _CsConnectorList
{
  AdwBin           parent_instance;

  /* Template Widgets */
  GtkStack        *list_stack;        /* the bin's child: not bound, AdwBin owns it */
  AdwStatusPage   *list_status;
  GtkButton       *list_status_button;
  GtkSpinner      *list_spinner;
  GtkListBox      *list_box;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  AdwStatusPage   *no_match_status;

  /* Owned References */
  CsSession       *session;
  GSignalGroup    *session_signals;
  GListStore      *connectors;
  GtkFilterListModel *filtered;       /* the connectors the search shows */
  GHashTable      *problems;          /* id → what the model check found, kept across filtering */
  GCancellable    *cancellable;
  GCancellable    *check_cancellable;  /* the GETs that check each connector's model */
  gboolean         listing;
};

G_DEFINE_FINAL_TYPE (CsConnectorList, cs_connector_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  EDIT_AS_NEW,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_connected (CsConnectorList *self)
{
  return self->session != NULL && cs_session_get_state (self->session) == CS_SESSION_CONNECTED;
}

static void
show_error_dialog (CsConnectorList *self,
                   const char      *heading,
                   const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_list_status (CsConnectorList *self,
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
                                              target != NULL ? g_variant_new_string (target) :
                                                               NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->list_status_button), action);
    }
  gtk_stack_set_visible_child_name (self->list_stack, "status");
}

/* A search that hides every connector says so in place of the list. */
static void
update_no_match (CsConnectorList *self)
{
  gboolean none = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0 &&
                  g_list_model_get_n_items (G_LIST_MODEL (self->connectors)) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->no_match_status), none);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), !none);
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_connector_cb (gpointer item,
                     gpointer user_data)
{
  CsConnectorList *self = user_data;
  CsConnectorInfo *info = CS_CONNECTOR_INFO (item);
  g_autofree char *text = NULL;
  g_autofree char *needle = NULL;

  if (self->search_entry == NULL)
    return TRUE;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (text[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  return contains_casefold (cs_connector_info_get_name (info), needle) ||
         contains_casefold (cs_connector_info_get_id (info), needle) ||
         contains_casefold (cs_connector_info_get_model (info), needle) ||
         contains_casefold (cs_connector_info_get_region (info), needle) ||
         contains_casefold (cs_connector_info_get_description (info), needle);
}

static void
search_changed_cb (CsConnectorList *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filtered);

  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_no_match (self);
}

static void
update_list_view (CsConnectorList *self)
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
                      _("_Refresh"), "connector-list.refresh", NULL);
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  update_no_match (self);
}

/* ---- each connector's model and body against the rule table ---- */

static CsConnectorRow *
find_row (CsConnectorList *self,
          const char       *id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (CS_IS_CONNECTOR_ROW (row) &&
        g_strcmp0 (cs_connector_info_get_id (cs_connector_row_get_info (CS_CONNECTOR_ROW (row))),
                   id) == 0)
      return CS_CONNECTOR_ROW (row);
  return NULL;
}

typedef struct
{
  CsConnectorList *self;
  char            *id;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  g_free (check->id);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  CsConnectorList *self = check->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connector = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autofree char *problem = NULL;
  CsConnectorRow *row;

  connector = cs_connectors_get_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A connector that cannot be read is shown as listed; View says why. */
  if (connector == NULL || !JSON_NODE_HOLDS_OBJECT (connector) || self->list_box == NULL)
    return;
  spec = cs_connector_spec_new_from_object (json_node_get_object (connector), NULL);
  if (spec == NULL)
    return;
  problem = cs_connector_spec_explain_model_problems (spec);
  if (problem != NULL)
    g_hash_table_replace (self->problems, g_strdup (check->id), g_strdup (problem));
  else
    g_hash_table_remove (self->problems, check->id);
  row = find_row (self, check->id);
  if (row != NULL)
    cs_connector_row_set_problem (row, problem);
}

static void
check_connectors (CsConnectorList *self)
{
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->problems);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->connectors)); i++)
    {
      g_autoptr(CsConnectorInfo) info = g_list_model_get_item (G_LIST_MODEL (self->connectors), i);
      Check *check = g_new0 (Check, 1);

      check->self = g_object_ref (self);
      check->id = g_strdup (cs_connector_info_get_id (info));
      cs_connectors_get_async (cs_session_get_client (self->session), check->id,
                               self->check_cancellable, check_cb, check);
    }
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsConnectorList) self = user_data;
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
                        error->message, _("_Try Again"), "connector-list.refresh", NULL);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_list_store_splice (self->connectors, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->connectors)),
                       items->pdata, items->len);
  update_list_view (self);
  check_connectors (self);
}

void
cs_connector_list_refresh (CsConnectorList *self)
{
  g_return_if_fail (CS_IS_CONNECTOR_LIST (self));

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
  cs_connector_list_refresh (CS_CONNECTOR_LIST (widget));
}

static GtkWidget *
create_connector_row (gpointer item,
                      gpointer user_data)
{
  CsConnectorList *self = user_data;
  CsConnectorInfo *info = CS_CONNECTOR_INFO (item);
  GtkWidget *row = cs_connector_row_new (info);
  const char *problem = g_hash_table_lookup (self->problems, cs_connector_info_get_id (info));

  /* A row made again when the search changes keeps what the check found. */
  if (problem != NULL)
    cs_connector_row_set_problem (CS_CONNECTOR_ROW (row), problem);
  return row;
}

static CsConnectorInfo *
find_info (CsConnectorList *self,
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
view_edit_clicked_cb (GtkButton       *button,
                      CsConnectorList *self)
{
  CsJsonView *view = g_object_get_data (G_OBJECT (button), "cs-json-view");
  g_autofree char *text = cs_json_view_dup_text (view);
  gboolean taken = FALSE;

  /* A handler that takes it closes the view once the form shows it. */
  g_signal_emit (self, signals[EDIT_AS_NEW], 0, text,
                 GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), &taken);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(CsConnectorList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connector = NULL;
  GtkWidget *window, *box, *header, *title, *copy, *edit, *view;
  GtkEventController *escape;
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

  /* Escape closes it, as any dialog-like window. */
  escape = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, escape);
  gtk_window_present (GTK_WINDOW (window));
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsConnectorList *self = CS_CONNECTOR_LIST (widget);

  if (!is_connected (self))
    return;
  cs_connectors_get_async (cs_session_get_client (self->session),
                           g_variant_get_string (parameter, NULL), self->cancellable,
                           get_cb, g_object_ref (self));
}

/* ---- export ---- */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsConnectorList *self = CS_CONNECTOR_LIST (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!is_connected (self))
    return;
  gtk_window_present (GTK_WINDOW (cs_export_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                             : NULL,
                                                        self->session,
                                                        g_variant_get_string (parameter, NULL))));
}

/* ---- delete ---- */

static void
in_use_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CsConnectorList *self)
{
  if (g_strcmp0 (response, "models") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "models");
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsConnectorList) self = user_data;
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
  cs_connector_list_refresh (self);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CsConnectorList *self)
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
  CsConnectorList *self = CS_CONNECTOR_LIST (widget);
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

/* ---- GObject ---- */

static void
cs_connector_list_dispose (GObject *object)
{
  CsConnectorList *self = CS_CONNECTOR_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->check_cancellable);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTOR_LIST);

  G_OBJECT_CLASS (cs_connector_list_parent_class)->dispose (object);
}

static void
cs_connector_list_finalize (GObject *object)
{
  CsConnectorList *self = CS_CONNECTOR_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->filtered);
  g_clear_object (&self->connectors);
  g_clear_pointer (&self->problems, g_hash_table_unref);

  G_OBJECT_CLASS (cs_connector_list_parent_class)->finalize (object);
}

static void
cs_connector_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsConnectorList *self = CS_CONNECTOR_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CsConnectorList *self = CS_CONNECTOR_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION: cs_connector_list_set_session (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_list_class_init (CsConnectorListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connector_list_dispose;
  object_class->finalize = cs_connector_list_finalize;
  object_class->get_property = cs_connector_list_get_property;
  object_class->set_property = cs_connector_list_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EDIT_AS_NEW] = g_signal_new ("edit-as-new", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0,
                                       g_signal_accumulator_true_handled, NULL, NULL,
                                       G_TYPE_BOOLEAN, 2, G_TYPE_STRING, GTK_TYPE_WINDOW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connector-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, list_status);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, list_status_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, list_box);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorList, no_match_status);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "connector-list.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "connector-list.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "connector-list.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "connector-list.export", "s", export_action);
}

static void
cs_connector_list_init (CsConnectorList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->list_stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  self->cancellable = g_cancellable_new ();
  self->connectors = g_list_store_new (CS_TYPE_CONNECTOR_INFO);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->connectors)),
                                              GTK_FILTER (gtk_custom_filter_new (
                                                filter_connector_cb, self, NULL)));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered),
                           create_connector_row, self, NULL);
  /* Typing on the list starts a search; closing the bar (Escape) clears it. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (cs_connector_list_refresh), self,
                                 G_CONNECT_SWAPPED);
  update_list_view (self);
}

CsSession *
cs_connector_list_get_session (CsConnectorList *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_LIST (self), NULL);
  return self->session;
}

void
cs_connector_list_set_session (CsConnectorList *self,
                               CsSession       *session)
{
  g_return_if_fail (CS_IS_CONNECTOR_LIST (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  cs_connector_list_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
