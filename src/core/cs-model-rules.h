/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What each Claude model on Amazon Bedrock accepts in an InvokeModel body,
 * read once from the rule table compiled into the core library
 * (src/core/data/claude-models.json; its schema is in
 * src/core/data/README.md). Lives next to the model catalogue
 * (cs-bedrock-catalog.h).
 */

/* The thinking rules every model shares; the one place the app keeps them.
 * - budget_tokens is at least CS_MODEL_RULES_MIN_BUDGET_TOKENS,
 * - budget_tokens is below max_tokens,
 * - with thinking, temperature may only be CS_MODEL_RULES_THINKING_TEMPERATURE
 *   (and top_k is refused). */
#define CS_MODEL_RULES_MIN_BUDGET_TOKENS    1024
#define CS_MODEL_RULES_THINKING_TEMPERATURE 1.0

/* What a body says about thinking. As flags in cs_model_rules_get_thinking_forms(). */
typedef enum
{
  CS_THINKING_FORM_NONE     = 1 << 0,  /* no "thinking" member */
  CS_THINKING_FORM_DISABLED = 1 << 1,  /* {"type":"disabled"} */
  CS_THINKING_FORM_ENABLED  = 1 << 2,  /* {"type":"enabled","budget_tokens":N} */
  CS_THINKING_FORM_ADAPTIVE = 1 << 3,  /* {"type":"adaptive"} + output_config.effort */
} CsThinkingForm;

/* output_config.effort. As flags in cs_model_rules_get_effort_levels(). */
typedef enum
{
  CS_EFFORT_UNSET  = 0,
  CS_EFFORT_LOW    = 1 << 0,
  CS_EFFORT_MEDIUM = 1 << 1,
  CS_EFFORT_HIGH   = 1 << 2,
  CS_EFFORT_XHIGH  = 1 << 3,
  CS_EFFORT_MAX    = 1 << 4,
} CsEffort;

typedef enum
{
  CS_SAMPLING_TEMPERATURE,
  CS_SAMPLING_TOP_P,
  CS_SAMPLING_TOP_K,
} CsSampling;

typedef enum
{
  CS_MODEL_LIFECYCLE_ACTIVE,
  CS_MODEL_LIFECYCLE_LEGACY,
  CS_MODEL_LIFECYCLE_END_OF_LIFE,
} CsModelLifecycle;

/* The connector parameters a rule check looks at. Zero-initialise, then set
 * what the connector sends. */
typedef struct
{
  CsThinkingForm thinking;       /* 0 counts as CS_THINKING_FORM_NONE */
  gint64         budget_tokens;  /* 0 = not sent */
  CsEffort       effort;         /* CS_EFFORT_UNSET = not sent */
  gint64         max_tokens;     /* 0 = not checked */
  gboolean       has_temperature;
  double         temperature;
  gboolean       has_top_p;
  double         top_p;
  gboolean       has_top_k;
  gint64         top_k;
} CsModelParams;

typedef enum
{
  CS_MODEL_PROBLEM_THINKING_FORM,          /* the model refuses this thinking form */
  CS_MODEL_PROBLEM_BUDGET_MISSING,         /* enabled thinking without budget_tokens */
  CS_MODEL_PROBLEM_BUDGET_REFUSED,         /* budget_tokens without enabled thinking */
  CS_MODEL_PROBLEM_BUDGET_TOO_SMALL,       /* below CS_MODEL_RULES_MIN_BUDGET_TOKENS */
  CS_MODEL_PROBLEM_BUDGET_NOT_BELOW_MAX,   /* budget_tokens >= max_tokens */
  CS_MODEL_PROBLEM_EFFORT_REFUSED,         /* the model takes no effort at all */
  CS_MODEL_PROBLEM_EFFORT_LEVEL,           /* the model does not offer this level */
  CS_MODEL_PROBLEM_EFFORT_WITH_DISABLED,   /* this level is refused with disabled thinking */
  CS_MODEL_PROBLEM_MAX_TOKENS,             /* max_tokens < 1 or above the model's limit */
  CS_MODEL_PROBLEM_SAMPLING_REFUSED,       /* the model takes no such sampling parameter */
  CS_MODEL_PROBLEM_SAMPLING_RANGE,         /* the value is outside what the model takes */
  CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE,     /* two parameters that may not go together */
  CS_MODEL_PROBLEM_THINKING_TEMPERATURE,   /* temperature other than 1 with thinking */
  CS_MODEL_PROBLEM_THINKING_TOP_K,         /* top_k with thinking */
} CsModelProblemKind;

typedef struct
{
  CsModelProblemKind  kind;
  char               *field;    /* "thinking", "budget_tokens", "effort", "max_tokens",
                                 * "temperature", "top_p" or "top_k" */
  char               *message;  /* translated sentence that says what to do */
} CsModelProblem;

void                cs_model_problem_free               (CsModelProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsModelProblem, cs_model_problem_free)

