/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-connector-spec.h"
#include "cs-model-rules.h"
#include "cs-test-utils.h"

/* Fake credentials: nothing here looks like a real AWS key. */
#define FAKE_ACCESS_KEY "TESTKEYID-not-real-0001"
#define FAKE_SECRET_KEY "fake-secret/for+tests-only=42"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
count (guint *counter)
{
  (*counter)++;
}

static CsConnectorSpec *
spec_for (const char          *model,
          CsConnectorThinking  thinking)
{
  CsConnectorSpec *spec = cs_connector_spec_new ();

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_model (spec, model);
  cs_connector_spec_set_thinking (spec, thinking);
  cs_connector_spec_set_access_key (spec, FAKE_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, FAKE_SECRET_KEY);
  return spec;
}

static GPtrArray *
problems_of (CsConnectorSpec *spec)
{
  GPtrArray *problems = NULL;

  cs_connector_spec_validate (spec, NULL, FALSE, &problems);
  return problems;
}

static void
assert_valid (CsConnectorSpec *spec)
{
  g_autoptr(GPtrArray) problems = problems_of (spec);

  if (problems->len > 0)
    g_error ("%s (%s): unexpected problem with %s: %s", cs_connector_spec_get_model (spec),
             g_enum_get_value (g_type_class_peek (CS_TYPE_CONNECTOR_THINKING),
                               cs_connector_spec_get_thinking (spec))->value_nick,
             ((CsSpecProblem *) g_ptr_array_index (problems, 0))->field,
             ((CsSpecProblem *) g_ptr_array_index (problems, 0))->message);
}

/* The one problem a spec has: on field, its message containing text. */
static void
assert_one_problem (CsConnectorSpec *spec,
                    const char      *field,
                    const char      *text)
{
  g_autoptr(GPtrArray) problems = problems_of (spec);
  CsSpecProblem *problem;

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", ((CsSpecProblem *) g_ptr_array_index (problems, i))->field,
                    ((CsSpecProblem *) g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->field, ==, field);
  if (text != NULL && strstr (problem->message, text) == NULL)
    g_error ("“%s” does not say “%s”", problem->message, text);
}

