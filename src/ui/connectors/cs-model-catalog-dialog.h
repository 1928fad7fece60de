/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-bedrock-account.h"
#include "cs-connector-spec.h"

G_BEGIN_DECLS

/*
 * Models in Your Account: the Claude models and inference profiles the AWS
 * keys typed in a connector form can use in the form's region, listed by
 * CsBedrockAccount (read-only) when the dialog opens, with the time of the
 * listing and a Refresh button. Each row carries marks — usable, legacy,
 * end of life, no inference profile in the region, rules assumed — and
 * choosing a usable row emits ::model-chosen with the id to call.
 *
 * Signals:
 *   model-chosen (const char *model_id)
 *   listed (const char *problem, const char *missing_action): after each
 *     listing; problem is NULL on success, else the sentence shown (the form
 *     then offers the built-in table alone); missing_action the IAM action
 *     to add when listing was denied, else NULL.
 */
#define CS_TYPE_MODEL_CATALOG_DIALOG (cs_model_catalog_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsModelCatalogDialog, cs_model_catalog_dialog, CS, MODEL_CATALOG_DIALOG,
                      AdwWindow)

/* Lists at once (the cached listing of the spec's keys and region when there
 * is one). The keys are read from spec for each listing and never kept. */
GtkWidget *cs_model_catalog_dialog_new (CsBedrockAccount *account,
                                        CsConnectorSpec  *spec);

G_END_DECLS
