/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-edit"

#include "config.h"

#include "cs-connector-edit.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-json.h"
#include "cs-lifecycle-api.h"
#include "cs-model-info.h"
#include "cs-models-api.h"
#include "cs-timeout-check.h"

/* ---- diff ------------------------------------------------------------------------------- */

void
cs_connector_change_free (CsConnectorChange *change)
{
  if (change == NULL)
    return;
  g_free (change->path);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static char *
compact (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = NULL;

  if (node == NULL)
    return NULL;
  gen = json_generator_new ();
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* ML Commons keeps parameters as strings: "8000" and 8000 are the same value. */
static char *
scalar_text (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return compact (node);
}

static void
add_change (GPtrArray  *changes,
            const char *path,
            char       *old_value,
            char       *new_value)
{
  CsConnectorChange *c = g_new0 (CsConnectorChange, 1);

  c->path = g_strdup (path);
  c->old_value = old_value;
  c->new_value = new_value;
  g_ptr_array_add (changes, c);
}

static void
diff_node (GPtrArray  *changes,
           const char *path,
           JsonNode   *old,
           JsonNode   *new)
{
  if (new != NULL && JSON_NODE_HOLDS_OBJECT (new)
      && (old == NULL || JSON_NODE_HOLDS_OBJECT (old)))
    {
      JsonObject *o = old ? json_node_get_object (old) : NULL, *n = json_node_get_object (new);
      g_autoptr(GList) members = json_object_get_members (n);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strconcat (path, ".", l->data, NULL);
          diff_node (changes, sub, o ? json_object_get_member (o, l->data) : NULL,
                     json_object_get_member (n, l->data));
        }
      return;
    }
  if (new != NULL && JSON_NODE_HOLDS_ARRAY (new) && (old == NULL || JSON_NODE_HOLDS_ARRAY (old)))
    {
      JsonArray *o = old ? json_node_get_array (old) : NULL, *n = json_node_get_array (new);
      guint n_old = o ? json_array_get_length (o) : 0;
      guint len = MAX (n_old, json_array_get_length (n));

      for (guint i = 0; i < len; i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
          diff_node (changes, sub,
                     i < n_old ? json_array_get_element (o, i) : NULL,
                     i < json_array_get_length (n) ? json_array_get_element (n, i) : NULL);
        }
      return;
    }
  {
    g_autofree char *a = scalar_text (old);
    g_autofree char *b = scalar_text (new);
    /* ML Commons reads an action's type in any case and stores it in capitals
     * (ConnectorAction.ActionType): "predict" sent is "PREDICT" stored, not a change. */
    gboolean any_case = g_str_has_suffix (path, ".action_type");

    if (any_case ? (a == NULL || b == NULL ? a != b : g_ascii_strcasecmp (a, b) != 0)
                 : g_strcmp0 (a, b) != 0)
      add_change (changes, path, compact (old), compact (new));
  }
}

GPtrArray *
cs_connector_diff (JsonObject *current,
                   JsonObject *update)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_connector_change_free);
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (current != NULL && update != NULL, changes);

  members = json_object_get_members (update);
  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "credential"))
        {
          JsonObject *cred = json_object_get_object_member (update, name);
          g_autoptr(GList) keys = cred ? json_object_get_members (cred) : NULL;

          keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
          /* The stored keys are never shown: any key sent is a change, both sides masked. */
          for (GList *k = keys; k != NULL; k = k->next)
            {
              g_autofree char *path = g_strconcat ("credential.", k->data, NULL);
              add_change (changes, path, g_strdup (CS_CONNECTOR_SECRET_MASK),
                          g_strdup (CS_CONNECTOR_SECRET_MASK));
            }
          continue;
        }
      diff_node (changes, name, json_object_get_member (current, name),
                 json_object_get_member (update, name));
    }
  return changes;
}

/* ---- choice ----------------------------------------------------------------------------- */

