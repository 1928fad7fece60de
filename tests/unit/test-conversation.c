/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-prediction.h"
#include "cs-test-utils.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
build (CsConversation           *conversation,
       const CsPredictOverrides *overrides)
{
  g_autoptr(GError) error = NULL;
  JsonNode *body = cs_conversation_build_predict_body (conversation, overrides, &error);

  g_assert_no_error (error);
  g_assert_nonnull (body);
  return body;
}

static void
test_blueprint_body (void)
{
  /* claude4-bedrock-blueprint.md 2.3 and 3.3 */
  g_autoptr(JsonNode) expected = parse (
    "{\n"
    "  \"parameters\": {\n"
    "    \"system_prompt\": \"You are a helpful assistant.\",\n"
    "    \"messages\": [\n"
    "      {\n"
    "        \"role\": \"user\",\n"
    "        \"content\": [\n"
    "          {\n"
    "            \"type\": \"text\",\n"
    "            \"text\": \"hello world\"\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n");
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hello world");
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  cs_conversation_set_system_prompt (conversation, "You are a helpful assistant.");
  cs_conversation_append (conversation, turn);
  body = build (conversation, NULL);

  want = cs_test_canonical_json (expected);
  got = cs_test_canonical_json (body);
  g_assert_cmpstr (got, ==, want);
}

static const char *thinking_answer =
  "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
  "\"content\":[{\"type\":\"thinking\",\"thinking\":\"Let me think \\u2014 \\\"carefully\\\".\","
  "\"signature\":\"ErUBCkYIBRgCIkB+/x==\\\\slash/\\u00e9\"},"
  "{\"type\":\"redacted_thinking\",\"data\":\"opaque==\"},"
  "{\"type\":\"text\",\"text\":\"Hello!\"}],\"stop_reason\":\"end_turn\"}}]}]}";

static void
test_multi_turn_thinking (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) first = cs_turn_new (CS_TURN_ROLE_USER, "hello world");
  g_autoptr(CsTurn) second = cs_turn_new (CS_TURN_ROLE_USER, "and again");
  g_autoptr(JsonNode) answer_node = parse (thinking_answer);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = cs_prediction_new_from_json (answer_node, &error);
  g_autoptr(CsTurn) assistant = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonArray *messages, *sent_content, *received_content;
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;

  g_assert_no_error (error);
  assistant = cs_prediction_to_turn (prediction);

  cs_conversation_append (conversation, first);
  cs_conversation_append (conversation, assistant);
  cs_conversation_append (conversation, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 3);
  body = build (conversation, NULL);

  messages = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (body), "parameters"), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "role"), ==, "assistant");

  /* The assistant content goes back exactly as received. */
  sent_content = json_object_get_array_member (json_array_get_object_element (messages, 1),
                                               "content");
  received_content = cs_prediction_get_content (prediction);
  {
    g_autoptr(JsonNode) a = json_node_new (JSON_NODE_ARRAY);
    g_autoptr(JsonNode) b = json_node_new (JSON_NODE_ARRAY);

    json_node_set_array (a, sent_content);
    json_node_set_array (b, received_content);
    sent = cs_test_canonical_json (a);
    received = cs_test_canonical_json (b);
  }
  g_assert_cmpstr (sent, ==, received);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent_content, 0),
                                                  "signature"),
                   ==, "ErUBCkYIBRgCIkB+/x==\\slash/\xc3\xa9");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent_content, 0),
                                                  "thinking"),
                   ==, "Let me think \xe2\x80\x94 \"carefully\".");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent_content, 1),
                                                  "data"), ==, "opaque==");

  /* Editing the assistant's text keeps its thinking blocks. */
  cs_turn_set_text (assistant, "Hi!");
  g_clear_pointer (&body, json_node_unref);
  body = build (conversation, NULL);
  messages = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (body), "parameters"), "messages");
  sent_content = json_object_get_array_member (json_array_get_object_element (messages, 1),
                                               "content");
  g_assert_cmpuint (json_array_get_length (sent_content), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent_content, 0),
                                                  "signature"),
                   ==, "ErUBCkYIBRgCIkB+/x==\\slash/\xc3\xa9");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent_content, 2),
                                                  "text"), ==, "Hi!");
  /* …and the prediction itself is untouched. */
  g_assert_cmpstr (cs_prediction_get_block_text (prediction, 2), ==, "Hello!");

  /* Remove and insert. */
  cs_conversation_remove (conversation, 2);
  g_assert_cmpuint (cs_conversation_get_n_turns (conversation), ==, 2);
  g_assert_true (cs_conversation_get_turn (conversation, 1) == assistant);
  g_assert_cmpint (cs_conversation_find (conversation, second), ==, -1);
  cs_conversation_insert (conversation, 0, second);
  g_assert_cmpint (cs_conversation_find (conversation, second), ==, 0);
  cs_conversation_clear (conversation);
  g_assert_cmpuint (cs_conversation_get_n_turns (conversation), ==, 0);
}

