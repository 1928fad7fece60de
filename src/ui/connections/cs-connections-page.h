/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

#define CS_TYPE_CONNECTIONS_PAGE (cs_connections_page_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectionsPage, cs_connections_page, CS, CONNECTIONS_PAGE, AdwBin)

CsSession *cs_connections_page_get_session     (CsConnectionsPage *self);
void       cs_connections_page_set_session     (CsConnectionsPage *self,
                                                CsSession         *session);

/* Connects to a saved profile as its Connect button does (with the
 * certificate and http:// questions when needed). */
void       cs_connections_page_connect_profile (CsConnectionsPage *self,
                                                const char        *profile_id);

G_END_DECLS
