/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-bedrock-request"

#include "config.h"

#include "cs-bedrock-request.h"

#include "cs-trust.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-sigv4.h"

#define TIMEOUT_SECONDS 30

static void
wipe_string (char **field)
{
  if (*field != NULL)
    {
      explicit_bzero (*field, strlen (*field));
      g_clear_pointer (field, g_free);
    }
}

CsBedrockKeys *
cs_bedrock_keys_copy (const CsBedrockKeys *keys)
{
  CsBedrockKeys *copy = g_new0 (CsBedrockKeys, 1);

  copy->access_key_id = g_strdup (keys->access_key_id);
  copy->secret_access_key = g_strdup (keys->secret_access_key);
  copy->session_token = keys->session_token != NULL && *keys->session_token != '\0'
                        ? g_strdup (keys->session_token) : NULL;
  return copy;
}

void
cs_bedrock_keys_free (CsBedrockKeys *keys)
{
  if (keys == NULL)
    return;
  g_free ((char *) keys->access_key_id);
  wipe_string ((char **) &keys->secret_access_key);
  wipe_string ((char **) &keys->session_token);
  g_free (keys);
}

CsBedrockEndpoints *
cs_bedrock_endpoints_copy (const CsBedrockEndpoints *endpoints)
{
  CsBedrockEndpoints *copy = g_new0 (CsBedrockEndpoints, 1);

  if (endpoints != NULL)
    {
      copy->control_url = g_strdup (endpoints->control_url);
      copy->runtime_url = g_strdup (endpoints->runtime_url);
      copy->ca_file = g_strdup (endpoints->ca_file);
    }
  return copy;
}

CsBedrockEndpoints *
cs_bedrock_endpoints_new_for_sandbox (const char *base_url,
                                      const char *ca_file)
{
  CsBedrockEndpoints *endpoints;
  g_autofree char *base = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  base = g_strdup (base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  endpoints = g_new0 (CsBedrockEndpoints, 1);
  endpoints->control_url = g_strconcat (base, "/_aws/bedrock", NULL);
  endpoints->runtime_url = g_strconcat (base, "/_aws/bedrock-runtime", NULL);
  endpoints->ca_file = g_strdup (ca_file);
  return endpoints;
}

void
cs_bedrock_endpoints_free (CsBedrockEndpoints *endpoints)
{
  if (endpoints == NULL)
    return;
  g_free ((char *) endpoints->control_url);
  g_free ((char *) endpoints->runtime_url);
  g_free ((char *) endpoints->ca_file);
  g_free (endpoints);
}

gboolean
cs_bedrock_check_input (const CsBedrockKeys  *keys,
                        const char           *region,
                        GError              **error)
{
  if (keys == NULL || keys->access_key_id == NULL || *keys->access_key_id == '\0'
      || keys->secret_access_key == NULL || *keys->secret_access_key == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("Both the access key ID and the secret access key are needed. Type "
                             "both, then try again."));
      return FALSE;
    }
  if (region == NULL || !g_regex_match_simple ("^[a-z]{2}(-[a-z]+)+-[0-9]+$", region, 0, 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("“%s” is not an AWS region. Choose a region such as us-east-1."),
                   region != NULL ? region : "");
      return FALSE;
    }
  return TRUE;
}

SoupSession *
cs_bedrock_session_new (const CsBedrockEndpoints *endpoints)
{
  SoupSession *session;

  cs_trust_prepare_connections ();
  session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                           "timeout", TIMEOUT_SECONDS,
                                           NULL);
  /* AWS's endpoints: the system's trust, unless the endpoints are the
   * sandbox's (below). */
  {
    g_autoptr(GTlsDatabase) system = cs_trust_system_database ();

    soup_session_set_tls_database (session, system);
  }

  if (endpoints != NULL && endpoints->ca_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) database = cs_trust_database_new (endpoints->ca_file, NULL, &error);

      /* Without it the handshake fails, and the caller says Bedrock cannot
       * be reached: nothing is trusted that was not asked for. */
      if (database != NULL)
        soup_session_set_tls_database (session, database);
      else
        g_debug ("Bedrock endpoint certificate not used: %s", error->message);
    }
  return session;
}

