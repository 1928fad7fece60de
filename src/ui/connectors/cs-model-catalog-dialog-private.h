/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-model-catalog-dialog.h"

G_BEGIN_DECLS

/* For tests: "loading", "list" or "failed". */
const char *cs_model_catalog_dialog_get_state      (CsModelCatalogDialog *self);
/* The list of models (one AdwActionRow per model, in Bedrock's order). */
GtkListBox *cs_model_catalog_dialog_get_list       (CsModelCatalogDialog *self);
/* The line that says when the list was read, or the failure sentence. */
const char *cs_model_catalog_dialog_get_status     (CsModelCatalogDialog *self);
/* The row of a base model id, or NULL. */
GtkWidget  *cs_model_catalog_dialog_find_row       (CsModelCatalogDialog *self,
                                                    const char           *model_id);

G_END_DECLS
