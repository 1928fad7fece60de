/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fact sheet's error texts (mlcommons-api.md §2–§6) as the sandbox answers them over HTTP,
 * plus security, versions, persistence and injected faults. */
#include "sandbox-test-common.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#define CREATE "/_plugins/_ml/connectors/_create"
#define BP_STANDARD "bedrock_claude4_standard.json"

static const char predict_body[] =
  "{\"parameters\":{\"system_prompt\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":"
  "[{\"type\":\"text\",\"text\":\"hello\"}]}]}}";

static CsTestSandbox *
start (const char *first,
       ...) G_GNUC_NULL_TERMINATED;

static CsTestSandbox *
start (const char *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--no-tls");
  g_ptr_array_add (args, (gpointer) "--deploy-delay-ms");
  g_ptr_array_add (args, (gpointer) "100");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return cs_test_sandbox_startv ((const char * const *) args->pdata);
}

/* The standard blueprint body, then `edit` applied to it. */
static JsonNode *
connector_body (void (*edit) (JsonObject *root))
{
  JsonNode *body = sbt_blueprint_body (BP_STANDARD, "us-east-1");

  if (edit != NULL)
    edit (json_node_get_object (body));
  return body;
}

static void
expect_create_error (SbtClient  *c,
                     void      (*edit) (JsonObject *root),
                     guint       status,
                     const char *type,
                     const char *reason)
{
  g_autoptr(JsonNode) body = connector_body (edit);
  g_autoptr(SbtReply) reply = sbt_request_json (c, "POST", CREATE, body);

  sbt_assert_error (reply, status, type, reason);
}

static void edit_no_name (JsonObject *r) { json_object_remove_member (r, "name"); }
static void edit_no_version (JsonObject *r) { json_object_remove_member (r, "version"); }
static void edit_no_protocol (JsonObject *r) { json_object_remove_member (r, "protocol"); }
static void edit_no_credential (JsonObject *r) { json_object_remove_member (r, "credential"); }
static void edit_bad_protocol (JsonObject *r) { json_object_set_string_member (r, "protocol", "grpc"); }
static void edit_no_actions (JsonObject *r) { json_object_remove_member (r, "actions"); }
static void edit_actions_object (JsonObject *r) { json_object_set_object_member (r, "actions", json_object_new ()); }
static void
edit_half_credential (JsonObject *r)
{
  json_object_remove_member (json_object_get_object_member (r, "credential"), "secret_key");
}
static void
edit_no_service (JsonObject *r)
{
  json_object_remove_member (json_object_get_object_member (r, "parameters"), "service_name");
}
static void
edit_no_region (JsonObject *r)
{
  json_object_remove_member (json_object_get_object_member (r, "parameters"), "region");
}
static void
edit_placeholder_region (JsonObject *r)
{
  json_object_set_string_member (json_object_get_object_member (r, "parameters"), "region",
                                 "<PLEASE ADD YOUR AWS REGION HERE>");
}
static JsonObject *
first_action (JsonObject *r)
{
  return json_array_get_object_element (json_object_get_array_member (r, "actions"), 0);
}
static void edit_no_action_type (JsonObject *r) { json_object_remove_member (first_action (r), "action_type"); }
static void edit_bad_action_type (JsonObject *r) { json_object_set_string_member (first_action (r), "action_type", "foo"); }
static void edit_no_url (JsonObject *r) { json_object_remove_member (first_action (r), "url"); }
static void edit_no_method (JsonObject *r) { json_object_remove_member (first_action (r), "method"); }
static void edit_access_mode (JsonObject *r) { json_object_set_string_member (r, "access_mode", "public"); }
static void
edit_dry_run (JsonObject *r)
{
  edit_placeholder_region (r);
  json_object_remove_member (r, "name");
  json_object_set_boolean_member (r, "dry_run", TRUE);
}

static void
test_connector_create_errors (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) empty = sbt_request (c, "POST", CREATE, NULL);
  g_autoptr(SbtReply) malformed = sbt_request (c, "POST", CREATE, "{\"name\": ");
  g_autoptr(JsonNode) dry = connector_body (edit_dry_run);
  g_autoptr(SbtReply) dry_reply = NULL;

  sbt_assert_error (empty, 500, "i_o_exception", "Create Connector request has empty body");
  g_assert_cmpuint (malformed->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (sbt_object (malformed), "error"), "type"),
                   ==, "json_parse_exception");

  expect_create_error (c, edit_actions_object, 400, "parsing_exception",
                       "Failed to parse object: expecting token of type [START_ARRAY] but found "
                       "[START_OBJECT]");
  expect_create_error (c, edit_no_action_type, 400, "illegal_argument_exception",
                       "action type can't be null");
  expect_create_error (c, edit_bad_action_type, 400, "illegal_argument_exception",
                       "No enum constant org.opensearch.ml.common.connector.ConnectorAction."
                       "ActionType.FOO");
  expect_create_error (c, edit_no_url, 400, "illegal_argument_exception", "url can't be null");
  expect_create_error (c, edit_no_method, 400, "illegal_argument_exception", "method can't be null");
  expect_create_error (c, edit_no_name, 400, "illegal_argument_exception", "Connector name is null");
  expect_create_error (c, edit_no_version, 400, "illegal_argument_exception",
                       "Connector version is null");
  expect_create_error (c, edit_no_protocol, 400, "illegal_argument_exception",
                       "Connector protocol is null");
  expect_create_error (c, edit_no_credential, 400, "illegal_argument_exception",
                       "Connector credential is null or empty list");
  expect_create_error (c, edit_bad_protocol, 400, "illegal_argument_exception",
                       "Unsupported connector protocol. Please use one of [aws_sigv4, http]");
  expect_create_error (c, edit_half_credential, 400, "illegal_argument_exception",
                       "Missing credential");
  expect_create_error (c, edit_no_service, 400, "illegal_argument_exception", "Missing service name");
  expect_create_error (c, edit_no_region, 400, "illegal_argument_exception", "Missing region");
  expect_create_error (c, edit_placeholder_region, 400, "illegal_argument_exception",
                       "Connector URL is not matching the trusted connector endpoint regex, URL is: "
                       "https://bedrock-runtime.<PLEASE ADD YOUR AWS REGION HERE>.amazonaws.com/"
                       "model/us.anthropic.claude-sonnet-4-20250514-v1:0/invoke");
  expect_create_error (c, edit_no_actions, 400, "illegal_argument_exception",
                       "No actions configured for this connector");
  expect_create_error (c, edit_access_mode, 400, "illegal_argument_exception",
                       "You cannot specify connector access control parameters because the "
                       "Security plugin or connector access control is disabled on your cluster.");

  /* dry_run skips the input checks and the URL check and stores nothing. */
  dry_reply = sbt_request_json (c, "POST", CREATE, dry);
  g_assert_cmpuint (dry_reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (sbt_object (dry_reply), "connector_id"), ==,
                   "dryRunConnector");
}

