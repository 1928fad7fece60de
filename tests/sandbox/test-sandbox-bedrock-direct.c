/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bedrock called directly (README.md, "Bedrock called directly"): ListFoundationModels,
 * ListInferenceProfiles and InvokeModel under /_aws/…, signed here with SigV4 independently of
 * both the app's signer and the sandbox's verifier. */
#include "sandbox-test-common.h"

#define NO_LIST_MODELS_KEY "SANDBOXNOLISTMODELS01"
#define NO_INVOKE_KEY "SANDBOXNOINVOKE00001"
#define EXPIRED_TOKEN "sandboxTestSessionTokenEXPIRED01234"
#define WRONG_SECRET "sandboxTestSecretKeyForTestsWRONGWRONGWR"

static char *
hmac_hex (const guchar *key,
          gsize         key_len,
          const char   *data,
          guint8        raw[32])
{
  g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  GString *hex = g_string_new (NULL);
  gsize len = 32;

  g_hmac_update (h, (const guchar *) data, -1);
  g_hmac_get_digest (h, raw, &len);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", raw[i]);
  return g_string_free (hex, FALSE);
}

typedef struct
{
  const char *access_key;
  const char *secret_key;
  const char *token;         /* NULL: none */
  const char *region;
  const char *scope_service; /* what the credential scope says, normally "bedrock" */
} Signer;

/* Sends method base+"_aws/"+service+path?query, signed for https://<service>.<region>.amazonaws.com
 * with path (as on the wire) and query (already in canonical order and encoding). */
static SbtReply *
aws_request (const char   *base,
             const Signer *s,
             const char   *service,
             const char   *method,
             const char   *path,
             const char   *query,
             const char   *body,
             char        **error_type)
{
  g_autofree char *url = g_strdup_printf ("%s_aws/%s%s%s%s", base, service, path,
                                          query ? "?" : "", query ? query : "");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *amz_date = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  g_autofree char *host = g_strdup_printf ("%s.%s.amazonaws.com", service, s->region);
  g_autofree char *body_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                              body ? body : "", -1);
  g_autofree char *canonical_path = NULL;
  g_autofree char *creq = NULL;
  g_autofree char *creq_hash = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *k0 = g_strconcat ("AWS4", s->secret_key, NULL);
  guint8 k1[32], k2[32], k3[32], k4[32], raw[32];
  g_autofree char *h1 = NULL, *h2 = NULL, *h3 = NULL, *h4 = NULL, *signature = NULL;
  g_autofree char *auth = NULL;
  const char *signed_names = s->token ? "host;x-amz-date;x-amz-security-token"
                                      : "host;x-amz-date";
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SbtReply *reply;
  GString *cp = g_string_new (NULL);

  /* Canonical path: each segment of the wire path encoded once more ('%' -> %25). */
  for (const char *p = path; *p != '\0'; p++)
    if (*p == '%')
      g_string_append (cp, "%25");
    else
      g_string_append_c (cp, *p);
  canonical_path = g_string_free (cp, FALSE);

  if (s->token != NULL)
    creq = g_strdup_printf ("%s\n%s\n%s\nhost:%s\nx-amz-date:%s\nx-amz-security-token:%s\n\n%s\n%s",
                            method, canonical_path, query ? query : "", host, amz_date, s->token,
                            signed_names, body_hash);
  else
    creq = g_strdup_printf ("%s\n%s\n%s\nhost:%s\nx-amz-date:%s\n\n%s\n%s", method,
                            canonical_path, query ? query : "", host, amz_date, signed_names,
                            body_hash);
  creq_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, creq, -1);
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", day, s->region, s->scope_service);
  sts = g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, creq_hash);
  h1 = hmac_hex ((const guchar *) k0, strlen (k0), day, k1);
  h2 = hmac_hex (k1, 32, s->region, k2);
  h3 = hmac_hex (k2, 32, s->scope_service, k3);
  h4 = hmac_hex (k3, 32, "aws4_request", k4);
  signature = hmac_hex (k4, 32, sts, raw);
  auth = g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          s->access_key, scope, signed_names, signature);

  g_assert_nonnull (msg);
  soup_message_headers_replace (headers, "X-Amz-Date", amz_date);
  if (s->token != NULL)
    soup_message_headers_replace (headers, "X-Amz-Security-Token", s->token);
  soup_message_headers_replace (headers, "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply = g_new0 (SbtReply, 1);
  reply->status = soup_message_get_status (msg);
  reply->text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (g_bytes_get_size (bytes) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, reply->text, -1, NULL))
        reply->json = json_parser_steal_root (parser);
    }
  if (error_type != NULL)
    *error_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                          "x-amzn-ErrorType"));
  return reply;
}

