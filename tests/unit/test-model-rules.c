/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cs-model-rules: lookups, the rule check for every model of the table, derived rules for ids the
 * table does not have, lifecycle and inference-profile geographies. */
#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-model-rules-private.h"
#include "cs-test-utils.h"

#define SONNET_4   "anthropic.claude-sonnet-4-20250514-v1:0"
#define OPUS_4     "anthropic.claude-opus-4-20250514-v1:0"
#define OPUS_4_1   "anthropic.claude-opus-4-1-20250805-v1:0"
#define SONNET_4_5 "anthropic.claude-sonnet-4-5-20250929-v1:0"
#define HAIKU_4_5  "anthropic.claude-haiku-4-5-20251001-v1:0"
#define OPUS_4_5   "anthropic.claude-opus-4-5-20251101-v1:0"
#define OPUS_4_6   "anthropic.claude-opus-4-6-v1"
#define SONNET_4_6 "anthropic.claude-sonnet-4-6"
#define OPUS_4_7   "anthropic.claude-opus-4-7"
#define OPUS_5     "anthropic.claude-opus-5"
#define SONNET_5   "anthropic.claude-sonnet-5"
#define FABLE_5    "anthropic.claude-fable-5"

static CsModelRules *
rules_for (const char *id)
{
  CsModelRules *rules = cs_model_rules_lookup (id);

  if (rules == NULL)
    g_error ("no rules for %s", id);
  return rules;
}

/* The problems of params on a model, as one kind each (asserts the count). */
static GPtrArray *
check (const char          *id,
       const CsModelParams *params)
{
  g_autoptr(CsModelRules) rules = rules_for (id);

  return cs_model_rules_check (rules, params);
}

