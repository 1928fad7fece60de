/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page-private.h"

#include <glib/gi18n.h>

#include "cs-conversation-store.h"
#include "cs-window.h"

/*
 * The conversation kept between runs, and importing an exported one. Both use
 * the JSON of "Export as JSON" (cs_conversation_to_json()): what is saved can
 * be imported, and what is exported can be restored.
 */

/* Changes come in bursts (typing a system prompt): save once they settle. */
#define SAVE_DELAY_MS 800

static const char *
model_id (CsPlaygroundPage *self)
{
  CsModelInfo *model = cs_model_picker_get_selected_model (self->model_picker);

  return model != NULL ? cs_model_info_get_id (model) : NULL;
}

static void save_now (CsPlaygroundPage *self);

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!cs_conversation_store_save_finish (result, &error))
    {
      /* Kept quiet in the log only: the conversation on screen is intact,
       * and the next change tries again. */
      g_warning ("%s", error->message);
    }
  if (self->save_again && !self->disposed)
    {
      self->save_again = FALSE;
      save_now (self);
    }
}

static void
save_now (CsPlaygroundPage *self)
{
  if (self->saved_path == NULL)
    return;
  if (self->saving)
    {
      /* One write at a time, so that the last one wins. */
      self->save_again = TRUE;
      return;
    }
  self->saving = TRUE;
  cs_conversation_store_save_async (self->saved_path, self->conversation, model_id (self), NULL,
                                    saved_cb, g_object_ref (self));
}

static gboolean
save_timeout_cb (gpointer data)
{
  CsPlaygroundPage *self = data;

  self->save_timeout_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

void
_cs_playground_page_schedule_save (CsPlaygroundPage *self)
{
  if (self->saved_path == NULL || self->restoring || self->disposed)
    return;
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

void
_cs_playground_page_flush_save (CsPlaygroundPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->save_timeout_id == 0 && !self->save_again)
    return;
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->save_again = FALSE;
  if (self->saved_path != NULL &&
      !cs_conversation_store_save (self->saved_path, self->conversation, model_id (self), &error))
    g_warning ("%s", error->message);
}

void
_cs_playground_page_replace_conversation (CsPlaygroundPage *self,
                                          CsConversation   *conversation)
{
  CsPredictOverrides overrides;
  guint n = cs_conversation_get_n_turns (conversation);

  _cs_playground_page_mark_failed (self, NULL, NULL);
  cs_conversation_clear (self->conversation);
  for (guint i = 0; i < n; i++)
    cs_conversation_append (self->conversation, cs_conversation_get_turn (conversation, i));
  /* The text view is the system prompt's source: setting it sets the conversation's. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->system_view),
                            cs_conversation_get_system_prompt (conversation), -1);
  if (cs_conversation_get_overrides (conversation, &overrides))
    _cs_playground_page_set_overrides (self, &overrides);

  /* A conversation that ends with the user's turn got no answer to it. */
  if (n > 0 && cs_turn_get_role (cs_conversation_get_turn (conversation, n - 1)) ==
                 CS_TURN_ROLE_USER)
    _cs_playground_page_mark_failed (self, cs_conversation_get_turn (conversation, n - 1),
                                     _("This message has no answer yet."));
  _cs_playground_page_update_sensitivity (self);
}

void
cs_playground_page_set_saved_path (CsPlaygroundPage *self,
                                   const char       *path)
{
  g_autoptr(CsConversation) restored = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CS_IS_PLAYGROUND_PAGE (self));

  _cs_playground_page_flush_save (self);
  g_free (self->saved_path);
  self->saved_path = g_strdup (path);
  if (path == NULL)
    return;

  restored = cs_conversation_store_load (path, NULL, &error);
  if (restored != NULL)
    {
      self->restoring = TRUE;
      _cs_playground_page_replace_conversation (self, restored);
      self->restoring = FALSE;
    }
  else if (error != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The conversation of the last session could not be restored. %s"),
                         error->message);

      _cs_playground_page_show_banner (self, message, CS_PREDICT_FIX_NONE);
    }
}

/* Import */

static void
import_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConversation) conversation = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
        return;
      message = g_strdup_printf (_("The conversation could not be read: %s. Choose another "
                                   "file."), error->message);
      _cs_playground_page_show_banner (self, message, CS_PREDICT_FIX_NONE);
      return;
    }
  if (self->disposed)
    return;
  conversation = cs_conversation_new_from_json (contents, length, NULL, &error);
  if (conversation == NULL)
    {
      _cs_playground_page_show_banner (self, error->message, CS_PREDICT_FIX_NONE);
      return;
    }
  if (self->running)
    return;
  _cs_playground_page_replace_conversation (self, conversation);
  cs_widget_show_toast (GTK_WIDGET (self), _("Conversation imported"));
}

void
_cs_playground_page_import_file (CsPlaygroundPage *self,
                                 GFile            *file)
{
  g_file_load_contents_async (file, NULL, import_loaded_cb, g_object_ref (self));
}

static void
import_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    CsPlaygroundPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file != NULL)
    _cs_playground_page_import_file (self, file);
}

void
_cs_playground_page_import (CsPlaygroundPage *self)
{
  GtkNativeDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Import Conversation"),
                                                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                                : NULL,
                                                           GTK_FILE_CHOOSER_ACTION_OPEN,
                                                           _("_Import"), _("_Cancel")));
  gtk_file_filter_set_name (filter, _("Conversations (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (dialog, TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (dialog);
}
