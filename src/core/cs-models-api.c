/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-models-api"

#include "config.h"

#include "cs-models-api.h"
#include "cs-models-api-private.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-json.h"

/* How many models one search asks for: the cluster's default
 * `index.max_result_window`. */
#define SEARCH_SIZE 10000

/* How long register waits for its (synchronous) task to name the model. */
#define REGISTER_TASK_ATTEMPTS 8

static char *
model_path (const char *model_id,
            const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (model_id, NULL, FALSE);

  return g_strconcat ("_plugins/_ml/models/", escaped, suffix, NULL);
}

static GError *
bad_response (void)
{
  return g_error_new_literal (CS_ERROR, CS_ERROR_BAD_RESPONSE,
                              _("The cluster answered in a form Connector Studio does not "
                                "understand. Check that the address points to an OpenSearch "
                                "cluster with ML Commons."));
}

/* ------------------------------------------------------------------------ */
/* Pure builders and parsers */

JsonNode *
cs_models_build_register_body (const char *name,
                               const char *description,
                               const char *connector_id,
                               const char *model_group_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (connector_id != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  /* Always: without it ML Commons takes the model for a text-embedding one. */
  json_builder_set_member_name (builder, "function_name");
  json_builder_add_string_value (builder, "remote");
  if (description != NULL && *description != '\0')
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_set_member_name (builder, "connector_id");
  json_builder_add_string_value (builder, connector_id);
  if (model_group_id != NULL && *model_group_id != '\0')
    {
      json_builder_set_member_name (builder, "model_group_id");
      json_builder_add_string_value (builder, model_group_id);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
cs_models_parse_register_response (JsonNode  *answer,
                                   char     **model_id,
                                   char     **task_id,
                                   GError   **error)
{
  JsonObject *object;
  const char *mid, *tid;

  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (model_id != NULL)
    *model_id = NULL;
  if (task_id != NULL)
    *task_id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_propagate_error (error, bad_response ());
      return FALSE;
    }

  object = json_node_get_object (answer);
  mid = cs_json_get_string (object, "model_id");
  tid = cs_json_get_string (object, "task_id");
  if (mid != NULL && *mid == '\0')
    mid = NULL;
  if (tid != NULL && *tid == '\0')
    tid = NULL;

  if (mid == NULL && tid == NULL)
    {
      g_propagate_error (error, bad_response ());
      return FALSE;
    }

  if (model_id != NULL)
    *model_id = g_strdup (mid);
  if (task_id != NULL)
    *task_id = g_strdup (tid);
  return TRUE;
}

gboolean
cs_models_parse_undeploy_response (JsonNode    *answer,
                                   const char  *model_id,
                                   guint       *n_undeployed,
                                   guint       *n_not_found,
                                   GError     **error)
{
  JsonObjectIter iter;
  const char *node_id;
  JsonNode *node_answer;
  guint undeployed = 0, not_found = 0;

  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (model_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_propagate_error (error, bad_response ());
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (answer));
  while (json_object_iter_next (&iter, &node_id, &node_answer))
    {
      JsonNode *stats;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (node_answer))
        continue;
      stats = json_object_get_member (json_node_get_object (node_answer), "stats");
      if (stats == NULL || !JSON_NODE_HOLDS_OBJECT (stats))
        continue;
      value = cs_json_get_string (json_node_get_object (stats), model_id);
      if (value == NULL)
        continue;

      /* The source uses lower case; the documentation shows upper case. */
      if (g_ascii_strcasecmp (value, "undeployed") == 0)
        undeployed++;
      else if (g_ascii_strcasecmp (value, "not_found") == 0)
        not_found++;
    }

  if (n_undeployed != NULL)
    *n_undeployed = undeployed;
  if (n_not_found != NULL)
    *n_not_found = not_found;
  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  CsModelInfo *ma = *(CsModelInfo **) a;
  CsModelInfo *mb = *(CsModelInfo **) b;
  gint64 ta = cs_model_info_get_created_time (ma);
  gint64 tb = cs_model_info_get_created_time (mb);

  if (ta != tb)
    return ta < tb ? 1 : -1;
  return g_strcmp0 (cs_model_info_get_name (ma), cs_model_info_get_name (mb));
}

GListStore *
cs_models_parse_search_response (JsonNode  *answer,
                                 GError   **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CS_TYPE_MODEL_INFO);
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *hits_node;
  JsonNode *inner;
  JsonArray *hits;

  g_return_val_if_fail (answer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    goto bad;
  hits_node = json_object_get_member (json_node_get_object (answer), "hits");
  if (hits_node == NULL || !JSON_NODE_HOLDS_OBJECT (hits_node))
    goto bad;
  inner = json_object_get_member (json_node_get_object (hits_node), "hits");
  if (inner == NULL)
    return g_steal_pointer (&store);
  if (!JSON_NODE_HOLDS_ARRAY (inner))
    goto bad;

  hits = json_node_get_array (inner);
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonNode *hit = json_array_get_element (hits, i);
      JsonNode *source;
      const char *id;
      const char *algorithm;
      CsModelInfo *model;

      if (!JSON_NODE_HOLDS_OBJECT (hit))
        continue;
      id = cs_json_get_string (json_node_get_object (hit), "_id");
      source = json_object_get_member (json_node_get_object (hit), "_source");
      if (id == NULL || *id == '\0' || source == NULL || !JSON_NODE_HOLDS_OBJECT (source))
        continue;

      /* The query asks for remote models; a cluster that ignores it still
       * shows only those. Chunks of local models have no name and drop out. */
      algorithm = cs_json_get_string (json_node_get_object (source), "algorithm");
      if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "REMOTE") != 0)
        continue;

      model = cs_model_info_new_from_json (id, json_node_get_object (source), NULL);
      if (model != NULL)
        g_ptr_array_add (models, model);
    }

  g_ptr_array_sort (models, compare_newest_first);
  g_list_store_splice (store, 0, 0, models->pdata, models->len);
  return g_steal_pointer (&store);

