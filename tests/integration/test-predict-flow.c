/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-predict.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/*
 * The predict flow, cs_predict_async(), against the sandbox with no display:
 * what the Playground shows comes from here.
 */

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
} Fixture;

typedef struct
{
  CsPrediction *prediction;
  CsPredictFix  fix;
  JsonNode     *raw;
  GError       *error;
  gint64        elapsed_ms;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_object (&outcome->prediction);
  g_clear_pointer (&outcome->raw, json_node_unref);
  g_clear_error (&outcome->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  cs_test_sandbox_stop (f->sandbox);
}

static JsonNode *
hello_body (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hello world");
  g_autoptr(GError) error = NULL;
  JsonNode *body;

  cs_conversation_set_system_prompt (conversation, "You are a helpful assistant.");
  cs_conversation_append (conversation, turn);
  body = cs_conversation_build_predict_body (conversation, NULL, &error);
  g_assert_no_error (error);
  return body;
}

static void
cancel_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* One predict; cancel_after_ms > 0 cancels it then. */
static void
run_predict (Fixture      *f,
             const char   *model_id,
             guint         timeout_seconds,
             guint         cancel_after_ms,
             Outcome      *outcome)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) body = hello_body ();
  gint64 start = g_get_monotonic_time ();

  outcome->fix = -1;
  cs_predict_async (f->client, model_id, body, timeout_seconds, cancellable,
                    cs_test_store_result, &result);
  if (cancel_after_ms > 0)
    g_timeout_add_once (cancel_after_ms, cancel_cb, cancellable);
  cs_test_wait_for_result (&result, 60000);
  outcome->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  outcome->prediction = cs_predict_finish (f->client, result, &outcome->fix, &outcome->raw,
                                           &outcome->error);
}

static void
control (Fixture    *f,
         const char *method,
         const char *path,
         const char *json)
{
  g_autoptr(JsonNode) body = json != NULL ? cs_test_parse_json (json) : NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = cs_test_request (f->client, method, path, body, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_plain_answer (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_auto(Outcome) o = { 0 };
  g_autoptr(CsTurn) turn = NULL;
  g_autofree char *text = NULL;

  run_predict (f, model_id, 30, 0, &o);
  g_assert_no_error (o.error);
  g_assert_nonnull (o.prediction);
  g_assert_cmpint (o.fix, ==, CS_PREDICT_FIX_NONE);
  g_assert_cmpint (cs_prediction_get_n_blocks (o.prediction), ==, 1);
  g_assert_cmpint (cs_prediction_get_block_kind (o.prediction, 0), ==, CS_BLOCK_TEXT);
  g_assert_nonnull (strstr (cs_prediction_get_block_text (o.prediction, 0), "hello world"));
  g_assert_cmpstr (cs_prediction_get_stop_reason (o.prediction), ==, "end_turn");
  /* The flow measures the round trip. */
  g_assert_cmpint (cs_prediction_get_latency_ms (o.prediction), >=, 0);
  g_assert_cmpint (cs_prediction_get_latency_ms (o.prediction), <=, o.elapsed_ms);
  /* The answer as received, for the raw view, and pretty-printed already. */
  g_assert_nonnull (o.raw);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (o.raw));
  g_assert_true (json_object_has_member (json_node_get_object (o.raw), "inference_results"));
  g_assert_nonnull (strstr (cs_prediction_get_raw_text (o.prediction), "\n"));

  /* The turn to go on with carries the prediction as a property. */
  turn = cs_prediction_to_turn (o.prediction);
  g_assert_true (cs_turn_get_prediction (turn) == o.prediction);
  text = cs_turn_dup_text (turn);
  g_assert_cmpstr (text, ==, cs_prediction_get_block_text (o.prediction, 0));
}

static void
test_thinking_answer (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *model_id =
    cs_test_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                          CS_TEST_SECRET_KEY, CS_TEST_SESSION_TOKEN, NULL);
  g_auto(Outcome) o = { 0 };
  g_autoptr(CsTurn) turn = NULL;
  guint n;

  run_predict (f, model_id, 30, 0, &o);
  g_assert_no_error (o.error);
  g_assert_nonnull (o.prediction);
  n = cs_prediction_get_n_blocks (o.prediction);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (cs_prediction_get_block_kind (o.prediction, 0), ==, CS_BLOCK_THINKING);
  g_assert_cmpstr (cs_prediction_get_block_text (o.prediction, 0), !=, "");
  g_assert_nonnull (cs_prediction_get_block_signature (o.prediction, 0));
  g_assert_cmpint (cs_prediction_get_block_kind (o.prediction, 1), ==, CS_BLOCK_TEXT);

  /* What the turn row reads: the same blocks, typed, through the turn. */
  turn = cs_prediction_to_turn (o.prediction);
  g_assert_true (cs_turn_has_thinking (turn));
  g_assert_cmpuint (cs_turn_get_n_blocks (turn), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (cs_turn_get_block_kind (turn, i), ==,
                       cs_prediction_get_block_kind (o.prediction, i));
      g_assert_cmpstr (cs_turn_get_block_text (turn, i), ==,
                       cs_prediction_get_block_text (o.prediction, i));
    }
}

