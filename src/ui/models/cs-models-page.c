/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-models-page"

#include "config.h"

#include "cs-models-page.h"

#include <glib/gi18n.h>

#include "cs-model-details.h"
#include "cs-model-info.h"
#include "cs-model-register-panel.h"
#include "cs-models-api.h"
#include "cs-models-page-private.h"
#include "cs-window.h"

struct _CsModelsPage
{
  AdwBin                 parent_instance;

  /* Template widgets */
  GtkStack              *page_stack;
  CsModelRegisterPanel  *register_panel;
  GtkLabel              *count_label;
  GtkSearchBar          *search_bar;
  GtkSearchEntry        *search_entry;
  GtkFilter             *filter;        /* the search entry's */
  GListModel            *filtered;      /* the models shown, owned by the view */
  GtkWidget             *refresh_button;
  GtkStack              *list_stack;
  GtkSpinner            *loading_spinner;
  AdwStatusPage         *error_status;
  GtkColumnView         *column_view;

  CsSession             *session;
  GSignalGroup          *session_signals;

  GListStore            *models;
  const char            *view;

  /* A long answer goes into the list in pieces, a few per main-loop pass
   * (fill_step): the models still to add, from fill_pos on. */
  GPtrArray             *fill_items;
  guint                  fill_pos;
  guint                  fill_batch;
  guint                  fill_id;
  /* While shown, the next batch waits for the window to draw this one. */
  GdkFrameClock         *fill_clock;
  gulong                 fill_paint_id;

  GCancellable          *list_cancellable;
  GCancellable          *op_cancellable;
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

/* "list", or "no-match" when a search hides every model. */
static const char *
filtered_view (CsModelsPage *self)
{
  return g_list_model_get_n_items (self->filtered) > 0 ? "list" : "no-match";
}

static gboolean
filter_model_cb (gpointer item,
                 gpointer user_data)
{
  CsModelsPage *self = user_data;

  return _cs_models_page_model_matches (CS_MODEL_INFO (item),
                                        gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_changed_cb (CsModelsPage *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  if (g_strcmp0 (self->view, "list") == 0 || g_strcmp0 (self->view, "no-match") == 0)
    set_view (self, filtered_view (self));
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
/* The list */

static void
update_count (CsModelsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->models));
  g_autofree char *text = n > 0 ? g_strdup_printf (ngettext ("%u Remote Model",
                                                              "%u Remote Models", n), n)
                                 : g_strdup ("");

  gtk_label_set_label (self->count_label, text);
}

/*
 * Replacing the list's items makes the column view destroy the rows of the
 * items that went, with every widget in them. When one of those widgets has
 * the keyboard focus, GTK 4.8 unsets it only on the next frame and meanwhile
 * keeps pointing at it without a reference; the freed widget is then read
 * when the focus moves on (a Gtk-CRITICAL from gtk_widget_is_ancestor, or
 * worse). That is the normal case after a row menu: closing the menu gives
 * the focus back to the row's menu button, and the undeploy or delete chosen
 * there ends in a refresh that replaces that very row. So the focus leaves
 * the rows before they change, for the Refresh button above the list.
 */
static void
move_focus_out_of_rows (CsModelsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return;
  if (!gtk_widget_grab_focus (self->refresh_button))
    gtk_root_set_focus (root, NULL);
}

/* A long answer goes into the list a batch at a time, as many batches per
 * main-loop pass as fit in FILL_BUDGET_US and at most FILL_PASS_MAX models,
 * so that the window keeps drawing; while the page is shown, one pass a
 * frame (an idle may otherwise run again and again before the frame that
 * lays out and draws the new rows). The first items cost most (the column
 * view makes and styles a row for each of its first couple of hundred), so
 * batches start small and grow while they stay cheap. */
#define FILL_FIRST_BATCH 8
#define FILL_MAX_BATCH 500
#define FILL_PASS_MAX 2000
#define FILL_BUDGET_US 3000

static void
stop_filling (CsModelsPage *self)
{
  g_clear_handle_id (&self->fill_id, g_source_remove);
  if (self->fill_clock != NULL)
    g_clear_signal_handler (&self->fill_paint_id, self->fill_clock);
  g_clear_object (&self->fill_clock);
  g_clear_pointer (&self->fill_items, g_ptr_array_unref);
  self->fill_pos = 0;
}

/* Adds the next batches of fill_items; the first one replaces what the list
 * showed. The list shows from the first batch on. Returns whether models are
 * left for another pass. */
static gboolean
fill_step (CsModelsPage *self)
{
  gint64 start = g_get_monotonic_time ();
  guint added = 0;

  do
    {
      guint n = MIN (MIN (self->fill_batch, FILL_PASS_MAX - added),
                     self->fill_items->len - self->fill_pos);
      guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->models));
      gint64 batch_start = g_get_monotonic_time ();
      gint64 took;

      if (self->fill_pos == 0)
        {
          move_focus_out_of_rows (self);
          g_list_store_splice (self->models, 0, shown, self->fill_items->pdata, n);
        }
      else
        g_list_store_splice (self->models, shown, 0, self->fill_items->pdata + self->fill_pos, n);
      self->fill_pos += n;
      added += n;

      took = g_get_monotonic_time () - batch_start;
      if (took < FILL_BUDGET_US / 8)
        self->fill_batch = MIN (self->fill_batch * 2, FILL_MAX_BATCH);
      else if (took > FILL_BUDGET_US / 3)
        self->fill_batch = MAX (self->fill_batch / 2, 1);
    }
  while (self->fill_pos < self->fill_items->len && added < FILL_PASS_MAX
         && g_get_monotonic_time () - start < FILL_BUDGET_US);

