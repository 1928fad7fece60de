/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A create or register whose answer is lost is never "tried again": the core
 * looks on the cluster for what the request may have created (issue 11, 4). */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-connectors-api.h"
#include "cs-error.h"
#include "cs-models-api.h"

#include "cs-test-faults.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

#define WAIT_MS 20000
#define CREATE_PATH "/_plugins/_ml/connectors/_create"
#define REGISTER_PATH "/_plugins/_ml/models/_register"

typedef struct
{
  CsTestSandbox *sandbox;
  CsClient      *client;
} Fixture;

/* clock_offset_ms: NULL, or how far the cluster's clock is off (--clock-offset-ms). */
static void
fixture_start (Fixture    *f,
               const char *clock_offset_ms)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = clock_offset_ms != NULL
               ? cs_test_sandbox_start ("--no-tls", "--clock-offset-ms", clock_offset_ms, NULL)
               : cs_test_sandbox_start ("--no-tls", NULL);
  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  /* The sandbox runs without TLS: as if the user confirmed sending keys over it. */
  cs_client_set_keys_over_http_allowed (f->client, TRUE);
  cs_client_set_timeout (f->client, 2);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_start (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
}

/* The blueprint's standard connector (test values, nothing like real keys). */
static JsonNode *
connector_body (const char *name)
{
  JsonNode *body = cs_test_data_json ("blueprints/bedrock_claude4_standard.json");
  JsonObject *root = json_node_get_object (body);
  JsonObject *credential = json_object_get_object_member (root, "credential");

  json_object_set_string_member (root, "name", name);
  json_object_set_string_member (credential, "access_key", "test-access-key");
  json_object_set_string_member (credential, "secret_key", "test-secret-key");
  json_object_remove_member (credential, "session_token");
  json_object_set_string_member (json_object_get_object_member (root, "parameters"), "region",
                                 "us-east-1");
  return body;
}

