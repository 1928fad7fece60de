/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What the connector form offers: the AWS regions where Bedrock runs Claude 4
 * and the Claude 4 family. Claude 4 models are only invoked through an
 * inference profile, whose id is the model id with a geography prefix
 * ("us.", "eu.", "apac.") or "global." in front. Both lists are suggestions:
 * the form also takes any region code or model id typed by hand.
 *
 * What each model accepts (thinking forms, effort, sampling, limits,
 * lifecycle, geographies) and the thinking rules every model shares
 * (CS_MODEL_RULES_MIN_BUDGET_TOKENS, …) are in cs-model-rules.h.
 */

typedef struct
{
  const char *code;          /* "us-east-1" */
  const char *display_name;  /* untranslated; pass through _() */
} CsBedrockRegion;

typedef struct
{
  const char *model_id;      /* "anthropic.claude-sonnet-4-20250514-v1:0" */
  const char *display_name;  /* "Claude Sonnet 4" (a product name, not translated) */
  gboolean    has_global;    /* a "global." profile exists */
} CsBedrockModel;

const CsBedrockRegion *cs_bedrock_catalog_get_regions         (guint          *n_regions);
const CsBedrockModel  *cs_bedrock_catalog_get_models          (guint          *n_models);

const CsBedrockRegion *cs_bedrock_catalog_find_region         (const char     *code);

/* TRUE when code looks like an AWS region code ("eu-west-3", "us-gov-west-1"). */
gboolean               cs_bedrock_region_is_valid             (const char     *code);

/* The geography prefix of the inference profiles in a region, without the
 * dot: "us", "eu" or "apac"; NULL when the region has none the app knows. */
const char            *cs_bedrock_region_get_geography        (const char     *code);

/* The inference-profile id of a model for a region, e.g.
 * "us.anthropic.claude-sonnet-4-20250514-v1:0", or "global.…" when global
 * is TRUE (and the model has a global profile). NULL when neither applies. */
char                  *cs_bedrock_catalog_profile_id          (const CsBedrockModel *model,
                                                               const char     *region,
                                                               gboolean        global);

/* Splits a profile id into its prefix ("us", "global", …, or NULL for a bare
 * model id) and the catalog model it names (NULL when not in the catalog). */
const CsBedrockModel  *cs_bedrock_catalog_parse_profile_id    (const char     *profile_id,
                                                               char          **prefix);

G_END_DECLS
