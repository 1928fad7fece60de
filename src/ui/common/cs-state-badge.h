/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * A model state as a small coloured pill: "Deployed" in the success colour,
 * "Partially Deployed" and "Deploying" in the warning colour, "Deploy Failed"
 * in the error colour, the rest plain. `state` is the cluster's own word
 * ("DEPLOYED", …); unknown words are shown as they are.
 */
#define CS_TYPE_STATE_BADGE (cs_state_badge_get_type ())

G_DECLARE_FINAL_TYPE (CsStateBadge, cs_state_badge, CS, STATE_BADGE, AdwBin)

GtkWidget  *cs_state_badge_new        (void);
const char *cs_state_badge_get_state  (CsStateBadge *self);
void        cs_state_badge_set_state  (CsStateBadge *self,
                                       const char   *state);

/* The translated name of a state, and its style class ("success",
 * "warning", "error" or NULL). */
const char *cs_state_badge_state_label (const char  *state);
const char *cs_state_badge_state_style (const char  *state);

G_END_DECLS
