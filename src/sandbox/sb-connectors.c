/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-connectors"

#include "config.h"

#include "sb-connectors.h"

#include "sb-cluster.h"
#include "sb-ids.h"
#include "sb-json.h"
#include "sb-search.h"

#include <string.h>

#define CONNECTORS "connectors"

static const char * const action_types[] = {
  "PREDICT", "EXECUTE", "BATCH_PREDICT", "CANCEL_BATCH_PREDICT", "BATCH_PREDICT_STATUS", NULL,
};

/* Headers that may not take ${parameters.*} (they would let a caller inject secrets). */
static const char * const sensitive_headers[] = {
  "authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "set-cookie",
  "host", "x-amz-security-token", "x-auth-token", NULL,
};

typedef struct
{
  char       *name;
  char       *description;
  char       *version;
  char       *protocol;
  char       *url;
  JsonObject *parameters;
  JsonObject *credential;
  JsonArray  *actions;
  JsonArray  *backend_roles;
  gboolean    has_add_all;
  gboolean    add_all_backend_roles;
  char       *access_mode;
  JsonObject *client_config;
  gboolean    dry_run;
} Input;

static void
input_clear (Input *in)
{
  g_free (in->name);
  g_free (in->description);
  g_free (in->version);
  g_free (in->protocol);
  g_free (in->url);
  g_clear_pointer (&in->parameters, json_object_unref);
  g_clear_pointer (&in->credential, json_object_unref);
  g_clear_pointer (&in->actions, json_array_unref);
  g_clear_pointer (&in->backend_roles, json_array_unref);
  g_free (in->access_mode);
  g_clear_pointer (&in->client_config, json_object_unref);
}

static gboolean
expect (JsonNode    *node,
        JsonNodeType type,
        const char  *token,
        SbFailure   *failure)
{
  if (json_node_get_node_type (node) == type)
    return TRUE;
  sb_failure_set (failure, 400, "parsing_exception",
                  "Failed to parse object: expecting token of type [%s] but found [%s]",
                  token, sb_json_token_name (node));
  return FALSE;
}

/* XContent's text(): strings as-is, numbers and booleans as their text, null as NULL. */
static gboolean
scalar_text (JsonNode   *node,
             char      **out,
             SbFailure  *failure)
{
  *out = NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return expect (node, JSON_NODE_VALUE, "VALUE_STRING", failure);
  *out = sb_json_param_string (node);
  return TRUE;
}

static JsonObject *
string_map (JsonObject *in)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (in);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *text = sb_json_param_string (json_object_get_member (in, l->data));
      json_object_set_string_member (out, l->data, text);
    }
  return out;
}

