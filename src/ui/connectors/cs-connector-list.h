/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The connectors on the session's cluster: a list (newest first) with a
 * status page when not connected, empty or failing, and per connector a
 * view of its stored JSON and a delete that explains when models still use
 * it. Follows the session's state and lists again on connect. A search bar
 * (its toggle in the header, or typing on the list) filters by name, id,
 * model, region and description, without regard to case.
 *
 * Actions:
 *   connector-list.refresh          list again
 *   connector-list.view    (s: id)  show the connector's JSON
 *   connector-list.delete  (s: id)  ask, then delete it
 *   connector-list.export  (s: id)  Export as Code (cs-export-dialog)
 *
 * Signals:
 *   gboolean edit-as-new (const char *json, GtkWindow *view)
 *     "Edit as New" in a connector's view. A handler that takes the JSON
 *     returns TRUE, and closes the view once the form shows it (the import
 *     works off the main thread); the view stays open when the import fails.
 */
#define CS_TYPE_CONNECTOR_LIST (cs_connector_list_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorList, cs_connector_list, CS, CONNECTOR_LIST, AdwBin)

CsSession  *cs_connector_list_get_session (CsConnectorList *self);
void        cs_connector_list_set_session (CsConnectorList *self,
                                           CsSession       *session);

/* Lists the connectors again (after creating one). */
void        cs_connector_list_refresh     (CsConnectorList *self);

G_END_DECLS
