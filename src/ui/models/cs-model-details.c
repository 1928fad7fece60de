/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-model-details"

#include "config.h"

#include "cs-model-details.h"

#include <glib/gi18n.h>

#include "cs-models-page-private.h"

struct _CsModelDetails
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *model_group;
  AdwPreferencesGroup *deployment_group;
};

G_DEFINE_FINAL_TYPE (CsModelDetails, cs_model_details, ADW_TYPE_WINDOW)

static void
copy_clicked_cb (GtkButton *button,
                 GtkLabel  *value)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          gtk_label_get_text (value));
}

/* One row: the title, and the value as selectable text (the cluster's own
 * strings, never markup); with a Copy button for ids. */
static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         gboolean             copyable)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL && *value != '\0' ? value : "—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  if (copyable && value != NULL && *value != '\0')
    {
      GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      g_autofree char *name = g_strdup_printf (_("Copy %s"), title);

      gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy, "flat");
      gtk_widget_set_tooltip_text (copy, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
    }
  adw_preferences_group_add (group, row);
}

static void
cs_model_details_class_init (CsModelDetailsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-model-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CsModelDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsModelDetails, model_group);
  gtk_widget_class_bind_template_child (widget_class, CsModelDetails, deployment_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_model_details_init (CsModelDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_model_details_new (GtkWindow   *parent,
                      CsModelInfo *model)
{
  CsModelDetails *self;
  g_autofree char *nodes = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *deployed = NULL;
  const char *connector_id;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CS_IS_MODEL_INFO (model), NULL);

  self = g_object_new (CS_TYPE_MODEL_DETAILS, "transient-for", parent, NULL);
  adw_window_title_set_subtitle (self->window_title, cs_model_info_get_name (model));

  connector_id = cs_model_info_get_connector_id (model);
  add_row (self->model_group, _("Name"), cs_model_info_get_name (model), FALSE);
  add_row (self->model_group, _("Description"), cs_model_info_get_description (model), FALSE);
  add_row (self->model_group, _("Model ID"), cs_model_info_get_id (model), TRUE);
  add_row (self->model_group, _("Connector ID"),
           connector_id != NULL ? connector_id : _("Inline connector"), connector_id != NULL);
  add_row (self->model_group, _("Model Group ID"), cs_model_info_get_model_group_id (model),
           TRUE);
  add_row (self->model_group, _("Version"), cs_model_info_get_version (model), FALSE);
  add_row (self->model_group, _("Algorithm"), cs_model_info_get_algorithm (model), FALSE);

  /* Translators: worker nodes deployed out of planned */
  nodes = g_strdup_printf (_("%u of %u"), cs_model_info_get_current_worker_node_count (model),
                           cs_model_info_get_planning_worker_node_count (model));
  created = _cs_models_page_format_time (cs_model_info_get_created_time (model));
  updated = _cs_models_page_format_time (cs_model_info_get_last_updated_time (model));
  deployed = _cs_models_page_format_time (cs_model_info_get_last_deployed_time (model));
  add_row (self->deployment_group, _("State"), cs_model_info_get_state (model), FALSE);
  add_row (self->deployment_group, _("Worker Nodes"), nodes, FALSE);
  add_row (self->deployment_group, _("Created"), created, FALSE);
  add_row (self->deployment_group, _("Last Updated"), updated, FALSE);
  add_row (self->deployment_group, _("Last Deployed"), deployed, FALSE);
  return GTK_WIDGET (self);
}
