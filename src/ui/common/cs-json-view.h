/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A read-only view of a JSON document: pretty-printed, monospace,
 * selectable, scrolling inside its own frame.
 */
#define CS_TYPE_JSON_VIEW (cs_json_view_get_type ())

G_DECLARE_FINAL_TYPE (CsJsonView, cs_json_view, CS, JSON_VIEW, AdwBin)

GtkWidget  *cs_json_view_new       (void);
/* Shows node pretty-printed; NULL empties the view. */
void        cs_json_view_set_json  (CsJsonView *self,
                                    JsonNode   *node);
/* Shows text as it is (for text that is not JSON, or already formatted). */
void        cs_json_view_set_text  (CsJsonView *self,
                                    const char *text);
/* As cs_json_view_set_text, but a long text goes piece by piece from an idle
 * into a buffer not shown yet, each piece well within a frame, so that the
 * window keeps drawing; the view shows its old text until the new one is
 * whole, then the new one: done. Setting the view's text again (by any of these
 * functions) stops an earlier fill: it ends with G_IO_ERROR_CANCELLED. */
void        cs_json_view_set_text_async  (CsJsonView          *self,
                                          const char          *text,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    cs_json_view_set_text_finish (CsJsonView          *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* The text shown. */
char       *cs_json_view_dup_text  (CsJsonView *self);

G_END_DECLS
