/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_MODELS_PAGE (cs_models_page_get_type ())

G_DECLARE_FINAL_TYPE (CsModelsPage, cs_models_page, CS, MODELS_PAGE, AdwBin)

G_END_DECLS
