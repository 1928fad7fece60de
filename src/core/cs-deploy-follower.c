/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-deploy-follower"

#include "config.h"

#include "cs-deploy-follower.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-models-api.h"

#define FIRST_DELAY_MS           100
#define MAX_DELAY_MS             2000
/* At most this far apart at first, so that the end shows within 250 ms of
 * it (the poll interval plus one round trip). */
#define QUICK_DELAY_MS           200
/* Polls that stay within QUICK_DELAY_MS: about the first five minutes, at
 * most five polls a second (one small GET each on the kept-alive
 * connection). A deployment still running after that is watched every 2 s. */
#define QUICK_POLLS              1500
/* The master key appears within seconds of the cluster starting. */
#define DEFAULT_RETRY_DELAY_MS   10000
#define MAX_MASTER_KEY_RETRIES   3
/* Answers that fail in a row before the follower gives up (failures that
 * will not pass by waiting: permissions, refusals). */
#define MAX_POLL_FAILURES        3
/* A busy or unreachable cluster (429, 5xx, a dropped connection) is waited
 * for: back-off from BACKOFF_FIRST_MS, doubling up to BACKOFF_MAX_MS, or what
 * its Retry-After asks (up to RETRY_AFTER_MAX_MS), for at most
 * MAX_TROUBLE_US without a good answer. */
#define BACKOFF_FIRST_MS         250
#define BACKOFF_MAX_MS           30000
#define RETRY_AFTER_MAX_MS       300000
#define MAX_TROUBLE_US           (10 * 60 * G_USEC_PER_SEC)
/* How long a model may sit registered without deploying. */
#define NOT_STARTED_TIMEOUT_US   (60 * G_USEC_PER_SEC)
/* DEPLOY_FAILED left over from an earlier deployment, while the new
 * deployment's task has not finished. */
#define MAX_STALE_FAILURES       20

struct _CsDeployFollower
{
  GObject       parent_instance;

  CsClient     *client;
  char         *model_id;
  guint         retry_delay;

  char         *state;
  CsModelInfo  *model;
  guint         planned_nodes;
  guint         current_nodes;
  char         *message;
  char         *failure;
  gint64        start_us;
  gint64        end_us;
  gint64        not_started_since_us;

  /* The current run */
  GTask        *task;
  GCancellable *cancellable;
  gulong        cancelled_id;
  guint         cancel_idle_id;
  guint         poll_id;
  guint         tick_id;
  guint         attempt;
  guint         poll_failures;
  guint         transient_failures;
  gint64        trouble_since_us;
  guint         stale_failures;
  guint         master_key_retries;
  char         *deploy_task_id;
};

G_DEFINE_FINAL_TYPE (CsDeployFollower, cs_deploy_follower, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MODEL_ID,
  PROP_RETRY_DELAY,
  PROP_STATE,
  PROP_MODEL,
  PROP_PLANNED_NODES,
  PROP_CURRENT_NODES,
  PROP_ELAPSED,
  PROP_MESSAGE,
  PROP_FAILURE,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_now (CsDeployFollower *self);
static void send_deploy (CsDeployFollower *self);

guint
cs_deploy_follower_poll_delay (guint attempt)
{
  guint delay = FIRST_DELAY_MS;

  /* Quick for the first minutes: remote deployments end within seconds or
   * minutes, and the end should show within 250 ms of it. Then ×1.5 a poll. */
  for (guint i = 0; i < MIN (attempt, QUICK_POLLS) && delay < QUICK_DELAY_MS; i++)
    delay = MIN (delay * 3 / 2, QUICK_DELAY_MS);
  for (guint i = QUICK_POLLS; i < attempt && delay < MAX_DELAY_MS; i++)
    delay = delay * 3 / 2;
  return MIN (delay, MAX_DELAY_MS);
}

guint
cs_deploy_follower_backoff_delay (guint  failures,
                                  gint64 retry_after_ms)
{
  guint delay = BACKOFF_FIRST_MS;

  if (retry_after_ms >= 0)
    return (guint) CLAMP (retry_after_ms, FIRST_DELAY_MS, RETRY_AFTER_MAX_MS);
  for (guint i = 1; i < failures && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  return MIN (delay, BACKOFF_MAX_MS);
}

/* The cluster may answer again if we wait. */
static gboolean
error_is_transient (const GError *error)
{
  return g_error_matches (error, CS_ERROR, CS_ERROR_THROTTLED) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_SERVER) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_NETWORK) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_TIMEOUT) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
}

