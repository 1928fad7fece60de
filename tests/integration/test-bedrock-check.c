/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Check with Bedrock (cs-bedrock-check.h) against the sandbox's simulated AWS account. */
#include "config.h"

#include <string.h>

#include "cs-bedrock-check.h"
#include "cs-error.h"

#include "bedrock-direct-fixture.h"
#include "cs-test-utils.h"

#define SONNET_45 "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
#define OPUS_47 "us.anthropic.claude-opus-4-7"

static BdFixture fixture;

static JsonNode *
body_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static CsBedrockCheckResult *
check_full (const CsBedrockEndpoints *endpoints,
            const CsBedrockKeys      *keys,
            const char               *region,
            const char               *model_id,
            const char               *body_text,
            GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = body_from (body_text);

  cs_bedrock_check_async (keys, region, endpoints, model_id, body, NULL, cs_test_store_result,
                          &result);
  cs_test_wait_for_result (&result, BD_WAIT_MS);
  return cs_bedrock_check_finish (result, error);
}

static CsBedrockCheckResult *
check (const CsBedrockKeys *keys,
       const char          *region,
       const char          *model_id,
       const char          *body_text)
{
  g_autoptr(GError) error = NULL;
  CsBedrockCheckResult *result = check_full (&fixture.endpoints, keys, region, model_id,
                                             body_text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_nonnull (result->message);
  return result;
}

#define PLAIN_BODY \
  "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":2000," \
  "\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}]}"

static void
test_accepted (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  CsBedrockKeys temporary = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, BD_SESSION_TOKEN);
  g_autoptr(CsBedrockCheckResult) plain = check (&keys, "us-east-1", SONNET_45, PLAIN_BODY);
  g_autoptr(CsBedrockCheckResult) session = NULL;

  g_assert_cmpint (plain->outcome, ==, CS_BEDROCK_OK);
  g_assert_cmpuint (plain->status, ==, 200);
  g_assert_cmpint (plain->input_tokens, >, 0);
  g_assert_cmpint (plain->output_tokens, >, 0);
  g_assert_cmpint (plain->output_tokens, <=, CS_BEDROCK_CHECK_MAX_TOKENS);
  g_assert_null (plain->bedrock_message);
  g_assert_nonnull (strstr (plain->message, "accepted"));

  /* Temporary credentials, an adaptive-only model and its own body. */
  session = check (&temporary, "us-west-2", OPUS_47,
                   "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":4000,"
                   "\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"low\"},"
                   "\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}]}");
  g_assert_cmpint (session->outcome, ==, CS_BEDROCK_OK);
  g_assert_cmpint (session->input_tokens, >, 0);
}

static void
test_accepted_thinking (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  g_autoptr(CsBedrockCheckResult) result = NULL;

  /* The check lowers the budget to its minimum and max_tokens just above it; the answer
   * thinks, so it uses more than the text alone. */
  result = check (&keys, "eu-central-1", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
                  "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":20000,"
                  "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000},"
                  "\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}]}");
  g_assert_cmpint (result->outcome, ==, CS_BEDROCK_OK);
  g_assert_cmpint (result->output_tokens, >, 0);
}

static void
test_check_body (void)
{
  g_autoptr(JsonNode) plain = body_from (PLAIN_BODY);
  g_autoptr(JsonNode) small = cs_bedrock_check_body (plain, SONNET_45);
  g_autoptr(JsonNode) thinking = body_from (
    "{\"max_tokens\":20000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000}}");
  g_autoptr(JsonNode) small_thinking = cs_bedrock_check_body (thinking, SONNET_45);
  g_autoptr(JsonNode) too_many = body_from ("{\"max_tokens\":900000}");
  g_autoptr(JsonNode) kept = cs_bedrock_check_body (too_many, SONNET_45);
  g_autofree char *a = cs_test_canonical_json (small);
  g_autofree char *b = cs_test_canonical_json (small_thinking);
  g_autofree char *c = cs_test_canonical_json (kept);
  g_autofree char *original = cs_test_canonical_json (plain);

  g_assert_nonnull (strstr (a, "\"max_tokens\":16"));
  g_assert_nonnull (strstr (original, "\"max_tokens\":2000"));
  g_assert_nonnull (strstr (b, "\"budget_tokens\":1024"));
  g_assert_nonnull (strstr (b, "\"max_tokens\":1040"));
  g_assert_nonnull (strstr (c, "\"max_tokens\":900000"));
}

static void
test_wrong_secret (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_WRONG_SECRET, NULL);
  g_autoptr(CsBedrockCheckResult) result = check (&keys, "us-east-1", SONNET_45, PLAIN_BODY);

  g_assert_cmpint (result->outcome, ==, CS_BEDROCK_FAILED_SIGNATURE);
  g_assert_cmpuint (result->status, ==, 403);
  g_assert_cmpstr (result->error_type, ==, "InvalidSignatureException");
  g_assert_nonnull (strstr (result->message, "secret access key"));
  g_assert_cmpint (result->input_tokens, ==, 0);
}

