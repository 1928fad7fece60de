/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the predict integration test and the playground UI test: a
 * Claude 4 connector from the blueprint bodies, registered and deployed on
 * the sandbox with plain cs_client_request calls. Header-only (static) so
 * both suites can use it without a library of their own.
 *
 * The sandbox's Bedrock checks the shape of the AWS keys (src/sandbox/
 * sb-bedrock.c): an access key of capitals and digits, a secret key of 40
 * letters, digits, "+" or "/"; "INVALID" in the secret key is answered as an
 * unknown key, "EXPIRED" in the session token as an expired one. None of
 * these look like real AWS keys.
 */

#include <string.h>

#include "cs-client.h"
#include "cs-test-utils.h"

#define FIXTURE_ACCESS_KEY "SANDBOXACCESSKEY01"
#define FIXTURE_SECRET_KEY "sandboxsecretkey000000000000000000000000"
#define FIXTURE_BAD_SECRET "sandboxsecretkeyINVALID00000000000000000"
#define FIXTURE_SESSION_TOKEN "sandboxsessiontoken0000000000"
#define FIXTURE_EXPIRED_TOKEN "sandboxsessiontokenEXPIRED000"

G_GNUC_UNUSED static JsonNode *
fixture_request (CsClient    *client,
                 const char  *method,
                 const char  *path,
                 JsonNode    *body,
                 guint       *status,
                 JsonNode   **error_body,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_client_request_async (client, method, path, body, CS_REQUEST_FLAGS_NO_TIMEOUT, NULL,
                           cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 30000);
  return cs_client_request_finish_full (client, result, status, error_body, error);
}

G_GNUC_UNUSED static void
fixture_set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

G_GNUC_UNUSED static JsonNode *
fixture_parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* Creates a connector from tests/data/blueprints/<blueprint> (region
 * us-east-1, the given keys; session_token NULL leaves it out), registers it
 * with deploy=true and waits for DEPLOYED. Returns the model id; the
 * connector id goes to *connector_id when not NULL. */
G_GNUC_UNUSED static char *
fixture_deploy_model (CsClient    *client,
                      const char  *blueprint,
                      const char  *secret_key,
                      const char  *session_token,
                      char       **connector_id)
{
  g_autofree char *path = g_strconcat ("blueprints/", blueprint, NULL);
  g_autoptr(JsonNode) connector = cs_test_data_json (path);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) registered = NULL;
  g_autoptr(JsonNode) register_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *model_path = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *object = json_node_get_object (connector);
  JsonObject *credential = json_object_new ();
  gint64 deadline;

  g_assert_cmpuint (strlen (secret_key), ==, 40);
  json_object_set_string_member (json_object_get_object_member (object, "parameters"),
                                 "region", "us-east-1");
  json_object_set_string_member (credential, "access_key", FIXTURE_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", secret_key);
  if (session_token != NULL)
    json_object_set_string_member (credential, "session_token", session_token);
  json_object_set_object_member (object, "credential", credential);

  created = fixture_request (client, "POST", "_plugins/_ml/connectors/_create", connector,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  if (connector_id != NULL)
    *connector_id = g_strdup (json_object_get_string_member (json_node_get_object (created),
                                                             "connector_id"));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "anthropic.claude-v4");
  json_builder_set_member_name (builder, "function_name");
  json_builder_add_string_value (builder, "remote");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "claude v4 model");
  json_builder_set_member_name (builder, "connector_id");
  json_builder_add_string_value (builder,
                                 json_object_get_string_member (json_node_get_object (created),
                                                                "connector_id"));
  json_builder_end_object (builder);
  register_body = json_builder_get_root (builder);
  registered = fixture_request (client, "POST", "_plugins/_ml/models/_register?deploy=true",
                                register_body, NULL, NULL, &error);
  g_assert_no_error (error);
  model_id = g_strdup (json_object_get_string_member (json_node_get_object (registered),
                                                      "model_id"));
  g_assert_nonnull (model_id);

  model_path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) model = fixture_request (client, "GET", model_path, NULL, NULL, NULL,
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

        g_timeout_add_once (100, fixture_set_flag, &waited);
        cs_test_wait_for_flag (&waited, 5000);
      }
    }
  return g_steal_pointer (&model_id);
}