CsEditPlanKind
cs_connector_edit_choose (const CsVersion *version,
                          guint            n_changes,
                          guint            n_deployed,
                          gboolean         secrets_kept,
                          char           **why)
{
  CsEditPlanKind kind;
  const char *text;

  if (n_changes == 0)
    {
      kind = CS_EDIT_PLAN_NOTHING;
      text = _("Nothing would change: the connector already looks like this.");
    }
  else if (n_deployed == 0)
    {
      kind = CS_EDIT_PLAN_CONNECTOR_PUT;
      text = _("No deployed model uses this connector, so it is updated directly.");
    }
  else if (cs_lifecycle_has_model_update (version) && !secrets_kept)
    {
      kind = CS_EDIT_PLAN_SWITCH_CONNECTOR;
      text = _("Deployed models use this connector, and the cluster refuses to change a "
               "connector while they do. The edited connector is created as a new one and each "
               "model is switched to it in place, without undeploying; then the old connector "
               "is deleted.");
    }
  else if (cs_lifecycle_has_model_update (version))
    {
      kind = CS_EDIT_PLAN_REDEPLOY;
      text = _("Deployed models use this connector. Switching them to a new connector without "
               "downtime needs the keys, which the cluster never shows: re-enter them to avoid "
               "the downtime. As it is, the models are undeployed, the connector is updated, "
               "and the models are deployed again.");
    }
  else
    {
      kind = CS_EDIT_PLAN_REDEPLOY;
      text = _("Deployed models use this connector, and this cluster (before OpenSearch 2.12) "
               "cannot update a model in place. The models are undeployed, the connector is "
               "updated, and the models are deployed again; they do not answer meanwhile.");
    }
  if (why != NULL)
    *why = g_strdup (text);
  return kind;
}

/* ---- plan ------------------------------------------------------------------------------- */

struct _CsEditPlan
{
  gatomicrefcount  ref;
  CsEditPlanKind   kind;
  char            *why;
  char            *connector_id;
  char            *model_id;      /* MODEL_UPDATE */
  GPtrArray       *changes;
  GStrv            model_ids;
  GStrv            deployed_ids;
  GPtrArray       *timeout_problems;
  JsonNode        *put_body;      /* the update body (credential only when re-entered) */
  JsonNode        *create_body;   /* the whole connector with its keys (SWITCH only) */
};

G_DEFINE_BOXED_TYPE (CsEditPlan, cs_edit_plan, cs_edit_plan_ref, cs_edit_plan_unref)

CsEditPlan *
cs_edit_plan_ref (CsEditPlan *plan)
{
  g_atomic_ref_count_inc (&plan->ref);
  return plan;
}

static void
wipe_node_secrets (JsonNode *node)
{
  JsonObject *cred;
  g_autoptr(GList) keys = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || !json_object_has_member (json_node_get_object (node), "credential"))
    return;
  cred = json_object_get_object_member (json_node_get_object (node), "credential");
  keys = cred ? json_object_get_members (cred) : NULL;
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (cred, l->data);
      if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
        {
          char *s = (char *) json_node_get_string (v);
          explicit_bzero (s, strlen (s));
        }
    }
}

void
cs_edit_plan_unref (CsEditPlan *plan)
{
  if (!g_atomic_ref_count_dec (&plan->ref))
    return;
  g_free (plan->why);
  g_free (plan->connector_id);
  g_free (plan->model_id);
  g_ptr_array_unref (plan->changes);
  g_strfreev (plan->model_ids);
  g_strfreev (plan->deployed_ids);
  g_ptr_array_unref (plan->timeout_problems);
  wipe_node_secrets (plan->put_body);
  wipe_node_secrets (plan->create_body);
  g_clear_pointer (&plan->put_body, json_node_unref);
  g_clear_pointer (&plan->create_body, json_node_unref);
  g_free (plan);
}

