/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-connectors-page.h"

G_BEGIN_DECLS

/* Test hooks of the Connectors page. */

/* The id of the connector created last on this page, or NULL. */
const char *cs_connectors_page_get_created_id     (CsConnectorsPage *self);

/* Fills the form from a connector body, as "Import" does: the text is read
 * and checked in a worker thread, then the form filled on the main thread
 * just after a frame was drawn (at once while the page is not shown), its
 * body view in pieces that each fit in a frame. Done once the form shows it
 * (TRUE), or with the reason it cannot (line and column for invalid JSON),
 * the form as it was. A newer import ends an earlier one with G_IO_ERROR_CANCELLED. */
void        cs_connectors_page_import_json_async  (CsConnectorsPage    *self,
                                                   const char          *text,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    cs_connectors_page_import_json_finish (CsConnectorsPage    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* TRUE from an import's start until it is done (the form and the body
 * view filled, or the import failed). */
gboolean    cs_connectors_page_get_importing      (CsConnectorsPage    *self);

G_END_DECLS
