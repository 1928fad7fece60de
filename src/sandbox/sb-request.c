/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-request"

/* A request as the routes see it, and every way of answering it: JSON, OpenSearch's error
 * envelopes, and the faults that spoil an answer on its way out (reset, truncate, trickle). */

#include "config.h"

#include "sb-request.h"

#include "sb-error.h"
#include "sb-json.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_RECORDED 500

/* ---- the server as a route sees it ------------------------------------------------------ */

gboolean
sb_version_at_least (SbServer *server,
                     guint     major,
                     guint     minor)
{
  return server->config->major > major
         || (server->config->major == major && server->config->minor >= minor);
}

/* ---- requests --------------------------------------------------------------------------- */

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

SbRequest *
sb_request_new (SbServer          *server,
                SoupServerMessage *msg)
{
  SbRequest *req = g_new0 (SbRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  g_auto(GStrv) parts = NULL;
  GPtrArray *segs = g_ptr_array_new ();

  req->ref_count = 1;
  req->server = server;
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
  return req;
}

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

/* Timers that hold a request (latency, trickle) are tracked so that a shutdown can drop them. */
void
sb_request_hold (SbRequest   *req,
                 guint        interval_ms,
                 GSourceFunc  func)
{
  req->timer = g_timeout_add (interval_ms, func, sb_request_ref (req));
  g_hash_table_add (req->server->timed, req);
}

void
sb_request_release (SbRequest *req)
{
  req->timer = 0;
  g_hash_table_remove (req->server->timed, req);
  sb_request_unref (req);
}

/* ---- the log of GET /_sandbox/requests -------------------------------------------------- */

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

/* ---- fault delivery --------------------------------------------------------------------- */

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

static void
raw_written_reset_cb (GObject      *source,
                      GAsyncResult *res,
                      gpointer      data)
{
  RawWrite *w = data;
  g_autoptr(GSocket) socket = stream_socket (w->stream);

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), res, NULL, NULL);
  if (socket != NULL)
    {
      struct linger lin = { 1, 0 };

      if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lin, sizeof lin) != 0)
        g_debug ("SO_LINGER: %s", g_strerror (errno));
      g_socket_close (socket, NULL);
    }
  g_object_unref (w->stream);
  g_bytes_unref (w->bytes);
  g_free (w);
}

/* Announces the whole body but sends only half of it, then closes (with_reset: drops the
 * connection with a TCP reset instead of closing it). */
static void
deliver_truncated (SbRequest  *req,
                   guint       status,
                   const char *content_type,
                   const char *body,
                   gsize       length,
                   gboolean    with_reset)
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
                                   G_PRIORITY_DEFAULT, NULL,
                                   with_reset ? raw_written_reset_cb : raw_written_cb, w);
}

/* body=… faults: what replaces the route's answer. */
#define HUGE_BODY_BYTES (10 * 1024 * 1024)
#define DEEP_BODY_LEVELS 100000

/* Every value of the answer in a wrong JSON type, the shape kept: a string
 * becomes a number (its length), a number or a boolean an object holding it
 * as "value", null stays null. */
static JsonNode *
swap_types (JsonNode *node)
{
  JsonNode *out;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (object, name, swap_types (member));
        out = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return out;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_array_new ();
        JsonArray *in = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (in); i++)
          json_array_add_element (array, swap_types (json_array_get_element (in, i)));
        out = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return out;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return json_node_init_int (json_node_alloc (),
                                   (gint64) strlen (json_node_get_string (node)));
      {
        JsonObject *holder = json_object_new ();

        json_object_set_member (holder, "value", json_node_copy (node));
        out = json_node_init_object (json_node_alloc (), holder);
        json_object_unref (holder);
        return out;
      }
    case JSON_NODE_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}

