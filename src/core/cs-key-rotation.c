/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-key-rotation"

#include "config.h"

#include "cs-key-rotation.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connectors-api.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-json.h"
#include "cs-lifecycle-api.h"
#include "cs-model-info.h"
#include "cs-models-api.h"
#include "cs-predict.h"

typedef struct
{
  char *access_key;
  char *secret_key;
  char *session_token;
} Keys;

typedef struct
{
  char                 *id;
  gboolean              inline_connector;
  JsonObject           *connector;     /* as GET shows it, for the smoke test's defaults */
  guint                 workers;
  CsRotationModelState  state;
  gboolean              touched;       /* its update reached the cluster */
} Model;

struct _CsKeyRotation
{
  GObject    parent_instance;

  CsClient  *client;
  CsVersion  version;
  gboolean   has_version;
  Keys       new_keys;
  Keys       old_keys;
  GPtrArray *models;              /* Model* */
  char      *connector_id;        /* the standalone connector to rotate */
  char      *copy_id;             /* its copy with the new keys */
  char      *current_connector_id;

  /* a run */
  GTask     *task;
  guint      index;               /* model being rotated */
  guint      smoke_left;
  guint      rollback_index;
  gboolean   retried;
  char      *failure;             /* why the rotation stopped (translated) */
  char      *cluster_text;        /* the cluster's words for it */
};

G_DEFINE_FINAL_TYPE (CsKeyRotation, cs_key_rotation, G_TYPE_OBJECT)