static void
set_string (CsDeployFollower  *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_model (CsDeployFollower *self,
           CsModelInfo      *model)
{
  guint planned = cs_model_info_get_planning_worker_node_count (model);
  guint current = cs_model_info_get_current_worker_node_count (model);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  set_string (self, &self->state, cs_model_info_get_state (model), PROP_STATE);
  if (self->planned_nodes != planned)
    {
      self->planned_nodes = planned;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLANNED_NODES]);
    }
  if (self->current_nodes != current)
    {
      self->current_nodes = current;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_NODES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
stop_run (CsDeployFollower *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->cancel_idle_id, g_source_remove);
  if (self->cancellable != NULL && self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->deploy_task_id, g_free);
}

/* Ends the run: error NULL means success. Takes the error. */
static void
finish_run (CsDeployFollower *self,
            GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_assert (task != NULL);

  stop_run (self);
  self->end_us = g_get_monotonic_time ();

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Callbacks carry the task they were started for; an answer for a run that
 * has ended (cancelled) is dropped. */
static gboolean
is_current (CsDeployFollower *self,
            GTask            *task)
{
  return self->task != NULL && self->task == task;
}

static gboolean
tick_cb (gpointer user_data)
{
  CsDeployFollower *self = user_data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
  return G_SOURCE_CONTINUE;
}

static gboolean
poll_cb (gpointer user_data)
{
  CsDeployFollower *self = user_data;

  self->poll_id = 0;
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (CsDeployFollower *self)
{
  guint delay = cs_deploy_follower_poll_delay (self->attempt++);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_id = g_timeout_add (delay, poll_cb, self);
}

static gboolean
retry_deploy_cb (gpointer user_data)
{
  CsDeployFollower *self = user_data;

  self->poll_id = 0;
  set_string (self, &self->message, NULL, PROP_MESSAGE);
  send_deploy (self);
  return G_SOURCE_REMOVE;
}

static void
fail_with_text (CsDeployFollower *self,
                const char       *text)
{
  set_string (self, &self->failure, text, PROP_FAILURE);

  if (text != NULL && cs_models_text_is_master_key_pending (text) &&
      self->master_key_retries < MAX_MASTER_KEY_RETRIES)
    {
      g_autofree char *message = NULL;
      guint seconds = (self->retry_delay + 999) / 1000;

      self->master_key_retries++;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The cluster is still preparing the key it "
                                              "encrypts connector credentials with, which takes "
                                              "a few seconds after it starts. Trying again in "
                                              "%u second…",
                                              "The cluster is still preparing the key it "
                                              "encrypts connector credentials with, which takes "
                                              "a few seconds after it starts. Trying again in "
                                              "%u seconds…", seconds), seconds);
      set_string (self, &self->message, message, PROP_MESSAGE);
      g_clear_handle_id (&self->poll_id, g_source_remove);
      self->poll_id = g_timeout_add (self->retry_delay, retry_deploy_cb, self);
      return;
    }

  if (text != NULL)
    finish_run (self, g_error_new (CS_ERROR, CS_ERROR_FAILED,
                                   _("The cluster could not deploy the model: %s"), text));
  else
    finish_run (self, g_error_new_literal (CS_ERROR, CS_ERROR_FAILED,
                                           _("The cluster could not deploy the model and did "
                                             "not say why. Check the cluster's log, then "
                                             "deploy the model again.")));
}