static gboolean
valid_action_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static JsonObject *
parse_action (SbServer   *s,
              JsonNode   *node,
              SbFailure  *failure)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObject *in;
  g_autoptr(GList) members = NULL;

  if (!expect (node, JSON_NODE_OBJECT, "START_OBJECT", failure))
    return NULL;
  in = json_node_get_object (node);
  members = json_object_get_members (in);

  /* Parsed in document order; the enum conversion fails as soon as it is met. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (in, key);

      if (g_str_equal (key, "action_type"))
        {
          g_autofree char *text = NULL;
          g_autofree char *upper = NULL;

          if (!scalar_text (value, &text, failure))
            return NULL;
          if (text == NULL)
            continue;
          upper = g_ascii_strup (text, -1);
          if (!g_strv_contains (action_types, upper))
            {
              sb_failure_set (failure, 400, "illegal_argument_exception",
                              "No enum constant org.opensearch.ml.common.connector."
                              "ConnectorAction.ActionType.%s", upper);
              return NULL;
            }
          json_object_set_string_member (out, "action_type", upper);
        }
      else if (g_str_equal (key, "method") || g_str_equal (key, "url")
               || g_str_equal (key, "request_body")
               || g_str_equal (key, "pre_process_function")
               || g_str_equal (key, "post_process_function")
               || (g_str_equal (key, "name") && sb_version_at_least (s, 3, 5)))
        {
          g_autofree char *text = NULL;

          if (!scalar_text (value, &text, failure))
            return NULL;
          if (text != NULL)
            json_object_set_string_member (out, key, text);
        }
      else if (g_str_equal (key, "headers"))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!expect (value, JSON_NODE_OBJECT, "START_OBJECT", failure))
            return NULL;
          json_object_set_object_member (out, "headers", string_map (json_node_get_object (value)));
        }
      else if (g_str_equal (key, "supports_structured_output")
               && sb_version_at_least (s, 3, 7))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
            json_object_set_boolean_member (out, key, json_node_get_boolean (value));
        }
    }

  /* The ConnectorAction constructor. */
  if (!json_object_has_member (out, "action_type"))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception", "action type can't be null");
      return NULL;
    }
  if (!json_object_has_member (out, "url"))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception", "url can't be null");
      return NULL;
    }
  if (!json_object_has_member (out, "method"))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception", "method can't be null");
      return NULL;
    }
  if (json_object_has_member (out, "name")
      && !valid_action_name (json_object_get_string_member (out, "name")))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "Action name contains invalid characters. Only alphanumeric characters, "
                      "hyphens, and underscores are allowed");
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
parse_client_config (SbServer   *s,
                     JsonObject *in,
                     Input      *input,
                     SbFailure  *failure)
{
  JsonObject *out = json_object_new ();
  gboolean seconds = sb_version_at_least (s, 3, 6);
  const char *policy;

  input->client_config = out;
  json_object_set_int_member (out, "max_connection", 30);
  json_object_set_int_member (out, "connection_timeout", seconds ? 30 : 30000);
  json_object_set_int_member (out, "read_timeout", seconds ? 30 : 30000);
  if (sb_version_at_least (s, 2, 15))
    {
      json_object_set_int_member (out, "retry_backoff_millis", 200);
      json_object_set_int_member (out, "retry_timeout_seconds", 30);
      json_object_set_int_member (out, "max_retry_times", 0);
      json_object_set_string_member (out, "retry_backoff_policy", "constant");
    }
  if (sb_version_at_least (s, 3, 5))
    json_object_set_boolean_member (out, "skip_ssl_verification", FALSE);

  {
    g_autoptr(GList) members = json_object_get_members (in);
    for (GList *l = members; l != NULL; l = l->next)
      if (json_object_has_member (out, l->data))
        {
          JsonNode *value = json_object_get_member (in, l->data);
          if (!JSON_NODE_HOLDS_NULL (value))
            json_object_set_member (out, l->data, json_node_copy (value));
        }
  }

  policy = sb_json_get_string (out, "retry_backoff_policy");
  if (policy != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (policy, -1);

      if (!g_str_equal (lower, "constant") && !g_str_equal (lower, "exponential_equal_jitter")
          && !g_str_equal (lower, "exponential_full_jitter"))
        {
          sb_failure_set (failure, 400, "illegal_argument_exception",
                          "Unsupported retry backoff policy");
          return FALSE;
        }
      json_object_set_string_member (out, "retry_backoff_policy", lower);
    }
  return TRUE;
}

