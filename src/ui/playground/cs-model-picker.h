/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-model-info.h"
#include "cs-predict.h"
#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The Playground's model row: the session's deployed models (name, and the
 * ID under it in full), a reload button, and what the picked model's
 * connector says: its predict defaults, whether it thinks, and how long a
 * predict may take. The page drives it (reload when connected, clear when
 * not); it selects the session's model-id when that model is in the list.
 *
 * Properties: "session" (CsSession), "selected-model" (CsModelInfo, read
 * only). Signals: "defaults-changed" when the connector's values are known
 * or forgotten; "problem" (const char *message, CsPredictFix kind as int)
 * when something about the list needs the user, and "problem" with a NULL
 * message when a problem it reported no longer holds.
 */
#define CS_TYPE_MODEL_PICKER (cs_model_picker_get_type ())

G_DECLARE_FINAL_TYPE (CsModelPicker, cs_model_picker, CS, MODEL_PICKER, AdwPreferencesGroup)

CsSession   *cs_model_picker_get_session        (CsModelPicker      *self);
void         cs_model_picker_set_session        (CsModelPicker      *self,
                                                 CsSession          *session);

/* Reads the model list again from the session's client (when there is one). */
void         cs_model_picker_reload             (CsModelPicker      *self);
/* Forgets the list (disconnected). */
void         cs_model_picker_clear              (CsModelPicker      *self);
/* Selects the session's model-id when it is in the list. */
void         cs_model_picker_select_session_model (CsModelPicker    *self);

/* NULL when none is selected */
CsModelInfo *cs_model_picker_get_selected_model (CsModelPicker      *self);
/* Whether the user may pick another model (not while a predict runs). */
void         cs_model_picker_set_can_change     (CsModelPicker      *self,
                                                 gboolean            can_change);

/* What the selected model's connector lets a call change
 * (cs_predict_limits_from_connector()); NULL while it is not known. Owned
 * by the picker, valid until "defaults-changed". */
const CsPredictLimits *cs_model_picker_get_limits (CsModelPicker *self);
/* How long a predict on the selected model may take, in seconds
 * (cs_predict_timeout_for_connector()). */
guint        cs_model_picker_get_timeout        (CsModelPicker      *self);

G_END_DECLS