static void
look_up_failure_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data);

/* DEPLOY_FAILED: the reason is in the deploy task's `error`. */
static void
look_up_failure (CsDeployFollower *self)
{
  if (self->deploy_task_id != NULL)
    cs_models_get_task_async (self->client, self->deploy_task_id, self->cancellable,
                              look_up_failure_cb, g_object_ref (self->task));
  else
    cs_models_find_deploy_task_async (self->client, self->model_id, self->cancellable,
                                      look_up_failure_cb, g_object_ref (self->task));
}

static void
look_up_failure_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsDeployFollower *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTaskInfo) info = NULL;

  if (g_async_result_is_tagged (result, cs_models_get_task_async))
    info = cs_models_get_task_finish (CS_CLIENT (source), result, &error);
  else
    info = cs_models_find_deploy_task_finish (CS_CLIENT (source), result, &error);

  if (!is_current (self, task))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_run (self, g_steal_pointer (&error));
      return;
    }

  /* The state we saw may be left over from an earlier deployment while the
   * one we asked for is still running. */
  if (info != NULL && !cs_task_info_is_done (info) && self->stale_failures++ < MAX_STALE_FAILURES)
    {
      schedule_poll (self);
      return;
    }

  if (error != NULL)
    g_debug ("Could not read the deploy task of %s: %s", self->model_id, error->message);

  fail_with_text (self, info != NULL ? cs_task_info_get_error (info) : NULL);
}

static void
wait_out_trouble (CsDeployFollower *self,
                  GError           *error)
{
  gint64 now = g_get_monotonic_time ();
  gint64 retry_after = cs_error_get_retry_after (error);
  guint status = cs_error_get_status (error);
  g_autofree char *message = NULL;
  guint delay, seconds;

  if (self->trouble_since_us == 0)
    self->trouble_since_us = now;
  else if (now - self->trouble_since_us > MAX_TROUBLE_US)
    {
      g_prefix_error (&error, "%s ",
                      _("The cluster has not answered about the deployment for ten minutes; "
                        "stopped following it (look at the list of models later)."));
      finish_run (self, g_error_copy (error));
      return;
    }

  delay = cs_deploy_follower_backoff_delay (++self->transient_failures, retry_after);
  seconds = MAX ((delay + 999) / 1000, 1);
  if (g_error_matches (error, CS_ERROR, CS_ERROR_THROTTLED))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The cluster is busy and asked to slow down. "
                                            "Asking about the deployment again in %u second…",
                                            "The cluster is busy and asked to slow down. "
                                            "Asking about the deployment again in %u seconds…",
                                            seconds), seconds);
  else if (status != 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The cluster could not answer about the deployment "
                                            "(status %u). Asking again in %u second…",
                                            "The cluster could not answer about the deployment "
                                            "(status %u). Asking again in %u seconds…",
                                            seconds), status, seconds);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The connection to the cluster failed while "
                                            "following the deployment. Asking again in %u "
                                            "second…",
                                            "The connection to the cluster failed while "
                                            "following the deployment. Asking again in %u "
                                            "seconds…",
                                            seconds), seconds);
  set_string (self, &self->message, message, PROP_MESSAGE);
  g_debug ("Deploy poll of %s failed (%s); next in %u ms", self->model_id, error->message, delay);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_id = g_timeout_add (delay, poll_cb, self);
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsDeployFollower *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsModelInfo) model = NULL;
  const char *state;

  model = cs_models_get_finish (CS_CLIENT (source), result, &error);
  if (!is_current (self, task))
    return;

  if (model == NULL)
    {
      /* A dropped answer while polling is not a failed deployment: a busy or
       * unreachable cluster is waited for (backing off, as it asks); give up
       * when it keeps failing otherwise, or says the model is gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, CS_ERROR, CS_ERROR_NOT_FOUND))
        finish_run (self, g_steal_pointer (&error));
      else if (error_is_transient (error))
        wait_out_trouble (self, error);
      else if (++self->poll_failures >= MAX_POLL_FAILURES)
        finish_run (self, g_steal_pointer (&error));
      else
        schedule_poll (self);
      return;
    }

  /* The cluster answers again: no longer waiting for it. */
  if (self->transient_failures > 0)
    set_string (self, &self->message, NULL, PROP_MESSAGE);
  self->poll_failures = 0;
  self->transient_failures = 0;
  self->trouble_since_us = 0;
  set_model (self, model);
  state = cs_model_info_get_state (model);

  if (cs_model_state_is_deployed (state))
    {
      finish_run (self, NULL);
      return;
    }

  if (cs_model_state_is_final (state)) /* DEPLOY_FAILED */
    {
      look_up_failure (self);
      return;
    }

  if (cs_model_state_is_busy (state))
    self->not_started_since_us = 0;
  else if (self->not_started_since_us == 0)
    self->not_started_since_us = g_get_monotonic_time ();
  else if (g_get_monotonic_time () - self->not_started_since_us > NOT_STARTED_TIMEOUT_US)
    {
      finish_run (self, g_error_new (CS_ERROR, CS_ERROR_FAILED,
                                     _("The cluster has not started deploying the model (it is "
                                       "still %s). Deploy it again from the list of models."),
                                     state));
      return;
    }

  schedule_poll (self);
}