static void
test_bedrock_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_auto(Outcome) o = { 0 };
  g_auto(Outcome) again = { 0 };

  control (f, "POST", "_sandbox/bedrock-error", "{\"error\":\"expired-token\"}");
  run_predict (f, model_id, 30, 0, &o);
  g_assert_null (o.prediction);
  g_assert_error (o.error, CS_ERROR, CS_ERROR_REMOTE_FORBIDDEN);
  g_assert_cmpint (o.fix, ==, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS);
  g_assert_nonnull (strstr (o.error->message, "expired"));
  g_assert_null (strstr (o.error->message, "Error from remote service"));
  /* The cluster's error body, for the raw view. */
  g_assert_nonnull (o.raw);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (o.raw));
  g_assert_true (json_object_has_member (json_node_get_object (o.raw), "error"));

  /* Throttling asks for another try later. */
  control (f, "POST", "_sandbox/bedrock-error", "{\"error\":\"throttling\"}");
  run_predict (f, model_id, 30, 0, &again);
  g_assert_error (again.error, CS_ERROR, CS_ERROR_THROTTLED);
  g_assert_cmpint (again.fix, ==, CS_PREDICT_FIX_RETRY_LATER);
  control (f, "POST", "_sandbox/bedrock-error", "{\"error\":null}");
}

/* The blueprint's seed body (enabled thinking, budget_tokens, temperature)
 * on Opus 4.7, which thinks adaptively only and takes no sampling
 * parameters: Bedrock refuses it with its own text, and the app says which
 * rule and sends the user to the connector. */
static void
test_model_rule_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id =
    cs_test_deploy_model_for (f->client, "bedrock_claude4_extended_thinking.json",
                              "us.anthropic.claude-opus-4-7", NULL, NULL, CS_TEST_SECRET_KEY,
                              NULL, &connector_id);
  g_autofree char *connector_path = g_strconcat ("_plugins/_ml/connectors/", connector_id, NULL);
  g_autoptr(JsonNode) connector = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *note = NULL;
  g_auto(Outcome) o = { 0 };
  CsPredictLimits limits;

  /* What the Playground reads of the connector: Opus 4.7's rules, no
   * budget or temperature to offer, and a note about the body. */
  connector = cs_test_request (f->client, "GET", connector_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cs_predict_limits_from_connector (json_node_get_object (connector), &limits);
  g_assert_nonnull (limits.rules);
  g_assert_cmpstr (cs_model_rules_get_id (limits.rules), ==, "anthropic.claude-opus-4-7");
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==, CS_OVERRIDE_MAX_TOKENS);
  note = cs_predict_limits_describe (&limits, NULL);
  g_assert_nonnull (note);
  cs_predict_limits_clear (&limits);

  run_predict (f, model_id, 30, 0, &o);
  g_assert_null (o.prediction);
  g_test_message ("%s", o.error->message);
  g_assert_error (o.error, CS_ERROR, CS_ERROR_REMOTE);
  g_assert_cmpint (o.fix, ==, CS_PREDICT_FIX_CONNECTOR_BODY);
  /* Bedrock names the first rule the body breaks: Opus 4.7 takes no temperature. */
  g_assert_nonnull (strstr (o.error->message, "no longer takes temperature"));
  g_assert_nonnull (strstr (o.error->message, "Remove temperature from the connector"));
  g_assert_null (strstr (o.error->message, "Error from remote service"));
  /* Bedrock's own text is in the raw answer */
  g_assert_nonnull (o.raw);
  raw = json_to_string (o.raw, FALSE);
  g_assert_nonnull (strstr (raw, "`temperature` is deprecated for this model."));
}