static const Signer good = { SBT_ACCESS_KEY, SBT_SECRET_KEY, NULL, "us-east-1", "bedrock" };

static JsonArray *
member_array (SbtReply   *reply,
              const char *name)
{
  g_assert_nonnull (reply->json);
  return json_object_get_array_member (json_node_get_object (reply->json), name);
}

static JsonObject *
find_summary (JsonArray  *summaries,
              const char *id)
{
  for (guint i = 0; i < json_array_get_length (summaries); i++)
    {
      JsonObject *o = json_array_get_object_element (summaries, i);

      if (g_str_equal (json_object_get_string_member (o, "modelId"), id))
        return o;
    }
  g_error ("%s not listed", id);
  return NULL;
}

static void
test_list_models (void)
{
  g_autoptr(SbtProcess) p = sbt_process_start ("", (const char *[]) { "--no-tls", NULL });
  g_autoptr(SbtReply) all = aws_request (p->url, &good, "bedrock", "GET", "/foundation-models",
                                         "byProvider=Anthropic", NULL, NULL);
  g_autoptr(SbtReply) meta = aws_request (p->url, &good, "bedrock", "GET", "/foundation-models",
                                          "byProvider=Meta", NULL, NULL);
  JsonArray *summaries;
  JsonObject *o;

  g_assert_cmpuint (all->status, ==, 200);
  summaries = member_array (all, "modelSummaries");
  g_assert_cmpuint (json_array_get_length (summaries), ==, 20);

  o = find_summary (summaries, "anthropic.claude-opus-4-7");
  g_assert_cmpstr (json_object_get_string_member (o, "modelArn"), ==,
                   "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-7");
  g_assert_cmpstr (json_object_get_string_member (o, "providerName"), ==, "Anthropic");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o,
                   "modelLifecycle"), "status"), ==, "ACTIVE");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o,
                   "inferenceTypesSupported"), 0), ==, "INFERENCE_PROFILE");

  o = find_summary (summaries, "anthropic.claude-3-7-sonnet-20250219-v1:0");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o,
                   "modelLifecycle"), "status"), ==, "LEGACY");
  find_summary (summaries, "anthropic.claude-opus-6");

  g_assert_cmpuint (meta->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (member_array (meta, "modelSummaries")), ==, 0);
}

/* Every profile of a region, following nextToken; the number of pages in *pages. */
static GPtrArray *
all_profiles (const char *base,
              const char *region,
              guint      *pages)
{
  Signer s = good;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *token = NULL;

  s.region = region;
  *pages = 0;
  do
    {
      g_autofree char *query = NULL;
      g_autoptr(SbtReply) r = NULL;
      JsonArray *summaries;
      JsonObject *root;

      if (token != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);

          query = g_strconcat ("nextToken=", escaped, "&type=SYSTEM_DEFINED", NULL);
        }
      else
        query = g_strdup ("type=SYSTEM_DEFINED");
      r = aws_request (base, &s, "bedrock", "GET", "/inference-profiles", query, NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
      (*pages)++;
      summaries = member_array (r, "inferenceProfileSummaries");
      g_assert_cmpuint (json_array_get_length (summaries), <=, 10);
      for (guint i = 0; i < json_array_get_length (summaries); i++)
        {
          JsonObject *o = json_array_get_object_element (summaries, i);
          JsonArray *models = json_object_get_array_member (o, "models");
          const char *id = json_object_get_string_member (o, "inferenceProfileId");

          g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "ACTIVE");
          g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "SYSTEM_DEFINED");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (o,
                                           "inferenceProfileArn"), "arn:aws:bedrock:"));
          g_assert_cmpuint (json_array_get_length (models), >=, 1);
          g_assert_true (g_str_has_suffix (json_object_get_string_member (
            json_array_get_object_element (models, 0), "modelArn"), strchr (id, '.') + 1));
          g_ptr_array_add (ids, g_strdup (id));
        }
      root = json_node_get_object (r->json);
      g_clear_pointer (&token, g_free);
      if (json_object_has_member (root, "nextToken"))
        token = g_strdup (json_object_get_string_member (root, "nextToken"));
    }
  while (token != NULL);
  return ids;
}

