/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connectors-page"

#include "config.h"

#include "cs-connectors-page.h"

#include <glib/gi18n.h>

struct _CsConnectorsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CsConnectorsPage, cs_connectors_page, ADW_TYPE_BIN)

static void
cs_connectors_page_class_init (CsConnectorsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-connectors-page.ui");
}

static void
cs_connectors_page_init (CsConnectorsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
