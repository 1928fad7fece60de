/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-models-page"

#include "config.h"

#include "cs-models-page.h"

#include <glib/gi18n.h>

#include "cs-deploy-follower.h"
#include "cs-deploy-progress.h"
#include "cs-error.h"
#include "cs-model-info.h"
#include "cs-models-api.h"
#include "cs-state-badge.h"
#include "cs-window.h"

/* Text the blueprint uses (step 2.2). */
#define DEFAULT_NAME        "anthropic.claude-v4"
#define DEFAULT_DESCRIPTION "claude v4 model"
#define MAX_ID_LENGTH       128

struct _CsModelsPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkStack           *page_stack;
  GtkRevealer        *panel_revealer;
  GtkStack           *panel_stack;
  AdwEntryRow        *name_row;
  AdwEntryRow        *description_row;
  AdwEntryRow        *connector_row;
  AdwEntryRow        *group_row;
  GtkSwitch          *deploy_switch;
  GtkLabel           *form_hint_label;
  GtkLabel           *form_error_label;
  GtkSpinner         *register_spinner;
  CsDeployProgress   *progress;
  GtkWidget          *stop_button;
  GtkWidget          *retry_button;
  GtkWidget          *done_button;
  GtkWidget          *playground_button;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkSpinner         *loading_spinner;
  AdwStatusPage      *error_status;
  GtkColumnView      *column_view;

  CsSession          *session;
  GSignalGroup       *session_signals;

  GListStore         *models;
  const char         *view;

  GCancellable       *list_cancellable;
  GCancellable       *register_cancellable;
  GCancellable       *follow_cancellable;
  GCancellable       *op_cancellable;

  CsDeployFollower   *follower;
  char               *followed_title;
  gboolean            user_stopped;
  gboolean            follow_failed;

  gboolean            registering;
  gboolean            name_touched;
  gboolean            connector_touched;
};

G_DEFINE_FINAL_TYPE (CsModelsPage, cs_models_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (CsModelsPage *self);

/* ------------------------------------------------------------------------ */
/* Helpers */

static CsClient *
get_client (CsModelsPage *self)
{
  if (self->session == NULL || cs_session_get_state (self->session) != CS_SESSION_CONNECTED)
    return NULL;
  return cs_session_get_client (self->session);
}

static void
replace_cancellable (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

static void
cancel_and_clear (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

static void
set_view (CsModelsPage *self,
          const char   *view)
{
  if (g_strcmp0 (self->view, view) == 0)
    return;

  self->view = view;
  if (g_str_equal (view, "disconnected"))
    gtk_stack_set_visible_child_name (self->page_stack, "disconnected");
  else
    {
      gtk_stack_set_visible_child_name (self->page_stack, "main");
      gtk_stack_set_visible_child_name (self->list_stack, view);
    }
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (view, "loading"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static CsModelInfo *
find_model (CsModelsPage *self,
            const char   *model_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->models));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsModelInfo) model = g_list_model_get_item (G_LIST_MODEL (self->models), i);

      if (g_strcmp0 (cs_model_info_get_id (model), model_id) == 0)
        return model;   /* still owned by the store */
    }
  return NULL;
}

static const char *
model_title (CsModelsPage *self,
             const char   *model_id)
{
  CsModelInfo *model = find_model (self, model_id);

  return model != NULL ? cs_model_info_get_name (model) : model_id;
}

static char *
format_time (gint64 epoch_ms)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (epoch_ms <= 0)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (epoch_ms / 1000);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
show_error_dialog (CsModelsPage *self,
                   const char   *heading,
                   const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* The form */

static gboolean
is_valid_id (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Validates as the user types; returns whether the form can be sent. */
static gboolean
update_form (CsModelsPage *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *connector = row_text (self->connector_row);
  g_autofree char *group = row_text (self->group_row);
  gboolean name_ok = *name != '\0';
  gboolean connector_ok = is_valid_id (connector);
  gboolean group_ok = *group == '\0' || is_valid_id (group);
  const char *hint = NULL;

  set_row_error (self->name_row, !name_ok && self->name_touched);
  set_row_error (self->connector_row,
                 !connector_ok && (self->connector_touched || *connector != '\0'));
  set_row_error (self->group_row, !group_ok);

  if (!name_ok && self->name_touched)
    hint = _("Enter a name for the model.");
  else if (!connector_ok && *connector != '\0')
    hint = _("A connector ID has only letters, digits, “-” and “_”. Copy it from the "
             "Connectors area, or create a connector there first.");
  else if (!connector_ok && self->connector_touched)
    hint = _("Enter the ID of the connector the model sends its predictions through.");
  else if (!group_ok)
    hint = _("A model group ID has only letters, digits, “-” and “_”. Leave it empty to let "
             "the cluster make a group named after the model.");

  gtk_label_set_label (self->form_hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_hint_label), hint != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.register",
                                 name_ok && connector_ok && group_ok && !self->registering &&
                                 get_client (self) != NULL);
  return name_ok && connector_ok && group_ok;
}

static void
form_changed_cb (CsModelsPage *self,
                 AdwEntryRow  *row)
{
  if (row == self->name_row)
    self->name_touched = TRUE;
  else if (row == self->connector_row)
    self->connector_touched = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  update_form (self);
}

static void
form_activated_cb (CsModelsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "models.register", NULL);
}

static void
set_form_busy (CsModelsPage *self,
               gboolean      busy)
{
  self->registering = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->description_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connector_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->group_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->deploy_switch), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->register_spinner), busy);
  gtk_spinner_set_spinning (self->register_spinner, busy);
  update_form (self);
}

