/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-bedrock-catalog.h"
#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-test-utils.h"

/* The blueprint's placeholder strings are the "form inputs" that make the
 * built body equal to the blueprint's file. */
#define PH_REGION     "<PLEASE ADD YOUR AWS REGION HERE>"
#define PH_ACCESS_KEY "<PLEASE ADD YOUR AWS ACCESS KEY HERE>"
#define PH_SECRET_KEY "<PLEASE ADD YOUR AWS SECRET KEY HERE>"
#define PH_TOKEN      "<PLEASE ADD YOUR AWS SECURITY TOKEN HERE>"
#define PH_ROLE_ARN   "<PLEASE ADD YOUR AWS ROLE ARN HERE>"

/* The thinking request_body as it reads inside a JSON string. */
#define TEMPLATE_THINKING_ESCAPED "{ \\\"system\\\": \\\"${parameters.system_prompt}\\\", \\\"anthropic_version\\\": \\\"${parameters.anthropic_version}\\\", \\\"max_tokens\\\": ${parameters.max_tokens}, \\\"temperature\\\": ${parameters.temperature}, \\\"messages\\\": ${parameters.messages}, \\\"thinking\\\": {\\\"type\\\": \\\"enabled\\\", \\\"budget_tokens\\\": ${parameters.budget_tokens} } }"

/* Fake credentials: nothing here looks like a real AWS key. */
#define FAKE_ACCESS_KEY "TESTKEYID-not-real-0001"
#define FAKE_SECRET_KEY "fake-secret/for+tests-only=42"
#define FAKE_TOKEN      "fake-session-token-for-tests"

static void
assert_same_json (JsonNode   *built,
                  const char *data_file)
{
  g_autoptr(JsonNode) expected = cs_test_data_json (data_file);
  g_autofree char *a = cs_test_canonical_json (built);
  g_autofree char *b = cs_test_canonical_json (expected);

  g_assert_cmpstr (a, ==, b);
}

static CsConnectorSpec *
blueprint_spec (CsConnectorMode  mode,
                CsCredentialKind kind)
{
  CsConnectorSpec *spec = cs_connector_spec_new ();

  /* What a user types to get the blueprint; name, description, model,
   * max_tokens, temperature and use_system_prompt are the form's defaults. */
  cs_connector_spec_set_region (spec, PH_REGION);
  cs_connector_spec_set_mode (spec, mode);
  cs_connector_spec_set_budget_tokens (spec, 1024);
  cs_connector_spec_set_credential_kind (spec, kind);
  if (kind == CS_CREDENTIAL_KIND_KEYS)
    {
      cs_connector_spec_set_access_key (spec, PH_ACCESS_KEY);
      cs_connector_spec_set_secret_key (spec, PH_SECRET_KEY);
      cs_connector_spec_set_session_token (spec, PH_TOKEN);
    }
  else
    cs_connector_spec_set_role_arn (spec, PH_ROLE_ARN);
  return spec;
}

static void
test_blueprint_bodies (void)
{
  const struct {
    CsConnectorMode mode;
    CsCredentialKind kind;
    const char *file;
  } cases[] = {
    { CS_CONNECTOR_MODE_STANDARD, CS_CREDENTIAL_KIND_KEYS, "blueprints/bedrock_claude4_standard.json" },
    { CS_CONNECTOR_MODE_STANDARD, CS_CREDENTIAL_KIND_ROLE_ARN, "blueprints/bedrock_claude4_standard_rolearn.json" },
    { CS_CONNECTOR_MODE_THINKING, CS_CREDENTIAL_KIND_KEYS, "blueprints/bedrock_claude4_extended_thinking.json" },
    { CS_CONNECTOR_MODE_THINKING, CS_CREDENTIAL_KIND_ROLE_ARN, "blueprints/bedrock_claude4_extended_thinking_rolearn.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsConnectorSpec) spec = blueprint_spec (cases[i].mode, cases[i].kind);
      g_autoptr(JsonNode) body = cs_connector_spec_build_body (spec, FALSE);
      JsonObject *parameters;

      assert_same_json (body, cases[i].file);

      /* The types, not just the text: numbers and a boolean. */
      parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (parameters, "max_tokens")),
                       ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (parameters, "temperature")),
                       ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (parameters,
                                                                         "use_system_prompt")),
                       ==, G_TYPE_BOOLEAN);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (json_node_get_object (body),
                                                                         "version")),
                       ==, G_TYPE_INT64);
    }
}