static void
assert_ok (const char          *id,
           const CsModelParams *params)
{
  g_autoptr(GPtrArray) problems = check (id, params);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", id, ((CsModelProblem *) g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Exactly one problem, of this kind and field, whose message holds part. */
static void
assert_one (const char          *id,
            const CsModelParams *params,
            CsModelProblemKind   kind,
            const char          *field,
            const char          *part)
{
  g_autoptr(GPtrArray) problems = check (id, params);
  CsModelProblem *problem;

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", id, ((CsModelProblem *) g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->kind, ==, kind);
  g_assert_cmpstr (problem->field, ==, field);
  if (strstr (problem->message, part) == NULL)
    g_error ("expected \"%s\" in \"%s\"", part, problem->message);
}

/* Params a model should accept in the given thinking form. */
static CsModelParams
params_for_form (const CsModelRules *rules,
                 CsThinkingForm      form)
{
  CsModelParams p = { 0 };

  p.thinking = form;
  p.max_tokens = 8000;
  if (form == CS_THINKING_FORM_ENABLED)
    p.budget_tokens = CS_MODEL_RULES_MIN_BUDGET_TOKENS;
  if (form == CS_THINKING_FORM_ADAPTIVE
      && (cs_model_rules_get_effort_levels (rules) & CS_EFFORT_LOW) != 0)
    p.effort = CS_EFFORT_LOW;
  return p;
}

/* For every row: each thinking form it allows passes, each it refuses gives one
 * THINKING_FORM problem with the sentence for that case. */
static void
test_every_model_thinking_forms (void)
{
  g_autoptr(GPtrArray) list = cs_model_rules_list ();
  static const CsThinkingForm all_forms[] = {
    CS_THINKING_FORM_NONE, CS_THINKING_FORM_DISABLED, CS_THINKING_FORM_ENABLED,
    CS_THINKING_FORM_ADAPTIVE,
  };

  g_assert_cmpuint (list->len, >=, 18);
  for (guint i = 0; i < list->len; i++)
    {
      CsModelRules *rules = g_ptr_array_index (list, i);
      const char *id = cs_model_rules_get_id (rules);
      CsThinkingForm allowed = cs_model_rules_get_thinking_forms (rules);

      g_assert_false (cs_model_rules_is_derived (rules));
      g_assert_null (cs_model_rules_get_assumption (rules));
      g_assert_true (g_str_has_prefix (cs_model_rules_get_source_url (rules), "https://"));
      /* every model can go without a thinking member */
      g_assert_true (allowed & CS_THINKING_FORM_NONE);

      for (guint f = 0; f < G_N_ELEMENTS (all_forms); f++)
        {
          CsThinkingForm form = all_forms[f];
          CsModelParams p = params_for_form (rules, form);
          g_autofree char *name_part = NULL;
          const char *part;

          if (allowed & form)
            {
              assert_ok (id, &p);
              continue;
            }
          if (form == CS_THINKING_FORM_ENABLED)
            part = "refuses a thinking budget";
          else if (form == CS_THINKING_FORM_DISABLED && cs_model_rules_is_always_thinking (rules))
            part = "always thinks";
          else if (form == CS_THINKING_FORM_DISABLED)
            part = "leave the thinking setting out";
          else
            part = "choose a thinking budget instead";
          assert_one (id, &p, CS_MODEL_PROBLEM_THINKING_FORM, "thinking", part);
          name_part = g_strdup_printf ("%s ", cs_model_rules_get_name (rules));
          assert_one (id, &p, CS_MODEL_PROBLEM_THINKING_FORM, "thinking", name_part);
        }
    }
}

/* The forms of the models the issue names, so that a wrong table row fails here. */
static void
test_known_thinking_forms (void)
{
  static const struct
  {
    const char    *id;
    CsThinkingForm forms;
    gboolean       always;
  } expected[] = {
    { SONNET_4, CS_THINKING_FORM_NONE | CS_THINKING_FORM_DISABLED | CS_THINKING_FORM_ENABLED,
      FALSE },
    { SONNET_4_5, CS_THINKING_FORM_NONE | CS_THINKING_FORM_DISABLED | CS_THINKING_FORM_ENABLED,
      FALSE },
    { OPUS_4_6, CS_THINKING_FORM_NONE | CS_THINKING_FORM_DISABLED | CS_THINKING_FORM_ENABLED
                | CS_THINKING_FORM_ADAPTIVE, FALSE },
    { SONNET_4_6, CS_THINKING_FORM_NONE | CS_THINKING_FORM_DISABLED | CS_THINKING_FORM_ENABLED
                  | CS_THINKING_FORM_ADAPTIVE, FALSE },
    { OPUS_4_7, CS_THINKING_FORM_NONE | CS_THINKING_FORM_ADAPTIVE, FALSE },
    { OPUS_5, CS_THINKING_FORM_NONE | CS_THINKING_FORM_DISABLED | CS_THINKING_FORM_ADAPTIVE,
      FALSE },
    { SONNET_5, CS_THINKING_FORM_NONE | CS_THINKING_FORM_ADAPTIVE, TRUE },
    { FABLE_5, CS_THINKING_FORM_NONE | CS_THINKING_FORM_ADAPTIVE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CsModelRules) rules = rules_for (expected[i].id);

      g_assert_cmphex (cs_model_rules_get_thinking_forms (rules), ==, expected[i].forms);
      g_assert_cmpint (cs_model_rules_is_always_thinking (rules), ==, expected[i].always);
    }
}

static void
test_budget (void)
{
  CsModelParams p = { .thinking = CS_THINKING_FORM_ENABLED, .max_tokens = 8000 };

  assert_one (SONNET_4, &p, CS_MODEL_PROBLEM_BUDGET_MISSING, "budget_tokens", "at least 1024");
  p.budget_tokens = CS_MODEL_RULES_MIN_BUDGET_TOKENS - 1;
  assert_one (SONNET_4, &p, CS_MODEL_PROBLEM_BUDGET_TOO_SMALL, "budget_tokens", "at least 1024");
  p.budget_tokens = 8000;
  assert_one (SONNET_4, &p, CS_MODEL_PROBLEM_BUDGET_NOT_BELOW_MAX, "budget_tokens",
              "smaller than max_tokens");
  p.budget_tokens = 7999;
  assert_ok (SONNET_4, &p);

  /* a budget without enabled thinking */
  p.thinking = CS_THINKING_FORM_NONE;
  p.budget_tokens = 2048;
  assert_one (SONNET_4_5, &p, CS_MODEL_PROBLEM_BUDGET_REFUSED, "budget_tokens",
              "remove budget_tokens");
  p.thinking = CS_THINKING_FORM_ADAPTIVE;
  assert_one (OPUS_4_7, &p, CS_MODEL_PROBLEM_BUDGET_REFUSED, "budget_tokens",
              "Claude Opus 4.7 takes no thinking budget");
}

static void
test_effort (void)
{
  CsModelParams p = { .thinking = CS_THINKING_FORM_ENABLED, .budget_tokens = 2048,
                      .max_tokens = 8000, .effort = CS_EFFORT_HIGH };

  /* Sonnet and Haiku 4.5 take no effort; Opus 4.5 takes low, medium, high */
  assert_one (SONNET_4_5, &p, CS_MODEL_PROBLEM_EFFORT_REFUSED, "effort", "remove the effort");
  assert_one (HAIKU_4_5, &p, CS_MODEL_PROBLEM_EFFORT_REFUSED, "effort", "remove the effort");
  assert_ok (OPUS_4_5, &p);
  p.effort = CS_EFFORT_MAX;
  assert_one (OPUS_4_5, &p, CS_MODEL_PROBLEM_EFFORT_LEVEL, "effort",
              "\u201cmax\u201d: choose one of low, medium, high.");

  /* max but no xhigh on the 4.6 models; both from 4.7 on */
  p = (CsModelParams) { .thinking = CS_THINKING_FORM_ADAPTIVE, .effort = CS_EFFORT_MAX };
  assert_ok (OPUS_4_6, &p);
  p.effort = CS_EFFORT_XHIGH;
  assert_one (SONNET_4_6, &p, CS_MODEL_PROBLEM_EFFORT_LEVEL, "effort", "\u201cxhigh\u201d");
  assert_ok (OPUS_4_7, &p);

  /* Opus 5: disabled thinking refuses xhigh and max, takes high */
  p.thinking = CS_THINKING_FORM_DISABLED;
  assert_one (OPUS_5, &p, CS_MODEL_PROBLEM_EFFORT_WITH_DISABLED, "effort", "turn thinking on");
  p.effort = CS_EFFORT_MAX;
  assert_one (OPUS_5, &p, CS_MODEL_PROBLEM_EFFORT_WITH_DISABLED, "effort", "\u201cmax\u201d");
  p.effort = CS_EFFORT_HIGH;
  assert_ok (OPUS_5, &p);
}

static void
test_max_tokens (void)
{
  CsModelParams p = { .max_tokens = 32000 };

  assert_ok (OPUS_4, &p);
  p.max_tokens = 32001;
  assert_one (OPUS_4, &p, CS_MODEL_PROBLEM_MAX_TOKENS, "max_tokens", "at most 32000 tokens");
  p.max_tokens = 128000;
  assert_ok (OPUS_4_6, &p);
  p.max_tokens = -1;
  assert_one (OPUS_4_6, &p, CS_MODEL_PROBLEM_MAX_TOKENS, "max_tokens", "between 1");
}

static void
test_sampling (void)
{
  CsModelParams p = { .max_tokens = 1000, .has_temperature = TRUE, .temperature = 0.5,
                      .has_top_p = TRUE, .top_p = 0.9 };

  /* Claude 4 takes both; from Opus 4.1 / Sonnet 4.5 on, one of them */
  assert_ok (SONNET_4, &p);
  assert_ok (OPUS_4, &p);
  assert_one (SONNET_4_5, &p, CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE, "top_p",
              "refuses temperature and top_p together");
  assert_one (HAIKU_4_5, &p, CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE, "top_p", "keep one");
  assert_one (OPUS_4_1, &p, CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE, "top_p", "keep one");
  assert_one (SONNET_4_6, &p, CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE, "top_p", "keep one");
  p.has_top_p = FALSE;
  assert_ok (SONNET_4_5, &p);

  /* Opus 4.7 and later take no temperature ("deprecated for this model") */
  assert_one (OPUS_4_7, &p, CS_MODEL_PROBLEM_SAMPLING_REFUSED, "temperature",
              "Claude Opus 4.7 does not accept temperature");
  assert_one ("anthropic.claude-opus-4-8", &p, CS_MODEL_PROBLEM_SAMPLING_REFUSED, "temperature",
              "remove it");
  assert_one (OPUS_5, &p, CS_MODEL_PROBLEM_SAMPLING_REFUSED, "temperature", "remove it");

  /* Fable 5: temperature 1 or unset, top_p in [0.99, 1), no top_k */
  assert_one (FABLE_5, &p, CS_MODEL_PROBLEM_SAMPLING_RANGE, "temperature", "only as 1");
  p.temperature = 1;
  assert_ok (FABLE_5, &p);
  p = (CsModelParams) { .has_top_p = TRUE, .top_p = 0.99 };
  assert_ok (FABLE_5, &p);
  p.top_p = 1.0;
  assert_one (FABLE_5, &p, CS_MODEL_PROBLEM_SAMPLING_RANGE, "top_p", "not including, 1");
  p.top_p = 0.5;
  assert_one (FABLE_5, &p, CS_MODEL_PROBLEM_SAMPLING_RANGE, "top_p", "from 0.99");
  p = (CsModelParams) { .has_top_k = TRUE, .top_k = 5 };
  assert_one (FABLE_5, &p, CS_MODEL_PROBLEM_SAMPLING_REFUSED, "top_k", "does not accept top_k");

  /* ranges of the older models */
  p = (CsModelParams) { .has_temperature = TRUE, .temperature = 1.5 };
  assert_one (SONNET_4, &p, CS_MODEL_PROBLEM_SAMPLING_RANGE, "temperature", "from 0 to 1");
}

static void
test_thinking_sampling (void)
{
  CsModelParams p = { .thinking = CS_THINKING_FORM_ENABLED, .budget_tokens = 1024,
                      .max_tokens = 8000, .has_temperature = TRUE, .temperature = 0.7 };

  assert_one (SONNET_4, &p, CS_MODEL_PROBLEM_THINKING_TEMPERATURE, "temperature",
              "may only be 1");
  p.temperature = CS_MODEL_RULES_THINKING_TEMPERATURE;
  assert_ok (SONNET_4, &p);
  p.has_top_k = TRUE;
  p.top_k = 40;
  assert_one (SONNET_4, &p, CS_MODEL_PROBLEM_THINKING_TOP_K, "top_k", "remove it");

  /* adaptive thinking counts as thinking */
  p = (CsModelParams) { .thinking = CS_THINKING_FORM_ADAPTIVE, .effort = CS_EFFORT_HIGH,
                        .has_temperature = TRUE, .temperature = 0.2 };
  assert_one (OPUS_4_6, &p, CS_MODEL_PROBLEM_THINKING_TEMPERATURE, "temperature", "set it to 1");
  /* without thinking the same temperature is fine */
  p.thinking = CS_THINKING_FORM_NONE;
  p.effort = CS_EFFORT_UNSET;
  assert_ok (OPUS_4_6, &p);
}

/* The blueprint's four bodies: their exact parameters still pass on Sonnet 4 and Opus 4. */
static void
test_blueprint_parameters (void)
{
  static const char *const files[] = {
    "blueprints/bedrock_claude4_standard.json",
    "blueprints/bedrock_claude4_standard_rolearn.json",
    "blueprints/bedrock_claude4_extended_thinking.json",
    "blueprints/bedrock_claude4_extended_thinking_rolearn.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(JsonNode) root = cs_test_data_json (files[i]);
      JsonObject *parameters = json_object_get_object_member (json_node_get_object (root),
                                                              "parameters");
      const char *model = json_object_get_string_member (parameters, "model");
      CsModelParams p = { 0 };
      g_autoptr(CsModelRules) sonnet = NULL;

      g_assert_cmpstr (model, ==, "us." SONNET_4);
      p.max_tokens = json_object_get_int_member (parameters, "max_tokens");
      p.has_temperature = json_object_has_member (parameters, "temperature");
      p.temperature = json_object_get_double_member (parameters, "temperature");
      if (json_object_has_member (parameters, "budget_tokens"))
        {
          p.thinking = CS_THINKING_FORM_ENABLED;
          p.budget_tokens = json_object_get_int_member (parameters, "budget_tokens");
        }
      g_assert_cmpint (p.max_tokens, ==, 8000);
      g_assert_true (p.has_temperature);

      sonnet = rules_for (model);
      g_assert_cmpstr (cs_model_rules_get_id (sonnet), ==, SONNET_4);
      assert_ok (model, &p);
      assert_ok ("us." OPUS_4, &p);
    }
}

static void
test_lookup_ids (void)
{
  static const struct
  {
    const char *given;
    const char *id;
  } cases[] = {
    { SONNET_4, SONNET_4 },
    { "us." SONNET_4, SONNET_4 },
    { "anthropic.claude-sonnet-4-20250514-v1", SONNET_4 },
    { "anthropic.claude-sonnet-4-20250514", SONNET_4 },
    { "global.anthropic.claude-opus-4-6-v1:0", OPUS_4_6 },
    { "jp.anthropic.claude-opus-4-6-v1", OPUS_4_6 },
    { "au." OPUS_4_6, OPUS_4_6 },
    { "apac." SONNET_4, SONNET_4 },
    { "anthropic.claude-sonnet-4-5", SONNET_4_5 },
    { "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", SONNET_4_5 },
    { "arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.anthropic.claude-opus-4-7",
      OPUS_4_7 },
    { "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-7", OPUS_4_7 },
    /* no minor version: the id Kibana's regex misses */
    { "us.anthropic.claude-opus-5", OPUS_5 },
    { "global.anthropic.claude-fable-5-2", "anthropic.claude-fable-5-2" },
  };
  static const char *const not_claude[] = {
    "amazon.titan-text-express-v1", "anthropic.claude-v2", "anthropic.claude-instant-v1",
    "meta.llama3-70b", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsModelRules) rules = rules_for (cases[i].given);

      g_assert_cmpstr (cs_model_rules_get_id (rules), ==, cases[i].id);
      g_assert_false (cs_model_rules_is_derived (rules));
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_claude); i++)
    g_assert_null (cs_model_rules_lookup (not_claude[i]));
}

