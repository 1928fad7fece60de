/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-connect.h"
#include "cs-error.h"
#include "cs-interaction.h"
#include "cs-profile-store.h"
#include "cs-secret-store.h"
#include "cs-session.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-trust.h"

/*
 * The connect and save flows of core, without a display: a scripted
 * CsInteraction answers their questions, as the window's dialogs do.
 */

#define AWS_ACCESS_KEY "TESTACCESSKEYCONNECT"
#define AWS_SECRET_KEY "test-connect-aws-secret-key-9753"

/* ---- a scripted interaction ---- */

#define TEST_TYPE_INTERACTION (test_interaction_get_type ())
G_DECLARE_FINAL_TYPE (TestInteraction, test_interaction, TEST, INTERACTION, CsInteraction)

struct _TestInteraction
{
  CsInteraction  parent_instance;

  gboolean       trust;
  gboolean       send;
  gboolean       keep;

  guint          trust_asked;
  guint          send_asked;
  guint          keep_asked;
  gboolean       last_changed;
  char          *last_url;
  char          *last_fingerprint;
};

G_DEFINE_FINAL_TYPE (TestInteraction, test_interaction, CS_TYPE_INTERACTION)

static void
answer (TestInteraction     *self,
        gboolean             yes,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  /* Later, as a dialog would. */
  g_task_return_boolean (task, yes);
}

static void
test_ask_trust_certificate (CsInteraction        *interaction,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors,
                            gboolean              changed,
                            const char           *url,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  TestInteraction *self = TEST_INTERACTION (interaction);

  self->trust_asked++;
  self->last_changed = changed;
  g_free (self->last_url);
  self->last_url = g_strdup (url);
  g_free (self->last_fingerprint);
  self->last_fingerprint = cs_trust_fingerprint (certificate);
  answer (self, self->trust, cancellable, callback, user_data);
}

static void
test_ask_send_keys_insecurely (CsInteraction       *interaction,
                               const char          *url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TestInteraction *self = TEST_INTERACTION (interaction);

  self->send_asked++;
  g_free (self->last_url);
  self->last_url = g_strdup (url);
  answer (self, self->send, cancellable, callback, user_data);
}

static void
test_ask_keep_secrets_for_session (CsInteraction       *interaction,
                                   const GError        *keyring_error,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  TestInteraction *self = TEST_INTERACTION (interaction);

  g_assert_error ((GError *) keyring_error, CS_ERROR, CS_ERROR_SECRET_STORE);
  self->keep_asked++;
  answer (self, self->keep, cancellable, callback, user_data);
}

static void
test_interaction_finalize (GObject *object)
{
  TestInteraction *self = TEST_INTERACTION (object);

  g_free (self->last_url);
  g_free (self->last_fingerprint);
  G_OBJECT_CLASS (test_interaction_parent_class)->finalize (object);
}

static void
test_interaction_class_init (TestInteractionClass *klass)
{
  CsInteractionClass *interaction_class = CS_INTERACTION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_interaction_finalize;
  interaction_class->ask_trust_certificate = test_ask_trust_certificate;
  interaction_class->ask_send_keys_insecurely = test_ask_send_keys_insecurely;
  interaction_class->ask_keep_secrets_for_session = test_ask_keep_secrets_for_session;
}

static void
test_interaction_init (TestInteraction *self)
{
}

static TestInteraction *
test_interaction_new (gboolean yes)
{
  TestInteraction *self = g_object_new (TEST_TYPE_INTERACTION, NULL);

  self->trust = self->send = self->keep = yes;
  return self;
}

/* ---- helpers ---- */

static CsProfile *
add_profile (const char *name,
             const char *url,
             CsAuthKind  kind)
{
  CsProfileStore *store = cs_profile_store_get_default ();
  g_autoptr(CsProfile) profile = cs_profile_new ();
  g_autoptr(GError) error = NULL;

  cs_profile_set_name (profile, name);
  cs_profile_set_url (profile, url);
  cs_profile_set_auth_kind (profile, kind);
  if (kind == CS_AUTH_SIGV4)
    cs_profile_set_region (profile, "us-west-2");
  cs_profile_store_add (store, profile);
  g_assert_true (cs_profile_store_save (store, &error));
  g_assert_no_error (error);
  return cs_profile_store_lookup (store, cs_profile_get_id (profile));
}

static char *
profiles_file (void)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (cs_profile_store_get_path (cs_profile_store_get_default ()),
                                      &contents, NULL, NULL));
  return g_steal_pointer (&contents);
}

