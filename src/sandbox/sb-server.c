/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-server"

#include "config.h"

#include "sb-server.h"

#include "sb-cluster.h"
#include "sb-connectors.h"
#include "sb-ids.h"
#include "sb-json.h"
#include "sb-models.h"
#include "sb-predict.h"
#include "sb-sigv4.h"
#include "sb-tls.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_RECORDED 500

static const char * const bedrock_errors[] = {
  "throttling", "expired-token", "invalid-signature", "access-denied", "internal", "timeout",
  "empty-error", "empty-success", NULL,
};

/* ---- small things ----------------------------------------------------------------------- */

void
sb_config_clear (SbConfig *config)
{
  g_free (config->cert_file);
  g_free (config->key_file);
  g_free (config->cert_out);
  g_free (config->user);
  if (config->password != NULL)
    explicit_bzero (config->password, strlen (config->password));
  g_free (config->password);
  g_free (config->ro_user);
  if (config->ro_password != NULL)
    explicit_bzero (config->ro_password, strlen (config->ro_password));
  g_free (config->ro_password);
  g_free (config->version);
  g_free (config->region);
  g_free (config->aws_access_key);
  if (config->aws_secret_key != NULL)
    explicit_bzero (config->aws_secret_key, strlen (config->aws_secret_key));
  g_free (config->aws_secret_key);
  g_strfreev (config->faults);
  g_free (config->state_file);
}

void
sb_failure_set (SbFailure  *failure,
                guint       status,
                const char *type,
                const char *format,
                ...)
{
  va_list ap;

  g_free (failure->reason);
  failure->status = status;
  failure->type = type;
  va_start (ap, format);
  failure->reason = g_strdup_vprintf (format, ap);
  va_end (ap);
}

void
sb_failure_clear (SbFailure *failure)
{
  g_clear_pointer (&failure->reason, g_free);
}

gboolean
sb_server_version_at_least (SbServer *server,
                            guint     major,
                            guint     minor)
{
  return server->config->major > major
         || (server->config->major == major && server->config->minor >= minor);
}

gboolean
sb_server_url_trusted (SbServer   *server,
                       const char *url)
{
  return sb_cluster_url_trusted (server, url);
}

const char *
sb_server_get_url (SbServer *server)
{
  return server->base_url;
}

JsonNode *
sb_write_response (const char *index,
                   const char *id,
                   JsonObject *doc,
                   const char *result,
                   gint64      version,
                   gint64      seq_no)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_index");
  json_builder_add_string_value (b, index);
  json_builder_set_member_name (b, "_id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "_version");
  json_builder_add_int_value (b, doc ? json_object_get_int_member (doc, "_version") : version);
  json_builder_set_member_name (b, "result");
  json_builder_add_string_value (b, result);
  json_builder_set_member_name (b, "forced_refresh");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "_shards");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "successful");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "failed");
  json_builder_add_int_value (b, 0);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "_seq_no");
  json_builder_add_int_value (b, doc ? json_object_get_int_member (doc, "_seq_no") : seq_no);
  json_builder_set_member_name (b, "_primary_term");
  json_builder_add_int_value (b, 1);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- requests --------------------------------------------------------------------------- */

SbRequest *
sb_request_ref (SbRequest *req)
{
  req->ref_count++;
  return req;
}

void
sb_request_unref (SbRequest *req)
{
  if (--req->ref_count > 0)
    return;
  g_signal_handlers_disconnect_by_data (req->msg, req);
  g_object_unref (req->msg);
  g_free (req->method);
  g_free (req->raw_path);
  g_free (req->path);
  g_free (req->uri);
  g_hash_table_unref (req->query);
  g_strfreev (req->segs);
  g_bytes_unref (req->body);
  g_clear_pointer (&req->trickle_body, g_bytes_unref);
  g_free (req->user);
  if (req->fault != NULL)
    sb_fault_unref (req->fault);
  g_free (req);
}

const char *
sb_request_query (SbRequest  *req,
                  const char *name)
{
  return g_hash_table_lookup (req->query, name);
}

gboolean
sb_request_query_bool (SbRequest  *req,
                       const char *name)
{
  const char *value = sb_request_query (req, name);

  /* OpenSearch's paramAsBoolean: a bare "?flag" counts as true. */
  if (value == NULL)
    return FALSE;
  return *value == '\0' || g_str_equal (value, "true");
}

gboolean
sb_request_has_body (SbRequest *req)
{
  return req->body != NULL && g_bytes_get_size (req->body) > 0;
}

