/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connectors-api"

#include "config.h"

#include "cs-connectors-api.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"
#include "cs-profile.h"

#define IN_USE_TEXT "models are still using this connector"

/* ---- calls ---- */

static char *
connector_path (const char *connector_id)
{
  g_autofree char *escaped = g_uri_escape_string (connector_id, NULL, FALSE);

  return g_strconcat ("_plugins/_ml/connectors/", escaped, NULL);
}

/* METHOD _plugins/_ml/connectors/<connector_id> without a body; done_cb gets the answer and a
 * task tagged source_tag that reports to callback. */
static void
connector_request (CsClient            *client,
                   const char          *method,
                   const char          *connector_id,
                   gpointer             source_tag,
                   GAsyncReadyCallback  done_cb,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autofree char *path = connector_path (connector_id);
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  cs_client_request_async (client, method, path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           done_cb, task);
}

static GListStore *parse_search_answer (JsonNode  *answer,
                                        GError   **error);

/* A create in flight: what a lost answer is looked up by. */
typedef struct
{
  char   *name;
  gint64  started_ms;   /* wall clock when the request was sent */
  char   *found_id;     /* after CS_ERROR_ANSWER_LOST_FOUND */
  gint64  found_ms;     /* the cluster's created_time of what a lookup found */
  gboolean timed_out;   /* the request may still be running on the cluster */
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->name);
  g_free (data->found_id);
  g_free (data);
}

