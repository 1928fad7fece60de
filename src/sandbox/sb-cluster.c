/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-cluster"

#include "config.h"

#include "sb-cluster.h"

#include "sb-json.h"

#include <string.h>

#define ML "plugins.ml_commons."

typedef enum
{
  SETTING_BOOL,
  SETTING_LIST,
} SettingType;

typedef struct
{
  const char  *key;
  SettingType  type;
  guint        since_major, since_minor;
} KnownSetting;

/* The ml_commons settings a connector admin touches (fact sheet §2.1, §2.2), with the version
 * that introduced them. Their defaults are in default_value(). */
static const KnownSetting known_settings[] = {
  { ML "trusted_connector_endpoints_regex", SETTING_LIST, 2, 9 },
  { ML "only_run_on_ml_node", SETTING_BOOL, 2, 9 },
  { ML "connector_access_control_enabled", SETTING_BOOL, 2, 9 },
  { ML "model_access_control_enabled", SETTING_BOOL, 2, 9 },
  { ML "allow_registering_model_via_url", SETTING_BOOL, 2, 9 },
  { ML "memory_feature_enabled", SETTING_BOOL, 2, 10 },
  { ML "rag_pipeline_feature_enabled", SETTING_BOOL, 2, 10 },
  { ML "remote_inference.enabled", SETTING_BOOL, 2, 11 },
  { ML "task_dispatcher.eligible_node_role.remote_model", SETTING_LIST, 2, 11 },
  { ML "model_auto_deploy.enable", SETTING_BOOL, 2, 13 },
  { ML "agent_framework_enabled", SETTING_BOOL, 2, 13 },
  { ML "connector.private_ip_enabled", SETTING_BOOL, 2, 15 },
  { ML "safe_delete_model", SETTING_BOOL, 2, 19 },
  { ML "mcp_connector_enabled", SETTING_BOOL, 3, 0 },
  { ML "stream_enabled", SETTING_BOOL, 3, 3 },
};

static gboolean
setting_exists (SbServer           *server,
                const KnownSetting *ks)
{
  /* Without the plugin its settings are unknown to the cluster. */
  if (server->config->no_ml && g_str_has_prefix (ks->key, ML))
    return FALSE;
  return sb_version_at_least (server, ks->since_major, ks->since_minor);
}

static const KnownSetting *
find_setting (SbServer   *server,
              const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_settings); i++)
    if (g_str_equal (known_settings[i].key, key) && setting_exists (server, &known_settings[i]))
      return &known_settings[i];
  return NULL;
}

#define AWS_RE(host) "^https://" host "\\..*[a-z0-9-]\\.amazonaws\\.com/.*$"

static JsonNode *
string_list (const char * const *items)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; items[i] != NULL; i++)
    json_array_add_string_element (arr, items[i]);
  json_node_take_array (node, arr);
  return node;
}

static JsonNode *
default_trusted_regexes (SbServer *server)
{
  if (!sb_version_at_least (server, 2, 11))
    {
      static const char * const list[] = {
        AWS_RE ("runtime\\.sagemaker"),
        "^https://api\\.openai\\.com/.*$",
        "^https://api\\.cohere\\.ai/.*$",
        NULL,
      };
      return string_list (list);
    }
  if (!sb_version_at_least (server, 2, 19))
    {
      static const char * const list[] = {
        AWS_RE ("runtime\\.sagemaker"),
        "^https://api\\.openai\\.com/.*$",
        "^https://api\\.cohere\\.ai/.*$",
        AWS_RE ("bedrock-runtime"),
        NULL,
      };
      return string_list (list);
    }
  {
    static const char * const list[] = {
      AWS_RE ("runtime\\.sagemaker"),
      AWS_RE ("api\\.sagemaker"),
      "^https://api\\.openai\\.com/.*$",
      "^https://api\\.cohere\\.ai/.*$",
      "^https://api\\.deepseek\\.com/.*$",
      AWS_RE ("bedrock-runtime"),
      AWS_RE ("bedrock-agent-runtime"),
      AWS_RE ("bedrock"),
      "^https://textract\\..*[a-z0-9-]\\.amazonaws\\.com$",
      "^https://comprehend\\..*[a-z0-9-]\\.amazonaws\\.com$",
      "^https://rekognition(-fips)?\\..*[a-z0-9-]\\.amazonaws\\.com$",
      "^https://generativelanguage\\.googleapis\\.com/.*$",
      NULL,
    };
    JsonNode *node = string_list (list);

    if (!sb_version_at_least (server, 3, 5))
      {
        JsonArray *arr = json_node_get_array (node);
        json_array_remove_element (arr, json_array_get_length (arr) - 1);
      }
    return node;
  }
}

