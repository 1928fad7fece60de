/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bedrock called directly with SigV4: the simulated account's control plane
 * (ListFoundationModels, ListInferenceProfiles) and the runtime's InvokeModel. Sources of every
 * answer are in README.md, "Bedrock called directly". */
#define G_LOG_DOMAIN "sb-bedrock-control"

#include "config.h"

#include "sb-bedrock-control.h"

#include <string.h>

#include "sb-bedrock.h"
#include "sb-model-rules.h"
#include "sb-sigv4.h"

#define CONTROL_PREFIX "/_aws/bedrock/"
#define RUNTIME_PREFIX "/_aws/bedrock-runtime/"

/* The simulated account: every access key of the right shape that starts with "SANDBOX" is one of
 * its users, and they all share this secret key (the one the connector tests use too). */
#define ACCOUNT_ID "123456789012"
#define ACCOUNT_SECRET "sandboxTestSecretKeyForTests0123456789ab"
#define KEY_PREFIX "SANDBOX"

#define TOKEN_INVALID "The security token included in the request is invalid."
#define TOKEN_EXPIRED "The security token included in the request is expired"

/* ListInferenceProfiles answers at most this many profiles per page unless maxResults asks for
 * fewer (README: the service's default page size is not documented; assumed). */
#define PROFILE_PAGE 10

typedef struct
{
  const char *id;
  const char *name;
  gboolean    legacy;
} AccountModel;

/* The Anthropic models of the simulated account, in every region. The last one is newer than
 * both rule tables: the catalogue lists it, the runtime does not know it. */
static const AccountModel account_models[] = {
  { "anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", TRUE },
  { "anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", FALSE },
  { "anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", FALSE },
  { "anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", FALSE },
  { "anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", FALSE },
  { "anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", FALSE },
  { "anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5", FALSE },
  { "anthropic.claude-opus-4-6-v1", "Claude Opus 4.6", FALSE },
  { "anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", FALSE },
  { "anthropic.claude-opus-4-7", "Claude Opus 4.7", FALSE },
  { "anthropic.claude-opus-4-8", "Claude Opus 4.8", FALSE },
  { "anthropic.claude-opus-5", "Claude Opus 5", FALSE },
  { "anthropic.claude-sonnet-5", "Claude Sonnet 5", FALSE },
  { "anthropic.claude-fable-5", "Claude Fable 5", FALSE },
  { "anthropic.claude-fable-5-1", "Claude Fable 5.1", FALSE },
  { "anthropic.claude-fable-5-2", "Claude Fable 5.2", FALSE },
  { "anthropic.claude-opus-5-5", "Claude Opus 5.5", FALSE },
  { "anthropic.claude-sonnet-5-5", "Claude Sonnet 5.5", FALSE },
  { "anthropic.claude-haiku-5-5", "Claude Haiku 5.5", FALSE },
  { "anthropic.claude-opus-6", "Claude Opus 6", FALSE },
};

/* Profile geographies: the source regions they can be called from and the regions they route to
 * (the destination regions are an example set, at most five as the API allows). */
static const struct
{
  const char         *geography;
  const char         *region_prefix;   /* "" = every region */
  const char         *label;
  const char * const  destinations[4];
} geographies[] = {
  { "us", "us-", "US", { "us-east-1", "us-east-2", "us-west-2", NULL } },
  { "eu", "eu-", "EU", { "eu-central-1", "eu-west-1", "eu-west-3", NULL } },
  { "apac", "ap-", "APAC", { "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", NULL } },
  { "jp", "ap-northeast-", "JP", { "ap-northeast-1", "ap-northeast-3", NULL } },
  { "au", "ap-southeast-", "AU", { "ap-southeast-2", "ap-southeast-4", NULL } },
  { "global", "", "Global", { NULL } },
};

/* Models of the rule table without a geography list, and the account's model newer than the
 * table, have these profiles: the regional ones, no global one. */
