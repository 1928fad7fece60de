/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-connector-spec.h"
#include "cs-payload.h"
#include "cs-test-utils.h"

static const char *blueprints[] = {
  "blueprints/bedrock_claude4_standard.json",
  "blueprints/bedrock_claude4_standard_rolearn.json",
  "blueprints/bedrock_claude4_extended_thinking.json",
  "blueprints/bedrock_claude4_extended_thinking_rolearn.json",
};

/* The predict parameters of the blueprint's "Test model inference" steps. */
#define BLUEPRINT_PREDICT \
  "{\"system_prompt\":\"You are a helpful assistant.\"," \
  " \"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}]}"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static CsVersion
version (const char *text)
{
  CsVersion v;

  g_assert_true (cs_version_parse (text, &v));
  return v;
}

/* A connector with one predict action whose request_body is template and
 * whose parameters are the given JSON object text (may be NULL). */
static JsonNode *
connector_with (const char *template,
                const char *parameters_json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "test");
  if (parameters_json != NULL)
    {
      json_builder_set_member_name (builder, "parameters");
      json_builder_add_value (builder, parse (parameters_json));
    }
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action_type");
  json_builder_add_string_value (builder, "predict");
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, "POST");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, "https://bedrock-runtime.${parameters.region}.amazonaws.com/model/${parameters.model}/invoke");
  json_builder_set_member_name (builder, "request_body");
  json_builder_add_string_value (builder, template);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static CsPayloadPreview *
render (const char      *template,
        const char      *connector_parameters,
        const char      *predict_parameters,
        const CsVersion *v)
{
  g_autoptr(JsonNode) connector = connector_with (template, connector_parameters);
  g_autoptr(JsonNode) predict = predict_parameters != NULL ? parse (predict_parameters) : NULL;

  return cs_payload_preview_new (json_node_get_object (connector),
                                 predict != NULL ? json_node_get_object (predict) : NULL, v);
}

/* The string member name of the rendered body (which must be JSON). */
static char *
body_string (CsPayloadPreview *preview,
             const char       *name)
{
  g_autoptr(JsonNode) body = parse (preview->body);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (body));
  return g_strdup (json_object_get_string_member (json_node_get_object (body), name));
}

static void
test_escape_json (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain text", "plain text" },
    { "say \"hi\"", "say \\\"hi\\\"" },
    { "back\\slash", "back\\\\slash" },
    { "line\nnext", "line\\nnext" },
    { "tab\there", "tab\\there" },
    { "cr\rlf", "cr\\rlf" },
    { "\b\f", "\\b\\f" },
    { "a/b", "a\\/b" },
    { "caf\xc3\xa9", "caf\\u00E9" },                  /* é */
    { "\xe4\xb8\xad", "\\u4E2D" },                     /* 中 */
    { "\xf0\x9f\x98\x80", "\\uD83D\\uDE00" },          /* 😀 → surrogate pair */
    { "\x01\x1f", "\\u0001\\u001F" },
    { "\x7f", "\\u007F" },
    { "~", "~" },
    { "<&>='", "<&>='" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = cs_payload_escape_json (cases[i].in);

      g_assert_cmpstr (escaped, ==, cases[i].out);
    }
}