gboolean
sb_request_parse_body (SbRequest  *req,
                       JsonNode  **out)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data;

  *out = NULL;
  if (!sb_request_has_body (req))
    return TRUE;
  data = g_bytes_get_data (req->body, &len);
  *out = sb_json_parse (data, len, &error);
  if (*out == NULL && error != NULL)
    {
      sb_request_reply_errorf (req, 400, "json_parse_exception",
                               "Unexpected character in the request body: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
sb_request_pause (SbRequest *req)
{
  if (req->paused)
    return;
  req->paused = TRUE;
  soup_server_message_pause (req->msg);
}

static void
record (SbRequest *req,
        guint      status)
{
  SbServer *s = req->server;
  JsonObject *entry = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  /* Only what is needed to tell requests apart; never headers or bodies (secrets). */
  json_object_set_string_member (entry, "method", req->method);
  json_object_set_string_member (entry, "path", req->path);
  json_object_set_int_member (entry, "status", status);
  json_object_set_int_member (entry, "time", sb_now_ms ());
  if (req->fault != NULL)
    json_object_set_int_member (entry, "fault", req->fault->id);
  json_node_take_object (node, entry);
  g_queue_push_tail (s->recorded, node);
  while (g_queue_get_length (s->recorded) > MAX_RECORDED)
    json_node_unref (g_queue_pop_head (s->recorded));
}

typedef struct
{
  GIOStream *stream;
  GBytes    *bytes;
} RawWrite;

static void
raw_closed_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), res, NULL);
  g_object_unref (source);
}

static void
raw_written_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      data)
{
  RawWrite *w = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), res, NULL, NULL);
  g_io_stream_close_async (w->stream, G_PRIORITY_DEFAULT, NULL, raw_closed_cb, NULL);
  g_bytes_unref (w->bytes);
  g_free (w);
}

/* The socket under a stolen connection: libsoup wraps it in its own stream, TLS in another. */
static GSocket *
stream_socket (GIOStream *stream)
{
  g_autoptr(GIOStream) at = g_object_ref (stream);

  for (guint depth = 0; depth < 4 && at != NULL; depth++)
    {
      GObjectClass *klass = G_OBJECT_GET_CLASS (at);
      const char *prop = NULL;
      GIOStream *base = NULL;

      if (G_IS_SOCKET_CONNECTION (at))
        return g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (at)));
      if (g_object_class_find_property (klass, "base-iostream") != NULL)
        prop = "base-iostream";
      else if (g_object_class_find_property (klass, "base-io-stream") != NULL)
        prop = "base-io-stream";
      if (prop == NULL)
        return NULL;
      g_object_get (at, prop, &base, NULL);
      g_clear_object (&at);
      at = base;
    }
  return NULL;
}

/* Drops the connection with a TCP reset and without any answer. */
static void
deliver_reset (SbRequest *req)
{
  GIOStream *stream = soup_server_message_steal_connection (req->msg);
  g_autoptr(GSocket) socket = stream ? stream_socket (stream) : NULL;

  if (socket != NULL)
    {
      struct linger lin = { 1, 0 };

      if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lin, sizeof lin) != 0)
        g_debug ("SO_LINGER: %s", g_strerror (errno));
      g_socket_close (socket, NULL);
    }
  g_clear_object (&stream);
}

/* Announces the whole body but sends only half of it, then closes. */
static void
deliver_truncated (SbRequest  *req,
                   guint       status,
                   const char *content_type,
                   const char *body,
                   gsize       length)
{
  GIOStream *stream = soup_server_message_steal_connection (req->msg);
  GString *raw;
  RawWrite *w;

  if (stream == NULL)
    return;
  raw = g_string_new (NULL);
  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %"
                          G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          status, soup_status_get_phrase (status), content_type, length);
  g_string_append_len (raw, body, (gssize) (length / 2));
  w = g_new0 (RawWrite, 1);
  w->stream = stream;
  w->bytes = g_string_free_to_bytes (raw);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (w->bytes, NULL), g_bytes_get_size (w->bytes),
                                   G_PRIORITY_DEFAULT, NULL, raw_written_cb, w);
}

/* Timers that hold a request (latency, trickle) are tracked so that a shutdown can drop them. */
static void
timer_start (SbRequest   *req,
             guint        interval_ms,
             GSourceFunc  func)
{
  req->timer = g_timeout_add (interval_ms, func, sb_request_ref (req));
  g_hash_table_add (req->server->timed, req);
}

