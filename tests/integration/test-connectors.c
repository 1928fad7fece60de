/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-connector-spec.h"
#include "cs-connectors-api.h"
#include "cs-error.h"

#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

#define WAIT_MS 20000

/* Fake credentials: nothing here looks like a real AWS key. */
#define FAKE_ACCESS_KEY "TESTKEYID-not-real-0001"
#define FAKE_SECRET_KEY "fake-secret/for+tests-only=42"
#define FAKE_TOKEN      "fake-session-token-for-tests"
#define FAKE_ROLE_ARN   "arn:aws:iam::123456789012:role/bedrock-invoke"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *first_arg,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) "--no-tls");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  f->sandbox = cs_test_sandbox_startv ((const char * const *) args->pdata);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

static CsConnectorSpec *
make_spec (CsConnectorMode  mode,
           CsCredentialKind kind)
{
  CsConnectorSpec *spec = cs_connector_spec_new ();

  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_mode (spec, mode);
  cs_connector_spec_set_credential_kind (spec, kind);
  cs_connector_spec_set_access_key (spec, FAKE_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, FAKE_SECRET_KEY);
  cs_connector_spec_set_session_token (spec, FAKE_TOKEN);
  cs_connector_spec_set_role_arn (spec, FAKE_ROLE_ARN);
  return spec;
}

