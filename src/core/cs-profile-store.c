/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-profile-store"

#include "config.h"

#include "cs-profile-store.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cs-error.h"
#include "cs-secret-mask.h"

#define GROUP_PREFIX "Profile "
#define FILE_VERSION 1

struct _CsProfileStore
{
  GObject     parent_instance;

  char       *directory;
  char       *path;
  GListStore *profiles;
};

G_DEFINE_FINAL_TYPE (CsProfileStore, cs_profile_store, G_TYPE_OBJECT)

static void
cs_profile_store_finalize (GObject *object)
{
  CsProfileStore *self = CS_PROFILE_STORE (object);

  g_free (self->directory);
  g_free (self->path);
  g_clear_object (&self->profiles);

  G_OBJECT_CLASS (cs_profile_store_parent_class)->finalize (object);
}

static void
cs_profile_store_class_init (CsProfileStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_profile_store_finalize;
}

static void
cs_profile_store_init (CsProfileStore *self)
{
  self->profiles = g_list_store_new (CS_TYPE_PROFILE);
}

CsProfileStore *
cs_profile_store_new (const char *directory)
{
  CsProfileStore *self = g_object_new (CS_TYPE_PROFILE_STORE, NULL);

  if (directory != NULL)
    self->directory = g_strdup (directory);
  else
    self->directory = g_build_filename (g_get_user_config_dir (), "connector-studio", NULL);
  self->path = g_build_filename (self->directory, "profiles.ini", NULL);
  return self;
}

CsProfileStore *
cs_profile_store_get_default (void)
{
  static CsProfileStore *store;

  if (g_once_init_enter (&store))
    {
      CsProfileStore *created = cs_profile_store_new (NULL);
      g_autoptr(GError) error = NULL;

      if (!cs_profile_store_load (created, &error))
        {
          /* Keep the unreadable file aside rather than overwrite it later. */
          g_autofree char *aside = g_strconcat (created->path, ".unreadable", NULL);

          g_warning ("%s", error->message);
          if (g_rename (created->path, aside) == 0)
            g_warning ("The unreadable profiles file was moved to %s", aside);
        }
      g_once_init_leave (&store, created);
    }
  return store;
}

const char *
cs_profile_store_get_path (CsProfileStore *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), NULL);
  return self->path;
}

GListModel *
cs_profile_store_get_profiles (CsProfileStore *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), NULL);
  return G_LIST_MODEL (self->profiles);
}

static gboolean
find_index (CsProfileStore *self,
            const char     *id,
            guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);

      if (g_strcmp0 (cs_profile_get_id (profile), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

CsProfile *
cs_profile_store_lookup (CsProfileStore *self,
                         const char     *id)
{
  guint position;

  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), NULL);

  if (id == NULL || !find_index (self, id, &position))
    return NULL;
  /* The store keeps its reference; return a borrowed pointer. */
  {
    g_autoptr(CsProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->profiles),
                                                          position);
    return profile;
  }
}

CsProfile *
cs_profile_store_get_sandbox (CsProfileStore *self)
{
  guint n;

  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);

      if (cs_profile_get_is_sandbox (profile))
        return profile;
    }
  return NULL;
}

void
cs_profile_store_add (CsProfileStore *self,
                      CsProfile      *profile)
{
  guint position;

  g_return_if_fail (CS_IS_PROFILE_STORE (self));
  g_return_if_fail (CS_IS_PROFILE (profile));

  if (find_index (self, cs_profile_get_id (profile), &position))
    g_list_store_splice (self->profiles, position, 1, (gpointer *) &profile, 1);
  else
    g_list_store_append (self->profiles, profile);
}

gboolean
cs_profile_store_remove (CsProfileStore *self,
                         const char     *id)
{
  guint position;

  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), FALSE);

  if (id == NULL || !find_index (self, id, &position))
    return FALSE;
  g_list_store_remove (self->profiles, position);
  return TRUE;
}

static void
set_optional (GKeyFile   *file,
              const char *group,
              const char *key,
              const char *value)
{
  if (value != NULL && *value != '\0')
    g_key_file_set_string (file, group, key, value);
}

