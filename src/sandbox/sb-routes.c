/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-routes"

/* The route table: the only place that names the handlers. */

#include "config.h"

#include "sb-routes.h"

#include "sb-bedrock-control.h"
#include "sb-cluster.h"
#include "sb-connectors.h"
#include "sb-control.h"
#include "sb-models.h"

typedef struct
{
  const char  *method;
  const char  *pattern;     /* "*" matches one segment */
  SbRouteFunc  func;
  const char  *action;      /* security action; NULL = the control API */
  gboolean     write;
  guint        since_major, since_minor;
} Route;

#define MLA "cluster:admin/opensearch/ml/"

/* Literal segments before wildcards, as OpenSearch's path trie tries explicit matches first. */
static const Route routes[] = {
  { "GET", "", sb_cluster_main, "cluster:monitor/main", FALSE, 0, 0 },
  { "HEAD", "", sb_cluster_main, "cluster:monitor/main", FALSE, 0, 0 },
  { "GET", "_cat/plugins", sb_cluster_cat_plugins, "cluster:monitor/nodes/info", FALSE, 0, 0 },
  { "GET", "_cluster/settings", sb_cluster_get_settings, "cluster:monitor/state", FALSE, 0, 0 },
  { "GET", "_cluster/health", sb_cluster_health, "cluster:monitor/health", FALSE, 0, 0 },
  { "GET", "_nodes/plugins", sb_cluster_nodes_plugins, "cluster:monitor/nodes/info", FALSE, 0, 0 },
  { "PUT", "_cluster/settings", sb_cluster_put_settings,
    "cluster:admin/settings/update", TRUE, 0, 0 },

  { "POST", "_plugins/_ml/connectors/_create", sb_connectors_create,
    MLA "create_connector", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/connectors/_search", sb_connectors_search,
    MLA "connectors/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/connectors/_search", sb_connectors_search,
    MLA "connectors/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/connectors/*", sb_connectors_get, MLA "connectors/get", FALSE, 0, 0 },
  { "PUT", "_plugins/_ml/connectors/*", sb_connectors_update,
    MLA "connectors/update", TRUE, 2, 11 },
  { "DELETE", "_plugins/_ml/connectors/*", sb_connectors_delete,
    MLA "connectors/delete", TRUE, 0, 0 },

  { "POST", "_plugins/_ml/models/_register", sb_models_register, MLA "register_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/_upload", sb_models_register, MLA "register_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/_search", sb_models_search, MLA "models/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/models/_search", sb_models_search, MLA "models/search", FALSE, 0, 0 },
  { "POST", "_plugins/_ml/models/_undeploy", sb_models_undeploy_many,
    MLA "undeploy_models", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/_unload", sb_models_undeploy_many,
    MLA "undeploy_models", TRUE, 0, 0 },
  { "GET", "_plugins/_ml/models/*", sb_models_get, MLA "models/get", FALSE, 0, 0 },
  { "DELETE", "_plugins/_ml/models/*", sb_models_delete, MLA "models/delete", TRUE, 0, 0 },
  { "PUT", "_plugins/_ml/models/*", sb_models_update, MLA "models/update", TRUE, 2, 12 },
  { "POST", "_plugins/_ml/models/*/_deploy", sb_models_deploy, MLA "deploy_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_load", sb_models_deploy, MLA "deploy_model", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_undeploy", sb_models_undeploy,
    MLA "undeploy_models", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_unload", sb_models_undeploy,
    MLA "undeploy_models", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/models/*/_predict", sb_models_predict, MLA "predict", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/_predict/*/*", sb_models_predict, MLA "predict", TRUE, 0, 0 },

  { "POST", "_plugins/_ml/tasks/_search", sb_tasks_search, MLA "tasks/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/tasks/_search", sb_tasks_search, MLA "tasks/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/tasks/*", sb_tasks_get, MLA "tasks/get", FALSE, 0, 0 },

  { "POST", "_plugins/_ml/model_groups/_register", sb_model_groups_register,
    MLA "register_model_group", TRUE, 0, 0 },
  { "POST", "_plugins/_ml/model_groups/_search", sb_model_groups_search,
    MLA "model_groups/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/model_groups/_search", sb_model_groups_search,
    MLA "model_groups/search", FALSE, 0, 0 },
  { "GET", "_plugins/_ml/model_groups/*", sb_model_groups_get,
    MLA "model_groups/get", FALSE, 0, 0 },

  /* Bedrock called directly with SigV4 (README.md, "Bedrock called directly"). */
  { "GET", "_aws/bedrock/foundation-models", sb_bedrock_control_list_models, NULL, FALSE, 0, 0 },
  { "GET", "_aws/bedrock/inference-profiles", sb_bedrock_control_list_profiles, NULL, FALSE,
    0, 0 },
  { "POST", "_aws/bedrock-runtime/model/*/invoke", sb_bedrock_control_invoke, NULL, FALSE, 0, 0 },

  { "GET", "_sandbox", sb_control_info, NULL, FALSE, 0, 0 },
  { "GET", "_sandbox/faults", sb_control_faults_get, NULL, FALSE, 0, 0 },
  { "POST", "_sandbox/faults", sb_control_faults_add, NULL, TRUE, 0, 0 },
  { "DELETE", "_sandbox/faults", sb_control_faults_clear, NULL, TRUE, 0, 0 },
  { "DELETE", "_sandbox/faults/*", sb_control_faults_clear, NULL, TRUE, 0, 0 },
  { "POST", "_sandbox/bedrock-error", sb_control_bedrock_error, NULL, TRUE, 0, 0 },
  { "GET", "_sandbox/requests", sb_control_requests_get, NULL, FALSE, 0, 0 },
  { "DELETE", "_sandbox/requests", sb_control_requests_clear, NULL, TRUE, 0, 0 },
  { "POST", "_sandbox/cluster", sb_control_cluster, NULL, TRUE, 0, 0 },
  { "GET", "_sandbox/connections", sb_control_connections, NULL, FALSE, 0, 0 },
  { "DELETE", "_sandbox/connections", sb_control_connections, NULL, TRUE, 0, 0 },
  { "POST", "_sandbox/ids", sb_control_ids, NULL, TRUE, 0, 0 },
};

static gboolean
path_matches (const char *pattern,
              char      **segs,
              guint       n_segs)
{
  g_auto(GStrv) parts = *pattern ? g_strsplit (pattern, "/", -1) : g_new0 (char *, 1);

  if (g_strv_length (parts) != n_segs)
    return FALSE;
  for (guint i = 0; i < n_segs; i++)
    if (!g_str_equal (parts[i], "*") && !g_str_equal (parts[i], segs[i]))
      return FALSE;
  return TRUE;
}

gboolean
sb_routes_own_authentication (SbRequest *req)
{
  return sb_bedrock_control_is_aws_path (req->raw_path);
}

void
sb_routes_dispatch (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  gboolean ml = req->n_segs >= 2 && g_str_equal (req->segs[0], "_plugins")
                && g_str_equal (req->segs[1], "_ml");

  if (!(ml && s->config->no_ml))
    for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
      {
        const Route *r = &routes[i];

        if (!sb_version_at_least (s, r->since_major, r->since_minor))
          continue;
        if (!path_matches (r->pattern, req->segs, req->n_segs))
          continue;
        if (!g_str_equal (r->method, req->method))
          {
            if (!g_ptr_array_find_with_equal_func (allowed, r->method, g_str_equal, NULL))
              g_ptr_array_add (allowed, (gpointer) r->method);
            continue;
          }

        req->action = r->action;
        if (r->write && req->read_only)
          {
            g_autofree char *reason = g_strdup_printf (
              "no permissions for [%s] and User [name=%s, backend_roles=[], requestedTenant=null]",
              r->action ? r->action : "cluster:admin/sandbox/control", req->user);
            sb_request_reply_error (req, 403, "security_exception", reason);
            return;
          }
        if (ml && sb_control_cluster_refuses (req))
          return;
        r->func (req);
        return;
      }

  if (allowed->len > 0)
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < allowed->len; i++)
        g_string_append_printf (list, "%s%s", i ? ", " : "",
                                (char *) g_ptr_array_index (allowed, i));
      sb_request_reply_string_error (req, 405, TRUE,
                                     "Incorrect HTTP method for uri [%s] and method [%s], "
                                     "allowed: [%s]", req->uri, req->method, list->str);
      g_string_free (list, TRUE);
      return;
    }
  sb_request_reply_string_error (req, 400, FALSE,
                                 "no handler found for uri [%s] and method [%s]",
                                 req->uri, req->method);
}

