/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-predict"

#include "config.h"

#include "cs-predict.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"
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
  g_autoptr(JsonNode) root = NULL;

  if (text == NULL)
    return FALSE;

  /* Cheap first: after leading white space, JSON objects and arrays start
   * with a brace or a bracket. */
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '{' && *text != '[')
    return FALSE;

  root = cs_json_parse (text, -1, 0, NULL);
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

/* The blueprint's model: its thinking rules, which every Claude model shares
 * (cs-model-rules.h), hold for a connector whose model is unknown. */
#define FALLBACK_MODEL "anthropic.claude-sonnet-4-20250514-v1:0"

/* A connector parameter is a string ("8000") or, in older bodies, a number. */
static gboolean
read_number (JsonObject *object,
             const char *name,
             double     *value)
{
  const char *text = cs_json_get_string (object, name);
  char *end = NULL;

  if (text == NULL)
    return cs_json_get_double (object, name, value);
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

/* A token count: at least 1 and small enough for a gint64 ("1e30" is not a
 * count: converting it would overflow). */
static gint64
read_token_count (JsonObject *object,
                  const char *name)
{
  double value;

  if (!read_number (object, name, &value) || value < 1 || value >= (double) G_MAXINT64)
    return 0;
  return (gint64) value;
}

static const struct
{
  CsOverrideSet   value;
  CsOverrideField field;
  const char     *name;   /* the predict parameter and the rule check's field */
} override_names[] = {
  { CS_OVERRIDE_MAX_TOKENS, CS_OVERRIDE_FIELD_MAX_TOKENS, "max_tokens" },
  { CS_OVERRIDE_TEMPERATURE, CS_OVERRIDE_FIELD_TEMPERATURE, "temperature" },
  { CS_OVERRIDE_TOP_P, CS_OVERRIDE_FIELD_TOP_P, "top_p" },
  { CS_OVERRIDE_BUDGET_TOKENS, CS_OVERRIDE_FIELD_BUDGET_TOKENS, "budget_tokens" },
  { CS_OVERRIDE_EFFORT, CS_OVERRIDE_FIELD_EFFORT, "effort" },
};

/* The predict action's request_body, or NULL */
static const char *
predict_template (JsonObject *connector)
{
  JsonArray *actions = cs_json_get_array (connector, "actions");

  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      JsonNode *element = json_array_get_element (actions, i);
      JsonObject *action = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                            : NULL;
      const char *type = cs_json_get_string (action, "action_type");

      if (type != NULL && g_ascii_strcasecmp (type, "predict") == 0 &&
          cs_json_get_string (action, "request_body") != NULL)
        return cs_json_get_string (action, "request_body");
    }
  return NULL;
}

/* The names the template substitutes, and its thinking form. The template is
 * text, not JSON yet: with each placeholder replaced by 0 (inside quotes or
 * not, both stay JSON) it is read with json-glib. */
static void
read_template (const char     *template,
               CsOverrideSet  *substituted,
               CsThinkingForm *thinking)
{
  g_autoptr(GRegex) placeholder = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *filled = NULL;

  *substituted = 0;
  *thinking = CS_THINKING_FORM_NONE;
  if (template == NULL)
    return;

  placeholder = g_regex_new ("\\$\\{parameters\\.([A-Za-z0-9_]+)[^}]*\\}", 0, 0, NULL);
  g_regex_match (placeholder, template, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      for (guint i = 0; i < G_N_ELEMENTS (override_names); i++)
        if (g_str_equal (name, override_names[i].name))
          *substituted |= override_names[i].value;
      g_match_info_next (match, NULL);
    }

  filled = g_regex_replace_literal (placeholder, template, -1, 0, "0", 0, NULL);
  if (filled != NULL)
    root = cs_json_parse (filled, -1, 0, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* Not readable: the blueprint's test, a thinking member means enabled. */
      if (strstr (template, "\"thinking\"") != NULL)
        *thinking = CS_THINKING_FORM_ENABLED;
      return;
    }
  if (json_object_has_member (json_node_get_object (root), "thinking"))
    {
      const char *type = cs_json_get_string (cs_json_get_object (json_node_get_object (root),
                                                                 "thinking"),
                                             "type");

      if (g_strcmp0 (type, "disabled") == 0)
        *thinking = CS_THINKING_FORM_DISABLED;
      else if (g_strcmp0 (type, "adaptive") == 0)
        *thinking = CS_THINKING_FORM_ADAPTIVE;
      else
        *thinking = CS_THINKING_FORM_ENABLED;
    }
}

