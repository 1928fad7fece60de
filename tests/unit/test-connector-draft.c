/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-connector-draft.h"
#include "cs-secret-store.h"
#include "cs-test-utils.h"

/* libsecret's file backend (SECRET_BACKEND=file, set by the test env). */

#define TEST_SECRET "test-draft-secret-not-a-key"
#define TEST_TOKEN  "test-draft-session-token"

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
wait_idle (CsConnectorDraft *draft)
{
  gint64 deadline = cs_test_deadline (10000);

  while (cs_connector_draft_is_busy (draft))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static CsConnectorSpec *
spec_with_keys (const char *token)
{
  CsConnectorSpec *spec = cs_connector_spec_new ();

  cs_connector_spec_set_access_key (spec, "TESTACCESSKEYID");
  cs_connector_spec_set_secret_key (spec, TEST_SECRET);
  cs_connector_spec_set_session_token (spec, token);
  return spec;
}

static gboolean
save (CsConnectorDraft  *draft,
      CsConnectorSpec   *spec,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connector_draft_save_secrets_async (draft, spec, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 10000);
  return cs_connector_draft_save_secrets_finish (draft, result, error);
}

static void
assert_secrets (CsSecretStore *store,
                const char    *profile,
                const char    *secret,
                const char    *token)
{
  g_autofree char *found_secret = lookup (store, profile, CS_CONNECTOR_DRAFT_SECRET_KEY);
  g_autofree char *found_token = lookup (store, profile, CS_CONNECTOR_DRAFT_SESSION_TOKEN);

  g_assert_cmpstr (found_secret, ==, secret);
  g_assert_cmpstr (found_token, ==, token);
}

static void
test_profile_id (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsConnectorDraft) a = cs_connector_draft_new (store);
  g_autoptr(CsConnectorDraft) b = cs_connector_draft_new (store);
  g_autofree char *profile = cs_connector_draft_dup_profile_id (a);
  g_autofree char *expected = g_strconcat ("connector-draft:", cs_connector_draft_get_id (a), NULL);

  g_assert_true (g_uuid_string_is_valid (cs_connector_draft_get_id (a)));
  g_assert_cmpstr (cs_connector_draft_get_id (a), !=, cs_connector_draft_get_id (b));
  g_assert_cmpstr (profile, ==, expected);
  g_assert_false (cs_connector_draft_get_in_keyring (a));
  g_assert_false (cs_connector_draft_is_busy (a));
}

/* Saved while creating, gone once the cluster holds them. */
static void
test_save_then_created (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsConnectorDraft) draft = cs_connector_draft_new (store);
  g_autoptr(CsConnectorSpec) spec = spec_with_keys (TEST_TOKEN);
  g_autofree char *profile = cs_connector_draft_dup_profile_id (draft);
  g_autoptr(GError) error = NULL;

  g_assert_true (save (draft, spec, &error));
  g_assert_no_error (error);
  g_assert_true (cs_connector_draft_get_in_keyring (draft));
  g_assert_false (cs_connector_draft_is_busy (draft));
  assert_secrets (store, profile, TEST_SECRET, TEST_TOKEN);

  cs_connector_draft_created (draft);
  g_assert_false (cs_connector_draft_get_in_keyring (draft));
  wait_idle (draft);
  assert_secrets (store, profile, NULL, NULL);
}

/* Empty secrets are not saved; a role ARN saves nothing at all. */
static void
test_only_what_there_is (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsConnectorDraft) draft = cs_connector_draft_new (store);
  g_autoptr(CsConnectorSpec) spec = spec_with_keys ("");
  g_autoptr(CsConnectorSpec) role = spec_with_keys (TEST_TOKEN);
  g_autoptr(CsConnectorDraft) other = cs_connector_draft_new (store);
  g_autofree char *profile = cs_connector_draft_dup_profile_id (draft);
  g_autofree char *other_profile = cs_connector_draft_dup_profile_id (other);
  g_autoptr(GError) error = NULL;

  g_assert_true (save (draft, spec, &error));
  assert_secrets (store, profile, TEST_SECRET, NULL);

  cs_connector_spec_set_credential_kind (role, CS_CREDENTIAL_KIND_ROLE_ARN);
  g_assert_true (save (other, role, &error));
  g_assert_no_error (error);
  g_assert_false (cs_connector_draft_get_in_keyring (other));
  assert_secrets (store, other_profile, NULL, NULL);

  cs_connector_draft_discard (draft);
  wait_idle (draft);
  assert_secrets (store, profile, NULL, NULL);
}

