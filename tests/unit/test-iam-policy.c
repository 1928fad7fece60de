/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cs-iam-policy: the policy documents parse as JSON, carry the IAM version,
 * and name exactly the actions and resources a connector needs. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-error.h"
#include "cs-iam-policy.h"

#define SONNET_4    "anthropic.claude-sonnet-4-20250514-v1:0"
#define ACCOUNT     "123456789012"
#define ROLE_ARN    "arn:aws:iam::123456789012:role/opensearch-bedrock-role"

/* Parses a document, checks Version and that it has one Allow statement,
 * and returns that statement (owned by *parser_out). */
static JsonObject *
only_statement (const char  *text,
                JsonParser **parser_out)
{
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();
  JsonObject *root;
  JsonArray *statements;
  JsonObject *statement;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "Version"), ==, "2012-10-17");
  statements = json_object_get_array_member (root, "Statement");
  g_assert_cmpuint (json_array_get_length (statements), ==, 1);
  statement = json_array_get_object_element (statements, 0);
  g_assert_cmpstr (json_object_get_string_member (statement, "Effect"), ==, "Allow");
  /* Pretty and multi-line, so it can be copied into the IAM console as is. */
  g_assert_nonnull (strchr (text, '\n'));
  *parser_out = parser;
  return statement;
}

/* The strings of member (an array) joined with "|". */
static char *
joined (JsonObject *statement,
        const char *member)
{
  JsonArray *array = json_object_get_array_member (statement, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  strv = g_strv_builder_end (builder);
  return g_strjoinv ("|", strv);
}

static void
test_us_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = cs_iam_policy_invoke ("us." SONNET_4, "us-west-2", ACCOUNT, &error);
  g_autofree char *actions = NULL;
  g_autofree char *resources = NULL;
  g_autofree char *again = NULL;
  JsonObject *statement;

  g_assert_no_error (error);
  statement = only_statement (text, &parser);
  actions = joined (statement, "Action");
  g_assert_cmpstr (actions, ==, "bedrock:InvokeModel");
  resources = joined (statement, "Resource");
  /* The profile in the connector's region, then the model in that region
   * first and every other US region of the catalogue; no other geography. */
  g_assert_cmpstr (resources, ==,
                   "arn:aws:bedrock:us-west-2:" ACCOUNT ":inference-profile/us." SONNET_4 "|"
                   "arn:aws:bedrock:us-west-2::foundation-model/" SONNET_4 "|"
                   "arn:aws:bedrock:us-east-1::foundation-model/" SONNET_4 "|"
                   "arn:aws:bedrock:us-east-2::foundation-model/" SONNET_4 "|"
                   "arn:aws:bedrock:us-west-1::foundation-model/" SONNET_4);

  /* Stable: the same input gives the same text. */
  again = cs_iam_policy_invoke ("us." SONNET_4, "us-west-2", ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, text);
  /* Member order as written: Sid, Effect, Action, Resource. */
  g_assert_true (strstr (text, "\"Effect\"") < strstr (text, "\"Action\""));
  g_assert_true (strstr (text, "\"Action\"") < strstr (text, "\"Resource\""));
}

static void
test_geographies (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) parser2 = NULL;
  g_autofree char *eu = cs_iam_policy_invoke ("eu." SONNET_4, "eu-west-1", NULL, &error);
  g_autofree char *jp = NULL;
  g_autofree char *resources = NULL;
  g_autofree char *jp_resources = NULL;

  g_assert_no_error (error);
  resources = joined (only_statement (eu, &parser), "Resource");
  /* No account: "*". Every EU region, no US or AP one. */
  g_assert_true (g_str_has_prefix (resources,
                                   "arn:aws:bedrock:eu-west-1:*:inference-profile/eu." SONNET_4
                                   "|arn:aws:bedrock:eu-west-1::foundation-model/"));
  g_assert_nonnull (strstr (resources, "arn:aws:bedrock:eu-central-1::foundation-model/"));
  g_assert_nonnull (strstr (resources, "arn:aws:bedrock:eu-north-1::foundation-model/"));
  g_assert_null (strstr (resources, "bedrock:us-"));
  g_assert_null (strstr (resources, "bedrock:ap-"));

  jp = cs_iam_policy_invoke ("jp.anthropic.claude-opus-4-6-v1", "ap-northeast-1", ACCOUNT, &error);
  g_assert_no_error (error);
  jp_resources = joined (only_statement (jp, &parser2), "Resource");
  g_assert_cmpstr (jp_resources, ==,
                   "arn:aws:bedrock:ap-northeast-1:" ACCOUNT
                   ":inference-profile/jp.anthropic.claude-opus-4-6-v1|"
                   "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-opus-4-6-v1|"
                   "arn:aws:bedrock:ap-northeast-3::foundation-model/anthropic.claude-opus-4-6-v1");
}

static void
test_global_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = cs_iam_policy_invoke ("global." SONNET_4, "eu-central-1", ACCOUNT,
                                                &error);
  g_autofree char *resources = NULL;

  g_assert_no_error (error);
  resources = joined (only_statement (text, &parser), "Resource");
  g_assert_cmpstr (resources, ==,
                   "arn:aws:bedrock:eu-central-1:" ACCOUNT ":inference-profile/global." SONNET_4 "|"
                   "arn:aws:bedrock:*::foundation-model/" SONNET_4);
}

static void
test_bare_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = cs_iam_policy_invoke (SONNET_4, "us-east-1", ACCOUNT, &error);
  g_autofree char *resources = NULL;

  g_assert_no_error (error);
  resources = joined (only_statement (text, &parser), "Resource");
  g_assert_cmpstr (resources, ==, "arn:aws:bedrock:us-east-1::foundation-model/" SONNET_4);
  g_assert_null (strstr (text, "inference-profile"));
}

