/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-error.h"
#include "cs-json.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/*
 * Answers no cluster should give, from a small HTTP server in the test: a
 * GSocketService that reads a request's head and writes a canned answer (or
 * nothing at all).
 */

typedef struct
{
  GSocketService *service;
  char           *url;
  GBytes         *head;        /* status line and headers; NULL: never answer */
  GBytes         *body;        /* sent after head, repeat times */
  guint           repeat;
  guint           n_requests;
} RawServer;

/* A connection keeps its own references: it may outlive its test's server. */
typedef struct
{
  GBytes            *head;
  GBytes            *body;
  guint              repeat;
  GSocketConnection *connection;
  GString           *request;
  char               buffer[4096];
  guint              sent;
} RawClient;

static void raw_client_write_next (RawClient *client);

static void
raw_client_free (RawClient *client)
{
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_object_unref (client->connection);
  g_clear_pointer (&client->head, g_bytes_unref);
  g_clear_pointer (&client->body, g_bytes_unref);
  g_string_free (client->request, TRUE);
  g_free (client);
}

static void
raw_client_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  RawClient *client = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      raw_client_free (client);
      return;
    }
  raw_client_write_next (client);
}

static void
raw_client_write_next (RawClient *client)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));
  GBytes *bytes;

  if (client->sent == 0)
    bytes = client->head;
  else if (client->body != NULL && client->sent <= client->repeat)
    bytes = client->body;
  else
    {
      raw_client_free (client);
      return;
    }
  client->sent++;
  g_output_stream_write_all_async (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, NULL, raw_client_written_cb, client);
}

static void
raw_client_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RawClient *client = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      raw_client_free (client);
      return;
    }
  g_string_append_len (client->request, client->buffer, n);
  /* The head is read; bodies of the requests sent here are small and ignored. */
  if (strstr (client->request->str, "\r\n\r\n") != NULL && client->head != NULL)
    {
      raw_client_write_next (client);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), client->buffer, sizeof client->buffer,
                             G_PRIORITY_DEFAULT, NULL, raw_client_read_cb, client);
}

static gboolean
raw_incoming_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 gpointer           user_data)
{
  RawServer *server = user_data;
  RawClient *client = g_new0 (RawClient, 1);

  server->n_requests++;
  client->head = server->head != NULL ? g_bytes_ref (server->head) : NULL;
  client->body = server->body != NULL ? g_bytes_ref (server->body) : NULL;
  client->repeat = server->repeat;
  client->connection = g_object_ref (connection);
  client->request = g_string_new (NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT, NULL,
                             raw_client_read_cb, client);
  return TRUE;
}

static RawServer *
raw_server_new (const char *scheme)
{
  RawServer *server = g_new0 (RawServer, 1);
  g_autoptr(GError) error = NULL;
  guint16 port;

  server->service = g_socket_service_new ();
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service), NULL, &error);
  g_assert_no_error (error);
  server->url = g_strdup_printf ("%s://127.0.0.1:%u/", scheme, port);
  g_signal_connect (server->service, "incoming", G_CALLBACK (raw_incoming_cb), server);
  g_socket_service_start (server->service);
  return server;
}

