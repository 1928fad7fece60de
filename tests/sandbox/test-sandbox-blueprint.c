/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Claude 4 Bedrock blueprint's whole sequence (claude4-bedrock-blueprint.md) against the
 * sandbox over real HTTP and HTTPS, checked against the blueprint's sample answers. */
#include "sandbox-test-common.h"

#include <glib/gstdio.h>

static const char predict_body[] =
  "{\"parameters\":{\"system_prompt\":\"You are a helpful assistant.\",\"messages\":[{\"role\":"
  "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}]}}";

static void
put_blueprint_settings (SbtClient *c)
{
  static const char body[] =
    "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":"
    "[\"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]}}";
  g_autoptr(SbtReply) put = sbt_request (c, "PUT", "/_cluster/settings", body);
  g_autoptr(SbtReply) get = NULL;
  JsonObject *root, *persistent, *defaults;
  JsonArray *list;

  g_assert_cmpuint (put->status, ==, 200);
  root = sbt_object (put);
  g_assert_true (json_object_get_boolean_member (root, "acknowledged"));
  /* Without flat_settings the applied settings come back nested. */
  list = json_object_get_array_member (
    json_object_get_object_member (
      json_object_get_object_member (json_object_get_object_member (root, "persistent"), "plugins"),
      "ml_commons"),
    "trusted_connector_endpoints_regex");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  get = sbt_request (c, "GET", "/_cluster/settings?include_defaults=true&flat_settings=true", NULL);
  g_assert_cmpuint (get->status, ==, 200);
  persistent = json_object_get_object_member (sbt_object (get), "persistent");
  defaults = json_object_get_object_member (sbt_object (get), "defaults");
  list = json_object_get_array_member (persistent,
                                       "plugins.ml_commons.trusted_connector_endpoints_regex");
  /* A PUT replaces the whole list: only the blueprint's entry, no defaults merged in. */
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==,
                   "^https://bedrock-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$");
  g_assert_false (json_object_has_member (defaults,
                                          "plugins.ml_commons.trusted_connector_endpoints_regex"));
  /* Scalars are strings with flat_settings. */
  g_assert_cmpstr (json_object_get_string_member (defaults, "plugins.ml_commons.only_run_on_ml_node"),
                   ==, "true");
}

static void
check_stored_connector (SbtClient  *c,
                        const char *id,
                        gboolean    thinking)
{
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/connectors/%s", id);
  g_autoptr(SbtReply) reply = sbt_request (c, "GET", path, NULL);
  JsonObject *root, *params, *action;

  g_assert_cmpuint (reply->status, ==, 200);
  root = sbt_object (reply);
  g_assert_false (json_object_has_member (root, "credential"));
  g_assert_null (strstr (reply->text, SBT_SECRET_KEY));
  g_assert_null (strstr (reply->text, SBT_ROLE_ARN));
  g_assert_false (json_object_has_member (root, "connector_id"));
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "Amazon Bedrock claude v4");
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (root, "protocol"), ==, "aws_sigv4");
  params = json_object_get_object_member (root, "parameters");
  g_assert_cmpstr (json_object_get_string_member (params, "max_tokens"), ==, "8000");
  g_assert_cmpstr (json_object_get_string_member (params, "temperature"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (params, "use_system_prompt"), ==, "true");
  g_assert_cmpstr (json_object_get_string_member (params, "region"), ==, "us-east-1");
  if (thinking)
    g_assert_cmpstr (json_object_get_string_member (params, "budget_tokens"), ==, "1024");
  action = json_array_get_object_element (json_object_get_array_member (root, "actions"), 0);
  g_assert_cmpstr (json_object_get_string_member (action, "action_type"), ==, "PREDICT");
  g_assert_cmpstr (json_object_get_string_member (action, "method"), ==, "POST");
  g_assert_true (json_object_has_member (root, "created_time"));
  g_assert_true (json_object_has_member (root, "last_updated_time"));
}

