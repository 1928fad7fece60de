/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-window.h"

/* Export */

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The conversation could not be saved: %s"),
                                                  error->message);

      _cs_playground_page_show_banner (self, message, CS_PREDICT_FIX_NONE);
      return;
    }
  cs_widget_show_toast (GTK_WIDGET (self), _("Conversation exported"));
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    CsPlaygroundPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean markdown = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "markdown"));
  CsModelInfo *model = cs_model_picker_get_selected_model (self->model_picker);
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file == NULL)
    return;

  if (markdown)
    text = cs_conversation_to_markdown (self->conversation,
                                        model != NULL ? cs_model_info_get_name (model) : NULL);
  else
    text = cs_conversation_to_json (self->conversation,
                                    model != NULL ? cs_model_info_get_id (model) : NULL);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_object_ref (self));
}

void
_cs_playground_page_export (CsPlaygroundPage *self,
                            gboolean          markdown)
{
  GtkNativeDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (markdown ? _("Export as Markdown")
                                                                    : _("Export as JSON"),
                                                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                                : NULL,
                                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                                           _("_Export"), _("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     markdown ? "conversation.md" : "conversation.json");
  gtk_native_dialog_set_modal (dialog, TRUE);
  g_object_set_data (G_OBJECT (dialog), "markdown", GINT_TO_POINTER (markdown));
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (dialog);
}