static void
edit_header_placeholder (JsonObject *r)
{
  json_object_set_string_member (json_object_get_object_member (first_action (r), "headers"),
                                 "Authorization", "Bearer ${parameters.token}");
}

static void
edit_bad_retry_policy (JsonObject *r)
{
  JsonObject *cc = json_object_new ();

  json_object_set_string_member (cc, "retry_backoff_policy", "linear");
  json_object_set_object_member (r, "client_config", cc);
}

static void
edit_client_config (JsonObject *r)
{
  JsonObject *cc = json_object_new ();

  json_object_set_int_member (cc, "max_retry_times", 3);
  json_object_set_string_member (cc, "retry_backoff_policy", "EXPONENTIAL_FULL_JITTER");
  json_object_set_object_member (r, "client_config", cc);
}

static void
test_connector_details (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = connector_body (edit_client_config);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SbtReply) got = NULL;
  g_autoptr(SbtReply) not_json = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cc;

  expect_create_error (c, edit_bad_retry_policy, 400, "illegal_argument_exception",
                       "Unsupported retry backoff policy");
  /* A partial client_config is completed with the defaults (2.14–3.5: 30000 "seconds"). */
  id = sbt_create_connector (c, body);
  path = g_strdup_printf ("/_plugins/_ml/connectors/%s", id);
  got = sbt_request (c, "GET", path, NULL);
  cc = json_object_get_object_member (sbt_object (got), "client_config");
  g_assert_cmpint (json_object_get_int_member (cc, "max_retry_times"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (cc, "retry_backoff_policy"), ==,
                   "exponential_full_jitter");
  g_assert_cmpint (json_object_get_int_member (cc, "read_timeout"), ==, 30000);
  g_assert_cmpint (json_object_get_int_member (cc, "max_connection"), ==, 30);

  /* A body that is not JSON: 406 with a string error. */
  not_json = sbt_request_full (c, "POST", CREATE, "name=x", "application/x-www-form-urlencoded",
                               &error);
  g_assert_no_error (error);
  g_assert_cmpuint (not_json->status, ==, 406);
  g_assert_cmpstr (json_object_get_string_member (sbt_object (not_json), "error"), ==,
                   "Content-Type header [application/x-www-form-urlencoded] is not supported");
}

static void
test_connector_version_texts (void)
{
  /* 3.2+: no URL suffix; 3.x protocol list; 3.7 an empty trusted list has its own text. */
  {
    g_autoptr(CsTestSandbox) sb = start ("--opensearch-version", "3.2.0", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

    expect_create_error (c, edit_placeholder_region, 400, "illegal_argument_exception",
                         "Connector URL is not matching the trusted connector endpoint regex");
    expect_create_error (c, edit_bad_protocol, 400, "illegal_argument_exception",
                         "Unsupported connector protocol. Please use one of "
                         "[aws_sigv4, http, mcp_sse]");
  }
  {
    g_autoptr(CsTestSandbox) sb = start ("--opensearch-version", "3.7.0", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(SbtReply) put = sbt_request (c, "PUT", "/_cluster/settings",
      "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":[]}}");

    g_assert_cmpuint (put->status, ==, 200);
    expect_create_error (c, NULL, 400, "illegal_argument_exception",
                         "Trusted connector endpoints regex is not configured. Please set "
                         "plugins.ml_commons.trusted_connector_endpoints_regex.");
    expect_create_error (c, edit_header_placeholder, 400, "illegal_argument_exception",
                         "Header 'Authorization' cannot use ${parameters.*} placeholders for "
                         "security reasons. Use ${credential.*} instead.");
  }
  /* 2.9: Bedrock is not trusted by default. */
  {
    g_autoptr(CsTestSandbox) sb = start ("--opensearch-version", "2.9.0", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

    expect_create_error (c, NULL, 400, "illegal_argument_exception",
                         "Connector URL is not matching the trusted connector endpoint regex, URL "
                         "is: https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                         "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke");
  }
}

static void
test_remote_inference_disabled (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) put = sbt_request (c, "PUT", "/_cluster/settings",
    "{\"transient\":{\"plugins\":{\"ml_commons\":{\"remote_inference\":{\"enabled\":false}}}}}");

  g_assert_cmpuint (put->status, ==, 200);
  expect_create_error (c, NULL, 400, "status_exception",
                       "Remote Inference is currently disabled. To enable it, update the setting "
                       "\"plugins.ml_commons.remote_inference_enabled\" to true.");
}

static void
test_connector_get_update_delete (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = connector_body (NULL);
  g_autofree char *id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  {
    g_autoptr(SbtReply) r = sbt_request (c, "GET", "/_plugins/_ml/connectors/nope", NULL);
    sbt_assert_error (r, 404, "status_exception", "Failed to find connector");
  }
  id = sbt_create_connector (c, body);
  path = g_strdup_printf ("/_plugins/_ml/connectors/%s", id);
  {
    g_autoptr(SbtReply) r = sbt_request (c, "GET", "/_plugins/_ml/connectors/nope", NULL);
    sbt_assert_error (r, 404, "status_exception",
                      "Failed to find connector with the provided connector id: nope");
  }
  {
    /* Absent: 200 with "not_found". */
    g_autoptr(SbtReply) r = sbt_request (c, "DELETE", "/_plugins/_ml/connectors/nope", NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "result"), ==, "not_found");
  }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "PUT", path, NULL);
    sbt_assert_error (r, 400, "status_exception", "Failed to update connector: Request body is empty");
  }

  model = sbt_register_model (c, "errors-model", id, TRUE);
  sbt_wait_for_state (c, model, "DEPLOYED", 10000);
  {
    g_autoptr(SbtReply) r = sbt_request (c, "PUT", path, "{\"description\":\"changed\"}");
    text = g_strdup_printf ("1 models are still using this connector, please undeploy the models "
                            "first: [%s]", model);
    sbt_assert_error (r, 400, "status_exception", text);
    g_clear_pointer (&text, g_free);
  }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "DELETE", path, NULL);
    text = g_strdup_printf ("1 models are still using this connector, please delete or update the "
                            "models first: [%s]", model);
    sbt_assert_error (r, 409, "status_exception", text);
    g_clear_pointer (&text, g_free);
  }
  {
    g_autofree char *undeploy = g_strdup_printf ("/_plugins/_ml/models/%s/_undeploy", model);
    g_autoptr(SbtReply) r = sbt_request (c, "POST", undeploy, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    /* ≥2.16 parameters are merged; an untrusted URL is still refused on update. */
    g_autoptr(SbtReply) r = sbt_request (c, "PUT", path,
                                         "{\"description\":\"changed\",\"parameters\":{\"max_tokens\":100}}");
    g_autoptr(SbtReply) got = NULL;
    g_autoptr(SbtReply) bad = NULL;
    JsonObject *params;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "result"), ==, "updated");
    got = sbt_request (c, "GET", path, NULL);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (got), "description"), ==, "changed");
    params = json_object_get_object_member (sbt_object (got), "parameters");
    g_assert_cmpstr (json_object_get_string_member (params, "max_tokens"), ==, "100");
    g_assert_cmpstr (json_object_get_string_member (params, "region"), ==, "us-east-1");
    bad = sbt_request (c, "PUT", path, "{\"parameters\":{\"region\":\"<x>\"}}");
    sbt_assert_error (bad, 400, "illegal_argument_exception",
                      "Connector URL is not matching the trusted connector endpoint regex, URL is: "
                      "https://bedrock-runtime.<x>.amazonaws.com/model/"
                      "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke");
  }
  {
    /* Search: hits without credential, a term query that matches and one that does not. */
    g_autofree char *q = g_strdup_printf ("{\"query\":{\"term\":{\"_id\":\"x\"}}}");
    g_autoptr(SbtReply) all = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search",
                                           "{\"query\":{\"match_all\":{}},\"size\":10}");
    g_autoptr(SbtReply) none = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search",
                                            "{\"query\":{\"term\":{\"protocol\":\"http\"}}}");
    g_autoptr(SbtReply) nobody = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search", NULL);
    JsonObject *hits = json_object_get_object_member (sbt_object (all), "hits");
    JsonObject *hit = json_array_get_object_element (json_object_get_array_member (hits, "hits"), 0);

    (void) q;
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (hits, "total"),
                                                 "value"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (hit, "_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (hit, "_index"), ==, ".plugins-ml-connector");
    g_assert_true (json_object_has_member (hit, "_seq_no"));
    g_assert_true (json_object_has_member (hit, "_primary_term"));
    g_assert_cmpint (json_object_get_int_member (hit, "_version"), ==, 2);
    g_assert_false (json_object_has_member (json_object_get_object_member (hit, "_source"),
                                            "credential"));
    g_assert_null (strstr (all->text, SBT_SECRET_KEY));
    g_assert_cmpint (json_object_get_int_member (
                       json_object_get_object_member (
                         json_object_get_object_member (sbt_object (none), "hits"), "total"),
                       "value"), ==, 0);
    sbt_assert_error (nobody, 400, "parse_exception", "request body or source parameter is required");
  }
}

