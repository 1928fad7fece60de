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
#define READ_CHUNK_SIZE         (64 * 1024)
/* For a request without a timeout of its own (predict): a TLS handshake that
 * gets no answer in this time is not going to, as the port most likely
 * speaks plain HTTP and waits for a request head. */
#define HANDSHAKE_TIMEOUT_SECONDS 30
/* How long the check "does this http:// port speak TLS?" may take. */
#define TLS_PROBE_TIMEOUT_SECONDS 5

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
  gboolean              keys_over_http_allowed;
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
  /* The system's trust until a profile names its own (apply_trust). */
  cs_trust_prepare_connections ();
  {
    g_autoptr(GTlsDatabase) system = cs_trust_system_database ();

    soup_session_set_tls_database (self->session, system);
  }

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
  if (database == NULL)
    database = cs_trust_system_database ();
  soup_session_set_tls_database (self->session, database);
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

/**
 * cs_client_set_keys_over_http_allowed:
 * @self: a #CsClient
 * @allowed: whether the user confirmed it
 *
 * Records that the user confirmed that connector AWS keys may be sent to
 * this cluster although it uses plain http://. Core refuses every connector
 * write that carries keys over http:// until then (see
 * cs_connectors_check_keys_transport()). A new client starts without it.
 */
void
cs_client_set_keys_over_http_allowed (CsClient *self,
                                      gboolean  allowed)
{
  g_return_if_fail (CS_IS_CLIENT (self));
  self->keys_over_http_allowed = !!allowed;
}

gboolean
cs_client_get_keys_over_http_allowed (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), FALSE);
  return self->keys_over_http_allowed;
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
  GSource      *handshake_source;
  gboolean      handshaking;       /* a TLS handshake started and has not finished */
  gboolean      handshake_stalled;
  GInputStream *stream;            /* the answer's body while it is read */
  GByteArray   *body;
  gsize         max_body_size;
  GBytes       *request_body;      /* to send again when libsoup restarts the message */
} Request;

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
request_free (Request *request)
{
  clear_source (&request->timeout_source);
  clear_source (&request->handshake_source);
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->client);
  g_clear_pointer (&request->error_body, json_node_unref);
  if (request->stream != NULL)
    g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->request_body, g_bytes_unref);
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

static gboolean
handshake_timeout_cb (gpointer user_data)
{
  Request *request = user_data;

  request->handshake_stalled = TRUE;
  g_clear_pointer (&request->handshake_source, g_source_unref);
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Request *request = user_data;
  guint seconds;

  switch (event)
    {
    case G_SOCKET_CLIENT_TLS_HANDSHAKING:
      request->handshaking = TRUE;
      /* With a timeout, its end tells (see map_transport_error). */
      if (request->timeout_source != NULL)
        break;
      seconds = HANDSHAKE_TIMEOUT_SECONDS;
      clear_source (&request->handshake_source);
      request->handshake_source = g_timeout_source_new_seconds (seconds);
      g_source_set_callback (request->handshake_source, handshake_timeout_cb, request, NULL);
      g_source_set_static_name (request->handshake_source, "[cs-client] TLS handshake timeout");
      g_source_attach (request->handshake_source, g_main_context_get_thread_default ());
      break;

    case G_SOCKET_CLIENT_TLS_HANDSHAKED:
      request->handshaking = FALSE;
      clear_source (&request->handshake_source);
      request->client->n_handshakes++;
      break;

    case G_SOCKET_CLIENT_CONNECTED:
      /* For https://, setting up TLS starts here (the HANDSHAKING event can
       * come late on a busy machine). */
      if (g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (message)), "https") == 0)
        request->handshaking = TRUE;
      break;

    case G_SOCKET_CLIENT_RESOLVING:
    case G_SOCKET_CLIENT_RESOLVED:
    case G_SOCKET_CLIENT_CONNECTING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATED:
    case G_SOCKET_CLIENT_COMPLETE:
    default:
      break;
    }
}

/* The secure connection was being set up when time ran out. A plain HTTP
 * port never answers a TLS ClientHello, so that is the likely cause; a slow
 * cluster is the other. Still a timeout: nothing is known for sure. */
static GError *
handshake_timeout_error (guint seconds)
{
  return g_error_new (CS_ERROR, CS_ERROR_TIMEOUT,
                      _("The cluster did not set up a secure connection within %u seconds. "
                        "If it runs without TLS at this address, use an http:// address; "
                        "otherwise check the port and that the cluster is running, or allow "
                        "more time in Preferences."),
                      seconds);
}

