/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-client"

#include "config.h"

#include "cs-client.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cs-error.h"
#include "cs-sigv4.h"
#include "cs-trust.h"

#define DEFAULT_TIMEOUT_SECONDS 30

struct _CsClient
{
  GObject               parent_instance;

  SoupSession          *session;
  GUri                 *base_uri;
  char                 *base_url;
  char                 *profile_id;
  guint                 timeout;

  CsAuthKind            auth_kind;
  char                 *basic_authorization;   /* "Basic …", secret */
  char                 *aws_access_key_id;
  char                 *aws_secret_key;        /* secret */
  char                 *aws_session_token;     /* secret */
  char                 *region;

  char                 *ca_file;
  char                 *pinned_fingerprint;
  GTlsCertificate      *rejected_certificate;
  GTlsCertificateFlags  rejected_errors;

  guint                 n_handshakes;
};

G_DEFINE_FINAL_TYPE (CsClient, cs_client, G_TYPE_OBJECT)

static void
wipe_string (char **field)
{
  if (*field != NULL)
    explicit_bzero (*field, strlen (*field));
  g_clear_pointer (field, g_free);
}

static void
cs_client_finalize (GObject *object)
{
  CsClient *self = CS_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->profile_id, g_free);
  wipe_string (&self->basic_authorization);
  g_clear_pointer (&self->aws_access_key_id, g_free);
  wipe_string (&self->aws_secret_key);
  wipe_string (&self->aws_session_token);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->pinned_fingerprint, g_free);
  g_clear_object (&self->rejected_certificate);

  G_OBJECT_CLASS (cs_client_parent_class)->finalize (object);
}

static void
cs_client_class_init (CsClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_client_finalize;
}

/* Headers that carry credentials never reach the log. */
static void
log_printer (SoupLogger         *logger,
             SoupLoggerLogLevel  level,
             char                direction,
             const char         *data,
             gpointer            user_data)
{
  static const char *const masked[] = {
    "Authorization:", "X-Amz-Security-Token:", "Cookie:", "Set-Cookie:", "Proxy-Authorization:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (masked); i++)
    if (g_ascii_strncasecmp (data, masked[i], strlen (masked[i])) == 0)
      {
        g_debug ("%c %s [hidden]", direction, masked[i]);
        return;
      }
  g_debug ("%c %s", direction, data);
}

static void
cs_client_init (CsClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  /* The per-request timeout is ours (see request_async); libsoup's own I/O
   * timeout stays off so that long predictions can run. */
  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 NULL);

  if (g_strcmp0 (g_getenv ("CS_DEBUG_HTTP"), "1") == 0)
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      soup_logger_set_printer (logger, log_printer, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }
}

static gboolean
parse_base_url (const char  *base_url,
                GUri       **uri_out,
                char       **normalized_out,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_slash = NULL;

  if (!cs_profile_check_url (base_url, error))
    return FALSE;

  with_slash = g_str_has_suffix (base_url, "/") ? g_strdup (base_url)
                                                : g_strconcat (base_url, "/", NULL);
  uri = g_uri_parse (with_slash, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("“%s” is not a cluster address. Enter one such as https://localhost:9200."),
                   base_url);
      return FALSE;
    }

  *uri_out = g_steal_pointer (&uri);
  *normalized_out = g_steal_pointer (&with_slash);
  return TRUE;
}

CsClient *
cs_client_new_for_url (const char  *base_url,
                       GError     **error)
{
  g_autoptr(CsClient) self = NULL;
  GUri *uri = NULL;
  char *normalized = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (!parse_base_url (base_url, &uri, &normalized, error))
    return NULL;

  self = g_object_new (CS_TYPE_CLIENT, NULL);
  self->base_uri = uri;
  self->base_url = normalized;
  return g_steal_pointer (&self);
}

static void
apply_trust (CsClient *self)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = cs_trust_database_new (self->ca_file, self->pinned_fingerprint, &error);
  if (error != NULL)
    {
      /* The profile was checked; a CA file removed since then fails closed:
       * the system store will not vouch for a private CA either. */
      g_warning ("Cannot use the profile’s CA file: %s", error->message);
    }
  if (database != NULL)
    g_object_set (self->session, "tls-database", database, NULL);
  else
    g_object_set (self->session, "tls-database", g_tls_backend_get_default_database (
                                                   g_tls_backend_get_default ()), NULL);
}