static void
timer_done (SbRequest *req)
{
  req->timer = 0;
  g_hash_table_remove (req->server->timed, req);
  sb_request_unref (req);
}

static gboolean
trickle_cb (gpointer data)
{
  SbRequest *req = data;
  gsize len = g_bytes_get_size (req->trickle_body);
  gsize chunk = MIN ((gsize) 16, len - req->trickle_offset);
  SoupMessageBody *body;

  if (req->disconnected)
    goto done;
  body = soup_server_message_get_response_body (req->msg);
  if (chunk > 0)
    soup_message_body_append (body, SOUP_MEMORY_COPY,
                              (const char *) g_bytes_get_data (req->trickle_body, NULL)
                              + req->trickle_offset, chunk);
  req->trickle_offset += chunk;
  if (req->trickle_offset >= len)
    soup_message_body_complete (body);
  soup_server_message_unpause (req->msg);
  if (req->trickle_offset < len)
    return G_SOURCE_CONTINUE;

done:
  timer_done (req);
  return G_SOURCE_REMOVE;
}

void
sb_request_reply_raw (SbRequest  *req,
                      guint       status,
                      const char *content_type,
                      const char *body,
                      gsize       length)
{
  SoupMessageHeaders *headers;

  if (req->done)
    {
      g_warning ("a second answer for %s %s", req->method, req->path);
      return;
    }
  req->done = TRUE;
  record (req, status);
  g_debug ("%s %s -> %u", req->method, req->uri, status);
  if (req->disconnected)
    return;

  if (req->fault != NULL && req->fault->truncate)
    {
      deliver_truncated (req, status, content_type, body, length);
      return;
    }

  soup_server_message_set_status (req->msg, status, NULL);
  headers = soup_server_message_get_response_headers (req->msg);
  if (req->fault != NULL && req->fault->trickle)
    {
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_replace (headers, "Content-Type", content_type);
      req->trickle_body = g_bytes_new (body, length);
      sb_request_pause (req);
      timer_start (req, req->fault->trickle_ms, trickle_cb);
      return;
    }

  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY, body, length);
  if (req->paused)
    soup_server_message_unpause (req->msg);
}

void
sb_request_reply_json (SbRequest *req,
                       guint      status,
                       JsonNode  *body)
{
  g_autofree char *text = sb_json_to_string (body);

  json_node_unref (body);
  sb_request_reply_raw (req, status, "application/json; charset=UTF-8", text, strlen (text));
}

void
sb_request_reply_error (SbRequest  *req,
                        guint       status,
                        const char *type,
                        const char *reason)
{
  sb_request_reply_json (req, status, sb_error_envelope (type, reason, status));
}

void
sb_request_reply_errorf (SbRequest  *req,
                         guint       status,
                         const char *type,
                         const char *format,
                         ...)
{
  va_list ap;
  g_autofree char *reason = NULL;

  va_start (ap, format);
  reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  sb_request_reply_error (req, status, type, reason);
}

void
sb_request_reply_failure (SbRequest *req,
                          SbFailure *failure)
{
  sb_request_reply_error (req, failure->status ? failure->status : 500,
                          failure->type ? failure->type : "m_l_exception",
                          failure->reason ? failure->reason : "unknown failure");
  sb_failure_clear (failure);
}

static void
reply_string_error (SbRequest  *req,
                    guint       status,
                    gboolean    with_status,
                    const char *format,
                    ...) G_GNUC_PRINTF (4, 5);

/* OpenSearch's plain errors: {"error":"<text>"} (plus "status" for some). */
static void
reply_string_error (SbRequest  *req,
                    guint       status,
                    gboolean    with_status,
                    const char *format,
                    ...)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  json_object_set_string_member (obj, "error", text);
  if (with_status)
    json_object_set_int_member (obj, "status", status);
  json_node_take_object (node, obj);
  sb_request_reply_json (req, status, node);
}

/* ---- the control API (/_sandbox/) ------------------------------------------------------- */

static JsonNode *
faults_json (SbServer *s)
{
  JsonArray *arr = json_array_new ();
  JsonArray *failing = json_array_new ();
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < s->faults->len; i++)
    json_array_add_element (arr, sb_fault_to_json (g_ptr_array_index (s->faults, i)));
  for (guint i = 0; i < s->failing_nodes->len; i++)
    json_array_add_int_element (failing, g_array_index (s->failing_nodes, guint, i));
  json_object_set_array_member (obj, "faults", arr);
  json_object_set_array_member (obj, "failing_nodes", failing);
  json_node_take_object (node, obj);
  return node;
}

