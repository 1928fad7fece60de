/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-key-rotation-dialog.h"
#include "cs-key-rotation.h"

G_BEGIN_DECLS

/* For tests: the key rows, and how the last run ended (-1 while none has ended). */
void cs_key_rotation_dialog_get_rows    (CsKeyRotationDialog  *self,
                                         GtkEditable         **access_key,
                                         GtkEditable         **secret_key,
                                         GtkEditable         **session_token);
int  cs_key_rotation_dialog_get_outcome (CsKeyRotationDialog  *self);
/* Whether the connector has been read (the dialog is ready for keys). */
gboolean cs_key_rotation_dialog_get_ready (CsKeyRotationDialog *self);

G_END_DECLS