static CsProfile *
profile_from_group (GKeyFile   *file,
                    const char *group)
{
  g_autofree char *name = g_key_file_get_string (file, group, "Name", NULL);
  g_autofree char *url = g_key_file_get_string (file, group, "URL", NULL);
  g_autofree char *auth = g_key_file_get_string (file, group, "Auth", NULL);
  g_autofree char *user = g_key_file_get_string (file, group, "User", NULL);
  g_autofree char *region = g_key_file_get_string (file, group, "Region", NULL);
  g_autofree char *ca_file = g_key_file_get_string (file, group, "CAFile", NULL);
  g_autofree char *pin = g_key_file_get_string (file, group, "PinnedSHA256", NULL);
  g_autofree char *clean_url = NULL;
  const char *id = group + strlen (GROUP_PREFIX);
  gboolean had_userinfo = FALSE;
  CsAuthKind kind = CS_AUTH_NONE;
  CsProfile *profile;

  if (*id == '\0' || url == NULL)
    return NULL;
  if (auth != NULL && !cs_auth_kind_from_string (auth, &kind))
    {
      g_warning ("Profile %s has an unknown authentication kind; skipped", id);
      return NULL;
    }

  /* A password in the file's URL is not taken over (secrets belong in the
   * keyring), and neither is the user name next to it. */
  clean_url = cs_secret_mask_strip_userinfo (url, &had_userinfo);
  if (had_userinfo)
    g_warning ("The address of profile %s held a user name or password, which was left out. "
               "Enter them under Authentication, where the password is kept in the keyring.", id);

  profile = cs_profile_new_with_id (id);
  cs_profile_set_name (profile, name != NULL ? name : clean_url);
  cs_profile_set_url (profile, clean_url);
  cs_profile_set_auth_kind (profile, kind);
  cs_profile_set_user_name (profile, user);
  cs_profile_set_region (profile, region);
  cs_profile_set_ca_file (profile, ca_file);
  cs_profile_set_pinned_fingerprint (profile, pin);
  cs_profile_set_is_sandbox (profile, g_key_file_get_boolean (file, group, "Sandbox", NULL));
  cs_profile_set_allow_insecure_aws (profile,
                                     g_key_file_get_boolean (file, group,
                                                             "AllowAWSKeysOverHTTP", NULL));
  return profile;
}

gboolean
cs_profile_store_load (CsProfileStore  *self,
                       GError         **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), FALSE);

  if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_list_store_remove_all (self->profiles);
          return TRUE;
        }
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The saved cluster profiles could not be read (%s). Fix or remove the "
                     "file %s."),
                   local_error->message, self->path);
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      CsProfile *profile;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;
      /* The sandbox's profile is made at each start (its address and
       * certificate file change with every run); one written by an older
       * version would only be stale. */
      if (g_key_file_get_boolean (file, groups[i], "Sandbox", NULL))
        continue;
      profile = profile_from_group (file, groups[i]);
      if (profile != NULL)
        g_ptr_array_add (loaded, profile);
    }

  g_list_store_splice (self->profiles, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->profiles)),
                       loaded->pdata, loaded->len);
  return TRUE;
}

gboolean
cs_profile_store_save (CsProfileStore  *self,
                       GError         **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  guint n;

  g_return_val_if_fail (CS_IS_PROFILE_STORE (self), FALSE);

  g_key_file_set_comment (file, NULL, NULL,
                          " Connector Studio cluster profiles. Secrets are kept in the keyring,"
                          "\n never here.", NULL);
  g_key_file_set_integer (file, "Profiles", "Version", FILE_VERSION);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);
      g_autofree char *group = NULL;
      gboolean had_userinfo = FALSE;
      g_autofree char *url = NULL;

      /* The running sandbox's profile lives as long as the sandbox. */
      if (cs_profile_get_is_sandbox (profile))
        continue;
      group = g_strconcat (GROUP_PREFIX, cs_profile_get_id (profile), NULL);
      url = cs_secret_mask_strip_userinfo (cs_profile_get_url (profile), &had_userinfo);

      /* Never a password in the file. */
      if (had_userinfo)
        g_warning ("The address of profile %s holds a user name or password, which was not "
                   "saved. Enter them under Authentication, where the password is kept in the "
                   "keyring.", cs_profile_get_id (profile));
      set_optional (file, group, "Name", cs_profile_get_name (profile));
      /* Always written, even empty: a profile loaded without an address
       * (to be fixed by the user) must not disappear on the next save. */
      g_key_file_set_string (file, group, "URL", url != NULL ? url : "");
      g_key_file_set_string (file, group, "Auth",
                             cs_auth_kind_to_string (cs_profile_get_auth_kind (profile)));
      set_optional (file, group, "User", cs_profile_get_user_name (profile));
      set_optional (file, group, "Region", cs_profile_get_region (profile));
      set_optional (file, group, "CAFile", cs_profile_get_ca_file (profile));
      set_optional (file, group, "PinnedSHA256", cs_profile_get_pinned_fingerprint (profile));
      if (cs_profile_get_allow_insecure_aws (profile))
        g_key_file_set_boolean (file, group, "AllowAWSKeysOverHTTP", TRUE);
    }

  data = g_key_file_to_data (file, &length, NULL);

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The cluster profiles could not be saved: the folder %s cannot be "
                     "created (%s)."),
                   self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents_full (self->path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The cluster profiles could not be saved (%s). Check that there is "
                     "space left and that the folder is writable."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
