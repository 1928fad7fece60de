/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-connector-spec.h"

G_BEGIN_DECLS

/*
 * IAM Policies: the copyable policies a connector's credentials need, built
 * by cs-iam-policy.h for the form's model, region and role — invoking the
 * model (the inference profile and the foundation model in each Region it
 * routes to), listing the account's models, and for an IAM role on Amazon
 * OpenSearch Service its trust policy, the creating user's iam:PassRole and
 * the backend-role mapping to ml_full_access. Each in a selectable monospace
 * view that never clips, with a Copy button and one line on what it is for;
 * what the app has not confirmed from AWS's pages is marked "Assumed".
 */
#define CS_TYPE_IAM_HELP_DIALOG (cs_iam_help_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsIamHelpDialog, cs_iam_help_dialog, CS, IAM_HELP_DIALOG, AdwWindow)

/* Reads model, region, credential kind and role ARN from spec once. */
GtkWidget *cs_iam_help_dialog_new (CsConnectorSpec *spec);

G_END_DECLS