static void
test_special_characters (void)
{
  const char *text = "quote \" backslash \\ slash / newline\n tab\t é 日本 😀 ${notaparam}";
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, text);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *serialized = NULL;
  JsonObject *parameters;

  cs_conversation_set_system_prompt (conversation, text);
  cs_conversation_append (conversation, turn);
  body = build (conversation, NULL);

  /* Serialised and parsed again, every character survives. */
  json_generator_set_root (generator, body);
  serialized = json_generator_to_data (generator, NULL);
  back = parse (serialized);
  parameters = json_object_get_object_member (json_node_get_object (back), "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "system_prompt"), ==, text);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (
                         json_array_get_object_element (
                           json_object_get_array_member (parameters, "messages"), 0),
                         "content"), 0),
                     "text"), ==, text);
  /* messages go as a JSON array, never as a string. */
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (parameters, "messages")));
}

static void
test_json_system_prompt (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "{\"a\":1}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) fixed = NULL;
  g_autofree char *wrapped = NULL;

  g_assert_true (cs_predict_text_is_json ("{\"a\":1}"));
  g_assert_true (cs_predict_text_is_json ("  [1, 2]\n"));
  g_assert_false (cs_predict_text_is_json ("{not json"));
  g_assert_false (cs_predict_text_is_json ("\"a string\""));
  g_assert_false (cs_predict_text_is_json ("42"));
  g_assert_false (cs_predict_text_is_json ("You are {\"a\":1}"));
  g_assert_true (cs_predict_text_has_placeholder ("x ${parameters.model} y"));
  g_assert_false (cs_predict_text_has_placeholder ("${model}"));

  /* A user text that is JSON is fine: it travels inside the messages array. */
  cs_conversation_append (conversation, turn);
  cs_conversation_set_system_prompt (conversation, "{\"a\":1}");
  body = cs_conversation_build_predict_body (conversation, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);

  wrapped = cs_predict_wrap_json_text ("{\"a\":1}\n");
  g_assert_false (cs_predict_text_is_json (wrapped));
  g_assert_nonnull (strstr (wrapped, "{\"a\":1}"));
  cs_conversation_set_system_prompt (conversation, wrapped);
  fixed = build (conversation, NULL);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (fixed), "parameters"),
                     "system_prompt"), ==, wrapped);
}

