/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-connector-info.h"

G_BEGIN_DECLS

/*
 * One connector in the cluster's list: its name (or "Unnamed connector"),
 * model · region and id, what is wrong with its model or body when
 * something is, and two buttons that activate
 * "connector-list.view" and "connector-list.delete" with the id. Its menu
 * ("connector-row.export") activates "connector-list.export" with the id.
 */
#define CS_TYPE_CONNECTOR_ROW (cs_connector_row_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorRow, cs_connector_row, CS, CONNECTOR_ROW, AdwActionRow)

GtkWidget       *cs_connector_row_new      (CsConnectorInfo *info);
CsConnectorInfo *cs_connector_row_get_info (CsConnectorRow  *self);
/* Flags the row with a warning icon and the sentence that says what is
 * wrong with the connector's model or body (NULL clears it). */
void             cs_connector_row_set_problem (CsConnectorRow *self,
                                               const char     *problem);
const char      *cs_connector_row_get_problem (CsConnectorRow *self);

G_END_DECLS