static void
control_info (SbRequest *req)
{
  SbServer *s = req->server;
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_boolean_member (obj, "simulated", TRUE);
  json_object_set_string_member (obj, "opensearch_version", s->config->version);
  json_object_set_boolean_member (obj, "aws_managed", s->config->aws_managed);
  json_object_set_boolean_member (obj, "ml_commons", !s->config->no_ml);
  json_object_set_array_member (obj, "nodes",
                                json_array_ref (sb_state_nodes (s->state, s->config->nodes)));
  json_object_set_int_member (obj, "deploy_delay_ms", s->config->deploy_delay_ms);
  if (s->forced_bedrock_error != NULL)
    json_object_set_string_member (obj, "forced_bedrock_error", s->forced_bedrock_error);
  else
    json_object_set_null_member (obj, "forced_bedrock_error");
  json_node_take_object (node, obj);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

static void
control_faults_get (SbRequest *req)
{
  sb_request_reply_json (req, SOUP_STATUS_OK, faults_json (req->server));
}

static void
control_faults_add (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  const char *spec;
  SbFault *fault = NULL;
  g_autoptr(GError) error = NULL;

  if (!sb_request_parse_body (req, &body))
    return;
  spec = body && JSON_NODE_HOLDS_OBJECT (body)
         ? sb_json_get_string (json_node_get_object (body), "spec") : NULL;
  if (spec == NULL)
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              "POST /_sandbox/faults wants {\"spec\": \"<fault spec>\"}");
      return;
    }
  if (!sb_fault_parse (spec, &fault, s->failing_nodes, &error))
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception", error->message);
      return;
    }
  if (fault != NULL)
    g_ptr_array_add (s->faults, fault);
  sb_request_reply_json (req, SOUP_STATUS_OK, faults_json (s));
}

static void
control_faults_clear (SbRequest *req)
{
  SbServer *s = req->server;

  if (req->n_segs == 3)
    {
      guint64 id = g_ascii_strtoull (req->segs[2], NULL, 10);
      for (guint i = 0; i < s->faults->len; i++)
        if (((SbFault *) g_ptr_array_index (s->faults, i))->id == id)
          {
            g_ptr_array_remove_index (s->faults, i);
            break;
          }
    }
  else
    {
      g_ptr_array_set_size (s->faults, 0);
      g_array_set_size (s->failing_nodes, 0);
    }
  sb_request_reply_json (req, SOUP_STATUS_OK, faults_json (s));
}

static void
control_bedrock_error (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  JsonNode *value;
  JsonObject *obj;
  JsonNode *node;

  if (!sb_request_parse_body (req, &body))
    return;
  value = body && JSON_NODE_HOLDS_OBJECT (body)
          ? json_object_get_member (json_node_get_object (body), "error") : NULL;
  if (value == NULL || !(JSON_NODE_HOLDS_NULL (value)
                         || (JSON_NODE_HOLDS_VALUE (value)
                             && json_node_get_value_type (value) == G_TYPE_STRING
                             && g_strv_contains (bedrock_errors, json_node_get_string (value)))))
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              "POST /_sandbox/bedrock-error wants {\"error\": one of "
                              "\"throttling\", \"expired-token\", \"invalid-signature\", "
                              "\"access-denied\", \"internal\", \"timeout\", \"empty-error\", "
                              "\"empty-success\" or null}");
      return;
    }
  g_clear_pointer (&s->forced_bedrock_error, g_free);
  if (!JSON_NODE_HOLDS_NULL (value))
    s->forced_bedrock_error = g_strdup (json_node_get_string (value));

  obj = json_object_new ();
  node = json_node_new (JSON_NODE_OBJECT);
  if (s->forced_bedrock_error)
    json_object_set_string_member (obj, "forced_bedrock_error", s->forced_bedrock_error);
  else
    json_object_set_null_member (obj, "forced_bedrock_error");
  json_node_take_object (node, obj);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

static void
control_requests_get (SbRequest *req)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (GList *l = req->server->recorded->head; l != NULL; l = l->next)
    json_array_add_element (arr, json_node_copy (l->data));
  json_node_take_array (node, arr);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

static void
control_requests_clear (SbRequest *req)
{
  g_queue_clear_full (req->server->recorded, (GDestroyNotify) json_node_unref);
  sb_request_reply_json (req, SOUP_STATUS_OK, json_node_init_object (json_node_alloc (),
                                                                     json_object_new ()));
}

