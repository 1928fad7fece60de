/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-connector-edit.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-key-rotation.h"
#include "cs-lifecycle-api.h"
#include "cs-predict.h"
#include "cs-test-faults.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-timeout-check.h"

/*
 * The connector lifecycle against the sandbox, headless: editing a connector (plain PUT, in
 * place by switching models, undeploy → update → redeploy on a cluster without the model
 * update API) and rotating AWS keys on deployed models with smoke tests and rollback.
 *
 * The keys follow the sandbox's made-up conventions (src/sandbox/README.md, "Bedrock
 * credentials"); "INVALID" in a secret key is answered as an unknown key.
 */

#define NEW_SECRET "sandboxsecretkeyROTATED00000000000000000"
#define NEW_ACCESS "SANDBOXROTATEDKEY02"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
  CsVersion      version;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *version,
               const char *nodes)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = cs_test_sandbox_start ("--no-tls", "--deploy-delay-ms", "100",
                                      "--opensearch-version", version, "--nodes", nodes, NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  /* The sandbox runs without TLS: as if the user confirmed sending keys over it. */
  cs_client_set_keys_over_http_allowed (f->client, TRUE);
  g_assert_true (cs_version_parse (version, &f->version));
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->client);
  cs_test_sandbox_stop (f->sandbox);
}

static JsonObject *
request_object (Fixture    *f,
                const char *method,
                const char *path,
                const char *body_text,
                guint      *status)
{
  g_autoptr(JsonNode) body = body_text ? cs_test_parse_json (body_text) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(JsonNode) answer = cs_test_request (f->client, method, path, body, status,
                                                &error_body, &error);

  if (answer == NULL)
    return error_body && JSON_NODE_HOLDS_OBJECT (error_body)
           ? json_object_ref (json_node_get_object (error_body)) : NULL;
  return JSON_NODE_HOLDS_OBJECT (answer) ? json_object_ref (json_node_get_object (answer)) : NULL;
}

static char *
model_field (Fixture    *f,
             const char *model_id,
             const char *field)
{
  g_autofree char *path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  g_autoptr(JsonObject) model = request_object (f, "GET", path, NULL, NULL);

  g_assert_nonnull (model);
  return g_strdup (json_object_get_string_member_with_default (model, field, ""));
}

/* A connector from a blueprint with the test keys, as a create body. */
static JsonNode *
connector_body (const char *blueprint,
                const char *secret_key)
{
  g_autofree char *path = g_strconcat ("blueprints/", blueprint, NULL);
  JsonNode *connector = cs_test_data_json (path);
  JsonObject *object = json_node_get_object (connector);
  JsonObject *credential = json_object_new ();

  json_object_set_string_member (json_object_get_object_member (object, "parameters"),
                                 "region", "us-east-1");
  json_object_set_string_member (credential, "access_key", CS_TEST_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", secret_key);
  json_object_set_object_member (object, "credential", credential);
  return connector;
}

static void
wait_deployed (Fixture    *f,
               const char *model_id)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *state = model_field (f, model_id, "model_state");

      if (g_str_equal (state, "DEPLOYED"))
        return;
      g_assert_cmpstr (state, !=, "DEPLOY_FAILED");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

/* A model with an inline connector, registered with deploy=true, waited for. */
static char *
deploy_inline_model (Fixture    *f,
                     const char *name)
{
  g_autoptr(JsonNode) connector = connector_body ("bedrock_claude4_standard.json",
                                                  CS_TEST_SECRET_KEY);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  char *model_id;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "function_name");
  json_builder_add_string_value (b, "remote");
  json_builder_set_member_name (b, "connector");
  json_builder_add_value (b, json_node_copy (connector));
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = cs_test_request (f->client, "POST", "_plugins/_ml/models/_register?deploy=true", body,
                            NULL, NULL, &error);
  g_assert_no_error (error);
  model_id = g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                      "model_id"));
  wait_deployed (f, model_id);
  return model_id;
}