static CsClusterInfo *
run_connect (CsSession             *session,
             CsProfile             *profile,
             const CsClientSecrets *secrets,
             CsInteraction         *interaction,
             GError               **error)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  gboolean was_connected = session != NULL &&
                           cs_session_get_state (session) == CS_SESSION_CONNECTED;

  cs_connect_async (session, profile, secrets, store, interaction, 10, NULL,
                    cs_test_store_result, &result);
  if (session != NULL)
    g_assert_cmpint (cs_session_get_state (session), ==,
                     was_connected ? CS_SESSION_CONNECTED : CS_SESSION_CONNECTING);
  cs_test_wait_for_result (&result, 20000);
  return cs_connect_finish (result, NULL, error);
}

/* ---- certificates ---- */

static void
test_certificate_trusted (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", NULL);
  g_autoptr(TestInteraction) interaction = test_interaction_new (TRUE);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsProfileStore) reread = NULL;
  g_autofree char *directory = NULL;
  CsProfile *profile = add_profile ("TLS sandbox", cs_test_sandbox_get_url (sandbox),
                                    CS_AUTH_NONE);
  CsClientSecrets none = { NULL, NULL, NULL, NULL };
  CsTrustedList *trusted;

  info = run_connect (session, profile, &none, CS_INTERACTION (interaction), &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);

  /* Asked once, about this address, for a certificate never seen before. */
  g_assert_cmpuint (interaction->trust_asked, ==, 1);
  g_assert_false (interaction->last_changed);
  g_assert_cmpstr (interaction->last_url, ==, cs_test_sandbox_get_url (sandbox));

  /* Pinned on the profile, and saved. */
  g_assert_true (cs_trust_fingerprint_equal (cs_profile_get_pinned_fingerprint (profile),
                                             interaction->last_fingerprint));
  /* The default store stays where the first test's isolated dirs were. */
  directory = g_path_get_dirname (cs_profile_store_get_path (cs_profile_store_get_default ()));
  reread = cs_profile_store_new (directory);
  g_assert_true (cs_profile_store_load (reread, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_profile_get_pinned_fingerprint (
                     cs_profile_store_lookup (reread, cs_profile_get_id (profile))), ==,
                   cs_profile_get_pinned_fingerprint (profile));

  /* The session is connected and holds the cluster's trusted endpoints. */
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);
  g_assert_cmpstr (cs_session_get_profile_id (session), ==, cs_profile_get_id (profile));
  g_assert_nonnull (cs_session_get_client (session));
  trusted = cs_session_get_trusted_list (session);
  g_assert_nonnull (trusted);
  g_assert_cmpuint (cs_trusted_list_get_n_patterns (trusted), >, 0);
  g_assert_null (cs_session_get_trusted_list_error (session));

  /* Connecting again trusts the pin without asking. */
  g_clear_pointer (&info, cs_cluster_info_free);
  cs_session_disconnect (session);
  g_assert_null (cs_session_get_trusted_list (session));
  info = run_connect (session, profile, &none, CS_INTERACTION (interaction), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (interaction->trust_asked, ==, 1);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);
}

