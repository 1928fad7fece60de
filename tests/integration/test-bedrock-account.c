/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue from the user's own account (cs-bedrock-account.h) against the sandbox's
 * simulated AWS account. */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "cs-bedrock-account.h"
#include "cs-error.h"

#include "bedrock-direct-fixture.h"
#include "cs-test-utils.h"

static BdFixture fixture;

typedef struct
{
  CsBedrockListing *listing;
  CsBedrockOutcome  outcome;
  char             *action;
  GError           *error;
} Listed;

static void
listed_clear (Listed *l)
{
  g_clear_pointer (&l->listing, cs_bedrock_listing_unref);
  g_clear_pointer (&l->action, g_free);
  g_clear_error (&l->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listed, listed_clear)

static void
list (CsBedrockAccount    *account,
      const CsBedrockKeys *keys,
      const char          *region,
      gboolean             refresh,
      Listed              *out)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_bedrock_account_list_async (account, keys, region, refresh, NULL, cs_test_store_result,
                                 &result);
  cs_test_wait_for_result (&result, BD_WAIT_MS);
  out->outcome = (CsBedrockOutcome) -1;
  out->listing = cs_bedrock_account_list_finish (account, result, &out->outcome, &out->action,
                                                 &out->error);
}

static const CsBedrockAccountModel *
find (CsBedrockListing *listing,
      const char       *id)
{
  const CsBedrockAccountModel *m = cs_bedrock_listing_find (listing, id);

  if (m == NULL)
    g_error ("%s is not in the listing", id);
  return m;
}

static void
test_listing (void)
{
  g_autoptr(CsBedrockAccount) account = cs_bedrock_account_new (&fixture.endpoints);
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  g_auto(Listed) l = { 0 };
  const CsBedrockAccountModel *m;

  list (account, &keys, "us-east-1", FALSE, &l);
  g_assert_no_error (l.error);
  g_assert_nonnull (l.listing);
  g_assert_cmpint (l.outcome, ==, CS_BEDROCK_OK);
  g_assert_null (l.action);
  g_assert_cmpstr (cs_bedrock_listing_get_region (l.listing), ==, "us-east-1");
  g_assert_nonnull (cs_bedrock_listing_get_time (l.listing));
  g_assert_cmpuint (cs_bedrock_listing_get_models (l.listing)->len, ==, 20);

  /* An active model with its geography's profile first, and the global one. */
  m = find (l.listing, "anthropic.claude-opus-4-7");
  g_assert_cmpstr (m->name, ==, "Claude Opus 4.7");
  g_assert_cmpstr (m->lifecycle, ==, "ACTIVE");
  g_assert_cmpint (m->marks, ==, CS_BEDROCK_MARK_NONE);
  g_assert_true (cs_bedrock_account_model_is_usable (m));
  g_assert_cmpstr (m->profile_id, ==, "us.anthropic.claude-opus-4-7");
  g_assert_true (g_strv_contains ((const char * const *) m->profile_ids,
                                  "global.anthropic.claude-opus-4-7"));
  g_assert_nonnull (m->rules);
  g_assert_false (cs_model_rules_is_derived (m->rules));

  /* Legacy by Bedrock's answer (modelLifecycle.status). */
  m = find (l.listing, "anthropic.claude-3-7-sonnet-20250219-v1:0");
  g_assert_cmpstr (m->lifecycle, ==, "LEGACY");
  g_assert_true (m->marks & CS_BEDROCK_MARK_LEGACY);
  g_assert_true (cs_bedrock_account_model_is_usable (m));
  g_assert_cmpstr (m->profile_id, ==, "us.anthropic.claude-3-7-sonnet-20250219-v1:0");

  /* Legacy by the table although Bedrock still says ACTIVE. */
  m = find (l.listing, "anthropic.claude-sonnet-4-20250514-v1:0");
  g_assert_cmpstr (m->lifecycle, ==, "ACTIVE");
  g_assert_true (m->marks & CS_BEDROCK_MARK_LEGACY);

  /* Newer than the table: listed, with derived rules (the strictest of its family). The last
   * model's profiles are on the last page, so every nextToken was followed. */
  m = find (l.listing, "anthropic.claude-opus-6");
  g_assert_true (m->marks & CS_BEDROCK_MARK_DERIVED);
  g_assert_false (m->marks & CS_BEDROCK_MARK_NO_PROFILE);
  g_assert_cmpstr (m->profile_id, ==, "us.anthropic.claude-opus-6");
  g_assert_nonnull (m->rules);
  g_assert_true (cs_model_rules_is_derived (m->rules));
  g_assert_nonnull (cs_model_rules_get_assumption (m->rules));
  g_assert_true (cs_model_rules_allows_thinking (m->rules, CS_THINKING_FORM_ADAPTIVE));
  g_assert_false (cs_model_rules_allows_thinking (m->rules, CS_THINKING_FORM_ENABLED));
}

