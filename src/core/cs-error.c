/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-error"

#include "config.h"

#include "cs-error.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cs-json.h"

/* What an error made from an HTTP answer remembers about it. */
typedef struct
{
  guint  status;
  char  *reason;
  char  *type;
  char  *permission;
  gint64 retry_after_ms;
} CsErrorPrivate;

static void
cs_error_private_init (CsErrorPrivate *priv)
{
  priv->retry_after_ms = -1;
  priv->status = 0;
  priv->reason = NULL;
  priv->type = NULL;
  priv->permission = NULL;
}

static void
cs_error_private_copy (const CsErrorPrivate *src,
                       CsErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->retry_after_ms = src->retry_after_ms;
  dest->reason = g_strdup (src->reason);
  dest->type = g_strdup (src->type);
  dest->permission = g_strdup (src->permission);
}

static void
cs_error_private_clear (CsErrorPrivate *priv)
{
  g_clear_pointer (&priv->reason, g_free);
  g_clear_pointer (&priv->type, g_free);
  g_clear_pointer (&priv->permission, g_free);
}

G_DEFINE_EXTENDED_ERROR (CsError, cs_error)

#define REMOTE_PREFIX "Error from remote service:"
#define MAX_QUOTED_TEXT 300

guint
cs_error_get_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != CS_ERROR)
    return 0;
  return cs_error_get_private (error)->status;
}

const char *
cs_error_get_server_reason (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CS_ERROR)
    return NULL;
  return cs_error_get_private (error)->reason;
}

const char *
cs_error_get_server_type (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CS_ERROR)
    return NULL;
  return cs_error_get_private (error)->type;
}

const char *
cs_error_get_permission (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CS_ERROR)
    return NULL;
  return cs_error_get_private (error)->permission;
}

/* What an error answer said, as far as it can be read. */
typedef struct
{
  gboolean  is_json;
  gboolean  is_html;
  char     *reason;        /* error.reason, the string error, or message */
  char     *type;          /* error.type or root_cause[0].type */
  char     *text;          /* a short non-JSON, non-HTML body */
  gboolean  string_error;  /* `error` was a plain string */
  gboolean  aws_message;   /* {"message": …} as AWS gateways answer */
} Envelope;

static void
envelope_clear (Envelope *env)
{
  g_free (env->reason);
  g_free (env->type);
  g_free (env->text);
}

static gboolean
looks_like_html (const char *data,
                 gsize       size,
                 const char *content_type)
{
  g_autofree char *head = NULL;
  g_autofree char *lower = NULL;
  const char *p;

  if (content_type != NULL &&
      (g_str_has_prefix (content_type, "text/html") ||
       g_str_has_prefix (content_type, "application/xhtml")))
    return TRUE;

  head = g_strndup (data, MIN (size, 256));
  lower = g_ascii_strdown (head, -1);
  for (p = lower; *p != '\0' && g_ascii_isspace (*p); p++)
    ;
  return g_str_has_prefix (p, "<!doctype html") || g_str_has_prefix (p, "<html");
}

/* A short, single-line, valid UTF-8 version of a text body. */
static char *
shorten_text (const char *data,
              gsize       size)
{
  g_autofree char *valid = g_utf8_make_valid (data, (gssize) size);
  g_autofree char *stripped = g_strstrip (g_strdup (valid));
  char *p;

  for (p = stripped; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';

  if (g_utf8_strlen (stripped, -1) > MAX_QUOTED_TEXT)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, MAX_QUOTED_TEXT);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&stripped);
}

/* AWS explains a signature mismatch with the canonical request and the
 * string to sign it expected: the canonical request holds the signed
 * headers, among them the session token (x-amz-security-token). Such a text
 * goes into messages the user sees, so it ends before them. */
static void
drop_signing_details (char *text)
{
  static const char *const markers[] = { "The Canonical String", "The String-to-Sign" };

  if (text == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      char *cut = strstr (text, markers[i]);

      if (cut != NULL)
        *cut = '\0';
    }
  g_strchomp (text);
}

