/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-iam-policy"

#include "config.h"

#include "cs-iam-policy.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-bedrock-catalog.h"
#include "cs-error.h"
#include "cs-json.h"
#include "cs-model-rules.h"

#define POLICY_VERSION "2012-10-17"

/* The characters of a model id ("anthropic.claude-opus-4-6-v1",
 * "anthropic.claude-sonnet-4-20250514-v1:0"). */
#define MODEL_ID_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:"

/* Whether an inference-profile geography routes to region. The same mapping
 * as cs_model_rules_geography_for_region(), without a model: the "apac"
 * profile also reaches the Regions that have a "jp" or "au" one. */
static gboolean
geography_has_region (const char *geography,
                      const char *region)
{
  if (g_str_has_prefix (region, "us-gov-"))
    return FALSE;
  if (g_str_equal (geography, "us"))
    return g_str_has_prefix (region, "us-");
  if (g_str_equal (geography, "eu"))
    return g_str_has_prefix (region, "eu-");
  if (g_str_equal (geography, "apac"))
    return g_str_has_prefix (region, "ap-");
  if (g_str_equal (geography, "jp"))
    return g_str_equal (region, "ap-northeast-1") || g_str_equal (region, "ap-northeast-3");
  if (g_str_equal (geography, "au"))
    return g_str_equal (region, "ap-southeast-2") || g_str_equal (region, "ap-southeast-4");
  return FALSE;
}

static JsonNode *
string_array (const char * const *strings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* One Allow statement; members in the order Sid, Effect, Action, Resource. */
static JsonNode *
allow_statement (const char         *sid,
                 const char * const *actions,
                 const char * const *resources)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, sid);
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Action");
  json_builder_add_value (builder, string_array (actions));
  json_builder_set_member_name (builder, "Resource");
  json_builder_add_value (builder, string_array (resources));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* {"Version": …, "Statement": [statement]}, pretty; takes statement. */
static char *
policy_document (JsonNode *statement)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, POLICY_VERSION);
  json_builder_set_member_name (builder, "Statement");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, statement);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return cs_json_to_data (root, TRUE);
}

static gboolean
check_role_arn (const char  *role_arn,
                GError     **error)
{
  /* arn:<partition>:iam::<account>:role/<optional path/><name> */
  if (role_arn != NULL
      && g_regex_match_simple ("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$",
                               role_arn, 0, 0))
    return TRUE;

  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
               _("This is not the ARN of an IAM role. Copy the role’s ARN from the IAM "
                 "console; it looks like arn:aws:iam::123456789012:role/name."));
  return FALSE;
}

char *
cs_iam_policy_invoke (const char  *model_id,
                      const char  *region,
                      const char  *account_id,
                      GError     **error)
{
  g_autofree char *geography = NULL;
  g_autofree char *base_id = NULL;
  g_autoptr(GPtrArray) resources = NULL;
  const char *account;
  static const char * const actions[] = { "bedrock:InvokeModel", NULL };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cs_bedrock_region_is_valid (region))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The region is not an AWS region code. Type a code such as us-east-1."));
      return NULL;
    }

  if (account_id == NULL || *account_id == '\0')
    account = "*";
  else if (strlen (account_id) == 12 && strspn (account_id, "0123456789") == 12)
    account = account_id;
  else
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("An AWS account ID has 12 digits. Type it without dashes, or leave it "
                     "empty to allow any account."));
      return NULL;
    }

  if (model_id != NULL)
    base_id = cs_model_rules_base_id (model_id, &geography);
  if (base_id == NULL || *base_id == '\0' || strspn (base_id, MODEL_ID_CHARS) != strlen (base_id))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The model ID is not a Bedrock model or inference-profile ID. Choose a "
                     "model from the list or type an ID such as "
                     "us.anthropic.claude-sonnet-4-20250514-v1:0."));
      return NULL;
    }

  resources = g_ptr_array_new_with_free_func (g_free);

  if (geography == NULL)
    {
      g_ptr_array_add (resources,
                       g_strdup_printf ("arn:aws:bedrock:%s::foundation-model/%s",
                                        region, base_id));
    }
  else
    {
      g_ptr_array_add (resources,
                       g_strdup_printf ("arn:aws:bedrock:%s:%s:inference-profile/%s.%s",
                                        region, account, geography, base_id));

      if (g_str_equal (geography, "global"))
        {
          g_ptr_array_add (resources,
                           g_strdup_printf ("arn:aws:bedrock:*::foundation-model/%s",
                                            base_id));
        }
      else
        {
          const CsBedrockRegion *known;
          guint n_known = 0;

          if (!geography_has_region (geography, region))
            {
              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("A “%s.” inference profile cannot be called from %s. Choose the "
                             "profile of the connector’s region, or a region of that "
                             "geography."), geography, region);
              return NULL;
            }

          /* The connector's own region first, then the others the app
           * knows, in catalogue order. */
          g_ptr_array_add (resources,
                           g_strdup_printf ("arn:aws:bedrock:%s::foundation-model/%s",
                                            region, base_id));
          known = cs_bedrock_catalog_get_regions (&n_known);
          for (guint i = 0; i < n_known; i++)
            if (!g_str_equal (known[i].code, region)
                && geography_has_region (geography, known[i].code))
              g_ptr_array_add (resources,
                               g_strdup_printf ("arn:aws:bedrock:%s::foundation-model/%s",
                                                known[i].code, base_id));
        }
    }

  g_ptr_array_add (resources, NULL);
  return policy_document (allow_statement ("InvokeClaudeOnBedrock", actions,
                                           (const char * const *) resources->pdata));
}

char *
cs_iam_policy_list_catalog (void)
{
  static const char * const actions[] = {
    "bedrock:ListFoundationModels",
    "bedrock:ListInferenceProfiles",
    "bedrock:GetInferenceProfile",
    NULL
  };
  static const char * const resources[] = { "*", NULL };

  return policy_document (allow_statement ("ListBedrockModels", actions, resources));
}

char *
cs_iam_policy_role_trust (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Sid, Effect, Principal, Action */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, "OpenSearchServiceAssumesRole");
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Principal");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Service");
  json_builder_add_string_value (builder, "opensearchservice.amazonaws.com");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, "sts:AssumeRole");
  json_builder_end_object (builder);

  return policy_document (json_builder_get_root (builder));
}

char *
cs_iam_policy_pass_role (const char  *role_arn,
                         GError     **error)
{
  static const char * const actions[] = { "iam:PassRole", NULL };
  const char *resources[] = { role_arn, NULL };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_role_arn (role_arn, error))
    return NULL;
  return policy_document (allow_statement ("PassConnectorRole", actions, resources));
}

char *
cs_iam_policy_role_mapping (const char  *role_arn,
                            GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_role_arn (role_arn, error))
    return NULL;

  /* Translators: %s is an IAM role ARN; "ml_full_access", "Security",
   * "Roles", "Mapped users", "Manage mapping" and "Backend roles" are names in
   * OpenSearch Dashboards and stay as they are there. */
  return g_strdup_printf (_("With fine-grained access control, map the role to ml_full_access "
                            "so the cluster may use it for connectors: in OpenSearch Dashboards "
                            "open Security, Roles, ml_full_access, Mapped users, Manage mapping, "
                            "add %s under Backend roles and choose Map."),
                          role_arn);
}