/* libsoup sends an idempotent request (GET, PUT, DELETE) again when a reused
 * connection drops before the answer; the body stream it read the first time
 * is spent by then, so the body is set again (else a PUT goes out empty). */
static void
restarted_cb (SoupMessage *message,
              gpointer     user_data)
{
  Request *request = user_data;

  if (request->request_body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json",
                                              request->request_body);
}

static GError *
map_transport_error (Request      *request,
                     const GError *error)
{
  /* The handshake was sent and nothing came back: plain HTTP waits for a
   * request head that a ClientHello never ends. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && request->handshake_stalled)
    return handshake_timeout_error (HANDSHAKE_TIMEOUT_SECONDS);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && request->timed_out &&
      request->handshaking)
    return handshake_timeout_error (request->client->timeout);

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

static GError *
answer_too_large (Request *request)
{
  g_autofree char *limit = g_format_size_full (request->max_body_size, G_FORMAT_SIZE_IEC_UNITS);

  return g_error_new (CS_ERROR, CS_ERROR_BAD_RESPONSE,
                      _("The cluster’s answer is larger than %s, more than Connector Studio "
                        "reads. Check that the address points at the cluster, or ask for "
                        "less at a time."),
                      limit);
}

/* Answers from this size on are parsed in a worker thread. */
#define THREAD_PARSE_MIN_SIZE (256 * 1024)

typedef struct
{
  guint   status;
  char   *content_type;
  GBytes *body;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_free (job->content_type);
  g_bytes_unref (job->body);
  g_free (job);
}

static void
parse_thread (GTask        *parse,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseJob *job = task_data;
  GError *error = NULL;
  JsonNode *node = cs_error_parse_success_body (job->status, job->content_type, job->body,
                                                &error);

  if (node == NULL)
    g_task_return_error (parse, error);
  else
    g_task_return_pointer (parse, node, (GDestroyNotify) json_node_unref);
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *node = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_error (&error);
      g_clear_pointer (&node, json_node_unref);
      return;
    }
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

/* The whole body has been read (or there was none): map and parse it. */
static void
answer_complete (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  SoupMessage *msg = request->message;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  JsonNode *node;
  guint status;

  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);

  /* A connection closed before the announced length arrived is a cut-off
   * answer, not a garbled one. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) g_bytes_get_size (body) <
      (guint64) soup_message_headers_get_content_length (headers))
    {
      g_autoptr(GError) cut = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                   "answer shorter than its Content-Length");

      g_task_return_error (task, map_transport_error (request, cut));
      return;
    }

  if (!cs_error_from_response_full (status, content_type, body, &request->error_body, &error))
    {
      const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");

      if (retry_after != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          cs_error_set_retry_after (error, cs_error_parse_retry_after (retry_after, now));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A large answer (a long prediction, thousands of models) takes long
   * enough to parse that the main loop would miss frames: it is parsed in a
   * worker thread. The answer is complete, so the timeout no longer runs. */
  if (g_bytes_get_size (body) >= THREAD_PARSE_MIN_SIZE)
    {
      ParseJob *job = g_new0 (ParseJob, 1);
      g_autoptr(GTask) parse = g_task_new (NULL, NULL, parse_done_cb, g_object_ref (task));

      clear_source (&request->timeout_source);
      job->status = status;
      job->content_type = g_strdup (content_type);
      job->body = g_steal_pointer (&body);
      g_task_set_source_tag (parse, answer_complete);
      g_task_set_task_data (parse, job, (GDestroyNotify) parse_job_free);
      g_task_run_in_thread (parse, parse_thread);
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

static void read_next_chunk (GTask *task);

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, map_transport_error (request, error));
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&request->stream);
      answer_complete (task);
      return;
    }
  if (size > request->max_body_size - request->body->len)
    {
      g_task_return_error (task, answer_too_large (request));
      return;
    }
  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), (guint) size);
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   request->cancellable, chunk_read_cb, task);
}

/* http:// to a port that speaks TLS: the server takes the request for a
 * broken TLS record and closes the connection, which looks like a network
 * failure. Before saying so, one handshake tells whether the port speaks
 * TLS. */

typedef struct
{
  GTask        *task;
  GError       *error;          /* what to report when the port does not speak TLS */
  GCancellable *cancellable;
  GSource      *timeout_source;
} TlsProbe;

static void
tls_probe_finish (TlsProbe *probe,
                  gboolean  speaks_tls)
{
  if (speaks_tls)
    {
      g_task_return_new_error (probe->task, CS_ERROR, CS_ERROR_TLS,
                               _("The cluster speaks HTTPS at this address, not plain HTTP. "
                                 "Use an https:// address."));
      g_clear_error (&probe->error);
    }
  else
    g_task_return_error (probe->task, g_steal_pointer (&probe->error));

  clear_source (&probe->timeout_source);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->task);
  g_free (probe);
}

