/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-turn.h"

G_BEGIN_DECLS

/*
 * One answer of `POST /_plugins/_ml/models/<id>/_predict` for a Claude
 * Messages connector (mlcommons-api.md §5.2, §7):
 *
 *   {"inference_results":[{"output":[{"name":"response","dataAsMap":{…}}]}]}
 *
 * dataAsMap is Claude's message: its content[] blocks are read by type
 * (thinking with its signature, redacted_thinking, text, anything else kept
 * as is), then stop_reason and usage. Token counts come as 9 or 9.0 depending
 * on the cluster (§5.3); both are read. The {"response": …} shapes a response
 * filter produces become text blocks (a string) or content blocks (an array
 * of blocks).
 */
#define CS_TYPE_PREDICTION (cs_prediction_get_type ())

G_DECLARE_FINAL_TYPE (CsPrediction, cs_prediction, CS, PREDICTION, GObject)

typedef struct
{
  /* -1 when the answer did not say */
  gint64 input_tokens;
  gint64 output_tokens;
  gint64 cache_creation_input_tokens;
  gint64 cache_read_input_tokens;
} CsUsage;

/* Takes a parsed answer (not modified; a reference is kept). Fails with
 * CS_ERROR_BAD_RESPONSE and a sentence when it is not a predict answer. */
CsPrediction *cs_prediction_new_from_json   (JsonNode             *response,
                                             GError              **error);
/* Parses the bytes of an answer in a worker thread, then reads it as above,
 * and pretty-prints it for the raw view there too: a multi-megabyte answer
 * does not hold up the main loop. */
void          cs_prediction_parse_async     (GBytes               *bytes,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* The same for an answer already parsed: response is handed over (transfer
 * full) and must not be touched by the caller afterwards. */
void          cs_prediction_read_async      (JsonNode             *response,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
CsPrediction *cs_prediction_parse_finish    (GAsyncResult         *result,
                                             GError              **error);

/* The whole answer as received */
JsonNode     *cs_prediction_get_response    (CsPrediction         *self);
/* Pretty-printed answer (computed on first use unless made by the async
 * constructors). */
const char   *cs_prediction_get_raw_text    (CsPrediction         *self);

/* Claude's content blocks, as received; owned by the prediction. */
JsonArray    *cs_prediction_get_content     (CsPrediction         *self);
guint         cs_prediction_get_n_blocks    (CsPrediction         *self);
CsBlockKind   cs_prediction_get_block_kind  (CsPrediction         *self,
                                             guint                 index);
/* The text of a text block or the thinking of a thinking block; NULL for
 * other kinds. */
const char   *cs_prediction_get_block_text  (CsPrediction         *self,
                                             guint                 index);
/* The signature of a thinking block (NULL when none). */
const char   *cs_prediction_get_block_signature (CsPrediction     *self,
                                                 guint             index);
/* The text blocks joined by blank lines. */
char         *cs_prediction_dup_answer_text (CsPrediction         *self);

/* NULL when the answer did not say */
const char   *cs_prediction_get_stop_reason (CsPrediction         *self);
const char   *cs_prediction_get_model       (CsPrediction         *self);
const char   *cs_prediction_get_message_id  (CsPrediction         *self);
/* A translated sentence for the stop reason ("The answer is complete.", …),
 * NULL when there is none. */
const char   *cs_prediction_describe_stop_reason (CsPrediction    *self);
void          cs_prediction_get_usage       (CsPrediction         *self,
                                             CsUsage              *usage);

/* The assistant turn to continue the conversation with: every block exactly
 * as received (thinking blocks with their signatures). */
CsTurn       *cs_prediction_to_turn         (CsPrediction         *self);

/* Set by the caller, which measures it. */
gint64        cs_prediction_get_latency_ms  (CsPrediction         *self);
void          cs_prediction_set_latency_ms  (CsPrediction         *self,
                                             gint64                latency_ms);

/*
 * Failures of a predict call, explained. ML Commons wraps what Bedrock said
 * in "Error from remote service: {…}" with Bedrock's HTTP status (§5.5); the
 * explanation unwraps Bedrock's own message and says what to do. `fix` tells
 * the page which button to offer.
 */
typedef enum
{
  CS_PREDICT_FIX_NONE,
  CS_PREDICT_FIX_RETRY,            /* throttled or transient: send again later */
  CS_PREDICT_FIX_PARAMETERS,       /* the thinking rules: per-call values or the connector */
  CS_PREDICT_FIX_CONNECTOR,        /* the connector: keys, model id, template, timeouts */
  CS_PREDICT_FIX_MODEL,            /* the model: deploy or enable it */
  CS_PREDICT_FIX_MODELS_PAGE,      /* pick another model */
  CS_PREDICT_FIX_CONNECTIONS,      /* the cluster connection: user, password, permissions */
  CS_PREDICT_FIX_CLUSTER_SETTINGS, /* trusted endpoints, remote inference disabled */
} CsPredictFix;

/* From the parts of a cluster error: HTTP status (0 when unknown), error.type
 * (may be NULL) and error.reason (or the string `error`; may be NULL).
 * Returns a new CS_ERROR with a translated sentence; *fix (may be NULL) gets
 * the fix. */
GError       *cs_prediction_explain_reason  (guint                 status,
                                             const char           *type,
                                             const char           *reason,
                                             CsPredictFix         *fix);
/* The same from an error body as the cluster sent it (may be NULL). */
GError       *cs_prediction_explain_body    (guint                 status,
                                             JsonNode             *body,
                                             CsPredictFix         *fix);
/* Bedrock's own message inside "Error from remote service: …" (the `message`
 * of its JSON body, else the text after the prefix); NULL when reason is not
 * a remote-service error. */
char         *cs_prediction_unwrap_remote_message (const char     *reason);

G_END_DECLS