/* A predict through the core; TRUE when the model answered. */
static gboolean
predict_ok (Fixture    *f,
            const char *model_id)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hello");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;

  cs_conversation_append (conversation, turn);
  body = cs_conversation_build_predict_body (conversation, NULL, &error);
  g_assert_no_error (error);
  cs_predict_async (f->client, model_id, body, 30, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 30000);
  prediction = cs_predict_finish (f->client, result, NULL, NULL, &error);
  if (prediction == NULL)
    g_test_message ("predict on %s failed: %s", model_id, error->message);
  return prediction != NULL;
}

/* Every node of the model answers (predict runs round-robin on the workers). */
static void
assert_all_nodes_answer (Fixture    *f,
                         const char *model_id,
                         guint       nodes)
{
  for (guint i = 0; i < nodes * 2; i++)
    g_assert_true (predict_ok (f, model_id));
}

/* ---- edit ------------------------------------------------------------------------------- */

static void
progress_cb (const char *text,
             const char *cluster_text,
             gpointer    user_data)
{
  GPtrArray *log = user_data;

  g_ptr_array_add (log, g_strdup (text));
}

static CsEditPlan *
make_plan (Fixture         *f,
           const char      *connector_id,
           CsConnectorSpec *spec,
           gboolean         keep_secrets)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsEditPlan *plan;

  cs_connector_edit_plan_async (f->client, &f->version, connector_id, spec, keep_secrets, NULL,
                                cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 30000);
  plan = cs_connector_edit_plan_finish (f->client, result, &error);
  g_assert_no_error (error);
  return plan;
}

static char *
run_plan (Fixture    *f,
          CsEditPlan *plan,
          GPtrArray  *log)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *connector_id = NULL;

  cs_connector_edit_execute_async (f->client, plan, progress_cb, log, NULL, cs_test_store_result,
                                   &result);
  cs_test_wait_for_result (&result, 60000);
  g_assert_true (cs_connector_edit_execute_finish (f->client, result, &connector_id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    g_assert_null (strstr (g_ptr_array_index (log, i), CS_TEST_SECRET_KEY));
  return connector_id;
}

static CsConnectorSpec *
spec_of (Fixture    *f,
         const char *connector_id)
{
  g_autofree char *path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
  g_autoptr(JsonObject) connector = request_object (f, "GET", path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  CsConnectorSpec *spec;

  g_assert_nonnull (connector);
  g_assert_false (json_object_has_member (connector, "credential"));
  spec = cs_connector_spec_new_from_object (connector, &error);
  g_assert_no_error (error);
  return spec;
}

static gboolean
has_change (CsEditPlan *plan,
            const char *path)
{
  GPtrArray *changes = cs_edit_plan_get_changes (plan);

  for (guint i = 0; i < changes->len; i++)
    if (g_str_equal (((CsConnectorChange *) g_ptr_array_index (changes, i))->path, path))
      return TRUE;
  return FALSE;
}

static void
test_edit_unused (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonNode) body = connector_body ("bedrock_claude4_extended_thinking.json",
                                             CS_TEST_SECRET_KEY);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(CsEditPlan) plan = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *connector_id = NULL;
  g_autofree char *after_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) after = NULL;
  GPtrArray *problems;

  fixture_start (&f, "3.6.0", "1");
  created = cs_test_request (f.client, "POST", "_plugins/_ml/connectors/_create", body, NULL,
                             NULL, &error);
  g_assert_no_error (error);
  connector_id = g_strdup (json_object_get_string_member (json_node_get_object (created),
                                                          "connector_id"));

  /* The timeout check sees the thinking connector at 3.6's enforced 30 s. */
  spec = spec_of (&f, connector_id);
  plan = make_plan (&f, connector_id, spec, TRUE);
  problems = cs_edit_plan_get_timeout_problems (plan);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_cmpint (((CsTimeoutProblem *) g_ptr_array_index (problems, 0))->kind, ==,
                   CS_TIMEOUT_PROBLEM_THINKING_DEFAULT);
  g_clear_pointer (&plan, cs_edit_plan_unref);

  /* Apply the suggestion: read_timeout. Keys kept (not re-entered). */
  cs_connector_spec_set_read_timeout (spec, 600);
  plan = make_plan (&f, connector_id, spec, TRUE);
  g_assert_cmpint (cs_edit_plan_get_kind (plan), ==, CS_EDIT_PLAN_CONNECTOR_PUT);
  g_assert_true (has_change (plan, "client_config.read_timeout"));
  g_assert_false (has_change (plan, "credential.secret_key"));
  g_assert_cmpuint (cs_edit_plan_get_timeout_problems (plan)->len, ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv) cs_edit_plan_get_model_ids (plan)), ==, 0);

  after_id = run_plan (&f, plan, log);
  g_assert_cmpstr (after_id, ==, connector_id);
  path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
  after = request_object (&f, "GET", path, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (after,
                                                                              "client_config"),
                                               "read_timeout"), ==, 600);
  g_assert_cmpuint (log->len, >=, 2);
  fixture_stop (&f);
}