static const char *const regional_only[] = { "us", "eu", "apac", "jp", "au", NULL };
static const char *const newest_geographies[] = { "global", "us", "eu", NULL };

gboolean
sb_bedrock_control_is_aws_path (const char *path)
{
  return path != NULL && (g_str_has_prefix (path, CONTROL_PREFIX)
                          || g_str_has_prefix (path, RUNTIME_PREFIX));
}

/* ---- answers ---------------------------------------------------------------------------- */

static void
reply_aws_error (SbRequest  *req,
                 guint       status,
                 const char *type,
                 const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "x-amzn-ErrorType", type);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  sb_request_reply_json (req, status, json_builder_get_root (b));
}

static void
reply_denied (SbRequest  *req,
              const char *user,
              const char *action,
              const char *resource)
{
  g_autofree char *message = NULL;

  if (resource != NULL)
    message = g_strdup_printf ("User: arn:aws:iam::" ACCOUNT_ID ":user/%s is not authorized to "
                               "perform: %s on resource: %s because no identity-based policy "
                               "allows the %s action", user, action, resource, action);
  else
    message = g_strdup_printf ("User: arn:aws:iam::" ACCOUNT_ID ":user/%s is not authorized to "
                               "perform: %s because no identity-based policy allows the %s "
                               "action", user, action, action);
  reply_aws_error (req, 403, "AccessDeniedException", message);
}

/* ---- SigV4 against the simulated account -------------------------------------------------- */

typedef struct
{
  char *access_key;
  char *region;
  char *user;        /* the IAM user name of the key, for AccessDeniedException texts */
} Caller;