CsClient *
cs_client_new_for_profile (CsProfile              *profile,
                           const CsClientSecrets  *secrets,
                           GError                **error)
{
  g_autoptr(CsClient) self = NULL;
  static const CsClientSecrets no_secrets = { NULL, NULL, NULL, NULL };
  const char *ca_file;

  g_return_val_if_fail (CS_IS_PROFILE (profile), NULL);

  if (secrets == NULL)
    secrets = &no_secrets;

  if (!cs_profile_check (profile, error))
    return NULL;

  ca_file = cs_profile_get_ca_file (profile);
  if (ca_file != NULL && !cs_trust_check_ca_file (ca_file, error))
    return NULL;

  self = cs_client_new_for_url (cs_profile_get_url (profile), error);
  if (self == NULL)
    return NULL;

  self->profile_id = g_strdup (cs_profile_get_id (profile));
  self->auth_kind = cs_profile_get_auth_kind (profile);
  self->ca_file = g_strdup (ca_file);
  self->pinned_fingerprint = g_strdup (cs_profile_get_pinned_fingerprint (profile));

  switch (self->auth_kind)
    {
    case CS_AUTH_BASIC:
      {
        g_autofree char *pair = NULL;
        g_autofree char *encoded = NULL;

        if (secrets->password == NULL || *secrets->password == '\0')
          {
            g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                         _("Enter the password for %s."), cs_profile_get_user_name (profile));
            return NULL;
          }
        pair = g_strconcat (cs_profile_get_user_name (profile), ":", secrets->password, NULL);
        encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
        self->basic_authorization = g_strconcat ("Basic ", encoded, NULL);
        explicit_bzero (pair, strlen (pair));
        explicit_bzero (encoded, strlen (encoded));
      }
      break;

    case CS_AUTH_SIGV4:
      if (secrets->aws_access_key_id == NULL || *secrets->aws_access_key_id == '\0' ||
          secrets->aws_secret_key == NULL || *secrets->aws_secret_key == '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                       _("Enter the AWS access key ID and secret access key."));
          return NULL;
        }
      if (cs_profile_is_plain_http (profile) && !cs_profile_get_allow_insecure_aws (profile))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT,
                       _("This address uses plain http://, so requests signed with your AWS "
                         "keys could be read on the way. Use https://, or confirm that you "
                         "want to connect anyway."));
          return NULL;
        }
      self->aws_access_key_id = g_strdup (secrets->aws_access_key_id);
      self->aws_secret_key = g_strdup (secrets->aws_secret_key);
      if (secrets->aws_session_token != NULL && *secrets->aws_session_token != '\0')
        self->aws_session_token = g_strdup (secrets->aws_session_token);
      self->region = g_strdup (cs_profile_get_region (profile));
      break;

    case CS_AUTH_NONE:
    default:
      break;
    }

  apply_trust (self);
  return g_steal_pointer (&self);
}

const char *
cs_client_get_base_url (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);
  return self->base_url;
}

const char *
cs_client_get_profile_id (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);
  return self->profile_id;
}

void
cs_client_set_timeout (CsClient *self,
                       guint     seconds)
{
  g_return_if_fail (CS_IS_CLIENT (self));
  self->timeout = seconds;
}

guint
cs_client_get_timeout (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), 0);
  return self->timeout;
}

GTlsCertificate *
cs_client_get_rejected_certificate (CsClient             *self,
                                    GTlsCertificateFlags *errors)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);

  if (errors != NULL)
    *errors = self->rejected_errors;
  return self->rejected_certificate;
}

void
cs_client_pin_certificate (CsClient   *self,
                           const char *sha256_fingerprint)
{
  g_return_if_fail (CS_IS_CLIENT (self));
  g_return_if_fail (sha256_fingerprint == NULL || cs_trust_fingerprint_is_valid (sha256_fingerprint));

  g_free (self->pinned_fingerprint);
  self->pinned_fingerprint = g_strdup (sha256_fingerprint);
  g_clear_object (&self->rejected_certificate);
  self->rejected_errors = 0;
  apply_trust (self);
}

const char *
cs_client_get_pinned_fingerprint (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);
  return self->pinned_fingerprint;
}

guint
cs_client_get_tls_handshake_count (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), 0);
  return self->n_handshakes;
}