static void
raw_server_answer (RawServer  *server,
                   guint       status,
                   const char *body,
                   gssize      length)
{
  gsize size = length < 0 ? strlen (body) : (gsize) length;
  char *head;

  g_clear_pointer (&server->head, g_bytes_unref);
  g_clear_pointer (&server->body, g_bytes_unref);
  head = g_strdup_printf ("HTTP/1.1 %u Whatever\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          status, size);
  server->head = g_bytes_new_take (head, strlen (head));
  server->body = g_bytes_new (body, size);
  server->repeat = 1;
}

static void
raw_server_free (RawServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_clear_pointer (&server->head, g_bytes_unref);
  g_clear_pointer (&server->body, g_bytes_unref);
  g_free (server->url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

static JsonNode *
request_full (CsClient        *client,
              const char      *path,
              CsRequestFlags   flags,
              JsonNode       **error_body,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_client_request_async (client, "GET", path, NULL, flags, NULL, cs_test_store_result,
                           &result);
  cs_test_wait_for_result (&result, 60000);
  return cs_client_request_finish_full (client, result, NULL, error_body, error);
}

static JsonNode *
request (CsClient    *client,
         GError     **error)
{
  return request_full (client, "", CS_REQUEST_FLAGS_NONE, NULL, error);
}

static CsClient *
client_for (const char *url)
{
  g_autoptr(GError) error = NULL;
  CsClient *client = cs_client_new_for_url (url, &error);

  g_assert_no_error (error);
  return client;
}

static char *
deep_json (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, "{\"a\":[");
  for (guint i = 0; i < depth; i++)
    g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

static void
test_deep_answer (void)
{
  g_autoptr(RawServer) server = raw_server_new ("http");
  g_autoptr(CsClient) client = client_for (server->url);
  g_autofree char *deep = deep_json (100000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;

  /* A success answer: json-glib overflowed the stack before the depth limit. */
  raw_server_answer (server, 200, deep, -1);
  node = request (client, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "levels deep"));
  g_clear_error (&error);

  /* An error answer is parsed for its envelope too. */
  raw_server_answer (server, 500, deep, -1);
  node = request_full (client, "", CS_REQUEST_FLAGS_NONE, &error_body, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);
  g_assert_null (error_body);
}

static void
test_invalid_utf8_answer (void)
{
  g_autoptr(RawServer) server = raw_server_new ("http");
  g_autoptr(CsClient) client = client_for (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  JsonObject *object;

  /* json-glib turns the escape \360 into a lone byte 0xF0. */
  raw_server_answer (server, 200, "{\"name\": \"model \\360\", \"n\\377\": 1}", -1);
  node = request (client, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "model \xef\xbf\xbd");
  g_assert_true (json_object_has_member (object, "n\xef\xbf\xbd"));

  raw_server_answer (server, 400, "{\"error\": {\"reason\": \"bad \\360 thing\"}}", -1);
  g_clear_pointer (&node, json_node_unref);
  node = request_full (client, "", CS_REQUEST_FLAGS_NONE, &error_body, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_utf8_validate (cs_error_get_server_reason (error), -1, NULL));
  g_assert_nonnull (error_body);
}

static void
test_oversize_announced (void)
{
  g_autoptr(RawServer) server = raw_server_new ("http");
  g_autoptr(CsClient) client = client_for (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %u\r\nConnection: close\r\n\r\n",
                                           (guint) CS_CLIENT_MAX_ANSWER + 1);
  gint64 start = g_get_monotonic_time ();

  /* Announced, and refused before a byte of the body is read. */
  server->head = g_bytes_new (head, strlen (head));
  server->body = g_bytes_new_static ("[", 1);
  server->repeat = 1;
  node = request (client, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than 16.0"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_oversize_streamed (void)
{
  g_autoptr(RawServer) server = raw_server_new ("http");
  g_autoptr(CsClient) client = client_for (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Connection: close\r\n\r\n";
  g_autofree char *chunk = g_strnfill (1024 * 1024, ' ');

  /* No length announced: read until the limit, then refused. 1 GiB cost
   * about 4 GiB before. */
  server->head = g_bytes_new_static (head, strlen (head));
  server->body = g_bytes_new (chunk, 1024 * 1024);
  server->repeat = 1024;
  node = request (client, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than 16.0"));
  g_assert_cmpuint (server->n_requests, ==, 1);
}

static void
test_large_answer_allowed (void)
{
  g_autoptr(RawServer) server = raw_server_new ("http");
  g_autoptr(CsClient) client = client_for (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize size = CS_CLIENT_MAX_ANSWER + 1024 * 1024;
  g_autofree char *body = g_malloc (size);

  /* A predict answer may be larger than the others ("text": "xxx…"). */
  memset (body, 'x', size);
  memcpy (body, "{\"t\":\"", 6);
  memcpy (body + size - 2, "\"}", 2);
  raw_server_answer (server, 200, body, (gssize) size);
  node = request_full (client, "", CS_REQUEST_FLAGS_LARGE_ANSWER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "t")),
                    ==, size - 8);
  g_clear_pointer (&node, json_node_unref);

  node = request (client, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

static void
test_https_to_plain_stall (void)
{
  g_autoptr(RawServer) server = raw_server_new ("https");
  g_autoptr(CsClient) client = client_for (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* A plain HTTP server waits for the end of a request head that a TLS
   * ClientHello never sends. */
  cs_client_set_timeout (client, 3);
  node = request (client, &error);
  g_test_message ("stall: %s", error->message);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "http://"));
}

static void
test_https_to_plain_sandbox (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  g_autofree char *url = NULL;
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  url = g_strconcat ("https", strchr (cs_test_sandbox_get_url (sandbox), ':'), NULL);
  client = client_for (url);
  cs_client_set_timeout (client, 3);
  node = request (client, &error);
  g_test_message ("sandbox: %s", error->message);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "http://"));
}

static void
test_http_to_tls_sandbox (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", NULL);
  g_autofree char *url = NULL;
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_true (g_str_has_prefix (cs_test_sandbox_get_url (sandbox), "https://"));
  url = g_strconcat ("http", strchr (cs_test_sandbox_get_url (sandbox), ':'), NULL);
  client = client_for (url);
  cs_client_set_timeout (client, 3);
  node = request (client, &error);
  g_test_message ("tls: %s", error->message);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_assert_null (strstr (error->message, "Try again"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hostile/deep-answer", test_deep_answer);
  g_test_add_func ("/hostile/invalid-utf8-answer", test_invalid_utf8_answer);
  g_test_add_func ("/hostile/oversize-announced", test_oversize_announced);
  g_test_add_func ("/hostile/oversize-streamed", test_oversize_streamed);
  g_test_add_func ("/hostile/large-answer-allowed", test_large_answer_allowed);
  g_test_add_func ("/scheme/https-to-plain-stall", test_https_to_plain_stall);
  g_test_add_func ("/scheme/https-to-plain-sandbox", test_https_to_plain_sandbox);
  g_test_add_func ("/scheme/http-to-tls-sandbox", test_http_to_tls_sandbox);

  return g_test_run ();
}