typedef struct _CsModelRules CsModelRules;

#define CS_TYPE_MODEL_RULES (cs_model_rules_get_type ())
GType               cs_model_rules_get_type             (void) G_GNUC_CONST;

CsModelRules       *cs_model_rules_ref                  (CsModelRules       *rules);
void                cs_model_rules_unref                (CsModelRules       *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsModelRules, cs_model_rules_unref)

/* Every row of the table, in table order (element type CsModelRules). */
GPtrArray          *cs_model_rules_list                 (void);

/* The rules for a model id, an inference-profile id ("us.…", "global.…") or
 * a foundation-model / inference-profile ARN, with or without the ":0" /
 * "-v1" suffix. An id not in the table gets rules derived from its family and
 * version (cs_model_rules_is_derived()). NULL only when the id names no Claude
 * model at all. */
CsModelRules       *cs_model_rules_lookup               (const char         *model_id);

/* Splits a profile id or ARN into its geography ("us", "global", …; NULL
 * for a bare model id) and the base model id it names. */
char               *cs_model_rules_base_id              (const char         *model_id,
                                                         char              **geography);

const char         *cs_model_rules_get_id               (const CsModelRules *rules);
const char         *cs_model_rules_get_name             (const CsModelRules *rules);
const char         *cs_model_rules_get_family           (const CsModelRules *rules);
guint               cs_model_rules_get_version_major    (const CsModelRules *rules);
guint               cs_model_rules_get_version_minor    (const CsModelRules *rules);

/* TRUE when the id is not in the table and the rules were derived; then
 * get_assumption is a translated sentence saying what was assumed. */
gboolean            cs_model_rules_is_derived           (const CsModelRules *rules);
const char         *cs_model_rules_get_assumption       (const CsModelRules *rules);
/* The table's own unconfirmed facts of this row, as "field: why" lines. */
const char * const *cs_model_rules_get_assumed          (const CsModelRules *rules);
const char         *cs_model_rules_get_source_url       (const CsModelRules *rules);

CsThinkingForm      cs_model_rules_get_thinking_forms   (const CsModelRules *rules);
gboolean            cs_model_rules_allows_thinking      (const CsModelRules *rules,
                                                         CsThinkingForm      form);
/* The model thinks even without a "thinking" member and refuses "disabled". */
gboolean            cs_model_rules_is_always_thinking   (const CsModelRules *rules);
CsEffort            cs_model_rules_get_effort_levels    (const CsModelRules *rules);
/* "low", "medium", "high", "xhigh", "max" for one level; NULL for anything else. */
const char         *cs_model_rules_effort_name          (CsEffort            effort);
/* The level of such a name; CS_EFFORT_UNSET for anything else. */
CsEffort            cs_model_rules_effort_from_name     (const char         *name);
/* TRUE when the model takes the parameter; min/max (may be NULL) get its range. */
gboolean            cs_model_rules_allows_sampling      (const CsModelRules *rules,
                                                         CsSampling          param,
                                                         double             *min,
                                                         double             *max);
/* TRUE when a and b may not be sent together. */
gboolean            cs_model_rules_sampling_excludes    (const CsModelRules *rules,
                                                         CsSampling          a,
                                                         CsSampling          b);
gint64              cs_model_rules_get_max_output_tokens (const CsModelRules *rules);
gint64              cs_model_rules_get_context_window   (const CsModelRules *rules);

/* Checks what a connector would send. Returns the problems (element type
 * CsModelProblem, owned by the array), empty when Bedrock should accept it. */
GPtrArray          *cs_model_rules_check                (const CsModelRules  *rules,
                                                         const CsModelParams *params);

/* The model's Bedrock lifecycle on a day (NULL = today, UTC). */
CsModelLifecycle    cs_model_rules_get_lifecycle        (const CsModelRules *rules,
                                                         GDateTime          *when);
/* "YYYY-MM-DD" or NULL. */
const char         *cs_model_rules_get_legacy_date      (const CsModelRules *rules);
const char         *cs_model_rules_get_eol_date         (const CsModelRules *rules);

/* The inference-profile geographies the model has ("global", "us", "eu",
 * "jp", "apac", "au"), NULL-terminated. */
const char * const *cs_model_rules_get_geographies      (const CsModelRules *rules);
/* The geography of the model's profile that a region can call (for
 * ap-northeast-1: "jp" when the model has one, else "apac"); NULL when the
 * model has no profile for the region. Never "global". */
const char         *cs_model_rules_geography_for_region (const CsModelRules *rules,
                                                         const char         *region);
/* The inference-profile id to call from region: "global.<id>" when global is
 * TRUE, else the region's geography. NULL and CS_ERROR_INVALID_INPUT with a
 * sentence that says what to do when there is none. */
char               *cs_model_rules_profile_id           (const CsModelRules *rules,
                                                         const char         *region,
                                                         gboolean            global,
                                                         GError            **error);

G_END_DECLS
