/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-models"

#include "config.h"

#include "sb-models.h"

#include "sb-cluster.h"
#include "sb-connectors.h"
#include "sb-error.h"
#include "sb-faults.h"
#include "sb-ids.h"
#include "sb-json.h"
#include "sb-predict.h"
#include "sb-search.h"

#include <string.h>

#define MODELS "models"
#define TASKS "tasks"
#define GROUPS "model_groups"

static const char * const function_names[] = {
  "LINEAR_REGRESSION", "KMEANS", "AD_LIBSVM", "SAMPLE_ALGO", "LOCAL_SAMPLE_CALCULATOR", "FIT_RCF",
  "BATCH_RCF", "ANOMALY_LOCALIZATION", "RCF_SUMMARIZE", "LOGISTIC_REGRESSION", "TEXT_EMBEDDING",
  "METRICS_CORRELATION", "REMOTE", "SPARSE_ENCODING", "SPARSE_TOKENIZE", "TEXT_SIMILARITY",
  "QUESTION_ANSWERING", "AGENT", "CONNECTOR", NULL,
};

typedef void (*DeployWaiter) (SbRequest *req);

typedef struct
{
  SbServer  *server;
  char      *model_id;
  char      *task_id;
  guint      timer;
  GPtrArray *waiters;     /* SbRequest*, each with its DeployWaiter in waiter_funcs */
  GPtrArray *waiter_funcs;
} SbDeploy;

void
sb_models_deploy_free (gpointer data)
{
  SbDeploy *d = data;

  if (d->timer != 0)
    g_source_remove (d->timer);
  g_free (d->model_id);
  g_free (d->task_id);
  for (guint i = 0; i < d->waiters->len; i++)
    sb_request_unref (g_ptr_array_index (d->waiters, i));
  g_ptr_array_unref (d->waiters);
  g_ptr_array_unref (d->waiter_funcs);
  g_free (d);
}

static JsonObject *
model_source (SbServer   *s,
              const char *id)
{
  return sb_state_get_source (s->state, MODELS, id);
}

static gboolean
in_node_cache (JsonObject *model)
{
  const char *state = sb_json_get_string (model, "model_state");

  return g_strcmp0 (state, "DEPLOYED") == 0 || g_strcmp0 (state, "PARTIALLY_DEPLOYED") == 0;
}

static JsonArray *
nodes (SbServer *s)
{
  return sb_state_nodes (s->state, s->config->nodes);
}

static JsonObject *
new_task (SbServer   *s,
          const char *model_id,
          const char *type,
          const char *state,
          gboolean    is_async,
          JsonArray  *workers,
          char      **id_out)
{
  JsonObject *task = json_object_new ();
  g_autofree char *id = sb_id_new (20);
  gint64 now = sb_now_ms ();

  json_object_set_string_member (task, "model_id", model_id);
  json_object_set_string_member (task, "task_type", type);
  json_object_set_string_member (task, "function_name", "REMOTE");
  json_object_set_string_member (task, "state", state);
  json_object_set_array_member (task, "worker_node", workers);
  json_object_set_int_member (task, "create_time", now);
  json_object_set_int_member (task, "last_update_time", now);
  json_object_set_boolean_member (task, "is_async", is_async);
  sb_state_put (s->state, TASKS, id, task);
  *id_out = g_steal_pointer (&id);
  return task;
}

/* ---- the model cache of each node ------------------------------------------------------- */

/* What a node holds of a deployed model: a copy of its connector, taken at deploy time and
 * refreshed by a model update (README, "Changing a connector in use"). */
#define NODE_CACHE "node_cache"

/* A copy that shares nothing with node (json_node_copy() shares objects and arrays). */
static JsonNode *
deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *from = json_node_get_object (node);
      JsonObject *to = json_object_new ();
      JsonNode *copy = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GList) members = json_object_get_members (from);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (to, l->data, deep_copy (json_object_get_member (from, l->data)));
      json_node_take_object (copy, to);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *from = json_node_get_array (node);
      JsonArray *to = json_array_new ();
      JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (from); i++)
        json_array_add_element (to, deep_copy (json_array_get_element (from, i)));
      json_node_take_array (copy, to);
      return copy;
    }
  return json_node_copy (node);
}

static JsonNode *
deep_copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return deep_copy (node);
}

/* The connector the model uses now: its inline one or the stored one it names. */
static JsonObject *
effective_connector (SbServer   *s,
                     JsonObject *model)
{
  JsonObject *connector = sb_json_get_object (model, "connector");

  if (connector == NULL && sb_json_get_string (model, "connector_id") != NULL)
    connector = sb_state_get_source (s->state, "connectors",
                                     sb_json_get_string (model, "connector_id"));
  return connector;
}

static void
node_cache_put (SbServer   *s,
                const char *model_id,
                const char *node,
                JsonObject *connector)
{
  JsonObject *all = sb_state_meta (s->state, NODE_CACHE);
  JsonObject *per_node = sb_json_get_object (all, model_id);

  if (per_node == NULL)
    {
      per_node = json_object_new ();
      json_object_set_object_member (all, model_id, per_node);
    }
  if (connector == NULL)
    json_object_remove_member (per_node, node);
  else
    json_object_set_member (per_node, node, deep_copy_object (connector));
}

static JsonObject *
node_cache_get (SbServer   *s,
                const char *model_id,
                const char *node)
{
  return sb_json_get_object (sb_json_get_object (sb_state_meta (s->state, NODE_CACHE), model_id),
                             node);
}

static void
node_cache_forget (SbServer   *s,
                   const char *model_id)
{
  json_object_remove_member (sb_state_meta (s->state, NODE_CACHE), model_id);
}

