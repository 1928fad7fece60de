/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-model-rules.h"
#include "cs-prediction.h"

G_BEGIN_DECLS

/*
 * The predict flow: `POST /_plugins/_ml/models/<id>/_predict` with a body
 * built by cs_conversation_build_predict_body(), its answer read into a
 * CsPrediction, and a refused predict turned into a sentence that says what
 * to do (mlcommons-api.md §5.5).
 *
 *   cs_predict_async (client, model_id, body, timeout, cancellable, cb, data);
 *   CsPrediction *p = cs_predict_finish (client, result, &fix, &raw, &error);
 *
 * Failures: G_IO_ERROR_CANCELLED when the caller cancelled; CS_ERROR_TIMEOUT
 * (a sentence saying how long it waited) when no answer came within the
 * timeout; a refused predict as explained by cs_predict_explain_body();
 * other client errors (network, TLS, …) as the client reported them.
 *
 * Also here: the per-call values (CsPredictOverrides) and their checks, the
 * connector's defaults, the JSON-text checks for parameters, and what the
 * Playground shows of a request (masked body, curl command).
 */

/*
 * The kind of fix a refused predict calls for. ML Commons wraps what Bedrock
 * said in "Error from remote service: {…}" with Bedrock's HTTP status (§5.5);
 * the explanation unwraps Bedrock's own message, says what to do, and names
 * the kind of fix here. The UI decides where each kind is fixed.
 */
typedef enum
{
  CS_PREDICT_FIX_NONE,
  CS_PREDICT_FIX_RETRY_LATER,                 /* throttled or transient: send again later */
  CS_PREDICT_FIX_ADJUST_PARAMETERS,           /* the thinking rules: per-call values or the
                                               * connector's */
  CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, /* the connector's AWS keys or permissions */
  CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS,    /* the connector's model id, template, timeouts */
  CS_PREDICT_FIX_DEPLOY_MODEL,                /* the model: deploy or enable it */
  CS_PREDICT_FIX_CHOOSE_MODEL,                /* the model is gone: pick another one */
  CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN,         /* the cluster login: user, password,
                                               * permissions */
  CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS,      /* trusted endpoints, remote inference disabled */
  CS_PREDICT_FIX_CONNECTOR_BODY,              /* the connector's body or model breaks the
                                               * model's rules (cs-model-rules.h) */
} CsPredictFix;

/* When the connector is unknown: long enough for extended thinking. */
#define CS_PREDICT_DEFAULT_TIMEOUT 300
/* Never wait longer than this, whatever the connector says. */
#define CS_PREDICT_MAX_TIMEOUT     1800

/* Sends body (not modified; a reference is kept until the request is sent)
 * as the predict call of model_id (escaped in the path). timeout_seconds > 0:
 * how long to wait for the answer. The answer is read in a worker thread
 * (cs_prediction_read_async()). */