  update_count (self);
  set_view (self, g_list_model_get_n_items (G_LIST_MODEL (self->models)) == 0
                    ? "empty" : filtered_view (self));
  if (self->fill_pos < self->fill_items->len)
    return TRUE;

  stop_filling (self);
  return FALSE;
}

static gboolean fill_idle_cb (gpointer user_data);

static void
fill_after_paint_cb (GdkFrameClock *clock,
                     CsModelsPage  *self)
{
  g_clear_signal_handler (&self->fill_paint_id, clock);
  g_clear_object (&self->fill_clock);
  self->fill_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_idle_cb, self, NULL);
}

/* The next pass runs just after the window has drawn a frame, so that it has
 * the time until the next one to itself; at once while the page is not
 * shown. */
static void
fill_after_next_frame (CsModelsPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_mapped (GTK_WIDGET (self))
                           ? gtk_widget_get_frame_clock (GTK_WIDGET (self)) : NULL;

  if (clock == NULL)
    {
      self->fill_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_idle_cb, self, NULL);
      return;
    }
  self->fill_clock = g_object_ref (clock);
  self->fill_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (fill_after_paint_cb),
                                          self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static gboolean
fill_idle_cb (gpointer user_data)
{
  CsModelsPage *self = user_data;

  self->fill_id = 0;
  if (fill_step (self))
    fill_after_next_frame (self);
  return G_SOURCE_REMOVE;
}

/* The one place the list's items change: models (a GPtrArray of
 * CsModelInfo, NULL for none) replace the list's items, a short list at
 * once, a long one in batches from an idle (fill_step). */
static void
replace_models (CsModelsPage *self,
                GPtrArray    *models)
{
  stop_filling (self);
  if (models == NULL || models->len == 0)
    {
      move_focus_out_of_rows (self);
      g_list_store_remove_all (self->models);
      update_count (self);
      return;
    }

  self->fill_items = g_ptr_array_ref (models);
  self->fill_batch = FILL_FIRST_BATCH;
  /* A short list goes in at once. A long one starts after a frame too: the
   * answer comes in a main-loop pass that may have had its share of work
   * already (the Playground's model list reads the same answer then), maybe
   * just before a frame is due, and the first rows cost the most. */
  if (models->len <= FILL_FIRST_BATCH)
    fill_step (self);
  else
    fill_after_next_frame (self);
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
      /* An earlier answer still going in would show its list over the error. */
      if (self->fill_items != NULL)
        {
          stop_filling (self);
          update_count (self);
        }
      adw_status_page_set_description (self->error_status, error->message);
      set_view (self, "error");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (found));
  if (n == 0)
    {
      replace_models (self, NULL);
      set_view (self, "empty");
      return;
    }
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (found), i));
  replace_models (self, items);
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