static gboolean
cache_update_fails (SbServer *s,
                    guint     number)
{
  for (guint i = 0; i < s->failing_nodes->len; i++)
    if (g_array_index (s->failing_nodes, guint, i) == (number | SB_FAULT_CACHE_FAIL))
      return TRUE;
  return FALSE;
}

/* ---- deployment ------------------------------------------------------------------------- */

static gboolean
node_fails (SbServer *s,
            guint     number)
{
  for (guint i = 0; i < s->failing_nodes->len; i++)
    if (g_array_index (s->failing_nodes, guint, i) == number)
      return TRUE;
  return FALSE;
}

static void
deploy_notify (SbDeploy *d)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&d->waiters);
  g_autoptr(GPtrArray) funcs = g_steal_pointer (&d->waiter_funcs);

  d->waiters = g_ptr_array_new ();
  d->waiter_funcs = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    {
      SbRequest *req = g_ptr_array_index (waiters, i);
      DeployWaiter func = (DeployWaiter) g_ptr_array_index (funcs, i);

      func (req);
      sb_request_unref (req);
    }
}

static gboolean
deploy_finish_cb (gpointer data)
{
  SbDeploy *d = data;
  SbServer *s = d->server;
  JsonObject *model = model_source (s, d->model_id);
  JsonObject *task = sb_state_get_source (s->state, TASKS, d->task_id);
  JsonArray *all = nodes (s);
  JsonArray *ok = json_array_new ();
  g_autoptr(JsonObject) errors = json_object_new ();
  guint n = json_array_get_length (all);
  const char *model_state, *task_state;
  gint64 now = sb_now_ms ();

  d->timer = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *node = json_array_get_string_element (all, i);

      if (node_fails (s, i + 1))
        {
          g_autofree char *msg = g_strdup_printf ("Simulated deploy failure on node %s "
                                                  "(sandbox fault node-fail=%u)", node, i + 1);
          json_object_set_string_member (errors, node, msg);
        }
      else
        json_array_add_string_element (ok, node);
    }

  if (json_array_get_length (ok) == n)
    model_state = "DEPLOYED", task_state = "COMPLETED";
  else if (json_array_get_length (ok) > 0)
    model_state = "PARTIALLY_DEPLOYED", task_state = "COMPLETED_WITH_ERROR";
  else
    model_state = "DEPLOY_FAILED", task_state = "FAILED";

  if (model != NULL)
    {
      json_object_set_string_member (model, "model_state", model_state);
      json_object_set_int_member (model, "current_worker_node_count", json_array_get_length (ok));
      json_object_set_int_member (model, "last_updated_time", now);
      if (json_array_get_length (ok) > 0)
        json_object_set_int_member (model, "last_deployed_time", now);
      sb_state_touch (s->state, MODELS, d->model_id);
      json_object_set_array_member (sb_state_meta (s->state, "workers"), d->model_id,
                                    json_array_ref (ok));
      node_cache_forget (s, d->model_id);
      for (guint i = 0; i < json_array_get_length (ok); i++)
        node_cache_put (s, d->model_id, json_array_get_string_element (ok, i),
                        effective_connector (s, model));
    }
  if (task != NULL)
    {
      json_object_set_string_member (task, "state", task_state);
      json_object_set_int_member (task, "last_update_time", now);
      if (json_object_get_size (errors) > 0)
        {
          g_autoptr(JsonNode) enode = json_node_new (JSON_NODE_OBJECT);
          g_autofree char *text = NULL;

          json_node_set_object (enode, errors);
          text = sb_json_to_string (enode);
          json_object_set_string_member (task, "error", text);
        }
      sb_state_touch (s->state, TASKS, d->task_id);
    }
  json_array_unref (ok);
  sb_state_save (s->state);

  deploy_notify (d);
  g_hash_table_remove (s->deploys, d->model_id);   /* frees d */
  return G_SOURCE_REMOVE;
}

/* Starts (or joins) the deployment of a model; waiter, when given, runs once it has ended. */
static SbDeploy *
deploy_start (SbServer    *s,
              const char  *model_id,
              SbRequest   *waiter_req,
              DeployWaiter waiter)
{
  SbDeploy *d = g_hash_table_lookup (s->deploys, model_id);

  if (d == NULL)
    {
      JsonObject *model = model_source (s, model_id);
      JsonArray *all = nodes (s);
      guint n = json_array_get_length (all);

      d = g_new0 (SbDeploy, 1);
      d->server = s;
      d->model_id = g_strdup (model_id);
      d->waiters = g_ptr_array_new ();
      d->waiter_funcs = g_ptr_array_new ();
      new_task (s, model_id, "DEPLOY_MODEL", "RUNNING", TRUE, json_array_ref (all), &d->task_id);

      json_object_set_string_member (model, "model_state", "DEPLOYING");
      json_object_set_int_member (model, "planning_worker_node_count", n);
      json_object_set_int_member (model, "current_worker_node_count", 0);
      json_object_set_array_member (model, "planning_worker_nodes", json_array_ref (all));
      json_object_set_boolean_member (model, "deploy_to_all_nodes", TRUE);
      if (!json_object_has_member (model, "auto_redeploy_retry_times"))
        json_object_set_int_member (model, "auto_redeploy_retry_times", 0);
      json_object_set_int_member (model, "last_updated_time", sb_now_ms ());
      sb_state_touch (s->state, MODELS, model_id);
      sb_state_save (s->state);

      d->timer = g_timeout_add (s->config->deploy_delay_ms, deploy_finish_cb, d);
      g_hash_table_insert (s->deploys, d->model_id, d);
    }
  if (waiter_req != NULL)
    {
      g_ptr_array_add (d->waiters, sb_request_ref (waiter_req));
      g_ptr_array_add (d->waiter_funcs, (gpointer) waiter);
      sb_request_pause (waiter_req);
    }
  return d;
}

