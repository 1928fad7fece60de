/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-models-api.h"

G_BEGIN_DECLS

/* For the tests: whether the result of cs_models_search_async() still holds
 * the cluster's answer (the parsed tree). The worker that turns it into
 * models frees it, so that the main loop never does. */
gboolean _cs_models_search_result_holds_answer (GAsyncResult *result);

G_END_DECLS