enum { SIGNAL_STEP, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
wipe (char **text)
{
  if (*text != NULL)
    {
      explicit_bzero (*text, strlen (*text));
      g_clear_pointer (text, g_free);
    }
}

static void
keys_wipe (Keys *keys)
{
  wipe (&keys->access_key);
  wipe (&keys->secret_key);
  wipe (&keys->session_token);
}

static void
keys_set (Keys       *keys,
          const char *access_key,
          const char *secret_key,
          const char *session_token)
{
  keys_wipe (keys);
  keys->access_key = g_strdup (access_key);
  keys->secret_key = g_strdup (secret_key);
  keys->session_token = session_token && *session_token ? g_strdup (session_token) : NULL;
}

static void
model_free (Model *m)
{
  g_free (m->id);
  g_clear_pointer (&m->connector, json_object_unref);
  g_free (m);
}

static void
cs_key_rotation_finalize (GObject *object)
{
  CsKeyRotation *self = CS_KEY_ROTATION (object);

  keys_wipe (&self->new_keys);
  keys_wipe (&self->old_keys);
  g_clear_object (&self->client);
  g_ptr_array_unref (self->models);
  g_free (self->connector_id);
  g_free (self->copy_id);
  g_free (self->current_connector_id);
  g_free (self->failure);
  g_free (self->cluster_text);
  G_OBJECT_CLASS (cs_key_rotation_parent_class)->finalize (object);
}

static void
cs_key_rotation_class_init (CsKeyRotationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_key_rotation_finalize;

  /**
   * CsKeyRotation::step:
   * @step: a #CsRotationStep
   * @model_id: (nullable): the model concerned
   * @text: what is happening, translated
   * @cluster_text: (nullable): the cluster's own words (an error reason)
   */
  signals[SIGNAL_STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_INT,
                                       G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
cs_key_rotation_init (CsKeyRotation *self)
{
  self->models = g_ptr_array_new_with_free_func ((GDestroyNotify) model_free);
}

CsKeyRotation *
cs_key_rotation_new (CsClient        *client,
                     const CsVersion *version)
{
  CsKeyRotation *self = g_object_new (CS_TYPE_KEY_ROTATION, NULL);

  g_return_val_if_fail (CS_IS_CLIENT (client), NULL);
  self->client = g_object_ref (client);
  if (version != NULL)
    {
      self->version = *version;
      self->has_version = TRUE;
    }
  return self;
}

void
cs_key_rotation_set_new_keys (CsKeyRotation *self,
                              const char    *access_key,
                              const char    *secret_key,
                              const char    *session_token)
{
  g_return_if_fail (CS_IS_KEY_ROTATION (self));
  keys_set (&self->new_keys, access_key, secret_key, session_token);
}

void
cs_key_rotation_set_old_keys (CsKeyRotation *self,
                              const char    *access_key,
                              const char    *secret_key,
                              const char    *session_token)
{
  g_return_if_fail (CS_IS_KEY_ROTATION (self));
  keys_set (&self->old_keys, access_key, secret_key, session_token);
}

static Model *
find_model (CsKeyRotation *self,
            const char    *model_id)
{
  for (guint i = 0; i < self->models->len; i++)
    {
      Model *m = g_ptr_array_index (self->models, i);
      if (g_strcmp0 (m->id, model_id) == 0)
        return m;
    }
  return NULL;
}

static Model *
add_model (CsKeyRotation *self,
           const char    *model_id,
           gboolean       inline_connector)
{
  Model *m = find_model (self, model_id);

  if (m == NULL)
    {
      m = g_new0 (Model, 1);
      m->id = g_strdup (model_id);
      m->inline_connector = inline_connector;
      g_ptr_array_add (self->models, m);
    }
  return m;
}

void
cs_key_rotation_add_model (CsKeyRotation *self,
                           const char    *model_id)
{
  g_return_if_fail (CS_IS_KEY_ROTATION (self));
  g_return_if_fail (model_id != NULL);
  add_model (self, model_id, TRUE);
}

void
cs_key_rotation_set_connector (CsKeyRotation *self,
                               const char    *connector_id)
{
  g_return_if_fail (CS_IS_KEY_ROTATION (self));
  g_free (self->connector_id);
  self->connector_id = g_strdup (connector_id);
  g_free (self->current_connector_id);
  self->current_connector_id = g_strdup (connector_id);
}

GStrv
cs_key_rotation_get_model_ids (CsKeyRotation *self)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < self->models->len; i++)
    g_ptr_array_add (ids, g_strdup (((Model *) g_ptr_array_index (self->models, i))->id));
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (ids, FALSE);
}

CsRotationModelState
cs_key_rotation_get_model_state (CsKeyRotation *self,
                                 const char    *model_id)
{
  Model *m = find_model (self, model_id);

  return m ? m->state : CS_ROTATION_MODEL_PENDING;
}

const char *
cs_key_rotation_get_connector_id (CsKeyRotation *self)
{
  return self->current_connector_id;
}

gboolean
cs_key_rotation_holds_old_keys (CsKeyRotation *self)
{
  return self->old_keys.secret_key != NULL;
}

static void
step (CsKeyRotation  *self,
      CsRotationStep  kind,
      const char     *model_id,
      const char     *text,
      const char     *cluster_text)
{
  g_debug ("step %d %s: %s", kind, model_id ? model_id : "-", text);
  g_signal_emit (self, signals[SIGNAL_STEP], 0, (int) kind, model_id, text, cluster_text);
}

static const char *
cluster_words (const GError *error)
{
  const char *reason = cs_error_get_server_reason (error);

  return reason ? reason : error->message;
}

/* The cluster's own words in a failed predict's answer (error.reason), else the error's. */
static char *
raw_reason (JsonNode     *raw,
            const GError *error)
{
  JsonObject *root = raw && JSON_NODE_HOLDS_OBJECT (raw) ? json_node_get_object (raw) : NULL;
  JsonNode *err = root ? json_object_get_member (root, "error") : NULL;

  if (err != NULL && JSON_NODE_HOLDS_OBJECT (err))
    {
      JsonNode *reason = json_object_get_member (json_node_get_object (err), "reason");
      if (reason != NULL && JSON_NODE_HOLDS_VALUE (reason)
          && json_node_get_value_type (reason) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (reason));
    }
  if (err != NULL && JSON_NODE_HOLDS_VALUE (err) && json_node_get_value_type (err) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (err));
  return g_strdup (cluster_words (error));
}

/* ---- bodies ----------------------------------------------------------------------------- */

static JsonNode *
credential_node (const Keys *keys)
{
  JsonObject *cred = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (cred, "access_key", keys->access_key);
  json_object_set_string_member (cred, "secret_key", keys->secret_key);
  if (keys->session_token != NULL)
    json_object_set_string_member (cred, "session_token", keys->session_token);
  json_node_take_object (node, cred);
  return node;
}

/* {"connector":{"credential":{…}}} */
static JsonNode *
inline_credential_body (const Keys *keys)
{
  JsonObject *connector = json_object_new ();
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (connector, "credential", credential_node (keys));
  json_object_set_object_member (root, "connector", connector);
  json_node_take_object (node, root);
  return node;
}

static JsonNode *
connector_id_body (const char *connector_id)
{
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (root, "connector_id", connector_id);
  json_node_take_object (node, root);
  return node;
}

/* The connector as GET shows it, as a create body with the new keys. */
static JsonNode *
copy_body (JsonObject *connector,
           const Keys *keys)
{
  static const char * const kept[] = {
    "name", "description", "version", "protocol", "parameters", "actions", "client_config",
    "backend_roles", NULL,
  };
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; kept[i] != NULL; i++)
    if (json_object_has_member (connector, kept[i]))
      json_object_set_member (root, kept[i],
                              json_node_copy (json_object_get_member (connector, kept[i])));
  json_object_set_member (root, "credential", credential_node (keys));
  json_node_take_object (node, root);
  return node;
}

