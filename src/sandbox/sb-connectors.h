/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

void        sb_connectors_create      (SbRequest   *req);
void        sb_connectors_get         (SbRequest   *req);
void        sb_connectors_search      (SbRequest   *req);
void        sb_connectors_update      (SbRequest   *req);
void        sb_connectors_delete      (SbRequest   *req);

/* Parses and validates a create-connector body the way ML Commons does (fact sheet §3.1, in
 * order) and returns the stored form (credential kept, parameters as strings, action types
 * upper-case), or NULL with *failure set. inline_connector: the connector of a _register body
 * (no create-input checks, no dry_run, needs a predict endpoint). */
JsonObject *sb_connector_from_input   (SbRequest   *req,
                                       JsonNode    *body,
                                       gboolean     inline_connector,
                                       gboolean    *dry_run,
                                       SbFailure   *failure);
/* The URL of the connector's predict action with its own ${parameters.*} filled in, or NULL
 * when it has no predict action. */
char       *sb_connector_predict_url  (JsonObject  *connector);
/* A connector update body applied to a copy of the stored connector (HttpConnector.update:
 * fields replaced, credential replaced when not empty, parameters merged ≥2.16) with the
 * trusted-URL check; a new object, or NULL with *failure set. With stored NULL only the body
 * is parsed (an empty object when it parses). */
JsonObject *sb_connector_apply_update (SbRequest   *req,
                                       JsonObject  *stored,
                                       JsonNode    *body,
                                       SbFailure   *failure);
/* Drops the credential from a copy of a stored connector (what GET and search show). */
void        sb_connector_strip        (JsonObject  *connector);

G_END_DECLS
