/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_PLAYGROUND_PAGE (cs_playground_page_get_type ())

G_DECLARE_FINAL_TYPE (CsPlaygroundPage, cs_playground_page, CS, PLAYGROUND_PAGE, AdwBin)

G_END_DECLS