static gboolean
has_problem (CsConnectorSpec *spec,
             const char      *field,
             const char      *text)
{
  g_autoptr(GPtrArray) problems = problems_of (spec);

  for (guint i = 0; i < problems->len; i++)
    {
      CsSpecProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0 && strstr (problem->message, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static const char *
lowest_effort (const CsModelRules *rules)
{
  static const char *names[] = { "low", "medium", "high", "xhigh", "max" };
  CsEffort levels = cs_model_rules_get_effort_levels (rules);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (levels & (1 << i))
      return names[i];
  return NULL;
}

static JsonObject *
parameters_of (JsonNode *body)
{
  return json_object_get_object_member (json_node_get_object (body), "parameters");
}

static const char *
request_body_of (JsonNode *body)
{
  JsonArray *actions = json_object_get_array_member (json_node_get_object (body), "actions");
  JsonObject *action = json_array_get_object_element (actions, 0);

  return json_object_get_string_member (action, "request_body");
}

/* For every model of the table, every thinking form it allows gives a body
 * the model's rules accept, that imports back into the same body. */
static void
test_every_model_every_form (void)
{
  g_autoptr(GPtrArray) table = cs_model_rules_list ();
  guint bodies = 0;

  g_assert_cmpuint (table->len, >, 10);
  for (guint i = 0; i < table->len; i++)
    {
      CsModelRules *rules = g_ptr_array_index (table, i);
      gboolean temperature = cs_model_rules_allows_sampling (rules, CS_SAMPLING_TEMPERATURE,
                                                             NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *model = cs_model_rules_profile_id (rules, "us-east-1", FALSE, &error);

      g_assert_no_error (error);
      for (CsConnectorThinking form = CS_CONNECTOR_THINKING_OFF;
           form <= CS_CONNECTOR_THINKING_ADAPTIVE; form++)
        {
          g_autoptr(CsConnectorSpec) spec = NULL;
          g_autoptr(CsConnectorSpec) again = NULL;
          g_autoptr(JsonNode) body = NULL;
          g_autoptr(JsonNode) body2 = NULL;
          g_autofree char *template = NULL;
          g_autofree char *text = NULL;
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;
          JsonObject *parameters;
          gboolean allowed;

          switch (form)
            {
            case CS_CONNECTOR_THINKING_OFF:
              allowed = cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_NONE) &&
                        !cs_model_rules_is_always_thinking (rules);
              break;
            case CS_CONNECTOR_THINKING_BUDGET:
              allowed = cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_ENABLED);
              break;
            case CS_CONNECTOR_THINKING_ADAPTIVE:
            default:
              allowed = cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_ADAPTIVE);
              break;
            }
          if (!allowed)
            continue;

          spec = spec_for (model, form);
          if (form == CS_CONNECTOR_THINKING_ADAPTIVE)
            cs_connector_spec_set_effort (spec, lowest_effort (rules));
          assert_valid (spec);

          body = cs_connector_spec_build_body (spec, FALSE);
          parameters = parameters_of (body);
          template = cs_connector_spec_build_request_body (form, temperature);
          g_assert_cmpstr (request_body_of (body), ==, template);
          g_assert_cmpint (json_object_has_member (parameters, "temperature"), ==, temperature);
          g_assert_cmpint (json_object_has_member (parameters, "budget_tokens"), ==,
                           form == CS_CONNECTOR_THINKING_BUDGET);
          g_assert_cmpint (json_object_has_member (parameters, "effort"), ==,
                           form == CS_CONNECTOR_THINKING_ADAPTIVE);
          g_assert_cmpint (strstr (template, "temperature") != NULL, ==, temperature);
          g_assert_cmpint (strstr (template, "\"enabled\"") != NULL, ==,
                           form == CS_CONNECTOR_THINKING_BUDGET);
          g_assert_cmpint (strstr (template, "output_config") != NULL, ==,
                           form == CS_CONNECTOR_THINKING_ADAPTIVE);

          /* Imported again: the same form, the same body, nothing kept aside. */
          text = cs_connector_spec_to_json (spec, FALSE);
          again = cs_connector_spec_new_from_json (text, &error);
          g_assert_no_error (error);
          g_assert_cmpint (cs_connector_spec_get_thinking (again), ==, form);
          g_assert_false (cs_connector_spec_get_actions_kept (again));
          g_assert_null (cs_connector_spec_get_kept (again)[0]);
          body2 = cs_connector_spec_build_body (again, FALSE);
          a = cs_test_canonical_json (body);
          b = cs_test_canonical_json (body2);
          g_assert_cmpstr (a, ==, b);
          bodies++;
        }
    }
  /* Every model has at least one form. */
  g_assert_cmpuint (bodies, >=, table->len);
}

/* The blueprint's templates are what the builder makes for Sonnet 4. */
static void
test_templates (void)
{
  g_autofree char *standard = cs_connector_spec_build_request_body (CS_CONNECTOR_THINKING_OFF,
                                                                    TRUE);
  g_autofree char *thinking = cs_connector_spec_build_request_body (CS_CONNECTOR_THINKING_BUDGET,
                                                                    TRUE);
  g_autofree char *adaptive =
    cs_connector_spec_build_request_body (CS_CONNECTOR_THINKING_ADAPTIVE, FALSE);
  g_autoptr(JsonNode) filled = NULL;
  g_autoptr(GString) text = NULL;

  g_assert_cmpstr (standard, ==,
                   cs_connector_spec_template_request_body (CS_CONNECTOR_MODE_STANDARD));
  g_assert_cmpstr (thinking, ==,
                   cs_connector_spec_template_request_body (CS_CONNECTOR_MODE_THINKING));

  /* Filled in as ML Commons fills it, the adaptive template is the body
   * Bedrock expects. */
  text = g_string_new (adaptive);
  g_string_replace (text, "${parameters.system_prompt}", "Be brief.", 0);
  g_string_replace (text, "${parameters.anthropic_version}", "bedrock-2023-05-31", 0);
  g_string_replace (text, "${parameters.max_tokens}", "8000", 0);
  g_string_replace (text, "${parameters.messages}", "[]", 0);
  g_string_replace (text, "${parameters.effort}", "low", 0);
  filled = parse_json (text->str);
  {
    JsonObject *object = json_node_get_object (filled);

    g_assert_false (json_object_has_member (object, "temperature"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "thinking"),
                                                    "type"), ==, "adaptive");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "output_config"),
                                                    "effort"), ==, "low");
  }
}

