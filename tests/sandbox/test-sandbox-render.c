/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's ML Commons parameter rendering (mlcommons-api.md §5.4), function by function. */
#include "config.h"

#include <string.h>

#include "sb-render.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_json_equal (const char *actual,
                   const char *expected)
{
  g_autoptr(JsonNode) a = parse (actual);
  g_autoptr(JsonNode) e = parse (expected);

  if (!json_node_equal (a, e))
    g_error ("JSON differs:\n  actual   %s\n  expected %s", actual, expected);
}

static void
test_escape_json (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "plain text", "plain text" },
    { "say \"hi\"", "say \\\"hi\\\"" },
    { "back\\slash", "back\\\\slash" },
    { "a/b", "a\\/b" },
    { "line\nbreak", "line\\nbreak" },
    { "tab\there", "tab\\there" },
    { "\r\b\f", "\\r\\b\\f" },
    { "bell\x07 esc\x1b", "bell\\u0007 esc\\u001B" },
    { "\x7f", "\\u007F" },
    { "caf\xc3\xa9", "caf\\u00E9" },
    { "\xe4\xb8\xad", "\\u4E2D" },
    { "\xf0\x9f\x98\x80", "\\uD83D\\uDE00" },
    { "~ <>&='", "~ <>&='" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = sb_render_escape_json (cases[i].in);

      g_assert_cmpstr (escaped, ==, cases[i].out);
    }
}

static void
test_gson_string (void)
{
  g_autofree char *html = sb_render_gson_string ("<a href='x'>&=\"\n\xe2\x80\xa8\x01/", TRUE);
  g_autofree char *plain = sb_render_gson_string ("<a href='x'>&=\xc3\xa9", FALSE);

  g_assert_cmpstr (html, ==,
                   "\"\\u003ca href\\u003d\\u0027x\\u0027\\u003e\\u0026\\u003d\\\"\\n\\u2028"
                   "\\u0001/\"");
  g_assert_cmpstr (plain, ==, "\"<a href='x'>&=\xc3\xa9\"");
}