static gboolean
has_id (GPtrArray  *ids,
        const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static void
test_list_profiles (void)
{
  g_autoptr(SbtProcess) p = sbt_process_start ("", (const char *[]) { "--no-tls", NULL });
  g_autoptr(GPtrArray) us = NULL;
  g_autoptr(GPtrArray) ca = NULL;
  g_autoptr(SbtReply) bad_max = NULL;
  g_autoptr(SbtReply) bad_token = NULL;
  g_autoptr(SbtReply) application = NULL;
  guint pages = 0;

  us = all_profiles (p->url, "us-east-1", &pages);
  g_assert_cmpuint (pages, >, 1);
  g_assert_true (has_id (us, "us.anthropic.claude-opus-4-7"));
  g_assert_true (has_id (us, "global.anthropic.claude-opus-4-7"));
  g_assert_true (has_id (us, "us.anthropic.claude-sonnet-4-5-20250929-v1:0"));
  g_assert_false (has_id (us, "global.anthropic.claude-sonnet-4-5-20250929-v1:0"));
  g_assert_false (has_id (us, "eu.anthropic.claude-opus-4-7"));
  g_assert_true (has_id (us, "us.anthropic.claude-opus-6"));

  /* ca-central-1: no geography serves it, so only the global profiles. */
  ca = all_profiles (p->url, "ca-central-1", &pages);
  g_assert_cmpuint (ca->len, ==, 12);
  for (guint i = 0; i < ca->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (ca, i), "global."));
  g_assert_false (has_id (ca, "global.anthropic.claude-sonnet-4-5-20250929-v1:0"));

  bad_max = aws_request (p->url, &good, "bedrock", "GET", "/inference-profiles",
                         "maxResults=0", NULL, NULL);
  g_assert_cmpuint (bad_max->status, ==, 400);
  bad_token = aws_request (p->url, &good, "bedrock", "GET", "/inference-profiles",
                           "nextToken=bm9wZQ%3D%3D", NULL, NULL);
  g_assert_cmpuint (bad_token->status, ==, 400);
  application = aws_request (p->url, &good, "bedrock", "GET", "/inference-profiles",
                             "type=APPLICATION", NULL, NULL);
  g_assert_cmpuint (application->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (member_array (application,
                                                         "inferenceProfileSummaries")), ==, 0);
}

static void
assert_refused (const char   *base,
                const Signer *s,
                guint         status,
                const char   *type,
                const char   *text)
{
  g_autofree char *error_type = NULL;
  g_autoptr(SbtReply) r = aws_request (base, s, "bedrock", "GET", "/foundation-models",
                                       "byProvider=Anthropic", NULL, &error_type);

  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpstr (error_type, ==, type);
  g_assert_nonnull (r->json);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (r->json),
                                                           "message"), text));
}

static void
test_refusals (void)
{
  g_autoptr(SbtProcess) p = sbt_process_start ("", (const char *[]) { "--no-tls", NULL });
  g_autoptr(SbtClient) c = sbt_client_new (p->url, NULL);
  g_autoptr(SbtReply) unsigned_reply = sbt_request (c, "GET", "/_aws/bedrock/foundation-models",
                                                    NULL);
  g_autoptr(SbtReply) session = NULL;
  Signer s;

  g_assert_cmpuint (unsigned_reply->status, ==, 403);
  g_assert_nonnull (strstr (unsigned_reply->text, "Missing Authentication Token"));

  s = good;
  s.secret_key = WRONG_SECRET;
  assert_refused (p->url, &s, 403, "InvalidSignatureException",
                  "The request signature we calculated does not match");
  s = good;
  s.access_key = "EXAMPLEUNKNOWNKEY01";
  assert_refused (p->url, &s, 403, "UnrecognizedClientException",
                  "The security token included in the request is invalid.");
  s = good;
  s.token = EXPIRED_TOKEN;
  assert_refused (p->url, &s, 403, "ExpiredTokenException",
                  "The security token included in the request is expired");
  s = good;
  s.scope_service = "es";
  assert_refused (p->url, &s, 403, "InvalidSignatureException",
                  "Credential should be scoped to correct service: 'bedrock'.");
  s = good;
  s.access_key = NO_LIST_MODELS_KEY;
  assert_refused (p->url, &s, 403, "AccessDeniedException",
                  "is not authorized to perform: bedrock:ListFoundationModels");
  s = good;
  s.token = SBT_SESSION_TOKEN;
  session = aws_request (p->url, &s, "bedrock", "GET", "/foundation-models",
                         "byProvider=Anthropic", NULL, NULL);
  g_assert_cmpuint (session->status, ==, 200);
}