static void
read_defaults (JsonObject         *connector,
               CsPredictOverrides *defaults,
               const char        **model)
{
  JsonObject *parameters;
  double value;

  memset (defaults, 0, sizeof *defaults);
  if (model != NULL)
    *model = NULL;
  parameters = cs_json_get_object (connector, "parameters");
  if (parameters == NULL)
    return;

  defaults->max_tokens = read_token_count (parameters, "max_tokens");
  if (read_number (parameters, "temperature", &value))
    {
      defaults->set_temperature = TRUE;
      defaults->temperature = value;
    }
  if (read_number (parameters, "top_p", &value))
    {
      defaults->set_top_p = TRUE;
      defaults->top_p = value;
    }
  defaults->budget_tokens = read_token_count (parameters, "budget_tokens");
  defaults->effort = cs_model_rules_effort_from_name (cs_json_get_string (parameters, "effort"));
  if (model != NULL)
    *model = cs_json_get_string (parameters, "model");
}

void
cs_predict_defaults_from_connector (JsonObject         *connector,
                                    CsPredictOverrides *defaults,
                                    gboolean           *thinking)
{
  CsOverrideSet substituted;
  CsThinkingForm form;

  g_return_if_fail (connector != NULL);
  g_return_if_fail (defaults != NULL);

  read_defaults (connector, defaults, NULL);
  if (thinking == NULL)
    return;
  read_template (predict_template (connector), &substituted, &form);
  *thinking = form == CS_THINKING_FORM_ENABLED || form == CS_THINKING_FORM_ADAPTIVE;
}

void
cs_predict_limits_from_connector (JsonObject      *connector,
                                  CsPredictLimits *limits)
{
  const char *model;

  g_return_if_fail (connector != NULL);
  g_return_if_fail (limits != NULL);

  memset (limits, 0, sizeof *limits);
  limits->known = TRUE;
  read_defaults (connector, &limits->defaults, &model);
  read_template (predict_template (connector), &limits->substituted, &limits->thinking);
  limits->model = g_strdup (model);
  if (model != NULL)
    limits->rules = cs_model_rules_lookup (model);
}

void
cs_predict_limits_clear (CsPredictLimits *limits)
{
  g_return_if_fail (limits != NULL);

  g_free (limits->model);
  g_clear_pointer (&limits->rules, cs_model_rules_unref);
  memset (limits, 0, sizeof *limits);
}

static gboolean
limits_known (const CsPredictLimits *limits)
{
  return limits != NULL && limits->known;
}

/* The thinking form the model ends up with */
static CsThinkingForm
effective_thinking (const CsPredictLimits *limits)
{
  return limits->thinking != 0 ? limits->thinking : CS_THINKING_FORM_NONE;
}

CsEffort
cs_predict_limits_effort_levels (const CsPredictLimits *limits)
{
  if (!limits_known (limits) || limits->rules == NULL)
    return CS_EFFORT_UNSET;
  return cs_model_rules_get_effort_levels (limits->rules);
}

/* The model thinks adaptively with this connector: the effort is its knob. */
static gboolean
thinks_adaptively (const CsPredictLimits *limits)
{
  return effective_thinking (limits) == CS_THINKING_FORM_ADAPTIVE
         || (cs_model_rules_is_always_thinking (limits->rules)
             && effective_thinking (limits) == CS_THINKING_FORM_NONE);
}

CsOverrideSet
cs_predict_limits_offered (const CsPredictLimits *limits)
{
  CsOverrideSet offered = 0;
  const CsModelRules *rules;
  CsThinkingForm thinking;

  if (!limits_known (limits))
    return CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_BUDGET_TOKENS;

  rules = limits->rules;
  thinking = effective_thinking (limits);
  if (rules == NULL)
    {
      /* Not a Claude model the app knows: what the template substitutes,
       * with the blueprint's rules. */
      offered = limits->substituted & (CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE);
      if (thinking == CS_THINKING_FORM_ENABLED)
        offered |= limits->substituted & CS_OVERRIDE_BUDGET_TOKENS;
      return offered;
    }

  offered = limits->substituted & CS_OVERRIDE_MAX_TOKENS;
  if ((limits->substituted & CS_OVERRIDE_TEMPERATURE)
      && cs_model_rules_allows_sampling (rules, CS_SAMPLING_TEMPERATURE, NULL, NULL))
    offered |= CS_OVERRIDE_TEMPERATURE;
  if ((limits->substituted & CS_OVERRIDE_TOP_P)
      && cs_model_rules_allows_sampling (rules, CS_SAMPLING_TOP_P, NULL, NULL)
      && !((offered & CS_OVERRIDE_TEMPERATURE)
           && cs_model_rules_sampling_excludes (rules, CS_SAMPLING_TEMPERATURE, CS_SAMPLING_TOP_P)))
    offered |= CS_OVERRIDE_TOP_P;
  if (thinking == CS_THINKING_FORM_ENABLED
      && cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_ENABLED))
    offered |= limits->substituted & CS_OVERRIDE_BUDGET_TOKENS;
  if (cs_predict_limits_effort_levels (limits) != CS_EFFORT_UNSET)
    offered |= limits->substituted & CS_OVERRIDE_EFFORT;
  return offered;
}