static void
show_panel (CsModelsPage *self,
            const char   *child)
{
  gtk_stack_set_visible_child_name (self->panel_stack, child);
  gtk_revealer_set_reveal_child (self->panel_revealer, TRUE);
}

static void
show_form (CsModelsPage *self)
{
  show_panel (self, "form");
  update_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* The connector handed over by the Connectors page. It stays in the form
 * after a failed register, so that trying again reuses it. */
static void
prefill_connector (CsModelsPage *self)
{
  const char *connector_id = self->session != NULL
                             ? cs_session_get_connector_id (self->session) : NULL;

  if (connector_id == NULL || *connector_id == '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->connector_row), connector_id);
  if (self->follower == NULL || !cs_deploy_follower_get_running (self->follower))
    show_panel (self, "form");
  update_form (self);
}

/* ------------------------------------------------------------------------ */
/* Following a deployment */

static void
update_follow_buttons (CsModelsPage *self)
{
  gboolean running = self->follower != NULL && cs_deploy_follower_get_running (self->follower);
  const char *state = self->follower != NULL ? cs_deploy_follower_get_state (self->follower) : "";
  gboolean deployed = cs_model_state_is_deployed (state);

  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->retry_button, !running && !deployed && self->follower != NULL &&
                                              (g_str_equal (state, "DEPLOY_FAILED") ||
                                               self->follow_failed));
  gtk_widget_set_visible (self->done_button, !running);
  gtk_widget_set_visible (self->playground_button, !running && deployed);
}

static void
follower_changed_cb (CsModelsPage *self)
{
  update_follow_buttons (self);
}

static void
follow_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsModelsPage) self = user_data;
  CsDeployFollower *follower = CS_DEPLOY_FOLLOWER (source);
  g_autoptr(GError) error = NULL;

  cs_deploy_follower_run_finish (follower, result, &error);

  /* A newer run took over, or the page is going away. */
  if (follower != self->follower)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!self->user_stopped)
        return;
      cs_deploy_progress_set_note (self->progress,
                                   _("Stopped following. The cluster carries on with the "
                                     "deployment; the list below shows how it ends."),
                                   FALSE);
    }
  else if (error != NULL &&
           !g_str_equal (cs_deploy_follower_get_state (follower), "DEPLOY_FAILED"))
    {
      /* Not the deployment failing but following it: say what happened. */
      self->follow_failed = TRUE;
      cs_deploy_progress_set_note (self->progress, error->message, TRUE);
    }

  update_follow_buttons (self);
  refresh (self);
}

