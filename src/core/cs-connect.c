/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connect"

#include "config.h"

#include "cs-connect.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"

typedef struct
{
  CsProfile     *profile;
  CsSecretStore *secret_store;
  guint          timeout;
  /* Secrets, looked up one kind after the other. */
  const char   **kinds;
  guint          next_kind;
  char          *values[4];
  CsClient      *client;
} Connect;

static const char *basic_kinds[] = { CS_SECRET_CLUSTER_PASSWORD, NULL };
static const char *sigv4_kinds[] = {
  CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY, CS_SECRET_AWS_SESSION_TOKEN, NULL
};
static const char *no_kinds[] = { NULL };

static void
connect_free (Connect *connect)
{
  g_clear_object (&connect->profile);
  g_clear_object (&connect->secret_store);
  for (guint i = 0; i < G_N_ELEMENTS (connect->values); i++)
    cs_secret_store_free_secret (connect->values[i]);
  g_clear_object (&connect->client);
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

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CsClusterInfo *info;

  info = cs_cluster_probe_finish (CS_CLIENT (source), result, &error);
  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, info, (GDestroyNotify) cs_cluster_info_free);
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

  connect->client = cs_client_new_for_profile (connect->profile, &secrets, &error);
  if (connect->client == NULL)
    {
      /* A missing secret after a lookup: say where it should have been. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_INPUT) &&
          connect->secret_store != NULL && connect->kinds[0] != NULL)
        {
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                                   _("The keyring has no saved secret for “%s”. Edit the "
                                     "profile and enter it again."),
                                   cs_profile_get_name (connect->profile));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cs_client_set_timeout (connect->client, connect->timeout);

  cs_cluster_probe_async (connect->client,
                          cs_profile_get_auth_kind (connect->profile) == CS_AUTH_SIGV4,
                          g_task_get_cancellable (task), probe_done_cb, g_object_ref (task));
}

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
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  connect->values[connect->next_kind++] = value;
  lookup_next (task);
}

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
                                kind, g_task_get_cancellable (task), lookup_done_cb,
                                g_object_ref (task));
}

void
cs_connect_async (CsProfile             *profile,
                  const CsClientSecrets *secrets,
                  CsSecretStore         *secret_store,
                  guint                  timeout_seconds,
                  GCancellable          *cancellable,
                  GAsyncReadyCallback    callback,
                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Connect *connect;

  g_return_if_fail (CS_IS_PROFILE (profile));
  g_return_if_fail (secrets != NULL || CS_IS_SECRET_STORE (secret_store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connect_async);

  connect = g_new0 (Connect, 1);
  connect->profile = g_object_ref (profile);
  connect->timeout = timeout_seconds;
  g_task_set_task_data (task, connect, (GDestroyNotify) connect_free);

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
      start_client (task);
      return;
    }

  connect->secret_store = g_object_ref (secret_store);
  lookup_next (task);
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