static void
test_no_profile_region (void)
{
  g_autoptr(CsBedrockAccount) account = cs_bedrock_account_new (&fixture.endpoints);
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, BD_SESSION_TOKEN);
  g_auto(Listed) l = { 0 };
  const CsBedrockAccountModel *m;

  list (account, &keys, "ca-central-1", FALSE, &l);
  g_assert_no_error (l.error);

  /* Regional profiles only, and none serves ca-central-1. */
  m = find (l.listing, "anthropic.claude-sonnet-4-5-20250929-v1:0");
  g_assert_true (m->marks & CS_BEDROCK_MARK_NO_PROFILE);
  g_assert_false (cs_bedrock_account_model_is_usable (m));
  g_assert_null (m->profile_id);
  g_assert_cmpuint (g_strv_length (m->profile_ids), ==, 0);

  /* A model with a global profile is usable there through it. */
  m = find (l.listing, "anthropic.claude-opus-4-7");
  g_assert_false (m->marks & CS_BEDROCK_MARK_NO_PROFILE);
  g_assert_cmpstr (m->profile_id, ==, "global.anthropic.claude-opus-4-7");
}

static void
test_cache (void)
{
  g_autoptr(CsBedrockAccount) account = cs_bedrock_account_new (&fixture.endpoints);
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  g_auto(Listed) first = { 0 };
  g_auto(Listed) again = { 0 };
  g_auto(Listed) fresh = { 0 };
  g_autoptr(CsBedrockListing) cached = NULL;

  g_assert_null (cs_bedrock_account_get_cached (account, BD_ACCESS_KEY, "eu-west-1"));
  list (account, &keys, "eu-west-1", FALSE, &first);
  g_assert_no_error (first.error);
  cached = cs_bedrock_account_get_cached (account, BD_ACCESS_KEY, "eu-west-1");
  g_assert_true (cached == first.listing);
  g_assert_null (cs_bedrock_account_get_cached (account, BD_ACCESS_KEY, "us-east-1"));
  g_assert_null (cs_bedrock_account_get_cached (account, BD_NO_INVOKE_KEY, "eu-west-1"));

  list (account, &keys, "eu-west-1", FALSE, &again);
  g_assert_true (again.listing == first.listing);
  list (account, &keys, "eu-west-1", TRUE, &fresh);
  g_assert_no_error (fresh.error);
  g_assert_true (fresh.listing != first.listing);
  g_assert_cmpint (g_date_time_compare (cs_bedrock_listing_get_time (fresh.listing),
                                        cs_bedrock_listing_get_time (first.listing)), >=, 0);
  g_assert_cmpstr (find (fresh.listing, "anthropic.claude-opus-4-7")->profile_id, ==,
                   "eu.anthropic.claude-opus-4-7");

  cs_bedrock_account_forget (account);
  g_assert_null (cs_bedrock_account_get_cached (account, BD_ACCESS_KEY, "eu-west-1"));
}

static void
assert_denied (const char *access_key,
               const char *action)
{
  g_autoptr(CsBedrockAccount) account = cs_bedrock_account_new (&fixture.endpoints);
  CsBedrockKeys keys = bd_keys (access_key, BD_SECRET_KEY, NULL);
  g_auto(Listed) l = { 0 };

  list (account, &keys, "us-east-1", FALSE, &l);
  g_assert_null (l.listing);
  g_assert_error (l.error, CS_ERROR, CS_ERROR_REMOTE_FORBIDDEN);
  g_assert_cmpint (l.outcome, ==, CS_BEDROCK_FAILED_PERMISSION);
  g_assert_cmpstr (l.action, ==, action);
  g_assert_nonnull (strstr (l.error->message, action));
  g_assert_nonnull (strstr (l.error->message, "own table"));
  g_assert_null (cs_bedrock_account_get_cached (account, access_key, "us-east-1"));
}

static void
test_missing_permission (void)
{
  assert_denied (BD_NO_LIST_MODELS_KEY, "bedrock:ListFoundationModels");
  assert_denied (BD_NO_LIST_PROFILES_KEY, "bedrock:ListInferenceProfiles");
}

static void
assert_refused (const char       *access_key,
                const char       *secret_key,
                const char       *token,
                CsBedrockOutcome  outcome,
                const char       *part)
{
  g_autoptr(CsBedrockAccount) account = cs_bedrock_account_new (&fixture.endpoints);
  CsBedrockKeys keys = bd_keys (access_key, secret_key, token);
  g_auto(Listed) l = { 0 };

  list (account, &keys, "us-east-1", FALSE, &l);
  g_assert_null (l.listing);
  g_assert_error (l.error, CS_ERROR, CS_ERROR_REMOTE_FORBIDDEN);
  g_assert_cmpint (l.outcome, ==, outcome);
  g_assert_null (l.action);
  g_assert_nonnull (strstr (l.error->message, part));
}

