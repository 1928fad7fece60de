/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-secret-store"

#include "config.h"

#include "cs-secret-store.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cs-error.h"

struct _CsSecretStore
{
  GObject     parent_instance;

  /* "profile\nkind" → secret, for secrets kept for this session only. */
  GHashTable *session_secrets;
};

G_DEFINE_FINAL_TYPE (CsSecretStore, cs_secret_store, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.connectorstudio.ConnectorStudio.Secret",
    SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

void
cs_secret_store_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static char *
session_key (const char *profile_id,
             const char *kind)
{
  return g_strconcat (profile_id, "\n", kind, NULL);
}

static void
cs_secret_store_finalize (GObject *object)
{
  CsSecretStore *self = CS_SECRET_STORE (object);

  g_clear_pointer (&self->session_secrets, g_hash_table_unref);

  G_OBJECT_CLASS (cs_secret_store_parent_class)->finalize (object);
}

static void
cs_secret_store_class_init (CsSecretStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_secret_store_finalize;
}

static void
cs_secret_store_init (CsSecretStore *self)
{
  self->session_secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) cs_secret_store_free_secret);
}

CsSecretStore *
cs_secret_store_new (void)
{
  return g_object_new (CS_TYPE_SECRET_STORE, NULL);
}

CsSecretStore *
cs_secret_store_get_default (void)
{
  static CsSecretStore *store;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, cs_secret_store_new ());
  return store;
}

void
cs_secret_store_keep_for_session (CsSecretStore *self,
                                  const char    *profile_id,
                                  const char    *kind,
                                  const char    *secret)
{
  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (profile_id != NULL && kind != NULL);

  {
    g_autofree char *key = session_key (profile_id, kind);

    if (secret == NULL || *secret == '\0')
      g_hash_table_remove (self->session_secrets, key);
    else
      g_hash_table_replace (self->session_secrets, g_steal_pointer (&key), g_strdup (secret));
  }
}

gboolean
cs_secret_store_is_session_only (CsSecretStore *self,
                                 const char    *profile_id,
                                 const char    *kind)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (CS_IS_SECRET_STORE (self), FALSE);

  key = session_key (profile_id, kind);
  return g_hash_table_contains (self->session_secrets, key);
}

/* Save */

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, cs_error_from_secret_store (error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cs_secret_store_save_async (CsSecretStore       *self,
                            const char          *profile_id,
                            const char          *kind,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (profile_id != NULL && kind != NULL && secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_secret_store_save_async);

  /* A secret saved for good replaces one kept for the session. */
  key = session_key (profile_id, kind);
  g_hash_table_remove (self->session_secrets, key);

  /* Translators: the name of a keyring entry; %s is a kind such as "cluster-password" */
  label = g_strdup_printf (_("Connector Studio: %s"), kind);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_done_cb, g_steal_pointer (&task),
                         "profile", profile_id,
                         "kind", kind,
                         NULL);
}

gboolean
cs_secret_store_save_finish (CsSecretStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Save several, asking about the session fallback */

typedef struct
{
  char          *profile_id;
  GPtrArray     *kinds;    /* char*, owned */
  GPtrArray     *values;   /* char*, wiped when freed */
  guint          next;
  CsInteraction *interaction;
} SaveAll;

static void
save_all_free (SaveAll *save)
{
  g_free (save->profile_id);
  g_ptr_array_unref (save->kinds);
  g_ptr_array_unref (save->values);
  g_clear_object (&save->interaction);
  g_free (save);
}

static void save_all_next (GTask *task);

static void
keep_answered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSecretStore *self = g_task_get_source_object (task);
  SaveAll *save = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_interaction_ask_keep_secrets_for_session_finish (CS_INTERACTION (source), result,
                                                           &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED,
                                 _("The secrets were not saved."));
      return;
    }

  for (guint i = save->next; i < save->kinds->len; i++)
    cs_secret_store_keep_for_session (self, save->profile_id, save->kinds->pdata[i],
                                      save->values->pdata[i]);
  g_task_return_boolean (task, TRUE);
}

