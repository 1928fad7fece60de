/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-connections-page.h"
#include "cs-profile-editor.h"

G_BEGIN_DECLS

/* For tests: the page's profile editor. */
CsProfileEditor *cs_connections_page_get_editor (CsConnectionsPage *self);

G_END_DECLS
