/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cs-bedrock-request: where a signed Bedrock request goes, what it signs, and what an AWS error
 * answer means for the user. No network. */
#include "config.h"

#include <string.h>

#include "cs-bedrock-request.h"
#include "cs-error.h"

#define ACCESS_KEY "SANDBOXTESTACCESS01"
#define SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"
#define TOKEN "sandboxTestSessionToken0123456789"

static const CsBedrockKeys keys = { ACCESS_KEY, SECRET_KEY, NULL };

static void
test_real_hosts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) control = NULL;
  g_autoptr(SoupMessage) runtime = NULL;
  g_autofree char *control_url = NULL;
  g_autofree char *runtime_url = NULL;
  const char *auth;

  control = cs_bedrock_signed_message (&keys, "eu-west-3", NULL, CS_BEDROCK_SERVICE_CONTROL,
                                       "GET", "/foundation-models", "byProvider=Anthropic",
                                       NULL, &error);
  g_assert_no_error (error);
  control_url = g_uri_to_string (soup_message_get_uri (control));
  g_assert_cmpstr (control_url, ==, "https://bedrock.eu-west-3.amazonaws.com/foundation-models"
                   "?byProvider=Anthropic");
  auth = soup_message_headers_get_one (soup_message_get_request_headers (control),
                                       "Authorization");
  g_assert_true (g_str_has_prefix (auth, "AWS4-HMAC-SHA256 Credential=" ACCESS_KEY "/"));
  g_assert_nonnull (strstr (auth, "/eu-west-3/bedrock/aws4_request"));
  g_assert_nonnull (strstr (auth, "SignedHeaders=host;x-amz-date,"));
  g_assert_null (strstr (auth, SECRET_KEY));
  g_assert_null (soup_message_headers_get_one (soup_message_get_request_headers (control),
                                               "X-Amz-Security-Token"));

  runtime = cs_bedrock_signed_message (&keys, "us-east-1", NULL, CS_BEDROCK_SERVICE_RUNTIME,
                                       "POST", "/model/us.anthropic.claude-opus-4-7/invoke",
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  runtime_url = g_uri_to_string (soup_message_get_uri (runtime));
  g_assert_cmpstr (runtime_url, ==, "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                   "us.anthropic.claude-opus-4-7/invoke");
}

static void
test_override (void)
{
  CsBedrockEndpoints endpoints = { "http://127.0.0.1:4321/_aws/bedrock/",
                                   "http://127.0.0.1:4321/_aws/bedrock-runtime" };
  CsBedrockKeys temporary = { ACCESS_KEY, SECRET_KEY, TOKEN };
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) local = NULL;
  g_autoptr(SoupMessage) aws = NULL;
  g_autoptr(SoupMessage) remote = NULL;
  g_autofree char *url = NULL;
  const char *local_auth, *aws_auth;
  CsBedrockEndpoints plain = { "http://bedrock.example.org", NULL };

  local = cs_bedrock_signed_message (&temporary, "us-east-1", &endpoints,
                                     CS_BEDROCK_SERVICE_RUNTIME, "POST",
                                     "/model/anthropic.claude-x-v1%3A0/invoke", NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  url = g_uri_to_string (soup_message_get_uri (local));
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4321/_aws/bedrock-runtime/model/"
                   "anthropic.claude-x-v1%3A0/invoke");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (local),
                                                 "X-Amz-Security-Token"), ==, TOKEN);

  /* Signed for the real host: the signature is the one AWS would check (same second). */
  aws = cs_bedrock_signed_message (&temporary, "us-east-1", NULL, CS_BEDROCK_SERVICE_RUNTIME,
                                   "POST", "/model/anthropic.claude-x-v1%3A0/invoke", NULL, NULL,
                                   &error);
  g_assert_no_error (error);
  local_auth = soup_message_headers_get_one (soup_message_get_request_headers (local),
                                             "Authorization");
  aws_auth = soup_message_headers_get_one (soup_message_get_request_headers (aws),
                                           "Authorization");
  if (g_strcmp0 (soup_message_headers_get_one (soup_message_get_request_headers (local),
                                               "X-Amz-Date"),
                 soup_message_headers_get_one (soup_message_get_request_headers (aws),
                                               "X-Amz-Date")) == 0)
    g_assert_cmpstr (local_auth, ==, aws_auth);
  g_assert_nonnull (strstr (local_auth, "SignedHeaders=host;x-amz-date;x-amz-security-token,"));

  remote = cs_bedrock_signed_message (&keys, "us-east-1", &plain, CS_BEDROCK_SERVICE_CONTROL,
                                      "GET", "/foundation-models", NULL, NULL, &error);
  g_assert_null (remote);
  g_assert_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
}

