/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "cs-error.h"

/* Maps a literal answer and returns the error (which must be set). */
static GError *
map (guint       status,
     const char *content_type,
     const char *body)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  GError *error = NULL;

  g_assert_false (cs_error_from_response (status, content_type, bytes, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == CS_ERROR);
  g_assert_cmpuint (cs_error_get_status (error), ==, status);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  return error;
}

static void
test_success (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_error_from_response (200, "application/json", body, &error));
  g_assert_no_error (error);
  g_assert_true (cs_error_from_response (201, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_success_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) html = NULL;
  g_autoptr(JsonNode) text = NULL;
  g_autoptr(GBytes) json = g_bytes_new_static ("{\"a\":1}", 7);
  g_autoptr(GBytes) page = g_bytes_new_static ("<!DOCTYPE html><html></html>", 28);
  g_autoptr(GBytes) plain = g_bytes_new_static ("OK then", 7);

  empty = cs_error_parse_success_body (200, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_NULL (empty));

  doc = cs_error_parse_success_body (200, "application/json", json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (doc), "a"), ==, 1);

  html = cs_error_parse_success_body (200, "text/html", page, &error);
  g_assert_null (html);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "proxy"));
  g_clear_error (&error);

  text = cs_error_parse_success_body (200, "text/plain", plain, &error);
  g_assert_null (text);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

static void
test_rejected_keeps_reason (void)
{
  const char *body =
    "{\"error\":{\"root_cause\":[{\"type\":\"illegal_argument_exception\","
    "\"reason\":\"Connector name is required\"}],\"type\":\"illegal_argument_exception\","
    "\"reason\":\"Connector name is required\"},\"status\":400}";
  g_autoptr(GError) error = map (400, "application/json; charset=UTF-8", body);

  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_cmpstr (error->message, ==, "The cluster refused the request: Connector name is required");
  g_assert_cmpstr (cs_error_get_server_reason (error), ==, "Connector name is required");
  g_assert_cmpstr (cs_error_get_server_type (error), ==, "illegal_argument_exception");
}

static void
test_root_cause_only (void)
{
  const char *body =
    "{\"error\":{\"root_cause\":[{\"type\":\"parsing_exception\",\"reason\":\"Unknown key\"}]},"
    "\"status\":400}";
  g_autoptr(GError) error = map (400, "application/json", body);

  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_cmpstr (cs_error_get_server_reason (error), ==, "Unknown key");
  g_assert_cmpstr (cs_error_get_server_type (error), ==, "parsing_exception");
}

static void
test_no_ml_commons (void)
{
  g_autoptr(GError) error =
    map (400, "application/json",
         "{\"error\":\"no handler found for uri [/_plugins/_ml/connectors/_search] and method [POST]\"}");
  g_autoptr(GError) other =
    map (400, "application/json",
         "{\"error\":\"no handler found for uri [/_plugins/_flow_framework] and method [GET]\"}");

  g_assert_error (error, CS_ERROR, CS_ERROR_NO_ML_COMMONS);
  g_assert_nonnull (strstr (error->message, "ML Commons"));
  g_assert_nonnull (cs_error_get_server_reason (error));

  /* Another plugin's route is not about ML Commons. */
  g_assert_error (other, CS_ERROR, CS_ERROR_NOT_FOUND);
}

static void
test_unauthorized (void)
{
  g_autoptr(GError) empty = map (401, NULL, "");
  g_autoptr(GError) text = map (401, "text/plain", "Unauthorized");
  g_autoptr(GError) finally = map (401, "text/plain; charset=UTF-8", "Authentication finally failed");

  g_assert_error (empty, CS_ERROR, CS_ERROR_UNAUTHORIZED);
  g_assert_error (text, CS_ERROR, CS_ERROR_UNAUTHORIZED);
  g_assert_error (finally, CS_ERROR, CS_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (empty->message, "password"));
}

