/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-sigv4.h"
#include "cs-test-utils.h"

/*
 * The AWS SigV4 test-suite vectors in tests/data/sigv4/ (see its README),
 * with the header-signing expectations (header-*.txt).
 *
 * Cases that apply to a header signer with normalized paths, all run here:
 * the 26 plain ones, the two that sign a session token, and the two that
 * add and sign x-amz-content-sha256 (sign_body: true).
 *
 * Cases that do not apply, and why (test_every_case_listed checks that
 * every folder is in one list or the other, so none is skipped silently):
 *  - the seven *-unnormalized cases: S3-style path handling (normalize:
 *    false); OpenSearch signing always normalizes;
 *  - post-sts-header-after: a nonstandard mode that adds the session token
 *    after signing, without signing it.
 */
static const char *const applicable[] = {
  "get-header-key-duplicate",
  "get-header-value-multiline",
  "get-header-value-order",
  "get-header-value-trim",
  "get-relative-normalized",
  "get-relative-relative-normalized",
  "get-slash-dot-slash-normalized",
  "get-slash-normalized",
  "get-slash-pointless-dot-normalized",
  "get-slashes-normalized",
  "get-space-normalized",
  "get-unreserved",
  "get-utf8",
  "get-vanilla",
  "get-vanilla-empty-query-key",
  "get-vanilla-query",
  "get-vanilla-query-order-encoded",
  "get-vanilla-query-order-key-case",
  "get-vanilla-query-unreserved",
  "get-vanilla-utf8-query",
  "get-vanilla-with-session-token",
  "post-header-key-case",
  "post-header-key-sort",
  "post-header-value-case",
  "post-sts-header-before",
  "post-vanilla",
  "post-vanilla-empty-query-value",
  "post-vanilla-query",
  "post-x-www-form-urlencoded",
  "post-x-www-form-urlencoded-parameters",
};

static const char *const not_applicable[] = {
  "get-relative-relative-unnormalized",
  "get-relative-unnormalized",
  "get-slash-dot-slash-unnormalized",
  "get-slash-pointless-dot-unnormalized",
  "get-slash-unnormalized",
  "get-slashes-unnormalized",
  "get-space-unnormalized",
  "post-sts-header-after",
};

typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *names;
  GPtrArray *values;
  GBytes    *body;
} ParsedRequest;

static void
parsed_request_free (ParsedRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_ptr_array_unref (request->names);
  g_ptr_array_unref (request->values);
  g_bytes_unref (request->body);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedRequest, parsed_request_free)

static char *
case_file (const char *name,
           const char *file)
{
  g_autofree char *relative = g_build_filename ("sigv4", name, file, NULL);

  return cs_test_data_contents (relative, NULL);
}

/* request.txt: "METHOD target HTTP/1.1", "Name:value" headers (a line that
 * starts with whitespace continues the previous value), a blank line, body. */
static ParsedRequest *
parse_request (const char *text)
{
  ParsedRequest *request = g_new0 (ParsedRequest, 1);
  const char *body_start = strstr (text, "\n\n");
  g_autofree char *head = body_start != NULL ? g_strndup (text, (gsize) (body_start - text))
                                             : g_strdup (text);
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  g_autofree char *target = NULL;
  const char *space;
  char *question;

  request->names = g_ptr_array_new_with_free_func (g_free);
  request->values = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_str_has_suffix (lines[0], " HTTP/1.1"));
  space = strchr (lines[0], ' ');
  g_assert_nonnull (space);
  request->method = g_strndup (lines[0], (gsize) (space - lines[0]));
  target = g_strndup (space + 1, strlen (space + 1) - strlen (" HTTP/1.1"));
  question = strchr (target, '?');
  if (question != NULL)
    {
      request->query = g_strdup (question + 1);
      *question = '\0';
    }
  request->path = g_strdup (target);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *colon;

      if (*line == '\0')
        continue;
      if (g_ascii_isspace (*line))
        {
          char **last = (char **) &request->values->pdata[request->values->len - 1];
          char *joined = g_strconcat (*last, "\n", line, NULL);

          g_assert_cmpuint (request->values->len, >, 0);
          g_free (*last);
          *last = joined;
          continue;
        }
      colon = strchr (line, ':');
      g_assert_nonnull (colon);
      g_ptr_array_add (request->names, g_strndup (line, (gsize) (colon - line)));
      g_ptr_array_add (request->values, g_strdup (colon + 1));
    }

  if (body_start != NULL)
    request->body = g_bytes_new (body_start + 2, strlen (body_start + 2));
  else
    request->body = g_bytes_new (NULL, 0);
  return request;
}