/* A short call that any Claude connector accepts: its own defaults, only a small max_tokens
 * when it does not think (thinking needs max_tokens above its budget). */
static JsonNode *
smoke_body (JsonObject *connector,
            GError    **error)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "Reply with the single word OK.");
  CsPredictOverrides defaults = { 0 }, overrides = { 0 };
  gboolean thinking = FALSE;

  if (connector != NULL)
    cs_predict_defaults_from_connector (connector, &defaults, &thinking);
  if (!thinking)
    overrides.max_tokens = 16;
  cs_conversation_append (conversation, turn);
  return cs_conversation_build_predict_body (conversation, &overrides, error);
}

/* ---- the end of a run ------------------------------------------------------------------- */

static char *
join_models (CsKeyRotation        *self,
             CsRotationModelState  state)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->models->len; i++)
    {
      Model *m = g_ptr_array_index (self->models, i);
      if (m->state == state)
        g_string_append_printf (out, "%s%s", out->len ? ", " : "", m->id);
    }
  return g_string_free (out, out->len == 0);
}

static void
finish (CsKeyRotation *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autofree char *rotated = join_models (self, CS_ROTATION_MODEL_ROTATED);
  g_autofree char *pending = join_models (self, CS_ROTATION_MODEL_PENDING);
  g_autofree char *back = join_models (self, CS_ROTATION_MODEL_ROLLED_BACK);
  g_autofree char *behind = join_models (self, CS_ROTATION_MODEL_NODES_BEHIND);
  g_autofree char *stuck = join_models (self, CS_ROTATION_MODEL_STUCK);
  GString *summary = g_string_new (NULL);
  CsRotationOutcome outcome;

  /* The old keys are held only as long as the run. */
  keys_wipe (&self->old_keys);

  if (self->failure == NULL)
    {
      outcome = CS_ROTATION_OUTCOME_ROTATED;
      g_string_append (summary, _("Every model now uses the new keys and answered the test "
                                  "call."));
    }
  else
    {
      outcome = behind == NULL && stuck == NULL && rotated == NULL
                ? CS_ROTATION_OUTCOME_ROLLED_BACK : CS_ROTATION_OUTCOME_PARTIAL;
      g_string_append (summary, self->failure);
      if (outcome == CS_ROTATION_OUTCOME_ROLLED_BACK)
        g_string_append_printf (summary, " %s",
                                _("Nothing changed: every model still uses the old keys."));
      if (rotated != NULL)
        g_string_append_printf (summary, " %s %s.", _("On the new keys:"), rotated);
      if (behind != NULL)
        g_string_append_printf (summary, " %s %s.",
                                _("Stored with the new keys, but some nodes still use the old "
                                  "ones (retry the rotation or redeploy):"), behind);
      if (stuck != NULL)
        g_string_append_printf (summary, " %s %s.",
                                _("Left on the new keys because putting the old ones back "
                                  "failed (enter working keys and rotate again):"), stuck);
      if (back != NULL)
        g_string_append_printf (summary, " %s %s.", _("Back on the old keys:"), back);
      if (pending != NULL)
        g_string_append_printf (summary, " %s %s.", _("Not changed:"), pending);
    }
  step (self, CS_ROTATION_STEP_DONE, NULL, summary->str, self->cluster_text);
  g_task_return_pointer (task, g_string_free (summary, FALSE), g_free);
}