static void
test_unknown_key (void)
{
  CsBedrockKeys keys = bd_keys (BD_UNKNOWN_KEY, BD_SECRET_KEY, NULL);
  g_autoptr(CsBedrockCheckResult) result = check (&keys, "us-east-1", SONNET_45, PLAIN_BODY);

  g_assert_cmpint (result->outcome, ==, CS_BEDROCK_FAILED_KEYS);
  g_assert_cmpstr (result->error_type, ==, "UnrecognizedClientException");
}

static void
test_expired_token (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, BD_EXPIRED_TOKEN);
  g_autoptr(CsBedrockCheckResult) result = check (&keys, "us-east-1", SONNET_45, PLAIN_BODY);

  g_assert_cmpint (result->outcome, ==, CS_BEDROCK_FAILED_EXPIRED_TOKEN);
  g_assert_cmpstr (result->error_type, ==, "ExpiredTokenException");
  g_assert_nonnull (strstr (result->message, "session token has expired"));
}

static void
test_denied_model (void)
{
  CsBedrockKeys keys = bd_keys (BD_NO_INVOKE_KEY, BD_SECRET_KEY, NULL);
  g_autoptr(CsBedrockCheckResult) result = check (&keys, "us-east-1", SONNET_45, PLAIN_BODY);

  g_assert_cmpint (result->outcome, ==, CS_BEDROCK_FAILED_PERMISSION);
  g_assert_cmpstr (result->error_type, ==, "AccessDeniedException");
  g_assert_nonnull (strstr (result->bedrock_message, "bedrock:InvokeModel"));
  g_assert_nonnull (strstr (result->message, "bedrock:InvokeModel"));
  g_assert_nonnull (strstr (result->message, SONNET_45));
}

static void
test_no_profile (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  g_autoptr(CsBedrockCheckResult) elsewhere = NULL;
  g_autoptr(CsBedrockCheckResult) base_id = NULL;

  /* The us. profile cannot be called from ca-central-1, where the model has no profile. */
  elsewhere = check (&keys, "ca-central-1", SONNET_45, PLAIN_BODY);
  g_assert_cmpint (elsewhere->outcome, ==, CS_BEDROCK_FAILED_MODEL);
  g_assert_cmpstr (elsewhere->error_type, ==, "ValidationException");
  g_assert_cmpstr (elsewhere->bedrock_message, ==, "The provided model identifier is invalid.");
  g_assert_nonnull (strstr (elsewhere->message, "ca-central-1"));

  /* A base model id without a profile. */
  base_id = check (&keys, "us-east-1", "anthropic.claude-opus-4-7", PLAIN_BODY);
  g_assert_cmpint (base_id->outcome, ==, CS_BEDROCK_FAILED_MODEL);
  g_assert_nonnull (strstr (base_id->bedrock_message, "on-demand throughput"));
}

static void
test_body_refused (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  g_autoptr(CsBedrockCheckResult) sampling = NULL;
  g_autoptr(CsBedrockCheckResult) seed = NULL;

  sampling = check (&keys, "us-east-1", OPUS_47,
                    "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100,"
                    "\"temperature\":0.5,"
                    "\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}]}");
  g_assert_cmpint (sampling->outcome, ==, CS_BEDROCK_FAILED_BODY);
  g_assert_cmpuint (sampling->status, ==, 400);
  g_assert_nonnull (strstr (sampling->bedrock_message, "`temperature` is deprecated"));
  g_assert_nonnull (strstr (sampling->message, "`temperature` is deprecated"));

  /* The blueprint's thinking body on an adaptive-only model. */
  seed = check (&keys, "us-east-1", OPUS_47,
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":20000,"
                "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000},"
                "\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}]}");
  g_assert_cmpint (seed->outcome, ==, CS_BEDROCK_FAILED_BODY);
  g_assert_nonnull (strstr (seed->bedrock_message, "thinking.type.enabled"));
}

static void
test_bad_input (void)
{
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  CsBedrockEndpoints plain = { NULL, "http://bedrock.example.org" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) region_error = NULL;
  g_autoptr(CsBedrockCheckResult) result = NULL;
  g_autoptr(CsBedrockCheckResult) region = NULL;

  result = check_full (&plain, &keys, "us-east-1", SONNET_45, PLAIN_BODY, &error);
  g_assert_null (result);
  g_assert_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
  region = check_full (&fixture.endpoints, &keys, "nowhere", SONNET_45, PLAIN_BODY,
                       &region_error);
  g_assert_null (region);
  g_assert_error (region_error, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  bd_fixture_start (&fixture);

  g_test_add_func ("/bedrock-check/accepted", test_accepted);
  g_test_add_func ("/bedrock-check/accepted-thinking", test_accepted_thinking);
  g_test_add_func ("/bedrock-check/check-body", test_check_body);
  g_test_add_func ("/bedrock-check/wrong-secret", test_wrong_secret);
  g_test_add_func ("/bedrock-check/unknown-key", test_unknown_key);
  g_test_add_func ("/bedrock-check/expired-token", test_expired_token);
  g_test_add_func ("/bedrock-check/denied-model", test_denied_model);
  g_test_add_func ("/bedrock-check/no-profile", test_no_profile);
  g_test_add_func ("/bedrock-check/body-refused", test_body_refused);
  g_test_add_func ("/bedrock-check/bad-input", test_bad_input);

  status = g_test_run ();
  bd_fixture_stop (&fixture);
  return status;
}