static void
poll_now (CsDeployFollower *self)
{
  cs_models_get_async (self->client, self->model_id, self->cancellable, poll_done_cb,
                       g_object_ref (self->task));
}

static void
deploy_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsDeployFollower *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;

  task_id = cs_models_deploy_finish (CS_CLIENT (source), result, &error);
  if (!is_current (self, task))
    return;

  if (error != NULL)
    {
      if (cs_models_error_is_master_key_pending (error))
        {
          const char *reason = cs_error_get_server_reason (error);

          fail_with_text (self, reason != NULL ? reason : error->message);
        }
      else
        finish_run (self, g_steal_pointer (&error));
      return;
    }

  g_free (self->deploy_task_id);
  self->deploy_task_id = g_steal_pointer (&task_id);
  self->attempt = 0;
  self->stale_failures = 0;
  poll_now (self);
}

static void
send_deploy (CsDeployFollower *self)
{
  cs_models_deploy_async (self->client, self->model_id, self->cancellable, deploy_done_cb,
                          g_object_ref (self->task));
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  CsDeployFollower *self = user_data;

  self->cancel_idle_id = 0;
  if (self->task != NULL)
    finish_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("Stopped following the deployment.")));
  return G_SOURCE_REMOVE;
}

/* Cancelling ends the run at once, not at the next poll. The work is
 * deferred so that it never runs inside g_cancellable_cancel's caller. */
static void
cancelled_cb (GCancellable     *cancellable,
              CsDeployFollower *self)
{
  if (self->cancel_idle_id == 0)
    self->cancel_idle_id = g_idle_add (cancel_idle_cb, self);
}

void
cs_deploy_follower_run_async (CsDeployFollower    *self,
                              gboolean             deploy,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_DEPLOY_FOLLOWER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_deploy_follower_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The deployment is already being followed."));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  self->task = g_steal_pointer (&task);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  if (cancellable != NULL)
    self->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                           G_CALLBACK (cancelled_cb), self);
  self->attempt = 0;
  self->poll_failures = 0;
  self->transient_failures = 0;
  self->trouble_since_us = 0;
  self->stale_failures = 0;
  self->master_key_retries = 0;
  self->not_started_since_us = 0;
  self->start_us = g_get_monotonic_time ();
  self->end_us = 0;
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->failure, NULL, PROP_FAILURE);
  set_string (self, &self->message, NULL, PROP_MESSAGE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
  g_object_thaw_notify (G_OBJECT (self));

  if (deploy)
    send_deploy (self);
  else
    poll_now (self);
}

