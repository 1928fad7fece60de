/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's simulation of Bedrock's per-model rules for Claude (src/sandbox/README.md,
 * "Bedrock's per-model rules"), at unit level. */
#include "config.h"

#include <string.h>

#include "sb-bedrock.h"

/* Test credentials in the sandbox's shapes; none of them looks like a real AWS key. */
#define ACCESS_KEY "SANDBOXACCESSKEY0001"
#define SECRET_KEY "sandboxTestSecretKey/ForUnitTests+000000"

#define HELLO "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"hello\"}]}]"
/* A body with max_tokens 2000 and the given extra members (each starting with ", "). */
#define BODY(extra) \
  "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 2000, \"messages\": " HELLO \
  extra "}"
/* The blueprint's standard body, rendered. */
#define SEED_BODY \
  "{\"system\": \"You are a helpful assistant.\", \"anthropic_version\": \"bedrock-2023-05-31\"," \
  " \"max_tokens\": 8000, \"temperature\": 1, \"messages\": " HELLO "}"
#define MODEL_ERRORS "The model returned the following errors: "

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static SbBedrockResponse *
invoke (const char *region,
        const char *model,
        const char *body)
{
  g_autoptr(JsonObject) credential = json_object_new ();
  g_autofree char *url = g_strdup_printf ("https://bedrock-runtime.%s.amazonaws.com/model/%s/"
                                          "invoke", region, model);
  SbBedrockRequest request = {
    .method = "POST",
    .url = url,
    .credential = credential,
    .signing_region = region,
    .signing_service = "bedrock",
    .body = body,
  };

  json_object_set_string_member (credential, "access_key", ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", SECRET_KEY);
  return sb_bedrock_invoke (&request);
}

/* A 400 ValidationException whose message is exactly `message`. */
static void
assert_refused (const char *region,
                const char *model,
                const char *body,
                const char *message)
{
  g_autoptr(SbBedrockResponse) r = invoke (region, model, body);
  g_autoptr(JsonObject) answer = NULL;

  g_assert_false (r->no_response);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (r->error_type, ==, "ValidationException");
  answer = parse_object (r->body);
  g_assert_cmpstr (json_object_get_string_member (answer, "message"), ==, message);
}

/* A 200 answer from api_name; returns the type of its first content block. */
static char *
assert_answered (const char *region,
                 const char *model,
                 const char *body,
                 const char *api_name)
{
  g_autoptr(SbBedrockResponse) r = invoke (region, model, body);
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *content;

  g_assert_false (r->no_response);
  if (r->status != 200)
    g_error ("%s: %u %s", model, r->status, r->body);
  answer = parse_object (r->body);
  g_assert_cmpstr (json_object_get_string_member (answer, "model"), ==, api_name);
  content = json_object_get_array_member (answer, "content");
  g_assert_cmpuint (json_array_get_length (content), >=, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (content, 0),
                                                  "type"));
}

static void
test_ids_and_geographies (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  /* Opus 4.6's id has no ":0"; a tool that adds one gets an invalid identifier */
  a = assert_answered ("us-east-1", "us.anthropic.claude-opus-4-6-v1", BODY (""),
                       "claude-opus-4-6");
  g_assert_cmpstr (a, ==, "text");
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-6-v1:0", BODY (""),
                  "The provided model identifier is invalid.");

  /* Sonnet 4.6 has no apac profile: nothing for Singapore but its global profile */
  assert_refused ("ap-southeast-1", "apac.anthropic.claude-sonnet-4-6", BODY (""),
                  "The provided model identifier is invalid.");
  b = assert_answered ("ap-southeast-1", "global.anthropic.claude-sonnet-4-6", BODY (""),
                       "claude-sonnet-4-6");
  c = assert_answered ("ap-northeast-1", "jp.anthropic.claude-sonnet-4-6", BODY (""),
                       "claude-sonnet-4-6");
  /* the 5-series has global, us and eu only */
  assert_refused ("ap-northeast-1", "jp.anthropic.claude-fable-5", BODY (""),
                  "The provided model identifier is invalid.");
  d = assert_answered ("eu-west-1", "eu.anthropic.claude-fable-5-2", BODY (""),
                       "claude-fable-5-2");

  /* a base id of a new model still needs a profile */
  assert_refused ("us-east-1", "anthropic.claude-opus-4-7", BODY (""),
                  "Invocation of model ID anthropic.claude-opus-4-7 with on-demand throughput "
                  "isn\u2019t supported. Retry your request with the ID or ARN of an inference "
                  "profile that contains this model.");
}