static void
test_model_errors (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "3", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = connector_body (NULL);
  g_autofree char *connector = NULL;
  g_autofree char *model = NULL;
  g_autofree char *path = NULL;
  struct { const char *body; guint status; const char *type; const char *reason; } cases[] = {
    { "{\"function_name\":\"remote\",\"connector_id\":\"x\"}", 400, "illegal_argument_exception",
      "model name is null" },
    { "{\"name\":\"m\",\"connector_id\":\"x\"}", 400, "illegal_argument_exception",
      "model format is null" },
    { "{\"name\":\"m\",\"function_name\":\"nope\"}", 400, "illegal_argument_exception",
      "No enum constant org.opensearch.ml.common.FunctionName.NOPE" },
    { "{\"name\":\"m\",\"function_name\":\"remote\"}", 400, "illegal_argument_exception",
      "You must provide connector content when creating a remote model without connector id!" },
    { "{\"name\":\"m\",\"function_name\":\"REMOTE\",\"connector_id\":\"abc\"}", 404,
      "status_exception", "Failed to find connector:abc" },
    { "{\"name\":\"m\",\"function_name\":\"remote\",\"connector\":{\"name\":\"c\",\"version\":1,"
      "\"protocol\":\"aws_sigv4\",\"parameters\":{\"region\":\"us-east-1\",\"service_name\":\"bedrock\"},"
      "\"credential\":{\"access_key\":\"SANDBOXTESTACCESS01\",\"secret_key\":\"x\"}}}", 400,
      "illegal_argument_exception",
      "Connector endpoint is required when creating a remote model without connector id!" },
    { "{\"name\":\"m\",\"function_name\":\"remote\",\"connector\":{\"name\":\"c\",\"version\":1,"
      "\"protocol\":\"aws_sigv4\",\"parameters\":{\"region\":\"us-east-1\",\"service_name\":\"bedrock\"},"
      "\"credential\":{\"roleArn\":\"arn:aws:iam::123456789012:role/r\"},\"actions\":[{\"action_type\":"
      "\"predict\",\"method\":\"POST\",\"url\":\"https://bedrock-runtime.us-east-1.amazonaws.com/model/m/"
      "invoke\"}]}}", 400, "illegal_argument_exception", "Missing credential" },
  };

  {
    g_autoptr(SbtReply) r = sbt_request (c, "GET", "/_plugins/_ml/models/nope", NULL);
    sbt_assert_error (r, 404, "status_exception", "Fail to find model");
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_plugins/_ml/models/_register",
                                           cases[i].body);
      sbt_assert_error (r, cases[i].status, cases[i].type, cases[i].reason);
    }

  connector = sbt_create_connector (c, body);
  model = sbt_register_model (c, "errors-model", connector, FALSE);
  path = g_strdup_printf ("/_plugins/_ml/models/%s", model);
  {
    g_autoptr(SbtReply) r = sbt_request (c, "GET", "/_plugins/_ml/models/nope", NULL);
    g_autoptr(SbtReply) p = sbt_request (c, "POST", "/_plugins/_ml/models/nope/_predict", predict_body);
    g_autoptr(SbtReply) t = sbt_request (c, "GET", "/_plugins/_ml/tasks/nope", NULL);
    g_autofree char *predict = g_strdup_printf ("%s/_predict", path);
    g_autoptr(SbtReply) bad = sbt_request (c, "POST", predict, "{\"parameters\": [");

    sbt_assert_error (r, 404, "status_exception",
                      "Failed to find model with the provided model id: nope");
    sbt_assert_error (p, 404, "status_exception", "Failed to find model");
    sbt_assert_error (t, 404, "status_exception", "Failed to find task");
    /* A bad body on a model not deployed on the node is a 404 too. */
    sbt_assert_error (bad, 404, "status_exception", "Failed to find model");
  }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "GET", path, NULL);
    JsonObject *m = sbt_object (r);

    g_assert_cmpstr (json_object_get_string_member (m, "model_state"), ==, "REGISTERED");
    g_assert_cmpstr (json_object_get_string_member (m, "model_version"), ==, "1");
    g_assert_cmpstr (json_object_get_string_member (m, "algorithm"), ==, "REMOTE");
    g_assert_cmpstr (json_object_get_string_member (m, "connector_id"), ==, connector);
    g_assert_false (json_object_has_member (m, "model_id"));
  }
  {
    /* ≥2.11: the same name joins the existing group as the next version. */
    g_autofree char *second = sbt_register_model (c, "errors-model", connector, FALSE);
    g_autofree char *second_path = g_strdup_printf ("/_plugins/_ml/models/%s", second);
    g_autoptr(SbtReply) a = sbt_request (c, "GET", path, NULL);
    g_autoptr(SbtReply) b = sbt_request (c, "GET", second_path, NULL);

    g_assert_cmpstr (json_object_get_string_member (sbt_object (b), "model_version"), ==, "2");
    g_assert_cmpstr (json_object_get_string_member (sbt_object (a), "model_group_id"), ==,
                     json_object_get_string_member (sbt_object (b), "model_group_id"));
  }
  {
    /* _deploy answers once the fan-out is complete. */
    g_autofree char *deploy = g_strdup_printf ("%s/_deploy", path);
    g_autoptr(SbtReply) r = sbt_request (c, "POST", deploy, NULL);
    g_autoptr(SbtReply) m = sbt_request (c, "GET", path, NULL);
    g_autofree char *task_path = NULL;
    g_autoptr(SbtReply) task = NULL;
    JsonObject *mo = sbt_object (m);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "task_type"), ==, "DEPLOY_MODEL");
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "status"), ==, "COMPLETED");
    g_assert_cmpstr (json_object_get_string_member (mo, "model_state"), ==, "DEPLOYED");
    g_assert_cmpint (json_object_get_int_member (mo, "planning_worker_node_count"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (mo, "current_worker_node_count"), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (mo, "planning_worker_nodes")),
                      ==, 3);

    task_path = g_strdup_printf ("/_plugins/_ml/tasks/%s",
                                 json_object_get_string_member (sbt_object (r), "task_id"));
    task = sbt_request (c, "GET", task_path, NULL);
    g_assert_cmpuint (task->status, ==, 200);
    g_assert_false (json_object_has_member (sbt_object (task), "task_id"));
    g_assert_cmpstr (json_object_get_string_member (sbt_object (task), "state"), ==, "COMPLETED");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sbt_object (task),
                                                                           "worker_node")), ==, 3);
    g_assert_true (json_object_has_member (sbt_object (task), "is_async"));
  }
  {
    /* Deploying a model that is already on every node changes nothing. */
    g_autofree char *deploy = g_strdup_printf ("%s/_deploy", path);
    g_autoptr(SbtReply) r = sbt_request (c, "POST", deploy, NULL);
    g_autoptr(SbtReply) m = sbt_request (c, "GET", path, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "status"), ==, "COMPLETED");
    g_assert_cmpstr (json_object_get_string_member (sbt_object (m), "model_state"), ==, "DEPLOYED");
  }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "DELETE", path, NULL);
    sbt_assert_error (r, 400, "status_exception",
                      "Model cannot be deleted in deploying or deployed state. Try undeploy model "
                      "first then delete");
  }
  {
    g_autofree char *undeploy = g_strdup_printf ("%s/_undeploy", path);
    g_autoptr(SbtReply) r = sbt_request (c, "POST", undeploy, NULL);
    g_autoptr(SbtReply) again = sbt_request (c, "POST", undeploy, NULL);
    g_autoptr(GList) nodes = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    nodes = json_object_get_members (sbt_object (r));
    g_assert_cmpuint (g_list_length (nodes), ==, 3);
    for (GList *l = nodes; l != NULL; l = l->next)
      {
        JsonObject *stats = json_object_get_object_member (
          json_object_get_object_member (sbt_object (r), l->data), "stats");
        g_assert_cmpstr (json_object_get_string_member (stats, model), ==, "undeployed");
        stats = json_object_get_object_member (
          json_object_get_object_member (sbt_object (again), l->data), "stats");
        g_assert_cmpstr (json_object_get_string_member (stats, model), ==, "not_found");
      }
  }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "DELETE", path, NULL);
    g_autoptr(SbtReply) again = sbt_request (c, "DELETE", path, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "result"), ==, "deleted");
    sbt_assert_error (again, 404, "status_exception", "Failed to find model");
  }
}

