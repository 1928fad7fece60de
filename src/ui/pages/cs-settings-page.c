/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-settings-page"

#include "config.h"

#include "cs-settings-page.h"

#include <glib/gi18n.h>

struct _CsSettingsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CsSettingsPage, cs_settings_page, ADW_TYPE_BIN)

static void
cs_settings_page_class_init (CsSettingsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-settings-page.ui");
}

static void
cs_settings_page_init (CsSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
