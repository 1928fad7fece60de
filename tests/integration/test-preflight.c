/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-error.h"
#include "cs-lifecycle-api.h"
#include "cs-preflight.h"
#include "cs-session.h"
#include "cs-trusted-endpoints.h"

#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

#define WAIT_MS 20000

/* Fake credentials in the sandbox's conventions; nothing here looks like a real AWS key. */
#define FAKE_ACCESS_KEY "SANDBOXTESTACCESS01"
#define FAKE_SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"
#define FAKE_ROLE_ARN   "arn:aws:iam::123456789012:role/bedrock-invoke"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
  CsSession     *session;
  CsPreflight   *preflight;
  guint          n_changes;
} Fixture;

static void
on_row_changed (CsPreflight *preflight,
                guint        index,
                gpointer     user_data)
{
  Fixture *f = user_data;

  g_assert_cmpuint (index, <, cs_preflight_get_rows (preflight)->len);
  f->n_changes++;
}

static void
fixture_start (Fixture    *f,
               const char *version,
               gboolean    aws_managed,
               const char *nodes)
{
  g_autoptr(GError) error = NULL;
  const char *args[12];
  guint n = 0;
  CsVersion v;

  args[n++] = "--no-tls";
  args[n++] = "--deploy-delay-ms";
  args[n++] = "50";
  args[n++] = "--opensearch-version";
  args[n++] = version;
  args[n++] = "--nodes";
  args[n++] = nodes;
  if (aws_managed)
    args[n++] = "--aws-managed";
  args[n] = NULL;

  f->sandbox = cs_test_sandbox_startv (args);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  g_assert_true (cs_version_parse (version, &v));
  f->session = cs_session_new ();
  cs_session_set_connected (f->session, "test", f->client, "sandbox", &v, aws_managed);
  f->preflight = cs_preflight_new (f->session);
  cs_preflight_set_retry_delay (f->preflight, 20);
  g_signal_connect (f->preflight, "row-changed", G_CALLBACK (on_row_changed), f);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->preflight);
  g_clear_object (&f->session);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static JsonNode *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *body_text)
{
  g_autoptr(JsonNode) body = body_text ? cs_test_parse_json (body_text) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer = cs_test_request (f->client, method, path, body, NULL, NULL, &error);

  g_assert_no_error (error);
  return answer;
}

static void
control (Fixture    *f,
         const char *body_text)
{
  g_autoptr(JsonNode) answer = request (f, "POST", "_sandbox/cluster", body_text);
}