static void
test_version_differences (void)
{
  /* 2.9: no model_id in the register answer; a second model of the same name is refused. */
  {
    g_autoptr(CsTestSandbox) sb = start ("--opensearch-version", "2.9.0", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(SbtReply) put = sbt_request (c, "PUT", "/_cluster/settings",
      "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
      "[\"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}");
    g_autoptr(JsonNode) body = connector_body (NULL);
    g_autofree char *connector = NULL;
    g_autofree char *reg = NULL;
    g_autoptr(SbtReply) r = NULL;
    g_autoptr(SbtReply) dup = NULL;
    g_autoptr(SbtReply) task = NULL;
    g_autoptr(SbtReply) model = NULL;
    g_autofree char *task_path = NULL;
    g_autofree char *model_path = NULL;
    g_autofree char *predict = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(SbtReply) not_ready = NULL;

    g_assert_cmpuint (put->status, ==, 200);
    connector = sbt_create_connector (c, body);
    reg = g_strdup_printf ("{\"name\":\"old\",\"function_name\":\"remote\",\"connector_id\":\"%s\"}",
                           connector);
    r = sbt_request (c, "POST", "/_plugins/_ml/models/_register", reg);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_false (json_object_has_member (sbt_object (r), "model_id"));
    g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "status"), ==, "CREATED");
    task_path = g_strdup_printf ("/_plugins/_ml/tasks/%s",
                                 json_object_get_string_member (sbt_object (r), "task_id"));
    task = sbt_request (c, "GET", task_path, NULL);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (task), "task_type"), ==,
                     "REGISTER_MODEL");
    g_assert_cmpstr (json_object_get_string_member (sbt_object (task), "state"), ==, "COMPLETED");
    model_path = g_strdup_printf ("/_plugins/_ml/models/%s",
                                  json_object_get_string_member (sbt_object (task), "model_id"));
    model = sbt_request (c, "GET", model_path, NULL);
    g_assert_cmpuint (model->status, ==, 200);

    dup = sbt_request (c, "POST", "/_plugins/_ml/models/_register", reg);
    expected = g_strdup_printf ("The name you provided is already being used by a model group "
                                "with ID: %s.",
                                json_object_get_string_member (sbt_object (model), "model_group_id"));
    sbt_assert_error (dup, 400, "illegal_argument_exception", expected);

    /* ≤2.12 there is no auto-deploy. */
    predict = g_strdup_printf ("%s/_predict", model_path);
    not_ready = sbt_request (c, "POST", predict, predict_body);
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("Model not ready yet. Please run this first: POST "
                                "/_plugins/_ml/models/%s/_deploy",
                                json_object_get_string_member (sbt_object (task), "model_id"));
    sbt_assert_error (not_ready, 400, "status_exception", expected);
  }
  /* 2.19: predict on a registered model auto-deploys it. */
  {
    g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(JsonNode) body = connector_body (NULL);
    g_autofree char *connector = sbt_create_connector (c, body);
    g_autofree char *model = sbt_register_model (c, "auto", connector, FALSE);
    g_autofree char *predict = g_strdup_printf ("/_plugins/_ml/models/%s/_predict", model);
    g_autoptr(SbtReply) r = sbt_request (c, "POST", predict, predict_body);

    g_assert_cmpuint (r->status, ==, 200);
    sbt_wait_for_state (c, model, "DEPLOYED", 1000);
  }
}

