/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-profile.h"
#include "cs-secret-store.h"
#include "cs-test-utils.h"

/* libsecret's file backend (SECRET_BACKEND=file, set by the test env). */

static void
save (CsSecretStore *store,
      const char    *profile,
      const char    *kind,
      const char    *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_secret_store_save_async (store, profile, kind, secret, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
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
  char *secret;

  cs_secret_store_lookup_async (store, profile, kind, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  secret = cs_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  return secret;
}

static void
delete_one (CsSecretStore *store,
            const char    *profile,
            const char    *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_secret_store_delete_async (store, profile, kind, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  g_assert_true (cs_secret_store_delete_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
delete_all (CsSecretStore *store,
            const char    *profile)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_secret_store_delete_all_async (store, profile, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  g_assert_true (cs_secret_store_delete_all_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
test_save_lookup_delete (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *other = NULL;

  save (store, "profile-a", CS_SECRET_CLUSTER_PASSWORD, "test-password-a");
  save (store, "profile-a", CS_SECRET_AWS_SECRET_KEY, "test-aws-secret-a");
  save (store, "profile-b", CS_SECRET_CLUSTER_PASSWORD, "test-password-b");
  /* Another module's own kind under its own id. */
  save (store, "connector-keys-1", "connector-aws-secret-key", "test-connector-secret");

  a = lookup (store, "profile-a", CS_SECRET_CLUSTER_PASSWORD);
  b = lookup (store, "profile-b", CS_SECRET_CLUSTER_PASSWORD);
  c = lookup (store, "profile-a", CS_SECRET_AWS_SECRET_KEY);
  d = lookup (store, "connector-keys-1", "connector-aws-secret-key");
  g_assert_cmpstr (a, ==, "test-password-a");
  g_assert_cmpstr (b, ==, "test-password-b");
  g_assert_cmpstr (c, ==, "test-aws-secret-a");
  g_assert_cmpstr (d, ==, "test-connector-secret");

  /* Saving again replaces. */
  save (store, "profile-a", CS_SECRET_CLUSTER_PASSWORD, "test-password-a2");
  g_clear_pointer (&a, cs_secret_store_free_secret);
  a = lookup (store, "profile-a", CS_SECRET_CLUSTER_PASSWORD);
  g_assert_cmpstr (a, ==, "test-password-a2");

  delete_one (store, "profile-b", CS_SECRET_CLUSTER_PASSWORD);
  gone = lookup (store, "profile-b", CS_SECRET_CLUSTER_PASSWORD);
  g_assert_null (gone);
  /* Deleting what is not there is not an error. */
  delete_one (store, "profile-b", CS_SECRET_CLUSTER_PASSWORD);

  delete_all (store, "profile-a");
  g_clear_pointer (&a, cs_secret_store_free_secret);
  g_clear_pointer (&c, cs_secret_store_free_secret);
  a = lookup (store, "profile-a", CS_SECRET_CLUSTER_PASSWORD);
  c = lookup (store, "profile-a", CS_SECRET_AWS_SECRET_KEY);
  g_assert_null (a);
  g_assert_null (c);
  /* Other ids are untouched. */
  other = lookup (store, "connector-keys-1", "connector-aws-secret-key");
  g_assert_cmpstr (other, ==, "test-connector-secret");
  delete_all (store, "connector-keys-1");
}

static void
test_session_only (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsSecretStore) fresh = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *after = NULL;
  g_autofree char *elsewhere = NULL;

  cs_secret_store_keep_for_session (store, "profile-s", CS_SECRET_CLUSTER_PASSWORD,
                                    "test-session-password");
  g_assert_true (cs_secret_store_is_session_only (store, "profile-s",
                                                  CS_SECRET_CLUSTER_PASSWORD));
  kept = lookup (store, "profile-s", CS_SECRET_CLUSTER_PASSWORD);
  g_assert_cmpstr (kept, ==, "test-session-password");

  /* Not in the keyring: another store (another run) does not see it. */
  fresh = cs_secret_store_new ();
  elsewhere = lookup (fresh, "profile-s", CS_SECRET_CLUSTER_PASSWORD);
  g_assert_null (elsewhere);

  delete_all (store, "profile-s");
  g_assert_false (cs_secret_store_is_session_only (store, "profile-s",
                                                   CS_SECRET_CLUSTER_PASSWORD));
  after = lookup (store, "profile-s", CS_SECRET_CLUSTER_PASSWORD);
  g_assert_null (after);
}

static void
test_error_mapping (void)
{
  g_autoptr(GError) dbus = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN,
                                                "The name org.freedesktop.secrets was not provided");
  g_autoptr(GError) mapped = cs_error_from_secret_store (dbus);
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) passed = cs_error_from_secret_store (cancelled);

  g_assert_error (mapped, CS_ERROR, CS_ERROR_SECRET_STORE);
  g_assert_nonnull (strstr (mapped->message, "session only"));
  g_assert_error (passed, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Several secrets at once: with a keyring that works, nothing is asked (the
 * base interaction would answer no and fail the save) and all are stored for
 * good, replacing what was kept for the session. */
static void
test_save_all (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsInteraction) interaction = cs_interaction_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *secret = NULL;
  const char *kinds[] = { CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY, NULL };
  const char *values[] = { "TESTACCESSKEYSAVEALL", "test-save-all-secret-1357", NULL };

  cs_secret_store_keep_for_session (store, "save-all", CS_SECRET_AWS_SECRET_KEY, "old-one");
  cs_secret_store_save_all_async (store, "save-all", kinds, values, interaction, NULL,
                                  cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  g_assert_true (cs_secret_store_save_all_finish (store, result, &error));
  g_assert_no_error (error);

  g_assert_false (cs_secret_store_is_session_only (store, "save-all", CS_SECRET_AWS_SECRET_KEY));
  access = lookup (store, "save-all", CS_SECRET_AWS_ACCESS_KEY);
  secret = lookup (store, "save-all", CS_SECRET_AWS_SECRET_KEY);
  g_assert_cmpstr (access, ==, "TESTACCESSKEYSAVEALL");
  g_assert_cmpstr (secret, ==, "test-save-all-secret-1357");
  delete_all (store, "save-all");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/secret-store/save-lookup-delete", test_save_lookup_delete);
  g_test_add_func ("/secret-store/session-only", test_session_only);
  g_test_add_func ("/secret-store/save-all", test_save_all);
  g_test_add_func ("/secret-store/error-mapping", test_error_mapping);

  return g_test_run ();
}