static JsonNode *
default_value (SbServer           *server,
               const KnownSetting *ks)
{
  const char *key = ks->key + strlen (ML);
  const char *value = "false";

  if (g_str_equal (key, "trusted_connector_endpoints_regex"))
    return default_trusted_regexes (server);
  if (g_str_equal (key, "task_dispatcher.eligible_node_role.remote_model"))
    {
      static const char * const roles[] = { "data", "ml", NULL };
      return string_list (roles);
    }
  if (g_str_equal (key, "only_run_on_ml_node")
      || g_str_equal (key, "remote_inference.enabled")
      || g_str_equal (key, "model_auto_deploy.enable")
      || g_str_equal (key, "agent_framework_enabled"))
    value = "true";
  else if (g_str_equal (key, "memory_feature_enabled")
           || g_str_equal (key, "rag_pipeline_feature_enabled"))
    value = sb_version_at_least (server, 2, 12) ? "true" : "false";

  return json_node_init_string (json_node_alloc (), value);
}

JsonNode *
sb_cluster_setting (SbServer   *server,
                    const char *key)
{
  const KnownSetting *ks = find_setting (server, key);
  JsonNode *node;

  if (ks == NULL)
    return NULL;
  node = json_object_get_member (sb_state_transient (server->state), key);
  if (node == NULL)
    node = json_object_get_member (sb_state_persistent (server->state), key);
  if (node != NULL)
    return json_node_copy (node);
  return default_value (server, ks);
}

gboolean
sb_cluster_setting_bool (SbServer   *server,
                         const char *key,
                         gboolean    fallback)
{
  g_autoptr(JsonNode) node = sb_cluster_setting (server, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return g_strcmp0 (json_node_get_string (node), "true") == 0;
}

gboolean
sb_cluster_url_trusted (SbServer   *server,
                        const char *url)
{
  g_autoptr(JsonNode) list = sb_cluster_setting (server, ML "trusted_connector_endpoints_regex");
  JsonArray *arr;

  if (url == NULL || list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return FALSE;
  arr = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      const char *pattern = json_array_get_string_element (arr, i);
      g_autofree char *anchored = NULL;
      g_autoptr(GRegex) re = NULL;

      if (pattern == NULL)
        continue;
      /* Java's Matcher.matches() must match the whole input. */
      anchored = g_strdup_printf ("^(?:%s)$", pattern);
      re = g_regex_new (anchored, G_REGEX_ANCHORED, 0, NULL);
      if (re != NULL && g_regex_match (re, url, 0, NULL))
        return TRUE;
    }
  return FALSE;
}

char *
sb_cluster_check_url (SbServer   *server,
                      const char *url)
{
  if (sb_version_at_least (server, 3, 7))
    {
      g_autoptr(JsonNode) list = sb_cluster_setting (server,
                                                     ML "trusted_connector_endpoints_regex");
      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list)
          || json_array_get_length (json_node_get_array (list)) == 0)
        return g_strdup ("Trusted connector endpoints regex is not configured. Please set "
                         "plugins.ml_commons.trusted_connector_endpoints_regex.");
    }
  if (sb_cluster_url_trusted (server, url))
    return NULL;
  if (sb_version_at_least (server, 3, 2))
    return g_strdup ("Connector URL is not matching the trusted connector endpoint regex");
  return g_strdup_printf ("Connector URL is not matching the trusted connector endpoint regex, "
                          "URL is: %s", url ? url : "null");
}