static void
test_partial_and_failed_deploy (void)
{
  {
    g_autoptr(CsTestSandbox) sb = start ("--nodes", "3", "--fault", "node-fail=2", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(JsonNode) body = connector_body (NULL);
    g_autofree char *connector = sbt_create_connector (c, body);
    g_autofree char *model = sbt_register_model (c, "partial", connector, FALSE);
    g_autofree char *deploy = g_strdup_printf ("/_plugins/_ml/models/%s/_deploy", model);
    g_autoptr(SbtReply) r = sbt_request (c, "POST", deploy, NULL);
    g_autofree char *task_path = g_strdup_printf ("/_plugins/_ml/tasks/%s",
      json_object_get_string_member (sbt_object (r), "task_id"));
    g_autoptr(SbtReply) task = sbt_request (c, "GET", task_path, NULL);
    g_autofree char *model_path = g_strdup_printf ("/_plugins/_ml/models/%s", model);
    g_autoptr(SbtReply) m = NULL;

    sbt_wait_for_state (c, model, "PARTIALLY_DEPLOYED", 5000);
    m = sbt_request (c, "GET", model_path, NULL);
    g_assert_cmpint (json_object_get_int_member (sbt_object (m), "current_worker_node_count"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (sbt_object (m), "planning_worker_node_count"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (task), "state"), ==,
                     "COMPLETED_WITH_ERROR");
    g_assert_true (json_object_has_member (sbt_object (task), "error"));
  }
  {
    g_autoptr(CsTestSandbox) sb = start ("--nodes", "2", "--fault", "node-fail=1+2", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(JsonNode) body = connector_body (NULL);
    g_autofree char *connector = sbt_create_connector (c, body);
    g_autofree char *model = sbt_register_model (c, "failing", connector, TRUE);
    g_autoptr(SbtReply) tasks = NULL;
    JsonArray *hits;
    gboolean found = FALSE;

    sbt_wait_for_state (c, model, "DEPLOY_FAILED", 5000);
    tasks = sbt_request (c, "POST", "/_plugins/_ml/tasks/_search",
                         "{\"query\":{\"term\":{\"task_type\":\"DEPLOY_MODEL\"}}}");
    hits = json_object_get_array_member (json_object_get_object_member (sbt_object (tasks), "hits"),
                                         "hits");
    for (guint i = 0; i < json_array_get_length (hits); i++)
      {
        JsonObject *src = json_object_get_object_member (json_array_get_object_element (hits, i),
                                                         "_source");
        if (g_strcmp0 (json_object_get_string_member (src, "model_id"), model) == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (src, "state"), ==, "FAILED");
            g_assert_true (json_object_has_member (src, "error"));
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

static void
test_settings_errors (void)
{
  struct { const char *body; const char *reason; } cases[] = {
    { "{\"persistent\":{\"plugins.ml_commons.nope\":true}}",
      "persistent setting [plugins.ml_commons.nope], not recognized" },
    { "{\"transient\":{\"cluster\":{\"nope\":1}}}", "transient setting [cluster.nope], not recognized" },
    { "{\"persistent\":{\"plugins.ml_commons.only_run_on_ml_node\":\"maybe\"}}",
      "Failed to parse value [maybe] as only [true] or [false] are allowed." },
  };
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbtReply) r = sbt_request (c, "PUT", "/_cluster/settings", cases[i].body);
      sbt_assert_error (r, 400, "illegal_argument_exception", cases[i].reason);
    }
  {
    /* null resets to the default; before 3.7 any regex is taken as it is. */
    g_autoptr(SbtReply) set = sbt_request (c, "PUT", "/_cluster/settings",
      "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":[\"(a+)+\"]}}");
    g_autoptr(SbtReply) reset = sbt_request (c, "PUT", "/_cluster/settings",
      "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":null}}");
    g_autoptr(SbtReply) get = sbt_request (c, "GET",
                                           "/_cluster/settings?include_defaults&flat_settings=true",
                                           NULL);
    JsonArray *defaults;

    g_assert_cmpuint (set->status, ==, 200);
    g_assert_cmpuint (reset->status, ==, 200);
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (sbt_object (get),
                                                                           "persistent")), ==, 0);
    defaults = json_object_get_array_member (json_object_get_object_member (sbt_object (get), "defaults"),
                                             "plugins.ml_commons.trusted_connector_endpoints_regex");
    g_assert_cmpuint (json_array_get_length (defaults), ==, 11);
  }
}

static void
test_settings_versions (void)
{
  struct { const char *version; guint defaults; gboolean bedrock; } cases[] = {
    { "2.9.0", 3, FALSE }, { "2.11.0", 4, TRUE }, { "2.19.1", 11, TRUE }, { "3.5.0", 12, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsTestSandbox) sb = start ("--opensearch-version", cases[i].version, NULL);
      g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
      g_autoptr(SbtReply) get = sbt_request (c, "GET",
                                             "/_cluster/settings?include_defaults=true&flat_settings=true",
                                             NULL);
      JsonArray *list = json_object_get_array_member (
        json_object_get_object_member (sbt_object (get), "defaults"),
        "plugins.ml_commons.trusted_connector_endpoints_regex");
      gboolean bedrock = FALSE;

      g_assert_cmpuint (json_array_get_length (list), ==, cases[i].defaults);
      for (guint j = 0; j < json_array_get_length (list); j++)
        if (g_str_equal (json_array_get_string_element (list, j),
                         "^https://bedrock-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$"))
          bedrock = TRUE;
      g_assert_cmpint (bedrock, ==, cases[i].bedrock);
    }

  {
    /* ≥3.7 validates each regex. */
    struct { const char *re; const char *reason; } bad[] = {
      { "(a+)+", "Regex pattern contains nested quantifiers or backreferences that may cause ReDoS: (a+)+" },
      { "(x)\\\\1", "Regex pattern contains nested quantifiers or backreferences that may cause ReDoS: (x)\\1" },
      { "[", "Invalid regex pattern: [" },
    };
    g_autoptr(CsTestSandbox) sb = start ("--opensearch-version", "3.7.0", NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autofree char *long_re = g_strnfill (257, 'a');
    g_autofree char *long_body = g_strdup_printf (
      "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":[\"%s\"]}}", long_re);
    g_autofree char *long_reason = g_strdup_printf ("Regex pattern too long (max 256 chars): %s", long_re);
    g_autoptr(SbtReply) too_long = sbt_request (c, "PUT", "/_cluster/settings", long_body);

    sbt_assert_error (too_long, 400, "illegal_argument_exception", long_reason);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *body = g_strdup_printf (
          "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":[\"%s\"]}}",
          bad[i].re);
        g_autoptr(SbtReply) r = sbt_request (c, "PUT", "/_cluster/settings", body);
        sbt_assert_error (r, 400, "illegal_argument_exception", bad[i].reason);
      }
  }
}

static void
test_security (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--user", "admin", "--password", "sandbox-admin-pw",
                                       "--read-only-user", "reader:sandbox-reader-pw", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) anonymous = sbt_request (c, "GET", "/", NULL);
  g_autoptr(SbtReply) unknown_anonymous = sbt_request (c, "GET", "/_plugins/_ml/nope", NULL);
  g_autoptr(SbtReply) wrong = NULL;
  g_autoptr(SbtReply) ok = NULL;
  g_autoptr(SbtReply) read = NULL;
  g_autoptr(SbtReply) write = NULL;
  g_autoptr(JsonNode) body = connector_body (NULL);

  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_cmpstr (anonymous->www_authenticate, ==, "Basic realm=\"OpenSearch Security\"");
  g_assert_null (anonymous->json);
  g_assert_cmpuint (unknown_anonymous->status, ==, 401);

  sbt_client_set_auth (c, "admin", "wrong-password");
  wrong = sbt_request (c, "GET", "/", NULL);
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_null (wrong->json);

  sbt_client_set_auth (c, "admin", "sandbox-admin-pw");
  ok = sbt_request (c, "GET", "/_cat/plugins?format=json", NULL);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_nonnull (strstr (ok->text, "opensearch-security"));

  sbt_client_set_auth (c, "reader", "sandbox-reader-pw");
  read = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search", "{\"query\":{\"match_all\":{}}}");
  g_assert_cmpuint (read->status, ==, 200);
  write = sbt_request_json (c, "POST", CREATE, body);
  sbt_assert_error (write, 403, "security_exception",
                    "no permissions for [cluster:admin/opensearch/ml/create_connector] and User "
                    "[name=reader, backend_roles=[], requestedTenant=null]");
}

static void
test_access_control (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--user", "admin", "--password", "sandbox-admin-pw", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) on = NULL;
  g_autoptr(JsonNode) body = connector_body (NULL);
  JsonObject *root = json_node_get_object (body);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SbtReply) got = NULL;

  sbt_client_set_auth (c, "admin", "sandbox-admin-pw");
  on = sbt_request (c, "PUT", "/_cluster/settings",
                    "{\"persistent\":{\"plugins.ml_commons.connector_access_control_enabled\":true}}");
  g_assert_cmpuint (on->status, ==, 200);

  {
    JsonArray *roles = json_array_new ();
    g_autoptr(SbtReply) r = NULL;

    json_array_add_string_element (roles, "analysts");
    json_object_set_array_member (root, "backend_roles", roles);
    json_object_set_string_member (root, "access_mode", "public");
    r = sbt_request_json (c, "POST", CREATE, body);
    sbt_assert_error (r, 400, "illegal_argument_exception",
                      "You can specify backend roles only for a connector with the restricted "
                      "access mode.");
  }
  {
    g_autoptr(SbtReply) r = NULL;

    json_object_remove_member (root, "backend_roles");
    json_object_set_string_member (root, "access_mode", "restricted");
    r = sbt_request_json (c, "POST", CREATE, body);
    sbt_assert_error (r, 400, "illegal_argument_exception",
                      "You must specify at least one backend role or make the connector "
                      "public/private for registering it.");
  }
  json_object_set_string_member (root, "access_mode", "public");
  id = sbt_create_connector (c, body);
  path = g_strdup_printf ("/_plugins/_ml/connectors/%s", id);
  got = sbt_request (c, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (sbt_object (got), "access"), ==, "public");
  g_assert_false (json_object_has_member (sbt_object (got), "access_mode"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (sbt_object (got), "owner"), "name"), ==, "admin");
}

static void
test_given_certificate (void)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *cert = g_build_filename (dir, "given-cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "given-key.pem", NULL);
  g_autofree char *out = g_build_filename (dir, "out.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = g_subprocess_new (
    G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL);
  g_autofree char *given = NULL;
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--tls", "--cert", cert, "--key", key,
                                                         "--cert-out", out, NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), cert);
    g_autoptr(SbtReply) r = sbt_request (c, "GET", "/", NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_file_get_contents (cert, &given, NULL, &error);
    g_assert_no_error (error);
    g_file_get_contents (out, &written, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (written, ==, given);
  }
  g_unlink (cert);
  g_unlink (key);
  g_unlink (out);
  g_rmdir (dir);
}

static void
test_password_stdin (void)
{
  const char *args[] = { "--no-tls", "--user", "admin", "--password-stdin", NULL };
  g_autoptr(SbtProcess) p = sbt_process_start ("stdin-admin-pw\n", args);
  g_autoptr(SbtClient) c = sbt_client_new (p->url, NULL);
  g_autoptr(SbtReply) anonymous = sbt_request (c, "GET", "/", NULL);
  g_autoptr(SbtReply) ok = NULL;

  g_assert_cmpuint (anonymous->status, ==, 401);
  sbt_client_set_auth (c, "admin", "stdin-admin-pw");
  ok = sbt_request (c, "GET", "/", NULL);
  g_assert_cmpuint (ok->status, ==, 200);
}

static void
test_routing (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) r = sbt_request (c, "GET", "/_plugins/_ml/nope?x=1", NULL);
  g_autoptr(SbtReply) method = sbt_request (c, "DELETE", "/_cluster/settings", NULL);
  JsonObject *o = sbt_object (r);

  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==,
                   "no handler found for uri [/_plugins/_ml/nope?x=1] and method [GET]");
  g_assert_false (json_object_has_member (o, "status"));
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (json_object_get_string_member (sbt_object (method), "error"), ==,
                   "Incorrect HTTP method for uri [/_cluster/settings] and method [DELETE], "
                   "allowed: [GET, PUT]");

  {
    g_autoptr(CsTestSandbox) no_ml = start ("--no-ml", NULL);
    g_autoptr(SbtClient) c2 = sbt_client_new (cs_test_sandbox_get_url (no_ml), NULL);
    g_autoptr(SbtReply) s = sbt_request (c2, "POST", "/_plugins/_ml/connectors/_search",
                                         "{\"query\":{\"match_all\":{}}}");
    g_autoptr(SbtReply) plugins = sbt_request (c2, "GET", "/_cat/plugins?format=json", NULL);

    g_assert_cmpuint (s->status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (s), "error"), ==,
                     "no handler found for uri [/_plugins/_ml/connectors/_search] and method [POST]");
    g_autoptr(SbtReply) put = sbt_request (c2, "PUT", "/_cluster/settings",
      "{\"persistent\":{\"plugins.ml_commons.only_run_on_ml_node\":false}}");

    g_assert_null (strstr (plugins->text, "opensearch-ml"));
    sbt_assert_error (put, 400, "illegal_argument_exception",
                      "persistent setting [plugins.ml_commons.only_run_on_ml_node], not recognized");
  }
}

