/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * The Preferences window: whether the sandbox cluster starts with the app,
 * the AWS region a new connector starts with, and how long a request to the
 * cluster may take. Each row writes its GSettings key as it changes; the
 * region only once it is a region code.
 */
#define CS_TYPE_PREFERENCES_WINDOW (cs_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, CS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *cs_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);

/* Whether the sandbox starts with the app: the setting, except that inside
 * the Flatpak it starts only when the user turned it on. */
gboolean   cs_preferences_get_start_sandbox (GSettings *settings);

G_END_DECLS
