/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-test-predict.h"

#include <string.h>

#include "cs-test-utils.h"

JsonNode *
cs_test_request (CsClient    *client,
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

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

JsonNode *
cs_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

char *
cs_test_deploy_model (CsClient    *client,
                      const char  *blueprint,
                      const char  *secret_key,
                      const char  *session_token,
                      char       **connector_id)
{
  return cs_test_deploy_model_for (client, blueprint, NULL, NULL, NULL, secret_key,
                                   session_token, connector_id);
}

char *
cs_test_deploy_model_for (CsClient    *client,
                          const char  *blueprint,
                          const char  *bedrock_model,
                          const char  *request_body,
                          const char  *parameters,
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
  if (bedrock_model != NULL)
    json_object_set_string_member (json_object_get_object_member (object, "parameters"),
                                   "model", bedrock_model);
  if (request_body != NULL)
    {
      JsonArray *actions = json_object_get_array_member (object, "actions");

      json_object_set_string_member (json_array_get_object_element (actions, 0),
                                     "request_body", request_body);
    }
  if (parameters != NULL)
    {
      g_autoptr(JsonNode) extra = cs_test_parse_json (parameters);
      JsonObject *target = json_object_get_object_member (object, "parameters");
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (extra));

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (json_node_get_object (extra), l->data);

          if (JSON_NODE_HOLDS_NULL (value))
            json_object_remove_member (target, l->data);
          else
            json_object_set_member (target, l->data, json_node_copy (value));
        }
    }
  json_object_set_string_member (credential, "access_key", CS_TEST_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", secret_key);
  if (session_token != NULL)
    json_object_set_string_member (credential, "session_token", session_token);
  json_object_set_object_member (object, "credential", credential);

  created = cs_test_request (client, "POST", "_plugins/_ml/connectors/_create", connector,
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
  registered = cs_test_request (client, "POST", "_plugins/_ml/models/_register?deploy=true",
                                register_body, NULL, NULL, &error);
  g_assert_no_error (error);
  model_id = g_strdup (json_object_get_string_member (json_node_get_object (registered),
                                                      "model_id"));
  g_assert_nonnull (model_id);

  model_path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  deadline = cs_test_deadline (60000);
  for (;;)
    {
      g_autoptr(JsonNode) model = cs_test_request (client, "GET", model_path, NULL, NULL, NULL,
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