static void
test_forbidden_permission (void)
{
  const char *body =
    "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"no permissions "
    "for [cluster:admin/opensearch/ml/create_connector] and User [name=reader, "
    "backend_roles=[], requestedTenant=null]\"}],\"type\":\"security_exception\",\"reason\":"
    "\"no permissions for [cluster:admin/opensearch/ml/create_connector] and User "
    "[name=reader, backend_roles=[], requestedTenant=null]\"},\"status\":403}";
  g_autoptr(GError) error = map (403, "application/json", body);

  g_assert_error (error, CS_ERROR, CS_ERROR_FORBIDDEN);
  g_assert_cmpstr (cs_error_get_permission (error), ==,
                   "cluster:admin/opensearch/ml/create_connector");
  g_assert_nonnull (strstr (error->message, "cluster:admin/opensearch/ml/create_connector"));
  g_assert_cmpstr (cs_error_get_server_type (error), ==, "security_exception");
}

static void
test_remote_forbidden (void)
{
  const char *body =
    "{\"error\":{\"root_cause\":[{\"type\":\"status_exception\",\"reason\":\"Error from remote "
    "service: {\\\"message\\\":\\\"The security token included in the request is invalid.\\\"}\"}],"
    "\"type\":\"status_exception\",\"reason\":\"Error from remote service: {\\\"message\\\":"
    "\\\"The security token included in the request is invalid.\\\"}\"},\"status\":403}";
  g_autoptr(GError) error = map (403, "application/json", body);

  g_assert_error (error, CS_ERROR, CS_ERROR_REMOTE_FORBIDDEN);
  g_assert_null (cs_error_get_permission (error));
  g_assert_true (g_str_has_prefix (cs_error_get_server_reason (error),
                                   "Error from remote service:"));
  g_assert_nonnull (strstr (error->message, "security token included"));
}

static void
test_aws_gateway (void)
{
  g_autoptr(GError) error =
    map (403, "application/json",
         "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}");

  g_assert_error (error, CS_ERROR, CS_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "signature we calculated"));
  g_assert_nonnull (strstr (error->message, "secret key"));
}

/* Amazon OpenSearch Service explains a signature mismatch with the canonical
 * request it expected: its signed headers hold the session token. */
static void
test_aws_gateway_signing_details (void)
{
  g_autoptr(GError) error =
    map (403, "application/json",
         "{\"message\":\"The request signature we calculated does not match the signature "
         "you provided. Check your AWS Secret Access Key and signing method. Consult the "
         "service documentation for details.\\n\\nThe Canonical String for this request "
         "should have been\\n'GET\\n/\\n\\nhost:localhost\\nx-amz-date:20260101T000000Z\\n"
         "x-amz-security-token:test-session-token-not-real\\n\\nhost;x-amz-date;"
         "x-amz-security-token\\ne3b0'\\n\\nThe String-to-Sign should have been\\n"
         "'AWS4-HMAC-SHA256\\n20260101T000000Z\\n20260101/us-east-1/es/aws4_request'\\n\"}");

  g_assert_error (error, CS_ERROR, CS_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "signature we calculated"));
  g_assert_null (strstr (error->message, "test-session-token-not-real"));
  g_assert_null (strstr (error->message, "Canonical String"));
  g_assert_null (strstr (error->message, "aws4_request"));
  g_assert_null (strstr (cs_error_get_server_reason (error), "test-session-token-not-real"));
}

/* The raw view of a predict error shows the body: a Bedrock signature
 * mismatch wrapped by ML Commons loses its signing details there too. */
static void
test_redact_body (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) redacted = NULL;
  g_autofree char *original = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser,
    "{\"error\":{\"root_cause\":[{\"type\":\"status_exception\",\"reason\":\"Error from "
    "remote service: {\\\"message\\\":\\\"The request signature we calculated does not "
    "match.\\\\n\\\\nThe Canonical String for this request should have been "
    "x-amz-security-token:test-token-not-real\\\"}\"}],\"type\":\"status_exception\"},"
    "\"status\":403,\"other\":[1,true,null,\"kept\"]}", -1, &error);
  g_assert_no_error (error);

  original = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_nonnull (strstr (original, "test-token-not-real"));

  redacted = cs_error_redact_body (json_parser_get_root (parser));
  text = json_to_string (redacted, FALSE);
  g_assert_null (strstr (text, "test-token-not-real"));
  g_assert_null (strstr (text, "Canonical String"));
  g_assert_nonnull (strstr (text, "signature we calculated"));
  g_assert_nonnull (strstr (text, "\"status\":403"));
  g_assert_nonnull (strstr (text, "[1,true,null,\"kept\"]"));
}

