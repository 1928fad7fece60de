/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-json.h"

#include <string.h>

#include "cs-connector-spec.h"
#include "cs-connector-info.h"
#include "cs-conversation.h"
#include "cs-model-info.h"
#include "cs-task-info.h"
#include "cs-error.h"
#include "cs-predict.h"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_wrong_types_read_as_nothing (void)
{
  g_autoptr(JsonObject) o = parse_object ("{\"s\": 5, \"o\": [], \"a\": {}, \"b\": \"true\","
                                          " \"n\": null, \"i\": \"7\", \"d\": true}");
  gboolean b = TRUE;
  gint64 i = 42;
  double d = 4.2;

  /* No getter may print a critical for a member of the wrong type. */
  g_assert_null (cs_json_get_string (o, "s"));
  g_assert_null (cs_json_dup_string (o, "o"));
  g_assert_null (cs_json_get_object (o, "o"));
  g_assert_null (cs_json_get_array (o, "a"));
  g_assert_false (cs_json_get_boolean (o, "b", &b));
  g_assert_false (b);
  g_assert_false (cs_json_get_int (o, "i", &i));
  g_assert_cmpint (i, ==, 0);
  g_assert_false (cs_json_get_double (o, "d", &d));
  g_assert_cmpfloat (d, ==, 0);
  g_assert_null (cs_json_get_string (o, "n"));
  g_assert_null (cs_json_get_string (o, "missing"));
  g_assert_null (cs_json_get_string (NULL, "s"));
  g_assert_null (cs_json_get_object (NULL, "o"));
}

static void
test_right_types (void)
{
  g_autoptr(JsonObject) o = parse_object ("{\"s\": \"text\", \"o\": {\"x\": 1}, \"a\": [1, 2],"
                                          " \"b\": true, \"i\": 9, \"f\": 9.0, \"d\": 0.5}");
  g_autofree char *s = cs_json_dup_string (o, "s");
  gboolean b = FALSE;
  gint64 i = 0;
  double d = 0;

  g_assert_cmpstr (cs_json_get_string (o, "s"), ==, "text");
  g_assert_cmpstr (s, ==, "text");
  g_assert_nonnull (cs_json_get_object (o, "o"));
  g_assert_cmpuint (json_array_get_length (cs_json_get_array (o, "a")), ==, 2);
  g_assert_true (cs_json_get_boolean (o, "b", &b));
  g_assert_true (b);
  g_assert_true (cs_json_get_int (o, "i", &i));
  g_assert_cmpint (i, ==, 9);
  /* Token counts arrive as 9 or 9.0. */
  g_assert_true (cs_json_get_int (o, "f", &i));
  g_assert_cmpint (i, ==, 9);
  g_assert_false (cs_json_get_int (o, "d", &i));
  g_assert_true (cs_json_get_double (o, "d", &d));
  g_assert_cmpfloat (d, ==, 0.5);
  g_assert_true (cs_json_get_double (o, "i", &d));
  g_assert_cmpfloat (d, ==, 9);
}

static void
test_int_range (void)
{
  g_autoptr(JsonObject) o = parse_object ("{\"big\": 1e30, \"neg\": -1e30, \"edge\": 9.3e18,"
                                          " \"max\": 9223372036854775807, \"ok\": -4.0}");
  gint64 i = 1;

  g_assert_false (cs_json_get_int (o, "big", &i));
  g_assert_cmpint (i, ==, 0);
  g_assert_false (cs_json_get_int (o, "neg", &i));
  g_assert_false (cs_json_get_int (o, "edge", &i));
  g_assert_true (cs_json_get_int (o, "max", &i));
  g_assert_cmpint (i, ==, G_MAXINT64);
  g_assert_true (cs_json_get_int (o, "ok", &i));
  g_assert_cmpint (i, ==, -4);
}

static void
test_invalid_utf8 (void)
{
  /* json-glib turns "\360" into a raw 0xF0 byte, which is not UTF-8. */
  g_autoptr(JsonObject) o = parse_object ("{\"s\": \"a\\360b\"}");
  g_autofree char *s = cs_json_dup_string (o, "s");
  g_autofree char *looked = NULL;

  g_assert_nonnull (cs_json_get_string (o, "s"));
  g_assert_nonnull (s);
  g_assert_true (g_utf8_validate (s, -1, NULL));
  g_assert_true (g_str_has_prefix (s, "a"));
  g_assert_true (g_str_has_suffix (s, "b"));
  g_assert_true (cs_json_lookup_string (o, "s", &looked));
  g_assert_true (g_utf8_validate (looked, -1, NULL));
}