static void
test_java_double (void)
{
  static const struct
  {
    double value;
    const char *text;
  } cases[] = {
    { 9.0, "9.0" }, { 0.7, "0.7" }, { 1.0, "1.0" }, { -2.5, "-2.5" }, { 0.0, "0.0" },
    { 8000.0, "8000.0" }, { 1e7, "1.0E7" }, { 12345678.0, "1.2345678E7" }, { 0.001, "0.001" },
    { 0.0001, "1.0E-4" }, { 9999999.0, "9999999.0" }, { 0.1 + 0.2, "0.30000000000000004" },
    { 1e21, "1.0E21" }, { 123456.789, "123456.789" }, { 0.002, "0.002" },
    { 1.7976931348623157e308, "1.7976931348623157E308" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sb_render_java_double (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_value_to_string (void)
{
  static const struct
  {
    const char *json;
    guint major, minor;
    const char *text;
  } cases[] = {
    { "\"as is \\\"quoted\\\"\"", 2, 19, "as is \"quoted\"" },
    { "8000", 2, 19, "8000" },
    { "0.7", 2, 19, "0.7" },
    { "1.0", 2, 19, "1.0" },
    { "true", 2, 19, "true" },
    { "null", 2, 19, "null" },
    { "[ 1, \"two\" , {\"a\" : null} ]", 3, 3, "[1,\"two\",{\"a\":null}]" },
    { "[1, {\"a\": null, \"b\": \"<x>\"}]", 3, 2, "[1,{\"b\":\"\\u003cx\\u003e\"}]" },
    { "{\"role\": \"user\", \"content\": \"a/b \xc3\xa9\"}", 2, 19,
      "{\"role\":\"user\",\"content\":\"a/b \xc3\xa9\"}" },
    /* java.util.HashMap order: "text" hashes to bucket 11, "type" to 12. */
    { "[{\"type\": \"text\", \"text\": \"hello world\"}]", 3, 3,
      "[{\"text\":\"hello world\",\"type\":\"text\"}]" },
    { "{\"content\": [], \"role\": \"user\"}", 3, 3, "{\"role\":\"user\",\"content\":[]}" },
    /* Checked against OpenJDK 17's HashMap; the emoji hashes as its two UTF-16 units. */
    { "{\"\xc3\xa9\xf0\x9f\x98\x80\": \"x\", \"b\": \"y\", \"anthropic_version\": \"z\","
      " \"cache_control\": \"w\"}", 3, 3,
      "{\"\xc3\xa9\xf0\x9f\x98\x80\":\"x\",\"b\":\"y\",\"cache_control\":\"w\","
      "\"anthropic_version\":\"z\"}" },
    { "{\"key0\":0,\"key1\":1,\"key2\":2,\"key3\":3,\"key4\":4,\"key5\":5,\"key6\":6,"
      "\"key7\":7,\"key8\":8,\"key9\":9,\"key10\":10,\"key11\":11,\"key12\":12}", 3, 3,
      "{\"key1\":1,\"key2\":2,\"key0\":0,\"key5\":5,\"key6\":6,\"key3\":3,\"key4\":4,"
      "\"key9\":9,\"key7\":7,\"key8\":8,\"key11\":11,\"key10\":10,\"key12\":12}" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autofree char *text = sb_render_value_to_string (node, cases[i].major, cases[i].minor);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_is_json (void)
{
  g_assert_true (sb_render_is_json ("{\"a\":1}"));
  g_assert_true (sb_render_is_json (" [1, 2] "));
  g_assert_false (sb_render_is_json ("\"a string\""));
  g_assert_false (sb_render_is_json ("42"));
  g_assert_false (sb_render_is_json (""));
  g_assert_false (sb_render_is_json ("{\"a\":}"));
  g_assert_false (sb_render_is_json ("hello"));
  /* What json-glib would take but Java does not. */
  g_assert_false (sb_render_is_json ("{} {}"));
  g_assert_false (sb_render_is_json ("{'a': 1}"));
  g_assert_false (sb_render_is_json ("{\"a\": \"line\nbreak\"}"));
  g_assert_false (sb_render_is_json ("{\"a\": \"\\x\"}"));
  g_assert_false (sb_render_is_json ("{\"a\": 01}"));
  g_assert_false (sb_render_is_json ("[1,]"));
  g_assert_false (sb_render_is_json ("{\"a\": 1} trailing"));
  /* Escapes, numbers, nesting, a raw tab (org.json lets it through). */
  g_assert_true (sb_render_is_json ("{\"a\": \"\\u00E9\\n\\/\", \"b\": [-1.5e+3, 0, true, null, {}]}"));
  g_assert_true (sb_render_is_json ("{\"a\": \"tab\there\"}"));
  g_assert_true (sb_render_is_json ("\n [ [ [ ] ] ] \n"));
}

static void
test_parameters_merge (void)
{
  g_autoptr(JsonObject) connector = parse_object (
    "{\"model\": \"us.anthropic.claude-sonnet-4-20250514-v1:0\", \"raw\": \"a\\\"b/c\","
    " \"max_tokens\": \"8000\"}");
  g_autoptr(JsonObject) predict = parse_object (
    "{\"max_tokens\": 100, \"prompt\": \"x/y \\\"q\\\" \xc3\xa9\", \"obj\": \"{\\\"a\\\": 1}\","
    " \"list\": [1, 2], \"flag\": false, \"nothing\": null}");
  g_autoptr(GHashTable) p = sb_render_parameters (connector, predict, 2, 19);

  g_assert_cmpstr (g_hash_table_lookup (p, "model"), ==,
                   "us.anthropic.claude-sonnet-4-20250514-v1:0");
  /* Connector parameters are never escaped. */
  g_assert_cmpstr (g_hash_table_lookup (p, "raw"), ==, "a\"b/c");
  /* Predict time wins. */
  g_assert_cmpstr (g_hash_table_lookup (p, "max_tokens"), ==, "100");
  g_assert_cmpstr (g_hash_table_lookup (p, "prompt"), ==, "x\\/y \\\"q\\\" \\u00E9");
  /* A string that is a JSON object stays raw, and so does an array. */
  g_assert_cmpstr (g_hash_table_lookup (p, "obj"), ==, "{\"a\": 1}");
  g_assert_cmpstr (g_hash_table_lookup (p, "list"), ==, "[1,2]");
  g_assert_cmpstr (g_hash_table_lookup (p, "flag"), ==, "false");
  g_assert_cmpstr (g_hash_table_lookup (p, "nothing"), ==, "null");
}

static void
test_parameters_versions (void)
{
  g_autoptr(JsonObject) predict = parse_object (
    "{\"a\": \"x/y\", \"b\": \"x/y\", \"no_escape_params\": \"a, c\"}");
  g_autoptr(GHashTable) v29 = sb_render_parameters (NULL, predict, 2, 9);
  g_autoptr(GHashTable) v219 = sb_render_parameters (NULL, predict, 2, 19);
  g_autoptr(GHashTable) v30 = sb_render_parameters (NULL, predict, 3, 0);

  /* 2.9 escaped nothing. */
  g_assert_cmpstr (g_hash_table_lookup (v29, "a"), ==, "x/y");
  g_assert_cmpstr (g_hash_table_lookup (v29, "b"), ==, "x/y");
  /* no_escape_params exists from 3.0 only. */
  g_assert_cmpstr (g_hash_table_lookup (v219, "a"), ==, "x\\/y");
  g_assert_cmpstr (g_hash_table_lookup (v30, "a"), ==, "x/y");
  g_assert_cmpstr (g_hash_table_lookup (v30, "b"), ==, "x\\/y");
}

static GHashTable *
table (const char *first_key,
       ...)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (t, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return t;
}

static void
check_substitute (GHashTable *params,
                  const char *template,
                  const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = sb_render_substitute (template, params, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_substitute (void)
{
  g_autoptr(GHashTable) p = table ("a", "A", "b", "[${parameters.a}]", "c", "${parameters.b}!",
                                   "empty", "", NULL);

  check_substitute (p, "x ${parameters.a} y", "x A y");
  check_substitute (p, "${parameters.a}${parameters.a}", "AA");
  check_substitute (p, "${parameters.missing}", "${parameters.missing}");
  check_substitute (p, "${parameters.missing:-dflt}", "dflt");
  check_substitute (p, "${parameters.a:-dflt}", "A");
  check_substitute (p, "${parameters.empty:-dflt}", "");
  /* The first "}" ends the placeholder, so a placeholder default stays text. */
  check_substitute (p, "${parameters.missing:-${parameters.a}}", "${parameters.a}");
  check_substitute (p, "$${parameters.a} ${parameters.a}", "${parameters.a} A");
  check_substitute (p, "cost $5 ${parameters.a}", "cost $5 A");
  /* Recursive: a value's own placeholders are expanded too. */
  check_substitute (p, "${parameters.c}", "[A]!");
  check_substitute (p, "no placeholders {}", "no placeholders {}");
  check_substitute (p, "${parameters.a", "${parameters.a");
  check_substitute (p, "$$${parameters.a}", "$${parameters.a}");
  check_substitute (p, "${parameters.a${parameters.b}}", "${parameters.a${parameters.b}}");
  /* Every case above gives the same with commons-lang3 3.12's StrSubstitutor, the predecessor
   * of commons-text's StringSubstitutor with the same algorithm. */
}

static void
test_substitute_cycle (void)
{
  g_autoptr(GHashTable) p = table ("a", "<${parameters.b}>", "b", "${parameters.a}", "self",
                                   "${parameters.self}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = sb_render_substitute ("{${parameters.a}}", p, &error);

  g_assert_null (out);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_CYCLE);
  g_assert_cmpstr (error->message, ==,
                   "Infinite loop in property interpolation of {${parameters.a}}: a->b");
  g_assert_cmpuint (sb_render_error_status (error), ==, 500);
  g_assert_cmpstr (sb_render_error_type (error), ==, "illegal_state_exception");

  g_clear_error (&error);
  g_assert_null (sb_render_substitute ("${parameters.self}", p, &error));
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_CYCLE);
}

static void
test_substitute_too_large (void)
{
  g_autoptr(GHashTable) p = table ("a", "${parameters.b}${parameters.b}${parameters.b}${parameters.b}",
                                   "b", "${parameters.c}${parameters.c}${parameters.c}${parameters.c}",
                                   "c", "${parameters.m}${parameters.m}${parameters.m}${parameters.m}",
                                   NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  /* 4^3 copies of 1 MiB = 64 MiB: stopped, not computed. */
  g_hash_table_insert (p, g_strdup ("m"), g_strnfill (1024 * 1024, 'x'));
  out = sb_render_substitute ("${parameters.a}", p, &error);
  g_assert_null (out);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_TOO_LARGE);
  g_assert_cmpuint (sb_render_error_status (error), ==, 500);

  /* Below the limit it is computed. */
  g_clear_error (&error);
  out = sb_render_substitute ("${parameters.c}", p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (out), ==, 4 * 1024 * 1024);
}

static void
test_payload_missing (void)
{
  g_autoptr(GHashTable) p = table ("x", "1", NULL);
  g_autoptr(GError) error = NULL;
  char *out;

  /* Unquoted: the JSON check fails first. */
  out = sb_render_payload ("{\"a\": ${parameters.messages}}", p, 2, 19, &error);
  g_assert_null (out);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INVALID_PAYLOAD);
  g_assert_cmpstr (error->message, ==, "Invalid payload: {\"a\": ${parameters.messages}}");
  g_assert_cmpuint (sb_render_error_status (error), ==, 400);
  g_assert_cmpstr (sb_render_error_type (error), ==, "illegal_argument_exception");
  g_clear_error (&error);

  out = sb_render_payload ("{\"a\": ${parameters.messages}}", p, 2, 11, &error);
  g_assert_null (out);
  g_assert_cmpstr (error->message, ==, "Invalid JSON in payload");
  g_clear_error (&error);

  /* Quoted: valid JSON, then the placeholder check names every missing one. */
  out = sb_render_payload ("{\"a\": \"${parameters.foo}\", \"b\": ${parameters.x},"
                           " \"c\": \"${parameters.bar}\"}", p, 2, 19, &error);
  g_assert_null (out);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_MISSING_PARAMETER);
  g_assert_cmpstr (error->message, ==,
                   "Some parameter placeholder not filled in payload: foo, bar");
  g_clear_error (&error);

  /* skip_validating_missing_parameters from 2.17. */
  g_hash_table_insert (p, g_strdup ("skip_validating_missing_parameters"), g_strdup ("true"));
  out = sb_render_payload ("{\"a\": \"${parameters.foo}\"}", p, 2, 17, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "{\"a\": \"${parameters.foo}\"}");
  g_free (out);
  out = sb_render_payload ("{\"a\": \"${parameters.foo}\"}", p, 2, 16, &error);
  g_assert_null (out);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_MISSING_PARAMETER);
  g_clear_error (&error);

  /* A "${parameters" without its closing brace: ML Commons trips over its own message. */
  g_hash_table_remove (p, "skip_validating_missing_parameters");
  out = sb_render_payload ("{\"a\": \"${parameters\"}", p, 2, 19, &error);
  g_assert_null (out);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INDEX);
  g_assert_cmpuint (sb_render_error_status (error), ==, 500);
}

static void
test_payload_null_default_and_to_string (void)
{
  g_autoptr(GHashTable) p = table ("x", "1", "text", "say \"hi\"\n<b>",
                                   "wrapped", "{\"t\": \"${parameters.text.toString()}\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *direct = NULL;
  g_autoptr(GHashTable) old = NULL;
  g_autoptr(GHashTable) merged = NULL;
  g_autoptr(JsonObject) connector = parse_object (
    "{\"text\": \"say \\\"hi\\\"\\n<b>\", \"wrapped\": \"{\\\"t\\\": "
    "\\\"${parameters.text.toString()}\\\"}\"}");

  out = sb_render_payload ("{\"a\": \"${parameters.y:-null}\", \"b\": \"${parameters.x:-null}\"}",
                           p, 2, 19, &error);
  g_assert_no_error (error);
  assert_json_equal (out, "{\"a\": null, \"b\": \"1\"}");

  /* .toString() resolves inside another parameter's value … */
  merged = sb_render_parameters (connector, NULL, 3, 3);
  g_clear_pointer (&out, g_free);
  out = sb_render_payload ("${parameters.wrapped}", merged, 3, 3, &error);
  g_assert_no_error (error);
  assert_json_equal (out, "{\"t\": \"say \\\"hi\\\"\\n<b>\"}");
  /* … with Gson's HTML escapes up to 3.2 … */
  old = sb_render_parameters (connector, NULL, 3, 2);
  g_assert_cmpstr (g_hash_table_lookup (old, "text.toString()"), ==,
                   "say \\\"hi\\\"\\n\\u003cb\\u003e");
  /* … but not written straight into request_body. */
  direct = sb_render_payload ("{\"t\": \"${parameters.x.toString()}\"}", merged, 3, 3, &error);
  g_assert_null (direct);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_MISSING_PARAMETER);
  g_assert_cmpstr (error->message, ==,
                   "Some parameter placeholder not filled in payload: x.toString()");
}

static char *
read_data (const char *relative)
{
  g_autofree char *path = g_build_filename (CS_TEST_DATA_DIR, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The connector's parameters as create stores them: every value a string. */
static JsonObject *
stored_parameters (JsonObject *create_body,
                   const char *region)
{
  JsonObject *source = json_object_get_object_member (create_body, "parameters");
  JsonObject *stored = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, source);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *text = sb_render_value_to_string (node, 2, 19);

      json_object_set_string_member (stored, name, text);
    }
  json_object_set_string_member (stored, "region", region);
  return stored;
}

static const char *
predict_template (JsonObject  *create_body,
                  const char **url)
{
  JsonArray *actions = json_object_get_array_member (create_body, "actions");
  JsonObject *action = json_array_get_object_element (actions, 0);

  *url = json_object_get_string_member (action, "url");
  return json_object_get_string_member (action, "request_body");
}

#define BLUEPRINT_PREDICT \
  "{\"system_prompt\": \"You are a helpful assistant.\", \"messages\": [{\"role\": \"user\"," \
  " \"content\": [{\"type\": \"text\", \"text\": \"hello world\"}]}]}"

static void
check_blueprint (const char *file,
                 const char *expected)
{
  g_autofree char *text = read_data (file);
  g_autoptr(JsonObject) body = parse_object (text);
  g_autoptr(JsonObject) connector = stored_parameters (body, "us-east-1");
  g_autoptr(JsonObject) predict = parse_object (BLUEPRINT_PREDICT);
  g_autoptr(GHashTable) p = sb_render_parameters (connector, predict, 2, 19);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *rendered_url = NULL;
  const char *url;
  const char *template = predict_template (body, &url);

  payload = sb_render_payload (template, p, 2, 19, &error);
  g_assert_no_error (error);
  assert_json_equal (payload, expected);

  rendered_url = sb_render_substitute (url, p, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rendered_url, ==, "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                   "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke");
}

static void
test_blueprint_standard (void)
{
  check_blueprint ("blueprints/bedrock_claude4_standard.json",
                   "{\"system\": \"You are a helpful assistant.\", \"anthropic_version\":"
                   " \"bedrock-2023-05-31\", \"max_tokens\": 8000, \"temperature\": 1,"
                   " \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\","
                   " \"text\": \"hello world\"}]}]}");
}

static void
test_blueprint_thinking (void)
{
  check_blueprint ("blueprints/bedrock_claude4_extended_thinking.json",
                   "{\"system\": \"You are a helpful assistant.\", \"anthropic_version\":"
                   " \"bedrock-2023-05-31\", \"max_tokens\": 8000, \"temperature\": 1,"
                   " \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\","
                   " \"text\": \"hello world\"}]}], \"thinking\": {\"type\": \"enabled\","
                   " \"budget_tokens\": 1024}}");
}

/* A system prompt with ", \, a newline, /, non-ASCII and an emoji. */
#define HARD_PROMPT "Say \"hi\" \\ then\na/b caf\xc3\xa9 \xf0\x9f\x98\x80"

static void
test_system_prompt_escaping (void)
{
  g_autofree char *text = read_data ("blueprints/bedrock_claude4_standard.json");
  g_autoptr(JsonObject) body = parse_object (text);
  g_autoptr(JsonObject) connector = stored_parameters (body, "us-east-1");
  g_autoptr(JsonObject) predict = parse_object (
    "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
  g_autoptr(GHashTable) as_connector = NULL;
  g_autoptr(GHashTable) at_predict = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rendered = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *works = NULL;
  const char *url;
  const char *template = predict_template (body, &url);

  /* As a connector parameter it goes in raw and breaks the payload. */
  json_object_set_string_member (connector, "system_prompt", HARD_PROMPT);
  as_connector = sb_render_parameters (connector, predict, 2, 19);
  broken = sb_render_payload (template, as_connector, 2, 19, &error);
  g_assert_null (broken);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INVALID_PAYLOAD);
  g_assert_true (g_str_has_prefix (error->message, "Invalid payload: { \"system\": \"Say \"hi\""));
  g_clear_error (&error);

  /* A line break alone is enough to break it. */
  json_object_set_string_member (connector, "system_prompt", "first line\nsecond line");
  g_clear_pointer (&as_connector, g_hash_table_unref);
  as_connector = sb_render_parameters (connector, predict, 2, 19);
  broken = sb_render_payload (template, as_connector, 2, 19, &error);
  g_assert_null (broken);
  g_assert_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INVALID_PAYLOAD);
  g_clear_error (&error);

  /* At predict time it is escaped and arrives intact. */
  json_object_remove_member (connector, "system_prompt");
  json_object_set_string_member (predict, "system_prompt", HARD_PROMPT);
  at_predict = sb_render_parameters (connector, predict, 2, 19);
  works = sb_render_payload (template, at_predict, 2, 19, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (works, "\\u00E9 \\uD83D\\uDE00"));
  rendered = parse (works);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (rendered), "system"), ==,
                   HARD_PROMPT);
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: nothing here touches the user dirs, and GLib 2.74 leaks its
   * per-test copies of them under LeakSanitizer. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/render/escape-json", test_escape_json);
  g_test_add_func ("/sandbox/render/gson-string", test_gson_string);
  g_test_add_func ("/sandbox/render/java-double", test_java_double);
  g_test_add_func ("/sandbox/render/value-to-string", test_value_to_string);
  g_test_add_func ("/sandbox/render/is-json", test_is_json);
  g_test_add_func ("/sandbox/render/parameters-merge", test_parameters_merge);
  g_test_add_func ("/sandbox/render/parameters-versions", test_parameters_versions);
  g_test_add_func ("/sandbox/render/substitute", test_substitute);
  g_test_add_func ("/sandbox/render/substitute-cycle", test_substitute_cycle);
  g_test_add_func ("/sandbox/render/substitute-too-large", test_substitute_too_large);
  g_test_add_func ("/sandbox/render/payload-missing", test_payload_missing);
  g_test_add_func ("/sandbox/render/payload-null-default-to-string",
                   test_payload_null_default_and_to_string);
  g_test_add_func ("/sandbox/render/blueprint-standard", test_blueprint_standard);
  g_test_add_func ("/sandbox/render/blueprint-thinking", test_blueprint_thinking);
  g_test_add_func ("/sandbox/render/system-prompt-escaping", test_system_prompt_escaping);

  return g_test_run ();
}
