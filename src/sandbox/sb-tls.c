/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-tls"

#include "config.h"

#include "sb-tls.h"

#include <glib/gstdio.h>

GTlsCertificate *
sb_tls_load (const char  *cert_file,
             const char  *key_file,
             char       **pem_out,
             GError     **error)
{
  GTlsCertificate *cert = g_tls_certificate_new_from_files (cert_file, key_file, error);

  if (cert == NULL)
    return NULL;
  if (pem_out != NULL && !g_file_get_contents (cert_file, pem_out, NULL, error))
    {
      g_object_unref (cert);
      return NULL;
    }
  return cert;
}

GTlsCertificate *
sb_tls_new_self_signed (char   **pem_out,
                        GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("connector-studio-sandbox-XXXXXX", error);
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err_text = NULL;
  GTlsCertificate *cert = NULL;

  if (dir == NULL)
    return NULL;
  g_chmod (dir, 0700);
  cert_file = g_build_filename (dir, "cert.pem", NULL);
  key_file = g_build_filename (dir, "key.pem", NULL);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           error,
                           "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key_file, "-out", cert_file, "-days", "30",
                           "-subj", "/CN=127.0.0.1/O=Connector Studio sandbox (simulated)",
                           "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                           "-addext", "basicConstraints=critical,CA:TRUE",
                           NULL);
  if (proc == NULL)
    goto out;
  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err_text, error))
    goto out;
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "openssl could not create a certificate: %s", err_text ? err_text : "");
      goto out;
    }
  cert = sb_tls_load (cert_file, key_file, pem_out, error);

out:
  /* The key stays in memory only. */
  g_unlink (key_file);
  g_unlink (cert_file);
  g_rmdir (dir);
  return cert;
}
