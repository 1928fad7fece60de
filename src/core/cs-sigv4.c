/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-sigv4"

#include "config.h"

#include "cs-sigv4.h"

#include <string.h>

#define ALGORITHM "AWS4-HMAC-SHA256"

void
cs_sigv4_result_free (CsSigV4Result *result)
{
  if (result == NULL)
    return;
  g_free (result->amz_date);
  g_free (result->payload_hash);
  g_free (result->canonical_request);
  g_free (result->string_to_sign);
  g_free (result->signature);
  g_free (result->authorization);
  g_free (result);
}

char *
cs_sigv4_hash_hex (const guint8 *data,
                   gsize         length)
{
  static const guint8 empty[1] = { 0 };

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : empty,
                                      data != NULL ? length : 0);
}

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* AWS's URI encoding: everything but the unreserved characters as %XX. */
static void
append_encoded (GString    *out,
                const char *text,
                gsize       length,
                gboolean    keep_slash)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "%%%02X", c);
    }
}

/* Removes "." and ".." segments and empty segments (repeated slashes),
 * keeping a trailing slash. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean trailing;
  GString *out;

  if (path == NULL || *path == '\0')
    return g_strdup ("/");

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *segment = segments[i];

      if (*segment == '\0' || strcmp (segment, ".") == 0)
        continue;
      if (strcmp (segment, "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, (gpointer) segment);
    }

  /* A path ending in "/", "/." or "/.." names a directory. */
  trailing = g_str_has_suffix (path, "/") || g_str_has_suffix (path, "/.") ||
             g_str_has_suffix (path, "/..");

  out = g_string_new ("/");
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, kept->pdata[i]);
    }
  if (trailing && kept->len > 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

char *
cs_sigv4_canonical_path (const char *path)
{
  g_autofree char *normal = normalize_path (path);
  GString *out = g_string_new (NULL);

  append_encoded (out, normal, strlen (normal), TRUE);
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *key;
  char *value;
} QueryParam;

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const QueryParam *pa = a;
  const QueryParam *pb = b;
  int c = strcmp (pa->key, pb->key);

  return c != 0 ? c : strcmp (pa->value, pb->value);
}

static char *
encode_query_part (const char *raw,
                   gsize       length)
{
  g_autofree char *piece = g_strndup (raw, length);
  g_autofree char *decoded = g_uri_unescape_string (piece, NULL);
  GString *out = g_string_new (NULL);
  const char *text = decoded != NULL ? decoded : piece;   /* a stray '%' stays as it is */

  append_encoded (out, text, strlen (text), FALSE);
  return g_string_free (out, FALSE);
}

char *
cs_sigv4_canonical_query (const char *query)
{
  g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (QueryParam));
  g_auto(GStrv) pairs = NULL;
  GString *out;

  if (query == NULL || *query == '\0')
    return g_strdup ("");

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = pairs[i];
      const char *equals;
      QueryParam param;

      if (*pair == '\0')
        continue;
      equals = strchr (pair, '=');
      if (equals != NULL)
        {
          param.key = encode_query_part (pair, (gsize) (equals - pair));
          param.value = encode_query_part (equals + 1, strlen (equals + 1));
        }
      else
        {
          param.key = encode_query_part (pair, strlen (pair));
          param.value = g_strdup ("");
        }
      g_array_append_val (params, param);
    }

  g_array_sort (params, compare_params);

  out = g_string_new (NULL);
  for (guint i = 0; i < params->len; i++)
    {
      QueryParam *param = &g_array_index (params, QueryParam, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", param->key, param->value);
      g_free (param->key);
      g_free (param->value);
    }
  return g_string_free (out, FALSE);
}

/* Trims and collapses runs of whitespace (folded lines included) to one space. */
static void
append_canonical_value (GString    *out,
                        const char *value)
{
  gboolean pending_space = FALSE;
  gboolean started = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = started;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      started = TRUE;
      g_string_append_c (out, *p);
    }
}

typedef struct
{
  char    *name;    /* lower case */
  GString *values;  /* joined with ',' in request order */
  guint    order;
} CanonicalHeader;

static int
compare_headers (gconstpointer a,
                 gconstpointer b)
{
  const CanonicalHeader *ha = a;
  const CanonicalHeader *hb = b;

  return strcmp (ha->name, hb->name);
}

char *
cs_sigv4_canonical_request (const char           *method,
                            const char           *path,
                            const char           *query,
                            const CsSigV4Header  *headers,
                            gsize                 n_headers,
                            const char           *payload_hash,
                            char                **signed_headers)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (CanonicalHeader));
  g_autofree char *canonical_path = cs_sigv4_canonical_path (path);
  g_autofree char *canonical_query = cs_sigv4_canonical_query (query);
  GString *signed_list = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (payload_hash != NULL, NULL);

  for (gsize i = 0; i < n_headers; i++)
    {
      g_autofree char *name = g_ascii_strdown (headers[i].name, -1);
      CanonicalHeader *existing = NULL;

      for (guint j = 0; j < list->len; j++)
        if (strcmp (g_array_index (list, CanonicalHeader, j).name, name) == 0)
          existing = &g_array_index (list, CanonicalHeader, j);

      if (existing != NULL)
        {
          g_string_append_c (existing->values, ',');
          append_canonical_value (existing->values, headers[i].value);
        }
      else
        {
          CanonicalHeader header = { g_steal_pointer (&name), g_string_new (NULL), list->len };

          append_canonical_value (header.values, headers[i].value);
          g_array_append_val (list, header);
        }
    }
  g_array_sort (list, compare_headers);

  g_string_append_printf (out, "%s\n%s\n%s\n", method, canonical_path, canonical_query);
  for (guint i = 0; i < list->len; i++)
    {
      CanonicalHeader *header = &g_array_index (list, CanonicalHeader, i);

      g_string_append_printf (out, "%s:%s\n", header->name, header->values->str);
      if (i > 0)
        g_string_append_c (signed_list, ';');
      g_string_append (signed_list, header->name);
      g_free (header->name);
      g_string_free (header->values, TRUE);
    }
  g_string_append_printf (out, "\n%s\n%s", signed_list->str, payload_hash);

  if (signed_headers != NULL)
    *signed_headers = g_string_free (signed_list, FALSE);
  else
    g_string_free (signed_list, TRUE);
  return g_string_free (out, FALSE);
}

