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

G_END_DECLS