static void
test_end_of_life (void)
{
  static const char *eol =
    "This model version has reached the end of its life. Please refer to the AWS documentation "
    "for more details.";

  assert_refused ("us-east-1", "us.anthropic.claude-3-5-sonnet-20240620-v1:0", BODY (""), eol);
  assert_refused ("us-east-1", "anthropic.claude-3-5-sonnet-20240620-v1:0", BODY (""), eol);
}

static void
test_temperature_deprecated (void)
{
  static const char *const models[] = {
    "us.anthropic.claude-opus-4-7", "us.anthropic.claude-opus-4-8", "us.anthropic.claude-opus-5",
    "global.anthropic.claude-opus-5-5", "us.anthropic.claude-fable-5-1",
  };

  /* the blueprint's seed body fails on the adaptive-only models with Bedrock's text */
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    assert_refused ("us-east-1", models[i], SEED_BODY,
                    MODEL_ERRORS "`temperature` is deprecated for this model.");
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-7", BODY (", \"top_p\": 0.9"),
                  MODEL_ERRORS "`top_p` is deprecated for this model.");
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-7", BODY (", \"top_k\": 10"),
                  MODEL_ERRORS "`top_k` is deprecated for this model.");
  /* the same body without temperature is accepted */
  g_free (assert_answered ("us-east-1", "us.anthropic.claude-opus-4-7", BODY (""),
                           "claude-opus-4-7"));
}

static void
test_temperature_with_top_p (void)
{
  static const char *const refuse[] = {
    "us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-opus-4-6-v1",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refuse); i++)
    assert_refused ("us-east-1", refuse[i], BODY (", \"temperature\": 0.5, \"top_p\": 0.9"),
                    MODEL_ERRORS "`temperature` and `top_p` cannot both be specified for this "
                    "model. Please use only one.");
  g_free (assert_answered ("us-east-1", "us.anthropic.claude-sonnet-4-20250514-v1:0",
                           BODY (", \"temperature\": 0.5, \"top_p\": 0.9"),
                           "claude-sonnet-4-20250514"));
}

static void
test_fixed_sampling (void)
{
  g_autofree char *first = NULL;

  assert_refused ("us-east-1", "us.anthropic.claude-fable-5", BODY (", \"temperature\": 0.5"),
                  MODEL_ERRORS "temperature: only 1.0 is supported for this model");
  assert_refused ("us-east-1", "us.anthropic.claude-sonnet-5", BODY (", \"temperature\": 0.7"),
                  MODEL_ERRORS "temperature: only 1.0 is supported for this model");
  assert_refused ("us-east-1", "us.anthropic.claude-fable-5", BODY (", \"top_p\": 1.0"),
                  MODEL_ERRORS "top_p: must be at least 0.99 and less than 1.0 for this model");
  assert_refused ("us-east-1", "us.anthropic.claude-fable-5", BODY (", \"top_p\": 0.9"),
                  MODEL_ERRORS "top_p: must be at least 0.99 and less than 1.0 for this model");
  assert_refused ("us-east-1", "us.anthropic.claude-fable-5", BODY (", \"top_k\": 5"),
                  MODEL_ERRORS "`top_k` is not supported for this model.");
  first = assert_answered ("us-east-1", "us.anthropic.claude-fable-5",
                           BODY (", \"temperature\": 1, \"top_p\": 0.995"), "claude-fable-5");
  /* Fable always thinks, even without a thinking member */
  g_assert_cmpstr (first, ==, "thinking");
}