/* root (out, nullable): the body's JSON document, when it is one. */
static void
read_envelope (const char  *content_type,
               GBytes      *body,
               Envelope    *env,
               JsonNode   **root_out)
{
  g_autoptr(JsonNode) root = NULL;
  const char *data = NULL;
  gsize size = 0;
  JsonObject *object;
  JsonNode *error_node;

  memset (env, 0, sizeof *env);

  if (body != NULL)
    data = g_bytes_get_data (body, &size);
  if (data == NULL || size == 0)
    return;

  if (looks_like_html (data, size, content_type))
    {
      env->is_html = TRUE;
      return;
    }

  /* The client bounded the body while reading it. */
  root = cs_json_parse (data, (gssize) size, G_MAXSIZE, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      env->text = shorten_text (data, size);
      if (root != NULL && root_out != NULL)
        *root_out = g_steal_pointer (&root);
      return;
    }

  env->is_json = TRUE;
  object = json_node_get_object (root);
  error_node = json_object_get_member (object, "error");

  if (cs_json_node_get_string (error_node) != NULL)
    {
      env->reason = cs_json_node_dup_string (error_node);
      env->string_error = TRUE;
    }
  else if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    {
      JsonObject *error_object = json_node_get_object (error_node);
      JsonNode *causes = json_object_get_member (error_object, "root_cause");

      env->reason = cs_json_dup_string (error_object, "reason");
      env->type = cs_json_dup_string (error_object, "type");

      /* The root cause says it more precisely when the top level is a wrapper. */
      if (causes != NULL && JSON_NODE_HOLDS_ARRAY (causes) &&
          json_array_get_length (json_node_get_array (causes)) > 0)
        {
          JsonNode *first = json_array_get_element (json_node_get_array (causes), 0);

          if (JSON_NODE_HOLDS_OBJECT (first))
            {
              JsonObject *cause = json_node_get_object (first);

              if (env->reason == NULL)
                env->reason = cs_json_dup_string (cause, "reason");
              if (env->type == NULL)
                env->type = cs_json_dup_string (cause, "type");
            }
        }
    }
  else
    {
      /* AWS front ends: {"message": "The security token included …"} or {"Message": …}. */
      env->reason = cs_json_dup_string (object, "message");
      if (env->reason == NULL)
        env->reason = cs_json_dup_string (object, "Message");
      env->aws_message = env->reason != NULL;
    }

  if (root_out != NULL)
    *root_out = g_steal_pointer (&root);
}

/* "no permissions for [cluster:admin/opensearch/ml/create_connector] and User [...]" */
static char *
find_permission (const char *reason)
{
  const char *start;
  const char *end;

  if (reason == NULL)
    return NULL;
  start = strstr (reason, "no permissions for [");
  if (start == NULL)
    return NULL;
  start += strlen ("no permissions for [");
  end = strchr (start, ']');
  if (end == NULL || end == start)
    return NULL;
  return g_strndup (start, (gsize) (end - start));
}

static GError *
new_http_error (CsError     code,
                guint       status,
                Envelope   *env,
                const char *format,
                ...) G_GNUC_PRINTF (4, 5);

static GError *
new_http_error (CsError     code,
                guint       status,
                Envelope   *env,
                const char *format,
                ...)
{
  GError *error;
  CsErrorPrivate *priv;
  va_list ap;

  va_start (ap, format);
  error = g_error_new_valist (CS_ERROR, code, format, ap);
  va_end (ap);

  priv = cs_error_get_private (error);
  priv->status = status;
  if (env != NULL)
    {
      priv->reason = g_strdup (env->reason);
      priv->type = g_strdup (env->type);
      if (code == CS_ERROR_FORBIDDEN)
        priv->permission = find_permission (env->reason);
    }
  return error;
}

static gboolean
reason_is_remote (const Envelope *env)
{
  return env->reason != NULL && g_str_has_prefix (env->reason, REMOTE_PREFIX);
}