char *
cs_sigv4_string_to_sign (const char *amz_date,
                         const char *region,
                         const char *service,
                         const char *canonical_request)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);

  hash = cs_sigv4_hash_hex ((const guint8 *) canonical_request, strlen (canonical_request));
  return g_strdup_printf (ALGORITHM "\n%s\n%.8s/%s/%s/aws4_request\n%s",
                          amz_date, amz_date, region, service, hash);
}

static void
hmac (const guint8 *key,
      gsize         key_length,
      const char   *data,
      guint8        out[32])
{
  g_autoptr(GHmac) mac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize length = 32;

  g_hmac_update (mac, (const guchar *) data, (gssize) strlen (data));
  g_hmac_get_digest (mac, out, &length);
}

char *
cs_sigv4_signature (const char *secret_access_key,
                    const char *amz_date,
                    const char *region,
                    const char *service,
                    const char *string_to_sign)
{
  g_autofree char *first_key = g_strconcat ("AWS4", secret_access_key, NULL);
  g_autofree char *date = g_strndup (amz_date, 8);
  guint8 k_date[32], k_region[32], k_service[32], k_signing[32], signature[32];
  GString *hex;

  hmac ((const guint8 *) first_key, strlen (first_key), date, k_date);
  hmac (k_date, sizeof k_date, region, k_region);
  hmac (k_region, sizeof k_region, service, k_service);
  hmac (k_service, sizeof k_service, "aws4_request", k_signing);
  hmac (k_signing, sizeof k_signing, string_to_sign, signature);

  explicit_bzero (first_key, strlen (first_key));
  explicit_bzero (k_date, sizeof k_date);
  explicit_bzero (k_region, sizeof k_region);
  explicit_bzero (k_service, sizeof k_service);
  explicit_bzero (k_signing, sizeof k_signing);

  hex = g_string_sized_new (64);
  for (guint i = 0; i < sizeof signature; i++)
    g_string_append_printf (hex, "%02x", signature[i]);
  return g_string_free (hex, FALSE);
}

CsSigV4Result *
cs_sigv4_sign (const CsSigV4Credentials *credentials,
               GDateTime                *time,
               const char               *method,
               const char               *path,
               const char               *query,
               const CsSigV4Header      *headers,
               gsize                     n_headers,
               const guint8             *body,
               gsize                     body_length,
               gboolean                  add_content_sha256)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (CsSigV4Header));
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *signed_headers = NULL;
  CsSigV4Result *result;
  CsSigV4Header extra;

  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (credentials->access_key_id != NULL, NULL);
  g_return_val_if_fail (credentials->secret_access_key != NULL, NULL);
  g_return_val_if_fail (credentials->region != NULL && credentials->service != NULL, NULL);
  g_return_val_if_fail (time != NULL, NULL);

  result = g_new0 (CsSigV4Result, 1);
  utc = g_date_time_to_utc (time);
  result->amz_date = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  result->payload_hash = cs_sigv4_hash_hex (body, body_length);

  g_array_append_vals (all, headers, (guint) n_headers);
  extra.name = "x-amz-date";
  extra.value = result->amz_date;
  g_array_append_val (all, extra);
  if (credentials->session_token != NULL && *credentials->session_token != '\0')
    {
      extra.name = "x-amz-security-token";
      extra.value = credentials->session_token;
      g_array_append_val (all, extra);
    }
  if (add_content_sha256)
    {
      extra.name = "x-amz-content-sha256";
      extra.value = result->payload_hash;
      g_array_append_val (all, extra);
    }

  result->canonical_request = cs_sigv4_canonical_request (method, path, query,
                                                          (CsSigV4Header *) (gpointer) all->data,
                                                          all->len, result->payload_hash,
                                                          &signed_headers);
  result->string_to_sign = cs_sigv4_string_to_sign (result->amz_date, credentials->region,
                                                    credentials->service,
                                                    result->canonical_request);
  result->signature = cs_sigv4_signature (credentials->secret_access_key, result->amz_date,
                                          credentials->region, credentials->service,
                                          result->string_to_sign);
  result->authorization = g_strdup_printf (ALGORITHM " Credential=%s/%.8s/%s/%s/aws4_request, "
                                           "SignedHeaders=%s, Signature=%s",
                                           credentials->access_key_id, result->amz_date,
                                           credentials->region, credentials->service,
                                           signed_headers, result->signature);
  return result;
}
