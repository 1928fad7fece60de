/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-test-utils.h"
#include "cs-predict.h"
#include "cs-prediction.h"

/* The blueprint's sample answers (claude4-bedrock-blueprint.md 2.3, 3.3). */
static const char standard_answer[] =
  "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
  "\"id\":\"msg_bdrk_017wv2bnUmKroe7C48MHdu32\",\"type\":\"message\",\"role\":\"assistant\","
  "\"model\":\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"text\",\"text\":"
  "\"Hello! Nice to meet you. How are you doing today? Is there anything I can help you with?\"}],"
  "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":9.0,"
  "\"cache_creation_input_tokens\":0.0,\"cache_read_input_tokens\":0.0,\"output_tokens\":25.0}}}],"
  "\"status_code\":200}]}";

static const char thinking_answer[] =
  "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
  "\"id\":\"msg_bdrk_0117MNj2HVP7dXmeDGeCSQaL\",\"type\":\"message\",\"role\":\"assistant\","
  "\"model\":\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"thinking\",\"thinking\":"
  "\"The user has sent me a simple \\\"hello world\\\" message.\","
  "\"signature\":\"<THOUGHT_SIGNATURE>\"},{\"type\":\"text\",\"text\":"
  "\"Hello! It's nice to meet you.\"}],"
  "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":37.0,"
  "\"cache_creation_input_tokens\":0.0,\"cache_read_input_tokens\":0.0,\"output_tokens\":84.0}}}],"
  "\"status_code\":200}]}";

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static CsPrediction *
prediction_from (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);
  g_autoptr(GError) error = NULL;
  CsPrediction *prediction = cs_prediction_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (prediction);
  return prediction;
}

static void
test_standard (void)
{
  g_autoptr(CsPrediction) p = prediction_from (standard_answer);
  g_autofree char *answer = NULL;
  CsUsage usage;

  g_assert_cmpuint (cs_prediction_get_n_blocks (p), ==, 1);
  g_assert_cmpint (cs_prediction_get_block_kind (p, 0), ==, CS_BLOCK_TEXT);
  g_assert_cmpstr (cs_prediction_get_block_text (p, 0), ==,
                   "Hello! Nice to meet you. How are you doing today? Is there anything I can "
                   "help you with?");
  answer = cs_prediction_dup_answer_text (p);
  g_assert_cmpstr (answer, ==, cs_prediction_get_block_text (p, 0));
  g_assert_cmpstr (cs_prediction_get_stop_reason (p), ==, "end_turn");
  g_assert_nonnull (cs_prediction_describe_stop_reason (p));
  g_assert_cmpstr (cs_prediction_get_model (p), ==, "claude-sonnet-4-20250514");
  g_assert_cmpstr (cs_prediction_get_message_id (p), ==, "msg_bdrk_017wv2bnUmKroe7C48MHdu32");

  cs_prediction_get_usage (p, &usage);
  g_assert_cmpint (usage.input_tokens, ==, 9);
  g_assert_cmpint (usage.output_tokens, ==, 25);
  g_assert_cmpint (usage.cache_creation_input_tokens, ==, 0);
  g_assert_cmpint (usage.cache_read_input_tokens, ==, 0);
  g_assert_cmpint (cs_prediction_get_latency_ms (p), ==, -1);
  cs_prediction_set_latency_ms (p, 1234);
  g_assert_cmpint (cs_prediction_get_latency_ms (p), ==, 1234);
}