static void
assert_double (JsonObject *usage,
               const char *key,
               gboolean    doubles)
{
  JsonNode *node = json_object_get_member (usage, key);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpuint (json_node_get_value_type (node), ==, doubles ? G_TYPE_DOUBLE : G_TYPE_INT64);
  g_assert_cmpfloat (json_node_get_double (node), >=, 0.0);
}

/* Checks a predict answer against the blueprint's sample (§2.3 / §3.3). */
static void
check_predict (SbtReply *reply,
               gboolean  thinking,
               gboolean  doubles)
{
  JsonObject *result, *output, *data, *usage, *block;
  JsonArray *results, *outputs, *content;

  if (reply->status != 200)
    g_test_message ("predict: %u %s", reply->status, reply->text);
  g_assert_cmpuint (reply->status, ==, 200);
  results = json_object_get_array_member (sbt_object (reply), "inference_results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  g_assert_cmpint (json_object_get_int_member (result, "status_code"), ==, 200);
  outputs = json_object_get_array_member (result, "output");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 1);
  output = json_array_get_object_element (outputs, 0);
  g_assert_cmpstr (json_object_get_string_member (output, "name"), ==, "response");
  data = json_object_get_object_member (output, "dataAsMap");
  g_assert_nonnull (data);

  g_assert_true (g_str_has_prefix (json_object_get_string_member (data, "id"), "msg_bdrk_"));
  g_assert_cmpstr (json_object_get_string_member (data, "type"), ==, "message");
  g_assert_cmpstr (json_object_get_string_member (data, "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (data, "model"), ==, "claude-sonnet-4-20250514");
  g_assert_cmpstr (json_object_get_string_member (data, "stop_reason"), ==, "end_turn");
  g_assert_true (json_object_has_member (data, "stop_sequence"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (data, "stop_sequence")));

  content = json_object_get_array_member (data, "content");
  g_assert_cmpuint (json_array_get_length (content), ==, thinking ? 2 : 1);
  if (thinking)
    {
      block = json_array_get_object_element (content, 0);
      g_assert_cmpstr (json_object_get_string_member (block, "type"), ==, "thinking");
      g_assert_cmpstr (json_object_get_string_member (block, "thinking"), !=, "");
      g_assert_cmpstr (json_object_get_string_member (block, "signature"), !=, "");
    }
  block = json_array_get_object_element (content, thinking ? 1 : 0);
  g_assert_cmpstr (json_object_get_string_member (block, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (block, "text"), !=, "");
  /* The sandbox says that it is simulated. */
  g_assert_nonnull (strstr (json_object_get_string_member (block, "text"), "simulated"));

  usage = json_object_get_object_member (data, "usage");
  assert_double (usage, "input_tokens", doubles);
  assert_double (usage, "output_tokens", doubles);
  assert_double (usage, "cache_creation_input_tokens", doubles);
  assert_double (usage, "cache_read_input_tokens", doubles);
  g_assert_cmpfloat (json_object_get_double_member (usage, "input_tokens"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (usage, "output_tokens"), >, 0.0);
  /* On the wire too: "input_tokens":9.0 up to 3.4. */
  if (doubles)
    g_assert_true (g_regex_match_simple ("\"input_tokens\":[0-9]+\\.0[,}]", reply->text, 0, 0));
}

/* The whole sequence on one sandbox: settings, connector, register + deploy, predict. */
static void
run_sequence (SbtClient  *c,
              const char *file,
              gboolean    thinking,
              gboolean    doubles)
{
  g_autoptr(JsonNode) body = sbt_blueprint_body (file, "us-east-1");
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SbtReply) reply = NULL;

  put_blueprint_settings (c);
  connector_id = sbt_create_connector (c, body);
  check_stored_connector (c, connector_id, thinking);

  model_id = sbt_register_model (c, "anthropic.claude-v4", connector_id, TRUE);
  sbt_wait_for_state (c, model_id, "DEPLOYED", 20000);

  path = g_strdup_printf ("/_plugins/_ml/models/%s/_predict", model_id);
  reply = sbt_request (c, "POST", path, predict_body);
  check_predict (reply, thinking, doubles);
}

static void
test_http_standard (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", "--deploy-delay-ms", "200", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

  g_assert_true (g_str_has_prefix (cs_test_sandbox_get_url (sb), "http://127.0.0.1:"));
  run_sequence (c, "bedrock_claude4_standard.json", FALSE, TRUE);
}

static void
test_http_thinking (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", "--deploy-delay-ms", "200", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

  run_sequence (c, "bedrock_claude4_extended_thinking.json", TRUE, TRUE);
}

static void
test_https (void)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *cert = g_build_filename (dir, "sandbox-cert.pem", NULL);
  g_autoptr(CsTestSandbox) sb = NULL;
  g_autoptr(SbtClient) untrusting = NULL;
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbtReply) refused = NULL;
  g_autoptr(SbtReply) main_reply = NULL;

  g_assert_true (g_path_is_absolute (cert));
  sb = cs_test_sandbox_start ("--tls", "--cert-out", cert, "--deploy-delay-ms", "200", NULL);
  g_assert_true (g_str_has_prefix (cs_test_sandbox_get_url (sb), "https://127.0.0.1:"));
  g_assert_true (g_file_test (cert, G_FILE_TEST_EXISTS));

  /* A client that does not trust the generated certificate is refused. */
  untrusting = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  refused = sbt_request_full (untrusting, "GET", "/", NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  c = sbt_client_new (cs_test_sandbox_get_url (sb), cert);
  main_reply = sbt_request (c, "GET", "/", NULL);
  g_assert_cmpuint (main_reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (sbt_object (main_reply), "version"),
                     "distribution"), ==, "opensearch");

  run_sequence (c, "bedrock_claude4_extended_thinking.json", TRUE, TRUE);
  g_unlink (cert);
  g_rmdir (dir);
}

static void
test_rolearn_open_source (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  const char *files[] = { "bedrock_claude4_standard_rolearn.json",
                          "bedrock_claude4_extended_thinking_rolearn.json" };

  /* Open-source ML Commons does not understand roleArn. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(JsonNode) body = sbt_blueprint_body (files[i], "us-east-1");
      g_autoptr(SbtReply) reply = sbt_request_json (c, "POST", "/_plugins/_ml/connectors/_create",
                                                    body);
      sbt_assert_error (reply, 400, "illegal_argument_exception", "Missing credential");
    }
}

static void
test_rolearn_managed (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", "--aws-managed",
                                                       "--deploy-delay-ms", "100", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

  run_sequence (c, "bedrock_claude4_standard_rolearn.json", FALSE, TRUE);
  run_sequence (c, "bedrock_claude4_extended_thinking_rolearn.json", TRUE, TRUE);
}

static void
test_versions (void)
{
  struct { const char *version; gboolean doubles; } cases[] = {
    { "2.11.0", TRUE },
    { "3.1.0", TRUE },
    { "3.7.0", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", "--opensearch-version",
                                                           cases[i].version, "--deploy-delay-ms",
                                                           "100", NULL);
      g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
      g_autoptr(SbtReply) main_reply = sbt_request (c, "GET", "/", NULL);
      g_autoptr(SbtReply) plugins = sbt_request (c, "GET", "/_cat/plugins?format=json", NULL);
      g_autofree char *plugin_version = g_strdup_printf ("%s.0", cases[i].version);
      JsonArray *rows;
      gboolean found = FALSE;

      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (sbt_object (main_reply), "version"),
                         "number"), ==, cases[i].version);
      rows = json_node_get_array (plugins->json);
      for (guint j = 0; j < json_array_get_length (rows); j++)
        {
          JsonObject *row = json_array_get_object_element (rows, j);
          if (g_strcmp0 (json_object_get_string_member (row, "component"), "opensearch-ml") == 0)
            {
              g_assert_cmpstr (json_object_get_string_member (row, "version"), ==, plugin_version);
              found = TRUE;
            }
        }
      g_assert_true (found);

      /* The same from _nodes/plugins, on every node. */
      {
        g_autoptr(SbtReply) nodes = sbt_request (c, "GET", "/_nodes/plugins", NULL);
        JsonObject *all = json_object_get_object_member (sbt_object (nodes), "nodes");
        g_autoptr(GList) ids = json_object_get_members (all);

        g_assert_cmpuint (g_list_length (ids), ==, 1);
        found = FALSE;
        for (GList *l = ids; l != NULL; l = l->next)
          {
            JsonArray *list = json_object_get_array_member (
              json_object_get_object_member (all, l->data), "plugins");
            for (guint j = 0; j < json_array_get_length (list); j++)
              {
                JsonObject *p = json_array_get_object_element (list, j);
                if (g_strcmp0 (json_object_get_string_member (p, "name"), "opensearch-ml") == 0)
                  {
                    g_assert_cmpstr (json_object_get_string_member (p, "version"), ==,
                                     plugin_version);
                    g_assert_cmpstr (json_object_get_string_member (p, "opensearch_version"), ==,
                                     cases[i].version);
                    found = TRUE;
                  }
              }
          }
        g_assert_true (found);
      }
      run_sequence (c, "bedrock_claude4_standard.json", FALSE, cases[i].doubles);
    }
}

