/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * The rows of a step list (the connector review and the key rotation
 * dialogs): a step that runs shows a spinner; when the next one starts it is
 * done, with a check mark a screen reader names.
 */

/* Shows the row's step as running (a spinner at its end). */
void cs_step_row_start     (AdwActionRow *row);
/* Takes the spinner away (the step ended with its own row or text). */
void cs_step_row_stop      (AdwActionRow *row);
/* Takes the spinner away and marks the step done. */
void cs_step_row_mark_done (AdwActionRow *row);

G_END_DECLS