static char *
authorization_line (const char *signed_request)
{
  g_auto(GStrv) lines = g_strsplit (signed_request, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Authorization:"))
      return g_strdup (lines[i] + strlen ("Authorization:"));
  return NULL;
}

static void
test_case (gconstpointer data)
{
  const char *name = data;
  g_autofree char *context_text = case_file (name, "context.json");
  g_autofree char *request_text = case_file (name, "request.txt");
  g_autofree char *expected_canonical = case_file (name, "header-canonical-request.txt");
  g_autofree char *expected_sts = case_file (name, "header-string-to-sign.txt");
  g_autofree char *expected_signature = case_file (name, "header-signature.txt");
  g_autofree char *signed_request = case_file (name, "header-signed-request.txt");
  g_autofree char *expected_authorization = authorization_line (signed_request);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ParsedRequest) request = NULL;
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (CsSigV4Header));
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(CsSigV4Result) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *context;
  JsonObject *credentials_object;
  CsSigV4Credentials credentials;
  gsize body_length = 0;
  const guint8 *body_data;

  json_parser_load_from_data (parser, context_text, -1, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  credentials_object = json_object_get_object_member (context, "credentials");

  /* Only cases this signer applies to are listed above. */
  g_assert_true (json_object_get_boolean_member (context, "normalize"));
  g_assert_false (json_object_get_boolean_member_with_default (context, "omit_session_token",
                                                               FALSE));

  credentials.access_key_id = json_object_get_string_member (credentials_object, "access_key_id");
  credentials.secret_access_key = json_object_get_string_member (credentials_object,
                                                                 "secret_access_key");
  credentials.session_token = json_object_get_string_member_with_default (credentials_object,
                                                                          "token", NULL);
  credentials.region = json_object_get_string_member (context, "region");
  credentials.service = json_object_get_string_member (context, "service");

  time = g_date_time_new_from_iso8601 (json_object_get_string_member (context, "timestamp"), NULL);
  g_assert_nonnull (time);

  request = parse_request (request_text);
  for (guint i = 0; i < request->names->len; i++)
    {
      CsSigV4Header header = { request->names->pdata[i], request->values->pdata[i] };
      g_array_append_val (headers, header);
    }

  body_data = g_bytes_get_data (request->body, &body_length);
  result = cs_sigv4_sign (&credentials, time, request->method, request->path, request->query,
                          (const CsSigV4Header *) (gconstpointer) headers->data, headers->len,
                          body_data, body_length,
                          json_object_get_boolean_member (context, "sign_body"));

  g_assert_cmpstr (result->amz_date, ==, "20150830T123600Z");
  g_assert_cmpstr (result->canonical_request, ==, expected_canonical);
  g_assert_cmpstr (result->string_to_sign, ==, expected_sts);
  g_assert_cmpstr (result->signature, ==, expected_signature);
  g_assert_nonnull (expected_authorization);
  g_assert_cmpstr (result->authorization, ==, expected_authorization);
}

static gboolean
listed (const char         *name,
        const char * const *list,
        gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_every_case_listed (void)
{
  g_autofree char *path = cs_test_data_path ("sigv4");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  const char *name;
  guint n_cases = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = g_build_filename (path, name, NULL);

      if (!g_file_test (full, G_FILE_TEST_IS_DIR))
        continue;
      n_cases++;
      if (!listed (name, applicable, G_N_ELEMENTS (applicable)) &&
          !listed (name, not_applicable, G_N_ELEMENTS (not_applicable)))
        g_error ("SigV4 case %s is neither run nor listed as not applicable", name);
    }
  g_assert_cmpuint (n_cases, ==, G_N_ELEMENTS (applicable) + G_N_ELEMENTS (not_applicable));
}

