/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-models-api.h"
#include "cs-predict.h"
#include "cs-prediction.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/*
 * Connectors built by CsConnectorSpec for the thinking form each model
 * allows are created, registered, deployed and answer a predict call on the
 * sandbox, whose Bedrock refuses what the real one refuses per model
 * (src/sandbox/README.md). The blueprint's seed body on an adaptive-only
 * model fails there with Bedrock's own text.
 */

#define WAIT_MS 30000

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
} Fixture;

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  /* The sandbox runs without TLS: as if the user confirmed sending keys over it. */
  cs_client_set_keys_over_http_allowed (f->client, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  cs_test_sandbox_stop (f->sandbox);
}

/* Creates the connector, registers and deploys a model on it through the
 * core API, and waits for DEPLOYED. Returns the model id. */
static char *
deploy (Fixture  *f,
        JsonNode *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *path = NULL;
  gint64 deadline;

  cs_connectors_create_async (f->client, body, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  connector_id = cs_connectors_create_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  cs_models_register_async (f->client, "claude", NULL, connector_id, NULL, TRUE, NULL,
                            cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  model_id = cs_models_register_finish (f->client, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model_id);

  path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) model = cs_test_request (f->client, "GET", path, NULL, NULL, NULL,
                                                   &error);
      const char *state;

      g_assert_no_error (error);
      state = json_object_get_string_member_with_default (json_node_get_object (model),
                                                          "model_state", "");
      if (g_str_equal (state, "DEPLOYED"))
        break;
      g_assert_cmpstr (state, !=, "DEPLOY_FAILED");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      {
        gboolean waited = FALSE;

        g_timeout_add_once (100, set_flag, &waited);
        cs_test_wait_for_flag (&waited, 5000);
      }
    }
  return g_steal_pointer (&model_id);
}

/* One predict call with "hello world"; the answer, or NULL and *error as
 * the playground explains it. */
static CsPrediction *
predict (Fixture     *f,
         const char  *model_id,
         GError     **error)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hello world");
  g_autofree char *path = g_strdup_printf ("_plugins/_ml/models/%s/_predict", model_id);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) raw_error = NULL;
  CsPredictFix fix = CS_PREDICT_FIX_NONE;
  guint status = 0;

  cs_conversation_set_system_prompt (conversation, "You are a helpful assistant.");
  cs_conversation_append (conversation, turn);
  body = cs_conversation_build_predict_body (conversation, NULL, error);
  g_assert_no_error (*error);

  answer = cs_test_request (f->client, "POST", path, body, &status, &error_body, &raw_error);
  if (answer == NULL)
    {
      g_assert_cmpuint (status, >, 0);
      *error = cs_predict_explain_body (status, error_body, &fix);
      return NULL;
    }
  return cs_prediction_new_from_json (answer, error);
}

typedef struct
{
  const char          *model;
  CsConnectorThinking  thinking;
  const char          *effort;
  gboolean             thinks;     /* the answer starts with a thinking block */
} Case;

static const Case cases[] = {
  /* A budget model, without and with thinking. */
  { "us.anthropic.claude-sonnet-4-5-20250929-v1:0", CS_CONNECTOR_THINKING_OFF, NULL, FALSE },
  { "us.anthropic.claude-sonnet-4-5-20250929-v1:0", CS_CONNECTOR_THINKING_BUDGET, NULL, TRUE },
  /* Adaptive thinking where temperature is still taken (4.6) ... */
  { "us.anthropic.claude-opus-4-6-v1", CS_CONNECTOR_THINKING_ADAPTIVE, "max", TRUE },
  /* ... and on adaptive-only models that refuse temperature. */
  { "global.anthropic.claude-opus-4-7", CS_CONNECTOR_THINKING_ADAPTIVE, "xhigh", TRUE },
  { "us.anthropic.claude-opus-4-7", CS_CONNECTOR_THINKING_OFF, NULL, FALSE },
  /* An always-thinking model. */
  { "us.anthropic.claude-fable-5", CS_CONNECTOR_THINKING_ADAPTIVE, "low", TRUE },
  { "us.anthropic.claude-sonnet-5-5", CS_CONNECTOR_THINKING_ADAPTIVE, "medium", TRUE },
};

