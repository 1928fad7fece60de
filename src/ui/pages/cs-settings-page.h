/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_SETTINGS_PAGE (cs_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (CsSettingsPage, cs_settings_page, CS, SETTINGS_PAGE, AdwBin)

G_END_DECLS
