/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-sigv4"

#include "config.h"

#include "sb-sigv4.h"

#include <string.h>
#include <time.h>

static const char signature_mismatch[] =
  "The request signature we calculated does not match the signature you provided. Check your "
  "AWS Secret Access Key and signing method. Consult the service documentation for details.";

static gboolean
unreserved (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

static void
encode_into (GString    *out,
             const char *text,
             gsize       len,
             gboolean    keep_slash)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (unreserved (c) || (keep_slash && c == '/'))
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "%%%02X", (guchar) c);
    }
}

/* RFC 3986 dot-segment removal plus collapsing empty segments, as AWS does for services other
 * than S3; then every segment is encoded again (the wire form is already encoded once). */
char *
sb_sigv4_canonical_uri (const char *raw_path)
{
  g_auto(GStrv) parts = g_strsplit (raw_path && *raw_path ? raw_path : "/", "/", -1);
  GPtrArray *stack = g_ptr_array_new ();
  gboolean trailing = FALSE;
  GString *out = g_string_new ("/");
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      const char *seg = parts[i];
      gboolean last = i + 1 == n;

      if (*seg == '\0' || g_str_equal (seg, "."))
        {
          if (last && stack->len > 0)
            trailing = TRUE;
          continue;
        }
      if (g_str_equal (seg, ".."))
        {
          if (stack->len > 0)
            g_ptr_array_remove_index (stack, stack->len - 1);
          if (last && stack->len > 0)
            trailing = TRUE;
          continue;
        }
      g_ptr_array_add (stack, (gpointer) seg);
    }
  for (guint i = 0; i < stack->len; i++)
    {
      const char *seg = g_ptr_array_index (stack, i);
      if (i > 0)
        g_string_append_c (out, '/');
      encode_into (out, seg, strlen (seg), FALSE);
    }
  if (trailing)
    g_string_append_c (out, '/');
  g_ptr_array_unref (stack);
  return g_string_free (out, FALSE);
}

/* Encoded "name=value" pairs, ordered by name and then by value (not by the joined text:
 * "Param-3" sorts before "Param=" as a string but after "Param" as a name). */
static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const char *pa = *(const char * const *) a, *pb = *(const char * const *) b;
  const char *ea = strchr (pa, '='), *eb = strchr (pb, '=');
  gsize la = (gsize) (ea - pa), lb = (gsize) (eb - pb);
  int c = strncmp (pa, pb, MIN (la, lb));

  if (c != 0)
    return c;
  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (ea + 1, eb + 1);
}

char *
sb_sigv4_canonical_query (const char *raw_query)
{
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GPtrArray) encoded = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  if (raw_query == NULL || *raw_query == '\0')
    return g_string_free (out, FALSE);

  pairs = g_strsplit (raw_query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      GString *pair;

      if (*pairs[i] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      name = g_uri_unescape_string (pairs[i], NULL);
      value = eq ? g_uri_unescape_string (eq + 1, NULL) : g_strdup ("");
      if (name == NULL)
        name = g_strdup (pairs[i]);
      if (value == NULL)
        value = g_strdup (eq + 1);
      pair = g_string_new (NULL);
      encode_into (pair, name, strlen (name), FALSE);
      g_string_append_c (pair, '=');
      encode_into (pair, value, strlen (value), FALSE);
      g_ptr_array_add (encoded, g_string_free (pair, FALSE));
    }
  g_ptr_array_sort (encoded, compare_pairs);
  for (guint i = 0; i < encoded->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append (out, g_ptr_array_index (encoded, i));
    }
  return g_string_free (out, FALSE);
}

static GBytes *
hmac (const guchar *key,
      gsize         key_len,
      const char   *data)
{
  g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_hmac_update (h, (const guchar *) data, (gssize) strlen (data));
  g_hmac_get_digest (h, digest, &len);
  return g_bytes_new (digest, len);
}

char *
sb_sigv4_signature (const char *secret_key,
                    const char *date,
                    const char *region,
                    const char *service,
                    const char *string_to_sign)
{
  g_autofree char *k = g_strconcat ("AWS4", secret_key, NULL);
  g_autoptr(GBytes) k_date = hmac ((const guchar *) k, strlen (k), date);
  g_autoptr(GBytes) k_region = hmac (g_bytes_get_data (k_date, NULL), 32, region);
  g_autoptr(GBytes) k_service = hmac (g_bytes_get_data (k_region, NULL), 32, service);
  g_autoptr(GBytes) k_signing = hmac (g_bytes_get_data (k_service, NULL), 32, "aws4_request");

  explicit_bzero (k, strlen (k));
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, g_bytes_get_data (k_signing, NULL), 32,
                                    string_to_sign, -1);
}

static char *
collapse_spaces (const char *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = copy; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t')
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
        }
      else
        {
          g_string_append_c (out, *p);
          space = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

/* YYYYMMDD'T'HHMMSS'Z' -> seconds since the epoch, or -1. */
static gint64
parse_amz_date (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 16 || text[8] != 'T' || text[15] != 'Z')
    return -1;
  iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", text, text + 4, text + 6, text + 9,
                         text + 11, text + 13);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt ? g_date_time_to_unix (dt) : -1;
}

static char *
format_amz_date (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  return g_date_time_format (dt, "%Y%m%dT%H%M%SZ");
}