static gboolean
is_loopback (const char *host)
{
  return host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1")
                          || g_str_equal (host, "localhost"));
}

static const char *
service_host_name (CsBedrockService service)
{
  return service == CS_BEDROCK_SERVICE_RUNTIME ? "bedrock-runtime" : "bedrock";
}

SoupMessage *
cs_bedrock_signed_message (const CsBedrockKeys       *keys,
                           const char                *region,
                           const CsBedrockEndpoints  *endpoints,
                           CsBedrockService           service,
                           const char                *method,
                           const char                *path,
                           const char                *query,
                           GBytes                    *body,
                           GError                   **error)
{
  const char *override = NULL;
  g_autofree char *host = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(CsSigV4Result) signature = NULL;
  SoupMessageHeaders *headers;
  CsSigV4Credentials credentials = { 0 };
  CsSigV4Header signed_headers[1];
  SoupMessage *msg;
  gsize body_length = 0;
  const guint8 *body_data = body != NULL ? g_bytes_get_data (body, &body_length) : NULL;

  if (!cs_bedrock_check_input (keys, region, error))
    return NULL;

  host = g_strdup_printf ("%s.%s.amazonaws.com", service_host_name (service), region);
  if (endpoints != NULL)
    override = service == CS_BEDROCK_SERVICE_RUNTIME ? endpoints->runtime_url
                                                     : endpoints->control_url;
  if (override != NULL)
    {
      base = g_strdup (override);
      while (g_str_has_suffix (base, "/"))
        base[strlen (base) - 1] = '\0';
    }
  else
    base = g_strdup_printf ("https://%s", host);

  url = g_strconcat (base, path, query != NULL ? "?" : "", query, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("“%s” is not a Bedrock endpoint URL. Use an https:// address."), base);
      return NULL;
    }
  if (g_str_equal (g_uri_get_scheme (uri), "http") && !is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT,
                   _("The Bedrock endpoint %s uses plain http://, which would expose the "
                     "request's credentials. Use an https:// address."), base);
      return NULL;
    }

  credentials.access_key_id = keys->access_key_id;
  credentials.secret_access_key = keys->secret_access_key;
  credentials.session_token = keys->session_token;
  credentials.region = region;
  credentials.service = "bedrock";
  signed_headers[0].name = "host";
  signed_headers[0].value = host;
  now = g_date_time_new_now_utc ();
  signature = cs_sigv4_sign (&credentials, now, method, path, query, signed_headers,
                             G_N_ELEMENTS (signed_headers), body_data, body_length, FALSE);

  msg = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-Amz-Date", signature->amz_date);
  if (keys->session_token != NULL)
    soup_message_headers_replace (headers, "X-Amz-Security-Token", keys->session_token);
  soup_message_headers_replace (headers, "Authorization", signature->authorization);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

static char *
short_type (const char *type)
{
  const char *hash;
  const char *colon;

  if (type == NULL || *type == '\0')
    return NULL;
  hash = strrchr (type, '#');
  if (hash != NULL)
    type = hash + 1;
  colon = strchr (type, ':');
  return colon != NULL ? g_strndup (type, (gsize) (colon - type)) : g_strdup (type);
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

void
cs_bedrock_read_error (SoupMessage  *msg,
                       JsonNode     *body,
                       char        **type,
                       char        **message)
{
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "x-amzn-ErrorType");
  JsonObject *obj = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body)
                                                                   : NULL;
  const char *text = NULL;

  *type = short_type (header);
  if (*type == NULL && obj != NULL)
    *type = short_type (member_string (obj, "__type") ? member_string (obj, "__type")
                                                      : member_string (obj, "code"));
  if (obj != NULL)
    text = member_string (obj, "message") ? member_string (obj, "message")
                                          : member_string (obj, "Message");
  *message = g_strdup (text);
}

static gboolean
type_is (const char *type,
         const char *name)
{
  return type != NULL && g_str_equal (type, name);
}

static gboolean
text_has (const char *text,
          const char *part)
{
  return text != NULL && strstr (text, part) != NULL;
}

