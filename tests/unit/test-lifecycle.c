/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cs-connector-edit.h"
#include "cs-lifecycle-api.h"
#include "cs-session-token-record.h"
#include "cs-test-utils.h"
#include "cs-timeout-check.h"

/*
 * The pure parts of the connector lifecycle: the diff of an edit, the choice of plan, ML
 * Commons' cache-failure text, the timeout check and the session-token record.
 */

#define SECRET_A "diffsecretvalue0000000000000000000000000"
#define ACCESS_A "DIFFACCESSKEY0001"

static JsonObject *
object_from (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static CsConnectorChange *
find_change (GPtrArray  *changes,
             const char *path)
{
  for (guint i = 0; i < changes->len; i++)
    {
      CsConnectorChange *c = g_ptr_array_index (changes, i);
      if (g_str_equal (c->path, path))
        return c;
    }
  return NULL;
}

static void
test_diff (void)
{
  g_autoptr(JsonObject) current = object_from (
    "{\"name\":\"claude\",\"created_time\":1,"
    "\"parameters\":{\"model\":\"us.anthropic.claude-sonnet-4-20250514-v1:0\","
    "\"max_tokens\":\"8000\",\"region\":\"us-east-1\"},"
    "\"client_config\":{\"read_timeout\":30},"
    "\"actions\":[{\"action_type\":\"PREDICT\",\"url\":\"https://a\"}]}");
  g_autoptr(JsonObject) update = object_from (
    "{\"name\":\"claude\","
    "\"parameters\":{\"model\":\"us.anthropic.claude-opus-4-1-20250805-v1:0\",\"max_tokens\":8000},"
    "\"client_config\":{\"read_timeout\":120},"
    "\"actions\":[{\"action_type\":\"predict\",\"url\":\"https://b\"}],"
    "\"credential\":{\"access_key\":\"" ACCESS_A "\",\"secret_key\":\"" SECRET_A "\"}}");
  g_autoptr(GPtrArray) changes = cs_connector_diff (current, update);
  CsConnectorChange *c;

  /* max_tokens "8000" and 8000 are the same to ML Commons; name is unchanged; members the
   * update leaves out (created_time, region) are kept by a partial update. */
  g_assert_null (find_change (changes, "name"));
  g_assert_null (find_change (changes, "parameters.max_tokens"));
  g_assert_null (find_change (changes, "parameters.region"));
  g_assert_null (find_change (changes, "created_time"));
  /* The form writes "predict"; the cluster stores and shows "PREDICT": the same. */
  g_assert_null (find_change (changes, "actions[0].action_type"));

  c = find_change (changes, "parameters.model");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "\"us.anthropic.claude-sonnet-4-20250514-v1:0\"");
  g_assert_cmpstr (c->new_value, ==, "\"us.anthropic.claude-opus-4-1-20250805-v1:0\"");
  c = find_change (changes, "client_config.read_timeout");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "30");
  g_assert_cmpstr (c->new_value, ==, "120");
  c = find_change (changes, "actions[0].url");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->new_value, ==, "\"https://b\"");

  /* Keys: always a change, never shown. */
  for (guint i = 0; i < changes->len; i++)
    {
      CsConnectorChange *ch = g_ptr_array_index (changes, i);
      g_assert_null (strstr (ch->new_value ? ch->new_value : "", SECRET_A));
      g_assert_null (strstr (ch->new_value ? ch->new_value : "", ACCESS_A));
      g_assert_null (strstr (ch->old_value ? ch->old_value : "", SECRET_A));
    }
  c = find_change (changes, "credential.secret_key");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->new_value, ==, CS_CONNECTOR_SECRET_MASK);
  g_assert_cmpstr (c->old_value, ==, CS_CONNECTOR_SECRET_MASK);
  g_assert_nonnull (find_change (changes, "credential.access_key"));
  g_assert_cmpuint (changes->len, ==, 5);
}

static void
test_diff_nothing (void)
{
  g_autoptr(JsonObject) current = object_from ("{\"name\":\"a\",\"parameters\":{\"x\":\"1\"}}");
  g_autoptr(JsonObject) update = object_from ("{\"name\":\"a\",\"parameters\":{\"x\":1}}");
  g_autoptr(GPtrArray) changes = cs_connector_diff (current, update);

  g_assert_cmpuint (changes->len, ==, 0);
}