static void
test_thinking (void)
{
  g_autoptr(CsPrediction) p = prediction_from (thinking_answer);
  g_autoptr(CsTurn) turn = NULL;
  g_autofree char *answer = NULL;
  JsonObject *block;
  CsUsage usage;

  g_assert_cmpuint (cs_prediction_get_n_blocks (p), ==, 2);
  g_assert_cmpint (cs_prediction_get_block_kind (p, 0), ==, CS_BLOCK_THINKING);
  g_assert_cmpstr (cs_prediction_get_block_text (p, 0), ==,
                   "The user has sent me a simple \"hello world\" message.");
  g_assert_cmpstr (cs_prediction_get_block_signature (p, 0), ==, "<THOUGHT_SIGNATURE>");
  g_assert_cmpint (cs_prediction_get_block_kind (p, 1), ==, CS_BLOCK_TEXT);
  g_assert_null (cs_prediction_get_block_signature (p, 1));

  /* The answer text holds no thinking. */
  answer = cs_prediction_dup_answer_text (p);
  g_assert_cmpstr (answer, ==, "Hello! It's nice to meet you.");

  cs_prediction_get_usage (p, &usage);
  g_assert_cmpint (usage.input_tokens, ==, 37);
  g_assert_cmpint (usage.output_tokens, ==, 84);

  /* The turn to continue with keeps the thinking block and its signature. */
  turn = cs_prediction_to_turn (p);
  g_assert_cmpint (cs_turn_get_role (turn), ==, CS_TURN_ROLE_ASSISTANT);
  g_assert_true (cs_turn_has_thinking (turn));
  block = json_array_get_object_element (cs_turn_get_content (turn), 0);
  g_assert_cmpstr (json_object_get_string_member (block, "type"), ==, "thinking");
  g_assert_cmpstr (json_object_get_string_member (block, "signature"), ==, "<THOUGHT_SIGNATURE>");
}

static void
test_usage_integers (void)
{
  g_autoptr(CsPrediction) p = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
    "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"max_tokens\","
    "\"usage\":{\"input_tokens\":9,\"output_tokens\":25,\"cache_creation_input_tokens\":3,"
    "\"cache_read_input_tokens\":1024}}}]}]}");
  CsUsage usage;

  cs_prediction_get_usage (p, &usage);
  g_assert_cmpint (usage.input_tokens, ==, 9);
  g_assert_cmpint (usage.output_tokens, ==, 25);
  g_assert_cmpint (usage.cache_creation_input_tokens, ==, 3);
  g_assert_cmpint (usage.cache_read_input_tokens, ==, 1024);
  g_assert_cmpstr (cs_prediction_get_stop_reason (p), ==, "max_tokens");
  g_assert_nonnull (cs_prediction_describe_stop_reason (p));
}

static void
test_usage_odd (void)
{
  /* Absent, fractional, negative and string counts are "unknown". */
  g_autoptr(CsPrediction) p = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
    "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
    "\"usage\":{\"input_tokens\":9.5,\"output_tokens\":\"25\",\"cache_read_input_tokens\":-3.0}}}]}]}");
  CsUsage usage;

  cs_prediction_get_usage (p, &usage);
  g_assert_cmpint (usage.input_tokens, ==, -1);
  g_assert_cmpint (usage.output_tokens, ==, -1);
  g_assert_cmpint (usage.cache_creation_input_tokens, ==, -1);
  g_assert_cmpint (usage.cache_read_input_tokens, ==, -1);
  g_assert_null (cs_prediction_get_stop_reason (p));
  g_assert_null (cs_prediction_describe_stop_reason (p));
}

static void
test_redacted (void)
{
  g_autoptr(CsPrediction) p = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
    "\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"},"
    "{\"type\":\"text\",\"text\":\"Answer\"}],\"stop_reason\":\"end_turn\"}}]}]}");
  g_autoptr(CsTurn) turn = cs_prediction_to_turn (p);
  JsonObject *block;

  g_assert_cmpuint (cs_prediction_get_n_blocks (p), ==, 2);
  g_assert_cmpint (cs_prediction_get_block_kind (p, 0), ==, CS_BLOCK_REDACTED_THINKING);
  g_assert_null (cs_prediction_get_block_text (p, 0));
  g_assert_cmpstr (cs_prediction_get_block_text (p, 1), ==, "Answer");
  block = json_array_get_object_element (cs_turn_get_content (turn), 0);
  g_assert_cmpstr (json_object_get_string_member (block, "data"), ==, "EmwKAhgBEgy3va3pzix");
}

