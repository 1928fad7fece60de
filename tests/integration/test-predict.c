/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-predict.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"


typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  cs_test_sandbox_stop (f->sandbox);
}

/* One predict call through the flow the playground uses; on success the
 * parsed answer, else NULL with *error explained and *fix set. */
static CsPrediction *
predict (Fixture       *f,
         const char    *model_id,
         JsonNode      *body,
         GError       **error,
         CsPredictFix  *fix)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_predict_async (f->client, model_id, body, CS_PREDICT_DEFAULT_TIMEOUT, NULL,
                    cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 60000);
  return cs_predict_finish (f->client, result, fix, NULL, error);
}

static CsPrediction *
predict_ok (Fixture        *f,
            const char     *model_id,
            CsConversation *conversation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = cs_conversation_build_predict_body (conversation, NULL, &error);
  CsPrediction *prediction;
  CsPredictFix fix = CS_PREDICT_FIX_NONE;

  g_assert_no_error (error);
  prediction = predict (f, model_id, body, &error, &fix);
  g_assert_no_error (error);
  g_assert_nonnull (prediction);
  return prediction;
}

static CsConversation *
hello_conversation (const char *system_prompt,
                    const char *text)
{
  CsConversation *conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, text);

  cs_conversation_set_system_prompt (conversation, system_prompt);
  cs_conversation_append (conversation, turn);
  return conversation;
}

static void
test_standard (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_autoptr(CsConversation) conversation =
    hello_conversation ("You are a helpful assistant.", "hello world");
  g_autoptr(CsPrediction) p = predict_ok (f, model_id, conversation);
  CsUsage usage;

  g_assert_cmpuint (cs_prediction_get_n_blocks (p), ==, 1);
  g_assert_cmpint (cs_prediction_get_block_kind (p, 0), ==, CS_BLOCK_TEXT);
  g_assert_nonnull (strstr (cs_prediction_get_block_text (p, 0), "hello world"));
  g_assert_cmpstr (cs_prediction_get_stop_reason (p), ==, "end_turn");
  cs_prediction_get_usage (p, &usage);
  g_assert_cmpint (usage.input_tokens, >, 0);
  g_assert_cmpint (usage.output_tokens, >, 0);
  g_assert_cmpint (usage.cache_read_input_tokens, >=, 0);
}

static void
test_thinking_multi_turn (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *model_id =
    cs_test_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                          CS_TEST_SECRET_KEY, CS_TEST_SESSION_TOKEN, NULL);
  g_autoptr(CsConversation) conversation =
    hello_conversation ("You are a helpful assistant.", "hello world");
  g_autoptr(CsPrediction) first = predict_ok (f, model_id, conversation);
  g_autoptr(CsPrediction) second = NULL;
  g_autoptr(CsTurn) answer = NULL;
  g_autoptr(CsTurn) again = cs_turn_new (CS_TURN_ROLE_USER, "and once more");
  g_autofree char *text = NULL;

  /* Thinking first, then the answer. */
  g_assert_cmpuint (cs_prediction_get_n_blocks (first), >=, 2);
  g_assert_cmpint (cs_prediction_get_block_kind (first, 0), ==, CS_BLOCK_THINKING);
  g_assert_nonnull (cs_prediction_get_block_signature (first, 0));
  text = cs_prediction_dup_answer_text (first);
  g_assert_nonnull (strstr (text, "hello world"));
  g_assert_null (strstr (text, cs_prediction_get_block_text (first, 0)));

  /* The sandbox checks each thinking block's signature like Bedrock: the
   * second call only succeeds when the blocks went back unmodified. */
  answer = cs_prediction_to_turn (first);
  cs_conversation_append (conversation, answer);
  cs_conversation_append (conversation, again);
  second = predict_ok (f, model_id, conversation);
  g_clear_pointer (&text, g_free);
  text = cs_prediction_dup_answer_text (second);
  g_assert_nonnull (strstr (text, "and once more"));
  g_assert_cmpint (cs_prediction_get_block_kind (second, 0), ==, CS_BLOCK_THINKING);
}

