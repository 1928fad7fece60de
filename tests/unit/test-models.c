/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-deploy-follower.h"
#include "cs-error.h"
#include "cs-model-info.h"
#include "cs-models-api.h"
#include "cs-task-info.h"

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

/* A GET model body as ML Commons 2.19 writes it (§4.4): `model_version`,
 * not `version`; no model_id. */
static const char get_model_body[] =
  "{"
  "  \"name\": \"anthropic.claude-v4\","
  "  \"model_group_id\": \"grp-1\","
  "  \"algorithm\": \"REMOTE\","
  "  \"model_version\": \"3\","
  "  \"description\": \"claude v4 model\","
  "  \"model_state\": \"PARTIALLY_DEPLOYED\","
  "  \"created_time\": 1748000000000,"
  "  \"last_updated_time\": 1748000001000,"
  "  \"last_deployed_time\": 1748000002000,"
  "  \"auto_redeploy_retry_times\": 0,"
  "  \"planning_worker_node_count\": 3,"
  "  \"current_worker_node_count\": 2,"
  "  \"planning_worker_nodes\": [\"n1\", \"n2\", \"n3\"],"
  "  \"is_hidden\": false,"
  "  \"connector_id\": \"conn-42\""
  "}";

static void
test_model_get_body (void)
{
  g_autoptr(JsonNode) node = parse (get_model_body);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsModelInfo) model = NULL;

  model = cs_model_info_new_from_json ("model-7", json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  g_assert_cmpstr (cs_model_info_get_id (model), ==, "model-7");
  g_assert_cmpstr (cs_model_info_get_name (model), ==, "anthropic.claude-v4");
  g_assert_cmpstr (cs_model_info_get_description (model), ==, "claude v4 model");
  g_assert_cmpstr (cs_model_info_get_state (model), ==, "PARTIALLY_DEPLOYED");
  g_assert_cmpstr (cs_model_info_get_connector_id (model), ==, "conn-42");
  g_assert_cmpstr (cs_model_info_get_model_group_id (model), ==, "grp-1");
  g_assert_cmpstr (cs_model_info_get_version (model), ==, "3");
  g_assert_cmpstr (cs_model_info_get_algorithm (model), ==, "REMOTE");
  g_assert_cmpuint (cs_model_info_get_planning_worker_node_count (model), ==, 3);
  g_assert_cmpuint (cs_model_info_get_current_worker_node_count (model), ==, 2);
  g_assert_cmpint (cs_model_info_get_created_time (model), ==, 1748000000000);
  g_assert_cmpint (cs_model_info_get_last_updated_time (model), ==, 1748000001000);
  g_assert_cmpint (cs_model_info_get_last_deployed_time (model), ==, 1748000002000);
  g_assert_true (cs_model_info_is_deployed (model));
  g_assert_true (cs_model_info_blocks_delete (model));
  g_assert_false (cs_model_info_is_busy (model));
}

