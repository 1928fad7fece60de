/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * Export as Code: a connector of the session's cluster and its model
 * (register, deploy, a test predict) as the three forms of cs-export.h —
 * a shell script of curl calls, Dev Tools console text, a Terraform
 * configuration — switchable, each in a monospace selectable view, with
 * Copy and Save…. A note above says that no secret is in the text and which
 * variables or placeholders to fill in. The dialog reads the connector
 * itself (GET, without credentials) and uses the session's trusted list.
 */
#define CS_TYPE_EXPORT_DIALOG (cs_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsExportDialog, cs_export_dialog, CS, EXPORT_DIALOG, AdwWindow)

CsExportDialog *cs_export_dialog_new (GtkWindow  *parent,
                                      CsSession  *session,
                                      const char *connector_id);

G_END_DECLS
