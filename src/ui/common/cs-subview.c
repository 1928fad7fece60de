/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-subview"

#include "config.h"

#include "cs-subview.h"

G_DEFINE_INTERFACE (CsSubview, cs_subview, GTK_TYPE_WIDGET)

static void
cs_subview_default_init (CsSubviewInterface *iface)
{
  g_object_interface_install_property (
    iface,
    g_param_spec_string ("subview-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
}

/**
 * cs_subview_get_subview_title:
 * @self: a page
 *
 * Returns: (nullable): the title of the sub-view the page shows, or %NULL
 *   when it shows itself
 */
const char *
cs_subview_get_subview_title (CsSubview *self)
{
  g_return_val_if_fail (CS_IS_SUBVIEW (self), NULL);

  return CS_SUBVIEW_GET_IFACE (self)->get_subview_title (self);
}

/**
 * cs_subview_go_back:
 * @self: a page
 *
 * Leaves the sub-view, as its back button does (the page may ask first).
 */
void
cs_subview_go_back (CsSubview *self)
{
  g_return_if_fail (CS_IS_SUBVIEW (self));

  CS_SUBVIEW_GET_IFACE (self)->go_back (self);
}