static void
test_blueprints (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (blueprints); i++)
    {
      g_autoptr(JsonNode) connector = cs_test_data_json (blueprints[i]);
      g_autoptr(JsonNode) predict = parse (BLUEPRINT_PREDICT);
      g_autoptr(CsPayloadPreview) preview = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *messages = NULL;
      g_autofree char *expected_messages = NULL;
      JsonObject *parameters;
      JsonObject *object;
      gboolean thinking = strstr (blueprints[i], "thinking") != NULL;
      CsVersion v = version ("2.19.0");

      g_test_message ("%s", blueprints[i]);
      parameters = json_object_get_object_member (json_node_get_object (connector), "parameters");
      json_object_set_string_member (parameters, "region", "us-west-2");

      preview = cs_payload_preview_new (json_node_get_object (connector),
                                        json_node_get_object (predict), &v);
      g_assert_nonnull (preview);
      g_assert_null (preview->problem);
      g_assert_true (preview->valid_json);
      g_assert_nonnull (preview->unfilled);
      g_assert_cmpuint (g_strv_length (preview->unfilled), ==, 0);
      g_assert_cmpstr (preview->url, ==,
                       "https://bedrock-runtime.us-west-2.amazonaws.com/model/"
                       "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke");

      body = parse (preview->body);
      object = json_node_get_object (body);
      g_assert_cmpstr (json_object_get_string_member (object, "system"), ==,
                       "You are a helpful assistant.");
      g_assert_cmpstr (json_object_get_string_member (object, "anthropic_version"), ==,
                       "bedrock-2023-05-31");
      g_assert_cmpint (json_object_get_int_member (object, "max_tokens"), ==, 8000);
      g_assert_cmpint (json_object_get_int_member (object, "temperature"), ==, 1);

      messages = cs_test_canonical_json (json_object_get_member (object, "messages"));
      expected_messages = cs_test_canonical_json (json_object_get_member (json_node_get_object (predict),
                                                                          "messages"));
      g_assert_cmpstr (messages, ==, expected_messages);

      if (thinking)
        {
          JsonObject *t = json_object_get_object_member (object, "thinking");

          g_assert_nonnull (t);
          g_assert_cmpstr (json_object_get_string_member (t, "type"), ==, "enabled");
          g_assert_cmpint (json_object_get_int_member (t, "budget_tokens"), ==, 1024);
        }
      else
        g_assert_false (json_object_has_member (object, "thinking"));
    }
}

#define BLUEPRINT_TEMPLATE \
  "{ \"system\": \"${parameters.system_prompt}\", \"anthropic_version\": " \
  "\"${parameters.anthropic_version}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, \"messages\": ${parameters.messages} }"

#define BLUEPRINT_PARAMETERS \
  "{\"region\":\"us-east-1\",\"service_name\":\"bedrock\",\"max_tokens\":8000,\"temperature\":1," \
  "\"anthropic_version\":\"bedrock-2023-05-31\",\"model\":\"m\",\"use_system_prompt\":true"

