/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sb-model-rules: the sandbox's own table of Claude models on Bedrock and what each accepts in an
 * InvokeModel body (README.md, "Bedrock's per-model rules"). Written apart from the client's
 * table on purpose: the sandbox checks the client, so it must not share its mistakes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SB_THINKING_DISABLED = 1 << 0,  /* {"type":"disabled"} */
  SB_THINKING_ENABLED  = 1 << 1,  /* {"type":"enabled","budget_tokens":N} */
  SB_THINKING_ADAPTIVE = 1 << 2,  /* {"type":"adaptive"} */
} SbThinking;

typedef enum
{
  SB_SAMPLING_FREE,        /* temperature, top_p, top_k in their usual ranges */
  SB_SAMPLING_ONE_KNOB,    /* as FREE, but temperature and top_p not together */
  SB_SAMPLING_DEFAULTS,    /* temperature 1 only, top_p in [0.99, 1), no top_k */
  SB_SAMPLING_DEPRECATED,  /* none of them */
} SbSampling;

typedef struct
{
  const char         *id;             /* the base model id, exactly as Bedrock names it */
  const char         *api_name;       /* the "model" of an answer */
  guint               max_output;     /* max_tokens limit */
  SbThinking          thinking;       /* the thinking types accepted */
  gboolean            always_thinks;  /* thinks without a "thinking" member */
  const char * const *efforts;        /* output_config.effort values; NULL = no output_config */
  gboolean            disabled_caps_effort;  /* disabled refuses xhigh and max */
  SbSampling          sampling;
  const char * const *geographies;    /* profile prefixes without the dot; NULL = every one */
  gboolean            end_of_life;
} SbModelRules;

/* The model of a base id ("anthropic.claude-opus-4-6-v1"), or NULL. */
const SbModelRules *sb_model_rules_find            (const char         *id);

/* TRUE when the model has an inference profile in that geography ("us", "global", …). */
gboolean            sb_model_rules_has_geography   (const SbModelRules *model,
                                                    const char         *geography);

gboolean            sb_model_rules_takes_effort    (const SbModelRules *model,
                                                    const char         *effort);

/* "'low', 'medium', 'high' or 'max'" for the model's efforts. */
char               *sb_model_rules_effort_list     (const SbModelRules *model);

G_END_DECLS