CsEditPlanKind cs_edit_plan_get_kind (CsEditPlan *plan) { return plan->kind; }
const char *cs_edit_plan_get_model_id (CsEditPlan *plan) { return plan->model_id; }
const char *cs_edit_plan_get_why (CsEditPlan *plan) { return plan->why; }
const char *cs_edit_plan_get_connector_id (CsEditPlan *plan) { return plan->connector_id; }
GPtrArray *cs_edit_plan_get_changes (CsEditPlan *plan) { return plan->changes; }
const char * const *cs_edit_plan_get_model_ids (CsEditPlan *plan)
{
  return (const char * const *) plan->model_ids;
}
const char * const *cs_edit_plan_get_deployed_ids (CsEditPlan *plan)
{
  return (const char * const *) plan->deployed_ids;
}
GPtrArray *cs_edit_plan_get_timeout_problems (CsEditPlan *plan) { return plan->timeout_problems; }

typedef struct
{
  CsVersion  version;
  gboolean   has_version;
  char      *connector_id;
  CsConnectorSpec *edited;
  gboolean   keep_secrets;
  JsonObject *current;
} PlanData;

static void
plan_data_free (PlanData *d)
{
  g_free (d->connector_id);
  g_clear_object (&d->edited);
  g_clear_pointer (&d->current, json_object_unref);
  g_free (d);
}

/* id is the connector's, or the model's for a plan about a model's own connector. */
static PlanData *
plan_data_new (const CsVersion *version,
               const char      *id,
               CsConnectorSpec *edited,
               gboolean         keep_secrets)
{
  PlanData *d = g_new0 (PlanData, 1);

  if (version != NULL)
    {
      d->version = *version;
      d->has_version = TRUE;
    }
  d->connector_id = g_strdup (id);
  d->keep_secrets = keep_secrets;
  d->edited = g_object_ref (edited);
  return d;
}

/* What a plan for a connector and a plan for a model's own connector share: the PUT body built
 * from the edit (without the credential when the keys are kept), the changes it makes to current,
 * and what the cluster's timeouts make of it. The caller fills in the ids, the kind and why. */
static CsEditPlan *
plan_new (PlanData   *d,
          JsonObject *current)
{
  /* Each body is built on its own: json_node_copy() shares string values, and the secrets of
   * each are wiped when it is dropped. */
  JsonNode *put_body = cs_connector_spec_build_body (d->edited, FALSE);
  CsEditPlan *plan;

  if (d->keep_secrets)
    json_object_remove_member (json_node_get_object (put_body), "credential");

  plan = g_new0 (CsEditPlan, 1);
  g_atomic_ref_count_init (&plan->ref);
  plan->changes = cs_connector_diff (current, json_node_get_object (put_body));
  plan->timeout_problems = cs_timeout_check_connector (json_node_get_object (put_body),
                                                       d->has_version ? &d->version : NULL);
  plan->put_body = put_body;
  return plan;
}

static void
plan_models_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) models = cs_models_search_finish (CS_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) deployed = g_ptr_array_new_with_free_func (g_free);
  CsEditPlan *plan;

  if (models == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (models)); i++)
    {
      g_autoptr(CsModelInfo) info = g_list_model_get_item (G_LIST_MODEL (models), i);

      if (g_strcmp0 (cs_model_info_get_connector_id (info), d->connector_id) != 0)
        continue;
      g_ptr_array_add (all, g_strdup (cs_model_info_get_id (info)));
      if (cs_model_info_is_deployed (info) || cs_model_info_is_busy (info))
        g_ptr_array_add (deployed, g_strdup (cs_model_info_get_id (info)));
    }
  g_ptr_array_add (all, NULL);
  g_ptr_array_add (deployed, NULL);

  plan = plan_new (d, d->current);
  plan->connector_id = g_strdup (d->connector_id);
  plan->model_ids = (GStrv) g_ptr_array_steal (all, NULL);
  plan->deployed_ids = (GStrv) g_ptr_array_steal (deployed, NULL);
  plan->kind = cs_connector_edit_choose (d->has_version ? &d->version : NULL,
                                         plan->changes->len,
                                         g_strv_length (plan->deployed_ids), d->keep_secrets,
                                         &plan->why);
  if (plan->kind == CS_EDIT_PLAN_SWITCH_CONNECTOR)
    plan->create_body = cs_connector_spec_build_body (d->edited, FALSE);
  g_task_return_pointer (task, plan, (GDestroyNotify) cs_edit_plan_unref);
}