/* The mode is the older view of the thinking form. */
static void
test_mode_maps_thinking (void)
{
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  guint mode_notes = 0;

  g_signal_connect_swapped (spec, "notify::mode", G_CALLBACK (count), &mode_notes);
  g_assert_cmpint (cs_connector_spec_get_thinking (spec), ==, CS_CONNECTOR_THINKING_OFF);
  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_THINKING);
  g_assert_cmpint (cs_connector_spec_get_thinking (spec), ==, CS_CONNECTOR_THINKING_BUDGET);
  g_assert_cmpuint (mode_notes, ==, 1);
  cs_connector_spec_set_thinking (spec, CS_CONNECTOR_THINKING_ADAPTIVE);
  g_assert_cmpint (cs_connector_spec_get_mode (spec), ==, CS_CONNECTOR_MODE_THINKING);
  g_assert_cmpuint (mode_notes, ==, 1);
  /* Thinking stays adaptive when the mode is set to thinking again. */
  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_THINKING);
  g_assert_cmpint (cs_connector_spec_get_thinking (spec), ==, CS_CONNECTOR_THINKING_ADAPTIVE);
  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_STANDARD);
  g_assert_cmpint (cs_connector_spec_get_thinking (spec), ==, CS_CONNECTOR_THINKING_OFF);
  g_assert_cmpuint (mode_notes, ==, 2);
}

/* Each rule broken gives its problem, on the field the form shows it at. */
static void
test_rules_broken (void)
{
  g_autoptr(CsConnectorSpec) spec = NULL;

  /* Sonnet 4 has no adaptive thinking. */
  spec = spec_for ("us.anthropic.claude-sonnet-4-20250514-v1:0", CS_CONNECTOR_THINKING_ADAPTIVE);
  g_assert_true (has_problem (spec, "thinking", "adaptive"));
  g_assert_true (has_problem (spec, "effort", "effort"));
  g_clear_object (&spec);

  /* Opus 4.7 thinks only adaptively, and takes no temperature at all. */
  spec = spec_for ("us.anthropic.claude-opus-4-7", CS_CONNECTOR_THINKING_BUDGET);
  assert_one_problem (spec, "thinking", "budget");
  cs_connector_spec_set_thinking (spec, CS_CONNECTOR_THINKING_ADAPTIVE);
  cs_connector_spec_set_temperature (spec, 0.3); /* not sent: no problem */
  assert_valid (spec);
  g_clear_object (&spec);

  /* Effort levels are the model's own: Opus 4.6 has "max" but no "xhigh". */
  spec = spec_for ("us.anthropic.claude-opus-4-6-v1", CS_CONNECTOR_THINKING_ADAPTIVE);
  cs_connector_spec_set_effort (spec, "xhigh");
  assert_one_problem (spec, "effort", "xhigh");
  cs_connector_spec_set_effort (spec, "max");
  assert_valid (spec);

  /* Adaptive thinking with a temperature other than 1. */
  cs_connector_spec_set_temperature (spec, 0.5);
  assert_one_problem (spec, "temperature", "temperature 1");
  cs_connector_spec_set_temperature (spec, 1.0);

  /* More than the model writes. */
  cs_connector_spec_set_max_tokens (spec, 10000000);
  assert_one_problem (spec, "max-tokens", "at most");
  cs_connector_spec_set_max_tokens (spec, 8000);
  g_clear_object (&spec);

  /* Budget too small and not below max_tokens, from the shared minimum. */
  spec = spec_for ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", CS_CONNECTOR_THINKING_BUDGET);
  cs_connector_spec_set_budget_tokens (spec, CS_MODEL_RULES_MIN_BUDGET_TOKENS - 1);
  assert_one_problem (spec, "budget-tokens", "1024");
  cs_connector_spec_set_budget_tokens (spec, 8000);
  assert_one_problem (spec, "budget-tokens", "smaller");
  /* It names the form's field as the form does (issue 16, item 10). */
  assert_one_problem (spec, "budget-tokens", "raise Maximum Tokens");
  g_clear_object (&spec);
}

