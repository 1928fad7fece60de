/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CS_TYPE_SUBVIEW (cs_subview_get_type ())

G_DECLARE_INTERFACE (CsSubview, cs_subview, CS, SUBVIEW, GtkWidget)

/*
 * A page that can show a sub-view of itself (the profile editor inside
 * Connections). While it does, "subview-title" is the sub-view's title, and
 * the window's header bar shows that title and a back button that calls
 * cs_subview_go_back(); otherwise it is NULL and the header shows the page.
 */
struct _CsSubviewInterface
{
  GTypeInterface parent_iface;

  const char *(*get_subview_title) (CsSubview *self);
  void        (*go_back)           (CsSubview *self);
};

const char *cs_subview_get_subview_title (CsSubview *self);
void        cs_subview_go_back           (CsSubview *self);

G_END_DECLS