static void
test_keys_refused (void)
{
  assert_refused (BD_ACCESS_KEY, BD_WRONG_SECRET, NULL, CS_BEDROCK_FAILED_SIGNATURE,
                  "secret access key");
  assert_refused (BD_UNKNOWN_KEY, BD_SECRET_KEY, NULL, CS_BEDROCK_FAILED_KEYS,
                  "does not recognise this access key");
  assert_refused (BD_ACCESS_KEY, BD_SECRET_KEY, BD_EXPIRED_TOKEN,
                  CS_BEDROCK_FAILED_EXPIRED_TOKEN, "session token has expired");
}

/* The app's own sandbox answers over TLS with its own certificate: the
 * listing trusts it when the endpoints name it, and only then. */
static void
test_sandbox_certificate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-bedrock-tls-XXXXXX", NULL);
  g_autofree char *cert = g_build_filename (dir, "sandbox-cert.pem", NULL);
  const char *args[] = { "--tls", "--cert-out", cert, NULL };
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_startv (args);
  const char *url = cs_test_sandbox_get_url (sandbox);
  g_autofree char *control = g_strconcat (url, "_aws/bedrock", NULL);
  CsBedrockEndpoints endpoints = { control, NULL, NULL };
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);

  g_assert_true (g_str_has_prefix (url, "https://"));
  g_assert_true (g_file_test (cert, G_FILE_TEST_IS_REGULAR));

  /* Without the certificate: not trusted, so Bedrock cannot be reached. */
  {
    g_autoptr(CsBedrockAccount) account = cs_bedrock_account_new (&endpoints);
    g_auto(Listed) l = { 0 };

    list (account, &keys, "us-east-1", FALSE, &l);
    g_assert_null (l.listing);
    g_assert_cmpint (l.outcome, ==, CS_BEDROCK_FAILED_OFFLINE);
  }

  /* With it, as the form passes it for the sandbox's profile. */
  {
    g_autoptr(CsBedrockAccount) account = NULL;
    g_auto(Listed) l = { 0 };

    endpoints.ca_file = cert;
    account = cs_bedrock_account_new (&endpoints);
    list (account, &keys, "us-east-1", FALSE, &l);
    g_assert_no_error (l.error);
    g_assert_nonnull (l.listing);
    g_assert_cmpint (l.outcome, ==, CS_BEDROCK_OK);
  }

  g_unlink (cert);
  g_rmdir (dir);
}

static void
test_offline (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CsBedrockAccount) account = NULL;
  CsBedrockEndpoints endpoints = { 0 };
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  g_auto(Listed) l = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  /* A port that was just free and that nothing listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (loopback, 0));
  g_assert_true (g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/_aws/bedrock",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  endpoints.control_url = url;
  account = cs_bedrock_account_new (&endpoints);

  list (account, &keys, "us-east-1", FALSE, &l);
  g_assert_null (l.listing);
  g_assert_cmpint (l.outcome, ==, CS_BEDROCK_FAILED_OFFLINE);
  g_assert_true (l.error->domain == CS_ERROR);
  g_assert_nonnull (strstr (l.error->message, "own table"));
}

static void
test_bad_input (void)
{
  g_autoptr(CsBedrockAccount) account = NULL;
  CsBedrockEndpoints endpoints = { "http://bedrock.example.org/", NULL };
  CsBedrockKeys keys = bd_keys (BD_ACCESS_KEY, BD_SECRET_KEY, NULL);
  CsBedrockKeys no_secret = bd_keys (BD_ACCESS_KEY, "", NULL);
  g_auto(Listed) plain = { 0 };
  g_auto(Listed) region = { 0 };
  g_auto(Listed) secret = { 0 };

  account = cs_bedrock_account_new (&endpoints);
  list (account, &keys, "us-east-1", FALSE, &plain);
  g_assert_error (plain.error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
  list (account, &keys, "us-east-1.evil.example", FALSE, &region);
  g_assert_error (region.error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  list (account, &no_secret, "us-east-1", FALSE, &secret);
  g_assert_error (secret.error, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  bd_fixture_start (&fixture);

  g_test_add_func ("/bedrock-account/listing", test_listing);
  g_test_add_func ("/bedrock-account/no-profile-region", test_no_profile_region);
  g_test_add_func ("/bedrock-account/cache", test_cache);
  g_test_add_func ("/bedrock-account/missing-permission", test_missing_permission);
  g_test_add_func ("/bedrock-account/keys-refused", test_keys_refused);
  g_test_add_func ("/bedrock-account/offline", test_offline);
  g_test_add_func ("/bedrock-account/sandbox-certificate", test_sandbox_certificate);
  g_test_add_func ("/bedrock-account/bad-input", test_bad_input);

  status = g_test_run ();
  bd_fixture_stop (&fixture);
  return status;
}
