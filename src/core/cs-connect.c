/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connect"

#include "config.h"

#include "cs-connect.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-profile-store.h"
#include "cs-trust.h"
#include "cs-trusted-endpoints.h"

typedef struct
{
  CsSession     *session;       /* nullable: a test connection */
  CsProfile     *profile;
  CsSecretStore *secret_store;
  CsInteraction *interaction;
  guint          timeout;
  /* Secrets, looked up one kind after the other. */
  const char   **kinds;
  guint          next_kind;
  char          *values[4];
  CsClient      *client;
  CsClusterInfo *info;
  char          *trusted_fingerprint;  /* the certificate the user said yes to */
  /* The session was connected when the attempt began: its client, kept
   * working until the new connection succeeds. */
  CsClient      *kept_client;
} Connect;

static const char *basic_kinds[] = { CS_SECRET_CLUSTER_PASSWORD, NULL };
static const char *sigv4_kinds[] = {
  CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY, CS_SECRET_AWS_SESSION_TOKEN, NULL
};
static const char *no_kinds[] = { NULL };

static void start_client (GTask *task);

static void
connect_free (Connect *connect)
{
  g_clear_object (&connect->session);
  g_clear_object (&connect->profile);
  g_clear_object (&connect->secret_store);
  g_clear_object (&connect->interaction);
  for (guint i = 0; i < G_N_ELEMENTS (connect->values); i++)
    cs_secret_store_free_secret (connect->values[i]);
  g_clear_object (&connect->client);
  g_clear_object (&connect->kept_client);
  g_clear_pointer (&connect->info, cs_cluster_info_free);
  g_free (connect->trusted_fingerprint);
  g_free (connect);
}

static char *
value_for (Connect    *connect,
           const char *kind)
{
  for (guint i = 0; connect->kinds[i] != NULL; i++)
    if (strcmp (connect->kinds[i], kind) == 0)
      return connect->values[i];
  return NULL;
}

/* Whether the session still waits for this attempt. */
static gboolean
session_waits (Connect *connect)
{
  if (connect->session == NULL)
    return FALSE;
  /* Still on the connection it had when the attempt began. */
  if (connect->kept_client != NULL)
    return cs_session_get_state (connect->session) == CS_SESSION_CONNECTED &&
           cs_session_get_client (connect->session) == connect->kept_client;
  return cs_session_get_state (connect->session) == CS_SESSION_CONNECTING &&
         g_strcmp0 (cs_session_get_profile_id (connect->session),
                    cs_profile_get_id (connect->profile)) == 0;
}

static void
fail (GTask  *task,
      GError *error)
{
  Connect *connect = g_task_get_task_data (task);

  /* A working connection is not given up for one that failed. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && session_waits (connect) &&
      connect->kept_client == NULL)
    cs_session_set_failed (connect->session, error);
  g_task_return_error (task, error);
}

static void
succeed (GTask         *task,
         CsTrustedList *trusted,
         const GError  *trusted_error)
{
  Connect *connect = g_task_get_task_data (task);
  CsClusterInfo *info = connect->info;

  if (session_waits (connect))
    {
      /* One change: a page that sees "connected" sees the trusted list too. */
      g_object_freeze_notify (G_OBJECT (connect->session));
      cs_session_set_connected (connect->session, cs_profile_get_id (connect->profile),
                                connect->client, info->cluster_name,
                                info->has_version ? &info->version : NULL, info->aws_managed);
      cs_session_set_trusted_list (connect->session, trusted, trusted_error);
      g_object_thaw_notify (G_OBJECT (connect->session));
    }
  g_task_return_pointer (task, g_steal_pointer (&connect->info),
                         (GDestroyNotify) cs_cluster_info_free);
}

/* The profile changed after a yes: keep it, when it is a saved one. */
static void
save_profile (CsProfile *profile)
{
  CsProfileStore *store = cs_profile_store_get_default ();
  g_autoptr(GError) error = NULL;

  if (cs_profile_store_lookup (store, cs_profile_get_id (profile)) != profile)
    return;
  if (!cs_profile_store_save (store, &error))
    g_warning ("%s", error->message);
}

