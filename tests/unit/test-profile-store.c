/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cs-client.h"
#include "cs-error.h"
#include "cs-profile-store.h"
#include "cs-secret-store.h"
#include "cs-test-utils.h"

/* Test secrets: obviously fake, and unlike any real key format. */
#define TEST_PASSWORD    "test-only-pw-4711-basil"
#define TEST_ACCESS_KEY  "TESTACCESSKEYFORUNITTESTS"
#define TEST_SECRET_KEY  "test/only+secret-key-thyme-0815"
#define TEST_TOKEN       "test-only-session-token-sage"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-profiles-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "profiles.ini", NULL);

  g_unlink (file);
  g_rmdir (dir);
}

static CsProfile *
make_sigv4_profile (void)
{
  CsProfile *profile = cs_profile_new ();

  cs_profile_set_name (profile, "Production domain");
  cs_profile_set_url (profile, "https://search-demo.us-west-2.es.amazonaws.com");
  cs_profile_set_auth_kind (profile, CS_AUTH_SIGV4);
  cs_profile_set_region (profile, "us-west-2");
  cs_profile_set_pinned_fingerprint (profile,
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
  return profile;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(CsProfileStore) again = cs_profile_store_new (dir);
  g_autoptr(CsProfile) basic = cs_profile_new ();
  g_autoptr(CsProfile) sigv4 = make_sigv4_profile ();
  g_autoptr(CsProfile) sandbox = cs_profile_new_with_id ("sandbox");
  g_autoptr(GError) error = NULL;
  struct stat st;
  CsProfile *loaded;

  cs_profile_set_name (basic, "Dev cluster “one” = [x]");
  cs_profile_set_url (basic, "https://localhost:9200");
  cs_profile_set_auth_kind (basic, CS_AUTH_BASIC);
  cs_profile_set_user_name (basic, "admin");
  cs_profile_set_ca_file (basic, "/etc/ssl/dev-ca.pem");
  cs_profile_set_name (sandbox, "Local sandbox");
  cs_profile_set_url (sandbox, "http://127.0.0.1:9201/");
  cs_profile_set_is_sandbox (sandbox, TRUE);
  cs_profile_set_allow_insecure_aws (sandbox, TRUE);

  cs_profile_store_add (store, basic);
  cs_profile_store_add (store, sigv4);
  cs_profile_store_add (store, sandbox);
  g_assert_true (cs_profile_store_save (store, &error));
  g_assert_no_error (error);

  /* Readable by the user only. */
  g_assert_cmpint (g_stat (cs_profile_store_get_path (store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The running sandbox's profile is not written: its address and
   * certificate file change at every start (issue 16, item 6). */
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (cs_profile_store_get_path (store), &contents, NULL,
                                        NULL));
    g_assert_null (strstr (contents, "127.0.0.1:9201"));
    g_assert_null (strstr (contents, "Local sandbox"));
  }

  g_assert_true (cs_profile_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (again)), ==, 2);

  loaded = cs_profile_store_lookup (again, cs_profile_get_id (basic));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (cs_profile_get_name (loaded), ==, "Dev cluster “one” = [x]");
  g_assert_cmpstr (cs_profile_get_url (loaded), ==, "https://localhost:9200");
  g_assert_cmpint (cs_profile_get_auth_kind (loaded), ==, CS_AUTH_BASIC);
  g_assert_cmpstr (cs_profile_get_user_name (loaded), ==, "admin");
  g_assert_cmpstr (cs_profile_get_ca_file (loaded), ==, "/etc/ssl/dev-ca.pem");
  g_assert_null (cs_profile_get_region (loaded));
  g_assert_false (cs_profile_get_is_sandbox (loaded));

  loaded = cs_profile_store_lookup (again, cs_profile_get_id (sigv4));
  g_assert_nonnull (loaded);
  g_assert_cmpint (cs_profile_get_auth_kind (loaded), ==, CS_AUTH_SIGV4);
  g_assert_cmpstr (cs_profile_get_region (loaded), ==, "us-west-2");
  g_assert_cmpstr (cs_profile_get_pinned_fingerprint (loaded), ==,
                   cs_profile_get_pinned_fingerprint (sigv4));

  g_assert_null (cs_profile_store_get_sandbox (again));

  /* Order is kept. */
  {
    g_autoptr(CsProfile) first = g_list_model_get_item (cs_profile_store_get_profiles (again), 0);
    g_assert_cmpstr (cs_profile_get_id (first), ==, cs_profile_get_id (basic));
  }

  /* Remove, save, load. */
  g_assert_true (cs_profile_store_remove (again, cs_profile_get_id (sigv4)));
  g_assert_false (cs_profile_store_remove (again, "no-such-id"));
  g_assert_true (cs_profile_store_save (again, &error));
  g_assert_true (cs_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (store)), ==, 1);
  g_assert_null (cs_profile_store_lookup (store, cs_profile_get_id (sigv4)));

  remove_dir (dir);
}

