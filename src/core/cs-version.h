/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An OpenSearch or ML Commons version such as "2.19.1" or "2.19.1.0". */
typedef struct
{
  guint major;
  guint minor;
  guint patch;
} CsVersion;

gboolean cs_version_parse   (const char      *text,
                             CsVersion       *out);
int      cs_version_compare (const CsVersion *a,
                             const CsVersion *b);
gboolean cs_version_at_least (const CsVersion *v,
                              guint            major,
                              guint            minor);
char    *cs_version_to_string (const CsVersion *v);

G_END_DECLS
