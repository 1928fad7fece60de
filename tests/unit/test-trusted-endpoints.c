/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-error.h"
#include "cs-test-utils.h"
#include "cs-trusted-endpoints.h"

#define SETTING CS_TRUSTED_ENDPOINTS_SETTING

static const char *bedrock_regions[] = {
  "us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1", "eu-west-3", "us-gov-west-1",
};

static CsTrustedList *
defaults_for (const char *version_text)
{
  CsVersion version;

  g_assert_true (cs_version_parse (version_text, &version));
  return cs_trusted_list_new_defaults (&version);
}

static char *
bedrock_url (const char *region)
{
  return g_strdup_printf ("https://bedrock-runtime.%s.amazonaws.com/model/"
                          "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke", region);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static int
index_of (CsTrustedList *list,
          const char    *pattern)
{
  for (guint i = 0; i < cs_trusted_list_get_n_patterns (list); i++)
    if (g_str_equal (cs_trusted_list_get_pattern (list, i), pattern))
      return (int) i;
  return -1;
}

static void
test_defaults_bedrock_by_version (void)
{
  static const struct { const char *version; gboolean bedrock; guint n; } cases[] = {
    { "2.9.0", FALSE, 3 },
    { "2.10.0", FALSE, 3 },
    { "2.11.0", TRUE, 4 },
    { "2.13.1", TRUE, 4 },
    { "2.18.0", TRUE, 4 },
    { "2.19.1", TRUE, 11 },
    { "3.0.0", TRUE, 11 },
    { "3.4.0", TRUE, 11 },
    { "3.5.0", TRUE, 12 },
    { "3.8.0", TRUE, 12 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsTrustedList) list = defaults_for (cases[i].version);

      g_test_message ("version %s", cases[i].version);
      g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, cases[i].n);
      g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_DEFAULT);
      g_assert_true (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_DEFAULT));
      g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_PERSISTENT));
      g_assert_cmpint (cs_trusted_list_contains (list, CS_BEDROCK_TRUSTED_PATTERN), ==,
                       cases[i].bedrock);

      for (guint r = 0; r < G_N_ELEMENTS (bedrock_regions); r++)
        {
          g_autofree char *url = bedrock_url (bedrock_regions[r]);
          int match = cs_trusted_list_match (list, url);

          if (cases[i].bedrock)
            {
              g_assert_cmpint (match, >=, 0);
              g_assert_cmpstr (cs_trusted_list_get_pattern (list, (guint) match), ==,
                               CS_BEDROCK_TRUSTED_PATTERN);
            }
          else
            g_assert_cmpint (match, ==, -1);
        }

      /* Entries present in every version. */
      g_assert_cmpint (cs_trusted_list_match (list, "https://api.openai.com/v1/chat/completions"),
                       >=, 0);
      g_assert_cmpint (cs_trusted_list_match (list, "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/e/invocations"),
                       >=, 0);
      /* Something no default trusts. */
      g_assert_cmpint (cs_trusted_list_match (list, "https://example.com/model/x/invoke"), ==, -1);
    }
}

static void
test_defaults_later_entries (void)
{
  g_autoptr(CsTrustedList) v2_18 = defaults_for ("2.18.0");
  g_autoptr(CsTrustedList) v2_19 = defaults_for ("2.19.0");
  g_autoptr(CsTrustedList) v3_4 = defaults_for ("3.4.0");
  g_autoptr(CsTrustedList) v3_5 = defaults_for ("3.5.0");
  const char *deepseek = "https://api.deepseek.com/chat/completions";
  const char *agent = "https://bedrock-agent-runtime.us-east-1.amazonaws.com/knowledgebases/x/retrieve";
  const char *textract = "https://textract.us-east-1.amazonaws.com";
  const char *rekognition = "https://rekognition-fips.us-east-1.amazonaws.com";
  const char *gemini = "https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent";

  g_assert_cmpint (cs_trusted_list_match (v2_18, deepseek), ==, -1);
  g_assert_cmpint (cs_trusted_list_match (v2_18, agent), ==, -1);
  g_assert_cmpint (cs_trusted_list_match (v2_19, deepseek), >=, 0);
  g_assert_cmpint (cs_trusted_list_match (v2_19, agent), >=, 0);
  g_assert_cmpint (cs_trusted_list_match (v2_19, textract), >=, 0);
  g_assert_cmpint (cs_trusted_list_match (v2_19, rekognition), >=, 0);
  /* textract's pattern has no path: a path is not trusted. */
  g_assert_cmpint (cs_trusted_list_match (v2_19, "https://textract.us-east-1.amazonaws.com/x"), ==, -1);

  g_assert_cmpint (cs_trusted_list_match (v3_4, gemini), ==, -1);
  g_assert_cmpint (cs_trusted_list_match (v3_5, gemini), >=, 0);
  g_assert_cmpint (index_of (v3_5, "^https://generativelanguage\\.googleapis\\.com/.*$"), >=, 0);
  g_assert_cmpint (index_of (v3_4, "^https://generativelanguage\\.googleapis\\.com/.*$"), ==, -1);
}

