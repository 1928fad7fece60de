/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-client.h"
#include "cs-error.h"
#include "cs-trusted-endpoints.h"

#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

#define WAIT_MS 20000
#define CUSTOM_PATTERN "^https://custom\\.example\\.org/.*$"
#define BEDROCK_URL "https://bedrock-runtime.eu-west-1.amazonaws.com/model/" \
                    "eu.anthropic.claude-sonnet-4-20250514-v1:0/invoke"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *version)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version", version, NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static CsTrustedList *
fetch (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsTrustedList *list;

  cs_trusted_list_fetch_async (f->client, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  list = cs_trusted_list_fetch_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static gboolean
save (Fixture   *f,
      JsonNode  *body,
      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_trusted_list_save_async (f->client, body, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_trusted_list_save_finish (f->client, result, error);
}

/* A plain PUT, as another tool or an administrator would do it. */
static void
put_list (Fixture    *f,
          const char *level,
          const char *pattern)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, level);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, CS_TRUSTED_ENDPOINTS_SETTING);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, pattern);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  cs_client_request_async (f->client, "PUT", "_cluster/settings", body, CS_REQUEST_FLAGS_NONE,
                           NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  answer = cs_client_request_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
}

static void
assert_same_patterns (const char * const *a,
                      CsTrustedList      *expected)
{
  g_assert_nonnull (a);
  g_assert_cmpuint (g_strv_length ((GStrv) a), ==, cs_trusted_list_get_n_patterns (expected));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, cs_trusted_list_get_pattern (expected, i));
}

/* The cluster's defaults agree with the ones the app knows offline. */
static void
test_read_defaults (void)
{
  static const char *versions[] = { "2.9.0", "2.11.0", "2.19.1", "3.5.0" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      Fixture f = { 0 };
      g_autoptr(CsTrustedList) list = NULL;
      g_autoptr(CsTrustedList) known = NULL;
      CsVersion version;

      g_test_message ("OpenSearch %s", versions[i]);
      g_assert_true (cs_version_parse (versions[i], &version));
      fixture_start (&f, versions[i]);
      list = fetch (&f);
      known = cs_trusted_list_new_defaults (&version);

      g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_DEFAULT);
      g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_PERSISTENT));
      g_assert_false (cs_trusted_list_has_source (list, CS_SETTING_SOURCE_TRANSIENT));
      assert_same_patterns (cs_trusted_list_get_source_patterns (list, CS_SETTING_SOURCE_DEFAULT),
                            known);
      g_assert_cmpint (cs_trusted_list_match (list, BEDROCK_URL) >= 0, ==,
                       cs_version_at_least (&version, 2, 11));
      fixture_stop (&f);
    }
}