/* Step 4: the trusted endpoints */

static void
trusted_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTrustedList) list = NULL;

  list = cs_trusted_list_fetch_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  succeed (task, list, error);
}

/* Step 3: the probe, and the certificate question */

static void
trust_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_interaction_ask_trust_certificate_finish (CS_INTERACTION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, g_steal_pointer (&error));
      else
        fail (task, g_error_new (CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE,
                                 _("The cluster’s certificate was not trusted, so no "
                                   "connection was made.")));
      return;
    }

  cs_profile_set_pinned_fingerprint (connect->profile, connect->trusted_fingerprint);
  save_profile (connect->profile);
  start_client (g_object_ref (task));
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;
  GTlsCertificateFlags errors = 0;

  connect->info = cs_cluster_probe_finish (CS_CLIENT (source), result, &error);
  if (connect->info != NULL)
    {
      if (connect->session == NULL)
        {
          succeed (task, NULL, NULL);
          return;
        }
      cs_trusted_list_fetch_async (connect->client, g_task_get_cancellable (task),
                                   trusted_fetched_cb, g_object_ref (task));
      return;
    }

  certificate = cs_client_get_rejected_certificate (connect->client, &errors);
  if (certificate != NULL &&
      (g_error_matches (error, CS_ERROR, CS_ERROR_UNTRUSTED_CERTIFICATE) ||
       g_error_matches (error, CS_ERROR, CS_ERROR_CERTIFICATE_CHANGED)))
    {
      g_autofree char *fingerprint = cs_trust_fingerprint (certificate);

      /* Pinned on the user's word and still refused: asking again would
       * only go round in circles. */
      if (connect->trusted_fingerprint == NULL ||
          !cs_trust_fingerprint_equal (connect->trusted_fingerprint, fingerprint))
        {
          g_free (connect->trusted_fingerprint);
          connect->trusted_fingerprint = g_steal_pointer (&fingerprint);
          cs_interaction_ask_trust_certificate_async (
            connect->interaction, certificate, errors,
            g_error_matches (error, CS_ERROR, CS_ERROR_CERTIFICATE_CHANGED),
            cs_profile_get_url (connect->profile), g_task_get_cancellable (task),
            trust_answered_cb, g_object_ref (task));
          return;
        }
    }

  fail (task, g_steal_pointer (&error));
}

/* Step 2: the client, and the http:// question */

static void
insecure_answered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_interaction_ask_send_keys_insecurely_finish (CS_INTERACTION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, g_steal_pointer (&error));
      else
        fail (task, g_error_new (CS_ERROR, CS_ERROR_INSECURE_TRANSPORT,
                                 _("Your AWS keys were not sent over plain http://. Use an "
                                   "https:// address for this cluster.")));
      return;
    }

  cs_profile_set_allow_insecure_aws (connect->profile, TRUE);
  save_profile (connect->profile);
  start_client (g_object_ref (task));
}

