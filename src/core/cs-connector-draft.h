/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-connector-spec.h"
#include "cs-secret-store.h"

G_BEGIN_DECLS

/*
 * The connector being written on the Connectors page, as far as its secrets
 * go. While a connector is being created, its AWS secret key and session
 * token are kept in the keyring (and nowhere else on disk) under the profile
 * "connector-draft:<id>", kinds CS_CONNECTOR_DRAFT_SECRET_KEY and
 * CS_CONNECTOR_DRAFT_SESSION_TOKEN. The draft copy goes once the cluster holds
 * them (cs_connector_draft_created), when the form starts over
 * (cs_connector_draft_restart) or when the page goes
 * (cs_connector_draft_discard). Forgetting never fails loudly: at worst a
 * draft stays in the keyring.
 */
#define CS_CONNECTOR_DRAFT_SECRET_KEY     "connector-aws-secret-key"
#define CS_CONNECTOR_DRAFT_SESSION_TOKEN  "connector-aws-session-token"
#define CS_CONNECTOR_DRAFT_PROFILE_PREFIX "connector-draft:"

#define CS_TYPE_CONNECTOR_DRAFT (cs_connector_draft_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorDraft, cs_connector_draft, CS, CONNECTOR_DRAFT, GObject)

/* store: NULL for cs_secret_store_get_default(). Each draft gets a random id. */
CsConnectorDraft *cs_connector_draft_new                 (CsSecretStore     *store);

const char       *cs_connector_draft_get_id              (CsConnectorDraft  *self);
/* "connector-draft:<id>": the keyring profile of the draft's secrets. */
char             *cs_connector_draft_dup_profile_id      (CsConnectorDraft  *self);

/* Saves the spec's secret key and session token (those that are not empty;
 * nothing for a role ARN) under the draft. Finishes once every save has
 * ended, with the first error (CS_ERROR_SECRET_STORE). */
void              cs_connector_draft_save_secrets_async  (CsConnectorDraft  *self,
                                                          CsConnectorSpec   *spec,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
gboolean          cs_connector_draft_save_secrets_finish (CsConnectorDraft  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

/* The cluster holds the secrets now: forgets the draft copy, after the
 * saves still running have ended. */
void              cs_connector_draft_created             (CsConnectorDraft  *self);
/* The form starts over: forgets the draft's secrets and takes a new id. */
void              cs_connector_draft_restart             (CsConnectorDraft  *self);
/* The page goes: forgets the draft's secrets unless saves are still running. */
void              cs_connector_draft_discard             (CsConnectorDraft  *self);

/* Whether secrets were given to the keyring and not forgotten since. */
gboolean          cs_connector_draft_get_in_keyring      (CsConnectorDraft  *self);
/* Whether keyring saves or removals are still running. */
gboolean          cs_connector_draft_is_busy             (CsConnectorDraft  *self);

G_END_DECLS