/* ------------------------------------------------------------------------ */
/* Per-model actions */

static void
open_in_playground (CsModelsPage *self,
                    const char   *model_id)
{
  if (self->session == NULL)
    return;
  cs_session_set_model_id (self->session, model_id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-playground", NULL);
}

static void
open_in_playground_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_in_playground (CS_MODELS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  CsModelInfo *model = find_model (self, g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);

  if (model != NULL)
    gtk_window_present (GTK_WINDOW (cs_model_details_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                                : NULL,
                                                          model)));
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
  cs_widget_show_toast (widget, _("Model ID copied"));
}

static void
deploy_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  const char *model_id = g_variant_get_string (parameter, NULL);

  cs_model_register_panel_follow (self->register_panel, model_id, model_title (self, model_id),
                                  TRUE);
}

/* One undeploy, delete or remove the user confirmed; the title is kept for
 * the toast, as the list may have changed by the time it ends. */
typedef struct
{
  CsModelsPage *self;
  char         *model_id;
  char         *title;
} Op;

static Op *
op_new (CsModelsPage *self,
        const char   *model_id)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->model_id = g_strdup (model_id);
  op->title = g_strdup (model_title (self, model_id));
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

static void confirm_delete (CsModelsPage *self, const char *model_id, gboolean deployed);

/* The client for an operation, or NULL (and the op freed) when disconnected. */
static CsClient *
op_start (Op *op)
{
  CsClient *client = get_client (op->self);

  if (client == NULL)
    {
      op_free (op);
      return NULL;
    }
  if (op->self->op_cancellable == NULL)
    op->self->op_cancellable = g_cancellable_new ();
  return client;
}

static void
op_deleted (Op *op)
{
  g_autofree char *toast = g_strdup_printf (_("Deleted “%s”"), op->title);

  cs_widget_show_toast (GTK_WIDGET (op->self), toast);
  if (op->self->session != NULL &&
      g_strcmp0 (cs_session_get_model_id (op->self->session), op->model_id) == 0)
    cs_session_set_model_id (op->self->session, NULL);
  refresh (op->self);
}

static void
undeploy_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  if (!cs_models_undeploy_finish (CS_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error_dialog (op->self, _("Could Not Undeploy the Model"), error);
      refresh (op->self);
      return;
    }

  toast = g_strdup_printf (_("Undeployed “%s”"), op->title);
  cs_widget_show_toast (GTK_WIDGET (op->self), toast);
  refresh (op->self);
}

static void
start_undeploy (Op *op)
{
  CsClient *client = op_start (op);

  if (client != NULL)
    cs_models_undeploy_async (client, op->model_id, op->self->op_cancellable, undeploy_done_cb,
                              op);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_models_delete_finish (CS_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The list was out of date: the model is deployed after all. Ask
       * again rather than undeploy what the user did not agree to. */
      if (cs_models_error_is_delete_refused (error))
        confirm_delete (op->self, op->model_id, TRUE);
      else
        show_error_dialog (op->self, _("Could Not Delete the Model"), error);
      refresh (op->self);
      return;
    }

  op_deleted (op);
}

/* A model the list shows as not deployed: only the delete. */
static void
start_delete (Op *op)
{
  CsClient *client = op_start (op);

  if (client != NULL)
    cs_models_delete_async (client, op->model_id, op->self->op_cancellable, delete_done_cb, op);
}

static void
remove_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  CsModelsRemoveStep step = CS_MODELS_REMOVE_STEP_CHECK;

  if (!cs_models_remove_finish (CS_CLIENT (source), result, NULL, &step, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error_dialog (op->self,
                         step == CS_MODELS_REMOVE_STEP_UNDEPLOY
                           ? _("Could Not Undeploy the Model")
                           : _("Could Not Delete the Model"),
                         error);
      refresh (op->self);
      return;
    }

  op_deleted (op);
}

