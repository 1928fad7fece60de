/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-fuzz.h"
#include "cs-payload.h"

/* The payload renderer on its own: byte 0 picks the ML Commons version and
 * whether the sample predict parameters are used; then a connector object,
 * and after a NUL byte, optionally, predict parameters. Property: the
 * rendered body and URL are UTF-8. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const versions[] = { NULL, "2.9.0", "2.10.0", "2.12.0", "2.17.0", "3.0.0",
                                           "3.3.0" };
  g_autofree char *predict_text = NULL;
  g_autofree char *connector_text = NULL;
  g_autoptr(JsonNode) connector = NULL;
  g_autoptr(JsonNode) predict = NULL;
  g_autoptr(JsonObject) sample = NULL;
  g_autoptr(CsPayloadPreview) preview = NULL;
  JsonObject *parameters = NULL;
  CsVersion version;
  const char *version_text;

  cs_fuzz_init ();
  if (size < 1)
    return 0;
  version_text = versions[(data[0] & 0x7f) % G_N_ELEMENTS (versions)];
  connector_text = cs_fuzz_split (data + 1, size - 1, &predict_text);
  connector = cs_fuzz_parse (connector_text, strlen (connector_text));
  if (connector == NULL || !JSON_NODE_HOLDS_OBJECT (connector))
    return 0;

  if (predict_text != NULL)
    {
      predict = cs_fuzz_parse (predict_text, strlen (predict_text));
      if (predict != NULL && JSON_NODE_HOLDS_OBJECT (predict))
        parameters = json_node_get_object (predict);
    }
  else if (data[0] & 0x80)
    parameters = sample = cs_payload_sample_predict_parameters ();

  if (version_text != NULL && !cs_version_parse (version_text, &version))
    cs_fuzz_fail ("version %s", version_text);
  preview = cs_payload_preview_new (json_node_get_object (connector), parameters,
                                    version_text != NULL ? &version : NULL);
  if (preview->body == NULL || !g_utf8_validate (preview->body, -1, NULL))
    cs_fuzz_fail ("the rendered body is not UTF-8");
  if (preview->url != NULL && !g_utf8_validate (preview->url, -1, NULL))
    cs_fuzz_fail ("the rendered URL is not UTF-8");
  if (preview->unfilled == NULL)
    cs_fuzz_fail ("no unfilled list");
  return 0;
}
