/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * What the account catalogue (cs-bedrock-account.h) and Check with Bedrock
 * (cs-bedrock-check.h) share: the user's AWS keys, where Bedrock is, one
 * signed request, and what Bedrock's answer means.
 */

/* AWS keys as typed by the user. The modules copy them for as long as a
 * request needs them, wipe the copies afterwards and never log them. */
typedef struct
{
  const char *access_key_id;
  const char *secret_access_key;
  const char *session_token;        /* NULL for long-term keys */
} CsBedrockKeys;

/*
 * Where Bedrock is. NULL members (or a NULL struct) mean the real AWS hosts,
 * https://bedrock.<region>.amazonaws.com (control plane) and
 * https://bedrock-runtime.<region>.amazonaws.com (runtime). A base URL
 * replaces the host and is put in front of the API path, e.g.
 * "http://127.0.0.1:41234/_aws/bedrock" for the sandbox
 * (src/sandbox/README.md, "Bedrock called directly"). Requests are still
 * signed for the real host, region and service "bedrock", so the same
 * signature is valid at AWS. Plain http:// is accepted only for a loopback
 * host (the session token travels in a header).
 */
typedef struct
{
  const char *control_url;
  const char *runtime_url;
  /* The certificate (PEM file, absolute path) trusted for the base URLs
   * above, such as the local sandbox's own; NULL for the system's store. */
  const char *ca_file;
} CsBedrockEndpoints;

typedef enum
{
  CS_BEDROCK_SERVICE_CONTROL,       /* bedrock.<region>.amazonaws.com */
  CS_BEDROCK_SERVICE_RUNTIME,       /* bedrock-runtime.<region>.amazonaws.com */
} CsBedrockService;

/* What an answer from Bedrock means for the user. */
typedef enum
{
  CS_BEDROCK_OK,
  CS_BEDROCK_FAILED_KEYS,           /* AWS does not know the access key (or none was sent) */
  CS_BEDROCK_FAILED_SIGNATURE,      /* the secret key does not belong to the access key */
  CS_BEDROCK_FAILED_EXPIRED_TOKEN,  /* the session token has expired */
  CS_BEDROCK_FAILED_PERMISSION,     /* AccessDeniedException: an IAM action or model access */
  CS_BEDROCK_FAILED_MODEL,          /* invalid model identifier, no inference profile there */
  CS_BEDROCK_FAILED_END_OF_LIFE,    /* the model version has reached its end of life */
  CS_BEDROCK_FAILED_BODY,           /* the body broke the model's rules */
  CS_BEDROCK_FAILED_THROTTLED,      /* 429 */
  CS_BEDROCK_FAILED_OFFLINE,        /* no answer at all: DNS, connection, timeout, TLS */
  CS_BEDROCK_FAILED_OTHER,          /* any other answer */
} CsBedrockOutcome;

/* Where the local sandbox cluster at base_url answers for Bedrock (its
 * "_aws/bedrock" and "_aws/bedrock-runtime" paths), trusting ca_file (the
 * sandbox's own certificate, from its profile; NULL for plain http). */
CsBedrockEndpoints *cs_bedrock_endpoints_new_for_sandbox (const char *base_url,
                                                          const char *ca_file);

/* ---- internal to the core's Bedrock modules --------------------------------------------- */

CsBedrockKeys      *cs_bedrock_keys_copy           (const CsBedrockKeys      *keys);
/* Wipes the secrets, then frees. */
void                cs_bedrock_keys_free           (CsBedrockKeys            *keys);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBedrockKeys, cs_bedrock_keys_free)

CsBedrockEndpoints *cs_bedrock_endpoints_copy      (const CsBedrockEndpoints *endpoints);
void                cs_bedrock_endpoints_free      (CsBedrockEndpoints       *endpoints);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBedrockEndpoints, cs_bedrock_endpoints_free)

/* TRUE when keys has an access key and a secret key, and region looks like
 * an AWS region; else CS_ERROR_INVALID_INPUT with a sentence. */
gboolean            cs_bedrock_check_input         (const CsBedrockKeys      *keys,
                                                    const char               *region,
                                                    GError                  **error);

/* A session for these endpoints: their CA file, when they name one. */
SoupSession        *cs_bedrock_session_new         (const CsBedrockEndpoints *endpoints);

/* A request for path (as sent: already percent-encoded) and query (without
 * '?', encoded; may be NULL), signed with SigV4 for service "bedrock" and the
 * real host of the region. body may be NULL (then nothing is sent). */
SoupMessage        *cs_bedrock_signed_message      (const CsBedrockKeys      *keys,
                                                    const char               *region,
                                                    const CsBedrockEndpoints *endpoints,
                                                    CsBedrockService          service,
                                                    const char               *method,
                                                    const char               *path,
                                                    const char               *query,
                                                    GBytes                   *body,
                                                    GError                  **error);

/* The error type of an AWS answer (x-amzn-ErrorType or the body's
 * "__type"/"code", without namespace or URL suffix) and its message
 * ("message" or "Message"); either may be NULL. */
void                cs_bedrock_read_error          (SoupMessage              *msg,
                                                    JsonNode                 *body,
                                                    char                    **type,
                                                    char                    **message);

/* The outcome of an error answer for the user, with a translated sentence
 * that says what to do. action is the IAM action of the call
 * ("bedrock:ListFoundationModels"); model_id the model called, or NULL. */
CsBedrockOutcome    cs_bedrock_classify            (guint                     status,
                                                    const char               *type,
                                                    const char               *message,
                                                    const char               *action,
                                                    const char               *region,
                                                    const char               *model_id,
                                                    char                    **sentence);

G_END_DECLS
