/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-server"

/* The server: it listens, takes each request through faults and authentication to the router,
 * and starts and stops the cluster. What a route works with is in sb-request.c, the route table
 * in sb-routes.c. */

#include "config.h"

#include "sb-server.h"

#include "sb-ids.h"
#include "sb-json.h"
#include "sb-models.h"
#include "sb-routes.h"
#include "sb-sigv4.h"
#include "sb-tls.h"

#include <string.h>

/* ---- the configuration and the URL ------------------------------------------------------ */

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

const char *
sb_server_get_url (SbServer *server)
{
  return server->base_url;
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
                            sb_now_ms () / 1000, &message))
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
      sb_request_reply_reset (req);
      return;
    }
  if (f != NULL && f->html)
    {
      guint status = f->status ? f->status : 502;
      g_autofree char *html = g_strdup_printf (
        "<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n"
        "<center><h1>%u %s</h1></center>\r\n"
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

  /* Bedrock's own routes carry SigV4 for Bedrock, checked by their handlers. */
  if (!sb_routes_own_authentication (req) && !authenticate (req))
    return;

  if (sb_request_has_body (req) && !json_content_type (req))
    {
      const char *type = soup_message_headers_get_one (
        soup_server_message_get_request_headers (req->msg), "Content-Type");
      sb_request_reply_string_error (req, 406, TRUE, "Content-Type header [%s] is not supported",
                                     type ? type : "");
      return;
    }

  sb_routes_dispatch (req);
}

static gboolean
latency_done_cb (gpointer data)
{
  SbRequest *req = data;
  SbRequest *keep = sb_request_ref (req);

  sb_request_release (req);
  if (!keep->disconnected)
    process (keep);
  sb_request_unref (keep);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  SbServer *s = data;
  SbRequest *req = sb_request_new (s, msg);
  GSocket *socket = soup_server_message_get_socket (msg);

  /* A connection is counted at its first request (with TLS, one handshake each), unless that
   * request is for the control API: a benchmark reads the count without changing it. */
  if (socket != NULL && g_object_get_data (G_OBJECT (socket), "sb-seen") == NULL)
    {
      g_object_set_data (G_OBJECT (socket), "sb-seen", GINT_TO_POINTER (1));
      if (!g_str_has_prefix (req->path, "/_sandbox"))
        s->connections++;
    }

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
      sb_request_hold (req, req->fault->latency_ms, latency_done_cb);
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
