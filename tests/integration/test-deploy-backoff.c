/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The deploy follower waits out a busy or failing cluster (issue 11, 7):
 * bounded back-off, Retry-After in seconds or as a date, and it says what it
 * is waiting for. */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-deploy-follower.h"
#include "cs-error.h"
#include "cs-models-api.h"

#include "cs-test-faults.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

#define WAIT_MS 30000
#define POLL_ROUTE "route=/_plugins/_ml/models/*,method=GET"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
  char          *model_id;
  GPtrArray     *messages;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  JsonObject *credential = json_object_get_object_member (json_node_get_object (body),
                                                          "credential");
  const char *connector_id;

  f->sandbox = cs_test_sandbox_start ("--no-tls", "--deploy-delay-ms", "100", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  f->messages = g_ptr_array_new_with_free_func (g_free);

  json_object_set_string_member (credential, "access_key", "test-access-key");
  json_object_set_string_member (credential, "secret_key", "test-secret-key");
  json_object_remove_member (credential, "session_token");
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (body),
                                                                "parameters"),
                                 "region", "us-east-1");
  answer = cs_test_control_request (f->client, "POST", "_plugins/_ml/connectors/_create", body,
                                    &error);
  g_assert_no_error (error);
  connector_id = json_object_get_string_member (json_node_get_object (answer), "connector_id");

  cs_models_register_async (f->client, "backoff", NULL, connector_id, NULL, FALSE, NULL,
                            cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  f->model_id = cs_models_register_finish (f->client, result, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_clear_pointer (&f->model_id, g_free);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static void
message_cb (CsDeployFollower *follower,
            GParamSpec       *pspec,
            Fixture          *f)
{
  const char *message = cs_deploy_follower_get_message (follower);

  if (message != NULL)
    g_ptr_array_add (f->messages, g_strdup (message));
}

/* Deploys the model and follows it; returns how long it took (ms). */
static gint64
deploy (Fixture          *f,
        CsDeployFollower *follower,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  g_signal_connect (follower, "notify::message", G_CALLBACK (message_cb), f);
  cs_deploy_follower_run_async (follower, TRUE, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  cs_deploy_follower_run_finish (follower, result, error);
  return (g_get_monotonic_time () - start) / 1000;
}

static gboolean
messages_contain (Fixture    *f,
                  const char *text)
{
  for (guint i = 0; i < f->messages->len; i++)
    if (strstr (g_ptr_array_index (f->messages, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* Four 503s in a row: the follower used to give up after three (in 0.5 s). */
static void
test_server_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CsDeployFollower) follower = cs_deploy_follower_new (f->client, f->model_id);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  cs_test_add_fault (f->client, POLL_ROUTE ",status=503,count=4");
  elapsed = deploy (f, follower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_deploy_follower_get_state (follower), ==, "DEPLOYED");
  /* Backed off: 250 + 500 + 1000 + 2000 ms. */
  g_assert_cmpint (elapsed, >=, 3700);
  g_assert_true (messages_contain (f, "status 503"));
  /* Waiting is over: the message went. */
  g_assert_null (cs_deploy_follower_get_message (follower));
}

/* 429 with Retry-After in seconds is honoured. */
static void
test_retry_after_seconds (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CsDeployFollower) follower = cs_deploy_follower_new (f->client, f->model_id);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  cs_test_add_fault (f->client, POLL_ROUTE ",status=429,retry-after=1,count=2");
  elapsed = deploy (f, follower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_deploy_follower_get_state (follower), ==, "DEPLOYED");
  g_assert_cmpint (elapsed, >=, 2000);
  g_assert_true (messages_contain (f, "slow down"));
  g_assert_true (messages_contain (f, "1 second"));
}

/* 429 with Retry-After as an HTTP date is honoured too. */
static void
test_retry_after_date (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CsDeployFollower) follower = cs_deploy_follower_new (f->client, f->model_id);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  cs_test_add_fault (f->client, POLL_ROUTE ",status=429,retry-after=date+3,count=1");
  elapsed = deploy (f, follower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_deploy_follower_get_state (follower), ==, "DEPLOYED");
  /* A date has whole seconds: at least two of the three are left. */
  g_assert_cmpint (elapsed, >=, 1900);
}

/* A refusal that waiting does not cure still ends the run. */
static void
test_forbidden_ends (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CsDeployFollower) follower = cs_deploy_follower_new (f->client, f->model_id);
  g_autoptr(GError) error = NULL;

  cs_test_add_fault (f->client, POLL_ROUTE ",status=403");
  deploy (f, follower, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_FORBIDDEN);
  cs_test_clear_faults (f->client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/deploy-backoff/server-errors", test_server_errors);
  ADD ("/deploy-backoff/retry-after-seconds", test_retry_after_seconds);
  ADD ("/deploy-backoff/retry-after-date", test_retry_after_date);
  ADD ("/deploy-backoff/forbidden-ends", test_forbidden_ends);
#undef ADD

  return g_test_run ();
}