static void
test_remote_other (void)
{
  g_autoptr(GError) error =
    map (400, "application/json",
         "{\"error\":{\"type\":\"status_exception\",\"reason\":\"Error from remote service: "
         "{\\\"message\\\":\\\"messages: field required\\\"}\"},\"status\":400}");

  g_assert_error (error, CS_ERROR, CS_ERROR_REMOTE);
  g_assert_nonnull (strstr (error->message, "field required"));
}

static void
test_not_found (void)
{
  g_autoptr(GError) error =
    map (404, "application/json",
         "{\"error\":{\"type\":\"status_exception\",\"reason\":\"Failed to find model\"},\"status\":404}");
  g_autoptr(GError) bare = map (404, NULL, NULL);

  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Failed to find model"));
  g_assert_error (bare, CS_ERROR, CS_ERROR_NOT_FOUND);
}

static void
test_conflict (void)
{
  g_autoptr(GError) error =
    map (409, "application/json",
         "{\"error\":{\"type\":\"status_exception\",\"reason\":\"1 models are still using this "
         "connector, please delete or update the models first: [abc]\"},\"status\":409}");

  g_assert_error (error, CS_ERROR, CS_ERROR_CONFLICT);
  g_assert_true (g_str_has_prefix (error->message, "The cluster refused the request: 1 models"));
}

static void
test_throttled (void)
{
  g_autoptr(GError) cluster =
    map (429, "application/json",
         "{\"error\":{\"type\":\"status_exception\",\"reason\":\"Request is throttled at model level.\"},\"status\":429}");
  g_autoptr(GError) remote =
    map (429, "application/json",
         "{\"error\":{\"type\":\"remote_connector_throttling_exception\",\"reason\":\"Error from "
         "remote service: The request was denied due to remote server throttling.\"},\"status\":429}");

  g_assert_error (cluster, CS_ERROR, CS_ERROR_THROTTLED);
  g_assert_error (remote, CS_ERROR, CS_ERROR_THROTTLED);
  g_assert_nonnull (strstr (remote->message, "Bedrock"));
  g_assert_null (strstr (cluster->message, "Bedrock"));
}

static void
test_server (void)
{
  g_autoptr(GError) json =
    map (500, "application/json",
         "{\"error\":{\"type\":\"m_l_exception\",\"reason\":\"Fail to execute predict in aws connector\"},\"status\":500}");
  g_autoptr(GError) bare = map (503, NULL, NULL);
  g_autoptr(GError) text = map (502, "text/plain", "Bad Gateway");
  g_autoptr(GError) remote =
    map (500, "application/json",
         "{\"error\":{\"type\":\"status_exception\",\"reason\":\"Error from remote service: {}\"},\"status\":500}");

  g_assert_error (json, CS_ERROR, CS_ERROR_SERVER);
  g_assert_nonnull (strstr (json->message, "Fail to execute predict"));
  g_assert_error (bare, CS_ERROR, CS_ERROR_SERVER);
  g_assert_nonnull (strstr (bare->message, "503"));
  g_assert_error (text, CS_ERROR, CS_ERROR_SERVER);
  g_assert_nonnull (strstr (text->message, "Bad Gateway"));
  g_assert_error (remote, CS_ERROR, CS_ERROR_REMOTE);
}

