/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-model-info.h"
#include "cs-models-page.h"

G_BEGIN_DECLS

/*
 * Shared between the Models page's files, and the hooks its tests use.
 * Not for other pages.
 */

/* cs-models-page-columns.c: adds the list's columns (cells, sorters, the row
 * menu) to view and shows the models that pass filter in it, sorted by the
 * column the user picks. Returns the filtered list (owned by the view). */
GListModel *_cs_models_page_build_columns (GtkColumnView *view,
                                           GListModel    *models,
                                           GtkFilter     *filter);
/* cs-models-page-columns.c: whether the search text (any case) is in the
 * model's name, id, connector id, description or state; "" matches all. */
gboolean    _cs_models_page_model_matches (CsModelInfo   *model,
                                           const char    *query);

/* cs-models-page-columns.c: a time from the cluster (ms since the epoch) in
 * local time, "2026-12-06 04:15", or "—" when there is none. Also used by
 * the register panel's connector chooser. */
char       *_cs_models_page_format_time   (gint64         epoch_ms);

/* For tests: the models shown (a GListModel of CsModelInfo, newest first). */
GListModel *cs_models_page_get_models     (CsModelsPage  *self);

/* For tests: what the list shows: "disconnected", "loading", "empty",
 * "error", "list" or "no-match" (a search hides every model). */
const char *cs_models_page_get_view       (CsModelsPage  *self);

G_END_DECLS
