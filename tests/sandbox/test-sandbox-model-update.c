/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model update API (PUT /_plugins/_ml/models/<id>) as src/sandbox/README.md, "Changing a
 * connector in use", says ML Commons answers it: per version, both forms, on every node of a
 * deployment, and a node failing the cache update with ML Commons' text. */
#include "sandbox-test-common.h"

#define BP_STANDARD "bedrock_claude4_standard.json"
#define BAD_SECRET "sandboxTestSecretKeyINVALID0123456789abc"

static const char predict_body[] =
  "{\"parameters\":{\"system_prompt\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":"
  "[{\"type\":\"text\",\"text\":\"hello\"}]}]}}";

static CsTestSandbox *
start (const char *version,
       const char *nodes)
{
  const char * const args[] = {
    "--no-tls", "--deploy-delay-ms", "100", "--opensearch-version", version, "--nodes", nodes,
    NULL,
  };

  return cs_test_sandbox_startv (args);
}

static char *
register_inline (SbtClient *c)
{
  g_autoptr(JsonNode) connector = sbt_blueprint_body (BP_STANDARD, "us-east-1");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(SbtReply) reply = NULL;
  char *id;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "inline");
  json_builder_set_member_name (b, "function_name");
  json_builder_add_string_value (b, "remote");
  json_builder_set_member_name (b, "connector");
  json_builder_add_value (b, json_node_copy (connector));
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  reply = sbt_request_json (c, "POST", "/_plugins/_ml/models/_register?deploy=true", body);
  g_assert_cmpuint (reply->status, ==, 200);
  id = g_strdup (json_object_get_string_member (sbt_object (reply), "model_id"));
  sbt_wait_for_state (c, id, "DEPLOYED", 10000);
  return id;
}

/* n predicts (round-robin over the nodes); how many answered 200. */
static guint
predicts_ok (SbtClient  *c,
             const char *model_id,
             guint       n)
{
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s/_predict", model_id);
  guint ok = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbtReply) reply = sbt_request (c, "POST", path, predict_body);
      ok += reply->status == 200;
    }
  return ok;
}

static void
test_absent_before_2_12 (void)
{
  g_autoptr(CsTestSandbox) sb = start ("2.11.0", "1");
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) reply = sbt_request (c, "PUT", "/_plugins/_ml/models/abc",
                                           "{\"description\":\"x\"}");

  g_assert_cmpuint (reply->status, ==, 405);
  g_assert_nonnull (strstr (reply->text, "Incorrect HTTP method"));
}

