/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-client.h"
#include "cs-connect.h"
#include "cs-connector-edit.h"
#include "cs-connector-spec.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-export.h"
#include "cs-key-rotation.h"
#include "cs-payload.h"
#include "cs-predict.h"
#include "cs-profile-store.h"
#include "cs-secret-store.h"
#include "cs-session-token-record.h"
#include "cs-session.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"

/*
 * Secret hygiene: the whole core workflow against the sandbox (connect with
 * a cluster password, save the secrets, create a connector with AWS keys and
 * a session token, register and deploy, predict, every preview, every
 * export, a refused request; then the connector lifecycle: an edit with new
 * keys applied without undeploying, a key rotation, a rotation to refused
 * keys that rolls back, the rotated keys saved in the keyring) under
 * G_MESSAGES_DEBUG=all and CS_DEBUG_HTTP=1 (set in meson.build). Then every
 * log line, error text, preview, curl copy, export and every file under the
 * isolated HOME and XDG directories is searched for each secret, raw,
 * base64, URL-encoded and JSON-escaped. The keyring file
 * (SECRET_FILE_TEST_PATH, outside those directories) is the one place the
 * secrets belong.
 *
 * The values are made up and distinctive; the sandbox accepts them (an
 * access key of capitals and digits, a secret key of 40 letters, digits,
 * "+" or "/"). "/" and "+" make the URL-encoded and JSON-escaped forms
 * differ from the raw one.
 */

#define CLUSTER_USER      "hygieneadmin"
#define CLUSTER_PASSWORD  "Hyg13ne-Pa55/w0rd+q\"x"
#define AWS_ACCESS_KEY    "SANDBOXHYGIENE7Q3K9"
#define AWS_SECRET_KEY    "sandboxHygieneSecret/Key+9876543210ZyXwV"
#define AWS_SESSION_TOKEN "sandboxHygieneSessionToken/77+QwErTy=="
/* The lifecycle's keys: given in an edit, rotated to, and refused by Bedrock ("INVALID"). */
#define EDIT_SECRET_KEY       "sandboxHygieneEdited/Key+0123456789AbCdE"
#define ROTATED_ACCESS_KEY    "SANDBOXHYGIENEROT8M2"
#define ROTATED_SECRET_KEY    "sandboxHygieneRotated/Key+01234567AbCdEf"
#define ROTATED_SESSION_TOKEN "sandboxHygieneRotatedToken/55+AsDfGh=="
#define REFUSED_SECRET_KEY    "sandboxHygieneINVALID/Key+0123456789AbCd"