gboolean
cs_deploy_follower_run_finish (CsDeployFollower  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_deploy_follower_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CsDeployFollower *
cs_deploy_follower_new (CsClient   *client,
                        const char *model_id)
{
  g_return_val_if_fail (CS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (model_id != NULL && *model_id != '\0', NULL);

  return g_object_new (CS_TYPE_DEPLOY_FOLLOWER, "client", client, "model-id", model_id, NULL);
}

const char *
cs_deploy_follower_get_model_id (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), NULL);
  return self->model_id;
}

const char *
cs_deploy_follower_get_state (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), NULL);
  return self->state != NULL ? self->state : "";
}

CsModelInfo *
cs_deploy_follower_get_model (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), NULL);
  return self->model;
}

guint
cs_deploy_follower_get_planned_nodes (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), 0);
  return self->planned_nodes;
}

guint
cs_deploy_follower_get_current_nodes (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), 0);
  return self->current_nodes;
}

gint64
cs_deploy_follower_get_elapsed (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), 0);

  if (self->start_us == 0)
    return 0;
  return ((self->end_us != 0 ? self->end_us : g_get_monotonic_time ()) - self->start_us) / 1000;
}

const char *
cs_deploy_follower_get_message (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), NULL);
  return self->message;
}

const char *
cs_deploy_follower_get_failure (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), NULL);
  return self->failure;
}

gboolean
cs_deploy_follower_get_running (CsDeployFollower *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_FOLLOWER (self), FALSE);
  return self->task != NULL;
}

static void
cs_deploy_follower_dispose (GObject *object)
{
  CsDeployFollower *self = CS_DEPLOY_FOLLOWER (object);

  /* A run holds a reference through its task, so none is active here. */
  stop_run (self);
  g_clear_object (&self->model);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (cs_deploy_follower_parent_class)->dispose (object);
}

static void
cs_deploy_follower_finalize (GObject *object)
{
  CsDeployFollower *self = CS_DEPLOY_FOLLOWER (object);

  g_free (self->model_id);
  g_free (self->state);
  g_free (self->message);
  g_free (self->failure);

  G_OBJECT_CLASS (cs_deploy_follower_parent_class)->finalize (object);
}

static void
cs_deploy_follower_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CsDeployFollower *self = CS_DEPLOY_FOLLOWER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;
    case PROP_STATE:
      g_value_set_string (value, cs_deploy_follower_get_state (self));
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PLANNED_NODES:
      g_value_set_uint (value, self->planned_nodes);
      break;
    case PROP_CURRENT_NODES:
      g_value_set_uint (value, self->current_nodes);
      break;
    case PROP_ELAPSED:
      g_value_set_int64 (value, cs_deploy_follower_get_elapsed (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FAILURE:
      g_value_set_string (value, self->failure);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_deploy_follower_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CsDeployFollower *self = CS_DEPLOY_FOLLOWER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_MODEL_ID:
      self->model_id = g_value_dup_string (value);
      break;
    case PROP_RETRY_DELAY:
      self->retry_delay = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_deploy_follower_class_init (CsDeployFollowerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_deploy_follower_dispose;
  object_class->finalize = cs_deploy_follower_finalize;
  object_class->get_property = cs_deploy_follower_get_property;
  object_class->set_property = cs_deploy_follower_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* How long to wait before asking again while the master key is not ready. */
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 0, 600000, DEFAULT_RETRY_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, CS_TYPE_MODEL_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLANNED_NODES] =
    g_param_spec_uint ("planned-nodes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_NODES] =
    g_param_spec_uint ("current-nodes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELAPSED] =
    g_param_spec_int64 ("elapsed", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILURE] =
    g_param_spec_string ("failure", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_deploy_follower_init (CsDeployFollower *self)
{
  self->retry_delay = DEFAULT_RETRY_DELAY_MS;
}