bad:
  g_propagate_error (error, bad_response ());
  return NULL;
}

static gboolean
text_is_master_key_pending (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  return strstr (lower, "master key has not been initialized") != NULL ||
         strstr (lower, "master key is not initialized") != NULL;
}

gboolean
cs_models_text_is_master_key_pending (const char *text)
{
  return text_is_master_key_pending (text);
}

gboolean
cs_models_error_is_master_key_pending (const GError *error)
{
  if (error == NULL)
    return FALSE;
  return text_is_master_key_pending (error->message) ||
         text_is_master_key_pending (cs_error_get_server_reason (error));
}

gboolean
cs_models_error_is_delete_refused (const GError *error)
{
  const char *reason;
  g_autofree char *lower = NULL;

  if (error == NULL || error->domain != CS_ERROR)
    return FALSE;
  reason = cs_error_get_server_reason (error);
  if (reason == NULL)
    reason = error->message;
  lower = g_ascii_strdown (reason, -1);
  return strstr (lower, "cannot be deleted in deploying or deployed state") != NULL;
}

/* ------------------------------------------------------------------------ */
/* Search */

/* The answer being turned into models: owned by the worker, which also frees
 * it. Freeing the tree of thousands of models takes as long as a few frames,
 * and the main loop would do it when it drops the task. */
typedef struct
{
  JsonNode *answer;
} SearchParse;

static void
search_parse_free (SearchParse *parse)
{
  g_clear_pointer (&parse->answer, json_node_unref);
  g_free (parse);
}

static void
search_parse_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SearchParse *parse = task_data;
  g_autoptr(JsonNode) answer = g_steal_pointer (&parse->answer);
  GError *error = NULL;
  GListStore *store = cs_models_parse_search_response (answer, &error);

  g_clear_pointer (&answer, json_node_unref);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  SearchParse *parse;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      /* No model was ever registered: the model index does not exist yet. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_NOT_FOUND) &&
          g_strcmp0 (cs_error_get_server_type (error), "index_not_found_exception") == 0)
        {
          g_task_return_pointer (task, g_list_store_new (CS_TYPE_MODEL_INFO), g_object_unref);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Thousands of models take long enough to turn into objects that the main
   * loop would miss frames; the parsed tree is not touched elsewhere. */
  parse = g_new0 (SearchParse, 1);
  parse->answer = g_steal_pointer (&answer);
  g_task_set_task_data (task, parse, (GDestroyNotify) search_parse_free);
  g_task_run_in_thread (task, search_parse_thread);
}