static void
test_transport_hop (void)
{
  /* ≥3.5 numbers stay integers on the node that runs the predict, and become doubles when the
   * answer comes from another node (round-robin over two workers here). */
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", "--opensearch-version", "3.7.0",
                                                       "--nodes", "2", "--deploy-delay-ms", "100",
                                                       NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = sbt_blueprint_body ("bedrock_claude4_standard.json", "us-east-1");
  g_autofree char *connector = sbt_create_connector (c, body);
  g_autofree char *model = sbt_register_model (c, "hops", connector, TRUE);
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s/_predict", model);
  gboolean saw_int = FALSE, saw_double = FALSE;

  sbt_wait_for_state (c, model, "DEPLOYED", 10000);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SbtReply) reply = sbt_request (c, "POST", path, predict_body);
      JsonObject *usage;
      GType type;

      g_assert_cmpuint (reply->status, ==, 200);
      usage = json_object_get_object_member (
        json_object_get_object_member (
          json_array_get_object_element (
            json_object_get_array_member (
              json_array_get_object_element (
                json_object_get_array_member (sbt_object (reply), "inference_results"), 0),
              "output"), 0),
          "dataAsMap"),
        "usage");
      type = json_node_get_value_type (json_object_get_member (usage, "input_tokens"));
      saw_int |= type == G_TYPE_INT64;
      saw_double |= type == G_TYPE_DOUBLE;
    }
  g_assert_true (saw_int);
  g_assert_true (saw_double);
}

int
main (int   argc,
      char *argv[])
{
  SBT_TEST_INIT (&argc, &argv);

  g_test_add_func ("/sandbox/blueprint/http-standard", test_http_standard);
  g_test_add_func ("/sandbox/blueprint/http-thinking", test_http_thinking);
  g_test_add_func ("/sandbox/blueprint/https", test_https);
  g_test_add_func ("/sandbox/blueprint/rolearn-open-source", test_rolearn_open_source);
  g_test_add_func ("/sandbox/blueprint/rolearn-managed", test_rolearn_managed);
  g_test_add_func ("/sandbox/blueprint/versions", test_versions);
  g_test_add_func ("/sandbox/blueprint/transport-hop", test_transport_hop);

  return g_test_run ();
}