static gboolean
reason_is_no_handler (const Envelope *env)
{
  return env->string_error && env->reason != NULL &&
         g_str_has_prefix (env->reason, "no handler found for uri");
}

/* The cluster's reason as a sentence that the next one can follow: with a
 * full stop unless it ends with its own. */
static char *
as_sentence (const char *reason)
{
  g_autofree char *text = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  gsize length = strlen (text);

  if (length == 0 || strchr (".!?", text[length - 1]) != NULL ||
      g_str_has_suffix (text, "…"))
    return g_steal_pointer (&text);
  return g_strconcat (text, ".", NULL);
}

static GError *
map_error_status (guint     status,
                  Envelope *env)
{
  const char *reason = env->reason;
  /* For messages that go on after the reason. */
  g_autofree char *said = as_sentence (reason);

  if (env->is_html)
    return new_http_error (CS_ERROR_BAD_RESPONSE, status, env,
                           _("Something other than the cluster answered (a web page with "
                             "status %u), such as a proxy or a login page. Check the cluster "
                             "address, or sign in to the network first."),
                           status);

  if (reason_is_no_handler (env))
    {
      if (strstr (reason, "/_plugins/_ml") != NULL)
        return new_http_error (CS_ERROR_NO_ML_COMMONS, status, env,
                               _("The ML Commons plugin is not installed on this cluster. "
                                 "Install the opensearch-ml plugin, or connect to a cluster "
                                 "that has it."));
      return new_http_error (CS_ERROR_NOT_FOUND, status, env,
                             _("The cluster does not offer this request (%s). Check that "
                               "the address points at OpenSearch and that its version is "
                               "supported."),
                             reason);
    }

  if (status == 401)
    {
      if (reason != NULL && env->aws_message)
        return new_http_error (CS_ERROR_UNAUTHORIZED, status, env,
                               _("Amazon OpenSearch Service did not accept the AWS "
                                 "credentials: %s Check the access key, secret key, session "
                                 "token and region in the profile."),
                               said);
      return new_http_error (CS_ERROR_UNAUTHORIZED, status, env,
                             _("The cluster did not accept the user name or password. Check "
                               "them in the connection profile."));
    }

  if (status == 403)
    {
      g_autofree char *permission = NULL;

      if (reason_is_remote (env))
        return new_http_error (CS_ERROR_REMOTE_FORBIDDEN, status, env,
                               _("Amazon Bedrock refused the connector’s AWS credentials. "
                                 "Check the connector’s access key, secret key and session "
                                 "token, and that they may invoke this model in its region. "
                                 "The cluster said: %s"),
                               reason);
      if (env->aws_message)
        return new_http_error (CS_ERROR_UNAUTHORIZED, status, env,
                               _("Amazon OpenSearch Service did not accept the AWS "
                                 "credentials: %s Check the access key, secret key, session "
                                 "token and region in the profile."),
                               said);

      permission = find_permission (reason);
      if (permission != NULL)
        return new_http_error (CS_ERROR_FORBIDDEN, status, env,
                               _("Your cluster user lacks the permission “%s”. Ask the "
                                 "cluster administrator to grant it, or connect as another "
                                 "user."),
                               permission);
      if (reason != NULL)
        return new_http_error (CS_ERROR_FORBIDDEN, status, env,
                               _("The cluster does not allow your user to do this: %s Ask the "
                                 "cluster administrator for the permission."),
                               said);
      return new_http_error (CS_ERROR_FORBIDDEN, status, env,
                             _("The cluster does not allow your user to do this. Ask the "
                               "cluster administrator for the permission."));
    }

  if (status == 429)
    {
      if (reason_is_remote (env) ||
          g_strcmp0 (env->type, "remote_connector_throttling_exception") == 0)
        return new_http_error (CS_ERROR_THROTTLED, status, env,
                               _("Amazon Bedrock is throttling requests for this model. Wait "
                                 "a moment and try again, or ask AWS for a higher quota."));
      return new_http_error (CS_ERROR_THROTTLED, status, env,
                             _("The cluster is busy and asked to slow down. Wait a moment, "
                               "then try again."));
    }

  if (status >= 400 && reason_is_remote (env))
    return new_http_error (CS_ERROR_REMOTE, status, env,
                           _("Amazon Bedrock refused the request (status %u): %s"),
                           status, reason);

  if (status == 404)
    {
      if (reason != NULL)
        return new_http_error (CS_ERROR_NOT_FOUND, status, env,
                               _("The cluster could not find it: %s It may have been "
                                 "deleted; refresh the list."),
                               said);
      return new_http_error (CS_ERROR_NOT_FOUND, status, env,
                             _("The cluster could not find it (status 404). It may have "
                               "been deleted; refresh the list, and check the cluster "
                               "address."));
    }

  if (status == 409)
    {
      if (reason != NULL)
        return new_http_error (CS_ERROR_CONFLICT, status, env,
                               _("The cluster refused the request: %s"), reason);
      return new_http_error (CS_ERROR_CONFLICT, status, env,
                             _("The cluster refused the request because it conflicts with "
                               "something that changed meanwhile. Refresh and try again."));
    }

  if (status >= 500)
    {
      if (reason != NULL)
        return new_http_error (CS_ERROR_SERVER, status, env,
                               _("The cluster failed to handle the request (status %u): "
                                 "“%s”. Try again later, or check the cluster’s logs."),
                               status, reason);
      if (env->text != NULL)
        return new_http_error (CS_ERROR_SERVER, status, env,
                               _("The cluster or a proxy in front of it failed (status %u: "
                                 "“%s”). Try again later."),
                               status, env->text);
      return new_http_error (CS_ERROR_SERVER, status, env,
                             _("The cluster or a proxy in front of it failed (status %u). "
                               "Try again later."),
                             status);
    }

  if (status >= 400)
    {
      if (reason != NULL)
        return new_http_error (CS_ERROR_REJECTED, status, env,
                               _("The cluster refused the request: %s"), reason);
      if (env->text != NULL)
        return new_http_error (CS_ERROR_REJECTED, status, env,
                               _("The cluster refused the request (status %u): %s"),
                               status, env->text);
      return new_http_error (CS_ERROR_REJECTED, status, env,
                             _("The cluster refused the request (status %u) without saying "
                               "why."),
                             status);
    }

  if (status >= 300)
    return cs_error_from_redirect (status, NULL);

  return new_http_error (CS_ERROR_BAD_RESPONSE, status, env,
                         _("The cluster answered with the unexpected status %u. Check the "
                           "cluster address."),
                         status);
}

