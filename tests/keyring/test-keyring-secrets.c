/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>

#include "cs-error.h"
#include "cs-profile.h"
#include "cs-secret-store.h"
#include "cs-test-utils.h"

/* CsSecretStore against the gnome-keyring-daemon that with-keyring.sh runs. */

static void
save (CsSecretStore *store,
      const char    *profile,
      const char    *kind,
      const char    *value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_secret_store_save_async (store, profile, kind, value, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  g_assert_true (cs_secret_store_save_finish (store, result, &error));
  g_assert_no_error (error);
}

static char *
lookup (CsSecretStore *store,
        const char    *profile,
        const char    *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  cs_secret_store_lookup_async (store, profile, kind, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  value = cs_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  return value;
}

static void
test_store_lookup_delete_with_profile (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsSecretStore) other_run = cs_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *key = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *gone_password = NULL;
  g_autofree char *gone_key = NULL;
  g_autofree char *via_libsecret = NULL;
  static const SecretSchema schema = {
    "io.github.connectorstudio.ConnectorStudio.Secret", SECRET_SCHEMA_NONE,
    { { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 } },
  };

  save (store, "kr-profile", CS_SECRET_CLUSTER_PASSWORD, "test-keyring-password");
  save (store, "kr-profile", CS_SECRET_AWS_SECRET_KEY, "test-keyring-aws-secret");
  save (store, "kr-other", CS_SECRET_CLUSTER_PASSWORD, "test-keyring-other");

  /* Really in the daemon: a fresh store, and libsecret itself, find it. */
  password = lookup (other_run, "kr-profile", CS_SECRET_CLUSTER_PASSWORD);
  key = lookup (other_run, "kr-profile", CS_SECRET_AWS_SECRET_KEY);
  g_assert_cmpstr (password, ==, "test-keyring-password");
  g_assert_cmpstr (key, ==, "test-keyring-aws-secret");
  via_libsecret = secret_password_lookup_sync (&schema, NULL, &error,
                                               "profile", "kr-profile",
                                               "kind", CS_SECRET_CLUSTER_PASSWORD, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (via_libsecret, ==, "test-keyring-password");

  /* Deleting the profile deletes all its secrets, and only its. */
  cs_secret_store_delete_all_async (store, "kr-profile", NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  g_assert_true (cs_secret_store_delete_all_finish (store, result, &error));
  g_assert_no_error (error);

  gone_password = lookup (other_run, "kr-profile", CS_SECRET_CLUSTER_PASSWORD);
  gone_key = lookup (other_run, "kr-profile", CS_SECRET_AWS_SECRET_KEY);
  kept = lookup (other_run, "kr-other", CS_SECRET_CLUSTER_PASSWORD);
  g_assert_null (gone_password);
  g_assert_null (gone_key);
  g_assert_cmpstr (kept, ==, "test-keyring-other");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/store-lookup-delete-with-profile",
                   test_store_lookup_delete_with_profile);

  return g_test_run ();
}
