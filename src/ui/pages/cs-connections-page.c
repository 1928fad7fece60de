/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connections-page"

#include "config.h"

#include "cs-connections-page.h"

#include <glib/gi18n.h>

struct _CsConnectionsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CsConnectionsPage, cs_connections_page, ADW_TYPE_BIN)

static void
cs_connections_page_class_init (CsConnectionsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-connections-page.ui");
}

static void
cs_connections_page_init (CsConnectionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
