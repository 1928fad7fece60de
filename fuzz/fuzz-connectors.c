/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-connector-info.h"
#include "cs-connector-spec.h"
#include "cs-fuzz.h"
#include "cs-predict.h"

/* One answer read as a connector search (each hit) and as GET connector
 * (the spec import, the predict defaults and timeout). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = cs_fuzz_string (data, size);
  g_autoptr(JsonNode) root = cs_fuzz_parse (text, size);
  g_autoptr(CsConnectorSpec) spec = NULL;
  CsPredictOverrides defaults = { 0, };
  gboolean thinking = FALSE;
  JsonObject *object;
  JsonNode *hits;

  cs_fuzz_init ();
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  object = json_node_get_object (root);

  spec = cs_connector_spec_new_from_object (object, NULL);
  (void) cs_predict_timeout_for_connector (object);
  cs_predict_defaults_from_connector (object, &defaults, &thinking);

  hits = json_object_get_member (object, "hits");
  if (hits != NULL && JSON_NODE_HOLDS_OBJECT (hits))
    {
      JsonNode *inner = json_object_get_member (json_node_get_object (hits), "hits");

      if (inner != NULL && JSON_NODE_HOLDS_ARRAY (inner))
        {
          JsonArray *array = json_node_get_array (inner);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *hit = json_array_get_element (array, i);
              g_autoptr(CsConnectorInfo) info = NULL;

              if (JSON_NODE_HOLDS_OBJECT (hit))
                info = cs_connector_info_new_from_hit (json_node_get_object (hit));
            }
        }
    }
  return 0;
}
