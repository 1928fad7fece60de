/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-profile-row"

#include "config.h"

#include "cs-profile-row.h"

#include <glib/gi18n.h>

struct _CsProfileRow
{
  AdwActionRow   parent_instance;

  /* Template widgets */
  GtkImage      *icon;
  GtkWidget     *connected_mark;
  GtkWidget     *connect_button;
  GtkMenuButton *menu_button;

  /* Owned References */
  CsProfile     *profile;
  gboolean       connected;
};

G_DEFINE_FINAL_TYPE (CsProfileRow, cs_profile_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_profile_row_constructed (GObject *object)
{
  CsProfileRow *self = CS_PROFILE_ROW (object);
  const char *id = cs_profile_get_id (self->profile);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit"), NULL);
  g_autoptr(GMenuItem) duplicate = g_menu_item_new (_("D_uplicate"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);

  G_OBJECT_CLASS (cs_profile_row_parent_class)->constructed (object);

  g_object_bind_property (self->profile, "name", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->profile, "url", self, "subtitle", G_BINDING_SYNC_CREATE);
  gtk_image_set_from_icon_name (self->icon, cs_profile_get_is_sandbox (self->profile)
                                              ? "applications-science-symbolic"
                                              : "network-server-symbolic");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->connect_button), "s", id);

  g_menu_item_set_action_and_target (edit, "connections.edit", "s", id);
  g_menu_item_set_action_and_target (duplicate, "connections.duplicate", "s", id);
  g_menu_item_set_action_and_target (delete, "connections.delete", "s", id);
  g_menu_append_item (menu, edit);
  /* A copy of the sandbox's profile would hold an address and a password
   * that end with this run of the sandbox. */
  if (!cs_profile_get_is_sandbox (self->profile))
    g_menu_append_item (menu, duplicate);
  g_menu_append_item (menu, delete);
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
cs_profile_row_dispose (GObject *object)
{
  CsProfileRow *self = CS_PROFILE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PROFILE_ROW);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (cs_profile_row_parent_class)->dispose (object);
}

static void
cs_profile_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsProfileRow *self = CS_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_profile_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CsProfileRow *self = CS_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    case PROP_CONNECTED:
      cs_profile_row_set_connected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_profile_row_class_init (CsProfileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cs_profile_row_constructed;
  object_class->dispose = cs_profile_row_dispose;
  object_class->get_property = cs_profile_row_get_property;
  object_class->set_property = cs_profile_row_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, CS_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-profile-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsProfileRow, icon);
  gtk_widget_class_bind_template_child (widget_class, CsProfileRow, connected_mark);
  gtk_widget_class_bind_template_child (widget_class, CsProfileRow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, CsProfileRow, menu_button);
}

static void
cs_profile_row_init (CsProfileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_profile_row_new (CsProfile *profile)
{
  g_return_val_if_fail (CS_IS_PROFILE (profile), NULL);

  return g_object_new (CS_TYPE_PROFILE_ROW, "profile", profile, NULL);
}

CsProfile *
cs_profile_row_get_profile (CsProfileRow *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_ROW (self), NULL);
  return self->profile;
}

gboolean
cs_profile_row_get_connected (CsProfileRow *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_ROW (self), FALSE);
  return self->connected;
}

void
cs_profile_row_set_connected (CsProfileRow *self,
                              gboolean      connected)
{
  g_return_if_fail (CS_IS_PROFILE_ROW (self));

  connected = !!connected;
  if (self->connected == connected)
    return;
  self->connected = connected;
  gtk_widget_set_visible (self->connected_mark, connected);
  gtk_widget_set_visible (self->connect_button, !connected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}
