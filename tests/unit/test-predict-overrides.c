/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-predict.h"
#include "cs-test-utils.h"

/* The per-call values follow the rules of the connector's model
 * (cs_predict_limits_*, cs_predict_overrides_check). */

/* Templates as the connector form builds them */
#define TEMPLATE_STANDARD \
  "{ \"system\": \"${parameters.system_prompt}\", \"anthropic_version\": " \
  "\"${parameters.anthropic_version}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, \"messages\": ${parameters.messages} }"
#define TEMPLATE_SAMPLING \
  "{ \"system\": \"${parameters.system_prompt}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, \"top_p\": ${parameters.top_p}, " \
  "\"messages\": ${parameters.messages} }"
#define TEMPLATE_BUDGET \
  "{ \"system\": \"${parameters.system_prompt}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, \"messages\": ${parameters.messages}, " \
  "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": ${parameters.budget_tokens} } }"
#define TEMPLATE_ADAPTIVE \
  "{ \"system\": \"${parameters.system_prompt}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"messages\": ${parameters.messages}, \"thinking\": {\"type\": \"adaptive\"}, " \
  "\"output_config\": {\"effort\": \"${parameters.effort}\"} }"
#define TEMPLATE_ADAPTIVE_TEMPERATURE \
  "{ \"system\": \"${parameters.system_prompt}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, \"messages\": ${parameters.messages}, " \
  "\"thinking\": {\"type\": \"adaptive\"}, " \
  "\"output_config\": {\"effort\": \"${parameters.effort}\"} }"
#define TEMPLATE_ADAPTIVE_FIXED \
  "{ \"system\": \"${parameters.system_prompt}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"messages\": ${parameters.messages}, \"thinking\": {\"type\": \"adaptive\"}, " \
  "\"output_config\": {\"effort\": \"high\"} }"
#define TEMPLATE_DISABLED \
  "{ \"system\": \"${parameters.system_prompt}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"messages\": ${parameters.messages}, \"thinking\": {\"type\": \"disabled\"} }"

/* A connector as GET connector answers it: every parameter a string. */
static void
limits_for (const char      *model,
            const char      *template,
            const char      *parameters,
            CsPredictLimits *limits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) pairs = g_strsplit (parameters != NULL ? parameters : "", " ", -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL)
        continue;
      json_builder_set_member_name (builder, pair[0]);
      json_builder_add_string_value (builder, pair[1]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action_type");
  json_builder_add_string_value (builder, "PREDICT");
  json_builder_set_member_name (builder, "request_body");
  json_builder_add_string_value (builder, template);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  cs_predict_limits_from_connector (json_node_get_object (root), limits);
}