static void
test_thinking_forms_predict (Fixture       *f,
                             gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *answer = NULL;

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_model (spec, c->model);
  cs_connector_spec_set_thinking (spec, c->thinking);
  if (c->effort != NULL)
    cs_connector_spec_set_effort (spec, c->effort);
  cs_connector_spec_set_access_key (spec, CS_TEST_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, CS_TEST_SECRET_KEY);
  cs_connector_spec_validate (spec, NULL, FALSE, &problems);
  if (problems->len > 0)
    g_error ("%s", ((CsSpecProblem *) g_ptr_array_index (problems, 0))->message);
  g_assert_null (cs_connector_spec_explain_model_problems (spec));

  body = cs_connector_spec_build_body (spec, FALSE);
  model_id = deploy (f, body);
  prediction = predict (f, model_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (prediction);

  answer = cs_prediction_dup_answer_text (prediction);
  g_assert_nonnull (strstr (answer, "hello world"));
  g_assert_cmpint (cs_prediction_get_block_kind (prediction, 0) == CS_BLOCK_THINKING, ==,
                   c->thinks);
}

/* The blueprint's seed body, as written for Sonnet 4, on Opus 4.7: the
 * cluster takes it, Bedrock refuses it at the first predict with its own
 * text, and the app says so beforehand. */
static void
test_seed_body_on_adaptive_only (Fixture       *f,
                                 gconstpointer  data)
{
  const char *blueprints[] = {
    "blueprints/bedrock_claude4_standard.json",
    "blueprints/bedrock_claude4_extended_thinking.json",
  };
  /* Bedrock looks at temperature first: both bodies carry it. */
  const char *bedrock_says[] = {
    "`temperature` is deprecated for this model",
    "`temperature` is deprecated for this model",
  };

  for (guint i = 0; i < G_N_ELEMENTS (blueprints); i++)
    {
      g_autoptr(JsonNode) body = cs_test_data_json (blueprints[i]);
      JsonObject *object = json_node_get_object (body);
      JsonObject *parameters = json_object_get_object_member (object, "parameters");
      JsonObject *credential = json_object_new ();
      g_autoptr(CsConnectorSpec) spec = NULL;
      g_autoptr(CsPrediction) prediction = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *model_id = NULL;
      g_autofree char *explained = NULL;

      json_object_set_string_member (parameters, "region", "us-east-1");
      json_object_set_string_member (parameters, "model", "us.anthropic.claude-opus-4-7");
      json_object_set_string_member (credential, "access_key", CS_TEST_ACCESS_KEY);
      json_object_set_string_member (credential, "secret_key", CS_TEST_SECRET_KEY);
      json_object_set_object_member (object, "credential", credential);

      /* Imported, the body is recognised as broken before anything is sent. */
      spec = cs_connector_spec_new_from_object (object, &error);
      g_assert_no_error (error);
      explained = cs_connector_spec_explain_model_problems (spec);
      g_assert_nonnull (explained);
      g_assert_nonnull (strstr (explained, "Claude Opus 4.7"));
      g_assert_nonnull (strstr (explained, "temperature"));
      if (i == 1)
        g_assert_nonnull (strstr (explained, "adaptive"));

      model_id = deploy (f, body);
      prediction = predict (f, model_id, &error);
      g_assert_null (prediction);
      g_assert_nonnull (error);
      if (strstr (error->message, bedrock_says[i]) == NULL)
        g_error ("“%s” does not carry Bedrock’s “%s”", error->message, bedrock_says[i]);
    }
}

/* A budget forced onto an adaptive-only model (the form would not offer
 * it; validation names it): Bedrock's own text comes back at predict. */
static void
test_budget_on_adaptive_only (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_model (spec, "us.anthropic.claude-opus-4-8");
  cs_connector_spec_set_thinking (spec, CS_CONNECTOR_THINKING_BUDGET);
  cs_connector_spec_set_access_key (spec, CS_TEST_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, CS_TEST_SECRET_KEY);
  g_assert_false (cs_connector_spec_validate (spec, NULL, FALSE, &problems));
  g_assert_cmpstr (((CsSpecProblem *) g_ptr_array_index (problems, 0))->field, ==, "thinking");

  body = cs_connector_spec_build_body (spec, FALSE);
  model_id = deploy (f, body);
  prediction = predict (f, model_id, &error);
  g_assert_null (prediction);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message,
                            "\"thinking.type.enabled\" is not supported for this model"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/connector-rules/predict/%s/%s", cases[i].model,
                         g_enum_get_value (g_type_class_ref (CS_TYPE_CONNECTOR_THINKING),
                                           cases[i].thinking)->value_nick);

      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_thinking_forms_predict,
                  fixture_tear_down);
    }
  g_test_add ("/connector-rules/seed-body-on-adaptive-only", Fixture, NULL, fixture_set_up,
              test_seed_body_on_adaptive_only, fixture_tear_down);
  g_test_add ("/connector-rules/budget-on-adaptive-only", Fixture, NULL, fixture_set_up,
              test_budget_on_adaptive_only, fixture_tear_down);

  return g_test_run ();
}