static void
test_invoke_refused (void)
{
  const struct
  {
    const char *model_id;
    const char *region;
    const char *account;
  } cases[] = {
    { "us." SONNET_4, "eu-west-1", NULL },        /* profile of another geography */
    { "us." SONNET_4, "mars-1", NULL },           /* not a region code */
    { "us." SONNET_4, "us-east-1", "1234" },      /* account of 4 digits */
    { "us." SONNET_4, "us-east-1", "12345678901a" },
    { "", "us-east-1", NULL },
    { "us.", "us-east-1", NULL },
    { "us.model\"with quote", "us-east-1", NULL },  /* would break out of the ARN */
    { NULL, "us-east-1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = cs_iam_policy_invoke (cases[i].model_id, cases[i].region,
                                                    cases[i].account, &error);

      g_assert_null (text);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
      g_assert_true (g_str_has_suffix (error->message, "."));
    }
}

static void
test_list_catalog (void)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = cs_iam_policy_list_catalog ();
  JsonObject *statement = only_statement (text, &parser);
  g_autofree char *actions = joined (statement, "Action");
  g_autofree char *resources = joined (statement, "Resource");

  g_assert_cmpstr (actions, ==,
                   "bedrock:ListFoundationModels|bedrock:ListInferenceProfiles|"
                   "bedrock:GetInferenceProfile");
  g_assert_cmpstr (resources, ==, "*");
  g_assert_null (strstr (text, "InvokeModel"));
}

static void
test_role (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) parser2 = NULL;
  g_autofree char *trust = cs_iam_policy_role_trust ();
  g_autofree char *pass = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *resources = NULL;
  g_autofree char *actions = NULL;
  JsonObject *statement = only_statement (trust, &parser);
  JsonObject *principal = json_object_get_object_member (statement, "Principal");

  g_assert_nonnull (principal);
  g_assert_cmpstr (json_object_get_string_member (principal, "Service"), ==,
                   "opensearchservice.amazonaws.com");
  g_assert_cmpstr (json_object_get_string_member (statement, "Action"), ==, "sts:AssumeRole");
  g_assert_false (json_object_has_member (statement, "Resource"));

  pass = cs_iam_policy_pass_role (ROLE_ARN, &error);
  g_assert_no_error (error);
  statement = only_statement (pass, &parser2);
  actions = joined (statement, "Action");
  resources = joined (statement, "Resource");
  g_assert_cmpstr (actions, ==, "iam:PassRole");
  g_assert_cmpstr (resources, ==, ROLE_ARN);

  mapping = cs_iam_policy_role_mapping (ROLE_ARN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (mapping, "ml_full_access"));
  g_assert_nonnull (strstr (mapping, ROLE_ARN));

  /* A role with a path and another partition is a role too. */
  g_clear_pointer (&pass, g_free);
  pass = cs_iam_policy_pass_role ("arn:aws-cn:iam::123456789012:role/service/ml-role", &error);
  g_assert_no_error (error);
  g_assert_nonnull (pass);
}

static void
test_role_refused (void)
{
  const char *arns[] = {
    NULL,
    "",
    "opensearch-bedrock-role",
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:iam::1234:role/short-account",
    "arn:aws:sts::123456789012:assumed-role/r/session",
    "arn:aws:iam::123456789012:role/with\"quote",
  };

  for (guint i = 0; i < G_N_ELEMENTS (arns); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      g_autofree char *pass = cs_iam_policy_pass_role (arns[i], &error);
      g_autofree char *mapping = cs_iam_policy_role_mapping (arns[i], &error2);

      g_assert_null (pass);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
      g_assert_null (mapping);
      g_assert_error (error2, CS_ERROR, CS_ERROR_INVALID_INPUT);
    }
}

/* No document asks for or carries a secret: no key, token or password
 * field, nothing that looks like an AWS access key. */
static void
test_no_secret (void)
{
  char *texts[6] = { NULL };
  g_autoptr(GRegex) key_like = g_regex_new ("(AKIA|ASIA)[A-Z0-9]{12,}", 0, 0, NULL);

  texts[0] = cs_iam_policy_invoke ("us." SONNET_4, "us-east-1", ACCOUNT, NULL);
  texts[1] = cs_iam_policy_invoke ("global." SONNET_4, "us-east-1", NULL, NULL);
  texts[2] = cs_iam_policy_list_catalog ();
  texts[3] = cs_iam_policy_role_trust ();
  texts[4] = cs_iam_policy_pass_role (ROLE_ARN, NULL);
  texts[5] = cs_iam_policy_role_mapping (ROLE_ARN, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *lower = NULL;

      g_assert_nonnull (texts[i]);
      lower = g_ascii_strdown (texts[i], -1);
      g_assert_false (g_regex_match (key_like, texts[i], 0, NULL));
      g_assert_null (strstr (lower, "secret"));
      g_assert_null (strstr (lower, "access_key"));
      g_assert_null (strstr (lower, "accesskey"));
      g_assert_null (strstr (lower, "session_token"));
      g_assert_null (strstr (lower, "password"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (texts[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/iam-policy/us-profile", test_us_profile);
  g_test_add_func ("/iam-policy/geographies", test_geographies);
  g_test_add_func ("/iam-policy/global-profile", test_global_profile);
  g_test_add_func ("/iam-policy/bare-model", test_bare_model);
  g_test_add_func ("/iam-policy/invoke-refused", test_invoke_refused);
  g_test_add_func ("/iam-policy/list-catalog", test_list_catalog);
  g_test_add_func ("/iam-policy/role", test_role);
  g_test_add_func ("/iam-policy/role-refused", test_role_refused);
  g_test_add_func ("/iam-policy/no-secret", test_no_secret);

  return g_test_run ();
}
