/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-profile.h"

G_BEGIN_DECLS

#define CS_TYPE_PROFILE_STORE (cs_profile_store_get_type ())

G_DECLARE_FINAL_TYPE (CsProfileStore, cs_profile_store, CS, PROFILE_STORE, GObject)

/*
 * The saved cluster profiles: a keyfile, profiles.ini, in
 * g_get_user_config_dir()/connector-studio/ (or the directory given), written
 * atomically and readable by the user only. It never holds a secret.
 */
CsProfileStore *cs_profile_store_new           (const char      *directory);
/* The application's store in the user config dir, loaded on first use (a
 * file that cannot be read is reported with g_warning and treated as
 * empty). Transfer none. */
CsProfileStore *cs_profile_store_get_default   (void);

const char     *cs_profile_store_get_path      (CsProfileStore  *self);

/* A GListModel of CsProfile, in the order the user made them. */
GListModel     *cs_profile_store_get_profiles  (CsProfileStore  *self);

/* Reads the file (a missing file is an empty list). Unreadable entries are
 * skipped with a warning rather than losing the others. */
gboolean        cs_profile_store_load          (CsProfileStore  *self,
                                                GError         **error);
/* Writes every profile. */
gboolean        cs_profile_store_save          (CsProfileStore  *self,
                                                GError         **error);

CsProfile      *cs_profile_store_lookup        (CsProfileStore  *self,
                                                const char      *id);
/* The profile flagged as the local sandbox, if any. */
CsProfile      *cs_profile_store_get_sandbox   (CsProfileStore  *self);
/* Adds (or replaces the profile with the same id, in place). */
void            cs_profile_store_add           (CsProfileStore  *self,
                                                CsProfile       *profile);
gboolean        cs_profile_store_remove        (CsProfileStore  *self,
                                                const char      *id);

G_END_DECLS