/* Not in the suite: a path already percent-encoded on the wire is encoded
 * once more (AWS's double encoding for every service but S3). */
static void
test_double_encoding (void)
{
  g_autofree char *path = cs_sigv4_canonical_path ("/my-index/_doc/a%2Fb");
  g_autofree char *space = cs_sigv4_canonical_path ("/my%20index/");
  g_autofree char *query = cs_sigv4_canonical_query ("q=a%20b&format=json&flag");

  g_assert_cmpstr (path, ==, "/my-index/_doc/a%252Fb");
  g_assert_cmpstr (space, ==, "/my%2520index/");
  /* Query values are decoded, then encoded once, then sorted. */
  g_assert_cmpstr (query, ==, "flag=&format=json&q=a%20b");
}

/* Not in the suite: service "es" and the payload hash header. */
static void
test_es_scope_and_payload (void)
{
  static const char body[] = "{\"query\":{\"match_all\":{}}}";
  CsSigV4Credentials credentials = {
    "TESTACCESSKEYID", "test-secret-not-real", "test-session-token", "eu-west-3", "es"
  };
  CsSigV4Header headers[] = {
    { "host", "search-demo.eu-west-3.es.amazonaws.com" },
    { "content-type", "application/json" },
  };
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(CsSigV4Result) result = NULL;
  g_autofree char *hash = cs_sigv4_hash_hex ((const guint8 *) body, strlen (body));

  result = cs_sigv4_sign (&credentials, time, "POST", "/_plugins/_ml/connectors/_search", NULL,
                          headers, G_N_ELEMENTS (headers), (const guint8 *) body, strlen (body),
                          TRUE);

  g_assert_cmpstr (result->amz_date, ==, "20260102T030405Z");
  g_assert_cmpstr (result->payload_hash, ==, hash);
  g_assert_true (g_str_has_suffix (result->canonical_request, hash));
  g_assert_nonnull (strstr (result->canonical_request, "x-amz-content-sha256:"));
  g_assert_nonnull (strstr (result->canonical_request, "x-amz-security-token:test-session-token\n"));
  g_assert_nonnull (strstr (result->string_to_sign, "\n20260102/eu-west-3/es/aws4_request\n"));
  g_assert_true (g_str_has_prefix (result->authorization,
                                   "AWS4-HMAC-SHA256 Credential=TESTACCESSKEYID/20260102/"
                                   "eu-west-3/es/aws4_request, SignedHeaders=content-type;host;"
                                   "x-amz-content-sha256;x-amz-date;x-amz-security-token, "
                                   "Signature="));
  g_assert_cmpuint (strlen (result->signature), ==, 64);

  /* Another secret gives another signature. */
  {
    CsSigV4Credentials other = credentials;
    g_autoptr(CsSigV4Result) second = NULL;

    other.secret_access_key = "another-test-secret";
    second = cs_sigv4_sign (&other, time, "POST", "/_plugins/_ml/connectors/_search", NULL,
                            headers, G_N_ELEMENTS (headers), (const guint8 *) body, strlen (body),
                            TRUE);
    g_assert_cmpstr (second->canonical_request, ==, result->canonical_request);
    g_assert_cmpstr (second->signature, !=, result->signature);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (applicable); i++)
    {
      g_autofree char *path = g_strconcat ("/sigv4/vector/", applicable[i], NULL);
      g_test_add_data_func (path, applicable[i], test_case);
    }
  g_test_add_func ("/sigv4/every-case-listed", test_every_case_listed);
  g_test_add_func ("/sigv4/double-encoding", test_double_encoding);
  g_test_add_func ("/sigv4/es-scope-and-payload", test_es_scope_and_payload);

  return g_test_run ();
}