static JsonNode *
build_search_body (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, SEARCH_SIZE);
  json_builder_set_member_name (builder, "query");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "term");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, "REMOTE");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
cs_models_search_async (CsClient            *client,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_search_async);

  body = build_search_body ();
  cs_client_request_async (client, "POST", "_plugins/_ml/models/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, search_done_cb,
                           g_steal_pointer (&task));
}

gboolean
_cs_models_search_result_holds_answer (GAsyncResult *result)
{
  SearchParse *parse;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_search_async, FALSE);

  parse = g_task_get_task_data (G_TASK (result));
  return parse != NULL && parse->answer != NULL;
}

GListStore *
cs_models_search_finish (CsClient      *client,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Get */

/* The answer of GET models/<id> or GET tasks/<id>: one object, parsed by the
 * constructor that fits the request (told by the task's source tag). */
static void
object_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *id = g_task_get_task_data (task);
  gpointer object;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_task_return_error (task, bad_response ());
      return;
    }

  if (g_task_get_source_tag (task) == cs_models_get_async)
    object = cs_model_info_new_from_json (id, json_node_get_object (answer), &error);
  else
    object = cs_task_info_new_from_json (id, json_node_get_object (answer), &error);

  if (object == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, object, g_object_unref);
}

void
cs_models_get_async (CsClient            *client,
                     const char          *model_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_get_async);
  g_task_set_task_data (task, g_strdup (model_id), g_free);

  path = model_path (model_id, "");
  cs_client_request_async (client, "GET", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           object_done_cb, g_steal_pointer (&task));
}

