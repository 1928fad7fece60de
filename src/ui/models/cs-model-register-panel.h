/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The top of the Models page: the register form (prefilled with the
 * connector the Connectors page handed over) and, once a model is registered
 * with "Deploy now" or deployed from the list, the deployment followed to
 * its end. It slides in and out by itself. Its buttons use the page's
 * "models." actions (register, close-panel, cancel-follow, retry-deploy,
 * open-followed), which call the functions below.
 *
 * Signals: "models-changed" when the cluster's list of models may have
 * changed (a model was registered, a followed deployment ended).
 * Property "can-register": the form is valid, a client is set and nothing
 * is being sent.
 */
#define CS_TYPE_MODEL_REGISTER_PANEL (cs_model_register_panel_get_type ())

G_DECLARE_FINAL_TYPE (CsModelRegisterPanel, cs_model_register_panel, CS, MODEL_REGISTER_PANEL,
                      AdwBin)

GtkWidget  *cs_model_register_panel_new                   (void);

/* The connected cluster's client, or NULL when disconnected (which stops any
 * register or following under way). */
void        cs_model_register_panel_set_client            (CsModelRegisterPanel *self,
                                                           CsClient             *client);
/* Puts a connector in the form and shows the form, unless a deployment is
 * being followed. It stays after a failed register. NULL or "" does nothing. */
void        cs_model_register_panel_set_connector_id      (CsModelRegisterPanel *self,
                                                           const char           *connector_id);

/* Slides in: the deployment while one is followed, the form otherwise. */
void        cs_model_register_panel_reveal                (CsModelRegisterPanel *self);
void        cs_model_register_panel_close                 (CsModelRegisterPanel *self);

gboolean    cs_model_register_panel_get_can_register      (CsModelRegisterPanel *self);
/* Sends the form once (never retried on its own). */
void        cs_model_register_panel_register              (CsModelRegisterPanel *self);

/* Follows a model's deployment (deploy: ask the cluster to deploy it first). */
void        cs_model_register_panel_follow                (CsModelRegisterPanel *self,
                                                           const char           *model_id,
                                                           const char           *title,
                                                           gboolean              deploy);
/* Stops following; the cluster carries on. */
void        cs_model_register_panel_stop_following        (CsModelRegisterPanel *self);
/* Deploys the followed model again. */
void        cs_model_register_panel_retry_deploy          (CsModelRegisterPanel *self);
/* The model followed last, or NULL. */
const char *cs_model_register_panel_get_followed_model_id (CsModelRegisterPanel *self);

G_END_DECLS