static void
test_connector_system_prompt_raw (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;

  /* Stored on the connector, the prompt goes in raw and breaks the JSON. */
  preview = render (BLUEPRINT_TEMPLATE,
                    BLUEPRINT_PARAMETERS ",\"system_prompt\":\"Answer \\\"briefly\\\".\\nBe kind.\"}",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", NULL);
  g_assert_false (preview->valid_json);
  g_assert_nonnull (preview->problem);
  g_assert_true (g_str_has_prefix (preview->problem, "Invalid payload: { \"system\": \"Answer \"briefly\".\nBe kind.\""));
  g_assert_true (g_str_has_suffix (preview->problem, preview->body));
}

static void
test_predict_system_prompt_escaped (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autofree char *system = NULL;
  const char *prompt = "Answer \"briefly\".\nUse a/b — caf\xc3\xa9 \xf0\x9f\x98\x80";

  preview = render (BLUEPRINT_TEMPLATE, BLUEPRINT_PARAMETERS "}",
                    "{\"system_prompt\":\"Answer \\\"briefly\\\".\\nUse a/b \xe2\x80\x94 caf\xc3\xa9 \xf0\x9f\x98\x80\","
                    " \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", NULL);
  g_assert_null (preview->problem);
  g_assert_true (preview->valid_json);
  /* The escaping is visible in the body... */
  g_assert_nonnull (strstr (preview->body, "a\\/b \\u2014 caf\\u00E9 \\uD83D\\uDE00"));
  /* ...and Bedrock reads back the original text. */
  system = body_string (preview, "system");
  g_assert_cmpstr (system, ==, prompt);
}

static void
test_missing_messages (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;

  preview = render (BLUEPRINT_TEMPLATE, BLUEPRINT_PARAMETERS "}",
                    "{\"system_prompt\":\"You are a helpful assistant.\"}", NULL);
  g_assert_false (preview->valid_json);
  g_assert_cmpstr (preview->problem, ==,
                   "Invalid payload: { \"system\": \"You are a helpful assistant.\", "
                   "\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 8000, "
                   "\"temperature\": 1, \"messages\": ${parameters.messages} }");
  g_assert_cmpuint (g_strv_length (preview->unfilled), ==, 1);
  g_assert_cmpstr (preview->unfilled[0], ==, "messages");
}

static void
test_missing_quoted (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;

  preview = render (BLUEPRINT_TEMPLATE, BLUEPRINT_PARAMETERS "}",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", NULL);
  g_assert_true (preview->valid_json);
  g_assert_cmpstr (preview->problem, ==,
                   "Some parameter placeholder not filled in payload: system_prompt");
  g_assert_cmpuint (g_strv_length (preview->unfilled), ==, 1);
  g_assert_cmpstr (preview->unfilled[0], ==, "system_prompt");
}

static void
test_missing_repeated (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;

  /* ML Commons lists every occurrence; unfilled lists each name once. */
  preview = render ("{\"a\":\"${parameters.x}\",\"b\":\"${parameters.y}\",\"c\":\"${parameters.x}\"}",
                    NULL, NULL, NULL);
  g_assert_cmpstr (preview->problem, ==,
                   "Some parameter placeholder not filled in payload: x, y, x");
  g_assert_cmpuint (g_strv_length (preview->unfilled), ==, 2);
  g_assert_cmpstr (preview->unfilled[0], ==, "x");
  g_assert_cmpstr (preview->unfilled[1], ==, "y");
}

static void
test_skip_validation (void)
{
  CsVersion v2_16 = version ("2.16.0");
  CsVersion v2_17 = version ("2.17.0");
  g_autoptr(CsPayloadPreview) old = NULL;
  g_autoptr(CsPayloadPreview) new = NULL;
  const char *template = "{\"a\":\"${parameters.x}\"}";
  const char *params = "{\"skip_validating_missing_parameters\":\"true\"}";

  old = render (template, params, NULL, &v2_16);
  new = render (template, params, NULL, &v2_17);
  g_assert_nonnull (old->problem);
  g_assert_null (new->problem);
  g_assert_cmpuint (g_strv_length (new->unfilled), ==, 1);
}

static void
test_json_string_raw (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(CsPayloadPreview) broken = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonArray *messages;

  /* messages as a string that holds JSON text: inserted raw. */
  preview = render (BLUEPRINT_TEMPLATE, BLUEPRINT_PARAMETERS "}",
                    "{\"system_prompt\":\"s\","
                    " \"messages\":\"[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"hi\\\"}]\"}", NULL);
  g_assert_null (preview->problem);
  body = parse (preview->body);
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  g_assert_nonnull (messages);
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_nonnull (strstr (preview->body, "\"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]"));

  /* A prompt that happens to be a JSON object is raw too, and breaks a quoted placeholder. */
  broken = render (BLUEPRINT_TEMPLATE, BLUEPRINT_PARAMETERS "}",
                   "{\"system_prompt\":\"{\\\"a\\\":1}\",\"messages\":[]}", NULL);
  g_assert_false (broken->valid_json);
  g_assert_true (g_str_has_prefix (broken->problem, "Invalid payload: { \"system\": \"{\"a\":1}\""));
}

static void
test_predict_wins (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonNode) body = NULL;

  preview = render (BLUEPRINT_TEMPLATE, BLUEPRINT_PARAMETERS ",\"system_prompt\":\"connector\"}",
                    "{\"system_prompt\":\"predict\",\"max_tokens\":100,\"messages\":[]}", NULL);
  g_assert_null (preview->problem);
  body = parse (preview->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "system"), ==, "predict");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "max_tokens"), ==, 100);
}

