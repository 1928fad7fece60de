/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-json.h"

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

  return g_test_run ();
}