static void
test_defaults_unknown_version (void)
{
  g_autoptr(CsTrustedList) none = cs_trusted_list_new_defaults (NULL);
  g_autoptr(CsTrustedList) old = defaults_for ("2.7.0");

  g_assert_cmpuint (cs_trusted_list_get_n_patterns (none), ==, 0);
  g_assert_false (cs_trusted_list_has_source (none, CS_SETTING_SOURCE_DEFAULT));
  g_assert_false (cs_trusted_list_has_source (old, CS_SETTING_SOURCE_DEFAULT));
  /* Nothing is known: a PUT built from this would drop what the cluster has. */
  g_assert_null (cs_trusted_list_build_put_body (none, CS_BEDROCK_TRUSTED_PATTERN, NULL));
}

static void
test_placeholder_region (void)
{
  g_autoptr(CsTrustedList) list = defaults_for ("2.19.0");
  g_autoptr(GError) error = NULL;
  const char *url = "https://bedrock-runtime.<PLEASE ADD YOUR AWS REGION HERE>.amazonaws.com/"
                    "model/us.anthropic.claude-sonnet-4-20250514-v1:0/invoke";

  g_assert_cmpint (cs_trusted_list_match (list, url), ==, -1);
  g_assert_false (cs_trusted_pattern_matches (CS_BEDROCK_TRUSTED_PATTERN, url, &error));
  g_assert_no_error (error);
}

