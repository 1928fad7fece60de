/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * One thinking block of Claude's answer, set apart from the answer: a
 * collapsible, dimmed, selectable section labelled "Thinking" with a copy
 * button. Whether thinking is shown expanded is the GSettings key
 * thinking-expanded, shared by every thinking view. A redacted_thinking block
 * shows "Redacted by the model" instead of text.
 */
#define CS_TYPE_THINKING_VIEW (cs_thinking_view_get_type ())

G_DECLARE_FINAL_TYPE (CsThinkingView, cs_thinking_view, CS, THINKING_VIEW, AdwBin)

GtkWidget  *cs_thinking_view_new          (void);
/* text NULL: a redacted block */
void        cs_thinking_view_set_thinking (CsThinkingView *self,
                                           const char     *text);
gboolean    cs_thinking_view_is_redacted  (CsThinkingView *self);

G_END_DECLS
