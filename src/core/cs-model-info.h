/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * What the cluster knows about one model: a `GET /_plugins/_ml/models/<id>`
 * body or a `_search` hit's `_source` (neither carries the id, so it is given
 * apart). Immutable once made; a fresh one replaces it on refresh.
 */
#define CS_TYPE_MODEL_INFO (cs_model_info_get_type ())

G_DECLARE_FINAL_TYPE (CsModelInfo, cs_model_info, CS, MODEL_INFO, GObject)

/* A GET model body or a search hit _source. Fails with CS_ERROR_BAD_RESPONSE
 * when source is not a model (no name, wrong types). */
CsModelInfo *cs_model_info_new_from_json                   (const char  *model_id,
                                                            JsonObject  *source,
                                                            GError     **error);

const char  *cs_model_info_get_id                          (CsModelInfo *self);
const char  *cs_model_info_get_name                        (CsModelInfo *self);
/* "" when there is none */
const char  *cs_model_info_get_description                 (CsModelInfo *self);
/* As the cluster says: "DEPLOYED", "PARTIALLY_DEPLOYED", … ("" when absent) */
const char  *cs_model_info_get_state                       (CsModelInfo *self);
/* The connector id; NULL for a model with an inline connector */
const char  *cs_model_info_get_connector_id                (CsModelInfo *self);
/* NULL when absent */
const char  *cs_model_info_get_model_group_id              (CsModelInfo *self);
/* `model_version` (older bodies: `version`); NULL when absent */
const char  *cs_model_info_get_version                     (CsModelInfo *self);
/* `algorithm`, e.g. "REMOTE"; NULL when absent */
const char  *cs_model_info_get_algorithm                   (CsModelInfo *self);
guint        cs_model_info_get_planning_worker_node_count  (CsModelInfo *self);
guint        cs_model_info_get_current_worker_node_count   (CsModelInfo *self);
/* Epoch milliseconds, 0 when unknown */
gint64       cs_model_info_get_created_time                (CsModelInfo *self);
gint64       cs_model_info_get_last_updated_time           (CsModelInfo *self);
gint64       cs_model_info_get_last_deployed_time          (CsModelInfo *self);
/* DEPLOYED or PARTIALLY_DEPLOYED (and the legacy LOADED / PARTIALLY_LOADED) */
gboolean     cs_model_info_is_deployed                     (CsModelInfo *self);
/* DEPLOYING (or LOADING), REGISTERING */
gboolean     cs_model_info_is_busy                         (CsModelInfo *self);
/* The cluster refuses to delete in these states: deployed or deploying */
gboolean     cs_model_info_blocks_delete                   (CsModelInfo *self);

/* The same tests on a bare state string (NULL is neither). */
gboolean     cs_model_state_is_deployed                    (const char  *state);
gboolean     cs_model_state_is_busy                        (const char  *state);
/* DEPLOYED, PARTIALLY_DEPLOYED or DEPLOY_FAILED: a deployment has ended. */
gboolean     cs_model_state_is_final                       (const char  *state);

G_END_DECLS
