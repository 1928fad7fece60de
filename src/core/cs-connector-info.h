/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One connector as the connector search lists it (a `_search` hit). Immutable
 * once made; a fresh search replaces it.
 */
#define CS_TYPE_CONNECTOR_INFO (cs_connector_info_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorInfo, cs_connector_info, CS, CONNECTOR_INFO, GObject)

/* One search hit; NULL strings when the connector lacks the field. */
const char *cs_connector_info_get_id           (CsConnectorInfo *self);
const char *cs_connector_info_get_name         (CsConnectorInfo *self);
const char *cs_connector_info_get_description  (CsConnectorInfo *self);
const char *cs_connector_info_get_protocol     (CsConnectorInfo *self);
const char *cs_connector_info_get_model        (CsConnectorInfo *self);
const char *cs_connector_info_get_region       (CsConnectorInfo *self);
/* Milliseconds since the epoch; 0 when unknown. */
gint64      cs_connector_info_get_created_time (CsConnectorInfo *self);

/* Makes a CsConnectorInfo from a search hit ({"_id": …, "_source": {…}});
 * NULL when the hit has no id. */
CsConnectorInfo *cs_connector_info_new_from_hit (JsonObject *hit);

G_END_DECLS