static void
run (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->n_changes = 0;
  cs_preflight_run_async (f->preflight, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  g_assert_true (cs_preflight_run_finish (f->preflight, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changes, >, 6);

  for (guint i = 0; i < cs_preflight_get_rows (f->preflight)->len; i++)
    {
      CsPreflightRow *row = g_ptr_array_index (cs_preflight_get_rows (f->preflight), i);

      g_assert_cmpint (row->state, !=, CS_PREFLIGHT_PENDING);
      g_assert_cmpint (row->state, !=, CS_PREFLIGHT_RUNNING);
      g_assert_nonnull (row->title);
      g_assert_nonnull (row->message);
    }
}

static const CsPreflightRow *
row (Fixture    *f,
     const char *id)
{
  const CsPreflightRow *r = cs_preflight_lookup (f->preflight, id);

  if (r == NULL)
    g_error ("no row %s", id);
  return r;
}

static const CsPreflightRow *
connector_row (Fixture    *f,
               const char *connector_id)
{
  g_autofree char *id = g_strconcat ("connector:", connector_id, NULL);

  return row (f, id);
}

static void
assert_row (Fixture          *f,
            const char       *id,
            CsPreflightState  state,
            const char       *text)
{
  const CsPreflightRow *r = row (f, id);

  if (r->state != state || (text != NULL && strstr (r->message, text) == NULL))
    g_error ("row %s: state %d, message \"%s\"; wanted %d with \"%s\"", id, r->state,
             r->message, state, text ? text : "");
}

/* A connector of the Claude 4 blueprint (thinking or standard), with changes. */
static char *
create_connector (Fixture    *f,
                  gboolean    thinking,
                  const char *model,
                  gboolean    role_arn,
                  const char *request_body)
{
  g_autoptr(JsonNode) body =
    cs_test_data_json (thinking ? "blueprints/bedrock_claude4_extended_thinking.json"
                                : "blueprints/bedrock_claude4_standard.json");
  JsonObject *obj = json_node_get_object (body);
  JsonObject *parameters = json_object_get_object_member (obj, "parameters");
  JsonObject *credential = json_object_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (parameters, "region", "us-east-1");
  json_object_set_string_member (parameters, "model", model);
  if (role_arn)
    json_object_set_string_member (credential, "roleArn", FAKE_ROLE_ARN);
  else
    {
      json_object_set_string_member (credential, "access_key", FAKE_ACCESS_KEY);
      json_object_set_string_member (credential, "secret_key", FAKE_SECRET_KEY);
    }
  json_object_set_object_member (obj, "credential", credential);
  if (request_body != NULL)
    {
      JsonArray *actions = json_object_get_array_member (obj, "actions");

      json_object_set_string_member (json_array_get_object_element (actions, 0),
                                     "request_body", request_body);
    }

  answer = cs_test_request (f->client, "POST", "_plugins/_ml/connectors/_create", body, NULL,
                            NULL, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                  "connector_id"));
}

/* Applies a row's fix through the flow the pages use. */
static void
apply_fix (Fixture              *f,
           const CsPreflightRow *r)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  switch (r->fix)
    {
    case CS_PREFLIGHT_FIX_TRUST_BEDROCK:
      {
        g_autoptr(CsTrustedList) list = NULL;
        g_autoptr(JsonNode) body = NULL;
        g_autoptr(GAsyncResult) saved = NULL;

        cs_trusted_list_fetch_async (f->client, NULL, cs_test_store_result, &result);
        cs_test_wait_for_result (&result, WAIT_MS);
        list = cs_trusted_list_fetch_finish (f->client, result, &error);
        g_assert_no_error (error);
        body = cs_preflight_row_build_fix_body (r, list);
        g_assert_nonnull (body);
        cs_trusted_list_save_async (f->client, body, NULL, cs_test_store_result, &saved);
        cs_test_wait_for_result (&saved, WAIT_MS);
        g_assert_true (cs_trusted_list_save_finish (f->client, saved, &error));
        g_assert_no_error (error);
        break;
      }
    case CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG:
    case CS_PREFLIGHT_FIX_CONNECTOR_MODEL:
      {
        g_autoptr(JsonNode) body = cs_preflight_row_build_fix_body (r, NULL);

        g_assert_nonnull (body);
        g_assert_nonnull (r->connector_id);
        cs_connectors_update_async (f->client, r->connector_id, body, NULL,
                                    cs_test_store_result, &result);
        cs_test_wait_for_result (&result, WAIT_MS);
        g_assert_true (cs_connectors_update_finish (f->client, result, &error));
        g_assert_no_error (error);
        break;
      }
    case CS_PREFLIGHT_FIX_NONE:
    case CS_PREFLIGHT_FIX_RETRY:
    default:
      g_assert_not_reached ();
    }
}

/* 3.6 (where ML Commons enforces read_timeout), self-managed: an untrusted Bedrock URL and a
 * thinking connector with the default 30 s read_timeout; both fixes turn their rows green. */