static GMutex     log_lock;
static GPtrArray *log_lines;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

  g_mutex_lock (&log_lock);
  if (log_lines != NULL)
    g_ptr_array_add (log_lines, g_steal_pointer (&line));
  g_mutex_unlock (&log_lock);

  /* Debug and info are only captured (they would clutter the TAP output);
   * anything louder is reported as usual. */
  if ((log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* ---- what is searched ---- */

typedef struct
{
  GPtrArray *names;   /* where each text came from */
  GPtrArray *texts;
} Haystack;

static void
haystack_add (Haystack   *h,
              const char *name,
              const char *text)
{
  g_assert_nonnull (text);
  g_ptr_array_add (h->names, g_strdup (name));
  g_ptr_array_add (h->texts, g_strdup (text));
}

static void
haystack_add_node (Haystack   *h,
                   const char *name,
                   JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  haystack_add (h, name, text);
}

static void
haystack_add_error (Haystack     *h,
                    const char   *name,
                    const GError *error)
{
  g_assert_nonnull (error);
  haystack_add (h, name, error->message);
}

static char *
json_escaped (const char *secret)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  json_node_set_string (node, secret);
  quoted = json_to_string (node, FALSE);
  /* Without the quotes. */
  return g_strndup (quoted + 1, strlen (quoted) - 2);
}

/* Every form of every secret, without duplicates; names[i] says which. */
static void
secret_forms (GPtrArray *forms,
              GPtrArray *names)
{
  static const struct { const char *name; const char *value; } secrets[] = {
    { "cluster password", CLUSTER_PASSWORD },
    { "AWS access key", AWS_ACCESS_KEY },
    { "AWS secret key", AWS_SECRET_KEY },
    { "AWS session token", AWS_SESSION_TOKEN },
    { "edited AWS secret key", EDIT_SECRET_KEY },
    { "rotated AWS access key", ROTATED_ACCESS_KEY },
    { "rotated AWS secret key", ROTATED_SECRET_KEY },
    { "rotated AWS session token", ROTATED_SESSION_TOKEN },
    { "refused AWS secret key", REFUSED_SECRET_KEY },
  };
  g_autofree char *basic = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      const char *value = secrets[i].value;
      char *candidates[] = {
        g_strdup (value),
        g_base64_encode ((const guchar *) value, strlen (value)),
        g_uri_escape_string (value, NULL, FALSE),
        json_escaped (value),
        cs_payload_escape_json (value),
      };
      static const char *kinds[] = { "raw", "base64", "URL-encoded", "JSON-escaped",
                                     "JSON-escaped (commons-text)" };

      for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < forms->len; j++)
            seen = seen || g_str_equal (forms->pdata[j], candidates[k]);
          if (seen)
            {
              g_free (candidates[k]);
              continue;
            }
          g_ptr_array_add (forms, candidates[k]);
          g_ptr_array_add (names, g_strdup_printf ("%s, %s", secrets[i].name, kinds[k]));
        }
    }

  /* The password as it travels in an Authorization header. */
  basic = g_strconcat (CLUSTER_USER, ":", CLUSTER_PASSWORD, NULL);
  g_ptr_array_add (forms, g_base64_encode ((const guchar *) basic, strlen (basic)));
  g_ptr_array_add (names, g_strdup ("cluster password, basic auth base64"));
}

static guint
search_text (GPtrArray  *forms,
             GPtrArray  *form_names,
             const char *where,
             const char *text,
             gssize      length)
{
  guint found = 0;

  for (guint f = 0; f < forms->len; f++)
    {
      const char *form = forms->pdata[f];

      if (g_strstr_len (text, length, form) != NULL)
        {
          if (where != NULL)
            g_test_message ("LEAK: %s found in %s", (char *) form_names->pdata[f], where);
          found++;
        }
    }
  return found;
}

/* Every regular file under dir, recursively, except skip. */
static void
collect_files (const char *dir,
               const char *skip,
               GPtrArray  *paths)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (path, skip, paths);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_strcmp0 (path, skip) != 0)
        {
          gboolean seen = FALSE;

          for (guint i = 0; i < paths->len; i++)
            seen = seen || g_str_equal (paths->pdata[i], path);
          if (!seen)
            g_ptr_array_add (paths, g_steal_pointer (&path));
        }
    }
}

/* ---- the workflow ---- */

static void
save_secrets (CsSecretStore      *store,
              const char         *profile_id,
              const char * const *kinds,
              const char * const *values)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_secret_store_save_all_async (store, profile_id, kinds, values, NULL, NULL,
                                  cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  g_assert_true (cs_secret_store_save_all_finish (store, result, &error));
  g_assert_no_error (error);
}