static void
test_state_persistence (void)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *file = g_build_filename (dir, "sandbox-state.json", NULL);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  {
    g_autoptr(CsTestSandbox) sb = start ("--state", file, NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(JsonNode) body = connector_body (NULL);
    g_autoptr(SbtReply) p = sbt_request (c, "PUT", "/_cluster/settings",
      "{\"persistent\":{\"plugins.ml_commons.only_run_on_ml_node\":false},"
      "\"transient\":{\"plugins.ml_commons.model_auto_deploy.enable\":false}}");

    g_assert_cmpuint (p->status, ==, 200);
    id = sbt_create_connector (c, body);
  }
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);   /* credentials are in there: owner only */
  {
    g_autoptr(CsTestSandbox) sb = start ("--state", file, NULL);
    g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
    g_autoptr(SbtReply) got = NULL;
    g_autoptr(SbtReply) settings = NULL;
    JsonObject *persistent, *transient;

    path = g_strdup_printf ("/_plugins/_ml/connectors/%s", id);
    got = sbt_request (c, "GET", path, NULL);
    g_assert_cmpuint (got->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (sbt_object (got), "name"), ==,
                     "Amazon Bedrock claude v4");
    settings = sbt_request (c, "GET", "/_cluster/settings?flat_settings=true", NULL);
    persistent = json_object_get_object_member (sbt_object (settings), "persistent");
    transient = json_object_get_object_member (sbt_object (settings), "transient");
    g_assert_cmpstr (json_object_get_string_member (persistent,
                                                    "plugins.ml_commons.only_run_on_ml_node"),
                     ==, "false");
    /* Transient settings do not survive a full restart. */
    g_assert_cmpuint (json_object_get_size (transient), ==, 0);
  }
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_faults (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--fault", "route=/_cat/*,status=503",
                                       "--fault", "route=/_cluster/settings,method=GET,html",
                                       "--fault", "route=/_plugins/_ml/models/_search,reset",
                                       "--fault", "route=/_plugins/_ml/tasks/_search,truncate",
                                       "--fault", "route=/_plugins/_ml/model_groups/_search,latency=300",
                                       "--fault", "route=/_plugins/_ml/connectors/_search,trickle=10",
                                       NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) status = sbt_request (c, "GET", "/_cat/plugins?format=json", NULL);
  g_autoptr(SbtReply) html = sbt_request (c, "GET", "/_cluster/settings", NULL);
  g_autoptr(SbtReply) main_reply = sbt_request (c, "GET", "/", NULL);
  g_autoptr(GError) error = NULL;
  SbtReply *none;
  gint64 t0;

  g_assert_cmpuint (status->status, ==, 503);
  g_assert_cmpuint (html->status, ==, 502);
  g_assert_cmpstr (html->content_type, ==, "text/html");
  g_assert_null (html->json);
  g_assert_cmpuint (main_reply->status, ==, 200);

  none = sbt_request_full (c, "POST", "/_plugins/_ml/models/_search", "{}", NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Truncated: libsoup may hand back the partial body or an error; never a whole document. */
  none = sbt_request_full (c, "POST", "/_plugins/_ml/tasks/_search", "{}", NULL, &error);
  if (none != NULL)
    {
      g_assert_null (none->json);
      g_assert_cmpuint (strlen (none->text), >, 0);
      sbt_reply_free (none);
    }
  else
    g_assert_nonnull (error);
  g_clear_error (&error);

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(SbtReply) slow = sbt_request (c, "POST", "/_plugins/_ml/model_groups/_search", "{}");
    g_assert_cmpuint (slow->status, ==, 200);
    g_assert_cmpint (g_get_monotonic_time () - t0, >=, 300 * 1000);
  }

  t0 = g_get_monotonic_time ();
  {
    /* Trickled: slow, but the whole document arrives. */
    g_autoptr(SbtReply) slow = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search",
                                            "{\"query\":{\"match_all\":{}}}");
    g_assert_cmpuint (slow->status, ==, 200);
    g_assert_nonnull (slow->json);
    g_assert_true (json_object_has_member (sbt_object (slow), "hits"));
    /* 16 bytes every 10 ms */
    g_assert_cmpint (g_get_monotonic_time () - t0, >=, (gint64) (strlen (slow->text) / 16) * 10000);
  }

  /* At run time through the control API: a one-shot fault, then clearing everything. */
  {
    g_autoptr(SbtReply) add = sbt_request (c, "POST", "/_sandbox/faults",
                                           "{\"spec\":\"route=/,status=500,count=1\"}");
    g_autoptr(SbtReply) first = NULL;
    g_autoptr(SbtReply) second = NULL;
    g_autoptr(SbtReply) clear = NULL;
    g_autoptr(SbtReply) after = NULL;
    g_autoptr(SbtReply) bad = sbt_request (c, "POST", "/_sandbox/faults", "{\"spec\":\"explode\"}");

    g_autoptr(SbtReply) everything = sbt_request (c, "POST", "/_sandbox/faults",
                                                  "{\"spec\":\"route=/*,status=418\"}");
    g_autoptr(SbtReply) teapot = NULL;
    g_autoptr(SbtReply) list = NULL;

    g_assert_cmpuint (add->status, ==, 200);
    g_assert_cmpuint (bad->status, ==, 400);
    /* A fault on every route spares the control API, so it can still be cleared. */
    g_assert_cmpuint (everything->status, ==, 200);
    teapot = sbt_request (c, "GET", "/_cluster/health", NULL);
    g_assert_cmpuint (teapot->status, ==, 418);
    list = sbt_request (c, "GET", "/_sandbox/faults", NULL);
    g_assert_cmpuint (list->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sbt_object (list),
                                                                           "faults")), >=, 2);
    {
      gint64 last_id = 0;
      JsonArray *faults = json_object_get_array_member (sbt_object (list), "faults");
      g_autofree char *path = NULL;
      g_autoptr(SbtReply) removed = NULL;

      for (guint i = 0; i < json_array_get_length (faults); i++)
        last_id = json_object_get_int_member (json_array_get_object_element (faults, i), "id");
      path = g_strdup_printf ("/_sandbox/faults/%" G_GINT64_FORMAT, last_id);
      removed = sbt_request (c, "DELETE", path, NULL);
      g_assert_cmpuint (removed->status, ==, 200);
    }
    first = sbt_request (c, "GET", "/", NULL);
    second = sbt_request (c, "GET", "/", NULL);
    g_assert_cmpuint (first->status, ==, 500);
    g_assert_cmpuint (second->status, ==, 200);
    clear = sbt_request (c, "DELETE", "/_sandbox/faults", NULL);
    g_assert_cmpuint (clear->status, ==, 200);
    after = sbt_request (c, "GET", "/_cat/plugins?format=json", NULL);
    g_assert_cmpuint (after->status, ==, 200);
  }
  {
    g_autoptr(SbtReply) recorded = sbt_request (c, "GET", "/_sandbox/requests", NULL);
    g_assert_cmpuint (recorded->status, ==, 200);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (recorded->json));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (recorded->json)), >=, 8);
  }
}

