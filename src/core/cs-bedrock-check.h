/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-bedrock-request.h"

G_BEGIN_DECLS

/*
 * Check with Bedrock: one small InvokeModel call signed with the keys the
 * user typed, before a connector is created —
 *
 *   POST https://bedrock-runtime.<region>.amazonaws.com/model/<escaped id>/invoke
 *
 * (or CsBedrockEndpoints' runtime_url), SigV4 service "bedrock". It tells in
 * one result whether the keys, the model access, the inference profile and
 * the body are accepted, and what the call cost in tokens. It stores
 * nothing and never logs the keys. Only for access keys: an IAM role can
 * only be assumed by the cluster.
 */

/* The output tokens the check asks for (max_tokens), so that it costs little. */
#define CS_BEDROCK_CHECK_MAX_TOKENS 16

typedef struct
{
  CsBedrockOutcome  outcome;         /* CS_BEDROCK_OK when Bedrock accepted the call */
  char             *message;         /* translated sentence: what was accepted, or what failed
                                      * and what to do */
  char             *bedrock_message; /* Bedrock's own text of a refusal, or NULL */
  char             *error_type;      /* e.g. "ValidationException", or NULL */
  guint             status;          /* HTTP status, 0 without an answer */
  gint64            input_tokens;    /* usage.input_tokens of an accepted call, else 0 */
  gint64            output_tokens;   /* usage.output_tokens of an accepted call, else 0 */
} CsBedrockCheckResult;

void   cs_bedrock_check_result_free   (CsBedrockCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBedrockCheckResult, cs_bedrock_check_result_free)

/* The body the check sends: a copy of body (the InvokeModel body the
 * connector would send, placeholders filled, one short user message) with
 * max_tokens lowered to CS_BEDROCK_CHECK_MAX_TOKENS — or, with enabled
 * thinking, budget_tokens lowered to its minimum and max_tokens just above
 * it. A max_tokens the model refuses (above its limit, per the rule table)
 * is kept, so that the check reports it. */
JsonNode *cs_bedrock_check_body       (JsonNode             *body,
                                       const char           *model_id);

/* model_id: the model or inference-profile id (or ARN) to call. endpoints:
 * NULL for AWS. The keys only sign the request, before this returns;
 * nothing keeps them. */
void   cs_bedrock_check_async         (const CsBedrockKeys      *keys,
                                       const char               *region,
                                       const CsBedrockEndpoints *endpoints,
                                       const char               *model_id,
                                       JsonNode                 *body,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data);
/* Always a result, also when Bedrock could not be reached
 * (CS_BEDROCK_FAILED_OFFLINE); NULL only with G_IO_ERROR_CANCELLED or a
 * CS_ERROR for input that cannot be sent (no keys, not a region, an http://
 * endpoint that is not loopback). */
CsBedrockCheckResult *cs_bedrock_check_finish (GAsyncResult  *result,
                                               GError       **error);

G_END_DECLS
