/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-cluster-probe.h"
#include "cs-fuzz.h"

/* The answers of GET / and (after a NUL byte) GET _cat/plugins. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *plugins_text = NULL;
  g_autofree char *root_text = cs_fuzz_split (data, size, &plugins_text);
  g_autoptr(JsonNode) root = cs_fuzz_parse (root_text, strlen (root_text));
  g_autoptr(JsonNode) plugins = NULL;

  cs_fuzz_init ();
  if (root == NULL)
    return 0;
  if (plugins_text != NULL)
    plugins = cs_fuzz_parse (plugins_text, strlen (plugins_text));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CsClusterInfo) info = NULL;

      info = cs_cluster_info_from_json (root, plugins,
                                        i == 0 ? "https://localhost:9200"
                                               : "https://search-x.us-east-1.es.amazonaws.com",
                                        i == 1, NULL);
      if (info != NULL)
        {
          g_autoptr(CsClusterInfo) copy = cs_cluster_info_copy (info);

          (void) copy;
        }
    }
  return 0;
}
