/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's own SigV4 verifier (src/sandbox/sb-sigv4.c) against the AWS signing test suite in
 * tests/data/sigv4/ (header signing, normalized paths) and a few cases of its own. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-sigv4.h"

#define SUITE_TIME 1440938160   /* 2015-08-30T12:36:00Z */

static char *
data_path (const char *a,
           const char *b)
{
  const char *dir = g_getenv ("CS_TEST_DATA_DIR");

  return g_build_filename (dir ? dir : CS_TEST_DATA_DIR, "sigv4", a, b, NULL);
}

typedef struct
{
  char       *method;
  char       *path;
  char       *query;
  GHashTable *headers;
  GBytes     *body;
} Request;

static void
request_clear (Request *r)
{
  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_clear_pointer (&r->headers, g_hash_table_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
}

/* Parses a signed request of the suite: "METHOD path[?query] HTTP/1.1", Name:value headers
 * (continuation lines unfolded with one space, as an HTTP parser does), a blank line, the body. */
static void
parse_request (const char *text,
               Request    *r)
{
  const char *end_of_head = strstr (text, "\n\n");
  g_autofree char *head = g_strndup (text, (gsize) (end_of_head - text));
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  g_autofree char *target = NULL;
  char *q;
  char *last = NULL;
  const char *body = end_of_head + 2;
  gsize body_len = strlen (body);

  g_assert_true (g_str_has_suffix (lines[0], " HTTP/1.1"));
  target = g_strndup (lines[0], strlen (lines[0]) - strlen (" HTTP/1.1"));
  q = strchr (target, ' ');
  r->method = g_strndup (target, (gsize) (q - target));
  r->path = g_strdup (q + 1);
  q = strchr (r->path, '?');
  if (q != NULL)
    {
      r->query = g_strdup (q + 1);
      *q = '\0';
    }
  r->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == ' ' || lines[i][0] == '\t')
        {
          g_autofree char *more = g_strstrip (g_strdup (lines[i]));
          const char *old = g_hash_table_lookup (r->headers, last);
          g_hash_table_replace (r->headers, g_strdup (last), g_strconcat (old, " ", more, NULL));
          continue;
        }
      {
        char *colon = strchr (lines[i], ':');
        char *name = g_ascii_strdown (lines[i], colon - lines[i]);
        const char *old = g_hash_table_lookup (r->headers, name);
        char *value = old ? g_strconcat (old, ",", colon + 1, NULL) : g_strdup (colon + 1);

        g_free (last);
        last = g_strdup (name);
        g_hash_table_replace (r->headers, name, value);
      }
    }
  g_free (last);
  /* The signed-request files end with a newline that is not part of the body. */
  if (body_len > 0 && body[body_len - 1] == '\n')
    body_len--;
  r->body = g_bytes_new (body, body_len);
}

