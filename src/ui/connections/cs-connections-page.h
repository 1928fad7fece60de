/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

#define CS_TYPE_CONNECTIONS_PAGE (cs_connections_page_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectionsPage, cs_connections_page, CS, CONNECTIONS_PAGE, AdwBin)

/*
 * Connections: the cluster profiles, the connection's state, and the profile
 * editor. Connecting and saving secrets are core flows (cs_connect_async,
 * cs_secret_store_save_all_async); their questions are answered by the
 * window's CsInteraction. Actions: connections.add, .edit(s), .duplicate(s),
 * .delete(s), .connect(s), .retry, .disconnect (s = a profile id).
 */
CsSession *cs_connections_page_get_session (CsConnectionsPage *self);
void       cs_connections_page_set_session (CsConnectionsPage *self,
                                            CsSession         *session);

G_END_DECLS
