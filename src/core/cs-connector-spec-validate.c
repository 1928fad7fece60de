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
  if (self->temperature < 0.0 || self->temperature > 1.0)
    add_problem (problems, "temperature", _("Claude takes a temperature from 0 to 1."));

  if (self->mode == CS_CONNECTOR_MODE_THINKING)
    {
      if (self->temperature != 1.0)
        add_problem (problems, "temperature",
                     _("Extended thinking only works with temperature 1. Set it to 1, or use "
                       "standard mode."));
      if (self->budget_tokens < CS_CONNECTOR_MIN_BUDGET_TOKENS)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be at least 1024 tokens."));
      else if (self->budget_tokens >= self->max_tokens)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be smaller than the maximum tokens: raise "
                       "Max Tokens or lower the budget."));
    }

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

  if (self->mode != CS_CONNECTOR_MODE_THINKING || self->read_timeout > 0)
    return 0;
  /* 2.14–3.5 wait practically forever; 3.6 and later give up after 30 s,
   * which a long thought can exceed. Unknown clusters get the advice too. */
  if (version != NULL && !cs_version_at_least (version, 3, 6))
    return 0;
  return CS_CONNECTOR_SUGGESTED_READ_TIMEOUT;
}
