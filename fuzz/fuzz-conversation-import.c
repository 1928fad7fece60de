/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-conversation.h"
#include "cs-fuzz.h"

/* A conversation file the user imports. Property: what an imported
 * conversation exports imports again to the same export — the same JSON
 * (json_node_equal), not the same text: a file with a repeated member name
 * can leave the members of a kept block in another order after the first
 * import, which changes nothing the conversation means. */
static gboolean
same_json (const char *a,
           const char *b)
{
  g_autoptr(JsonNode) node_a = json_from_string (a, NULL);
  g_autoptr(JsonNode) node_b = json_from_string (b, NULL);

  return node_a != NULL && node_b != NULL && json_node_equal (node_a, node_b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CsConversation) conversation = NULL;
  g_autoptr(CsConversation) again = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *model_again = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *exported_again = NULL;
  g_autofree char *markdown = NULL;
  g_autoptr(JsonNode) body = NULL;

  cs_fuzz_init ();
  conversation = cs_conversation_new_from_json ((const char *) data, (gssize) size, &model_id,
                                                NULL);
  if (conversation == NULL)
    return 0;

  exported = cs_conversation_to_json (conversation, model_id);
  markdown = cs_conversation_to_markdown (conversation, model_id);
  body = cs_conversation_build_predict_body (conversation, NULL, NULL);

  again = cs_conversation_new_from_json (exported, -1, &model_again, NULL);
  if (again == NULL)
    cs_fuzz_fail ("an exported conversation does not import again:\n%s", exported);
  exported_again = cs_conversation_to_json (again, model_again);
  if (!same_json (exported, exported_again))
    cs_fuzz_fail ("export → import → export changed:\n%s\n---\n%s", exported, exported_again);
  return 0;
}
