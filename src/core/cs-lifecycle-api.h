/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * The cluster calls that change a connector in use (src/sandbox/README.md,
 * "Changing a connector in use", has the facts and their sources):
 * PUT _plugins/_ml/models/<id> (≥ 2.12; on a deployed model it updates the
 * model cache of every node) and PUT _plugins/_ml/connectors/<id> (≥ 2.11;
 * refused while a model using the connector is deployed).
 */

/* Whether the cluster has the model update API (≥ 2.12). NULL: unknown, assumed not. */
gboolean  cs_lifecycle_has_model_update      (const CsVersion     *version);
/* Whether it has the connector update API (≥ 2.11). */
gboolean  cs_lifecycle_has_connector_update  (const CsVersion     *version);

/* PUT _plugins/_ml/models/<model_id> with body (e.g. {"connector":{"credential":{…}}} or
 * {"connector_id":"…"}). On a failed cache update the error is CS_ERROR_SERVER and
 * cs_lifecycle_parse_cache_failure() finds the nodes in its server reason. */
void      cs_models_update_async             (CsClient            *client,
                                              const char          *model_id,
                                              JsonNode            *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cs_models_update_finish            (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* PUT _plugins/_ml/connectors/<connector_id> (a partial update). */
void      cs_connectors_update_async         (CsClient            *client,
                                              const char          *connector_id,
                                              JsonNode            *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cs_connectors_update_finish        (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* GET _plugins/_ml/models/<model_id> as the cluster sends it (an inline connector comes
 * without its credential). */
void      cs_models_get_source_async         (CsClient            *client,
                                              const char          *model_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonNode *cs_models_get_source_finish        (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* TRUE when text is ML Commons' "Successfully update ML model index with model ID <id> but
 * update model cache was failed on following nodes [<a>, <b>], please retry or redeploy model
 * manually."; *nodes (may be NULL) gets the node ids. */
gboolean  cs_lifecycle_parse_cache_failure   (const char          *text,
                                              GStrv               *nodes);

G_END_DECLS