static void
test_base_id (void)
{
  g_autofree char *geo = NULL;
  g_autofree char *base = cs_model_rules_base_id ("apac." SONNET_4, &geo);
  g_autofree char *geo2 = NULL;
  g_autofree char *bare = cs_model_rules_base_id (OPUS_4_6, &geo2);

  g_assert_cmpstr (base, ==, SONNET_4);
  g_assert_cmpstr (geo, ==, "apac");
  g_assert_cmpstr (bare, ==, OPUS_4_6);
  g_assert_null (geo2);
}

static void
test_derived_newer (void)
{
  g_autoptr(CsModelRules) rules = rules_for ("us.anthropic.claude-opus-6");
  CsModelParams p = { .thinking = CS_THINKING_FORM_ENABLED, .budget_tokens = 2048,
                      .max_tokens = 8000 };
  const char *assumption;

  g_assert_true (cs_model_rules_is_derived (rules));
  g_assert_cmpstr (cs_model_rules_get_id (rules), ==, "anthropic.claude-opus-6");
  g_assert_cmpstr (cs_model_rules_get_name (rules), ==, "Claude Opus 6");
  g_assert_cmpstr (cs_model_rules_get_family (rules), ==, "opus");
  g_assert_cmpuint (cs_model_rules_get_version_major (rules), ==, 6);
  g_assert_cmphex (cs_model_rules_get_thinking_forms (rules), ==,
                   CS_THINKING_FORM_NONE | CS_THINKING_FORM_ADAPTIVE);
  g_assert_true (cs_model_rules_is_always_thinking (rules));
  for (CsSampling s = CS_SAMPLING_TEMPERATURE; s <= CS_SAMPLING_TOP_K; s++)
    g_assert_false (cs_model_rules_allows_sampling (rules, s, NULL, NULL));
  assumption = cs_model_rules_get_assumption (rules);
  g_assert_nonnull (strstr (assumption, "Claude Opus 6 is newer"));
  g_assert_nonnull (strstr (assumption, "treated like Claude Opus 5.5"));
  g_assert_nonnull (strstr (assumption, "adaptive thinking only"));
  g_assert_cmpint (cs_model_rules_get_lifecycle (rules, NULL), ==, CS_MODEL_LIFECYCLE_ACTIVE);

  assert_one ("us.anthropic.claude-opus-6", &p, CS_MODEL_PROBLEM_THINKING_FORM, "thinking",
              "Claude Opus 6 thinks only adaptively");
  p = (CsModelParams) { .thinking = CS_THINKING_FORM_DISABLED };
  assert_one ("anthropic.claude-opus-6", &p, CS_MODEL_PROBLEM_THINKING_FORM, "thinking",
              "always thinks");
  p = (CsModelParams) { .has_temperature = TRUE, .temperature = 1 };
  assert_one ("anthropic.claude-opus-6", &p, CS_MODEL_PROBLEM_SAMPLING_REFUSED, "temperature",
              "does not accept temperature");
  p = (CsModelParams) { .thinking = CS_THINKING_FORM_ADAPTIVE, .effort = CS_EFFORT_MEDIUM };
  assert_ok ("anthropic.claude-opus-6", &p);

  /* a minor version past the newest row of the family, with a version suffix */
  {
    g_autoptr(CsModelRules) later = rules_for ("eu.anthropic.claude-fable-5-3-v1:0");

    g_assert_true (cs_model_rules_is_derived (later));
    g_assert_cmpstr (cs_model_rules_get_name (later), ==, "Claude Fable 5.3");
    g_assert_nonnull (strstr (cs_model_rules_get_assumption (later), "Claude Fable 5.2"));
    g_assert_false (cs_model_rules_allows_thinking (later, CS_THINKING_FORM_ENABLED));
  }
}