static void
test_parameter_strings (void)
{
  static const struct { const char *json; const char *text; } cases[] = {
    { "8000", "8000" },
    { "1", "1" },
    { "0.5", "0.5" },
    { "1.0", "1.0" },
    { "1e10", "1.0E10" },
    { "0.0001", "1.0E-4" },
    { "0.001", "0.001" },
    { "1234567.5", "1234567.5" },
    { "12345678.5", "1.23456785E7" },
    { "-2.5", "-2.5" },
    { "true", "true" },
    { "false", "false" },
    { "null", "null" },
    { "\"text\"", "text" },
    { "[1,\"a\",{\"k\":null}]", "[1,\"a\",{\"k\":null}]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *params = g_strdup_printf ("{\"p\":%s}", cases[i].json);
      g_autoptr(CsPayloadPreview) preview = NULL;
      g_autofree char *expected = NULL;

      /* Connector parameters are stored as text and inserted raw. */
      preview = render ("[\"${parameters.p}\"]", params, NULL, NULL);
      expected = g_strdup_printf ("[\"%s\"]", cases[i].text);
      g_test_message ("%s", cases[i].json);
      g_assert_cmpstr (preview->body, ==, expected);
    }
}

static void
test_gson_html_escaping (void)
{
  CsVersion v3_2 = version ("3.2.0");
  CsVersion v3_3 = version ("3.3.0");
  const char *predict = "{\"messages\":[{\"role\":\"user\",\"content\":\"a<b & c='d'\",\"x\":null}]}";
  g_autoptr(CsPayloadPreview) old = render ("{\"m\": ${parameters.messages}}", NULL, predict, &v3_2);
  g_autoptr(CsPayloadPreview) new = render ("{\"m\": ${parameters.messages}}", NULL, predict, &v3_3);

  g_assert_cmpstr (old->body, ==,
                   "{\"m\": [{\"role\":\"user\",\"content\":\"a\\u003cb \\u0026 c\\u003d\\u0027d\\u0027\"}]}");
  /* HashMap order: role, x, content. */
  g_assert_cmpstr (new->body, ==,
                   "{\"m\": [{\"role\":\"user\",\"x\":null,\"content\":\"a<b & c='d'\"}]}");
  g_assert_null (old->problem);
  g_assert_null (new->problem);
}

static void
test_hash_map_order (void)
{
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(CsPayloadPreview) big = NULL;
  GString *members = g_string_new (NULL);
  g_autofree char *predict = NULL;

  /* java.util.HashMap iterates "text" (bucket 11) before "type" (bucket 12). */
  preview = render ("{\"m\": ${parameters.messages}}", NULL,
                    "{\"messages\":[{\"type\":\"text\",\"text\":\"hi\"}]}", NULL);
  g_assert_cmpstr (preview->body, ==, "{\"m\": [{\"text\":\"hi\",\"type\":\"text\"}]}");

  /* Thirteen members grow the table to 32 buckets: "q" (hash 113) then
   * leaves bucket 1, which it shared with "a" in a table of 16, for
   * bucket 17, after "l". */
  g_string_append (members, "\"q\":0");
  for (char c = 'a'; c <= 'l'; c++)
    g_string_append_printf (members, ",\"%c\":%d", c, c - 'a' + 1);
  predict = g_strdup_printf ("{\"o\":{%s}}", members->str);
  big = render ("${parameters.o}", NULL, predict, NULL);
  g_assert_true (g_str_has_prefix (big->body, "{\"a\":1,\"b\":2,"));
  g_assert_true (g_str_has_suffix (big->body, "\"l\":12,\"q\":0}"));
  g_assert_true (big->valid_json);
  g_string_free (members, TRUE);
}

static void
test_java_strictness (void)
{
  g_autoptr(CsPayloadPreview) line_break = NULL;
  g_autoptr(CsPayloadPreview) two_roots = NULL;
  g_autoptr(CsPayloadPreview) tab = NULL;

  /* A raw line break inside a string: Java refuses it (json-glib would not). */
  line_break = render ("{\"system\":\"${parameters.p}\"}", "{\"p\":\"one\\ntwo\"}", NULL, NULL);
  g_assert_false (line_break->valid_json);
  g_assert_cmpstr (line_break->problem, ==, "Invalid payload: {\"system\":\"one\ntwo\"}");

  /* Two documents on one line are not one payload. */
  two_roots = render ("{\"a\":1} {\"b\":\"${parameters.p}\"}", "{\"p\":\"x\"}", NULL, NULL);
  g_assert_false (two_roots->valid_json);
  g_assert_nonnull (two_roots->problem);

  /* A raw tab is accepted (org.json and lenient Gson take it). */
  tab = render ("{\"system\":\"${parameters.p}\"}", "{\"p\":\"one\\ttwo\"}", NULL, NULL);
  g_assert_true (tab->valid_json);
  g_assert_null (tab->problem);
}

static void
test_versions_escaping (void)
{
  CsVersion v2_9 = version ("2.9.0");
  CsVersion v2_11 = version ("2.11.0");
  const char *predict = "{\"q\":\"say \\\"hi\\\"\"}";
  g_autoptr(CsPayloadPreview) v29 = render ("{\"q\":\"${parameters.q}\"}", NULL, predict, &v2_9);
  g_autoptr(CsPayloadPreview) v211 = render ("{\"q\":\"${parameters.q}\"}", NULL, predict, &v2_11);
  g_autoptr(CsPayloadPreview) v211_bad = render ("{\"q\":${parameters.q}}", NULL, predict, &v2_11);

  /* 2.9 escaped nothing. */
  g_assert_false (v29->valid_json);
  g_assert_cmpstr (v29->problem, ==, "Invalid JSON in payload");
  g_assert_true (v211->valid_json);
  g_assert_null (v211->problem);
  /* Before 2.12 the message did not quote the payload. */
  g_assert_cmpstr (v211_bad->problem, ==, "Invalid JSON in payload");
}

static void
test_no_escape_params (void)
{
  CsVersion v2_19 = version ("2.19.0");
  CsVersion v3_0 = version ("3.0.0");
  const char *predict = "{\"raw\":\"\\\"quoted\\\"\",\"no_escape_params\":\"raw\"}";
  g_autoptr(CsPayloadPreview) old = render ("{\"r\":\"${parameters.raw}\"}", NULL, predict, &v2_19);
  g_autoptr(CsPayloadPreview) new = render ("{\"r\":${parameters.raw}}", NULL, predict, &v3_0);

  g_assert_cmpstr (old->body, ==, "{\"r\":\"\\\"quoted\\\"\"}");
  g_assert_cmpstr (new->body, ==, "{\"r\":\"quoted\"}");
}

static void
test_defaults_and_escapes (void)
{
  g_autoptr(CsPayloadPreview) defaults = NULL;
  g_autoptr(CsPayloadPreview) escaped = NULL;
  g_autoptr(CsPayloadPreview) present = NULL;

  defaults = render ("{\"a\":\"${parameters.a:-fallback}\",\"b\":\"${parameters.b:-null}\",\"c\":${parameters.c:-7}}",
                     NULL, NULL, NULL);
  g_assert_cmpstr (defaults->body, ==, "{\"a\":\"fallback\",\"b\":null,\"c\":7}");
  g_assert_null (defaults->problem);

  present = render ("{\"b\":\"${parameters.b:-null}\"}", "{\"b\":\"set\"}", NULL, NULL);
  g_assert_cmpstr (present->body, ==, "{\"b\":\"set\"}");

  /* $${ stays literal, and ML Commons then sees an unfilled placeholder. */
  escaped = render ("{\"a\":\"$${parameters.x}\",\"b\":\"${parameters.x}\"}", "{\"x\":\"v\"}", NULL, NULL);
  g_assert_cmpstr (escaped->body, ==, "{\"a\":\"${parameters.x}\",\"b\":\"v\"}");
  g_assert_cmpstr (escaped->problem, ==, "Some parameter placeholder not filled in payload: x");
}

static void
test_recursion (void)
{
  g_autoptr(CsPayloadPreview) nested = NULL;
  g_autoptr(CsPayloadPreview) cycle = NULL;
  g_autoptr(CsPayloadPreview) self_cycle = NULL;

  nested = render ("{\"a\":\"${parameters.a}\"}",
                   "{\"a\":\"<${parameters.b}>\",\"b\":\"[${parameters.c}]\",\"c\":\"end\"}", NULL, NULL);
  g_assert_cmpstr (nested->body, ==, "{\"a\":\"<[end]>\"}");
  g_assert_null (nested->problem);

  cycle = render ("{\"a\":\"${parameters.a}\"}",
                  "{\"a\":\"${parameters.b}\",\"b\":\"${parameters.a}\"}", NULL, NULL);
  g_assert_false (cycle->valid_json);
  g_assert_cmpstr (cycle->problem, ==,
                   "Infinite loop in property interpolation of {\"a\":\"${parameters.a}\"}: a->b");

  self_cycle = render ("[\"${parameters.a}\"]", "{\"a\":\"x${parameters.a}\"}", NULL, NULL);
  g_assert_nonnull (self_cycle->problem);
  g_assert_true (g_str_has_prefix (self_cycle->problem, "Infinite loop in property interpolation of "));
}

static void
test_to_string (void)
{
  g_autoptr(CsPayloadPreview) inside = NULL;
  g_autoptr(CsPayloadPreview) direct = NULL;
  g_autofree char *prompt = NULL;

  /* Named in another parameter's value: x.toString() exists. */
  inside = render ("{\"prompt\":\"${parameters.prompt}\"}",
                   "{\"prompt\":\"Q: ${parameters.question.toString()}\","
                   " \"question\":\"he said \\\"hi\\\"\\nthen left\"}", NULL, NULL);
  g_assert_null (inside->problem);
  prompt = body_string (inside, "prompt");
  g_assert_cmpstr (prompt, ==, "Q: he said \"hi\"\nthen left");

  /* Written directly in request_body: nothing defines it. */
  direct = render ("{\"q\":\"${parameters.question.toString()}\"}", "{\"question\":\"x\"}", NULL, NULL);
  g_assert_cmpstr (direct->problem, ==,
                   "Some parameter placeholder not filled in payload: question.toString()");
}

static void
test_no_predict_action (void)
{
  g_autoptr(JsonNode) connector = parse ("{\"name\":\"x\",\"actions\":[{\"action_type\":\"execute\"}]}");
  g_autoptr(CsPayloadPreview) preview = cs_payload_preview_new (json_node_get_object (connector), NULL, NULL);

  g_assert_nonnull (preview->problem);
  g_assert_cmpstr (preview->body, ==, "");
  g_assert_null (preview->url);
  g_assert_nonnull (preview->unfilled);
}

static void
test_ndjson (void)
{
  g_autoptr(CsPayloadPreview) preview = render ("{\"a\":\"${parameters.a}\"}\n{\"b\":1}\n", "{\"a\":\"x\"}", NULL, NULL);
  g_autoptr(CsPayloadPreview) scalar = render ("${parameters.a}", "{\"a\":\"42\"}", NULL, NULL);

  g_assert_true (preview->valid_json);
  g_assert_null (preview->problem);
  /* ML Commons wants an object or an array. */
  g_assert_false (scalar->valid_json);
  g_assert_cmpstr (scalar->problem, ==, "Invalid payload: 42");
}

/* The Connectors page's preview: the blueprint's test call through the
 * form's default connector fills every placeholder. */
static void
test_sample_parameters (void)
{
  g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();
  g_autoptr(JsonObject) again = cs_payload_sample_predict_parameters ();
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonNode) rendered = NULL;
  JsonObject *object, *message, *block;

  g_assert_true (sample != again);
  g_assert_cmpstr (json_object_get_string_member (sample, "system_prompt"), ==,
                   "You are a helpful assistant.");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sample, "messages")),
                    ==, 1);

  cs_connector_spec_set_region (spec, "us-east-1");
  body = cs_connector_spec_build_body (spec, TRUE);
  preview = cs_payload_preview_new (json_node_get_object (body), sample, NULL);
  g_assert_true (preview->valid_json);
  g_assert_null (preview->problem);
  g_assert_cmpuint (g_strv_length (preview->unfilled), ==, 0);

  rendered = json_from_string (preview->body, NULL);
  g_assert_nonnull (rendered);
  object = json_node_get_object (rendered);
  g_assert_cmpstr (json_object_get_string_member (object, "system"), ==,
                   "You are a helpful assistant.");
  message = json_array_get_object_element (json_object_get_array_member (object, "messages"), 0);
  g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, "user");
  block = json_array_get_object_element (json_object_get_array_member (message, "content"), 0);
  g_assert_cmpstr (json_object_get_string_member (block, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (block, "text"), ==, "hello world");
}

