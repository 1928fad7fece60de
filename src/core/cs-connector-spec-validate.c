/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-spec"

#include "config.h"

#include "cs-connector-spec-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-bedrock-catalog.h"

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *message)
{
  CsSpecProblem *problem = g_new0 (CsSpecProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

static gboolean
is_placeholder (const char *text)
{
  return g_str_has_prefix (text, "<") && g_str_has_suffix (text, ">");
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
has_space (const char *text)
{
  for (; *text != '\0'; text++)
    if (g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

static void
validate_token (GPtrArray  *problems,
                const char *field,
                const char *value,
                gboolean    required,
                const char *missing,
                const char *placeholder)
{
  if (is_blank (value))
    {
      if (required)
        add_problem (problems, field, missing);
    }
  else if (is_placeholder (value))
    add_problem (problems, field, placeholder);
  else if (has_space (value))
    add_problem (problems, field,
                 _("Remove the spaces or line breaks: AWS keys and tokens have none."));
}

/* A model the rule table knows: its profile must exist for the region.
 * FALSE when the table does not know the model. */
static gboolean
validate_profile (CsConnectorSpec *self,
                  GPtrArray       *problems)
{
  g_autoptr(CsModelRules) rules = cs_model_rules_lookup (self->model);
  g_autofree char *geography = NULL;
  g_autofree char *base = NULL;
  g_autofree char *wanted = NULL;
  g_autoptr(GError) error = NULL;
  const char *own;

  if (rules == NULL || cs_model_rules_is_derived (rules))
    return FALSE;
  if (!cs_bedrock_region_is_valid (self->region))
    return TRUE;
  base = cs_model_rules_base_id (self->model, &geography);
  if (g_str_has_prefix (base, "arn:"))
    return TRUE;
  own = cs_model_rules_geography_for_region (rules, self->region);
  if (g_strcmp0 (geography, "global") == 0)
    {
      if (!g_strv_contains (cs_model_rules_get_geographies (rules), "global"))
        {
          g_autofree char *message =
            g_strdup_printf (_("%s has no global inference profile; use the one of your "
                               "region’s geography."), cs_model_rules_get_name (rules));

          add_problem (problems, "model", message);
        }
      return TRUE;
    }
  if (geography != NULL && g_strcmp0 (geography, own) == 0)
    return TRUE;
  wanted = cs_model_rules_profile_id (rules, self->region, FALSE, &error);
  if (wanted == NULL)
    add_problem (problems, "model", error->message);
  else if (geography == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s is only available through an inference profile: use “%s”."),
                         cs_model_rules_get_name (rules), wanted);

      add_problem (problems, "model", message);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The “%s.” inference profiles cannot be used from %s: use “%s”."),
                         geography, self->region, wanted);

      add_problem (problems, "model", message);
    }
  return TRUE;
}

static void
validate_model (CsConnectorSpec *self,
                GPtrArray       *problems)
{
  g_autofree char *prefix = NULL;
  const CsBedrockModel *model;
  const char *geography;

  if (is_blank (self->model))
    {
      add_problem (problems, "model", _("Choose a Claude model or type a Bedrock model id."));
      return;
    }
  if (is_placeholder (self->model))
    {
      add_problem (problems, "model", _("Replace the blueprint’s placeholder with a model id."));
      return;
    }
  if (has_space (self->model))
    {
      add_problem (problems, "model", _("A model id has no spaces."));
      return;
    }

  /* The rule table knows every model the catalogue knows, and more. */
  if (validate_profile (self, problems))
    return;
  model = cs_bedrock_catalog_parse_profile_id (self->model, &prefix);
  if (model == NULL)
    return; /* free text: Bedrock has the last word */

  geography = cs_bedrock_region_get_geography (self->region);
  if (prefix == NULL)
    {
      g_autofree char *message = NULL;

      if (geography != NULL)
        message = g_strdup_printf (_("%s is only available through an inference profile: "
                                     "use “%s.%s”."),
                                   model->display_name, geography, model->model_id);
      else
        message = g_strdup_printf (_("%s is only available through an inference profile: "
                                     "put the region’s geography (us., eu., apac.) or global. "
                                     "in front of the id."),
                                   model->display_name);
      add_problem (problems, "model", message);
    }
  else if (strcmp (prefix, "global") == 0 && !model->has_global)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s has no global inference profile; use the one of your region’s "
                           "geography."), model->display_name);

      add_problem (problems, "model", message);
    }
  else if (strcmp (prefix, "global") != 0 && geography != NULL && strcmp (prefix, geography) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The “%s.” inference profiles cannot be used from %s: use “%s.%s”."),
                         prefix, self->region, geography, model->model_id);

      add_problem (problems, "model", message);
    }
}