/* "Undeploy and Delete", confirmed: core undeploys when the cluster says the
 * model is deployed, then deletes it. */
static void
start_remove (Op *op)
{
  CsClient *client = op_start (op);

  if (client != NULL)
    cs_models_remove_async (client, op->model_id, op->self->op_cancellable, remove_done_cb, op);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CsModelsPage     *self)
{
  const char *model_id = g_object_get_data (G_OBJECT (dialog), "cs-model-id");

  if (g_str_equal (response, "undeploy"))
    start_undeploy (op_new (self, model_id));
  else if (g_str_equal (response, "undeploy-delete"))
    start_remove (op_new (self, model_id));
  else if (g_str_equal (response, "delete"))
    start_delete (op_new (self, model_id));
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
  cs_model_register_panel_reveal (CS_MODELS_PAGE (widget)->register_panel);
}

static void
close_panel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cs_model_register_panel_close (CS_MODELS_PAGE (widget)->register_panel);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  cs_model_register_panel_register (CS_MODELS_PAGE (widget)->register_panel);
}

static void
cancel_follow_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cs_model_register_panel_stop_following (CS_MODELS_PAGE (widget)->register_panel);
}

static void
retry_deploy_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cs_model_register_panel_retry_deploy (CS_MODELS_PAGE (widget)->register_panel);
}

static void
open_followed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsModelsPage *self = CS_MODELS_PAGE (widget);
  const char *model_id = cs_model_register_panel_get_followed_model_id (self->register_panel);

  if (model_id != NULL)
    open_in_playground (self, model_id);
}

static void
can_register_changed_cb (CsModelsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.register",
                                 cs_model_register_panel_get_can_register (self->register_panel));
}

/* ------------------------------------------------------------------------ */
/* The session */

/* The connector handed over by the Connectors page. */
static void
prefill_connector (CsModelsPage *self)
{
  cs_model_register_panel_set_connector_id (self->register_panel,
                                            self->session != NULL
                                              ? cs_session_get_connector_id (self->session)
                                              : NULL);
}

static void
session_state_changed_cb (CsModelsPage *self)
{
  CsClient *client = get_client (self);

  cs_model_register_panel_set_client (self->register_panel, client);
  if (client == NULL)
    {
      cancel_and_clear (&self->list_cancellable);
      cancel_and_clear (&self->op_cancellable);
      replace_models (self, NULL);
      set_view (self, "disconnected");
    }
  else
    {
      self->view = NULL;
      replace_models (self, NULL);
      refresh (self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.show-register", client != NULL);
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
  cancel_and_clear (&self->op_cancellable);
  stop_filling (self);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  /* AdwBin unparents its child in its own dispose; let it do so first, or
   * the template's disposal leaves it a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_MODELS_PAGE);

  g_clear_object (&self->models);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (cs_models_page_parent_class)->dispose (object);
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
  object_class->get_property = cs_models_page_get_property;
  object_class->set_property = cs_models_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_MODEL_REGISTER_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-models-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, register_panel);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, CsModelsPage, column_view);

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
  gtk_widget_class_install_action (widget_class, "models.copy-id", "s", copy_id_action);
  gtk_widget_class_install_action (widget_class, "models.details", "s", details_action);
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
  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_model_cb, self, NULL));
  /* Typing on the page starts a search; closing the bar clears it. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  self->filtered = _cs_models_page_build_columns (self->column_view, G_LIST_MODEL (self->models),
                                                  self->filter);

  g_signal_connect_object (self->register_panel, "notify::can-register",
                           G_CALLBACK (can_register_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->register_panel, "models-changed", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::connector-id",
                                 G_CALLBACK (prefill_connector), self, G_CONNECT_SWAPPED);

  set_view (self, "disconnected");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.show-register", FALSE);
  can_register_changed_cb (self);
}
