/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-turn-row.h"

G_BEGIN_DECLS

/* For the tests: the view of the turn's text (the answer, for an assistant
 * turn). */
GtkTextView *cs_turn_row_get_text_view      (CsTurnRow    *self);

G_END_DECLS
