/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-lifecycle-api"

#include "config.h"

#include "cs-lifecycle-api.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connectors-api.h"
#include "cs-error.h"

gboolean
cs_lifecycle_has_model_update (const CsVersion *version)
{
  return version != NULL && cs_version_at_least (version, 2, 12);
}

gboolean
cs_lifecycle_has_connector_update (const CsVersion *version)
{
  return version != NULL && cs_version_at_least (version, 2, 11);
}

static char *
item_path (const char *collection,
           const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("_plugins/_ml/", collection, "/", escaped, NULL);
}

static void
put_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  if (object == NULL || !json_object_has_member (object, "result"))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                               _("The cluster’s answer to the update is not the one expected. "
                                 "Reload the connector and the models to see what changed."));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
put_async (CsClient            *client,
           const char          *collection,
           const char          *id,
           JsonNode            *body,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  g_autofree char *path = item_path (collection, id);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  /* A new credential goes to the cluster as in a create: same http:// rule. */
  if (!cs_connectors_check_keys_transport (client, body, CS_CONNECTORS_CREATE_NONE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  cs_client_request_async (client, "PUT", path, body, CS_REQUEST_FLAGS_NONE, cancellable,
                           put_cb, g_steal_pointer (&task));
}

void
cs_models_update_async (CsClient            *client,
                        const char          *model_id,
                        JsonNode            *body,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && body != NULL);

  put_async (client, "models", model_id, body, cs_models_update_async, cancellable, callback,
             user_data);
}

gboolean
cs_models_update_finish (CsClient      *client,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_connectors_update_async (CsClient            *client,
                            const char          *connector_id,
                            JsonNode            *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (connector_id != NULL && body != NULL);

  put_async (client, "connectors", connector_id, body, cs_connectors_update_async, cancellable,
             callback, user_data);
}

gboolean
cs_connectors_update_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *answer = cs_client_request_finish (CS_CLIENT (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      json_node_unref (answer);
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                               _("The cluster sent something other than a model. Reload the "
                                 "list of models."));
    }
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

void
cs_models_get_source_async (CsClient            *client,
                            const char          *model_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  g_autofree char *path = item_path ("models", model_id);

  g_task_set_source_tag (task, cs_models_get_source_async);
  cs_client_request_async (client, "GET", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           get_cb, g_steal_pointer (&task));
}

JsonNode *
cs_models_get_source_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
cs_lifecycle_parse_cache_failure (const char *text,
                                  GStrv      *nodes)
{
  static const char marker[] = " but update model cache was failed on following nodes [";
  const char *start, *end;

  if (nodes != NULL)
    *nodes = NULL;
  if (text == NULL || !g_str_has_prefix (text, "Successfully update ML model index with model ID "))
    return FALSE;
  start = strstr (text, marker);
  if (start == NULL)
    return FALSE;
  start += strlen (marker);
  end = strstr (start, "], please retry or redeploy model manually.");
  if (end == NULL)
    return FALSE;
  if (nodes != NULL)
    {
      g_autofree char *list = g_strndup (start, end - start);
      g_auto(GStrv) parts = g_strsplit (list, ",", -1);
      GPtrArray *out = g_ptr_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] != '\0')
            g_ptr_array_add (out, g_strdup (parts[i]));
        }
      g_ptr_array_add (out, NULL);
      *nodes = (GStrv) g_ptr_array_free (out, FALSE);
    }
  return TRUE;
}
