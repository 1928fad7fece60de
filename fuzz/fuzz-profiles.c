/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "cs-fuzz.h"
#include "cs-profile-store.h"
#include "cs-secret-mask.h"

static guint
count_with_url (CsProfileStore *store)
{
  GListModel *profiles = G_LIST_MODEL (cs_profile_store_get_profiles (store));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
    {
      g_autoptr(CsProfile) profile = g_list_model_get_item (profiles, i);
      const char *url = cs_profile_get_url (profile);

      if (url != NULL && *url != '\0')
        n++;
    }
  return n;
}

/* The profiles file (a key file the user may edit by hand): load, save,
 * load again. Properties: a saved file loads with the same profiles and
 * never holds a URL's user info. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *dir;
  g_autoptr(CsProfileStore) store = NULL;
  g_autoptr(CsProfileStore) again = NULL;
  g_autofree char *saved = NULL;
  guint n;

  cs_fuzz_init ();
  if (dir == NULL)
    dir = g_dir_make_tmp ("cs-fuzz-profiles-XXXXXX", NULL);
  if (dir == NULL)
    cs_fuzz_fail ("no temporary folder");

  store = cs_profile_store_new (dir);
  if (!g_file_set_contents (cs_profile_store_get_path (store), (const char *) data,
                            (gssize) size, NULL))
    cs_fuzz_fail ("cannot write %s", cs_profile_store_get_path (store));
  if (!cs_profile_store_load (store, NULL))
    return 0;

  /* A profile without a URL is not saved (item 7 of issue 11, fixed
   * elsewhere); count the others. */
  n = count_with_url (store);
  if (!cs_profile_store_save (store, NULL))
    cs_fuzz_fail ("loaded profiles cannot be saved");
  if (!g_file_get_contents (cs_profile_store_get_path (store), &saved, NULL, NULL))
    cs_fuzz_fail ("the saved file cannot be read");

  again = cs_profile_store_new (dir);
  if (!cs_profile_store_load (again, NULL))
    cs_fuzz_fail ("a saved profiles file does not load:\n%s", saved);
  if (count_with_url (again) != n)
    cs_fuzz_fail ("save → load changed the number of profiles:\n%s", saved);
  for (guint i = 0; i < g_list_model_get_n_items (cs_profile_store_get_profiles (again)); i++)
    {
      g_autoptr(CsProfile) profile = g_list_model_get_item (cs_profile_store_get_profiles (again),
                                                            i);
      gboolean had_userinfo = FALSE;
      g_autofree char *clean = cs_secret_mask_strip_userinfo (cs_profile_get_url (profile),
                                                              &had_userinfo);

      (void) clean;

      if (had_userinfo)
        cs_fuzz_fail ("a saved profile keeps a URL's user info:\n%s", saved);
    }
  return 0;
}
