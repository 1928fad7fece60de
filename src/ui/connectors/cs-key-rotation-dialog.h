/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * Rotating the AWS keys of a connector in use (CsKeyRotation): the new keys, checked as they
 * are typed; then each step as it happens, with the cluster's own texts, a rollback when a
 * smoke test fails, and a sentence naming the state the models were left in. The new keys go
 * to the keyring (under "connector-keys:<connector id>") once the rotation succeeded; when a
 * session token was given, the time it was entered is noted (cs-session-token-record).
 *
 * "rotated" (connector_id): the rotation ended with every model on the new keys; connector_id
 * is the connector they use now.
 */
#define CS_TYPE_KEY_ROTATION_DIALOG (cs_key_rotation_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsKeyRotationDialog, cs_key_rotation_dialog, CS, KEY_ROTATION_DIALOG,
                      AdwWindow)

/* The keyring profile that holds a connector's keys after a rotation. */
#define CS_CONNECTOR_KEYS_PROFILE_PREFIX "connector-keys:"
#define CS_CONNECTOR_KEYS_ACCESS_KEY     "connector-aws-access-key"

/* connector_id: a standalone connector whose models are rotated. */
GtkWidget *cs_key_rotation_dialog_new (GtkWindow  *parent,
                                       CsSession  *session,
                                       const char *connector_id);

G_END_DECLS
