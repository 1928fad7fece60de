/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cs-client.h"
#include "cs-cluster-probe.h"
#include "cs-error.h"
#include "cs-profile.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-trust.h"

/* Test credentials: plainly fake. */
#define ADMIN_PASSWORD   "test-admin-pw-9517"
#define READER_PASSWORD  "test-reader-pw-3571"
#define AWS_ACCESS_KEY   "TESTACCESSKEYINTEGRATION"
#define AWS_SECRET_KEY   "test/integration+secret-key-0042"

static JsonNode *
request (CsClient    *client,
         const char  *method,
         const char  *path,
         JsonNode    *body,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_client_request_async (client, method, path, body, CS_REQUEST_FLAGS_NONE, NULL,
                           cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  return cs_client_request_finish (client, result, error);
}

static CsProfile *
make_profile (const char *url,
              CsAuthKind  kind)
{
  CsProfile *profile = cs_profile_new ();

  cs_profile_set_name (profile, "Test");
  cs_profile_set_url (profile, url);
  cs_profile_set_auth_kind (profile, kind);
  return profile;
}

static char *
temp_file (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-client-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_http (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) search = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsClusterInfo) info = NULL;
  g_autofree char *without_slash = NULL;
  JsonObject *version;

  /* The base URL is normalised to end in '/'. */
  without_slash = g_strndup (cs_test_sandbox_get_url (sandbox),
                             strlen (cs_test_sandbox_get_url (sandbox)) - 1);
  client = cs_client_new_for_url (without_slash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_client_get_base_url (client), ==, cs_test_sandbox_get_url (sandbox));

  root = request (client, "GET", "", NULL, &error);
  g_assert_no_error (error);
  version = json_object_get_object_member (json_node_get_object (root), "version");
  g_assert_cmpstr (json_object_get_string_member (version, "distribution"), ==, "opensearch");

  search = request (client, "POST", "_plugins/_ml/connectors/_search",
                    json_from_string ("{\"query\":{\"match_all\":{}}}", NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (search));

  cs_cluster_probe_async (client, FALSE, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  info = cs_cluster_probe_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->distribution, ==, "opensearch");
  g_assert_true (info->has_version);
  g_assert_nonnull (info->cluster_name);
  g_assert_nonnull (info->ml_version);
  g_assert_true (g_str_has_prefix (info->ml_version, info->version_text));
  g_assert_false (info->aws_managed);
}

static void
test_https_trust (void)
{
  g_autofree char *cert_path = temp_file ("cert.pem");
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", "--cert-out", cert_path, NULL);
  g_autoptr(CsProfile) profile = make_profile (cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GTlsCertificate) on_disk = NULL;
  g_autofree char *expected_fingerprint = NULL;
  g_autofree char *rejected_fingerprint = NULL;
  GTlsCertificateFlags errors = 0;
  GTlsCertificate *rejected;

  on_disk = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  expected_fingerprint = cs_trust_fingerprint (on_disk);

  /* Untrusted: refused, with the certificate kept. */
  client = cs_client_new_for_profile (profile, NULL, &error);
  g_assert_no_error (error);
  failed = request (client, "GET", "", NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE);
  g_clear_error (&error);
  rejected = cs_client_get_rejected_certificate (client, &errors);
  g_assert_nonnull (rejected);
  g_assert_true (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  rejected_fingerprint = cs_trust_fingerprint (rejected);
  g_assert_cmpstr (rejected_fingerprint, ==, expected_fingerprint);

  /* Pinned: accepted, and the connection is kept for the next request. */
  cs_client_pin_certificate (client, rejected_fingerprint);
  g_assert_null (cs_client_get_rejected_certificate (client, NULL));
  answer = request (client, "GET", "", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  again = request (client, "GET", "_cat/plugins?format=json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_client_get_tls_handshake_count (client), ==, 1);

  /* The same through the profile (as saved after the user trusted it). */
  {
    g_autoptr(CsProfile) pinned = make_profile (cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
    g_autoptr(CsClient) pinned_client = NULL;
    g_autoptr(JsonNode) ok = NULL;

    cs_profile_set_pinned_fingerprint (pinned, rejected_fingerprint);
    pinned_client = cs_client_new_for_profile (pinned, NULL, &error);
    g_assert_no_error (error);
    ok = request (pinned_client, "GET", "", NULL, &error);
    g_assert_no_error (error);
  }

  /* A CA file trusts it too, without a pin. */
  {
    g_autoptr(CsProfile) with_ca = make_profile (cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
    g_autoptr(CsClient) ca_client = NULL;
    g_autoptr(JsonNode) ok = NULL;

    cs_profile_set_ca_file (with_ca, cert_path);
    ca_client = cs_client_new_for_profile (with_ca, NULL, &error);
    g_assert_no_error (error);
    ok = request (ca_client, "GET", "", NULL, &error);
    g_assert_no_error (error);
  }

  /* The sandbox restarts with a new certificate: the pin refuses it. */
  g_clear_pointer (&sandbox, cs_test_sandbox_stop);
  sandbox = cs_test_sandbox_start ("--tls", NULL);
  {
    g_autoptr(CsProfile) moved = make_profile (cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
    g_autoptr(CsClient) moved_client = NULL;
    g_autoptr(JsonNode) refused = NULL;
    g_autofree char *new_fingerprint = NULL;

    cs_profile_set_pinned_fingerprint (moved, rejected_fingerprint);
    moved_client = cs_client_new_for_profile (moved, NULL, &error);
    g_assert_no_error (error);
    refused = request (moved_client, "GET", "", NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, CS_ERROR, CS_ERROR_CERTIFICATE_CHANGED);
    g_assert_nonnull (cs_client_get_rejected_certificate (moved_client, NULL));
    new_fingerprint = cs_trust_fingerprint (cs_client_get_rejected_certificate (moved_client,
                                                                                NULL));
    g_assert_cmpstr (new_fingerprint, !=, rejected_fingerprint);
  }

  remove_temp_file (cert_path);
}

/* New TLS connections start from a process default that vouches for nothing
 * (reading the system store there cost about 8 ms a connection); the system
 * store a session verifies with stays glib-networking's own, with all of its
 * checks. */
static void
test_https_default_database (void)
{
  g_autofree char *cert_path = temp_file ("cert.pem");
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", "--cert-out", cert_path, NULL);
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) process_default = NULL;
  g_autoptr(GTlsDatabase) system = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("127.0.0.1", 443);
  g_autoptr(JsonNode) failed = NULL;
  GTlsCertificateFlags flags;

  client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);

  process_default = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  system = cs_trust_system_database ();
  g_assert_nonnull (process_default);
  g_assert_nonnull (system);
  g_assert_true (process_default != system);
  g_assert_false (g_str_has_prefix (G_OBJECT_TYPE_NAME (system), "Cs"));

  /* The default fails closed, whatever it is shown. */
  flags = g_tls_database_verify_chain (process_default, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                       NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags, ==, G_TLS_CERTIFICATE_UNKNOWN_CA);

  /* A trusted CA file is trusted through glib-networking's database type too. */
  {
    g_autoptr(GTlsDatabase) file = cs_trust_database_new (cert_path, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (G_OBJECT_TYPE (file) != G_OBJECT_TYPE (process_default));
  }

  /* A client for an address alone uses the system store: the sandbox's own
   * certificate is refused as unknown, and kept to be shown. */
  failed = request (client, "GET", "", NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_nonnull (cs_client_get_rejected_certificate (client, &flags));
  g_assert_true (flags & G_TLS_CERTIFICATE_UNKNOWN_CA);
}

static void
test_basic (void)
{
  g_autoptr(CsTestSandbox) sandbox =
    cs_test_sandbox_start ("--no-tls", "--user", "admin", "--password", ADMIN_PASSWORD,
                           "--read-only-user", "reader:" READER_PASSWORD, NULL);
  const char *url = cs_test_sandbox_get_url (sandbox);
  g_autoptr(GError) error = NULL;

  /* Right password. */
  {
    g_autoptr(CsProfile) profile = make_profile (url, CS_AUTH_BASIC);
    CsClientSecrets secrets = { ADMIN_PASSWORD, NULL, NULL, NULL };
    g_autoptr(CsClient) client = NULL;
    g_autoptr(JsonNode) answer = NULL;

    cs_profile_set_user_name (profile, "admin");
    client = cs_client_new_for_profile (profile, &secrets, &error);
    g_assert_no_error (error);
    answer = request (client, "GET", "", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  }

  /* Wrong password: 401, non-JSON body. */
  {
    g_autoptr(CsProfile) profile = make_profile (url, CS_AUTH_BASIC);
    CsClientSecrets secrets = { "not-the-password", NULL, NULL, NULL };
    g_autoptr(CsClient) client = NULL;
    g_autoptr(JsonNode) answer = NULL;

    cs_profile_set_user_name (profile, "admin");
    client = cs_client_new_for_profile (profile, &secrets, &error);
    g_assert_no_error (error);
    answer = request (client, "GET", "", NULL, &error);
    g_assert_null (answer);
    g_assert_error (error, CS_ERROR, CS_ERROR_UNAUTHORIZED);
    g_assert_cmpuint (cs_error_get_status (error), ==, 401);
    g_clear_error (&error);
  }

  /* No credentials at all. */
  {
    g_autoptr(CsClient) client = cs_client_new_for_url (url, &error);
    g_autoptr(JsonNode) answer = NULL;

    g_assert_no_error (error);
    answer = request (client, "GET", "", NULL, &error);
    g_assert_error (error, CS_ERROR, CS_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }

  /* A read-only user may read, and gets a 403 naming the permission for a write. */
  {
    g_autoptr(CsProfile) profile = make_profile (url, CS_AUTH_BASIC);
    CsClientSecrets secrets = { READER_PASSWORD, NULL, NULL, NULL };
    g_autoptr(CsClient) client = NULL;
    g_autoptr(JsonNode) read = NULL;
    g_autoptr(JsonNode) write = NULL;
    g_autoptr(JsonNode) error_body = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    guint status = 0;

    cs_profile_set_user_name (profile, "reader");
    client = cs_client_new_for_profile (profile, &secrets, &error);
    g_assert_no_error (error);
    read = request (client, "GET", "", NULL, &error);
    g_assert_no_error (error);

    cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_create",
                             json_from_string ("{\"name\":\"x\"}", NULL), CS_REQUEST_FLAGS_NONE,
                             NULL, cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 20000);
    write = cs_client_request_finish_full (client, result, &status, &error_body, &error);
    g_assert_null (write);
    g_assert_error (error, CS_ERROR, CS_ERROR_FORBIDDEN);
    g_assert_cmpuint (status, ==, 403);
    g_assert_nonnull (error_body);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (error_body));
    g_assert_nonnull (cs_error_get_permission (error));
    g_assert_true (g_str_has_prefix (cs_error_get_permission (error), "cluster:admin/opensearch/ml/"));
    g_assert_nonnull (strstr (error->message, cs_error_get_permission (error)));
  }
}

static void
test_sigv4 (void)
{
  g_autoptr(CsTestSandbox) sandbox = NULL;
  const char *args[] = {
    "--no-tls", "--aws-managed", "--region", "eu-west-1",
    "--aws-access-key", AWS_ACCESS_KEY, "--aws-secret-key-stdin", NULL,
  };
  g_autoptr(GError) error = NULL;
  const char *url;

  sandbox = cs_test_sandbox_startv_with_stdin (args, AWS_SECRET_KEY "\n");
  url = cs_test_sandbox_get_url (sandbox);

  /* Plain http:// without the user's confirmation: refused before sending. */
  {
    g_autoptr(CsProfile) profile = make_profile (url, CS_AUTH_SIGV4);
    CsClientSecrets secrets = { NULL, AWS_ACCESS_KEY, AWS_SECRET_KEY, NULL };
    g_autoptr(CsClient) client = NULL;

    cs_profile_set_region (profile, "eu-west-1");
    client = cs_client_new_for_profile (profile, &secrets, &error);
    g_assert_null (client);
    g_assert_error (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT);
    g_clear_error (&error);
  }

  /* Signed right: accepted, GET and POST with a body. */
  {
    g_autoptr(CsProfile) profile = make_profile (url, CS_AUTH_SIGV4);
    CsClientSecrets secrets = { NULL, AWS_ACCESS_KEY, AWS_SECRET_KEY, NULL };
    g_autoptr(CsClient) client = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(JsonNode) search = NULL;

    cs_profile_set_region (profile, "eu-west-1");
    cs_profile_set_allow_insecure_aws (profile, TRUE);
    client = cs_client_new_for_profile (profile, &secrets, &error);
    g_assert_no_error (error);
    root = request (client, "GET", "", NULL, &error);
    g_assert_no_error (error);
    search = request (client, "POST", "_plugins/_ml/connectors/_search?size=5",
                      json_from_string ("{\"query\":{\"match_all\":{}}}", NULL), &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (search));
  }

  /* A wrong secret key: the signature does not match. */
  {
    g_autoptr(CsProfile) profile = make_profile (url, CS_AUTH_SIGV4);
    CsClientSecrets secrets = { NULL, AWS_ACCESS_KEY, "test-wrong-secret", NULL };
    g_autoptr(CsClient) client = NULL;
    g_autoptr(JsonNode) answer = NULL;

    cs_profile_set_region (profile, "eu-west-1");
    cs_profile_set_allow_insecure_aws (profile, TRUE);
    client = cs_client_new_for_profile (profile, &secrets, &error);
    g_assert_no_error (error);
    answer = request (client, "GET", "", NULL, &error);
    g_assert_null (answer);
    g_assert_error (error, CS_ERROR, CS_ERROR_UNAUTHORIZED);
    g_assert_nonnull (strstr (error->message, "secret key"));
    g_clear_error (&error);
  }
}

static void
test_timeout (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--fault",
                                                            "route=/,latency=3000", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_autoptr(JsonNode) answer = NULL;
  gint64 start;

  g_assert_no_error (error);
  cs_client_set_timeout (client, 1);
  start = g_get_monotonic_time ();
  answer = request (client, "GET", "", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, CS_ERROR, CS_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2500 * G_TIME_SPAN_MILLISECOND);

  /* With no timeout, the slow answer arrives. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonNode) slow = NULL;
    g_autoptr(GError) slow_error = NULL;

    cs_client_request_async (client, "GET", "", NULL, CS_REQUEST_FLAGS_NO_TIMEOUT, NULL,
                             cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 20000);
    slow = cs_client_request_finish (client, result, &slow_error);
    g_assert_no_error (slow_error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (slow));
  }
}

static void
test_cancel (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--fault",
                                                            "route=/,latency=2000", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  cs_client_request_async (client, "GET", "", NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           cs_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  cs_test_wait_for_result (&result, 20000);
  answer = cs_client_request_finish (client, result, &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Let the sandbox finish its delayed answer to the closed connection
   * before it is stopped: stopping it in the middle sometimes ends it by a
   * signal (reported to the sandbox's owner). */
  {
    gint64 end = cs_test_deadline (2500);

    while (g_get_monotonic_time () < end)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
  }
}

static void
test_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago, and closed again. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  client = cs_client_new_for_url (url, &error);
  g_assert_no_error (error);
  answer = request (client, "GET", "", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONNECTION_REFUSED);
}

static void
test_host_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url ("http://cluster.nonexistent.invalid:9200",
                                                      &error);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  answer = request (client, "GET", "", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, CS_ERROR, CS_ERROR_HOST_NOT_FOUND);
}

static void
test_no_ml_commons (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", "--no-ml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsClusterInfo) info = NULL;

  g_assert_no_error (error);
  answer = request (client, "POST", "_plugins/_ml/connectors/_search",
                    json_from_string ("{}", NULL), &error);
  g_assert_null (answer);
  g_assert_error (error, CS_ERROR, CS_ERROR_NO_ML_COMMONS);
  g_clear_error (&error);

  cs_cluster_probe_async (client, FALSE, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  info = cs_cluster_probe_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_null (info->ml_version);
}

static void
test_faults (void)
{
  g_autoptr(CsTestSandbox) sandbox =
    cs_test_sandbox_start ("--no-tls",
                           "--fault", "route=/_plugins/_ml/models/_search,html,status=502",
                           "--fault", "route=/_plugins/_ml/tasks/*,status=503",
                           "--fault", "route=/_cluster/health,status=307",
                           NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_autoptr(JsonNode) html = NULL;
  g_autoptr(JsonNode) unavailable = NULL;

  g_assert_no_error (error);
  html = request (client, "POST", "_plugins/_ml/models/_search", json_from_string ("{}", NULL),
                  &error);
  g_assert_null (html);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  unavailable = request (client, "GET", "_plugins/_ml/tasks/abc", NULL, &error);
  g_assert_null (unavailable);
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);
  g_assert_cmpuint (cs_error_get_status (error), ==, 503);
  g_clear_error (&error);

  /* A redirect is never followed. */
  {
    g_autoptr(JsonNode) redirected = request (client, "GET", "_cluster/health", NULL, &error);
    g_assert_null (redirected);
    g_assert_error (error, CS_ERROR, CS_ERROR_REDIRECT);
  }
}

/* The connector body of the blueprint, with test values (nothing like real keys). */
static JsonNode *
test_connector (void)
{
  g_autoptr(JsonNode) body = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  JsonObject *root = json_node_get_object (body);
  JsonObject *credential = json_object_get_object_member (root, "credential");

  json_object_set_string_member (credential, "access_key", "test-access-key");
  json_object_set_string_member (credential, "secret_key", "test-secret-key");
  json_object_remove_member (credential, "session_token");
  json_object_set_string_member (json_object_get_object_member (root, "parameters"), "region",
                                 "us-east-1");
  return g_steal_pointer (&body);
}

/* POSTs go over the kept-alive connection: one TLS handshake for a session
 * that creates, searches and reads (issue 15), as the sandbox counts too. */
static void
test_post_reuses_connection (void)
{
  g_autofree char *cert_path = temp_file ("cert.pem");
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--tls", "--cert-out", cert_path, NULL);
  g_autoptr(CsProfile) profile = make_profile (cs_test_sandbox_get_url (sandbox), CS_AUTH_NONE);
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) counted = NULL;

  cs_profile_set_ca_file (profile, cert_path);
  client = cs_client_new_for_profile (profile, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) root = request (client, "GET", "", NULL, &error);
      g_autoptr(JsonNode) body = test_connector ();
      g_autoptr(JsonNode) created = request (client, "POST", "_plugins/_ml/connectors/_create",
                                             body, &error);
      g_autoptr(JsonNode) found = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (json_object_get_string_member (json_node_get_object (created),
                                                       "connector_id"));
      found = request (client, "POST", "_plugins/_ml/connectors/_search",
                       json_from_string ("{\"query\":{\"match_all\":{}}}", NULL), &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (cs_client_get_tls_handshake_count (client), ==, 1);

  counted = request (client, "GET", "_sandbox/connections", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counted), "tls_handshakes"),
                   ==, 1);

  g_clear_object (&client);
  remove_temp_file (cert_path);
}

/* A POST whose reused connection drops before the answer is not sent again
 * by libsoup: the create ran once, and the client says the answer may be
 * lost. The next request opens a new connection. */
static void
test_post_on_dropped_connection_sent_once (void)
{
  g_autoptr(CsTestSandbox) sandbox =
    cs_test_sandbox_start ("--no-tls",
                           "--fault", "route=/_plugins/_ml/connectors/_create,reset-after,count=1",
                           NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) body = test_connector ();
  g_autoptr(JsonNode) lost = NULL;
  g_autoptr(JsonNode) recorded = NULL;
  g_autoptr(JsonNode) counted = NULL;
  JsonArray *requests;
  guint creates = 0;

  g_assert_no_error (error);
  root = request (client, "GET", "", NULL, &error);
  g_assert_no_error (error);

  lost = request (client, "POST", "_plugins/_ml/connectors/_create", body, &error);
  g_assert_null (lost);
  g_assert_true (cs_error_answer_may_be_lost (error));
  g_clear_error (&error);

  recorded = request (client, "GET", "_sandbox/requests", NULL, &error);
  g_assert_no_error (error);
  requests = json_node_get_array (recorded);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (requests, i),
                                                  "path"),
                   "/_plugins/_ml/connectors/_create") == 0)
      creates++;
  g_assert_cmpuint (creates, ==, 1);

  /* The GET and the create shared one connection; the one opened after the reset began with
   * the control API, which the sandbox does not count. */
  counted = request (client, "GET", "_sandbox/connections", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counted), "connections"),
                   ==, 1);
}

