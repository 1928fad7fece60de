/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-preferences-window"

#include "config.h"

#include "cs-preferences-window.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-profile.h"

struct _CsPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  GtkSwitch          *sandbox_switch;
  AdwEntryRow        *region_row;
  GtkLabel           *region_error_label;
  GtkSpinButton      *timeout_spin;

  GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

gboolean
cs_preferences_get_start_sandbox (GSettings *settings)
{
  g_autoptr(GVariant) user_value = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (!in_flatpak ())
    return g_settings_get_boolean (settings, "start-sandbox");
  /* Installed as a Flatpak the app starts nothing by itself: only a choice
   * the user made counts. */
  user_value = g_settings_get_user_value (settings, "start-sandbox");
  return user_value != NULL && g_variant_get_boolean (user_value);
}

static void
sandbox_switch_cb (CsPreferencesWindow *self)
{
  g_settings_set_boolean (self->settings, "start-sandbox",
                          gtk_switch_get_active (self->sandbox_switch));
}

static void
region_changed_cb (CsPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *region = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->region_row))));

  /* Written only once it is a region code; a half-typed one is kept on
   * screen with the reason. */
  if (cs_profile_check_region (region, &error) && *region != '\0')
    {
      g_settings_set_string (self->settings, "default-region", region);
      gtk_widget_remove_css_class (GTK_WIDGET (self->region_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->region_error_label), FALSE);
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->region_row), "error");
  gtk_label_set_label (self->region_error_label,
                       error != NULL ? error->message
                                     : _("Enter an AWS region code, such as us-east-1."));
  gtk_widget_set_visible (GTK_WIDGET (self->region_error_label), TRUE);
}

static void
cs_preferences_window_dispose (GObject *object)
{
  CsPreferencesWindow *self = CS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cs_preferences_window_parent_class)->dispose (object);
}

static void
cs_preferences_window_class_init (CsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, sandbox_switch);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, region_error_label);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_callback (widget_class, sandbox_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_changed_cb);
}

static void
cs_preferences_window_init (CsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  CsPreferencesWindow *self;
  g_autofree char *region = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CS_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);

  /* The rows show the settings first, then write them as they change. */
  g_signal_handlers_block_by_func (self->sandbox_switch, sandbox_switch_cb, self);
  gtk_switch_set_active (self->sandbox_switch, cs_preferences_get_start_sandbox (settings));
  g_signal_handlers_unblock_by_func (self->sandbox_switch, sandbox_switch_cb, self);
  region = g_settings_get_string (settings, "default-region");
  g_signal_handlers_block_by_func (self->region_row, region_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->region_row), region);
  g_signal_handlers_unblock_by_func (self->region_row, region_changed_cb, self);
  g_settings_bind (settings, "request-timeout", gtk_spin_button_get_adjustment (self->timeout_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