gboolean
cs_error_from_response (guint        status,
                        const char  *content_type,
                        GBytes      *body,
                        GError     **error)
{
  return cs_error_from_response_full (status, content_type, body, NULL, error);
}

gboolean
cs_error_from_response_full (guint         status,
                             const char   *content_type,
                             GBytes       *body,
                             JsonNode    **error_body,
                             GError      **error)
{
  Envelope env;
  GError *mapped;

  if (error_body != NULL)
    *error_body = NULL;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  read_envelope (content_type, body, &env, error_body);
  drop_signing_details (env.reason);
  drop_signing_details (env.text);
  mapped = map_error_status (status, &env);
  envelope_clear (&env);
  g_propagate_error (error, mapped);
  return FALSE;
}

GError *
cs_error_from_redirect (guint       status,
                        const char *location)
{
  GError *error;

  if (location != NULL && *location != '\0')
    error = g_error_new (CS_ERROR, CS_ERROR_REDIRECT,
                         _("The cluster address redirects to “%s”. Redirects are not "
                           "followed, so that credentials go only where you said: if that "
                           "address is right, put it in the profile."),
                         location);
  else
    error = g_error_new (CS_ERROR, CS_ERROR_REDIRECT,
                         _("The cluster address redirects elsewhere (status %u). Redirects "
                           "are not followed; check the cluster address."),
                         status);
  cs_error_get_private (error)->status = status;
  return error;
}

