/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-connector-spec.h"
#include "cs-session.h"

G_BEGIN_DECLS

/*
 * Reviewing an edit of a connector on the cluster before anything is sent: what changes
 * (secrets masked), how the cluster allows it and why (cs_connector_edit_plan_async), the
 * timeout and retry warnings with their fix (which goes into the edited spec); then Apply
 * runs the plan, each step shown with the cluster's texts, ending in a sentence that names the
 * state the cluster is in.
 *
 * "applied" (connector_id): the edit was applied; connector_id is the connector the models
 * use now (a new id when the models were switched to an edited copy).
 */
#define CS_TYPE_CONNECTOR_REVIEW_DIALOG (cs_connector_review_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorReviewDialog, cs_connector_review_dialog, CS,
                      CONNECTOR_REVIEW_DIALOG, AdwWindow)

/* edited: the form's spec (a fix of a timeout warning is set in it). keep_secrets: the user
 * typed no new keys; the cluster's stay. */
GtkWidget *cs_connector_review_dialog_new (GtkWindow       *parent,
                                           CsSession       *session,
                                           const char      *connector_id,
                                           CsConnectorSpec *edited,
                                           gboolean         keep_secrets);

G_END_DECLS