static void
test_tampered_thinking (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *model_id =
    cs_test_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                          CS_TEST_SECRET_KEY, NULL, NULL);
  g_autoptr(CsConversation) conversation =
    hello_conversation ("You are a helpful assistant.", "hello world");
  g_autoptr(CsPrediction) first = predict_ok (f, model_id, conversation);
  g_autoptr(JsonArray) content = json_array_new ();
  g_autoptr(CsTurn) tampered = NULL;
  g_autoptr(CsTurn) again = cs_turn_new (CS_TURN_ROLE_USER, "again");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) p = NULL;
  JsonArray *received = cs_prediction_get_content (first);
  CsPredictFix fix;

  /* A thinking block whose text was changed no longer matches its
   * signature: Bedrock refuses it. This is what keeping them byte for byte
   * avoids. */
  for (guint i = 0; i < json_array_get_length (received); i++)
    {
      JsonNode *copy = json_node_copy (json_array_get_element (received, i));
      JsonObject *block = json_node_get_object (copy);

      if (cs_block_get_kind (block) == CS_BLOCK_THINKING)
        json_object_set_string_member (block, "thinking", "something else");
      json_array_add_element (content, copy);
    }
  tampered = cs_turn_new_from_content (CS_TURN_ROLE_ASSISTANT, content, &error);
  g_assert_no_error (error);
  cs_conversation_append (conversation, tampered);
  cs_conversation_append (conversation, again);
  body = cs_conversation_build_predict_body (conversation, NULL, &error);
  g_assert_no_error (error);
  p = predict (f, model_id, body, &error, &fix);
  g_assert_null (p);
  g_assert_error (error, CS_ERROR, CS_ERROR_REMOTE);
  g_assert_nonnull (strstr (error->message, "signature"));
}

static void
test_special_characters (Fixture       *f,
                         gconstpointer  data)
{
  const char *text = "Quotes \" and \\ backslashes, a / slash,\nnew lines,\ttabs, "
                     "\xc3\xa9t\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac and emoji \xf0\x9f\x98\x80\xf0\x9f\x91\x8d";
  const char *system = "Be \"precise\" \\ / \xe2\x80\x94 caf\xc3\xa9 \xf0\x9f\xa4\x96\nSecond line.";
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_autoptr(CsConversation) conversation = hello_conversation (system, text);
  g_autoptr(CsPrediction) p = predict_ok (f, model_id, conversation);
  g_autoptr(CsConversation) json_text = hello_conversation ("You are a helpful assistant.",
                                                            "{\"a\": [1, \"two\"]}");
  g_autoptr(CsPrediction) q = NULL;

  /* The sandbox echoes the last user text: every character came through. */
  g_assert_nonnull (strstr (cs_prediction_get_block_text (p, 0), text));

  /* A user text that is JSON travels inside messages and arrives as text. */
  q = predict_ok (f, model_id, json_text);
  g_assert_nonnull (strstr (cs_prediction_get_block_text (q, 0), "{\"a\": [1, \"two\"]}"));
}