static void
create_lookup_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  CreateData *found = g_task_get_task_data (G_TASK (result));

  id = cs_connectors_find_created_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (error != NULL)
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The answer to “Create” was lost, and the cluster could not "
                               "be asked whether it created connector “%s”. Look for it in the "
                               "list of connectors before you create it again."),
                             data->name);
  else if (id != NULL && found->found_ms >= data->started_ms)
    {
      /* Before returning: the callback may run at once and ask for it. */
      data->found_id = g_strdup (id);
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND,
                               _("The answer to “Create” was lost, but the cluster did create "
                                 "connector “%s” (%s). Use it rather than creating another."),
                               data->name, id);
    }
  else if (id != NULL)
    /* Made just before the attempt by the cluster's clock: an older one, or
     * this attempt's on a cluster whose clock runs behind this computer's. */
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The answer to “Create” was lost. The cluster has a connector "
                               "“%s” (%s) made shortly before this attempt, which may be this "
                               "attempt’s if the cluster’s clock runs behind this computer’s. "
                               "Look at it in the list of connectors before you create "
                               "another."),
                             data->name, id);
  else if (data->timed_out)
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The cluster did not answer “Create” in time and has not "
                               "created connector “%s” so far, but it may still be working on "
                               "it. Refresh the list of connectors in a minute before you "
                               "create it again."),
                             data->name);
  else
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST_NOTHING,
                             _("The answer to “Create” was lost, and the cluster has no "
                               "connector “%s” from this attempt: nothing was created. Create "
                               "it again when the cluster is reachable."),
                             data->name);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *id = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    id = cs_json_dup_string (json_node_get_object (answer), "connector_id");
  if (answer != NULL && (id == NULL || id[0] == '\0'))
    g_set_error_literal (&error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                         _("The cluster accepted the connector but did not say its id."));

  if (error == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&id), g_free);
      return;
    }

  /* Never "try again" after the request may have reached the cluster: look
   * for what it may have created instead. */
  if (cs_error_answer_may_be_lost (error) && data->name != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_debug ("Answer to create lost (%s); looking for “%s”", error->message, data->name);

      data->timed_out = g_error_matches (error, CS_ERROR, CS_ERROR_TIMEOUT);
      cs_connectors_find_created_async (CS_CLIENT (source), data->name,
                                        data->started_ms - CS_LOST_ANSWER_CLOCK_SLACK_MS,
                                        cancellable, create_lookup_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/* Whether a connector body (or a model update's inline "connector") holds
 * AWS keys: any credential member but a roleArn. */
static gboolean
body_has_keys (JsonNode *body)
{
  JsonObject *object;
  JsonObject *credential;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (body))
    return FALSE;
  object = json_node_get_object (body);
  credential = cs_json_get_object (object, "credential");
  if (credential == NULL)
    credential = cs_json_get_object (cs_json_get_object (object, "connector"), "credential");
  if (credential == NULL)
    return FALSE;
  json_object_iter_init (&iter, credential);
  while (json_object_iter_next (&iter, &name, &member))
    if (strcmp (name, "roleArn") != 0 && !JSON_NODE_HOLDS_NULL (member))
      return TRUE;
  return FALSE;
}

/**
 * cs_connectors_check_keys_transport:
 * @client: the cluster's client
 * @body: a connector body, or a model update with an inline "connector"
 * @flags: %CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP when the caller has the
 *   user's confirmation at hand
 * @error: return location for the refusal
 *
 * The one rule for a connector's AWS keys and plain http://: refused unless
 * the user confirmed, through @flags or cs_client_set_keys_over_http_allowed().
 *
 * Returns: %TRUE when @body may be sent
 */
gboolean
cs_connectors_check_keys_transport (CsClient                 *client,
                                    JsonNode                 *body,
                                    CsConnectorsCreateFlags   flags,
                                    GError                  **error)
{
  g_return_val_if_fail (CS_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if ((flags & CS_CONNECTORS_CREATE_ALLOW_PLAIN_HTTP) ||
      cs_client_get_keys_over_http_allowed (client) ||
      !cs_profile_url_is_plain_http (cs_client_get_base_url (client)) || !body_has_keys (body))
    return TRUE;

  g_set_error_literal (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT,
                       _("The cluster uses plain http://, so the connector’s AWS keys would "
                         "travel unencrypted. Connect to the cluster over https://, or use an "
                         "IAM role ARN instead of keys."));
  return FALSE;
}

void
cs_connectors_create_async (CsClient            *client,
                            JsonNode            *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  cs_connectors_create_full_async (client, body, CS_CONNECTORS_CREATE_NONE, cancellable,
                                   callback, user_data);
}

void
cs_connectors_create_full_async (CsClient                *client,
                                 JsonNode                *body,
                                 CsConnectorsCreateFlags  flags,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  CreateData *data;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (body != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_create_async);

  if (!cs_connectors_check_keys_transport (client, body, flags, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  data = g_new0 (CreateData, 1);
  if (JSON_NODE_HOLDS_OBJECT (body))
    data->name = cs_json_dup_string (json_node_get_object (body), "name");
  data->started_ms = g_get_real_time () / 1000;
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_create", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, create_cb, task);
}

char *
cs_connectors_create_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connectors_create_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
cs_connectors_create_get_found_id (GAsyncResult *result)
{
  CreateData *data;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connectors_create_async,
                        NULL);
  data = g_task_get_task_data (G_TASK (result));
  return data->found_id;
}

/* ---- what a lost create left behind ---- */

static void
find_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(JsonNode) answer = NULL;
  CsConnectorInfo *newest = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer != NULL)
    store = parse_search_answer (answer, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The query asked for this; the answer is checked all the same. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(CsConnectorInfo) info = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (cs_connector_info_get_name (info), data->name) != 0 ||
          cs_connector_info_get_created_time (info) < data->started_ms ||
          cs_connector_info_get_id (info) == NULL)
        continue;
      if (newest == NULL ||
          cs_connector_info_get_created_time (info) > cs_connector_info_get_created_time (newest))
        newest = info;
    }
  if (newest != NULL)
    data->found_ms = cs_connector_info_get_created_time (newest);
  g_task_return_pointer (task, newest != NULL ? g_strdup (cs_connector_info_get_id (newest))
                                              : NULL,
                         g_free);
}

void
cs_connectors_find_created_async (CsClient            *client,
                                  const char          *name,
                                  gint64               since_ms,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  const char *const terms[] = { "name.keyword", name, NULL };
  GTask *task;
  CreateData *data;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_find_created_async);
  data = g_new0 (CreateData, 1);
  data->name = g_strdup (name);
  data->started_ms = since_ms;
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  body = cs_json_build_filter_search (terms, "created_time", since_ms);

  cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, find_created_cb, task);
}