void
sb_models_resume (SbServer *s)
{
  JsonObject *models = sb_state_collection (s->state, MODELS);
  g_autoptr(GList) ids = models ? json_object_get_members (models) : NULL;

  for (GList *l = ids; l != NULL; l = l->next)
    if (g_strcmp0 (sb_json_get_string (model_source (s, l->data), "model_state"), "DEPLOYING") == 0)
      deploy_start (s, l->data, NULL, NULL);
}

void
sb_models_shutdown (SbServer *s)
{
  g_hash_table_remove_all (s->deploys);
}

static void
model_not_found (SbRequest  *req,
                 const char *id)
{
  if (!sb_state_index_exists (req->server->state, MODELS))
    sb_request_reply_error (req, 404, "status_exception", "Fail to find model");
  else
    sb_request_reply_errorf (req, 404, "status_exception",
                             "Failed to find model with the provided model id: %s", id);
}

static void
deploy_answer (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = req->segs[3];
  JsonObject *model = model_source (s, id);
  const char *state = sb_json_get_string (model, "model_state");
  JsonObject *tasks = sb_state_collection (s->state, TASKS);
  g_autoptr(GList) task_ids = tasks ? json_object_get_members (tasks) : NULL;
  const char *task_id = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  /* The newest DEPLOY_MODEL task of this model. */
  for (GList *l = task_ids; l != NULL; l = l->next)
    {
      JsonObject *t = sb_state_get_source (s->state, TASKS, l->data);
      if (g_strcmp0 (sb_json_get_string (t, "model_id"), id) == 0
          && g_strcmp0 (sb_json_get_string (t, "task_type"), "DEPLOY_MODEL") == 0)
        task_id = l->data;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "task_id");
  json_builder_add_string_value (b, task_id);
  json_builder_set_member_name (b, "task_type");
  json_builder_add_string_value (b, "DEPLOY_MODEL");
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, g_strcmp0 (state, "DEPLOY_FAILED") == 0
                                    ? "FAILED" : "COMPLETED");
  json_builder_end_object (b);
  sb_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

void
sb_models_deploy (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = req->segs[3];

  JsonObject *model = model_source (s, id);

  if (model == NULL)
    {
      model_not_found (req, id);
      return;
    }
  /* Already on every node: nothing to fan out, the model keeps serving. */
  if (g_strcmp0 (sb_json_get_string (model, "model_state"), "DEPLOYED") == 0
      && !g_hash_table_contains (s->deploys, id))
    {
      g_autofree char *task_id = NULL;
      JsonArray *workers = sb_json_get_array (sb_state_meta (s->state, "workers"), id);

      /* A redeploy loads the model afresh on its nodes. */
      for (guint i = 0; workers != NULL && i < json_array_get_length (workers); i++)
        node_cache_put (s, id, json_array_get_string_element (workers, i),
                        effective_connector (s, model));
      new_task (s, id, "DEPLOY_MODEL", "COMPLETED", TRUE,
                workers ? json_array_ref (workers) : json_array_new (), &task_id);
      sb_state_save (s->state);
      deploy_answer (req);
      return;
    }
  /* A remote model's deploy answers once the fan-out to the nodes has completed. */
  deploy_start (s, id, req, deploy_answer);
}

/* ---- register --------------------------------------------------------------------------- */

static JsonObject *
find_group_by_name (SbServer    *s,
                    const char  *name,
                    const char **id_out)
{
  JsonObject *groups = sb_state_collection (s->state, GROUPS);
  g_autoptr(GList) ids = groups ? json_object_get_members (groups) : NULL;

  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *g = sb_state_get_source (s->state, GROUPS, l->data);
      if (g_strcmp0 (sb_json_get_string (g, "name"), name) == 0)
        {
          *id_out = l->data;
          return g;
        }
    }
  return NULL;
}

static JsonObject *
create_group (SbServer    *s,
              const char  *name,
              const char  *description,
              char       **id_out)
{
  JsonObject *g = json_object_new ();
  gint64 now = sb_now_ms ();

  *id_out = sb_id_new (20);
  json_object_set_string_member (g, "name", name);
  json_object_set_int_member (g, "latest_version", 0);
  if (description != NULL)
    json_object_set_string_member (g, "description", description);
  json_object_set_string_member (g, "access", "public");
  json_object_set_int_member (g, "created_time", now);
  json_object_set_int_member (g, "last_updated_time", now);
  sb_state_put (s->state, GROUPS, *id_out, g);
  return g;
}

static gboolean
remote_inference_enabled (SbServer *s)
{
  return !sb_version_at_least (s, 2, 11)
         || sb_cluster_setting_bool (s, "plugins.ml_commons.remote_inference.enabled", TRUE);
}

static const char remote_disabled[] =
  "Remote Inference is currently disabled. To enable it, update the setting "
  "\"plugins.ml_commons.remote_inference_enabled\" to true.";

/* The checks of the register body before anything is stored, in ML Commons' order: the
 * function name, the model name, then what only non-remote models need, then whether remote
 * inference is enabled. */