static void
test_model_minimal_body (void)
{
  /* Older bodies say `version` (and as a number); most fields can be absent. */
  g_autoptr(JsonNode) node = parse ("{\"name\":\"m\",\"version\":1,\"model_state\":\"REGISTERED\","
                                    "\"created_time\":\"1700000000000\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsModelInfo) model = NULL;

  model = cs_model_info_new_from_json ("id", json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_model_info_get_description (model), ==, "");
  g_assert_cmpstr (cs_model_info_get_version (model), ==, "1");
  g_assert_null (cs_model_info_get_connector_id (model));
  g_assert_cmpint (cs_model_info_get_created_time (model), ==, 1700000000000);
  g_assert_cmpint (cs_model_info_get_last_deployed_time (model), ==, 0);
  g_assert_cmpuint (cs_model_info_get_planning_worker_node_count (model), ==, 0);
  g_assert_false (cs_model_info_is_deployed (model));
  g_assert_false (cs_model_info_blocks_delete (model));
}

static void
test_model_refused (void)
{
  const char *bad[] = {
    "{}",
    "{\"name\": 5}",
    "{\"name\": \"m\", \"created_time\": {\"a\": 1}}",
    "{\"name\": \"m\", \"current_worker_node_count\": \"many\"}",
    "{\"name\": \"m\", \"planning_worker_node_count\": [1]}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsModelInfo) model = NULL;

      model = cs_model_info_new_from_json ("id", json_node_get_object (node), &error);
      g_assert_null (model);
      g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
    }
}

static void
test_model_states (void)
{
  g_assert_true (cs_model_state_is_deployed ("DEPLOYED"));
  g_assert_true (cs_model_state_is_deployed ("PARTIALLY_DEPLOYED"));
  g_assert_false (cs_model_state_is_deployed ("DEPLOYING"));
  g_assert_false (cs_model_state_is_deployed ("DEPLOY_FAILED"));
  g_assert_false (cs_model_state_is_deployed (NULL));

  g_assert_true (cs_model_state_is_final ("DEPLOY_FAILED"));
  g_assert_true (cs_model_state_is_final ("DEPLOYED"));
  g_assert_true (cs_model_state_is_final ("PARTIALLY_DEPLOYED"));
  g_assert_false (cs_model_state_is_final ("DEPLOYING"));
  g_assert_false (cs_model_state_is_final ("REGISTERED"));
  g_assert_false (cs_model_state_is_final ("UNDEPLOYED"));

  g_assert_true (cs_model_state_is_busy ("DEPLOYING"));
  g_assert_false (cs_model_state_is_busy ("UNDEPLOYED"));
}

static void
test_search_hits (void)
{
  g_autoptr(JsonNode) node = parse (
    "{\"took\":1,\"timed_out\":false,"
    " \"hits\":{\"total\":{\"value\":5,\"relation\":\"eq\"},\"max_score\":1.0,\"hits\":["
    "  {\"_index\":\".plugins-ml-model\",\"_id\":\"old\",\"_version\":1,\"_seq_no\":0,"
    "   \"_primary_term\":1,\"_score\":1.0,"
    "   \"_source\":{\"name\":\"older\",\"algorithm\":\"REMOTE\",\"model_state\":\"UNDEPLOYED\","
    "                \"created_time\":100,\"connector_id\":\"c1\"}},"
    "  {\"_id\":\"local\",\"_source\":{\"name\":\"minilm\",\"algorithm\":\"TEXT_EMBEDDING\","
    "                \"created_time\":300}},"
    "  {\"_id\":\"broken\",\"_source\":{\"algorithm\":\"REMOTE\"}},"
    "  {\"_id\":\"nosource\"},"
    "  {\"_id\":\"new\",\"_source\":{\"name\":\"newer\",\"algorithm\":\"REMOTE\","
    "                \"model_state\":\"DEPLOYED\",\"created_time\":200,"
    "                \"planning_worker_node_count\":2,\"current_worker_node_count\":2}}"
    " ]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(CsModelInfo) first = NULL;
  g_autoptr(CsModelInfo) second = NULL;

  store = cs_models_parse_search_response (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == CS_TYPE_MODEL_INFO);

  /* Newest first */
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  second = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpstr (cs_model_info_get_id (first), ==, "new");
  g_assert_cmpstr (cs_model_info_get_state (first), ==, "DEPLOYED");
  g_assert_cmpuint (cs_model_info_get_current_worker_node_count (first), ==, 2);
  g_assert_cmpstr (cs_model_info_get_id (second), ==, "old");
  g_assert_cmpstr (cs_model_info_get_connector_id (second), ==, "c1");
}

static void
test_search_empty_and_bad (void)
{
  g_autoptr(JsonNode) empty = parse ("{\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}");
  g_autoptr(JsonNode) bad1 = parse ("{\"error\":\"nope\"}");
  g_autoptr(JsonNode) bad2 = parse ("{\"hits\":{\"hits\":{}}}");
  g_autoptr(JsonNode) bad3 = parse ("[1,2]");
  JsonNode *bad[] = { bad1, bad2, bad3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;

  store = cs_models_parse_search_response (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GListStore) s = cs_models_parse_search_response (bad[i], &e);

      g_assert_null (s);
      g_assert_error (e, CS_ERROR, CS_ERROR_BAD_RESPONSE);
    }
}

static void
test_search_many (void)
{
  /* The most one search returns (index.max_result_window) */
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(CsModelInfo) first = NULL;
  g_autoptr(CsModelInfo) last = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hits");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *id = g_strdup_printf ("model-%05u", i);
      g_autofree char *name = g_strdup_printf ("claude %u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "_id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "_source");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "algorithm");
      json_builder_add_string_value (builder, "REMOTE");
      json_builder_set_member_name (builder, "model_state");
      json_builder_add_string_value (builder, i % 2 ? "DEPLOYED" : "UNDEPLOYED");
      json_builder_set_member_name (builder, "created_time");
      json_builder_add_int_value (builder, 1700000000000 + i);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  store = cs_models_parse_search_response (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 10000);
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  last = g_list_model_get_item (G_LIST_MODEL (store), 9999);
  g_assert_cmpstr (cs_model_info_get_id (first), ==, "model-09999");
  g_assert_cmpstr (cs_model_info_get_id (last), ==, "model-00000");
}

static void
test_task_body (void)
{
  /* §4.2: no task_id in the body; worker_node is an array. */
  g_autoptr(JsonNode) node = parse (
    "{\"model_id\":\"m-9\",\"task_type\":\"DEPLOY_MODEL\",\"function_name\":\"REMOTE\","
    " \"state\":\"FAILED\",\"worker_node\":[\"node-a\",\"node-b\"],"
    " \"create_time\":1748000000000,\"last_update_time\":1748000000500,"
    " \"error\":\"{\\\"node-b\\\":\\\"Connection refused\\\"}\",\"is_async\":true}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTaskInfo) task = NULL;
  const char * const *nodes;

  task = cs_task_info_new_from_json ("t-1", json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_task_info_get_id (task), ==, "t-1");
  g_assert_cmpstr (cs_task_info_get_model_id (task), ==, "m-9");
  g_assert_cmpstr (cs_task_info_get_task_type (task), ==, "DEPLOY_MODEL");
  g_assert_cmpstr (cs_task_info_get_state (task), ==, "FAILED");
  g_assert_cmpstr (cs_task_info_get_error (task), ==, "{\"node-b\":\"Connection refused\"}");
  nodes = cs_task_info_get_worker_nodes (task);
  g_assert_cmpuint (g_strv_length ((char **) nodes), ==, 2);
  g_assert_cmpstr (nodes[0], ==, "node-a");
  g_assert_cmpstr (nodes[1], ==, "node-b");
  g_assert_cmpint (cs_task_info_get_create_time (task), ==, 1748000000000);
  g_assert_cmpint (cs_task_info_get_last_update_time (task), ==, 1748000000500);
  g_assert_true (cs_task_info_is_done (task));
  g_assert_true (cs_task_info_is_failed (task));
}

static void
test_task_running_and_bad (void)
{
  g_autoptr(JsonNode) running = parse ("{\"task_type\":\"REGISTER_MODEL\",\"state\":\"RUNNING\","
                                       "\"is_async\":false}");
  g_autoptr(JsonNode) bad = parse ("{\"state\":\"RUNNING\",\"worker_node\":[1,2]}");
  g_autoptr(JsonNode) bad_state = parse ("{\"state\":7}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTaskInfo) task = NULL;
  g_autoptr(CsTaskInfo) none = NULL;

  task = cs_task_info_new_from_json ("t-2", json_node_get_object (running), &error);
  g_assert_no_error (error);
  g_assert_null (cs_task_info_get_model_id (task));
  g_assert_null (cs_task_info_get_error (task));
  g_assert_cmpuint (g_strv_length ((char **) cs_task_info_get_worker_nodes (task)), ==, 0);
  g_assert_false (cs_task_info_is_done (task));
  g_assert_false (cs_task_info_is_failed (task));

  none = cs_task_info_new_from_json ("t-3", json_node_get_object (bad), &error);
  g_assert_null (none);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  none = cs_task_info_new_from_json ("t-4", json_node_get_object (bad_state), &error);
  g_assert_null (none);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

static void
test_register_body (void)
{
  g_autoptr(JsonNode) full = cs_models_build_register_body ("anthropic.claude-v4",
                                                            "claude v4 model", "conn-1",
                                                            "grp-2");
  g_autoptr(JsonNode) bare = cs_models_build_register_body ("m", "", "conn-1", NULL);
  g_autofree char *full_text = cs_test_canonical_json (full);
  g_autofree char *bare_text = cs_test_canonical_json (bare);

  g_assert_cmpstr (full_text, ==,
                   "{\"connector_id\":\"conn-1\",\"description\":\"claude v4 model\","
                   "\"function_name\":\"remote\",\"model_group_id\":\"grp-2\","
                   "\"name\":\"anthropic.claude-v4\"}");
  /* function_name is there even with nothing else optional */
  g_assert_cmpstr (bare_text, ==,
                   "{\"connector_id\":\"conn-1\",\"function_name\":\"remote\",\"name\":\"m\"}");
}

static void
test_register_answers (void)
{
  g_autoptr(JsonNode) with_id = parse ("{\"task_id\":\"t-1\",\"status\":\"CREATED\","
                                       "\"model_id\":\"m-1\"}");
  g_autoptr(JsonNode) without = parse ("{\"task_id\":\"t-2\",\"status\":\"CREATED\"}");
  g_autoptr(JsonNode) neither = parse ("{\"status\":\"CREATED\"}");
  g_autoptr(JsonNode) not_object = parse ("\"CREATED\"");
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *task_id = NULL;

  g_assert_true (cs_models_parse_register_response (with_id, &model_id, &task_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (model_id, ==, "m-1");
  g_assert_cmpstr (task_id, ==, "t-1");
  g_clear_pointer (&model_id, g_free);
  g_clear_pointer (&task_id, g_free);

  /* 2.9 / 2.10: only the task */
  g_assert_true (cs_models_parse_register_response (without, &model_id, &task_id, &error));
  g_assert_no_error (error);
  g_assert_null (model_id);
  g_assert_cmpstr (task_id, ==, "t-2");
  g_clear_pointer (&task_id, g_free);

  g_assert_false (cs_models_parse_register_response (neither, &model_id, &task_id, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_null (model_id);
  g_assert_null (task_id);
  g_clear_error (&error);

  g_assert_false (cs_models_parse_register_response (not_object, NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

static void
test_undeploy_answers (void)
{
  /* The source writes lower case; the documentation shows upper case. */
  g_autoptr(JsonNode) node = parse (
    "{\"n1\":{\"stats\":{\"m-1\":\"undeployed\",\"other\":\"undeployed\"}},"
    " \"n2\":{\"stats\":{\"m-1\":\"not_found\"}},"
    " \"n3\":{\"stats\":{\"m-1\":\"UNDEPLOYED\"}},"
    " \"n4\":{\"stats\":{}},"
    " \"n5\":{}}");
  g_autoptr(JsonNode) bad = parse ("[]");
  g_autoptr(GError) error = NULL;
  guint undeployed = 99, not_found = 99;

  g_assert_true (cs_models_parse_undeploy_response (node, "m-1", &undeployed, &not_found, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (undeployed, ==, 2);
  g_assert_cmpuint (not_found, ==, 1);

  g_assert_true (cs_models_parse_undeploy_response (node, "other", &undeployed, &not_found,
                                                    &error));
  g_assert_cmpuint (undeployed, ==, 1);
  g_assert_cmpuint (not_found, ==, 0);

  g_assert_false (cs_models_parse_undeploy_response (bad, "m-1", NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

static void
test_poll_schedule (void)
{
  guint previous = 0;
  guint total = 0;
  guint quick = 0;
  gboolean reached_cap = FALSE;

  /* For the first five minutes (at least the first two seconds) the answers
   * come quickly enough that a change is seen within 250 ms of happening
   * (issue 15): polls at most 200 ms apart, and no more than five a second
   * after the first two. */
  g_assert_cmpuint (cs_deploy_follower_poll_delay (0), ==, 100);
  for (guint i = 0; i < 2000; i++)
    {
      guint delay = cs_deploy_follower_poll_delay (i);

      if (delay > 250)
        {
          g_assert_cmpuint (total, >=, 2000);
          g_assert_cmpuint (total, >=, 5 * 60 * 1000);
          quick = i;
          break;
        }
      g_assert_cmpuint (delay, <=, 200);
      if (i >= 2)
        g_assert_cmpuint (delay, ==, 200);
      total += delay;
    }
  g_assert_cmpuint (quick, >, 0);
  total = 0;

  for (guint i = 0; i < quick + 200; i++)
    {
      guint delay = cs_deploy_follower_poll_delay (i);

      g_assert_cmpuint (delay, >=, previous);     /* never faster again */
      g_assert_cmpuint (delay, <=, 2000);         /* never slower than the cap */
      if (previous > 0)
        g_assert_cmpuint (delay * 2, <=, previous * 3); /* at most ×1.5 per step */
      if (delay == 2000)
        reached_cap = TRUE;
      previous = delay;
      if (i >= quick && i < quick + 20)
        total += delay;
    }
  g_assert_true (reached_cap);
  /* Slower later: twenty polls after the quick ones span well over ten seconds. */
  g_assert_cmpuint (total, >, 10000);
  g_assert_cmpuint (cs_deploy_follower_poll_delay (G_MAXUINT), ==, 2000);
}

/* A busy cluster is waited for with a bounded back-off (issue 11, 7). */
static void
test_backoff_schedule (void)
{
  guint previous = 0;

  g_assert_cmpuint (cs_deploy_follower_backoff_delay (1, -1), ==, 250);
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (2, -1), ==, 500);
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (3, -1), ==, 1000);
  for (guint i = 1; i < 100; i++)
    {
      guint delay = cs_deploy_follower_backoff_delay (i, -1);

      g_assert_cmpuint (delay, >=, previous);
      g_assert_cmpuint (delay, <=, 30000);
      previous = delay;
    }
  g_assert_cmpuint (previous, ==, 30000);
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (G_MAXUINT, -1), ==, 30000);
  /* Retry-After wins, within bounds. */
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (1, 7000), ==, 7000);
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (9, 2000), ==, 2000);
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (1, 0), ==, 100);
  g_assert_cmpuint (cs_deploy_follower_backoff_delay (1, G_GINT64_CONSTANT (86400000)), ==,
                    300000);
}

static void
test_retry_after_parse (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 6, 2, 0, 0);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cs_error_parse_retry_after ("5", now), ==, 5000);
  g_assert_cmpint (cs_error_parse_retry_after (" 120 ", now), ==, 120000);
  g_assert_cmpint (cs_error_parse_retry_after ("0", now), ==, 0);
  g_assert_cmpint (cs_error_parse_retry_after ("Sun, 06 Dec 2026 02:00:30 GMT", now), ==,
                   30000);
  /* A date in the past means now. */
  g_assert_cmpint (cs_error_parse_retry_after ("Sun, 06 Dec 2026 01:00:00 GMT", now), ==, 0);
  g_assert_cmpint (cs_error_parse_retry_after ("-3", now), ==, -1);
  g_assert_cmpint (cs_error_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (cs_error_parse_retry_after ("", now), ==, -1);
  g_assert_cmpint (cs_error_parse_retry_after (NULL, now), ==, -1);

  /* Errors remember it, copies too; none named is -1. */
  g_assert_false (cs_error_from_response (429, "application/json", body, &error));
  g_assert_cmpint (cs_error_get_retry_after (error), ==, -1);
  cs_error_set_retry_after (error, 4000);
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpint (cs_error_get_retry_after (copy), ==, 4000);
  }
}

static GError *
error_from_body (guint       status,
                 const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  GError *error = NULL;

  g_assert_false (cs_error_from_response (status, "application/json", bytes, &error));
  g_assert_nonnull (error);
  return error;
}

static void
test_error_recognition (void)
{
  g_autoptr(GError) refused = error_from_body (400,
    "{\"error\":{\"root_cause\":[{\"type\":\"status_exception\",\"reason\":\"Model cannot be "
    "deleted in deploying or deployed state. Try undeploy model first then delete\"}],"
    "\"type\":\"status_exception\",\"reason\":\"Model cannot be deleted in deploying or "
    "deployed state. Try undeploy model first then delete\"},\"status\":400}");
  g_autoptr(GError) master = error_from_body (500,
    "{\"error\":{\"root_cause\":[{\"type\":\"m_l_exception\",\"reason\":\"The ML encryption "
    "master key has not been initialized yet. Please retry after waiting for 10 seconds.\"}],"
    "\"type\":\"m_l_exception\",\"reason\":\"The ML encryption master key has not been "
    "initialized yet. Please retry after waiting for 10 seconds.\"},\"status\":500}");
  g_autoptr(GError) other = error_from_body (404,
    "{\"error\":{\"root_cause\":[{\"type\":\"status_exception\",\"reason\":\"Failed to find "
    "model\"}],\"type\":\"status_exception\",\"reason\":\"Failed to find model\"},"
    "\"status\":404}");

  g_assert_true (cs_models_error_is_delete_refused (refused));
  g_assert_false (cs_models_error_is_delete_refused (master));
  g_assert_false (cs_models_error_is_delete_refused (other));
  g_assert_false (cs_models_error_is_delete_refused (NULL));

  g_assert_true (cs_models_error_is_master_key_pending (master));
  g_assert_false (cs_models_error_is_master_key_pending (refused));
  g_assert_false (cs_models_error_is_master_key_pending (NULL));

  g_assert_true (cs_models_text_is_master_key_pending (
    "{\"node-1\":\"The ML encryption master key has not been initialized yet. Please retry "
    "after waiting for 10 seconds.\"}"));
  g_assert_false (cs_models_text_is_master_key_pending ("Connection refused"));
  g_assert_false (cs_models_text_is_master_key_pending (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/models/info/get-body", test_model_get_body);
  g_test_add_func ("/models/info/minimal-body", test_model_minimal_body);
  g_test_add_func ("/models/info/refused", test_model_refused);
  g_test_add_func ("/models/info/states", test_model_states);
  g_test_add_func ("/models/search/hits", test_search_hits);
  g_test_add_func ("/models/search/empty-and-bad", test_search_empty_and_bad);
  g_test_add_func ("/models/search/many", test_search_many);
  g_test_add_func ("/models/task/body", test_task_body);
  g_test_add_func ("/models/task/running-and-bad", test_task_running_and_bad);
  g_test_add_func ("/models/register/body", test_register_body);
  g_test_add_func ("/models/register/answers", test_register_answers);
  g_test_add_func ("/models/undeploy/answers", test_undeploy_answers);
  g_test_add_func ("/models/follower/poll-schedule", test_poll_schedule);
  g_test_add_func ("/models/follower/backoff-schedule", test_backoff_schedule);
  g_test_add_func ("/models/follower/retry-after", test_retry_after_parse);
  g_test_add_func ("/models/errors/recognition", test_error_recognition);

  return g_test_run ();
}