static void
plan_connector_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_connectors_get_finish (CS_CLIENT (source), result, &error);

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  d->current = json_object_ref (json_node_get_object (node));
  cs_models_search_async (CS_CLIENT (source), g_task_get_cancellable (task), plan_models_cb,
                          g_object_ref (task));
}

void
cs_connector_edit_plan_async (CsClient            *client,
                              const CsVersion     *version,
                              const char          *connector_id,
                              CsConnectorSpec     *edited,
                              gboolean             keep_secrets,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, cs_connector_edit_plan_async);
  g_task_set_task_data (task, plan_data_new (version, connector_id, edited, keep_secrets),
                        (GDestroyNotify) plan_data_free);
  cs_connectors_get_async (client, connector_id, cancellable, plan_connector_cb,
                           g_steal_pointer (&task));
}

CsEditPlan *
cs_connector_edit_plan_finish (CsClient      *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
plan_model_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_models_get_source_finish (CS_CLIENT (source), result, &error);
  JsonObject *model, *connector;
  const char *state;
  CsEditPlan *plan;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  model = json_node_get_object (node);
  if (!json_object_has_member (model, "connector")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (model, "connector")))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT, "%s",
                               _("This model uses a connector of its own id, not an internal "
                                 "one: edit that connector instead."));
      return;
    }
  connector = json_object_get_object_member (model, "connector");
  state = cs_json_get_string (model, "model_state");

  plan = plan_new (d, connector);
  plan->model_id = g_strdup (d->connector_id);
  g_ptr_array_add (ids, plan->model_id);
  g_ptr_array_add (ids, NULL);
  plan->model_ids = g_strdupv ((GStrv) ids->pdata);
  plan->deployed_ids = cs_model_state_is_deployed (state) ? g_strdupv ((GStrv) ids->pdata)
                                                          : g_new0 (char *, 1);
  if (plan->changes->len == 0)
    {
      plan->kind = CS_EDIT_PLAN_NOTHING;
      plan->why = g_strdup (_("Nothing would change: the connector already looks like this."));
    }
  else
    {
      plan->kind = CS_EDIT_PLAN_MODEL_UPDATE;
      plan->why = g_strdup (cs_model_state_is_deployed (state)
                            ? _("The connector belongs to the model: the model is updated in "
                                "place, on every node that serves it, without undeploying.")
                            : _("The connector belongs to the model: the model is updated; it "
                                "uses the change when it is deployed."));
    }
  g_task_return_pointer (task, plan, (GDestroyNotify) cs_edit_plan_unref);
}

void
cs_connector_edit_plan_for_model_async (CsClient            *client,
                                        const CsVersion     *version,
                                        const char          *model_id,
                                        CsConnectorSpec     *edited,
                                        gboolean             keep_secrets,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, cs_connector_edit_plan_for_model_async);
  g_task_set_task_data (task, plan_data_new (version, model_id, edited, keep_secrets),
                        (GDestroyNotify) plan_data_free);
  if (!cs_lifecycle_has_model_update (version))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_REJECTED, "%s",
                               _("This cluster cannot change the connector inside a model (that "
                                 "needs OpenSearch 2.12 or later). Register the model again with "
                                 "the edited connector."));
      return;
    }
  cs_models_get_source_async (client, model_id, cancellable, plan_model_cb,
                              g_steal_pointer (&task));
}