static void
test_derived_between_and_unknown_family (void)
{
  CsModelParams budget = { .thinking = CS_THINKING_FORM_ENABLED, .budget_tokens = 2048,
                           .max_tokens = 8000 };

  /* not in the table but older than the newest Sonnet: the closest older row */
  {
    g_autoptr(CsModelRules) rules = rules_for ("anthropic.claude-sonnet-4-7");

    g_assert_true (cs_model_rules_is_derived (rules));
    g_assert_nonnull (strstr (cs_model_rules_get_assumption (rules), "Claude Sonnet 4.6"));
    g_assert_nonnull (strstr (cs_model_rules_get_assumption (rules), "closest model"));
    assert_ok ("anthropic.claude-sonnet-4-7", &budget);
  }
  /* older than every row of the family: the oldest row */
  {
    g_autoptr(CsModelRules) rules = rules_for ("anthropic.claude-3-7-sonnet-20250219-v1:0");

    g_assert_true (cs_model_rules_is_derived (rules));
    g_assert_cmpstr (cs_model_rules_get_name (rules), ==, "Claude Sonnet 3.7");
    g_assert_nonnull (strstr (cs_model_rules_get_assumption (rules), "Claude Sonnet 4"));
  }
  /* a family the table does not have: the strictest rules */
  {
    g_autoptr(CsModelRules) rules = rules_for ("anthropic.claude-mythos-5");

    g_assert_true (cs_model_rules_is_derived (rules));
    g_assert_nonnull (strstr (cs_model_rules_get_assumption (rules), "does not know"));
    g_assert_true (cs_model_rules_is_always_thinking (rules));
    g_assert_false (cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_ENABLED));
  }
}