static void
start_follow (CsModelsPage *self,
              const char   *model_id,
              const char   *title,
              gboolean      deploy)
{
  CsClient *client = get_client (self);

  if (client == NULL)
    return;

  replace_cancellable (&self->follow_cancellable);
  if (self->follower != NULL)
    g_signal_handlers_disconnect_by_data (self->follower, self);
  g_clear_object (&self->follower);

  self->follower = cs_deploy_follower_new (client, model_id);
  self->user_stopped = FALSE;
  self->follow_failed = FALSE;
  g_free (self->followed_title);
  self->followed_title = g_strdup (title);
  g_signal_connect_object (self->follower, "notify::running", G_CALLBACK (follower_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->follower, "notify::state", G_CALLBACK (follower_changed_cb),
                           self, G_CONNECT_SWAPPED);

  cs_deploy_progress_set_follower (self->progress, self->follower);
  cs_deploy_progress_set_title (self->progress, title);
  show_panel (self, "follow");

  cs_deploy_follower_run_async (self->follower, deploy, self->follow_cancellable,
                                follow_done_cb, g_object_ref (self));
  update_follow_buttons (self);
}

/* ------------------------------------------------------------------------ */
/* Registering */

static void
register_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *name = NULL;

  model_id = cs_models_register_finish (CS_CLIENT (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_form_busy (self, FALSE);

  if (model_id == NULL)
    {
      g_autofree char *text = NULL;

      /* Never sent again on its own: the user decides. The connector stays
       * in the form, so the next try does not need a new one. */
      if (cs_models_error_is_master_key_pending (error))
        text = g_strdup_printf ("%s\n\n%s",
                                _("The cluster is still preparing the key it encrypts "
                                  "connector credentials with. Wait about ten seconds, then "
                                  "select Register again."),
                                error->message);
      else
        text = g_strdup (error->message);
      gtk_label_set_label (self->form_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
      return;
    }

  name = row_text (self->name_row);
  if (gtk_switch_get_active (self->deploy_switch))
    start_follow (self, model_id, name, FALSE);
  else
    {
      g_autofree char *toast = g_strdup_printf (_("Registered “%s”"), name);

      cs_widget_show_toast (GTK_WIDGET (self), toast);
      gtk_revealer_set_reveal_child (self->panel_revealer, FALSE);
    }
  refresh (self);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  CsClient *client = get_client (self);
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *description = row_text (self->description_row);
  g_autofree char *connector = row_text (self->connector_row);
  g_autofree char *group = row_text (self->group_row);

  self->name_touched = TRUE;
  self->connector_touched = TRUE;
  if (client == NULL || self->registering || !update_form (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  set_form_busy (self, TRUE);
  replace_cancellable (&self->register_cancellable);
  cs_models_register_async (client, name, description, connector, group,
                            gtk_switch_get_active (self->deploy_switch),
                            self->register_cancellable, register_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* The list */

static void
update_count (CsModelsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->models));
  g_autofree char *text = n > 0 ? g_strdup_printf ("%u", n) : g_strdup ("");

  gtk_label_set_label (self->count_label, text);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) found = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  found = cs_models_search_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.refresh", TRUE);

  if (found == NULL)
    {
      adw_status_page_set_description (self->error_status, error->message);
      set_view (self, "error");
      return;
    }

  /* One change for the whole list, however long. */
  n = g_list_model_get_n_items (G_LIST_MODEL (found));
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (found), i));
  g_list_store_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                       items->pdata, items->len);

  update_count (self);
  set_view (self, n > 0 ? "list" : "empty");
}

static void
refresh (CsModelsPage *self)
{
  CsClient *client = get_client (self);

  if (client == NULL)
    return;

  replace_cancellable (&self->list_cancellable);
  /* Keep showing the list while it reloads; a first load shows a spinner. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->models)) == 0)
    set_view (self, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.refresh", FALSE);
  cs_models_search_async (client, self->list_cancellable, search_done_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (CS_MODELS_PAGE (widget));
}

/* Column cells: a signal factory per column binds to the immutable item. */

static GtkWidget *
new_cell_label (gboolean numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
setup_name_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = new_cell_label (FALSE);
  GtkWidget *id = new_cell_label (FALSE);

  gtk_widget_add_css_class (id, "dim-label");
  gtk_widget_add_css_class (id, "caption");
  gtk_label_set_selectable (GTK_LABEL (id), TRUE);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), id);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *id = gtk_widget_get_next_sibling (name);
  const char *description = cs_model_info_get_description (model);

  gtk_label_set_label (GTK_LABEL (name), cs_model_info_get_name (model));
  gtk_label_set_label (GTK_LABEL (id), cs_model_info_get_id (model));
  gtk_widget_set_tooltip_text (box, *description != '\0' ? description : NULL);
}