/* ---- routing ---------------------------------------------------------------------------- */

typedef struct
{
  const char  *method;
  const char  *pattern;     /* "*" matches one segment */
  SbRouteFunc  func;
  const char  *action;      /* security action; NULL = the control API */
  gboolean     write;
  guint        since_major, since_minor;
} Route;

#define MLA "cluster:admin/opensearch/ml/"

/* Literal segments before wildcards, as OpenSearch's path trie tries explicit matches first. */
static const Route routes[] = {
  { "GET", "", sb_cluster_main, "cluster:monitor/main", FALSE, 0, 0 },
  { "HEAD", "", sb_cluster_main, "cluster:monitor/main", FALSE, 0, 0 },
  { "GET", "_cat/plugins", sb_cluster_cat_plugins, "cluster:monitor/nodes/info", FALSE, 0, 0 },
  { "GET", "_cluster/settings", sb_cluster_get_settings, "cluster:monitor/state", FALSE, 0, 0 },
  { "GET", "_cluster/health", sb_cluster_health, "cluster:monitor/health", FALSE, 0, 0 },
  { "GET", "_nodes/plugins", sb_cluster_nodes_plugins, "cluster:monitor/nodes/info", FALSE, 0, 0 },
  { "PUT", "_cluster/settings", sb_cluster_put_settings, "cluster:admin/settings/update", TRUE, 0, 0 },

  { "POST", "_plugins/_ml/connectors/_create", sb_connectors_create, MLA "create_connector", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/connectors/_search", sb_connectors_search, MLA "connectors/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/connectors/_search", sb_connectors_search, MLA "connectors/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/connectors/*", sb_connectors_get, MLA "connectors/get", FALSE, 0, 0 },
  { "PUT", "_plugins/_ml/connectors/*", sb_connectors_update, MLA "connectors/update", TRUE, 2, 11 },
  { "DELETE", "_plugins/_ml/connectors/*", sb_connectors_delete, MLA "connectors/delete", TRUE, 0, 0 },

  { "POST", "_plugins/_ml/models/_register", sb_models_register, MLA "register_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/_upload", sb_models_register, MLA "register_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/_search", sb_models_search, MLA "models/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/models/_search", sb_models_search, MLA "models/search", FALSE, 0, 0 },
  { "POST", "_plugins/_ml/models/_undeploy", sb_models_undeploy_many, MLA "undeploy_models", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/_unload", sb_models_undeploy_many, MLA "undeploy_models", TRUE, 0, 0 },
  { "GET", "_plugins/_ml/models/*", sb_models_get, MLA "models/get", FALSE, 0, 0 },
  { "DELETE", "_plugins/_ml/models/*", sb_models_delete, MLA "models/delete", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_deploy", sb_models_deploy, MLA "deploy_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_load", sb_models_deploy, MLA "deploy_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_undeploy", sb_models_undeploy, MLA "undeploy_models", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_unload", sb_models_undeploy, MLA "undeploy_models", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_predict", sb_models_predict, MLA "predict", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/_predict/*/*", sb_models_predict, MLA "predict", TRUE, 0, 0 },

  { "POST", "_plugins/_ml/tasks/_search", sb_tasks_search, MLA "tasks/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/tasks/_search", sb_tasks_search, MLA "tasks/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/tasks/*", sb_tasks_get, MLA "tasks/get", FALSE, 0, 0 },

  { "POST", "_plugins/_ml/model_groups/_register", sb_model_groups_register, MLA "register_model_group", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/model_groups/_search", sb_model_groups_search, MLA "model_groups/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/model_groups/_search", sb_model_groups_search, MLA "model_groups/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/model_groups/*", sb_model_groups_get, MLA "model_groups/get", FALSE, 0, 0 },

  { "GET", "_sandbox", control_info, NULL, FALSE, 0, 0 },
  { "GET", "_sandbox/faults", control_faults_get, NULL, FALSE, 0, 0 },
  { "POST", "_sandbox/faults", control_faults_add, NULL, TRUE, 0, 0 },
  { "DELETE", "_sandbox/faults", control_faults_clear, NULL, TRUE, 0, 0 },
  { "DELETE", "_sandbox/faults/*", control_faults_clear, NULL, TRUE, 0, 0 },
  { "POST", "_sandbox/bedrock-error", control_bedrock_error, NULL, TRUE, 0, 0 },
  { "GET", "_sandbox/requests", control_requests_get, NULL, FALSE, 0, 0 },
  { "DELETE", "_sandbox/requests", control_requests_clear, NULL, TRUE, 0, 0 },
};

static gboolean
path_matches (const char *pattern,
              char      **segs,
              guint       n_segs)
{
  g_auto(GStrv) parts = *pattern ? g_strsplit (pattern, "/", -1) : g_new0 (char *, 1);

  if (g_strv_length (parts) != n_segs)
    return FALSE;
  for (guint i = 0; i < n_segs; i++)
    if (!g_str_equal (parts[i], "*") && !g_str_equal (parts[i], segs[i]))
      return FALSE;
  return TRUE;
}

static void
dispatch (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  gboolean ml = req->n_segs >= 2 && g_str_equal (req->segs[0], "_plugins")
                && g_str_equal (req->segs[1], "_ml");

  if (!(ml && s->config->no_ml))
    for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
      {
        const Route *r = &routes[i];

        if (!sb_server_version_at_least (s, r->since_major, r->since_minor))
          continue;
        if (!path_matches (r->pattern, req->segs, req->n_segs))
          continue;
        if (!g_str_equal (r->method, req->method))
          {
            if (!g_ptr_array_find_with_equal_func (allowed, r->method, g_str_equal, NULL))
              g_ptr_array_add (allowed, (gpointer) r->method);
            continue;
          }

        req->action = r->action;
        if (r->write && req->read_only)
          {
            g_autofree char *reason = g_strdup_printf (
              "no permissions for [%s] and User [name=%s, backend_roles=[], requestedTenant=null]",
              r->action ? r->action : "cluster:admin/sandbox/control", req->user);
            sb_request_reply_error (req, 403, "security_exception", reason);
            return;
          }
        r->func (req);
        return;
      }

  if (allowed->len > 0)
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < allowed->len; i++)
        g_string_append_printf (list, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (allowed, i));
      reply_string_error (req, 405, TRUE,
                          "Incorrect HTTP method for uri [%s] and method [%s], allowed: [%s]",
                          req->uri, req->method, list->str);
      g_string_free (list, TRUE);
      return;
    }
  reply_string_error (req, 400, FALSE, "no handler found for uri [%s] and method [%s]",
                      req->uri, req->method);
}

/* ---- authentication --------------------------------------------------------------------- */

static gboolean
secure_equal (const char *a,
              const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guchar diff = (guchar) (la != lb);

  for (gsize i = 0; i < MAX (la, lb); i++)
    diff |= (guchar) (a[i < la ? i : 0] ^ b[i < lb ? i : 0]);
  return diff == 0 && la == lb;
}

static void
reply_unauthorized (SbRequest *req)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "WWW-Authenticate", "Basic realm=\"OpenSearch Security\"");
  sb_request_reply_raw (req, 401, "text/plain; charset=UTF-8", "Unauthorized",
                        strlen ("Unauthorized"));
}

static void
reply_aws_message (SbRequest  *req,
                   const char *key,
                   const char *message)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "x-amzn-ErrorType", "AccessDeniedException");
  json_object_set_string_member (obj, key, message);
  json_node_take_object (node, obj);
  sb_request_reply_json (req, 403, node);
}