/* An imported connector's top_p meets the model's temperature rules. */
static void
test_top_p_exclusive (void)
{
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const char *text =
    "{\"name\": \"imported\", \"protocol\": \"aws_sigv4\","
    " \"credential\": {\"access_key\": \"" FAKE_ACCESS_KEY "\","
    " \"secret_key\": \"" FAKE_SECRET_KEY "\"},"
    " \"parameters\": {\"region\": \"us-east-1\","
    " \"model\": \"us.anthropic.claude-sonnet-4-5-20250929-v1:0\","
    " \"temperature\": 0.5, \"top_p\": 0.9, \"max_tokens\": 4000}}";
  gboolean found = FALSE;

  spec = cs_connector_spec_new_from_json (text, &error);
  g_assert_no_error (error);
  problems = problems_of (spec);
  for (guint i = 0; i < problems->len; i++)
    {
      CsSpecProblem *problem = g_ptr_array_index (problems, i);

      if (strstr (problem->message, "top_p") != NULL &&
          strstr (problem->message, "temperature") != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

/* A model newer than the table: a profile of the region, the rules assumed
 * from its family, and only what those rules allow in the body. */
static void
test_profiles_and_unknown (void)
{
  g_autoptr(CsConnectorSpec) spec = spec_for ("anthropic.claude-opus-4-7",
                                              CS_CONNECTOR_THINKING_ADAPTIVE);

  /* A bare id needs the region's profile. */
  assert_one_problem (spec, "model", "us.anthropic.claude-opus-4-7");
  cs_connector_spec_set_model (spec, "eu.anthropic.claude-opus-4-7");
  assert_one_problem (spec, "model", "us.anthropic.claude-opus-4-7");
  cs_connector_spec_set_model (spec, "global.anthropic.claude-opus-4-7");
  assert_valid (spec);

  /* Opus 4.1 has no profile in Europe. */
  cs_connector_spec_set_region (spec, "eu-west-1");
  cs_connector_spec_set_thinking (spec, CS_CONNECTOR_THINKING_BUDGET);
  cs_connector_spec_set_model (spec, "us.anthropic.claude-opus-4-1-20250805-v1:0");
  assert_one_problem (spec, "model", "eu-west-1");

  /* An Opus newer than the table inherits the strictest rules. */
  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_model (spec, "us.anthropic.claude-opus-9-9");
  assert_one_problem (spec, "thinking", NULL);
  cs_connector_spec_set_thinking (spec, CS_CONNECTOR_THINKING_ADAPTIVE);
  assert_valid (spec);
  g_assert_false (cs_connector_spec_sends_temperature (spec));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connector-spec-rules/every-model-every-form", test_every_model_every_form);
  g_test_add_func ("/connector-spec-rules/templates", test_templates);
  g_test_add_func ("/connector-spec-rules/mode-maps-thinking", test_mode_maps_thinking);
  g_test_add_func ("/connector-spec-rules/rules-broken", test_rules_broken);
  g_test_add_func ("/connector-spec-rules/top-p-exclusive", test_top_p_exclusive);
  g_test_add_func ("/connector-spec-rules/profiles-and-unknown", test_profiles_and_unknown);

  return g_test_run ();
}