gboolean
cs_key_rotation_run_finish (CsKeyRotation     *self,
                            GAsyncResult      *result,
                            CsRotationOutcome *outcome,
                            char             **summary,
                            GError           **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  text = g_task_propagate_pointer (G_TASK (result), error);
  if (text == NULL)
    return FALSE;
  if (outcome != NULL)
    {
      gboolean any_new = FALSE;

      for (guint i = 0; i < self->models->len; i++)
        {
          Model *m = g_ptr_array_index (self->models, i);
          any_new |= m->state == CS_ROTATION_MODEL_ROTATED
                     || m->state == CS_ROTATION_MODEL_NODES_BEHIND
                     || m->state == CS_ROTATION_MODEL_STUCK;
        }
      if (self->failure == NULL)
        *outcome = CS_ROTATION_OUTCOME_ROTATED;
      else if (!any_new)
        *outcome = CS_ROTATION_OUTCOME_ROLLED_BACK;
      else
        *outcome = CS_ROTATION_OUTCOME_PARTIAL;
    }
  if (summary != NULL)
    *summary = g_steal_pointer (&text);
  return TRUE;
}

static void
fail_run (CsKeyRotation *self,
          GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  keys_wipe (&self->old_keys);
  g_task_return_error (task, error);
}

/* ---- rollback --------------------------------------------------------------------------- */

static void rollback_next (CsKeyRotation *self);
static void cleanup_copy (CsKeyRotation *self);

static void
rollback_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;
  Model *m = g_ptr_array_index (self->models, self->rollback_index);

  if (cs_models_update_finish (CS_CLIENT (source), result, &error))
    {
      m->state = CS_ROTATION_MODEL_ROLLED_BACK;
      step (self, CS_ROTATION_STEP_ROLLBACK, m->id, _("The model is back on the old keys."),
            NULL);
    }
  else
    {
      m->state = cs_lifecycle_parse_cache_failure (cs_error_get_server_reason (error), NULL)
                 ? CS_ROTATION_MODEL_NODES_BEHIND : CS_ROTATION_MODEL_STUCK;
      step (self, CS_ROTATION_STEP_ROLLBACK, m->id,
            _("Putting the old keys back failed."), cluster_words (error));
    }
  rollback_next (self);
}

/* Rolls back, last first, every model whose update reached the cluster. */
static void
rollback_next (CsKeyRotation *self)
{
  while (self->rollback_index > 0)
    {
      Model *m = g_ptr_array_index (self->models, --self->rollback_index);
      g_autoptr(JsonNode) body = NULL;

      if (!m->touched)
        continue;
      if (m->inline_connector)
        {
          if (self->old_keys.secret_key == NULL)
            {
              m->state = CS_ROTATION_MODEL_STUCK;
              step (self, CS_ROTATION_STEP_ROLLBACK, m->id,
                    _("The old keys were not given, so the model cannot be put back on them."),
                    NULL);
              continue;
            }
          body = inline_credential_body (&self->old_keys);
        }
      else
        body = connector_id_body (self->connector_id);
      step (self, CS_ROTATION_STEP_ROLLBACK, m->id, _("Putting the model back on the old keys…"),
            NULL);
      cs_models_update_async (self->client, m->id, body, g_task_get_cancellable (self->task),
                              rollback_cb, g_object_ref (self));
      return;
    }
  /* Models of a standalone connector are back on it: the copy can go. */
  if (self->copy_id != NULL)
    {
      gboolean any_on_copy = FALSE;

      for (guint i = 0; i < self->models->len; i++)
        {
          Model *m = g_ptr_array_index (self->models, i);
          any_on_copy |= !m->inline_connector && (m->state == CS_ROTATION_MODEL_STUCK
                                                  || m->state == CS_ROTATION_MODEL_NODES_BEHIND);
        }
      if (!any_on_copy)
        {
          g_free (self->current_connector_id);
          self->current_connector_id = g_strdup (self->connector_id);
          cleanup_copy (self);
          return;
        }
    }
  finish (self);
}

static void
start_rollback (CsKeyRotation *self,
                char          *failure,
                const char    *cluster_text)
{
  g_free (self->failure);
  self->failure = failure;
  g_free (self->cluster_text);
  self->cluster_text = g_strdup (cluster_text);
  self->rollback_index = MIN (self->index + 1, self->models->len);
  rollback_next (self);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_delete_finish (CS_CLIENT (source), result, NULL, &error))
    step (self, CS_ROTATION_STEP_CLEANUP, NULL,
          _("The connector no model uses any more could not be deleted; delete it by hand."),
          cluster_words (error));
  else
    step (self, CS_ROTATION_STEP_CLEANUP, NULL, _("The unused connector was deleted."), NULL);
  finish (self);
}