JsonNode *
cs_error_parse_success_body (guint         status,
                             const char   *content_type,
                             GBytes       *body,
                             GError      **error)
{
  g_autoptr(GError) parse_error = NULL;
  const char *data = NULL;
  JsonNode *root;
  gsize size = 0;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);
  if (data == NULL || size == 0)
    return json_node_new (JSON_NODE_NULL);

  if (looks_like_html (data, size, content_type))
    {
      g_propagate_error (error,
                         new_http_error (CS_ERROR_BAD_RESPONSE, status, NULL,
                                         _("Something other than the cluster answered (a web "
                                           "page), such as a proxy or a login page. Check the "
                                           "cluster address, or sign in to the network "
                                           "first.")));
      return NULL;
    }

  /* The client bounded the body while reading it. */
  root = cs_json_parse (data, (gssize) size, G_MAXSIZE, &parse_error);
  if (root == NULL && parse_error->domain == CS_ERROR)
    {
      g_propagate_error (error,
                         new_http_error (CS_ERROR_BAD_RESPONSE, status, NULL,
                                         _("The cluster’s answer cannot be read: %s"),
                                         parse_error->message));
      return NULL;
    }
  if (root == NULL)
    {
      g_propagate_error (error,
                         new_http_error (CS_ERROR_BAD_RESPONSE, status, NULL,
                                         _("The cluster answered, but not in JSON. Check that "
                                           "the address points at OpenSearch and not at "
                                           "another service.")));
      return NULL;
    }

  return root;
}

GError *
cs_error_from_transport (const GError *transport_error)
{
  const GError *e = transport_error;

  g_return_val_if_fail (transport_error != NULL, NULL);

  if (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED) || e->domain == CS_ERROR)
    return g_error_copy (e);

  if (e->domain == G_RESOLVER_ERROR)
    return g_error_new (CS_ERROR, CS_ERROR_HOST_NOT_FOUND,
                        _("The cluster’s host name could not be found. Check the address "
                          "and your network connection."));

  if (e->domain == G_TLS_ERROR)
    {
      switch ((GTlsError) e->code)
        {
        case G_TLS_ERROR_NOT_TLS:
          return g_error_new (CS_ERROR, CS_ERROR_TLS,
                              _("The cluster does not speak HTTPS at this address. If it "
                                "runs without TLS, use an http:// address."));
        case G_TLS_ERROR_BAD_CERTIFICATE:
          return g_error_new (CS_ERROR, CS_ERROR_TLS,
                              _("The cluster’s certificate was not accepted. Check the "
                                "address and the profile’s certificate settings."));
        case G_TLS_ERROR_CERTIFICATE_REQUIRED:
          return g_error_new (CS_ERROR, CS_ERROR_TLS,
                              _("The cluster asks for a client certificate, which Connector "
                                "Studio does not support. Use a user name and password "
                                "instead."));
        case G_TLS_ERROR_UNAVAILABLE:
        case G_TLS_ERROR_MISC:
        case G_TLS_ERROR_HANDSHAKE:
        case G_TLS_ERROR_EOF:
        case G_TLS_ERROR_INAPPROPRIATE_FALLBACK:
        case G_TLS_ERROR_BAD_CERTIFICATE_PASSWORD:
        default:
          return g_error_new (CS_ERROR, CS_ERROR_TLS,
                              _("The secure connection to the cluster could not be set up "
                                "(%s). Check that the address and port are those of the "
                                "cluster’s HTTPS endpoint."),
                              e->message);
        }
    }

  if (e->domain == G_IO_ERROR)
    {
      switch (e->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_error_new (CS_ERROR, CS_ERROR_CONNECTION_REFUSED,
                              _("Nothing answers at this address. Check the host and port, "
                                "and that the cluster is running."));
        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (CS_ERROR, CS_ERROR_TIMEOUT,
                              _("The cluster did not answer in time. Check that it is "
                                "running and reachable, or allow more time in Preferences."));
        case G_IO_ERROR_HOST_NOT_FOUND:
          return g_error_new (CS_ERROR, CS_ERROR_HOST_NOT_FOUND,
                              _("The cluster’s host name could not be found. Check the "
                                "address and your network connection."));
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return g_error_new (CS_ERROR, CS_ERROR_NETWORK,
                              _("The cluster cannot be reached from this computer. Check "
                                "your network connection, VPN or firewall."));
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_PARTIAL_INPUT:
          return g_error_new (CS_ERROR, CS_ERROR_NETWORK,
                              _("The connection to the cluster was cut off before the "
                                "answer was complete. Try again."));
        case G_IO_ERROR_PROXY_FAILED:
        case G_IO_ERROR_PROXY_AUTH_FAILED:
        case G_IO_ERROR_PROXY_NEED_AUTH:
        case G_IO_ERROR_PROXY_NOT_ALLOWED:
          return g_error_new (CS_ERROR, CS_ERROR_NETWORK,
                              _("The network proxy refused the connection (%s). Check the "
                                "proxy settings."),
                              e->message);
        default:
          break;
        }
    }

  if (e->domain == SOUP_SESSION_ERROR)
    {
      switch ((SoupSessionError) e->code)
        {
        case SOUP_SESSION_ERROR_PARSING:
        case SOUP_SESSION_ERROR_ENCODING:
          return g_error_new (CS_ERROR, CS_ERROR_BAD_RESPONSE,
                              _("Something answered at this address, but not in HTTP the "
                                "way a cluster does. Check the host, port and scheme "
                                "(http:// or https://)."));
        case SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS:
        case SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION:
        case SOUP_SESSION_ERROR_REDIRECT_BAD_URI:
          return g_error_new (CS_ERROR, CS_ERROR_REDIRECT,
                              _("The cluster address redirects elsewhere. Redirects are not "
                                "followed; check the cluster address."));
        case SOUP_SESSION_ERROR_TOO_MANY_RESTARTS:
        case SOUP_SESSION_ERROR_MESSAGE_ALREADY_IN_QUEUE:
        default:
          break;
        }
    }

  return g_error_new (CS_ERROR, CS_ERROR_NETWORK,
                      _("The cluster could not be reached (%s). Check the address and your "
                        "network connection."),
                      e->message);
}