static void
test_refused_conversations (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) assistant = cs_turn_new (CS_TURN_ROLE_ASSISTANT, "I start");
  g_autoptr(CsTurn) empty = cs_turn_new (CS_TURN_ROLE_USER, "  \n ");
  g_autoptr(GError) error = NULL;

  g_assert_null (cs_conversation_build_predict_body (conversation, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  cs_conversation_append (conversation, assistant);
  g_assert_null (cs_conversation_build_predict_body (conversation, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  cs_conversation_remove (conversation, 0);
  cs_conversation_append (conversation, empty);
  g_assert_null (cs_conversation_build_predict_body (conversation, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

static void
test_overrides_in_body (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hi");
  CsPredictOverrides overrides = { .max_tokens = 4000, .set_temperature = TRUE,
                                   .temperature = 1.0, .budget_tokens = 2048 };
  CsPredictOverrides bad = { .budget_tokens = 100 };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *parameters;

  cs_conversation_append (conversation, turn);
  body = build (conversation, &overrides);
  parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
  g_assert_cmpint (json_object_get_int_member (parameters, "max_tokens"), ==, 4000);
  g_assert_cmpint (json_object_get_int_member (parameters, "budget_tokens"), ==, 2048);
  g_assert_cmpfloat (json_object_get_double_member (parameters, "temperature"), ==, 1.0);
  /* Numbers, not strings: ML Commons turns them into the template's bare numbers. */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (parameters, "max_tokens")),
                   ==, G_TYPE_INT64);

  g_assert_null (cs_conversation_build_predict_body (conversation, &bad, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

static void
test_overrides_validate (void)
{
  CsPredictOverrides none = { 0, };
  CsPredictOverrides defaults = { .max_tokens = 8000, .set_temperature = TRUE,
                                  .temperature = 1.0, .budget_tokens = 1024 };
  struct {
    CsPredictOverrides o;
    gboolean thinking;
    gboolean ok;
    CsOverrideField field;
  } cases[] = {
    { { 0, }, TRUE, TRUE, CS_OVERRIDE_FIELD_NONE },
    { { 0, }, FALSE, TRUE, CS_OVERRIDE_FIELD_NONE },
    { { .set_temperature = TRUE, .temperature = 0.5 }, FALSE, TRUE, CS_OVERRIDE_FIELD_NONE },
    { { .set_temperature = TRUE, .temperature = 0.5 }, TRUE, FALSE, CS_OVERRIDE_FIELD_TEMPERATURE },
    { { .set_temperature = TRUE, .temperature = 1.5 }, FALSE, FALSE, CS_OVERRIDE_FIELD_TEMPERATURE },
    { { .set_temperature = TRUE, .temperature = -0.1 }, FALSE, FALSE, CS_OVERRIDE_FIELD_TEMPERATURE },
    { { .set_temperature = TRUE, .temperature = NAN }, FALSE, FALSE, CS_OVERRIDE_FIELD_TEMPERATURE },
    { { .budget_tokens = 1023 }, TRUE, FALSE, CS_OVERRIDE_FIELD_BUDGET_TOKENS },
    { { .budget_tokens = 1024 }, TRUE, TRUE, CS_OVERRIDE_FIELD_NONE },
    { { .budget_tokens = 8000 }, TRUE, FALSE, CS_OVERRIDE_FIELD_BUDGET_TOKENS },
    { { .max_tokens = 1024 }, TRUE, FALSE, CS_OVERRIDE_FIELD_MAX_TOKENS },
    { { .max_tokens = 1025 }, TRUE, TRUE, CS_OVERRIDE_FIELD_NONE },
    { { .max_tokens = 1025 }, FALSE, TRUE, CS_OVERRIDE_FIELD_NONE },
    { { .budget_tokens = 2000 }, FALSE, FALSE, CS_OVERRIDE_FIELD_BUDGET_TOKENS },
    { { .max_tokens = 16000, .budget_tokens = 10000 }, TRUE, TRUE, CS_OVERRIDE_FIELD_NONE },
  };

  g_autoptr(JsonNode) thinking = cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  g_autoptr(JsonNode) standard = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  CsPredictLimits with_thinking, without_thinking;

  /* The blueprint's connectors (Sonnet 4), with these defaults */
  cs_predict_limits_from_connector (json_node_get_object (thinking), &with_thinking);
  cs_predict_limits_from_connector (json_node_get_object (standard), &without_thinking);
  with_thinking.defaults = defaults;
  without_thinking.defaults = defaults;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CsOverrideField field = -1;
      gboolean ok = cs_predict_overrides_check (&cases[i].o,
                                                cases[i].thinking ? &with_thinking
                                                                  : &without_thinking,
                                                &field, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpint (field, ==, cases[i].field);
      if (ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
    }

  cs_predict_limits_clear (&with_thinking);
  cs_predict_limits_clear (&without_thinking);

  /* Without defaults only what is given is checked. */
  g_assert_true (cs_predict_overrides_check (&none, NULL, NULL, NULL));
  {
    CsPredictOverrides budget = { .budget_tokens = 5000 };

    g_assert_true (cs_predict_overrides_check (&budget, NULL, NULL, NULL));
  }
}

static void
test_defaults_from_connector (void)
{
  g_autoptr(JsonNode) thinking = cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  g_autoptr(JsonNode) standard = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  /* As GET connector answers: every parameter a string, action type upper-case. */
  g_autoptr(JsonNode) stored = parse (
    "{\"parameters\":{\"max_tokens\":\"8000\",\"temperature\":\"1\",\"budget_tokens\":\"1024\"},"
    "\"actions\":[{\"action_type\":\"PREDICT\",\"request_body\":"
    "\"{ \\\"thinking\\\": {\\\"type\\\": \\\"enabled\\\"} }\"}]}");
  CsPredictOverrides d;
  gboolean is_thinking;

  cs_predict_defaults_from_connector (json_node_get_object (thinking), &d, &is_thinking);
  g_assert_true (is_thinking);
  g_assert_cmpint (d.max_tokens, ==, 8000);
  g_assert_cmpint (d.budget_tokens, ==, 1024);
  g_assert_true (d.set_temperature);
  g_assert_cmpfloat (d.temperature, ==, 1.0);

  cs_predict_defaults_from_connector (json_node_get_object (standard), &d, &is_thinking);
  g_assert_false (is_thinking);
  g_assert_cmpint (d.budget_tokens, ==, 0);

  cs_predict_defaults_from_connector (json_node_get_object (stored), &d, &is_thinking);
  g_assert_true (is_thinking);
  g_assert_cmpint (d.max_tokens, ==, 8000);
}

static CsConversation *
sample_conversation (void)
{
  CsConversation *conversation = cs_conversation_new ();
  g_autoptr(CsTurn) first = cs_turn_new (CS_TURN_ROLE_USER, "hello world");
  g_autoptr(JsonNode) answer_node = parse (thinking_answer);
  g_autoptr(CsPrediction) prediction = cs_prediction_new_from_json (answer_node, NULL);
  g_autoptr(CsTurn) assistant = cs_prediction_to_turn (prediction);

  cs_conversation_set_system_prompt (conversation, "You are a helpful assistant.");
  cs_conversation_append (conversation, first);
  cs_conversation_append (conversation, assistant);
  return conversation;
}

static void
test_export_json (void)
{
  g_autoptr(CsConversation) conversation = sample_conversation ();
  g_autofree char *json = cs_conversation_to_json (conversation, "Dkx6_5YBIvu8EdWRL-gO");
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autoptr(CsConversation) back = cs_conversation_new_from_json (json, -1, &model_id, &error);
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpstr (model_id, ==, "Dkx6_5YBIvu8EdWRL-gO");
  g_assert_cmpstr (cs_conversation_get_system_prompt (back), ==, "You are a helpful assistant.");
  g_assert_cmpuint (cs_conversation_get_n_turns (back), ==, 2);

  /* The same predict body, signatures and all. */
  a = build (conversation, NULL);
  b = build (back, NULL);
  ca = cs_test_canonical_json (a);
  cb = cs_test_canonical_json (b);
  g_assert_cmpstr (ca, ==, cb);

  g_assert_null (cs_conversation_new_from_json ("{\"format\":\"other\"}", -1, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (cs_conversation_new_from_json ("not json", -1, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

static char *
deep_json (guint depth)
{
  GString *text = g_string_new ("{\"format\":\"connector-studio-conversation\",\"version\":1,"
                                "\"messages\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static void
test_import_deep (void)
{
  g_autofree char *deep = deep_json (100000);
  g_autoptr(GError) error = NULL;

  /* json-glib recursed once per level and overflowed the stack. */
  g_assert_null (cs_conversation_new_from_json (deep, -1, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "levels deep"));
}

static void
test_import_wrong_types (void)
{
  /* Each of these printed a Json-CRITICAL (fatal in tests) before. */
  const char *files[] = {
    "{\"format\": {}}",
    "{\"format\": \"connector-studio-conversation\", \"version\": {}}",
    "{\"format\": \"connector-studio-conversation\", \"version\": \"1\"}",
    "{\"format\": \"connector-studio-conversation\", \"version\": 1,"
    " \"messages\": [{\"role\": {}, \"content\": []}]}",
    "{\"format\": \"connector-studio-conversation\", \"version\": 1,"
    " \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": [], \"text\": 1}]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (cs_conversation_new_from_json (files[i], -1, NULL, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *model_id = NULL;
    g_autoptr(CsConversation) c = NULL;

    c = cs_conversation_new_from_json ("{\"format\": \"connector-studio-conversation\","
                                       " \"version\": 1, \"system_prompt\": [1],"
                                       " \"model_id\": {}, \"messages\": {}}",
                                       -1, &model_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cs_conversation_get_system_prompt (c), ==, "");
    g_assert_null (model_id);
    g_assert_cmpuint (cs_conversation_get_n_turns (c), ==, 0);
  }
}

static void
test_import_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConversation) c = NULL;
  g_autofree char *text = NULL;

  /* json-glib makes the lone byte 0xF0 of the escape \360. */
  c = cs_conversation_new_from_json ("{\"format\": \"connector-studio-conversation\","
                                     " \"version\": 1, \"system_prompt\": \"a\\360\","
                                     " \"messages\": [{\"role\": \"user\", \"content\":"
                                     " [{\"type\": \"text\", \"text\": \"b\\377\"}]}]}",
                                     -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (cs_conversation_get_system_prompt (c), -1, NULL));
  text = cs_conversation_to_markdown (c, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "b\xef\xbf\xbd"));
}

static void
test_export_extreme_doubles (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(JsonNode) content = parse ("[{\"type\": \"text\", \"text\": \"x\"},"
                                       " {\"type\": \"tool_use\", \"input\":"
                                       " {\"big\": 1e96, \"small\": 1e-300, \"neg\": -1e200,"
                                       " \"fine\": 0.5, \"whole\": 12.0, \"inf\": 0}}]");
  g_autoptr(CsTurn) turn = NULL;
  g_autoptr(CsConversation) back = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  JsonObject *input;

  /* A value no JSON text holds, as a computation may leave it. */
  input = json_object_get_object_member (
            json_array_get_object_element (json_node_get_array (content), 1), "input");
  json_object_set_double_member (input, "inf", INFINITY);

  turn = cs_turn_new_from_content (CS_TURN_ROLE_ASSISTANT, json_node_get_array (content),
                                   &error);
  g_assert_no_error (error);
  cs_conversation_append (conversation, turn);

  /* json-glib alone wrote "1e+96.0" and "inf.0", which no reader accepts. */
  first = cs_conversation_to_json (conversation, NULL);
  g_assert_null (strstr (first, "e+96.0"));
  g_assert_null (strstr (first, "inf.0"));
  reread = parse (first);
  input = json_object_get_object_member (
            json_array_get_object_element (
              json_object_get_array_member (
                json_array_get_object_element (
                  json_object_get_array_member (json_node_get_object (reread), "messages"), 0),
                "content"), 1), "input");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (input, "big") / 1e96, 1, 1e-15);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (input, "small") / 1e-300, 1,
                                  1e-15);
  g_assert_cmpfloat (json_object_get_double_member (input, "fine"), ==, 0.5);
  g_assert_true (json_object_get_null_member (input, "inf"));

  /* Import → export → import is stable. */
  back = cs_conversation_new_from_json (first, -1, NULL, &error);
  g_assert_no_error (error);
  second = cs_conversation_to_json (back, NULL);
  g_assert_cmpstr (first, ==, second);
}

static void
test_defaults_overflow (void)
{
  const char *connectors[] = {
    "{\"parameters\": {\"max_tokens\": \"1e30\", \"budget_tokens\": \"-1e30\"}}",
    "{\"parameters\": {\"max_tokens\": 1e30, \"budget_tokens\": 9.3e18}}",
    "{\"parameters\": {\"max_tokens\": {}, \"budget_tokens\": []},"
    " \"actions\": [{\"action_type\": {}, \"request_body\": 5}, 7]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
    {
      g_autoptr(JsonNode) connector = parse (connectors[i]);
      CsPredictOverrides d;
      gboolean thinking = TRUE;

      /* (gint64) 1e30 overflowed into a negative count. */
      cs_predict_defaults_from_connector (json_node_get_object (connector), &d, &thinking);
      g_assert_cmpint (d.max_tokens, ==, 0);
      g_assert_cmpint (d.budget_tokens, ==, 0);
      g_assert_false (thinking);
    }
}

static void
test_export_markdown (void)
{
  g_autoptr(CsConversation) conversation = sample_conversation ();
  g_autofree char *markdown = cs_conversation_to_markdown (conversation, "anthropic.claude-v4");
  const char *thinking, *answer;

  g_assert_nonnull (strstr (markdown, "# Conversation with anthropic.claude-v4"));
  g_assert_nonnull (strstr (markdown, "You are a helpful assistant."));
  g_assert_nonnull (strstr (markdown, "## User\n\nhello world"));
  thinking = strstr (markdown, "> **Thinking**");
  answer = strstr (markdown, "Hello!");
  g_assert_nonnull (thinking);
  g_assert_nonnull (answer);
  /* The thinking is quoted and comes before the answer. */
  g_assert_nonnull (strstr (markdown, "> Let me think"));
  g_assert_true (thinking < answer);
  g_assert_nonnull (strstr (markdown, "Redacted by the model."));
  /* Signatures are for the model, not for readers. */
  g_assert_null (strstr (markdown, "ErUBCkYIBRgCIkB"));
}

static void
test_mask_and_curl (void)
{
  /* Built at run time so that no key-shaped text sits in the sources. */
  g_autofree char *key_id = g_strconcat ("AK", "IA", "ABCDEFGHIJKLMNOP", NULL);
  g_autofree char *text = g_strdup_printf ("my key is %s, keep it", key_id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *masked_text = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *path = NULL;
  JsonObject *parameters;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "system_prompt");
  json_builder_add_string_value (b, "It's fine");
  json_builder_set_member_name (b, "secret_key");
  json_builder_add_string_value (b, "not-for-eyes");
  json_builder_set_member_name (b, "note");
  json_builder_add_string_value (b, text);
  json_builder_set_member_name (b, "max_tokens");
  json_builder_add_int_value (b, 100);
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  masked = cs_predict_mask_secrets (body);
  json_generator_set_root (generator, masked);
  masked_text = json_generator_to_data (generator, NULL);
  g_assert_null (strstr (masked_text, "not-for-eyes"));
  g_assert_null (strstr (masked_text, key_id));
  g_assert_nonnull (strstr (masked_text, "my key is ********, keep it"));
  parameters = json_object_get_object_member (json_node_get_object (masked), "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "system_prompt"), ==, "It's fine");
  g_assert_cmpint (json_object_get_int_member (parameters, "max_tokens"), ==, 100);
  /* The original is untouched. */
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (body), "parameters"),
                     "secret_key"), ==, "not-for-eyes");

  curl = cs_predict_curl_command ("https://admin:hunter2@localhost:9200/", "Dkx6_5YBIvu8EdWRL-gO",
                                  body);
  g_assert_true (g_str_has_prefix (curl, "curl -X POST 'https://localhost:9200/_plugins/_ml/"
                                         "models/Dkx6_5YBIvu8EdWRL-gO/_predict'"));
  g_assert_null (strstr (curl, "hunter2"));
  g_assert_null (strstr (curl, "not-for-eyes"));
  /* The single quote of the prompt survives shell quoting. */
  g_assert_nonnull (strstr (curl, "It'\\''s fine"));

  /* What the Playground shows as the request: the path, then the masked body. */
  shown = cs_predict_describe_request ("Dkx6_5YBIvu8EdWRL-gO", body);
  g_assert_true (g_str_has_prefix (shown, "POST /_plugins/_ml/models/Dkx6_5YBIvu8EdWRL-gO/"
                                          "_predict\n{\n"));
  g_assert_null (strstr (shown, "not-for-eyes"));
  g_assert_null (strstr (shown, key_id));
  g_assert_nonnull (strstr (shown, "\"It's fine\""));

  /* A model id is escaped in every path. */
  path = cs_predict_path ("a b/c?d");
  g_assert_cmpstr (path, ==, "_plugins/_ml/models/a%20b%2Fc%3Fd/_predict");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/conversation/blueprint-body", test_blueprint_body);
  g_test_add_func ("/conversation/multi-turn-thinking", test_multi_turn_thinking);
  g_test_add_func ("/conversation/special-characters", test_special_characters);
  g_test_add_func ("/conversation/json-system-prompt", test_json_system_prompt);
  g_test_add_func ("/conversation/refused", test_refused_conversations);
  g_test_add_func ("/conversation/overrides-in-body", test_overrides_in_body);
  g_test_add_func ("/conversation/overrides-validate", test_overrides_validate);
  g_test_add_func ("/conversation/defaults-from-connector", test_defaults_from_connector);
  g_test_add_func ("/conversation/export-json", test_export_json);
  g_test_add_func ("/conversation/export-markdown", test_export_markdown);
  g_test_add_func ("/conversation/import-deep", test_import_deep);
  g_test_add_func ("/conversation/import-wrong-types", test_import_wrong_types);
  g_test_add_func ("/conversation/import-invalid-utf8", test_import_invalid_utf8);
  g_test_add_func ("/conversation/export-extreme-doubles", test_export_extreme_doubles);
  g_test_add_func ("/conversation/defaults-overflow", test_defaults_overflow);
  g_test_add_func ("/conversation/mask-and-curl", test_mask_and_curl);

  return g_test_run ();
}
