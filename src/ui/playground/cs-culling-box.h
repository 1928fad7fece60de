/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A GtkBox that draws only the children inside the scrolled window it is in.
 * GTK 4.8 draws every child of a box, on screen or not, each time the box is
 * drawn again; an answer with hundreds of thinking blocks then spends most of
 * each frame on blocks far above or below the window. The box draws itself
 * again when the scrolled window scrolls or changes size. Outside a scrolled
 * window it draws every child, as a GtkBox.
 */
#define CS_TYPE_CULLING_BOX (cs_culling_box_get_type ())

G_DECLARE_FINAL_TYPE (CsCullingBox, cs_culling_box, CS, CULLING_BOX, GtkBox)

GtkWidget *cs_culling_box_new (GtkOrientation orientation,
                               int            spacing);

G_END_DECLS