/* Step 3 and 4 of §3.1: the parser, field by field. */
static gboolean
parse_input (SbServer   *s,
             JsonObject *in,
             Input      *input,
             SbFailure  *failure)
{
  g_autoptr(GList) members = json_object_get_members (in);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (in, key);

      if (g_str_equal (key, "name"))
        {
          if (!scalar_text (value, &input->name, failure))
            return FALSE;
        }
      else if (g_str_equal (key, "description"))
        {
          if (!scalar_text (value, &input->description, failure))
            return FALSE;
        }
      else if (g_str_equal (key, "version"))
        {
          if (!scalar_text (value, &input->version, failure))
            return FALSE;
        }
      else if (g_str_equal (key, "protocol"))
        {
          if (!scalar_text (value, &input->protocol, failure))
            return FALSE;
        }
      else if (g_str_equal (key, "url"))
        {
          if (!scalar_text (value, &input->url, failure))
            return FALSE;
        }
      else if (g_str_equal (key, "parameters"))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!expect (value, JSON_NODE_OBJECT, "START_OBJECT", failure))
            return FALSE;
          g_clear_pointer (&input->parameters, json_object_unref);
          input->parameters = string_map (json_node_get_object (value));
        }
      else if (g_str_equal (key, "credential"))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!expect (value, JSON_NODE_OBJECT, "START_OBJECT", failure))
            return FALSE;
          g_clear_pointer (&input->credential, json_object_unref);
          input->credential = string_map (json_node_get_object (value));
        }
      else if (g_str_equal (key, "actions"))
        {
          JsonArray *arr;

          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!expect (value, JSON_NODE_ARRAY, "START_ARRAY", failure))
            return FALSE;
          arr = json_node_get_array (value);
          g_clear_pointer (&input->actions, json_array_unref);
          input->actions = json_array_new ();
          for (guint i = 0; i < json_array_get_length (arr); i++)
            {
              JsonObject *action = parse_action (s, json_array_get_element (arr, i), failure);
              if (action == NULL)
                return FALSE;
              json_array_add_object_element (input->actions, action);
            }
        }
      else if (g_str_equal (key, "backend_roles"))
        {
          JsonArray *arr;

          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!expect (value, JSON_NODE_ARRAY, "START_ARRAY", failure))
            return FALSE;
          arr = json_node_get_array (value);
          g_clear_pointer (&input->backend_roles, json_array_unref);
          input->backend_roles = json_array_new ();
          for (guint i = 0; i < json_array_get_length (arr); i++)
            {
              g_autofree char *text = sb_json_param_string (json_array_get_element (arr, i));
              json_array_add_string_element (input->backend_roles, text);
            }
        }
      else if (g_str_equal (key, "add_all_backend_roles"))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          input->has_add_all = TRUE;
          input->add_all_backend_roles = JSON_NODE_HOLDS_VALUE (value)
                                         && json_node_get_value_type (value) == G_TYPE_BOOLEAN
                                         ? json_node_get_boolean (value)
                                         : g_strcmp0 (json_node_get_string (value), "true") == 0;
        }
      else if (g_str_equal (key, "access_mode"))
        {
          g_autofree char *text = NULL;
          g_autofree char *lower = NULL;

          if (!scalar_text (value, &text, failure))
            return FALSE;
          lower = text ? g_ascii_strdown (text, -1) : NULL;
          /* AccessMode.from() answers null for anything else. */
          if (lower != NULL && (g_str_equal (lower, "public") || g_str_equal (lower, "private")
                                || g_str_equal (lower, "restricted")))
            input->access_mode = g_steal_pointer (&lower);
        }
      else if (g_str_equal (key, "client_config") && sb_version_at_least (s, 2, 13))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!expect (value, JSON_NODE_OBJECT, "START_OBJECT", failure))
            return FALSE;
          g_clear_pointer (&input->client_config, json_object_unref);
          if (!parse_client_config (s, json_node_get_object (value), input, failure))
            return FALSE;
        }
      else if (g_str_equal (key, "dry_run"))
        {
          input->dry_run = JSON_NODE_HOLDS_VALUE (value)
                           && json_node_get_value_type (value) == G_TYPE_BOOLEAN
                           && json_node_get_boolean (value);
        }
      /* Anything else is skipped, as skipChildren() does. */
    }
  return TRUE;
}

static char *
fill_parameters (const char *text,
                 JsonObject *parameters)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = strstr (p, "${parameters.");
      const char *end;

      if (start == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, start - p);
      end = strchr (start, '}');
      if (end == NULL)
        {
          g_string_append (out, start);
          break;
        }
      {
        g_autofree char *name = g_strndup (start + strlen ("${parameters."),
                                           (gsize) (end - start - strlen ("${parameters.")));
        const char *value = sb_json_get_string (parameters, name);

        if (value != NULL)
          g_string_append (out, value);
        else
          g_string_append_len (out, start, end - start + 1);
      }
      p = end + 1;
    }
  return g_string_free (out, FALSE);
}

char *
sb_connector_predict_url (JsonObject *connector)
{
  JsonArray *actions = sb_json_get_array (connector, "actions");

  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      JsonObject *action = json_array_get_object_element (actions, i);

      if (g_strcmp0 (sb_json_get_string (action, "action_type"), "PREDICT") == 0
          && sb_json_get_string (action, "url") != NULL)
        return fill_parameters (sb_json_get_string (action, "url"),
                                sb_json_get_object (connector, "parameters"));
    }
  return NULL;
}

