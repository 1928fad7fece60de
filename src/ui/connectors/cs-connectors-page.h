/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

#define CS_TYPE_CONNECTORS_PAGE (cs_connectors_page_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorsPage, cs_connectors_page, CS, CONNECTORS_PAGE, AdwBin)

CsSession  *cs_connectors_page_get_session        (CsConnectorsPage *self);
void        cs_connectors_page_set_session        (CsConnectorsPage *self,
                                                   CsSession        *session);

/* The id of the connector created last on this page, or NULL. */
const char *cs_connectors_page_get_created_id     (CsConnectorsPage *self);

/* Fills the form from a connector body, as "Import" does. FALSE with the
 * reason (line and column for invalid JSON) when it cannot. */
gboolean    cs_connectors_page_import_json        (CsConnectorsPage *self,
                                                   const char       *text,
                                                   GError          **error);

G_END_DECLS