CsModelInfo *
cs_models_get_finish (CsClient      *client,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Tasks */

void
cs_models_get_task_async (CsClient            *client,
                          const char          *task_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (task_id != NULL && *task_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_get_task_async);
  g_task_set_task_data (task, g_strdup (task_id), g_free);

  escaped = g_uri_escape_string (task_id, NULL, FALSE);
  path = g_strconcat ("_plugins/_ml/tasks/", escaped, NULL);
  cs_client_request_async (client, "GET", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           object_done_cb, g_steal_pointer (&task));
}

CsTaskInfo *
cs_models_get_task_finish (CsClient      *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_get_task_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
find_deploy_task_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *model_id = g_task_get_task_data (task);
  g_autoptr(CsTaskInfo) newest = NULL;
  JsonArray *hits;
  CsJsonHitIter iter;
  const char *id;
  JsonObject *hit_source;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      /* Not knowing the task only costs the failure text; a cluster without
       * the task index or search is not an error here. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_NOT_FOUND) ||
          g_error_matches (error, CS_ERROR, CS_ERROR_NO_ML_COMMONS))
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hits = cs_json_get_search_hits (answer);
  if (hits == NULL)
    {
      g_task_return_error (task, bad_response ());
      return;
    }

  cs_json_hit_iter_init (&iter, hits);
  while (cs_json_hit_iter_next (&iter, &id, &hit_source))
    {
      g_autoptr(CsTaskInfo) info = cs_task_info_new_from_json (id, hit_source, NULL);

      if (info == NULL ||
          g_strcmp0 (cs_task_info_get_model_id (info), model_id) != 0 ||
          g_strcmp0 (cs_task_info_get_task_type (info), "DEPLOY_MODEL") != 0)
        continue;
      if (newest == NULL ||
          cs_task_info_get_create_time (info) > cs_task_info_get_create_time (newest))
        g_set_object (&newest, info);
    }

  g_task_return_pointer (task, g_steal_pointer (&newest), g_object_unref);
}

void
cs_models_find_deploy_task_async (CsClient            *client,
                                  const char          *model_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *const terms[] = { "model_id", model_id, "task_type", "DEPLOY_MODEL", NULL };

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_find_deploy_task_async);
  g_task_set_task_data (task, g_strdup (model_id), g_free);

  body = cs_json_build_filter_search (terms, NULL, 0);

  cs_client_request_async (client, "POST", "_plugins/_ml/tasks/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, find_deploy_task_done_cb,
                           g_steal_pointer (&task));
}

CsTaskInfo *
cs_models_find_deploy_task_finish (CsClient      *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_models_find_deploy_task_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Register */

typedef struct
{
  char   *model_id;
  char   *task_id;
  guint   attempt;
  guint   timeout_id;
  /* What a lost answer is looked up by */
  char   *name;
  char   *connector_id;
  gint64  started_ms;
  char   *found_id;
  gboolean timed_out;
} RegisterData;

static void
register_data_free (RegisterData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_free (data->model_id);
  g_free (data->task_id);
  g_free (data->name);
  g_free (data->connector_id);
  g_free (data->found_id);
  g_free (data);
}

typedef struct
{
  char *model_id;
  char *task_id;
} RegisterResult;

static void
register_result_free (RegisterResult *result)
{
  g_free (result->model_id);
  g_free (result->task_id);
  g_free (result);
}

static void
register_return (GTask *task)
{
  RegisterData *data = g_task_get_task_data (task);
  RegisterResult *result = g_new0 (RegisterResult, 1);

  result->model_id = g_strdup (data->model_id);
  result->task_id = g_strdup (data->task_id);
  g_task_return_pointer (task, result, (GDestroyNotify) register_result_free);
}

static void register_ask_task (GTask *task);

static gboolean
register_ask_task_cb (gpointer user_data)
{
  GTask *task = user_data;
  RegisterData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  register_ask_task (task);
  return G_SOURCE_REMOVE;
}

static void
register_task_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RegisterData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTaskInfo) info = NULL;

  info = cs_models_get_task_finish (CS_CLIENT (source), result, &error);
  if (info == NULL)
    {
      /* The model exists; only its id is unknown. Say so rather than
       * inviting a second register. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error,
                        _("The model was registered, but its id could not be read from task "
                          "“%s”; find it in the list of models. "), data->task_id);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cs_task_info_get_model_id (info) != NULL)
    {
      data->model_id = g_strdup (cs_task_info_get_model_id (info));
      register_return (task);
      return;
    }

  if (cs_task_info_is_failed (info))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_REJECTED,
                               _("The cluster could not register the model: %s"),
                               cs_task_info_get_error (info) != NULL
                                 ? cs_task_info_get_error (info)
                                 : cs_task_info_get_state (info));
      return;
    }

  if (++data->attempt >= REGISTER_TASK_ATTEMPTS)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The cluster accepted the model but has not named it yet "
                                 "(task “%s”). Refresh the list of models in a moment."),
                               data->task_id);
      return;
    }

  /* Reading the task again is harmless; the register itself is never repeated. */
  data->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 100u << MIN (data->attempt, 4u),
                                         register_ask_task_cb, g_steal_pointer (&task),
                                         g_object_unref);
}

static void
register_ask_task (GTask *task)
{
  RegisterData *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  cs_models_get_task_async (g_task_get_source_object (task), data->task_id,
                            g_task_get_cancellable (task), register_task_done_cb,
                            g_object_ref (task));
}

/* A lookup of what a lost register left behind (cs_models_find_registered_async). */
typedef struct
{
  char       *name;
  char       *connector_id;
  gint64      since_ms;
  GListStore *models;     /* matching models, from the model search */
  gint64      found_ms;   /* the cluster's created_time of the model found */
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->name);
  g_free (data->connector_id);
  g_clear_object (&data->models);
  g_free (data);
}

