/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-model-rules.h"

G_BEGIN_DECLS

/* For tests: rules made from one row in the table's format (data/README.md),
 * without looking at the table. */
CsModelRules *cs_model_rules_new_from_json (JsonObject *row);

/* For tests: the compiled-in table, as stored. */
GBytes       *cs_model_rules_get_table_data (void);

G_END_DECLS