/* A group whose body repeats (+, * or {n,}) and that is itself repeated, or a back-reference. */
static gboolean
has_nested_quantifier (const char *re)
{
  gboolean inner[64] = { FALSE };
  int depth = 0;
  gboolean in_class = FALSE;

  for (const char *p = re; *p != '\0'; p++)
    {
      if (*p == '\\')
        {
          if (p[1] >= '1' && p[1] <= '9')
            return TRUE;
          if (p[1] == 'k' && p[2] == '<')
            return TRUE;
          if (p[1] != '\0')
            p++;
          continue;
        }
      if (in_class)
        {
          if (*p == ']')
            in_class = FALSE;
          continue;
        }
      switch (*p)
        {
        case '[':
          in_class = TRUE;
          break;
        case '(':
          if (depth < 63)
            depth++;
          inner[depth] = FALSE;
          break;
        case ')':
          {
            gboolean repeated_inside = inner[depth];
            char next = p[1];

            if (depth > 0)
              depth--;
            if (repeated_inside && (next == '*' || next == '+' || next == '{'))
              return TRUE;
            if (repeated_inside)
              inner[depth] = TRUE;
          }
          break;
        case '*':
        case '+':
        case '{':
          inner[depth] = TRUE;
          break;
        default:
          break;
        }
    }
  return FALSE;
}

char *
sb_cluster_validate_regex (const char *pattern)
{
  g_autoptr(GRegex) re = NULL;

  if (g_utf8_strlen (pattern, -1) > 256)
    return g_strdup_printf ("Regex pattern too long (max 256 chars): %s", pattern);
  re = g_regex_new (pattern, 0, 0, NULL);
  if (re == NULL)
    return g_strdup_printf ("Invalid regex pattern: %s", pattern);
  if (has_nested_quantifier (pattern))
    return g_strdup_printf ("Regex pattern contains nested quantifiers or backreferences that "
                            "may cause ReDoS: %s", pattern);
  return NULL;
}

/* ---- GET / and _cat/plugins ------------------------------------------------------------- */

static const char *
lucene_version (SbServer *server)
{
  if (sb_version_at_least (server, 3, 0))
    return "10.2.1";
  if (sb_version_at_least (server, 2, 19))
    return "9.12.1";
  if (sb_version_at_least (server, 2, 12))
    return "9.9.2";
  return "9.7.0";
}

void
sb_cluster_main (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean v3 = sb_version_at_least (s, 3, 0);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "sandbox-node-1");
  json_builder_set_member_name (b, "cluster_name");
  json_builder_add_string_value (b, "connector-studio-sandbox");
  json_builder_set_member_name (b, "cluster_uuid");
  json_builder_add_string_value (b, s->cluster_uuid);
  json_builder_set_member_name (b, "version");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "distribution");
  json_builder_add_string_value (b, "opensearch");
  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, s->config->version);
  json_builder_set_member_name (b, "build_type");
  json_builder_add_string_value (b, "simulated");
  json_builder_set_member_name (b, "build_hash");
  json_builder_add_string_value (b, "connector-studio-sandbox");
  json_builder_set_member_name (b, "build_date");
  json_builder_add_string_value (b, "2026-01-01T00:00:00.000000000Z");
  json_builder_set_member_name (b, "build_snapshot");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "lucene_version");
  json_builder_add_string_value (b, lucene_version (s));
  json_builder_set_member_name (b, "minimum_wire_compatibility_version");
  json_builder_add_string_value (b, v3 ? "2.19.0" : "7.10.0");
  json_builder_set_member_name (b, "minimum_index_compatibility_version");
  json_builder_add_string_value (b, v3 ? "2.0.0" : "7.0.0");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "tagline");
  json_builder_add_string_value (b, "The OpenSearch Project: https://opensearch.org/ "
                                    "(Connector Studio sandbox \u2014 simulated)");
  json_builder_end_object (b);

  sb_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

