/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-prediction"

#include "config.h"

#include "cs-prediction.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-error.h"
#include "cs-json.h"


struct _CsPrediction
{
  GObject   parent_instance;

  JsonNode *response;
  CsTurn   *turn;         /* the content blocks, validated */
  char     *stop_reason;
  char     *model;
  char     *message_id;
  CsUsage   usage;
  gint64    latency_ms;
  char     *raw_text;
};

G_DEFINE_FINAL_TYPE (CsPrediction, cs_prediction, G_TYPE_OBJECT)

static void
cs_prediction_finalize (GObject *object)
{
  CsPrediction *self = CS_PREDICTION (object);

  g_clear_pointer (&self->response, json_node_unref);
  g_clear_object (&self->turn);
  g_clear_pointer (&self->stop_reason, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->raw_text, g_free);

  G_OBJECT_CLASS (cs_prediction_parent_class)->finalize (object);
}

static void
cs_prediction_class_init (CsPredictionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_prediction_finalize;
}

static void
cs_prediction_init (CsPrediction *self)
{
  self->usage.input_tokens = -1;
  self->usage.output_tokens = -1;
  self->usage.cache_creation_input_tokens = -1;
  self->usage.cache_read_input_tokens = -1;
  self->latency_ms = -1;
}

/* Reading */

static gboolean
bad_response (GError    **error,
              const char *what)
{
  g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
               _("The cluster’s answer is not a prediction (%s). Look at the raw answer for "
                 "details."), what);
  return FALSE;
}

/* A token count: 9 or 9.0 (Gson turns every number into a double). */
static gint64
read_count (JsonObject *usage,
            const char *name)
{
  JsonNode *node = json_object_get_member (usage, name);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return MAX (json_node_get_int (node), -1);
    case G_TYPE_DOUBLE:
      value = json_node_get_double (node);
      if (!isfinite (value) || value < 0 || value > (double) G_MAXINT64 || floor (value) != value)
        return -1;
      return (gint64) value;
    default:
      return -1;
    }
}

