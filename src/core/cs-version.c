/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-version"

#include "config.h"

#include "cs-version.h"

#include <stdlib.h>

static gboolean
parse_component (const char  *text,
                 const char **end,
                 guint       *out)
{
  guint64 value = 0;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;

  while (g_ascii_isdigit (*p))
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > G_MAXUINT16)
        return FALSE;
      p++;
    }

  *out = (guint) value;
  *end = p;
  return TRUE;
}

/*
 * Accepts "MAJOR.MINOR", "MAJOR.MINOR.PATCH" and the four-part plugin form
 * "MAJOR.MINOR.PATCH.BUILD", optionally followed by a "-SNAPSHOT"-style
 * qualifier. Anything else is refused.
 */
gboolean
cs_version_parse (const char *text,
                  CsVersion  *out)
{
  guint parts[4] = { 0, 0, 0, 0 };
  const char *p = text;
  guint n = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  while (n < G_N_ELEMENTS (parts))
    {
      if (!parse_component (p, &p, &parts[n]))
        return FALSE;
      n++;
      if (*p != '.')
        break;
      p++;
    }

  if (n < 2)
    return FALSE;
  if (*p != '\0' && *p != '-')
    return FALSE;

  out->major = parts[0];
  out->minor = parts[1];
  out->patch = parts[2];
  return TRUE;
}

int
cs_version_compare (const CsVersion *a,
                    const CsVersion *b)
{
  if (a->major != b->major)
    return a->major < b->major ? -1 : 1;
  if (a->minor != b->minor)
    return a->minor < b->minor ? -1 : 1;
  if (a->patch != b->patch)
    return a->patch < b->patch ? -1 : 1;
  return 0;
}

gboolean
cs_version_at_least (const CsVersion *v,
                     guint            major,
                     guint            minor)
{
  CsVersion other = { major, minor, 0 };

  return cs_version_compare (v, &other) >= 0;
}

char *
cs_version_to_string (const CsVersion *v)
{
  return g_strdup_printf ("%u.%u.%u", v->major, v->minor, v->patch);
}
