/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The OpenSearch error envelope
 * {"error":{"root_cause":[{"type","reason"}],"type","reason"},"status":N}. */
JsonNode *sb_error_envelope (const char *type,
                             const char *reason,
                             guint       status);

G_END_DECLS