static void
test_full_match (void)
{
  g_autoptr(GError) error = NULL;
  static const struct { const char *pattern; const char *url; gboolean matches; } cases[] = {
    { CS_BEDROCK_TRUSTED_PATTERN, "https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke", TRUE },
    /* Prefix or suffix around a match is not a match. */
    { CS_BEDROCK_TRUSTED_PATTERN, "xhttps://bedrock-runtime.us-east-1.amazonaws.com/model/x", FALSE },
    { CS_BEDROCK_TRUSTED_PATTERN, "http://bedrock-runtime.us-east-1.amazonaws.com/model/x", FALSE },
    { CS_BEDROCK_TRUSTED_PATTERN, "https://bedrock-runtime.us-east-1.amazonaws.com", FALSE },
    { CS_BEDROCK_TRUSTED_PATTERN, "https://bedrock-runtime.us-east-1.amazonaws.com/x\n", FALSE },
    { CS_BEDROCK_TRUSTED_PATTERN, "https://bedrock-runtime.us-east-1.amazonaws.com.evil.example/x", FALSE },
    /* Patterns without anchors still need the whole URL. */
    { "https://api\\.example\\.com/", "https://api.example.com/", TRUE },
    { "https://api\\.example\\.com/", "https://api.example.com/v1", FALSE },
    { "api\\.example\\.com", "https://api.example.com/", FALSE },
    { ".*api\\.example\\.com.*", "https://api.example.com/", TRUE },
    /* An alternation must not escape the full-match wrapping. */
    { "https://a\\.example/.*|https://b\\.example/.*", "https://b.example/x", TRUE },
    { "https://a\\.example/|x", "https://a.example/zzz", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s against %s", cases[i].pattern, cases[i].url);
      g_assert_cmpint (cs_trusted_pattern_matches (cases[i].pattern, cases[i].url, &error), ==,
                       cases[i].matches);
      g_assert_no_error (error);
    }
}

static void
test_bad_pattern (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = parse ("{\"persistent\":{\"" SETTING "\":[\"^https://(unclosed\","
                                      "\"^https://ok\\\\.example/.*$\"]}}");
  g_autoptr(CsTrustedList) list = NULL;

  g_assert_false (cs_trusted_pattern_matches ("^https://(unclosed", "https://x", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "^https://(unclosed"));
  g_clear_error (&error);

  /* Java class intersection would mean something else here: refused. */
  g_assert_false (cs_trusted_pattern_matches ("^https://[a-z&&[^x]]+\\.example/.*$",
                                              "https://abc.example/", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A broken entry in the list never matches, and does not hide the others. */
  list = cs_trusted_list_new_from_settings (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_match (list, "https://ok.example/a"), ==, 1);
  g_assert_cmpint (cs_trusted_list_match (list, "https://(unclosed"), ==, -1);
}

static void
test_parse_flat (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = parse (
    "{\"persistent\":{},\"transient\":{},"
    " \"defaults\":{\"plugins.ml_commons.only_run_on_ml_node\":\"true\","
    "   \"" SETTING "\":[\"^https://runtime\\\\.sagemaker\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\","
    "                  \"^https://api\\\\.openai\\\\.com/.*$\"]}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (answer, &error);
  const char * const *defaults;

  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_DEFAULT);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, 2);
  g_assert_cmpstr (cs_trusted_list_get_pattern (list, 1), ==, "^https://api\\.openai\\.com/.*$");
  g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_PERSISTENT));
  g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_TRANSIENT));
  defaults = cs_trusted_list_get_source_patterns (list, CS_SETTING_SOURCE_DEFAULT);
  g_assert_cmpuint (g_strv_length ((GStrv) defaults), ==, 2);
  g_assert_null (cs_trusted_list_get_source_patterns (list, CS_SETTING_SOURCE_PERSISTENT));
}

static void
test_parse_nested (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) nested = parse (
    "{\"persistent\":{\"plugins\":{\"ml_commons\":{\"trusted_connector_endpoints_regex\":"
    "   [\"^https://custom\\\\.example/.*$\"]}}},"
    " \"transient\":{},\"defaults\":{\"plugins\":{\"ml_commons\":{\"only_run_on_ml_node\":\"true\"}}}}");
  g_autoptr(JsonNode) mixed = parse (
    "{\"persistent\":{\"plugins.ml_commons\":{\"trusted_connector_endpoints_regex\":"
    "   [\"^https://custom\\\\.example/.*$\"]}}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (nested, &error);
  g_autoptr(CsTrustedList) list2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, 1);
  g_assert_cmpstr (cs_trusted_list_get_pattern (list, 0), ==, "^https://custom\\.example/.*$");
  g_assert_cmpint (cs_trusted_list_match (list, "https://custom.example/x"), ==, 0);
  /* The default is hidden by the persistent entry and no version was given. */
  g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_DEFAULT));

  list2 = cs_trusted_list_new_from_settings (mixed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list2), ==, 1);
}

static void
test_parse_bad (void)
{
  static const char *bad[] = {
    "[]",
    "\"text\"",
    "{\"persistent\":[1]}",
    "{\"persistent\":{\"" SETTING "\":[1,2]}}",
    "{\"defaults\":{\"" SETTING "\":{\"a\":1}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = parse (bad[i]);
      g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (answer, &error);

      g_assert_null (list);
      g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
    }
}