gboolean
sb_sigv4_verify (const char  *method,
                 const char  *raw_path,
                 const char  *raw_query,
                 GHashTable  *headers,
                 GBytes      *body,
                 const char  *access_key,
                 const char  *secret_key,
                 const char  *region,
                 const char  *service,
                 gint64       now,
                 char       **message)
{
  const char *auth = g_hash_table_lookup (headers, "authorization");
  g_auto(GStrv) fields = NULL;
  const char *credential = NULL, *signed_headers = NULL, *signature = NULL;
  g_auto(GStrv) scope = NULL;
  g_auto(GStrv) names = NULL;
  const char *amz_date;
  const char *content_sha;
  g_autofree char *body_hash = NULL;
  g_autofree char *canonical_uri = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *creq_hash = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *scope_text = NULL;
  GString *creq;
  gint64 t;

  *message = NULL;
  if (auth == NULL || !g_str_has_prefix (auth, "AWS4-HMAC-SHA256 "))
    {
      *message = g_strdup ("Authorization header requires 'Credential' parameter. Authorization "
                           "header requires 'Signature' parameter. Authorization header requires "
                           "'SignedHeaders' parameter.");
      return FALSE;
    }

  fields = g_strsplit (auth + strlen ("AWS4-HMAC-SHA256 "), ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *f = g_strstrip (fields[i]);
      if (g_str_has_prefix (f, "Credential="))
        credential = f + strlen ("Credential=");
      else if (g_str_has_prefix (f, "SignedHeaders="))
        signed_headers = f + strlen ("SignedHeaders=");
      else if (g_str_has_prefix (f, "Signature="))
        signature = f + strlen ("Signature=");
    }
  if (credential == NULL || signed_headers == NULL || signature == NULL)
    {
      *message = g_strdup_printf ("Authorization header requires '%s' parameter.",
                                  credential == NULL ? "Credential"
                                  : signed_headers == NULL ? "SignedHeaders" : "Signature");
      return FALSE;
    }

  scope = g_strsplit (credential, "/", -1);
  if (g_strv_length (scope) != 5)
    {
      *message = g_strdup_printf ("Credential should be scoped to a valid region. ");
      return FALSE;
    }
  if (!g_str_equal (scope[0], access_key))
    {
      *message = g_strdup ("The security token included in the request is invalid.");
      return FALSE;
    }

  amz_date = g_hash_table_lookup (headers, "x-amz-date");
  t = parse_amz_date (amz_date);
  if (t < 0)
    {
      *message = g_strdup ("Authorization header requires existence of either a 'X-Amz-Date' or "
                           "a 'Date' header.");
      return FALSE;
    }
  if (strncmp (scope[1], amz_date, 8) != 0 || strlen (scope[1]) != 8)
    {
      *message = g_strdup_printf ("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                                  "version of date from HTTP: '%s' != '%.8s', from '%s'.",
                                  scope[1], amz_date, amz_date);
      return FALSE;
    }
  if (!g_str_equal (scope[2], region))
    {
      *message = g_strdup ("Credential should be scoped to a valid region. ");
      return FALSE;
    }
  if (!g_str_equal (scope[3], service))
    {
      *message = g_strdup_printf ("Credential should be scoped to correct service: '%s'. ",
                                  service);
      return FALSE;
    }
  if (!g_str_equal (scope[4], "aws4_request"))
    {
      *message = g_strdup_printf ("Credential should be scoped with a valid terminator: "
                                  "'aws4_request', not '%s'. ", scope[4]);
      return FALSE;
    }
  if (t < now - 300)
    {
      g_autofree char *limit = format_amz_date (now - 300);
      g_autofree char *now_text = format_amz_date (now);
      *message = g_strdup_printf ("Signature expired: %s is now earlier than %s (%s - 5 min.)",
                                  amz_date, limit, now_text);
      return FALSE;
    }
  if (t > now + 300)
    {
      g_autofree char *limit = format_amz_date (now + 300);
      g_autofree char *now_text = format_amz_date (now);
      *message = g_strdup_printf ("Signature not yet current: %s is still later than %s (%s + 5 "
                                  "min.)", amz_date, limit, now_text);
      return FALSE;
    }

  names = g_strsplit (signed_headers, ";", -1);
  if (!g_strv_contains ((const char * const *) names, "host"))
    {
      *message = g_strdup ("'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                           "Authorization.");
      return FALSE;
    }

  body_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                           body ? g_bytes_get_data (body, NULL) : NULL,
                                           body ? g_bytes_get_size (body) : 0);
  content_sha = g_hash_table_lookup (headers, "x-amz-content-sha256");
  if (content_sha != NULL && !g_str_equal (content_sha, "UNSIGNED-PAYLOAD")
      && g_ascii_strcasecmp (content_sha, body_hash) != 0)
    {
      *message = g_strdup ("The provided 'x-amz-content-sha256' header does not match what was "
                           "computed.");
      return FALSE;
    }

  canonical_uri = sb_sigv4_canonical_uri (raw_path);
  canonical_query = sb_sigv4_canonical_query (raw_query);
  creq = g_string_new (NULL);
  g_string_append_printf (creq, "%s\n%s\n%s\n", method, canonical_uri, canonical_query);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (headers, names[i]);
      g_autofree char *clean = collapse_spaces (value ? value : "");
      g_string_append_printf (creq, "%s:%s\n", names[i], clean);
    }
  g_string_append_printf (creq, "\n%s\n%s", signed_headers,
                          content_sha != NULL ? content_sha : body_hash);
  creq_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, creq->str, (gssize) creq->len);
  g_string_free (creq, TRUE);

  scope_text = g_strdup_printf ("%s/%s/%s/aws4_request", scope[1], region, service);
  string_to_sign = g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope_text,
                                    creq_hash);
  expected = sb_sigv4_signature (secret_key, scope[1], region, service, string_to_sign);
  if (g_ascii_strcasecmp (expected, signature) != 0)
    {
      *message = g_strdup (signature_mismatch);
      return FALSE;
    }
  return TRUE;
}