static void
test_missing_file_is_empty (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (store)), ==, 0);
  remove_dir (dir);
}

static void
test_broken_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (cs_profile_store_get_path (store), "not [a keyfile", -1,
                                      NULL));
  g_assert_false (cs_profile_store_load (store, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  remove_dir (dir);
}

static void
test_empty_url_kept (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(CsProfileStore) again = cs_profile_store_new (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsProfile) profile = NULL;

  /* Loaded with its empty address, the profile was left out of the next
   * save, silently. */
  g_assert_true (g_file_set_contents (cs_profile_store_get_path (store),
                                      "[Profiles]\nVersion=1\n\n"
                                      "[Profile 0f0e]\nName=Half done\nURL=\nAuth=none\n",
                                      -1, NULL));
  g_assert_true (cs_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (store)), ==, 1);
  g_assert_true (cs_profile_store_save (store, &error));
  g_assert_no_error (error);

  g_assert_true (cs_profile_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (again)), ==, 1);
  profile = g_list_model_get_item (cs_profile_store_get_profiles (again), 0);
  g_assert_cmpstr (cs_profile_get_name (profile), ==, "Half done");
  g_assert_cmpstr (cs_profile_get_url (profile) != NULL ? cs_profile_get_url (profile) : "", ==, "");
  remove_dir (dir);
}

/* A sandbox profile written by an older version (an address and a CA file
 * of a run long gone) is not loaded. */
