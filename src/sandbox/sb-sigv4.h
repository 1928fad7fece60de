/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Verifies an AWS Signature Version 4 request the way an Amazon OpenSearch Service domain does
 * (service "es"). headers: lower-case name -> value (values of repeated headers joined with
 * ","); raw_path and raw_query exactly as on the wire. now: seconds since the epoch. On failure
 * returns FALSE with *message set to the text AWS answers (a 403 {"message": …}). */
gboolean  sb_sigv4_verify            (const char  *method,
                                      const char  *raw_path,
                                      const char  *raw_query,
                                      GHashTable  *headers,
                                      GBytes      *body,
                                      const char  *access_key,
                                      const char  *secret_key,
                                      const char  *region,
                                      const char  *service,
                                      gint64       now,
                                      char       **message);

/* The pieces, exposed for tests. */
char     *sb_sigv4_canonical_uri     (const char  *raw_path);
char     *sb_sigv4_canonical_query   (const char  *raw_query);
char     *sb_sigv4_signature         (const char  *secret_key,
                                      const char  *date,        /* YYYYMMDD */
                                      const char  *region,
                                      const char  *service,
                                      const char  *string_to_sign);

G_END_DECLS
