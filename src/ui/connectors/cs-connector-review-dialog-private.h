/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-connector-review-dialog.h"

G_BEGIN_DECLS

/* For tests: whether the plan is shown, and how the last Apply ended (-1 none yet, 0 failed,
 * 1 applied). */
gboolean   cs_connector_review_dialog_get_planned (CsConnectorReviewDialog *self);
int        cs_connector_review_dialog_get_result  (CsConnectorReviewDialog *self);

G_END_DECLS
