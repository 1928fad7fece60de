/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-spec"

#include "config.h"

#include "cs-connector-spec-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"

static void
add_kept (CsConnectorSpec *self,
          const char      *path)
{
  /* Keep the terminating NULL last. */
  g_ptr_array_insert (self->kept, self->kept->len - 1, g_strdup (path));
}

static void
keep_member (CsConnectorSpec  *self,
             JsonObject      **extra,
             const char       *prefix,
             const char       *name,
             JsonNode         *node)
{
  g_autofree char *path = prefix != NULL ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);

  if (*extra == NULL)
    *extra = json_object_new ();
  json_object_set_member (*extra, name, json_node_copy (node));
  add_kept (self, path);
}

/* A number, or a string that holds one (GET answers every parameter as a
 * string). */
static gboolean
node_get_number (JsonNode *node,
                 double   *out)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          *out = json_node_get_double (node);
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);
          char *end = NULL;
          double value;

          if (text == NULL || text[0] == '\0')
            return FALSE;
          value = g_ascii_strtod (text, &end);
          if (end != NULL && *end == '\0' && isfinite (value))
            {
              *out = value;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
node_get_whole (JsonNode *node,
                gint64   *out)
{
  double value;

  if (!node_get_number (node, &value) || value != floor (value) ||
      value < 0 || value > G_MAXINT32)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static gboolean
node_get_boolean (JsonNode *node,
                  gboolean *out)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        {
          *out = json_node_get_boolean (node);
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "false") == 0)
            {
              *out = g_strcmp0 (text, "true") == 0;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static const char *
node_get_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* Whether the actions are exactly the one predict action the spec builds
 * for a model (with temperature or not); sets the thinking form from its
 * request_body. */
static gboolean
actions_are_template (JsonArray           *actions,
                      gboolean             temperature,
                      CsConnectorThinking *thinking)
{
  JsonNode *node;
  JsonObject *action, *headers;
  const char *type, *body;

  if (json_array_get_length (actions) != 1)
    return FALSE;
  node = json_array_get_element (actions, 0);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  action = json_node_get_object (node);
  if (json_object_get_size (action) != 5)
    return FALSE;

  type = json_object_has_member (action, "action_type") ?
         node_get_string (json_object_get_member (action, "action_type")) : NULL;
  if (type == NULL || g_ascii_strcasecmp (type, "predict") != 0)
    return FALSE;
  if (!json_object_has_member (action, "method") ||
      g_strcmp0 (node_get_string (json_object_get_member (action, "method")), "POST") != 0)
    return FALSE;
  if (!json_object_has_member (action, "url") ||
      g_strcmp0 (node_get_string (json_object_get_member (action, "url")), TEMPLATE_URL) != 0)
    return FALSE;
  if (!json_object_has_member (action, "headers") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (action, "headers")))
    return FALSE;
  headers = json_object_get_object_member (action, "headers");
  if (json_object_get_size (headers) != 1 || !json_object_has_member (headers, "content-type") ||
      g_strcmp0 (node_get_string (json_object_get_member (headers, "content-type")),
                 "application/json") != 0)
    return FALSE;
  if (!json_object_has_member (action, "request_body"))
    return FALSE;
  body = node_get_string (json_object_get_member (action, "request_body"));
  if (body == NULL)
    return FALSE;
  for (CsConnectorThinking form = CS_CONNECTOR_THINKING_OFF;
       form <= CS_CONNECTOR_THINKING_ADAPTIVE; form++)
    {
      g_autofree char *template = cs_connector_spec_build_request_body (form, temperature);

      if (strcmp (body, template) == 0)
        {
          *thinking = form;
          return TRUE;
        }
    }
  return FALSE;
}

/* Whether the spec would send temperature for the connector's model. */
static gboolean
model_takes_temperature (JsonObject *connector)
{
  g_autoptr(CsModelRules) rules = NULL;
  JsonObject *parameters;
  const char *model;

  if (!json_object_has_member (connector, "parameters") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "parameters")))
    return TRUE;
  parameters = json_object_get_object_member (connector, "parameters");
  model = json_object_has_member (parameters, "model") ?
          node_get_string (json_object_get_member (parameters, "model")) : NULL;
  if (model == NULL)
    return TRUE;
  rules = cs_model_rules_lookup (model);
  return rules == NULL || cs_model_rules_allows_sampling (rules, CS_SAMPLING_TEMPERATURE,
                                                          NULL, NULL);
}