static void
assert_refused (const CsPredictOverrides *overrides,
                const CsPredictLimits    *limits,
                CsOverrideField           expected,
                const char               *in_sentence)
{
  g_autoptr(GError) error = NULL;
  CsOverrideField field = CS_OVERRIDE_FIELD_NONE;

  g_assert_false (cs_predict_overrides_check (overrides, limits, &field, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_cmpint (field, ==, expected);
  if (in_sentence != NULL)
    g_assert_nonnull (strstr (error->message, in_sentence));
}

static void
assert_accepted (const CsPredictOverrides *overrides,
                 const CsPredictLimits    *limits)
{
  g_autoptr(GError) error = NULL;
  CsOverrideField field = -1;

  g_assert_true (cs_predict_overrides_check (overrides, limits, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, CS_OVERRIDE_FIELD_NONE);
}

static void
test_budget_model (void)
{
  CsPredictLimits limits;

  /* Sonnet 4 with extended thinking: the blueprint's connector */
  limits_for ("us.anthropic.claude-sonnet-4-20250514-v1:0", TEMPLATE_BUDGET,
              "max_tokens=8000 temperature=1 budget_tokens=1024", &limits);
  g_assert_true (limits.known);
  g_assert_nonnull (limits.rules);
  g_assert_cmpint (limits.thinking, ==, CS_THINKING_FORM_ENABLED);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_BUDGET_TOKENS);
  g_assert_cmpint (cs_predict_limits_effort_levels (&limits), ==, CS_EFFORT_UNSET);
  g_assert_null (cs_predict_limits_describe (&limits, NULL));

  assert_accepted (&(CsPredictOverrides) { .budget_tokens = 4000 }, &limits);
  assert_refused (&(CsPredictOverrides) { .budget_tokens = 1000 }, &limits,
                  CS_OVERRIDE_FIELD_BUDGET_TOKENS, "1024");
  assert_refused (&(CsPredictOverrides) { .set_temperature = TRUE, .temperature = 0.3 }, &limits,
                  CS_OVERRIDE_FIELD_TEMPERATURE, "only be 1");
  /* The model takes no effort at all, and the template has no place for it */
  assert_refused (&(CsPredictOverrides) { .effort = CS_EFFORT_HIGH }, &limits,
                  CS_OVERRIDE_FIELD_EFFORT, "${parameters.effort}");
  cs_predict_limits_clear (&limits);

  /* Without thinking no budget is offered */
  limits_for ("us.anthropic.claude-sonnet-4-20250514-v1:0", TEMPLATE_STANDARD,
              "max_tokens=2000 temperature=0.5", &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE);
  assert_accepted (&(CsPredictOverrides) { .set_temperature = TRUE, .temperature = 0.2 }, &limits);
  assert_refused (&(CsPredictOverrides) { .budget_tokens = 2000 }, &limits,
                  CS_OVERRIDE_FIELD_BUDGET_TOKENS, NULL);
  cs_predict_limits_clear (&limits);
}

static void
test_adaptive_model (void)
{
  CsPredictLimits limits;

  /* Sonnet 4.6 takes both forms; with an adaptive connector the effort
   * replaces the budget. */
  limits_for ("global.anthropic.claude-sonnet-4-6", TEMPLATE_ADAPTIVE_TEMPERATURE,
              "max_tokens=8000 temperature=1 effort=high", &limits);
  g_assert_nonnull (limits.rules);
  g_assert_cmpint (limits.thinking, ==, CS_THINKING_FORM_ADAPTIVE);
  g_assert_cmpint (limits.defaults.effort, ==, CS_EFFORT_HIGH);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_EFFORT);
  g_assert_cmpint (cs_predict_limits_effort_levels (&limits), ==,
                   CS_EFFORT_LOW | CS_EFFORT_MEDIUM | CS_EFFORT_HIGH | CS_EFFORT_MAX);

  assert_accepted (&(CsPredictOverrides) { .effort = CS_EFFORT_MAX }, &limits);
  assert_refused (&(CsPredictOverrides) { .effort = CS_EFFORT_XHIGH }, &limits,
                  CS_OVERRIDE_FIELD_EFFORT, "xhigh");
  assert_refused (&(CsPredictOverrides) { .budget_tokens = 2000 }, &limits,
                  CS_OVERRIDE_FIELD_BUDGET_TOKENS, "effort level, not a thinking budget");
  /* Adaptive thinking keeps the thinking temperature rule */
  assert_refused (&(CsPredictOverrides) { .set_temperature = TRUE, .temperature = 0.5 }, &limits,
                  CS_OVERRIDE_FIELD_TEMPERATURE, NULL);
  cs_predict_limits_clear (&limits);
}

static void
test_adaptive_only_model (void)
{
  CsPredictLimits limits;
  g_autofree char *note = NULL;

  /* Opus 4.7: adaptive only, no sampling parameters */
  limits_for ("us.anthropic.claude-opus-4-7", TEMPLATE_ADAPTIVE,
              "max_tokens=8000 effort=high", &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_EFFORT);
  g_assert_true (cs_predict_limits_effort_levels (&limits) & CS_EFFORT_XHIGH);
  assert_accepted (&(CsPredictOverrides) { .effort = CS_EFFORT_XHIGH, .max_tokens = 4000 },
                   &limits);
  assert_refused (&(CsPredictOverrides) { .budget_tokens = 2000 }, &limits,
                  CS_OVERRIDE_FIELD_BUDGET_TOKENS, NULL);
  assert_refused (&(CsPredictOverrides) { .set_temperature = TRUE, .temperature = 1 }, &limits,
                  CS_OVERRIDE_FIELD_TEMPERATURE, "${parameters.temperature}");
  cs_predict_limits_clear (&limits);

  /* The blueprint's seed body (enabled thinking, a budget, temperature) on
   * Opus 4.7: nothing of it can be changed per call to fix it, so the note
   * says what the connector breaks. */
  limits_for ("us.anthropic.claude-opus-4-7", TEMPLATE_BUDGET,
              "max_tokens=8000 temperature=1 budget_tokens=1024", &limits);
  g_assert_cmpint (limits.thinking, ==, CS_THINKING_FORM_ENABLED);
  g_assert_cmpint (cs_predict_limits_offered (&limits) & (CS_OVERRIDE_BUDGET_TOKENS
                                                          | CS_OVERRIDE_TEMPERATURE), ==, 0);
  {
    gboolean refused = FALSE;

    note = cs_predict_limits_describe (&limits, &refused);
    g_assert_true (refused);
  }
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "Opus 4.7"));
  g_assert_nonnull (strstr (note, "Connectors page"));
  /* …and a call that changes nothing is not held back: the cluster answers. */
  assert_accepted (&(CsPredictOverrides) { 0, }, &limits);
  cs_predict_limits_clear (&limits);

  /* An adaptive template with the effort written in: no effort per call,
   * and the note says why. */
  limits_for ("us.anthropic.claude-opus-4-7", TEMPLATE_ADAPTIVE_FIXED, "max_tokens=8000",
              &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==, CS_OVERRIDE_MAX_TOKENS);
  g_clear_pointer (&note, g_free);
  {
    gboolean refused = TRUE;

    note = cs_predict_limits_describe (&limits, &refused);
    g_assert_false (refused);
  }
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "${parameters.effort}"));
  assert_refused (&(CsPredictOverrides) { .effort = CS_EFFORT_LOW }, &limits,
                  CS_OVERRIDE_FIELD_EFFORT, "${parameters.effort}");
  cs_predict_limits_clear (&limits);
}

