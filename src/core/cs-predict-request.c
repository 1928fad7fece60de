/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-predict"

#include "config.h"

#include "cs-predict.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-secret-mask.h"

/*
 * What goes into a predict call besides the conversation: the per-call
 * values and their checks, the connector's defaults and timeout, and what
 * the Playground shows of a request. Declared in cs-predict.h.
 */

/* ML Commons' client_config defaults (mlcommons-api.md §3.1) */
#define DEFAULT_READ_TIMEOUT_SECONDS  30
#define DEFAULT_RETRY_TIMEOUT_SECONDS 30
/* Time the cluster itself takes around Bedrock's answer */
#define TIMEOUT_MARGIN_SECONDS        30

/* Text checks for what ML Commons does to predict parameters */

gboolean
cs_predict_text_is_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (text == NULL)
    return FALSE;

  /* Cheap first: after leading white space, JSON objects and arrays start
   * with a brace or a bracket. */
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '{' && *text != '[')
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return root != NULL && (JSON_NODE_HOLDS_OBJECT (root) || JSON_NODE_HOLDS_ARRAY (root));
}

char *
cs_predict_wrap_json_text (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return g_strdup_printf ("```json\n%s\n```", stripped);
}

gboolean
cs_predict_text_has_placeholder (const char *text)
{
  return text != NULL && strstr (text, "${parameters.") != NULL;
}

/* Overrides */

static gboolean
fail_field (CsOverrideField *field,
            CsOverrideField  which,
            GError         **error,
            const char      *message)
{
  if (field != NULL)
    *field = which;
  g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT, message);
  return FALSE;
}

gboolean
cs_predict_overrides_validate (const CsPredictOverrides *overrides,
                               const CsPredictOverrides *defaults,
                               gboolean                  thinking,
                               CsOverrideField          *field,
                               GError                  **error)
{
  static const CsPredictOverrides none = { 0, };
  gint64 max_tokens, budget_tokens;
  gboolean have_temperature;
  double temperature;

  if (field != NULL)
    *field = CS_OVERRIDE_FIELD_NONE;
  if (overrides == NULL)
    overrides = &none;
  if (defaults == NULL)
    defaults = &none;

  if (overrides->set_temperature &&
      (!isfinite (overrides->temperature) ||
       overrides->temperature < 0.0 || overrides->temperature > 1.0))
    return fail_field (field, CS_OVERRIDE_FIELD_TEMPERATURE, error,
                       _("Temperature must be between 0 and 1."));

  if (overrides->budget_tokens > 0 && !thinking)
    return fail_field (field, CS_OVERRIDE_FIELD_BUDGET_TOKENS, error,
                       _("This model’s connector does not turn on extended thinking, so a "
                         "thinking budget has no effect. Clear the budget, or use a model "
                         "with a thinking connector."));

  max_tokens = overrides->max_tokens > 0 ? overrides->max_tokens : defaults->max_tokens;
  budget_tokens = overrides->budget_tokens > 0 ? overrides->budget_tokens
                                               : defaults->budget_tokens;
  have_temperature = overrides->set_temperature || defaults->set_temperature;
  temperature = overrides->set_temperature ? overrides->temperature : defaults->temperature;

  if (!thinking)
    return TRUE;

  if (have_temperature && temperature != 1.0)
    return fail_field (field, CS_OVERRIDE_FIELD_TEMPERATURE, error,
                       _("With extended thinking, Claude only accepts a temperature of 1. "
                         "Set the temperature to 1."));

  if (budget_tokens > 0 && budget_tokens < CS_THINKING_MIN_BUDGET)
    return fail_field (field, CS_OVERRIDE_FIELD_BUDGET_TOKENS, error,
                       _("The thinking budget must be at least 1024 tokens."));

  if (budget_tokens > 0 && max_tokens > 0 && budget_tokens >= max_tokens)
    return fail_field (field,
                       overrides->budget_tokens > 0 ? CS_OVERRIDE_FIELD_BUDGET_TOKENS
                                                    : CS_OVERRIDE_FIELD_MAX_TOKENS,
                       error,
                       _("The thinking budget must be smaller than the maximum number of "
                         "tokens. Lower the budget or raise the maximum."));

  return TRUE;
}

static gboolean
read_number (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, name);
  char *end = NULL;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return isfinite (*value);
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      *value = g_ascii_strtod (text, &end);
      return end != text && *end == '\0' && isfinite (*value);
    default:
      return FALSE;
    }
}