void
sb_connector_strip (JsonObject *connector)
{
  json_object_remove_member (connector, "credential");
}

static gboolean
check_headers (JsonArray *actions,
               SbFailure *failure)
{
  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      JsonObject *headers = sb_json_get_object (json_array_get_object_element (actions, i),
                                                "headers");
      g_autoptr(GList) members = headers ? json_object_get_members (headers) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *lower = g_ascii_strdown (l->data, -1);
          const char *value = sb_json_get_string (headers, l->data);

          if (g_strv_contains (sensitive_headers, lower) && value != NULL
              && strstr (value, "${parameters.") != NULL)
            {
              sb_failure_set (failure, 400, "illegal_argument_exception",
                              "Header '%s' cannot use ${parameters.*} placeholders for security "
                              "reasons. Use ${credential.*} instead.", (const char *) l->data);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Connector.validateConnectorURL: every action URL, filled with the connector's parameters. */
static gboolean
check_urls (SbServer   *s,
            JsonArray  *actions,
            JsonObject *parameters,
            SbFailure  *failure)
{
  if (actions == NULL)
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "No actions configured for this connector");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      const char *url = sb_json_get_string (json_array_get_object_element (actions, i), "url");
      g_autofree char *filled = url ? fill_parameters (url, parameters) : NULL;
      g_autofree char *problem = sb_cluster_check_url (s, filled);

      if (problem != NULL)
        {
          sb_failure_set (failure, 400, "illegal_argument_exception", "%s", problem);
          return FALSE;
        }
    }
  return TRUE;
}

static const char *
lookup_aws (Input      *in,
            const char *key)
{
  const char *value = sb_json_get_string (in->credential, key);

  if (value == NULL)
    value = sb_json_get_string (in->parameters, key);
  return value;
}

static gboolean
check_access_control (SbRequest *req,
                      Input     *in,
                      SbFailure *failure)
{
  SbServer *s = req->server;
  gboolean security = s->config->user != NULL;
  gboolean enabled = security
                     && sb_cluster_setting_bool (s,
                                                 "plugins.ml_commons."
                                                 "connector_access_control_enabled",
                                                 FALSE);
  gboolean has_roles = in->backend_roles != NULL && json_array_get_length (in->backend_roles) > 0;
  const char *mode;

  if (!enabled)
    {
      if (in->access_mode != NULL || in->backend_roles != NULL || in->has_add_all)
        {
          sb_failure_set (failure, 400, "illegal_argument_exception",
                          "You cannot specify connector access control parameters because the "
                          "Security plugin or connector access control is disabled on your "
                          "cluster.");
          return FALSE;
        }
      return TRUE;
    }

  /* The sandbox's users are administrators without backend roles. */
  if (in->add_all_backend_roles)
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "Admin can't add all backend roles");
      return FALSE;
    }
  mode = in->access_mode ? in->access_mode : (has_roles ? "restricted" : "private");
  if (has_roles && !g_str_equal (mode, "restricted"))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "You can specify backend roles only for a connector with the restricted "
                      "access mode.");
      return FALSE;
    }
  if (g_str_equal (mode, "restricted") && !has_roles)
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "You must specify at least one backend role or make the connector "
                      "public/private for registering it.");
      return FALSE;
    }
  if (has_roles)
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "You don't have the backend roles specified.");
      return FALSE;
    }
  {
    char *chosen = g_strdup (mode);   /* mode may be in->access_mode itself */

    g_free (in->access_mode);
    in->access_mode = chosen;
  }
  return TRUE;
}

static JsonObject *
owner_object (SbRequest *req)
{
  JsonObject *owner = json_object_new ();

  json_object_set_string_member (owner, "name", req->user);
  json_object_set_array_member (owner, "backend_roles", json_array_new ());
  {
    JsonArray *roles = json_array_new ();
    json_array_add_string_element (roles, req->read_only ? "readall" : "all_access");
    json_object_set_array_member (owner, "roles", roles);
  }
  json_object_set_array_member (owner, "custom_attribute_names", json_array_new ());
  json_object_set_null_member (owner, "user_requested_tenant");
  return owner;
}