static void
check_repaired (CsPayloadPreview *preview)
{
  g_autoptr(JsonNode) rendered = NULL;
  JsonObject *object;

  g_assert_true (g_utf8_validate (preview->body, -1, NULL));
  g_assert_true (g_utf8_validate (preview->url, -1, NULL));
  g_assert_true (preview->valid_json);
  rendered = parse (preview->body);
  object = json_node_get_object (rendered);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "o"),
                                                  "k"), ==, "a\xef\xbf\xbd");
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "o"),
                                         "\xef\xbf\xbd"));
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "b\xef\xbf\xbd");
  g_assert_cmpstr (json_object_get_string_member (object, "t"), ==, "\xef\xbf\xbd");
}

/* json-glib turns an escape such as "\360" into a raw byte that is not
 * UTF-8; rendering an object parameter that holds one (in a value or a
 * member name) read past the end of the string. Java holds U+FFFD there. */
static void
test_invalid_utf8 (void)
{
  static const char text[] =
    "{ \"name\": \"x\", \"parameters\": { \"obj\": { \"k\": \"a\\360\", \"\\360\": 1 },"
    "  \"s\": \"b\\360\" },"
    "  \"actions\": [ { \"action_type\": \"predict\", \"method\": \"POST\","
    "    \"url\": \"https://x/\\360\","
    "    \"request_body\": \"{ \\\"o\\\": ${parameters.obj}, \\\"s\\\": \\\"${parameters.s}\\\","
    "                       \\\"t\\\": \\\"\\360\\\" }\" } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (text, &error);
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(CsPayloadPreview) from_raw = NULL;
  g_autoptr(CsPayloadPreview) from_import = NULL;

  g_assert_no_error (error);

  /* As json-glib reads it (raw bytes), and as the import repairs it: the
   * renderer must not rely on the import. */
  raw = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (json_object_get_string_member (
                    json_object_get_object_member (json_node_get_object (raw), "parameters"),
                    "s"), -1, NULL));
  from_raw = cs_payload_preview_new (json_node_get_object (raw), NULL, NULL);
  check_repaired (from_raw);

  imported = cs_connector_spec_build_body (spec, TRUE);
  from_import = cs_payload_preview_new (json_node_get_object (imported), NULL, NULL);
  check_repaired (from_import);
}