static char *
create (Fixture          *f,
        CsConnectorSpec  *spec,
        GError          **error)
{
  g_autoptr(JsonNode) body = cs_connector_spec_build_body (spec, FALSE);
  g_autoptr(GAsyncResult) result = NULL;

  /* The sandbox runs without TLS: say yes to keys over http://, as the page does. */
  cs_connectors_create_full_async (f->client, body, CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP, NULL,
                                   cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_connectors_create_finish (f->client, result, error);
}

static JsonNode *
get (Fixture     *f,
     const char  *id,
     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connectors_get_async (f->client, id, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_connectors_get_finish (f->client, result, error);
}

static gboolean
delete (Fixture     *f,
        const char  *id,
        gboolean    *gone,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connectors_delete_async (f->client, id, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  return cs_connectors_delete_finish (f->client, result, gone, error);
}

static GListStore *
search (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListStore *store;

  cs_connectors_search_async (f->client, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  store = cs_connectors_search_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
test_create_four_variants (void)
{
  Fixture f = { 0 };
  const struct {
    CsConnectorMode mode;
    CsCredentialKind kind;
  } variants[] = {
    { CS_CONNECTOR_MODE_STANDARD, CS_CREDENTIAL_KIND_KEYS },
    { CS_CONNECTOR_MODE_THINKING, CS_CREDENTIAL_KIND_KEYS },
    { CS_CONNECTOR_MODE_STANDARD, CS_CREDENTIAL_KIND_ROLE_ARN },
    { CS_CONNECTOR_MODE_THINKING, CS_CREDENTIAL_KIND_ROLE_ARN },
  };

  /* Amazon OpenSearch Service: both credential kinds are understood. */
  fixture_start (&f, "--aws-managed", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(CsConnectorSpec) spec = make_spec (variants[i].mode, variants[i].kind);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autoptr(JsonNode) stored = NULL;
      JsonObject *object, *parameters;
      gboolean thinking = variants[i].mode == CS_CONNECTOR_MODE_THINKING;

      g_assert_true (cs_connector_spec_validate (spec, NULL, TRUE, NULL));
      id = create (&f, spec, &error);
      g_assert_no_error (error);
      g_assert_nonnull (id);
      g_assert_cmpstr (id, !=, "");

      stored = get (&f, id, &error);
      g_assert_no_error (error);
      object = json_node_get_object (stored);
      /* Credentials never come back. */
      g_assert_false (json_object_has_member (object, "credential"));
      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                       CS_CONNECTOR_DEFAULT_NAME);
      parameters = json_object_get_object_member (object, "parameters");
      g_assert_cmpstr (json_object_get_string_member (parameters, "model"), ==,
                       CS_CONNECTOR_DEFAULT_MODEL);
      g_assert_cmpint (json_object_has_member (parameters, "budget_tokens"), ==, thinking);
    }
  fixture_stop (&f);
}

static void
test_role_arn_open_source (void)
{
  Fixture f = { 0 };
  g_autoptr(CsConnectorSpec) spec = make_spec (CS_CONNECTOR_MODE_STANDARD,
                                               CS_CREDENTIAL_KIND_ROLE_ARN);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* The form would stop this; the cluster's own answer is what a user of
   * the API gets. */
  g_assert_false (cs_connector_spec_validate (spec, NULL, FALSE, NULL));
  fixture_start (&f, NULL);
  id = create (&f, spec, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Missing credential"));
  g_assert_cmpstr (cs_error_get_server_reason (error), ==, "Missing credential");
  fixture_stop (&f);
}

static void
test_untrusted_url (void)
{
  Fixture f = { 0 };
  g_autoptr(CsConnectorSpec) spec = make_spec (CS_CONNECTOR_MODE_STANDARD,
                                               CS_CREDENTIAL_KIND_KEYS);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* 2.9 does not trust Bedrock by default. */
  fixture_start (&f, "--opensearch-version", "2.9.0", NULL);
  id = create (&f, spec, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message,
                            "Connector URL is not matching the trusted connector endpoint regex"));
  g_assert_nonnull (strstr (cs_error_get_server_reason (error), "bedrock-runtime.us-east-1"));
  fixture_stop (&f);
}

static gboolean
store_has (GListStore      *store,
           const char      *id,
           CsConnectorInfo **out)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(CsConnectorInfo) info = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (cs_connector_info_get_id (info), id) == 0)
        {
          if (out != NULL)
            *out = g_steal_pointer (&info);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_list_get_delete (void)
{
  Fixture f = { 0 };
  g_autoptr(CsConnectorSpec) first = make_spec (CS_CONNECTOR_MODE_STANDARD,
                                                CS_CREDENTIAL_KIND_KEYS);
  g_autoptr(CsConnectorSpec) second = make_spec (CS_CONNECTOR_MODE_THINKING,
                                                 CS_CREDENTIAL_KIND_KEYS);
  g_autoptr(GError) error = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autoptr(GListStore) empty = NULL;
  g_autoptr(GListStore) both = NULL;
  g_autoptr(GListStore) after = NULL;
  g_autoptr(CsConnectorInfo) info = NULL;
  g_autoptr(JsonNode) missing = NULL;
  gboolean gone = TRUE;

  fixture_start (&f, NULL);

  /* No connector index yet: an empty list, not an error. */
  empty = search (&f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (empty)), ==, 0);

  cs_connector_spec_set_name (second, "Thinking connector");
  cs_connector_spec_set_region (second, "eu-west-1");
  cs_connector_spec_set_model (second, "eu.anthropic.claude-sonnet-4-20250514-v1:0");
  id1 = create (&f, first, &error);
  g_assert_no_error (error);
  id2 = create (&f, second, &error);
  g_assert_no_error (error);

  both = search (&f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (both)), ==, 2);
  g_assert_true (store_has (both, id1, NULL));
  g_assert_true (store_has (both, id2, &info));
  g_assert_cmpstr (cs_connector_info_get_name (info), ==, "Thinking connector");
  g_assert_cmpstr (cs_connector_info_get_region (info), ==, "eu-west-1");
  g_assert_cmpstr (cs_connector_info_get_model (info), ==,
                   "eu.anthropic.claude-sonnet-4-20250514-v1:0");
  g_assert_cmpstr (cs_connector_info_get_protocol (info), ==, "aws_sigv4");
  g_assert_cmpint (cs_connector_info_get_created_time (info), >, 0);

  g_assert_true (delete (&f, id1, &gone, &error));
  g_assert_no_error (error);
  g_assert_false (gone);
  after = search (&f);
  g_assert_false (store_has (after, id1, NULL));
  g_assert_true (store_has (after, id2, NULL));

  /* Deleted twice: the cluster says not_found with 200, and so do we. */
  g_assert_true (delete (&f, id1, &gone, &error));
  g_assert_no_error (error);
  g_assert_true (gone);

  missing = get (&f, id1, &error);
  g_assert_null (missing);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);

  fixture_stop (&f);
}

static char *
register_model (Fixture    *f,
                const char *connector_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "anthropic.claude-v4");
  json_builder_set_member_name (builder, "function_name");
  json_builder_add_string_value (builder, "remote");
  json_builder_set_member_name (builder, "connector_id");
  json_builder_add_string_value (builder, connector_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  cs_client_request_async (f->client, "POST", "_plugins/_ml/models/_register", body,
                           CS_REQUEST_FLAGS_NONE, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  answer = cs_client_request_finish (f->client, result, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "model_id"));
}

static void
test_delete_in_use (void)
{
  Fixture f = { 0 };
  g_autoptr(CsConnectorSpec) spec = make_spec (CS_CONNECTOR_MODE_STANDARD,
                                               CS_CREDENTIAL_KIND_KEYS);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *model_id = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(GListStore) still = NULL;
  gboolean gone = FALSE;

  fixture_start (&f, NULL);
  id = create (&f, spec, &error);
  g_assert_no_error (error);
  model_id = register_model (&f, id);
  g_assert_nonnull (model_id);

  g_assert_false (delete (&f, id, &gone, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFLICT);
  g_assert_cmpuint (cs_error_get_status (error), ==, 409);
  /* Our explanation names the model and says what to do… */
  g_assert_nonnull (strstr (error->message, model_id));
  g_assert_nonnull (strstr (error->message, "Models page"));
  /* …and the cluster's own words stay on the error. */
  g_assert_nonnull (strstr (cs_error_get_server_reason (error),
                            "models are still using this connector"));
  models = cs_connectors_parse_models_in_use (cs_error_get_server_reason (error));
  g_assert_nonnull (models);
  g_assert_true (g_strv_contains ((const char * const *) models, model_id));

  still = search (&f);
  g_assert_true (store_has (still, id, NULL));
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connectors/create-four-variants", test_create_four_variants);
  g_test_add_func ("/connectors/role-arn-open-source", test_role_arn_open_source);
  g_test_add_func ("/connectors/untrusted-url", test_untrusted_url);
  g_test_add_func ("/connectors/list-get-delete", test_list_get_delete);
  g_test_add_func ("/connectors/delete-in-use", test_delete_in_use);

  return g_test_run ();
}