static gboolean
check_register_input (SbServer   *s,
                      JsonObject *in,
                      SbFailure  *failure)
{
  const char *function = sb_json_get_string (in, "function_name");
  g_autofree char *function_upper = NULL;

  if (function != NULL)
    {
      function_upper = g_ascii_strup (function, -1);
      if (!g_strv_contains (function_names, function_upper))
        {
          sb_failure_set (failure, 400, "illegal_argument_exception",
                          "No enum constant org.opensearch.ml.common.FunctionName.%s",
                          function_upper);
          return FALSE;
        }
    }
  else
    function_upper = g_strdup ("TEXT_EMBEDDING");   /* the parser's default */

  if (sb_json_get_string (in, "name") == NULL)
    {
      sb_failure_set (failure, 400, "illegal_argument_exception", "model name is null");
      return FALSE;
    }
  if (!g_str_equal (function_upper, "REMOTE"))
    {
      if (json_object_get_member (in, "model_format") == NULL)
        sb_failure_set (failure, 400, "illegal_argument_exception", "model format is null");
      else if (json_object_get_member (in, "url") != NULL
               && !sb_cluster_setting_bool (s,
                                            "plugins.ml_commons.allow_registering_model_via_url",
                                            FALSE))
        sb_failure_set (failure, 400, "illegal_argument_exception",
                        "To upload custom model user needs to enable "
                        "allow_registering_model_via_url settings. Otherwise please use "
                        "OpenSearch pre-trained models.");
      else
        sb_failure_set (failure, 400, "illegal_argument_exception",
                        "The Connector Studio sandbox simulates remote models only "
                        "(function_name \"remote\").");
      return FALSE;
    }

  if (!remote_inference_enabled (s))
    {
      sb_failure_set (failure, 400, "status_exception", "%s", remote_disabled);
      return FALSE;
    }
  return TRUE;
}

/* The model's connector: a stored one named by connector_id, or the inline "connector" object,
 * validated as a create would be (its owner is not kept). FALSE with *failure set when neither
 * is usable; *inline_out stays NULL for a stored connector. */
static gboolean
resolve_connector (SbRequest   *req,
                   JsonObject  *in,
                   JsonObject **inline_out,
                   SbFailure   *failure)
{
  SbServer *s = req->server;
  const char *connector_id = sb_json_get_string (in, "connector_id");
  JsonNode *inline_node = json_object_get_member (in, "connector");

  *inline_out = NULL;
  if (connector_id != NULL)
    {
      if (sb_state_get_source (s->state, "connectors", connector_id) != NULL)
        return TRUE;
      sb_failure_set (failure, 404, "status_exception", "Failed to find connector:%s",
                      connector_id);
      return FALSE;
    }

  if (inline_node == NULL || JSON_NODE_HOLDS_NULL (inline_node))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "You must provide connector content when creating a remote model without "
                      "connector id!");
      return FALSE;
    }
  *inline_out = sb_connector_from_input (req, inline_node, TRUE, NULL, failure);
  if (*inline_out == NULL)
    return FALSE;
  json_object_remove_member (*inline_out, "owner");
  return TRUE;
}

/* The model group the model joins: the one named by model_group_id, else (≥2.11) the group
 * that bears the model's name, else a new group of that name. Sets *id_out. */
static JsonObject *
resolve_group (SbServer    *s,
               JsonObject  *in,
               char       **id_out,
               SbFailure   *failure)
{
  const char *group_id = sb_json_get_string (in, "model_group_id");
  const char *name = sb_json_get_string (in, "name");
  const char *existing_id = NULL;
  JsonObject *group;

  if (group_id != NULL)
    {
      group = sb_state_get_source (s->state, GROUPS, group_id);
      if (group == NULL)
        {
          sb_failure_set (failure, 404, "status_exception",
                          "Failed to find model group with the provided model group id: %s",
                          group_id);
          return NULL;
        }
      *id_out = g_strdup (group_id);
      return group;
    }

  group = find_group_by_name (s, name, &existing_id);
  if (group != NULL && !sb_version_at_least (s, 2, 11))
    {
      sb_failure_set (failure, 400, "illegal_argument_exception",
                      "The name you provided is already being used by a model group with ID: "
                      "%s.", existing_id);
      return NULL;
    }
  if (group != NULL)
    {
      *id_out = g_strdup (existing_id);
      return group;
    }
  return create_group (s, name, sb_json_get_string (in, "description"), id_out);
}

/* Gives the group its next model version and returns it as text ("1", "2", …). */
static char *
next_group_version (SbServer   *s,
                    JsonObject *group,
                    const char *group_id,
                    gint64      now)
{
  gint64 latest = json_object_get_int_member (group, "latest_version") + 1;

  json_object_set_int_member (group, "latest_version", latest);
  json_object_set_int_member (group, "last_updated_time", now);
  sb_state_touch (s->state, GROUPS, group_id);
  return g_strdup_printf ("%" G_GINT64_FORMAT, latest);
}

/* The stored source of a newly registered remote model. */
static JsonObject *
new_model_source (SbServer   *s,
                  JsonObject *in,
                  const char *group_id,
                  const char *version,
                  JsonObject *inline_connector,
                  gint64      now)
{
  static const char * const copied[] = {
    "deploy_setting", "interface", "is_enabled", "rate_limiter", "guardrails", NULL,
  };
  const char *connector_id = sb_json_get_string (in, "connector_id");
  const char *description = sb_json_get_string (in, "description");
  JsonObject *model = json_object_new ();

  json_object_set_string_member (model, "name", sb_json_get_string (in, "name"));
  json_object_set_string_member (model, "model_group_id", group_id);
  json_object_set_string_member (model, "algorithm", "REMOTE");
  json_object_set_string_member (model, "model_version", version);
  if (description != NULL)
    json_object_set_string_member (model, "description", description);
  json_object_set_string_member (model, "model_state", "REGISTERED");
  json_object_set_int_member (model, "created_time", now);
  json_object_set_int_member (model, "last_updated_time", now);
  json_object_set_int_member (model, "last_registered_time", now);
  if (sb_version_at_least (s, 2, 12))
    json_object_set_boolean_member (model, "is_hidden", FALSE);
  if (connector_id != NULL)
    json_object_set_string_member (model, "connector_id", connector_id);
  else
    json_object_set_object_member (model, "connector", json_object_ref (inline_connector));
  for (guint i = 0; copied[i] != NULL; i++)
    if (json_object_get_member (in, copied[i]) != NULL)
      json_object_set_member (model, copied[i],
                              json_node_copy (json_object_get_member (in, copied[i])));
  return model;
}