static void
params_from (const CsPredictOverrides *o,
             const CsPredictOverrides *d,
             CsThinkingForm            thinking,
             CsModelParams            *params)
{
  memset (params, 0, sizeof *params);
  params->thinking = thinking;
  params->max_tokens = o->max_tokens > 0 ? o->max_tokens : d->max_tokens;
  params->budget_tokens = o->budget_tokens > 0 ? o->budget_tokens : d->budget_tokens;
  params->effort = o->effort != CS_EFFORT_UNSET ? o->effort : d->effort;
  params->has_temperature = o->set_temperature || d->set_temperature;
  params->temperature = o->set_temperature ? o->temperature : d->temperature;
  params->has_top_p = o->set_top_p || d->set_top_p;
  params->top_p = o->set_top_p ? o->top_p : d->top_p;
}

static CsOverrideField
field_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (override_names); i++)
    if (g_strcmp0 (name, override_names[i].name) == 0)
      return override_names[i].field;
  return CS_OVERRIDE_FIELD_NONE;
}

static CsOverrideSet
overridden (const CsPredictOverrides *o)
{
  return (o->max_tokens > 0 ? CS_OVERRIDE_MAX_TOKENS : 0)
         | (o->set_temperature ? CS_OVERRIDE_TEMPERATURE : 0)
         | (o->set_top_p ? CS_OVERRIDE_TOP_P : 0)
         | (o->budget_tokens > 0 ? CS_OVERRIDE_BUDGET_TOKENS : 0)
         | (o->effort != CS_EFFORT_UNSET ? CS_OVERRIDE_EFFORT : 0);
}