static JsonObject *
stored_form (SbRequest *req,
             Input     *in)
{
  JsonObject *out = json_object_new ();
  gint64 now = sb_now_ms ();

  if (in->name)
    json_object_set_string_member (out, "name", in->name);
  if (in->version)
    json_object_set_string_member (out, "version", in->version);
  if (in->description)
    json_object_set_string_member (out, "description", in->description);
  if (in->protocol)
    json_object_set_string_member (out, "protocol", in->protocol);
  if (in->url)
    json_object_set_string_member (out, "url", in->url);
  if (in->parameters)
    json_object_set_object_member (out, "parameters", json_object_ref (in->parameters));
  if (in->credential)
    json_object_set_object_member (out, "credential", json_object_ref (in->credential));
  if (in->actions)
    json_object_set_array_member (out, "actions", json_array_ref (in->actions));
  if (in->backend_roles)
    json_object_set_array_member (out, "backend_roles", json_array_ref (in->backend_roles));
  if (req->user != NULL)
    json_object_set_object_member (out, "owner", owner_object (req));
  if (in->access_mode)
    json_object_set_string_member (out, "access", in->access_mode);
  json_object_set_int_member (out, "created_time", now);
  json_object_set_int_member (out, "last_updated_time", now);
  if (in->client_config)
    json_object_set_object_member (out, "client_config", json_object_ref (in->client_config));
  return out;
}