static void
import_credential (CsConnectorSpec *self,
                   JsonObject      *credential)
{
  g_autoptr(GList) names = json_object_get_members (credential);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (credential, name);
      const char *value = node_get_string (node);
      char **field = NULL;

      if (value != NULL)
        {
          if (strcmp (name, "access_key") == 0)
            field = &self->access_key;
          else if (strcmp (name, "secret_key") == 0)
            field = &self->secret_key;
          else if (strcmp (name, "session_token") == 0)
            field = &self->session_token;
          else if (strcmp (name, "roleArn") == 0)
            {
              field = &self->role_arn;
              self->credential_kind = CS_CREDENTIAL_KIND_ROLE_ARN;
            }
        }
      if (field != NULL)
        {
          if (field == &self->secret_key || field == &self->session_token)
            _cs_connector_spec_free_secret (field);
          else
            g_free (*field);
          *field = g_strdup (value);
        }
      else
        keep_member (self, &self->extra_credential, "credential", name, node);
    }
}

static void
import_parameters (CsConnectorSpec *self,
                   JsonObject      *parameters,
                   gboolean         template_actions)
{
  g_autoptr(GList) names = json_object_get_members (parameters);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (parameters, name);
      const char *text = node_get_string (node);
      gboolean modeled = FALSE;
      gint64 whole;
      double number;
      gboolean flag;

      if (strcmp (name, "region") == 0 && text != NULL)
        {
          g_free (self->region);
          self->region = g_strdup (text);
          modeled = TRUE;
        }
      else if (strcmp (name, "model") == 0 && text != NULL)
        {
          g_free (self->model);
          self->model = g_strdup (text);
          modeled = TRUE;
        }
      else if (strcmp (name, "service_name") == 0 && g_strcmp0 (text, "bedrock") == 0)
        {
          self->present |= PRESENT_SERVICE_NAME;
          modeled = TRUE;
        }
      else if (strcmp (name, "anthropic_version") == 0 &&
               g_strcmp0 (text, CS_CONNECTOR_ANTHROPIC_VERSION) == 0)
        {
          self->present |= PRESENT_ANTHROPIC_VERSION;
          modeled = TRUE;
        }
      else if (strcmp (name, "max_tokens") == 0 && node_get_whole (node, &whole))
        {
          self->max_tokens = whole;
          self->present |= PRESENT_MAX_TOKENS;
          modeled = TRUE;
        }
      else if (strcmp (name, "temperature") == 0 && node_get_number (node, &number) &&
               number >= 0.0 && number <= 2.0)
        {
          self->temperature = round (number * 100.0) / 100.0;
          /* Only what the form can show again is taken over. */
          if (self->temperature == number)
            {
              self->present |= PRESENT_TEMPERATURE;
              modeled = TRUE;
            }
          else
            self->temperature = 1.0;
        }
      else if (strcmp (name, "use_system_prompt") == 0 && node_get_boolean (node, &flag))
        {
          self->use_system_prompt = flag;
          self->present |= PRESENT_USE_SYSTEM_PROMPT;
          modeled = TRUE;
        }
      else if (strcmp (name, "budget_tokens") == 0 && node_get_whole (node, &whole) &&
               (template_actions ? self->thinking == CS_CONNECTOR_THINKING_BUDGET
                                 : self->thinking != CS_CONNECTOR_THINKING_ADAPTIVE))
        {
          self->budget_tokens = whole;
          self->thinking = CS_CONNECTOR_THINKING_BUDGET;
          modeled = TRUE;
        }
      else if (strcmp (name, "effort") == 0 &&
               _cs_connector_spec_effort_flag (text) != CS_EFFORT_UNSET &&
               (template_actions ? self->thinking == CS_CONNECTOR_THINKING_ADAPTIVE
                                 : self->thinking != CS_CONNECTOR_THINKING_BUDGET))
        {
          g_free (self->effort);
          self->effort = g_strdup (text);
          self->thinking = CS_CONNECTOR_THINKING_ADAPTIVE;
          modeled = TRUE;
        }

      if (!modeled)
        keep_member (self, &self->extra_parameters, "parameters", name, node);
    }
}

static void
import_client_config (CsConnectorSpec *self,
                      JsonObject      *client_config)
{
  g_autoptr(GList) names = json_object_get_members (client_config);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (client_config, l->data);
      gint64 whole;

      if (strcmp (l->data, "read_timeout") == 0 && node_get_whole (node, &whole) && whole > 0)
        self->read_timeout = whole;
      else
        keep_member (self, &self->extra_client_config, "client_config", l->data, node);
    }
  /* An empty client_config stays in the body. */
  if (self->extra_client_config == NULL && self->read_timeout == 0)
    self->extra_client_config = json_object_new ();
}

/* What GET _plugins/_ml/connectors/<id> adds to a stored connector. */
static const char * const server_set_members[] = {
  "created_time", "last_updated_time", "owner", NULL,
};