static void
test_edit_in_use_in_place (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *uses = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *state = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(CsEditPlan) plan = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) refused = NULL;
  guint status = 0;

  fixture_start (&f, "2.19.1", "2");
  model_id = cs_test_deploy_model (f.client, "bedrock_claude4_standard.json", CS_TEST_SECRET_KEY,
                                   NULL, &connector_id);

  /* The plain PUT is refused while the model is deployed, with ML Commons' text. */
  old_path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
  refused = request_object (&f, "PUT", old_path, "{\"description\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (refused, "error"), "reason"),
                            "models are still using this connector, please undeploy the "
                            "models first"));

  spec = spec_of (&f, connector_id);
  cs_connector_spec_set_read_timeout (spec, 300);
  cs_connector_spec_set_access_key (spec, CS_TEST_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, CS_TEST_SECRET_KEY);
  plan = make_plan (&f, connector_id, spec, FALSE);
  g_assert_cmpint (cs_edit_plan_get_kind (plan), ==, CS_EDIT_PLAN_SWITCH_CONNECTOR);
  g_assert_cmpstrv ((GStrv) cs_edit_plan_get_deployed_ids (plan),
                    ((const char * const[]) { model_id, NULL }));

  new_id = run_plan (&f, plan, log);
  g_assert_cmpstr (new_id, !=, connector_id);
  uses = model_field (&f, model_id, "connector_id");
  g_assert_cmpstr (uses, ==, new_id);
  /* Never undeployed. */
  state = model_field (&f, model_id, "model_state");
  g_assert_cmpstr (state, ==, "DEPLOYED");
  assert_all_nodes_answer (&f, model_id, 2);
  /* The old connector is gone. */
  g_clear_pointer (&refused, json_object_unref);
  refused = request_object (&f, "GET", old_path, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  fixture_stop (&f);
}

static void
test_edit_in_use_redeploy (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *state = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(CsEditPlan) plan = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) refused = NULL;
  guint status = 0;

  /* 2.11: connector PUT exists, the model update does not. */
  fixture_start (&f, "2.11.0", "1");
  model_id = cs_test_deploy_model (f.client, "bedrock_claude4_standard.json", CS_TEST_SECRET_KEY,
                                   NULL, &connector_id);
  path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  refused = request_object (&f, "PUT", path, "{\"description\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&path, g_free);

  /* client_config exists from 2.13: change the description. */
  spec = spec_of (&f, connector_id);
  cs_connector_spec_set_description (spec, "edited on 2.11");
  cs_connector_spec_set_access_key (spec, CS_TEST_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, CS_TEST_SECRET_KEY);
  plan = make_plan (&f, connector_id, spec, FALSE);
  g_assert_cmpint (cs_edit_plan_get_kind (plan), ==, CS_EDIT_PLAN_REDEPLOY);
  g_assert_nonnull (strstr (cs_edit_plan_get_why (plan), "2.12"));

  new_id = run_plan (&f, plan, log);
  g_assert_cmpstr (new_id, ==, connector_id);
  path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
  after = request_object (&f, "GET", path, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "description"), ==, "edited on 2.11");
  state = model_field (&f, model_id, "model_state");
  g_assert_cmpstr (state, ==, "DEPLOYED");
  g_assert_true (predict_ok (&f, model_id));
  fixture_stop (&f);
}

