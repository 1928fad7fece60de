/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "cs-client.h"
#include "cs-deploy-follower.h"
#include "cs-model-info.h"
#include "cs-payload.h"
#include "cs-profile.h"

/*
 * The network benchmarks (build-aux/bench runs them; no pass/fail here, the
 * script compares). Each starts its own sandbox cluster.
 *
 *   bench-client SANDBOX deploy-detect DELAY_MS...
 *     For each deploy delay (one sandbox each, --deploy-delay-ms), a model is
 *     registered with deploy=true and the core's deploy follower follows it:
 *     the time from the sandbox's DEPLOYED (the model's last_deployed_time,
 *     same clock) to the follower's end, and the polls it made (counted in
 *     the sandbox's /_sandbox/requests). BENCH deploy-detect: the slowest,
 *     target 250 ms.
 *
 *   bench-client SANDBOX client-vs-curl ROUNDS
 *     The same sequence (probe, settings, create connector, register, follow
 *     the deployment, 20 predicts) by the core client and by one curl process
 *     (-K config with --next) against one TLS sandbox (deploy delay 0),
 *     alternating which goes first. The sandbox's ids are reseeded before each
 *     run (POST /_sandbox/ids), so both get the same ids and curl can name
 *     them in advance; what each created is deleted after its run. BENCH
 *     client-vs-curl: the medians, target 1.10; BENCH tls-handshakes: the
 *     connections each opened, counted by the sandbox (/_sandbox/connections),
 *     target 1 (curl's count as the baseline).
 */

#define PASSWORD    "bench-password-not-secret"
#define N_PREDICTS  20
#define ID_SEED     4242

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *cert_file;
  char        *dir;
} Sandbox;

static void
sandbox_stop (Sandbox *sb)
{
  if (sb->process != NULL)
    {
      g_subprocess_send_signal (sb->process, SIGTERM);
      g_subprocess_wait (sb->process, NULL, NULL);
      g_clear_object (&sb->process);
    }
  if (sb->cert_file != NULL)
    g_unlink (sb->cert_file);
  if (sb->dir != NULL)
    g_rmdir (sb->dir);
  g_free (sb->cert_file);
  g_free (sb->url);
  g_free (sb->dir);
  g_free (sb);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sandbox, sandbox_stop)

static Sandbox *
sandbox_start (const char *binary,
               gboolean    tls,
               guint       deploy_delay_ms)
{
  Sandbox *sb = g_new0 (Sandbox, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) lines = NULL;
  GOutputStream *input;

  g_ptr_array_add (argv, g_strdup (binary));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--deploy-delay-ms"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", deploy_delay_ms));
  g_ptr_array_add (argv, g_strdup ("--user"));
  g_ptr_array_add (argv, g_strdup ("admin"));
  g_ptr_array_add (argv, g_strdup ("--password-stdin"));
  if (tls)
    {
      sb->dir = g_dir_make_tmp ("cs-bench-XXXXXX", &error);
      g_assert_no_error (error);
      sb->cert_file = g_build_filename (sb->dir, "cert.pem", NULL);
      g_ptr_array_add (argv, g_strdup ("--cert-out"));
      g_ptr_array_add (argv, g_strdup (sb->cert_file));
    }
  else
    g_ptr_array_add (argv, g_strdup ("--no-tls"));
  g_ptr_array_add (argv, NULL);

  sb->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                   &error);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (sb->process);
  g_output_stream_write_all (input, PASSWORD "\n", strlen (PASSWORD) + 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, NULL);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sb->process));
  sb->url = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sb->url);
  return sb;
}