static void
register_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RegisterData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FindData *found = g_task_get_task_data (G_TASK (result));

  id = cs_models_find_registered_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_FAILED))
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The answer to “Register” was lost, and the cluster is still "
                               "registering a model it has not named yet. Look for model “%s” "
                               "in the list of models in a moment, before you register it "
                               "again."),
                             data->name);
  else if (error != NULL)
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The answer to “Register” was lost, and the cluster could not "
                               "be asked whether it registered model “%s”. Look for it in the "
                               "list of models before you register it again."),
                             data->name);
  else if (id != NULL && found->found_ms >= data->started_ms)
    {
      /* Before returning: the callback may run at once and ask for it. */
      data->found_id = g_strdup (id);
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND,
                               _("The answer to “Register” was lost, but the cluster did "
                                 "register model “%s” (%s). Use it rather than registering "
                                 "another."),
                               data->name, id);
    }
  else if (id != NULL)
    /* Made just before the attempt by the cluster's clock: an older one, or
     * this attempt's on a cluster whose clock runs behind this computer's. */
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The answer to “Register” was lost. The cluster has a model "
                               "“%s” (%s) registered shortly before this attempt, which may be "
                               "this attempt’s if the cluster’s clock runs behind this "
                               "computer’s. Look at it in the list of models before you "
                               "register another."),
                             data->name, id);
  else if (data->timed_out)
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST,
                             _("The cluster did not answer “Register” in time and has not "
                               "registered model “%s” so far, but it may still be working on "
                               "it. Refresh the list of models in a minute before you "
                               "register it again."),
                             data->name);
  else
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_ANSWER_LOST_NOTHING,
                             _("The answer to “Register” was lost, and the cluster has no "
                               "model “%s” from this attempt: nothing was registered. Register "
                               "it again when the cluster is reachable."),
                             data->name);
}

static void
register_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RegisterData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL ||
      !cs_models_parse_register_response (answer, &data->model_id, &data->task_id, &error))
    {
      /* Never "try again" after the request may have reached the cluster:
       * look for what it may have registered instead. */
      if (cs_error_answer_may_be_lost (error))
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          data->timed_out = g_error_matches (error, CS_ERROR, CS_ERROR_TIMEOUT);

          g_debug ("Answer to register lost (%s); looking for “%s”", error->message, data->name);
          cs_models_find_registered_async (CS_CLIENT (source), data->name, data->connector_id,
                                           data->started_ms - CS_LOST_ANSWER_CLOCK_SLACK_MS,
                                           cancellable, register_lookup_cb,
                                           g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->model_id != NULL)
    register_return (task);
  else
    register_ask_task (task); /* 2.9 and 2.10 name the model only in the task */
}

void
cs_models_register_async (CsClient            *client,
                          const char          *name,
                          const char          *description,
                          const char          *connector_id,
                          const char          *model_group_id,
                          gboolean             deploy,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  RegisterData *data;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (connector_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_register_async);
  data = g_new0 (RegisterData, 1);
  data->name = g_strdup (name);
  data->connector_id = g_strdup (connector_id);
  data->started_ms = g_get_real_time () / 1000;
  g_task_set_task_data (task, data, (GDestroyNotify) register_data_free);

  body = cs_models_build_register_body (name, description, connector_id, model_group_id);
  cs_client_request_async (client, "POST",
                           deploy ? "_plugins/_ml/models/_register?deploy=true"
                                  : "_plugins/_ml/models/_register",
                           body, CS_REQUEST_FLAGS_NONE, cancellable, register_done_cb,
                           g_steal_pointer (&task));
}

char *
cs_models_register_finish (CsClient      *client,
                           GAsyncResult  *result,
                           char         **task_id,
                           GError       **error)
{
  RegisterResult *res;
  char *model_id;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_register_async,
                        NULL);

  if (task_id != NULL)
    *task_id = NULL;

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return NULL;

  model_id = g_steal_pointer (&res->model_id);
  if (task_id != NULL)
    *task_id = g_steal_pointer (&res->task_id);
  register_result_free (res);
  return model_id;
}

