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

/* ---- Dev Tools text, sent as the console sends it ---------------------------------------- */

typedef struct
{
  char     *method;
  char     *path;
  JsonNode *body;   /* NULL when none */
} ConsoleRequest;

static void
console_request_free (gpointer data)
{
  ConsoleRequest *r = data;

  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->body, json_node_unref);
  g_free (r);
}

/* The console's grammar as far as the export uses it: `METHOD /path` lines, each optionally
 * followed by one JSON body (json-glib must parse it) that ends at a line "}" alone; `#`
 * comments and blank lines between. Any other line fails the test. */
static GPtrArray *
parse_console (const char *text)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func (console_request_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GRegex) request_line = g_regex_new ("^(GET|POST|PUT|DELETE|HEAD) (/\\S+)$", 0, 0,
                                                NULL);
  guint i = 0;

  while (lines[i] != NULL)
    {
      g_autoptr(GMatchInfo) match = NULL;
      ConsoleRequest *r;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        {
          i++;
          continue;
        }
      if (!g_regex_match (request_line, lines[i], 0, &match))
        g_error ("Not a console request line: %s", lines[i]);
      r = g_new0 (ConsoleRequest, 1);
      r->method = g_match_info_fetch (match, 1);
      r->path = g_match_info_fetch (match, 2);
      g_ptr_array_add (requests, r);
      i++;
      if (lines[i] != NULL && lines[i][0] == '{')
        {
          g_autoptr(GString) body = g_string_new (NULL);
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;

          while (lines[i] != NULL)
            {
              g_string_append_printf (body, "%s\n", lines[i]);
              if (strcmp (lines[i++], "}") == 0)
                break;
            }
          json_parser_load_from_data (parser, body->str, -1, &error);
          g_assert_no_error (error);
          r->body = json_parser_steal_root (parser);
        }
    }
  return requests;
}

/* What the user does before sending: every string value that is a placeholder gets its
 * value. */
static void
fill_placeholders (JsonNode   *node,
                   GHashTable *values)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        fill_placeholders (json_object_get_member (object, l->data), values);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        fill_placeholders (json_array_get_element (array, i), values);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING
           && g_hash_table_contains (values, json_node_get_string (node)))
    json_node_set_string (node, g_hash_table_lookup (values, json_node_get_string (node)));
}

static char *
fill_path (const char *path,
           GHashTable *values)
{
  GHashTableIter iter;
  gpointer key, value;
  char *out = g_strdup (path);

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (out, key, -1);

      g_free (out);
      out = g_strjoinv (value, parts);
    }
  return out;
}

/* A connector made on one cluster, read back as the Export dialog reads it (GET, without its
 * credential), exported as Dev Tools text; the text parses as console requests, and sent in
 * order to a second cluster (placeholders filled in, as the comments say) it makes an equal
 * connector and a deployed model that answers. */