CsEditPlan *
cs_connector_edit_plan_for_model_finish (CsClient      *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- execution -------------------------------------------------------------------------- */

typedef struct
{
  CsClient       *client;
  CsEditPlan     *plan;
  CsEditProgress  progress;
  gpointer        progress_data;
  char           *new_id;          /* SWITCH: the created connector */
  guint           index;
  guint           switched;        /* SWITCH: models switched so far */
  GError         *failure;         /* the failure being recovered from */
  gint64          deadline;
} Exec;

static void
exec_free (Exec *e)
{
  g_object_unref (e->client);
  cs_edit_plan_unref (e->plan);
  g_free (e->new_id);
  g_clear_error (&e->failure);
  g_free (e);
}

static void
say (Exec       *e,
     const char *text,
     const char *cluster_text)
{
  if (e->progress != NULL)
    e->progress (text, cluster_text, e->progress_data);
}

static const char *
words (const GError *error)
{
  const char *reason = cs_error_get_server_reason (error);
  return reason ? reason : error->message;
}

static void
fail_with_state (GTask      *task,
                 const char *state,
                 GError     *cause)
{
  g_task_return_new_error (task, CS_ERROR, cause && cause->domain == CS_ERROR
                                           ? cause->code : CS_ERROR_FAILED,
                           "%s %s", state, cause ? words (cause) : "");
}

static void
done (GTask *task)
{
  Exec *e = g_task_get_task_data (task);

  say (e, _("The connector was changed."), NULL);
  g_task_return_pointer (task,
                         g_strdup (e->new_id ? e->new_id : e->plan->connector_id), g_free);
}

/* PUT ------------------------------------------------------------------------------------- */

static void
put_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_update_finish (CS_CLIENT (source), result, &error))
    {
      fail_with_state (task, _("The connector was not changed:"), error);
      return;
    }
  done (task);
}

/* MODEL_UPDATE ---------------------------------------------------------------------------- */

static void
model_updated_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_models_update_finish (CS_CLIENT (source), result, &error))
    {
      if (cs_lifecycle_parse_cache_failure (cs_error_get_server_reason (error), NULL))
        fail_with_state (task, _("The model was stored with the edited connector, but some of "
                                 "its nodes still run the old one: apply the edit again or "
                                 "redeploy the model. The cluster said:"), error);
      else
        fail_with_state (task, _("The model was not changed:"), error);
      return;
    }
  say (e, _("The model’s connector was updated."), NULL);
  g_task_return_pointer (task, g_strdup (e->plan->model_id), g_free);
}

/* SWITCH ---------------------------------------------------------------------------------- */

static void switch_next (GTask *task);
static void switch_back_next (GTask *task);

static void
old_deleted_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_delete_finish (CS_CLIENT (source), result, NULL, &error))
    say (e, _("The old connector could not be deleted; delete it by hand."), words (error));
  done (task);
}

static void
switched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *model_id = e->plan->model_ids[e->index];

  if (!cs_models_update_finish (CS_CLIENT (source), result, &error))
    {
      g_auto(GStrv) nodes = NULL;

      if (cs_lifecycle_parse_cache_failure (cs_error_get_server_reason (error), &nodes))
        {
          /* Stored on the new connector; some nodes still run the old one. Stop here. */
          g_autofree char *state = g_strdup_printf (
            _("Model %s now uses connector %s, but some of its nodes still run the old one: "
              "edit again or redeploy it. Models switched before it use the new connector; the "
              "old connector %s was kept."), model_id, e->new_id, e->plan->connector_id);
          fail_with_state (task, state, error);
          return;
        }
      say (e, _("The cluster refused to switch the model."), words (error));
      e->failure = g_steal_pointer (&error);
      e->switched = e->index;
      e->index = 0;
      switch_back_next (task);
      return;
    }
  say (e, _("The model now uses the edited connector."), NULL);
  e->index++;
  switch_next (task);
}

