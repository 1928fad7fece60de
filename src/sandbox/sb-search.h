/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

/* Removes what a search must not show from a copy of a stored source. */
typedef void (*SbSearchStrip) (JsonObject *source);

/* Runs a search request body (match_all, term, terms, match, ids, exists, bool; size, from)
 * over a collection and answers with a standard search response, or a 400 for a query it does
 * not understand. A collection whose index does not exist gives an empty result. */
void sb_search_reply (SbRequest     *req,
                      const char    *collection,
                      SbSearchStrip  strip);

G_END_DECLS