static void
test_input (void)
{
  CsBedrockKeys no_secret = { ACCESS_KEY, NULL, NULL };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  g_assert_true (cs_bedrock_check_input (&keys, "us-gov-west-1", NULL));
  g_assert_true (cs_bedrock_check_input (&keys, "ap-southeast-2", NULL));
  g_assert_false (cs_bedrock_check_input (&no_secret, "us-east-1", &e1));
  g_assert_error (e1, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_false (cs_bedrock_check_input (&keys, "evil.example/x", &e2));
  g_assert_error (e2, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_false (cs_bedrock_check_input (&keys, NULL, &e3));
  g_assert_error (e3, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

static void
assert_outcome (guint             status,
                const char       *type,
                const char       *message,
                const char       *action,
                CsBedrockOutcome  expected,
                const char       *part)
{
  g_autofree char *sentence = NULL;
  CsBedrockOutcome outcome = cs_bedrock_classify (status, type, message, action, "us-east-1",
                                                  "us.anthropic.claude-opus-4-7", &sentence);

  g_assert_cmpint (outcome, ==, expected);
  g_assert_nonnull (sentence);
  if (strstr (sentence, part) == NULL)
    g_error ("“%s” does not contain “%s”", sentence, part);
}

static void
test_classify (void)
{
  assert_outcome (403, "UnrecognizedClientException",
                  "The security token included in the request is invalid.",
                  "bedrock:InvokeModel", CS_BEDROCK_FAILED_KEYS, "access key");
  assert_outcome (403, "InvalidSignatureException",
                  "The request signature we calculated does not match the signature you "
                  "provided.", "bedrock:InvokeModel", CS_BEDROCK_FAILED_SIGNATURE,
                  "secret access key");
  assert_outcome (403, "InvalidSignatureException", "Signature expired: 20260101T000000Z is now "
                  "earlier than …", "bedrock:InvokeModel", CS_BEDROCK_FAILED_SIGNATURE, "clock");
  assert_outcome (403, "ExpiredTokenException",
                  "The security token included in the request is expired",
                  "bedrock:ListFoundationModels", CS_BEDROCK_FAILED_EXPIRED_TOKEN,
                  "session token");
  assert_outcome (403, "AccessDeniedException", "User: … is not authorized",
                  "bedrock:ListInferenceProfiles", CS_BEDROCK_FAILED_PERMISSION,
                  "“bedrock:ListInferenceProfiles”");
  assert_outcome (403, "AccessDeniedException",
                  "You don't have access to the model with the specified model ID.",
                  "bedrock:InvokeModel", CS_BEDROCK_FAILED_PERMISSION, "Model access");
  assert_outcome (400, "ValidationException", "The provided model identifier is invalid.",
                  "bedrock:InvokeModel", CS_BEDROCK_FAILED_MODEL, "inference profile");
  assert_outcome (404, "ResourceNotFoundException", "Model not found.",
                  "bedrock:InvokeModel", CS_BEDROCK_FAILED_MODEL, "Model not found.");
  assert_outcome (400, "ValidationException", "This model version has reached the end of its "
                  "life. Please refer to the AWS documentation for more details.",
                  "bedrock:InvokeModel", CS_BEDROCK_FAILED_END_OF_LIFE, "newer model");
  assert_outcome (400, "ValidationException", "The model returned the following errors: "
                  "`temperature` is deprecated for this model.", "bedrock:InvokeModel",
                  CS_BEDROCK_FAILED_BODY, "`temperature` is deprecated");
  assert_outcome (429, "ThrottlingException", "Too many requests", "bedrock:InvokeModel",
                  CS_BEDROCK_FAILED_THROTTLED, "Wait");
  assert_outcome (500, "InternalServerException", "Oops", "bedrock:InvokeModel",
                  CS_BEDROCK_FAILED_OTHER, "500");
}

static void
test_read_error (void)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", "https://bedrock.us-east-1.amazonaws.com/");
  g_autoptr(JsonNode) lower = json_from_string ("{\"message\":\"m\"}", NULL);
  g_autoptr(JsonNode) upper = json_from_string (
    "{\"Message\":\"M\",\"__type\":\"com.amazon.coral#AccessDeniedException\"}", NULL);
  g_autofree char *t1 = NULL, *m1 = NULL, *t2 = NULL, *m2 = NULL;

  soup_message_headers_replace (soup_message_get_response_headers (msg), "x-amzn-ErrorType",
                                "ValidationException:http://internal.amazon.com/coral/x/");
  cs_bedrock_read_error (msg, lower, &t1, &m1);
  g_assert_cmpstr (t1, ==, "ValidationException");
  g_assert_cmpstr (m1, ==, "m");

  soup_message_headers_remove (soup_message_get_response_headers (msg), "x-amzn-ErrorType");
  cs_bedrock_read_error (msg, upper, &t2, &m2);
  g_assert_cmpstr (t2, ==, "AccessDeniedException");
  g_assert_cmpstr (m2, ==, "M");
}

static void
test_keys_copy (void)
{
  CsBedrockKeys temporary = { ACCESS_KEY, SECRET_KEY, TOKEN };
  CsBedrockKeys empty_token = { ACCESS_KEY, SECRET_KEY, "" };
  g_autoptr(CsBedrockKeys) copy = cs_bedrock_keys_copy (&temporary);
  g_autoptr(CsBedrockKeys) no_token = cs_bedrock_keys_copy (&empty_token);

  g_assert_cmpstr (copy->access_key_id, ==, ACCESS_KEY);
  g_assert_cmpstr (copy->secret_access_key, ==, SECRET_KEY);
  g_assert_true (copy->secret_access_key != temporary.secret_access_key);
  g_assert_cmpstr (copy->session_token, ==, TOKEN);
  g_assert_null (no_token->session_token);
}

/* The sandbox's Bedrock paths under its URL, with or without a slash, and
 * its certificate. */
static void
test_sandbox_endpoints (void)
{
  g_autoptr(CsBedrockEndpoints) a = cs_bedrock_endpoints_new_for_sandbox ("https://127.0.0.1:9443/",
                                                                          "/tmp/cert.pem");
  g_autoptr(CsBedrockEndpoints) b = cs_bedrock_endpoints_new_for_sandbox ("http://127.0.0.1:9200",
                                                                          NULL);

  g_assert_cmpstr (a->control_url, ==, "https://127.0.0.1:9443/_aws/bedrock");
  g_assert_cmpstr (a->runtime_url, ==, "https://127.0.0.1:9443/_aws/bedrock-runtime");
  g_assert_cmpstr (a->ca_file, ==, "/tmp/cert.pem");
  g_assert_cmpstr (b->control_url, ==, "http://127.0.0.1:9200/_aws/bedrock");
  g_assert_null (b->ca_file);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/bedrock-request/real-hosts", test_real_hosts);
  g_test_add_func ("/bedrock-request/override", test_override);
  g_test_add_func ("/bedrock-request/input", test_input);
  g_test_add_func ("/bedrock-request/classify", test_classify);
  g_test_add_func ("/bedrock-request/read-error", test_read_error);
  g_test_add_func ("/bedrock-request/keys-copy", test_keys_copy);

  g_test_add_func ("/bedrock-request/sandbox-endpoints", test_sandbox_endpoints);
  return g_test_run ();
}