static void
test_several_blocks (void)
{
  g_autoptr(CsPrediction) p = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
    "\"content\":[{\"type\":\"thinking\",\"thinking\":\"first\",\"signature\":\"s1\"},"
    "{\"type\":\"text\",\"text\":\"one\"},"
    "{\"type\":\"thinking\",\"thinking\":\"second\",\"signature\":\"s2\"},"
    "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"x\",\"input\":{}},"
    "{\"type\":\"text\",\"text\":\"two\"}],\"stop_reason\":\"end_turn\"}}]}]}");
  g_autofree char *answer = cs_prediction_dup_answer_text (p);
  CsBlockKind expected[] = { CS_BLOCK_THINKING, CS_BLOCK_TEXT, CS_BLOCK_THINKING,
                             CS_BLOCK_OTHER, CS_BLOCK_TEXT };

  g_assert_cmpuint (cs_prediction_get_n_blocks (p), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (cs_prediction_get_block_kind (p, i), ==, expected[i]);
  g_assert_cmpstr (cs_prediction_get_block_text (p, 2), ==, "second");
  g_assert_cmpstr (cs_prediction_get_block_signature (p, 2), ==, "s2");
  g_assert_cmpstr (answer, ==, "one\n\ntwo");
}

static void
test_response_shapes (void)
{
  g_autoptr(CsPrediction) s = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":"
    "{\"response\":\"just text\"}}]}]}");
  g_autoptr(CsPrediction) a = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":"
    "{\"response\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"g\"},"
    "{\"type\":\"text\",\"text\":\"x\"}]}}]}]}");
  g_autoptr(CsPrediction) other = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":"
    "{\"response\":[1,2,3]}}]}]}");
  g_autoptr(CsPrediction) nested = prediction_from (
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":"
    "{\"response\":{\"content\":[{\"type\":\"text\",\"text\":\"inner\"}],"
    "\"stop_reason\":\"end_turn\"}}}]}]}");

  g_assert_cmpuint (cs_prediction_get_n_blocks (s), ==, 1);
  g_assert_cmpstr (cs_prediction_get_block_text (s, 0), ==, "just text");

  g_assert_cmpuint (cs_prediction_get_n_blocks (a), ==, 2);
  g_assert_cmpint (cs_prediction_get_block_kind (a, 0), ==, CS_BLOCK_THINKING);
  g_assert_cmpstr (cs_prediction_get_block_text (a, 1), ==, "x");

  g_assert_cmpuint (cs_prediction_get_n_blocks (other), ==, 1);
  g_assert_nonnull (strstr (cs_prediction_get_block_text (other, 0), "1"));

  g_assert_cmpstr (cs_prediction_get_block_text (nested, 0), ==, "inner");
  g_assert_cmpstr (cs_prediction_get_stop_reason (nested), ==, "end_turn");
}

static void
test_not_a_prediction (void)
{
  const char *bad[] = {
    "[]",
    "{}",
    "{\"inference_results\":[]}",
    "{\"inference_results\":[{\"output\":[]}]}",
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\"}]}]}",
    "{\"inference_results\":[{\"output\":[{\"dataAsMap\":{\"content\":[{\"text\":\"no type\"}]}}]}]}",
    "{\"inference_results\":[{\"output\":[{\"dataAsMap\":{\"content\":[{\"type\":\"text\"}]}}]}]}",
    "{\"inference_results\":[{\"output\":[{\"dataAsMap\":{\"content\":[{\"type\":\"thinking\","
    "\"thinking\":7}]}}]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsPrediction) p = cs_prediction_new_from_json (node, &error);

      g_assert_null (p);
      g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
    }
}

