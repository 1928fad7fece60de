/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sb-bedrock: a local stand-in for Amazon Bedrock's InvokeModel with Anthropic Claude
 * (mlcommons-api.md §7, claude4-bedrock-blueprint.md). It checks what the real service checks —
 * endpoint, SigV4 credentials' shape, model id and inference profile, the Messages body and the
 * extended-thinking rules — and answers a deterministic Claude-shaped message that says it is
 * simulated.
 *
 * Credential conventions of the sandbox (for demos and tests; none of these look like real keys):
 * - access_key: 16–128 characters of [A-Z0-9], else 403 UnrecognizedClientException
 *   "The security token included in the request is invalid."
 * - secret_key: exactly 40 characters of the base64 alphabet [A-Za-z0-9+/], else 403
 *   InvalidSignatureException (the signature-mismatch text). A secret key containing "INVALID"
 *   → 403 UnrecognizedClientException; one containing "DENIED" → 403 AccessDeniedException.
 * - session_token (optional): at least 16 characters of [A-Za-z0-9+/=], else 403
 *   UnrecognizedClientException; one containing "EXPIRED" → 403 ExpiredTokenException
 *   "The security token included in the request is expired".
 * - roleArn (only when aws_managed): arn:aws:iam::<12 digits>:role/<name>, else 403
 *   UnrecognizedClientException; a role name containing "DENIED" → 403 AccessDeniedException.
 * - no usable credential → 403 MissingAuthenticationTokenException "Missing Authentication Token".
 * - the SigV4 region must equal the URL's region and the service must be "bedrock"
 *   (403 InvalidSignatureException "Credential should be scoped to …").
 * Endpoint: a host other than bedrock-runtime.<known region>.amazonaws.com over https cannot be
 * reached (no response, like a DNS failure). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *method;           /* the action's method, "POST" */
  const char *url;              /* the rendered action URL */
  JsonObject *credential;       /* the connector's credential object (may be NULL) */
  const char *signing_region;   /* SigV4 region: the connector's credential/parameters */
  const char *signing_service;  /* SigV4 service name, "bedrock" */
  const char *body;             /* the rendered payload */
  gboolean    aws_managed;      /* roleArn credentials are understood */
  const char *forced_error;     /* NULL or "throttling", "expired-token", "invalid-signature",
                                 * "access-denied", "internal", "timeout", "empty-error",
                                 * "empty-success" */
} SbBedrockRequest;

typedef struct
{
  gboolean  no_response;  /* the connection failed or timed out: see failure */
  char     *failure;      /* the Java exception message ML Commons would see */
  guint     status;       /* HTTP status of the answer */
  char     *error_type;   /* the x-amzn-ErrorType header, or NULL */
  char     *body;         /* the raw answer body ("" when empty) */
} SbBedrockResponse;

SbBedrockResponse *sb_bedrock_invoke         (const SbBedrockRequest *request);
void               sb_bedrock_response_free  (SbBedrockResponse      *response);

/* TRUE for a region with a Bedrock endpoint in the simulation ("us-east-1"). */
gboolean           sb_bedrock_is_region      (const char             *region);

/* The signature the sandbox gives a thinking block with this text (opaque base64). */
char              *sb_bedrock_signature      (const char             *thinking);

/* The sandbox's deterministic token count of a text. */
guint              sb_bedrock_count_tokens   (const char             *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbBedrockResponse, sb_bedrock_response_free)

G_END_DECLS