static void
test_forced_bedrock_error (void)
{
  g_autoptr(CsTestSandbox) sb = start ("--nodes", "1", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = connector_body (NULL);
  g_autofree char *connector = sbt_create_connector (c, body);
  g_autofree char *model = sbt_register_model (c, "forced", connector, TRUE);
  g_autofree char *predict = g_strdup_printf ("/_plugins/_ml/models/%s/_predict", model);
  g_autoptr(SbtReply) set = NULL;
  g_autoptr(SbtReply) bad_set = NULL;
  g_autoptr(SbtReply) failed = NULL;
  g_autoptr(SbtReply) ok = NULL;

  sbt_wait_for_state (c, model, "DEPLOYED", 5000);
  bad_set = sbt_request (c, "POST", "/_sandbox/bedrock-error", "{\"error\":\"meteor\"}");
  g_assert_cmpuint (bad_set->status, ==, 400);
  set = sbt_request (c, "POST", "/_sandbox/bedrock-error", "{\"error\":\"throttling\"}");
  g_assert_cmpuint (set->status, ==, 200);
  failed = sbt_request (c, "POST", predict, predict_body);
  g_assert_cmpuint (failed->status, ==, 429);
  /* Only the next predict. */
  ok = sbt_request (c, "POST", predict, predict_body);
  g_assert_cmpuint (ok->status, ==, 200);
}

/* ---- SigV4 for --aws-managed, signed here independently of the sandbox's verifier ------- */

static char *
hex_hmac (const guchar *key,
          gsize         key_len,
          const char   *data,
          guint8       *raw)
{
  g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = 32;

  GString *hex = g_string_new (NULL);

  g_hmac_update (h, (const guchar *) data, -1);
  g_hmac_get_digest (h, raw, &len);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", raw[i]);
  return g_string_free (hex, FALSE);
}

static SbtReply *
signed_get (const char *base,
            const char *path,
            const char *secret,
            GError    **error)
{
  g_autofree char *url = g_strconcat (base, path + 1, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *amz_date = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  g_autofree char *empty_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);
  GUri *uri = soup_message_get_uri (msg);
  g_autofree char *host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  g_autofree char *creq = g_strdup_printf ("GET\n%s\n\nhost:%s\nx-amz-content-sha256:%s\n"
                                           "x-amz-date:%s\n\nhost;x-amz-content-sha256;x-amz-date\n%s",
                                           path, host, empty_hash, amz_date, empty_hash);
  g_autofree char *creq_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, creq, -1);
  g_autofree char *scope = g_strdup_printf ("%s/us-east-1/es/aws4_request", day);
  g_autofree char *sts = g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, creq_hash);
  g_autofree char *k0 = g_strconcat ("AWS4", secret, NULL);
  guint8 k1[32], k2[32], k3[32], k4[32], sig_raw[32];
  g_autofree char *h1 = hex_hmac ((const guchar *) k0, strlen (k0), day, k1);
  g_autofree char *h2 = hex_hmac (k1, 32, "us-east-1", k2);
  g_autofree char *h3 = hex_hmac (k2, 32, "es", k3);
  g_autofree char *h4 = hex_hmac (k3, 32, "aws4_request", k4);
  g_autofree char *signature = hex_hmac (k4, 32, sts, sig_raw);
  g_autofree char *auth = g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, "
                                           "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                                           "Signature=%s", SBT_ACCESS_KEY, scope, signature);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = NULL;
  SbtReply *reply;

  soup_message_headers_replace (headers, "X-Amz-Date", amz_date);
  soup_message_headers_replace (headers, "X-Amz-Content-Sha256", empty_hash);
  soup_message_headers_replace (headers, "Authorization", auth);
  bytes = soup_session_send_and_read (session, msg, NULL, error);
  if (bytes == NULL)
    return NULL;
  reply = g_new0 (SbtReply, 1);
  reply->status = soup_message_get_status (msg);
  reply->text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return reply;
}

