/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's JSON output (src/sandbox/sb-json.c): numbers as OpenSearch's Java writes them and
 * parameter values as ML Commons stores them. */
#include "config.h"

#include <string.h>

#include "sb-json.h"

static char *
double_text (double value)
{
  GString *out = g_string_new (NULL);

  sb_json_write_double (value, out);
  return g_string_free (out, FALSE);
}

static void
test_doubles (void)
{
  struct { double value; const char *text; } cases[] = {
    { 9.0, "9.0" }, { 0.0, "0.0" }, { -3.0, "-3.0" }, { 0.7, "0.7" }, { 1.5, "1.5" },
    { 0.1 + 0.2, "0.30000000000000004" }, { 0.001, "0.001" }, { 1234567.0, "1234567.0" },
    { 1e7, "1.0E7" }, { 123456789.0, "1.23456789E8" }, { 0.0001, "1.0E-4" }, { 1.5e-5, "1.5E-5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = double_text (cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_write (void)
{
  static const char input[] =
    "{\"a\":1,\"b\":9.0,\"c\":\"\\u00e9\\n\\\"/\",\"d\":[true,false,null],\"e\":{}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sb_json_parse (input, sizeof input - 1, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = sb_json_to_string (node);
  /* Integers stay integers, doubles keep their fraction, UTF-8 stays raw, "/" is not escaped. */
  g_assert_cmpstr (text, ==, "{\"a\":1,\"b\":9.0,\"c\":\"\xc3\xa9\\n\\\"/\",\"d\":[true,false,null],\"e\":{}}");

  g_assert_null (sb_json_parse ("", 0, &error));
  g_assert_no_error (error);
  g_assert_null (sb_json_parse ("{", 1, &error));
  g_assert_nonnull (error);
}

static void
test_param_string (void)
{
  struct { const char *json; const char *text; } cases[] = {
    { "\"text\"", "text" }, { "8000", "8000" }, { "1", "1" }, { "0.7", "0.7" }, { "1.0", "1.0" },
    { "true", "true" }, { "null", "null" }, { "[1, {\"a\": \"b\"}]", "[1,{\"a\":\"b\"}]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sb_json_parse (cases[i].json, strlen (cases[i].json), &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = sb_json_param_string (node);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/json/doubles", test_doubles);
  g_test_add_func ("/sandbox/json/write", test_write);
  g_test_add_func ("/sandbox/json/param-string", test_param_string);

  return g_test_run ();
}
