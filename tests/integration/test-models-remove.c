/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cs_models_remove_async against the sandbox: undeploy when needed, then
 * delete; a refusal at either step keeps the cluster's own text. */
#include "config.h"

#include "cs-client.h"
#include "cs-deploy-follower.h"
#include "cs-error.h"
#include "cs-models-api.h"

#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
  char          *connector_id;
} Fixture;

static JsonNode *
request (CsClient    *client,
         const char  *method,
         const char  *path,
         JsonNode    *body,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_client_request_async (client, method, path, body, CS_REQUEST_FLAGS_NONE, NULL,
                           cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_client_request_finish (client, result, error);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* The blueprint's standard connector, with test values that look nothing
 * like real AWS keys. */
static void
fixture_start (Fixture *f)
{
  const char *args[] = { "--no-tls", "--nodes", "2", "--deploy-delay-ms", "200", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *root = json_node_get_object (body);
  JsonObject *credential = json_object_get_object_member (root, "credential");

  f->sandbox = cs_test_sandbox_startv (args);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);

  json_object_set_string_member (credential, "access_key", "test-access-key");
  json_object_set_string_member (credential, "secret_key", "test-secret-key");
  json_object_remove_member (credential, "session_token");
  json_object_set_string_member (json_object_get_object_member (root, "parameters"), "region",
                                 "us-east-1");
  answer = request (f->client, "POST", "_plugins/_ml/connectors/_create", body, &error);
  g_assert_no_error (error);
  f->connector_id = g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                             "connector_id"));
  g_assert_nonnull (f->connector_id);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
  g_clear_pointer (&f->connector_id, g_free);
}

/* Registers a model; with deploy, waits until the cluster says DEPLOYED. */
static char *
add_model (Fixture  *f,
           gboolean  deploy)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *model_id;

  cs_models_register_async (f->client, "claude-remove-test", NULL, f->connector_id, NULL,
                            deploy, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  model_id = cs_models_register_finish (f->client, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model_id);

  if (deploy)
    {
      g_autoptr(CsDeployFollower) follower = cs_deploy_follower_new (f->client, model_id);

      g_clear_object (&result);
      cs_deploy_follower_run_async (follower, FALSE, NULL, cs_test_store_result, &result);
      cs_test_wait_for_result (&result, WAIT_MS);
      g_assert_true (cs_deploy_follower_run_finish (follower, result, &error));
      g_assert_cmpstr (cs_deploy_follower_get_state (follower), ==, "DEPLOYED");
    }
  return model_id;
}

/* The model's state as the cluster lists it, or NULL when it is not listed. */
static char *
listed_state (Fixture    *f,
              const char *model_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;

  cs_models_search_async (f->client, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  store = cs_models_search_finish (f->client, result, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(CsModelInfo) model = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (cs_model_info_get_id (model), model_id) == 0)
        return g_strdup (cs_model_info_get_state (model));
    }
  return NULL;
}

static gboolean
run_remove (Fixture             *f,
            const char          *model_id,
            gboolean            *undeployed,
            CsModelsRemoveStep  *step,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_models_remove_async (f->client, model_id, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_models_remove_finish (f->client, result, undeployed, step, error);
}

/* How many requests the sandbox saw with this method whose path ends so. */
static guint
count_requests (Fixture    *f,
                const char *method,
                const char *path_suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = request (f->client, "GET", "_sandbox/requests", NULL, &error);
  JsonArray *array;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (answer));
  array = json_node_get_array (answer);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (entry, "method"), method) &&
          g_str_has_suffix (json_object_get_string_member (entry, "path"), path_suffix))
        n++;
    }
  return n;
}

static void
forget_requests (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = request (f->client, "DELETE", "_sandbox/requests", NULL, &error);

  g_assert_no_error (error);
}