static gboolean
remote_inference_enabled (SbRequest *req,
                          SbFailure *failure)
{
  if (sb_version_at_least (req->server, 2, 11)
      && !sb_cluster_setting_bool (req->server, "plugins.ml_commons.remote_inference.enabled",
                                   TRUE))
    {
      sb_failure_set (failure, 400, "status_exception",
                      "Remote Inference is currently disabled. To enable it, update the setting "
                      "\"plugins.ml_commons.remote_inference_enabled\" to true.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
input_is_mcp (const Input *in)
{
  return in->protocol != NULL && g_str_has_prefix (in->protocol, "mcp_");
}

/* An inline connector of _register is parsed as a connector, not as a create input: no access
 * control fields, and it needs a predict endpoint. */
static gboolean
check_inline_input (Input     *in,
                    SbFailure *failure)
{
  g_autoptr(JsonObject) probe = json_object_new ();
  g_autofree char *url = NULL;

  g_clear_pointer (&in->access_mode, g_free);
  g_clear_pointer (&in->backend_roles, json_array_unref);
  in->has_add_all = FALSE;
  if (in->actions != NULL)
    json_object_set_array_member (probe, "actions", json_array_ref (in->actions));
  url = sb_connector_predict_url (probe);
  if (url == NULL)
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "Connector endpoint is required when creating a remote model without "
                      "connector id!");
      return FALSE;
    }
  return TRUE;
}

/* Step 5 of §3.1: MLCreateConnectorInput's own checks. */
static gboolean
check_create_input (SbServer  *s,
                    Input     *in,
                    SbFailure *failure)
{
  gboolean mcp = input_is_mcp (in);
  const char *protocols = sb_version_at_least (s, 3, 9)
                          ? "[aws_sigv4, http, mcp_sse, mcp_streamable_http]"
                          : sb_version_at_least (s, 3, 0)
                          ? "[aws_sigv4, http, mcp_sse]"
                          : "[aws_sigv4, http]";
  gboolean known = in->protocol != NULL
                   && (g_str_equal (in->protocol, "aws_sigv4")
                       || g_str_equal (in->protocol, "http")
                       || (g_str_equal (in->protocol, "mcp_sse")
                           && sb_version_at_least (s, 3, 0))
                       || (g_str_equal (in->protocol, "mcp_streamable_http")
                           && sb_version_at_least (s, 3, 9)));

  if (in->name == NULL)
    sb_failure_set (failure, 400, "illegal_argument_exception", "Connector name is null");
  else if (in->version == NULL)
    sb_failure_set (failure, 400, "illegal_argument_exception", "Connector version is null");
  else if (in->protocol == NULL)
    sb_failure_set (failure, 400, "illegal_argument_exception", "Connector protocol is null");
  else if (!(mcp && known)
           && (in->credential == NULL || json_object_get_size (in->credential) == 0))
    sb_failure_set (failure, 400, "illegal_argument_exception",
                    "Connector credential is null or empty list");
  else if (mcp && known && (in->url == NULL || *g_strstrip (in->url) == '\0'))
    sb_failure_set (failure, 400, "illegal_argument_exception",
                    "MCP Connector url is null or blank");
  else if (!known)
    sb_failure_set (failure, 400, "illegal_argument_exception",
                    "Unsupported connector protocol. Please use one of %s", protocols);
  else
    return TRUE;
  return FALSE;
}

/* Step 7: AwsConnector.validate(). The managed service also understands roleArn. */
static gboolean
check_aws_credential (SbServer  *s,
                      Input     *in,
                      SbFailure *failure)
{
  gboolean keys, role;

  if (g_strcmp0 (in->protocol, "aws_sigv4") != 0)
    return TRUE;
  keys = sb_json_get_string (in->credential, "access_key") != NULL
         && sb_json_get_string (in->credential, "secret_key") != NULL;
  role = s->config->aws_managed && sb_json_get_string (in->credential, "roleArn") != NULL;
  if (!keys && !role)
    sb_failure_set (failure, 400, "illegal_argument_exception", "Missing credential");
  else if (lookup_aws (in, "service_name") == NULL)
    sb_failure_set (failure, 400, "illegal_argument_exception", "Missing service name");
  else if (lookup_aws (in, "region") == NULL)
    sb_failure_set (failure, 400, "illegal_argument_exception", "Missing region");
  else
    return TRUE;
  return FALSE;
}

JsonObject *
sb_connector_from_input (SbRequest *req,
                         JsonNode  *body,
                         gboolean   inline_connector,
                         gboolean  *dry_run,
                         SbFailure *failure)
{
  SbServer *s = req->server;
  Input in = { 0 };
  JsonObject *result = NULL;

  if (!expect (body, JSON_NODE_OBJECT, "START_OBJECT", failure))
    return NULL;
  if (!parse_input (s, json_node_get_object (body), &in, failure))
    goto out;
  if (inline_connector)
    in.dry_run = FALSE;
  if (dry_run != NULL)
    *dry_run = in.dry_run;

  if (inline_connector && !check_inline_input (&in, failure))
    goto out;
  if (!in.dry_run && !inline_connector && !check_create_input (s, &in, failure))
    goto out;
  /* Step 6: header placeholders (a recent hardening). */
  if (sb_version_at_least (s, 3, 7) && !check_headers (in.actions, failure))
    goto out;
  if (!in.dry_run)
    {
      if (!check_aws_credential (s, &in, failure))
        goto out;
      /* Step 8: the trusted endpoints (MCP connectors have no actions to check). */
      if (!input_is_mcp (&in) && !check_urls (s, in.actions, in.parameters, failure))
        goto out;
      /* Step 9: access control. */
      if (!inline_connector && !check_access_control (req, &in, failure))
        goto out;
    }

  result = stored_form (req, &in);

out:
  input_clear (&in);
  return result;
}

static JsonNode *
write_response (const char *id,
                JsonObject *doc,
                const char *result,
                gint64      version,
                gint64      seq_no)
{
  return sb_write_response (sb_state_index_name (CONNECTORS), id, doc, result, version, seq_no);
}

void
sb_connectors_create (SbRequest *req)
{
  g_autoptr(JsonNode) body = NULL;
  SbFailure failure = { 0 };
  JsonObject *stored;
  gboolean dry_run = FALSE;
  g_autofree char *id = NULL;
  JsonObject *reply;
  JsonNode *node;

  if (!remote_inference_enabled (req, &failure))
    {
      sb_request_reply_failure (req, &failure);
      return;
    }
  if (!sb_request_has_body (req))
    {
      sb_request_reply_error (req, 500, "i_o_exception", "Create Connector request has empty body");
      return;
    }
  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL)
    {
      sb_request_reply_error (req, 500, "i_o_exception", "Create Connector request has empty body");
      return;
    }

  stored = sb_connector_from_input (req, body, FALSE, &dry_run, &failure);
  if (stored == NULL)
    {
      sb_request_reply_failure (req, &failure);
      return;
    }

  reply = json_object_new ();
  node = json_node_new (JSON_NODE_OBJECT);
  if (dry_run)
    {
      json_object_unref (stored);
      json_object_set_string_member (reply, "connector_id", "dryRunConnector");
    }
  else
    {
      id = sb_id_new (20);
      sb_state_put (req->server->state, CONNECTORS, id, stored);
      sb_state_save (req->server->state);
      json_object_set_string_member (reply, "connector_id", id);
    }
  json_node_take_object (node, reply);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_connectors_get (SbRequest *req)
{
  const char *id = req->segs[3];
  JsonObject *source = sb_state_get_source (req->server->state, CONNECTORS, id);
  JsonNode *copy;

  if (source == NULL)
    {
      if (!sb_state_index_exists (req->server->state, CONNECTORS))
        sb_request_reply_error (req, 404, "status_exception", "Failed to find connector");
      else
        sb_request_reply_errorf (req, 404, "status_exception",
                                 "Failed to find connector with the provided connector id: %s", id);
      return;
    }
  copy = sb_json_copy_object (source);
  sb_connector_strip (json_node_get_object (copy));
  sb_request_reply_json (req, SOUP_STATUS_OK, copy);
}

void
sb_connectors_search (SbRequest *req)
{
  sb_search_reply (req, CONNECTORS, sb_connector_strip);
}

/* Model ids using the connector; deployed_only: only those in a node's model cache. */
static GPtrArray *
models_using (SbServer   *s,
              const char *connector_id,
              gboolean    deployed_only)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonObject *models = sb_state_collection (s->state, "models");
  g_autoptr(GList) members = models ? json_object_get_members (models) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *source = sb_state_get_source (s->state, "models", l->data);
      const char *state = sb_json_get_string (source, "model_state");

      if (g_strcmp0 (sb_json_get_string (source, "connector_id"), connector_id) != 0)
        continue;
      if (deployed_only && g_strcmp0 (state, "DEPLOYED") != 0
          && g_strcmp0 (state, "PARTIALLY_DEPLOYED") != 0)
        continue;
      g_ptr_array_add (ids, g_strdup (l->data));
      if (ids->len == 10)
        break;   /* the default search page */
    }
  return ids;
}

