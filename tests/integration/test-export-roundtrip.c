/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cs-connector-spec.h"
#include "cs-export.h"
#include "cs-trusted-endpoints.h"

#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/* The sandbox's made-up AWS keys (src/sandbox/README.md) and a made-up
 * cluster login; nothing here looks like a real AWS key. */
#define SANDBOX_ACCESS_KEY "SANDBOXTESTACCESS01"
#define SANDBOX_SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"
#define CLUSTER_USER       "admin"
#define CLUSTER_PASSWORD   "roundtrip-Passw0rd\"quoted\""

/* One request to the sandbox with basic auth; returns the parsed answer. */
static JsonNode *
request (const char *base,
         const char *method,
         const char *path,
         const char *body,
         guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *pair = g_strdup_printf ("%s:%s", CLUSTER_USER, CLUSTER_PASSWORD);
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *header = g_strconcat ("Basic ", b64, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &len);
  json_parser_load_from_data (parser, data, (gssize) len, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static char *
match_line (const char *text,
            const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* What the cluster adds or hides: ids, times, owner, the credential;
 * the version as text. */
static void
strip_cluster_members (JsonNode *connector)
{
  JsonObject *object = json_node_get_object (connector);
  const char *members[] = { "credential", "created_time", "last_updated_time", "owner",
                            "connector_id", "access", "backend_roles", "id" };

  JsonNode *version = json_object_get_member (object, "version");

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (object, members[i]))
      json_object_remove_member (object, members[i]);

  /* ML Commons keeps "version" as text; the body sends the number. */
  if (version != NULL && json_node_get_value_type (version) == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (version));
      json_object_set_string_member (object, "version", text);
    }
}

static void
test_roundtrip (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--user", CLUSTER_USER,
                                                            "--password", CLUSTER_PASSWORD, NULL);
  const char *base = cs_test_sandbox_get_url (sandbox);
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  g_autoptr(CsTrustedList) trusted = NULL;
  g_autoptr(JsonNode) settings = json_from_string (
    "{\"persistent\":{\"" CS_TRUSTED_ENDPOINTS_SETTING "\":[\"^https://api\\\\.example\\\\.com/.*$\"]}}",
    NULL);
  CsExportOptions options = { .model_name = "roundtrip model", .trusted = NULL };
  g_autofree char *script = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *conn_path = NULL;
  g_autofree char *model_path = NULL;
  g_autofree char *predict_path = NULL;
  g_autofree char *predict_text = NULL;
  g_autoptr(JsonNode) connector = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) list_answer = NULL;
  g_autoptr(JsonNode) put_answer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  const char *argv[] = { "/bin/sh", NULL, NULL };
  JsonArray *list;
  guint status = 0;
  int wait_status = -1;

  /* A cluster that trusts something else only: the script must append. */
  put_answer = request (base, "PUT", "/_cluster/settings",
                        "{\"persistent\":{\"" CS_TRUSTED_ENDPOINTS_SETTING
                        "\":[\"^https://api\\\\.example\\\\.com/.*$\"]}}", &status);
  g_assert_cmpuint (status, ==, 200);
  trusted = cs_trusted_list_new_from_settings (settings, &error);
  g_assert_no_error (error);
  options.trusted = trusted;

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_access_key (spec, SANDBOX_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, SANDBOX_SECRET_KEY);
  script = cs_export_generate (spec, &options, CS_EXPORT_FORMAT_SHELL);
  g_assert_null (strstr (script, SANDBOX_SECRET_KEY));
  g_assert_null (strstr (script, SANDBOX_ACCESS_KEY));
  g_assert_null (strstr (script, CLUSTER_PASSWORD));

  dir = g_dir_make_tmp ("cs-export-roundtrip-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "setup.sh", NULL);
  g_assert_true (g_file_set_contents (path, script, -1, &error));
  argv[1] = path;

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "OPENSEARCH_URL", base, TRUE);
  envp = g_environ_setenv (envp, "OPENSEARCH_USER", CLUSTER_USER, TRUE);
  envp = g_environ_setenv (envp, "OPENSEARCH_PASSWORD", CLUSTER_PASSWORD, TRUE);
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY, TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", SANDBOX_SECRET_KEY, TRUE);
  envp = g_environ_setenv (envp, "CS_POLL_SECONDS", "1", TRUE);
  envp = g_environ_unsetenv (envp, "AWS_SESSION_TOKEN");
  envp = g_environ_unsetenv (envp, "http_proxy");
  envp = g_environ_unsetenv (envp, "HTTP_PROXY");
  envp = g_environ_unsetenv (envp, "all_proxy");
  envp = g_environ_unsetenv (envp, "ALL_PROXY");

  g_spawn_sync (dir, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("The exported script failed.\nstdout:\n%s\nstderr:\n%s", out, err);
  g_unlink (path);
  g_rmdir (dir);

  /* The script said what it made, and the predict answered. */
  connector_id = match_line (out, "^Connector: (\\S+)$");
  model_id = match_line (out, "^Model: (\\S+)$");
  g_assert_nonnull (connector_id);
  g_assert_nonnull (model_id);
  g_assert_nonnull (strstr (out, "\"inference_results\""));
  g_assert_nonnull (strstr (err, "Done: model "));

  /* The trusted list was appended to, not replaced. */
  list_answer = request (base, "GET", "/_cluster/settings?flat_settings=true", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  list = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (list_answer), "persistent"),
    CS_TRUSTED_ENDPOINTS_SETTING);
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, "^https://api\\.example\\.com/.*$");
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, CS_BEDROCK_TRUSTED_PATTERN);

  /* The connector equals the spec's body, ids, times and credential aside. */
  conn_path = g_strdup_printf ("/_plugins/_ml/connectors/%s", connector_id);
  connector = request (base, "GET", conn_path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  expected = cs_connector_spec_build_body (spec, FALSE);
  /* The cluster answers as ML Commons stores it (parameters and version as
   * strings, action_type in capitals): read it back through the app's own
   * import, which understands a GET answer, before comparing. */
  {
    g_autoptr(CsConnectorSpec) stored = cs_connector_spec_new_from_object (
      json_node_get_object (connector), &error);

    g_assert_no_error (error);
    json_node_unref (connector);
    connector = cs_connector_spec_build_body (stored, FALSE);
  }
  strip_cluster_members (connector);
  strip_cluster_members (expected);
  {
    g_autofree char *a = cs_test_canonical_json (connector);
    g_autofree char *b = cs_test_canonical_json (expected);

    g_assert_cmpstr (a, ==, b);
  }

  /* A deployed model on that connector, answering a predict. */
  model_path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  model = request (base, "GET", model_path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (model), "model_state"),
                   ==, "DEPLOYED");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (model), "connector_id"),
                   ==, connector_id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (model), "name"),
                   ==, "roundtrip model");

  predict_path = g_strdup_printf ("/_plugins/_ml/models/%s/_predict", model_id);
  {
    g_autoptr(JsonNode) body = cs_export_build_predict_body ();
    predict_text = json_to_string (body, FALSE);
  }
  answer = request (base, "POST", predict_path, predict_text, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_has_member (json_node_get_object (answer), "inference_results"));
}

/* A missing secret variable stops the script before it sends anything. */
static void
test_missing_variable (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  const char *base = cs_test_sandbox_get_url (sandbox);
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  g_autofree char *script = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  const char *argv[] = { "/bin/sh", NULL, NULL };
  int wait_status = -1;

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_access_key (spec, SANDBOX_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, SANDBOX_SECRET_KEY);
  script = cs_export_generate (spec, NULL, CS_EXPORT_FORMAT_SHELL);

  dir = g_dir_make_tmp ("cs-export-roundtrip-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "setup.sh", NULL);
  g_assert_true (g_file_set_contents (path, script, -1, &error));
  argv[1] = path;

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "OPENSEARCH_URL", base, TRUE);
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY, TRUE);
  envp = g_environ_unsetenv (envp, "AWS_SECRET_ACCESS_KEY");
  envp = g_environ_unsetenv (envp, "OPENSEARCH_USER");

  g_spawn_sync (dir, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_nonnull (strstr (err, "Set AWS_SECRET_ACCESS_KEY and run this again."));
  g_assert_null (strstr (out, "Connector: "));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/roundtrip/shell", test_roundtrip);
  g_test_add_func ("/export/roundtrip/missing-variable", test_missing_variable);

  return g_test_run ();
}
