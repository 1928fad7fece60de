/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A random document id of `length` characters from the URL-safe base64 alphabet, like the
 * 20-character ids OpenSearch generates (e.g. "5kxp_5YBIvu8EdWRQuez"). */
char *sb_id_new (guint length);
/* From now on, ids follow from `seed`: the same requests after the same seed get the same ids
 * (POST /_sandbox/ids, for the benchmark that replays one sequence with curl). */
void  sb_id_reseed (guint32 seed);

G_END_DECLS