static void
test_read_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(CsPrediction) p = NULL;
  g_autoptr(CsPrediction) p3 = NULL;
  g_autoptr(GError) error = NULL;

  cs_prediction_read_async (parse (thinking_answer), NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  p = cs_prediction_read_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_prediction_get_n_blocks (p), ==, 2);
  g_assert_nonnull (strstr (cs_prediction_get_raw_text (p), "\n"));
  g_assert_nonnull (strstr (cs_prediction_get_raw_text (p), "<THOUGHT_SIGNATURE>"));

  /* JSON that is not an answer (the client already refused what is not
   * JSON) */
  cs_prediction_read_async (parse ("[\"<html>\"]"), NULL, cs_test_store_result, &result2);
  cs_test_wait_for_result (&result2, 10000);
  g_assert_null (cs_prediction_read_finish (result2, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  cs_prediction_read_async (parse (standard_answer), NULL,
                            cs_test_store_result, &result3);
  cs_test_wait_for_result (&result3, 10000);
  p3 = cs_prediction_read_finish (result3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_prediction_get_stop_reason (p3), ==, "end_turn");
}

/* Error envelopes */

static char *
remote_body (guint       status,
             const char *bedrock_message)
{
  g_autoptr(JsonBuilder) inner = json_builder_new ();
  g_autoptr(JsonBuilder) outer = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) inner_root = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *inner_text = NULL;
  g_autofree char *reason = NULL;

  json_builder_begin_object (inner);
  json_builder_set_member_name (inner, "message");
  json_builder_add_string_value (inner, bedrock_message);
  json_builder_end_object (inner);
  inner_root = json_builder_get_root (inner);
  json_generator_set_root (generator, inner_root);
  inner_text = json_generator_to_data (generator, NULL);
  reason = g_strconcat ("Error from remote service: ", inner_text, NULL);

  json_builder_begin_object (outer);
  json_builder_set_member_name (outer, "error");
  json_builder_begin_object (outer);
  json_builder_set_member_name (outer, "type");
  json_builder_add_string_value (outer, "status_exception");
  json_builder_set_member_name (outer, "reason");
  json_builder_add_string_value (outer, reason);
  json_builder_end_object (outer);
  json_builder_set_member_name (outer, "status");
  json_builder_add_int_value (outer, status);
  json_builder_end_object (outer);
  root = json_builder_get_root (outer);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

typedef struct
{
  guint         status;
  const char   *bedrock_message;   /* wrapped in "Error from remote service" */
  const char   *type;              /* else a plain cluster error */
  const char   *reason;
  CsError       code;
  CsPredictFix  fix;
  const char   *in_sentence;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { 400, "The model returned the following errors: temperature may only be set to 1 when "
         "thinking is enabled.", NULL, NULL,
    CS_ERROR_REMOTE, CS_PREDICT_FIX_ADJUST_PARAMETERS, "temperature of 1" },
  { 400, "The model returned the following errors: thinking.enabled.budget_tokens: Input should "
         "be greater than or equal to 1024", NULL, NULL,
    CS_ERROR_REMOTE, CS_PREDICT_FIX_ADJUST_PARAMETERS, "at least 1024" },
  { 400, "The model returned the following errors: `max_tokens` must be greater than "
         "`thinking.budget_tokens`. Please consult our documentation at https://docs.anthropic.com/",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_ADJUST_PARAMETERS, "greater than the thinking budget" },
  { 400, "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand "
         "throughput isn’t supported. Retry your request with the ID or ARN of an inference "
         "profile that contains this model.", NULL, NULL,
    CS_ERROR_REMOTE, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "inference profile" },
  { 400, "The provided model identifier is invalid.", NULL, NULL,
    CS_ERROR_REMOTE, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "model and region" },
  { 403, "The security token included in the request is expired", NULL, NULL,
    CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, "expired" },
  { 403, "The security token included in the request is invalid.", NULL, NULL,
    CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, "access key" },
  { 403, "The request signature we calculated does not match the signature you provided. Check "
         "your AWS Secret Access Key and signing method. The Canonical String for this request "
         "should have been 'POST /model/x/invoke'", NULL, NULL,
    CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, "secret key" },
  { 403, "User: arn:aws:iam::000000000000:user/x is not authorized to perform: "
         "bedrock:InvokeModel on resource", NULL, NULL,
    CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, "bedrock:InvokeModel" },
  { 429, "Too many requests, please wait before trying again.", NULL, NULL,
    CS_ERROR_THROTTLED, CS_PREDICT_FIX_RETRY_LATER, "throttling" },
  { 429, NULL, "remote_connector_throttling_exception",
    "Error from remote service: The request was denied due to remote server throttling. To "
    "change the retry policy and behavior, please update the connector client_config.",
    CS_ERROR_THROTTLED, CS_PREDICT_FIX_RETRY_LATER, "throttling" },
  { 429, NULL, "status_exception", "Request is throttled at model level.",
    CS_ERROR_THROTTLED, CS_PREDICT_FIX_RETRY_LATER, "limit" },
  { 403, NULL, "security_exception",
    "no permissions for [cluster:admin/opensearch/ml/predict] and User [name=reader, "
    "backend_roles=[], requestedTenant=null]",
    CS_ERROR_FORBIDDEN, CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN, "cluster:admin/opensearch/ml/predict" },
  { 400, NULL, "illegal_argument_exception", "Invalid payload: { \"system\": \"{\"a\":1}\" }",
    CS_ERROR_REJECTED, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "request body" },
  { 400, NULL, "illegal_argument_exception",
    "Some parameter placeholder not filled in payload: system_prompt, budget_tokens",
    CS_ERROR_REJECTED, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "system_prompt, budget_tokens" },
  { 400, NULL, "status_exception", "Model not ready yet. Please deploy the model first.",
    CS_ERROR_REJECTED, CS_PREDICT_FIX_DEPLOY_MODEL, "Deploy" },
  { 400, NULL, "illegal_argument_exception",
    "Auto deployment disabled for this model, please deploy model first Model ID: abc",
    CS_ERROR_REJECTED, CS_PREDICT_FIX_DEPLOY_MODEL, "automatically" },
  { 404, NULL, "status_exception", "Failed to find model",
    CS_ERROR_NOT_FOUND, CS_PREDICT_FIX_CHOOSE_MODEL, "Models page" },
  { 400, NULL, "status_exception",
    "Remote Inference is currently disabled. To enable it, update the setting "
    "\"plugins.ml_commons.remote_inference_enabled\" to true.",
    CS_ERROR_REJECTED, CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS, "remote_inference.enabled" },
  { 500, NULL, "m_l_exception", "Fail to execute predict in aws connector",
    CS_ERROR_SERVER, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "response filter" },
  { 500, NULL, "status_exception", "Error communicating with remote model: Read timed out",
    CS_ERROR_REMOTE, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "read timeout" },
  { 500, NULL, "illegal_state_exception", "something odd",
    CS_ERROR_SERVER, CS_PREDICT_FIX_RETRY_LATER, "something odd" },
  /* Per-model rules, in Bedrock's texts (src/sandbox/README.md) */
  { 400, "The model returned the following errors: `temperature` is deprecated for this model.",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY,
    "Remove temperature from the connector’s request body" },
  { 400, "The model returned the following errors: `top_p` is deprecated for this model.",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY,
    "Remove top_p from the connector’s request body" },
  { 400, "The model returned the following errors: `temperature` and `top_p` cannot both be "
         "specified for this model. Please use only one.",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY,
    "Remove one of the two from the connector’s request body" },
  { 400, "The model returned the following errors: \"thinking.type.enabled\" is not supported "
         "for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to "
         "control thinking behavior.",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY,
    "Change the connector’s thinking to adaptive with an effort level" },
  { 400, "The model returned the following errors: \"thinking.type.disabled\" is not supported "
         "for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to "
         "control thinking behavior.",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY, "refuses thinking “disabled”" },
  { 400, "The model returned the following errors: thinking.adaptive.budget_tokens: Extra inputs "
         "are not permitted",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY, "Remove budget_tokens" },
  { 400, "The model returned the following errors: thinking: Input tag 'adaptive' found using "
         "'type' does not match any of the expected tags: 'disabled', 'enabled'",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY,
    "does not offer adaptive thinking" },
  { 400, "The model returned the following errors: output_config.effort: Input should be 'low', "
         "'medium', 'high' or 'max'",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY,
    "does not offer the effort level" },
  { 400, "The model returned the following errors: output_config.effort 'xhigh' is not supported "
         "when thinking is disabled.",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY, "while thinking is disabled" },
  { 400, "#: extraneous key [output_config] is not permitted",
    NULL, NULL, CS_ERROR_REMOTE, CS_PREDICT_FIX_CONNECTOR_BODY, "takes no effort level" },
  { 400, "The provided model identifier is invalid.", NULL, NULL,
    CS_ERROR_REMOTE, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "without “:0”" },
  { 400, "This model version has reached the end of its life. Please refer to the AWS "
         "documentation for more details.", NULL, NULL,
    CS_ERROR_REMOTE, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, "end of life" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      CsPredictFix fix = -1;

      if (c->bedrock_message != NULL)
        {
          g_autofree char *body_text = remote_body (c->status, c->bedrock_message);
          g_autoptr(JsonNode) body = parse (body_text);

          error = cs_predict_explain_body (c->status, body, &fix);
        }
      else
        error = cs_predict_explain_reason (c->status, c->type, c->reason, &fix);

      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, CS_ERROR, (gint) c->code);
      g_assert_cmpint (fix, ==, c->fix);
      g_assert_nonnull (strstr (error->message, c->in_sentence));
      /* The prefix is unwrapped, never shown. */
      g_assert_null (strstr (error->message, "Error from remote service"));
      /* SigV4 canonical requests are cut off. */
      g_assert_null (strstr (error->message, "Canonical String"));
    }
}