/* A 1 MB connector: 65,000 placeholders, each filled with a parameter that
 * names another one twice, and as many escaped ones. Substituting in place
 * moved the rest of the text for every variable (about 30 s for 120 KB);
 * this finishes well within the test's timeout when rendering is linear. */
static void
test_large_connector (void)
{
  const guint n = 32500;
  g_autoptr(GString) template = g_string_new ("{\"x\":\"");
  g_autoptr(GString) expected = g_string_new ("{\"x\":\"");
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonNode) connector = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_string_append (template, "${parameters.p}$${parameters.p}");
      g_string_append (expected, "ab-ab${parameters.p}");
    }
  g_string_append (template, "\"}");
  g_string_append (expected, "\"}");
  g_assert_cmpuint (template->len, >, 1000000);

  connector = connector_with (template->str,
                              "{\"p\": \"${parameters.q}-${parameters.q}\", \"q\": \"ab\"}");
  preview = cs_payload_preview_new (json_node_get_object (connector), NULL, NULL);
  g_assert_cmpstr (preview->body, ==, expected->str);
  g_assert_true (preview->valid_json);
  g_assert_cmpstr (preview->unfilled[0], ==, "p");
  g_assert_null (preview->unfilled[1]);
}

/* Parameters that name each other 5,000 deep: refused with a sentence
 * instead of 5,000 nested calls. */