static void
start_client (GTask *task)
{
  Connect *connect = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CsClientSecrets secrets = {
    value_for (connect, CS_SECRET_CLUSTER_PASSWORD),
    value_for (connect, CS_SECRET_AWS_ACCESS_KEY),
    value_for (connect, CS_SECRET_AWS_SECRET_KEY),
    value_for (connect, CS_SECRET_AWS_SESSION_TOKEN),
  };

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_clear_object (&connect->client);
  connect->client = cs_client_new_for_profile (connect->profile, &secrets, &error);
  if (connect->client == NULL)
    {
      if (g_error_matches (error, CS_ERROR, CS_ERROR_INSECURE_TRANSPORT) &&
          !cs_profile_get_allow_insecure_aws (connect->profile))
        {
          cs_interaction_ask_send_keys_insecurely_async (connect->interaction,
                                                         cs_profile_get_url (connect->profile),
                                                         g_task_get_cancellable (task),
                                                         insecure_answered_cb, task);
          return;
        }
      /* A missing secret after a lookup: say where it should have been. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_INPUT) &&
          connect->secret_store != NULL && connect->kinds[0] != NULL)
        {
          g_clear_error (&error);
          g_set_error (&error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                       _("The keyring has no saved secret for “%s”. Edit the profile and "
                         "enter it again."),
                       cs_profile_get_name (connect->profile));
        }
      fail (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  cs_client_set_timeout (connect->client, connect->timeout);

  cs_cluster_probe_async (connect->client,
                          cs_profile_get_auth_kind (connect->profile) == CS_AUTH_SIGV4,
                          g_task_get_cancellable (task), probe_done_cb, task);
}

/* Step 1: the secrets */

static void lookup_next (GTask *task);

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *value;

  value = cs_secret_store_lookup_finish (CS_SECRET_STORE (source), result, &error);
  if (error != NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  connect->values[connect->next_kind++] = value;
  lookup_next (g_object_ref (task));
}

/* Takes the task's reference. */
static void
lookup_next (GTask *task)
{
  Connect *connect = g_task_get_task_data (task);
  const char *kind = connect->kinds[connect->next_kind];

  if (kind == NULL)
    {
      start_client (task);
      return;
    }
  cs_secret_store_lookup_async (connect->secret_store, cs_profile_get_id (connect->profile),
                                kind, g_task_get_cancellable (task), lookup_done_cb, task);
}

void
cs_connect_async (CsSession             *session,
                  CsProfile             *profile,
                  const CsClientSecrets *secrets,
                  CsSecretStore         *secret_store,
                  CsInteraction         *interaction,
                  guint                  timeout_seconds,
                  GCancellable          *cancellable,
                  GAsyncReadyCallback    callback,
                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Connect *connect;

  g_return_if_fail (session == NULL || CS_IS_SESSION (session));
  g_return_if_fail (CS_IS_PROFILE (profile));
  g_return_if_fail (secrets != NULL || CS_IS_SECRET_STORE (secret_store));
  g_return_if_fail (interaction == NULL || CS_IS_INTERACTION (interaction));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connect_async);

  connect = g_new0 (Connect, 1);
  connect->session = session != NULL ? g_object_ref (session) : NULL;
  connect->profile = g_object_ref (profile);
  connect->interaction = interaction != NULL ? g_object_ref (interaction)
                                             : cs_interaction_new ();
  connect->timeout = timeout_seconds;
  g_task_set_task_data (task, connect, (GDestroyNotify) connect_free);

  if (session != NULL && cs_session_get_state (session) == CS_SESSION_CONNECTED &&
      cs_session_get_client (session) != NULL)
    connect->kept_client = g_object_ref (cs_session_get_client (session));
  else if (session != NULL)
    cs_session_set_connecting (session, cs_profile_get_id (profile));

  switch (cs_profile_get_auth_kind (profile))
    {
    case CS_AUTH_BASIC:
      connect->kinds = basic_kinds;
      break;
    case CS_AUTH_SIGV4:
      connect->kinds = sigv4_kinds;
      break;
    case CS_AUTH_NONE:
    default:
      connect->kinds = no_kinds;
      break;
    }

  if (secrets != NULL)
    {
      const char *given[] = {
        secrets->password, secrets->aws_access_key_id, secrets->aws_secret_key,
        secrets->aws_session_token,
      };
      const char *given_kinds[] = {
        CS_SECRET_CLUSTER_PASSWORD, CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY,
        CS_SECRET_AWS_SESSION_TOKEN,
      };

      for (guint i = 0; connect->kinds[i] != NULL; i++)
        for (guint j = 0; j < G_N_ELEMENTS (given); j++)
          if (strcmp (connect->kinds[i], given_kinds[j]) == 0)
            connect->values[i] = g_strdup (given[j]);
      start_client (g_object_ref (task));
      return;
    }

  connect->secret_store = g_object_ref (secret_store);
  lookup_next (g_object_ref (task));
}

CsClusterInfo *
cs_connect_finish (GAsyncResult  *result,
                   CsClient     **client,
                   GError       **error)
{
  Connect *connect;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connect_async, NULL);

  connect = g_task_get_task_data (G_TASK (result));
  if (client != NULL)
    *client = connect->client != NULL ? g_object_ref (connect->client) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