static void
test_unwrap (void)
{
  g_autofree char *json = cs_predict_unwrap_remote_message (
    "Error from remote service: {\"message\":\"  Bedrock says no \"}");
  g_autofree char *text = cs_predict_unwrap_remote_message (
    "Error from remote service: plain words");
  g_autofree char *upper = cs_predict_unwrap_remote_message (
    "Error from remote service: {\"Message\":\"Upper\"}");

  g_assert_cmpstr (json, ==, "Bedrock says no");
  g_assert_cmpstr (text, ==, "plain words");
  g_assert_cmpstr (upper, ==, "Upper");
  g_assert_null (cs_predict_unwrap_remote_message ("Failed to find model"));
  g_assert_null (cs_predict_unwrap_remote_message (NULL));
}

static void
test_error_string_body (void)
{
  g_autoptr(JsonNode) body = parse ("{\"error\":\"no handler found for uri [/x] and method [POST]\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) empty = NULL;
  CsPredictFix fix;

  error = cs_predict_explain_body (400, body, &fix);
  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "no handler found"));

  empty = cs_predict_explain_body (502, NULL, &fix);
  g_assert_error (empty, CS_ERROR, CS_ERROR_SERVER);
  g_assert_cmpint (fix, ==, CS_PREDICT_FIX_RETRY_LATER);
  g_assert_nonnull (strstr (empty->message, "502"));
}