static void
test_trusted_and_timeout (void)
{
  Fixture f = { 0 };
  g_autofree char *thinking = NULL;
  g_autoptr(JsonNode) put = NULL;

  fixture_start (&f, "3.6.0", FALSE, "1");
  thinking = create_connector (&f, TRUE, "us.anthropic.claude-sonnet-4-5-20250929-v1:0", FALSE,
                               NULL);
  put = request (&f, "PUT", "_cluster/settings",
                 "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
                 "[\"^https://api\\\\.openai\\\\.com/.*$\"]}}");

  run (&f);
  g_assert_cmpuint (cs_preflight_get_n_requests (f.preflight), ==, 3);
  assert_row (&f, "version", CS_PREFLIGHT_OK, "3.6.0");
  assert_row (&f, "hosting", CS_PREFLIGHT_OK, "Missing credential");
  assert_row (&f, "trusted-list", CS_PREFLIGHT_ERROR, "bedrock-runtime.us-east-1");
  g_assert_cmpint (row (&f, "trusted-list")->fix, ==, CS_PREFLIGHT_FIX_TRUST_BEDROCK);
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, NULL);
  assert_row (&f, "master-key", CS_PREFLIGHT_OK, NULL);
  assert_row (&f, "memory-breaker", CS_PREFLIGHT_NOT_APPLICABLE, NULL);
  g_assert_cmpint (connector_row (&f, thinking)->state, ==, CS_PREFLIGHT_WARNING);
  g_assert_cmpint (connector_row (&f, thinking)->fix, ==,
                   CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG);
  g_assert_cmpint (connector_row (&f, thinking)->read_timeout, >, 30);

  apply_fix (&f, row (&f, "trusted-list"));
  apply_fix (&f, connector_row (&f, thinking));
  run (&f);
  assert_row (&f, "trusted-list", CS_PREFLIGHT_OK, NULL);
  g_assert_cmpint (connector_row (&f, thinking)->state, ==, CS_PREFLIGHT_OK);
  g_assert_cmpint (connector_row (&f, thinking)->fix, ==, CS_PREFLIGHT_FIX_NONE);

  fixture_stop (&f);
}

/* Models against the rule table: a legacy model, a base id without a profile (fixed
 * through the connector's model parameter, then its timeout), an adaptive-only model whose
 * body enables thinking. */
static void
test_connector_models (void)
{
  Fixture f = { 0 };
  g_autofree char *legacy = NULL;
  g_autofree char *base = NULL;
  g_autofree char *adaptive = NULL;
  const char *enabled_body =
    "{ \"anthropic_version\": \"${parameters.anthropic_version}\", \"max_tokens\": "
    "${parameters.max_tokens}, \"messages\": ${parameters.messages}, \"thinking\": "
    "{\"type\": \"enabled\", \"budget_tokens\": ${parameters.budget_tokens} } }";
  guint rounds = 0;

  fixture_start (&f, "3.1.0", FALSE, "1");
  legacy = create_connector (&f, FALSE, "us.anthropic.claude-sonnet-4-20250514-v1:0", FALSE,
                             NULL);
  base = create_connector (&f, FALSE, "anthropic.claude-sonnet-4-5-20250929-v1:0", FALSE, NULL);
  adaptive = create_connector (&f, TRUE, "us.anthropic.claude-opus-4-7", FALSE, enabled_body);

  run (&f);
  g_assert_cmpint (connector_row (&f, legacy)->state, ==, CS_PREFLIGHT_WARNING);
  g_assert_nonnull (strstr (connector_row (&f, legacy)->message, "legacy"));
  g_assert_cmpint (connector_row (&f, base)->state, ==, CS_PREFLIGHT_ERROR);
  g_assert_cmpint (connector_row (&f, base)->fix, ==, CS_PREFLIGHT_FIX_CONNECTOR_MODEL);
  g_assert_cmpstr (connector_row (&f, base)->fix_value, ==,
                   "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  g_assert_cmpint (connector_row (&f, adaptive)->state, ==, CS_PREFLIGHT_ERROR);
  g_assert_nonnull (strstr (connector_row (&f, adaptive)->message, "\"enabled\""));

  /* Each fix of the base-id connector through the connector update, until it is green. */
  while (connector_row (&f, base)->fix != CS_PREFLIGHT_FIX_NONE)
    {
      g_assert_cmpuint (++rounds, <=, 3);
      apply_fix (&f, connector_row (&f, base));
      run (&f);
    }
  g_assert_cmpint (connector_row (&f, base)->state, ==, CS_PREFLIGHT_OK);

  fixture_stop (&f);
}

/* 2.9 without ML nodes: only_run_on_ml_node (on by default) leaves no node to run models;
 * turning it off makes the data nodes eligible. */
static void
test_ml_nodes_2_9 (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonNode) put = NULL;

  fixture_start (&f, "2.9.0", FALSE, "2");
  control (&f, "{\"node_roles\":\"no-ml\"}");
  run (&f);
  assert_row (&f, "version", CS_PREFLIGHT_WARNING, "2.11");
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_ERROR, "only_run_on_ml_node");

  put = request (&f, "PUT", "_cluster/settings",
                 "{\"persistent\":{\"plugins.ml_commons.only_run_on_ml_node\":false}}");
  run (&f);
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, "data nodes");

  control (&f, "{\"node_roles\":\"dedicated-ml\"}");
  run (&f);
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, "1 ML node");
  fixture_stop (&f);
}

