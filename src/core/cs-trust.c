/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-trust"

#include "config.h"

#include "cs-trust.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"

/* A database that vouches for no certificate: used with a pinned fingerprint,
 * so that the pin is the only thing that can make a certificate acceptable. */
#define CS_TYPE_PIN_DATABASE (cs_pin_database_get_type ())
G_DECLARE_FINAL_TYPE (CsPinDatabase, cs_pin_database, CS, PIN_DATABASE, GTlsDatabase)

struct _CsPinDatabase
{
  GTlsDatabase parent_instance;
};

G_DEFINE_FINAL_TYPE (CsPinDatabase, cs_pin_database, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
cs_pin_database_verify_chain (GTlsDatabase             *database,
                              GTlsCertificate          *chain,
                              const char               *purpose,
                              GSocketConnectable       *identity,
                              GTlsInteraction          *interaction,
                              GTlsDatabaseVerifyFlags   flags,
                              GCancellable             *cancellable,
                              GError                  **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return G_TLS_CERTIFICATE_GENERIC_ERROR;
  return G_TLS_CERTIFICATE_UNKNOWN_CA;
}

static void
cs_pin_database_class_init (CsPinDatabaseClass *klass)
{
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  database_class->verify_chain = cs_pin_database_verify_chain;
}

static void
cs_pin_database_init (CsPinDatabase *self)
{
}

GTlsDatabase *
cs_trust_system_database (void)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  GTlsBackendInterface *iface = G_TLS_BACKEND_GET_INTERFACE (backend);

  /* The backend's own, not the process default that
   * cs_trust_prepare_connections() replaces. */
  if (iface->get_default_database != NULL)
    return iface->get_default_database (backend);
  return NULL;
}

/*
 * libsoup 3.2 makes each TLS connection before it gives the connection the
 * session's database; glib-networking 2.74 then builds the connection's
 * credentials from the process default database, which means reading the
 * whole system trust store from disk, and builds them again from the
 * session's database a moment later. That first read took about 8 ms of
 * every new connection, most of a first request to a cluster (build-aux/bench
 * client-vs-curl). A process default that is not glib-networking's own costs
 * nothing to start from. It is one that vouches for no certificate, so that a
 * session that forgot to name its database fails closed rather than open.
 */
void
cs_trust_prepare_connections (void)
{
  static gsize prepared;

  if (g_once_init_enter (&prepared))
    {
      GTlsBackend *backend = g_tls_backend_get_default ();

      if (g_tls_backend_supports_tls (backend))
        {
          g_autoptr(GTlsDatabase) nothing = g_object_new (CS_TYPE_PIN_DATABASE, NULL);

          g_tls_backend_set_default_database (backend, nothing);
        }
      g_once_init_leave (&prepared, 1);
    }
}

char *
cs_trust_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *text;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);

  text = g_string_sized_new (3 * length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}

/* Lower-case hex digits only, or NULL when anything else is in it. */
static char *
normalize_fingerprint (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

gboolean
cs_trust_fingerprint_equal (const char *a,
                            const char *b)
{
  g_autofree char *na = normalize_fingerprint (a);
  g_autofree char *nb = normalize_fingerprint (b);

  return na != NULL && nb != NULL && strlen (na) == 64 && strcmp (na, nb) == 0;
}

gboolean
cs_trust_fingerprint_is_valid (const char *text)
{
  g_autofree char *normal = normalize_fingerprint (text);

  return normal != NULL && strlen (normal) == 64;
}

gboolean
cs_trust_check_ca_file (const char  *ca_file,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *list;

  g_return_val_if_fail (ca_file != NULL, FALSE);

  if (!g_path_is_absolute (ca_file))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("Choose the CA file with its full path."));
      return FALSE;
    }

  list = g_tls_certificate_list_new_from_file (ca_file, &local_error);
  if (list == NULL)
    {
      if (local_error != NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                     _("The CA file cannot be used (%s). Choose a PEM file with the "
                       "cluster’s certificate authority."),
                     local_error->message);
      else
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                     _("The CA file holds no certificate. Choose a PEM file with the "
                       "cluster’s certificate authority."));
      return FALSE;
    }
  g_list_free_full (list, g_object_unref);
  return TRUE;
}

GTlsDatabase *
cs_trust_database_new (const char  *ca_file,
                       const char  *pinned_fingerprint,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database;

  if (pinned_fingerprint != NULL && *pinned_fingerprint != '\0')
    return g_object_new (CS_TYPE_PIN_DATABASE, NULL);

  if (ca_file == NULL || *ca_file == '\0')
    return NULL;

  if (!cs_trust_check_ca_file (ca_file, error))
    return NULL;

  database = g_tls_file_database_new (ca_file, &local_error);
  if (database == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The CA file cannot be used (%s). Choose a PEM file with the "
                     "cluster’s certificate authority."),
                   local_error->message);
      return NULL;
    }
  return database;
}