static char *
lookup_secret (CsSecretStore *store,
               const char    *profile_id,
               const char    *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  cs_secret_store_lookup_async (store, profile_id, kind, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  secret = cs_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  return secret;
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static char *
register_and_deploy (CsClient   *client,
                     const char *connector_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_path = NULL;
  char *model_id;
  gint64 deadline;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, CS_EXPORT_DEFAULT_MODEL_NAME);
  json_builder_set_member_name (builder, "function_name");
  json_builder_add_string_value (builder, "remote");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, CS_EXPORT_DEFAULT_MODEL_DESCRIPTION);
  json_builder_set_member_name (builder, "connector_id");
  json_builder_add_string_value (builder, connector_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  registered = cs_test_request (client, "POST", "_plugins/_ml/models/_register?deploy=true",
                                body, NULL, NULL, &error);
  g_assert_no_error (error);
  model_id = g_strdup (json_object_get_string_member (json_node_get_object (registered),
                                                      "model_id"));
  g_assert_nonnull (model_id);

  model_path = g_strconcat ("_plugins/_ml/models/", model_id, NULL);
  deadline = cs_test_deadline (60000);
  for (;;)
    {
      g_autoptr(JsonNode) model = cs_test_request (client, "GET", model_path, NULL, NULL, NULL,
                                                   &error);
      const char *state;
      gboolean waited = FALSE;

      g_assert_no_error (error);
      state = json_object_get_string_member_with_default (json_node_get_object (model),
                                                          "model_state", "");
      if (g_str_equal (state, "DEPLOYED"))
        break;
      g_assert_cmpstr (state, !=, "DEPLOY_FAILED");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_timeout_add_once (100, set_flag, &waited);
      cs_test_wait_for_flag (&waited, 5000);
    }
  return model_id;
}

/* The lifecycle's words: every step's text and the cluster's, searched like the rest. */
static void
edit_progress_cb (const char *text,
                  const char *cluster_text,
                  gpointer    user_data)
{
  haystack_add (user_data, "edit step", text);
  if (cluster_text != NULL)
    haystack_add (user_data, "edit step, cluster text", cluster_text);
}

static void
rotation_step_cb (CsKeyRotation *rotation,
                  int            step,
                  const char    *model_id,
                  const char    *text,
                  const char    *cluster_text,
                  Haystack      *h)
{
  haystack_add (h, "rotation step", text);
  if (cluster_text != NULL)
    haystack_add (h, "rotation step, cluster text", cluster_text);
}

/* Runs a rotation of the connector's models to the given keys; returns how it ended and puts
 * the connector they use then in *connector_id. */
static CsRotationOutcome
rotate (CsClient        *client,
        const CsVersion *version,
        char           **connector_id,
        const char      *access_key,
        const char      *secret_key,
        const char      *session_token,
        Haystack        *h)
{
  g_autoptr(CsKeyRotation) rotation = cs_key_rotation_new (client, version);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  CsRotationOutcome outcome = CS_ROTATION_OUTCOME_PARTIAL;

  cs_key_rotation_set_connector (rotation, *connector_id);
  cs_key_rotation_set_new_keys (rotation, access_key, secret_key, session_token);
  g_signal_connect (rotation, "step", G_CALLBACK (rotation_step_cb), h);
  cs_key_rotation_run_async (rotation, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 120000);
  g_assert_true (cs_key_rotation_run_finish (rotation, result, &outcome, &summary, &error));
  g_assert_no_error (error);
  if (summary != NULL)
    haystack_add (h, "rotation summary", summary);
  g_assert_false (cs_key_rotation_holds_old_keys (rotation));
  g_free (*connector_id);
  *connector_id = g_strdup (cs_key_rotation_get_connector_id (rotation));
  return outcome;
}

static JsonNode *
hello_body (void)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autoptr(CsTurn) turn = cs_turn_new (CS_TURN_ROLE_USER, "hello world");
  g_autoptr(GError) error = NULL;
  JsonNode *body;

  cs_conversation_set_system_prompt (conversation, "You are a helpful assistant.");
  cs_conversation_append (conversation, turn);
  body = cs_conversation_build_predict_body (conversation, NULL, &error);
  g_assert_no_error (error);
  return body;
}