static void
save_all_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveAll *save = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_save_finish (CS_SECRET_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      cs_interaction_ask_keep_secrets_for_session_async (save->interaction, error,
                                                         g_task_get_cancellable (task),
                                                         keep_answered_cb,
                                                         g_object_ref (task));
      return;
    }

  save->next++;
  save_all_next (g_object_ref (task));
}

static void
save_all_next (GTask *task)
{
  CsSecretStore *self = g_task_get_source_object (task);
  SaveAll *save = g_task_get_task_data (task);

  if (save->next >= save->kinds->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  cs_secret_store_save_async (self, save->profile_id, save->kinds->pdata[save->next],
                              save->values->pdata[save->next], g_task_get_cancellable (task),
                              save_all_saved_cb, task);
}

void
cs_secret_store_save_all_async (CsSecretStore       *self,
                                const char          *profile_id,
                                const char * const  *kinds,
                                const char * const  *values,
                                CsInteraction       *interaction,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveAll *save;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (profile_id != NULL && kinds != NULL && values != NULL);
  g_return_if_fail (interaction == NULL || CS_IS_INTERACTION (interaction));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_secret_store_save_all_async);

  save = g_new0 (SaveAll, 1);
  save->profile_id = g_strdup (profile_id);
  save->kinds = g_ptr_array_new_with_free_func (g_free);
  save->values = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_secret_store_free_secret);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_return_if_fail (values[i] != NULL);
      g_ptr_array_add (save->kinds, g_strdup (kinds[i]));
      g_ptr_array_add (save->values, g_strdup (values[i]));
    }
  save->interaction = interaction != NULL ? g_object_ref (interaction) : cs_interaction_new ();
  g_task_set_task_data (task, save, (GDestroyNotify) save_all_free);

  save_all_next (g_object_ref (task));
}

gboolean
cs_secret_store_save_all_finish (CsSecretStore  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_secret_store_save_all_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, cs_error_from_secret_store (error));
      return;
    }

  copy = g_strdup (secret);
  secret_password_free (secret);
  g_task_return_pointer (task, copy, (GDestroyNotify) cs_secret_store_free_secret);
}

void
cs_secret_store_lookup_async (CsSecretStore       *self,
                              const char          *profile_id,
                              const char          *kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *kept;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (profile_id != NULL && kind != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_secret_store_lookup_async);

  key = session_key (profile_id, kind);
  kept = g_hash_table_lookup (self->session_secrets, key);
  if (kept != NULL)
    {
      g_task_return_pointer (task, g_strdup (kept), (GDestroyNotify) cs_secret_store_free_secret);
      return;
    }

  secret_password_lookup (get_schema (), cancellable, lookup_done_cb, g_steal_pointer (&task),
                          "profile", profile_id,
                          "kind", kind,
                          NULL);
}

char *
cs_secret_store_lookup_finish (CsSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

static void
clear_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to delete, which is fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, cs_error_from_secret_store (error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cs_secret_store_delete_async (CsSecretStore       *self,
                              const char          *profile_id,
                              const char          *kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (profile_id != NULL && kind != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_secret_store_delete_async);

  key = session_key (profile_id, kind);
  g_hash_table_remove (self->session_secrets, key);

  secret_password_clear (get_schema (), cancellable, clear_done_cb, g_steal_pointer (&task),
                         "profile", profile_id,
                         "kind", kind,
                         NULL);
}

gboolean
cs_secret_store_delete_finish (CsSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_delete_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
key_has_profile (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  return g_str_has_prefix (key, user_data);
}

void
cs_secret_store_delete_all_async (CsSecretStore       *self,
                                  const char          *profile_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *prefix = NULL;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (profile_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_secret_store_delete_all_async);

  prefix = g_strconcat (profile_id, "\n", NULL);
  g_hash_table_foreach_remove (self->session_secrets, key_has_profile, prefix);

  /* Only the profile attribute: every kind matches. */
  secret_password_clear (get_schema (), cancellable, clear_done_cb, g_steal_pointer (&task),
                         "profile", profile_id,
                         NULL);
}

gboolean
cs_secret_store_delete_all_finish (CsSecretStore  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_secret_store_delete_all_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