static void
test_unknown_model_escaped (Fixture       *f,
                            gconstpointer  data)
{
  g_auto(Outcome) o = { 0 };

  /* The id goes into the path escaped: " " and "?" do not end the path or
   * start a query, so the cluster looks for this model and says it is not
   * there. */
  run_predict (f, "no such model?x=1", 30, 0, &o);
  g_assert_null (o.prediction);
  g_assert_error (o.error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpint (o.fix, ==, CS_PREDICT_FIX_CHOOSE_MODEL);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_auto(Outcome) o = { 0 };
  g_auto(Outcome) after = { 0 };

  control (f, "POST", "_sandbox/faults",
           "{\"spec\":\"route=/_plugins/_ml/models/*/_predict,latency=5000\"}");
  run_predict (f, model_id, 30, 300, &o);
  g_assert_null (o.prediction);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (o.raw);
  g_assert_cmpint (o.elapsed_ms, <, 4000);

  /* Nothing is left behind: the next predict goes through. */
  control (f, "DELETE", "_sandbox/faults", NULL);
  run_predict (f, model_id, 30, 0, &after);
  g_assert_no_error (after.error);
  g_assert_nonnull (after.prediction);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *model_id = cs_test_deploy_model (f->client, "bedrock_claude4_standard.json",
                                                    CS_TEST_SECRET_KEY, NULL, NULL);
  g_auto(Outcome) o = { 0 };
  g_auto(Outcome) after = { 0 };

  control (f, "POST", "_sandbox/faults",
           "{\"spec\":\"route=/_plugins/_ml/models/*/_predict,latency=8000,count=1\"}");
  run_predict (f, model_id, 1, 0, &o);
  g_test_message ("%s", o.error != NULL ? o.error->message : "(no error)");
  g_assert_null (o.prediction);
  g_assert_error (o.error, CS_ERROR, CS_ERROR_TIMEOUT);
  /* It says how long it waited, and what to do. */
  g_assert_nonnull (strstr (o.error->message, "1 second"));
  g_assert_nonnull (strstr (o.error->message, "read timeout"));
  g_assert_cmpint (o.fix, ==, CS_PREDICT_FIX_RETRY_LATER);
  g_assert_null (o.raw);
  g_assert_cmpint (o.elapsed_ms, >=, 900);
  g_assert_cmpint (o.elapsed_ms, <, 6000);

  /* The fault was spent: with time enough the same call is answered. */
  run_predict (f, model_id, 30, 0, &after);
  g_assert_no_error (after.error);
  g_assert_nonnull (after.prediction);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/predict-flow/plain-answer", test_plain_answer);
  ADD ("/predict-flow/thinking-answer", test_thinking_answer);
  ADD ("/predict-flow/bedrock-error", test_bedrock_error);
  ADD ("/predict-flow/model-rule-refused", test_model_rule_refused);
  ADD ("/predict-flow/unknown-model-escaped", test_unknown_model_escaped);
  ADD ("/predict-flow/cancel", test_cancel);
  ADD ("/predict-flow/timeout", test_timeout);

  return g_test_run ();
}