/* {"task_id","status":"CREATED"}, and ≥2.11 the "model_id". */
static JsonNode *
register_answer (SbServer   *s,
                 const char *task_id,
                 const char *model_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "task_id");
  json_builder_add_string_value (b, task_id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "CREATED");
  if (sb_version_at_least (s, 2, 11))
    {
      json_builder_set_member_name (b, "model_id");
      json_builder_add_string_value (b, model_id);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
sb_models_register (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *in;
  g_autoptr(JsonObject) inline_connector = NULL;
  JsonObject *group;
  g_autofree char *group_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *task_id = NULL;
  gint64 now = sb_now_ms ();
  SbFailure failure = { 0 };
  JsonArray *worker;

  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL)
    {
      sb_request_reply_error (req, 400, "parse_exception", "request body is required");
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      sb_request_reply_error (req, 400, "parsing_exception",
                              "Failed to parse object: expecting token of type [START_OBJECT]");
      return;
    }
  in = json_node_get_object (body);

  if (!check_register_input (s, in, &failure)
      || !resolve_connector (req, in, &inline_connector, &failure))
    {
      sb_request_reply_failure (req, &failure);
      return;
    }
  group = resolve_group (s, in, &group_id, &failure);
  if (group == NULL)
    {
      sb_request_reply_failure (req, &failure);
      return;
    }

  version = next_group_version (s, group, group_id, now);
  model_id = sb_id_new (20);
  sb_state_put (s->state, MODELS, model_id,
                new_model_source (s, in, group_id, version, inline_connector, now));

  worker = json_array_new ();
  json_array_add_string_element (worker, json_array_get_string_element (nodes (s), 0));
  new_task (s, model_id, "REGISTER_MODEL", "COMPLETED", FALSE, worker, &task_id);
  sb_state_save (s->state);

  /* ?deploy=true fires a separate deploy whose task id is not returned. */
  if (sb_request_query_bool (req, "deploy"))
    deploy_start (s, model_id, NULL, NULL);

  sb_request_reply_json (req, SOUP_STATUS_OK, register_answer (s, task_id, model_id));
}

/* ---- get / search / delete -------------------------------------------------------------- */

static void
strip_model (JsonObject *model)
{
  JsonObject *connector = sb_json_get_object (model, "connector");

  /* The copy of the model shares its connector object with the stored one: strip a copy of
   * it, or the stored inline connector loses its credential. */
  if (connector != NULL)
    {
      json_object_set_member (model, "connector", deep_copy_object (connector));
      sb_connector_strip (sb_json_get_object (model, "connector"));
    }
  json_object_remove_member (model, "model_content");
  json_object_remove_member (model, "content");
  json_object_remove_member (model, "ui_metadata");
}

void
sb_models_get (SbRequest *req)
{
  const char *id = req->segs[3];
  JsonObject *model = model_source (req->server, id);
  JsonNode *copy;

  if (model == NULL)
    {
      model_not_found (req, id);
      return;
    }
  copy = sb_json_copy_object (model);
  strip_model (json_node_get_object (copy));
  sb_request_reply_json (req, SOUP_STATUS_OK, copy);
}

void
sb_models_search (SbRequest *req)
{
  sb_search_reply (req, MODELS, strip_model);
}

void
sb_models_delete (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = req->segs[3];
  JsonObject *model = model_source (s, id);
  const char *state = sb_json_get_string (model, "model_state");
  gint64 version = 1, seq_no = 0;

  if (model == NULL)
    {
      sb_request_reply_error (req, 404, "status_exception", "Failed to find model");
      return;
    }
  if (g_strcmp0 (state, "DEPLOYED") == 0 || g_strcmp0 (state, "DEPLOYING") == 0
      || g_strcmp0 (state, "PARTIALLY_DEPLOYED") == 0)
    {
      sb_request_reply_error (req, 400, "status_exception",
                              "Model cannot be deleted in deploying or deployed state. Try "
                              "undeploy model first then delete");
      return;
    }
  sb_state_remove (s->state, MODELS, id, &version, &seq_no);
  json_object_remove_member (sb_state_meta (s->state, "workers"), id);
  node_cache_forget (s, id);
  sb_state_save (s->state);
  sb_request_reply_json (req, SOUP_STATUS_OK,
                         sb_write_response (sb_state_index_name (MODELS), id, NULL, "deleted",
                                            version, seq_no));
}

/* ---- update (PUT /_plugins/_ml/models/<id>, ≥2.12) ---------------------------------------- */

static gboolean
value_differs (JsonNode *a,
               JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a != b;
  return !json_node_equal (a, b);
}

/* The model update of UpdateModelTransportAction (README, "Changing a connector in use"): the
 * model document first, then, for a predictor change of a deployed model, the cache of every
 * worker node. */