static void
setup_state_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  gtk_list_item_set_child (item, cs_state_badge_new ());
}

static void
bind_state_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);

  cs_state_badge_set_state (CS_STATE_BADGE (gtk_list_item_get_child (item)),
                            cs_model_info_get_state (model));
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = new_cell_label (GPOINTER_TO_INT (user_data) != 0);

  gtk_list_item_set_child (item, label);
}

static void
setup_connector_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = new_cell_label (FALSE);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "caption");
  gtk_list_item_set_child (item, label);
}

static void
bind_connector_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  const char *connector_id = cs_model_info_get_connector_id (model);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       connector_id != NULL ? connector_id : _("Inline"));
}

static void
bind_nodes_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  guint planned = cs_model_info_get_planning_worker_node_count (model);
  guint current = cs_model_info_get_current_worker_node_count (model);
  g_autofree char *text = NULL;

  if (planned == 0 && current == 0)
    text = g_strdup ("—");
  else
    /* Translators: worker nodes deployed out of planned, in a narrow column */
    text = g_strdup_printf (_("%u of %u"), current, planned);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_created_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  g_autofree char *text = format_time (cs_model_info_get_created_time (model));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_deployed_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  g_autofree char *text = format_time (cs_model_info_get_last_deployed_time (model));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
setup_actions_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (button, _("Model Actions"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_list_item_set_child (item, button);
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             const char *model_id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (model_id));
  g_menu_append_item (menu, item);
}

static void
bind_actions_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  const char *id = cs_model_info_get_id (model);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  g_autofree char *label = g_strdup_printf (_("Actions for %s"), cs_model_info_get_name (model));
  GtkWidget *button = gtk_list_item_get_child (item);

  append_item (first, _("Open in _Playground"), "models.open-in-playground", id);
  if (cs_model_info_is_deployed (model))
    append_item (first, _("_Undeploy…"), "models.undeploy", id);
  else if (!cs_model_info_is_busy (model))
    append_item (first, _("_Deploy"), "models.deploy", id);
  append_item (last, _("De_lete…"), "models.delete", id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
add_column (CsModelsPage *self,
            const char   *title,
            GCallback     setup,
            gpointer      setup_data,
            GCallback     bind,
            GtkSorter    *sorter,
            gboolean      expand,
            int           fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", setup, setup_data);
  g_signal_connect (factory, "bind", bind, NULL);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->column_view, column);
  g_clear_object (&sorter);
}

static GtkSorter *
string_sorter (const char *property)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (CS_TYPE_MODEL_INFO, NULL,
                                                                         property)));
}

static GtkSorter *
time_sorter (const char *property)
{
  GtkNumericSorter *sorter =
    gtk_numeric_sorter_new (gtk_property_expression_new (CS_TYPE_MODEL_INFO, NULL, property));

  gtk_numeric_sorter_set_sort_order (sorter, GTK_SORT_DESCENDING);
  return GTK_SORTER (sorter);
}