/* After a rollback: the copy with the new keys. */
static void
cleanup_copy (CsKeyRotation *self)
{
  step (self, CS_ROTATION_STEP_CLEANUP, NULL, _("Deleting the connector copy with the new keys…"),
        NULL);
  cs_connectors_delete_async (self->client, self->copy_id, g_task_get_cancellable (self->task),
                              delete_cb, g_object_ref (self));
}

/* ---- rotation --------------------------------------------------------------------------- */

static void rotate_next (CsKeyRotation *self);
static void smoke_next (CsKeyRotation *self);

static void
smoke_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(JsonNode) raw = NULL;
  Model *m = g_ptr_array_index (self->models, self->index);

  prediction = cs_predict_finish (CS_CLIENT (source), result, NULL, &raw, &error);
  if (prediction == NULL)
    {
      g_autofree char *said = raw_reason (raw, error);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fail_run (self, g_steal_pointer (&error));
          return;
        }
      step (self, CS_ROTATION_STEP_SMOKE_TEST, m->id,
            _("The test call failed with the new keys."), said);
      start_rollback (self,
                      g_strdup_printf (_("The test call of model %s failed with the new keys, so "
                                         "the rotation was undone (%s). Check the new keys with "
                                         "Bedrock and try again."), m->id, error->message),
                      said);
      return;
    }
  smoke_next (self);
}

static void
smoke_next (CsKeyRotation *self)
{
  Model *m = g_ptr_array_index (self->models, self->index);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  if (self->smoke_left == 0)
    {
      m->state = CS_ROTATION_MODEL_ROTATED;
      step (self, CS_ROTATION_STEP_SMOKE_TEST, m->id,
            _("The model answered with the new keys."), NULL);
      self->index++;
      rotate_next (self);
      return;
    }
  self->smoke_left--;
  body = smoke_body (m->connector, &error);
  if (body == NULL)
    {
      start_rollback (self, g_strdup (error->message), NULL);
      return;
    }
  step (self, CS_ROTATION_STEP_SMOKE_TEST, m->id, _("Sending a test call…"), NULL);
  cs_predict_async (self->client, m->id, body,
                    m->connector ? cs_predict_timeout_for_connector (m->connector)
                                 : CS_PREDICT_DEFAULT_TIMEOUT,
                    g_task_get_cancellable (self->task), smoke_cb, g_object_ref (self));
}

static void update_model (CsKeyRotation *self);

static void
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;
  Model *m = g_ptr_array_index (self->models, self->index);
  g_auto(GStrv) nodes = NULL;

  if (cs_models_update_finish (CS_CLIENT (source), result, &error))
    {
      m->touched = TRUE;
      step (self, CS_ROTATION_STEP_UPDATE, m->id,
            _("The model was updated on every node."), NULL);
      self->smoke_left = m->workers;
      smoke_next (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  if (cs_lifecycle_parse_cache_failure (cs_error_get_server_reason (error), &nodes))
    {
      g_autofree char *list = g_strjoinv (", ", nodes);

      m->touched = TRUE;
      step (self, CS_ROTATION_STEP_UPDATE, m->id,
            _("Some nodes did not take the new keys."), cluster_words (error));
      /* ML Commons says "please retry": once. */
      if (!self->retried)
        {
          self->retried = TRUE;
          update_model (self);
          return;
        }
      m->state = CS_ROTATION_MODEL_NODES_BEHIND;
      g_free (self->failure);
      self->failure = g_strdup_printf (_("Model %s was stored with the new keys, but nodes %s "
                                         "still use the old ones and a retry did not help; the "
                                         "rotation stopped there."), m->id, list);
      g_free (self->cluster_text);
      self->cluster_text = g_strdup (cluster_words (error));
      finish (self);
      return;
    }
  step (self, CS_ROTATION_STEP_UPDATE, m->id, _("The cluster refused the update."),
        cluster_words (error));
  start_rollback (self,
                  g_strdup_printf (_("The cluster refused to update model %s, so the rotation "
                                     "was undone."), m->id),
                  cluster_words (error));
}

static void
update_model (CsKeyRotation *self)
{
  Model *m = g_ptr_array_index (self->models, self->index);
  g_autoptr(JsonNode) body = m->inline_connector ? inline_credential_body (&self->new_keys)
                                                 : connector_id_body (self->copy_id);

  step (self, CS_ROTATION_STEP_UPDATE, m->id,
        m->inline_connector ? _("Updating the model’s connector in place…")
                            : _("Switching the model to the connector with the new keys…"),
        NULL);
  cs_models_update_async (self->client, m->id, body, g_task_get_cancellable (self->task),
                          update_cb, g_object_ref (self));
}

static void
old_delete_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_delete_finish (CS_CLIENT (source), result, NULL, &error))
    step (self, CS_ROTATION_STEP_CLEANUP, NULL,
          _("The old connector could not be deleted; it holds the old keys, so delete it by "
            "hand."), cluster_words (error));
  else
    step (self, CS_ROTATION_STEP_CLEANUP, NULL, _("The old connector was deleted."), NULL);
  finish (self);
}