void
sb_models_update (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = req->segs[3];
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) new_inline = NULL;
  JsonObject *in, *model;
  JsonNode *connector_node;
  const char *new_connector_id;
  const char *state;
  gboolean predictor_update;
  SbFailure failure = { 0 };
  static const char * const copied[] = {
    "name", "description", "is_enabled", "rate_limiter", "interface", "guardrails",
    "deploy_setting", "model_group_id", NULL,
  };
  JsonObject *doc;

  if (!sb_request_has_body (req))
    {
      sb_request_reply_error (req, 400, "parse_exception", "Update model request has empty body");
      return;
    }
  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      sb_request_reply_error (req, 400, "parsing_exception",
                              "Failed to parse object: expecting token of type [START_OBJECT]");
      return;
    }
  in = json_node_get_object (body);
  connector_node = json_object_get_member (in, "connector");
  if (connector_node != NULL && JSON_NODE_HOLDS_NULL (connector_node))
    connector_node = NULL;
  new_connector_id = sb_json_get_string (in, "connector_id");
  if (new_connector_id != NULL && *new_connector_id == '\0')
    new_connector_id = NULL;
  if (connector_node != NULL && new_connector_id != NULL)
    {
      sb_request_reply_error (req, 400, "status_exception",
                              "Model cannot have both stand-alone connector and internal "
                              "connector. Please check your update input body.");
      return;
    }

  model = model_source (s, id);
  if (model == NULL)
    {
      sb_request_reply_errorf (req, 404, "status_exception",
                               "Failed to find model to update with the provided model id: %s",
                               id);
      return;
    }
  state = sb_json_get_string (model, "model_state");
  if (g_strcmp0 (state, "DEPLOYING") == 0 || g_strcmp0 (state, "LOADING") == 0)
    {
      sb_request_reply_errorf (req, 409, "status_exception",
                               "Model is deploying. Please wait for the model to complete "
                               "deployment. model ID %s", id);
      return;
    }

  if (connector_node != NULL)
    {
      JsonObject *current = sb_json_get_object (model, "connector");

      if (current == NULL)
        {
          /* 2.12–3.0 dereference the missing internal connector. */
          if (sb_version_at_least (s, 3, 1))
            sb_request_reply_error (req, 400, "status_exception",
                                    "Cannot update connector settings for this model. The model "
                                    "was created with a connector_id and does not have an inline "
                                    "connector.");
          else
            sb_request_reply_error (req, 500, "null_pointer_exception",
                                    "Cannot invoke \"org.opensearch.ml.common.connector."
                                    "Connector.update(org.opensearch.ml.common.transport."
                                    "connector.MLCreateConnectorInput, java.util.function."
                                    "Function)\" because \"connector\" is null");
          return;
        }
      new_inline = sb_connector_apply_update (req, current, connector_node, &failure);
      if (new_inline == NULL)
        {
          sb_request_reply_failure (req, &failure);
          return;
        }
    }
  if (new_connector_id != NULL)
    {
      if (sb_json_get_string (model, "connector_id") == NULL)
        {
          sb_request_reply_error (req, 400, "status_exception",
                                  "This remote does not have a connector_id field, maybe it "
                                  "uses an internal connector.");
          return;
        }
      /* Assumed: the access check of a connector that does not exist fails as a register's. */
      if (sb_state_get_source (s->state, "connectors", new_connector_id) == NULL)
        {
          sb_request_reply_errorf (req, 404, "status_exception", "Failed to find connector:%s",
                                   new_connector_id);
          return;
        }
    }

  predictor_update = new_inline != NULL || new_connector_id != NULL
                     || value_differs (json_object_get_member (in, "is_enabled"),
                                       json_object_get_member (model, "is_enabled"))
                     || json_object_get_member (in, "rate_limiter") != NULL;

  /* The model document. */
  for (guint i = 0; copied[i] != NULL; i++)
    if (json_object_get_member (in, copied[i]) != NULL)
      json_object_set_member (model, copied[i],
                              json_node_copy (json_object_get_member (in, copied[i])));
  if (new_inline != NULL)
    json_object_set_object_member (model, "connector", g_steal_pointer (&new_inline));
  if (new_connector_id != NULL)
    json_object_set_string_member (model, "connector_id", new_connector_id);
  json_object_set_int_member (model, "last_updated_time", sb_now_ms ());
  doc = sb_state_touch (s->state, MODELS, id);

  /* The cache of each worker node. */
  if (predictor_update && in_node_cache (model))
    {
      JsonArray *all = nodes (s);
      JsonArray *workers = sb_json_get_array (sb_state_meta (s->state, "workers"), id);
      g_autoptr(GPtrArray) failed = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (all); i++)
        {
          const char *node = json_array_get_string_element (all, i);
          gboolean worker = FALSE;

          for (guint j = 0; workers != NULL && j < json_array_get_length (workers); j++)
            if (g_strcmp0 (json_array_get_string_element (workers, j), node) == 0)
              worker = TRUE;
          if (!worker)
            continue;
          if (cache_update_fails (s, i + 1))
            g_ptr_array_add (failed, (gpointer) node);
          else
            node_cache_put (s, id, node, effective_connector (s, model));
        }
      sb_state_save (s->state);
      if (failed->len > 0)
        {
          GString *list = g_string_new ("[");

          for (guint i = 0; i < failed->len; i++)
            g_string_append_printf (list, "%s%s", i ? ", " : "",
                                    (char *) g_ptr_array_index (failed, i));
          g_string_append_c (list, ']');
          sb_request_reply_errorf (req, 500, "runtime_exception",
                                   "Successfully update ML model index with model ID %s but "
                                   "update model cache was failed on following nodes %s, please "
                                   "retry or redeploy model manually.", id, list->str);
          g_string_free (list, TRUE);
          return;
        }
    }
  else
    sb_state_save (s->state);

  sb_request_reply_json (req, SOUP_STATUS_OK,
                         sb_write_response (sb_state_index_name (MODELS), id, doc, "updated",
                                            0, 0));
}

/* ---- undeploy --------------------------------------------------------------------------- */