/* How long the Playground waits for a predict */

static void
test_timeout_for_connector (void)
{
  static const struct
  {
    const char *connector;
    guint       seconds;
  } cases[] = {
    /* ML Commons' default read timeout (30 s), one try, and the margin */
    { "{\"name\":\"c\"}", 30 + 30 },
    { "{\"client_config\":{\"max_connection\":30}}", 30 + 30 },
    { "{\"client_config\":{\"read_timeout\":120,\"max_retry_times\":2}}", 3 * 120 + 30 },
    /* Numbers as strings or doubles, as clusters send them */
    { "{\"client_config\":{\"read_timeout\":\"90\",\"max_retry_times\":1.0}}", 2 * 90 + 30 },
    /* -1: retried until retry_timeout_seconds */
    { "{\"client_config\":{\"read_timeout\":60,\"max_retry_times\":-1,"
      "\"retry_timeout_seconds\":100}}", 60 + 100 + 30 },
    { "{\"client_config\":{\"read_timeout\":60,\"max_retry_times\":-1}}", 60 + 30 + 30 },
    /* 2.14–3.5 show 30000 (seconds): never wait that long */
    { "{\"client_config\":{\"read_timeout\":30000}}", CS_PREDICT_MAX_TIMEOUT },
    { "{\"client_config\":{\"read_timeout\":0,\"max_retry_times\":\"x\"}}", 30 + 30 },
  };

  g_assert_cmpuint (cs_predict_timeout_for_connector (NULL), ==, CS_PREDICT_DEFAULT_TIMEOUT);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].connector);

      g_test_message ("case %u: %s", i, cases[i].connector);
      g_assert_cmpuint (cs_predict_timeout_for_connector (json_node_get_object (node)), ==,
                        cases[i].seconds);
    }
}

