/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The questions a core flow asks the user, the way GIO's GTlsInteraction and
 * GMountOperation do: cs_connect_async() and cs_secret_store_save_all_async()
 * call these, and the UI subclass shows a dialog and answers. Every answer is
 * yes (TRUE) or no (FALSE); an error (e.g. G_IO_ERROR_CANCELLED) counts as no.
 *
 * The base class answers no to everything, so a flow without an interaction
 * (or with a plain CsInteraction) never trusts, sends or keeps anything the
 * user did not agree to. A subclass that answers through a GTask whose
 * source object is the interaction only needs to implement the *_async
 * halves: the default *_finish halves propagate the task's boolean.
 */
#define CS_TYPE_INTERACTION (cs_interaction_get_type ())

G_DECLARE_DERIVABLE_TYPE (CsInteraction, cs_interaction, CS, INTERACTION, GObject)

struct _CsInteractionClass
{
  GObjectClass parent_class;

  /* Trust a certificate the system (or the pin) does not vouch for? */
  void     (*ask_trust_certificate)               (CsInteraction        *self,
                                                   GTlsCertificate      *certificate,
                                                   GTlsCertificateFlags  errors,
                                                   gboolean              changed,
                                                   const char           *url,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
  gboolean (*ask_trust_certificate_finish)        (CsInteraction        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

  /* Sign requests with AWS keys over this plain http:// address? */
  void     (*ask_send_keys_insecurely)            (CsInteraction        *self,
                                                   const char           *url,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
  gboolean (*ask_send_keys_insecurely_finish)     (CsInteraction        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

  /* The keyring refused (keyring_error says why): keep the secrets in
   * memory for this session (TRUE), or give up (FALSE)? */
  void     (*ask_keep_secrets_for_session)        (CsInteraction        *self,
                                                   const GError         *keyring_error,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
  gboolean (*ask_keep_secrets_for_session_finish) (CsInteraction        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

  gpointer padding[8];
};

CsInteraction *cs_interaction_new (void);

void     cs_interaction_ask_trust_certificate_async         (CsInteraction        *self,
                                                             GTlsCertificate      *certificate,
                                                             GTlsCertificateFlags  errors,
                                                             gboolean              changed,
                                                             const char           *url,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean cs_interaction_ask_trust_certificate_finish        (CsInteraction        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void     cs_interaction_ask_send_keys_insecurely_async      (CsInteraction        *self,
                                                             const char           *url,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean cs_interaction_ask_send_keys_insecurely_finish     (CsInteraction        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void     cs_interaction_ask_keep_secrets_for_session_async  (CsInteraction        *self,
                                                             const GError         *keyring_error,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean cs_interaction_ask_keep_secrets_for_session_finish (CsInteraction        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