/* An answer of 256 KB or more is parsed in a worker thread (issue 15): the
 * caller gets the same document as for a small one, and a cancelled request
 * still ends as cancelled. */
static void
test_large_answer (void)
{
  g_autoptr(CsTestSandbox) sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsClient) client = cs_client_new_for_url (cs_test_sandbox_get_url (sandbox), &error);
  g_autoptr(JsonNode) body = test_connector ();
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *path = NULL;
  const char *id;

  g_assert_no_error (error);
  for (guint i = 0; description->len < 400 * 1024; i++)
    g_string_append_printf (description, "line %u of a long description \\u00e9\n", i);
  json_object_set_string_member (json_node_get_object (body), "description", description->str);
  created = request (client, "POST", "_plugins/_ml/connectors/_create", body, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (json_node_get_object (created), "connector_id");
  path = g_strdup_printf ("_plugins/_ml/connectors/%s", id);

  fetched = request (client, "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (fetched), "description"),
                   ==, description->str);

  /* Cancelled: cancelled, never a half-read document. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonNode) none = NULL;

    cs_client_request_async (client, "GET", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                             cs_test_store_result, &result);
    g_cancellable_cancel (cancellable);
    cs_test_wait_for_result (&result, 20000);
    none = cs_client_request_finish (client, result, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (captured_log != NULL)
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length == -1)
        {
          g_string_append (captured_log, fields[i].value);
          g_string_append_c (captured_log, '\n');
        }
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* CS_DEBUG_HTTP=1 logs the headers, never the credentials. */
static void
test_debug_log_masks_secrets (void)
{
  g_autoptr(CsTestSandbox) sandbox =
    cs_test_sandbox_start ("--no-tls", "--user", "admin", "--password", ADMIN_PASSWORD, NULL);
  g_autoptr(CsProfile) profile = make_profile (cs_test_sandbox_get_url (sandbox), CS_AUTH_BASIC);
  CsClientSecrets secrets = { ADMIN_PASSWORD, NULL, NULL, NULL };
  g_autoptr(CsClient) client = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pair = g_strconcat ("admin:", ADMIN_PASSWORD, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  g_setenv ("CS_DEBUG_HTTP", "1", TRUE);
  captured_log = g_string_new (NULL);
  cs_profile_set_user_name (profile, "admin");
  client = cs_client_new_for_profile (profile, &secrets, &error);
  g_assert_no_error (error);
  answer = request (client, "GET", "", NULL, &error);
  g_assert_no_error (error);
  g_unsetenv ("CS_DEBUG_HTTP");

  /* The headers were logged … */
  g_assert_nonnull (strstr (captured_log->str, "Authorization: [hidden]"));
  g_assert_nonnull (strstr (captured_log->str, "User-Agent"));
  /* … but not the credentials. */
  g_assert_null (strstr (captured_log->str, encoded));
  g_assert_null (strstr (captured_log->str, ADMIN_PASSWORD));
  g_string_free (captured_log, TRUE);
  captured_log = NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/client/http", test_http);
  g_test_add_func ("/client/https-trust", test_https_trust);
  g_test_add_func ("/client/https-default-database", test_https_default_database);
  g_test_add_func ("/client/basic", test_basic);
  g_test_add_func ("/client/sigv4", test_sigv4);
  g_test_add_func ("/client/timeout", test_timeout);
  g_test_add_func ("/client/cancel", test_cancel);
  g_test_add_func ("/client/refused", test_refused);
  g_test_add_func ("/client/host-not-found", test_host_not_found);
  g_test_add_func ("/client/no-ml-commons", test_no_ml_commons);
  g_test_add_func ("/client/faults", test_faults);
  g_test_add_func ("/client/post-reuses-connection", test_post_reuses_connection);
  g_test_add_func ("/client/large-answer", test_large_answer);
  g_test_add_func ("/client/post-on-dropped-connection-sent-once",
                   test_post_on_dropped_connection_sent_once);
  g_test_add_func ("/client/debug-log-masks-secrets", test_debug_log_masks_secrets);

  return g_test_run ();
}
