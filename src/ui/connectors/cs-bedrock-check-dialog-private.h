/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-bedrock-check-dialog.h"

G_BEGIN_DECLS

/* For tests: "confirm", "busy" or "result". */
const char *cs_bedrock_check_dialog_get_state  (CsBedrockCheckDialog *self);
/* The confirm page's text, what was sent's body, the result sentence and the
 * line about tokens. */
const char *cs_bedrock_check_dialog_get_intro  (CsBedrockCheckDialog *self);
const char *cs_bedrock_check_dialog_get_result (CsBedrockCheckDialog *self);
const char *cs_bedrock_check_dialog_get_tokens (CsBedrockCheckDialog *self);
/* The Send Check and Cancel buttons. */
GtkButton  *cs_bedrock_check_dialog_get_send_button   (CsBedrockCheckDialog *self);
GtkButton  *cs_bedrock_check_dialog_get_cancel_button (CsBedrockCheckDialog *self);

G_END_DECLS