/* The spec property a CsModelProblem field is about. */
static const char *
problem_field (const CsModelProblem *problem)
{
  static const struct { const char *rule; const char *spec; } fields[] = {
    { "thinking", "thinking" },
    { "budget_tokens", "budget-tokens" },
    { "effort", "effort" },
    { "max_tokens", "max-tokens" },
    { "temperature", "temperature" },
    { "top_p", "top-p" },
    { "top_k", "top-k" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (problem->field, fields[i].rule) == 0)
      return fields[i].spec;
  return "model";
}

/* A number among the parameters the form keeps as imported. */
static gboolean
extra_number (CsConnectorSpec *self,
              const char      *name,
              double          *value)
{
  JsonNode *node;

  if (self->extra_parameters == NULL || !json_object_has_member (self->extra_parameters, name))
    return FALSE;
  node = json_object_get_member (self->extra_parameters, name);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *value = g_ascii_strtod (text, &end);
      return end != text && *end == '\0';
    }
  *value = json_node_get_double (node);
  return TRUE;
}

/* What the model's rules say about the thinking and sampling fields; the
 * one place for each rule is cs_model_rules_check(). For a model id that
 * names no Claude model, the rules every Claude model shares. */
static void
validate_model_rules (CsConnectorSpec *self,
                      GPtrArray       *problems)
{
  g_autoptr(CsModelRules) rules = cs_model_rules_lookup (self->model);
  g_autoptr(GPtrArray) found = NULL;
  CsModelParams params = { 0 };
  gboolean sends_temperature = (self->present & PRESENT_TEMPERATURE) &&
                               cs_connector_spec_sends_temperature (self);
  double number;

  if (rules == NULL)
    {
      if (self->temperature < 0.0 || self->temperature > 1.0)
        add_problem (problems, "temperature", _("Claude takes a temperature from 0 to 1."));
      if (self->thinking == CS_CONNECTOR_THINKING_OFF)
        return;
      if (self->temperature != CS_MODEL_RULES_THINKING_TEMPERATURE)
        add_problem (problems, "temperature",
                     _("Thinking only works with temperature 1. Set it to 1, or turn thinking "
                       "off."));
      if (self->thinking != CS_CONNECTOR_THINKING_BUDGET)
        return;
      if (self->budget_tokens < CS_MODEL_RULES_MIN_BUDGET_TOKENS)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be at least 1024 tokens."));
      else if (self->budget_tokens >= self->max_tokens)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be smaller than the maximum tokens: raise "
                       "Maximum Tokens or lower the budget."));
      return;
    }

  params.thinking = _cs_connector_spec_thinking_form (self->thinking);
  if (self->thinking == CS_CONNECTOR_THINKING_BUDGET)
    params.budget_tokens = MAX (self->budget_tokens, 1);
  if (self->thinking == CS_CONNECTOR_THINKING_ADAPTIVE)
    params.effort = _cs_connector_spec_effort_flag (self->effort);
  params.max_tokens = MAX (self->max_tokens, 0);
  params.has_temperature = sends_temperature;
  params.temperature = self->temperature;
  if (extra_number (self, "top_p", &number))
    {
      params.has_top_p = TRUE;
      params.top_p = number;
    }

  found = cs_model_rules_check (rules, &params);
  for (guint i = 0; i < found->len; i++)
    {
      CsModelProblem *problem = g_ptr_array_index (found, i);

      /* The form's own words where it names its fields. */
      if (problem->kind == CS_MODEL_PROBLEM_THINKING_TEMPERATURE)
        add_problem (problems, "temperature",
                     _("Thinking only works with temperature 1. Set it to 1, or turn thinking "
                       "off."));
      else if (problem->kind == CS_MODEL_PROBLEM_BUDGET_NOT_BELOW_MAX)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be smaller than the maximum tokens: raise "
                       "Maximum Tokens or lower the budget."));
      else
        add_problem (problems, problem_field (problem), problem->message);
    }

  if (cs_model_rules_get_lifecycle (rules, NULL) == CS_MODEL_LIFECYCLE_END_OF_LIFE)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s reached its end of life on Bedrock on %s and answers every call "
                           "with an error: choose a newer model."),
                         cs_model_rules_get_name (rules), cs_model_rules_get_eol_date (rules));

      add_problem (problems, "model", message);
    }
}