static void
test_plan_choice (void)
{
  CsVersion v2_11 = { 2, 11, 0 }, v2_12 = { 2, 12, 0 }, v3_6 = { 3, 6, 0 };
  g_autofree char *why = NULL;

  g_assert_cmpint (cs_connector_edit_choose (&v2_12, 0, 2, FALSE, NULL), ==,
                   CS_EDIT_PLAN_NOTHING);
  g_assert_cmpint (cs_connector_edit_choose (&v2_11, 3, 0, FALSE, NULL), ==,
                   CS_EDIT_PLAN_CONNECTOR_PUT);
  g_assert_cmpint (cs_connector_edit_choose (&v3_6, 3, 0, TRUE, NULL), ==,
                   CS_EDIT_PLAN_CONNECTOR_PUT);
  g_assert_cmpint (cs_connector_edit_choose (&v2_12, 3, 2, FALSE, &why), ==,
                   CS_EDIT_PLAN_SWITCH_CONNECTOR);
  g_assert_nonnull (strstr (why, "without undeploying"));
  g_clear_pointer (&why, g_free);
  /* Kept keys: a new connector cannot be made without them. */
  g_assert_cmpint (cs_connector_edit_choose (&v3_6, 3, 1, TRUE, &why), ==,
                   CS_EDIT_PLAN_REDEPLOY);
  g_assert_nonnull (strstr (why, "re-enter"));
  g_clear_pointer (&why, g_free);
  g_assert_cmpint (cs_connector_edit_choose (&v2_11, 3, 1, FALSE, &why), ==,
                   CS_EDIT_PLAN_REDEPLOY);
  g_assert_nonnull (strstr (why, "2.12"));
  /* Unknown version: the safe way. */
  g_assert_cmpint (cs_connector_edit_choose (NULL, 3, 1, FALSE, NULL), ==,
                   CS_EDIT_PLAN_REDEPLOY);

  g_assert_false (cs_lifecycle_has_model_update (&v2_11));
  g_assert_true (cs_lifecycle_has_model_update (&v2_12));
  g_assert_true (cs_lifecycle_has_connector_update (&v2_11));
}

static void
test_cache_failure_text (void)
{
  g_auto(GStrv) nodes = NULL;

  g_assert_true (cs_lifecycle_parse_cache_failure (
    "Successfully update ML model index with model ID abc but update model cache was failed on "
    "following nodes [nodeB, nodeC], please retry or redeploy model manually.", &nodes));
  g_assert_cmpuint (g_strv_length (nodes), ==, 2);
  g_assert_cmpstr (nodes[0], ==, "nodeB");
  g_assert_cmpstr (nodes[1], ==, "nodeC");
  g_assert_false (cs_lifecycle_parse_cache_failure ("Failed to update ML model: abc", NULL));
  g_assert_false (cs_lifecycle_parse_cache_failure (NULL, NULL));
}

static CsTimeoutProblem *
find_problem (GPtrArray            *problems,
              CsTimeoutProblemKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    if (((CsTimeoutProblem *) g_ptr_array_index (problems, i))->kind == kind)
      return g_ptr_array_index (problems, i);
  return NULL;
}