static char *
join_ids (GPtrArray *ids)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (ids, i));
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* A connector update body (parsed as create input with validation off) applied to a copy of
 * the stored connector the way HttpConnector.update does (fact sheet §3.4); NULL with *failure
 * set when the body or the resulting URLs are refused. */
JsonObject *
sb_connector_apply_update (SbRequest  *req,
                           JsonObject *stored,
                           JsonNode   *body,
                           SbFailure  *failure)
{
  SbServer *s = req->server;
  g_autoptr(JsonObject) patch = NULL;
  g_autoptr(JsonNode) updated_node = NULL;
  JsonObject *updated;
  static const char * const replaced[] = {
    "name", "description", "version", "protocol", "access", "backend_roles", "client_config",
    "actions", NULL,
  };
  JsonObject *params, *cred;

  {
    Input in = { 0 };

    if (!expect (body, JSON_NODE_OBJECT, "START_OBJECT", failure)
        || !parse_input (s, json_node_get_object (body), &in, failure))
      {
        input_clear (&in);
        return NULL;
      }
    patch = stored_form (req, &in);
    json_object_remove_member (patch, "created_time");
    json_object_remove_member (patch, "owner");
    input_clear (&in);
  }
  if (stored == NULL)
    return json_object_new ();   /* only the parse was asked for */

  updated_node = sb_json_copy_object (stored);
  updated = json_node_get_object (updated_node);
  params = sb_json_get_object (patch, "parameters");
  cred = sb_json_get_object (patch, "credential");
  for (guint i = 0; replaced[i] != NULL; i++)
    if (json_object_has_member (patch, replaced[i]))
      json_object_set_member (updated, replaced[i],
                              json_node_copy (json_object_get_member (patch, replaced[i])));
  if (cred != NULL && json_object_get_size (cred) > 0)
    json_object_set_object_member (updated, "credential", json_object_ref (cred));
  if (params != NULL)
    {
      if (sb_version_at_least (s, 2, 16) && sb_json_get_object (updated, "parameters"))
        {
          JsonObject *merged = sb_json_get_object (updated, "parameters");
          g_autoptr(GList) members = json_object_get_members (params);
          for (GList *l = members; l != NULL; l = l->next)
            json_object_set_member (merged, l->data,
                                    json_node_copy (json_object_get_member (params, l->data)));
        }
      else
        json_object_set_object_member (updated, "parameters", json_object_ref (params));
    }

  if (!check_urls (s, sb_json_get_array (updated, "actions"),
                   sb_json_get_object (updated, "parameters"), failure))
    return NULL;
  return json_object_ref (updated);
}