static void
test_secret_hygiene (void)
{
  const char *sandbox_args[] = { "--no-tls", "--user", CLUSTER_USER, "--password-stdin", NULL };
  g_autoptr(CsTestSandbox) sandbox = NULL;
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsProfile) new_profile = cs_profile_new ();
  g_autoptr(CsSession) session = cs_session_new ();
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new ();
  g_autoptr(JsonNode) create_body = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonNode) predict_body = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonObject) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) form_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stdin_text = g_strconcat (CLUSTER_PASSWORD, "\n", NULL);
  g_autofree char *connector_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *connector_profile = NULL;
  g_autofree char *text = NULL;
  g_autofree char *keyring_password = NULL;
  g_autofree char *keyring_secret = NULL;
  g_autofree char *keyring_token = NULL;
  Haystack h = { g_ptr_array_new_with_free_func (g_free),
                 g_ptr_array_new_with_free_func (g_free) };
  const char *keyring_path = g_getenv ("SECRET_FILE_TEST_PATH");
  const char *cluster_kinds[] = { CS_SECRET_CLUSTER_PASSWORD, NULL };
  const char *cluster_values[] = { CLUSTER_PASSWORD, NULL };
  const char *aws_kinds[] = { CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY,
                              CS_SECRET_AWS_SESSION_TOKEN, NULL };
  const char *aws_values[] = { AWS_ACCESS_KEY, AWS_SECRET_KEY, AWS_SESSION_TOKEN, NULL };
  CsClientSecrets secrets = { CLUSTER_PASSWORD, NULL, NULL, NULL };
  CsProfileStore *profiles = cs_profile_store_get_default ();
  CsProfile *profile;
  CsClient *client;
  CsPredictFix fix = -1;
  const char *dirs[6];
  guint n_places = 0;
  guint n_leaks = 0;
  guint n_log_lines;

  g_assert_nonnull (keyring_path);
  g_assert_cmpstr (g_getenv ("CS_DEBUG_HTTP"), ==, "1");
  g_assert_cmpstr (g_getenv ("G_MESSAGES_DEBUG"), ==, "all");

  sandbox = cs_test_sandbox_startv_with_stdin (sandbox_args, stdin_text);

  /* A profile with a cluster password, saved, its password in the keyring. */
  cs_profile_set_name (new_profile, "Hygiene");
  cs_profile_set_url (new_profile, cs_test_sandbox_get_url (sandbox));
  cs_profile_set_auth_kind (new_profile, CS_AUTH_BASIC);
  cs_profile_set_user_name (new_profile, CLUSTER_USER);
  cs_profile_store_add (profiles, new_profile);
  g_assert_true (cs_profile_store_save (profiles, &error));
  g_assert_no_error (error);
  profile = cs_profile_store_lookup (profiles, cs_profile_get_id (new_profile));
  g_assert_nonnull (profile);
  save_secrets (store, cs_profile_get_id (profile), cluster_kinds, cluster_values);

  /* Connect. */
  cs_connect_async (session, profile, &secrets, store, NULL, 10, NULL,
                    cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 20000);
  info = cs_connect_finish (result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  client = cs_session_get_client (session);
  g_assert_nonnull (client);

  /* A connector with AWS keys and a session token, its keys in the keyring. */
  cs_connector_spec_set_name (spec, "Hygiene connector");
  cs_connector_spec_set_region (spec, "us-east-1");
  cs_connector_spec_set_credential_kind (spec, CS_CREDENTIAL_KIND_KEYS);
  cs_connector_spec_set_access_key (spec, AWS_ACCESS_KEY);
  cs_connector_spec_set_secret_key (spec, AWS_SECRET_KEY);
  cs_connector_spec_set_session_token (spec, AWS_SESSION_TOKEN);
  create_body = cs_connector_spec_build_body (spec, FALSE);
  created = cs_test_request (client, "POST", "_plugins/_ml/connectors/_create", create_body,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  connector_id = g_strdup (json_object_get_string_member (json_node_get_object (created),
                                                          "connector_id"));
  g_assert_nonnull (connector_id);
  connector_profile = g_strconcat ("connector:", connector_id, NULL);
  save_secrets (store, connector_profile, aws_kinds, aws_values);
  g_assert_true (cs_session_token_record_note (NULL, connector_id, NULL, &error));
  g_assert_no_error (error);

  /* Register, deploy, predict. */
  model_id = register_and_deploy (client, connector_id);
  predict_body = hello_body ();
  g_clear_object (&result);
  cs_predict_async (client, model_id, predict_body, 30, NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 60000);
  prediction = cs_predict_finish (client, result, &fix, &raw, &error);
  g_assert_no_error (error);
  g_assert_nonnull (prediction);
  haystack_add (&h, "prediction raw text", cs_prediction_get_raw_text (prediction));
  haystack_add_node (&h, "prediction answer", raw);

  /* ---- the lifecycle ---- */
  {
    g_autoptr(CsEditPlan) plan = NULL;
    g_autofree char *now_id = NULL;
    const char *rotated_kinds[] = { CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY,
                                    CS_SECRET_AWS_SESSION_TOKEN, NULL };
    const char *rotated_values[] = { ROTATED_ACCESS_KEY, ROTATED_SECRET_KEY,
                                     ROTATED_SESSION_TOKEN, NULL };
    g_autofree char *rotated_profile = NULL;
    GPtrArray *changes;
    CsVersion version;

    g_assert_true (cs_session_get_version (session, &version));
    /* The sandbox runs without TLS: as if the user had said yes to keys over http://. */
    cs_client_set_keys_over_http_allowed (client, TRUE);

    /* An edit with a new secret key and a longer timeout: planned (the diff masks the keys),
     * then applied without undeploying (the model moves to an edited copy). */
    cs_connector_spec_set_secret_key (spec, EDIT_SECRET_KEY);
    cs_connector_spec_set_read_timeout (spec, 120);
    g_clear_object (&result);
    cs_connector_edit_plan_async (client, &version, connector_id, spec, FALSE, NULL,
                                  cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 30000);
    plan = cs_connector_edit_plan_finish (client, result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cs_edit_plan_get_kind (plan), ==, CS_EDIT_PLAN_SWITCH_CONNECTOR);
    haystack_add (&h, "edit plan reason", cs_edit_plan_get_why (plan));
    changes = cs_edit_plan_get_changes (plan);
    g_assert_cmpuint (changes->len, >, 0);
    for (guint i = 0; i < changes->len; i++)
      {
        CsConnectorChange *change = g_ptr_array_index (changes, i);

        haystack_add (&h, "edit change path", change->path);
        if (change->old_value != NULL)
          haystack_add (&h, "edit change, now", change->old_value);
        if (change->new_value != NULL)
          haystack_add (&h, "edit change, after", change->new_value);
      }
    g_clear_object (&result);
    cs_connector_edit_execute_async (client, plan, edit_progress_cb, &h, NULL,
                                     cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 120000);
    cs_connector_edit_execute_finish (client, result, &now_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (now_id, !=, connector_id);
    g_free (connector_id);
    connector_id = g_steal_pointer (&now_id);

    /* A rotation to keys Bedrock refuses: rolled back, on the edited connector still. */
    now_id = g_strdup (connector_id);
    g_assert_cmpint (rotate (client, &version, &now_id, ROTATED_ACCESS_KEY, REFUSED_SECRET_KEY,
                             NULL, &h), ==, CS_ROTATION_OUTCOME_ROLLED_BACK);
    g_assert_cmpstr (now_id, ==, connector_id);

    /* A rotation with a session token: the model moves to a copy with the new keys, which
     * go to the keyring, and the token's time (never the token) to session-tokens.ini. */
    g_assert_cmpint (rotate (client, &version, &now_id, ROTATED_ACCESS_KEY, ROTATED_SECRET_KEY,
                             ROTATED_SESSION_TOKEN, &h), ==, CS_ROTATION_OUTCOME_ROTATED);
    g_assert_cmpstr (now_id, !=, connector_id);
    g_free (connector_id);
    connector_id = g_steal_pointer (&now_id);
    rotated_profile = g_strconcat ("connector-keys:", connector_id, NULL);
    save_secrets (store, rotated_profile, rotated_kinds, rotated_values);
    g_assert_true (cs_session_token_record_note (NULL, connector_id, NULL, &error));
    g_assert_no_error (error);
    {
      g_autofree char *saved = lookup_secret (store, rotated_profile, CS_SECRET_AWS_SECRET_KEY);

      g_assert_cmpstr (saved, ==, ROTATED_SECRET_KEY);
    }

    /* The model answers with the rotated keys. */
    g_clear_object (&prediction);
    g_clear_pointer (&raw, json_node_unref);
    g_clear_object (&result);
    cs_predict_async (client, model_id, predict_body, 30, NULL, cs_test_store_result, &result);
    cs_test_wait_for_result (&result, 60000);
    prediction = cs_predict_finish (client, result, &fix, &raw, &error);
    g_assert_no_error (error);
    g_assert_nonnull (prediction);
    haystack_add_node (&h, "prediction answer after rotation", raw);
  }

  /* Every preview. */
  masked = cs_connector_spec_build_body (spec, TRUE);
  haystack_add_node (&h, "masked connector body", masked);
  text = cs_connector_spec_to_json (spec, TRUE);
  haystack_add (&h, "connector JSON text", text);
  g_clear_pointer (&text, g_free);
  text = cs_connector_spec_to_curl (spec, cs_client_get_base_url (client));
  haystack_add (&h, "connector curl", text);
  g_clear_pointer (&text, g_free);
  sample = cs_payload_sample_predict_parameters ();
  preview = cs_payload_preview_new (json_node_get_object (create_body), sample, NULL);
  haystack_add (&h, "payload preview body", preview->body);
  if (preview->url != NULL)
    haystack_add (&h, "payload preview URL", preview->url);
  if (preview->problem != NULL)
    haystack_add (&h, "payload preview problem", preview->problem);
  text = cs_predict_describe_request (model_id, predict_body);
  haystack_add (&h, "predict request description", text);
  g_clear_pointer (&text, g_free);
  text = cs_predict_curl_command (cs_client_get_base_url (client), model_id, predict_body);
  haystack_add (&h, "predict curl", text);
  g_clear_pointer (&text, g_free);

  /* Every export. */
  {
    CsExportOptions options = { NULL, NULL, cs_session_get_trusted_list (session) };
    static const struct { CsExportFormat format; const char *name; } exports[] = {
      { CS_EXPORT_FORMAT_SHELL, "shell export" },
      { CS_EXPORT_FORMAT_DEV_TOOLS, "Dev Tools export" },
      { CS_EXPORT_FORMAT_TERRAFORM, "Terraform export" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
      {
        text = cs_export_generate (spec, &options, exports[i].format);
        g_assert_nonnull (text);
        haystack_add (&h, exports[i].name, text);
        g_clear_pointer (&text, g_free);
      }
  }

  /* Refused: a connector the cluster will not create (no protocol), sent with
   * the keys; the error text quotes the server's answer. */
  json_object_remove_member (json_node_get_object (create_body), "protocol");
  g_clear_pointer (&created, json_node_unref);
  created = cs_test_request (client, "POST", "_plugins/_ml/connectors/_create", create_body,
                             NULL, &error_body, &error);
  g_assert_null (created);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  haystack_add_error (&h, "refused create error", error);
  if (error_body != NULL)
    haystack_add_node (&h, "refused create answer", error_body);
  g_clear_error (&error);

  /* Refused: a predict with the wrong password (the server answers 401). */
  {
    g_autoptr(CsClient) wrong = NULL;
    CsClientSecrets bad = { "not-the-password", NULL, NULL, NULL };
    g_autoptr(JsonNode) none = NULL;

    wrong = cs_client_new_for_profile (profile, &bad, &error);
    g_assert_no_error (error);
    none = cs_test_request (wrong, "GET", "_plugins/_ml/connectors/_search", NULL, NULL, NULL,
                            &error);
    g_assert_null (none);
    g_assert_nonnull (error);
    haystack_add_error (&h, "wrong password error", error);
    g_clear_error (&error);
  }

  /* The keyring holds the secrets (encrypted by the file backend). */
  keyring_password = lookup_secret (store, cs_profile_get_id (profile),
                                    CS_SECRET_CLUSTER_PASSWORD);
  g_assert_cmpstr (keyring_password, ==, CLUSTER_PASSWORD);
  keyring_secret = lookup_secret (store, connector_profile, CS_SECRET_AWS_SECRET_KEY);
  g_assert_cmpstr (keyring_secret, ==, AWS_SECRET_KEY);
  keyring_token = lookup_secret (store, connector_profile, CS_SECRET_AWS_SESSION_TOKEN);
  g_assert_cmpstr (keyring_token, ==, AWS_SESSION_TOKEN);
  g_assert_true (g_file_test (keyring_path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&session);

  /* ---- the search ---- */
  secret_forms (forms, form_names);

  /* The search finds what it looks for: the body sent to _create holds the
   * three AWS secrets, JSON-escaped ("/" as "\/" by json-glib or not). */
  text = json_to_string (create_body, FALSE);
  g_assert_cmpuint (search_text (forms, form_names, NULL, text, -1), >=, 3);
  g_clear_pointer (&text, g_free);

  g_mutex_lock (&log_lock);
  n_log_lines = log_lines->len;
  for (guint i = 0; i < log_lines->len; i++)
    {
      g_autofree char *where = g_strdup_printf ("log line %u", i);

      n_leaks += search_text (forms, form_names, where, log_lines->pdata[i], -1);
    }
  g_mutex_unlock (&log_lock);
  n_places += n_log_lines;
  /* The HTTP log was on: the requests were logged, headers included. */
  g_assert_cmpuint (n_log_lines, >, 10);

  for (guint i = 0; i < h.texts->len; i++)
    n_leaks += search_text (forms, form_names, h.names->pdata[i], h.texts->pdata[i], -1);
  n_places += h.texts->len;

  dirs[0] = g_get_home_dir ();
  dirs[1] = g_get_user_config_dir ();
  dirs[2] = g_get_user_data_dir ();
  dirs[3] = g_get_user_cache_dir ();
  dirs[4] = g_get_user_state_dir ();
  dirs[5] = g_get_user_runtime_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    collect_files (dirs[i], keyring_path, files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (files->pdata[i], &contents, &length, NULL));
      g_test_message ("file searched: %s", (char *) files->pdata[i]);
      n_leaks += search_text (forms, form_names, files->pdata[i], contents, length);
    }
  n_places += files->len;
  /* profiles.ini and session-tokens.ini among them. */
  {
    g_autofree char *tokens_path = cs_session_token_record_path (NULL);
    gboolean has_profiles = FALSE, has_tokens = FALSE;

    for (guint i = 0; i < files->len; i++)
      {
        has_profiles = has_profiles || g_str_equal (files->pdata[i],
                                                    cs_profile_store_get_path (profiles));
        has_tokens = has_tokens || g_str_equal (files->pdata[i], tokens_path);
      }
    g_assert_true (has_profiles);
    g_assert_true (has_tokens);
  }

  g_test_message ("searched %u places (%u log lines, %u texts, %u files) for %u forms of 9 "
                  "secrets: %u searches, %u leaks",
                  n_places, n_log_lines, h.texts->len, files->len, forms->len,
                  n_places * forms->len, n_leaks);
  g_assert_cmpuint (n_leaks, ==, 0);

  g_ptr_array_unref (h.names);
  g_ptr_array_unref (h.texts);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
  log_lines = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/secret-hygiene/workflow", test_secret_hygiene);

  return g_test_run ();
}