/* Created before the saves ended: the draft goes after them, not before. */
static void
test_created_while_saving (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsConnectorDraft) draft = cs_connector_draft_new (store);
  g_autoptr(CsConnectorSpec) spec = spec_with_keys (TEST_TOKEN);
  g_autofree char *profile = cs_connector_draft_dup_profile_id (draft);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_connector_draft_save_secrets_async (draft, spec, NULL, cs_test_store_result, &result);
  g_assert_true (cs_connector_draft_is_busy (draft));
  cs_connector_draft_created (draft);
  /* Still in the keyring until the saves have ended. */
  g_assert_true (cs_connector_draft_get_in_keyring (draft));

  cs_test_wait_for_result (&result, 10000);
  g_assert_true (cs_connector_draft_save_secrets_finish (draft, result, &error));
  g_assert_no_error (error);
  g_assert_false (cs_connector_draft_get_in_keyring (draft));
  wait_idle (draft);
  assert_secrets (store, profile, NULL, NULL);
}

/* Starting over forgets the old draft and takes a new id. */
static void
test_restart (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsConnectorDraft) draft = cs_connector_draft_new (store);
  g_autoptr(CsConnectorSpec) spec = spec_with_keys (TEST_TOKEN);
  g_autofree char *old_profile = cs_connector_draft_dup_profile_id (draft);
  g_autofree char *old_id = g_strdup (cs_connector_draft_get_id (draft));
  g_autofree char *new_profile = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (save (draft, spec, &error));
  cs_connector_draft_restart (draft);
  g_assert_cmpstr (cs_connector_draft_get_id (draft), !=, old_id);
  g_assert_false (cs_connector_draft_get_in_keyring (draft));
  wait_idle (draft);
  assert_secrets (store, old_profile, NULL, NULL);

  /* The new draft saves under its own id. */
  g_assert_true (save (draft, spec, &error));
  new_profile = cs_connector_draft_dup_profile_id (draft);
  assert_secrets (store, new_profile, TEST_SECRET, TEST_TOKEN);
  cs_connector_draft_discard (draft);
  wait_idle (draft);
  assert_secrets (store, new_profile, NULL, NULL);
}

/* The page going while saves run leaves the draft alone (as before the
 * move); discarding an idle draft that never saved touches nothing. */
static void
test_discard_while_saving (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsConnectorDraft) draft = cs_connector_draft_new (store);
  g_autoptr(CsConnectorSpec) spec = spec_with_keys ("");
  g_autofree char *profile = cs_connector_draft_dup_profile_id (draft);
  g_autoptr(GAsyncResult) result = NULL;

  cs_connector_draft_save_secrets_async (draft, spec, NULL, cs_test_store_result, &result);
  cs_connector_draft_discard (draft);
  g_assert_true (cs_connector_draft_get_in_keyring (draft));
  cs_test_wait_for_result (&result, 10000);
  g_assert_true (cs_connector_draft_save_secrets_finish (draft, result, NULL));
  wait_idle (draft);
  assert_secrets (store, profile, TEST_SECRET, NULL);

  /* Once idle, discarding forgets. */
  cs_connector_draft_discard (draft);
  wait_idle (draft);
  assert_secrets (store, profile, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connector-draft/profile-id", test_profile_id);
  g_test_add_func ("/connector-draft/save-then-created", test_save_then_created);
  g_test_add_func ("/connector-draft/only-what-there-is", test_only_what_there_is);
  g_test_add_func ("/connector-draft/created-while-saving", test_created_while_saving);
  g_test_add_func ("/connector-draft/restart", test_restart);
  g_test_add_func ("/connector-draft/discard-while-saving", test_discard_while_saving);

  return g_test_run ();
}