static void
test_sigv4 (void)
{
  const char *args[] = { "--no-tls", "--aws-managed", "--aws-access-key", SBT_ACCESS_KEY,
                         "--aws-secret-key-stdin", NULL };
  g_autoptr(SbtProcess) p = sbt_process_start (SBT_SECRET_KEY "\n", args);
  g_autoptr(SbtClient) c = sbt_client_new (p->url, NULL);
  g_autoptr(SbtReply) anonymous = sbt_request (c, "GET", "/", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbtReply) good = signed_get (p->url, "/_cat/plugins", SBT_SECRET_KEY, &error);
  g_autoptr(SbtReply) bad = NULL;

  g_assert_cmpuint (anonymous->status, ==, 403);
  g_assert_nonnull (strstr (anonymous->text, "anonymous is not authorized"));
  g_assert_no_error (error);
  g_assert_cmpuint (good->status, ==, 200);
  g_assert_nonnull (strstr (good->text, "opensearch-ml"));
  bad = signed_get (p->url, "/_cat/plugins", "sandboxTestSecretKeyForTestsWRONGWRONGWR", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bad->status, ==, 403);
  g_assert_nonnull (strstr (bad->text, "The request signature we calculated does not match"));
}

int
main (int   argc,
      char *argv[])
{
  SBT_TEST_INIT (&argc, &argv);

  g_test_add_func ("/sandbox/errors/connector-create", test_connector_create_errors);
  g_test_add_func ("/sandbox/errors/connector-details", test_connector_details);
  g_test_add_func ("/sandbox/errors/connector-version-texts", test_connector_version_texts);
  g_test_add_func ("/sandbox/errors/remote-inference-disabled", test_remote_inference_disabled);
  g_test_add_func ("/sandbox/errors/connector-get-update-delete", test_connector_get_update_delete);
  g_test_add_func ("/sandbox/errors/models", test_model_errors);
  g_test_add_func ("/sandbox/errors/version-differences", test_version_differences);
  g_test_add_func ("/sandbox/errors/partial-and-failed-deploy", test_partial_and_failed_deploy);
  g_test_add_func ("/sandbox/errors/settings", test_settings_errors);
  g_test_add_func ("/sandbox/errors/settings-versions", test_settings_versions);
  g_test_add_func ("/sandbox/errors/security", test_security);
  g_test_add_func ("/sandbox/errors/access-control", test_access_control);
  g_test_add_func ("/sandbox/errors/given-certificate", test_given_certificate);
  g_test_add_func ("/sandbox/errors/password-stdin", test_password_stdin);
  g_test_add_func ("/sandbox/errors/routing", test_routing);
  g_test_add_func ("/sandbox/errors/state", test_state_persistence);
  g_test_add_func ("/sandbox/errors/faults", test_faults);
  g_test_add_func ("/sandbox/errors/forced-bedrock-error", test_forced_bedrock_error);
  g_test_add_func ("/sandbox/errors/sigv4", test_sigv4);

  return g_test_run ();
}