static void
test_always_thinking_model (void)
{
  CsPredictLimits limits;
  g_autofree char *note = NULL;

  /* Fable 5 thinks always: an effort, never a budget; temperature only 1 */
  limits_for ("us.anthropic.claude-fable-5", TEMPLATE_ADAPTIVE_TEMPERATURE,
              "max_tokens=8000 temperature=1 effort=medium", &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_EFFORT);
  assert_accepted (&(CsPredictOverrides) { .effort = CS_EFFORT_LOW }, &limits);
  assert_refused (&(CsPredictOverrides) { .set_temperature = TRUE, .temperature = 0.7 }, &limits,
                  CS_OVERRIDE_FIELD_TEMPERATURE, "Fable 5");
  cs_predict_limits_clear (&limits);

  /* A connector that turns its thinking off breaks the model's rule: the
   * thinking form is the connector's (not a per-call value), so the note
   * sends the user to the connector. */
  limits_for ("us.anthropic.claude-fable-5", TEMPLATE_DISABLED, "max_tokens=8000", &limits);
  g_assert_cmpint (limits.thinking, ==, CS_THINKING_FORM_DISABLED);
  g_assert_cmpint (cs_predict_limits_offered (&limits) & CS_OVERRIDE_BUDGET_TOKENS, ==, 0);
  note = cs_predict_limits_describe (&limits, NULL);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "disabled"));
  cs_predict_limits_clear (&limits);
}