static void
undeploy_into (SbServer   *s,
               const char *model_id,
               JsonArray  *node_filter,
               JsonObject *stats_by_node)
{
  JsonArray *all = nodes (s);
  JsonObject *workers_meta = sb_state_meta (s->state, "workers");
  JsonArray *workers = sb_json_get_array (workers_meta, model_id);
  JsonObject *model = model_source (s, model_id);
  gboolean deploying = g_hash_table_contains (s->deploys, model_id);

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      const char *node = json_array_get_string_element (all, i);
      JsonObject *entry, *stats;
      gboolean had = deploying;

      if (node_filter != NULL)
        {
          gboolean wanted = FALSE;
          for (guint j = 0; j < json_array_get_length (node_filter); j++)
            if (g_strcmp0 (json_array_get_string_element (node_filter, j), node) == 0)
              wanted = TRUE;
          if (!wanted)
            continue;
        }
      for (guint j = 0; workers != NULL && j < json_array_get_length (workers); j++)
        if (g_strcmp0 (json_array_get_string_element (workers, j), node) == 0)
          had = TRUE;

      entry = sb_json_get_object (stats_by_node, node);
      if (entry == NULL)
        {
          entry = json_object_new ();
          json_object_set_object_member (entry, "stats", json_object_new ());
          json_object_set_object_member (stats_by_node, node, entry);
        }
      stats = sb_json_get_object (entry, "stats");
      /* CommonValue.UNDEPLOYED / NOT_FOUND are lower-case. */
      json_object_set_string_member (stats, model_id, had ? "undeployed" : "not_found");
    }

  if (deploying)
    {
      SbDeploy *d = g_hash_table_lookup (s->deploys, model_id);
      JsonObject *task = sb_state_get_source (s->state, TASKS, d->task_id);

      if (task != NULL)
        {
          json_object_set_string_member (task, "state", "CANCELLED");
          json_object_set_int_member (task, "last_update_time", sb_now_ms ());
          sb_state_touch (s->state, TASKS, d->task_id);
        }
      g_source_remove (d->timer);
      d->timer = 0;
    }

  if (model != NULL)
    {
      gint64 now = sb_now_ms ();

      json_object_set_string_member (model, "model_state", "UNDEPLOYED");
      json_object_set_int_member (model, "planning_worker_node_count", 0);
      json_object_set_int_member (model, "current_worker_node_count", 0);
      json_object_set_array_member (model, "planning_worker_nodes", json_array_new ());
      json_object_set_int_member (model, "last_updated_time", now);
      json_object_set_int_member (model, "last_undeployed_time", now);
      sb_state_touch (s->state, MODELS, model_id);
    }
  json_object_remove_member (workers_meta, model_id);
  node_cache_forget (s, model_id);

  if (deploying)
    {
      SbDeploy *d = g_hash_table_lookup (s->deploys, model_id);
      deploy_notify (d);
      g_hash_table_remove (s->deploys, model_id);
    }
}

void
sb_models_undeploy (SbRequest *req)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonNode *node;

  undeploy_into (req->server, req->segs[3], NULL, out);
  sb_state_save (req->server->state);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, out);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_models_undeploy_many (SbRequest *req)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *model_ids = NULL, *node_ids = NULL;
  JsonNode *node;

  if (!sb_request_parse_body (req, &body))
    return;
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      model_ids = sb_json_get_array (json_node_get_object (body), "model_ids");
      node_ids = sb_json_get_array (json_node_get_object (body), "node_ids");
    }
  if (model_ids != NULL)
    for (guint i = 0; i < json_array_get_length (model_ids); i++)
      undeploy_into (req->server, json_array_get_string_element (model_ids, i), node_ids, out);
  else
    {
      /* No model ids: everything deployed. */
      JsonObject *models = sb_state_collection (req->server->state, MODELS);
      g_autoptr(GList) ids = models ? json_object_get_members (models) : NULL;
      for (GList *l = ids; l != NULL; l = l->next)
        if (in_node_cache (model_source (req->server, l->data))
            || g_hash_table_contains (req->server->deploys, l->data))
          undeploy_into (req->server, l->data, node_ids, out);
    }
  sb_state_save (req->server->state);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, out);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

/* ---- predict ---------------------------------------------------------------------------- */

static const char *
predict_model_id (SbRequest *req)
{
  /* /_plugins/_ml/models/<id>/_predict or /_plugins/_ml/_predict/<algorithm>/<id> */
  return g_str_equal (req->segs[2], "_predict") ? req->segs[4] : req->segs[3];
}

static gboolean
url_trusted_cb (const char *url,
                gpointer    data)
{
  return sb_cluster_url_trusted (data, url);
}

/* Node 1 takes every request; predict runs round-robin on the model's worker nodes, and an
 * answer from another node crosses the transport layer. Returns the worker (NULL when the model
 * has none on record). */
static const char *
predict_worker (SbServer   *s,
                const char *id,
                gboolean   *crosses_transport)
{
  JsonArray *workers = sb_json_get_array (sb_state_meta (s->state, "workers"), id);
  guint n = workers ? json_array_get_length (workers) : 0;
  const char *worker;
  const char *coordinator;

  *crosses_transport = FALSE;
  if (n == 0)
    return NULL;
  worker = json_array_get_string_element (workers, s->predict_count++ % n);
  coordinator = json_array_get_string_element (nodes (s), 0);
  *crosses_transport = g_strcmp0 (worker, coordinator) != 0;
  return worker;
}