static CsOverrideSet
set_of (CsOverrideField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (override_names); i++)
    if (override_names[i].field == field)
      return override_names[i].value;
  return 0;
}

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
cs_predict_overrides_check (const CsPredictOverrides *overrides,
                            const CsPredictLimits    *limits,
                            CsOverrideField          *field,
                            GError                  **error)
{
  static const CsPredictOverrides none = { 0, };
  g_autoptr(CsModelRules) fallback = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const CsPredictOverrides *defaults = &none;
  const CsModelRules *rules;
  CsOverrideSet changed, fixable;
  CsThinkingForm thinking;
  CsModelParams params;

  if (field != NULL)
    *field = CS_OVERRIDE_FIELD_NONE;
  if (overrides == NULL)
    overrides = &none;

  /* What the template needs whatever the model */
  if (overrides->set_temperature &&
      (!isfinite (overrides->temperature) ||
       overrides->temperature < 0.0 || overrides->temperature > 1.0))
    return fail_field (field, CS_OVERRIDE_FIELD_TEMPERATURE, error,
                       _("Temperature must be between 0 and 1."));
  if (overrides->set_top_p &&
      (!isfinite (overrides->top_p) || overrides->top_p < 0.0 || overrides->top_p > 1.0))
    return fail_field (field, CS_OVERRIDE_FIELD_TOP_P, error,
                       _("Top P must be between 0 and 1."));
  if (overrides->effort != CS_EFFORT_UNSET
      && cs_model_rules_effort_name (overrides->effort) == NULL)
    return fail_field (field, CS_OVERRIDE_FIELD_EFFORT, error,
                       _("Choose one effort level."));

  changed = overridden (overrides);
  if (limits_known (limits))
    {
      CsOverrideSet offered = cs_predict_limits_offered (limits);
      CsOverrideSet refused = changed & ~offered;

      defaults = &limits->defaults;
      thinking = effective_thinking (limits);
      fixable = changed | offered;

      if (refused & CS_OVERRIDE_BUDGET_TOKENS)
        return fail_field (field, CS_OVERRIDE_FIELD_BUDGET_TOKENS, error,
                           thinking == CS_THINKING_FORM_ADAPTIVE
                           ? _("This model’s connector uses adaptive thinking, which takes an "
                               "effort level, not a thinking budget. Clear the budget.")
                           : _("This model’s connector does not turn on extended thinking, so a "
                               "thinking budget has no effect. Clear the budget, or use a model "
                               "with a thinking connector."));
      for (guint i = 0; i < G_N_ELEMENTS (override_names); i++)
        if (refused & override_names[i].value)
          {
            if ((limits->substituted & override_names[i].value) == 0)
              {
                g_autofree char *message =
                  g_strdup_printf (_("The connector’s request body has no "
                                     "“${parameters.%s}”, so this value would change nothing. "
                                     "Clear it, or add the placeholder to the connector."),
                                   override_names[i].name);

                return fail_field (field, override_names[i].field, error, message);
              }
            /* Offered neither by the template nor by the model: the
             * model's own sentence follows from the check below. */
            fixable |= override_names[i].value;
          }
    }
  else
    {
      /* Nothing known of the connector: only what is given is checked. */
      thinking = overrides->budget_tokens > 0 ? CS_THINKING_FORM_ENABLED
                 : overrides->effort != CS_EFFORT_UNSET ? CS_THINKING_FORM_ADAPTIVE
                                                        : CS_THINKING_FORM_NONE;
      fixable = changed;
    }

  rules = limits_known (limits) ? limits->rules : NULL;
  if (rules == NULL)
    rules = fallback = cs_model_rules_lookup (FALLBACK_MODEL);
  g_return_val_if_fail (rules != NULL, TRUE);

  params_from (overrides, defaults, thinking, &params);
  problems = cs_model_rules_check (rules, &params);
  for (guint i = 0; i < problems->len; i++)
    {
      CsModelProblem *problem = g_ptr_array_index (problems, i);
      CsOverrideField which = field_from_name (problem->field);

      if (which == CS_OVERRIDE_FIELD_NONE)
        continue;
      /* Without the model's own rules only the thinking rules every model
       * shares hold. */
      if (fallback != NULL && problem->kind != CS_MODEL_PROBLEM_BUDGET_TOO_SMALL
          && problem->kind != CS_MODEL_PROBLEM_BUDGET_NOT_BELOW_MAX
          && problem->kind != CS_MODEL_PROBLEM_THINKING_TEMPERATURE)
        continue;
      /* A budget not below max_tokens: the one the call changed. */
      if (problem->kind == CS_MODEL_PROBLEM_BUDGET_NOT_BELOW_MAX
          && !(changed & CS_OVERRIDE_BUDGET_TOKENS) && (changed & CS_OVERRIDE_MAX_TOKENS))
        which = CS_OVERRIDE_FIELD_MAX_TOKENS;
      /* Two that exclude each other: the one the call sets. */
      if (problem->kind == CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE
          && !(changed & set_of (which)) && (changed & CS_OVERRIDE_TEMPERATURE))
        which = CS_OVERRIDE_FIELD_TEMPERATURE;
      if ((fixable & set_of (which)) == 0)
        continue;
      return fail_field (field, which, error, problem->message);
    }
  return TRUE;
}

char *
cs_predict_limits_describe (const CsPredictLimits *limits,
                            gboolean              *refused)
{
  g_autoptr(GPtrArray) problems = NULL;
  CsModelParams params;

  if (refused != NULL)
    *refused = FALSE;
  if (!limits_known (limits) || limits->rules == NULL)
    return NULL;

  params_from (&limits->defaults, &limits->defaults, effective_thinking (limits), &params);
  problems = cs_model_rules_check (limits->rules, &params);
  if (problems->len > 0)
    {
      CsModelProblem *problem = g_ptr_array_index (problems, 0);

      if (refused != NULL)
        *refused = TRUE;
      return g_strdup_printf (_("Bedrock will refuse this connector’s calls: %s Change the "
                                "connector’s body on the Connectors page."),
                              problem->message);
    }
  if (thinks_adaptively (limits) && cs_predict_limits_effort_levels (limits) != CS_EFFORT_UNSET
      && (limits->substituted & CS_OVERRIDE_EFFORT) == 0)
    return g_strdup_printf (_("%s thinks with an effort level, but the connector’s request body "
                              "has no “${parameters.effort}”, so the effort cannot be changed "
                              "per call. Rebuild the connector’s body to add it."),
                            cs_model_rules_get_name (limits->rules));
  return NULL;
}

/* The time a predict may take */

guint
cs_predict_timeout_for_connector (JsonObject *connector)
{
  JsonObject *config;
  double read_timeout = DEFAULT_READ_TIMEOUT_SECONDS;
  double retry_timeout = DEFAULT_RETRY_TIMEOUT_SECONDS;
  double retries = 0;
  double value;
  double total;

  if (connector == NULL)
    return CS_PREDICT_DEFAULT_TIMEOUT;

  config = cs_json_get_object (connector, "client_config");
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
