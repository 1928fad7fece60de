/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-payload.h"
#include "cs-predict.h"
#include "cs-profile-store.h"
#include "cs-secret-mask.h"
#include "cs-test-utils.h"

/* Distinctive values that must never be shown; none looks like a real key. */
static const char * const secrets[] = {
  "sekrit-member-value-1", "424242424242", "nested-sekrit-2", "bearer-sekrit-3",
  "api-key-sekrit-4", "amz-token-sekrit-5", "cookie-sekrit-6", "param-key-sekrit-7",
  "9876543210", "url-password-8", "url-user-9", "base-password-10",
};

/* An imported connector with secrets in every place the rule covers. */
static const char connector_text[] =
  "{ \"name\": \"imported\", \"protocol\": \"http\","
  "  \"credential\": { \"api_key\": \"sekrit-member-value-1\", \"pin\": 424242424242,"
  "                    \"extra\": { \"deep\": [ \"nested-sekrit-2\" ] } },"
  "  \"parameters\": { \"model\": \"m\", \"max_tokens\": 100,"
  "                    \"openAI_key\": \"param-key-sekrit-7\","
  "                    \"password\": 9876543210, \"region\": \"us-east-1\" },"
  "  \"actions\": [ { \"action_type\": \"predict\", \"method\": \"POST\","
  "    \"url\": \"https://url-user-9:url-password-8@example.test/v1?k=${parameters.openAI_key}\","
  "    \"headers\": { \"Authorization\": \"Bearer bearer-sekrit-3\","
  "                   \"x-api-key\": \"api-key-sekrit-4\","
  "                   \"x-amz-security-token\": \"amz-token-sekrit-5\","
  "                   \"cookie\": \"session=cookie-sekrit-6\","
  "                   \"X-Proxy\": \"Bearer ${credential.api_key}\","
  "                   \"content-type\": \"application/json\" },"
  "    \"request_body\": \"{ \\\"key\\\": \\\"${parameters.openAI_key}\\\","
  "                        \\\"p\\\": ${parameters.password},"
  "                        \\\"n\\\": ${parameters.max_tokens} }\" } ] }";

static void
assert_no_secret (const char *text)
{
  g_assert_nonnull (text);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("secret %s shown in: %s", secrets[i], text);
}

static void
test_rule (void)
{
  const char *secret_names[] = {
    "access_key", "secret_key", "session_token", "password", "api_key", "apiKey", "openAI_key",
    "token", "Authorization", "hf_token", "client_secret", "private_key", "credential_id",
  };
  const char *plain_names[] = {
    "max_tokens", "budget_tokens", "model", "region", "temperature", "messages",
    "system_prompt", "anthropic_version", "use_system_prompt", "content-type", "keys",
  };
  const char *secret_headers[] = {
    "Authorization", "Proxy-Authorization", "x-api-key", "X-Amz-Security-Token", "Cookie",
    "x-auth-token", "api-key",
  };
  const char *plain_headers[] = { "content-type", "accept", "x-amz-content-sha256", "host" };

  for (guint i = 0; i < G_N_ELEMENTS (secret_names); i++)
    g_assert_true (cs_secret_mask_is_secret_name (secret_names[i]));
  for (guint i = 0; i < G_N_ELEMENTS (plain_names); i++)
    g_assert_false (cs_secret_mask_is_secret_name (plain_names[i]));
  for (guint i = 0; i < G_N_ELEMENTS (secret_headers); i++)
    g_assert_true (cs_secret_mask_is_secret_header (secret_headers[i]));
  for (guint i = 0; i < G_N_ELEMENTS (plain_headers); i++)
    g_assert_false (cs_secret_mask_is_secret_header (plain_headers[i]));

  g_assert_true (cs_secret_mask_is_literal ("Bearer abc"));
  g_assert_true (cs_secret_mask_is_literal ("abc${parameters.x}"));
  g_assert_false (cs_secret_mask_is_literal ("Bearer ${credential.key}"));
  g_assert_false (cs_secret_mask_is_literal ("${credential.key}"));
  g_assert_false (cs_secret_mask_is_literal (""));
}