static void
build_columns (CsModelsPage *self)
{
  GtkSortListModel *sorted;
  GtkNoSelection *selection;

  add_column (self, _("Name"), G_CALLBACK (setup_name_cb), NULL, G_CALLBACK (bind_name_cb),
              string_sorter ("name"), TRUE, 180);
  add_column (self, _("State"), G_CALLBACK (setup_state_cb), NULL, G_CALLBACK (bind_state_cb),
              string_sorter ("state"), FALSE, 130);
  add_column (self, _("Connector"), G_CALLBACK (setup_connector_cb), NULL,
              G_CALLBACK (bind_connector_cb), string_sorter ("connector-id"), FALSE, 140);
  add_column (self, _("Nodes"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (1),
              G_CALLBACK (bind_nodes_cb), NULL, FALSE, 64);
  add_column (self, _("Created"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (1),
              G_CALLBACK (bind_created_cb), time_sorter ("created-time"), FALSE, 136);
  add_column (self, _("Deployed"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (1),
              G_CALLBACK (bind_deployed_cb), time_sorter ("last-deployed-time"), FALSE, 136);
  add_column (self, NULL, G_CALLBACK (setup_actions_cb), NULL, G_CALLBACK (bind_actions_cb),
              NULL, FALSE, 48);

  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->models)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

/* ------------------------------------------------------------------------ */
/* Per-model actions */

static void
open_in_playground (CsModelsPage *self,
                    const char   *model_id)
{
  if (self->session == NULL)
    return;
  cs_session_set_model_id (self->session, model_id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "playground");
}

static void
open_in_playground_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_in_playground (CS_MODELS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
deploy_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  const char *model_id = g_variant_get_string (parameter, NULL);

  start_follow (self, model_id, model_title (self, model_id), TRUE);
}

typedef struct
{
  CsModelsPage *self;
  char         *model_id;
  char         *title;
  gboolean      delete_after;
} Op;

static Op *
op_new (CsModelsPage *self,
        const char   *model_id,
        gboolean      delete_after)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->model_id = g_strdup (model_id);
  op->title = g_strdup (model_title (self, model_id));
  op->delete_after = delete_after;
  return op;
}

static void
op_free (Op *op)
{
  g_object_unref (op->self);
  g_free (op->model_id);
  g_free (op->title);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void start_delete (Op *op);
static void confirm_delete (CsModelsPage *self, const char *model_id, gboolean deployed);

static void
undeploy_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_models_undeploy_finish (CS_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error_dialog (op->self, _("Could Not Undeploy the Model"), error);
      refresh (op->self);
      return;
    }

  if (op->delete_after)
    {
      start_delete (g_steal_pointer (&op));
      return;
    }

  {
    g_autofree char *toast = g_strdup_printf (_("Undeployed “%s”"), op->title);

    cs_widget_show_toast (GTK_WIDGET (op->self), toast);
  }
  refresh (op->self);
}

static void
start_undeploy (Op *op)
{
  CsClient *client = get_client (op->self);

  if (client == NULL)
    {
      op_free (op);
      return;
    }
  if (op->self->op_cancellable == NULL)
    op->self->op_cancellable = g_cancellable_new ();
  cs_models_undeploy_async (client, op->model_id, op->self->op_cancellable, undeploy_done_cb, op);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  if (!cs_models_delete_finish (CS_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The list was out of date: the model is deployed after all. */
      if (cs_models_error_is_delete_refused (error) && !op->delete_after)
        confirm_delete (op->self, op->model_id, TRUE);
      else
        show_error_dialog (op->self, _("Could Not Delete the Model"), error);
      refresh (op->self);
      return;
    }

  toast = g_strdup_printf (_("Deleted “%s”"), op->title);
  cs_widget_show_toast (GTK_WIDGET (op->self), toast);
  if (op->self->session != NULL &&
      g_strcmp0 (cs_session_get_model_id (op->self->session), op->model_id) == 0)
    cs_session_set_model_id (op->self->session, NULL);
  refresh (op->self);
}

static void
start_delete (Op *op)
{
  CsClient *client = get_client (op->self);

  if (client == NULL)
    {
      op_free (op);
      return;
    }
  if (op->self->op_cancellable == NULL)
    op->self->op_cancellable = g_cancellable_new ();
  cs_models_delete_async (client, op->model_id, op->self->op_cancellable, delete_done_cb, op);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CsModelsPage     *self)
{
  const char *model_id = g_object_get_data (G_OBJECT (dialog), "cs-model-id");

  if (g_str_equal (response, "undeploy"))
    start_undeploy (op_new (self, model_id, FALSE));
  else if (g_str_equal (response, "undeploy-delete"))
    start_undeploy (op_new (self, model_id, TRUE));
  else if (g_str_equal (response, "delete"))
    start_delete (op_new (self, model_id, FALSE));
}

static GtkWidget *
new_confirm_dialog (CsModelsPage *self,
                    const char   *model_id,
                    const char   *heading,
                    const char   *body,
                    const char   *response,
                    const char   *response_label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cs-model-id", g_strdup (model_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  return dialog;
}

static void
undeploy_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  const char *model_id = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = g_strdup_printf (_("Undeploy “%s”?"), model_title (self, model_id));
  GtkWidget *dialog;

  dialog = new_confirm_dialog (self, model_id, heading,
                               _("Predictions with this model stop working on every node until "
                                 "it is deployed again."),
                               "undeploy", _("_Undeploy"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_delete (CsModelsPage *self,
                const char   *model_id,
                gboolean      deployed)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (deployed)
    {
      heading = g_strdup_printf (_("Undeploy and Delete “%s”?"), model_title (self, model_id));
      dialog = new_confirm_dialog (self, model_id, heading,
                                   _("The model is deployed, and the cluster only deletes models "
                                     "that are not. It will be undeployed first, then deleted. "
                                     "This cannot be undone; its connector stays."),
                                   "undeploy-delete", _("Undeploy and _Delete"));
    }
  else
    {
      heading = g_strdup_printf (_("Delete “%s”?"), model_title (self, model_id));
      dialog = new_confirm_dialog (self, model_id, heading,
                                   _("This cannot be undone. The model’s connector stays."),
                                   "delete", _("_Delete"));
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  const char *model_id = g_variant_get_string (parameter, NULL);
  CsModelInfo *model = find_model (self, model_id);

  confirm_delete (self, model_id, model != NULL && cs_model_info_blocks_delete (model));
}

/* ------------------------------------------------------------------------ */
/* Panel actions */

static void
show_register_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);

  if (self->follower != NULL && cs_deploy_follower_get_running (self->follower))
    {
      show_panel (self, "follow");
      return;
    }
  show_form (self);
}

static void
close_panel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);

  gtk_revealer_set_reveal_child (self->panel_revealer, FALSE);
}

static void
cancel_follow_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);

  self->user_stopped = TRUE;
  if (self->follow_cancellable != NULL)
    g_cancellable_cancel (self->follow_cancellable);
}