static void
test_errors (void)
{
  g_autoptr(CsTestSandbox) sb = start ("2.19.1", "1");
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = sbt_blueprint_body (BP_STANDARD, "us-east-1");
  g_autofree char *connector_id = sbt_create_connector (c, body);
  g_autofree char *model_id = sbt_register_model (c, "standalone", connector_id, FALSE);
  g_autofree char *inline_id = register_inline (c);
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  g_autofree char *inline_path = g_strdup_printf ("/_plugins/_ml/models/%s", inline_id);
  g_autofree char *both = g_strdup_printf ("{\"connector_id\":\"%s\",\"connector\":{}}",
                                           connector_id);
  g_autofree char *switch_body = g_strdup_printf ("{\"connector_id\":\"%s\"}", connector_id);
  SbtReply *r;

  r = sbt_request (c, "PUT", path, NULL);
  sbt_assert_error (r, 400, "parse_exception", "Update model request has empty body");
  sbt_reply_free (r);
  r = sbt_request (c, "PUT", path, both);
  sbt_assert_error (r, 400, "status_exception",
                    "Model cannot have both stand-alone connector and internal connector. "
                    "Please check your update input body.");
  sbt_reply_free (r);
  r = sbt_request (c, "PUT", "/_plugins/_ml/models/nosuchmodel", "{\"description\":\"x\"}");
  sbt_assert_error (r, 404, "status_exception",
                    "Failed to find model to update with the provided model id: nosuchmodel");
  sbt_reply_free (r);
  /* An inline connector on a model with a connector_id: an NPE before 3.1. */
  r = sbt_request (c, "PUT", path, "{\"connector\":{\"description\":\"x\"}}");
  g_assert_cmpuint (r->status, ==, 500);
  g_assert_nonnull (strstr (r->text, "null_pointer_exception"));
  sbt_reply_free (r);
  r = sbt_request (c, "PUT", inline_path, switch_body);
  sbt_assert_error (r, 400, "status_exception",
                    "This remote does not have a connector_id field, maybe it uses an internal "
                    "connector.");
  sbt_reply_free (r);
  r = sbt_request (c, "PUT", path, "{\"description\":\"changed\"}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "result"), ==, "updated");
  g_assert_cmpstr (json_object_get_string_member (sbt_object (r), "_index"), ==,
                   ".plugins-ml-model");
  sbt_reply_free (r);
}

static void
test_inline_text_3_1 (void)
{
  g_autoptr(CsTestSandbox) sb = start ("3.1.0", "1");
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) body = sbt_blueprint_body (BP_STANDARD, "us-east-1");
  g_autofree char *connector_id = sbt_create_connector (c, body);
  g_autofree char *model_id = sbt_register_model (c, "standalone", connector_id, FALSE);
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  g_autoptr(SbtReply) r = sbt_request (c, "PUT", path, "{\"connector\":{\"description\":\"x\"}}");

  sbt_assert_error (r, 400, "status_exception",
                    "Cannot update connector settings for this model. The model was created "
                    "with a connector_id and does not have an inline connector.");
}

static void
test_in_place_every_node (void)
{
  g_autoptr(CsTestSandbox) sb = start ("2.19.1", "3");
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autofree char *model_id = register_inline (c);
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  g_autoptr(SbtReply) bad = NULL;
  g_autoptr(SbtReply) good = NULL;
  g_autoptr(SbtReply) got = NULL;

  g_assert_cmpuint (predicts_ok (c, model_id, 3), ==, 3);
  /* A credential Bedrock refuses reaches every node at once: no node answers. */
  bad = sbt_request (c, "PUT", path,
                     "{\"connector\":{\"credential\":{\"access_key\":\"" SBT_ACCESS_KEY "\","
                     "\"secret_key\":\"" BAD_SECRET "\"}}}");
  g_assert_cmpuint (bad->status, ==, 200);
  g_assert_cmpuint (predicts_ok (c, model_id, 3), ==, 0);
  /* Still deployed, never undeployed; the credential is not shown. */
  got = sbt_request (c, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (sbt_object (got), "model_state"), ==,
                   "DEPLOYED");
  g_assert_null (strstr (got->text, BAD_SECRET));
  g_assert_null (strstr (got->text, "credential"));
  good = sbt_request (c, "PUT", path,
                      "{\"connector\":{\"credential\":{\"access_key\":\"" SBT_ACCESS_KEY "\","
                      "\"secret_key\":\"" SBT_SECRET_KEY "\"}}}");
  g_assert_cmpuint (good->status, ==, 200);
  g_assert_cmpuint (predicts_ok (c, model_id, 3), ==, 3);
}

