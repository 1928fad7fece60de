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
/* Reads an answer already parsed in a worker thread, as above, and
 * pretty-prints it for the raw view there too: a multi-megabyte answer does
 * not hold up the main loop. response is handed over (transfer full) and
 * must not be touched by the caller afterwards. */
void          cs_prediction_read_async      (JsonNode             *response,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
CsPrediction *cs_prediction_read_finish     (GAsyncResult         *result,
                                             GError              **error);

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
 * as received (thinking blocks with their signatures), and this prediction
 * as its "prediction" property. */
CsTurn       *cs_prediction_to_turn         (CsPrediction         *self);

/* Set by the caller, which measures it. */
gint64        cs_prediction_get_latency_ms  (CsPrediction         *self);
void          cs_prediction_set_latency_ms  (CsPrediction         *self,
                                             gint64                latency_ms);

G_END_DECLS