static void
test_strip_userinfo (void)
{
  static const struct { const char *in; const char *out; gboolean had; } cases[] = {
    { "https://u:p@host:9200/x", "https://host:9200/x", TRUE },
    { "http://u@host", "http://host", TRUE },
    { "https://host/a@b", "https://host/a@b", FALSE },
    { "https://a:b@c@host/", "https://host/", TRUE },
    { "not a url", "not a url", FALSE },
    { "", "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean had = !cases[i].had;
      g_autofree char *out = cs_secret_mask_strip_userinfo (cases[i].in, &had);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpint (had, ==, cases[i].had);
    }
}

/* The connector's masked body, JSON, curl text and payload preview. */
static void
test_connector_views (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (connector_text, &error);
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonNode) clear = NULL;
  g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autofree char *masked_text = NULL;
  g_autofree char *clear_text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *curl = NULL;
  JsonObject *headers;

  g_assert_no_error (error);
  masked = cs_connector_spec_build_body (spec, TRUE);
  clear = cs_connector_spec_build_body (spec, FALSE);
  masked_text = json_to_string (masked, FALSE);
  clear_text = json_to_string (clear, FALSE);
  json = cs_connector_spec_to_json (spec, TRUE);
  curl = cs_connector_spec_to_curl (spec, "https://url-user-9:base-password-10@cluster.test:9200");

  /* What is sent keeps every value. */
  for (guint i = 0; i < G_N_ELEMENTS (secrets) - 1; i++)
    g_assert_nonnull (strstr (clear_text, secrets[i]));

  assert_no_secret (masked_text);
  assert_no_secret (json);
  assert_no_secret (curl);
  g_assert_nonnull (strstr (curl, "'https://cluster.test:9200/_plugins/_ml/connectors/_create'"));

  /* What is no secret stays readable. */
  headers = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (masked),
                                                                 "actions"), 0), "headers");
  g_assert_cmpstr (json_object_get_string_member (headers, "X-Proxy"), ==,
                   "Bearer ${credential.api_key}");
  g_assert_cmpstr (json_object_get_string_member (headers, "content-type"), ==,
                   "application/json");
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (json_node_get_object (masked), "parameters"),
                     "max_tokens"), ==, 100);

  preview = cs_payload_preview_new (json_node_get_object (masked), sample, NULL);
  assert_no_secret (preview->body);
  assert_no_secret (preview->url);
  g_assert_true (g_str_has_prefix (preview->url, "https://example.test/v1?k="));
}

static void
test_predict_views (void)
{
  g_autoptr(JsonNode) body = json_from_string (connector_text, NULL);
  g_autofree char *described = NULL;
  g_autofree char *curl = NULL;

  g_assert_nonnull (body);
  described = cs_predict_describe_request ("model-1", body);
  curl = cs_predict_curl_command ("https://url-user-9:base-password-10@cluster.test", "model-1",
                                  body);
  assert_no_secret (described);
  assert_no_secret (curl);
}

