/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-test-faults.h"

#include "cs-test-utils.h"

#define CONTROL_WAIT_MS 20000

JsonNode *
cs_test_control_request (CsClient    *client,
                 const char  *method,
                 const char  *path,
                 JsonNode    *body,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_client_request_async (client, method, path, body, CS_REQUEST_FLAGS_NONE, NULL,
                           cs_test_store_result, &result);
  cs_test_wait_for_result (&result, CONTROL_WAIT_MS);
  return cs_client_request_finish (client, result, error);
}

void
cs_test_add_fault (CsClient   *client,
                   const char *spec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "spec");
  json_builder_add_string_value (builder, spec);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = cs_test_control_request (client, "POST", "_sandbox/faults", body, &error);
  g_assert_no_error (error);
}

void
cs_test_clear_faults (CsClient *client)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = cs_test_control_request (client, "DELETE", "_sandbox/faults", NULL, &error);
  g_assert_no_error (error);
}

void
cs_test_forget_requests (CsClient *client)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = cs_test_control_request (client, "DELETE", "_sandbox/requests", NULL, &error);
  g_assert_no_error (error);
}

guint
cs_test_count_requests (CsClient   *client,
                        const char *method,
                        const char *path_glob)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  guint n = 0;

  answer = cs_test_control_request (client, "GET", "_sandbox/requests", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (answer));
  array = json_node_get_array (answer);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (entry, "method"), method) &&
          g_pattern_match_simple (path_glob, json_object_get_string_member (entry, "path")))
        n++;
    }
  return n;
}
