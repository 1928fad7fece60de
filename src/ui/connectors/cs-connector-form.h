/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-connector-spec.h"
#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The connector form: edits a CsConnectorSpec and validates it as the user
 * types (rows in error get the "error" style and a sentence below their
 * group), checks the resulting Bedrock URL against the cluster's trusted
 * endpoints, and shows what an import kept as-is.
 */
#define CS_TYPE_CONNECTOR_FORM (cs_connector_form_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorForm, cs_connector_form, CS, CONNECTOR_FORM, AdwBin)

GtkWidget       *cs_connector_form_new               (void);

CsConnectorSpec *cs_connector_form_get_spec          (CsConnectorForm *self);
/* Shows another spec (after an import). NULL starts a new one. */
void             cs_connector_form_set_spec          (CsConnectorForm *self,
                                                      CsConnectorSpec *spec);

CsSession       *cs_connector_form_get_session       (CsConnectorForm *self);
void             cs_connector_form_set_session       (CsConnectorForm *self,
                                                      CsSession       *session);

/* TRUE when the spec has no problem and its URL is not known to be untrusted. */
gboolean         cs_connector_form_get_valid         (CsConnectorForm *self);

/* Editing a connector on the cluster, whose keys are never shown: empty key fields are valid
 * and mean "keep the stored keys" (get_keeping_secrets is then TRUE). */
void             cs_connector_form_set_keep_secrets    (CsConnectorForm *self,
                                                        gboolean         keep_secrets);
gboolean         cs_connector_form_get_keeping_secrets (CsConnectorForm *self);

G_END_DECLS
