/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_CONNECTIONS_PAGE (cs_connections_page_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectionsPage, cs_connections_page, CS, CONNECTIONS_PAGE, AdwBin)

G_END_DECLS
