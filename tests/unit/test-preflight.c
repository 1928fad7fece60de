/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-preflight.h"

#include "cs-test-predict.h"

static CsVersion
version (const char *text)
{
  CsVersion v = { 0 };

  g_assert_true (cs_version_parse (text, &v));
  return v;
}

static void
assert_message (const CsPreflightRow *row,
                const char           *text)
{
  if (row->message == NULL || strstr (row->message, text) == NULL)
    g_error ("message \"%s\" lacks \"%s\"", row->message, text);
}

static void
test_version (void)
{
  g_autoptr(CsPreflightRow) row = cs_preflight_row_new ("version", "Version");
  CsVersion v;

  v = version ("2.9.0");
  cs_preflight_check_version (row, &v);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_WARNING);
  assert_message (row, "2.11");
  v = version ("2.11.1");
  cs_preflight_check_version (row, &v);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_WARNING);
  assert_message (row, "2.12");
  v = version ("2.12.0");
  cs_preflight_check_version (row, &v);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_OK);
  cs_preflight_check_version (row, NULL);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_WARNING);
}

static void
test_hosting (void)
{
  g_autoptr(CsPreflightRow) row = cs_preflight_row_new ("hosting", "Hosting");

  cs_preflight_check_hosting (row, TRUE);
  assert_message (row, "roleArn");
  cs_preflight_check_hosting (row, FALSE);
  assert_message (row, "Missing credential");
}

static void
test_trusted (void)
{
  g_autoptr(CsPreflightRow) row = cs_preflight_row_new ("trusted-list", "Trusted");
  g_autoptr(JsonNode) narrow = cs_test_parse_json (
    "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
    "[\"^https://api\\\\.openai\\\\.com/.*$\"]},\"transient\":{},\"defaults\":{}}");
  g_autoptr(CsTrustedList) list = cs_trusted_list_new_from_settings (narrow, NULL);
  g_autoptr(JsonNode) fix = NULL;
  static const char * const urls[] = {
    "https://bedrock-runtime.eu-west-1.amazonaws.com/model/x/invoke", NULL,
  };
  CsVersion v = version ("3.7.0");

  g_assert_nonnull (list);
  cs_preflight_check_trusted (row, list, &v, urls);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_ERROR);
  g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_TRUST_BEDROCK);
  assert_message (row, "eu-west-1");
  fix = cs_preflight_row_build_fix_body (row, list);
  g_assert_nonnull (fix);
  {
    g_autofree char *text = json_to_string (fix, FALSE);

    g_assert_nonnull (strstr (text, "bedrock-runtime"));
    g_assert_nonnull (strstr (text, "openai"));   /* appended, not replaced */
  }

  cs_preflight_check_trusted (row, NULL, &v, urls);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_WARNING);
  g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_NONE);
}

static void
test_ml_nodes (void)
{
  g_autoptr(CsPreflightRow) row = cs_preflight_row_new ("ml-nodes", "Nodes");
  g_autoptr(JsonNode) defaults = cs_test_parse_json ("{\"persistent\":{},\"transient\":{}}");
  g_autoptr(JsonNode) off = cs_test_parse_json (
    "{\"transient\":{\"plugins.ml_commons.only_run_on_ml_node\":\"false\"}}");
  g_autoptr(JsonNode) ml_only_roles = cs_test_parse_json (
    "{\"persistent\":{\"plugins.ml_commons.task_dispatcher.eligible_node_role.remote_model\":"
    "[\"ml\"]}}");
  g_autoptr(JsonNode) data_nodes = cs_test_parse_json (
    "{\"nodes\":{\"a\":{\"roles\":[\"cluster_manager\",\"data\"]},"
    "\"b\":{\"roles\":[\"data\",\"ingest\"]}}}");
  g_autoptr(JsonNode) with_ml = cs_test_parse_json (
    "{\"nodes\":{\"a\":{\"roles\":[\"data\"]},\"b\":{\"roles\":[\"ml\"]}}}");
  CsVersion old = version ("2.9.0");
  CsVersion v = version ("2.19.1");

  cs_preflight_check_ml_nodes (row, defaults, data_nodes, &old);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_ERROR);
  cs_preflight_check_ml_nodes (row, off, data_nodes, &old);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_OK);
  cs_preflight_check_ml_nodes (row, defaults, with_ml, &old);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_OK);

  cs_preflight_check_ml_nodes (row, defaults, data_nodes, &v);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_OK);
  assert_message (row, "2 of 2");
  cs_preflight_check_ml_nodes (row, ml_only_roles, data_nodes, &v);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_ERROR);
  cs_preflight_check_ml_nodes (row, defaults, NULL, &v);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_WARNING);
}

static void
test_error_texts (void)
{
  g_autoptr(GError) key = g_error_new (CS_ERROR, CS_ERROR_NOT_FOUND, "%s",
                                       "The ML encryption master key has not been initialized "
                                       "yet. Please retry after waiting for 10 seconds.");
  g_autoptr(JsonNode) breaker = cs_test_parse_json (
    "{\"error\":{\"type\":\"circuit_breaking_exception\",\"reason\":\"Memory Circuit Breaker is "
    "open, please check your resources!\"},\"status\":429}");
  g_autoptr(GError) other = g_error_new (CS_ERROR, CS_ERROR_SERVER, "%s", "boom");

  g_assert_true (cs_preflight_is_master_key_error (key, NULL));
  g_assert_false (cs_preflight_is_master_key_error (other, NULL));
  g_assert_true (cs_preflight_is_breaker_error (other, breaker));
  g_assert_false (cs_preflight_is_breaker_error (key, NULL));
}