#define INVOKE_BODY \
  "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10," \
  "\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}]}"
#define SONNET_45_WIRE "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke"

static void
test_invoke (void)
{
  g_autoptr(SbtProcess) p = sbt_process_start ("", (const char *[]) { "--no-tls", NULL });
  g_autofree char *type = NULL;
  g_autofree char *denied_type = NULL;
  g_autofree char *elsewhere_type = NULL;
  g_autoptr(SbtReply) ok = NULL;
  g_autoptr(SbtReply) denied = NULL;
  g_autoptr(SbtReply) elsewhere = NULL;
  JsonObject *usage;
  Signer s;

  ok = aws_request (p->url, &good, "bedrock-runtime", "POST", SONNET_45_WIRE, NULL, INVOKE_BODY,
                    &type);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_null (type);
  usage = json_object_get_object_member (json_node_get_object (ok->json), "usage");
  g_assert_cmpint (json_object_get_int_member (usage, "input_tokens"), >, 0);
  g_assert_cmpint (json_object_get_int_member (usage, "output_tokens"), <=, 10);

  s = good;
  s.access_key = NO_INVOKE_KEY;
  denied = aws_request (p->url, &s, "bedrock-runtime", "POST", SONNET_45_WIRE, NULL, INVOKE_BODY,
                        &denied_type);
  g_assert_cmpuint (denied->status, ==, 403);
  g_assert_cmpstr (denied_type, ==, "AccessDeniedException");
  g_assert_nonnull (strstr (denied->text, "bedrock:InvokeModel on resource: "
                            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                            "us.anthropic.claude-sonnet-4-5-20250929-v1:0"));

  s = good;
  s.region = "ca-central-1";
  elsewhere = aws_request (p->url, &s, "bedrock-runtime", "POST", SONNET_45_WIRE, NULL,
                           INVOKE_BODY, &elsewhere_type);
  g_assert_cmpuint (elsewhere->status, ==, 400);
  g_assert_cmpstr (elsewhere_type, ==, "ValidationException");
  g_assert_nonnull (strstr (elsewhere->text, "The provided model identifier is invalid."));
}

static void
test_cluster_auth_apart (void)
{
  g_autoptr(SbtProcess) p = sbt_process_start (
    "", (const char *[]) { "--no-tls", "--user", "admin", "--password", "sandbox-pw", NULL });
  g_autoptr(SbtClient) c = sbt_client_new (p->url, NULL);
  g_autoptr(SbtReply) cluster = sbt_request (c, "GET", "/", NULL);
  g_autoptr(SbtReply) bedrock = aws_request (p->url, &good, "bedrock", "GET",
                                             "/foundation-models", "byProvider=Anthropic", NULL,
                                             NULL);

  g_assert_cmpuint (cluster->status, ==, 401);
  g_assert_cmpuint (bedrock->status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  SBT_TEST_INIT (&argc, &argv);

  g_test_add_func ("/sandbox/bedrock-direct/list-models", test_list_models);
  g_test_add_func ("/sandbox/bedrock-direct/list-profiles", test_list_profiles);
  g_test_add_func ("/sandbox/bedrock-direct/refusals", test_refusals);
  g_test_add_func ("/sandbox/bedrock-direct/invoke", test_invoke);
  g_test_add_func ("/sandbox/bedrock-direct/cluster-auth-apart", test_cluster_auth_apart);

  return g_test_run ();
}