static void
predict_run (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = predict_model_id (req);
  JsonObject *model = model_source (s, id);
  JsonObject *connector;
  g_autoptr(JsonNode) body = NULL;
  SbPredictContext ctx = { 0 };
  JsonNode *response = NULL;
  g_autofree char *forced = NULL;
  const char *worker;
  guint status;

  if (model == NULL)
    {
      sb_request_reply_error (req, 404, "status_exception", "Failed to find model");
      return;
    }
  if (!in_node_cache (model))
    {
      sb_request_reply_error (req, 400, "status_exception",
                              "Model not ready yet. Please deploy the model first.");
      return;
    }
  if (!sb_request_parse_body (req, &body))
    return;

  /* The node runs the connector in its model cache (the current one when none is on record). */
  worker = predict_worker (s, id, &ctx.transported);
  connector = worker != NULL ? node_cache_get (s, id, worker) : NULL;
  if (connector == NULL)
    connector = effective_connector (s, model);
  if (connector == NULL)
    {
      sb_request_reply_errorf (req, 404, "status_exception", "Failed to find connector:%s",
                               sb_json_get_string (model, "connector_id"));
      return;
    }

  /* A forced Bedrock error spoils only the next call that reaches Bedrock. */
  forced = g_steal_pointer (&s->forced_bedrock_error);
  ctx.major = s->config->major;
  ctx.minor = s->config->minor;
  ctx.aws_managed = s->config->aws_managed;
  if (sb_version_at_least (s, 3, 7))
    {
      ctx.url_trusted = url_trusted_cb;
      ctx.url_trusted_data = s;
    }
  ctx.forced_bedrock_error = forced;
  status = sb_predict_run (&ctx, connector, body, &response);
  if (response == NULL)
    response = sb_error_envelope ("m_l_exception", "Fail to execute predict in aws connector",
                                  500);
  sb_request_reply_json (req, status, response);
}

void
sb_models_predict (SbRequest *req)
{
  SbServer *s = req->server;
  const char *id = predict_model_id (req);
  JsonObject *model = model_source (s, id);
  gboolean cached;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *deploy_setting;
  JsonNode *enabled;

  if (model == NULL)
    {
      sb_request_reply_error (req, 404, "status_exception", "Failed to find model");
      return;
    }
  cached = in_node_cache (model);

  /* Failures raised before the model is in this node's cache all become 404. */
  if (sb_request_has_body (req))
    {
      gsize len;
      const char *data = g_bytes_get_data (req->body, &len);

      body = sb_json_parse (data, len, &error);
      if (body == NULL && error != NULL)
        {
          if (cached)
            sb_request_reply_errorf (req, 400, "json_parse_exception", "%s", error->message);
          else
            sb_request_reply_error (req, 404, "status_exception", "Failed to find model");
          return;
        }
    }
  if (!remote_inference_enabled (s))
    {
      if (cached)
        sb_request_reply_error (req, 400, "status_exception", remote_disabled);
      else
        sb_request_reply_error (req, 404, "status_exception", "Failed to find model");
      return;
    }
  enabled = json_object_get_member (model, "is_enabled");
  if (enabled != NULL && JSON_NODE_HOLDS_VALUE (enabled)
      && json_node_get_value_type (enabled) == G_TYPE_BOOLEAN && !json_node_get_boolean (enabled))
    {
      sb_request_reply_error (req, 403, "status_exception", "Model is disabled.");
      return;
    }

  if (cached)
    {
      predict_run (req);
      return;
    }

  if (!sb_version_at_least (s, 2, 13))
    {
      sb_request_reply_errorf (req, 400, "status_exception",
                               "Model not ready yet. Please run this first: POST "
                               "/_plugins/_ml/models/%s/_deploy", id);
      return;
    }
  if (!sb_cluster_setting_bool (s, "plugins.ml_commons.model_auto_deploy.enable", TRUE))
    {
      sb_request_reply_error (req, 400, "status_exception",
                              "Model not ready yet. Please deploy the model first.");
      return;
    }
  deploy_setting = sb_json_get_object (model, "deploy_setting");
  if (deploy_setting != NULL && json_object_has_member (deploy_setting, "is_auto_deploy_enabled")
      && !json_object_get_boolean_member (deploy_setting, "is_auto_deploy_enabled"))
    {
      sb_request_reply_errorf (req, 400, "status_exception",
                               "Auto deployment disabled for this model, please deploy model "
                               "first Model ID: %s", id);
      return;
    }
  /* Auto-deploy, then predict: the first call is slower. */
  deploy_start (s, id, req, predict_run);
}

/* ---- tasks and model groups ------------------------------------------------------------- */

void
sb_tasks_get (SbRequest *req)
{
  JsonObject *task = sb_state_get_source (req->server->state, TASKS, req->segs[3]);

  if (task == NULL)
    {
      sb_request_reply_error (req, 404, "status_exception", "Failed to find task");
      return;
    }
  sb_request_reply_json (req, SOUP_STATUS_OK, sb_json_copy_object (task));
}

void
sb_tasks_search (SbRequest *req)
{
  sb_search_reply (req, TASKS, NULL);
}

void
sb_model_groups_register (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  const char *name, *existing = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      sb_request_reply_error (req, 400, "parse_exception", "request body is required");
      return;
    }
  name = sb_json_get_string (json_node_get_object (body), "name");
  if (name == NULL || *name == '\0')
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception", "model group name is empty");
      return;
    }
  if (find_group_by_name (s, name, &existing) != NULL)
    {
      sb_request_reply_errorf (req, 400, "illegal_argument_exception",
                               "The name you provided is already being used by a model group with "
                               "ID: %s.", existing);
      return;
    }
  create_group (s, name, sb_json_get_string (json_node_get_object (body), "description"), &id);
  sb_state_save (s->state);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model_group_id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "CREATED");
  json_builder_end_object (b);
  sb_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

void
sb_model_groups_get (SbRequest *req)
{
  JsonObject *group = sb_state_get_source (req->server->state, GROUPS, req->segs[3]);

  if (group == NULL)
    {
      sb_request_reply_errorf (req, 404, "status_exception",
                               "Failed to find model group with the provided model group id: %s",
                               req->segs[3]);
      return;
    }
  sb_request_reply_json (req, SOUP_STATUS_OK, sb_json_copy_object (group));
}

void
sb_model_groups_search (SbRequest *req)
{
  sb_search_reply (req, GROUPS, NULL);
}