/* One request in flight. */
typedef struct
{
  CsClient     *client;            /* owned */
  SoupMessage  *message;           /* owned */
  GCancellable *cancellable;       /* ours: cancelled by the caller's or the timer */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *timeout_source;
  gboolean      timed_out;
  gboolean      certificate_changed;
  gboolean      certificate_rejected;
  GTlsCertificateFlags tls_errors;
  guint         status;
  JsonNode     *error_body;
  GBytes       *body;              /* to send again when libsoup restarts the message */
} Request;

static void
request_free (Request *request)
{
  if (request->timeout_source != NULL)
    {
      g_source_destroy (request->timeout_source);
      g_source_unref (request->timeout_source);
    }
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->client);
  g_clear_pointer (&request->error_body, json_node_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;
  CsClient *self = request->client;

  if (self->pinned_fingerprint != NULL)
    {
      g_autofree char *fingerprint = cs_trust_fingerprint (certificate);

      if (cs_trust_fingerprint_equal (fingerprint, self->pinned_fingerprint))
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          GDateTime *not_after = g_tls_certificate_get_not_valid_after (certificate);
          GDateTime *not_before = g_tls_certificate_get_not_valid_before (certificate);

          /* The pin database does not check dates; do it here. */
          if (not_after != NULL && g_date_time_compare (now, not_after) > 0)
            errors = G_TLS_CERTIFICATE_EXPIRED;
          else if (not_before != NULL && g_date_time_compare (now, not_before) < 0)
            errors = G_TLS_CERTIFICATE_NOT_ACTIVATED;
          else
            errors = 0;
          g_clear_pointer (&not_after, g_date_time_unref);
          g_clear_pointer (&not_before, g_date_time_unref);

          if (errors == 0)
            return TRUE;
        }
      else
        request->certificate_changed = TRUE;
    }

  request->certificate_rejected = TRUE;
  request->tls_errors = errors;
  g_set_object (&self->rejected_certificate, certificate);
  self->rejected_errors = errors;
  return FALSE;
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Request *request = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    request->client->n_handshakes++;
}

/* libsoup sends an idempotent request (GET, PUT, DELETE) again when a reused
 * connection drops before the answer; the body stream it read the first time
 * is spent by then, so the body is set again (else a PUT goes out empty). */
static void
restarted_cb (SoupMessage *message,
              gpointer     user_data)
{
  Request *request = user_data;

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", request->body);
}

static GError *
map_transport_error (Request      *request,
                     const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && request->timed_out)
    return g_error_new (CS_ERROR, CS_ERROR_TIMEOUT,
                        _("The cluster did not answer within %u seconds. Check that it is "
                          "running and reachable, or allow more time in Preferences."),
                        request->client->timeout);

  if (request->certificate_rejected ||
      g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      if (request->certificate_changed)
        return g_error_new (CS_ERROR, CS_ERROR_CERTIFICATE_CHANGED,
                            _("The cluster presented a different certificate from the one "
                              "you trusted. Someone may be intercepting the connection, or "
                              "the cluster got a new certificate: ask its administrator, "
                              "and trust the new one only if its fingerprint matches."));
      if (request->certificate_rejected)
        return cs_error_from_tls_flags (request->tls_errors);
    }

  return cs_error_from_transport (error);
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  SoupMessage *msg = request->message;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  JsonNode *node;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, map_transport_error (request, error));
      return;
    }

  status = soup_message_get_status (msg);
  request->status = status;
  headers = soup_message_get_response_headers (msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);

  /* A connection closed before the announced length arrived is a cut-off
   * answer, not a garbled one (libsoup hands over what came). */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) g_bytes_get_size (body) < (guint64) soup_message_headers_get_content_length (headers))
    {
      g_autoptr(GError) cut = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                   "answer shorter than its Content-Length");

      g_task_return_error (task, map_transport_error (request, cut));
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_task_return_error (task,
                           cs_error_from_redirect (status,
                                                   soup_message_headers_get_one (headers,
                                                                                 "Location")));
      return;
    }

  if (!cs_error_from_response (status, content_type, body, &error))
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);
      const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");

      if (retry_after != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          cs_error_set_retry_after (error, cs_error_parse_retry_after (retry_after, now));
        }

      if (data != NULL && size > 0 &&
          json_parser_load_from_data (parser, data, (gssize) size, NULL) &&
          json_parser_get_root (parser) != NULL)
        request->error_body = json_parser_steal_root (parser);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  node = cs_error_parse_success_body (status, content_type, body, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

/* The Host header as libsoup writes it. */
static char *
host_header (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);
  gboolean https = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0;
  gboolean ipv6 = strchr (host, ':') != NULL;
  g_autofree char *bracketed = ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);

  if (port == -1 || (https && port == 443) || (!https && port == 80))
    return g_steal_pointer (&bracketed);
  return g_strdup_printf ("%s:%d", bracketed, port);
}

