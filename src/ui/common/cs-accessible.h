/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * Accessible names for what libadwaita builds inside its own widgets and
 * leaves unnamed with GTK 4.8, where a screen reader would read a class name
 * ("GtkImage", "GtkListBox").
 */

/* Names the buttons inside a password row (the show/hide toggle) after their
 * tooltips, and keeps the names in step when the tooltips change. */
void cs_accessible_name_password_peek (AdwPasswordEntryRow *row);

/* Names the list a preferences group builds for its rows, for a group that
 * may have no title (a titled group's list is named after its title). */
void cs_accessible_name_group_list    (AdwPreferencesGroup *group,
                                       const char          *label);

G_END_DECLS
