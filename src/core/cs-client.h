/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-profile.h"

G_BEGIN_DECLS

#define CS_TYPE_CLIENT (cs_client_get_type ())

G_DECLARE_FINAL_TYPE (CsClient, cs_client, CS, CLIENT, GObject)

typedef enum
{
  CS_REQUEST_FLAGS_NONE       = 0,
  /* No client-side timeout (predict with extended thinking can take minutes);
   * the request still ends on cancellation. */
  CS_REQUEST_FLAGS_NO_TIMEOUT = 1 << 0,
  /* The answer may be up to CS_CLIENT_MAX_LARGE_ANSWER bytes (predict)
   * instead of CS_CLIENT_MAX_ANSWER. */
  CS_REQUEST_FLAGS_LARGE_ANSWER = 1 << 1,
} CsRequestFlags;

/* The longest answer body the client reads; a longer one fails with
 * CS_ERROR_BAD_RESPONSE as soon as it is announced or read that far. */
#define CS_CLIENT_MAX_ANSWER       (16 * 1024 * 1024)
#define CS_CLIENT_MAX_LARGE_ANSWER (64 * 1024 * 1024)

/* The secrets a profile needs, looked up from the keyring by the caller.
 * The client copies them and wipes its copies when it is finalized. */
typedef struct
{
  const char *password;            /* CS_AUTH_BASIC */
  const char *aws_access_key_id;   /* CS_AUTH_SIGV4 */
  const char *aws_secret_key;      /* CS_AUTH_SIGV4 */
  const char *aws_session_token;   /* CS_AUTH_SIGV4, optional */
} CsClientSecrets;

/*
 * A client for one cluster. Every request is asynchronous; JSON goes in and
 * comes out as JsonNode. Failures are CS_ERROR errors whose message is a
 * translated sentence for the user (see cs-error.h).
 *
 * The contract every module codes against:
 *
 *   cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_create",
 *                            body, CS_REQUEST_FLAGS_NONE, cancellable, cb, data);
 *   JsonNode *answer = cs_client_request_finish (client, result, &error);
 *
 * `path` is relative to the cluster URL (no leading slash) and may carry a
 * query string. `body` may be NULL (no body is sent).
 *
 * One SoupSession per client, so connections (and TLS handshakes) are
 * reused. Redirects are never followed (CS_ERROR_REDIRECT). With
 * CS_DEBUG_HTTP=1 in the environment, request and response headers are
 * logged with g_debug, credentials masked.
 */

/* A client for a plain URL without authentication (tests, the sandbox). */
CsClient   *cs_client_new_for_url       (const char          *base_url,
                                         GError             **error);

/* A client for a profile: its URL, authentication and TLS trust. Fails with
 * CS_ERROR_INVALID_URL / INVALID_INPUT when the profile is incomplete, and
 * with CS_ERROR_INSECURE_TRANSPORT for AWS keys over http:// unless the
 * profile carries the user's confirmation. */
CsClient   *cs_client_new_for_profile   (CsProfile             *profile,
                                         const CsClientSecrets *secrets,
                                         GError               **error);

const char *cs_client_get_base_url      (CsClient            *self);

/* The time a request may take, in seconds (default 30; 0 = no limit).
 * The UI passes the GSettings request-timeout here. */
void        cs_client_set_timeout       (CsClient            *self,
                                         guint                seconds);
guint       cs_client_get_timeout       (CsClient            *self);

void        cs_client_request_async     (CsClient            *self,
                                         const char          *method,
                                         const char          *path,
                                         JsonNode            *body,
                                         CsRequestFlags       flags,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Returns the parsed answer (a JSON null node when the body is empty). On
 * failure returns NULL and sets a CS_ERROR (or G_IO_ERROR_CANCELLED). */
JsonNode   *cs_client_request_finish    (CsClient            *self,
                                         GAsyncResult        *result,
                                         GError             **error);
/* The same, and also the HTTP status (0 when no answer came) and, for an
 * error answer that was JSON, the parsed error document (e.g. to unwrap a
 * Bedrock error from "Error from remote service: {…}"). */
JsonNode   *cs_client_request_finish_full (CsClient          *self,
                                           GAsyncResult      *result,
                                           guint             *status,
                                           JsonNode         **error_body,
                                           GError           **error);

/* TLS trust. After CS_ERROR_UNTRUSTED_CERTIFICATE or
 * CS_ERROR_CERTIFICATE_CHANGED, the certificate that was refused and its
 * problems; NULL when none was refused. */
GTlsCertificate *cs_client_get_rejected_certificate (CsClient             *self,
                                                     GTlsCertificateFlags *errors);
/* Trust exactly this certificate from now on (after the user confirmed). */
void        cs_client_pin_certificate   (CsClient            *self,
                                         const char          *sha256_fingerprint);

/* The user's confirmation that connector AWS keys may go to this plain
 * http:// cluster; FALSE for a new client. */
void        cs_client_set_keys_over_http_allowed (CsClient   *self,
                                                  gboolean    allowed);
gboolean    cs_client_get_keys_over_http_allowed (CsClient   *self);

/* How many TLS handshakes this client made (connections it opened). */
guint       cs_client_get_tls_handshake_count (CsClient      *self);

G_END_DECLS
