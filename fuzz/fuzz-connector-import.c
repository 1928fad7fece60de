/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-connector-spec.h"
#include "cs-fuzz.h"
#include "cs-payload.h"

/* A connector file or pasted _create body, as the Connectors page imports
 * it, then everything the page shows of it. Properties: the body an import
 * builds imports again to the same body; the masked views are UTF-8. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = cs_fuzz_string (data, size);
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(CsConnectorSpec) again = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) body_again = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonObject) sample = NULL;
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *curl = NULL;

  cs_fuzz_init ();
  spec = cs_connector_spec_new_from_json (text, NULL);
  if (spec == NULL)
    return 0;

  body = cs_connector_spec_build_body (spec, FALSE);
  body_text = json_to_string (body, FALSE);
  again = cs_connector_spec_new_from_json (body_text, NULL);
  if (again == NULL)
    cs_fuzz_fail ("a built body does not import again:\n%s", body_text);
  body_again = cs_connector_spec_build_body (again, FALSE);
  again_text = json_to_string (body_again, FALSE);
  /* The same JSON (member order does not matter to ML Commons). */
  if (!json_node_equal (body, body_again))
    cs_fuzz_fail ("import → body → import changed the body:\n%s\n---\n%s", body_text,
                  again_text);

  masked = cs_connector_spec_build_body (spec, TRUE);
  json = cs_connector_spec_to_json (spec, TRUE);
  curl = cs_connector_spec_to_curl (spec, "https://user:pw@localhost:9200/");
  if (!g_str_has_prefix (curl, "curl -X POST 'https://localhost:9200/_plugins/"))
    cs_fuzz_fail ("the curl text keeps the URL's user info:\n%s", curl);
  sample = cs_payload_sample_predict_parameters ();
  preview = cs_payload_preview_new (json_node_get_object (masked), sample, NULL);
  if (!g_utf8_validate (preview->body, -1, NULL))
    cs_fuzz_fail ("the payload preview is not UTF-8");
  return 0;
}
