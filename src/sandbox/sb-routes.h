/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

/* Finds the route of an authenticated request and runs it, or answers as OpenSearch does when
 * there is none: 405 for a known path with another method, 400 "no handler found" otherwise.
 * A read-only user's write gets 403 naming the route's security action. */
void sb_routes_dispatch (SbRequest *req);

/* TRUE for a request that carries its own authentication (Bedrock's SigV4 under /_aws/), to
 * which the cluster's authentication does not apply. */
gboolean  sb_routes_own_authentication  (SbRequest *req);

G_END_DECLS
