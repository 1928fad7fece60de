/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What a route handler works with: the request, its answer, and the server's state as the
 * handlers see it. The handlers include this header and nothing of the server or the router, so
 * that only the router (sb-routes.c) names them. */

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "sb-faults.h"
#include "sb-state.h"

G_BEGIN_DECLS

/* ---- the server as a route sees it ------------------------------------------------------ */

/* What the command line configured (see sb-main.c and README.md). */
typedef struct
{
  guint     port;
  gboolean  tls;
  char     *cert_file;
  char     *key_file;
  char     *cert_out;
  char     *user;
  char     *password;
  char     *ro_user;
  char     *ro_password;
  guint     nodes;
  guint     deploy_delay_ms;
  char     *version;             /* "2.19.1" */
  guint     major, minor, patch;
  gboolean  aws_managed;
  char     *region;
  char     *aws_access_key;
  char     *aws_secret_key;
  char    **faults;
  char     *state_file;
  gboolean  no_ml;
} SbConfig;

typedef struct _SbServer  SbServer;
typedef struct _SbRequest SbRequest;

typedef void (*SbRouteFunc) (SbRequest *req);

struct _SbServer
{
  SbConfig    *config;
  SoupServer  *soup;
  SbState     *state;
  GPtrArray   *faults;            /* SbFault* */
  GArray      *failing_nodes;     /* guint, 1-based node numbers that fail to deploy */
  char        *forced_bedrock_error;
  GQueue      *recorded;          /* JsonNode* of {method, path, status} */
  GHashTable  *deploys;           /* model id -> SbDeploy* (models.c) */
  GHashTable  *timed;             /* SbRequest* with a latency or trickle timer */
  guint        predict_count;     /* round-robin over a model's worker nodes */
  guint        connections;       /* opened by clients, not by the control API (README) */
  char        *cluster_uuid;
  char        *base_url;
};

/* Whether the simulated OpenSearch version is major.minor or later. */
gboolean    sb_version_at_least       (SbServer    *server,
                                       guint        major,
                                       guint        minor);

/* ---- requests --------------------------------------------------------------------------- */

struct _SbRequest
{
  gint               ref_count;
  SbServer          *server;
  SoupServerMessage *msg;
  char              *method;
  char              *raw_path;    /* as on the wire */
  char              *path;        /* decoded */
  char              *uri;         /* path plus query, as OpenSearch prints it */
  GHashTable        *query;       /* decoded name -> value, may be empty */
  char             **segs;        /* decoded path segments */
  guint              n_segs;
  GBytes            *body;
  char              *user;        /* authenticated user name, or NULL */
  gboolean           read_only;
  SbFault           *fault;       /* matched fault, or NULL */
  gboolean           paused;
  gboolean           done;
  gboolean           disconnected;
  const char        *action;      /* the security action name of the route */
  guint              timer;       /* latency or trickle source, or 0 */
  GBytes            *trickle_body;
  gsize              trickle_offset;
};

/* Reads the message's method, path, query and body; no fault, no user yet. */
SbRequest  *sb_request_new            (SbServer          *server,
                                       SoupServerMessage *msg);
SbRequest  *sb_request_ref            (SbRequest   *req);
void        sb_request_unref          (SbRequest   *req);
/* The query parameter, or NULL. */
const char *sb_request_query          (SbRequest   *req,
                                       const char  *name);
gboolean    sb_request_query_bool     (SbRequest   *req,
                                       const char  *name);
gboolean    sb_request_has_body       (SbRequest   *req);
/* Parses the body; FALSE (and an answer already sent) on malformed JSON. *out is NULL for an
 * empty body. */
gboolean    sb_request_parse_body     (SbRequest   *req,
                                       JsonNode   **out);
/* Keeps the message open after the route returns; answer later with a reply function. */
void        sb_request_pause          (SbRequest   *req);
/* Calls func (with a reference to req, which it passes to sb_request_release) after
 * interval_ms and for as long as it returns G_SOURCE_CONTINUE. A shutdown drops such held
 * requests (SbServer.timed). */
void        sb_request_hold           (SbRequest   *req,
                                       guint        interval_ms,
                                       GSourceFunc  func);
/* Ends a hold: the timer is gone and its reference dropped. */
void        sb_request_release        (SbRequest   *req);

/* ---- answers ---------------------------------------------------------------------------- */

/* Every answer goes through here: it is recorded for GET /_sandbox/requests and spoilt as the
 * request's fault says (truncate, trickle). */
void        sb_request_reply_raw      (SbRequest   *req,
                                       guint        status,
                                       const char  *content_type,
                                       const char  *body,
                                       gsize        length);
void        sb_request_reply_json     (SbRequest   *req,
                                       guint        status,
                                       JsonNode    *body);   /* takes */
void        sb_request_reply_error    (SbRequest   *req,
                                       guint        status,
                                       const char  *type,
                                       const char  *reason);
void        sb_request_reply_errorf   (SbRequest   *req,
                                       guint        status,
                                       const char  *type,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (4, 5);
/* OpenSearch's plain errors: {"error":"<text>"}, plus "status" when with_status. */
void        sb_request_reply_string_error (SbRequest  *req,
                                           guint       status,
                                           gboolean    with_status,
                                           const char *format,
                                           ...) G_GNUC_PRINTF (4, 5);
/* No answer at all: drops the connection with a TCP reset (the "reset" fault). */
void        sb_request_reply_reset    (SbRequest   *req);

/* A refusal computed away from the request: status, exception type and reason. */
typedef struct
{
  guint       status;
  const char *type;
  char       *reason;
} SbFailure;

void        sb_failure_set            (SbFailure   *failure,
                                       guint        status,
                                       const char  *type,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (4, 5);
void        sb_failure_clear          (SbFailure   *failure);
/* Answers the failure's error envelope and clears it. */
void        sb_request_reply_failure  (SbRequest   *req,
                                       SbFailure   *failure);

/* The standard index/update/delete response ({"_index","_id","_version","result",…}); the
 * version and seq_no come from doc when given. */
JsonNode   *sb_write_response         (const char  *index,
                                       const char  *id,
                                       JsonObject  *doc,
                                       const char  *result,
                                       gint64       version,
                                       gint64       seq_no);

G_END_DECLS