static void
test_html (void)
{
  g_autoptr(GError) typed = map (502, "text/html", "<html><body>Bad gateway</body></html>");
  g_autoptr(GError) sniffed = map (403, NULL, "  <!DOCTYPE html>\n<html><title>Sign in</title>");

  g_assert_error (typed, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_error (sniffed, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (sniffed->message, "proxy"));
}

static void
test_other_4xx (void)
{
  g_autoptr(GError) string_error =
    map (406, "application/json",
         "{\"error\":\"Content-Type header [text/plain] is not supported\",\"status\":406}");
  g_autoptr(GError) text = map (413, "text/plain", "Request Entity Too Large");

  g_assert_error (string_error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_nonnull (strstr (string_error->message, "Content-Type header"));
  g_assert_error (text, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_nonnull (strstr (text->message, "Too Large"));
}

static void
test_long_text_is_cut (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (body, 'x');
  error = map (500, "text/plain", body->str);
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);
  g_assert_cmpuint (strlen (error->message), <, 600);
}

static void
test_redirect (void)
{
  g_autoptr(GError) with_location = cs_error_from_redirect (301, "https://elsewhere.example/");
  g_autoptr(GError) mapped = map (307, NULL, NULL);

  g_assert_error (with_location, CS_ERROR, CS_ERROR_REDIRECT);
  g_assert_nonnull (strstr (with_location->message, "https://elsewhere.example/"));
  g_assert_error (mapped, CS_ERROR, CS_ERROR_REDIRECT);
}

static void
test_copy_keeps_details (void)
{
  g_autoptr(GError) error =
    map (400, "application/json",
         "{\"error\":{\"type\":\"illegal_argument_exception\",\"reason\":\"bad\"},\"status\":400}");
  g_autoptr(GError) copy = g_error_copy (error);

  g_assert_cmpstr (cs_error_get_server_reason (copy), ==, "bad");
  g_assert_cmpuint (cs_error_get_status (copy), ==, 400);

  /* An error made elsewhere in the domain has no details. */
  {
    g_autoptr(GError) plain = g_error_new_literal (CS_ERROR, CS_ERROR_FAILED, "x");
    g_assert_null (cs_error_get_server_reason (plain));
    g_assert_cmpuint (cs_error_get_status (plain), ==, 0);
  }
}

static void
check_transport (GQuark  domain,
                 int     code,
                 CsError expected)
{
  g_autoptr(GError) in = g_error_new_literal (domain, code, "details");
  g_autoptr(GError) out = cs_error_from_transport (in);

  g_assert_error (out, CS_ERROR, (gint) expected);
  g_assert_cmpstr (out->message, !=, "");
}

static void
test_transport (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) passed = cs_error_from_transport (cancelled);

  g_assert_error (passed, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  check_transport (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, CS_ERROR_HOST_NOT_FOUND);
  check_transport (G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, CS_ERROR_HOST_NOT_FOUND);
  check_transport (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, CS_ERROR_CONNECTION_REFUSED);
  check_transport (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, CS_ERROR_TIMEOUT);
  check_transport (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, CS_ERROR_NETWORK);
  check_transport (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, CS_ERROR_NETWORK);
  check_transport (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, CS_ERROR_NETWORK);
  check_transport (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, CS_ERROR_NETWORK);
  check_transport (G_TLS_ERROR, G_TLS_ERROR_NOT_TLS, CS_ERROR_TLS);
  check_transport (G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, CS_ERROR_TLS);
  check_transport (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, CS_ERROR_TLS);
  check_transport (SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING, CS_ERROR_BAD_RESPONSE);
  check_transport (G_IO_ERROR, G_IO_ERROR_FAILED, CS_ERROR_NETWORK);
}

static void
check_tls (GTlsCertificateFlags flags,
           CsError              expected,
           const char          *word)
{
  g_autoptr(GError) error = cs_error_from_tls_flags (flags);

  g_assert_error (error, CS_ERROR, (gint) expected);
  if (word != NULL)
    g_assert_nonnull (strstr (error->message, word));
}

static void
test_tls_flags (void)
{
  check_tls (G_TLS_CERTIFICATE_UNKNOWN_CA, CS_ERROR_UNTRUSTED_CERTIFICATE, "fingerprint");
  check_tls (G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_BAD_IDENTITY,
             CS_ERROR_UNTRUSTED_CERTIFICATE, "another host");
  check_tls (G_TLS_CERTIFICATE_BAD_IDENTITY, CS_ERROR_TLS, "host name");
  check_tls (G_TLS_CERTIFICATE_EXPIRED, CS_ERROR_TLS, "expired");
  /* An expired self-signed certificate is not something to pin. */
  check_tls (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_UNKNOWN_CA, CS_ERROR_TLS, "expired");
  check_tls (G_TLS_CERTIFICATE_NOT_ACTIVATED, CS_ERROR_TLS, "not valid yet");
  check_tls (G_TLS_CERTIFICATE_REVOKED, CS_ERROR_TLS, "revoked");
  check_tls (G_TLS_CERTIFICATE_INSECURE, CS_ERROR_TLS, "insecure");
  check_tls (G_TLS_CERTIFICATE_GENERIC_ERROR, CS_ERROR_TLS, NULL);
}

static void
test_reason_ends_sentence (void)
{
  g_autoptr(GError) not_found = map (404, "application/json",
                                     "{\"error\":{\"type\":\"status_exception\","
                                     "\"reason\":\"Failed to find model\"},\"status\":404}");
  g_autoptr(GError) stopped = map (404, "application/json",
                                   "{\"error\":{\"reason\":\"Gone!\"},\"status\":404}");
  g_autoptr(GError) forbidden = map (403, "application/json",
                                     "{\"error\":{\"type\":\"security_exception\","
                                     "\"reason\":\"not for you\"},\"status\":403}");
  g_autoptr(GError) aws = map (401, "application/json", "{\"message\":\"Bad token\"}");

  /* "…find it: Failed to find model It may have been deleted" ran on. */
  g_assert_nonnull (strstr (not_found->message, "Failed to find model. It may"));
  g_assert_nonnull (strstr (stopped->message, "Gone! It may"));
  g_assert_nonnull (strstr (forbidden->message, "not for you. Ask"));
  g_assert_null (strstr (aws->message, "Bad token "));
  /* The reason itself stays as the cluster wrote it. */
  g_assert_cmpstr (cs_error_get_server_reason (not_found), ==, "Failed to find model");
}

static void
test_envelope_invalid_utf8 (void)
{
  /* json-glib turns the escape \360 into a lone byte 0xF0. */
  g_autoptr(GError) error = map (400, "application/json",
                                 "{\"error\":{\"type\":\"x\\360\",\"reason\":\"bad \\360\"}}");
  g_autoptr(GError) string = map (400, "application/json", "{\"error\":\"worse \\377\"}");

  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_utf8_validate (cs_error_get_server_reason (error), -1, NULL));
  g_assert_true (g_utf8_validate (cs_error_get_server_type (error), -1, NULL));
  g_assert_true (g_utf8_validate (string->message, -1, NULL));
  g_assert_true (g_utf8_validate (cs_error_get_server_reason (string), -1, NULL));
}

static void
test_envelope_deep (void)
{
  GString *text = g_string_new ("{\"error\":");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  error = map (500, "application/json", text->str);
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);
  g_string_free (text, TRUE);
}

