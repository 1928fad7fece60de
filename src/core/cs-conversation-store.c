/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-conversation-store"

#include "config.h"

#include "cs-conversation-store.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cs-error.h"

/* What is read back at most; a conversation holds whole answers. */
#define STORE_MAX_BYTES (64 * 1024 * 1024)

char *
cs_conversation_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "connector-studio", "conversation.json",
                           NULL);
}

static gboolean
write_file (const char  *path,
            const char  *text,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The conversation could not be kept: the folder %s cannot be made (%s). "
                     "Check that your home folder is writable."),
                   dir, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The conversation could not be kept: %s. Check that your home folder is "
                     "writable and not full."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  char **job = task_data;   /* path, text */
  GError *error = NULL;

  if (write_file (job[0], job[1], &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cs_conversation_store_save_async (const char          *path,
                                  CsConversation      *conversation,
                                  const char          *model_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char **job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (CS_IS_CONVERSATION (conversation));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_conversation_store_save_async);
  /* The text is made here, on the caller's thread: the conversation is not
   * for other threads. Only the writing goes to the worker. */
  job = g_new0 (char *, 3);
  job[0] = g_strdup (path);
  job[1] = cs_conversation_to_json (conversation, model_id);
  g_task_set_task_data (task, job, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, save_thread);
}

gboolean
cs_conversation_store_save_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_conversation_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cs_conversation_store_save (const char      *path,
                            CsConversation  *conversation,
                            const char      *model_id,
                            GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (CS_IS_CONVERSATION (conversation), FALSE);

  text = cs_conversation_to_json (conversation, model_id);
  return write_file (path, text, error);
}

CsConversation *
cs_conversation_store_load (const char  *path,
                            char       **model_id,
                            GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (model_id != NULL)
    *model_id = NULL;
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The conversation file cannot be read: %s."), local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > STORE_MAX_BYTES)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("This conversation file is too large to open."));
      return NULL;
    }
  /* An empty file maps to NULL contents. */
  return cs_conversation_new_from_json (g_mapped_file_get_length (mapped) > 0
                                          ? g_mapped_file_get_contents (mapped) : "",
                                        g_mapped_file_get_length (mapped), model_id, error);
}
