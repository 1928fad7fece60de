/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page.h"

#include <glib/gi18n.h>

struct _CsPlaygroundPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CsPlaygroundPage, cs_playground_page, ADW_TYPE_BIN)

static void
cs_playground_page_class_init (CsPlaygroundPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-playground-page.ui");
}

static void
cs_playground_page_init (CsPlaygroundPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
