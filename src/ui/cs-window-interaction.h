/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-interaction.h"

G_BEGIN_DECLS

/*
 * The window's answers to the core flows' questions (CsInteraction): the
 * certificate dialog, "Use AWS Keys Over http://?" and "The Keyring Is Not
 * Available", each modal on the window. Cancelling the flow closes the
 * dialog. The window owns one (cs_window_get_interaction).
 */
#define CS_TYPE_WINDOW_INTERACTION (cs_window_interaction_get_type ())

G_DECLARE_FINAL_TYPE (CsWindowInteraction, cs_window_interaction, CS, WINDOW_INTERACTION,
                      CsInteraction)

CsInteraction *cs_window_interaction_new (GtkWindow *parent);

G_END_DECLS
