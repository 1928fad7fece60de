/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The Models area: register a remote model for a connector (prefilled with
 * the session's connector), follow its deployment, list the cluster's remote
 * models and deploy, undeploy, delete them or open one in the Playground.
 *
 * Actions (group "models"): refresh, show-register, close-panel, register,
 * cancel-follow, retry-deploy, open-followed; with a model id ("s"): deploy,
 * undeploy, delete, open-in-playground.
 */
#define CS_TYPE_MODELS_PAGE (cs_models_page_get_type ())

G_DECLARE_FINAL_TYPE (CsModelsPage, cs_models_page, CS, MODELS_PAGE, AdwBin)

CsSession  *cs_models_page_get_session  (CsModelsPage *self);
void        cs_models_page_set_session  (CsModelsPage *self,
                                         CsSession    *session);

G_END_DECLS