static char *
create (Fixture     *f,
        const char  *name,
        char       **found_id,
        GError     **error)
{
  g_autoptr(JsonNode) body = connector_body (name);
  g_autoptr(GAsyncResult) result = NULL;
  char *id;

  cs_connectors_create_async (f->client, body, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  id = cs_connectors_create_finish (f->client, result, error);
  if (found_id != NULL)
    *found_id = g_strdup (cs_connectors_create_get_found_id (result));
  return id;
}

static guint
count_connectors (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;

  cs_connectors_search_async (f->client, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  store = cs_connectors_search_finish (f->client, result, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

static void
assert_no_try_again (const GError *error)
{
  g_autofree char *lower = g_utf8_strdown (error->message, -1);

  if (strstr (lower, "try again") != NULL)
    g_test_message ("%s", error->message);
  g_assert_null (strstr (lower, "try again"));
}

/* The cluster (the sandbox) and the app share this machine's clock, which
 * counts in milliseconds: an older item and a new attempt made in the same
 * millisecond would be indistinguishable by time, which no user can do by
 * hand. Let the clock move on before the next attempt starts. */
static void
let_clock_move_on (void)
{
  gint64 now = g_get_real_time () / 1000;

  while (g_get_real_time () / 1000 <= now + 1)
    g_usleep (500);
}

/* The cluster created it, then the connection broke before the answer. */
static void
test_connector_lost_after_create (Fixture       *f,
                                  gconstpointer  data)
{
  const char *const faults[] = { "reset-after", "reset-mid-body", "truncate", "body=empty",
                                 "body=text", "html,status=502" };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *spec = g_strdup_printf ("route=" CREATE_PATH ",count=1,%s", faults[i]);
      g_autofree char *name = g_strdup_printf ("lost-after-%u", i);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autofree char *found = NULL;
      gboolean html = g_str_has_prefix (faults[i], "html");

      g_test_message ("fault %s", faults[i]);
      cs_test_forget_requests (f->client);
      cs_test_add_fault (f->client, spec);
      id = create (f, name, &found, &error);
      g_assert_null (id);
      assert_no_try_again (error);
      /* The proxy's page came instead of the cluster's answer: the cluster
       * never saw the request, and the search says so. */
      if (html)
        {
          g_assert_error (error, CS_ERROR, CS_ERROR_ANSWER_LOST_NOTHING);
          g_assert_null (found);
        }
      else
        {
          g_assert_error (error, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND);
          g_assert_nonnull (found);
          g_assert_nonnull (strstr (error->message, found));
        }
      /* Exactly one POST: nothing was sent again behind the user's back. */
      g_assert_cmpuint (cs_test_count_requests (f->client, "POST", CREATE_PATH), ==, 1);
      cs_test_clear_faults (f->client);
    }
  /* Each fault but the proxy page left one connector; none was created twice. */
  g_assert_cmpuint (count_connectors (f), ==, G_N_ELEMENTS (faults) - 1);
}

/* The connection broke before the cluster ran the request. */
static void
test_connector_lost_before_create (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id3 = NULL;
  g_autofree char *found = NULL;
  g_autofree char *found3 = NULL;
  g_autofree char *first = NULL;

  /* Nothing of that name: nothing was created, and sending again is safe. */
  cs_test_forget_requests (f->client);
  cs_test_add_fault (f->client, "route=" CREATE_PATH ",count=1,reset");
  id3 = create (f, "fresh-name", &found3, &error3);
  g_assert_null (id3);
  g_assert_error (error3, CS_ERROR, CS_ERROR_ANSWER_LOST_NOTHING);
  g_assert_null (found3);
  assert_no_try_again (error3);
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST", CREATE_PATH), ==, 1);
  g_assert_cmpuint (count_connectors (f), ==, 0);

  /* An older connector of the same name, made shortly before: it is not taken
   * for this attempt's, nor is "nothing created" said; it is named, to look at. */
  first = create (f, "same-name", NULL, &error);
  g_assert_no_error (error);
  let_clock_move_on ();
  cs_test_forget_requests (f->client);
  cs_test_add_fault (f->client, "route=" CREATE_PATH ",count=1,reset");
  id = create (f, "same-name", &found, &error2);
  g_assert_null (id);
  g_assert_error (error2, CS_ERROR, CS_ERROR_ANSWER_LOST);
  g_assert_null (found);
  g_assert_nonnull (strstr (error2->message, first));
  assert_no_try_again (error2);
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST", CREATE_PATH), ==, 1);
  g_assert_cmpuint (count_connectors (f), ==, 1);
}

/* The cluster's clock runs behind this computer's (sandbox --clock-offset-ms):
 * what the lost create made is dated before the attempt started. It is named
 * as possibly this attempt's, never "nothing was created". */
static void
test_connector_lost_clock_behind (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(CsConnectorInfo) made = NULL;

  fixture_start (&f, "-3000");

  cs_test_add_fault (f.client, "route=" CREATE_PATH ",count=1,reset-after");
  id = create (&f, "behind", &found, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_ANSWER_LOST);
  g_assert_null (found);
  assert_no_try_again (error);
  g_assert_cmpuint (cs_test_count_requests (f.client, "POST", CREATE_PATH), ==, 1);

  /* The message names the connector the cluster made. */
  cs_connectors_search_async (f.client, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  store = cs_connectors_search_finish (f.client, result, NULL);
  g_assert_nonnull (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  made = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_nonnull (strstr (error->message, cs_connector_info_get_id (made)));

  fixture_teardown (&f, NULL);
}

/* Ahead instead: what it made is dated after the attempt started, and found. */
static void
test_connector_lost_clock_ahead (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;

  fixture_start (&f, "3000");

  cs_test_add_fault (f.client, "route=" CREATE_PATH ",count=1,reset-after");
  id = create (&f, "ahead", &found, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND);
  g_assert_nonnull (found);
  g_assert_cmpuint (cs_test_count_requests (f.client, "POST", CREATE_PATH), ==, 1);

  fixture_teardown (&f, NULL);
}

/* The search after a lost answer fails too: say that it is unknown. */
static void
test_connector_lost_unknown (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  cs_test_add_fault (f->client, "route=" CREATE_PATH ",count=1,reset-after");
  cs_test_add_fault (f->client, "route=/_plugins/_ml/connectors/_search,count=1,status=503");
  id = create (f, "unknown", NULL, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_ANSWER_LOST);
  assert_no_try_again (error);
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST", CREATE_PATH), ==, 1);
}

/* find_created honours the start time and the exact name. */
static void
test_connector_find_created (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 before = g_get_real_time () / 1000 - 1;

  id = create (f, "find-me", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      const char *name = i == 2 ? "find" : "find-me";
      gint64 since = i == 1 ? g_get_real_time () / 1000 + 60000 : before;
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *found = NULL;

      cs_connectors_find_created_async (f->client, name, since, NULL, cs_test_store_result,
                                        &result);
      cs_test_wait_for_result (&result, WAIT_MS);
      found = cs_connectors_find_created_finish (f->client, result, &error);
      g_assert_no_error (error);
      if (i == 1 || i == 2)
        g_assert_null (found);
      else
        g_assert_cmpstr (found, ==, id);
    }
}

static char *
register_model (Fixture     *f,
                const char  *name,
                const char  *connector_id,
                char       **found_id,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *id;

  cs_models_register_async (f->client, name, NULL, connector_id, NULL, FALSE, NULL,
                            cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  id = cs_models_register_finish (f->client, result, NULL, error);
  if (found_id != NULL)
    *found_id = g_strdup (cs_models_register_get_found_id (result));
  return id;
}

static void
test_register_lost (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autofree char *connector = NULL;
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *found2 = NULL;
  g_autoptr(GError) error4 = NULL;
  g_autofree char *id3 = NULL;
  g_autofree char *found3 = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListStore) models = NULL;

  connector = create (f, "for-models", NULL, &error);
  g_assert_no_error (error);

  /* Registered, answer lost: the model is found, not registered twice. */
  cs_test_forget_requests (f->client);
  cs_test_add_fault (f->client, "route=" REGISTER_PATH ",count=1,reset-after");
  id = register_model (f, "lost-model", connector, &found, &error2);
  g_assert_null (id);
  g_assert_error (error2, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND);
  g_assert_nonnull (found);
  assert_no_try_again (error2);
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST", REGISTER_PATH), ==, 1);

  /* Lost before the cluster saw it: nothing registered under a new name … */
  let_clock_move_on ();
  cs_test_forget_requests (f->client);
  cs_test_add_fault (f->client, "route=" REGISTER_PATH ",count=1,reset");
  id2 = register_model (f, "other-model", connector, &found2, &error3);
  g_assert_null (id2);
  g_assert_error (error3, CS_ERROR, CS_ERROR_ANSWER_LOST_NOTHING);
  g_assert_null (found2);
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST", REGISTER_PATH), ==, 1);

  /* … and under the first one's name, that model is named, not taken. */
  cs_test_forget_requests (f->client);
  cs_test_add_fault (f->client, "route=" REGISTER_PATH ",count=1,reset");
  id3 = register_model (f, "lost-model", connector, &found3, &error4);
  g_assert_null (id3);
  g_assert_error (error4, CS_ERROR, CS_ERROR_ANSWER_LOST);
  g_assert_null (found3);
  g_assert_nonnull (strstr (error4->message, found));
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST", REGISTER_PATH), ==, 1);

  cs_models_search_async (f->client, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, WAIT_MS);
  models = cs_models_search_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (models)), ==, 1);
}

/* A failure that is not a lost answer stays what it was. */
static void
test_refusal_is_not_lost (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  cs_test_forget_requests (f->client);
  cs_test_add_fault (f->client, "route=" CREATE_PATH ",count=1,status=403");
  id = create (f, "refused", NULL, &error);
  g_assert_null (id);
  g_assert_error (error, CS_ERROR, CS_ERROR_FORBIDDEN);
  g_assert_cmpuint (cs_test_count_requests (f->client, "POST",
                                            "/_plugins/_ml/connectors/_search"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lost-answer/connector/after-create", test_connector_lost_after_create);
  ADD ("/lost-answer/connector/before-create", test_connector_lost_before_create);
  g_test_add_func ("/lost-answer/connector/cluster-clock-behind", test_connector_lost_clock_behind);
  g_test_add_func ("/lost-answer/connector/cluster-clock-ahead", test_connector_lost_clock_ahead);
  ADD ("/lost-answer/connector/unknown", test_connector_lost_unknown);
  ADD ("/lost-answer/connector/find-created", test_connector_find_created);
  ADD ("/lost-answer/register", test_register_lost);
  ADD ("/lost-answer/refusal-is-not-lost", test_refusal_is_not_lost);
#undef ADD

  return g_test_run ();
}