const char *
cs_models_register_get_found_id (GAsyncResult *result)
{
  RegisterData *data;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_register_async,
                        NULL);
  data = g_task_get_task_data (G_TASK (result));
  return data->found_id;
}

/* ------------------------------------------------------------------------ */
/* What a lost register left behind */

static gboolean
model_matches (FindData    *data,
               CsModelInfo *model)
{
  return cs_model_info_get_id (model) != NULL &&
         g_strcmp0 (cs_model_info_get_name (model), data->name) == 0 &&
         g_strcmp0 (cs_model_info_get_connector_id (model), data->connector_id) == 0 &&
         cs_model_info_get_created_time (model) >= data->since_ms;
}

static void
find_registered_tasks_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  CsModelInfo *newest = NULL;
  JsonArray *hits;
  CsJsonHitIter iter;
  const char *id;
  JsonObject *hit_source;
  gboolean unfinished = FALSE;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hits = cs_json_get_search_hits (answer);
  if (hits == NULL)
    {
      g_task_return_error (task, bad_response ());
      return;
    }

  /* A model the register task of this attempt names is the one; without such
   * a task, the newest model that matches. */
  cs_json_hit_iter_init (&iter, hits);
  while (cs_json_hit_iter_next (&iter, &id, &hit_source))
    {
      g_autoptr(CsTaskInfo) info = cs_task_info_new_from_json (id, hit_source, NULL);

      if (info == NULL || g_strcmp0 (cs_task_info_get_task_type (info), "REGISTER_MODEL") != 0 ||
          cs_task_info_get_create_time (info) < data->since_ms)
        continue;
      if (cs_task_info_get_model_id (info) == NULL && !cs_task_info_is_done (info))
        unfinished = TRUE;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (data->models)); j++)
        {
          g_autoptr(CsModelInfo) model = g_list_model_get_item (G_LIST_MODEL (data->models), j);

          if (g_strcmp0 (cs_model_info_get_id (model), cs_task_info_get_model_id (info)) == 0)
            {
              data->found_ms = cs_model_info_get_created_time (model);
              g_task_return_pointer (task, g_strdup (cs_model_info_get_id (model)), g_free);
              return;
            }
        }
    }

  for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (data->models)); j++)
    {
      g_autoptr(CsModelInfo) model = g_list_model_get_item (G_LIST_MODEL (data->models), j);

      if (newest == NULL ||
          cs_model_info_get_created_time (model) > cs_model_info_get_created_time (newest))
        newest = model;
    }
  if (newest != NULL)
    {
      data->found_ms = cs_model_info_get_created_time (newest);
      g_task_return_pointer (task, g_strdup (cs_model_info_get_id (newest)), g_free);
    }
  else if (unfinished)
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED, "%s",
                             _("The cluster is still registering a model and has not named "
                               "it yet."));
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
find_registered_models_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GListStore) found = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *const terms[] = { "task_type", "REGISTER_MODEL", NULL };
  GCancellable *cancellable = g_task_get_cancellable (task);

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer != NULL)
    found = cs_models_parse_search_response (answer, &error);
  if (found == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->models = g_list_store_new (CS_TYPE_MODEL_INFO);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (found)); i++)
    {
      g_autoptr(CsModelInfo) model = g_list_model_get_item (G_LIST_MODEL (found), i);

      if (model_matches (data, model))
        g_list_store_append (data->models, model);
    }

  body = cs_json_build_filter_search (terms, "create_time", data->since_ms);
  cs_client_request_async (CS_CLIENT (source), "POST", "_plugins/_ml/tasks/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, find_registered_tasks_cb,
                           g_steal_pointer (&task));
}

void
cs_models_find_registered_async (CsClient            *client,
                                 const char          *name,
                                 const char          *connector_id,
                                 gint64               since_ms,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  FindData *data;
  const char *terms[] = { "name.keyword", name, "connector_id", connector_id, NULL };

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (connector_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_find_registered_async);
  data = g_new0 (FindData, 1);
  data->name = g_strdup (name);
  data->connector_id = g_strdup (connector_id);
  data->since_ms = since_ms;
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  body = cs_json_build_filter_search (terms, "created_time", since_ms);
  cs_client_request_async (client, "POST", "_plugins/_ml/models/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, find_registered_models_cb,
                           g_steal_pointer (&task));
}