static void
test_json_system_prompt (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_autoptr(CsConversation) conversation = hello_conversation ("{\"a\":1}", "hello");
  g_autoptr(JsonNode) raw = cs_test_parse_json (
    "{\"parameters\":{\"system_prompt\":\"{\\\"a\\\":1}\",\"messages\":[{\"role\":\"user\","
    "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) p = NULL;
  g_autoptr(CsPrediction) wrapped_answer = NULL;
  g_autofree char *wrapped = NULL;
  CsPredictFix fix = CS_PREDICT_FIX_NONE;

  /* What ML Commons does with it when sent anyway: inserted raw. */
  p = predict (f, model_id, raw, &error, &fix);
  g_assert_null (p);
  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_cmpint (fix, ==, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS);
  g_clear_error (&error);

  /* So the app refuses to build it, and the offered fix goes through. */
  g_assert_null (cs_conversation_build_predict_body (conversation, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  wrapped = cs_predict_wrap_json_text ("{\"a\":1}");
  cs_conversation_set_system_prompt (conversation, wrapped);
  wrapped_answer = predict_ok (f, model_id, conversation);
  g_assert_nonnull (strstr (cs_prediction_get_block_text (wrapped_answer, 0), "hello"));
}

typedef struct
{
  const char   *forced;
  CsError       code;
  CsPredictFix  fix;
} ForcedCase;

static void
test_forced_errors (Fixture       *f,
                    gconstpointer  data)
{
  static const ForcedCase cases[] = {
    { "throttling", CS_ERROR_THROTTLED, CS_PREDICT_FIX_RETRY_LATER },
    { "expired-token", CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS },
    { "invalid-signature", CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS },
    { "access-denied", CS_ERROR_REMOTE_FORBIDDEN, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS },
    { "internal", CS_ERROR_REMOTE, CS_PREDICT_FIX_RETRY_LATER },
    { "timeout", CS_ERROR_REMOTE, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS },
    { "empty-error", CS_ERROR_REMOTE, CS_PREDICT_FIX_RETRY_LATER },
  };
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *control = g_strdup_printf ("{\"error\":\"%s\"}", cases[i].forced);
      g_autoptr(JsonNode) control_body = cs_test_parse_json (control);
      g_autoptr(JsonNode) clear_body = cs_test_parse_json ("{\"error\":null}");
      g_autoptr(JsonNode) set = NULL;
      g_autoptr(JsonNode) cleared = NULL;
      g_autoptr(CsConversation) conversation = hello_conversation ("Hi.", "hello world");
      g_autoptr(JsonNode) body = cs_conversation_build_predict_body (conversation, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsPrediction) p = NULL;
      CsPredictFix fix = -1;

      set = cs_test_request (f->client, "POST", "_sandbox/bedrock-error", control_body,
                             NULL, NULL, &error);
      g_assert_no_error (error);
      p = predict (f, model_id, body, &error, &fix);
      g_test_message ("%s: %s", cases[i].forced, error != NULL ? error->message : "(none)");
      g_assert_null (p);
      g_assert_error (error, CS_ERROR, (gint) cases[i].code);
      g_assert_cmpint (fix, ==, cases[i].fix);
      g_assert_null (strstr (error->message, "Error from remote service"));
      g_clear_error (&error);
      cleared = cs_test_request (f->client, "POST", "_sandbox/bedrock-error", clear_body,
                                 NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
test_bad_keys (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *wrong = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                 CS_TEST_BAD_SECRET, NULL, NULL);
  g_autofree char *expired = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                   CS_TEST_SECRET_KEY, CS_TEST_EXPIRED_TOKEN,
                                                   NULL);
  g_autoptr(CsConversation) conversation = hello_conversation ("Hi.", "hello world");
  g_autoptr(JsonNode) body = cs_conversation_build_predict_body (conversation, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  CsPredictFix fix = CS_PREDICT_FIX_NONE;

  g_assert_null (predict (f, wrong, body, &error, &fix));
  g_assert_error (error, CS_ERROR, CS_ERROR_REMOTE_FORBIDDEN);
  g_assert_cmpint (fix, ==, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "access key"));

  g_assert_null (predict (f, expired, body, &error2, &fix));
  g_assert_error (error2, CS_ERROR, CS_ERROR_REMOTE_FORBIDDEN);
  g_assert_nonnull (strstr (error2->message, "expired"));
}

static void
test_thinking_rules (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *model_id =
    cs_test_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                          CS_TEST_SECRET_KEY, NULL, NULL);
  g_autoptr(CsConversation) conversation = hello_conversation ("Hi.", "hello world");
  struct {
    CsPredictOverrides overrides;
    const char        *in_sentence;
  } cases[] = {
    { { .set_temperature = TRUE, .temperature = 0.5 }, "temperature of 1" },
    { { .max_tokens = 1500, .budget_tokens = 2000 }, "greater than the thinking budget" },
  };
  g_autoptr(JsonNode) connector =
    cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  CsPredictLimits limits;

  cs_predict_limits_from_connector (json_node_get_object (connector), &limits);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = NULL;
      CsPredictFix fix = CS_PREDICT_FIX_NONE;

      /* The app refuses these before sending… */
      g_assert_false (cs_predict_overrides_check (&cases[i].overrides, &limits, NULL, NULL));
      /* …and explains Bedrock's refusal when they come from the connector. */
      body = cs_conversation_build_predict_body (conversation, NULL, &error);
      g_assert_no_error (error);
      {
        JsonObject *parameters =
          json_object_get_object_member (json_node_get_object (body), "parameters");

        if (cases[i].overrides.set_temperature)
          json_object_set_double_member (parameters, "temperature",
                                         cases[i].overrides.temperature);
        if (cases[i].overrides.max_tokens > 0)
          json_object_set_int_member (parameters, "max_tokens", cases[i].overrides.max_tokens);
        if (cases[i].overrides.budget_tokens > 0)
          json_object_set_int_member (parameters, "budget_tokens",
                                      cases[i].overrides.budget_tokens);
      }
      g_assert_null (predict (f, model_id, body, &error, &fix));
      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, CS_ERROR, CS_ERROR_REMOTE);
      g_assert_cmpint (fix, ==, CS_PREDICT_FIX_ADJUST_PARAMETERS);
      g_assert_nonnull (strstr (error->message, cases[i].in_sentence));
    }
  cs_predict_limits_clear (&limits);
}

static void
test_unknown_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CsConversation) conversation = hello_conversation ("Hi.", "hello world");
  g_autoptr(JsonNode) body = cs_conversation_build_predict_body (conversation, NULL, NULL);
  g_autoptr(GError) error = NULL;
  CsPredictFix fix = CS_PREDICT_FIX_NONE;

  g_assert_null (predict (f, "no-such-model-0000000", body, &error, &fix));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpint (fix, ==, CS_PREDICT_FIX_CHOOSE_MODEL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/predict/standard", test_standard);
  ADD ("/predict/thinking-multi-turn", test_thinking_multi_turn);
  ADD ("/predict/tampered-thinking", test_tampered_thinking);
  ADD ("/predict/special-characters", test_special_characters);
  ADD ("/predict/json-system-prompt", test_json_system_prompt);
  ADD ("/predict/forced-errors", test_forced_errors);
  ADD ("/predict/bad-keys", test_bad_keys);
  ADD ("/predict/thinking-rules", test_thinking_rules);
  ADD ("/predict/unknown-model", test_unknown_model);

  return g_test_run ();
}