static void
test_deep_chain (void)
{
  g_autoptr(GString) parameters = g_string_new ("{");
  g_autoptr(CsPayloadPreview) preview = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (parameters, "\"p%u\": \"${parameters.p%u}\", ", i, i + 1);
  g_string_append (parameters, "\"p5000\": \"end\" }");
  preview = render ("{\"x\": \"${parameters.p0}\"}", parameters->str, NULL, NULL);
  g_assert_nonnull (preview->problem);
  g_assert_nonnull (strstr (preview->problem, "1000"));

  /* 900 deep is fine. */
  g_clear_pointer (&preview, cs_payload_preview_free);
  preview = render ("{\"x\": \"${parameters.p4100}\"}", parameters->str, NULL, NULL);
  g_assert_null (preview->problem);
  g_assert_cmpstr (preview->body, ==, "{\"x\": \"end\"}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/payload/escape-json", test_escape_json);
  g_test_add_func ("/payload/blueprints", test_blueprints);
  g_test_add_func ("/payload/connector-system-prompt-raw", test_connector_system_prompt_raw);
  g_test_add_func ("/payload/predict-system-prompt-escaped", test_predict_system_prompt_escaped);
  g_test_add_func ("/payload/missing-messages", test_missing_messages);
  g_test_add_func ("/payload/missing-quoted", test_missing_quoted);
  g_test_add_func ("/payload/missing-repeated", test_missing_repeated);
  g_test_add_func ("/payload/skip-validation", test_skip_validation);
  g_test_add_func ("/payload/json-string-raw", test_json_string_raw);
  g_test_add_func ("/payload/predict-wins", test_predict_wins);
  g_test_add_func ("/payload/parameter-strings", test_parameter_strings);
  g_test_add_func ("/payload/gson-html-escaping", test_gson_html_escaping);
  g_test_add_func ("/payload/hash-map-order", test_hash_map_order);
  g_test_add_func ("/payload/java-strictness", test_java_strictness);
  g_test_add_func ("/payload/versions-escaping", test_versions_escaping);
  g_test_add_func ("/payload/no-escape-params", test_no_escape_params);
  g_test_add_func ("/payload/defaults-and-escapes", test_defaults_and_escapes);
  g_test_add_func ("/payload/recursion", test_recursion);
  g_test_add_func ("/payload/to-string", test_to_string);
  g_test_add_func ("/payload/no-predict-action", test_no_predict_action);
  g_test_add_func ("/payload/ndjson", test_ndjson);
  g_test_add_func ("/payload/sample-parameters", test_sample_parameters);
  g_test_add_func ("/payload/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/payload/large-connector", test_large_connector);
  g_test_add_func ("/payload/deep-chain", test_deep_chain);

  return g_test_run ();
}