static void
test_thinking_types (void)
{
  static const char *enabled_refused =
    MODEL_ERRORS "\"thinking.type.enabled\" is not supported for this model. Use "
    "\"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.";
  static const char *disabled_refused =
    MODEL_ERRORS "\"thinking.type.disabled\" is not supported for this model. Use "
    "\"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.";
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  /* adaptive only: a budget is refused, adaptive thinks */
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-7",
                  BODY (", \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024}"),
                  enabled_refused);
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-7",
                  BODY (", \"thinking\": {\"type\": \"disabled\"}"), disabled_refused);
  a = assert_answered ("us-east-1", "us.anthropic.claude-opus-4-7",
                       BODY (", \"thinking\": {\"type\": \"adaptive\"}, "
                             "\"output_config\": {\"effort\": \"xhigh\"}"),
                       "claude-opus-4-7");
  g_assert_cmpstr (a, ==, "thinking");

  /* always thinking: disabled refused */
  assert_refused ("us-east-1", "us.anthropic.claude-fable-5",
                  BODY (", \"thinking\": {\"type\": \"disabled\"}"), disabled_refused);
  assert_refused ("us-east-1", "us.anthropic.claude-sonnet-5",
                  BODY (", \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024}"),
                  enabled_refused);

  /* the 4.6 models take both forms; a budget with adaptive is an extra input */
  b = assert_answered ("us-east-1", "us.anthropic.claude-opus-4-6-v1",
                       BODY (", \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024}"),
                       "claude-opus-4-6");
  g_assert_cmpstr (b, ==, "thinking");
  c = assert_answered ("us-east-1", "us.anthropic.claude-sonnet-4-6",
                       BODY (", \"thinking\": {\"type\": \"adaptive\"}"), "claude-sonnet-4-6");
  g_assert_cmpstr (c, ==, "thinking");
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-6-v1",
                  BODY (", \"thinking\": {\"type\": \"adaptive\", \"budget_tokens\": 1024}"),
                  MODEL_ERRORS "thinking.adaptive.budget_tokens: Extra inputs are not permitted");
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-6-v1",
                  BODY (", \"temperature\": 0.5, \"thinking\": {\"type\": \"adaptive\"}"),
                  MODEL_ERRORS "temperature may only be set to 1 when thinking is enabled.");

  /* older models know no adaptive thinking */
  assert_refused ("us-east-1", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                  BODY (", \"thinking\": {\"type\": \"adaptive\"}"),
                  MODEL_ERRORS "thinking: Input tag 'adaptive' found using 'type' does not match "
                  "any of the expected tags: 'disabled', 'enabled'");
  d = assert_answered ("us-east-1", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                       BODY (", \"thinking\": {\"type\": \"disabled\"}"),
                       "claude-sonnet-4-5-20250929");
  g_assert_cmpstr (d, ==, "text");
}

static void
test_effort (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* no output_config at all on the models without effort */
  assert_refused ("us-east-1", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                  BODY (", \"output_config\": {\"effort\": \"high\"}"),
                  "Malformed input request: #: extraneous key [output_config] is not permitted, "
                  "please reformat your input and try again.");
  /* levels per model */
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-6-v1",
                  BODY (", \"thinking\": {\"type\": \"adaptive\"}, "
                        "\"output_config\": {\"effort\": \"xhigh\"}"),
                  MODEL_ERRORS "output_config.effort: Input should be 'low', 'medium', 'high' or "
                  "'max'");
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-5-20251101-v1:0",
                  BODY (", \"output_config\": {\"effort\": \"max\"}"),
                  MODEL_ERRORS "output_config.effort: Input should be 'low', 'medium' or 'high'");
  a = assert_answered ("us-east-1", "us.anthropic.claude-opus-4-5-20251101-v1:0",
                       BODY (", \"output_config\": {\"effort\": \"low\"}"),
                       "claude-opus-4-5-20251101");

  /* Opus 5: disabled thinking with xhigh or max */
  assert_refused ("us-east-1", "us.anthropic.claude-opus-5",
                  BODY (", \"thinking\": {\"type\": \"disabled\"}, "
                        "\"output_config\": {\"effort\": \"max\"}"),
                  MODEL_ERRORS "output_config.effort 'max' is not supported when thinking is "
                  "disabled.");
  b = assert_answered ("us-east-1", "us.anthropic.claude-opus-5",
                       BODY (", \"thinking\": {\"type\": \"disabled\"}, "
                             "\"output_config\": {\"effort\": \"high\"}"),
                       "claude-opus-5");
  g_assert_cmpstr (b, ==, "text");
}

static void
test_max_tokens (void)
{
  assert_refused ("us-east-1", "us.anthropic.claude-opus-4-7",
                  "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 128001, "
                  "\"messages\": " HELLO "}",
                  MODEL_ERRORS "max_tokens: 128001 > 128000, which is the maximum allowed number "
                  "of output tokens for claude-opus-4-7");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sandbox/bedrock-rules/ids-and-geographies", test_ids_and_geographies);
  g_test_add_func ("/sandbox/bedrock-rules/end-of-life", test_end_of_life);
  g_test_add_func ("/sandbox/bedrock-rules/temperature-deprecated", test_temperature_deprecated);
  g_test_add_func ("/sandbox/bedrock-rules/temperature-with-top-p", test_temperature_with_top_p);
  g_test_add_func ("/sandbox/bedrock-rules/fixed-sampling", test_fixed_sampling);
  g_test_add_func ("/sandbox/bedrock-rules/thinking-types", test_thinking_types);
  g_test_add_func ("/sandbox/bedrock-rules/effort", test_effort);
  g_test_add_func ("/sandbox/bedrock-rules/max-tokens", test_max_tokens);

  return g_test_run ();
}
