/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-fuzz.h"
#include "cs-model-info.h"
#include "cs-task-info.h"

static void
read_model (const char *id,
            JsonObject *source)
{
  g_autoptr(CsModelInfo) model = cs_model_info_new_from_json (id, source, NULL);

  if (model != NULL)
    {
      (void) cs_model_info_is_deployed (model);
      (void) cs_model_info_is_busy (model);
      (void) cs_model_info_blocks_delete (model);
    }
}

/* One answer read three ways: as a model search (hits → _source, as
 * cs_models_search reads it), as GET model and as GET task. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = cs_fuzz_string (data, size);
  g_autoptr(JsonNode) root = cs_fuzz_parse (text, size);
  g_autoptr(CsTaskInfo) task = NULL;
  JsonObject *object;
  JsonNode *hits;

  cs_fuzz_init ();
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  object = json_node_get_object (root);

  read_model ("model-id", object);
  task = cs_task_info_new_from_json ("task-id", object, NULL);
  if (task != NULL)
    {
      (void) cs_task_info_is_done (task);
      (void) cs_task_info_is_failed (task);
    }

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
              JsonNode *id, *source;

              if (!JSON_NODE_HOLDS_OBJECT (hit))
                continue;
              id = json_object_get_member (json_node_get_object (hit), "_id");
              source = json_object_get_member (json_node_get_object (hit), "_source");
              if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING ||
                  source == NULL || !JSON_NODE_HOLDS_OBJECT (source))
                continue;
              read_model (json_node_get_string (id), json_node_get_object (source));
            }
        }
    }
  return 0;
}