static void
caller_clear (Caller *caller)
{
  g_clear_pointer (&caller->access_key, g_free);
  g_clear_pointer (&caller->region, g_free);
  g_clear_pointer (&caller->user, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Caller, caller_clear)

static gboolean
is_access_key (const char *key)
{
  gsize len = strlen (key);

  if (len < 16 || len > 128)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_session_token (const char *token)
{
  if (strlen (token) < 16)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+/=", *p) == NULL)
      return FALSE;
  return TRUE;
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

/* The access key and region of the Authorization header's Credential, or FALSE. */
static gboolean
parse_credential (const char  *auth,
                  char       **access_key,
                  char       **region)
{
  const char *cred = auth != NULL ? strstr (auth, "Credential=") : NULL;
  g_autofree char *value = NULL;
  g_auto(GStrv) scope = NULL;
  const char *end;

  if (auth == NULL || !g_str_has_prefix (auth, "AWS4-HMAC-SHA256 ") || cred == NULL)
    return FALSE;
  cred += strlen ("Credential=");
  end = strchr (cred, ',');
  value = end != NULL ? g_strndup (cred, (gsize) (end - cred)) : g_strdup (cred);
  scope = g_strsplit (value, "/", -1);
  if (g_strv_length (scope) != 5)
    return FALSE;
  *access_key = g_strdup (scope[0]);
  *region = g_strdup (scope[2]);
  return TRUE;
}

/* The API path as an AWS SDK puts it on the wire: every segment after /_aws/<service>/
 * percent-encoded except the unreserved characters (a model id's ':' becomes %3A). libsoup's
 * server hands over the path with such characters already decoded, so it is encoded again from
 * the decoded segments. */
static char *
wire_path (SbRequest *req)
{
  GString *out = g_string_new (NULL);

  for (guint i = 2; i < req->n_segs; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (req->segs[i], NULL, FALSE);

      g_string_append_c (out, '/');
      g_string_append (out, escaped);
    }
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

/* Checks the request the way Bedrock's front end does, for the endpoint `host_service`
 * ("bedrock" or "bedrock-runtime"); FALSE when it answered already. The signature is checked
 * for the real AWS host the request stands for, not the sandbox's address. */
static gboolean
authenticate (SbRequest  *req,
              const char *host_service,
              Caller     *caller)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *token = soup_message_headers_get_one (headers, "X-Amz-Security-Token");
  g_autoptr(GHashTable) lower = NULL;
  g_autofree char *message = NULL;
  g_autofree char *aws_path = NULL;

  if (auth == NULL)
    {
      reply_aws_error (req, 403, "MissingAuthenticationTokenException",
                       "Missing Authentication Token");
      return FALSE;
    }
  if (!parse_credential (auth, &caller->access_key, &caller->region))
    {
      reply_aws_error (req, 400, "IncompleteSignatureException",
                       "Authorization header requires 'Credential' parameter.");
      return FALSE;
    }
  if (!sb_bedrock_is_region (caller->region))
    {
      reply_aws_error (req, 403, "InvalidSignatureException",
                       "Credential should be scoped to a valid region.");
      return FALSE;
    }
  if (!is_access_key (caller->access_key) || !g_str_has_prefix (caller->access_key, KEY_PREFIX))
    {
      reply_aws_error (req, 403, "UnrecognizedClientException", TOKEN_INVALID);
      return FALSE;
    }
  if (token != NULL && !is_session_token (token))
    {
      reply_aws_error (req, 403, "UnrecognizedClientException", TOKEN_INVALID);
      return FALSE;
    }
  if (token != NULL && strstr (token, "EXPIRED") != NULL)
    {
      reply_aws_error (req, 403, "ExpiredTokenException", TOKEN_EXPIRED);
      return FALSE;
    }

  lower = lower_headers (headers);
  g_hash_table_replace (lower, g_strdup ("host"),
                        g_strdup_printf ("%s.%s.amazonaws.com", host_service, caller->region));
  aws_path = wire_path (req);
  if (!sb_sigv4_verify (req->method, aws_path,
                        g_uri_get_query (soup_server_message_get_uri (req->msg)), lower,
                        req->body, caller->access_key, ACCOUNT_SECRET, caller->region, "bedrock",
                        g_get_real_time () / G_USEC_PER_SEC, &message))
    {
      reply_aws_error (req, 403, "InvalidSignatureException", message);
      return FALSE;
    }
  caller->user = g_ascii_strdown (caller->access_key, -1);
  return TRUE;
}

/* ---- the account's models and profiles ---------------------------------------------------- */

static const char * const *
model_geographies (const AccountModel *model)
{
  const SbModelRules *rules = sb_model_rules_find (model->id);

  if (rules == NULL)
    return newest_geographies;
  return rules->geographies != NULL ? rules->geographies : regional_only;
}

static gboolean
geography_serves (guint       g,
                  const char *region)
{
  return g_str_has_prefix (region, geographies[g].region_prefix);
}

static void
add_string_array (JsonBuilder        *b,
                  const char         *name,
                  const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

void
sb_bedrock_control_list_models (SbRequest *req)
{
  static const char *const input[] = { "TEXT", "IMAGE", NULL };
  static const char *const output[] = { "TEXT", NULL };
  static const char *const inference[] = { "INFERENCE_PROFILE", NULL };
  g_auto(Caller) caller = { 0 };
  g_autoptr(JsonBuilder) b = NULL;
  const char *provider;

  if (!authenticate (req, "bedrock", &caller))
    return;
  if (strstr (caller.access_key, "NOLISTMODELS") != NULL)
    {
      reply_denied (req, caller.user, "bedrock:ListFoundationModels", NULL);
      return;
    }

  provider = sb_request_query (req, "byProvider");
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "modelSummaries");
  json_builder_begin_array (b);
  if (provider == NULL || g_ascii_strcasecmp (provider, "anthropic") == 0)
    for (gsize i = 0; i < G_N_ELEMENTS (account_models); i++)
      {
        const AccountModel *m = &account_models[i];
        g_autofree char *arn = g_strdup_printf ("arn:aws:bedrock:%s::foundation-model/%s",
                                                caller.region, m->id);

        json_builder_begin_object (b);
        add_string (b, "modelArn", arn);
        add_string (b, "modelId", m->id);
        add_string (b, "modelName", m->name);
        add_string (b, "providerName", "Anthropic");
        add_string_array (b, "inputModalities", input);
        add_string_array (b, "outputModalities", output);
        json_builder_set_member_name (b, "responseStreamingSupported");
        json_builder_add_boolean_value (b, TRUE);
        add_string_array (b, "customizationsSupported", NULL);
        add_string_array (b, "inferenceTypesSupported", inference);
        json_builder_set_member_name (b, "modelLifecycle");
        json_builder_begin_object (b);
        add_string (b, "status", m->legacy ? "LEGACY" : "ACTIVE");
        json_builder_end_object (b);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_end_object (b);
  sb_request_reply_json (req, 200, json_builder_get_root (b));
}

typedef struct
{
  const AccountModel *model;
  guint               geography;
} Profile;

void
sb_bedrock_control_list_profiles (SbRequest *req)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GArray) profiles = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *type = sb_request_query (req, "type");
  const char *max_text = sb_request_query (req, "maxResults");
  const char *token = sb_request_query (req, "nextToken");
  guint64 max = PROFILE_PAGE;
  guint64 start = 0;
  guint end;

  if (!authenticate (req, "bedrock", &caller))
    return;
  if (strstr (caller.access_key, "NOLISTPROFILES") != NULL)
    {
      reply_denied (req, caller.user, "bedrock:ListInferenceProfiles", NULL);
      return;
    }
  if (max_text != NULL
      && (!g_ascii_string_to_unsigned (max_text, 10, 1, 1000, &max, NULL)))
    {
      reply_aws_error (req, 400, "ValidationException",
                       "1 validation error detected: Value at 'maxResults' failed to satisfy "
                       "constraint: Member must have value between 1 and 1000");
      return;
    }
  max = MIN (max, PROFILE_PAGE);
  if (type != NULL && !g_str_equal (type, "SYSTEM_DEFINED") && !g_str_equal (type, "APPLICATION"))
    {
      reply_aws_error (req, 400, "ValidationException",
                       "1 validation error detected: Value at 'typeEquals' failed to satisfy "
                       "constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, "
                       "APPLICATION]");
      return;
    }

  profiles = g_array_new (FALSE, FALSE, sizeof (Profile));
  if (type == NULL || g_str_equal (type, "SYSTEM_DEFINED"))
    for (gsize i = 0; i < G_N_ELEMENTS (account_models); i++)
      for (guint g = 0; g < G_N_ELEMENTS (geographies); g++)
        {
          Profile p = { &account_models[i], g };

          if (geography_serves (g, caller.region)
              && g_strv_contains (model_geographies (&account_models[i]),
                                  geographies[g].geography))
            g_array_append_val (profiles, p);
        }

  if (token != NULL)
    {
      gsize len = 0;
      g_autofree char *decoded = (char *) g_base64_decode (token, &len);
      g_autofree char *text = g_strndup (decoded, len);

      if (!g_str_has_prefix (text, "sandbox:")
          || !g_ascii_string_to_unsigned (text + strlen ("sandbox:"), 10, 1, profiles->len,
                                          &start, NULL))
        {
          reply_aws_error (req, 400, "ValidationException", "Invalid pagination token.");
          return;
        }
    }
  end = (guint) MIN (start + max, profiles->len);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "inferenceProfileSummaries");
  json_builder_begin_array (b);
  for (guint i = (guint) start; i < end; i++)
    {
      const Profile *p = &g_array_index (profiles, Profile, i);
      const char *geo = geographies[p->geography].geography;
      const char * const *dest = geographies[p->geography].destinations;
      g_autofree char *id = g_strdup_printf ("%s.%s", geo, p->model->id);
      g_autofree char *arn = g_strdup_printf ("arn:aws:bedrock:%s:" ACCOUNT_ID
                                              ":inference-profile/%s", caller.region, id);
      g_autofree char *name = g_strdup_printf ("%s %s", geographies[p->geography].label,
                                               p->model->name);
      g_autofree char *description = g_strdup_printf ("Routes requests to %s in %s regions.",
                                                      p->model->name,
                                                      geographies[p->geography].label);

      json_builder_begin_object (b);
      add_string (b, "inferenceProfileName", name);
      add_string (b, "description", description);
      add_string (b, "createdAt", "2025-01-01T00:00:00Z");
      add_string (b, "updatedAt", "2025-01-01T00:00:00Z");
      add_string (b, "inferenceProfileArn", arn);
      json_builder_set_member_name (b, "models");
      json_builder_begin_array (b);
      if (dest[0] == NULL)
        {
          g_autofree char *model_arn = g_strdup_printf ("arn:aws:bedrock:::foundation-model/%s",
                                                        p->model->id);

          json_builder_begin_object (b);
          add_string (b, "modelArn", model_arn);
          json_builder_end_object (b);
        }
      for (guint d = 0; dest[d] != NULL; d++)
        {
          g_autofree char *model_arn = g_strdup_printf ("arn:aws:bedrock:%s::foundation-model/%s",
                                                        dest[d], p->model->id);

          json_builder_begin_object (b);
          add_string (b, "modelArn", model_arn);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_string (b, "inferenceProfileId", id);
      add_string (b, "status", "ACTIVE");
      add_string (b, "type", "SYSTEM_DEFINED");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (end < profiles->len)
    {
      g_autofree char *text = g_strdup_printf ("sandbox:%u", end);
      g_autofree char *next = g_base64_encode ((const guchar *) text, strlen (text));

      add_string (b, "nextToken", next);
    }
  json_builder_end_object (b);
  sb_request_reply_json (req, 200, json_builder_get_root (b));
}

/* ---- InvokeModel ------------------------------------------------------------------------ */

void
sb_bedrock_control_invoke (SbRequest *req)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(SbBedrockResponse) response = NULL;
  g_autoptr(JsonObject) credential = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  const char *token;
  SbBedrockRequest request = { 0 };

  if (!authenticate (req, "bedrock-runtime", &caller))
    return;
  if (strstr (caller.access_key, "NOINVOKE") != NULL)
    {
      const char *id = req->segs[3];
      g_autofree char *resource = NULL;

      /* A profile id names the profile's ARN, a model id the foundation model's. */
      if (!g_str_has_prefix (id, "anthropic.") && !g_str_has_prefix (id, "arn:"))
        resource = g_strdup_printf ("arn:aws:bedrock:%s:" ACCOUNT_ID ":inference-profile/%s",
                                    caller.region, id);
      else if (!g_str_has_prefix (id, "arn:"))
        resource = g_strdup_printf ("arn:aws:bedrock:%s::foundation-model/%s", caller.region, id);
      else
        resource = g_strdup (id);

      reply_denied (req, caller.user, "bedrock:InvokeModel", resource);
      return;
    }

  token = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                        "X-Amz-Security-Token");
  credential = json_object_new ();
  json_object_set_string_member (credential, "access_key", caller.access_key);
  json_object_set_string_member (credential, "secret_key", ACCOUNT_SECRET);
  if (token != NULL)
    json_object_set_string_member (credential, "session_token", token);
  path = wire_path (req);
  url = g_strdup_printf ("https://bedrock-runtime.%s.amazonaws.com%s", caller.region, path);
  body = req->body != NULL ? g_strndup (g_bytes_get_data (req->body, NULL),
                                        g_bytes_get_size (req->body))
                           : g_strdup ("");

  request.method = req->method;
  request.url = url;
  request.credential = credential;
  request.signing_region = caller.region;
  request.signing_service = "bedrock";
  request.body = body;
  response = sb_bedrock_invoke (&request);
  if (response->no_response)
    {
      sb_request_reply_reset (req);
      return;
    }
  if (response->error_type != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "x-amzn-ErrorType", response->error_type);
  sb_request_reply_raw (req, response->status, "application/json", response->body,
                        strlen (response->body));
}
