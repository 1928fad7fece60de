/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-trusted-endpoints.h"

G_BEGIN_DECLS

#define CS_TYPE_TRUSTED_PATTERN_ROW (cs_trusted_pattern_row_get_type ())

G_DECLARE_FINAL_TYPE (CsTrustedPatternRow, cs_trusted_pattern_row, CS, TRUSTED_PATTERN_ROW, GtkListBoxRow)

/* One entry of a trusted-endpoints list: the pattern (monospace, selectable),
 * the level it comes from, and whether the URL being tested matches it. */
GtkWidget       *cs_trusted_pattern_row_new         (const char          *pattern,
                                                     CsSettingSource      source);
const char      *cs_trusted_pattern_row_get_pattern (CsTrustedPatternRow *self);
CsSettingSource  cs_trusted_pattern_row_get_source  (CsTrustedPatternRow *self);
gboolean         cs_trusted_pattern_row_get_matched (CsTrustedPatternRow *self);
void             cs_trusted_pattern_row_set_matched (CsTrustedPatternRow *self,
                                                     gboolean             matched);

/* "Persistent", "Transient" or "Default", translated. */
const char      *cs_setting_source_to_label         (CsSettingSource      source);

G_END_DECLS