static void
test_timeout_check (void)
{
  CsVersion v3_6 = { 3, 6, 0 }, v2_19 = { 2, 19, 1 };
  g_autoptr(GPtrArray) thinking = cs_timeout_check (0, -1, 16000, TRUE, &v3_6);
  g_autoptr(GPtrArray) old = cs_timeout_check (0, -1, 16000, TRUE, &v2_19);
  g_autoptr(GPtrArray) small = cs_timeout_check (0, -1, 512, FALSE, &v3_6);
  g_autoptr(GPtrArray) retries = cs_timeout_check (120, 2, 16000, TRUE, &v3_6);
  g_autoptr(GPtrArray) fine = cs_timeout_check (600, 0, 16000, TRUE, &v3_6);
  CsTimeoutProblem *p;

  p = find_problem (thinking, CS_TIMEOUT_PROBLEM_THINKING_DEFAULT);
  g_assert_nonnull (p);
  g_assert_cmpint (p->suggested_read_timeout, >=, cs_timeout_check_estimate (16000, TRUE));
  g_assert_cmpint (p->suggested_read_timeout % 60, ==, 0);
  g_assert_nonnull (strstr (p->message, "30 seconds"));
  /* 2.14–3.5 do not enforce the read timeout. */
  g_assert_cmpuint (old->len, ==, 0);
  g_assert_cmpuint (small->len, ==, 0);

  p = find_problem (retries, CS_TIMEOUT_PROBLEM_RETRIES_BILL_TWICE);
  g_assert_nonnull (p);
  g_assert_cmpint (p->suggested_max_retry_times, ==, 0);
  g_assert_nonnull (strstr (p->message, "billed"));
  g_assert_nonnull (find_problem (retries, CS_TIMEOUT_PROBLEM_READ_TIMEOUT_SHORT));
  g_assert_cmpuint (fine->len, ==, 0);
}

static void
test_timeout_check_connector (void)
{
  CsVersion v3_6 = { 3, 6, 0 };
  g_autoptr(JsonNode) blueprint = cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  g_autoptr(GPtrArray) problems = cs_timeout_check_connector (json_node_get_object (blueprint),
                                                              &v3_6);

  g_assert_nonnull (find_problem (problems, CS_TIMEOUT_PROBLEM_THINKING_DEFAULT));
}

static void
test_session_token_record (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-token-XXXXXX", NULL);
  g_autoptr(GDateTime) entered = g_date_time_new_utc (2026, 12, 6, 1, 0, 0);
  g_autoptr(GDateTime) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cs_session_token_record_path (dir);
  g_autofree char *contents = NULL;

  g_assert_true (cs_session_token_record_note (dir, "conn-1", entered, &error));
  g_assert_no_error (error);
  found = cs_session_token_record_lookup (dir, "conn-1");
  g_assert_nonnull (found);
  g_assert_true (g_date_time_equal (found, entered));
  g_assert_null (cs_session_token_record_lookup (dir, "conn-2"));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "conn-1"));
  g_assert_null (strstr (contents, "token="));
  g_assert_null (strstr (contents, "sandboxsessiontoken"));

  g_assert_true (cs_session_token_record_forget (dir, "conn-1", &error));
  g_assert_null (cs_session_token_record_lookup (dir, "conn-1"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_session_token_assess (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 6, 12, 0, 0);
  struct { GTimeSpan age; CsSessionTokenState state; } cases[] = {
    { 30 * G_TIME_SPAN_MINUTE, CS_SESSION_TOKEN_FRESH },
    { 55 * G_TIME_SPAN_MINUTE, CS_SESSION_TOKEN_EXPIRING_SOON },
    { 2 * G_TIME_SPAN_HOUR, CS_SESSION_TOKEN_MAYBE_EXPIRED },
    { 13 * G_TIME_SPAN_HOUR, CS_SESSION_TOKEN_LIKELY_EXPIRED },
    { 40 * G_TIME_SPAN_HOUR, CS_SESSION_TOKEN_EXPIRED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) entered = g_date_time_add (now, -cases[i].age);
      g_autofree char *message = NULL;

      g_assert_cmpint (cs_session_token_assess (entered, now, &message), ==, cases[i].state);
      if (cases[i].state == CS_SESSION_TOKEN_FRESH)
        g_assert_null (message);
      else
        g_assert_nonnull (message);
    }
  g_assert_cmpint (cs_session_token_assess (NULL, now, NULL), ==, CS_SESSION_TOKEN_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/lifecycle/diff", test_diff);
  g_test_add_func ("/lifecycle/diff-nothing", test_diff_nothing);
  g_test_add_func ("/lifecycle/plan-choice", test_plan_choice);
  g_test_add_func ("/lifecycle/cache-failure-text", test_cache_failure_text);
  g_test_add_func ("/lifecycle/timeout-check", test_timeout_check);
  g_test_add_func ("/lifecycle/timeout-check-connector", test_timeout_check_connector);
  g_test_add_func ("/lifecycle/session-token-record", test_session_token_record);
  g_test_add_func ("/lifecycle/session-token-assess", test_session_token_assess);
  return g_test_run ();
}
