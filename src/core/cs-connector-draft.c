/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-draft"

#include "config.h"

#include "cs-connector-draft.h"

struct _CsConnectorDraft
{
  GObject        parent_instance;

  CsSecretStore *store;
  char          *id;
  guint          saving;             /* keyring saves still running */
  guint          forgetting;         /* keyring removals still running */
  gboolean       in_keyring;         /* secrets were given to the keyring */
  gboolean       forget_when_saved;  /* created meanwhile: forget after the saves */
};

G_DEFINE_FINAL_TYPE (CsConnectorDraft, cs_connector_draft, G_TYPE_OBJECT)

/* One cs_connector_draft_save_secrets_async call. The secrets are saved one
 * after the other: libsecret's file backend (used in the Flatpak sandbox)
 * loses one of two writes that overlap. */
typedef struct
{
  char   *profile;
  char   *kinds[2];
  char   *secrets[2];    /* copies, wiped when freed */
  guint   next;
  GError *error;
} SaveAll;

static void
save_all_free (SaveAll *save)
{
  g_free (save->profile);
  for (guint i = 0; i < G_N_ELEMENTS (save->secrets); i++)
    {
      g_free (save->kinds[i]);
      cs_secret_store_free_secret (save->secrets[i]);
    }
  g_clear_error (&save->error);
  g_free (save);
}

static void
cs_connector_draft_finalize (GObject *object)
{
  CsConnectorDraft *self = CS_CONNECTOR_DRAFT (object);

  g_clear_object (&self->store);
  g_free (self->id);

  G_OBJECT_CLASS (cs_connector_draft_parent_class)->finalize (object);
}

static void
cs_connector_draft_class_init (CsConnectorDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_connector_draft_finalize;
}

static void
cs_connector_draft_init (CsConnectorDraft *self)
{
  self->id = g_uuid_string_random ();
}

CsConnectorDraft *
cs_connector_draft_new (CsSecretStore *store)
{
  CsConnectorDraft *self;

  g_return_val_if_fail (store == NULL || CS_IS_SECRET_STORE (store), NULL);

  self = g_object_new (CS_TYPE_CONNECTOR_DRAFT, NULL);
  self->store = g_object_ref (store != NULL ? store : cs_secret_store_get_default ());
  return self;
}

const char *
cs_connector_draft_get_id (CsConnectorDraft *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_DRAFT (self), NULL);
  return self->id;
}

char *
cs_connector_draft_dup_profile_id (CsConnectorDraft *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_DRAFT (self), NULL);
  return g_strconcat (CS_CONNECTOR_DRAFT_PROFILE_PREFIX, self->id, NULL);
}

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsConnectorDraft) self = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (self->forgetting > 0);
  self->forgetting--;
  /* Nothing to tell the user: a keyring that refused to keep the draft
   * refuses to remove it too, and at worst a draft stays in the keyring. */
  if (!cs_secret_store_delete_all_finish (CS_SECRET_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not remove a connector draft from the keyring: %s", error->message);
}

static void
forget (CsConnectorDraft *self)
{
  g_autofree char *profile = NULL;

  if (!self->in_keyring)
    return;
  self->in_keyring = FALSE;
  profile = cs_connector_draft_dup_profile_id (self);
  self->forgetting++;
  cs_secret_store_delete_all_async (self->store, profile, NULL, forgotten_cb,
                                    g_object_ref (self));
}

static void secret_saved_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

/* Starts the next save; FALSE when there is none left. */
static gboolean
save_next (GTask *task)
{
  CsConnectorDraft *self = g_task_get_source_object (task);
  SaveAll *save = g_task_get_task_data (task);
  guint i = save->next;

  if (i >= G_N_ELEMENTS (save->secrets) || save->secrets[i] == NULL)
    return FALSE;
  save->next++;
  cs_secret_store_save_async (self->store, save->profile, save->kinds[i], save->secrets[i],
                              g_task_get_cancellable (task), secret_saved_cb,
                              g_object_ref (task));
  return TRUE;
}

static void
saves_ended (CsConnectorDraft *self)
{
  g_assert (self->saving > 0);
  if (--self->saving == 0 && self->forget_when_saved)
    {
      self->forget_when_saved = FALSE;
      forget (self);
    }
}

static void
secret_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectorDraft *self = g_task_get_source_object (task);
  SaveAll *save = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_save_finish (CS_SECRET_STORE (source), result, &error) &&
      save->error == NULL)
    save->error = g_steal_pointer (&error);

  if (save_next (task))
    return;

  saves_ended (self);
  if (save->error != NULL)
    g_task_return_error (task, g_steal_pointer (&save->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_secret (SaveAll    *save,
            const char *kind,
            const char *secret)
{
  guint i = 0;

  if (secret[0] == '\0')
    return;
  while (save->secrets[i] != NULL)
    i++;
  save->kinds[i] = g_strdup (kind);
  save->secrets[i] = g_strdup (secret);
}

void
cs_connector_draft_save_secrets_async (CsConnectorDraft    *self,
                                       CsConnectorSpec     *spec,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveAll *save;

  g_return_if_fail (CS_IS_CONNECTOR_DRAFT (self));
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (spec));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connector_draft_save_secrets_async);
  save = g_new0 (SaveAll, 1);
  save->profile = cs_connector_draft_dup_profile_id (self);
  g_task_set_task_data (task, save, (GDestroyNotify) save_all_free);

  if (cs_connector_spec_get_credential_kind (spec) == CS_CREDENTIAL_KIND_KEYS)
    {
      add_secret (save, CS_CONNECTOR_DRAFT_SECRET_KEY, cs_connector_spec_get_secret_key (spec));
      add_secret (save, CS_CONNECTOR_DRAFT_SESSION_TOKEN,
                  cs_connector_spec_get_session_token (spec));
    }

  if (!save_next (task))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  self->saving++;
  self->in_keyring = TRUE;
}

gboolean
cs_connector_draft_save_secrets_finish (CsConnectorDraft  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_connector_draft_save_secrets_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_connector_draft_created (CsConnectorDraft *self)
{
  g_return_if_fail (CS_IS_CONNECTOR_DRAFT (self));

  if (self->saving > 0)
    self->forget_when_saved = TRUE;
  else
    forget (self);
}

void
cs_connector_draft_restart (CsConnectorDraft *self)
{
  g_return_if_fail (CS_IS_CONNECTOR_DRAFT (self));

  /* The old draft's secrets must not stay behind. */
  forget (self);
  g_free (self->id);
  self->id = g_uuid_string_random ();
}

void
cs_connector_draft_discard (CsConnectorDraft *self)
{
  g_return_if_fail (CS_IS_CONNECTOR_DRAFT (self));

  if (self->saving == 0)
    forget (self);
}

gboolean
cs_connector_draft_get_in_keyring (CsConnectorDraft *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_DRAFT (self), FALSE);
  return self->in_keyring;
}

gboolean
cs_connector_draft_is_busy (CsConnectorDraft *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_DRAFT (self), FALSE);
  return self->saving > 0 || self->forgetting > 0;
}
