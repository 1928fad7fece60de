/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * TLS trust for one cluster profile. Three ways to trust a certificate, in
 * this order:
 *
 *  - a pinned SHA-256 fingerprint: then that certificate, and only it, is
 *    trusted (even a certificate the system would accept is refused when it
 *    is not the pinned one, so a changed certificate is noticed);
 *  - a CA file (PEM, absolute path) of the cluster's own authority;
 *  - the system trust store.
 *
 * There is no way to ignore TLS errors altogether.
 */

/* SHA-256 of the certificate's DER, as upper-case hex pairs joined by ':'. */
char          *cs_trust_fingerprint            (GTlsCertificate      *certificate);

/* Whether two fingerprints are the same, ignoring case, ':' and spaces. */
gboolean       cs_trust_fingerprint_equal      (const char           *a,
                                                const char           *b);

/* Whether text is a SHA-256 fingerprint (64 hex digits, separators allowed). */
gboolean       cs_trust_fingerprint_is_valid   (const char           *text);

/* The database a client should verify with, or NULL for the system one.
 * With a pin, a database that trusts nothing, so that every certificate
 * reaches the client's accept-certificate check, which compares the pin. */
GTlsDatabase  *cs_trust_database_new           (const char           *ca_file,
                                                const char           *pinned_fingerprint,
                                                GError              **error);

/* The system trust store, for a session with no CA file or pin: glib-networking's
 * own database, so that its checks (name constraints, key usage, stapled OCSP
 * answers) all apply. */
GTlsDatabase  *cs_trust_system_database        (void);

/* Call before making a session whose connections should be quick to set up;
 * every such session must then name its database (cs_trust_database_new()'s,
 * or cs_trust_system_database()). Once per process; see cs-trust.c. */
void           cs_trust_prepare_connections    (void);

/* Checks a CA file path as a profile needs it: absolute, readable, and
 * holding at least one certificate. */
gboolean       cs_trust_check_ca_file          (const char           *ca_file,
                                                GError              **error);

G_END_DECLS
