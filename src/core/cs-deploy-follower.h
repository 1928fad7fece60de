/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-client.h"
#include "cs-model-info.h"

G_BEGIN_DECLS

/*
 * Follows one model's deployment by polling `GET _plugins/_ml/models/<id>`
 * until it is DEPLOYED, PARTIALLY_DEPLOYED or DEPLOY_FAILED. Polls at most
 * 200 ms apart for about the first five minutes (100 ms, 150 ms, then
 * 200 ms) so that the end of a deployment shows within 250 ms of it, at most
 * five polls a second, and less often later (×1.5 each time, at most 2 s
 * apart). Properties (all with notify): state,
 * model, planned-nodes, current-nodes, elapsed (ms, ticks every second),
 * message (an explanation while waiting to retry: master key, a busy or
 * unreachable cluster), running.
 *
 * "The ML encryption master key has not been initialized yet" is recognised:
 * the follower says so in `message`, waits and asks the cluster to deploy
 * again (a few times), instead of failing.
 */
#define CS_TYPE_DEPLOY_FOLLOWER (cs_deploy_follower_get_type ())

G_DECLARE_FINAL_TYPE (CsDeployFollower, cs_deploy_follower, CS, DEPLOY_FOLLOWER, GObject)

CsDeployFollower *cs_deploy_follower_new              (CsClient            *client,
                                                       const char          *model_id);

const char       *cs_deploy_follower_get_model_id     (CsDeployFollower    *self);
/* The last state seen ("" before the first answer) */
const char       *cs_deploy_follower_get_state        (CsDeployFollower    *self);
/* The last model seen, or NULL */
CsModelInfo      *cs_deploy_follower_get_model        (CsDeployFollower    *self);
guint             cs_deploy_follower_get_planned_nodes (CsDeployFollower   *self);
guint             cs_deploy_follower_get_current_nodes (CsDeployFollower   *self);
/* Milliseconds since start, frozen once finished */
gint64            cs_deploy_follower_get_elapsed      (CsDeployFollower    *self);
/* NULL, or a sentence saying why it is waiting (master key) */
const char       *cs_deploy_follower_get_message      (CsDeployFollower    *self);
gboolean          cs_deploy_follower_get_running      (CsDeployFollower    *self);
/* After DEPLOY_FAILED: the cluster's own error text, verbatim, or NULL */
const char       *cs_deploy_follower_get_failure      (CsDeployFollower    *self);

/*
 * Starts following. With deploy, first sends `_deploy` (for a model that is
 * registered or undeployed); without, the deployment is already under way
 * (`_register?deploy=true`). One run at a time.
 */
void              cs_deploy_follower_run_async        (CsDeployFollower    *self,
                                                       gboolean             deploy,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* TRUE at DEPLOYED or PARTIALLY_DEPLOYED (check the state to tell them apart).
 * DEPLOY_FAILED: FALSE with CS_ERROR_FAILED whose message carries the
 * cluster's text. Cancelled: G_IO_ERROR_CANCELLED. */
gboolean          cs_deploy_follower_run_finish       (CsDeployFollower    *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The back-off schedule: the delay before poll number `attempt` (0-based):
 * 100, 150, then 200 ms up to poll 1500 (about five minutes in all), then
 * ×1.5 a poll up to 2000 ms. Pure. */
guint             cs_deploy_follower_poll_delay       (guint                attempt);

/* The wait after the `failures`-th poll in a row that a busy or unreachable
 * cluster failed (429, 5xx, a dropped connection): what its Retry-After asked
 * when retry_after_ms >= 0 (at least 100 ms, at most 5 minutes), else 250 ms
 * doubling each time up to 30 s. The follower keeps following through such
 * failures for up to ten minutes, saying in `message` what it waits for. Pure. */
guint             cs_deploy_follower_backoff_delay    (guint                failures,
                                                       gint64               retry_after_ms);

G_END_DECLS