void
sb_cluster_cat_plugins (SbRequest *req)
{
  SbServer *s = req->server;
  g_autofree char *plugin_version = g_strdup_printf ("%s.0", s->config->version);
  const char *components[4] = { NULL };
  guint n = 0;
  const char *format = sb_request_query (req, "format");

  if (!s->config->no_ml)
    {
      components[n++] = "opensearch-job-scheduler";
      components[n++] = "opensearch-ml";
    }
  if (s->config->user != NULL)
    components[n++] = "opensearch-security";

  if (g_strcmp0 (format, "json") == 0)
    {
      JsonArray *arr = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint node_i = 0; node_i < s->config->nodes; node_i++)
        for (guint i = 0; i < n; i++)
          {
            JsonObject *row = json_object_new ();
            g_autofree char *name = g_strdup_printf ("sandbox-node-%u", node_i + 1);

            json_object_set_string_member (row, "name", name);
            json_object_set_string_member (row, "component", components[i]);
            json_object_set_string_member (row, "version", plugin_version);
            json_array_add_object_element (arr, row);
          }
      json_node_take_array (node, arr);
      sb_request_reply_json (req, SOUP_STATUS_OK, node);
    }
  else
    {
      GString *text = g_string_new (NULL);

      if (sb_request_query_bool (req, "v"))
        g_string_append_printf (text, "%-15s %-25s %s\n", "name", "component", "version");
      for (guint node_i = 0; node_i < s->config->nodes; node_i++)
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *name = g_strdup_printf ("sandbox-node-%u", node_i + 1);
            g_string_append_printf (text, "%-15s %-25s %s\n", name, components[i],
                                    plugin_version);
          }
      sb_request_reply_raw (req, SOUP_STATUS_OK, "text/plain; charset=UTF-8",
                            text->str, text->len);
      g_string_free (text, TRUE);
    }
}

/* ---- GET/PUT /_cluster/settings --------------------------------------------------------- */

/* Turns flat keys into nested objects: "a.b.c": v -> {"a":{"b":{"c":v}}}. */
static JsonNode *
nest (JsonObject *flat)
{
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) members = json_object_get_members (flat);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, ".", -1);
      JsonObject *at = root;
      guint n = g_strv_length (parts);

      for (guint i = 0; i + 1 < n; i++)
        {
          JsonObject *next = sb_json_get_object (at, parts[i]);
          if (next == NULL)
            {
              next = json_object_new ();
              json_object_set_object_member (at, parts[i], next);
            }
          at = next;
        }
      json_object_set_member (at, parts[n - 1],
                              json_node_copy (json_object_get_member (flat, l->data)));
    }
  json_node_take_object (node, root);
  return node;
}

static JsonNode *
settings_view (JsonObject *flat,
               gboolean    flat_settings)
{
  if (flat_settings)
    return sb_json_copy_object (flat);
  return nest (flat);
}

void
sb_cluster_get_settings (SbRequest *req)
{
  SbServer *s = req->server;
  gboolean flat = sb_request_query_bool (req, "flat_settings");
  JsonObject *persistent = sb_state_persistent (s->state);
  JsonObject *transient = sb_state_transient (s->state);
  JsonObject *out = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (out, "persistent", settings_view (persistent, flat));
  json_object_set_member (out, "transient", settings_view (transient, flat));

  if (sb_request_query_bool (req, "include_defaults"))
    {
      g_autoptr(JsonObject) defaults = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (known_settings); i++)
        {
          const KnownSetting *ks = &known_settings[i];

          if (!setting_exists (s, ks))
            continue;
          if (json_object_has_member (persistent, ks->key)
              || json_object_has_member (transient, ks->key))
            continue;
          json_object_set_member (defaults, ks->key, default_value (s, ks));
        }
      json_object_set_member (out, "defaults", settings_view (defaults, flat));
    }

  json_node_take_object (node, out);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