static void
rotate_next (CsKeyRotation *self)
{
  if (self->index < self->models->len)
    {
      self->retried = FALSE;
      update_model (self);
      return;
    }
  if (self->copy_id != NULL)
    {
      g_free (self->current_connector_id);
      self->current_connector_id = g_strdup (self->copy_id);
      step (self, CS_ROTATION_STEP_CLEANUP, NULL, _("Deleting the old connector…"), NULL);
      cs_connectors_delete_async (self->client, self->connector_id,
                                  g_task_get_cancellable (self->task), old_delete_cb,
                                  g_object_ref (self));
      return;
    }
  finish (self);
}

/* ---- inspection ------------------------------------------------------------------------- */

static void inspect_next (CsKeyRotation *self);

static void
inspect_model_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_models_get_source_finish (CS_CLIENT (source), result, &error);
  Model *m = g_ptr_array_index (self->models, self->index);
  JsonObject *model;

  if (node == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  model = json_node_get_object (node);
  if (m->inline_connector)
    {
      if (!json_object_has_member (model, "connector")
          || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (model, "connector")))
        {
          fail_run (self, g_error_new (CS_ERROR, CS_ERROR_INVALID_INPUT,
                                       _("Model %s has no connector of its own: rotate the keys "
                                         "of the connector it uses instead."), m->id));
          return;
        }
      m->connector = json_object_ref (json_object_get_object_member (model, "connector"));
    }
  {
    gint64 workers;

    /* A count that is not a number counts as unknown. */
    if (cs_json_get_int (model, "current_worker_node_count", &workers))
      m->workers = (guint) CLAMP (workers, 0, G_MAXINT);
  }
  if (!cs_model_state_is_deployed (cs_json_get_string (model, "model_state")))
    m->workers = 0;   /* nothing to test: it takes the keys when it is deployed */
  else if (m->workers == 0)
    m->workers = 1;
  self->index++;
  inspect_next (self);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;

  self->copy_id = cs_connectors_create_finish (CS_CLIENT (source), result, &error);
  if (self->copy_id == NULL)
    {
      step (self, CS_ROTATION_STEP_CREATE, NULL,
            _("The connector with the new keys could not be created."), cluster_words (error));
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  step (self, CS_ROTATION_STEP_CREATE, NULL, _("Created a connector with the new keys."), NULL);
  self->index = 0;
  rotate_next (self);
}

static void
inspect_next (CsKeyRotation *self)
{
  if (self->index < self->models->len)
    {
      Model *m = g_ptr_array_index (self->models, self->index);

      step (self, CS_ROTATION_STEP_INSPECT, m->id, _("Reading the model…"), NULL);
      cs_models_get_source_async (self->client, m->id, g_task_get_cancellable (self->task),
                                  inspect_model_cb, g_object_ref (self));
      return;
    }
  if (self->connector_id != NULL)
    {
      JsonObject *connector = NULL;
      g_autoptr(JsonNode) body = NULL;

      for (guint i = 0; i < self->models->len && connector == NULL; i++)
        {
          Model *m = g_ptr_array_index (self->models, i);
          if (!m->inline_connector)
            connector = m->connector;
        }
      body = copy_body (connector, &self->new_keys);
      step (self, CS_ROTATION_STEP_CREATE, NULL,
            _("Creating a copy of the connector with the new keys…"), NULL);
      cs_connectors_create_async (self->client, body, g_task_get_cancellable (self->task),
                                  create_cb, g_object_ref (self));
      return;
    }
  self->index = 0;
  rotate_next (self);
}

