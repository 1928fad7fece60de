/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-interaction"

#include "config.h"

#include "cs-interaction.h"

G_DEFINE_TYPE (CsInteraction, cs_interaction, G_TYPE_OBJECT)

/* The base class: no to everything. */

static void
answer_no (CsInteraction       *self,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_boolean (task, FALSE);
}

static gboolean
propagate_answer (CsInteraction  *self,
                  GAsyncResult   *result,
                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
real_ask_trust_certificate (CsInteraction        *self,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors,
                            gboolean              changed,
                            const char           *url,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  answer_no (self, real_ask_trust_certificate, cancellable, callback, user_data);
}

static void
real_ask_send_keys_insecurely (CsInteraction       *self,
                               const char          *url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  answer_no (self, real_ask_send_keys_insecurely, cancellable, callback, user_data);
}

static void
real_ask_keep_secrets_for_session (CsInteraction       *self,
                                   const GError        *keyring_error,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  answer_no (self, real_ask_keep_secrets_for_session, cancellable, callback, user_data);
}

static void
cs_interaction_class_init (CsInteractionClass *klass)
{
  klass->ask_trust_certificate = real_ask_trust_certificate;
  klass->ask_trust_certificate_finish = propagate_answer;
  klass->ask_send_keys_insecurely = real_ask_send_keys_insecurely;
  klass->ask_send_keys_insecurely_finish = propagate_answer;
  klass->ask_keep_secrets_for_session = real_ask_keep_secrets_for_session;
  klass->ask_keep_secrets_for_session_finish = propagate_answer;
}

static void
cs_interaction_init (CsInteraction *self)
{
}

CsInteraction *
cs_interaction_new (void)
{
  return g_object_new (CS_TYPE_INTERACTION, NULL);
}

void
cs_interaction_ask_trust_certificate_async (CsInteraction        *self,
                                            GTlsCertificate      *certificate,
                                            GTlsCertificateFlags  errors,
                                            gboolean              changed,
                                            const char           *url,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_return_if_fail (CS_IS_INTERACTION (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (url != NULL);

  CS_INTERACTION_GET_CLASS (self)->ask_trust_certificate (self, certificate, errors, changed,
                                                          url, cancellable, callback,
                                                          user_data);
}

gboolean
cs_interaction_ask_trust_certificate_finish (CsInteraction  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (CS_IS_INTERACTION (self), FALSE);

  return CS_INTERACTION_GET_CLASS (self)->ask_trust_certificate_finish (self, result, error);
}

void
cs_interaction_ask_send_keys_insecurely_async (CsInteraction       *self,
                                               const char          *url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (CS_IS_INTERACTION (self));
  g_return_if_fail (url != NULL);

  CS_INTERACTION_GET_CLASS (self)->ask_send_keys_insecurely (self, url, cancellable, callback,
                                                             user_data);
}

gboolean
cs_interaction_ask_send_keys_insecurely_finish (CsInteraction  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  g_return_val_if_fail (CS_IS_INTERACTION (self), FALSE);

  return CS_INTERACTION_GET_CLASS (self)->ask_send_keys_insecurely_finish (self, result, error);
}

void
cs_interaction_ask_keep_secrets_for_session_async (CsInteraction       *self,
                                                   const GError        *keyring_error,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_return_if_fail (CS_IS_INTERACTION (self));
  g_return_if_fail (keyring_error != NULL);

  CS_INTERACTION_GET_CLASS (self)->ask_keep_secrets_for_session (self, keyring_error,
                                                                 cancellable, callback,
                                                                 user_data);
}

gboolean
cs_interaction_ask_keep_secrets_for_session_finish (CsInteraction  *self,
                                                    GAsyncResult   *result,
                                                    GError        **error)
{
  g_return_val_if_fail (CS_IS_INTERACTION (self), FALSE);

  return CS_INTERACTION_GET_CLASS (self)->ask_keep_secrets_for_session_finish (self, result,
                                                                               error);
}
