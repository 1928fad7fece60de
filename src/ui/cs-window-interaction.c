/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-window-interaction"

#include "config.h"

#include "cs-window-interaction.h"

#include <glib/gi18n.h>

#include "cs-certificate-dialog.h"

struct _CsWindowInteraction
{
  CsInteraction  parent_instance;

  GtkWindow     *parent;  /* weak */
};

G_DEFINE_FINAL_TYPE (CsWindowInteraction, cs_window_interaction, CS_TYPE_INTERACTION)

/* One question on screen: the dialog answers the task, or the task's
 * cancellable closes the dialog. */
typedef struct
{
  GTask            *task;
  AdwMessageDialog *dialog;
  const char       *yes;
  gulong            cancelled_id;
} Question;

static void
question_finish (Question *question)
{
  GCancellable *cancellable = g_task_get_cancellable (question->task);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, question->cancelled_id);
  g_signal_handlers_disconnect_by_data (question->dialog, question);
  g_object_unref (question->task);
  g_free (question);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Question         *question)
{
  g_task_return_boolean (question->task, g_strcmp0 (response, question->yes) == 0);
  question_finish (question);
}

/* Closed without an answer (the window went away): no. */
static void
destroy_cb (AdwMessageDialog *dialog,
            Question         *question)
{
  g_task_return_boolean (question->task, FALSE);
  question_finish (question);
}

static void
cancelled_cb (GCancellable *cancellable,
              Question     *question)
{
  AdwMessageDialog *dialog = question->dialog;

  /* The dialog's response handler is gone before it is destroyed. */
  g_signal_handlers_disconnect_by_data (dialog, question);
  g_task_return_error_if_cancelled (question->task);
  /* Disconnecting from inside the handler would deadlock: the id is dropped. */
  question->cancelled_id = 0;
  question_finish (question);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Takes the task. */
static void
ask (CsWindowInteraction *self,
     AdwMessageDialog    *dialog,
     const char          *yes,
     GTask               *task)
{
  Question *question = g_new0 (Question, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      g_free (question);
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  question->task = task;
  question->dialog = dialog;
  question->yes = yes;
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), question);
  g_signal_connect (dialog, "destroy", G_CALLBACK (destroy_cb), question);
  gtk_window_present (GTK_WINDOW (dialog));
  if (cancellable != NULL)
    question->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                    question, NULL);
}

static void
ask_trust_certificate (CsInteraction        *interaction,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gboolean              changed,
                       const char           *url,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  CsWindowInteraction *self = CS_WINDOW_INTERACTION (interaction);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GtkWidget *dialog;

  g_task_set_source_tag (task, ask_trust_certificate);
  dialog = cs_certificate_dialog_new (self->parent, certificate, errors, changed, url);
  ask (self, ADW_MESSAGE_DIALOG (dialog), "trust", task);
}

static void
ask_send_keys_insecurely (CsInteraction       *interaction,
                          const char          *url,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  CsWindowInteraction *self = CS_WINDOW_INTERACTION (interaction);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AdwMessageDialog *dialog;

  g_task_set_source_tag (task, ask_send_keys_insecurely);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent,
                                                       _("Use AWS Keys Over http://?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("%s uses plain http://. Requests signed with your AWS keys "
                                    "travel unencrypted, so anyone on the network can read "
                                    "them and what the cluster answers. Continue only on a "
                                    "network you trust, such as a tunnel to the cluster."),
                                  url);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "send", _("_Use Keys Over http://"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  ask (self, dialog, "send", task);
}

static void
ask_keep_secrets_for_session (CsInteraction       *interaction,
                              const GError        *keyring_error,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  CsWindowInteraction *self = CS_WINDOW_INTERACTION (interaction);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AdwMessageDialog *dialog;

  g_task_set_source_tag (task, ask_keep_secrets_for_session);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent,
                                                       _("The Keyring Is Not Available"),
                                                       keyring_error->message));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "session", _("_Keep for This Session Only"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "session", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  ask (self, dialog, "session", task);
}

static void
cs_window_interaction_dispose (GObject *object)
{
  CsWindowInteraction *self = CS_WINDOW_INTERACTION (object);

  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (cs_window_interaction_parent_class)->dispose (object);
}

static void
cs_window_interaction_class_init (CsWindowInteractionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CsInteractionClass *interaction_class = CS_INTERACTION_CLASS (klass);

  object_class->dispose = cs_window_interaction_dispose;

  /* The default *_finish halves read the GTask each question returns. */
  interaction_class->ask_trust_certificate = ask_trust_certificate;
  interaction_class->ask_send_keys_insecurely = ask_send_keys_insecurely;
  interaction_class->ask_keep_secrets_for_session = ask_keep_secrets_for_session;
}

static void
cs_window_interaction_init (CsWindowInteraction *self)
{
}

CsInteraction *
cs_window_interaction_new (GtkWindow *parent)
{
  CsWindowInteraction *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CS_TYPE_WINDOW_INTERACTION, NULL);
  g_set_weak_pointer (&self->parent, parent);
  return CS_INTERACTION (self);
}
