/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-fuzz.h"
#include "cs-trusted-endpoints.h"

/* The answer of GET _cluster/settings (trusted connector endpoints). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = cs_fuzz_string (data, size);
  g_autoptr(JsonNode) root = cs_fuzz_parse (text, size);
  CsVersion version;

  cs_fuzz_init ();
  if (root == NULL)
    return 0;

  if (!cs_version_parse ("2.17.0", &version))
    cs_fuzz_fail ("version");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CsTrustedList) list = NULL;

      list = i == 0 ? cs_trusted_list_new_from_settings (root, NULL)
                    : cs_trusted_list_new_from_settings_for_version (root, &version, NULL);
      if (list != NULL)
        {
          g_autoptr(JsonNode) put = NULL;

          (void) cs_trusted_list_match (list, "https://bedrock-runtime.us-east-1.amazonaws.com/");
          (void) cs_trusted_list_contains (list, "^https://x$");
          put = cs_trusted_list_build_put_body (list, "^https://added\\.example$", "^https://.*$");
          (void) put;
        }
    }
  return 0;
}
