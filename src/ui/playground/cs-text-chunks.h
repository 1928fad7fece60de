/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Replaces the text of a buffer. A long text (an answer of several megabytes)
 * goes in piece by piece from a low-priority idle, so that the window keeps
 * drawing between pieces; a later call on the same buffer stops an earlier
 * fill. Short texts go in at once.
 */
void     cs_text_buffer_set_text_chunked (GtkTextBuffer *buffer,
                                          const char    *text);
/* Whether a chunked fill of the buffer is still going on. */
gboolean cs_text_buffer_is_filling       (GtkTextBuffer *buffer);

/*
 * Replaces the text of a view as cs_text_buffer_set_text_chunked() does, but
 * a long text for a view that is not on screen (a hidden page) goes in only
 * when the view is next mapped: a text view lays out all it holds, shown or
 * not. Until then the view is empty; a later call replaces the waiting text.
 */
void     cs_text_view_set_text_when_shown (GtkTextView *view,
                                           const char  *text);
/* Whether a text waits for the view to be shown. */
gboolean cs_text_view_has_pending_text    (GtkTextView *view);

G_END_DECLS