void
cs_predict_defaults_from_connector (JsonObject         *connector,
                                    CsPredictOverrides *defaults,
                                    gboolean           *thinking)
{
  JsonObject *parameters = NULL;
  JsonNode *actions;
  double value;

  g_return_if_fail (connector != NULL);
  g_return_if_fail (defaults != NULL);

  memset (defaults, 0, sizeof *defaults);
  if (thinking != NULL)
    *thinking = FALSE;

  if (json_object_has_member (connector, "parameters") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "parameters")))
    parameters = json_object_get_object_member (connector, "parameters");

  if (parameters != NULL)
    {
      if (read_number (parameters, "max_tokens", &value) && value >= 1)
        defaults->max_tokens = (gint64) value;
      if (read_number (parameters, "temperature", &value))
        {
          defaults->set_temperature = TRUE;
          defaults->temperature = value;
        }
      if (read_number (parameters, "budget_tokens", &value) && value >= 1)
        defaults->budget_tokens = (gint64) value;
    }

  if (thinking == NULL)
    return;

  /* The template is text with placeholders, not JSON yet: look for the
   * thinking member the blueprint's extended-thinking body has. */
  actions = json_object_get_member (connector, "actions");
  if (actions != NULL && JSON_NODE_HOLDS_ARRAY (actions))
    {
      JsonArray *array = json_node_get_array (actions);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *action;
          const char *type, *body;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          action = json_node_get_object (element);
          type = json_object_get_string_member_with_default (action, "action_type", "");
          body = json_object_get_string_member_with_default (action, "request_body", "");
          if (g_ascii_strcasecmp (type, "predict") == 0 && strstr (body, "\"thinking\"") != NULL)
            *thinking = TRUE;
        }
    }
}

/* The time a predict may take */

guint
cs_predict_timeout_for_connector (JsonObject *connector)
{
  JsonNode *node;
  JsonObject *config = NULL;
  double read_timeout = DEFAULT_READ_TIMEOUT_SECONDS;
  double retry_timeout = DEFAULT_RETRY_TIMEOUT_SECONDS;
  double retries = 0;
  double value;
  double total;

  if (connector == NULL)
    return CS_PREDICT_DEFAULT_TIMEOUT;

  node = json_object_get_member (connector, "client_config");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    config = json_node_get_object (node);
  if (config != NULL)
    {
      if (read_number (config, "read_timeout", &value) && value > 0)
        read_timeout = value;
      if (read_number (config, "retry_timeout_seconds", &value) && value > 0)
        retry_timeout = value;
      if (read_number (config, "max_retry_times", &value))
        retries = floor (value);
    }

  /* -1: retried until retry_timeout_seconds have passed */
  if (retries < 0)
    total = read_timeout + retry_timeout;
  else
    total = read_timeout * (1 + MIN (retries, 1000));
  total += TIMEOUT_MARGIN_SECONDS;
  return (guint) MIN (total, (double) CS_PREDICT_MAX_TIMEOUT);
}

/* Showing a request */

/* After the one masking rule (cs-secret-mask): anything shaped like an AWS
 * access key id inside the strings that are left, in place. */
static void
mask_key_ids (JsonNode *node,
              GRegex   *key_id)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        mask_key_ids (member, key_id);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        mask_key_ids (json_array_get_element (array, i), key_id);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *replaced = g_regex_replace_literal (key_id, json_node_get_string (node),
                                                           -1, 0, "********", 0, NULL);

      json_node_set_string (node, replaced != NULL ? replaced : "********");
    }
}

JsonNode *
cs_predict_mask_secrets (JsonNode *body)
{
  g_autoptr(GRegex) key_id = NULL;
  JsonNode *masked;

  g_return_val_if_fail (body != NULL, NULL);

  key_id = g_regex_new ("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b", G_REGEX_OPTIMIZE, 0, NULL);
  masked = cs_secret_mask_json (body, "********");
  mask_key_ids (masked, key_id);
  return masked;
}

char *
cs_predict_path (const char *model_id)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (model_id != NULL, NULL);

  escaped = g_uri_escape_string (model_id, NULL, FALSE);
  return g_strdup_printf ("_plugins/_ml/models/%s/_predict", escaped);
}

char *
cs_predict_describe_request (const char *model_id,
                             JsonNode   *body)
{
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  path = cs_predict_path (model_id);
  masked = cs_predict_mask_secrets (body);
  json_generator_set_root (generator, masked);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json = json_generator_to_data (generator, NULL);
  return g_strdup_printf ("POST /%s\n%s", path, json);
}

char *
cs_predict_curl_command (const char *base_url,
                         const char *model_id,
                         JsonNode   *body)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) clean = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autofree char *quoted_url = NULL;
  g_autofree char *quoted_body = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  if (uri != NULL)
    {
      clean = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                           g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                           NULL, NULL);
      base = g_uri_to_string (clean);
    }
  else
    base = g_strdup (base_url);

  path = cs_predict_path (model_id);
  url = g_strdup_printf ("%s%s%s", base, g_str_has_suffix (base, "/") ? "" : "/", path);

  masked = cs_predict_mask_secrets (body);
  json_generator_set_root (generator, masked);
  json = json_generator_to_data (generator, NULL);

  quoted_url = g_shell_quote (url);
  quoted_body = g_shell_quote (json);
  return g_strdup_printf ("curl -X POST %s -H 'Content-Type: application/json' -d %s",
                          quoted_url, quoted_body);
}