static void
sign_request (CsClient    *self,
              SoupMessage *msg,
              GUri        *uri,
              GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *host = host_header (uri);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CsSigV4Result) signed_request = NULL;
  CsSigV4Header to_sign[2];
  gsize n = 0;
  gsize body_length = 0;
  const guint8 *body_data = body != NULL ? g_bytes_get_data (body, &body_length) : NULL;
  CsSigV4Credentials credentials = {
    self->aws_access_key_id,
    self->aws_secret_key,
    self->aws_session_token,
    self->region,
    "es",
  };

  to_sign[n].name = "host";
  to_sign[n++].value = host;
  if (body != NULL)
    {
      to_sign[n].name = "content-type";
      to_sign[n++].value = "application/json";
    }

  signed_request = cs_sigv4_sign (&credentials, now, soup_message_get_method (msg),
                                  g_uri_get_path (uri), g_uri_get_query (uri),
                                  to_sign, n, body_data, body_length, TRUE);

  soup_message_headers_replace (headers, "Host", host);
  soup_message_headers_replace (headers, "X-Amz-Date", signed_request->amz_date);
  soup_message_headers_replace (headers, "x-amz-content-sha256", signed_request->payload_hash);
  if (self->aws_session_token != NULL)
    soup_message_headers_replace (headers, "X-Amz-Security-Token", self->aws_session_token);
  soup_message_headers_replace (headers, "Authorization", signed_request->authorization);
}

static void
wipe_and_free_text (gpointer text)
{
  explicit_bzero (text, strlen (text));
  g_free (text);
}

void
cs_client_request_async (CsClient            *self,
                         const char          *method,
                         const char          *path,
                         JsonNode            *body,
                         CsRequestFlags       flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Request *request;

  g_return_if_fail (CS_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] != '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_client_request_async);

  request = g_new0 (Request, 1);
  request->client = g_object_ref (self);
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  uri = g_uri_parse_relative (self->base_uri, path, G_URI_FLAGS_ENCODED, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_URL,
                               _("The request path “%s” is not valid."), path);
      return;
    }

  request->message = soup_message_new_from_uri (method, uri);
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      /* A body may hold a connector's AWS keys: wipe the text when libsoup
       * and the signer are done with it. */
      bytes = g_bytes_new_with_free_func (text, strlen (text), wipe_and_free_text, text);
      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
      request->body = g_bytes_ref (bytes);
      g_signal_connect (request->message, "restarted", G_CALLBACK (restarted_cb), request);
    }

  switch (self->auth_kind)
    {
    case CS_AUTH_BASIC:
      soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                    "Authorization", self->basic_authorization);
      break;
    case CS_AUTH_SIGV4:
      sign_request (self, request->message, uri, bytes);
      break;
    case CS_AUTH_NONE:
    default:
      break;
    }

  g_signal_connect (request->message, "accept-certificate",
                    G_CALLBACK (accept_certificate_cb), request);
  g_signal_connect (request->message, "network-event",
                    G_CALLBACK (network_event_cb), request);

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       g_object_ref (request->cancellable),
                                                       g_object_unref);
    }

  if (self->timeout > 0 && !(flags & CS_REQUEST_FLAGS_NO_TIMEOUT))
    {
      request->timeout_source = g_timeout_source_new_seconds (self->timeout);
      g_source_set_callback (request->timeout_source, timeout_cb, request, NULL);
      g_source_set_static_name (request->timeout_source, "[cs-client] request timeout");
      g_source_attach (request->timeout_source, g_main_context_get_thread_default ());
    }

  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    request->cancellable, request_done_cb,
                                    g_steal_pointer (&task));
}

JsonNode *
cs_client_request_finish_full (CsClient      *self,
                               GAsyncResult  *result,
                               guint         *status,
                               JsonNode     **error_body,
                               GError       **error)
{
  Request *request;

  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_client_request_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (status != NULL)
    *status = request->status;
  if (error_body != NULL)
    *error_body = request->error_body != NULL ? json_node_ref (request->error_body) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
cs_client_request_finish (CsClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return cs_client_request_finish_full (self, result, NULL, NULL, error);
}