/* Flattens a settings object of the request: nested objects become dotted keys. */
static void
flatten (JsonObject *in,
         const char *prefix,
         JsonObject *out)
{
  g_autoptr(GList) members = json_object_get_members (in);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (in, l->data);
      g_autofree char *key = prefix ? g_strconcat (prefix, ".", l->data, NULL)
                                    : g_strdup (l->data);

      if (JSON_NODE_HOLDS_OBJECT (value))
        flatten (json_node_get_object (value), key, out);
      else
        json_object_set_member (out, key, json_node_copy (value));
    }
}

static char *
scalar_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return sb_json_to_string (node);
}

/* Validates and normalises one update; FALSE with *reason set when OpenSearch refuses it. */
static gboolean
normalise_update (SbServer    *s,
                  const char  *scope,
                  const char  *key,
                  JsonNode    *value,
                  JsonNode   **normalised,
                  char       **reason)
{
  const KnownSetting *ks;

  *normalised = NULL;

  if (JSON_NODE_HOLDS_NULL (value) && g_str_has_suffix (key, "*"))
    return TRUE;   /* wildcard reset, handled by the caller */

  ks = find_setting (s, key);
  if (ks == NULL)
    {
      *reason = g_strdup_printf ("%s setting [%s], not recognized", scope, key);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;

  if (ks->type == SETTING_BOOL)
    {
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_ARRAY (value) || JSON_NODE_HOLDS_OBJECT (value))
        {
          *reason = g_strdup_printf ("Failed to parse value [%s] for setting [%s]",
                                     "[...]", key);
          return FALSE;
        }
      text = scalar_text (value);
      if (!g_str_equal (text, "true") && !g_str_equal (text, "false"))
        {
          *reason = g_strdup_printf ("Failed to parse value [%s] as only [true] or [false] "
                                     "are allowed.", text);
          return FALSE;
        }
      *normalised = json_node_init_string (json_node_alloc (), text);
      return TRUE;
    }

  /* List setting: an array of scalars, or one scalar as a one-element list. */
  {
    JsonArray *out = json_array_new ();

    *normalised = json_node_new (JSON_NODE_ARRAY);
    json_node_take_array (*normalised, out);
    if (JSON_NODE_HOLDS_ARRAY (value))
      {
        JsonArray *in = json_node_get_array (value);
        for (guint i = 0; i < json_array_get_length (in); i++)
          {
            g_autofree char *text = scalar_text (json_array_get_element (in, i));
            json_array_add_string_element (out, text);
          }
      }
    else
      {
        g_autofree char *text = scalar_text (value);
        json_array_add_string_element (out, text);
      }

    if (g_str_equal (key, ML "trusted_connector_endpoints_regex")
        && sb_version_at_least (s, 3, 7))
      for (guint i = 0; i < json_array_get_length (out); i++)
        {
          char *problem = sb_cluster_validate_regex (json_array_get_string_element (out, i));
          if (problem != NULL)
            {
              *reason = problem;
              g_clear_pointer (normalised, json_node_unref);
              return FALSE;
            }
        }
  }
  return TRUE;
}

static void
remove_prefixed (JsonObject *settings,
                 const char *pattern)
{
  g_autoptr(GList) members = json_object_get_members (settings);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_pattern_match_simple (pattern, l->data))
      json_object_remove_member (settings, l->data);
}

