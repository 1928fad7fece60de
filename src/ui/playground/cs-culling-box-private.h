/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-culling-box.h"

G_BEGIN_DECLS

/* For the tests: how many children the box drew the last time it was drawn,
 * and the first of them (NULL for none). */
guint      cs_culling_box_get_n_drawn     (CsCullingBox *self);
GtkWidget *cs_culling_box_get_first_drawn (CsCullingBox *self);

G_END_DECLS