static void
test_certificate_refused (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", NULL);
  g_autoptr(TestInteraction) interaction = test_interaction_new (FALSE);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CsProfile *profile = add_profile ("TLS sandbox, refused", cs_test_sandbox_get_url (sandbox),
                                    CS_AUTH_NONE);
  CsClientSecrets none = { NULL, NULL, NULL, NULL };
  g_autofree char *before = profiles_file ();
  g_autofree char *after = NULL;

  info = run_connect (session, profile, &none, CS_INTERACTION (interaction), &error);
  g_assert_null (info);
  g_assert_error (error, CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_cmpuint (interaction->trust_asked, ==, 1);

  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_FAILED);
  g_assert_error ((GError *) cs_session_get_error (session), CS_ERROR,
                  CS_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_null (cs_session_get_client (session));
  g_assert_null (cs_session_get_trusted_list (session));

  /* Nothing pinned, nothing written. */
  g_assert_null (cs_profile_get_pinned_fingerprint (profile));
  after = profiles_file ();
  g_assert_cmpstr (after, ==, before);
}

/* Without an interaction, the answer is no. */
static void
test_certificate_no_interaction (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", NULL);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CsProfile *profile = add_profile ("TLS sandbox, nobody asked",
                                    cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
  CsClientSecrets none = { NULL, NULL, NULL, NULL };

  info = run_connect (session, profile, &none, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_FAILED);
  g_assert_null (cs_profile_get_pinned_fingerprint (profile));
}

/* A pin that no longer matches: asked with "changed", and a no keeps the old pin. */
static void
test_certificate_changed (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", NULL);
  g_autoptr(TestInteraction) interaction = test_interaction_new (FALSE);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CsProfile *profile = add_profile ("TLS sandbox, changed", cs_test_sandbox_get_url (sandbox),
                                    CS_AUTH_NONE);
  CsClientSecrets none = { NULL, NULL, NULL, NULL };
  const char *old_pin = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                        "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

  cs_profile_set_pinned_fingerprint (profile, old_pin);
  info = run_connect (session, profile, &none, CS_INTERACTION (interaction), &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_cmpuint (interaction->trust_asked, ==, 1);
  g_assert_true (interaction->last_changed);
  g_assert_true (cs_trust_fingerprint_equal (cs_profile_get_pinned_fingerprint (profile),
                                             old_pin));
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_FAILED);
}

/* Test connection: the same flow, and the session is left as it was. */
static void
test_without_session (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", NULL);
  g_autoptr(TestInteraction) interaction = test_interaction_new (TRUE);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsProfile) unsaved = cs_profile_new ();
  CsClientSecrets none = { NULL, NULL, NULL, NULL };

  cs_profile_set_name (unsaved, "Not saved yet");
  cs_profile_set_url (unsaved, cs_test_sandbox_get_url (sandbox));
  info = run_connect (NULL, unsaved, &none, CS_INTERACTION (interaction), &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_nonnull (info->cluster_name);
  g_assert_cmpuint (interaction->trust_asked, ==, 1);
  g_assert_nonnull (cs_profile_get_pinned_fingerprint (unsaved));
  g_assert_null (cs_profile_store_lookup (cs_profile_store_get_default (),
                                          cs_profile_get_id (unsaved)));
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_DISCONNECTED);
}

/* ---- AWS keys over http:// ---- */

static CsTestSandbox *
start_sigv4_sandbox (void)
{
  const char *args[] = {
    "--no-tls", "--aws-managed", "--region", "us-west-2",
    "--aws-access-key", AWS_ACCESS_KEY, "--aws-secret-key-stdin", NULL,
  };

  return cs_test_sandbox_startv_with_stdin (args, AWS_SECRET_KEY "\n");
}

static void
test_keys_over_http (gconstpointer data)
{
  gboolean yes = GPOINTER_TO_INT (data);
  g_autoptr(CsTestSandbox) sandbox = start_sigv4_sandbox ();
  g_autoptr(TestInteraction) interaction = test_interaction_new (yes);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CsProfile *profile = add_profile ("Managed over http", cs_test_sandbox_get_url (sandbox),
                                    CS_AUTH_SIGV4);
  CsClientSecrets keys = { NULL, AWS_ACCESS_KEY, AWS_SECRET_KEY, NULL };
  g_autofree char *before = profiles_file ();
  g_autofree char *after = NULL;

  info = run_connect (session, profile, &keys, CS_INTERACTION (interaction), &error);
  g_assert_cmpuint (interaction->send_asked, ==, 1);
  g_assert_cmpstr (interaction->last_url, ==, cs_test_sandbox_get_url (sandbox));
  after = profiles_file ();

  if (yes)
    {
      g_assert_no_error (error);
      g_assert_true (info->aws_managed);
      g_assert_true (cs_profile_get_allow_insecure_aws (profile));
      g_assert_cmpstr (after, !=, before);
      g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);
      g_assert_true (cs_session_get_aws_managed (session));

      /* The yes is remembered: no second question. */
      g_clear_pointer (&info, cs_cluster_info_free);
      info = run_connect (session, profile, &keys, CS_INTERACTION (interaction), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (interaction->send_asked, ==, 1);
    }
  else
    {
      g_assert_null (info);
      g_assert_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
      g_assert_false (cs_profile_get_allow_insecure_aws (profile));
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_FAILED);
      g_assert_error ((GError *) cs_session_get_error (session), CS_ERROR,
                      CS_ERROR_INSECURE_TRANSPORT);
    }
}

/* ---- the session is left alone by an attempt it no longer waits for ---- */