static GHashTable *
lower_headers (SoupMessageHeaders *headers)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      char *lower = g_ascii_strdown (name, -1);
      const char *old = g_hash_table_lookup (out, lower);

      if (old != NULL)
        g_hash_table_replace (out, lower, g_strconcat (old, ",", value, NULL));
      else
        g_hash_table_replace (out, lower, g_strdup (value));
    }
  return out;
}

/* FALSE when the request was refused (and answered). */
static gboolean
authenticate (SbRequest *req)
{
  SbConfig *c = req->server->config;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");

  if (c->aws_access_key != NULL && auth != NULL && g_str_has_prefix (auth, "AWS4-HMAC-SHA256"))
    {
      g_autoptr(GHashTable) lower = lower_headers (headers);
      g_autofree char *message = NULL;
      GUri *uri = soup_server_message_get_uri (req->msg);

      if (!sb_sigv4_verify (req->method, req->raw_path, g_uri_get_query (uri), lower, req->body,
                            c->aws_access_key, c->aws_secret_key, c->region, "es",
                            g_get_real_time () / G_USEC_PER_SEC, &message))
        {
          reply_aws_message (req, "message", message);
          return FALSE;
        }
      req->user = g_strdup ("arn:aws:iam::123456789012:user/connector-studio-sandbox");
      return TRUE;
    }

  if (c->user != NULL)
    {
      g_autofree char *decoded = NULL;
      gsize len = 0;
      char *colon;

      if (auth == NULL || g_ascii_strncasecmp (auth, "Basic ", 6) != 0)
        {
          reply_unauthorized (req);
          return FALSE;
        }
      decoded = (char *) g_base64_decode (auth + 6, &len);
      decoded = g_realloc (decoded, len + 1);
      decoded[len] = '\0';
      colon = strchr (decoded, ':');
      if (colon == NULL)
        {
          reply_unauthorized (req);
          return FALSE;
        }
      *colon = '\0';
      if (g_str_equal (decoded, c->user) && secure_equal (colon + 1, c->password))
        req->user = g_strdup (decoded);
      else if (c->ro_user != NULL && g_str_equal (decoded, c->ro_user)
               && secure_equal (colon + 1, c->ro_password))
        {
          req->user = g_strdup (decoded);
          req->read_only = TRUE;
        }
      explicit_bzero (colon + 1, strlen (colon + 1));
      if (req->user == NULL)
        {
          reply_unauthorized (req);
          return FALSE;
        }
      return TRUE;
    }

  if (c->aws_access_key != NULL)
    {
      /* An IAM-protected domain refuses anonymous requests. */
      g_autofree char *rest = g_ascii_strdown (req->method + 1, -1);
      g_autofree char *message = g_strdup_printf (
        "User: anonymous is not authorized to perform: es:ESHttp%c%s because no resource-based "
        "policy allows the es:ESHttp%c%s action", req->method[0], rest, req->method[0], rest);
      reply_aws_message (req, "Message", message);
      return FALSE;
    }
  return TRUE;
}