static void
switch_next (GTask *task)
{
  Exec *e = g_task_get_task_data (task);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

  if (e->plan->model_ids[e->index] == NULL)
    {
      say (e, _("Deleting the old connector…"), NULL);
      cs_connectors_delete_async (e->client, e->plan->connector_id, g_task_get_cancellable (task),
                                  old_deleted_cb, g_object_ref (task));
      return;
    }
  json_object_set_string_member (root, "connector_id", e->new_id);
  json_node_set_object (body, root);
  say (e, _("Switching a model to the edited connector…"), e->plan->model_ids[e->index]);
  cs_models_update_async (e->client, e->plan->model_ids[e->index], body,
                          g_task_get_cancellable (task), switched_cb, g_object_ref (task));
}

static void
new_deleted_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);

  cs_connectors_delete_finish (CS_CLIENT (source), result, NULL, NULL);
  fail_with_state (task, _("Nothing changed: every model is back on the old connector, and the "
                           "edited copy was deleted. The cluster said:"), e->failure);
}

static void
switched_back_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_models_update_finish (CS_CLIENT (source), result, &error))
    {
      g_autofree char *state = g_strdup_printf (
        _("Model %s stays on the edited connector %s because switching it back failed; the "
          "models after it use the old connector %s."), e->plan->model_ids[e->index], e->new_id,
        e->plan->connector_id);
      fail_with_state (task, state, error);
      return;
    }
  e->index++;
  switch_back_next (task);
}

static void
switch_back_next (GTask *task)
{
  Exec *e = g_task_get_task_data (task);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (e->index >= e->switched)
    {
      cs_connectors_delete_async (e->client, e->new_id, g_task_get_cancellable (task),
                                  new_deleted_cb, g_object_ref (task));
      return;
    }
  root = json_object_new ();
  body = json_node_new (JSON_NODE_OBJECT);
  json_object_set_string_member (root, "connector_id", e->plan->connector_id);
  json_node_set_object (body, root);
  say (e, _("Switching a model back to the old connector…"), e->plan->model_ids[e->index]);
  cs_models_update_async (e->client, e->plan->model_ids[e->index], body,
                          g_task_get_cancellable (task), switched_back_cb, g_object_ref (task));
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  e->new_id = cs_connectors_create_finish (CS_CLIENT (source), result, &error);
  if (e->new_id == NULL)
    {
      fail_with_state (task, _("Nothing changed: the edited connector could not be created:"),
                       error);
      return;
    }
  say (e, _("Created the edited connector."), e->new_id);
  e->index = 0;
  switch_next (task);
}

/* REDEPLOY -------------------------------------------------------------------------------- */

static void deploy_next (GTask *task);

static void
poll_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data);

static gboolean
poll_again (gpointer data)
{
  GTask *task = data;
  Exec *e = g_task_get_task_data (task);

  cs_models_get_async (e->client, e->plan->deployed_ids[e->index],
                       g_task_get_cancellable (task), poll_cb, task);
  return G_SOURCE_REMOVE;
}

static void
poll_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsModelInfo) info = cs_models_get_finish (CS_CLIENT (source), result, &error);

  if (info == NULL || cs_model_state_is_final (cs_model_info_get_state (info))
      || g_get_monotonic_time () > e->deadline)
    {
      if (info != NULL && !cs_model_info_is_deployed (info))
        say (e, _("The model did not deploy again; deploy it from the Models page."),
             cs_model_info_get_state (info));
      e->index++;
      deploy_next (task);
      return;
    }
  g_timeout_add_seconds (1, poll_again, g_steal_pointer (&task));
}

static void
deployed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = cs_models_deploy_finish (CS_CLIENT (source), result, &error);

  if (error != NULL)
    say (e, _("The model could not be deployed again; deploy it from the Models page."),
         words (error));
  e->deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  cs_models_get_async (e->client, e->plan->deployed_ids[e->index],
                       g_task_get_cancellable (task), poll_cb, g_object_ref (task));
}

static void
deploy_next (GTask *task)
{
  Exec *e = g_task_get_task_data (task);

  if (e->plan->deployed_ids[e->index] == NULL)
    {
      if (e->failure != NULL)
        fail_with_state (task, _("The connector was not changed; its models were deployed again "
                                 "on it. The cluster said:"), e->failure);
      else
        done (task);
      return;
    }
  say (e, _("Deploying a model again…"), e->plan->deployed_ids[e->index]);
  cs_models_deploy_async (e->client, e->plan->deployed_ids[e->index],
                          g_task_get_cancellable (task), deployed_cb, g_object_ref (task));
}

