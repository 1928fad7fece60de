/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-client.h"

G_BEGIN_DECLS

/*
 * A popover that lists the cluster's connectors, newest first, each with its
 * name, model and id, and emits "chosen" with the id of the one the user
 * picks. It asks the cluster each time it opens (one search), so a connector
 * created a moment ago is there; a failure is a sentence with Try Again.
 */
#define CS_TYPE_CONNECTOR_CHOOSER (cs_connector_chooser_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorChooser, cs_connector_chooser, CS, CONNECTOR_CHOOSER, GtkPopover)

GtkWidget *cs_connector_chooser_new        (void);
void       cs_connector_chooser_set_client (CsConnectorChooser *self,
                                            CsClient           *client);

G_END_DECLS