static void
retry_deploy_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  g_autofree char *model_id = NULL;
  g_autofree char *title = NULL;

  if (self->follower == NULL)
    return;
  model_id = g_strdup (cs_deploy_follower_get_model_id (self->follower));
  title = g_strdup (self->followed_title);
  start_follow (self, model_id, title, TRUE);
}

static void
open_followed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);

  if (self->follower != NULL)
    open_in_playground (self, cs_deploy_follower_get_model_id (self->follower));
}

/* ------------------------------------------------------------------------ */
/* The session */

static void
session_state_changed_cb (CsModelsPage *self)
{
  gboolean connected = get_client (self) != NULL;

  if (!connected)
    {
      cancel_and_clear (&self->list_cancellable);
      cancel_and_clear (&self->register_cancellable);
      cancel_and_clear (&self->follow_cancellable);
      cancel_and_clear (&self->op_cancellable);
      if (self->registering)
        set_form_busy (self, FALSE);
      g_list_store_remove_all (self->models);
      update_count (self);
      set_view (self, "disconnected");
    }
  else
    {
      self->view = NULL;
      g_list_store_remove_all (self->models);
      refresh (self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.show-register", connected);
  update_form (self);
}

CsSession *
cs_models_page_get_session (CsModelsPage *self)
{
  g_return_val_if_fail (CS_IS_MODELS_PAGE (self), NULL);
  return self->session;
}

void
cs_models_page_set_session (CsModelsPage *self,
                            CsSession    *session)
{
  g_return_if_fail (CS_IS_MODELS_PAGE (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  session_state_changed_cb (self);
  prefill_connector (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GListModel *
cs_models_page_get_models (CsModelsPage *self)
{
  g_return_val_if_fail (CS_IS_MODELS_PAGE (self), NULL);
  return G_LIST_MODEL (self->models);
}

const char *
cs_models_page_get_view (CsModelsPage *self)
{
  g_return_val_if_fail (CS_IS_MODELS_PAGE (self), NULL);
  return self->view;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
cs_models_page_dispose (GObject *object)
{
  CsModelsPage *self = CS_MODELS_PAGE (object);

  cancel_and_clear (&self->list_cancellable);
  cancel_and_clear (&self->register_cancellable);
  cancel_and_clear (&self->follow_cancellable);
  cancel_and_clear (&self->op_cancellable);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  if (self->follower != NULL)
    g_signal_handlers_disconnect_by_data (self->follower, self);
  g_clear_object (&self->follower);

  /* AdwBin unparents its child in its own dispose; let it do so first, or
   * the template's disposal leaves it a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_MODELS_PAGE);

  g_clear_object (&self->models);

  G_OBJECT_CLASS (cs_models_page_parent_class)->dispose (object);
}

static void
cs_models_page_finalize (GObject *object)
{
  CsModelsPage *self = CS_MODELS_PAGE (object);

  g_free (self->followed_title);

  G_OBJECT_CLASS (cs_models_page_parent_class)->finalize (object);
}

static void
cs_models_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsModelsPage *self = CS_MODELS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_models_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CsModelsPage *self = CS_MODELS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cs_models_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_models_page_class_init (CsModelsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_models_page_dispose;
  object_class->finalize = cs_models_page_finalize;
  object_class->get_property = cs_models_page_get_property;
  object_class->set_property = cs_models_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_DEPLOY_PROGRESS);
  g_type_ensure (CS_TYPE_STATE_BADGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-models-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, panel_revealer);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, connector_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, group_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, deploy_switch);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, form_hint_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, register_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, progress);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, playground_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_activated_cb);

  gtk_widget_class_install_action (widget_class, "models.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "models.show-register", NULL,
                                   show_register_action);
  gtk_widget_class_install_action (widget_class, "models.close-panel", NULL, close_panel_action);
  gtk_widget_class_install_action (widget_class, "models.register", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "models.cancel-follow", NULL,
                                   cancel_follow_action);
  gtk_widget_class_install_action (widget_class, "models.retry-deploy", NULL,
                                   retry_deploy_action);
  gtk_widget_class_install_action (widget_class, "models.open-followed", NULL,
                                   open_followed_action);
  gtk_widget_class_install_action (widget_class, "models.deploy", "s", deploy_action);
  gtk_widget_class_install_action (widget_class, "models.undeploy", "s", undeploy_action);
  gtk_widget_class_install_action (widget_class, "models.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "models.open-in-playground", "s",
                                   open_in_playground_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "models.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "models.refresh", NULL);
}

static void
cs_models_page_init (CsModelsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->models = g_list_store_new (CS_TYPE_MODEL_INFO);
  build_columns (self);

  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::connector-id",
                                 G_CALLBACK (prefill_connector), self, G_CONNECT_SWAPPED);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), DEFAULT_NAME);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), DEFAULT_DESCRIPTION);
  self->name_touched = FALSE;
  self->connector_touched = FALSE;

  set_view (self, "disconnected");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.show-register", FALSE);
  update_form (self);
  update_follow_buttons (self);
}