static void
test_lookup (void)
{
  g_autoptr(JsonObject) o = parse_object ("{\"s\": \"x\", \"n\": null, \"w\": 3,"
                                          " \"c\": 5, \"cd\": 5.7, \"cneg\": -2, \"cs\": \"12\","
                                          " \"cbad\": \"12a\", \"cobj\": {}}");
  char *s = (char *) "unset";
  gint64 c = 99;

  g_assert_true (cs_json_lookup_string (o, "s", &s));
  g_assert_cmpstr (s, ==, "x");
  g_clear_pointer (&s, g_free);
  g_assert_true (cs_json_lookup_string (o, "n", &s));
  g_assert_null (s);
  g_assert_true (cs_json_lookup_string (o, "missing", &s));
  g_assert_null (s);
  g_assert_false (cs_json_lookup_string (o, "w", &s));
  g_assert_null (s);

  g_assert_true (cs_json_lookup_count (o, "c", &c));
  g_assert_cmpint (c, ==, 5);
  g_assert_true (cs_json_lookup_count (o, "cd", &c));
  g_assert_cmpint (c, ==, 5);
  g_assert_true (cs_json_lookup_count (o, "cneg", &c));
  g_assert_cmpint (c, ==, 0);
  g_assert_true (cs_json_lookup_count (o, "cs", &c));
  g_assert_cmpint (c, ==, 12);
  g_assert_true (cs_json_lookup_count (o, "n", &c));
  g_assert_cmpint (c, ==, 0);
  g_assert_false (cs_json_lookup_count (o, "cbad", &c));
  g_assert_false (cs_json_lookup_count (o, "cobj", &c));
}

/* {"a":[{"a":[… 1 …]}]}: depth levels of objects and arrays, as a hostile
 * answer might nest them. */
static char *
deep_json (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, i % 2 == 0 ? "{\"a\":" : "[");
  g_string_append (text, "1");
  for (guint i = depth; i > 0; i--)
    g_string_append (text, (i - 1) % 2 == 0 ? "}" : "]");
  return g_string_free (text, FALSE);
}

