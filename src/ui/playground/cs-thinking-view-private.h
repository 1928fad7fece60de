/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-thinking-view.h"

G_BEGIN_DECLS

/* For the tests: the view of the thinking text; NULL until the block is
 * first expanded (a collapsed block makes no text view). */
GtkTextView *cs_thinking_view_get_text_view (CsThinkingView *self);
/* For the tests: what the header says while collapsed (the first line). */
const char  *cs_thinking_view_get_summary   (CsThinkingView *self);

G_END_DECLS
