/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-cluster-probe.h"
#include "cs-profile.h"

G_BEGIN_DECLS

#define CS_TYPE_PROFILE_EDITOR (cs_profile_editor_get_type ())

G_DECLARE_FINAL_TYPE (CsProfileEditor, cs_profile_editor, CS, PROFILE_EDITOR, AdwBin)

/*
 * The form for one cluster profile, validated as the user types. It edits a
 * working copy of the profile in place and holds the secrets the user typed
 * (never stored by the editor itself). The buttons emit "test", "save",
 * "connect" and "back"; they are insensitive while the form is invalid or
 * busy. It draws no header: "title" ("New Profile" or the profile's name)
 * is for the window's header bar, and "back" for its back button.
 */
GtkWidget  *cs_profile_editor_new          (void);

/* Starts editing profile (a working copy the editor may change). */
void        cs_profile_editor_edit         (CsProfileEditor     *self,
                                            CsProfile           *profile,
                                            gboolean             is_new);
CsProfile  *cs_profile_editor_get_profile  (CsProfileEditor     *self);
const char *cs_profile_editor_get_title    (CsProfileEditor     *self);

/* Secrets by kind (CS_SECRET_*): what the fields hold, NULL when empty. */
void        cs_profile_editor_set_secret   (CsProfileEditor     *self,
                                            const char          *kind,
                                            const char          *value);
const char *cs_profile_editor_get_secret   (CsProfileEditor     *self,
                                            const char          *kind);

gboolean    cs_profile_editor_get_valid    (CsProfileEditor     *self);
/* TRUE once the user has changed a field since cs_profile_editor_edit(). */
gboolean    cs_profile_editor_get_changed  (CsProfileEditor     *self);
void        cs_profile_editor_set_busy     (CsProfileEditor     *self,
                                            gboolean             busy);

/* The outcome of "Test connection". */
void        cs_profile_editor_show_info    (CsProfileEditor     *self,
                                            const CsClusterInfo *info);
void        cs_profile_editor_show_error   (CsProfileEditor     *self,
                                            const GError        *error);
void        cs_profile_editor_clear_result (CsProfileEditor     *self);

/* Shows the profile's CA file and pinned certificate again after a change. */
void        cs_profile_editor_refresh_trust (CsProfileEditor    *self);

G_END_DECLS
