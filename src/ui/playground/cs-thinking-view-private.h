/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-thinking-view.h"

G_BEGIN_DECLS

/* For the tests: the view of the thinking text. */
GtkTextView *cs_thinking_view_get_text_view (CsThinkingView *self);

G_END_DECLS