void          cs_predict_async              (CsClient             *client,
                                             const char           *model_id,
                                             JsonNode             *body,
                                             guint                 timeout_seconds,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* The answer; on failure NULL and error set. fix (may be NULL) gets the kind
 * of fix (CS_PREDICT_FIX_NONE on success). raw_response (may be NULL) gets
 * what to show as the raw answer, also on failure: the answer as received, the
 * error body with secrets redacted, or NULL when none came (timeout, network,
 * cancelled). */
CsPrediction *cs_predict_finish             (CsClient             *client,
                                             GAsyncResult         *result,
                                             CsPredictFix         *fix,
                                             JsonNode            **raw_response,
                                             GError              **error);

/* From the parts of a cluster error: HTTP status (0 when unknown), error.type
 * (may be NULL) and error.reason (or the string `error`; may be NULL).
 * Returns a new CS_ERROR with a translated sentence; *fix (may be NULL) gets
 * the kind of fix. */
GError       *cs_predict_explain_reason     (guint                 status,
                                             const char           *type,
                                             const char           *reason,
                                             CsPredictFix         *fix);
/* The same from an error body as the cluster sent it (may be NULL). */
GError       *cs_predict_explain_body       (guint                 status,
                                             JsonNode             *body,
                                             CsPredictFix         *fix);
/* Bedrock's own message inside "Error from remote service: …" (the `message`
 * of its JSON body, else the text after the prefix); NULL when reason is not
 * a remote-service error. */
char         *cs_predict_unwrap_remote_message (const char        *reason);

/* How long to wait for a predict on a connector (GET connector body; may be
 * NULL): its client_config.read_timeout (seconds; 30 when absent, as ML
 * Commons ≥ 3.6) for each try (1 + max_retry_times; -1 "until
 * retry_timeout_seconds" adds that, default 30), plus a margin for the
 * cluster, at most CS_PREDICT_MAX_TIMEOUT. CS_PREDICT_DEFAULT_TIMEOUT when
 * connector is NULL. */
guint         cs_predict_timeout_for_connector (JsonObject        *connector);

/* The path of the predict call of model_id (escaped), relative to the
 * cluster URL: "_plugins/_ml/models/<id>/_predict". */
char         *cs_predict_path               (const char           *model_id);

/* What goes into a call besides the conversation (cs-predict-request.c) */

/* Per-call values sent as predict parameters, overriding the connector's.
 * Each reaches Bedrock only through the connector's template
 * (`${parameters.<name>}`, mlcommons-api.md §5.4). */
typedef struct
{
  gint64   max_tokens;       /* ≤ 0: not overridden */
  gboolean set_temperature;
  double   temperature;
  gint64   budget_tokens;    /* ≤ 0: not overridden */
  gboolean set_top_p;
  double   top_p;
  CsEffort effort;           /* CS_EFFORT_UNSET: not overridden; else one level */
} CsPredictOverrides;

typedef enum
{
  CS_OVERRIDE_FIELD_NONE,
  CS_OVERRIDE_FIELD_MAX_TOKENS,
  CS_OVERRIDE_FIELD_TEMPERATURE,
  CS_OVERRIDE_FIELD_BUDGET_TOKENS,
  CS_OVERRIDE_FIELD_TOP_P,
  CS_OVERRIDE_FIELD_EFFORT,
} CsOverrideField;

/* Sets of per-call values, as flags */
typedef enum
{
  CS_OVERRIDE_MAX_TOKENS    = 1 << 0,
  CS_OVERRIDE_TEMPERATURE   = 1 << 1,
  CS_OVERRIDE_TOP_P         = 1 << 2,
  CS_OVERRIDE_BUDGET_TOKENS = 1 << 3,
  CS_OVERRIDE_EFFORT        = 1 << 4,
} CsOverrideSet;

/* What a connector lets a call change, read from the connector
 * (cs_predict_limits_from_connector()). Free the contents with
 * cs_predict_limits_clear(). */
typedef struct
{
  gboolean           known;        /* FALSE: nothing is known of the connector */
  CsPredictOverrides defaults;     /* the connector's own values */
  CsThinkingForm     thinking;     /* what its predict template sends */
  CsOverrideSet      substituted;  /* the values its template has a ${parameters.…} for */
  char              *model;        /* its Bedrock model id (parameters.model), or NULL */
  CsModelRules      *rules;        /* that model's rules; NULL when it names no Claude model */
} CsPredictLimits;

/* Reads a connector (GET connector body or create body). */
void            cs_predict_limits_from_connector   (JsonObject               *connector,
                                                    CsPredictLimits          *limits);
void            cs_predict_limits_clear            (CsPredictLimits          *limits);

/* The values a call may override: those the template substitutes and the
 * model accepts — a budget only with `enabled` thinking, an effort only where
 * the model takes one (cs_predict_limits_effort_levels()), no temperature or
 * top_p where the model refuses it, and only one of two that exclude each
 * other (temperature is kept). Without limits (or unknown ones): max_tokens,
 * temperature and budget_tokens, as before the rules were known. */
CsOverrideSet   cs_predict_limits_offered          (const CsPredictLimits    *limits);
/* The effort levels a call may choose (the model's); CS_EFFORT_UNSET when none. */
CsEffort        cs_predict_limits_effort_levels    (const CsPredictLimits    *limits);
/* A translated sentence about what the connector itself breaks or stops a
 * call from changing, or NULL. *refused (may be NULL) is TRUE when Bedrock
 * will refuse every call (the body breaks the model's rules), FALSE when it
 * is only a limit (the model thinks with an effort but the template has no
 * ${parameters.effort}). */
char           *cs_predict_limits_describe         (const CsPredictLimits    *limits,
                                                    gboolean                 *refused);

/* Checks the values a call would use — each override, else the connector's
 * value from limits (may be NULL: nothing known) — with the model's rules
 * (cs_model_rules_check(); when the model is not known, only the thinking
 * rules all models share), plus the ranges the template needs. Problems of values the call
 * neither overrides nor may override are left to the cluster. On failure sets
 * CS_ERROR_INVALID_INPUT with a sentence and *field (may be NULL) to the
 * override to fix. */
gboolean        cs_predict_overrides_check         (const CsPredictOverrides *overrides,
                                                    const CsPredictLimits    *limits,
                                                    CsOverrideField          *field,
                                                    GError                  **error);

/* Reads a connector (GET connector body or create body): the predict
 * defaults in its parameters (strings or numbers) and whether its predict
 * template turns thinking on (enabled or adaptive). */
void            cs_predict_defaults_from_connector (JsonObject               *connector,
                                                    CsPredictOverrides       *defaults,
                                                    gboolean                 *thinking);

/* TRUE when the whole text parses as a JSON object or array (ML Commons then
 * inserts it unescaped). */
gboolean        cs_predict_text_is_json            (const char               *text);
/* The text in a ```json fenced block: no longer JSON for ML Commons. */
char           *cs_predict_wrap_json_text          (const char               *text);
/* TRUE when the text contains "${parameters." (substituted by ML Commons). */
gboolean        cs_predict_text_has_placeholder    (const char               *text);

/* A copy of a request body for showing it: every secret by the one masking
 * rule (cs-secret-mask.h: credential members, credential-like names of any
 * type, literal credential-like headers, URL user info) and anything shaped
 * like an AWS access key id inside a string become "********". A predict
 * body holds none; this is a guard. */
JsonNode       *cs_predict_mask_secrets            (JsonNode                 *body);
/* The predict call as the Playground shows it: "POST /<path>", a new line,
 * and the body masked as above, pretty-printed. */
char           *cs_predict_describe_request        (const char               *model_id,
                                                    JsonNode                 *body);
/* A curl command line for the predict call, with the body masked as above.
 * Any user name or password in base_url is left out (curl asks for them with
 * -u). */
char           *cs_predict_curl_command            (const char               *base_url,
                                                    const char               *model_id,
                                                    JsonNode                 *body);

G_END_DECLS