static void
test_cache_failure (void)
{
  g_autoptr(CsTestSandbox) sb = start ("2.19.1", "2");
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autofree char *model_id = register_inline (c);
  g_autofree char *path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  g_autoptr(SbtReply) info = sbt_request (c, "GET", "/_sandbox", NULL);
  g_autoptr(SbtReply) fault = sbt_request (c, "POST", "/_sandbox/faults",
                                           "{\"spec\":\"cache-fail=2\"}");
  g_autoptr(SbtReply) r = NULL;
  g_autoptr(SbtReply) cleared = NULL;
  g_autoptr(SbtReply) retried = NULL;
  g_autoptr(SbtReply) bad_spec = NULL;
  g_autofree char *expected = NULL;
  const char *node2;

  g_assert_cmpuint (fault->status, ==, 200);
  node2 = json_array_get_string_element (json_object_get_array_member (sbt_object (info),
                                                                       "nodes"), 1);
  r = sbt_request (c, "PUT", path,
                   "{\"connector\":{\"credential\":{\"access_key\":\"" SBT_ACCESS_KEY "\","
                   "\"secret_key\":\"" BAD_SECRET "\"}}}");
  expected = g_strdup_printf ("Successfully update ML model index with model ID %s but update "
                              "model cache was failed on following nodes [%s], please retry or "
                              "redeploy model manually.", model_id, node2);
  sbt_assert_error (r, 500, "runtime_exception", expected);
  /* Node 1 took the refused keys, node 2 kept the good ones: one of two answers. */
  g_assert_cmpuint (predicts_ok (c, model_id, 2), ==, 1);

  /* Retried once the node is well again: both nodes on the same keys. */
  cleared = sbt_request (c, "DELETE", "/_sandbox/faults", NULL);
  g_assert_cmpuint (cleared->status, ==, 200);
  retried = sbt_request (c, "PUT", path,
                         "{\"connector\":{\"credential\":{\"access_key\":\"" SBT_ACCESS_KEY "\","
                         "\"secret_key\":\"" SBT_SECRET_KEY "\"}}}");
  g_assert_cmpuint (retried->status, ==, 200);
  g_assert_cmpuint (predicts_ok (c, model_id, 2), ==, 2);

  bad_spec = sbt_request (c, "POST", "/_sandbox/faults", "{\"spec\":\"cache-fail=0\"}");
  g_assert_cmpuint (bad_spec->status, ==, 400);
}

static void
test_switch_connector (void)
{
  g_autoptr(CsTestSandbox) sb = start ("2.19.1", "2");
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(JsonNode) good = sbt_blueprint_body (BP_STANDARD, "us-east-1");
  g_autoptr(JsonNode) bad = sbt_blueprint_body (BP_STANDARD, "us-east-1");
  g_autofree char *good_id = NULL, *bad_id = NULL, *model_id = NULL;
  g_autofree char *path = NULL, *to_bad = NULL, *connector_path = NULL;
  g_autoptr(SbtReply) r = NULL;
  g_autoptr(SbtReply) refused = NULL;

  json_object_set_string_member (json_object_get_object_member (json_node_get_object (bad),
                                                                "credential"),
                                 "secret_key", BAD_SECRET);
  good_id = sbt_create_connector (c, good);
  bad_id = sbt_create_connector (c, bad);
  model_id = sbt_register_model (c, "switch", good_id, TRUE);
  sbt_wait_for_state (c, model_id, "DEPLOYED", 10000);
  g_assert_cmpuint (predicts_ok (c, model_id, 2), ==, 2);

  /* The connector PUT stays refused while the model is deployed. */
  connector_path = g_strdup_printf ("/_plugins/_ml/connectors/%s", good_id);
  refused = sbt_request (c, "PUT", connector_path, "{\"description\":\"x\"}");
  g_assert_cmpuint (refused->status, ==, 400);
  g_assert_nonnull (strstr (refused->text, "1 models are still using this connector, please "
                                           "undeploy the models first: ["));

  path = g_strdup_printf ("/_plugins/_ml/models/%s", model_id);
  to_bad = g_strdup_printf ("{\"connector_id\":\"%s\"}", bad_id);
  r = sbt_request (c, "PUT", path, to_bad);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (predicts_ok (c, model_id, 2), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  SBT_TEST_INIT (&argc, &argv);

  g_test_add_func ("/sandbox/model-update/absent-before-2.12", test_absent_before_2_12);
  g_test_add_func ("/sandbox/model-update/errors", test_errors);
  g_test_add_func ("/sandbox/model-update/inline-text-3.1", test_inline_text_3_1);
  g_test_add_func ("/sandbox/model-update/in-place-every-node", test_in_place_every_node);
  g_test_add_func ("/sandbox/model-update/cache-failure", test_cache_failure);
  g_test_add_func ("/sandbox/model-update/switch-connector", test_switch_connector);
  return g_test_run ();
}
