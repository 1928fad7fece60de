/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-iam-help-dialog.h"

G_BEGIN_DECLS

/* For tests. key: "invoke", "list", "trust", "pass-role" or "mapping". The
 * text shown (NULL when the item is not shown or has no text) and its Copy
 * button (NULL likewise). */
const char *cs_iam_help_dialog_get_text        (CsIamHelpDialog *self,
                                                const char      *key);
GtkButton  *cs_iam_help_dialog_get_copy_button (CsIamHelpDialog *self,
                                                const char      *key);
/* The item's whole widget (title, badge, explanation, text). */
GtkWidget  *cs_iam_help_dialog_get_item        (CsIamHelpDialog *self,
                                                const char      *key);

G_END_DECLS
