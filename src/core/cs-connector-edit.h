/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-connector-spec.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * Editing a standalone connector that may be in use. First a plan — what changes and how the
 * cluster allows it, shown before anything is sent — then its execution. The facts behind the
 * choice are in src/sandbox/README.md, "Changing a connector in use".
 */

/* One changed field: a JSON path ("parameters.model", "actions[0].url", "credential"), the
 * values as compact JSON (NULL when absent); credentials show as CS_CONNECTOR_SECRET_MASK. */
typedef struct
{
  char *path;
  char *old_value;
  char *new_value;
} CsConnectorChange;

void       cs_connector_change_free     (CsConnectorChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConnectorChange, cs_connector_change_free)

/* What an update body (a partial connector: the members it has replace the current ones) would
 * change in current (the connector as GET shows it, without credential). A credential in the
 * body is always a change (the cluster never shows the old one). Returns CsConnectorChange. */
GPtrArray *cs_connector_diff            (JsonObject        *current,
                                         JsonObject        *update);

typedef enum
{
  CS_EDIT_PLAN_NOTHING,          /* nothing would change */
  CS_EDIT_PLAN_CONNECTOR_PUT,    /* no deployed model uses it: PUT the connector */
  CS_EDIT_PLAN_SWITCH_CONNECTOR, /* ≥ 2.12: create the edited connector, switch each model to it
                                  * in place (no undeploy), then delete the old one */
  CS_EDIT_PLAN_REDEPLOY,         /* undeploy the models, PUT the connector, deploy them again */
  CS_EDIT_PLAN_MODEL_UPDATE,     /* ≥ 2.12, a model's internal connector: PUT models/<id> with
                                  * the edited "connector", on every node if deployed */
} CsEditPlanKind;

/* The plan for a connector that n_deployed deployed models use, on a cluster of version
 * (NULL: unknown). secrets_kept: the user keeps the stored keys (a new connector cannot be made
 * without them). *why gets a translated sentence. */
CsEditPlanKind cs_connector_edit_choose (const CsVersion   *version,
                                         guint              n_changes,
                                         guint              n_deployed,
                                         gboolean           secrets_kept,
                                         char             **why);

typedef struct _CsEditPlan CsEditPlan;

GType          cs_edit_plan_get_type           (void) G_GNUC_CONST;
CsEditPlan    *cs_edit_plan_ref                (CsEditPlan *plan);
void           cs_edit_plan_unref              (CsEditPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsEditPlan, cs_edit_plan_unref)

CsEditPlanKind cs_edit_plan_get_kind           (CsEditPlan *plan);
const char    *cs_edit_plan_get_why            (CsEditPlan *plan);
const char    *cs_edit_plan_get_connector_id   (CsEditPlan *plan);
/* CsConnectorChange, secrets masked */
GPtrArray     *cs_edit_plan_get_changes        (CsEditPlan *plan);
/* The models that use the connector, and those of them that are deployed. */
const char * const *cs_edit_plan_get_model_ids    (CsEditPlan *plan);
const char * const *cs_edit_plan_get_deployed_ids (CsEditPlan *plan);
/* Problems of client_config against the model (CsTimeoutProblem), for the form to fix. */
GPtrArray     *cs_edit_plan_get_timeout_problems (CsEditPlan *plan);

/* Reads the connector and the models using it and chooses. keep_secrets: the edited spec's
 * keys are not sent (the stored ones stay). */
void           cs_connector_edit_plan_async    (CsClient            *client,
                                                const CsVersion     *version,
                                                const char          *connector_id,
                                                CsConnectorSpec     *edited,
                                                gboolean             keep_secrets,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
CsEditPlan    *cs_connector_edit_plan_finish   (CsClient            *client,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The same for the internal (inline) connector of a model. Below 2.12 there is no way to change
 * it (the model is registered again instead): CS_ERROR_REJECTED saying so. */
void           cs_connector_edit_plan_for_model_async  (CsClient            *client,
                                                        const CsVersion     *version,
                                                        const char          *model_id,
                                                        CsConnectorSpec     *edited,
                                                        gboolean             keep_secrets,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CsEditPlan    *cs_connector_edit_plan_for_model_finish (CsClient            *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* The model of a MODEL_UPDATE plan, else NULL. */
const char    *cs_edit_plan_get_model_id       (CsEditPlan *plan);

/* Progress of the execution: a translated sentence and, when there is one, the cluster's text. */
typedef void (*CsEditProgress) (const char *text,
                                const char *cluster_text,
                                gpointer    user_data);

void           cs_connector_edit_execute_async (CsClient            *client,
                                                CsEditPlan          *plan,
                                                CsEditProgress       progress,
                                                gpointer             progress_data,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* *connector_id: the connector the models use now (a new id after SWITCH_CONNECTOR; the
 * model id after MODEL_UPDATE). On
 * failure, error's message names the state the cluster was left in. */
gboolean       cs_connector_edit_execute_finish (CsClient           *client,
                                                 GAsyncResult       *result,
                                                 char              **connector_id,
                                                 GError            **error);

G_END_DECLS