char *
cs_models_find_registered_finish (CsClient      *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_models_find_registered_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Deploy, undeploy, delete */

static void
deploy_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *task_id = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (answer))
    task_id = cs_json_get_string (json_node_get_object (answer), "task_id");
  g_task_return_pointer (task, g_strdup (task_id), g_free);
}

void
cs_models_deploy_async (CsClient            *client,
                        const char          *model_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_deploy_async);

  path = model_path (model_id, "/_deploy");
  cs_client_request_async (client, "POST", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           deploy_done_cb, g_steal_pointer (&task));
}

char *
cs_models_deploy_finish (CsClient      *client,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_deploy_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
undeploy_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL ||
      !cs_models_parse_undeploy_response (answer, g_task_get_task_data (task), NULL, NULL,
                                          &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cs_models_undeploy_async (CsClient            *client,
                          const char          *model_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_undeploy_async);
  g_task_set_task_data (task, g_strdup (model_id), g_free);

  path = model_path (model_id, "/_undeploy");
  cs_client_request_async (client, "POST", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           undeploy_done_cb, g_steal_pointer (&task));
}

gboolean
cs_models_undeploy_finish (CsClient      *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_undeploy_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_models_delete_async (CsClient            *client,
                        const char          *model_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_delete_async);

  path = model_path (model_id, "");
  cs_client_request_async (client, "DELETE", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           delete_done_cb, g_steal_pointer (&task));
}

gboolean
cs_models_delete_finish (CsClient      *client,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_delete_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Remove: undeploy when needed, then delete */

typedef struct
{
  char               *model_id;
  CsModelsRemoveStep  step;
  gboolean            undeployed;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_free (data->model_id);
  g_free (data);
}

static void
remove_delete_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_models_delete_finish (CS_CLIENT (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
remove_delete (GTask *task)
{
  RemoveData *data = g_task_get_task_data (task);

  data->step = CS_MODELS_REMOVE_STEP_DELETE;
  cs_models_delete_async (g_task_get_source_object (task), data->model_id,
                          g_task_get_cancellable (task), remove_delete_done_cb, task);
}

static void
remove_undeploy_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_models_undeploy_finish (CS_CLIENT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->undeployed = TRUE;
  remove_delete (g_steal_pointer (&task));
}

static void
remove_check_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsModelInfo) model = NULL;
  GCancellable *cancellable;

  model = cs_models_get_finish (CS_CLIENT (source), result, &error);
  if (model == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!cs_model_info_blocks_delete (model))
    {
      remove_delete (g_steal_pointer (&task));
      return;
    }

  data->step = CS_MODELS_REMOVE_STEP_UNDEPLOY;
  cancellable = g_task_get_cancellable (task);
  cs_models_undeploy_async (CS_CLIENT (source), data->model_id, cancellable,
                            remove_undeploy_done_cb, g_steal_pointer (&task));
}

void
cs_models_remove_async (CsClient            *client,
                        const char          *model_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveData *data;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_models_remove_async);
  data = g_new0 (RemoveData, 1);
  data->model_id = g_strdup (model_id);
  data->step = CS_MODELS_REMOVE_STEP_CHECK;
  g_task_set_task_data (task, data, (GDestroyNotify) remove_data_free);

  cs_models_get_async (client, model_id, cancellable, remove_check_done_cb,
                       g_steal_pointer (&task));
}

gboolean
cs_models_remove_finish (CsClient            *client,
                         GAsyncResult        *result,
                         gboolean            *undeployed,
                         CsModelsRemoveStep  *step,
                         GError             **error)
{
  RemoveData *data;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_models_remove_async,
                        FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (undeployed != NULL)
    *undeployed = data->undeployed;
  if (step != NULL)
    *step = data->step;
  return g_task_propagate_boolean (G_TASK (result), error);
}
