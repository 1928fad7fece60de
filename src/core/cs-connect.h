/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-client.h"
#include "cs-cluster-probe.h"
#include "cs-interaction.h"
#include "cs-profile.h"
#include "cs-secret-store.h"
#include "cs-session.h"

G_BEGIN_DECLS

/*
 * Connecting to a profile's cluster, the whole flow in one place:
 *
 *  1. the secrets (given, or looked up in secret_store under the profile's id);
 *  2. a client for the profile; AWS keys over plain http:// are refused
 *     unless the profile carries the user's yes: then the interaction is
 *     asked (ask_send_keys_insecurely), and a yes is stored on the profile;
 *  3. the probe (GET / and the plugin list); a certificate the system or the
 *     pin does not vouch for makes the interaction ask (ask_trust_certificate),
 *     and a yes pins it on the profile;
 *     after a yes the profile is saved (when it is the one in
 *     cs_profile_store_get_default()) and the attempt starts again;
 *  4. with a session: the cluster's trusted connector endpoints, read once
 *     (a failure to read them is kept on the session, not a failed connect).
 *
 * With a session, the flow sets its state itself: connecting at once, then
 * connected (client, cluster, trusted list) or failed (the error). A session
 * that is connected when the attempt begins keeps its working connection
 * until the new one succeeds: it stays connected meanwhile, and a failure
 * only returns the error. A session that meanwhile moved to another profile
 * or was disconnected is left alone, and a cancelled connect does not touch
 * it. Without a session ("Test
 * connection") nothing but the profile changes.
 *
 * A NULL interaction answers every question with no. A no fails with
 * CS_ERROR_UNTRUSTED_CERTIFICATE or CS_ERROR_INSECURE_TRANSPORT and a
 * sentence saying what was not done.
 */
void            cs_connect_async   (CsSession             *session,
                                    CsProfile             *profile,
                                    const CsClientSecrets *secrets,
                                    CsSecretStore         *secret_store,
                                    CsInteraction         *interaction,
                                    guint                  timeout_seconds,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* The cluster and the client on success. On failure NULL with the error,
 * and *client still set when one was made. */
CsClusterInfo  *cs_connect_finish  (GAsyncResult          *result,
                                    CsClient             **client,
                                    GError               **error);

G_END_DECLS
