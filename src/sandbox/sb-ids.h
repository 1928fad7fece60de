/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A random document id of `length` characters from the URL-safe base64 alphabet, like the
 * 20-character ids OpenSearch generates (e.g. "5kxp_5YBIvu8EdWRQuez"). */
char *sb_id_new (guint length);

G_END_DECLS
