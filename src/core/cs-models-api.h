/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-model-info.h"
#include "cs-task-info.h"

G_BEGIN_DECLS

/*
 * ML Commons model calls (mlcommons-api.md §4). Each is an async/finish pair
 * on CsClient; failures are the client's CS_ERROR errors (for 400/409 the
 * message carries the cluster's reason verbatim) or G_IO_ERROR_CANCELLED.
 * Nothing here is retried automatically.
 */

/* Remote models (`algorithm` REMOTE), newest first. */
void          cs_models_search_async         (CsClient            *client,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* A new GListStore of CsModelInfo. */
GListStore   *cs_models_search_finish        (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

void          cs_models_get_async            (CsClient            *client,
                                              const char          *model_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CsModelInfo  *cs_models_get_finish           (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/*
 * `POST _plugins/_ml/models/_register[?deploy=true]` with `function_name`
 * "remote". description and model_group_id may be NULL or "". Sent once,
 * never retried. When the answer has no `model_id` (2.9, 2.10) it is read
 * from the register task.
 */
void          cs_models_register_async       (CsClient            *client,
                                              const char          *name,
                                              const char          *description,
                                              const char          *connector_id,
                                              const char          *model_group_id,
                                              gboolean             deploy,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Returns the new model id; task_id (may be NULL) receives the register task.
 * When the answer is lost after the request may have reached the cluster
 * (cs_error_answer_may_be_lost), it looks for what the request may have
 * registered (cs_models_find_registered_async, since
 * CS_LOST_ANSWER_CLOCK_SLACK_MS before the request was sent) and fails with
 * CS_ERROR_ANSWER_LOST_FOUND (registered after the request was sent:
 * cs_models_register_get_found_id() names the model),
 * CS_ERROR_ANSWER_LOST_NOTHING (nothing was registered: sending again is safe)
 * or CS_ERROR_ANSWER_LOST (the search failed too, or found one registered
 * shortly before, by the cluster's clock). */
char         *cs_models_register_finish      (CsClient            *client,
                                              GAsyncResult        *result,
                                              char               **task_id,
                                              GError             **error);
/* After CS_ERROR_ANSWER_LOST_FOUND: the id of the model found; NULL otherwise. */
const char   *cs_models_register_get_found_id (GAsyncResult       *result);

/* Looks for a model named `name` for connector_id, created at or after
 * since_ms (epoch ms), with `models/_search`, and for the REGISTER_MODEL
 * tasks since then (`tasks/_search`): the model a task names wins, else the
 * newest match. Returns its id; NULL without an error when there is none;
 * an error when a register task since then has not named its model yet. */
void          cs_models_find_registered_async  (CsClient            *client,
                                                const char          *name,
                                                const char          *connector_id,
                                                gint64               since_ms,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char         *cs_models_find_registered_finish (CsClient            *client,
                                                GAsyncResult        *result,
                                                GError             **error);

/* `POST _plugins/_ml/models/<id>/_deploy`. */
void          cs_models_deploy_async         (CsClient            *client,
                                              const char          *model_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Returns the deploy task id (NULL if the cluster gave none, still success). */
char         *cs_models_deploy_finish        (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* `POST _plugins/_ml/models/<id>/_undeploy`. Succeeds whether the nodes said
 * `undeployed` or `not_found` (either way the model is no longer deployed). */
void          cs_models_undeploy_async       (CsClient            *client,
                                              const char          *model_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      cs_models_undeploy_finish      (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* `DELETE _plugins/_ml/models/<id>`. Refused by the cluster (CS_ERROR_REJECTED,
 * see cs_models_error_is_delete_refused) while deployed or deploying. */
void          cs_models_delete_async         (CsClient            *client,
                                              const char          *model_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      cs_models_delete_finish        (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Where cs_models_remove_async() got to (or stopped). */
typedef enum
{
  CS_MODELS_REMOVE_STEP_CHECK,     /* reading the model's state */
  CS_MODELS_REMOVE_STEP_UNDEPLOY,  /* undeploying it first */
  CS_MODELS_REMOVE_STEP_DELETE,    /* deleting it */
} CsModelsRemoveStep;

/*
 * Removes a model from the cluster, the one way the app does it: reads the
 * model (`GET`); when the cluster says it is deployed, partially deployed or
 * deploying (states it refuses to delete in, cs_model_info_blocks_delete)
 * undeploys it first; then deletes it. Nothing is retried. A refusal at any
 * step ends the flow with the client's CS_ERROR, whose message carries the
 * cluster's own reason; an undeployed model stays undeployed when the delete
 * after it is refused.
 */
void          cs_models_remove_async         (CsClient            *client,
                                              const char          *model_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* undeployed (may be NULL): whether the undeploy step ran and succeeded.
 * step (may be NULL): the step the flow ended at (on failure, the one that
 * failed; on success, CS_MODELS_REMOVE_STEP_DELETE). */
gboolean      cs_models_remove_finish        (CsClient            *client,
                                              GAsyncResult        *result,
                                              gboolean            *undeployed,
                                              CsModelsRemoveStep  *step,
                                              GError             **error);

/* `GET _plugins/_ml/tasks/<id>`. */
void          cs_models_get_task_async       (CsClient            *client,
                                              const char          *task_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CsTaskInfo   *cs_models_get_task_finish      (CsClient            *client,
                                              GAsyncResult        *result,
                                              GError             **error);

/* The newest DEPLOY_MODEL task of a model (`_plugins/_ml/tasks/_search`);
 * `?deploy=true` does not return its id. Returns NULL without an error when
 * there is none. */
void          cs_models_find_deploy_task_async  (CsClient            *client,
                                                 const char          *model_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
CsTaskInfo   *cs_models_find_deploy_task_finish (CsClient            *client,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/*
 * Pure builders and parsers (unit-tested without a network).
 */

/* The register body; always `function_name: "remote"`. */
JsonNode     *cs_models_build_register_body      (const char   *name,
                                                  const char   *description,
                                                  const char   *connector_id,
                                                  const char   *model_group_id);
/* The register answer: returns its model_id or NULL (2.9/2.10, no error);
 * task_id receives `task_id`. FALSE + CS_ERROR_BAD_RESPONSE when neither is
 * there. */
gboolean      cs_models_parse_register_response  (JsonNode     *answer,
                                                  char        **model_id,
                                                  char        **task_id,
                                                  GError      **error);
/* The undeploy answer `{"<node>":{"stats":{"<model>":"undeployed"}}}`;
 * counts the nodes that said undeployed / not_found (any case) for model_id. */
gboolean      cs_models_parse_undeploy_response  (JsonNode     *answer,
                                                  const char   *model_id,
                                                  guint        *n_undeployed,
                                                  guint        *n_not_found,
                                                  GError      **error);
/* A search answer: a new GListStore of CsModelInfo; hits that are not
 * models are skipped. */
GListStore   *cs_models_parse_search_response    (JsonNode     *answer,
                                                  GError      **error);

/* The cluster said "The ML encryption master key has not been initialized
 * yet": worth waiting a few seconds and trying again. Works on any text. */
gboolean      cs_models_text_is_master_key_pending (const char   *text);
gboolean      cs_models_error_is_master_key_pending (const GError *error);
/* The cluster refused a delete because the model is deployed. */
gboolean      cs_models_error_is_delete_refused    (const GError *error);

G_END_DECLS