/* ---- the request pipeline --------------------------------------------------------------- */

static gboolean
json_content_type (SbRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && (g_str_equal (type, "application/json")
                          || g_str_equal (type, "application/x-ndjson")
                          || g_str_has_suffix (type, "+json"));
}

static void
process (SbRequest *req)
{
  SbFault *f = req->fault;

  if (f != NULL && f->reset)
    {
      req->done = TRUE;
      record (req, 0);
      deliver_reset (req);
      return;
    }
  if (f != NULL && f->html)
    {
      guint status = f->status ? f->status : 502;
      g_autofree char *html = g_strdup_printf (
        "<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n<center><h1>%u %s</h1></center>\r\n"
        "<hr><center>Connector Studio sandbox (simulated proxy)</center>\r\n</body>\r\n</html>\r\n",
        status, soup_status_get_phrase (status), status, soup_status_get_phrase (status));
      sb_request_reply_raw (req, status, "text/html", html, strlen (html));
      return;
    }
  if (f != NULL && f->status != 0)
    {
      g_autofree char *reason = g_strdup_printf ("Simulated fault: the sandbox answers %u for "
                                                 "this route", f->status);
      sb_request_reply_error (req, f->status, "status_exception", reason);
      return;
    }

  if (!authenticate (req))
    return;

  if (sb_request_has_body (req) && !json_content_type (req))
    {
      const char *type = soup_message_headers_get_one (
        soup_server_message_get_request_headers (req->msg), "Content-Type");
      reply_string_error (req, 406, TRUE, "Content-Type header [%s] is not supported",
                          type ? type : "");
      return;
    }

  dispatch (req);
}

static gboolean
latency_done_cb (gpointer data)
{
  SbRequest *req = data;

  SbRequest *keep = sb_request_ref (req);

  timer_done (req);
  if (!keep->disconnected)
    process (keep);
  sb_request_unref (keep);
  return G_SOURCE_REMOVE;
}

static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           data)
{
  SbRequest *req = data;

  req->disconnected = TRUE;
}

