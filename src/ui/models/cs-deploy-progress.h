/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-deploy-follower.h"

G_BEGIN_DECLS

/*
 * Shows a CsDeployFollower as it runs: the model, its state as a badge, the
 * worker nodes deployed out of those planned (also as a bar), the time since
 * the deployment started, the follower's explanation while it waits (master
 * key), and at the end a sentence on the outcome with the cluster's own
 * words when it failed.
 */
#define CS_TYPE_DEPLOY_PROGRESS (cs_deploy_progress_get_type ())

G_DECLARE_FINAL_TYPE (CsDeployProgress, cs_deploy_progress, CS, DEPLOY_PROGRESS, AdwBin)

GtkWidget        *cs_deploy_progress_new           (void);
CsDeployFollower *cs_deploy_progress_get_follower  (CsDeployProgress *self);
void              cs_deploy_progress_set_follower  (CsDeployProgress *self,
                                                    CsDeployFollower *follower);
/* The model's name, shown as the title (the id when NULL) */
void              cs_deploy_progress_set_title     (CsDeployProgress *self,
                                                    const char       *title);
/* A sentence from the page about how the run ended when the follower's
 * state does not say it (an error, a cancel); NULL clears. */
void              cs_deploy_progress_set_note      (CsDeployProgress *self,
                                                    const char       *note,
                                                    gboolean          is_error);

/* "4 s", "2 min 05 s" */
char             *cs_deploy_progress_format_elapsed (gint64           ms);

G_END_DECLS
