/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST /_sandbox/cluster (README.md, "Cluster conditions"): node roles in GET _nodes/plugins
 * and ML Commons' master-key text for the first N ML requests. */
#include "sandbox-test-common.h"

#define MASTER_KEY_TEXT \
  "The ML encryption master key has not been initialized yet. Please retry after waiting for " \
  "10 seconds."

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

/* "name:role,role name:role…", sorted by node name. */
static char *
roles_of (SbtClient *c)
{
  g_autoptr(SbtReply) reply = sbt_request (c, "GET", "/_nodes/plugins", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) ids = NULL;
  JsonObject *nodes;

  g_assert_cmpuint (reply->status, ==, 200);
  nodes = json_object_get_object_member (json_node_get_object (reply->json), "nodes");
  ids = json_object_get_members (nodes);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *node = json_object_get_object_member (nodes, l->data);
      JsonArray *roles = json_object_get_array_member (node, "roles");
      GString *line = g_string_new (json_object_get_string_member (node, "name"));

      g_string_append_c (line, ':');
      for (guint i = 0; i < json_array_get_length (roles); i++)
        g_string_append_printf (line, "%s%s", i ? "," : "",
                                json_array_get_string_element (roles, i));
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" ", (char **) lines->pdata);
}

static void
test_node_roles (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", "--nodes", "2", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autofree char *all = roles_of (c);
  g_autofree char *no_ml = NULL;
  g_autofree char *dedicated = NULL;

  g_assert_true (strstr (all, "sandbox-node-1:cluster_manager,data,ingest,ml") != NULL);
  {
    g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_sandbox/cluster",
                                         "{\"node_roles\":\"no-ml\"}");
    g_assert_cmpuint (r->status, ==, 200);
  }
  no_ml = roles_of (c);
  g_assert_null (strstr (no_ml, "ml "));
  g_assert_false (g_str_has_suffix (no_ml, ",ml"));
  {
    g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_sandbox/cluster",
                                         "{\"node_roles\":\"dedicated-ml\"}");
    g_assert_cmpuint (r->status, ==, 200);
  }
  dedicated = roles_of (c);
  g_assert_nonnull (strstr (dedicated, "sandbox-node-1:cluster_manager,data,ingest "));
  g_assert_true (g_str_has_suffix (dedicated, "sandbox-node-2:ml"));
  {
    g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_sandbox/cluster",
                                         "{\"node_roles\":\"some\"}");
    g_assert_cmpuint (r->status, ==, 400);
  }
}

static void
test_dedicated_needs_two_nodes (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);
  g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_sandbox/cluster",
                                       "{\"node_roles\":\"dedicated-ml\"}");

  g_assert_cmpuint (r->status, ==, 400);
}

static void
test_master_key (void)
{
  g_autoptr(CsTestSandbox) sb = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(SbtClient) c = sbt_client_new (cs_test_sandbox_get_url (sb), NULL);

  {
    g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_sandbox/cluster",
                                         "{\"master_key_not_ready\":2}");
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Not an ML route: unaffected, and not counted. */
  {
    g_autoptr(SbtReply) r = sbt_request (c, "GET", "/_cluster/health", NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search",
                                           "{\"query\":{\"match_all\":{}}}");
      JsonObject *error;

      g_assert_cmpuint (r->status, ==, 404);
      error = json_object_get_object_member (json_node_get_object (r->json), "error");
      g_assert_cmpstr (json_object_get_string_member (error, "type"), ==,
                       "resource_not_found_exception");
      g_assert_cmpstr (json_object_get_string_member (error, "reason"), ==, MASTER_KEY_TEXT);
    }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_plugins/_ml/connectors/_search",
                                         "{\"query\":{\"match_all\":{}}}");
    g_assert_cmpuint (r->status, !=, 404);
    g_assert_null (strstr (r->text, "master key"));
  }
  {
    g_autoptr(SbtReply) r = sbt_request (c, "POST", "/_sandbox/cluster",
                                         "{\"master_key_not_ready\":-1}");
    g_assert_cmpuint (r->status, ==, 400);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/cluster-conditions/dedicated-needs-two-nodes",
                   test_dedicated_needs_two_nodes);
  g_test_add_func ("/sandbox/cluster-conditions/master-key", test_master_key);
  g_test_add_func ("/sandbox/cluster-conditions/node-roles", test_node_roles);

  return g_test_run ();
}