char *
cs_connectors_find_created_finish (CsClient      *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_connectors_find_created_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 ta = cs_connector_info_get_created_time ((CsConnectorInfo *) a);
  gint64 tb = cs_connector_info_get_created_time ((CsConnectorInfo *) b);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static GListStore *
parse_search_answer (JsonNode  *answer,
                     GError   **error)
{
  g_autoptr(GListStore) store = NULL;
  JsonArray *hits = cs_json_get_search_hits (answer);

  if (hits == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                           _("The cluster’s answer to the connector search has no hits. "
                             "Check that the URL points at OpenSearch, then refresh."));
      return NULL;
    }

  store = g_list_store_new (CS_TYPE_CONNECTOR_INFO);
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonNode *hit = json_array_get_element (hits, i);
      g_autoptr(CsConnectorInfo) info = NULL;

      if (JSON_NODE_HOLDS_OBJECT (hit))
        info = cs_connector_info_new_from_hit (json_node_get_object (hit));
      if (info != NULL)
        g_list_store_append (store, info);
    }
  g_list_store_sort (store, compare_newest_first, NULL);
  return g_steal_pointer (&store);
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  GListStore *store = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer != NULL)
    store = parse_search_answer (answer, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
cs_connectors_search_async (CsClient            *client,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (CS_IS_CLIENT (client));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "match_all");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, 1000);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_search_async);
  cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, search_cb, task);
}

GListStore *
cs_connectors_search_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connectors_search_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (answer))
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                             _("The cluster answered with something that is not a connector. "
                               "Refresh the list and try again."));
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
}

void
cs_connectors_get_async (CsClient            *client,
                         const char          *connector_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (connector_id != NULL);

  connector_request (client, "GET", connector_id, cs_connectors_get_async, get_cb, cancellable,
                     callback, user_data);
}

JsonNode *
cs_connectors_get_finish (CsClient      *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connectors_get_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GStrv
cs_connectors_parse_models_in_use (const char *reason)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) parts = NULL;
  const char *open, *close;
  g_autofree char *inside = NULL;

  if (reason == NULL || strstr (reason, IN_USE_TEXT) == NULL)
    return NULL;
  open = strrchr (reason, '[');
  close = open != NULL ? strchr (open, ']') : NULL;
  if (open == NULL || close == NULL)
    return NULL;

  /* The cluster prints a Java list: "[id1, id2]". */
  inside = g_strndup (open + 1, close - open - 1);
  parts = g_strsplit (inside, ",", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

char *
cs_connectors_explain_in_use (const GError *error)
{
  const char *reason;
  g_auto(GStrv) models = NULL;
  g_autofree char *list = NULL;

  if (error == NULL || error->domain != CS_ERROR)
    return NULL;
  reason = cs_error_get_server_reason (error);
  if (reason == NULL || strstr (reason, IN_USE_TEXT) == NULL)
    return NULL;

  models = cs_connectors_parse_models_in_use (reason);
  list = models != NULL ? g_strjoinv (", ", models) : g_strdup ("?");

  if (strstr (reason, "undeploy") != NULL)
    return g_strdup_printf (_("The cluster does not change a connector while a deployed model "
                              "uses it (still deployed: %s). Undeploy those models on the "
                              "Models page, change the connector, then deploy them again."),
                            list);
  return g_strdup_printf (_("This connector is still used by models: %s. Delete those models "
                            "on the Models page first (undeploy them if they are deployed), "
                            "then delete the connector."),
                          list);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *outcome = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_autofree char *explanation = cs_connectors_explain_in_use (error);

      if (explanation != NULL)
        {
          /* Keep the cluster's own fields (status, reason) on the error. */
          error->code = CS_ERROR_CONFLICT;
          g_free (error->message);
          error->message = g_steal_pointer (&explanation);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (answer))
    outcome = cs_json_dup_string (json_node_get_object (answer), "result");
  if (g_strcmp0 (outcome, "not_found") == 0)
    g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  g_task_return_boolean (task, TRUE);
}

void
cs_connectors_delete_async (CsClient            *client,
                            const char          *connector_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (connector_id != NULL);

  connector_request (client, "DELETE", connector_id, cs_connectors_delete_async, delete_cb,
                     cancellable, callback, user_data);
}

gboolean
cs_connectors_delete_finish (CsClient      *client,
                             GAsyncResult  *result,
                             gboolean      *already_gone,
                             GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connectors_delete_async,
                        FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (already_gone != NULL)
    *already_gone = ok && GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));
  return ok;
}
