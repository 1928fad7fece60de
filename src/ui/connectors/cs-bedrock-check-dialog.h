/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-bedrock-check.h"
#include "cs-connector-spec.h"

G_BEGIN_DECLS

/*
 * Check with Bedrock, for a connector form with access keys: says first what
 * it will send (one small InvokeModel call to the form's region, model and
 * body, a few tokens on the user's account, nothing stored) and waits for
 * the user; then shows a busy state that can be cancelled, and Bedrock's
 * verdict as one sentence with what the call cost in tokens
 * (cs_bedrock_check_async()).
 *
 * Signal checked (int outcome, const char *sentence): after each answer.
 */
#define CS_TYPE_BEDROCK_CHECK_DIALOG (cs_bedrock_check_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsBedrockCheckDialog, cs_bedrock_check_dialog, CS, BEDROCK_CHECK_DIALOG,
                      AdwWindow)

/* endpoints: NULL for AWS (copied). The keys are read from spec when the
 * user confirms, and are not kept. */
GtkWidget *cs_bedrock_check_dialog_new (CsConnectorSpec          *spec,
                                        const CsBedrockEndpoints *endpoints);

G_END_DECLS