static JsonObject *
connector (const char *text)
{
  g_autoptr(JsonNode) node = cs_test_parse_json (text);

  return json_object_ref (json_node_get_object (node));
}

#define URL "\"url\":\"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/" \
            "${parameters.model}/invoke\""

static void
test_connector (void)
{
  g_autoptr(CsPreflightRow) row = cs_preflight_row_new ("connector:x", "Connector");
  CsVersion v = version ("3.6.0");
  g_autoptr(JsonObject) base = connector (
    "{\"parameters\":{\"region\":\"us-east-1\",\"model\":"
    "\"anthropic.claude-sonnet-4-5-20250929-v1:0\",\"max_tokens\":\"100\"},"
    "\"client_config\":{\"read_timeout\":120},\"actions\":[{" URL "}]}");
  g_autoptr(JsonObject) short_timeout = connector (
    "{\"parameters\":{\"region\":\"us-east-1\",\"model\":"
    "\"us.anthropic.claude-sonnet-4-5-20250929-v1:0\",\"max_tokens\":\"8000\"},"
    "\"client_config\":{\"read_timeout\":30,\"max_retry_times\":2},\"actions\":[{" URL "}]}");
  g_autoptr(JsonObject) adaptive = connector (
    "{\"parameters\":{\"region\":\"us-east-1\",\"model\":\"us.anthropic.claude-opus-4-7\","
    "\"max_tokens\":\"100\"},\"client_config\":{\"read_timeout\":120},\"actions\":[{" URL ","
    "\"request_body\":\"{\\\"thinking\\\": {\\\"type\\\": \\\"enabled\\\"}}\"}]}");
  g_autoptr(JsonObject) other = connector (
    "{\"actions\":[{\"url\":\"https://api.openai.com/v1/chat/completions\"}]}");
  g_autoptr(JsonNode) fix = NULL;

  cs_preflight_check_connector (row, "x", base, &v, FALSE);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_ERROR);
  g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_CONNECTOR_MODEL);
  g_assert_cmpstr (row->fix_value, ==, "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  g_assert_cmpstr (row->connector_id, ==, "x");
  fix = cs_preflight_row_build_fix_body (row, NULL);
  {
    g_autofree char *text = json_to_string (fix, FALSE);

    g_assert_cmpstr (text, ==,
                     "{\"parameters\":{\"model\":"
                     "\"us.anthropic.claude-sonnet-4-5-20250929-v1:0\"}}");
  }
  g_clear_pointer (&fix, json_node_unref);

  cs_preflight_check_connector (row, "x", short_timeout, &v, FALSE);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_WARNING);
  g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG);
  g_assert_cmpint (row->read_timeout, >, 30);
  g_assert_cmpint (row->max_retry_times, ==, 0);
  g_assert_null (row->fix_value);

  cs_preflight_check_connector (row, "x", adaptive, &v, FALSE);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_ERROR);
  assert_message (row, "\"enabled\"");
  g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_NONE);

  cs_preflight_check_connector (row, "x", other, &v, FALSE);
  g_assert_cmpint (row->state, ==, CS_PREFLIGHT_NOT_APPLICABLE);

  /* Before 2.11 a connector cannot be edited: the problem stays, without a fix. */
  {
    CsVersion old = version ("2.9.0");

    cs_preflight_check_connector (row, "x", base, &old, FALSE);
    g_assert_cmpint (row->state, ==, CS_PREFLIGHT_ERROR);
    g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_NONE);
    g_assert_null (row->fix_value);
    assert_message (row, "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert_message (row, "2.11");
    cs_preflight_check_connector (row, "x", short_timeout, &old, FALSE);
    g_assert_cmpint (row->fix, ==, CS_PREFLIGHT_FIX_NONE);
    g_assert_cmpint (row->read_timeout, ==, 0);
  }
}

static void
test_row_copy (void)
{
  g_autoptr(CsPreflightRow) row = cs_preflight_row_new ("connector:x", "Connector");
  g_autoptr(CsPreflightRow) copy = NULL;

  row->message = g_strdup ("m");
  row->fix_value = g_strdup ("v");
  copy = cs_preflight_row_copy (row);
  g_assert_cmpstr (copy->id, ==, "connector:x");
  g_assert_cmpstr (copy->message, ==, "m");
  g_assert_true (copy->fix_value != row->fix_value);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preflight/connector", test_connector);
  g_test_add_func ("/preflight/error-texts", test_error_texts);
  g_test_add_func ("/preflight/hosting", test_hosting);
  g_test_add_func ("/preflight/ml-nodes", test_ml_nodes);
  g_test_add_func ("/preflight/row-copy", test_row_copy);
  g_test_add_func ("/preflight/trusted", test_trusted);
  g_test_add_func ("/preflight/version", test_version);

  return g_test_run ();
}
