/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-cluster-probe.h"
#include "cs-error.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

#define ROOT(number) \
  "{\"name\":\"n1\",\"cluster_name\":\"prod\",\"version\":{\"distribution\":\"opensearch\"," \
  "\"number\":\"" number "\"}}"

static void
test_plain (void)
{
  g_autoptr(JsonNode) root = parse (ROOT ("2.19.1"));
  g_autoptr(JsonNode) plugins = parse ("[{\"name\":\"n1\",\"component\":\"opensearch-security\","
                                       "\"version\":\"2.19.1.0\"},{\"name\":\"n1\",\"component\":"
                                       "\"opensearch-ml\",\"version\":\"2.19.1.0\"}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClusterInfo) info = cs_cluster_info_from_json (root, plugins,
                                                              "https://localhost:9200/", FALSE,
                                                              &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->distribution, ==, "opensearch");
  g_assert_cmpstr (info->cluster_name, ==, "prod");
  g_assert_true (info->has_version);
  g_assert_false (info->version_overridden);
  g_assert_cmpuint (info->version.major, ==, 2);
  g_assert_cmpuint (info->version.minor, ==, 19);
  g_assert_cmpstr (info->ml_version, ==, "2.19.1.0");
  g_assert_false (info->aws_managed);
}

static void
test_compatibility_override (void)
{
  g_autoptr(JsonNode) root = parse (ROOT ("7.10.2"));
  g_autoptr(JsonNode) plugins = parse ("[{\"component\":\"opensearch-ml\",\"version\":\"2.13.0.0\"}]");
  g_autoptr(JsonNode) no_ml = parse ("[{\"component\":\"opensearch-knn\",\"version\":\"2.13.0.0\"}]");
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(CsClusterInfo) unknown = NULL;

  /* 7.10.2 is not the version: the ML plugin tells the real one. */
  info = cs_cluster_info_from_json (root, plugins, NULL, FALSE, NULL);
  g_assert_true (info->version_overridden);
  g_assert_true (info->has_version);
  g_assert_cmpuint (info->version.major, ==, 2);
  g_assert_cmpuint (info->version.minor, ==, 13);

  unknown = cs_cluster_info_from_json (root, no_ml, NULL, FALSE, NULL);
  g_assert_true (unknown->version_overridden);
  g_assert_false (unknown->has_version);
  g_assert_null (unknown->ml_version);
}

static void
test_aws (void)
{
  g_autoptr(JsonNode) root = parse (ROOT ("2.17.0"));
  g_autoptr(CsClusterInfo) by_host = NULL;
  g_autoptr(CsClusterInfo) by_auth = NULL;
  g_autoptr(CsClusterInfo) neither = NULL;

  by_host = cs_cluster_info_from_json (root, NULL,
                                       "https://search-demo-abc.us-east-1.es.amazonaws.com/",
                                       FALSE, NULL);
  by_auth = cs_cluster_info_from_json (root, NULL, "https://10.0.0.5:9200/", TRUE, NULL);
  neither = cs_cluster_info_from_json (root, NULL, "https://amazonaws.com.example.org/", FALSE,
                                       NULL);
  g_assert_true (by_host->aws_managed);
  g_assert_true (by_auth->aws_managed);
  g_assert_false (neither->aws_managed);
  g_assert_true (cs_cluster_host_is_aws ("abc.eu-west-1.aoss.amazonaws.com"));
  g_assert_false (cs_cluster_host_is_aws ("es.amazonaws.com.evil.example"));
}

static void
test_not_opensearch (void)
{
  g_autoptr(JsonNode) html_like = parse ("{\"status\":\"ok\"}");
  g_autoptr(JsonNode) array = parse ("[1,2]");
  g_autoptr(GError) error = NULL;
  CsClusterInfo *info;

  info = cs_cluster_info_from_json (html_like, NULL, NULL, FALSE, &error);
  g_assert_null (info);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  info = cs_cluster_info_from_json (array, NULL, NULL, FALSE, &error);
  g_assert_null (info);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cluster-probe/plain", test_plain);
  g_test_add_func ("/cluster-probe/compatibility-override", test_compatibility_override);
  g_test_add_func ("/cluster-probe/aws", test_aws);
  g_test_add_func ("/cluster-probe/not-opensearch", test_not_opensearch);

  return g_test_run ();
}
