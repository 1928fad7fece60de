/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-cluster-probe"

#include "config.h"

#include "cs-cluster-probe.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"

G_DEFINE_BOXED_TYPE (CsClusterInfo, cs_cluster_info, cs_cluster_info_copy, cs_cluster_info_free)

CsClusterInfo *
cs_cluster_info_copy (const CsClusterInfo *info)
{
  CsClusterInfo *copy = g_new0 (CsClusterInfo, 1);

  *copy = *info;
  copy->distribution = g_strdup (info->distribution);
  copy->version_text = g_strdup (info->version_text);
  copy->cluster_name = g_strdup (info->cluster_name);
  copy->ml_version = g_strdup (info->ml_version);
  return copy;
}

void
cs_cluster_info_free (CsClusterInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->distribution);
  g_free (info->version_text);
  g_free (info->cluster_name);
  g_free (info->ml_version);
  g_free (info);
}

gboolean
cs_cluster_host_is_aws (const char *host)
{
  g_autofree char *lower = NULL;

  if (host == NULL)
    return FALSE;
  lower = g_ascii_strdown (host, -1);
  return g_str_has_suffix (lower, ".es.amazonaws.com") ||
         g_str_has_suffix (lower, ".aoss.amazonaws.com") ||
         g_str_has_suffix (lower, ".es.amazonaws.com.cn");
}

CsClusterInfo *
cs_cluster_info_from_json (JsonNode    *root,
                           JsonNode    *plugins,
                           const char  *base_url,
                           gboolean     sigv4,
                           GError     **error)
{
  g_autoptr(CsClusterInfo) info = g_new0 (CsClusterInfo, 1);
  g_autoptr(GUri) uri = NULL;
  JsonObject *object;
  JsonObject *version = NULL;
  const char *distribution;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The address answered, but not like an OpenSearch cluster. Check the "
                     "cluster address."));
      return NULL;
    }

  object = json_node_get_object (root);
  version = cs_json_get_object (object, "version");
  if (version == NULL || cs_json_get_string (version, "number") == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The address answered, but not like an OpenSearch cluster. Check the "
                     "cluster address."));
      return NULL;
    }

  distribution = cs_json_get_string (version, "distribution");
  /* OpenSearch always says so; Elasticsearch has no distribution field. */
  info->distribution = distribution != NULL ? cs_json_make_valid_utf8 (distribution, -1)
                                           : g_strdup ("elasticsearch");
  info->version_text = cs_json_dup_string (version, "number");
  info->cluster_name = cs_json_dup_string (object, "cluster_name");

  if (g_strcmp0 (info->distribution, "opensearch") == 0 &&
      g_strcmp0 (info->version_text, "7.10.2") == 0)
    info->version_overridden = TRUE;
  else if (g_strcmp0 (info->distribution, "opensearch") == 0)
    info->has_version = cs_version_parse (info->version_text, &info->version);

  if (plugins != NULL && JSON_NODE_HOLDS_ARRAY (plugins))
    {
      JsonArray *array = json_node_get_array (plugins);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *plugin;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          plugin = json_node_get_object (element);
          if (g_strcmp0 (cs_json_get_string (plugin, "component"), "opensearch-ml") == 0 &&
              cs_json_get_string (plugin, "version") != NULL)
            {
              info->ml_version = cs_json_dup_string (plugin, "version");
              break;
            }
        }
    }

  /* ML Commons is versioned as OpenSearch + ".0": it tells the real version
   * when GET / answered 7.10.2 for compatibility. */
  if (info->version_overridden && info->ml_version != NULL)
    info->has_version = cs_version_parse (info->ml_version, &info->version);

  if (base_url != NULL)
    uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  info->aws_managed = sigv4 || (uri != NULL && cs_cluster_host_is_aws (g_uri_get_host (uri)));

  return g_steal_pointer (&info);
}

typedef struct
{
  gboolean  sigv4;
  JsonNode *root;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_pointer (&probe->root, json_node_unref);
  g_free (probe);
}

static void
plugins_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  CsClient *client = CS_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) plugins = NULL;
  CsClusterInfo *info;

  plugins = cs_client_request_finish (client, result, &error);
  if (plugins == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* Some managed clusters do not allow _cat: go on without the plugin list. */
      g_debug ("Listing the plugins failed: %s", error->message);
      g_clear_error (&error);
    }

  info = cs_cluster_info_from_json (probe->root, plugins, cs_client_get_base_url (client),
                                    probe->sigv4, &error);
  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, info, (GDestroyNotify) cs_cluster_info_free);
}

static void
root_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  probe->root = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (probe->root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  cs_client_request_async (CS_CLIENT (source), "GET", "_cat/plugins?format=json", NULL,
                           CS_REQUEST_FLAGS_NONE, cancellable,
                           plugins_done_cb, g_steal_pointer (&task));
}

void
cs_cluster_probe_async (CsClient            *client,
                        gboolean             sigv4,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Probe *probe;

  g_return_if_fail (CS_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_cluster_probe_async);
  probe = g_new0 (Probe, 1);
  probe->sigv4 = sigv4;
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);

  cs_client_request_async (client, "GET", "", NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           root_done_cb, g_steal_pointer (&task));
}

CsClusterInfo *
cs_cluster_probe_finish (CsClient      *client,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_cluster_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
