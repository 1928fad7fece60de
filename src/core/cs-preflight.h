/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-session.h"
#include "cs-trusted-endpoints.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * Preflight: the checks of the connected cluster that otherwise surface one at
 * a time at the first predict. A CsPreflight keeps one row per check; a run
 * takes the session's version, hosting and trusted list and asks the cluster
 * three things: GET _cluster/settings (only_run_on_ml_node, the eligible node
 * roles), GET _nodes/plugins (node roles) and POST connectors/_search (the
 * connectors; also the probe that meets ML Commons' "master key has not been
 * initialized yet", retried with a bounded back-off). Rows change as the run
 * goes ("row-changed" with the row's index). A fix names a flow the pages
 * already have; cs_preflight_row_build_fix_body() builds its body.
 */

typedef enum
{
  CS_PREFLIGHT_PENDING,
  CS_PREFLIGHT_RUNNING,
  CS_PREFLIGHT_OK,
  CS_PREFLIGHT_WARNING,
  CS_PREFLIGHT_ERROR,
  CS_PREFLIGHT_NOT_APPLICABLE,
} CsPreflightState;

typedef enum
{
  CS_PREFLIGHT_FIX_NONE,
  /* PUT _cluster/settings appending CS_BEDROCK_TRUSTED_PATTERN
   * (cs_trusted_list_build_put_body + cs_trusted_list_save_async). */
  CS_PREFLIGHT_FIX_TRUST_BEDROCK,
  /* PUT connectors/<connector_id> with {"client_config": …}
   * (cs_connectors_update_async in cs-lifecycle-api.h). */
  CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG,
  /* PUT connectors/<connector_id> with {"parameters": {"model": fix_value}}. */
  CS_PREFLIGHT_FIX_CONNECTOR_MODEL,
  /* Run the preflight again later (the master key is being made). */
  CS_PREFLIGHT_FIX_RETRY,
} CsPreflightFix;

typedef struct
{
  char             *id;            /* "version", "hosting", "trusted-list", "ml-nodes",
                                    * "master-key", "memory-breaker", "connector:<id>" */
  char             *title;         /* translated */
  CsPreflightState  state;
  char             *message;       /* translated sentence(s): the result, what to do */
  CsPreflightFix    fix;
  char             *connector_id;  /* the connector a connector fix edits */
  char             *fix_value;     /* CS_PREFLIGHT_FIX_CONNECTOR_MODEL: the model id */
  gint64            read_timeout;  /* CLIENT_CONFIG: seconds, 0 = leave */
  gint64            max_retry_times; /* CLIENT_CONFIG: -1 = leave */
} CsPreflightRow;

#define CS_TYPE_PREFLIGHT_ROW (cs_preflight_row_get_type ())
GType           cs_preflight_row_get_type  (void) G_GNUC_CONST;
CsPreflightRow *cs_preflight_row_new       (const char           *id,
                                            const char           *title);
CsPreflightRow *cs_preflight_row_copy      (const CsPreflightRow *row);
void            cs_preflight_row_free      (CsPreflightRow       *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPreflightRow, cs_preflight_row_free)

/* The body of the row's fix for the flow its fix kind names; NULL when the row
 * has no fix or it needs no body (RETRY). trusted: the current list, for
 * CS_PREFLIGHT_FIX_TRUST_BEDROCK. */
JsonNode       *cs_preflight_row_build_fix_body (const CsPreflightRow *row,
                                                 CsTrustedList        *trusted);

/* ---- the pure checks (one row each; unit-tested) ---------------------------------------- */

void   cs_preflight_check_version      (CsPreflightRow   *row,
                                        const CsVersion  *version);
void   cs_preflight_check_hosting      (CsPreflightRow   *row,
                                        gboolean          aws_managed);
/* urls: the Bedrock runtime URLs the connectors call (may be empty). */
void   cs_preflight_check_trusted      (CsPreflightRow   *row,
                                        CsTrustedList    *trusted,
                                        const CsVersion  *version,
                                        const char * const *urls);
/* settings: a GET _cluster/settings?include_defaults&flat_settings answer;
 * nodes: a GET _nodes/plugins (or GET _nodes) answer. */
void   cs_preflight_check_ml_nodes     (CsPreflightRow   *row,
                                        JsonNode         *settings,
                                        JsonNode         *nodes,
                                        const CsVersion  *version);
/* A connector as connectors/_search or GET sends it. */
void   cs_preflight_check_connector    (CsPreflightRow   *row,
                                        const char       *connector_id,
                                        JsonObject       *connector,
                                        const CsVersion  *version,
                                        gboolean          aws_managed);
/* ML Commons' texts in an error or its body. */
gboolean cs_preflight_is_master_key_error (const GError  *error,
                                           JsonNode      *error_body);
gboolean cs_preflight_is_breaker_error    (const GError  *error,
                                           JsonNode      *error_body);

/* ---- the run ---------------------------------------------------------------------------- */

#define CS_TYPE_PREFLIGHT (cs_preflight_get_type ())
G_DECLARE_FINAL_TYPE (CsPreflight, cs_preflight, CS, PREFLIGHT, GObject)

CsPreflight    *cs_preflight_new           (CsSession           *session);
/* The first wait after the master-key text, in ms (default 2000; doubles, at most
 * 3 retries). Tests shorten it. */
void            cs_preflight_set_retry_delay (CsPreflight       *self,
                                              guint              ms);
/* The rows, in order (element type CsPreflightRow; owned by self). */
GPtrArray      *cs_preflight_get_rows      (CsPreflight         *self);
const CsPreflightRow *cs_preflight_lookup  (CsPreflight         *self,
                                            const char          *id);
/* How many requests the last run sent (retries included). */
guint           cs_preflight_get_n_requests (CsPreflight        *self);
void            cs_preflight_run_async     (CsPreflight         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean        cs_preflight_run_finish    (CsPreflight         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
