/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-interaction.h"

G_BEGIN_DECLS

#define CS_TYPE_SECRET_STORE (cs_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (CsSecretStore, cs_secret_store, CS, SECRET_STORE, GObject)

/*
 * Secrets in the keyring (libsecret, schema
 * io.github.connectorstudio.ConnectorStudio.Secret). Each secret is found by
 * two attributes: `profile` (any id the caller chooses: a cluster profile's
 * id, or a connector's key set) and `kind` (CS_SECRET_* in cs-profile.h, or
 * the caller's own such as "connector-aws-secret-key").
 *
 * When the keyring is missing, locked or refuses, calls fail with
 * CS_ERROR_SECRET_STORE; the UI may then offer to keep the secret for this
 * session only (cs_secret_store_keep_for_session), an in-memory map that is
 * consulted first by lookups and forgotten when the store is finalized.
 */
CsSecretStore *cs_secret_store_new                (void);
/* The application's store, shared by every page (so that secrets kept for
 * the session are seen everywhere). Transfer none. */
CsSecretStore *cs_secret_store_get_default        (void);

void           cs_secret_store_save_async         (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   const char           *kind,
                                                   const char           *secret,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       cs_secret_store_save_finish        (CsSecretStore        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Saves several secrets of one profile, one after the other: kinds and
 * values are NULL-terminated arrays of the same length (values are copied
 * and wiped). When the keyring refuses, the interaction is asked whether to
 * keep the secrets not saved yet for this session only
 * (cs_interaction_ask_keep_secrets_for_session_async): yes keeps them and
 * the save succeeds; no fails with G_IO_ERROR_FAILED_HANDLED (the user has
 * already seen why, show nothing more). A NULL interaction answers no. */
void           cs_secret_store_save_all_async     (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   const char * const   *kinds,
                                                   const char * const   *values,
                                                   CsInteraction        *interaction,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       cs_secret_store_save_all_finish    (CsSecretStore        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Finishes with the secret (free it with cs_secret_store_free_secret), or
 * NULL and no error when there is none. */
void           cs_secret_store_lookup_async       (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   const char           *kind,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char          *cs_secret_store_lookup_finish      (CsSecretStore        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void           cs_secret_store_delete_async       (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   const char           *kind,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       cs_secret_store_delete_finish      (CsSecretStore        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Deletes every secret of the profile, whatever its kind. */
void           cs_secret_store_delete_all_async   (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       cs_secret_store_delete_all_finish  (CsSecretStore        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* The session-only fallback. A NULL or empty secret forgets it. */
void           cs_secret_store_keep_for_session   (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   const char           *kind,
                                                   const char           *secret);
gboolean       cs_secret_store_is_session_only    (CsSecretStore        *self,
                                                   const char           *profile_id,
                                                   const char           *kind);

/* Overwrites and frees a secret returned by lookup. */
void           cs_secret_store_free_secret        (char                 *secret);

G_END_DECLS
