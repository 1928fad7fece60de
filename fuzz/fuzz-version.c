/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-fuzz.h"
#include "cs-version.h"

/* cs_version_parse: what a cluster's GET / reports as version.number. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = cs_fuzz_string (data, size);
  CsVersion version;

  cs_fuzz_init ();
  if (cs_version_parse (text, &version))
    {
      g_autofree char *again = cs_version_to_string (&version);
      CsVersion reparsed;

      /* Property: what it prints reads back as the same version. */
      if (!cs_version_parse (again, &reparsed) || cs_version_compare (&version, &reparsed) != 0)
        cs_fuzz_fail ("version %s does not read back", again);
      (void) cs_version_at_least (&version, 2, 10);
    }
  return 0;
}
