/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-chooser"

#include "config.h"

#include "cs-connector-chooser.h"

#include <glib/gi18n.h>

#include "cs-connector-info.h"
#include "cs-connectors-api.h"
#include "cs-models-page-private.h"

struct _CsConnectorChooser
{
  GtkPopover    parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkSpinner   *spinner;
  GtkLabel     *message_label;
  GtkWidget    *retry_button;
  GtkListBox   *list_box;

  CsClient     *client;
  GCancellable *cancellable;
  GPtrArray    *ids;        /* the rows' connector ids, in row order */
};

G_DEFINE_FINAL_TYPE (CsConnectorChooser, cs_connector_chooser, GTK_TYPE_POPOVER)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (CsConnectorChooser *self,
              const char         *message,
              gboolean            can_retry)
{
  gtk_spinner_stop (self->spinner);
  gtk_label_set_label (self->message_label, message);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static GtkWidget *
make_row (CsConnectorInfo *info)
{
  const char *name = cs_connector_info_get_name (info);
  const char *model = cs_connector_info_get_model (info);
  const char *id = cs_connector_info_get_id (info);
  g_autofree char *created = _cs_models_page_format_time (cs_connector_info_get_created_time (info));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Names and models come from the cluster: shown as text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 name != NULL && *name != '\0' ? name : _("Unnamed Connector"));
  /* Translators: a connector's model, then its id and when it was created */
  subtitle = g_strdup_printf (_("%s\n%s · created %s"),
                              model != NULL && *model != '\0' ? model : "—", id, created);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsConnectorChooser) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) connectors = NULL;
  GtkWidget *child;
  guint n;

  connectors = cs_connectors_search_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (connectors == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_ptr_array_set_size (self->ids, 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (connectors));
  if (n == 0)
    {
      show_message (self, _("The cluster has no connectors yet. Create one in the Connectors "
                            "area first."), FALSE);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsConnectorInfo) info = g_list_model_get_item (G_LIST_MODEL (connectors), i);

      if (cs_connector_info_get_id (info) == NULL)
        continue;
      gtk_list_box_append (self->list_box, make_row (info));
      g_ptr_array_add (self->ids, g_strdup (cs_connector_info_get_id (info)));
    }
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
load (CsConnectorChooser *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL)
    {
      show_message (self, _("Connect to a cluster to see its connectors."), FALSE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  cs_connectors_search_async (self->client, self->cancellable, search_done_cb,
                              g_object_ref (self));
}

static void
shown_cb (CsConnectorChooser *self)
{
  load (self);
}

static void
retry_clicked_cb (CsConnectorChooser *self)
{
  load (self);
}

static void
row_activated_cb (CsConnectorChooser *self,
                  GtkListBoxRow      *row)
{
  int index = gtk_list_box_row_get_index (row);
  g_autofree char *id = NULL;

  if (index < 0 || (guint) index >= self->ids->len)
    return;
  id = g_strdup (g_ptr_array_index (self->ids, index));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CHOSEN], 0, id);
}

static void
cs_connector_chooser_dispose (GObject *object)
{
  CsConnectorChooser *self = CS_CONNECTOR_CHOOSER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->ids, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_connector_chooser_parent_class)->dispose (object);
}

static void
cs_connector_chooser_class_init (CsConnectorChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connector_chooser_dispose;

  /**
   * CsConnectorChooser::chosen:
   * @id: the connector's id
   *
   * The user picked a connector; the popover has closed.
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH
                                               "/ui/cs-connector-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorChooser, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorChooser, message_label);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorChooser, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorChooser, list_box);
  gtk_widget_class_bind_template_callback (widget_class, shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
cs_connector_chooser_init (CsConnectorChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ids = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
cs_connector_chooser_new (void)
{
  return g_object_new (CS_TYPE_CONNECTOR_CHOOSER, NULL);
}

void
cs_connector_chooser_set_client (CsConnectorChooser *self,
                                 CsClient           *client)
{
  g_return_if_fail (CS_IS_CONNECTOR_CHOOSER (self));
  g_return_if_fail (client == NULL || CS_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}