/* 2.19 and 3.x: remote models run on data or ML nodes whatever only_run_on_ml_node says. */
static void
test_ml_nodes_new_dispatch (void)
{
  Fixture f = { 0 };

  fixture_start (&f, "2.19.1", FALSE, "3");
  control (&f, "{\"node_roles\":\"dedicated-ml\"}");
  run (&f);
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, "3 of 3 nodes may run remote models, 2 of");
  control (&f, "{\"node_roles\":\"no-ml\"}");
  run (&f);
  assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, "only applies to local models");
  fixture_stop (&f);
}

/* A fresh cluster whose master key is not ready for the first requests. */
static void
test_master_key (void)
{
  Fixture f = { 0 };

  fixture_start (&f, "2.19.1", FALSE, "1");
  control (&f, "{\"master_key_not_ready\":2}");
  run (&f);
  assert_row (&f, "master-key", CS_PREFLIGHT_OK, "waited");
  g_assert_cmpuint (cs_preflight_get_n_requests (f.preflight), ==, 5);

  control (&f, "{\"master_key_not_ready\":10}");
  run (&f);
  assert_row (&f, "master-key", CS_PREFLIGHT_WARNING, "not ready");
  g_assert_cmpint (row (&f, "master-key")->fix, ==, CS_PREFLIGHT_FIX_RETRY);
  g_assert_cmpuint (cs_preflight_get_n_requests (f.preflight), ==, 6);

  control (&f, "{\"master_key_not_ready\":0}");
  run (&f);
  assert_row (&f, "master-key", CS_PREFLIGHT_OK, NULL);
  fixture_stop (&f);
}

/* Amazon OpenSearch Service on 3.7: roleArn possible, the predict-time trusted check. */
static void
test_aws_managed_3_7 (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;

  fixture_start (&f, "3.7.0", TRUE, "1");
  id = create_connector (&f, FALSE, "us.anthropic.claude-sonnet-4-5-20250929-v1:0", TRUE, NULL);
  run (&f);
  assert_row (&f, "version", CS_PREFLIGHT_OK, "3.7.0");
  assert_row (&f, "hosting", CS_PREFLIGHT_OK, "roleArn");
  assert_row (&f, "trusted-list", CS_PREFLIGHT_OK, "3.7");
  g_assert_nonnull (connector_row (&f, id));
  fixture_stop (&f);
}

/* The acceptance matrix: 2.9, 2.19 and 3.x; with and without ML nodes; Amazon OpenSearch
 * Service and self-managed; the master key not ready for the first requests. Each check's
 * result is as expected, and each fix the core offers turns its row green. */