static void
redeploy_put_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_update_finish (CS_CLIENT (source), result, &error))
    {
      say (e, _("The cluster refused the connector update."), words (error));
      e->failure = g_steal_pointer (&error);
    }
  else
    say (e, _("The connector was updated."), NULL);
  e->index = 0;
  deploy_next (task);
}

static void undeploy_next (GTask *task);

static void
undeployed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exec *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_models_undeploy_finish (CS_CLIENT (source), result, &error))
    {
      /* Those undeployed so far go back up on the unchanged connector. */
      e->failure = g_steal_pointer (&error);
      e->index = 0;
      deploy_next (task);
      return;
    }
  e->index++;
  undeploy_next (task);
}

static void
undeploy_next (GTask *task)
{
  Exec *e = g_task_get_task_data (task);

  if (e->plan->deployed_ids[e->index] == NULL)
    {
      say (e, _("Updating the connector…"), NULL);
      cs_connectors_update_async (e->client, e->plan->connector_id, e->plan->put_body,
                                  g_task_get_cancellable (task), redeploy_put_cb,
                                  g_object_ref (task));
      return;
    }
  say (e, _("Undeploying a model…"), e->plan->deployed_ids[e->index]);
  cs_models_undeploy_async (e->client, e->plan->deployed_ids[e->index],
                            g_task_get_cancellable (task), undeployed_cb, g_object_ref (task));
}

void
cs_connector_edit_execute_async (CsClient            *client,
                                 CsEditPlan          *plan,
                                 CsEditProgress       progress,
                                 gpointer             progress_data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  Exec *e = g_new0 (Exec, 1);

  g_task_set_source_tag (task, cs_connector_edit_execute_async);
  e->client = g_object_ref (client);
  e->plan = cs_edit_plan_ref (plan);
  e->progress = progress;
  e->progress_data = progress_data;
  g_task_set_task_data (task, e, (GDestroyNotify) exec_free);

  say (e, plan->why, NULL);
  switch (plan->kind)
    {
    case CS_EDIT_PLAN_NOTHING:
      done (task);
      break;
    case CS_EDIT_PLAN_CONNECTOR_PUT:
      say (e, _("Updating the connector…"), NULL);
      cs_connectors_update_async (client, plan->connector_id, plan->put_body, cancellable, put_cb,
                                  g_steal_pointer (&task));
      break;
    case CS_EDIT_PLAN_SWITCH_CONNECTOR:
      say (e, _("Creating the edited connector…"), NULL);
      cs_connectors_create_async (client, plan->create_body, cancellable, created_cb,
                                  g_steal_pointer (&task));
      break;
    case CS_EDIT_PLAN_MODEL_UPDATE:
      {
        g_autoptr(JsonObject) root = json_object_new ();
        g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

        /* The connector object is shared with the plan's body, not copied: its keys are
         * wiped with the plan. */
        json_object_set_member (root, "connector", json_node_ref (plan->put_body));
        json_node_set_object (body, root);
        say (e, _("Updating the model…"), NULL);
        cs_models_update_async (client, plan->model_id, body, cancellable, model_updated_cb,
                                g_steal_pointer (&task));
      }
      break;
    case CS_EDIT_PLAN_REDEPLOY:
    default:
      undeploy_next (task);
      break;
    }
}

gboolean
cs_connector_edit_execute_finish (CsClient      *client,
                                  GAsyncResult  *result,
                                  char         **connector_id,
                                  GError       **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  id = g_task_propagate_pointer (G_TASK (result), error);
  if (id == NULL)
    return FALSE;
  if (connector_id != NULL)
    *connector_id = g_steal_pointer (&id);
  return TRUE;
}