static void
test_dev_tools_from_cluster (void)
{
  g_autoptr(CsTestSandbox) first = cs_test_sandbox_start ("--no-tls", "--user", CLUSTER_USER,
                                                          "--password", CLUSTER_PASSWORD, NULL);
  g_autoptr(CsTestSandbox) second = cs_test_sandbox_start ("--no-tls", "--user", CLUSTER_USER,
                                                           "--password", CLUSTER_PASSWORD,
                                                           NULL);
  const char *a = cs_test_sandbox_get_url (first);
  const char *b = cs_test_sandbox_get_url (second);
  g_autoptr(JsonNode) blueprint =
    cs_test_data_json ("blueprints/bedrock_claude4_extended_thinking.json");
  JsonObject *credential = json_object_new ();
  g_autofree char *blueprint_text = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  gboolean answered = FALSE;
  guint status = 0;

  /* The first cluster's connector, made with keys. */
  json_object_set_string_member (json_object_get_object_member (
    json_node_get_object (blueprint), "parameters"), "region", "us-east-1");
  json_object_set_string_member (credential, "access_key", SANDBOX_ACCESS_KEY);
  json_object_set_string_member (credential, "secret_key", SANDBOX_SECRET_KEY);
  json_object_set_object_member (json_node_get_object (blueprint), "credential", credential);
  blueprint_text = json_to_string (blueprint, FALSE);
  created = request (a, "POST", "/_plugins/_ml/connectors/_create", blueprint_text, &status);
  g_assert_cmpuint (status, ==, 200);
  path = g_strdup_printf ("/_plugins/_ml/connectors/%s",
                          json_object_get_string_member (json_node_get_object (created),
                                                         "connector_id"));
  stored = request (a, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  spec = cs_connector_spec_new_from_object (json_node_get_object (stored), &error);
  g_assert_no_error (error);

  text = cs_export_generate (spec, NULL, CS_EXPORT_FORMAT_DEV_TOOLS);
  g_assert_null (strstr (text, SANDBOX_SECRET_KEY));
  g_assert_null (strstr (text, SANDBOX_ACCESS_KEY));
  g_assert_null (strstr (text, CLUSTER_PASSWORD));
  requests = parse_console (text);
  g_assert_cmpuint (requests->len, ==, 4);

  g_hash_table_insert (values, g_strdup ("<REPLACE WITH AWS_ACCESS_KEY_ID>"),
                       g_strdup (SANDBOX_ACCESS_KEY));
  g_hash_table_insert (values, g_strdup ("<REPLACE WITH AWS_SECRET_ACCESS_KEY>"),
                       g_strdup (SANDBOX_SECRET_KEY));
  for (guint i = 0; i < requests->len; i++)
    {
      ConsoleRequest *r = g_ptr_array_index (requests, i);
      g_autofree char *filled = fill_path (r->path, values);
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *object;
      gint64 deadline = cs_test_deadline (20000);

      if (r->body != NULL)
        {
          fill_placeholders (r->body, values);
          body = json_to_string (r->body, FALSE);
          g_assert_null (strstr (body, "<REPLACE WITH"));
          g_assert_null (strstr (body, "<CONNECTOR_ID>"));
        }
      g_assert_null (strchr (filled, '<'));
      /* "Send this until model_state is DEPLOYED". */
      for (;;)
        {
          g_clear_pointer (&answer, json_node_unref);
          answer = request (b, r->method, filled, body, &status);
          object = json_node_get_object (answer);
          if (status != 200)
            g_error ("%s %s: %u", r->method, filled, status);
          if (!g_str_has_suffix (filled, model_id ? model_id : "\n")
              || g_strcmp0 (json_object_get_string_member_with_default (object, "model_state",
                                                                        ""), "DEPLOYED") == 0)
            break;
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (50000);
        }

      if (json_object_has_member (object, "connector_id") && connector_id == NULL)
        {
          connector_id = g_strdup (json_object_get_string_member (object, "connector_id"));
          g_hash_table_insert (values, g_strdup ("<CONNECTOR_ID>"), g_strdup (connector_id));
        }
      if (json_object_has_member (object, "model_id") && model_id == NULL)
        {
          model_id = g_strdup (json_object_get_string_member (object, "model_id"));
          g_hash_table_insert (values, g_strdup ("<MODEL_ID>"), g_strdup (model_id));
        }
      if (json_object_has_member (object, "inference_results"))
        answered = TRUE;
    }
  g_assert_nonnull (connector_id);
  g_assert_nonnull (model_id);
  g_assert_true (answered);

  /* The second cluster's connector equals the first's, ids, times and credential aside. */
  {
    g_autofree char *second_path = g_strdup_printf ("/_plugins/_ml/connectors/%s",
                                                    connector_id);
    g_autoptr(JsonNode) copy = request (b, "GET", second_path, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    strip_cluster_members (copy);
    strip_cluster_members (stored);
    {
      g_autofree char *x = cs_test_canonical_json (stored);
      g_autofree char *y = cs_test_canonical_json (copy);

      g_assert_cmpstr (x, ==, y);
    }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/roundtrip/shell", test_roundtrip);
  g_test_add_func ("/export/roundtrip/missing-variable", test_missing_variable);
  g_test_add_func ("/export/roundtrip/dev-tools-from-cluster", test_dev_tools_from_cluster);

  return g_test_run ();
}