void
sb_cluster_put_settings (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  static const char * const scopes[] = { "persistent", "transient" };
  g_autoptr(JsonObject) update_persistent = json_object_new ();
  g_autoptr(JsonObject) update_transient = json_object_new ();
  JsonObject *updates[2] = { update_persistent, update_transient };
  gboolean any = FALSE;
  JsonObject *out;
  JsonNode *out_node;

  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL)
    {
      sb_request_reply_error (req, 400, "parse_exception", "request body is required");
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      sb_request_reply_error (req, 400, "parse_exception",
                              "Failed to derive xcontent");
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *scope = json_object_get_member (json_node_get_object (body), scopes[i]);
      g_autoptr(JsonObject) flat = json_object_new ();
      g_autoptr(GList) members = NULL;

      if (scope == NULL || JSON_NODE_HOLDS_NULL (scope))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (scope))
        {
          sb_request_reply_errorf (req, 400, "parsing_exception",
                                   "Failed to parse object: expecting token of type "
                                   "[START_OBJECT] but found [%s]", sb_json_token_name (scope));
          return;
        }
      flatten (json_node_get_object (scope), NULL, flat);
      members = json_object_get_members (flat);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *normalised = NULL;
          g_autofree char *reason = NULL;

          any = TRUE;
          if (!normalise_update (s, scopes[i], l->data, json_object_get_member (flat, l->data),
                                 &normalised, &reason))
            {
              sb_request_reply_error (req, 400, "illegal_argument_exception", reason);
              return;
            }
          json_object_set_member (updates[i], l->data,
                                  normalised ? normalised : json_node_new (JSON_NODE_NULL));
        }
    }

  if (!any)
    {
      sb_request_reply_error (req, 400, "action_request_validation_exception",
                              "Validation Failed: 1: no settings to update;");
      return;
    }

  out = json_object_new ();
  out_node = json_node_new (JSON_NODE_OBJECT);
  json_object_set_boolean_member (out, "acknowledged", TRUE);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *target = i == 0 ? sb_state_persistent (s->state) : sb_state_transient (s->state);
      g_autoptr(JsonObject) applied = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (updates[i]);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (updates[i], l->data);

          if (JSON_NODE_HOLDS_NULL (value))
            {
              if (g_str_has_suffix (l->data, "*"))
                remove_prefixed (target, l->data);
              else
                json_object_remove_member (target, l->data);
              continue;
            }
          /* A PUT replaces the whole value, lists included. */
          json_object_set_member (target, l->data, json_node_copy (value));
          json_object_set_member (applied, l->data, json_node_copy (value));
        }
      json_object_set_member (out, scopes[i],
                              settings_view (applied,
                                             sb_request_query_bool (req, "flat_settings")));
    }
  sb_state_save (s->state);

  json_node_take_object (out_node, out);
  sb_request_reply_json (req, SOUP_STATUS_OK, out_node);
}

/* ---- GET /_nodes/plugins and GET /_cluster/health --------------------------------------- */

static JsonNode *
plugin_json (SbServer   *s,
             const char *name,
             const char *description,
             const char *classname,
             const char *extended)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *version = g_strdup_printf ("%s.0", s->config->version);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, version);
  json_builder_set_member_name (b, "opensearch_version");
  json_builder_add_string_value (b, s->config->version);
  json_builder_set_member_name (b, "java_version");
  json_builder_add_string_value (b, "21");
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, description);
  json_builder_set_member_name (b, "classname");
  json_builder_add_string_value (b, classname);
  json_builder_set_member_name (b, "custom_foldername");
  json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "extended_plugins");
  json_builder_begin_array (b);
  if (extended != NULL)
    json_builder_add_string_value (b, extended);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "has_native_controller");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
