/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-connect.h"
#include "cs-error.h"
#include "cs-profile.h"
#include "cs-sandbox-launcher.h"
#include "cs-test-utils.h"

/* What the app does at start: run the sandbox over HTTPS with a fresh
 * password, trust its certificate through the file it wrote, connect. */
static void
test_start_connect_stop (void)
{
  g_autofree char *binary = cs_sandbox_launcher_find_binary ();
  g_autoptr(CsSandboxLauncher) launcher = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsProfile) profile = cs_profile_new ();
  g_autoptr(CsClient) client = NULL;
  g_autoptr(CsClusterInfo) info = NULL;
  g_autofree char *cert_file = NULL;
  CsClientSecrets secrets = { NULL, NULL, NULL, NULL };

  g_assert_nonnull (binary);
  launcher = cs_sandbox_launcher_new (binary);
  cs_sandbox_launcher_start_async (launcher, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  g_assert_true (cs_sandbox_launcher_start_finish (launcher, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (cs_sandbox_launcher_get_url (launcher), "https://127.0.0.1:"));
  g_assert_cmpuint (strlen (cs_sandbox_launcher_get_password (launcher)), >=, 16);
  cert_file = g_strdup (cs_sandbox_launcher_get_cert_file (launcher));
  g_assert_nonnull (cert_file);
  g_assert_true (g_file_test (cert_file, G_FILE_TEST_EXISTS));

  cs_profile_set_name (profile, "Local sandbox");
  cs_profile_set_url (profile, cs_sandbox_launcher_get_url (launcher));
  cs_profile_set_auth_kind (profile, CS_AUTH_BASIC);
  cs_profile_set_user_name (profile, cs_sandbox_launcher_get_user (launcher));
  cs_profile_set_ca_file (profile, cert_file);
  secrets.password = cs_sandbox_launcher_get_password (launcher);

  cs_connect_async (NULL, profile, &secrets, NULL, NULL, cs_test_scaled_ms (10000) / 1000, NULL,
                    cs_test_store_result, &connected);
  cs_test_wait_for_result (&connected, 20000);
  info = cs_connect_finish (connected, &client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  g_assert_cmpstr (info->distribution, ==, "opensearch");
  g_assert_nonnull (info->ml_version);

  /* A wrong password is refused: the sandbox really checks it. */
  {
    g_autoptr(GAsyncResult) refused = NULL;
    g_autoptr(CsClient) other = NULL;
    g_autoptr(CsClusterInfo) none = NULL;
    g_autoptr(GError) refused_error = NULL;
    CsClientSecrets wrong = { "test-not-the-password", NULL, NULL, NULL };

    cs_connect_async (NULL, profile, &wrong, NULL, NULL, cs_test_scaled_ms (10000) / 1000, NULL,
                      cs_test_store_result, &refused);
    cs_test_wait_for_result (&refused, 20000);
    none = cs_connect_finish (refused, &other, &refused_error);
    g_assert_null (none);
    g_assert_error (refused_error, CS_ERROR, CS_ERROR_UNAUTHORIZED);
  }

  cs_sandbox_launcher_stop (launcher);
  g_assert_false (g_file_test (cert_file, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sandbox-launcher/start-connect-stop", test_start_connect_stop);

  return g_test_run ();
}
