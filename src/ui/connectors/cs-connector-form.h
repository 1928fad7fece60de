/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-connector-import.h"
#include "cs-connector-spec.h"
#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The connector form: edits a CsConnectorSpec and validates it as the user
 * types (rows in error get the "error" style and a sentence below their
 * group), checks the resulting Bedrock URL against the cluster's trusted
 * endpoints, and shows what an import kept as-is. An empty field turns red
 * only once the user left it, or tried to create (show_problems).
 *
 * Signals:
 *   void submit ()  Enter in a credential field: the page creates, or shows
 *                   what is missing.
 */
#define CS_TYPE_CONNECTOR_FORM (cs_connector_form_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorForm, cs_connector_form, CS, CONNECTOR_FORM, AdwBin)

GtkWidget       *cs_connector_form_new               (void);

CsConnectorSpec *cs_connector_form_get_spec          (CsConnectorForm *self);
/* Shows another spec (after an import). NULL starts a new one. */
void             cs_connector_form_set_spec          (CsConnectorForm *self,
                                                      CsConnectorSpec *spec);
/* Shows the spec of an import, with the checks it made off the main thread
 * when they were made for the session's cluster (else as set_spec does). */
void             cs_connector_form_set_import        (CsConnectorForm   *self,
                                                      CsConnectorImport *import);

CsSession       *cs_connector_form_get_session       (CsConnectorForm *self);
void             cs_connector_form_set_session       (CsConnectorForm *self,
                                                      CsSession       *session);

/* TRUE when the spec has no problem and its URL is not known to be untrusted. */
gboolean         cs_connector_form_get_valid         (CsConnectorForm *self);

/* The first problem that keeps the form from being valid, as a sentence, also while its field is
 * not marked yet; NULL when there is none (or only the URL is untrusted). */
const char      *cs_connector_form_get_first_problem (CsConnectorForm *self);
/* Empty fields turn red only once the user left them. After a try to create, every problem
 * shows: this marks them all and focuses the first field in error. */
void             cs_connector_form_show_problems     (CsConnectorForm *self);

/* Editing a connector on the cluster, whose keys are never shown: empty key fields are valid
 * and mean "keep the stored keys" (get_keeping_secrets is then TRUE). */
void             cs_connector_form_set_keep_secrets    (CsConnectorForm *self,
                                                        gboolean         keep_secrets);
gboolean         cs_connector_form_get_keeping_secrets (CsConnectorForm *self);

G_END_DECLS
