/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-connector-info.h"

G_BEGIN_DECLS

/*
 * The connector calls of ML Commons (mlcommons-api.md §3).
 */

/* POST _plugins/_ml/connectors/_create. Never retried: a retry after a lost
 * answer could create a second connector. Returns the connector_id.
 *
 * When the answer is lost after the request may have reached the cluster
 * (cs_error_answer_may_be_lost), it looks for what the request may have
 * created (cs_connectors_find_created_async, by the body's name, since
 * CS_LOST_ANSWER_CLOCK_SLACK_MS before the request was sent) and fails with
 * CS_ERROR_ANSWER_LOST_FOUND (the cluster created it after the request was
 * sent: cs_connectors_create_get_found_id() names it),
 * CS_ERROR_ANSWER_LOST_NOTHING (nothing was created: sending again is safe)
 * or CS_ERROR_ANSWER_LOST (the search failed too, or found one made shortly
 * before, by the cluster's clock: older, or the attempt's if that clock runs
 * behind). Never "try again". */
void        cs_connectors_create_async   (CsClient            *client,
                                          JsonNode            *body,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char       *cs_connectors_create_finish  (CsClient            *client,
                                          GAsyncResult        *result,
                                          GError             **error);

typedef enum
{
  CS_CONNECTORS_CREATE_NONE             = 0,
  /* The user confirmed that the connector's AWS keys may go over http://. */
  CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP = 1 << 0,
} CsConnectorsCreateFlags;

gboolean    cs_connectors_check_keys_transport (CsClient                *client,
                                                JsonNode                *body,
                                                CsConnectorsCreateFlags  flags,
                                                GError                 **error);

/* As cs_connectors_create_async(), which passes no flags: a body whose
 * credential holds keys (anything but a roleArn) is refused with
 * CS_ERROR_INSECURE_TRANSPORT, before anything is sent, when the client's
 * URL is plain http:// and flags lack ALLOW_PLAIN_HTTP. Finish with
 * cs_connectors_create_finish(). */
void        cs_connectors_create_full_async (CsClient                *client,
                                             JsonNode                *body,
                                             CsConnectorsCreateFlags  flags,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);

/* After cs_connectors_create_finish() failed with CS_ERROR_ANSWER_LOST_FOUND:
 * the id of the connector the cluster created; NULL otherwise. */
const char *cs_connectors_create_get_found_id (GAsyncResult   *result);

/* Looks for a connector named `name` created at or after since_ms (epoch ms,
 * the cluster's created_time) with `_search`. Returns the newest one's id, or
 * NULL without an error when there is none. */
void        cs_connectors_find_created_async  (CsClient            *client,
                                               const char          *name,
                                               gint64               since_ms,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *cs_connectors_find_created_finish (CsClient            *client,
                                               GAsyncResult        *result,
                                               GError             **error);

/* All connectors (up to 1000), newest first: a GListStore of CsConnectorInfo. */
void        cs_connectors_search_async   (CsClient            *client,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GListStore *cs_connectors_search_finish  (CsClient            *client,
                                          GAsyncResult        *result,
                                          GError             **error);

/* GET _plugins/_ml/connectors/<id>: the stored connector (no credential). */
void        cs_connectors_get_async      (CsClient            *client,
                                          const char          *connector_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonNode   *cs_connectors_get_finish     (CsClient            *client,
                                          GAsyncResult        *result,
                                          GError             **error);

/* DELETE _plugins/_ml/connectors/<id>. *already_gone is set when the cluster
 * answered "not_found" (nothing to delete). A connector that models still
 * use fails with CS_ERROR_CONFLICT, whose message names them and says what
 * to do; cs_connectors_error_get_models() lists them. */
void        cs_connectors_delete_async   (CsClient            *client,
                                          const char          *connector_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    cs_connectors_delete_finish  (CsClient            *client,
                                          GAsyncResult        *result,
                                          gboolean            *already_gone,
                                          GError             **error);

/* The model ids named in the cluster's "<N> models are still using this
 * connector, please …: [id1, id2]" text; NULL when there is none. */
GStrv       cs_connectors_parse_models_in_use (const char     *reason);

/* When an error (from an update or a delete) is the cluster refusing
 * because models still use the connector, a sentence that explains the rule
 * and what to do; NULL otherwise. */
char       *cs_connectors_explain_in_use      (const GError   *error);

G_END_DECLS