static void
test_sampling_rules (void)
{
  CsPredictLimits limits;

  /* Sonnet 4.5 refuses temperature with top_p: only temperature is offered */
  limits_for ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", TEMPLATE_SAMPLING,
              "max_tokens=2000 temperature=0.5", &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE);
  assert_refused (&(CsPredictOverrides) { .set_top_p = TRUE, .top_p = 0.9 }, &limits,
                  CS_OVERRIDE_FIELD_TOP_P, "together");
  cs_predict_limits_clear (&limits);

  /* Sonnet 4 takes both */
  limits_for ("us.anthropic.claude-sonnet-4-20250514-v1:0", TEMPLATE_SAMPLING,
              "max_tokens=2000 temperature=0.5", &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_TOP_P);
  assert_accepted (&(CsPredictOverrides) { .set_top_p = TRUE, .top_p = 0.9 }, &limits);
  assert_refused (&(CsPredictOverrides) { .set_top_p = TRUE, .top_p = 1.5 }, &limits,
                  CS_OVERRIDE_FIELD_TOP_P, NULL);
  cs_predict_limits_clear (&limits);

  /* Opus 4.8 refuses every sampling parameter, even when the template has it */
  limits_for ("eu.anthropic.claude-opus-4-8", TEMPLATE_SAMPLING, "max_tokens=2000", &limits);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==, CS_OVERRIDE_MAX_TOKENS);
  assert_refused (&(CsPredictOverrides) { .set_temperature = TRUE, .temperature = 0.5 }, &limits,
                  CS_OVERRIDE_FIELD_TEMPERATURE, "does not accept temperature");
  assert_refused (&(CsPredictOverrides) { .set_top_p = TRUE, .top_p = 0.5 }, &limits,
                  CS_OVERRIDE_FIELD_TOP_P, "does not accept top_p");
  cs_predict_limits_clear (&limits);
}

static void
test_unknown_connector (void)
{
  CsPredictLimits limits;

  /* Nothing known: the values offered before the rules were known */
  g_assert_cmpint (cs_predict_limits_offered (NULL), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_BUDGET_TOKENS);
  assert_refused (&(CsPredictOverrides) { .budget_tokens = 10 }, NULL,
                  CS_OVERRIDE_FIELD_BUDGET_TOKENS, "1024");

  /* Not a Claude model: what the template substitutes */
  limits_for ("amazon.titan-text-express-v1", TEMPLATE_BUDGET, "max_tokens=8000", &limits);
  g_assert_null (limits.rules);
  g_assert_cmpint (cs_predict_limits_offered (&limits), ==,
                   CS_OVERRIDE_MAX_TOKENS | CS_OVERRIDE_TEMPERATURE | CS_OVERRIDE_BUDGET_TOKENS);
  g_assert_null (cs_predict_limits_describe (&limits, NULL));
  cs_predict_limits_clear (&limits);
}

static void
test_body_parameters (void)
{
  /* Each override becomes the parameter its template placeholder names. */
  g_autoptr(CsConversation) conversation = NULL;
  CsPredictOverrides overrides = { .effort = CS_EFFORT_XHIGH, .set_top_p = TRUE, .top_p = 0.5 };
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hi");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *parameters;

  conversation = cs_conversation_new ();
  cs_conversation_append (conversation, turn);
  body = cs_conversation_build_predict_body (conversation, &overrides, &error);
  g_assert_no_error (error);
  parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "effort"), ==, "xhigh");
  g_assert_cmpfloat (json_object_get_double_member (parameters, "top_p"), ==, 0.5);
  g_assert_false (json_object_has_member (parameters, "budget_tokens"));
  g_assert_false (json_object_has_member (parameters, "temperature"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/predict-overrides/budget-model", test_budget_model);
  g_test_add_func ("/predict-overrides/adaptive-model", test_adaptive_model);
  g_test_add_func ("/predict-overrides/adaptive-only-model", test_adaptive_only_model);
  g_test_add_func ("/predict-overrides/always-thinking-model", test_always_thinking_model);
  g_test_add_func ("/predict-overrides/sampling-rules", test_sampling_rules);
  g_test_add_func ("/predict-overrides/unknown-connector", test_unknown_connector);
  g_test_add_func ("/predict-overrides/body-parameters", test_body_parameters);

  return g_test_run ();
}
