/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-row"

#include "config.h"

#include "cs-connector-row.h"

#include <glib/gi18n.h>

struct _CsConnectorRow
{
  AdwActionRow     parent_instance;

  /* Template Widgets */
  GtkButton       *view_button;
  GtkButton       *delete_button;
  GtkMenuButton   *menu_button;
  GtkImage        *problem_icon;

  /* Owned References */
  CsConnectorInfo *info;
  char            *problem;
};

G_DEFINE_FINAL_TYPE (CsConnectorRow, cs_connector_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The row's one menu: the lifecycle of a connector on the cluster (the
 * Connectors page's actions), then its export (the list's). */
static void
update_menu (CsConnectorRow *self,
             const char     *id)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) lifecycle = g_menu_new ();
  g_autoptr(GMenu) code = g_menu_new ();
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit…"), NULL);
  g_autoptr(GMenuItem) rotate = g_menu_item_new (_("_Rotate Keys…"), NULL);
  g_autoptr(GMenuItem) export = g_menu_item_new (_("E_xport as Code…"), NULL);

  g_menu_item_set_action_and_target_value (edit, "connectors.edit", g_variant_new_string (id));
  g_menu_item_set_action_and_target_value (rotate, "connectors.rotate-keys",
                                           g_variant_new_string (id));
  g_menu_item_set_action_and_target_value (export, "connector-row.export", NULL);
  g_menu_append_item (lifecycle, edit);
  g_menu_append_item (lifecycle, rotate);
  g_menu_append_item (code, export);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (lifecycle));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (code));
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
show_info (CsConnectorRow *self)
{
  CsConnectorInfo *info = self->info;
  const char *name = cs_connector_info_get_name (info);
  const char *model = cs_connector_info_get_model (info);
  const char *region = cs_connector_info_get_region (info);
  const char *id = cs_connector_info_get_id (info);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (model != NULL)
    g_string_append (subtitle, model);
  if (region != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", region);
  g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", id);
  if (self->problem != NULL)
    g_string_append_printf (subtitle, "\n%s", self->problem);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 name != NULL && name[0] != '\0' ? name : _("Unnamed connector"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->view_button),
                                          g_variant_new_string (id));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->delete_button),
                                          g_variant_new_string (id));
  update_menu (self, id);
}

static void
cs_connector_row_constructed (GObject *object)
{
  CsConnectorRow *self = CS_CONNECTOR_ROW (object);

  G_OBJECT_CLASS (cs_connector_row_parent_class)->constructed (object);

  g_assert (CS_IS_CONNECTOR_INFO (self->info));
  show_info (self);
}

static void
cs_connector_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_CONNECTOR_ROW);

  G_OBJECT_CLASS (cs_connector_row_parent_class)->dispose (object);
}

static void
cs_connector_row_finalize (GObject *object)
{
  CsConnectorRow *self = CS_CONNECTOR_ROW (object);

  g_clear_object (&self->info);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (cs_connector_row_parent_class)->finalize (object);
}

static void
cs_connector_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsConnectorRow *self = CS_CONNECTOR_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO: g_value_set_object (value, self->info); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CsConnectorRow *self = CS_CONNECTOR_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO: self->info = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The row's menu names no id: its items pass the row's id on to the list's actions. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsConnectorRow *self = CS_CONNECTOR_ROW (widget);

  gtk_widget_activate_action (widget, "connector-list.export", "s",
                              cs_connector_info_get_id (self->info));
}

static void
cs_connector_row_class_init (CsConnectorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cs_connector_row_constructed;
  object_class->dispose = cs_connector_row_dispose;
  object_class->finalize = cs_connector_row_finalize;
  object_class->get_property = cs_connector_row_get_property;
  object_class->set_property = cs_connector_row_set_property;

  properties[PROP_INFO] = g_param_spec_object ("info", NULL, NULL, CS_TYPE_CONNECTOR_INFO,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                               G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "connector-row.export", NULL, export_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connector-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorRow, view_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorRow, problem_icon);
}

static void
cs_connector_row_init (CsConnectorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_connector_row_new (CsConnectorInfo *info)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (info), NULL);
  return g_object_new (CS_TYPE_CONNECTOR_ROW, "info", info, NULL);
}

CsConnectorInfo *
cs_connector_row_get_info (CsConnectorRow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_ROW (self), NULL);
  return self->info;
}

void
cs_connector_row_set_problem (CsConnectorRow *self,
                              const char     *problem)
{
  g_return_if_fail (CS_IS_CONNECTOR_ROW (self));

  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_icon), problem != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_icon), problem);
  show_info (self);
}

const char *
cs_connector_row_get_problem (CsConnectorRow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_ROW (self), NULL);
  return self->problem;
}