static void
test_matrix (void)
{
  static const char * const versions[] = { "2.9.0", "2.19.1", "3.1.0" };

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    for (guint aws = 0; aws <= 1; aws++)
      for (guint ml = 0; ml <= 1; ml++)
        {
          Fixture f = { 0 };
          g_autofree char *good = NULL;
          g_autofree char *base = NULL;
          g_autoptr(JsonNode) put = NULL;
          gboolean old = g_str_equal (versions[v], "2.9.0");
          const CsPreflightRow *r;

          g_test_message ("OpenSearch %s, %s, %s ML nodes", versions[v],
                          aws ? "Amazon OpenSearch Service" : "self-managed",
                          ml ? "with" : "without");
          fixture_start (&f, versions[v], aws, "2");
          /* 2.9 trusts no Bedrock URL by default: trust it to make the connectors. */
          put = request (&f, "PUT", "_cluster/settings",
                         "{\"persistent\":{\"plugins.ml_commons."
                         "trusted_connector_endpoints_regex\":[\"^https://bedrock-runtime\\\\"
                         "..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}");
          good = create_connector (&f, FALSE, "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                                   aws, NULL);
          base = create_connector (&f, FALSE, "anthropic.claude-sonnet-4-5-20250929-v1:0", aws,
                                   NULL);
          g_clear_pointer (&put, json_node_unref);
          put = request (&f, "PUT", "_cluster/settings",
                         "{\"persistent\":{\"plugins.ml_commons."
                         "trusted_connector_endpoints_regex\":[\"^https://api\\\\.openai"
                         "\\\\.com/.*$\"]}}");
          control (&f, ml ? "{\"node_roles\":\"dedicated-ml\"}" : "{\"node_roles\":\"no-ml\"}");
          control (&f, "{\"master_key_not_ready\":2}");

          run (&f);
          g_assert_cmpuint (cs_preflight_get_n_requests (f.preflight), ==, 5);
          assert_row (&f, "version", old ? CS_PREFLIGHT_WARNING : CS_PREFLIGHT_OK, versions[v]);
          assert_row (&f, "hosting", CS_PREFLIGHT_OK, aws ? "roleArn" : "Missing credential");
          assert_row (&f, "master-key", CS_PREFLIGHT_OK, "waited");
          assert_row (&f, "memory-breaker", CS_PREFLIGHT_NOT_APPLICABLE, NULL);
          if (ml)
            assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, old ? "1 ML node" : "1 of them ML");
          else if (old)
            assert_row (&f, "ml-nodes", CS_PREFLIGHT_ERROR, "only_run_on_ml_node");
          else
            assert_row (&f, "ml-nodes", CS_PREFLIGHT_OK, "only applies to local models");
          assert_row (&f, "trusted-list", CS_PREFLIGHT_ERROR, "bedrock-runtime.us-east-1");
          g_assert_cmpint (row (&f, "trusted-list")->fix, ==, CS_PREFLIGHT_FIX_TRUST_BEDROCK);
          g_assert_cmpint (connector_row (&f, good)->state, ==, CS_PREFLIGHT_OK);
          r = connector_row (&f, base);
          g_assert_cmpint (r->state, ==, CS_PREFLIGHT_ERROR);
          g_assert_cmpint (r->fix, ==, old ? CS_PREFLIGHT_FIX_NONE
                                           : CS_PREFLIGHT_FIX_CONNECTOR_MODEL);

          /* The fixes, through the flows the pages use; then the rows are green. */
          apply_fix (&f, row (&f, "trusted-list"));
          if (!old)
            apply_fix (&f, connector_row (&f, base));
          run (&f);
          g_assert_cmpuint (cs_preflight_get_n_requests (f.preflight), ==, 3);
          assert_row (&f, "trusted-list", CS_PREFLIGHT_OK, NULL);
          assert_row (&f, "master-key", CS_PREFLIGHT_OK, "without a master key error");
          g_assert_cmpint (connector_row (&f, base)->state, ==,
                           old ? CS_PREFLIGHT_ERROR : CS_PREFLIGHT_OK);
          fixture_stop (&f);
        }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preflight/aws-managed-3.7", test_aws_managed_3_7);
  g_test_add_func ("/preflight/connector-models", test_connector_models);
  g_test_add_func ("/preflight/master-key", test_master_key);
  g_test_add_func ("/preflight/matrix", test_matrix);
  g_test_add_func ("/preflight/ml-nodes-2.9", test_ml_nodes_2_9);
  g_test_add_func ("/preflight/ml-nodes-new-dispatch", test_ml_nodes_new_dispatch);
  g_test_add_func ("/preflight/trusted-and-timeout", test_trusted_and_timeout);

  return g_test_run ();
}