void
sb_connectors_update (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = req->segs[3];
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GPtrArray) deployed = NULL;
  g_autoptr(JsonObject) updated = NULL;
  JsonObject *source;
  SbFailure failure = { 0 };
  JsonObject *doc;

  if (!remote_inference_enabled (req, &failure))
    {
      sb_request_reply_failure (req, &failure);
      return;
    }
  if (!sb_request_has_body (req))
    {
      sb_request_reply_error (req, 400, "status_exception",
                              "Failed to update connector: Request body is empty");
      return;
    }
  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL)
    {
      sb_request_reply_error (req, 400, "status_exception",
                              "Failed to update connector: Request body is empty");
      return;
    }

  /* The REST layer parses the body before the connector is looked up. */
  updated = sb_connector_apply_update (req, NULL, body, &failure);
  if (updated == NULL)
    {
      sb_request_reply_failure (req, &failure);
      return;
    }
  g_clear_pointer (&updated, json_object_unref);

  source = sb_state_get_source (s->state, CONNECTORS, id);
  if (source == NULL)
    {
      sb_request_reply_errorf (req, 404, "status_exception",
                               "Failed to find connector with the provided connector id: %s", id);
      return;
    }

  deployed = models_using (s, id, TRUE);
  if (deployed->len > 0)
    {
      g_autofree char *list = join_ids (deployed);
      gboolean v211 = !sb_version_at_least (s, 2, 12);

      sb_request_reply_errorf (req, v211 ? 500 : 400,
                               v211 ? "m_l_validation_exception" : "status_exception",
                               "%u models are still using this connector, please undeploy the "
                               "models first: %s", deployed->len, list);
      return;
    }

  updated = sb_connector_apply_update (req, source, body, &failure);
  if (updated == NULL)
    {
      sb_request_reply_failure (req, &failure);
      return;
    }
  json_object_set_int_member (updated, "last_updated_time", sb_now_ms ());
  doc = sb_state_put (s->state, CONNECTORS, id, g_steal_pointer (&updated));
  sb_state_save (s->state);
  sb_request_reply_json (req, SOUP_STATUS_OK,
                         write_response (id, doc, "updated", 0, 0));
}

void
sb_connectors_delete (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = req->segs[3];
  g_autoptr(GPtrArray) users = models_using (s, id, FALSE);
  gint64 version = 1, seq_no = 0;

  if (users->len > 0)
    {
      g_autofree char *list = join_ids (users);
      gboolean v211 = !sb_version_at_least (s, 2, 12);

      sb_request_reply_errorf (req, v211 ? 500 : 409,
                               v211 ? "m_l_validation_exception" : "status_exception",
                               "%u models are still using this connector, please delete or update "
                               "the models first: %s", users->len, list);
      return;
    }

  if (!sb_state_remove (s->state, CONNECTORS, id, &version, &seq_no))
    {
      /* Without access control the listener answers 200 whatever the result. */
      sb_request_reply_json (req, SOUP_STATUS_OK,
                             write_response (id, NULL, "not_found", 1,
                                             sb_state_next_seq_no (s->state)));
      return;
    }
  sb_state_save (s->state);
  sb_request_reply_json (req, SOUP_STATUS_OK,
                         write_response (id, NULL, "deleted", version, seq_no));
}