CsBedrockOutcome
cs_bedrock_classify (guint        status,
                     const char  *type,
                     const char  *message,
                     const char  *action,
                     const char  *region,
                     const char  *model_id,
                     char       **sentence)
{
  const char *said = message != NULL ? message : "";
  const char *model = model_id != NULL ? model_id : "";

  if (type_is (type, "ExpiredTokenException") || type_is (type, "ExpiredToken")
      || text_has (message, "security token included in the request is expired"))
    {
      *sentence = g_strdup (_("The session token has expired. Get new temporary credentials "
                              "(access key, secret key and session token) and type all three "
                              "again."));
      return CS_BEDROCK_FAILED_EXPIRED_TOKEN;
    }
  if (type_is (type, "UnrecognizedClientException") || type_is (type, "InvalidClientTokenId")
      || type_is (type, "MissingAuthenticationTokenException")
      || type_is (type, "IncompleteSignatureException"))
    {
      *sentence = g_strdup (_("AWS does not recognise this access key, or its session token is "
                              "not valid. Check the access key ID and the session token, or "
                              "create a new access key in IAM and type it again."));
      return CS_BEDROCK_FAILED_KEYS;
    }
  if (type_is (type, "InvalidSignatureException") || type_is (type, "SignatureDoesNotMatch"))
    {
      if (text_has (message, "does not match the signature"))
        *sentence = g_strdup (_("AWS knows the access key, but the secret access key does not "
                                "belong to it. Type the secret access key again, exactly as IAM "
                                "showed it."));
      else
        *sentence = g_strdup_printf (_("AWS refused the request’s signature: “%s” Check that "
                                       "this computer’s clock is right and that the region is "
                                       "correct, then try again."), said);
      return CS_BEDROCK_FAILED_SIGNATURE;
    }
  if (type_is (type, "AccessDeniedException") || (status == 403 && type == NULL))
    {
      if (g_strcmp0 (action, "bedrock:InvokeModel") == 0)
        *sentence = g_strdup_printf (_("Bedrock refused these keys access to %s. Allow the IAM "
                                       "action “bedrock:InvokeModel” on the model and on its "
                                       "inference profile in the identity’s policy, and check "
                                       "that the model is enabled under Model access in the "
                                       "Bedrock console."), model);
      else
        *sentence = g_strdup_printf (_("These keys may not list Bedrock’s models in %s. Add the "
                                       "IAM action “%s” to the identity’s policy, or choose the "
                                       "model from Connector Studio’s own table."),
                                     region != NULL ? region : "", action);
      return CS_BEDROCK_FAILED_PERMISSION;
    }
  if (type_is (type, "ThrottlingException") || type_is (type, "ServiceQuotaExceededException")
      || status == 429)
    {
      *sentence = g_strdup (_("Bedrock is limiting the requests of this account right now. Wait "
                              "a minute, then try again."));
      return CS_BEDROCK_FAILED_THROTTLED;
    }
  if (text_has (message, "reached the end of its life"))
    {
      *sentence = g_strdup_printf (_("%s has reached its end of life on Bedrock. Choose a newer "
                                     "model."), model);
      return CS_BEDROCK_FAILED_END_OF_LIFE;
    }
  if (type_is (type, "ResourceNotFoundException")
      || text_has (message, "model identifier is invalid")
      || text_has (message, "on-demand throughput"))
    {
      *sentence = g_strdup_printf (_("Bedrock cannot call %s from %s: “%s” Choose an inference "
                                     "profile of this model that serves the region (its "
                                     "geography or global), or another region."),
                                   model, region != NULL ? region : "", said);
      return CS_BEDROCK_FAILED_MODEL;
    }
  if (type_is (type, "ValidationException") || status == 400)
    {
      *sentence = g_strdup_printf (_("Bedrock refused the request body for %s: “%s” Change the "
                                     "setting it names, then check again."), model, said);
      return CS_BEDROCK_FAILED_BODY;
    }
  *sentence = g_strdup_printf (_("Bedrock answered with status %u (%s): “%s” Try again later."),
                               status, type != NULL ? type : _("no error type"), said);
  return CS_BEDROCK_FAILED_OTHER;
}