static void
test_real_region_body (void)
{
  g_autoptr(CsConnectorSpec) spec = blueprint_spec (CS_CONNECTOR_MODE_STANDARD,
                                                    CS_CREDENTIAL_KIND_KEYS);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *parameters, *credential;

  cs_connector_spec_set_region (spec, "eu-west-3");
  cs_connector_spec_set_session_token (spec, "");
  cs_connector_spec_set_temperature (spec, 0.5);
  body = cs_connector_spec_build_body (spec, FALSE);
  parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
  credential = json_object_get_object_member (json_node_get_object (body), "credential");

  g_assert_cmpstr (json_object_get_string_member (parameters, "region"), ==, "eu-west-3");
  g_assert_cmpfloat (json_object_get_double_member (parameters, "temperature"), ==, 0.5);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (parameters, "temperature")),
                   ==, G_TYPE_DOUBLE);
  /* No session token given: none sent. */
  g_assert_false (json_object_has_member (credential, "session_token"));
  g_assert_false (json_object_has_member (parameters, "budget_tokens"));
}

static void
test_read_timeout (void)
{
  g_autoptr(CsConnectorSpec) spec = blueprint_spec (CS_CONNECTOR_MODE_THINKING,
                                                    CS_CREDENTIAL_KIND_KEYS);
  g_autoptr(JsonNode) before = cs_connector_spec_build_body (spec, FALSE);
  g_autoptr(JsonNode) after = NULL;
  CsVersion v36 = { 3, 6, 0 }, v219 = { 2, 19, 1 };
  JsonObject *client_config;

  g_assert_false (json_object_has_member (json_node_get_object (before), "client_config"));
  g_assert_cmpint (cs_connector_spec_suggest_read_timeout (spec, &v36), ==, 120);
  g_assert_cmpint (cs_connector_spec_suggest_read_timeout (spec, NULL), ==, 120);
  /* 2.14–3.5 do not time out at 30 s: nothing to suggest. */
  g_assert_cmpint (cs_connector_spec_suggest_read_timeout (spec, &v219), ==, 0);

  cs_connector_spec_set_read_timeout (spec, 120);
  g_assert_cmpint (cs_connector_spec_suggest_read_timeout (spec, &v36), ==, 0);
  after = cs_connector_spec_build_body (spec, FALSE);
  client_config = json_object_get_object_member (json_node_get_object (after), "client_config");
  g_assert_nonnull (client_config);
  g_assert_cmpint (json_object_get_int_member (client_config, "read_timeout"), ==, 120);

  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_STANDARD);
  cs_connector_spec_set_read_timeout (spec, 0);
  g_assert_cmpint (cs_connector_spec_suggest_read_timeout (spec, &v36), ==, 0);
}

/* ---- validation ---- */

static CsConnectorSpec *
valid_spec (void)
{
  CsConnectorSpec *spec = cs_connector_spec_new ();

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_access_key (spec, FAKE_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, FAKE_SECRET_KEY);
  return spec;
}