static char *
read_case_file (const char *name,
                const char *file)
{
  g_autofree char *path = data_path (name, file);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_suite (void)
{
  g_autofree char *dir_path = data_path (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint checked = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *case_dir = data_path (name, NULL);
      g_autofree char *context_text = NULL;
      g_autofree char *signed_text = NULL;
      g_autofree char *creq = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *context, *creds;
      g_auto(GStrv) creq_lines = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *query = NULL;
      g_autofree char *message = NULL;
      Request r = { 0 };
      gboolean ok;

      if (!g_file_test (case_dir, G_FILE_TEST_IS_DIR))
        continue;
      context_text = read_case_file (name, "context.json");
      json_parser_load_from_data (parser, context_text, -1, &error);
      g_assert_no_error (error);
      context = json_node_get_object (json_parser_get_root (parser));
      /* An OpenSearch domain always normalizes paths; the S3-style cases do not apply. */
      if (!json_object_get_boolean_member (context, "normalize"))
        continue;
      creds = json_object_get_object_member (context, "credentials");

      signed_text = read_case_file (name, "header-signed-request.txt");
      creq = read_case_file (name, "header-canonical-request.txt");
      parse_request (signed_text, &r);
      creq_lines = g_strsplit (creq, "\n", -1);

      uri = sb_sigv4_canonical_uri (r.path);
      query = sb_sigv4_canonical_query (r.query);
      g_test_message ("%s: %s", name, uri);
      g_assert_cmpstr (uri, ==, creq_lines[1]);
      g_assert_cmpstr (query, ==, creq_lines[2]);

      ok = sb_sigv4_verify (r.method, r.path, r.query, r.headers, r.body,
                            json_object_get_string_member (creds, "access_key_id"),
                            json_object_get_string_member (creds, "secret_access_key"),
                            json_object_get_string_member (context, "region"),
                            json_object_get_string_member (context, "service"),
                            SUITE_TIME, &message);
      if (!ok)
        g_test_message ("%s: %s", name, message);
      g_assert_true (ok);
      g_clear_pointer (&message, g_free);

      /* The same request with another secret, or ten minutes later, is refused. */
      g_assert_false (sb_sigv4_verify (r.method, r.path, r.query, r.headers, r.body,
                                       json_object_get_string_member (creds, "access_key_id"),
                                       "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ",
                                       json_object_get_string_member (context, "region"),
                                       json_object_get_string_member (context, "service"),
                                       SUITE_TIME, &message));
      g_assert_cmpstr (message, ==,
                       "The request signature we calculated does not match the signature you "
                       "provided. Check your AWS Secret Access Key and signing method. Consult "
                       "the service documentation for details.");
      g_clear_pointer (&message, g_free);
      g_assert_false (sb_sigv4_verify (r.method, r.path, r.query, r.headers, r.body,
                                       json_object_get_string_member (creds, "access_key_id"),
                                       json_object_get_string_member (creds, "secret_access_key"),
                                       json_object_get_string_member (context, "region"),
                                       json_object_get_string_member (context, "service"),
                                       SUITE_TIME + 600, &message));
      g_assert_true (g_str_has_prefix (message, "Signature expired: 20150830T123600Z"));
      g_clear_pointer (&message, g_free);
      g_assert_false (sb_sigv4_verify (r.method, r.path, r.query, r.headers, r.body,
                                       json_object_get_string_member (creds, "access_key_id"),
                                       json_object_get_string_member (creds, "secret_access_key"),
                                       json_object_get_string_member (context, "region"), "es",
                                       SUITE_TIME, &message));
      g_assert_cmpstr (message, ==, "Credential should be scoped to correct service: 'es'. ");
      g_clear_pointer (&message, g_free);

      request_clear (&r);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 25);
}

static void
test_encoded_paths (void)
{
  struct { const char *wire; const char *canonical; } cases[] = {
    { "/", "/" },
    { "", "/" },
    { "/_plugins/_ml/models/abc_-9/_predict", "/_plugins/_ml/models/abc_-9/_predict" },
    /* What is on the wire is encoded once already; the canonical form encodes it again. */
    { "/_plugins/_ml/connectors/a%2Fb", "/_plugins/_ml/connectors/a%252Fb" },
    { "/a//b/./c/../d/", "/a/b/d/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = sb_sigv4_canonical_uri (cases[i].wire);
      g_assert_cmpstr (uri, ==, cases[i].canonical);
    }
  {
    g_autofree char *q = sb_sigv4_canonical_query ("include_defaults=true&flat_settings=true&a=%20b");
    g_assert_cmpstr (q, ==, "a=%20b&flat_settings=true&include_defaults=true");
  }
}

static void
test_refusals (void)
{
  g_autoptr(GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *message = NULL;

  g_assert_false (sb_sigv4_verify ("GET", "/", NULL, headers, NULL, "SANDBOXKEY", "secret",
                                   "us-east-1", "es", SUITE_TIME, &message));
  g_assert_true (g_str_has_prefix (message, "Authorization header requires 'Credential'"));
  g_clear_pointer (&message, g_free);

  g_hash_table_insert (headers, (gpointer) "authorization",
                       (gpointer) "AWS4-HMAC-SHA256 Credential=OTHERKEY/20150830/us-east-1/es/"
                       "aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
  g_hash_table_insert (headers, (gpointer) "x-amz-date", (gpointer) "20150830T123600Z");
  g_hash_table_insert (headers, (gpointer) "host", (gpointer) "127.0.0.1:9200");
  g_assert_false (sb_sigv4_verify ("GET", "/", NULL, headers, NULL, "SANDBOXKEY", "secret",
                                   "us-east-1", "es", SUITE_TIME, &message));
  g_assert_cmpstr (message, ==, "The security token included in the request is invalid.");
  g_clear_pointer (&message, g_free);

  g_hash_table_insert (headers, (gpointer) "authorization",
                       (gpointer) "AWS4-HMAC-SHA256 Credential=SANDBOXKEY/20150830/eu-west-1/es/"
                       "aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
  g_assert_false (sb_sigv4_verify ("GET", "/", NULL, headers, NULL, "SANDBOXKEY", "secret",
                                   "us-east-1", "es", SUITE_TIME, &message));
  g_assert_cmpstr (message, ==, "Credential should be scoped to a valid region. ");
  g_clear_pointer (&message, g_free);

  g_hash_table_insert (headers, (gpointer) "authorization",
                       (gpointer) "AWS4-HMAC-SHA256 Credential=SANDBOXKEY/20150830/us-east-1/es/"
                       "aws4_request, SignedHeaders=x-amz-date, Signature=00");
  g_assert_false (sb_sigv4_verify ("GET", "/", NULL, headers, NULL, "SANDBOXKEY", "secret",
                                   "us-east-1", "es", SUITE_TIME, &message));
  g_assert_cmpstr (message, ==,
                   "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/sigv4/suite", test_suite);
  g_test_add_func ("/sandbox/sigv4/encoded-paths", test_encoded_paths);
  g_test_add_func ("/sandbox/sigv4/refusals", test_refusals);

  return g_test_run ();
}