static JsonNode *
text_block (const char *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
to_json_text (JsonNode *node,
              gboolean  pretty)
{
  /* Never "1e+96.0" or "inf.0": the raw answer may be copied and re-read. */
  return cs_json_to_data (node, pretty);
}

static gboolean
looks_like_blocks (JsonArray *array)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          cs_json_get_string (json_node_get_object (element), "type") == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_message (CsPrediction *self,
              JsonObject   *message,
              GError      **error)
{
  JsonArray *content = cs_json_get_array (message, "content");
  JsonObject *usage;

  if (content == NULL)
    {
      JsonNode *response = json_object_get_member (message, "response");
      g_autoptr(JsonArray) made = json_array_new ();

      if (response == NULL)
        {
          /* A shape we do not know (a response filter that picked an
           * object, say): show it as it is. */
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          g_autofree char *text = NULL;

          json_node_set_object (node, message);
          text = to_json_text (node, TRUE);
          json_array_add_element (made, text_block (text));
        }
      else if (JSON_NODE_HOLDS_VALUE (response) &&
               json_node_get_value_type (response) == G_TYPE_STRING)
        json_array_add_element (made, text_block (json_node_get_string (response)));
      else if (JSON_NODE_HOLDS_ARRAY (response) &&
               looks_like_blocks (json_node_get_array (response)))
        {
          JsonArray *blocks = json_node_get_array (response);

          for (guint i = 0; i < json_array_get_length (blocks); i++)
            json_array_add_element (made, json_node_copy (json_array_get_element (blocks, i)));
        }
      else if (JSON_NODE_HOLDS_OBJECT (response) &&
               cs_json_get_array (json_node_get_object (response), "content") != NULL)
        return read_message (self, json_node_get_object (response), error);
      else
        {
          g_autofree char *text = to_json_text (response, TRUE);

          json_array_add_element (made, text_block (text));
        }

      self->turn = cs_turn_new_from_content (CS_TURN_ROLE_ASSISTANT, made, error);
      return self->turn != NULL;
    }

  self->turn = cs_turn_new_from_content (CS_TURN_ROLE_ASSISTANT, content, error);
  if (self->turn == NULL)
    return FALSE;

  self->stop_reason = cs_json_dup_string (message, "stop_reason");
  self->model = cs_json_dup_string (message, "model");
  self->message_id = cs_json_dup_string (message, "id");

  usage = cs_json_get_object (message, "usage");
  if (usage != NULL)
    {
      self->usage.input_tokens = read_count (usage, "input_tokens");
      self->usage.output_tokens = read_count (usage, "output_tokens");
      self->usage.cache_creation_input_tokens = read_count (usage, "cache_creation_input_tokens");
      self->usage.cache_read_input_tokens = read_count (usage, "cache_read_input_tokens");
    }
  return TRUE;
}

CsPrediction *
cs_prediction_new_from_json (JsonNode  *response,
                             GError   **error)
{
  g_autoptr(CsPrediction) self = NULL;
  JsonArray *results, *outputs;
  JsonObject *root, *result, *data = NULL;

  g_return_val_if_fail (response != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (response))
    return bad_response (error, _("not a JSON object")), NULL;
  root = json_node_get_object (response);
  results = cs_json_get_array (root, "inference_results");
  if (results == NULL || json_array_get_length (results) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (results, 0)))
    return bad_response (error, _("no inference results")), NULL;
  result = json_array_get_object_element (results, 0);
  outputs = cs_json_get_array (result, "output");
  if (outputs == NULL)
    return bad_response (error, _("no output")), NULL;

  /* The tensor named "response", else the first with a dataAsMap. */
  for (guint i = 0; i < json_array_get_length (outputs); i++)
    {
      JsonNode *element = json_array_get_element (outputs, i);
      JsonObject *output, *map;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      output = json_node_get_object (element);
      map = cs_json_get_object (output, "dataAsMap");
      if (map == NULL)
        continue;
      if (data == NULL ||
          g_strcmp0 (cs_json_get_string (output, "name"), "response") == 0)
        data = map;
    }
  if (data == NULL)
    return bad_response (error, _("no dataAsMap")), NULL;

  self = g_object_new (CS_TYPE_PREDICTION, NULL);
  self->response = json_node_ref (response);
  if (!read_message (self, data, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* In a worker thread */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JsonNode *node = task_data;
  g_autoptr(CsPrediction) prediction = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  prediction = cs_prediction_new_from_json (node, &error);
  if (prediction == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  prediction->raw_text = to_json_text (node, TRUE);
  g_task_return_pointer (task, g_steal_pointer (&prediction), g_object_unref);
}

void
cs_prediction_read_async (JsonNode            *response,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (response != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_prediction_read_async);
  g_task_set_task_data (task, response, (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (task, read_thread);
}

CsPrediction *
cs_prediction_read_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_prediction_read_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors */

const char *
cs_prediction_get_raw_text (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  if (self->raw_text == NULL)
    self->raw_text = to_json_text (self->response, TRUE);
  return self->raw_text;
}

JsonArray *
cs_prediction_get_content (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  return cs_turn_get_content (self->turn);
}

guint
cs_prediction_get_n_blocks (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), 0);

  return json_array_get_length (cs_turn_get_content (self->turn));
}

static JsonObject *
get_block (CsPrediction *self,
           guint         index)
{
  JsonArray *content = cs_turn_get_content (self->turn);

  if (index >= json_array_get_length (content))
    return NULL;
  return json_array_get_object_element (content, index);
}

CsBlockKind
cs_prediction_get_block_kind (CsPrediction *self,
                              guint         index)
{
  JsonObject *block;

  g_return_val_if_fail (CS_IS_PREDICTION (self), CS_BLOCK_OTHER);

  block = get_block (self, index);
  g_return_val_if_fail (block != NULL, CS_BLOCK_OTHER);
  return cs_block_get_kind (block);
}

const char *
cs_prediction_get_block_text (CsPrediction *self,
                              guint         index)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);
  g_return_val_if_fail (index < cs_turn_get_n_blocks (self->turn), NULL);

  return cs_turn_get_block_text (self->turn, index);
}

const char *
cs_prediction_get_block_signature (CsPrediction *self,
                                   guint         index)
{
  JsonObject *block;

  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  block = get_block (self, index);
  g_return_val_if_fail (block != NULL, NULL);
  if (cs_block_get_kind (block) != CS_BLOCK_THINKING)
    return NULL;
  return cs_json_get_string (block, "signature");
}

char *
cs_prediction_dup_answer_text (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  return cs_turn_dup_text (self->turn);
}

const char *
cs_prediction_get_stop_reason (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  return self->stop_reason;
}

const char *
cs_prediction_get_model (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  return self->model;
}

const char *
cs_prediction_get_message_id (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  return self->message_id;
}

const char *
cs_prediction_describe_stop_reason (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  if (self->stop_reason == NULL)
    return NULL;
  if (g_str_equal (self->stop_reason, "end_turn"))
    return _("Claude finished its answer.");
  if (g_str_equal (self->stop_reason, "max_tokens"))
    return _("The answer was cut off at the maximum number of tokens. Raise max_tokens to "
             "get all of it.");
  if (g_str_equal (self->stop_reason, "stop_sequence"))
    return _("The answer ended at a stop sequence.");
  if (g_str_equal (self->stop_reason, "tool_use"))
    return _("Claude asked to use a tool, which the playground does not run.");
  if (g_str_equal (self->stop_reason, "pause_turn"))
    return _("Claude paused its turn. Send again to let it continue.");
  if (g_str_equal (self->stop_reason, "refusal"))
    return _("Claude declined to answer.");
  return NULL;
}

void
cs_prediction_get_usage (CsPrediction *self,
                         CsUsage      *usage)
{
  g_return_if_fail (CS_IS_PREDICTION (self));
  g_return_if_fail (usage != NULL);

  *usage = self->usage;
}

CsTurn *
cs_prediction_to_turn (CsPrediction *self)
{
  CsTurn *turn;

  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  /* A copy, so that editing the conversation never changes the answer. */
  turn = cs_turn_new_from_content (CS_TURN_ROLE_ASSISTANT, cs_turn_get_content (self->turn),
                                   NULL);
  cs_turn_set_prediction (turn, self);
  return turn;
}

gint64
cs_prediction_get_latency_ms (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), -1);

  return self->latency_ms;
}

void
cs_prediction_set_latency_ms (CsPrediction *self,
                              gint64        latency_ms)
{
  g_return_if_fail (CS_IS_PREDICTION (self));

  self->latency_ms = latency_ms;
}
