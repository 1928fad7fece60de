/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-models-page"

#include "config.h"

#include "cs-models-page.h"

#include <glib/gi18n.h>

struct _CsModelsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CsModelsPage, cs_models_page, ADW_TYPE_BIN)

static void
cs_models_page_class_init (CsModelsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-models-page.ui");
}

static void
cs_models_page_init (CsModelsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
