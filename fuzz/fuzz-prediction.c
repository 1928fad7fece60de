/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-fuzz.h"
#include "cs-prediction.h"
#include "cs-turn.h"

/* A _predict answer. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = cs_fuzz_string (data, size);
  g_autoptr(JsonNode) root = cs_fuzz_parse (text, size);
  g_autoptr(CsPrediction) prediction = NULL;

  cs_fuzz_init ();
  if (root == NULL)
    return 0;
  prediction = cs_prediction_new_from_json (root, NULL);
  if (prediction != NULL)
    {
      g_autofree char *answer = cs_prediction_dup_answer_text (prediction);
      g_autoptr(CsTurn) turn = cs_prediction_to_turn (prediction);

      (void) answer;
      (void) turn;

      for (guint i = 0; i < cs_prediction_get_n_blocks (prediction); i++)
        {
          (void) cs_prediction_get_block_kind (prediction, i);
          (void) cs_prediction_get_block_text (prediction, i);
        }
      (void) cs_prediction_describe_stop_reason (prediction);
    }
  return 0;
}