static void
test_profile_store_userinfo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-mask-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(CsProfileStore) again = NULL;
  g_autoptr(CsProfile) profile = cs_profile_new ();
  g_autoptr(CsProfile) loaded = NULL;
  g_autoptr(GError) error = NULL;

  cs_profile_set_name (profile, "with userinfo");
  cs_profile_set_url (profile, "https://url-user-9:url-password-8@cluster.test:9200");
  cs_profile_store_add (store, profile);
  g_test_expect_message ("cs-profile-store", G_LOG_LEVEL_WARNING, "*user name or password*");
  g_assert_true (cs_profile_store_save (store, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  path = g_strdup (cs_profile_store_get_path (store));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_no_secret (contents);
  g_assert_nonnull (strstr (contents, "https://cluster.test:9200"));

  /* A file written by hand (or an older version) is cleaned on load. */
  g_clear_pointer (&contents, g_free);
  contents = g_strdup ("[Profiles]\nVersion=1\n\n[Profile p1]\nName=hand\n"
                       "URL=https://url-user-9:url-password-8@cluster.test:9200\nAuth=none\n");
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  again = cs_profile_store_new (dir);
  g_test_expect_message ("cs-profile-store", G_LOG_LEVEL_WARNING, "*user name or password*");
  g_assert_true (cs_profile_store_load (again, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (again)), ==, 1);
  loaded = g_list_model_get_item (cs_profile_store_get_profiles (again), 0);
  g_assert_cmpstr (cs_profile_get_url (loaded), ==, "https://cluster.test:9200");
}

static GError *
create_error (const char              *url,
              const char              *body_text,
              CsConnectorsCreateFlags  flags)
{
  g_autoptr(CsClient) client = cs_client_new_for_url (url, NULL);
  g_autoptr(JsonNode) body = json_from_string (body_text, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;

  g_assert_nonnull (client);
  cs_client_set_timeout (client, 5);
  cs_connectors_create_full_async (client, body, flags, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  id = cs_connectors_create_finish (client, result, &error);
  g_assert_null (id);
  return error;
}

/* Port 9 on the loopback: nothing listens, so a request that goes out fails
 * with a network error, one refused in core with INSECURE_TRANSPORT. */
static void
test_keys_over_http (void)
{
  const char *keys = "{ \"name\": \"c\", \"credential\": { \"access_key\": \"TESTKEYID-x\","
                     " \"secret_key\": \"fake-secret\" } }";
  const char *role = "{ \"name\": \"c\", \"credential\": { \"roleArn\": "
                     "\"arn:aws:iam::000000000000:role/test-only\" } }";
  g_autoptr(GError) refused = create_error ("http://127.0.0.1:9", keys, CS_CONNECTORS_CREATE_NONE);
  g_autoptr(GError) allowed = create_error ("http://127.0.0.1:9", keys,
                                            CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP);
  g_autoptr(GError) with_role = create_error ("http://127.0.0.1:9", role,
                                              CS_CONNECTORS_CREATE_NONE);
  g_autoptr(GError) over_tls = create_error ("https://127.0.0.1:9", keys,
                                             CS_CONNECTORS_CREATE_NONE);

  g_assert_error (refused, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
  g_assert_nonnull (strstr (refused->message, "https://"));
  g_assert_false (g_error_matches (allowed, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT));
  g_assert_false (g_error_matches (with_role, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT));
  g_assert_false (g_error_matches (over_tls, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT));
}

/* The same rule holds for every connector write (a model update's inline
 * connector, a connector PUT), and a client the user confirmed for lets them. */
static void
test_keys_over_http_every_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url ("http://127.0.0.1:9", &error);
  g_autoptr(JsonNode) update = json_from_string ("{ \"connector\": { \"credential\": {"
                                                 " \"access_key\": \"TESTKEYID-x\","
                                                 " \"secret_key\": \"fake-secret\" } } }",
                                                 NULL);
  g_autoptr(JsonNode) role = json_from_string ("{ \"connector\": { \"credential\": {"
                                               " \"roleArn\": \"arn:aws:iam::000000000000:"
                                               "role/test-only\" } } }", NULL);

  g_assert_no_error (error);
  g_assert_false (cs_connectors_check_keys_transport (client, update, CS_CONNECTORS_CREATE_NONE,
                                                      &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
  g_clear_error (&error);
  g_assert_true (cs_connectors_check_keys_transport (client, role, CS_CONNECTORS_CREATE_NONE,
                                                     &error));
  g_assert_no_error (error);

  cs_client_set_keys_over_http_allowed (client, TRUE);
  g_assert_true (cs_connectors_check_keys_transport (client, update, CS_CONNECTORS_CREATE_NONE,
                                                     &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/secret-mask/rule", test_rule);
  g_test_add_func ("/secret-mask/keys-over-http-every-write", test_keys_over_http_every_write);
  g_test_add_func ("/secret-mask/strip-userinfo", test_strip_userinfo);
  g_test_add_func ("/secret-mask/connector-views", test_connector_views);
  g_test_add_func ("/secret-mask/predict-views", test_predict_views);
  g_test_add_func ("/secret-mask/profile-store-userinfo", test_profile_store_userinfo);
  g_test_add_func ("/secret-mask/keys-over-http", test_keys_over_http);

  return g_test_run ();
}