static void
test_wrong_types (void)
{
  /* Each member has a type the answer should not have; json-glib printed a
   * Json-CRITICAL (fatal in tests) for several of them. */
  const char *bodies[] = {
    "{\"error\": {\"type\": {}, \"reason\": []}, \"status\": 400}",
    "{\"error\": 5}",
    "{\"message\": {\"text\": \"x\"}}",
    "{\"error\": {\"reason\": \"Error from remote service: {\\\"message\\\": []}\"}}",
  };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = parse (bodies[i]);
      g_autoptr(GError) explained = cs_predict_explain_body (400, body, NULL);

      g_assert_nonnull (explained);
      g_assert_true (explained->domain == CS_ERROR);
    }

  answer = parse ("{\"inference_results\":[{\"output\":[{\"name\": {}, \"dataAsMap\":"
                  " {\"content\": [{\"type\": \"thinking\", \"thinking\": \"t\","
                  " \"signature\": 7}, {\"type\": \"text\", \"text\": \"a\"}],"
                  " \"stop_reason\": [], \"model\": 4, \"usage\": []}}]}]}");
  prediction = cs_prediction_new_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_null (cs_prediction_get_block_signature (prediction, 0));
  g_assert_null (cs_prediction_get_stop_reason (prediction));
  g_assert_null (cs_prediction_get_model (prediction));
  g_clear_object (&prediction);
  g_clear_pointer (&answer, json_node_unref);

  /* A "response" array whose elements' types are not strings. */
  answer = parse ("{\"inference_results\":[{\"output\":[{\"name\": \"response\","
                  " \"dataAsMap\": {\"response\": [{\"type\": {}}]}}]}]}");
  prediction = cs_prediction_new_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_prediction_get_n_blocks (prediction), ==, 1);
}

static void
test_invalid_utf8 (void)
{
  /* A tree from plain json-glib: the escape \360 became the lone byte 0xF0. */
  g_autoptr(JsonNode) answer = parse ("{\"inference_results\":[{\"output\":[{\"name\":"
                                      " \"response\", \"dataAsMap\": {\"content\":"
                                      " [{\"type\": \"text\", \"text\": \"hi \\360\"}],"
                                      " \"stop_reason\": \"end\\377\", \"model\": \"m\\360\"}}]}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = cs_prediction_new_from_json (answer, &error);
  g_autoptr(GError) explained = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cs_prediction_get_block_text (prediction, 0), ==, "hi \xef\xbf\xbd");
  g_assert_true (g_utf8_validate (cs_prediction_get_stop_reason (prediction), -1, NULL));
  g_assert_true (g_utf8_validate (cs_prediction_get_model (prediction), -1, NULL));
  text = cs_prediction_dup_answer_text (prediction);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  body = parse ("{\"error\": {\"reason\": \"Error from remote service: {\\\"message\\\":"
                " \\\"bad \\\\360\\\"}\"}}");
  explained = cs_predict_explain_body (400, body, NULL);
  g_assert_true (g_utf8_validate (explained->message, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/prediction/standard", test_standard);
  g_test_add_func ("/prediction/thinking", test_thinking);
  g_test_add_func ("/prediction/usage-integers", test_usage_integers);
  g_test_add_func ("/prediction/usage-odd", test_usage_odd);
  g_test_add_func ("/prediction/redacted", test_redacted);
  g_test_add_func ("/prediction/several-blocks", test_several_blocks);
  g_test_add_func ("/prediction/response-shapes", test_response_shapes);
  g_test_add_func ("/prediction/not-a-prediction", test_not_a_prediction);
  g_test_add_func ("/prediction/read-async", test_read_async);
  g_test_add_func ("/predict/timeout-for-connector", test_timeout_for_connector);
  g_test_add_func ("/prediction/errors", test_errors);
  g_test_add_func ("/prediction/unwrap", test_unwrap);
  g_test_add_func ("/prediction/error-string-body", test_error_string_body);
  g_test_add_func ("/prediction/wrong-types", test_wrong_types);
  g_test_add_func ("/prediction/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
