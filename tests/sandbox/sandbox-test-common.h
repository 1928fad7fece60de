/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by test-sandbox-blueprint.c and test-sandbox-errors.c: a plain libsoup client
 * for the sandbox (never the app's CsClient), and a runner that can feed the sandbox's stdin. */
#pragma once

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/* Fake credentials in the shape the sandbox's Bedrock accepts (sb-bedrock.h); they do not look
 * like real AWS keys. */
#define SBT_ACCESS_KEY "SANDBOXTESTACCESS01"
#define SBT_SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"
#define SBT_SESSION_TOKEN "sandboxTestSessionToken0123456789"
#define SBT_ROLE_ARN "arn:aws:iam::123456789012:role/sandbox-test-role"

typedef struct
{
  SoupSession *session;
  char        *base;       /* "http://127.0.0.1:PORT/" */
  char        *user;
  char        *password;
} SbtClient;

typedef struct
{
  guint     status;
  char     *text;          /* the body as text ("" when empty) */
  JsonNode *json;          /* parsed body, or NULL when it is not JSON */
  char     *content_type;
  char     *www_authenticate;
} SbtReply;

static inline void
sbt_reply_free (SbtReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->text);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->content_type);
  g_free (reply->www_authenticate);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbtReply, sbt_reply_free)

static inline SbtClient *
sbt_client_new (const char *base,
                const char *cert_file)
{
  SbtClient *c = g_new0 (SbtClient, 1);

  c->session = soup_session_new_with_options ("timeout", 60, NULL);
  c->base = g_strdup (base);
  if (cert_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) db = NULL;

      /* g_tls_file_database_new() wants an absolute path. */
      g_assert_true (g_path_is_absolute (cert_file));
      db = g_tls_file_database_new (cert_file, &error);
      g_assert_no_error (error);
      soup_session_set_tls_database (c->session, db);
    }
  return c;
}

static inline void
sbt_client_free (SbtClient *c)
{
  if (c == NULL)
    return;
  g_object_unref (c->session);
  g_free (c->base);
  g_free (c->user);
  g_free (c->password);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbtClient, sbt_client_free)

static inline void
sbt_client_set_auth (SbtClient  *c,
                     const char *user,
                     const char *password)
{
  g_free (c->user);
  g_free (c->password);
  c->user = g_strdup (user);
  c->password = g_strdup (password);
}

/* Sends one request; body is JSON text or NULL. content_type NULL means application/json. */
static inline SbtReply *
sbt_request_full (SbtClient  *c,
                  const char *method,
                  const char *path,
                  const char *body,
                  const char *content_type,
                  GError    **error)
{
  g_autofree char *url = g_strconcat (c->base, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  SbtReply *reply;
  gsize len = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", b);
    }
  if (c->user != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", c->user, c->password);
      g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", b64, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }

  bytes = soup_session_send_and_read (c->session, msg, NULL, error);
  if (bytes == NULL)
    return NULL;

  reply = g_new0 (SbtReply, 1);
  reply->status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &len);
  reply->text = g_strndup (data ? data : "", len);
  reply->content_type = g_strdup (soup_message_headers_get_content_type (
    soup_message_get_response_headers (msg), NULL));
  reply->www_authenticate = g_strdup (soup_message_headers_get_one (
    soup_message_get_response_headers (msg), "WWW-Authenticate"));
  if (len > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (json_parser_load_from_data (parser, reply->text, (gssize) len, NULL))
        reply->json = json_parser_steal_root (parser);
    }
  return reply;
}

static inline SbtReply *
sbt_request (SbtClient  *c,
             const char *method,
             const char *path,
             const char *body)
{
  g_autoptr(GError) error = NULL;
  SbtReply *reply = sbt_request_full (c, method, path, body, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

/* Sends a JSON node as the body. */
static inline SbtReply *
sbt_request_json (SbtClient  *c,
                  const char *method,
                  const char *path,
                  JsonNode   *body)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, body);
  text = json_generator_to_data (gen, NULL);
  return sbt_request (c, method, path, text);
}