static gboolean
tls_probe_timeout_cb (gpointer user_data)
{
  TlsProbe *probe = user_data;

  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
tls_probe_accept_cb (GTlsConnection       *connection,
                     GTlsCertificate      *certificate,
                     GTlsCertificateFlags  errors,
                     gpointer              user_data)
{
  /* Only whether TLS is spoken matters here; nothing is sent. */
  return TRUE;
}

static void
tls_probe_handshake_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TlsProbe *probe = user_data;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, NULL);

  g_io_stream_close_async (G_IO_STREAM (source), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  tls_probe_finish (probe, ok);
}

static void
tls_probe_connected_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TlsProbe *probe = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);
  if (connection != NULL)
    tls = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, NULL);
  if (tls == NULL)
    {
      tls_probe_finish (probe, FALSE);
      return;
    }
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (tls_probe_accept_cb), NULL);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    probe->cancellable, tls_probe_handshake_cb, probe);
}

static gboolean
looks_like_tls_port (Request      *request,
                     const GError *error)
{
  GUri *uri = soup_message_get_uri (request->message);

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 || request->timed_out)
    return FALSE;
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
         g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING);
}

static void
tls_probe_start (GTask  *task,
                 GError *error)
{
  Request *request = g_task_get_task_data (task);
  GUri *uri = soup_message_get_uri (request->message);
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  TlsProbe *probe = g_new0 (TlsProbe, 1);

  probe->task = task;
  probe->error = error;
  probe->cancellable = g_cancellable_new ();
  probe->timeout_source = g_timeout_source_new_seconds (TLS_PROBE_TIMEOUT_SECONDS);
  g_source_set_callback (probe->timeout_source, tls_probe_timeout_cb, probe, NULL);
  g_source_set_static_name (probe->timeout_source, "[cs-client] TLS probe timeout");
  g_source_attach (probe->timeout_source, g_main_context_get_thread_default ());

  g_socket_client_connect_to_host_async (socket_client, g_uri_get_host (uri),
                                         g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80,
                                         probe->cancellable, tls_probe_connected_cb, probe);
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  SoupMessage *msg = request->message;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  goffset announced = 0;
  guint status;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  clear_source (&request->handshake_source);
  if (request->stream == NULL)
    {
      if (looks_like_tls_port (request, error))
        tls_probe_start (g_steal_pointer (&task), map_transport_error (request, error));
      else
        g_task_return_error (task, map_transport_error (request, error));
      return;
    }

  status = soup_message_get_status (msg);
  request->status = status;
  headers = soup_message_get_response_headers (msg);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_task_return_error (task,
                           cs_error_from_redirect (status,
                                                   soup_message_headers_get_one (headers,
                                                                                 "Location")));
      return;
    }

  /* An answer that announces its size is refused before it is read, and
   * read into one buffer of that size rather than one that keeps growing. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    announced = soup_message_headers_get_content_length (headers);
  if (announced > 0 && (guint64) announced > request->max_body_size)
    {
      g_task_return_error (task, answer_too_large (request));
      return;
    }
  request->body = g_byte_array_sized_new ((guint) announced);
  read_next_chunk (g_steal_pointer (&task));
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
  /* libsoup opens a new connection (a TLS handshake) for every POST unless
   * the message is flagged idempotent; the flag only lets a POST use a
   * kept-alive connection. libsoup still never sends a POST again by itself
   * (it restarts a message on a dropped reused connection by its method:
   * GET, PUT, DELETE), and it drops an idle connection the cluster has
   * closed before reusing it. A connection that drops while a POST is under
   * way fails the request as before (create and register then look for
   * what was made). One handshake per cluster (issue 15). */
  if (g_ascii_strcasecmp (method, "POST") == 0)
    soup_message_add_flags (request->message, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      /* A body may hold a connector's AWS keys: wipe the text when libsoup
       * and the signer are done with it. */
      bytes = g_bytes_new_with_free_func (text, strlen (text), wipe_and_free_text, text);
      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
      request->request_body = g_bytes_ref (bytes);
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

  request->max_body_size = (flags & CS_REQUEST_FLAGS_LARGE_ANSWER) ? CS_CLIENT_MAX_LARGE_ANSWER
                                                                   : CS_CLIENT_MAX_ANSWER;
  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, request_sent_cb, g_steal_pointer (&task));
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