static void
test_edit_inline_in_place (void)
{
  Fixture f = { 0 };
  g_autofree char *model_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *result_id = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(CsEditPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  JsonObject *connector;

  fixture_start (&f, "3.6.0", "2");
  model_id = deploy_inline_model (&f, "claude-inline");
  path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  model = request_object (&f, "GET", path, NULL, NULL);
  spec = cs_connector_spec_new_from_object (json_object_get_object_member (model, "connector"),
                                            &error);
  g_assert_no_error (error);
  cs_connector_spec_set_read_timeout (spec, 240);

  cs_connector_edit_plan_for_model_async (f.client, &f.version, model_id, spec, TRUE, NULL,
                                          cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 30000);
  plan = cs_connector_edit_plan_for_model_finish (f.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_edit_plan_get_kind (plan), ==, CS_EDIT_PLAN_MODEL_UPDATE);
  g_assert_true (has_change (plan, "client_config.read_timeout"));
  g_assert_false (has_change (plan, "credential.secret_key"));
  g_assert_nonnull (strstr (cs_edit_plan_get_why (plan), "without undeploying"));

  result_id = run_plan (&f, plan, log);
  g_assert_cmpstr (result_id, ==, model_id);
  g_clear_pointer (&model, json_object_unref);
  model = request_object (&f, "GET", path, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (model, "model_state"), ==, "DEPLOYED");
  connector = json_object_get_object_member (model, "connector");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (connector,
                                                                              "client_config"),
                                               "read_timeout"), ==, 240);
  /* The stored keys were kept. */
  assert_all_nodes_answer (&f, model_id, 2);
  fixture_stop (&f);
}

/* ---- rotation --------------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *texts;
  GPtrArray *cluster_texts;
} StepLog;

static void
step_cb (CsKeyRotation *rotation,
         int            step,
         const char    *model_id,
         const char    *text,
         const char    *cluster_text,
         gpointer       user_data)
{
  StepLog *log = user_data;

  g_ptr_array_add (log->texts, g_strdup (text));
  if (cluster_text != NULL)
    g_ptr_array_add (log->cluster_texts, g_strdup (cluster_text));
}

static CsRotationOutcome
rotate (Fixture       *f,
        CsKeyRotation *rotation,
        StepLog       *log,
        char         **summary)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsRotationOutcome outcome = 0;

  g_signal_connect (rotation, "step", G_CALLBACK (step_cb), log);
  cs_key_rotation_run_async (rotation, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 60000);
  g_assert_true (cs_key_rotation_run_finish (rotation, result, &outcome, summary, &error));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_data (rotation, log);
  /* No key in any step or the summary. */
  for (guint i = 0; i < log->texts->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (log->texts, i), NEW_SECRET));
      g_assert_null (strstr (g_ptr_array_index (log->texts, i), CS_TEST_SECRET_KEY));
      g_assert_null (strstr (g_ptr_array_index (log->texts, i), CS_TEST_BAD_SECRET));
    }
  for (guint i = 0; i < log->cluster_texts->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (log->cluster_texts, i), NEW_SECRET));
      g_assert_null (strstr (g_ptr_array_index (log->cluster_texts, i), CS_TEST_BAD_SECRET));
    }
  /* The old keys are wiped when the run ends. */
  g_assert_false (cs_key_rotation_holds_old_keys (rotation));
  return outcome;
}

static StepLog *
step_log_new (void)
{
  StepLog *log = g_new0 (StepLog, 1);

  log->texts = g_ptr_array_new_with_free_func (g_free);
  log->cluster_texts = g_ptr_array_new_with_free_func (g_free);
  return log;
}

static void
step_log_free (StepLog *log)
{
  g_ptr_array_unref (log->texts);
  g_ptr_array_unref (log->cluster_texts);
  g_free (log);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StepLog, step_log_free)