sb_cluster_nodes_plugins (SbRequest *req)
{
  SbServer *s = req->server;
  JsonArray *ids = sb_state_nodes (s->state, s->config->nodes);
  guint n = json_array_get_length (ids);
  const char *roles_mode = sb_json_get_string (sb_state_simulation (s->state), "node_roles");
  JsonObject *root = json_object_new ();
  JsonObject *counts = json_object_new ();
  JsonObject *nodes = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (roles_mode == NULL)
    roles_mode = "all";
  json_object_set_int_member (counts, "total", n);
  json_object_set_int_member (counts, "successful", n);
  json_object_set_int_member (counts, "failed", 0);
  json_object_set_object_member (root, "_nodes", counts);
  json_object_set_string_member (root, "cluster_name", "connector-studio-sandbox");

  for (guint i = 0; i < n; i++)
    {
      JsonObject *info = json_object_new ();
      JsonArray *plugins = json_array_new ();
      JsonArray *roles = json_array_new ();
      g_autofree char *name = g_strdup_printf ("sandbox-node-%u", i + 1);
      g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", 9300 + i);

      json_object_set_string_member (info, "name", name);
      json_object_set_string_member (info, "transport_address", address);
      json_object_set_string_member (info, "host", "127.0.0.1");
      json_object_set_string_member (info, "ip", "127.0.0.1");
      json_object_set_string_member (info, "version", s->config->version);
      json_object_set_string_member (info, "build_type", "simulated");
      json_object_set_string_member (info, "build_hash", "connector-studio-sandbox");
      /* POST /_sandbox/cluster {"node_roles"}: "all" (every node has every role, the
       * default), "no-ml" (no node has the ml role), "dedicated-ml" (node 1 is the
       * cluster manager and data node, the others are ML nodes only). */
      if (!g_str_equal (roles_mode, "dedicated-ml") || i == 0)
        {
          json_array_add_string_element (roles, "cluster_manager");
          json_array_add_string_element (roles, "data");
          json_array_add_string_element (roles, "ingest");
        }
      if (g_str_equal (roles_mode, "all") || (g_str_equal (roles_mode, "dedicated-ml") && i > 0))
        json_array_add_string_element (roles, "ml");
      json_object_set_array_member (info, "roles", roles);
      if (!s->config->no_ml)
        {
          json_array_add_element (plugins,
                                  plugin_json (s, "opensearch-job-scheduler",
                                               "OpenSearch Job Scheduler plugin (simulated)",
                                               "org.opensearch.jobscheduler.JobSchedulerPlugin",
                                               NULL));
          json_array_add_element (plugins,
                                  plugin_json (s, "opensearch-ml",
                                               "machine learning plugin (simulated)",
                                               "org.opensearch.ml.plugin.MachineLearningPlugin",
                                               "opensearch-job-scheduler"));
        }
      if (s->config->user != NULL)
        json_array_add_element (plugins,
                                plugin_json (s, "opensearch-security",
                                             "Provide access control related features for "
                                             "OpenSearch (simulated)",
                                             "org.opensearch.security.OpenSearchSecurityPlugin",
                                             NULL));
      json_object_set_array_member (info, "plugins", plugins);
      json_object_set_object_member (nodes, json_array_get_string_element (ids, i), info);
    }
  json_object_set_object_member (root, "nodes", nodes);
  json_node_take_object (node, root);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_cluster_health (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  static const char * const zero[] = {
    "relocating_shards", "initializing_shards", "unassigned_shards", "delayed_unassigned_shards",
    "number_of_pending_tasks", "number_of_in_flight_fetch", "task_max_waiting_in_queue_millis",
    NULL,
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cluster_name");
  json_builder_add_string_value (b, "connector-studio-sandbox");
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "green");
  json_builder_set_member_name (b, "timed_out");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "number_of_nodes");
  json_builder_add_int_value (b, s->config->nodes);
  json_builder_set_member_name (b, "number_of_data_nodes");
  json_builder_add_int_value (b, s->config->nodes);
  json_builder_set_member_name (b, "discovered_master");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "discovered_cluster_manager");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "active_primary_shards");
  json_builder_add_int_value (b, 4);
  json_builder_set_member_name (b, "active_shards");
  json_builder_add_int_value (b, 4);
  for (guint i = 0; zero[i] != NULL; i++)
    {
      json_builder_set_member_name (b, zero[i]);
      json_builder_add_int_value (b, 0);
    }
  json_builder_set_member_name (b, "active_shards_percent_as_number");
  json_builder_add_double_value (b, 100.0);
  json_builder_end_object (b);
  sb_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}