static void
test_append_and_remove (void)
{
  Fixture f = { 0 };
  g_autoptr(CsTrustedList) before = NULL;
  g_autoptr(CsTrustedList) after = NULL;
  g_autoptr(CsTrustedList) removed = NULL;
  g_autoptr(CsTrustedList) known = NULL;
  g_autoptr(JsonNode) add = NULL;
  g_autoptr(JsonNode) remove = NULL;
  g_autoptr(GError) error = NULL;
  CsVersion v2_9;

  g_assert_true (cs_version_parse ("2.9.0", &v2_9));
  known = cs_trusted_list_new_defaults (&v2_9);

  fixture_start (&f, "2.9.0");
  before = fetch (&f);
  g_assert_cmpint (cs_trusted_list_match (before, BEDROCK_URL), ==, -1);

  add = cs_trusted_list_build_put_body (before, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  g_assert_nonnull (add);
  g_assert_true (save (&f, add, &error));
  g_assert_no_error (error);

  after = fetch (&f);
  g_assert_cmpint (cs_trusted_list_get_source (after), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpint (cs_trusted_list_match (after, BEDROCK_URL), >=, 0);
  g_assert_cmpstr (cs_trusted_list_get_pattern (after, (guint) cs_trusted_list_match (after, BEDROCK_URL)),
                   ==, CS_BEDROCK_TRUSTED_PATTERN);
  /* Every default is still trusted. */
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (after), ==,
                    cs_trusted_list_get_n_patterns (known) + 1);
  for (guint i = 0; i < cs_trusted_list_get_n_patterns (known); i++)
    g_assert_cmpstr (cs_trusted_list_get_pattern (after, i), ==, cs_trusted_list_get_pattern (known, i));
  /* The answer no longer lists the defaults; the version fills them in. */
  assert_same_patterns (cs_trusted_list_get_source_patterns (after, CS_SETTING_SOURCE_DEFAULT), known);

  remove = cs_trusted_list_build_put_body (after, NULL, CS_BEDROCK_TRUSTED_PATTERN);
  g_assert_true (save (&f, remove, &error));
  g_assert_no_error (error);
  removed = fetch (&f);
  g_assert_cmpint (cs_trusted_list_match (removed, BEDROCK_URL), ==, -1);
  assert_same_patterns (cs_trusted_list_get_source_patterns (removed, CS_SETTING_SOURCE_PERSISTENT),
                        known);

  fixture_stop (&f);
}

static void
test_custom_entry_survives (void)
{
  Fixture f = { 0 };
  g_autoptr(CsTrustedList) custom = NULL;
  g_autoptr(CsTrustedList) appended = NULL;
  g_autoptr(CsTrustedList) removed = NULL;
  g_autoptr(JsonNode) add = NULL;
  g_autoptr(JsonNode) add_again = NULL;
  g_autoptr(JsonNode) remove = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "2.9.0");
  put_list (&f, "persistent", CUSTOM_PATTERN);

  custom = fetch (&f);
  g_assert_cmpint (cs_trusted_list_get_source (custom), ==, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (custom), ==, 1);
  g_assert_cmpint (cs_trusted_list_match (custom, "https://custom.example.org/v1"), ==, 0);

  add = cs_trusted_list_build_put_body (custom, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  g_assert_true (save (&f, add, &error));
  g_assert_no_error (error);
  appended = fetch (&f);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (appended), ==, 2);
  g_assert_cmpstr (cs_trusted_list_get_pattern (appended, 0), ==, CUSTOM_PATTERN);
  g_assert_cmpstr (cs_trusted_list_get_pattern (appended, 1), ==, CS_BEDROCK_TRUSTED_PATTERN);
  g_assert_cmpint (cs_trusted_list_match (appended, BEDROCK_URL), ==, 1);

  /* Appending again would not duplicate it. */
  add_again = cs_trusted_list_build_put_body (appended, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  g_assert_true (save (&f, add_again, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CsTrustedList) again = fetch (&f);

    g_assert_cmpuint (cs_trusted_list_get_n_patterns (again), ==, 2);
  }

  remove = cs_trusted_list_build_put_body (appended, NULL, CS_BEDROCK_TRUSTED_PATTERN);
  g_assert_true (save (&f, remove, &error));
  g_assert_no_error (error);
  removed = fetch (&f);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (removed), ==, 1);
  g_assert_cmpstr (cs_trusted_list_get_pattern (removed, 0), ==, CUSTOM_PATTERN);

  fixture_stop (&f);
}

static void
test_transient (void)
{
  Fixture f = { 0 };
  g_autoptr(CsTrustedList) list = NULL;
  g_autoptr(CsTrustedList) after = NULL;
  g_autoptr(JsonNode) add = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *persistent;

  fixture_start (&f, "2.9.0");
  put_list (&f, "transient", CUSTOM_PATTERN);
  list = fetch (&f);
  g_assert_cmpint (cs_trusted_list_get_source (list), ==, CS_SETTING_SOURCE_TRANSIENT);
  g_assert_cmpint (cs_trusted_list_match (list, BEDROCK_URL), ==, -1);

  add = cs_trusted_list_build_put_body (list, CS_BEDROCK_TRUSTED_PATTERN, NULL);
  g_assert_true (save (&f, add, &error));
  g_assert_no_error (error);

  /* In effect now (transient) and after a restart (persistent). */
  after = fetch (&f);
  g_assert_cmpint (cs_trusted_list_get_source (after), ==, CS_SETTING_SOURCE_TRANSIENT);
  g_assert_cmpint (cs_trusted_list_match (after, BEDROCK_URL), >=, 0);
  g_assert_cmpint (cs_trusted_list_match (after, "https://custom.example.org/x"), ==, 0);
  persistent = cs_trusted_list_get_source_patterns (after, CS_SETTING_SOURCE_PERSISTENT);
  g_assert_nonnull (persistent);
  g_assert_true (g_strv_contains (persistent, CS_BEDROCK_TRUSTED_PATTERN));
  g_assert_true (g_strv_contains (persistent, "^https://api\\.openai\\.com/.*$"));

  fixture_stop (&f);
}

static void
test_cluster_error (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "2.19.1");
  body = json_from_string ("{\"persistent\":{\"plugins.ml_commons.no_such_setting\":\"x\"}}", &error);
  g_assert_no_error (error);

  g_assert_false (save (&f, body, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == CS_ERROR);
  /* The cluster's own words reach the user. */
  g_assert_nonnull (cs_error_get_server_reason (error));
  g_assert_nonnull (strstr (error->message, cs_error_get_server_reason (error)));

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/settings/read-defaults", test_read_defaults);
  g_test_add_func ("/settings/append-and-remove", test_append_and_remove);
  g_test_add_func ("/settings/custom-entry-survives", test_custom_entry_survives);
  g_test_add_func ("/settings/transient", test_transient);
  g_test_add_func ("/settings/cluster-error", test_cluster_error);

  return g_test_run ();
}