static gboolean
log_has (GPtrArray  *texts,
         const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_rotate_two_models (void)
{
  Fixture f = { 0 };
  g_autofree char *a = NULL, *b = NULL, *summary = NULL;
  g_autoptr(CsKeyRotation) rotation = NULL;
  g_autoptr(CsKeyRotation) to_bad = NULL;
  g_autoptr(StepLog) log = step_log_new ();
  g_autoptr(StepLog) log2 = step_log_new ();

  fixture_start (&f, "2.19.1", "2");
  a = deploy_inline_model (&f, "claude-a");
  b = deploy_inline_model (&f, "claude-b");

  rotation = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_add_model (rotation, a);
  cs_key_rotation_add_model (rotation, b);
  cs_key_rotation_set_old_keys (rotation, CS_TEST_ACCESS_KEY, CS_TEST_SECRET_KEY, NULL);
  cs_key_rotation_set_new_keys (rotation, NEW_ACCESS, NEW_SECRET, NULL);
  g_assert_true (cs_key_rotation_holds_old_keys (rotation));
  g_assert_cmpint (rotate (&f, rotation, log, &summary), ==, CS_ROTATION_OUTCOME_ROTATED);
  g_assert_cmpint (cs_key_rotation_get_model_state (rotation, a), ==, CS_ROTATION_MODEL_ROTATED);
  g_assert_cmpint (cs_key_rotation_get_model_state (rotation, b), ==, CS_ROTATION_MODEL_ROTATED);
  g_assert_true (log_has (log->texts, "answered with the new keys"));
  assert_all_nodes_answer (&f, a, 2);
  assert_all_nodes_answer (&f, b, 2);

  /* The new keys took effect on every node: keys that Bedrock refuses, put in without the
   * smoke test's protection (a plain model update), make every node fail. */
  {
    g_autofree char *path = g_strconcat ("_plugins/_ml/models/", a, NULL);
    g_autoptr(JsonObject) answer = NULL;
    guint status = 0;

    answer = request_object (&f, "PUT", path,
                             "{\"connector\":{\"credential\":{\"access_key\":\"" NEW_ACCESS "\","
                             "\"secret_key\":\"" CS_TEST_BAD_SECRET "\"}}}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "result"), ==, "updated");
    g_assert_false (predict_ok (&f, a));
    g_assert_false (predict_ok (&f, a));
  }
  /* And a rotation back to good keys repairs it. */
  to_bad = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_add_model (to_bad, a);
  cs_key_rotation_set_new_keys (to_bad, NEW_ACCESS, NEW_SECRET, NULL);
  g_assert_cmpint (rotate (&f, to_bad, log2, NULL), ==, CS_ROTATION_OUTCOME_ROTATED);
  assert_all_nodes_answer (&f, a, 2);
  fixture_stop (&f);
}

static void
test_rotate_bad_keys_rolls_back (void)
{
  Fixture f = { 0 };
  g_autofree char *a = NULL, *b = NULL, *summary = NULL;
  g_autoptr(CsKeyRotation) rotation = NULL;
  g_autoptr(StepLog) log = step_log_new ();

  fixture_start (&f, "2.19.1", "2");
  a = deploy_inline_model (&f, "claude-a");
  b = deploy_inline_model (&f, "claude-b");

  rotation = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_add_model (rotation, a);
  cs_key_rotation_add_model (rotation, b);
  cs_key_rotation_set_old_keys (rotation, CS_TEST_ACCESS_KEY, CS_TEST_SECRET_KEY, NULL);
  cs_key_rotation_set_new_keys (rotation, NEW_ACCESS, CS_TEST_BAD_SECRET, NULL);
  g_assert_cmpint (rotate (&f, rotation, log, &summary), ==, CS_ROTATION_OUTCOME_ROLLED_BACK);
  g_assert_nonnull (strstr (summary, "Nothing changed"));
  g_assert_cmpint (cs_key_rotation_get_model_state (rotation, a), ==,
                   CS_ROTATION_MODEL_ROLLED_BACK);
  g_assert_cmpint (cs_key_rotation_get_model_state (rotation, b), ==, CS_ROTATION_MODEL_PENDING);
  /* The cluster's own words reached the steps (Bedrock's refusal through ML Commons). */
  g_assert_true (log_has (log->cluster_texts, "security token"));
  /* Both models still answer with the old keys, on every node. */
  assert_all_nodes_answer (&f, a, 2);
  assert_all_nodes_answer (&f, b, 2);
  fixture_stop (&f);
}

static void
test_rotate_node_failure (void)
{
  Fixture f = { 0 };
  g_autofree char *a = NULL, *b = NULL, *summary = NULL;
  g_autoptr(CsKeyRotation) rotation = NULL;
  g_autoptr(CsKeyRotation) again = NULL;
  g_autoptr(StepLog) log = step_log_new ();
  g_autoptr(StepLog) log2 = step_log_new ();
  g_autoptr(JsonObject) faults = NULL;
  guint status = 0;

  fixture_start (&f, "2.19.1", "2");
  a = deploy_inline_model (&f, "claude-a");
  b = deploy_inline_model (&f, "claude-b");

  faults = request_object (&f, "POST", "_sandbox/faults", "{\"spec\":\"cache-fail=2\"}",
                           &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (faults,
                                                                         "cache_failing_nodes")),
                    ==, 1);

  rotation = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_add_model (rotation, a);
  cs_key_rotation_add_model (rotation, b);
  cs_key_rotation_set_old_keys (rotation, CS_TEST_ACCESS_KEY, CS_TEST_SECRET_KEY, NULL);
  cs_key_rotation_set_new_keys (rotation, NEW_ACCESS, NEW_SECRET, NULL);
  g_assert_cmpint (rotate (&f, rotation, log, &summary), ==, CS_ROTATION_OUTCOME_PARTIAL);
  g_assert_cmpint (cs_key_rotation_get_model_state (rotation, a), ==,
                   CS_ROTATION_MODEL_NODES_BEHIND);
  g_assert_cmpint (cs_key_rotation_get_model_state (rotation, b), ==, CS_ROTATION_MODEL_PENDING);
  /* Reported with ML Commons' text, and the summary names the state. */
  g_assert_true (log_has (log->cluster_texts, "but update model cache was failed on following "
                                              "nodes ["));
  g_assert_true (log_has (log->cluster_texts, "please retry or redeploy model manually."));
  g_assert_nonnull (strstr (summary, a));
  g_assert_nonnull (strstr (summary, "still use the old"));
  g_assert_nonnull (strstr (summary, "Not changed"));
  assert_all_nodes_answer (&f, a, 2);

  /* The node recovers; the rotation is run again and completes. */
  g_clear_pointer (&faults, json_object_unref);
  faults = request_object (&f, "DELETE", "_sandbox/faults", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  again = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_add_model (again, a);
  cs_key_rotation_add_model (again, b);
  cs_key_rotation_set_old_keys (again, CS_TEST_ACCESS_KEY, CS_TEST_SECRET_KEY, NULL);
  cs_key_rotation_set_new_keys (again, NEW_ACCESS, NEW_SECRET, NULL);
  g_assert_cmpint (rotate (&f, again, log2, NULL), ==, CS_ROTATION_OUTCOME_ROTATED);
  assert_all_nodes_answer (&f, a, 2);
  assert_all_nodes_answer (&f, b, 2);
  fixture_stop (&f);
}

static void
test_rotate_standalone_connector (void)
{
  Fixture f = { 0 };
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *uses = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(CsKeyRotation) rotation = NULL;
  g_autoptr(CsKeyRotation) bad = NULL;
  g_autoptr(StepLog) log = step_log_new ();
  g_autoptr(StepLog) log2 = step_log_new ();

  fixture_start (&f, "2.19.1", "2");
  model_id = cs_test_deploy_model (f.client, "bedrock_claude4_standard.json", CS_TEST_SECRET_KEY,
                                   NULL, &connector_id);

  /* Wrong keys: switched back to the old connector, the copy deleted. */
  bad = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_set_connector (bad, connector_id);
  cs_key_rotation_set_new_keys (bad, NEW_ACCESS, CS_TEST_BAD_SECRET, NULL);
  g_assert_cmpint (rotate (&f, bad, log2, &summary), ==, CS_ROTATION_OUTCOME_ROLLED_BACK);
  g_assert_cmpstr (cs_key_rotation_get_connector_id (bad), ==, connector_id);
  uses = model_field (&f, model_id, "connector_id");
  g_assert_cmpstr (uses, ==, connector_id);
  assert_all_nodes_answer (&f, model_id, 2);
  g_clear_pointer (&uses, g_free);

  rotation = cs_key_rotation_new (f.client, &f.version);
  cs_key_rotation_set_connector (rotation, connector_id);
  cs_key_rotation_set_new_keys (rotation, NEW_ACCESS, NEW_SECRET, NULL);
  g_assert_cmpint (rotate (&f, rotation, log, NULL), ==, CS_ROTATION_OUTCOME_ROTATED);
  g_assert_cmpstr (cs_key_rotation_get_connector_id (rotation), !=, connector_id);
  uses = model_field (&f, model_id, "connector_id");
  g_assert_cmpstr (uses, ==, cs_key_rotation_get_connector_id (rotation));
  assert_all_nodes_answer (&f, model_id, 2);
  fixture_stop (&f);
}

/* The model's answer with every value in the wrong type (a proxy, another
 * version): the plan and the rotation end with a sentence or carry on,
 * never with a crash on a state that is a number or a count that is text. */
static void
test_hostile_model_answer (void)
{
  Fixture f = { 0 };
  g_autofree char *model_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *spec_text = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "3.6.0", "1");
  model_id = deploy_inline_model (&f, "claude-hostile");
  path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  model = request_object (&f, "GET", path, NULL, NULL);
  spec = cs_connector_spec_new_from_object (json_object_get_object_member (model, "connector"),
                                            &error);
  g_assert_no_error (error);
  cs_connector_spec_set_read_timeout (spec, 240);
  spec_text = g_strdup_printf ("route=/%s,method=GET,count=1,body=swap-types", path);

  /* Editing the model's own connector. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(CsEditPlan) plan = NULL;
    g_autoptr(GError) plan_error = NULL;

    cs_test_add_fault (f.client, spec_text);
    cs_connector_edit_plan_for_model_async (f.client, &f.version, model_id, spec, TRUE, NULL,
                                            cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 30000);
    plan = cs_connector_edit_plan_for_model_finish (f.client, result, &plan_error);
    g_assert_true ((plan != NULL) != (plan_error != NULL));
    if (plan_error != NULL)
      g_assert_true (plan_error->domain == CS_ERROR);
    cs_test_clear_faults (f.client);
  }

  /* Rotating its keys. */
  {
    g_autoptr(CsKeyRotation) rotation = cs_key_rotation_new (f.client, &f.version);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) run_error = NULL;
    g_autofree char *summary = NULL;
    CsRotationOutcome outcome = 0;
    gboolean ran;

    cs_key_rotation_add_model (rotation, model_id);
    cs_key_rotation_set_old_keys (rotation, CS_TEST_ACCESS_KEY, CS_TEST_SECRET_KEY, NULL);
    cs_key_rotation_set_new_keys (rotation, NEW_ACCESS, NEW_SECRET, NULL);
    cs_test_add_fault (f.client, spec_text);
    cs_key_rotation_run_async (rotation, NULL, cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 60000);
    ran = cs_key_rotation_run_finish (rotation, result, &outcome, &summary, &run_error);
    g_assert_true (ran != (run_error != NULL));
    if (ran)
      g_assert_nonnull (summary);
    cs_test_clear_faults (f.client);
  }

  /* The model is still there and answers. */
  assert_all_nodes_answer (&f, model_id, 1);
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/lifecycle/edit/unused", test_edit_unused);
  g_test_add_func ("/lifecycle/edit/in-use-in-place", test_edit_in_use_in_place);
  g_test_add_func ("/lifecycle/edit/in-use-redeploy", test_edit_in_use_redeploy);
  g_test_add_func ("/lifecycle/edit/inline-in-place", test_edit_inline_in_place);
  g_test_add_func ("/lifecycle/hostile-model-answer", test_hostile_model_answer);
  g_test_add_func ("/lifecycle/rotate/two-models", test_rotate_two_models);
  g_test_add_func ("/lifecycle/rotate/bad-keys-roll-back", test_rotate_bad_keys_rolls_back);
  g_test_add_func ("/lifecycle/rotate/node-failure", test_rotate_node_failure);
  g_test_add_func ("/lifecycle/rotate/standalone-connector", test_rotate_standalone_connector);
  return g_test_run ();
}