static gboolean
has_problem (CsConnectorSpec *spec,
             const CsVersion *version,
             gboolean         aws_managed,
             const char      *field,
             const char      *text)
{
  g_autoptr(GPtrArray) problems = NULL;
  gboolean ok = cs_connector_spec_validate (spec, version, aws_managed, &problems);

  g_assert_cmpint (ok, ==, problems->len == 0);
  for (guint i = 0; i < problems->len; i++)
    {
      CsSpecProblem *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->message);
      if (g_strcmp0 (problem->field, field) == 0 &&
          (text == NULL || strstr (problem->message, text) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
assert_valid (CsConnectorSpec *spec,
              gboolean         aws_managed)
{
  g_autoptr(GPtrArray) problems = NULL;

  if (!cs_connector_spec_validate (spec, NULL, aws_managed, &problems))
    g_error ("unexpected problem with %s: %s",
             ((CsSpecProblem *) g_ptr_array_index (problems, 0))->field,
             ((CsSpecProblem *) g_ptr_array_index (problems, 0))->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_validate_valid (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();

  assert_valid (spec, FALSE);
  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_THINKING);
  assert_valid (spec, FALSE);
  cs_connector_spec_set_credential_kind (spec, CS_CREDENTIAL_KIND_ROLE_ARN);
  cs_connector_spec_set_role_arn (spec, "arn:aws:iam::123456789012:role/bedrock/invoke-role");
  assert_valid (spec, TRUE);
}

static void
test_validate_thinking (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();

  /* Standard mode allows any temperature from 0 to 1. */
  cs_connector_spec_set_temperature (spec, 0.5);
  assert_valid (spec, FALSE);

  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_THINKING);
  g_assert_true (has_problem (spec, NULL, FALSE, "temperature", "temperature 1"));
  cs_connector_spec_set_temperature (spec, 1.0);
  assert_valid (spec, FALSE);

  cs_connector_spec_set_budget_tokens (spec, 1023);
  g_assert_true (has_problem (spec, NULL, FALSE, "budget-tokens", "1024"));
  cs_connector_spec_set_budget_tokens (spec, 1024);
  assert_valid (spec, FALSE);

  cs_connector_spec_set_max_tokens (spec, 1024);
  g_assert_true (has_problem (spec, NULL, FALSE, "budget-tokens", "smaller"));
  cs_connector_spec_set_max_tokens (spec, 1025);
  assert_valid (spec, FALSE);

  /* Budget rules do not apply without thinking. */
  cs_connector_spec_set_mode (spec, CS_CONNECTOR_MODE_STANDARD);
  cs_connector_spec_set_budget_tokens (spec, 5);
  assert_valid (spec, FALSE);
}

static void
test_validate_numbers (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();

  cs_connector_spec_set_max_tokens (spec, 0);
  g_assert_true (has_problem (spec, NULL, FALSE, "max-tokens", NULL));
  cs_connector_spec_set_max_tokens (spec, 8000);
  cs_connector_spec_set_temperature (spec, 1.5);
  g_assert_true (has_problem (spec, NULL, FALSE, "temperature", "0 to 1"));
}

static void
test_validate_required (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();

  cs_connector_spec_set_name (spec, "   ");
  g_assert_true (has_problem (spec, NULL, FALSE, "name", NULL));
  cs_connector_spec_set_name (spec, "Claude");
  cs_connector_spec_set_access_key (spec, "");
  g_assert_true (has_problem (spec, NULL, FALSE, "access-key", NULL));
  cs_connector_spec_set_access_key (spec, FAKE_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, "");
  g_assert_true (has_problem (spec, NULL, FALSE, "secret-key", NULL));
  cs_connector_spec_set_secret_key (spec, "has a space");
  g_assert_true (has_problem (spec, NULL, FALSE, "secret-key", "spaces"));
  cs_connector_spec_set_secret_key (spec, PH_SECRET_KEY);
  g_assert_true (has_problem (spec, NULL, FALSE, "secret-key", "placeholder"));
  cs_connector_spec_set_secret_key (spec, FAKE_SECRET_KEY);
  cs_connector_spec_set_model (spec, "");
  g_assert_true (has_problem (spec, NULL, FALSE, "model", NULL));
  cs_connector_spec_set_model (spec, CS_CONNECTOR_DEFAULT_MODEL);
  assert_valid (spec, FALSE);

  /* Temporary (ASIA…) keys need their session token. */
  cs_connector_spec_set_access_key (spec, "ASIA-test-temporary");
  g_assert_true (has_problem (spec, NULL, FALSE, "session-token", "ASIA"));
  cs_connector_spec_set_session_token (spec, FAKE_TOKEN);
  assert_valid (spec, FALSE);
}

static void
test_validate_region (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();
  const char *good[] = { "us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1" };
  const char *bad[] = { "us-east", "US-EAST-1", "useast1", "us_east_1", "us-east-1 " };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      cs_connector_spec_set_region (spec, good[i]);
      g_assert_false (has_problem (spec, NULL, FALSE, "region", NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      cs_connector_spec_set_region (spec, bad[i]);
      g_assert_true (has_problem (spec, NULL, FALSE, "region", "region code"));
    }
  cs_connector_spec_set_region (spec, "");
  g_assert_true (has_problem (spec, NULL, FALSE, "region", NULL));
  cs_connector_spec_set_region (spec, PH_REGION);
  g_assert_true (has_problem (spec, NULL, FALSE, "region", "placeholder"));
}

static void
test_validate_model (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();

  /* A bare model id cannot be invoked on demand. */
  cs_connector_spec_set_model (spec, "anthropic.claude-sonnet-4-20250514-v1:0");
  g_assert_true (has_problem (spec, NULL, FALSE, "model",
                              "us.anthropic.claude-sonnet-4-20250514-v1:0"));
  /* A profile of another geography. */
  cs_connector_spec_set_model (spec, "eu.anthropic.claude-sonnet-4-20250514-v1:0");
  g_assert_true (has_problem (spec, NULL, FALSE, "model", "us-east-1"));
  /* No global profile for Opus 4. */
  cs_connector_spec_set_model (spec, "global.anthropic.claude-opus-4-20250514-v1:0");
  g_assert_true (has_problem (spec, NULL, FALSE, "model", "global"));
  cs_connector_spec_set_model (spec, "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
  assert_valid (spec, FALSE);
  /* Free text the catalog does not know is the user's call. */
  cs_connector_spec_set_model (spec, "us.anthropic.claude-opus-4-6-v1");
  assert_valid (spec, FALSE);
  cs_connector_spec_set_model (spec, "two words");
  g_assert_true (has_problem (spec, NULL, FALSE, "model", NULL));
}

static void
test_validate_role_arn (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();
  const char *good[] = {
    "arn:aws:iam::123456789012:role/name",
    "arn:aws:iam::123456789012:role/service-role/path/Name+x=y,z.w@v-1_2",
    "arn:aws-cn:iam::123456789012:role/name",
    "arn:aws-us-gov:iam::123456789012:role/name",
  };
  const char *bad[] = {
    "arn:aws:iam::12345678901:role/name",          /* 11 digits */
    "arn:aws:iam::123456789012:user/name",         /* a user */
    "arn:aws:iam::123456789012:role/",             /* no name */
    "arn:aws:sts::123456789012:role/name",         /* not IAM */
    "arn:aws:iam:us-east-1:123456789012:role/name",/* IAM has no region */
    "arn:azure:iam::123456789012:role/name",
    "arn:aws:iam::123456789012:role/has space",
  };

  cs_connector_spec_set_credential_kind (spec, CS_CREDENTIAL_KIND_ROLE_ARN);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      cs_connector_spec_set_role_arn (spec, good[i]);
      g_assert_false (has_problem (spec, NULL, TRUE, "role-arn", NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      cs_connector_spec_set_role_arn (spec, bad[i]);
      g_assert_true (has_problem (spec, NULL, TRUE, "role-arn", NULL));
    }

  /* On an open-source cluster the role cannot work, and the form says why. */
  cs_connector_spec_set_role_arn (spec, good[0]);
  g_assert_false (has_problem (spec, NULL, TRUE, "credential-kind", NULL));
  g_assert_true (has_problem (spec, NULL, FALSE, "credential-kind", "Missing credential"));
  /* Keys are not asked for with a role. */
  cs_connector_spec_set_access_key (spec, "");
  g_assert_false (has_problem (spec, NULL, TRUE, "access-key", NULL));
}

static void
test_validate_read_timeout_version (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();
  CsVersion v212 = { 2, 12, 0 }, v213 = { 2, 13, 0 }, v219 = { 2, 19, 0 };

  cs_connector_spec_set_read_timeout (spec, 120);
  g_assert_true (has_problem (spec, &v212, FALSE, "read-timeout", "2.13"));
  g_assert_true (has_problem (spec, &v213, FALSE, "read-timeout", "milliseconds"));
  g_assert_false (has_problem (spec, &v219, FALSE, "read-timeout", NULL));
  cs_connector_spec_set_read_timeout (spec, 120000);
  g_assert_false (has_problem (spec, &v213, FALSE, "read-timeout", NULL));
}

/* ---- masking ---- */

static void
test_masking (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonNode) clear = NULL;
  g_autofree char *masked_text = NULL;
  g_autofree char *clear_text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *curl = NULL;
  JsonObject *credential;

  cs_connector_spec_set_session_token (spec, FAKE_TOKEN);
  masked = cs_connector_spec_build_body (spec, TRUE);
  clear = cs_connector_spec_build_body (spec, FALSE);
  masked_text = json_to_string (masked, FALSE);
  clear_text = json_to_string (clear, FALSE);
  json = cs_connector_spec_to_json (spec, TRUE);
  curl = cs_connector_spec_to_curl (spec, "http://127.0.0.1:9200/");

  g_assert_nonnull (strstr (clear_text, FAKE_ACCESS_KEY));
  g_assert_nonnull (strstr (clear_text, FAKE_SECRET_KEY));
  g_assert_nonnull (strstr (clear_text, FAKE_TOKEN));
  for (guint i = 0; i < 3; i++)
    {
      const char *text = i == 0 ? masked_text : i == 1 ? json : curl;

      g_assert_null (strstr (text, FAKE_ACCESS_KEY));
      g_assert_null (strstr (text, FAKE_SECRET_KEY));
      g_assert_null (strstr (text, FAKE_TOKEN));
      /* Not even the start of a secret. */
      g_assert_null (strstr (text, "fake-secret"));
      g_assert_null (strstr (text, "fake-session"));
    }

  credential = json_object_get_object_member (json_node_get_object (masked), "credential");
  g_assert_cmpstr (json_object_get_string_member (credential, "secret_key"), ==,
                   CS_CONNECTOR_SECRET_MASK);
  g_assert_cmpstr (json_object_get_string_member (credential, "session_token"), ==,
                   CS_CONNECTOR_SECRET_MASK);

  g_assert_true (g_str_has_prefix (curl, "curl -X POST "
                                         "'http://127.0.0.1:9200/_plugins/_ml/connectors/_create'"));
  g_assert_nonnull (strstr (curl, "Content-Type: application/json"));
}

static void
test_curl_parses_back (void)
{
  g_autoptr(CsConnectorSpec) spec = valid_spec ();
  g_autofree char *curl = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  int argc = 0;

  /* A quote in a field must survive the shell quoting. */
  cs_connector_spec_set_description (spec, "Claude's connector");
  curl = cs_connector_spec_to_curl (spec, "http://localhost:9200");
  g_assert_true (g_shell_parse_argv (curl, &argc, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpint (argc, ==, 8);
  g_assert_cmpstr (argv[6], ==, "-d");
  sent = json_from_string (argv[7], &error);
  g_assert_no_error (error);
  masked = cs_connector_spec_build_body (spec, TRUE);
  a = cs_test_canonical_json (sent);
  b = cs_test_canonical_json (masked);
  g_assert_cmpstr (a, ==, b);
}

/* ---- import ---- */

static void
test_import_round_trip (void)
{
  const char *files[] = {
    "blueprints/bedrock_claude4_standard.json",
    "blueprints/bedrock_claude4_standard_rolearn.json",
    "blueprints/bedrock_claude4_extended_thinking.json",
    "blueprints/bedrock_claude4_extended_thinking_rolearn.json",
    "blueprints/bedrock_claude_v2_text_completion.json",
    "blueprints/bedrock_converse_claude.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = cs_test_data_contents (files[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (text, &error);
      g_autoptr(JsonNode) body = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (spec);
      body = cs_connector_spec_build_body (spec, FALSE);
      assert_same_json (body, files[i]);
    }
}

static void
test_import_fills_form (void)
{
  g_autofree char *text = cs_test_data_contents ("blueprints/bedrock_claude4_extended_thinking_rolearn.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cs_connector_spec_get_name (spec), ==, "Amazon Bedrock claude v4");
  g_assert_cmpstr (cs_connector_spec_get_region (spec), ==, PH_REGION);
  g_assert_cmpstr (cs_connector_spec_get_model (spec), ==, CS_CONNECTOR_DEFAULT_MODEL);
  g_assert_cmpint (cs_connector_spec_get_mode (spec), ==, CS_CONNECTOR_MODE_THINKING);
  g_assert_cmpint (cs_connector_spec_get_budget_tokens (spec), ==, 1024);
  g_assert_cmpint (cs_connector_spec_get_max_tokens (spec), ==, 8000);
  g_assert_cmpfloat (cs_connector_spec_get_temperature (spec), ==, 1.0);
  g_assert_true (cs_connector_spec_get_use_system_prompt (spec));
  g_assert_cmpint (cs_connector_spec_get_credential_kind (spec), ==, CS_CREDENTIAL_KIND_ROLE_ARN);
  g_assert_cmpstr (cs_connector_spec_get_role_arn (spec), ==, PH_ROLE_ARN);
  g_assert_false (cs_connector_spec_get_actions_kept (spec));
  /* The Claude 4 blueprint is entirely modelled by the form. */
  g_assert_cmpstr (cs_connector_spec_get_kept (spec)[0], ==, NULL);
  /* The placeholders are flagged, so nothing is sent with them. */
  g_assert_true (has_problem (spec, NULL, TRUE, "region", "placeholder"));
  g_assert_true (has_problem (spec, NULL, TRUE, "role-arn", "placeholder"));
}

static void
test_import_keeps_unmodelled (void)
{
  g_autofree char *converse = cs_test_data_contents ("blueprints/bedrock_converse_claude.json", NULL);
  g_autofree char *v2 = cs_test_data_contents ("blueprints/bedrock_claude_v2_text_completion.json",
                                               NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(CsConnectorSpec) spec2 = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char * const *kept;
  JsonObject *parameters;

  spec = cs_connector_spec_new_from_json (converse, &error);
  g_assert_no_error (error);
  kept = cs_connector_spec_get_kept (spec);
  g_assert_true (g_strv_contains (kept, "parameters.response_filter"));
  g_assert_true (g_strv_contains (kept, "actions"));
  g_assert_true (cs_connector_spec_get_actions_kept (spec));
  g_assert_cmpstr (cs_connector_spec_get_model (spec), ==, "anthropic.claude-sonnet-4-5-20251101-v1:0");

  /* Editing a modelled field changes only that field. */
  cs_connector_spec_set_region (spec, "us-west-2");
  body = cs_connector_spec_build_body (spec, FALSE);
  parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "region"), ==, "us-west-2");
  g_assert_cmpstr (json_object_get_string_member (parameters, "response_filter"), ==,
                   "$.output.message.content[0].text");
  g_assert_false (json_object_has_member (parameters, "max_tokens"));
  g_assert_true (json_object_get_boolean_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (body),
                                                                 "actions"), 0),
    "supports_structured_output"));

  /* The template can replace the imported actions. */
  cs_connector_spec_use_template_actions (spec);
  g_assert_false (cs_connector_spec_get_actions_kept (spec));
  g_assert_false (g_strv_contains (cs_connector_spec_get_kept (spec), "actions"));

  spec2 = cs_connector_spec_new_from_json (v2, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains (cs_connector_spec_get_kept (spec2), "actions"));
  g_assert_cmpint (cs_connector_spec_get_mode (spec2), ==, CS_CONNECTOR_MODE_STANDARD);
}

static void
test_import_other_members (void)
{
  const char *text =
    "{\"name\": \"x\", \"version\": \"1\", \"protocol\": \"aws_sigv4\",\n"
    " \"credential\": {\"access_key\": \"a\", \"secret_key\": \"b\", \"region\": \"us-east-1\"},\n"
    " \"parameters\": {\"region\": \"us-east-1\", \"model\": \"m\", \"max_tokens\": \"4000\",\n"
    "                \"temperature\": \"${parameters.t}\", \"budget_tokens\": 2000},\n"
    " \"client_config\": {\"read_timeout\": 90, \"max_retry_times\": 3},\n"
    " \"actions\": [{\"action_type\": \"PREDICT\", \"method\": \"POST\",\n"
    "   \"headers\": {\"content-type\": \"application/json\"},\n"
    "   \"url\": \"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/${parameters.model}/invoke\",\n"
    "   \"request_body\": \"{}\", \"post_process_function\": \"return params;\"}],\n"
    " \"backend_roles\": [\"ml\"], \"access_mode\": \"restricted\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (text, &error);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) source = NULL;
  const char * const *kept;
  JsonObject *parameters;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  kept = cs_connector_spec_get_kept (spec);
  g_assert_true (g_strv_contains (kept, "credential.region"));
  g_assert_true (g_strv_contains (kept, "parameters.temperature"));
  g_assert_true (g_strv_contains (kept, "client_config.max_retry_times"));
  g_assert_true (g_strv_contains (kept, "actions"));
  g_assert_true (g_strv_contains (kept, "backend_roles"));
  g_assert_true (g_strv_contains (kept, "access_mode"));
  g_assert_false (g_strv_contains (kept, "parameters.max_tokens"));
  g_assert_cmpint (cs_connector_spec_get_max_tokens (spec), ==, 4000);
  g_assert_cmpint (cs_connector_spec_get_read_timeout (spec), ==, 90);
  g_assert_cmpint (cs_connector_spec_get_mode (spec), ==, CS_CONNECTOR_MODE_THINKING);
  g_assert_cmpint (cs_connector_spec_get_budget_tokens (spec), ==, 2000);

  body = cs_connector_spec_build_body (spec, FALSE);
  parameters = json_object_get_object_member (json_node_get_object (body), "parameters");
  /* A number that came as a string (GET style) goes out as a number. */
  g_assert_cmpint (json_object_get_int_member (parameters, "max_tokens"), ==, 4000);
  g_assert_cmpstr (json_object_get_string_member (parameters, "temperature"), ==,
                   "${parameters.t}");

  /* Everything else is as imported. */
  source = json_from_string (text, NULL);
  json_object_remove_member (json_object_get_object_member (json_node_get_object (source),
                                                            "parameters"), "max_tokens");
  json_object_remove_member (parameters, "max_tokens");
  a = cs_test_canonical_json (source);
  b = cs_test_canonical_json (body);
  g_assert_cmpstr (a, ==, b);
}

static void
test_import_stored_connector (void)
{
  /* What GET _plugins/_ml/connectors/<id> answers for the thinking blueprint:
   * strings everywhere, PREDICT upper-case, no credential, server fields. */
  const char *text =
    "{\"name\": \"Amazon Bedrock claude v4\", \"version\": \"1\", \"protocol\": \"aws_sigv4\","
    " \"description\": \"d\", \"created_time\": 1700000000000, \"last_updated_time\": 1700000000000,"
    " \"owner\": {\"name\": \"admin\"},"
    " \"parameters\": {\"region\": \"us-east-1\", \"service_name\": \"bedrock\","
    "   \"max_tokens\": \"8000\", \"temperature\": \"1\", \"anthropic_version\": \"bedrock-2023-05-31\","
    "   \"model\": \"us.anthropic.claude-sonnet-4-20250514-v1:0\", \"budget_tokens\": \"1024\","
    "   \"use_system_prompt\": \"true\"},"
    " \"actions\": [{\"action_type\": \"PREDICT\", \"method\": \"POST\","
    "   \"headers\": {\"content-type\": \"application/json\"},"
    "   \"url\": \"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/${parameters.model}/invoke\","
    "   \"request_body\": \"" TEMPLATE_THINKING_ESCAPED "\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (text, &error);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpint (cs_connector_spec_get_mode (spec), ==, CS_CONNECTOR_MODE_THINKING);
  g_assert_false (cs_connector_spec_get_actions_kept (spec));
  g_assert_cmpstr (cs_connector_spec_get_kept (spec)[0], ==, NULL);
  g_assert_true (cs_connector_spec_get_use_system_prompt (spec));
  body = cs_connector_spec_build_body (spec, FALSE);
  object = json_node_get_object (body);
  g_assert_false (json_object_has_member (object, "created_time"));
  g_assert_false (json_object_has_member (object, "owner"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "parameters"),
                                               "budget_tokens"), ==, 1024);
  /* The keys must be typed again: the cluster never returns them. */
  g_assert_true (has_problem (spec, NULL, FALSE, "access-key", NULL));
}

static void
test_import_invalid (void)
{
  const struct {
    const char *text;
    const char *start;
  } cases[] = {
    { "{\n  \"name\": \"x\",\n  \"version\": 1,,\n}", "Line 3, column " },
    { "{\"name\": \"x\"", "Line 1, column " },
    /* json-glib points at the last token it read */
    { "{\n  \"a\": 1\n  \"b\": 2}", "Line 2, column " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (cases[i].text, &error);

      g_assert_null (spec);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
      if (!g_str_has_prefix (error->message, cases[i].start))
        g_error ("“%s” does not start with “%s”", error->message, cases[i].start);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json ("[1, 2]", &error);

    g_assert_null (spec);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "object"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json ("", &error);

    g_assert_null (spec);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  }
}

static void
on_changed (CsConnectorSpec *spec,
            guint           *count)
{
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  guint count = 0;

  g_signal_connect (spec, "changed", G_CALLBACK (on_changed), &count);
  cs_connector_spec_set_region (spec, "us-east-1");
  g_assert_cmpuint (count, ==, 1);
  cs_connector_spec_set_region (spec, "us-east-1");
  g_assert_cmpuint (count, ==, 1);
  g_object_set (spec, "temperature", 0.7, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpfloat (cs_connector_spec_get_temperature (spec), ==, 0.7);
}

/* ---- catalog ---- */

static void
test_catalog (void)
{
  guint n_models = 0, n_regions = 0;
  const CsBedrockModel *models = cs_bedrock_catalog_get_models (&n_models);
  const CsBedrockRegion *regions = cs_bedrock_catalog_get_regions (&n_regions);
  const struct {
    const char *region;
    const char *prefix;
  } geographies[] = {
    { "us-east-1", "us" }, { "us-west-2", "us" }, { "eu-central-1", "eu" },
    { "eu-west-3", "eu" }, { "ap-northeast-1", "apac" }, { "ap-southeast-2", "apac" },
    { "us-gov-west-1", NULL }, { "sa-east-1", NULL }, { "nonsense", NULL },
  };
  const char *ids[] = {
    "anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-opus-4-20250514-v1:0",
    "anthropic.claude-opus-4-1-20250805-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-opus-4-5-20251101-v1:0",
  };
  g_autofree char *prefix = NULL;
  const CsBedrockModel *parsed;

  g_assert_cmpuint (n_models, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < n_models; i++)
    g_assert_cmpstr (models[i].model_id, ==, ids[i]);
  g_assert_cmpuint (n_regions, >, 10);
  for (guint i = 0; i < n_regions; i++)
    {
      g_assert_true (cs_bedrock_region_is_valid (regions[i].code));
      g_assert_nonnull (cs_bedrock_region_get_geography (regions[i].code));
      g_assert_true (cs_bedrock_catalog_find_region (regions[i].code) == &regions[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (geographies); i++)
    {
      g_autofree char *id = cs_bedrock_catalog_profile_id (&models[0], geographies[i].region,
                                                           FALSE);
      g_autofree char *expected = geographies[i].prefix != NULL ?
                                  g_strconcat (geographies[i].prefix, ".", models[0].model_id, NULL) :
                                  NULL;

      g_assert_cmpstr (cs_bedrock_region_get_geography (geographies[i].region), ==,
                       geographies[i].prefix);
      g_assert_cmpstr (id, ==, expected);
    }

  {
    g_autofree char *global = cs_bedrock_catalog_profile_id (&models[3], "us-east-1", TRUE);
    g_autofree char *none = cs_bedrock_catalog_profile_id (&models[1], "us-east-1", TRUE);

    g_assert_cmpstr (global, ==, "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    g_assert_null (none); /* Opus 4: no global profile */
  }

  parsed = cs_bedrock_catalog_parse_profile_id ("apac.anthropic.claude-haiku-4-5-20251001-v1:0",
                                                &prefix);
  g_assert_true (parsed == &models[4]);
  g_assert_cmpstr (prefix, ==, "apac");
  g_clear_pointer (&prefix, g_free);
  parsed = cs_bedrock_catalog_parse_profile_id ("anthropic.claude-opus-4-20250514-v1:0", &prefix);
  g_assert_true (parsed == &models[1]);
  g_assert_null (prefix);
  g_assert_null (cs_bedrock_catalog_parse_profile_id ("us.meta.llama3", NULL));
}

/* ---- connectors API helpers ---- */

static void
test_models_in_use (void)
{
  g_auto(GStrv) two = cs_connectors_parse_models_in_use (
    "2 models are still using this connector, please delete or update the models first: "
    "[m1Abc, m2Def]");
  g_auto(GStrv) none = cs_connectors_parse_models_in_use ("Failed to find connector");

  g_assert_nonnull (two);
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  g_assert_cmpstr (two[0], ==, "m1Abc");
  g_assert_cmpstr (two[1], ==, "m2Def");
  g_assert_null (none);
}

static void
test_connector_info (void)
{
  g_autoptr(JsonNode) hit = json_from_string (
    "{\"_id\": \"abc\", \"_source\": {\"name\": \"n\", \"description\": \"d\","
    " \"protocol\": \"aws_sigv4\", \"created_time\": 1700000000000,"
    " \"parameters\": {\"model\": \"us.x\", \"region\": \"us-east-1\"}}}", NULL);
  g_autoptr(JsonNode) no_id = json_from_string ("{\"_source\": {}}", NULL);
  g_autoptr(CsConnectorInfo) info = cs_connector_info_new_from_hit (json_node_get_object (hit));

  g_assert_nonnull (info);
  g_assert_cmpstr (cs_connector_info_get_id (info), ==, "abc");
  g_assert_cmpstr (cs_connector_info_get_name (info), ==, "n");
  g_assert_cmpstr (cs_connector_info_get_description (info), ==, "d");
  g_assert_cmpstr (cs_connector_info_get_protocol (info), ==, "aws_sigv4");
  g_assert_cmpstr (cs_connector_info_get_model (info), ==, "us.x");
  g_assert_cmpstr (cs_connector_info_get_region (info), ==, "us-east-1");
  g_assert_cmpint (cs_connector_info_get_created_time (info), ==, 1700000000000);
  g_assert_null (cs_connector_info_new_from_hit (json_node_get_object (no_id)));
}

static GError *
cluster_error (guint       status,
               const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  /* The cluster's error envelope (mlcommons-api.md §6). */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "status_exception");
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new (text, strlen (text));
  g_assert_false (cs_error_from_response (status, "application/json", bytes, &error));
  return error;
}

static void
test_explain_in_use (void)
{
  g_autoptr(GError) delete_error =
    cluster_error (409, "1 models are still using this connector, please delete or update the "
                        "models first: [modelAbc123]");
  g_autoptr(GError) update_error =
    cluster_error (400, "2 models are still using this connector, please undeploy the models "
                        "first: [m1, m2]");
  g_autoptr(GError) other = cluster_error (400, "Missing credential");
  g_autofree char *on_delete = cs_connectors_explain_in_use (delete_error);
  g_autofree char *on_update = cs_connectors_explain_in_use (update_error);
  g_autofree char *none = cs_connectors_explain_in_use (other);

  g_assert_nonnull (on_delete);
  g_assert_nonnull (strstr (on_delete, "modelAbc123"));
  g_assert_nonnull (strstr (on_delete, "Delete those models"));
  g_assert_nonnull (on_update);
  g_assert_nonnull (strstr (on_update, "m1, m2"));
  g_assert_nonnull (strstr (on_update, "Undeploy"));
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connector-spec/blueprint-bodies", test_blueprint_bodies);
  g_test_add_func ("/connector-spec/real-region-body", test_real_region_body);
  g_test_add_func ("/connector-spec/read-timeout", test_read_timeout);
  g_test_add_func ("/connector-spec/validate/valid", test_validate_valid);
  g_test_add_func ("/connector-spec/validate/thinking", test_validate_thinking);
  g_test_add_func ("/connector-spec/validate/numbers", test_validate_numbers);
  g_test_add_func ("/connector-spec/validate/required", test_validate_required);
  g_test_add_func ("/connector-spec/validate/region", test_validate_region);
  g_test_add_func ("/connector-spec/validate/model", test_validate_model);
  g_test_add_func ("/connector-spec/validate/role-arn", test_validate_role_arn);
  g_test_add_func ("/connector-spec/validate/read-timeout-version",
                   test_validate_read_timeout_version);
  g_test_add_func ("/connector-spec/masking", test_masking);
  g_test_add_func ("/connector-spec/curl-parses-back", test_curl_parses_back);
  g_test_add_func ("/connector-spec/import/round-trip", test_import_round_trip);
  g_test_add_func ("/connector-spec/import/fills-form", test_import_fills_form);
  g_test_add_func ("/connector-spec/import/keeps-unmodelled", test_import_keeps_unmodelled);
  g_test_add_func ("/connector-spec/import/other-members", test_import_other_members);
  g_test_add_func ("/connector-spec/import/stored-connector", test_import_stored_connector);
  g_test_add_func ("/connector-spec/import/invalid", test_import_invalid);
  g_test_add_func ("/connector-spec/changed-signal", test_changed_signal);
  g_test_add_func ("/bedrock-catalog/prefixes", test_catalog);
  g_test_add_func ("/connectors-api/models-in-use", test_models_in_use);
  g_test_add_func ("/connectors-api/connector-info", test_connector_info);
  g_test_add_func ("/connectors-api/explain-in-use", test_explain_in_use);

  return g_test_run ();
}
