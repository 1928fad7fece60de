/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

#define CS_TYPE_CONNECTORS_PAGE (cs_connectors_page_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorsPage, cs_connectors_page, CS, CONNECTORS_PAGE, AdwBin)

CsSession  *cs_connectors_page_get_session        (CsConnectorsPage *self);
void        cs_connectors_page_set_session        (CsConnectorsPage *self,
                                                   CsSession        *session);
/* Opens a connector on the cluster in the form for editing (its keys kept unless new ones are
 * typed); the main button then reviews the changes before anything is sent. */
void        cs_connectors_page_edit_connector     (CsConnectorsPage *self,
                                                   const char       *connector_id);
/* Opens the guided key rotation for a connector in use. */
void        cs_connectors_page_rotate_keys        (CsConnectorsPage *self,
                                                   const char       *connector_id);

G_END_DECLS
