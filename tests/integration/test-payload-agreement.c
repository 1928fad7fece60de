/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-client.h"
#include "cs-error.h"
#include "cs-payload.h"

#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/*
 * The offline renderer against the sandbox's own, written independently: for
 * the same connector and predict parameters, the problem the preview reports
 * must be exactly what the (simulated) cluster answers.
 */

#define WAIT_MS 20000

/* The sandbox's documented test credentials; nothing like a real AWS key. */
#define TEST_ACCESS_KEY "SANDBOXTESTACCESS01"
#define TEST_SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
  CsVersion      version;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *version)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_version_parse (version, &f->version));
  f->sandbox = cs_test_sandbox_start ("--no-tls", "--opensearch-version", version,
                                      "--deploy-delay-ms", "10", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static JsonNode *
request (Fixture     *f,
         const char  *method,
         const char  *path,
         JsonNode    *body,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_client_request_async (f->client, method, path, body, CS_REQUEST_FLAGS_NONE, NULL,
                           cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_client_request_finish (f->client, result, error);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* The blueprint's standard connector, region filled, with test credentials
 * and the given changes to its parameters (system_prompt may be NULL). */
static JsonNode *
make_connector (const char *system_prompt)
{
  JsonNode *connector = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  JsonObject *object = json_node_get_object (connector);
  JsonObject *credential = json_object_get_object_member (object, "credential");
  JsonObject *parameters = json_object_get_object_member (object, "parameters");

  json_object_set_string_member (credential, "access_key", TEST_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", TEST_SECRET_KEY);
  json_object_remove_member (credential, "session_token");
  json_object_set_string_member (parameters, "region", "us-east-1");
  if (system_prompt != NULL)
    json_object_set_string_member (parameters, "system_prompt", system_prompt);
  return connector;
}

/* Creates the connector and a deployed model on it; returns the model id. */
static char *
deploy (Fixture  *f,
        JsonNode *connector)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = request (f, "POST", "_plugins/_ml/connectors/_create", connector, &error);
  g_autoptr(JsonNode) registered = NULL;
  g_autoptr(JsonNode) register_body = NULL;
  g_autofree char *text = NULL;
  const char *connector_id;
  const char *model_id;
  gint64 deadline = cs_test_deadline (15000);

  g_assert_no_error (error);
  connector_id = json_object_get_string_member (json_node_get_object (created), "connector_id");
  g_assert_nonnull (connector_id);

  text = g_strdup_printf ("{\"name\":\"payload-check\",\"function_name\":\"remote\","
                          "\"connector_id\":\"%s\"}", connector_id);
  register_body = parse (text);
  registered = request (f, "POST", "_plugins/_ml/models/_register?deploy=true", register_body, &error);
  g_assert_no_error (error);
  model_id = json_object_get_string_member (json_node_get_object (registered), "model_id");
  g_assert_nonnull (model_id);

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("_plugins/_ml/models/%s", model_id);
      g_autoptr(JsonNode) model = request (f, "GET", path, NULL, &error);
      const char *state;

      g_assert_no_error (error);
      state = json_object_get_string_member_with_default (json_node_get_object (model),
                                                          "model_state", "");
      if (g_str_equal (state, "DEPLOYED"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  return g_strdup (model_id);
}

/* Predicts and compares the cluster's verdict with the preview's. */
static void
check (Fixture    *f,
       const char *system_prompt,
       const char *predict_parameters)
{
  g_autoptr(JsonNode) connector = make_connector (system_prompt);
  g_autoptr(JsonNode) parameters = parse (predict_parameters);
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonNode) predict_body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *path = NULL;
  JsonObject *wrapper = json_object_new ();

  preview = cs_payload_preview_new (json_node_get_object (connector),
                                    json_node_get_object (parameters), &f->version);
  model_id = deploy (f, connector);

  json_object_set_member (wrapper, "parameters", json_node_copy (parameters));
  json_node_take_object (predict_body, wrapper);
  path = g_strdup_printf ("_plugins/_ml/models/%s/_predict", model_id);
  answer = request (f, "POST", path, predict_body, &error);

  if (preview->problem == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (answer);
    }
  else
    {
      g_assert_null (answer);
      g_assert_nonnull (error);
      g_test_message ("cluster: %s", cs_error_get_server_reason (error));
      g_assert_cmpstr (cs_error_get_server_reason (error), ==, preview->problem);
    }
}

#define MESSAGES "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}]"

static void
test_agrees (void)
{
  static const char *versions[] = { "2.11.0", "2.19.1", "3.3.0" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      Fixture f = { 0 };

      g_test_message ("OpenSearch %s", versions[i]);
      fixture_start (&f, versions[i]);

      /* The blueprint's own test: fine. */
      check (&f, NULL, "{\"system_prompt\":\"You are a helpful assistant.\"," MESSAGES "}");
      /* A prompt with quotes and a newline, at predict time: escaped, fine. */
      check (&f, NULL, "{\"system_prompt\":\"Say \\\"hi\\\",\\nthen \\u00e9 \\ud83d\\ude00 a/b.\"," MESSAGES "}");
      /* The same prompt stored on the connector: raw, the payload breaks. */
      check (&f, "Say \"hi\",\nthen stop.", "{" MESSAGES "}");
      /* Only a line break, stored on the connector: still breaks it. */
      check (&f, "First line.\nSecond line.", "{" MESSAGES "}");
      /* An apostrophe and a slash on the connector are harmless. */
      check (&f, "It's a/b.", "{" MESSAGES "}");
      /* No system prompt at all: a quoted placeholder stays unfilled. */
      check (&f, NULL, "{" MESSAGES "}");
      /* No messages: an unquoted placeholder breaks the JSON. */
      check (&f, NULL, "{\"system_prompt\":\"s\"}");
      /* Messages given as a string that holds JSON: inserted raw. */
      check (&f, NULL, "{\"system_prompt\":\"s\",\"messages\":\"[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"hi\\\"}]\"}");

      fixture_stop (&f);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/payload/agrees-with-the-cluster", test_agrees);

  return g_test_run ();
}