GError *
cs_error_from_tls_flags (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_error_new (CS_ERROR, CS_ERROR_TLS,
                        _("The cluster’s certificate has been revoked. Do not connect; ask "
                          "the cluster administrator."));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_error_new (CS_ERROR, CS_ERROR_TLS,
                        _("The cluster’s certificate has expired. Ask the cluster "
                          "administrator to renew it, and check this computer’s clock."));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_error_new (CS_ERROR, CS_ERROR_TLS,
                        _("The cluster’s certificate is not valid yet. Check this computer’s "
                          "date and time."));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_error_new (CS_ERROR, CS_ERROR_TLS,
                        _("The cluster’s certificate uses an insecure algorithm. Ask the "
                          "cluster administrator for a new certificate."));
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR)
    return g_error_new (CS_ERROR, CS_ERROR_TLS,
                        _("The cluster’s certificate could not be checked. Ask the cluster "
                          "administrator about it."));
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    {
      if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
        return g_error_new (CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE,
                            _("The cluster’s certificate is not signed by an authority this "
                              "computer trusts, and it names another host. Compare its "
                              "fingerprint with the one the cluster administrator gives you "
                              "before you trust it."));
      return g_error_new (CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE,
                          _("The cluster’s certificate is not signed by an authority this "
                            "computer trusts. Compare its fingerprint with the one the "
                            "cluster administrator gives you before you trust it, or choose "
                            "the cluster’s CA file in the profile."));
    }
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_error_new (CS_ERROR, CS_ERROR_TLS,
                        _("The cluster’s certificate is for another host name. Use the host "
                          "name the certificate was made for in the address."));

  return g_error_new (CS_ERROR, CS_ERROR_TLS,
                      _("The cluster’s certificate was not accepted. Check the address and "
                        "the profile’s certificate settings."));
}