CsConnectorSpec *
cs_connector_spec_new_from_object (JsonObject  *connector,
                                   GError     **error)
{
  g_autoptr(CsConnectorSpec) self = NULL;
  g_autoptr(GList) names = NULL;
  gboolean is_template = FALSE;

  g_return_val_if_fail (connector != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = cs_connector_spec_new ();
  g_clear_pointer (&self->name, g_free);
  self->name = g_strdup ("");
  g_clear_pointer (&self->description, g_free);
  self->description = g_strdup ("");
  g_clear_pointer (&self->model, g_free);
  self->model = g_strdup ("");
  self->present = 0;

  if (json_object_has_member (connector, "actions") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (connector, "actions")))
    {
      is_template = actions_are_template (json_object_get_array_member (connector, "actions"),
                                          model_takes_temperature (connector),
                                          &self->thinking);
    }

  names = json_object_get_members (connector);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (connector, name);
      const char *text = node_get_string (node);

      if (strcmp (name, "name") == 0 && text != NULL)
        {
          g_free (self->name);
          self->name = g_strdup (text);
        }
      else if (strcmp (name, "description") == 0 && text != NULL)
        {
          g_free (self->description);
          self->description = g_strdup (text);
        }
      else if (strcmp (name, "version") == 0 && JSON_NODE_HOLDS_VALUE (node))
        {
          g_clear_pointer (&self->version, json_node_unref);
          self->version = json_node_copy (node);
        }
      else if (strcmp (name, "protocol") == 0 && text != NULL)
        {
          g_free (self->protocol);
          self->protocol = g_strdup (text);
        }
      else if (strcmp (name, "credential") == 0 && JSON_NODE_HOLDS_OBJECT (node))
        import_credential (self, json_node_get_object (node));
      else if (strcmp (name, "parameters") == 0 && JSON_NODE_HOLDS_OBJECT (node))
        ; /* below, once the mode is known */
      else if (strcmp (name, "actions") == 0 && JSON_NODE_HOLDS_ARRAY (node))
        {
          if (!is_template)
            {
              /* A deep copy: later changes to the caller's document must not
               * reach this spec. */
              g_autoptr(JsonNode) copy = json_node_copy (node);

              self->kept_actions = json_array_ref (json_node_get_array (copy));
              add_kept (self, "actions");
            }
        }
      else if (strcmp (name, "client_config") == 0 && JSON_NODE_HOLDS_OBJECT (node))
        import_client_config (self, json_node_get_object (node));
      else if (g_strv_contains (server_set_members, name))
        ; /* written by the cluster, meaningless in a _create body */
      else
        keep_member (self, &self->extra_top, NULL, name, node);
    }

  if (json_object_has_member (connector, "parameters") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "parameters")))
    import_parameters (self, json_object_get_object_member (connector, "parameters"),
                       is_template);

  if (!json_object_has_member (connector, "actions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (connector, "actions")))
    {
      /* No actions at all: the form supplies the Claude 4 template. */
      self->present |= PRESENT_ALL;
    }

  return g_steal_pointer (&self);
}

/* json-glib reports "<data>:LINE:COL: Parse error: TEXT"; the user gets
 * "Line LINE, column COL: TEXT". */
static GError *
import_parse_error (const GError *parse_error)
{
  g_autoptr(GRegex) regex = g_regex_new (":([0-9]+):([0-9]+): *(.*)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (regex, parse_error->message, 0, &match))
    {
      g_autofree char *line = g_match_info_fetch (match, 1);
      g_autofree char *column = g_match_info_fetch (match, 2);
      g_autofree char *text = g_match_info_fetch (match, 3);
      const char *colon = strstr (text, ": ");

      /* Drop json-glib's own "Parse error: " lead-in, translated or not. */
      if (colon != NULL && colon - text < 32)
        {
          char *rest = g_strdup (colon + 2);

          g_free (text);
          text = rest;
        }
      return g_error_new (CS_ERROR, CS_ERROR_INVALID_INPUT,
                          /* Translators: the last %s is the JSON parser's description */
                          _("Line %s, column %s: %s. Fix the JSON and import it again."),
                          line, column, text);
    }
  return g_error_new (CS_ERROR, CS_ERROR_INVALID_INPUT,
                      _("This is not valid JSON (%s). Fix it and import it again."),
                      parse_error->message);
}

static gboolean
text_is_blank (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

CsConnectorSpec *
cs_connector_spec_new_from_json (const char  *text,
                                 GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Bounded: a file nested thousands of levels deep is refused, not parsed. */
  root = cs_json_parse (text, -1, 0, &parse_error);
  if (root == NULL && parse_error->domain == CS_ERROR)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT, parse_error->message);
      return NULL;
    }
  if (root == NULL && !text_is_blank (text))
    {
      g_propagate_error (error, import_parse_error (parse_error));
      return NULL;
    }
  if (root == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("The text is empty. Paste a connector body, such as a blueprint’s "
                             "connector creation request."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("A connector is a JSON object ({ … }), but this JSON is not one. "
                             "Paste the body of a connector creation request."));
      return NULL;
    }
  return cs_connector_spec_new_from_object (json_node_get_object (root), error);
}
