/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-connectors-page.h"

G_BEGIN_DECLS

/* Test hooks of the Connectors page. */

/* The id of the connector created last on this page, or NULL. */
const char *cs_connectors_page_get_created_id     (CsConnectorsPage *self);

/* Fills the form from a connector body, as "Import" does. FALSE with the
 * reason (line and column for invalid JSON) when it cannot. */
gboolean    cs_connectors_page_import_json        (CsConnectorsPage *self,
                                                   const char       *text,
                                                   GError          **error);

G_END_DECLS
