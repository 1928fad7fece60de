/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * AWS Signature Version 4 (AWS4-HMAC-SHA256) with the Authorization header,
 * as Amazon OpenSearch Service (service "es") expects: normalized paths
 * (dot segments removed, repeated slashes collapsed), the path encoded once
 * more than it is on the wire, query parameters decoded, re-encoded and
 * sorted, headers lower-cased, trimmed and sorted. Pure functions: no clock,
 * no I/O, so that they are tested against the AWS test-suite vectors.
 */

typedef struct
{
  const char *name;
  const char *value;
} CsSigV4Header;

typedef struct
{
  const char *access_key_id;
  const char *secret_access_key;
  const char *session_token;      /* NULL for long-term keys */
  const char *region;             /* "us-east-1" */
  const char *service;            /* "es" */
} CsSigV4Credentials;

typedef struct
{
  char *amz_date;             /* X-Amz-Date: 20150830T123600Z */
  char *payload_hash;         /* hex SHA-256 of the body (x-amz-content-sha256 when added) */
  char *canonical_request;
  char *string_to_sign;
  char *signature;            /* hex */
  char *authorization;        /* the Authorization header value */
} CsSigV4Result;

void            cs_sigv4_result_free        (CsSigV4Result             *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSigV4Result, cs_sigv4_result_free)

/* Lower-case hex SHA-256 of data (the payload hash); NULL data is empty. */
char           *cs_sigv4_hash_hex           (const guint8              *data,
                                             gsize                      length);

/* The path as it goes into the canonical request. `path` is the path as it
 * is sent (already percent-encoded on the wire, or raw). */
char           *cs_sigv4_canonical_path     (const char                *path);
/* The canonical query string; query is without the '?', may be NULL. */
char           *cs_sigv4_canonical_query    (const char                *query);

/* The canonical request. Every header given is signed; signed_headers (if
 * not NULL) receives the "host;x-amz-date" list. */
char           *cs_sigv4_canonical_request  (const char                *method,
                                             const char                *path,
                                             const char                *query,
                                             const CsSigV4Header       *headers,
                                             gsize                      n_headers,
                                             const char                *payload_hash,
                                             char                     **signed_headers);

char           *cs_sigv4_string_to_sign     (const char                *amz_date,
                                             const char                *region,
                                             const char                *service,
                                             const char                *canonical_request);

char           *cs_sigv4_signature          (const char                *secret_access_key,
                                             const char                *amz_date,
                                             const char                *region,
                                             const char                *service,
                                             const char                *string_to_sign);

/* Signs a request. headers are those of the request to sign (at least
 * Host); the signer adds x-amz-date, x-amz-security-token (when the
 * credentials have a token) and, with add_content_sha256,
 * x-amz-content-sha256, and signs them. The caller sets X-Amz-Date, the
 * token, x-amz-content-sha256 and Authorization on the request. */
CsSigV4Result  *cs_sigv4_sign               (const CsSigV4Credentials  *credentials,
                                             GDateTime                 *time,
                                             const char                *method,
                                             const char                *path,
                                             const char                *query,
                                             const CsSigV4Header       *headers,
                                             gsize                      n_headers,
                                             const guint8              *body,
                                             gsize                      body_length,
                                             gboolean                   add_content_sha256);

G_END_DECLS