static CsClient *
client_new (Sandbox *sb)
{
  g_autoptr(CsProfile) profile = cs_profile_new ();
  g_autoptr(GError) error = NULL;
  CsClientSecrets secrets = { .password = PASSWORD };
  CsClient *client;

  cs_profile_set_name (profile, "bench");
  cs_profile_set_url (profile, sb->url);
  cs_profile_set_auth_kind (profile, CS_AUTH_BASIC);
  cs_profile_set_user_name (profile, "admin");
  if (sb->cert_file != NULL)
    cs_profile_set_ca_file (profile, sb->cert_file);
  client = cs_client_new_for_profile (profile, &secrets, &error);
  g_assert_no_error (error);
  return client;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static JsonNode *
request (CsClient   *client,
         const char *method,
         const char *path,
         JsonNode   *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  cs_client_request_async (client, method, path, body, CS_REQUEST_FLAGS_NONE, NULL,
                           store_result_cb, &result);
  answer = cs_client_request_finish (client, wait_for (&result), &error);
  if (answer == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  return answer;
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

/* ---- the bodies, the same for the client and for curl ------------------------------------ */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static char *
connector_body (void)
{
  return g_strdup (
    "{\"name\":\"bench\",\"description\":\"benchmark connector\",\"version\":1,"
    "\"protocol\":\"aws_sigv4\","
    "\"credential\":{\"access_key\":\"SANDBOXBENCHACCESS01\",\"secret_key\":\"benchSecretKeyForTheSandbox0123456789abc\"},"
    "\"parameters\":{\"region\":\"us-east-1\",\"service_name\":\"bedrock\",\"max_tokens\":8000,"
    "\"temperature\":1,\"anthropic_version\":\"bedrock-2023-05-31\","
    "\"model\":\"us.anthropic.claude-sonnet-4-20250514-v1:0\",\"use_system_prompt\":true},"
    "\"actions\":[{\"action_type\":\"predict\",\"method\":\"POST\","
    "\"headers\":{\"content-type\":\"application/json\"},"
    "\"url\":\"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/"
    "${parameters.model}/invoke\","
    "\"request_body\":\"{ \\\"system\\\": \\\"${parameters.system_prompt}\\\", "
    "\\\"anthropic_version\\\": \\\"${parameters.anthropic_version}\\\", \\\"max_tokens\\\": "
    "${parameters.max_tokens}, \\\"temperature\\\": ${parameters.temperature}, \\\"messages\\\": "
    "${parameters.messages} }\"}]}");
}

static char *
register_body (const char *connector_id)
{
  return g_strdup_printf ("{\"name\":\"bench model\",\"function_name\":\"remote\","
                          "\"description\":\"benchmark\",\"connector_id\":\"%s\"}",
                          connector_id);
}

static char *
predict_body (void)
{
  g_autoptr(JsonObject) params = cs_payload_sample_predict_parameters ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_object_member (root, "parameters", json_object_ref (params));
  json_node_set_object (node, root);
  return json_to_string (node, FALSE);
}

/* ---- following a deployment -------------------------------------------------------------- */

static gint64
follow (CsClient   *client,
        const char *model_id,
        gint64     *deployed_ms)
{
  g_autoptr(CsDeployFollower) follower = cs_deploy_follower_new (client, model_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 noticed_ms;

  cs_deploy_follower_run_async (follower, FALSE, NULL, store_result_cb, &result);
  if (!cs_deploy_follower_run_finish (follower, wait_for (&result), &error))
    g_error ("following the deployment: %s", error->message);
  noticed_ms = g_get_real_time () / 1000;
  if (deployed_ms != NULL)
    *deployed_ms = cs_model_info_get_last_deployed_time (cs_deploy_follower_get_model (follower));
  return noticed_ms;
}

static char *
create_and_register (CsClient *client)
{
  g_autofree char *cbody = connector_body ();
  g_autoptr(JsonNode) cnode = parse (cbody);
  g_autoptr(JsonNode) created = request (client, "POST", "_plugins/_ml/connectors/_create", cnode);
  g_autofree char *rbody = register_body (member (created, "connector_id"));
  g_autoptr(JsonNode) rnode = parse (rbody);
  g_autoptr(JsonNode) registered = request (client, "POST",
                                            "_plugins/_ml/models/_register?deploy=true", rnode);

  return g_strdup (member (registered, "model_id"));
}

static int
deploy_detect (const char  *binary,
               char       **delays)
{
  gint64 worst = 0;

  printf ("%12s %12s %8s %14s\n", "deploy delay", "noticed after", "polls", "polls/second");
  for (guint i = 0; delays[i] != NULL; i++)
    {
      guint delay = (guint) g_ascii_strtoull (delays[i], NULL, 10);
      g_autoptr(Sandbox) sb = sandbox_start (binary, FALSE, delay);
      g_autoptr(CsClient) client = client_new (sb);
      g_autofree char *model_id = create_and_register (client);
      g_autofree char *poll_path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
      g_autoptr(JsonNode) recorded = NULL;
      gint64 deployed_ms = 0, noticed_ms;
      JsonArray *arr;
      guint polls = 0;

      noticed_ms = follow (client, model_id, &deployed_ms);
      recorded = request (client, "GET", "_sandbox/requests", NULL);
      arr = json_node_get_array (recorded);
      for (guint j = 0; j < json_array_get_length (arr); j++)
        {
          JsonObject *r = json_array_get_object_element (arr, j);

          if (g_str_equal (json_object_get_string_member (r, "method"), "GET") &&
              g_str_equal (json_object_get_string_member (r, "path"), poll_path))
            polls++;
        }
      printf ("%9u ms %10" G_GINT64_FORMAT " ms %8u %14.2f\n", delay, noticed_ms - deployed_ms,
              polls, polls * 1000.0 / MAX (delay, 1000));
      fflush (stdout);
      worst = MAX (worst, noticed_ms - deployed_ms);
    }
  bench_line ("deploy-detect", worst, -1, "ms", 250);
  return 0;
}

/* ---- the same sequence by the client and by curl ----------------------------------------- */

static void
control (CsClient   *control_client,
         const char *method,
         const char *path,
         const char *body)
{
  g_autoptr(JsonNode) node = body != NULL ? parse (body) : NULL;
  g_autoptr(JsonNode) answer = request (control_client, method, path, node);
}

static guint
handshakes (CsClient *control_client)
{
  g_autoptr(JsonNode) answer = request (control_client, "DELETE", "_sandbox/connections", NULL);

  return (guint) json_object_get_int_member (json_node_get_object (answer), "tls_handshakes");
}

/* Returns ms; sets the ids the sandbox gave. */
static double
run_client (Sandbox  *sb,
            char    **connector_id,
            char    **model_id)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CsClient) client = client_new (sb);
  g_autofree char *pbody = predict_body ();
  g_autoptr(JsonNode) pnode = parse (pbody);
  g_autofree char *predict_path = NULL;
  g_autoptr(JsonNode) root = request (client, "GET", "", NULL);
  g_autoptr(JsonNode) plugins = request (client, "GET", "_cat/plugins?format=json", NULL);
  g_autoptr(JsonNode) settings = request (client, "GET",
                                          "_cluster/settings?include_defaults=true"
                                          "&flat_settings=true", NULL);
  g_autofree char *cbody = connector_body ();
  g_autoptr(JsonNode) cnode = parse (cbody);
  g_autoptr(JsonNode) created = request (client, "POST", "_plugins/_ml/connectors/_create", cnode);
  g_autofree char *rbody = register_body (member (created, "connector_id"));
  g_autoptr(JsonNode) rnode = parse (rbody);
  g_autoptr(JsonNode) registered = request (client, "POST",
                                            "_plugins/_ml/models/_register?deploy=true", rnode);

  follow (client, member (registered, "model_id"), NULL);
  predict_path = g_strdup_printf ("_plugins/_ml/models/%s/_predict",
                                  member (registered, "model_id"));
  for (guint i = 0; i < N_PREDICTS; i++)
    {
      g_autoptr(JsonNode) answer = request (client, "POST", predict_path, pnode);
    }
  *connector_id = g_strdup (member (created, "connector_id"));
  *model_id = g_strdup (member (registered, "model_id"));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
config_request (GString    *config,
                const char *cacert,
                const char *url,
                const char *path,
                const char *method,
                const char *body_file)
{
  if (config->len > 0)
    g_string_append (config, "next\n");
  g_string_append_printf (config, "url = \"%s%s\"\ncacert = \"%s\"\n", url, path, cacert);
  g_string_append (config, "silent\nshow-error\noutput = \"/dev/null\"\n"
                   "write-out = \"%{http_code}\\n\"\n");
  g_string_append_printf (config, "user = \"admin:%s\"\n", PASSWORD);
  if (method != NULL)
    g_string_append_printf (config, "request = \"%s\"\n", method);
  if (body_file != NULL)
    g_string_append_printf (config, "header = \"Content-Type: application/json\"\n"
                            "data-binary = \"@%s\"\n", body_file);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static double
run_curl (Sandbox    *sb,
          const char *connector_id,
          const char *model_id)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *connector_file = g_build_filename (sb->dir, "connector.json", NULL);
  g_autofree char *register_file = g_build_filename (sb->dir, "register.json", NULL);
  g_autofree char *predict_file = g_build_filename (sb->dir, "predict.json", NULL);
  g_autofree char *cbody = connector_body ();
  g_autofree char *rbody = register_body (connector_id);
  g_autofree char *pbody = predict_body ();
  g_autofree char *model_path = g_strdup_printf ("_plugins/_ml/models/%s", model_id);
  g_autofree char *predict_path = g_strdup_printf ("_plugins/_ml/models/%s/_predict", model_id);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) curl = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  gint64 start;
  double ms;

  write_file (connector_file, cbody);
  write_file (register_file, rbody);
  write_file (predict_file, pbody);
  config_request (config, sb->cert_file, sb->url, "", NULL, NULL);
  config_request (config, sb->cert_file, sb->url, "_cat/plugins?format=json", NULL, NULL);
  config_request (config, sb->cert_file, sb->url, "_cluster/settings?include_defaults=true&flat_settings=true",
                  NULL, NULL);
  config_request (config, sb->cert_file, sb->url, "_plugins/_ml/connectors/_create", "POST", connector_file);
  config_request (config, sb->cert_file, sb->url, "_plugins/_ml/models/_register?deploy=true", "POST",
                  register_file);
  config_request (config, sb->cert_file, sb->url, model_path, NULL, NULL);
  for (guint i = 0; i < N_PREDICTS; i++)
    config_request (config, sb->cert_file, sb->url, predict_path, "POST", predict_file);

  start = g_get_monotonic_time ();
  curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "curl", "-K", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (curl, config->str, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  codes = g_strsplit (g_strstrip (out), "\n", -1);
  if (g_strv_length (codes) != 6 + N_PREDICTS)
    g_error ("curl made %u requests instead of %u", g_strv_length (codes), 6 + N_PREDICTS);
  for (guint i = 0; codes[i] != NULL; i++)
    if (codes[i][0] != '2')
      g_error ("curl's request %u was answered %s (the ids differ?)", i + 1, codes[i]);
  g_unlink (connector_file);
  g_unlink (register_file);
  g_unlink (predict_file);
  return ms;
}

static void
clean_up (CsClient   *control_client,
          const char *connector_id,
          const char *model_id)
{
  g_autofree char *undeploy = g_strdup_printf ("_plugins/_ml/models/%s/_undeploy", model_id);
  g_autofree char *model = g_strdup_printf ("_plugins/_ml/models/%s", model_id);
  g_autofree char *connector = g_strdup_printf ("_plugins/_ml/connectors/%s", connector_id);

  control (control_client, "POST", undeploy, NULL);
  control (control_client, "DELETE", model, NULL);
  control (control_client, "DELETE", connector, NULL);
  control (control_client, "DELETE", "_sandbox/requests", NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1)
          + g_array_index (values, double, values->len / 2)) / 2;
}

static int
client_vs_curl (const char *binary,
                guint       rounds)
{
  g_autoptr(Sandbox) sb = sandbox_start (binary, TRUE, 0);
  g_autoptr(CsClient) control_client = client_new (sb);
  g_autofree char *seed = g_strdup_printf ("{\"seed\":%u}", ID_SEED);
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;

  /* Two client runs first warm the caches; the first registers the model group that the later
   * ones reuse, the second learns the ids the seed gives from then on. */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&connector_id, g_free);
      g_clear_pointer (&model_id, g_free);
      control (control_client, "POST", "_sandbox/ids", seed);
      run_client (sb, &connector_id, &model_id);
      clean_up (control_client, connector_id, model_id);
    }

  g_autoptr(GArray) client_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_times = g_array_new (FALSE, FALSE, sizeof (double));
  guint max_client_hs = 0, max_curl_hs = 0;

  printf ("%6s %12s %12s %18s %16s\n", "round", "client", "curl", "client handshakes",
          "curl handshakes");
  for (guint round = 1; round <= rounds; round++)
    {
      double client_ms = 0, curl_ms = 0;
      guint client_hs = 0, curl_hs = 0;

      for (guint k = 0; k < 2; k++)
        {
          gboolean client_turn = (k == 0) == (round % 2 == 1);

          control (control_client, "POST", "_sandbox/ids", seed);
          handshakes (control_client);
          if (client_turn)
            {
              g_autofree char *cid = NULL;
              g_autofree char *mid = NULL;

              client_ms = run_client (sb, &cid, &mid);
              client_hs = handshakes (control_client);
              if (g_strcmp0 (cid, connector_id) != 0 || g_strcmp0 (mid, model_id) != 0)
                g_error ("the seeded ids changed between runs");
            }
          else
            {
              curl_ms = run_curl (sb, connector_id, model_id);
              curl_hs = handshakes (control_client);
            }
          clean_up (control_client, connector_id, model_id);
        }
      printf ("%6u %9.1f ms %9.1f ms %18u %16u\n", round, client_ms, curl_ms, client_hs, curl_hs);
      fflush (stdout);
      g_array_append_val (client_times, client_ms);
      g_array_append_val (curl_times, curl_ms);
      max_client_hs = MAX (max_client_hs, client_hs);
      max_curl_hs = MAX (max_curl_hs, curl_hs);
    }
  bench_line ("client-vs-curl", median (client_times), median (curl_times), "ms", 1.10);
  bench_line ("tls-handshakes", max_client_hs, max_curl_hs, "", 1.0);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 4 && g_str_equal (argv[2], "deploy-detect"))
    return deploy_detect (argv[1], argv + 3);
  if (argc == 4 && g_str_equal (argv[2], "client-vs-curl"))
    return client_vs_curl (argv[1], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  g_printerr ("usage: bench-client SANDBOX deploy-detect DELAY_MS...\n"
              "       bench-client SANDBOX client-vs-curl ROUNDS\n");
  return 2;
}