static CsModelRules *
rules_from_text (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return cs_model_rules_new_from_json (json_node_get_object (node));
}

static GDateTime *
day (const char *iso)
{
  GDateTime *when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return when;
}

static void
test_lifecycle (void)
{
  g_autoptr(CsModelRules) dated = rules_from_text (
    "{\"id\": \"anthropic.claude-opus-9\", \"name\": \"Claude Opus 9\", \"family\": \"opus\","
    " \"version\": \"9\", \"lifecycle\": {\"state\": \"active\", \"legacy_date\": \"2027-03-01\","
    " \"eol_date\": \"2027-09-01\"}}");
  g_autoptr(CsModelRules) legacy = rules_for (SONNET_4);
  g_autoptr(CsModelRules) active = rules_for (OPUS_4_7);
  g_autoptr(GDateTime) before = day ("2027-02-28T23:59:59Z");
  g_autoptr(GDateTime) legacy_day = day ("2027-03-01T00:00:00Z");
  g_autoptr(GDateTime) last_day = day ("2027-08-31T12:00:00Z");
  g_autoptr(GDateTime) eol_day = day ("2027-09-01T00:00:00Z");
  /* 2027-03-01 in UTC although the local day is still 2027-02-28 */
  g_autoptr(GDateTime) offset = day ("2027-02-28T20:00:00-05:00");

  g_assert_cmpint (cs_model_rules_get_lifecycle (dated, before), ==, CS_MODEL_LIFECYCLE_ACTIVE);
  g_assert_cmpint (cs_model_rules_get_lifecycle (dated, legacy_day), ==,
                   CS_MODEL_LIFECYCLE_LEGACY);
  g_assert_cmpint (cs_model_rules_get_lifecycle (dated, last_day), ==, CS_MODEL_LIFECYCLE_LEGACY);
  g_assert_cmpint (cs_model_rules_get_lifecycle (dated, eol_day), ==,
                   CS_MODEL_LIFECYCLE_END_OF_LIFE);
  g_assert_cmpint (cs_model_rules_get_lifecycle (dated, offset), ==, CS_MODEL_LIFECYCLE_LEGACY);
  g_assert_cmpstr (cs_model_rules_get_legacy_date (dated), ==, "2027-03-01");
  g_assert_cmpstr (cs_model_rules_get_eol_date (dated), ==, "2027-09-01");

  /* legacy without a date stays legacy; active without dates stays active */
  g_assert_cmpint (cs_model_rules_get_lifecycle (legacy, before), ==, CS_MODEL_LIFECYCLE_LEGACY);
  g_assert_null (cs_model_rules_get_eol_date (legacy));
  g_assert_cmpint (cs_model_rules_get_lifecycle (active, eol_day), ==, CS_MODEL_LIFECYCLE_ACTIVE);
}

