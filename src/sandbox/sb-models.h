/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

void sb_models_register        (SbRequest *req);
void sb_models_get             (SbRequest *req);
void sb_models_update          (SbRequest *req);
void sb_models_search          (SbRequest *req);
void sb_models_delete          (SbRequest *req);
void sb_models_deploy          (SbRequest *req);
void sb_models_undeploy        (SbRequest *req);
void sb_models_undeploy_many   (SbRequest *req);
void sb_models_predict         (SbRequest *req);
void sb_tasks_get              (SbRequest *req);
void sb_tasks_search           (SbRequest *req);
void sb_model_groups_register  (SbRequest *req);
void sb_model_groups_get       (SbRequest *req);
void sb_model_groups_search    (SbRequest *req);

/* Resumes deployments that were in progress when the state was saved. */
void sb_models_resume          (SbServer  *server);
/* Frees a deployment in progress (the value destroy function of SbServer.deploys). */
void sb_models_deploy_free     (gpointer   deploy);
/* Cancels the deployment timers (before the server goes away). */
void sb_models_shutdown        (SbServer  *server);

G_END_DECLS