static void
test_success_deep (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "[{\"a\":");
  body = g_bytes_new_take (text->str, text->len);
  g_string_free (text, FALSE);
  node = cs_error_parse_success_body (200, "application/json", body, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "levels deep"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/error/success", test_success);
  g_test_add_func ("/error/success-body", test_success_body);
  g_test_add_func ("/error/rejected-keeps-reason", test_rejected_keeps_reason);
  g_test_add_func ("/error/root-cause-only", test_root_cause_only);
  g_test_add_func ("/error/no-ml-commons", test_no_ml_commons);
  g_test_add_func ("/error/unauthorized", test_unauthorized);
  g_test_add_func ("/error/forbidden-permission", test_forbidden_permission);
  g_test_add_func ("/error/remote-forbidden", test_remote_forbidden);
  g_test_add_func ("/error/aws-gateway", test_aws_gateway);
  g_test_add_func ("/error/aws-gateway-signing-details", test_aws_gateway_signing_details);
  g_test_add_func ("/error/redact-body", test_redact_body);
  g_test_add_func ("/error/remote-other", test_remote_other);
  g_test_add_func ("/error/not-found", test_not_found);
  g_test_add_func ("/error/conflict", test_conflict);
  g_test_add_func ("/error/throttled", test_throttled);
  g_test_add_func ("/error/server", test_server);
  g_test_add_func ("/error/html", test_html);
  g_test_add_func ("/error/other-4xx", test_other_4xx);
  g_test_add_func ("/error/long-text-is-cut", test_long_text_is_cut);
  g_test_add_func ("/error/redirect", test_redirect);
  g_test_add_func ("/error/copy-keeps-details", test_copy_keeps_details);
  g_test_add_func ("/error/transport", test_transport);
  g_test_add_func ("/error/tls-flags", test_tls_flags);
  g_test_add_func ("/error/reason-ends-sentence", test_reason_ends_sentence);
  g_test_add_func ("/error/envelope-invalid-utf8", test_envelope_invalid_utf8);
  g_test_add_func ("/error/envelope-deep", test_envelope_deep);
  g_test_add_func ("/error/success-deep", test_success_deep);

  return g_test_run ();
}