static void
test_geography (void)
{
  static const struct
  {
    const char *model;
    const char *region;
    const char *geography;
  } cases[] = {
    { OPUS_4_6, "us-east-1", "us" },
    { OPUS_4_6, "eu-west-3", "eu" },
    { OPUS_4_6, "ap-northeast-1", "jp" },
    { OPUS_4_6, "ap-southeast-2", "apac" },  /* no au profile: apac serves Sydney */
    { OPUS_4_6, "ap-south-1", "apac" },
    { SONNET_4, "ap-northeast-1", "apac" },  /* Sonnet 4 has apac but no jp */
    { SONNET_4_6, "ap-southeast-1", NULL },  /* Sonnet 4.6 has no apac */
    { SONNET_4_6, "ap-northeast-3", "jp" },
    { OPUS_4_1, "eu-central-1", NULL },      /* us only */
    { OPUS_4_1, "us-west-2", "us" },
    { OPUS_4_6, "us-gov-west-1", NULL },
    { OPUS_4_6, "me-central-1", NULL },
    { OPUS_4_6, "not a region", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsModelRules) rules = rules_for (cases[i].model);

      g_assert_cmpstr (cs_model_rules_geography_for_region (rules, cases[i].region), ==,
                       cases[i].geography);
    }
}

static void
test_profile_id (void)
{
  g_autoptr(CsModelRules) opus4 = rules_for (OPUS_4);
  g_autoptr(CsModelRules) sonnet46 = rules_for (SONNET_4_6);
  g_autoptr(CsModelRules) opus41 = rules_for (OPUS_4_1);
  g_autoptr(GError) error = NULL;
  char *id;

  /* the blueprint's profile */
  id = cs_model_rules_profile_id (opus4, "us-east-2", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "us." OPUS_4);
  g_free (id);

  id = cs_model_rules_profile_id (sonnet46, "eu-west-1", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "global." SONNET_4_6);
  g_free (id);

  id = cs_model_rules_profile_id (opus4, "us-east-1", TRUE, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "no global inference profile"));
  g_clear_error (&error);

  id = cs_model_rules_profile_id (sonnet46, "ap-southeast-1", FALSE, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "no inference profile for ap-southeast-1"));
  g_assert_nonnull (strstr (error->message, "use its global profile"));
  g_clear_error (&error);

  id = cs_model_rules_profile_id (opus41, "eu-west-1", FALSE, &error);
  g_assert_null (id);
  g_assert_nonnull (strstr (error->message, "geographies (us)"));
  g_clear_error (&error);

  id = cs_model_rules_profile_id (opus41, "mars-1", FALSE, &error);
  g_assert_null (id);
  g_assert_nonnull (strstr (error->message, "not an AWS region code"));
}

