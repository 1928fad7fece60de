/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-profile.h"

G_BEGIN_DECLS

/*
 * A cluster profile in the Connections page's list: its name and URL, a mark
 * while it is the connected one, a Connect button (connections.connect) and a
 * menu (connections.edit, .duplicate, .delete), each targeting its id.
 */
#define CS_TYPE_PROFILE_ROW (cs_profile_row_get_type ())

G_DECLARE_FINAL_TYPE (CsProfileRow, cs_profile_row, CS, PROFILE_ROW, AdwActionRow)

GtkWidget  *cs_profile_row_new            (CsProfile    *profile);
CsProfile  *cs_profile_row_get_profile    (CsProfileRow *self);
gboolean    cs_profile_row_get_connected  (CsProfileRow *self);
void        cs_profile_row_set_connected  (CsProfileRow *self,
                                           gboolean      connected);

G_END_DECLS