static void
test_parse_deep (void)
{
  g_autofree char *deep = deep_json (100000);
  g_autofree char *limit = deep_json (CS_JSON_MAX_DEPTH);
  g_autofree char *over = deep_json (CS_JSON_MAX_DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Before the limit json-glib recursed 100000 times and overflowed the stack. */
  node = cs_json_parse (deep, -1, 0, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_null (node);
  g_assert_nonnull (strstr (error->message, "levels deep"));
  g_clear_error (&error);

  node = cs_json_parse (over, -1, 0, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  node = cs_json_parse (limit, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_clear_pointer (&node, json_node_unref);
}

static void
test_parse_depth_ignores_strings (void)
{
  g_autoptr(GString) text = g_string_new ("{\"s\": \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Brackets inside strings, and escaped quotes, are not nesting. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "[{\\\"");
  g_string_append (text, "\", \"t\": [[1]]}");
  node = cs_json_parse (text->str, (gssize) text->len, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (cs_json_get_string (json_node_get_object (node), "s")), ==, 3000);
}

static void
test_parse_size (void)
{
  const char *text = "{\"a\": \"0123456789\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = cs_json_parse (text, -1, 10, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_null (node);
  g_clear_error (&error);

  node = cs_json_parse (text, -1, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
test_parse_not_json (void)
{
  const char *texts[] = { "", "   ", "<html>", "{\"a\":", "[1,]" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = cs_json_parse (texts[i], -1, 0, &error);

      g_assert_null (node);
      g_assert_nonnull (error);
      g_assert_true (error->domain == JSON_PARSER_ERROR);
    }
}

static void
test_parse_invalid_utf8 (void)
{
  /* json-glib turns the escape \360 into the lone byte 0xF0. */
  const char *text = "{\"a\": \"x\\360y\", \"b\\360\": [\"\\377\"], \"c\": {\"d\": \"ok\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_json_parse (text, -1, 0, &error);
  g_autoptr(GList) names = NULL;
  JsonObject *root;

  g_assert_no_error (error);
  root = json_node_get_object (node);
  g_assert_true (g_utf8_validate (cs_json_get_string (root, "a"), -1, NULL));
  g_assert_cmpstr (cs_json_get_string (root, "a"), ==, "x\xef\xbf\xbdy");
  g_assert_cmpstr (cs_json_get_string (cs_json_get_object (root, "c"), "d"), ==, "ok");

  names = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (names), ==, 3);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *array;

      g_assert_true (g_utf8_validate (l->data, -1, NULL));
      array = cs_json_get_array (root, l->data);
      if (array != NULL)
        g_assert_true (g_utf8_validate (json_array_get_string_element (array, 0), -1, NULL));
    }
  g_assert_nonnull (cs_json_get_array (root, "b\xef\xbf\xbd"));
}

/* Every entry point of core that reads JSON text from outside refuses a text
 * nested 100000 levels deep instead of overflowing the stack. */
static void
test_entry_points_deep (void)
{
  g_autofree char *deep = deep_json (100000);
  g_autofree char *wrapped = g_strconcat ("{\"name\": \"x\", \"parameters\": ", deep, "}", NULL);
  g_autofree char *remote = g_strconcat ("Error from remote service: ", deep, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (deep, strlen (deep));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *message = NULL;

  /* Connector import */
  g_assert_null (cs_connector_spec_new_from_json (deep, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "levels deep"));
  g_clear_error (&error);
  g_assert_null (cs_connector_spec_new_from_json (wrapped, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Conversation import */
  g_assert_null (cs_conversation_new_from_json (deep, -1, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Answers: success bodies and error envelopes */
  node = cs_error_parse_success_body (200, "application/json", bytes, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (cs_error_from_response_full (500, "application/json", bytes, &node, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);
  g_assert_null (node);
  g_clear_error (&error);

  /* Bedrock's body inside a predict error, and the Playground's JSON check */
  message = cs_predict_unwrap_remote_message (remote);
  g_assert_nonnull (message);
  g_assert_false (cs_predict_text_is_json (deep));
}

/* A tree as plain json-glib makes it: strings may hold bytes that are not
 * UTF-8 (the escape \360 becomes the lone byte 0xF0). */
static JsonObject *
parse_raw (const char *text)
{
  return parse_object (text);
}

static void
test_parsers_hand_out_utf8 (void)
{
  g_autoptr(JsonObject) hit = parse_raw ("{\"_id\": \"c\\360\", \"_source\": {\"name\": \"n\\360\","
                                         " \"description\": [], \"created_time\": 1e30,"
                                         " \"parameters\": {\"model\": \"m\\377\"}}}");
  g_autoptr(JsonObject) model = parse_raw ("{\"name\": \"model \\360\", \"model_state\": \"DEPLOYED\","
                                           " \"description\": \"d\\360\", \"created_time\": 1e30}");
  g_autoptr(JsonObject) task = parse_raw ("{\"state\": \"FAILED\", \"error\": \"bad \\360\"}");
  g_autoptr(CsConnectorInfo) connector = cs_connector_info_new_from_hit (hit);
  g_autoptr(CsModelInfo) info = NULL;
  g_autoptr(CsTaskInfo) task_info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (connector);
  g_assert_cmpstr (cs_connector_info_get_id (connector), ==, "c\xef\xbf\xbd");
  g_assert_cmpstr (cs_connector_info_get_name (connector), ==, "n\xef\xbf\xbd");
  g_assert_cmpstr (cs_connector_info_get_model (connector), ==, "m\xef\xbf\xbd");
  /* (gint64) 1e30 overflowed. */
  g_assert_cmpint (cs_connector_info_get_created_time (connector), ==, 0);

  info = cs_model_info_new_from_json ("id", model, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_model_info_get_name (info), ==, "model \xef\xbf\xbd");
  g_assert_true (g_utf8_validate (cs_model_info_get_description (info), -1, NULL));
  g_assert_cmpint (cs_model_info_get_created_time (info), ==, 0);

  task_info = cs_task_info_new_from_json ("t", task, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_task_info_get_error (task_info), ==, "bad \xef\xbf\xbd");
}

/* The hit walker hands out only hits with a non-empty string _id and an object _source. */
static void
test_search_hits_walk (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *text =
    "{\"hits\":{\"hits\":["
    "7, null, \"hit\", [], {},"
    "{\"_id\":\"a\",\"_source\":{\"name\":\"first\"}},"
    "{\"_source\":{\"name\":\"no id\"}},"
    "{\"_id\":\"\",\"_source\":{\"name\":\"empty id\"}},"
    "{\"_id\":5,\"_source\":{\"name\":\"number id\"}},"
    "{\"_id\":null,\"_source\":{\"name\":\"null id\"}},"
    "{\"_id\":\"c\"},"
    "{\"_id\":\"d\",\"_source\":null},"
    "{\"_id\":\"e\",\"_source\":[1]},"
    "{\"_id\":\"f\",\"_source\":\"text\"},"
    "{\"_id\":\"b\",\"_source\":{}}"
    "]}}";
  CsJsonHitIter iter;
  const char *id = "unset";
  JsonObject *source = NULL;

  answer = cs_json_parse (text, -1, 0, &error);
  g_assert_no_error (error);

  cs_json_hit_iter_init (&iter, cs_json_get_search_hits (answer));
  g_assert_true (cs_json_hit_iter_next (&iter, &id, &source));
  g_assert_cmpstr (id, ==, "a");
  g_assert_cmpstr (cs_json_get_string (source, "name"), ==, "first");
  g_assert_true (cs_json_hit_iter_next (&iter, &id, &source));
  g_assert_cmpstr (id, ==, "b");
  g_assert_nonnull (source);
  g_assert_cmpuint (json_object_get_size (source), ==, 0);
  g_assert_false (cs_json_hit_iter_next (&iter, &id, &source));
  g_assert_null (id);
  g_assert_null (source);
  /* Stays at the end. */
  g_assert_false (cs_json_hit_iter_next (&iter, &id, &source));

  /* No hits array: nothing to walk. */
  id = "unset";
  cs_json_hit_iter_init (&iter, NULL);
  g_assert_false (cs_json_hit_iter_next (&iter, &id, &source));
  g_assert_null (id);
}

/* The filter searches (lost-answer lookups, deploy task) send exactly these bodies. */
static void
test_filter_search (void)
{
  const char *const terms[] = { "name.keyword", "claude \"4\"", "connector_id", "c1", NULL };
  const char *const odd[] = { "name.keyword", NULL };
  g_autoptr(JsonNode) body = cs_json_build_filter_search (terms, "created_time", 1700000000123);
  g_autoptr(JsonNode) bare = cs_json_build_filter_search (odd, "create_time", 0);
  g_autofree char *text = cs_json_to_data (body, FALSE);
  g_autofree char *bare_text = cs_json_to_data (bare, FALSE);
  const char *const deploy[] = { "model_id", "m1", "task_type", "DEPLOY_MODEL", NULL };
  g_autoptr(JsonNode) plain = cs_json_build_filter_search (deploy, NULL, 5);
  g_autofree char *plain_text = cs_json_to_data (plain, FALSE);

  g_assert_cmpstr (text, ==,
                   "{\"size\":100,\"query\":{\"bool\":{\"filter\":["
                   "{\"term\":{\"name.keyword\":\"claude \\\"4\\\"\"}},"
                   "{\"term\":{\"connector_id\":\"c1\"}},"
                   "{\"range\":{\"created_time\":{\"gte\":1700000000123}}}]}},"
                   "\"sort\":[{\"created_time\":\"desc\"}]}");
  /* A field without a value is left out. */
  g_assert_cmpstr (bare_text, ==,
                   "{\"size\":100,\"query\":{\"bool\":{\"filter\":["
                   "{\"range\":{\"create_time\":{\"gte\":0}}}]}},"
                   "\"sort\":[{\"create_time\":\"desc\"}]}");
  /* Without a time field: the terms only, no range, no sort. */
  g_assert_cmpstr (plain_text, ==,
                   "{\"size\":100,\"query\":{\"bool\":{\"filter\":["
                   "{\"term\":{\"model_id\":\"m1\"}},"
                   "{\"term\":{\"task_type\":\"DEPLOY_MODEL\"}}]}}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/wrong-types", test_wrong_types_read_as_nothing);
  g_test_add_func ("/json/right-types", test_right_types);
  g_test_add_func ("/json/int-range", test_int_range);
  g_test_add_func ("/json/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json/lookup", test_lookup);
  g_test_add_func ("/json/parse/deep", test_parse_deep);
  g_test_add_func ("/json/parse/depth-ignores-strings", test_parse_depth_ignores_strings);
  g_test_add_func ("/json/parse/size", test_parse_size);
  g_test_add_func ("/json/parse/not-json", test_parse_not_json);
  g_test_add_func ("/json/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/json/entry-points-deep", test_entry_points_deep);
  g_test_add_func ("/json/parsers-hand-out-utf8", test_parsers_hand_out_utf8);
  g_test_add_func ("/json/search-hits/walk", test_search_hits_walk);
  g_test_add_func ("/json/filter-search", test_filter_search);

  return g_test_run ();
}