static void
test_precedence (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = parse (
    "{\"persistent\":{\"" SETTING "\":[\"^https://persistent\\\\.example/.*$\"]},"
    " \"transient\":{\"" SETTING "\":[\"^https://transient\\\\.example/.*$\"]},"
    " \"defaults\":{\"" SETTING "\":[\"^https://default\\\\.example/.*$\"]}}");
  g_autoptr(JsonNode) no_transient = parse (
    "{\"persistent\":{\"" SETTING "\":[\"^https://persistent\\\\.example/.*$\"]},\"transient\":{}}");
  g_autoptr(JsonNode) empty_persistent = parse (
    "{\"persistent\":{\"" SETTING "\":[]},"
    " \"defaults\":{\"" SETTING "\":[\"^https://default\\\\.example/.*$\"]}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (all, &error);
  g_autoptr(CsTrustedList) list2 = NULL;
  g_autoptr(CsTrustedList) list3 = NULL;
  g_autoptr(CsTrustedList) list4 = NULL;
  CsVersion v2_11;

  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_TRANSIENT);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list), ==, 1);
  g_assert_cmpint (cs_trusted_list_match (list, "https://transient.example/x"), ==, 0);
  g_assert_cmpint (cs_trusted_list_match (list, "https://persistent.example/x"), ==, -1);
  g_assert_cmpint (cs_trusted_list_match (list, "https://default.example/x"), ==, -1);
  g_assert_true (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_PERSISTENT));
  g_assert_true (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_DEFAULT));

  list2 = cs_trusted_list_new_from_settings (no_transient, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_get_source (list2), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpint (cs_trusted_list_match (list2, "https://persistent.example/x"), ==, 0);

  /* An explicitly empty list trusts nothing, whatever the defaults. */
  list3 = cs_trusted_list_new_from_settings (empty_persistent, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_get_source (list3), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (list3), ==, 0);
  g_assert_cmpint (cs_trusted_list_match (list3, "https://default.example/x"), ==, -1);

  /* The version fills in the defaults the answer leaves out. */
  g_assert_true (cs_version_parse ("2.11.0", &v2_11));
  list4 = cs_trusted_list_new_from_settings_for_version (no_transient, &v2_11, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_trusted_list_get_source (list4), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpuint (g_strv_length ((GStrv) cs_trusted_list_get_source_patterns (list4, CS_SETTING_SOURCE_DEFAULT)),
                    ==, 4);
}

/* The list the body sets for a level, as strings. */
static GStrv
body_list (JsonNode   *body,
           const char *level)
{
  JsonNode *node = json_object_get_member (json_node_get_object (body), level);
  JsonObject *object;
  JsonArray *array;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node == NULL)
    return NULL;
  object = json_node_get_object (node);
  array = json_object_get_array_member (object, SETTING);
  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

static void
test_put_body_append (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = parse (
    "{\"persistent\":{\"" SETTING "\":[\"^https://custom\\\\.example/.*$\"]},\"transient\":{}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (answer, &error);
  g_autoptr(CsTrustedList) after = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_auto(GStrv) persistent = NULL;
  g_autofree char *canonical = NULL;

  g_assert_no_error (error);
  body = cs_trusted_list_build_put_body (list, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  g_assert_nonnull (body);
  persistent = body_list (body, "persistent");
  g_assert_cmpuint (g_strv_length (persistent), ==, 2);
  g_assert_cmpstr (persistent[0], ==, "^https://custom\\.example/.*$");
  g_assert_cmpstr (persistent[1], ==, CS_BEDROCK_TRUSTED_PATTERN);
  g_assert_null (json_object_get_member (json_node_get_object (body), "transient"));

  /* The exact body, with the backslashes JSON needs. */
  canonical = cs_test_canonical_json (body);
  g_assert_cmpstr (canonical, ==,
                   "{\"persistent\":{\"" SETTING "\":[\"^https://custom\\\\.example/.*$\","
                   "\"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}");

  /* Appending to a list that already has the pattern changes nothing. */
  after = cs_trusted_list_new_from_settings (body, &error);
  g_assert_no_error (error);
  g_assert_true (cs_trusted_list_contains (after, CS_BEDROCK_TRUSTED_PATTERN));
  again = cs_trusted_list_build_put_body (after, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  {
    g_auto(GStrv) twice = body_list (again, "persistent");

    g_assert_cmpuint (g_strv_length (twice), ==, 2);
    g_assert_cmpstr (twice[1], ==, CS_BEDROCK_TRUSTED_PATTERN);
  }
}

static void
test_put_body_append_to_defaults (void)
{
  g_autoptr(CsTrustedList) list = defaults_for ("2.9.0");
  g_autoptr(JsonNode) body = cs_trusted_list_build_put_body (list, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  g_auto(GStrv) persistent = body_list (body, "persistent");
  const char * const *defaults = cs_trusted_list_get_source_patterns (list, CS_SETTING_SOURCE_DEFAULT);

  /* The defaults are kept: a PUT replaces the whole list. */
  g_assert_cmpuint (g_strv_length (persistent), ==, g_strv_length ((GStrv) defaults) + 1);
  for (guint i = 0; defaults[i] != NULL; i++)
    g_assert_cmpstr (persistent[i], ==, defaults[i]);
  g_assert_cmpstr (persistent[g_strv_length ((GStrv) defaults)], ==, CS_BEDROCK_TRUSTED_PATTERN);
}

static void
test_put_body_remove (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = parse (
    "{\"persistent\":{\"" SETTING "\":[\"^https://a\\\\.example/.*$\","
    "   \"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\","
    "   \"^https://b\\\\.example/.*$\","
    "   \"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (answer, &error);
  g_autoptr(JsonNode) body = NULL;
  g_auto(GStrv) persistent = NULL;

  g_assert_no_error (error);
  body = cs_trusted_list_build_put_body (list, NULL, CS_BEDROCK_TRUSTED_PATTERN);
  persistent = body_list (body, "persistent");
  g_assert_cmpuint (g_strv_length (persistent), ==, 2);
  g_assert_cmpstr (persistent[0], ==, "^https://a\\.example/.*$");
  g_assert_cmpstr (persistent[1], ==, "^https://b\\.example/.*$");
}

static void
test_put_body_transient (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = parse (
    "{\"persistent\":{\"" SETTING "\":[\"^https://p\\\\.example/.*$\"]},"
    " \"transient\":{\"" SETTING "\":[\"^https://t\\\\.example/.*$\"]}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (answer, &error);
  g_autoptr(JsonNode) body = NULL;
  g_auto(GStrv) persistent = NULL;
  g_auto(GStrv) transient = NULL;

  g_assert_no_error (error);
  body = cs_trusted_list_build_put_body (list, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  persistent = body_list (body, "persistent");
  transient = body_list (body, "transient");
  g_assert_nonnull (transient);
  g_assert_cmpuint (g_strv_length (persistent), ==, 2);
  g_assert_cmpstr (persistent[0], ==, "^https://p\\.example/.*$");
  g_assert_cmpuint (g_strv_length (transient), ==, 2);
  g_assert_cmpstr (transient[0], ==, "^https://t\\.example/.*$");
  g_assert_cmpstr (transient[1], ==, CS_BEDROCK_TRUSTED_PATTERN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/trusted-endpoints/defaults/bedrock-by-version", test_defaults_bedrock_by_version);
  g_test_add_func ("/trusted-endpoints/defaults/later-entries", test_defaults_later_entries);
  g_test_add_func ("/trusted-endpoints/defaults/unknown-version", test_defaults_unknown_version);
  g_test_add_func ("/trusted-endpoints/match/placeholder-region", test_placeholder_region);
  g_test_add_func ("/trusted-endpoints/match/full-match", test_full_match);
  g_test_add_func ("/trusted-endpoints/match/bad-pattern", test_bad_pattern);
  g_test_add_func ("/trusted-endpoints/parse/flat", test_parse_flat);
  g_test_add_func ("/trusted-endpoints/parse/nested", test_parse_nested);
  g_test_add_func ("/trusted-endpoints/parse/bad", test_parse_bad);
  g_test_add_func ("/trusted-endpoints/parse/precedence", test_precedence);
  g_test_add_func ("/trusted-endpoints/put-body/append", test_put_body_append);
  g_test_add_func ("/trusted-endpoints/put-body/append-to-defaults", test_put_body_append_to_defaults);
  g_test_add_func ("/trusted-endpoints/put-body/remove", test_put_body_remove);
  g_test_add_func ("/trusted-endpoints/put-body/transient", test_put_body_transient);

  return g_test_run ();
}
