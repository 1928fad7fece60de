/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_CONNECTORS_PAGE (cs_connectors_page_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorsPage, cs_connectors_page, CS, CONNECTORS_PAGE, AdwBin)

G_END_DECLS