/* The one place of the shared thinking rules. */
static void
test_shared_constants (void)
{
  g_assert_cmpint (CS_MODEL_RULES_MIN_BUDGET_TOKENS, ==, 1024);
  g_assert_cmpfloat (CS_MODEL_RULES_THINKING_TEMPERATURE, ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model-rules/every-model/thinking-forms", test_every_model_thinking_forms);
  g_test_add_func ("/model-rules/known-thinking-forms", test_known_thinking_forms);
  g_test_add_func ("/model-rules/budget", test_budget);
  g_test_add_func ("/model-rules/effort", test_effort);
  g_test_add_func ("/model-rules/max-tokens", test_max_tokens);
  g_test_add_func ("/model-rules/sampling", test_sampling);
  g_test_add_func ("/model-rules/thinking-sampling", test_thinking_sampling);
  g_test_add_func ("/model-rules/blueprint-parameters", test_blueprint_parameters);
  g_test_add_func ("/model-rules/lookup", test_lookup_ids);
  g_test_add_func ("/model-rules/base-id", test_base_id);
  g_test_add_func ("/model-rules/derived/newer", test_derived_newer);
  g_test_add_func ("/model-rules/derived/between-and-unknown-family",
                   test_derived_between_and_unknown_family);
  g_test_add_func ("/model-rules/lifecycle", test_lifecycle);
  g_test_add_func ("/model-rules/geography", test_geography);
  g_test_add_func ("/model-rules/profile-id", test_profile_id);
  g_test_add_func ("/model-rules/shared-constants", test_shared_constants);

  return g_test_run ();
}