gboolean
cs_connector_spec_validate (CsConnectorSpec  *self,
                            const CsVersion  *version,
                            gboolean          aws_managed,
                            GPtrArray       **out_problems)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_spec_problem_free);
  gboolean ok;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), FALSE);

  if (is_blank (self->name))
    add_problem (problems, "name", _("Give the connector a name."));

  if (g_strcmp0 (self->protocol, "aws_sigv4") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("Bedrock connectors sign their requests with the aws_sigv4 protocol; "
                           "this one uses “%s”. Create it with the blueprint instead."),
                         self->protocol);

      add_problem (problems, "protocol", message);
    }

  if (is_blank (self->region))
    add_problem (problems, "region", _("Choose the AWS region of your Bedrock models."));
  else if (is_placeholder (self->region))
    add_problem (problems, "region",
                 _("Replace the blueprint’s placeholder with your AWS region, such as us-east-1."));
  else if (!cs_bedrock_region_is_valid (self->region))
    add_problem (problems, "region",
                 _("This is not an AWS region code. Region codes look like us-east-1 or "
                   "eu-west-3."));

  validate_model (self, problems);

  if (self->max_tokens < 1)
    add_problem (problems, "max-tokens", _("Allow at least 1 token in an answer."));

  validate_model_rules (self, problems);

  if (self->credential_kind == CS_CREDENTIAL_KIND_KEYS)
    {
      validate_token (problems, "access-key", self->access_key, TRUE,
                      _("Enter the AWS access key ID that may call Bedrock."),
                      _("Replace the blueprint’s placeholder with your AWS access key ID."));
      validate_token (problems, "secret-key", self->secret_key, TRUE,
                      _("Enter the secret access key that belongs to the access key ID."),
                      _("Replace the blueprint’s placeholder with your AWS secret access key."));
      validate_token (problems, "session-token", self->session_token, FALSE, NULL,
                      _("Replace the blueprint’s placeholder with your session token, or clear "
                        "it when your keys are not temporary."));
      if (g_str_has_prefix (self->access_key, "ASIA") && is_blank (self->session_token))
        add_problem (problems, "session-token",
                     _("Keys that start with ASIA are temporary and only work with their "
                       "session token: enter it."));
    }
  else
    {
      if (is_blank (self->role_arn))
        add_problem (problems, "role-arn",
                     _("Enter the ARN of the IAM role that lets the domain call Bedrock."));
      else if (is_placeholder (self->role_arn))
        add_problem (problems, "role-arn",
                     _("Replace the blueprint’s placeholder with your IAM role ARN."));
      else if (!g_regex_match_simple ("^arn:aws[-a-z]*:iam::[0-9]{12}:role/"
                                      "([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$",
                                      self->role_arn, 0, 0))
        add_problem (problems, "role-arn",
                     _("This is not an IAM role ARN. It looks like "
                       "arn:aws:iam::123456789012:role/name, with your 12-digit account id."));

      if (!aws_managed)
        add_problem (problems, "credential-kind",
                     _("Only Amazon OpenSearch Service understands an IAM role here; open-source "
                       "ML Commons answers “Missing credential”. Use an access key instead."));
    }

  if (self->read_timeout > 0 && version != NULL)
    {
      if (!cs_version_at_least (version, 2, 13))
        add_problem (problems, "read-timeout",
                     _("This cluster is older than OpenSearch 2.13 and has no client_config; "
                       "clear the read timeout."));
      else if (!cs_version_at_least (version, 2, 14) && self->read_timeout < 1000)
        add_problem (problems, "read-timeout",
                     _("OpenSearch 2.13 reads this value in milliseconds: enter 120000 for two "
                       "minutes."));
    }

  ok = problems->len == 0;
  if (out_problems != NULL)
    *out_problems = g_steal_pointer (&problems);
  return ok;
}

gint64
cs_connector_spec_suggest_read_timeout (CsConnectorSpec *self,
                                        const CsVersion *version)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), 0);

  if (self->thinking == CS_CONNECTOR_THINKING_OFF || self->read_timeout > 0)
    return 0;
  /* 2.14–3.5 wait practically forever; 3.6 and later give up after 30 s,
   * which a long thought can exceed. Unknown clusters get the advice too. */
  if (version != NULL && !cs_version_at_least (version, 3, 6))
    return 0;
  return CS_CONNECTOR_SUGGESTED_READ_TIMEOUT;
}

char *
cs_connector_spec_explain_model_problems (CsConnectorSpec *self)
{
  g_autoptr(CsModelRules) rules = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *name;
  gboolean led = FALSE;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);

  rules = cs_model_rules_lookup (self->model);
  if (rules == NULL)
    return NULL;
  name = cs_model_rules_get_name (rules);

  switch (cs_model_rules_get_lifecycle (rules, NULL))
    {
    case CS_MODEL_LIFECYCLE_END_OF_LIFE:
      g_string_append_printf (text, _("%s reached its end of life on Bedrock on %s, so every "
                                      "predict call fails: move the connector to a newer "
                                      "model."),
                              name, cs_model_rules_get_eol_date (rules));
      break;
    case CS_MODEL_LIFECYCLE_LEGACY:
      if (cs_model_rules_get_eol_date (rules) != NULL)
        g_string_append_printf (text, _("%s is a legacy model on Bedrock and reaches its end of "
                                        "life on %s: move the connector to a newer model before "
                                        "then."),
                                name, cs_model_rules_get_eol_date (rules));
      else
        g_string_append_printf (text, _("%s is a legacy model on Bedrock: move the connector to "
                                        "a newer model before its end of life."), name);
      break;
    case CS_MODEL_LIFECYCLE_ACTIVE:
    default:
      break;
    }

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_spec_problem_free);
  validate_model_rules (self, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      CsSpecProblem *problem = g_ptr_array_index (problems, i);

      /* The end of life is said above already. */
      if (g_strcmp0 (problem->field, "model") == 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (!led)
        g_string_append_printf (text, _("Bedrock refuses this connector’s body for %s: "), name);
      led = TRUE;
      g_string_append (text, problem->message);
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
