/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Models page's list: one GtkColumnView column per model field, each a
 * signal factory that binds to the immutable CsModelInfo, its sorter, and the
 * row menu. */
#define G_LOG_DOMAIN "cs-models-page"

#include "config.h"

#include "cs-models-page-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-model-info.h"
#include "cs-state-badge.h"

char *
_cs_models_page_format_time (gint64 epoch_ms)
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
  g_autofree char *text = _cs_models_page_format_time (cs_model_info_get_created_time (model));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_deployed_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  g_autofree char *text = _cs_models_page_format_time (cs_model_info_get_last_deployed_time (model));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void create_row_menu_cb (GtkMenuButton *button,
                                gpointer       user_data);

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
  /* The menu is made when it opens, for the model the row shows then: a
   * popover menu per row made up front costs more than the rest of the row,
   * and a long list makes a couple of hundred rows. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_row_menu_cb, item,
                                         NULL);
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
create_row_menu_cb (GtkMenuButton *button,
                    gpointer       user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (GTK_LIST_ITEM (user_data));
  const char *id;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();

  if (model == NULL)
    {
      gtk_menu_button_set_menu_model (button, NULL);
      return;
    }
  id = cs_model_info_get_id (model);
  /* Only a deployed model answers predictions: nothing to open otherwise. */
  if (cs_model_info_is_deployed (model))
    {
      append_item (first, _("Open in _Playground"), "models.open-in-playground", id);
      append_item (first, _("_Undeploy…"), "models.undeploy", id);
    }
  else if (!cs_model_info_is_busy (model))
    append_item (first, _("_Deploy"), "models.deploy", id);
  append_item (first, _("_Details"), "models.details", id);
  append_item (first, _("_Copy Model ID"), "models.copy-id", id);
  append_item (last, _("De_lete…"), "models.delete", id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
bind_actions_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  CsModelInfo *model = gtk_list_item_get_item (item);
  g_autofree char *label = g_strdup_printf (_("Actions for %s"), cs_model_info_get_name (model));
  GtkWidget *button = gtk_list_item_get_child (item);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            GCallback      setup,
            gpointer       setup_data,
            GCallback      bind,
            GtkSorter     *sorter,
            gboolean       expand,
            int            fixed_width)
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
  gtk_column_view_append_column (view, column);
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

static gboolean
contains_folded (const char *text,
                 const char *folded_query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_query) != NULL;
}

gboolean
_cs_models_page_model_matches (CsModelInfo *model,
                               const char  *query)
{
  g_autofree char *folded_query = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  folded_query = g_utf8_casefold (query, -1);
  return contains_folded (cs_model_info_get_name (model), folded_query) ||
         contains_folded (cs_model_info_get_id (model), folded_query) ||
         contains_folded (cs_model_info_get_connector_id (model), folded_query) ||
         contains_folded (cs_model_info_get_description (model), folded_query) ||
         contains_folded (cs_model_info_get_state (model), folded_query);
}

GListModel *
_cs_models_page_build_columns (GtkColumnView *view,
                               GListModel    *models,
                               GtkFilter     *filter)
{
  GtkSortListModel *sorted;
  GtkFilterListModel *filtered;
  GtkNoSelection *selection;

  add_column (view, _("Name"), G_CALLBACK (setup_name_cb), NULL, G_CALLBACK (bind_name_cb),
              string_sorter ("name"), TRUE, 180);
  add_column (view, _("State"), G_CALLBACK (setup_state_cb), NULL, G_CALLBACK (bind_state_cb),
              string_sorter ("state"), FALSE, 130);
  add_column (view, _("Connector"), G_CALLBACK (setup_connector_cb), NULL,
              G_CALLBACK (bind_connector_cb), string_sorter ("connector-id"), FALSE, 140);
  add_column (view, _("Nodes"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (1),
              G_CALLBACK (bind_nodes_cb), NULL, FALSE, 64);
  add_column (view, _("Created"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (1),
              G_CALLBACK (bind_created_cb), time_sorter ("created-time"), FALSE, 136);
  add_column (view, _("Deployed"), G_CALLBACK (setup_label_cb), GINT_TO_POINTER (1),
              G_CALLBACK (bind_deployed_cb), time_sorter ("last-deployed-time"), FALSE, 136);
  add_column (view, NULL, G_CALLBACK (setup_actions_cb), NULL, G_CALLBACK (bind_actions_cb),
              NULL, FALSE, 48);

  filtered = gtk_filter_list_model_new (g_object_ref (models),
                                        filter != NULL ? g_object_ref (filter) : NULL);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  return G_LIST_MODEL (filtered);
}
