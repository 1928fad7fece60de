/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_ERROR (cs_error_quark ())

/*
 * One domain for every failure the user may see. Each message is a
 * translated sentence that says what happened and what to do next.
 */
typedef enum
{
  CS_ERROR_FAILED,                  /* anything not listed below */
  CS_ERROR_INVALID_INPUT,           /* a field the user filled in is not acceptable */
  CS_ERROR_INVALID_URL,             /* the cluster URL cannot be used */
  CS_ERROR_HOST_NOT_FOUND,          /* DNS */
  CS_ERROR_CONNECTION_REFUSED,      /* nothing listens there */
  CS_ERROR_NETWORK,                 /* reset, unreachable, truncated, … */
  CS_ERROR_TIMEOUT,                 /* the request took longer than its timeout */
  CS_ERROR_TLS,                     /* handshake or certificate problem other than trust */
  CS_ERROR_UNTRUSTED_CERTIFICATE,   /* unknown CA / self-signed: may be pinned */
  CS_ERROR_CERTIFICATE_CHANGED,     /* the pinned certificate is not the one presented */
  CS_ERROR_REDIRECT,                /* 3xx: never followed */
  CS_ERROR_UNAUTHORIZED,            /* 401 from the cluster */
  CS_ERROR_FORBIDDEN,               /* 403 security_exception: a cluster permission is missing */
  CS_ERROR_REMOTE_FORBIDDEN,        /* 403 passed through from Bedrock: AWS credentials */
  CS_ERROR_NOT_FOUND,               /* 404 */
  CS_ERROR_NO_ML_COMMONS,           /* "no handler found": the plugin is not installed */
  CS_ERROR_REJECTED,                /* 400: the cluster refused the request; message = its reason */
  CS_ERROR_CONFLICT,                /* 409 */
  CS_ERROR_THROTTLED,               /* 429 */
  CS_ERROR_SERVER,                  /* 5xx */
  CS_ERROR_REMOTE,                  /* Bedrock answered an error other than 403/429 */
  CS_ERROR_BAD_RESPONSE,            /* not JSON, HTML, or JSON of an unexpected shape */
  CS_ERROR_SECRET_STORE,            /* keyring missing, locked or refused */
  CS_ERROR_INSECURE_TRANSPORT,      /* AWS keys would go over plain http:// unconfirmed */
  /* A create or register was sent but its answer was lost; the cluster was then searched for
   * what it may have created (cs_connectors_create_async, cs_models_register_async): */
  CS_ERROR_ANSWER_LOST,             /* … and the search failed too, or found one made just before
                                     * the attempt: unknown, look before resending */
  CS_ERROR_ANSWER_LOST_FOUND,       /* … and it did create it: use the id found, do not resend */
  CS_ERROR_ANSWER_LOST_NOTHING,     /* … and nothing was created: sending again is safe */
} CsError;

/* How far the cluster's clock may run behind this computer's when a lost
 * answer is looked up: what the cluster made up to this long before the
 * attempt started (by its own clock) is not taken for "nothing created" but
 * named as possibly the attempt's. */
#define CS_LOST_ANSWER_CLOCK_SLACK_MS (5 * 60 * 1000)

GQuark       cs_error_quark              (void);

/*
 * CS_ERROR errors made from an HTTP answer carry what the cluster said, so
 * that pages can show it or look inside it. These work on copies too.
 */

/* The HTTP status the error came from, or 0. */
guint        cs_error_get_status         (const GError        *error);
/* The cluster's own explanation (`error.reason`, or the string `error`),
 * verbatim; NULL when there was none. */
const char  *cs_error_get_server_reason  (const GError        *error);
/* `error.type` (e.g. "security_exception"); NULL when there was none. */
const char  *cs_error_get_server_type    (const GError        *error);
/* For CS_ERROR_FORBIDDEN: the missing permission such as
 * "cluster:admin/opensearch/ml/create_connector"; NULL when not named. */
const char  *cs_error_get_permission     (const GError        *error);

/*
 * Pure mappers, used by CsClient and tested without a network.
 */

/* Maps a finished HTTP exchange. Returns TRUE when the status is 2xx (nothing
 * set); otherwise FALSE with a CS_ERROR. content_type may be NULL; body may be
 * NULL or empty. 3xx maps to CS_ERROR_REDIRECT (use cs_error_from_redirect
 * when the Location is known). */
gboolean     cs_error_from_response      (guint                status,
                                          const char          *content_type,
                                          GBytes              *body,
                                          GError             **error);

/* The same, and error_body (out, nullable) gets the body's JSON document when
 * it was one (any JSON value), else NULL. The body is parsed once, with
 * cs_json_parse(), which the caller bounded in size while reading it. */
gboolean     cs_error_from_response_full (guint                status,
                                          const char          *content_type,
                                          GBytes              *body,
                                          JsonNode           **error_body,
                                          GError             **error);

GError      *cs_error_from_redirect      (guint                status,
                                          const char          *location);

/* Parses the body of a 2xx answer: a JSON null node when it is empty, the
 * document when it is JSON, else NULL and CS_ERROR_BAD_RESPONSE (an HTML
 * page from a proxy, say). */
JsonNode    *cs_error_parse_success_body (guint                status,
                                          const char          *content_type,
                                          GBytes              *body,
                                          GError             **error);

/* Maps a libsoup/GIO/resolver/TLS failure. G_IO_ERROR_CANCELLED is copied
 * unchanged; everything else becomes a CS_ERROR. */
GError      *cs_error_from_transport     (const GError        *transport_error);

/* Maps the certificate problems a TLS handshake reported. Only
 * G_TLS_CERTIFICATE_UNKNOWN_CA (with or without BAD_IDENTITY) becomes
 * CS_ERROR_UNTRUSTED_CERTIFICATE, the kind a user may pin; the others are
 * CS_ERROR_TLS naming the problem. */
GError      *cs_error_from_tls_flags     (GTlsCertificateFlags flags);

/* Maps a libsecret failure to CS_ERROR_SECRET_STORE. */
GError      *cs_error_from_secret_store  (const GError        *secret_error);

/* A copy of an error body with the signing details of AWS signature
 * mismatches removed from every string (for raw views). */
JsonNode     *cs_error_redact_body          (JsonNode            *body);

/* Whether a request that failed this way may still have been carried out by
 * the cluster: the connection broke or timed out after it was sent, the
 * answer could not be read, or a gateway failed in front of the cluster. A
 * create or register that failed so is never simply "tried again". */
gboolean      cs_error_answer_may_be_lost   (const GError        *error);

/* The wait an error answer asked for with `Retry-After` (429, 503), in
 * milliseconds; -1 when it named none. CsClient sets it. */
gint64        cs_error_get_retry_after      (const GError        *error);
void          cs_error_set_retry_after      (GError              *error,
                                             gint64               milliseconds);
/* Reads a Retry-After value: delay-seconds or an HTTP date (relative to
 * now; a past date is 0). -1 when it is neither. Pure. */
gint64        cs_error_parse_retry_after    (const char          *value,
                                             GDateTime           *now);

G_END_DECLS