static inline JsonObject *
sbt_object (SbtReply *reply)
{
  if (reply->json == NULL)
    g_test_message ("not JSON (%u): %s", reply->status, reply->text);
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* Asserts the OpenSearch error envelope: status, type and the exact reason. */
static inline void
sbt_assert_error (SbtReply   *reply,
                  guint       status,
                  const char *type,
                  const char *reason)
{
  JsonObject *root, *error, *cause;
  JsonArray *causes;

  if (reply->status != status)
    g_test_message ("unexpected answer %u: %s", reply->status, reply->text);
  g_assert_cmpuint (reply->status, ==, status);
  root = sbt_object (reply);
  g_assert_cmpint (json_object_get_int_member (root, "status"), ==, status);
  error = json_object_get_object_member (root, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (error, "reason"), ==, reason);
  causes = json_object_get_array_member (error, "root_cause");
  g_assert_cmpuint (json_array_get_length (causes), >=, 1);
  cause = json_array_get_object_element (causes, 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (cause, "reason"), ==, reason);
}

/* A blueprint connector body from tests/data/blueprints/ with its placeholders filled. */
static inline JsonNode *
sbt_blueprint_body (const char *file,
                    const char *region)
{
  g_autofree char *relative = g_build_filename ("blueprints", file, NULL);
  JsonNode *node = cs_test_data_json (relative);
  JsonObject *root = json_node_get_object (node);
  JsonObject *params = json_object_get_object_member (root, "parameters");
  JsonObject *cred = json_object_get_object_member (root, "credential");

  json_object_set_string_member (params, "region", region);
  if (json_object_has_member (cred, "roleArn"))
    json_object_set_string_member (cred, "roleArn", SBT_ROLE_ARN);
  if (json_object_has_member (cred, "access_key"))
    json_object_set_string_member (cred, "access_key", SBT_ACCESS_KEY);
  if (json_object_has_member (cred, "secret_key"))
    json_object_set_string_member (cred, "secret_key", SBT_SECRET_KEY);
  if (json_object_has_member (cred, "session_token"))
    json_object_set_string_member (cred, "session_token", SBT_SESSION_TOKEN);
  return node;
}

/* Creates a connector from a body and returns its id. */
static inline char *
sbt_create_connector (SbtClient *c,
                      JsonNode  *body)
{
  g_autoptr(SbtReply) reply = sbt_request_json (c, "POST", "/_plugins/_ml/connectors/_create", body);
  const char *id;

  if (reply->status != 200)
    g_test_message ("create connector: %u %s", reply->status, reply->text);
  g_assert_cmpuint (reply->status, ==, 200);
  id = json_object_get_string_member (sbt_object (reply), "connector_id");
  g_assert_nonnull (id);
  g_assert_cmpuint (strlen (id), ==, 20);
  return g_strdup (id);
}

/* Registers a remote model for a connector; returns the model id (read from the task on
 * versions that do not answer it). */
static inline char *
sbt_register_model (SbtClient  *c,
                    const char *name,
                    const char *connector_id,
                    gboolean    deploy)
{
  g_autofree char *body = g_strdup_printf (
    "{\"name\":\"%s\",\"function_name\":\"remote\",\"description\":\"test model\","
    "\"connector_id\":\"%s\"}", name, connector_id);
  g_autoptr(SbtReply) reply = sbt_request (c, "POST",
                                           deploy ? "/_plugins/_ml/models/_register?deploy=true"
                                                  : "/_plugins/_ml/models/_register", body);
  JsonObject *root;

  if (reply->status != 200)
    g_test_message ("register: %u %s", reply->status, reply->text);
  g_assert_cmpuint (reply->status, ==, 200);
  root = sbt_object (reply);
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "CREATED");
  if (json_object_has_member (root, "model_id"))
    return g_strdup (json_object_get_string_member (root, "model_id"));
  {
    g_autofree char *path = g_strdup_printf ("/_plugins/_ml/tasks/%s",
                                             json_object_get_string_member (root, "task_id"));
    g_autoptr(SbtReply) task = sbt_request (c, "GET", path, NULL);

    g_assert_cmpuint (task->status, ==, 200);
    return g_strdup (json_object_get_string_member (sbt_object (task), "model_id"));
  }
}

/* Polls GET model until model_state is `state` (or fails after timeout_ms). */
static inline void
sbt_wait_for_state (SbtClient  *c,
                    const char *model_id,
                    const char *state,
                    guint       timeout_ms)
{
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  gint64 end = cs_test_deadline (timeout_ms);
  g_autofree char *last = NULL;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(SbtReply) reply = sbt_request (c, "GET", path, NULL);

      g_assert_cmpuint (reply->status, ==, 200);
      g_free (last);
      last = g_strdup (json_object_get_string_member (sbt_object (reply), "model_state"));
      if (g_strcmp0 (last, state) == 0)
        return;
      g_usleep (50 * 1000);
    }
  g_test_message ("model %s stayed %s, wanted %s", model_id, last, state);
  g_assert_cmpstr (last, ==, state);
}

/* A fresh private folder for the files of one test (the sandbox's --state, --cert-out). */
static inline char *
sbt_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-sandbox-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* g_test_init() without G_TEST_OPTION_ISOLATE_DIRS: these tests use no user folder, and GLib
 * 2.74 leaks the isolated folder names of every test case but the last (LeakSanitizer). */
#define SBT_TEST_INIT(argc, argv) g_test_init ((argc), (argv), NULL)

/* ---- a sandbox with its stdin fed (for --password-stdin / --aws-secret-key-stdin) ------- */

typedef struct
{
  GSubprocess *process;
  char        *url;
} SbtProcess;

static inline SbtProcess *
sbt_process_start (const char          *stdin_text,
                   const char * const  *args)
{
  const char *bin = g_getenv ("CS_SANDBOX_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GOutputStream *in;
  SbtProcess *p = g_new0 (SbtProcess, 1);

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  p->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                  &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (p->process);
  g_output_stream_write_all (in, stdin_text, strlen (stdin_text), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->process));
  p->url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p->url);
  return p;
}

static inline void
sbt_process_stop (SbtProcess *p)
{
  g_autoptr(GError) error = NULL;

  if (p == NULL)
    return;
  g_subprocess_send_signal (p->process, SIGTERM);
  g_subprocess_wait (p->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (p->process));
  g_assert_cmpint (g_subprocess_get_exit_status (p->process), ==, 0);
  g_object_unref (p->process);
  g_free (p->url);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbtProcess, sbt_process_stop)
