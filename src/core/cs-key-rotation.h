/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-client.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * Rotating the AWS keys of connectors in use without undeploying (cluster ≥ 2.12; the facts
 * are in src/sandbox/README.md, "Changing a connector in use"):
 *
 * - a model with an internal (inline) connector: PUT models/<id> {"connector":{"credential":
 *   new}}, which updates the model cache on every node; rolled back with the old keys;
 * - a standalone connector, which cannot be changed while deployed models use it: a copy with
 *   the new keys is created, each model is switched to it in place (PUT models/<id>
 *   {"connector_id": copy}); rolled back by switching back and deleting the copy; on success
 *   the old connector is deleted.
 *
 * After each model's update a smoke-test predict runs on it (once per worker node), and a
 * failed one rolls every model back. The old keys, needed to roll back inline connectors, are
 * held only until the run ends, then wiped. Each step is announced by the "step" signal with
 * the cluster's own text where there is one.
 */

#define CS_TYPE_KEY_ROTATION (cs_key_rotation_get_type ())
G_DECLARE_FINAL_TYPE (CsKeyRotation, cs_key_rotation, CS, KEY_ROTATION, GObject)

typedef enum
{
  CS_ROTATION_STEP_INSPECT,       /* reading a model or the connector */
  CS_ROTATION_STEP_CREATE,        /* creating the connector copy with the new keys */
  CS_ROTATION_STEP_UPDATE,        /* updating a model in place */
  CS_ROTATION_STEP_SMOKE_TEST,    /* the test predict */
  CS_ROTATION_STEP_ROLLBACK,      /* putting a model back on the old keys */
  CS_ROTATION_STEP_CLEANUP,       /* deleting the connector no model uses any more */
  CS_ROTATION_STEP_DONE,
} CsRotationStep;

typedef enum
{
  CS_ROTATION_MODEL_PENDING,      /* not touched: on the old keys */
  CS_ROTATION_MODEL_ROTATED,      /* on the new keys, smoke test passed */
  CS_ROTATION_MODEL_ROLLED_BACK,  /* was on the new keys, back on the old ones */
  CS_ROTATION_MODEL_NODES_BEHIND, /* stored with the new keys, some nodes still on the old */
  CS_ROTATION_MODEL_STUCK,        /* on the new, failing keys: the rollback failed too */
} CsRotationModelState;

typedef enum
{
  CS_ROTATION_OUTCOME_ROTATED,     /* every model on the new keys */
  CS_ROTATION_OUTCOME_ROLLED_BACK, /* nothing changed in the end */
  CS_ROTATION_OUTCOME_PARTIAL,     /* a known mix: see the summary and each model's state */
} CsRotationOutcome;

CsKeyRotation       *cs_key_rotation_new                (CsClient        *client,
                                                         const CsVersion *version);
/* The keys to rotate to; session_token may be NULL. */
void                 cs_key_rotation_set_new_keys       (CsKeyRotation   *self,
                                                         const char      *access_key,
                                                         const char      *secret_key,
                                                         const char      *session_token);
/* The keys in use now (from the keyring): needed to roll back models with an inline
 * connector, since the cluster never returns them. Wiped when the run ends. */
void                 cs_key_rotation_set_old_keys       (CsKeyRotation   *self,
                                                         const char      *access_key,
                                                         const char      *secret_key,
                                                         const char      *session_token);
/* A model with an inline connector to rotate. */
void                 cs_key_rotation_add_model          (CsKeyRotation   *self,
                                                         const char      *model_id);
/* A standalone connector to rotate with the models using it (found by the run). */
void                 cs_key_rotation_set_connector      (CsKeyRotation   *self,
                                                         const char      *connector_id);

void                 cs_key_rotation_run_async          (CsKeyRotation   *self,
                                                         GCancellable    *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer         user_data);
/* FALSE with error only when nothing could be started (bad input, old cluster); otherwise
 * TRUE and *outcome says how it ended, *summary (may be NULL) in a translated sentence. */
gboolean             cs_key_rotation_run_finish         (CsKeyRotation   *self,
                                                         GAsyncResult    *result,
                                                         CsRotationOutcome *outcome,
                                                         char           **summary,
                                                         GError         **error);

/* After a run: the models involved, their state, and the connector the models of a
 * standalone connector now use (the copy after a rotation, the old one after a rollback). */
GStrv                cs_key_rotation_get_model_ids      (CsKeyRotation   *self);
CsRotationModelState cs_key_rotation_get_model_state    (CsKeyRotation   *self,
                                                         const char      *model_id);
const char          *cs_key_rotation_get_connector_id   (CsKeyRotation   *self);
/* Whether the old keys are still held (TRUE only while a run is going). */
gboolean             cs_key_rotation_holds_old_keys     (CsKeyRotation   *self);

G_END_DECLS
