/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-model-info.h"

G_BEGIN_DECLS

/*
 * A model's details as the cluster last listed them: name, description, id,
 * state, connector, group, version, worker nodes and times, each value
 * selectable, the ids with a Copy button. Closes with Escape.
 */
#define CS_TYPE_MODEL_DETAILS (cs_model_details_get_type ())

G_DECLARE_FINAL_TYPE (CsModelDetails, cs_model_details, CS, MODEL_DETAILS, AdwWindow)

GtkWidget *cs_model_details_new (GtkWindow   *parent,
                                 CsModelInfo *model);

G_END_DECLS
