/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A fresh self-signed RSA certificate for 127.0.0.1 and localhost (SAN IP:127.0.0.1,
 * DNS:localhost), made with openssl(1) in a private temporary folder that is removed again.
 * *pem_out receives the certificate PEM (no key). */
GTlsCertificate *sb_tls_new_self_signed (char       **pem_out,
                                         GError     **error);
/* Loads a given certificate and key; *pem_out receives the certificate file's contents. */
GTlsCertificate *sb_tls_load            (const char  *cert_file,
                                         const char  *key_file,
                                         char       **pem_out,
                                         GError     **error);

G_END_DECLS
