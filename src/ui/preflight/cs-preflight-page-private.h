/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-preflight-page.h"
#include "cs-preflight.h"

G_BEGIN_DECLS

/* For tests. */
CsPreflight      *cs_preflight_page_get_preflight  (CsPreflightPage *self);
/* TRUE while the checks run or a fix is applied. */
gboolean          cs_preflight_page_is_busy        (CsPreflightPage *self);
/* The row shown for a check id ("trusted-list", "connector:<id>", …); NULL when none. */
GtkWidget        *cs_preflight_page_get_row        (CsPreflightPage *self,
                                                    const char      *id);
/* The state the row shows. */
CsPreflightState  cs_preflight_page_get_row_state  (CsPreflightPage *self,
                                                    const char      *id);
/* The row's fix button (hidden when the row has no fix). */
GtkWidget        *cs_preflight_page_get_fix_button (CsPreflightPage *self,
                                                    const char      *id);

G_END_DECLS