static GBytes *
spoiled_body (const char  *kind,
              const char  *body,
              gsize        length,
              const char **content_type)
{
  GString *out = g_string_new (NULL);

  if (g_str_equal (kind, "text"))
    {
      *content_type = "text/plain; charset=UTF-8";
      g_string_append (out, "Simulated fault: this answer is not JSON.\n");
    }
  else if (g_str_equal (kind, "huge"))
    {
      /* The route's answer, padded to 10 MB inside a member it does not have. */
      if (length > 1 && body[0] == '{')
        {
          gsize at;

          g_string_append (out, "{\"simulated_padding\":\"");
          at = out->len;
          g_string_set_size (out, at + HUGE_BODY_BYTES);
          memset (out->str + at, 'x', HUGE_BODY_BYTES);
          g_string_append (out, "\"");
          if (length > 2)
            g_string_append_c (out, ',');
          g_string_append_len (out, body + 1, (gssize) length - 1);
        }
      else
        {
          g_string_set_size (out, HUGE_BODY_BYTES);
          memset (out->str, ' ', HUGE_BODY_BYTES);
        }
    }
  else if (g_str_equal (kind, "deep"))
    {
      g_string_set_size (out, 2 * DEEP_BODY_LEVELS);
      memset (out->str, '[', DEEP_BODY_LEVELS);
      memset (out->str + DEEP_BODY_LEVELS, ']', DEEP_BODY_LEVELS);
    }
  else if (g_str_equal (kind, "bad-utf8"))
    {
      /* Every string of the answer ends in bytes that are not UTF-8. */
      gboolean in_string = FALSE;

      for (gsize i = 0; i < length; i++)
        {
          if (in_string && body[i] == '\\')
            {
              g_string_append_c (out, body[i++]);
              if (i < length)
                g_string_append_c (out, body[i]);
              continue;
            }
          if (body[i] == '"')
            {
              if (in_string)
                g_string_append (out, "\xff\xfe");
              in_string = !in_string;
            }
          g_string_append_c (out, body[i]);
        }
    }
  else if (g_str_equal (kind, "swap-types"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, body, (gssize) length, NULL)
          && json_parser_get_root (parser) != NULL)
        {
          g_autoptr(JsonNode) swapped = swap_types (json_parser_get_root (parser));
          g_autofree char *text = json_to_string (swapped, FALSE);

          g_string_append (out, text);
        }
      else
        g_string_append_len (out, body, (gssize) length);
    }
  /* "empty": nothing */
  return g_string_free_to_bytes (out);
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
  sb_request_release (req);
  return G_SOURCE_REMOVE;
}

/* ---- answers ---------------------------------------------------------------------------- */

void
sb_request_reply_raw (SbRequest  *req,
                      guint       status,
                      const char *content_type,
                      const char *body,
                      gsize       length)
{
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) spoiled = NULL;

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

  if (req->fault != NULL && req->fault->reset_after)
    {
      deliver_reset (req);
      return;
    }
  if (req->fault != NULL && req->fault->body != NULL)
    {
      spoiled = spoiled_body (req->fault->body, body, length, &content_type);
      body = g_bytes_get_data (spoiled, &length);
      if (body == NULL)
        body = "";
    }
  if (req->fault != NULL && (req->fault->truncate || req->fault->reset_mid_body))
    {
      deliver_truncated (req, status, content_type, body, length, req->fault->reset_mid_body);
      return;
    }

  soup_server_message_set_status (req->msg, status, NULL);
  headers = soup_server_message_get_response_headers (req->msg);
  if (req->fault != NULL && req->fault->retry_after != NULL)
    {
      g_autofree char *value = NULL;

      /* "date+N": an HTTP date N seconds from now (a spec cannot hold the date's commas). */
      if (g_str_has_prefix (req->fault->retry_after, "date+"))
        {
          g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) later =
            g_date_time_add_seconds (when, g_ascii_strtod (req->fault->retry_after + 5, NULL));

          static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
          static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

          /* IMF-fixdate, in English whatever the locale. */
          value = g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                                   days[g_date_time_get_day_of_week (later) - 1],
                                   g_date_time_get_day_of_month (later),
                                   months[g_date_time_get_month (later) - 1],
                                   g_date_time_get_year (later), g_date_time_get_hour (later),
                                   g_date_time_get_minute (later),
                                   g_date_time_get_second (later));
        }
      else
        value = g_strdup (req->fault->retry_after);
      soup_message_headers_replace (headers, "Retry-After", value);
    }
  if (req->fault != NULL && req->fault->trickle)
    {
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_replace (headers, "Content-Type", content_type);
      req->trickle_body = g_bytes_new (body, length);
      sb_request_pause (req);
      sb_request_hold (req, req->fault->trickle_ms, trickle_cb);
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

void
sb_request_reply_string_error (SbRequest  *req,
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

void
sb_request_reply_reset (SbRequest *req)
{
  if (req->done)
    {
      g_warning ("a second answer for %s %s", req->method, req->path);
      return;
    }
  req->done = TRUE;
  record (req, 0);
  deliver_reset (req);
}

/* ---- failures and write responses ------------------------------------------------------- */

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