static void
add_fault (Fixture    *f,
           const char *spec)
{
  g_autofree char *text = g_strdup_printf ("{\"spec\":\"%s\"}", spec);
  g_autoptr(JsonNode) body = json (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = request (f->client, "POST", "_sandbox/faults", body, &error);

  g_assert_no_error (error);
}

static void
test_deployed_is_undeployed_then_deleted (void)
{
  Fixture f = { 0, };
  g_autofree char *model_id = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean undeployed = FALSE;
  CsModelsRemoveStep step = CS_MODELS_REMOVE_STEP_CHECK;

  fixture_start (&f);
  model_id = add_model (&f, TRUE);
  state = listed_state (&f, model_id);
  g_assert_cmpstr (state, ==, "DEPLOYED");
  forget_requests (&f);

  g_assert_true (run_remove (&f, model_id, &undeployed, &step, &error));
  g_assert_no_error (error);
  g_assert_true (undeployed);
  g_assert_cmpint (step, ==, CS_MODELS_REMOVE_STEP_DELETE);
  g_assert_cmpuint (count_requests (&f, "POST", "/_undeploy"), ==, 1);
  g_assert_cmpuint (count_requests (&f, "DELETE", model_id), ==, 1);

  /* Gone from the cluster */
  g_clear_pointer (&state, g_free);
  state = listed_state (&f, model_id);
  g_assert_null (state);

  fixture_stop (&f);
}

static void
test_undeployed_is_deleted_directly (void)
{
  Fixture f = { 0, };
  g_autofree char *model_id = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean undeployed = TRUE;
  CsModelsRemoveStep step = CS_MODELS_REMOVE_STEP_CHECK;

  fixture_start (&f);
  model_id = add_model (&f, FALSE);
  forget_requests (&f);

  g_assert_true (run_remove (&f, model_id, &undeployed, &step, &error));
  g_assert_no_error (error);
  g_assert_false (undeployed);
  g_assert_cmpint (step, ==, CS_MODELS_REMOVE_STEP_DELETE);
  /* No undeploy was sent: straight to the delete. */
  g_assert_cmpuint (count_requests (&f, "POST", "/_undeploy"), ==, 0);
  g_assert_cmpuint (count_requests (&f, "DELETE", model_id), ==, 1);
  state = listed_state (&f, model_id);
  g_assert_null (state);

  /* A model that is no longer there: the cluster's "not found", nothing sent after. */
  forget_requests (&f);
  g_assert_false (run_remove (&f, model_id, NULL, &step, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpint (step, ==, CS_MODELS_REMOVE_STEP_CHECK);
  g_assert_cmpuint (count_requests (&f, "DELETE", model_id), ==, 0);

  fixture_stop (&f);
}

static void
test_refused_undeploy_keeps_text (void)
{
  Fixture f = { 0, };
  g_autofree char *model_id = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean undeployed = TRUE;
  CsModelsRemoveStep step = CS_MODELS_REMOVE_STEP_CHECK;
  const char *reason;

  fixture_start (&f);
  model_id = add_model (&f, TRUE);
  add_fault (&f, "route=/_plugins/_ml/models/*/_undeploy,status=400,count=1");
  forget_requests (&f);

  g_assert_false (run_remove (&f, model_id, &undeployed, &step, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_cmpint (step, ==, CS_MODELS_REMOVE_STEP_UNDEPLOY);
  g_assert_false (undeployed);
  /* The cluster's own words, in the message the user sees */
  reason = cs_error_get_server_reason (error);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "Simulated fault"));
  g_assert_nonnull (strstr (error->message, reason));
  /* Nothing was deleted after the refusal. */
  g_assert_cmpuint (count_requests (&f, "DELETE", model_id), ==, 0);
  state = listed_state (&f, model_id);
  g_assert_cmpstr (state, ==, "DEPLOYED");

  fixture_stop (&f);
}

static void
test_refused_delete_after_undeploy (void)
{
  Fixture f = { 0, };
  g_autofree char *model_id = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean undeployed = FALSE;
  CsModelsRemoveStep step = CS_MODELS_REMOVE_STEP_CHECK;
  const char *reason;

  fixture_start (&f);
  model_id = add_model (&f, TRUE);
  add_fault (&f, "route=/_plugins/_ml/models/*,method=DELETE,status=409,count=1");

  g_assert_false (run_remove (&f, model_id, &undeployed, &step, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFLICT);
  g_assert_cmpint (step, ==, CS_MODELS_REMOVE_STEP_DELETE);
  /* Half-way: undeployed, still there */
  g_assert_true (undeployed);
  reason = cs_error_get_server_reason (error);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (error->message, reason));
  state = listed_state (&f, model_id);
  g_assert_cmpstr (state, ==, "UNDEPLOYED");

  /* Trying again finishes the job without another undeploy. */
  g_clear_error (&error);
  g_assert_true (run_remove (&f, model_id, &undeployed, &step, &error));
  g_assert_no_error (error);
  g_assert_false (undeployed);
  g_clear_pointer (&state, g_free);
  state = listed_state (&f, model_id);
  g_assert_null (state);

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/models-remove/deployed", test_deployed_is_undeployed_then_deleted);
  g_test_add_func ("/models-remove/undeployed", test_undeployed_is_deleted_directly);
  g_test_add_func ("/models-remove/refused-undeploy", test_refused_undeploy_keeps_text);
  g_test_add_func ("/models-remove/refused-delete", test_refused_delete_after_undeploy);

  return g_test_run ();
}