static void
test_stale_sandbox_dropped (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (cs_profile_store_get_path (store),
                                      "[Profiles]\nVersion=1\n\n"
                                      "[Profile local-sandbox]\nName=Local Sandbox\n"
                                      "URL=https://127.0.0.1:40411/\nAuth=basic\nUser=admin\n"
                                      "CAFile=/tmp/gone/sandbox-cert.pem\nSandbox=true\n\n"
                                      "[Profile 0f0e]\nName=Dev\nURL=https://dev:9200\n"
                                      "Auth=none\n",
                                      -1, NULL));
  g_assert_true (cs_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cs_profile_store_get_profiles (store)), ==, 1);
  g_assert_null (cs_profile_store_lookup (store, "local-sandbox"));
  g_assert_nonnull (cs_profile_store_lookup (store, "0f0e"));
  remove_dir (dir);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (cs_secret_store_save_finish (CS_SECRET_STORE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
store_secret (CsSecretStore *secrets,
              const char    *profile_id,
              const char    *kind,
              const char    *value)
{
  gboolean done = FALSE;

  cs_secret_store_save_async (secrets, profile_id, kind, value, NULL, stored_cb, &done);
  cs_test_wait_for_flag (&done, 10000);
}

/* Secrets exist in the secret store for the profiles, and the saved file
 * names none of them. */
static void
test_no_secret_in_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(CsProfileStore) store = cs_profile_store_new (dir);
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  g_autoptr(CsProfile) basic = cs_profile_new ();
  g_autoptr(CsProfile) sigv4 = make_sigv4_profile ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *const needles[] = { TEST_PASSWORD, TEST_ACCESS_KEY, TEST_SECRET_KEY, TEST_TOKEN };

  cs_profile_set_name (basic, "Basic");
  cs_profile_set_url (basic, "https://127.0.0.1:9200");
  cs_profile_set_auth_kind (basic, CS_AUTH_BASIC);
  cs_profile_set_user_name (basic, "admin");

  store_secret (secrets, cs_profile_get_id (basic), CS_SECRET_CLUSTER_PASSWORD, TEST_PASSWORD);
  store_secret (secrets, cs_profile_get_id (sigv4), CS_SECRET_AWS_ACCESS_KEY, TEST_ACCESS_KEY);
  store_secret (secrets, cs_profile_get_id (sigv4), CS_SECRET_AWS_SECRET_KEY, TEST_SECRET_KEY);
  store_secret (secrets, cs_profile_get_id (sigv4), CS_SECRET_AWS_SESSION_TOKEN, TEST_TOKEN);
  /* A session-only secret must not leak into the file either. */
  cs_secret_store_keep_for_session (secrets, cs_profile_get_id (basic), "extra", TEST_PASSWORD);

  cs_profile_store_add (store, basic);
  cs_profile_store_add (store, sigv4);
  g_assert_true (cs_profile_store_save (store, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (cs_profile_store_get_path (store), &contents, NULL, &error));
  g_assert_no_error (error);
  /* The file has the profiles … */
  g_assert_nonnull (strstr (contents, cs_profile_get_id (basic)));
  g_assert_nonnull (strstr (contents, "us-west-2"));
  /* … and none of the secrets, in any case. */
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_autofree char *lower_contents = g_ascii_strdown (contents, -1);
      g_autofree char *lower_needle = g_ascii_strdown (needles[i], -1);

      g_assert_null (strstr (lower_contents, lower_needle));
    }

  remove_dir (dir);
}

static void
test_field_checks (void)
{
  static const char *const good_urls[] = {
    "https://localhost:9200", "http://127.0.0.1:9200/", "https://search-x.us-east-1.es.amazonaws.com",
    "https://[::1]:9200", "https://host.example/prefix/",
  };
  static const char *const bad_urls[] = {
    "", "localhost:9200", "ftp://host", "https://", "https://host:0", "https://host:70000",
    "https://user:pw@host", "https://host/?x=1", "https://ho st", "https://host/_plugins/_ml",
  };
  static const char *const good_regions[] = { "us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4" };
  static const char *const bad_regions[] = {
    "", "us-east", "US-EAST-1", "arn:aws:es:us-east-1:123456789012:domain/x", "useast1", "us_east_1",
    "us-east-1a",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good_urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (cs_profile_check_url (good_urls[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (cs_profile_check_url (bad_urls[i], &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_URL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good_regions); i++)
    g_assert_true (cs_profile_check_region (good_regions[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_regions); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (cs_profile_check_region (bad_regions[i], &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (cs_profile_check_region ("arn:aws:es:us-east-1:1:domain/x", &error));
    g_assert_nonnull (strstr (error->message, "ARN"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (cs_profile_check_url ("https://localhost:99999", &error));
    g_assert_nonnull (strstr (error->message, "65535"));
  }
  g_assert_false (cs_profile_check_user_name ("", NULL));
  g_assert_false (cs_profile_check_user_name ("a:b", NULL));
  g_assert_true (cs_profile_check_user_name ("admin", NULL));
  g_assert_false (cs_profile_check_name ("   ", NULL));
}

static void
test_profile_rules (void)
{
  g_autoptr(CsProfile) profile = make_sigv4_profile ();
  g_autoptr(CsProfile) copy = NULL;

  cs_profile_set_url (profile, "http://10.0.0.5:9200");
  g_assert_true (cs_profile_is_plain_http (profile));
  cs_profile_set_allow_insecure_aws (profile, TRUE);
  /* A confirmation for one address does not carry over to another. */
  cs_profile_set_url (profile, "http://10.0.0.6:9200");
  g_assert_false (cs_profile_get_allow_insecure_aws (profile));

  copy = cs_profile_duplicate (profile);
  g_assert_cmpstr (cs_profile_get_id (copy), !=, cs_profile_get_id (profile));
  g_assert_cmpstr (cs_profile_get_url (copy), ==, cs_profile_get_url (profile));
  g_assert_cmpint (cs_profile_get_auth_kind (copy), ==, CS_AUTH_SIGV4);
  g_assert_true (cs_profile_check (copy, NULL));
  cs_profile_set_region (copy, "nowhere");
  g_assert_false (cs_profile_check (copy, NULL));

  /* The one plain-http rule. */
  g_assert_true (cs_profile_url_is_plain_http ("http://localhost:9200"));
  g_assert_true (cs_profile_url_is_plain_http ("HTTP://localhost:9200"));
  g_assert_false (cs_profile_url_is_plain_http ("https://localhost:9200"));
  g_assert_false (cs_profile_url_is_plain_http ("httpx://localhost"));
  g_assert_false (cs_profile_url_is_plain_http (NULL));

  /* The URL is checked once, where the client parses it. */
  {
    g_autoptr(CsProfile) bad = cs_profile_new ();
    g_autoptr(CsClient) client = NULL;
    g_autoptr(GError) error = NULL;

    cs_profile_set_name (bad, "No scheme");
    cs_profile_set_url (bad, "localhost:9200");
    g_assert_true (cs_profile_check (bad, NULL));
    client = cs_client_new_for_profile (bad, NULL, &error);
    g_assert_null (client);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_URL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile-store/round-trip", test_round_trip);
  g_test_add_func ("/profile-store/missing-file-is-empty", test_missing_file_is_empty);
  g_test_add_func ("/profile-store/broken-file", test_broken_file);
  g_test_add_func ("/profile-store/empty-url-kept", test_empty_url_kept);
  g_test_add_func ("/profile-store/stale-sandbox-dropped", test_stale_sandbox_dropped);
  g_test_add_func ("/profile-store/no-secret-in-file", test_no_secret_in_file);
  g_test_add_func ("/profile/field-checks", test_field_checks);
  g_test_add_func ("/profile/rules", test_profile_rules);

  return g_test_run ();
}