GError *
cs_error_from_secret_store (const GError *secret_error)
{
  g_return_val_if_fail (secret_error != NULL, NULL);

  if (g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (secret_error);

  if (g_error_matches (secret_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new (CS_ERROR, CS_ERROR_SECRET_STORE,
                        _("The keyring is locked. Unlock it and try again, or keep the "
                          "secret for this session only."));

  if (secret_error->domain == G_DBUS_ERROR)
    return g_error_new (CS_ERROR, CS_ERROR_SECRET_STORE,
                        _("No keyring is available to keep secrets safely. Install or start "
                          "a keyring such as GNOME Keyring, or keep the secret for this "
                          "session only."));

  return g_error_new (CS_ERROR, CS_ERROR_SECRET_STORE,
                      _("The keyring refused to keep the secret (%s). Unlock or repair the "
                        "keyring, or keep the secret for this session only."),
                      secret_error->message);
}

static JsonNode *
redact_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);
        JsonObject *copy = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);

        for (GList *l = names; l != NULL; l = l->next)
          json_object_set_member (copy, l->data,
                                  redact_node (json_object_get_member (object, l->data)));
        json_node_take_object (result, copy);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_new ();
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, redact_node (json_array_get_element (array, i)));
        json_node_take_array (result, copy);
        return result;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = g_strdup (json_node_get_string (node));
          JsonNode *result = json_node_new (JSON_NODE_VALUE);
          gsize before = strlen (text);

          drop_signing_details (text);
          if (strlen (text) != before)
            {
              g_autofree char *marked = g_strconcat (text, " ", _("[signing details removed]"), NULL);
              json_node_set_string (result, marked);
            }
          else
            json_node_set_string (result, text);
          return result;
        }
      return json_node_copy (node);
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* A copy of an error body fit to show: every string is cut before the
 * signing details AWS appends to a signature mismatch (they hold the signed
 * headers, the session token among them). */
JsonNode *
cs_error_redact_body (JsonNode *body)
{
  g_return_val_if_fail (body != NULL, NULL);

  return redact_node (body);
}

gboolean
cs_error_answer_may_be_lost (const GError *error)
{
  guint status;

  if (error == NULL || error->domain != CS_ERROR)
    return FALSE;

  status = cs_error_get_status (error);
  if (error->code == CS_ERROR_NETWORK || error->code == CS_ERROR_TIMEOUT)
    return TRUE;
  /* An unreadable success, or a proxy's page for a gateway failure; a proxy's
   * 4xx page means the request went no further. */
  if (error->code == CS_ERROR_BAD_RESPONSE)
    return status == 0 || status < 400 || status >= 500;
  /* A gateway in front of the cluster gave up waiting for it; the cluster's
   * own 5xx (with its reason) says it failed. */
  if (error->code == CS_ERROR_SERVER)
    return status == 502 || status == 504 || cs_error_get_server_reason (error) == NULL;
  return FALSE;
}

gint64
cs_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != CS_ERROR)
    return -1;
  return cs_error_get_private (error)->retry_after_ms;
}

void
cs_error_set_retry_after (GError *error,
                          gint64  milliseconds)
{
  g_return_if_fail (error != NULL);

  if (error->domain == CS_ERROR)
    cs_error_get_private (error)->retry_after_ms = milliseconds < 0 ? -1 : milliseconds;
}

gint64
cs_error_parse_retry_after (const char *value,
                            GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stripped = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  stripped = g_strstrip (g_strdup (value));
  /* delay-seconds (RFC 9110, 10.2.3) */
  if (g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds * 1000;
  /* or an HTTP date; one in the past means "now" */
  when = soup_date_time_new_from_http_string (stripped);
  if (when == NULL || now == NULL)
    return -1;
  return MAX (g_date_time_difference (when, now) / 1000, 0);
}