static void
split_query (const char *query,
             GHashTable *out)
{
  g_auto(GStrv) pairs = NULL;

  if (query == NULL || *query == '\0')
    return;
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (*pairs[i] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      name = g_uri_unescape_string (pairs[i], NULL);
      value = eq ? g_uri_unescape_string (eq + 1, NULL) : g_strdup ("");
      if (name != NULL && value != NULL)
        g_hash_table_replace (out, g_steal_pointer (&name), g_steal_pointer (&value));
    }
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  SbServer *s = data;
  SbRequest *req = g_new0 (SbRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  g_auto(GStrv) parts = NULL;
  GPtrArray *segs = g_ptr_array_new ();

  req->ref_count = 1;
  req->server = s;
  req->msg = g_object_ref (msg);
  req->method = g_strdup (soup_server_message_get_method (msg));
  req->raw_path = g_strdup (g_uri_get_path (uri));
  req->path = g_uri_unescape_string (req->raw_path, NULL);
  if (req->path == NULL)
    req->path = g_strdup (req->raw_path);
  req->uri = raw_query ? g_strdup_printf ("%s?%s", req->path, raw_query) : g_strdup (req->path);
  req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  split_query (raw_query, req->query);

  parts = g_strsplit (req->raw_path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        char *seg = g_uri_unescape_string (parts[i], NULL);
        g_ptr_array_add (segs, seg ? seg : g_strdup (parts[i]));
      }
  req->n_segs = segs->len;
  g_ptr_array_add (segs, NULL);
  req->segs = (char **) g_ptr_array_free (segs, FALSE);

  req->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), req);

  for (guint i = 0; i < s->faults->len; i++)
    {
      SbFault *f = g_ptr_array_index (s->faults, i);

      if (sb_fault_matches (f, req->method, req->path))
        {
          req->fault = sb_fault_ref (f);
          if (f->remaining > 0)
            f->remaining--;
          break;
        }
    }

  if (req->fault != NULL && req->fault->latency_ms > 0)
    {
      sb_request_pause (req);
      timer_start (req, req->fault->latency_ms, latency_done_cb);
    }
  else
    process (req);

  sb_request_unref (req);
}

/* ---- the server ------------------------------------------------------------------------- */

SbServer *
sb_server_new (SbConfig  *config,
               GError   **error)
{
  SbServer *s = g_new0 (SbServer, 1);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autofree char *pem = NULL;
  GSList *uris;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;

  s->config = config;
  s->state = sb_state_new ();
  s->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_fault_unref);
  s->failing_nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  s->recorded = g_queue_new ();
  s->deploys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, sb_models_deploy_free);
  s->timed = g_hash_table_new (NULL, NULL);
  s->cluster_uuid = sb_id_new (22);

  if (config->state_file != NULL && !sb_state_set_file (s->state, config->state_file, error))
    goto fail;
  sb_state_nodes (s->state, config->nodes);

  for (guint i = 0; config->faults != NULL && config->faults[i] != NULL; i++)
    {
      SbFault *fault = NULL;

      if (!sb_fault_parse (config->faults[i], &fault, s->failing_nodes, error))
        goto fail;
      if (fault != NULL)
        g_ptr_array_add (s->faults, fault);
    }

  if (config->tls)
    {
      if (config->cert_file != NULL)
        cert = sb_tls_load (config->cert_file, config->key_file, &pem, error);
      else
        cert = sb_tls_new_self_signed (&pem, error);
      if (cert == NULL)
        goto fail;
      if (config->cert_out != NULL
          && !g_file_set_contents (config->cert_out, pem, -1, error))
        goto fail;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  s->soup = soup_server_new ("server-header", NULL,
                             cert ? "tls-certificate" : NULL, cert, NULL);
  soup_server_add_handler (s->soup, NULL, server_cb, s, NULL);
  if (!soup_server_listen_local (s->soup, config->port, options, error))
    goto fail;

  uris = soup_server_get_uris (s->soup);
  if (uris != NULL)
    s->base_url = g_strdup_printf ("%s://127.0.0.1:%d/", config->tls ? "https" : "http",
                                   g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (s->base_url == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server has no address");
      goto fail;
    }

  sb_models_resume (s);
  sb_state_save (s->state);
  return s;

fail:
  sb_server_free (s);
  return NULL;
}

void
sb_server_free (SbServer *s)
{
  if (s == NULL)
    return;
  if (s->soup != NULL)
    soup_server_disconnect (s->soup);
  sb_models_shutdown (s);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, s->timed);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        SbRequest *req = key;

        g_source_remove (req->timer);
        req->timer = 0;
        g_hash_table_iter_remove (&iter);
        sb_request_unref (req);
      }
    g_hash_table_unref (s->timed);
  }
  g_clear_object (&s->soup);
  g_hash_table_unref (s->deploys);
  sb_state_free (s->state);
  g_ptr_array_unref (s->faults);
  g_array_unref (s->failing_nodes);
  g_free (s->forced_bedrock_error);
  g_queue_free_full (s->recorded, (GDestroyNotify) json_node_unref);
  g_free (s->cluster_uuid);
  g_free (s->base_url);
  g_free (s);
}
