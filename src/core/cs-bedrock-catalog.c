/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-bedrock-catalog"

#include "config.h"

#include "cs-bedrock-catalog.h"

#include <glib/gi18n.h>
#include <string.h>

static const CsBedrockRegion regions[] = {
  { "us-east-1",      N_("US East (N. Virginia)") },
  { "us-east-2",      N_("US East (Ohio)") },
  { "us-west-1",      N_("US West (N. California)") },
  { "us-west-2",      N_("US West (Oregon)") },
  { "eu-central-1",   N_("Europe (Frankfurt)") },
  { "eu-central-2",   N_("Europe (Zurich)") },
  { "eu-north-1",     N_("Europe (Stockholm)") },
  { "eu-south-1",     N_("Europe (Milan)") },
  { "eu-south-2",     N_("Europe (Spain)") },
  { "eu-west-1",      N_("Europe (Ireland)") },
  { "eu-west-2",      N_("Europe (London)") },
  { "eu-west-3",      N_("Europe (Paris)") },
  { "ap-northeast-1", N_("Asia Pacific (Tokyo)") },
  { "ap-northeast-2", N_("Asia Pacific (Seoul)") },
  { "ap-northeast-3", N_("Asia Pacific (Osaka)") },
  { "ap-south-1",     N_("Asia Pacific (Mumbai)") },
  { "ap-south-2",     N_("Asia Pacific (Hyderabad)") },
  { "ap-southeast-1", N_("Asia Pacific (Singapore)") },
  { "ap-southeast-2", N_("Asia Pacific (Sydney)") },
};

static const CsBedrockModel models[] = {
  { "anthropic.claude-sonnet-4-20250514-v1:0",   "Claude Sonnet 4",   TRUE },
  { "anthropic.claude-opus-4-20250514-v1:0",     "Claude Opus 4",     FALSE },
  { "anthropic.claude-opus-4-1-20250805-v1:0",   "Claude Opus 4.1",   FALSE },
  { "anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", TRUE },
  { "anthropic.claude-haiku-4-5-20251001-v1:0",  "Claude Haiku 4.5",  TRUE },
  { "anthropic.claude-opus-4-5-20251101-v1:0",   "Claude Opus 4.5",   TRUE },
};

/* Region-code prefix → inference-profile geography. */
static const struct
{
  const char *region_prefix;
  const char *geography;
} geographies[] = {
  { "us-gov-", NULL },  /* GovCloud has profiles of its own the app does not list */
  { "us-", "us" },
  { "eu-", "eu" },
  { "ap-", "apac" },
};

static const char *profile_prefixes[] = { "us", "eu", "apac", "global" };

const CsBedrockRegion *
cs_bedrock_catalog_get_regions (guint *n_regions)
{
  g_return_val_if_fail (n_regions != NULL, NULL);

  *n_regions = G_N_ELEMENTS (regions);
  return regions;
}

const CsBedrockModel *
cs_bedrock_catalog_get_models (guint *n_models)
{
  g_return_val_if_fail (n_models != NULL, NULL);

  *n_models = G_N_ELEMENTS (models);
  return models;
}

const CsBedrockRegion *
cs_bedrock_catalog_find_region (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (strcmp (regions[i].code, code) == 0)
      return &regions[i];
  return NULL;
}

gboolean
cs_bedrock_region_is_valid (const char *code)
{
  if (code == NULL)
    return FALSE;

  /* Two letters, optional partition infix (gov, iso, isob, …), an area
   * word and a number: "us-east-1", "ap-southeast-2", "us-gov-west-1". */
  return g_regex_match_simple ("^[a-z]{2}(-(gov|iso[a-z]?))?-[a-z]+-[0-9]{1,2}$", code, 0, 0);
}

const char *
cs_bedrock_region_get_geography (const char *code)
{
  if (!cs_bedrock_region_is_valid (code))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (geographies); i++)
    if (g_str_has_prefix (code, geographies[i].region_prefix))
      return geographies[i].geography;
  return NULL;
}

char *
cs_bedrock_catalog_profile_id (const CsBedrockModel *model,
                               const char           *region,
                               gboolean              global)
{
  const char *geography;

  g_return_val_if_fail (model != NULL, NULL);

  if (global)
    return model->has_global ? g_strconcat ("global.", model->model_id, NULL) : NULL;

  geography = cs_bedrock_region_get_geography (region);
  if (geography == NULL)
    return NULL;
  return g_strconcat (geography, ".", model->model_id, NULL);
}

const CsBedrockModel *
cs_bedrock_catalog_parse_profile_id (const char  *profile_id,
                                     char       **prefix)
{
  const char *model_id = profile_id;

  if (prefix != NULL)
    *prefix = NULL;
  if (profile_id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (profile_prefixes); i++)
    {
      gsize len = strlen (profile_prefixes[i]);

      if (strncmp (profile_id, profile_prefixes[i], len) == 0 && profile_id[len] == '.')
        {
          if (prefix != NULL)
            *prefix = g_strdup (profile_prefixes[i]);
          model_id = profile_id + len + 1;
          break;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (strcmp (models[i].model_id, model_id) == 0)
      return &models[i];
  return NULL;
}