static void
test_superseded (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(CsClusterInfo) other = NULL;
  CsProfile *a = add_profile ("First", cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
  CsProfile *b = add_profile ("Second", cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
  CsClientSecrets none = { NULL, NULL, NULL, NULL };

  cs_connect_async (session, a, &none, store, NULL, 10, NULL, cs_test_store_result, &first);
  cs_connect_async (session, b, &none, store, NULL, 10, NULL, cs_test_store_result, &second);
  cs_test_wait_for_result (&first, 20000);
  cs_test_wait_for_result (&second, 20000);
  info = cs_connect_finish (first, NULL, NULL);
  other = cs_connect_finish (second, NULL, NULL);
  g_assert_nonnull (info);
  g_assert_nonnull (other);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);
  g_assert_cmpstr (cs_session_get_profile_id (session), ==, cs_profile_get_id (b));
}

/* A connected session keeps its working connection while another profile
 * is tried, and after that attempt fails (issue 16, item 6). */
static void
test_failure_keeps_connection (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(CsClusterInfo) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_url = NULL;
  CsClientSecrets none = { NULL, NULL, NULL, NULL };
  CsProfile *working = add_profile ("Working", cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
  CsProfile *broken;
  CsClient *client;
  guint16 port;

  info = run_connect (session, working, &none, NULL, &error);
  g_assert_no_error (error);
  client = cs_session_get_client (session);
  g_assert_nonnull (client);

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  broken = add_profile ("Broken", closed_url, CS_AUTH_NONE);

  failed = run_connect (session, broken, &none, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (cs_session_get_state (session), ==, CS_SESSION_CONNECTED);
  g_assert_true (cs_session_get_client (session) == client);
  g_assert_cmpstr (cs_session_get_profile_id (session), ==, cs_profile_get_id (working));
}

/* ---- saving secrets when the keyring refuses ---- */

static void
test_save_all_refused (gconstpointer data)
{
  gboolean keep = GPOINTER_TO_INT (data);
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(TestInteraction) interaction = test_interaction_new (keep);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *kinds[] = { CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY, NULL };
  const char *values[] = { AWS_ACCESS_KEY, AWS_SECRET_KEY, NULL };
  const char *profile_id = keep ? "refused-keep" : "refused-cancel";
  gboolean saved;

  cs_secret_store_save_all_async (store, profile_id, kinds, values, CS_INTERACTION (interaction),
                                  NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  saved = cs_secret_store_save_all_finish (store, result, &error);
  g_assert_cmpuint (interaction->keep_asked, ==, 1);

  if (keep)
    {
      g_autoptr(GAsyncResult) looked_up = NULL;
      g_autoptr(GError) lookup_error = NULL;
      char *value;

      g_assert_no_error (error);
      g_assert_true (saved);
      for (guint i = 0; kinds[i] != NULL; i++)
        g_assert_true (cs_secret_store_is_session_only (store, profile_id, kinds[i]));
      cs_secret_store_lookup_async (store, profile_id, CS_SECRET_AWS_SECRET_KEY, NULL,
                                    cs_test_store_result, &looked_up);
      cs_test_wait_for_result (&looked_up, 20000);
      value = cs_secret_store_lookup_finish (store, looked_up, &lookup_error);
      g_assert_no_error (lookup_error);
      g_assert_cmpstr (value, ==, AWS_SECRET_KEY);
      cs_secret_store_free_secret (value);
    }
  else
    {
      g_assert_false (saved);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED);
      for (guint i = 0; kinds[i] != NULL; i++)
        g_assert_false (cs_secret_store_is_session_only (store, profile_id, kinds[i]));
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Without its master password libsecret's file backend refuses, as a
   * missing or locked keyring does. Nothing here needs a working keyring:
   * the connects are given their secrets. */
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connect/certificate/trusted", test_certificate_trusted);
  g_test_add_func ("/connect/certificate/refused", test_certificate_refused);
  g_test_add_func ("/connect/certificate/no-interaction", test_certificate_no_interaction);
  g_test_add_func ("/connect/certificate/changed", test_certificate_changed);
  g_test_add_func ("/connect/without-session", test_without_session);
  g_test_add_data_func ("/connect/keys-over-http/declined", GINT_TO_POINTER (FALSE),
                        test_keys_over_http);
  g_test_add_data_func ("/connect/keys-over-http/accepted", GINT_TO_POINTER (TRUE),
                        test_keys_over_http);
  g_test_add_func ("/connect/superseded", test_superseded);
  g_test_add_func ("/connect/failure-keeps-connection", test_failure_keeps_connection);
  g_test_add_data_func ("/secrets/save-all/refused-keep", GINT_TO_POINTER (TRUE),
                        test_save_all_refused);
  g_test_add_data_func ("/secrets/save-all/refused-cancel", GINT_TO_POINTER (FALSE),
                        test_save_all_refused);

  return g_test_run ();
}