static void
plain_put_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_update_finish (CS_CLIENT (source), result, &error))
    {
      step (self, CS_ROTATION_STEP_UPDATE, NULL, _("The cluster refused the new keys."),
            cluster_words (error));
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  step (self, CS_ROTATION_STEP_UPDATE, NULL,
        _("The connector has the new keys; no deployed model uses it."), NULL);
  finish (self);
}

static void
models_search_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) models = cs_models_search_finish (CS_CLIENT (source), result, &error);
  gboolean any_deployed = FALSE;
  JsonObject *connector = g_task_get_task_data (self->task);

  if (models == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (models)); i++)
    {
      g_autoptr(CsModelInfo) info = g_list_model_get_item (G_LIST_MODEL (models), i);
      Model *m;

      if (g_strcmp0 (cs_model_info_get_connector_id (info), self->connector_id) != 0)
        continue;
      m = add_model (self, cs_model_info_get_id (info), FALSE);
      m->connector = json_object_ref (connector);
      any_deployed |= cs_model_info_is_deployed (info) || cs_model_info_is_busy (info);
    }

  if (!any_deployed)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

      /* Nothing serves from it: the plain connector update is allowed. Models registered on it
       * pick the keys up when they are deployed. */
      for (guint i = 0; i < self->models->len; i++)
        if (!((Model *) g_ptr_array_index (self->models, i))->inline_connector)
          ((Model *) g_ptr_array_index (self->models, i))->state = CS_ROTATION_MODEL_ROTATED;
      json_object_set_member (root, "credential", credential_node (&self->new_keys));
      json_node_set_object (body, root);
      step (self, CS_ROTATION_STEP_UPDATE, NULL, _("Updating the connector’s keys…"), NULL);
      cs_connectors_update_async (self->client, self->connector_id, body,
                                  g_task_get_cancellable (self->task), plain_put_cb,
                                  g_object_ref (self));
      return;
    }
  self->index = 0;
  inspect_next (self);
}

static void
connector_get_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsKeyRotation) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_connectors_get_finish (CS_CLIENT (source), result, &error);

  if (node == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (self->task, json_object_ref (json_node_get_object (node)),
                        (GDestroyNotify) json_object_unref);
  step (self, CS_ROTATION_STEP_INSPECT, NULL, _("Finding the models that use the connector…"),
        NULL);
  cs_models_search_async (self->client, g_task_get_cancellable (self->task), models_search_cb,
                          g_object_ref (self));
}

void
cs_key_rotation_run_async (CsKeyRotation       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CS_IS_KEY_ROTATION (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, cs_key_rotation_run_async);
  g_clear_pointer (&self->failure, g_free);
  g_clear_pointer (&self->cluster_text, g_free);
  self->index = 0;

  if (self->new_keys.access_key == NULL || self->new_keys.secret_key == NULL
      || *self->new_keys.access_key == '\0' || *self->new_keys.secret_key == '\0')
    {
      fail_run (self, g_error_new_literal (CS_ERROR, CS_ERROR_INVALID_INPUT,
                                           _("Enter the new access key ID and secret key.")));
      return;
    }
  if (self->models->len == 0 && self->connector_id == NULL)
    {
      fail_run (self, g_error_new_literal (CS_ERROR, CS_ERROR_INVALID_INPUT,
                                           _("Choose the connector or the models whose keys "
                                             "should change.")));
      return;
    }
  if (!cs_lifecycle_has_model_update (self->has_version ? &self->version : NULL))
    {
      fail_run (self, g_error_new_literal (CS_ERROR, CS_ERROR_REJECTED,
                                           _("This cluster cannot change the keys of a model in "
                                             "use (that needs OpenSearch 2.12 or later). Edit "
                                             "the connector instead: its models are undeployed, "
                                             "updated and deployed again.")));
      return;
    }
  if (self->connector_id != NULL)
    {
      step (self, CS_ROTATION_STEP_INSPECT, NULL, _("Reading the connector…"), NULL);
      cs_connectors_get_async (self->client, self->connector_id, cancellable, connector_get_cb,
                               g_object_ref (self));
      return;
    }
  inspect_next (self);
}
