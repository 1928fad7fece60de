/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's table of Claude models on Bedrock. Sources per rule are in README.md. */
#define G_LOG_DOMAIN "sb-model-rules"

#include "config.h"

#include "sb-model-rules.h"

#include <string.h>

#define BUDGET (SB_THINKING_DISABLED | SB_THINKING_ENABLED)
#define BOTH (SB_THINKING_DISABLED | SB_THINKING_ENABLED | SB_THINKING_ADAPTIVE)

static const char *const effort_3[] = { "low", "medium", "high", NULL };
static const char *const effort_4[] = { "low", "medium", "high", "max", NULL };
static const char *const effort_5[] = { "low", "medium", "high", "xhigh", "max", NULL };

static const char *const geo_no_apac[] = { "global", "us", "eu", "jp", NULL };
static const char *const geo_5[] = { "global", "us", "eu", NULL };

static const SbModelRules models[] = {
  /* id, answer name, max_tokens, thinking, always, efforts, disabled caps, sampling, geos, EOL */
  { "anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514", 64000, BUDGET, FALSE,
    NULL, FALSE, SB_SAMPLING_FREE, NULL, FALSE },
  { "anthropic.claude-opus-4-20250514-v1:0", "claude-opus-4-20250514", 32000, BUDGET, FALSE,
    NULL, FALSE, SB_SAMPLING_FREE, NULL, FALSE },
  { "anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805", 32000, BUDGET, FALSE,
    NULL, FALSE, SB_SAMPLING_ONE_KNOB, NULL, FALSE },
  { "anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929", 64000, BUDGET,
    FALSE, NULL, FALSE, SB_SAMPLING_ONE_KNOB, NULL, FALSE },
  { "anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001", 64000, BUDGET, FALSE,
    NULL, FALSE, SB_SAMPLING_ONE_KNOB, NULL, FALSE },
  { "anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5-20251101", 64000, BUDGET, FALSE,
    effort_3, FALSE, SB_SAMPLING_ONE_KNOB, NULL, FALSE },
  { "anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219", 64000, BUDGET,
    FALSE, NULL, FALSE, SB_SAMPLING_FREE, NULL, FALSE },
  { "anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620", 8192, 0, FALSE,
    NULL, FALSE, SB_SAMPLING_FREE, NULL, TRUE },
  { "anthropic.claude-opus-4-6-v1", "claude-opus-4-6", 128000, BOTH, FALSE, effort_4, FALSE,
    SB_SAMPLING_ONE_KNOB, NULL, FALSE },
  { "anthropic.claude-sonnet-4-6", "claude-sonnet-4-6", 64000, BOTH, FALSE, effort_4, FALSE,
    SB_SAMPLING_ONE_KNOB, geo_no_apac, FALSE },
  { "anthropic.claude-opus-4-7", "claude-opus-4-7", 128000, SB_THINKING_ADAPTIVE, FALSE, effort_5,
    FALSE, SB_SAMPLING_DEPRECATED, geo_no_apac, FALSE },
  { "anthropic.claude-opus-4-8", "claude-opus-4-8", 128000, SB_THINKING_ADAPTIVE, FALSE, effort_5,
    FALSE, SB_SAMPLING_DEPRECATED, geo_no_apac, FALSE },
  { "anthropic.claude-opus-5", "claude-opus-5", 128000,
    SB_THINKING_DISABLED | SB_THINKING_ADAPTIVE, FALSE, effort_5, TRUE, SB_SAMPLING_DEPRECATED,
    geo_5, FALSE },
  { "anthropic.claude-opus-5-5", "claude-opus-5-5", 128000, SB_THINKING_ADAPTIVE, TRUE, effort_5,
    FALSE, SB_SAMPLING_DEPRECATED, geo_5, FALSE },
  { "anthropic.claude-sonnet-5", "claude-sonnet-5", 128000, SB_THINKING_ADAPTIVE, TRUE, effort_5,
    FALSE, SB_SAMPLING_DEFAULTS, geo_5, FALSE },
  { "anthropic.claude-sonnet-5-5", "claude-sonnet-5-5", 128000, SB_THINKING_ADAPTIVE, TRUE,
    effort_5, FALSE, SB_SAMPLING_DEPRECATED, geo_5, FALSE },
  { "anthropic.claude-haiku-5-5", "claude-haiku-5-5", 128000, SB_THINKING_ADAPTIVE, TRUE, effort_5,
    FALSE, SB_SAMPLING_DEPRECATED, geo_5, FALSE },
  { "anthropic.claude-fable-5", "claude-fable-5", 128000, SB_THINKING_ADAPTIVE, TRUE, effort_5,
    FALSE, SB_SAMPLING_DEFAULTS, geo_5, FALSE },
  { "anthropic.claude-fable-5-1", "claude-fable-5-1", 128000, SB_THINKING_ADAPTIVE, TRUE, effort_5,
    FALSE, SB_SAMPLING_DEPRECATED, geo_5, FALSE },
  { "anthropic.claude-fable-5-2", "claude-fable-5-2", 128000, SB_THINKING_ADAPTIVE, TRUE, effort_5,
    FALSE, SB_SAMPLING_DEPRECATED, geo_5, FALSE },
};

const SbModelRules *
sb_model_rules_find (const char *id)
{
  if (id == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_str_equal (models[i].id, id))
      return &models[i];
  return NULL;
}

gboolean
sb_model_rules_has_geography (const SbModelRules *model,
                              const char         *geography)
{
  g_return_val_if_fail (model != NULL, FALSE);
  return model->geographies == NULL || g_strv_contains (model->geographies, geography);
}

gboolean
sb_model_rules_takes_effort (const SbModelRules *model,
                             const char         *effort)
{
  g_return_val_if_fail (model != NULL, FALSE);
  return model->efforts != NULL && effort != NULL && g_strv_contains (model->efforts, effort);
}

char *
sb_model_rules_effort_list (const SbModelRules *model)
{
  GString *list = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (model != NULL, NULL);
  n = model->efforts != NULL ? g_strv_length ((GStrv) model->efforts) : 0;
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (list, i + 1 == n ? " or " : ", ");
      g_string_append_printf (list, "'%s'", model->efforts[i]);
    }
  return g_string_free (list, FALSE);
}
