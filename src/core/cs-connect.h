/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-client.h"
#include "cs-cluster-probe.h"
#include "cs-profile.h"
#include "cs-secret-store.h"

G_BEGIN_DECLS

/*
 * Connecting to a profile's cluster: the secrets (given, or looked up in the
 * secret store), a client for the profile, then the probe (GET / and the
 * plugin list). It does not change any session: the caller decides what the
 * result means (Test connection shows it, Connect sets the session).
 */
void            cs_connect_async   (CsProfile             *profile,
                                    const CsClientSecrets *secrets,
                                    CsSecretStore         *secret_store,
                                    guint                  timeout_seconds,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* The cluster and the client on success. On failure NULL with the error,
 * and *client still set when one was made, so that a refused certificate
 * can be read from it (cs_client_get_rejected_certificate). */
CsClusterInfo  *cs_connect_finish  (GAsyncResult          *result,
                                    CsClient             **client,
                                    GError               **error);

G_END_DECLS
