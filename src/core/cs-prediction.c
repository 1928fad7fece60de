/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-prediction"

#include "config.h"

#include "cs-prediction.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"

#define REMOTE_PREFIX "Error from remote service: "
/* Bedrock's explanations are short; anything longer is cut in sentences. */
#define MAX_QUOTED_CHARS 400

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

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
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
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
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
          json_object_get_string_member_with_default (json_node_get_object (element),
                                                      "type", NULL) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_message (CsPrediction *self,
              JsonObject   *message,
              GError      **error)
{
  JsonArray *content = array_member (message, "content");
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
               array_member (json_node_get_object (response), "content") != NULL)
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

  self->stop_reason = dup_string_member (message, "stop_reason");
  self->model = dup_string_member (message, "model");
  self->message_id = dup_string_member (message, "id");

  usage = object_member (message, "usage");
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
  results = array_member (root, "inference_results");
  if (results == NULL || json_array_get_length (results) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (results, 0)))
    return bad_response (error, _("no inference results")), NULL;
  result = json_array_get_object_element (results, 0);
  outputs = array_member (result, "output");
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
      map = object_member (output, "dataAsMap");
      if (map == NULL)
        continue;
      if (data == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (output, "name", ""),
                     "response") == 0)
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

typedef struct
{
  GBytes   *bytes;
  JsonNode *node;
} ParseData;

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->node, json_node_unref);
  g_free (data);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseData *data = task_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  GError *error = NULL;

  if (data->node != NULL)
    node = g_steal_pointer (&data->node);
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *text = g_bytes_get_data (data->bytes, &length);

      if (!json_parser_load_from_data (parser, text != NULL ? text : "", length, NULL) ||
          json_parser_get_root (parser) == NULL)
        {
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                                   _("The cluster’s answer is not JSON. Look at the raw answer "
                                     "for details."));
          return;
        }
      node = json_parser_steal_root (parser);
    }

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

static void
start_parse (ParseData           *data,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, cs_prediction_parse_async);
  g_task_set_task_data (task, data, (GDestroyNotify) parse_data_free);
  g_task_run_in_thread (task, parse_thread);
}

void
cs_prediction_parse_async (GBytes              *bytes,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ParseData *data = g_new0 (ParseData, 1);

  g_return_if_fail (bytes != NULL);

  data->bytes = g_bytes_ref (bytes);
  start_parse (data, cancellable, callback, user_data);
}

void
cs_prediction_read_async (JsonNode            *response,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ParseData *data = g_new0 (ParseData, 1);

  g_return_if_fail (response != NULL);

  data->node = response;
  start_parse (data, cancellable, callback, user_data);
}

CsPrediction *
cs_prediction_parse_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_prediction_parse_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors */

JsonNode *
cs_prediction_get_response (CsPrediction *self)
{
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  return self->response;
}

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
  JsonObject *block;

  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  block = get_block (self, index);
  g_return_val_if_fail (block != NULL, NULL);
  switch (cs_block_get_kind (block))
    {
    case CS_BLOCK_TEXT:
      return json_object_get_string_member (block, "text");
    case CS_BLOCK_THINKING:
      return json_object_get_string_member (block, "thinking");
    case CS_BLOCK_REDACTED_THINKING:
    case CS_BLOCK_OTHER:
    default:
      return NULL;
    }
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
  return json_object_get_string_member_with_default (block, "signature", NULL);
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
  g_return_val_if_fail (CS_IS_PREDICTION (self), NULL);

  /* A copy, so that editing the conversation never changes the answer. */
  return cs_turn_new_from_content (CS_TURN_ROLE_ASSISTANT,
                                   cs_turn_get_content (self->turn), NULL);
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

/* Errors */

char *
cs_prediction_unwrap_remote_message (const char *reason)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *rest;

  if (reason == NULL || !g_str_has_prefix (reason, REMOTE_PREFIX))
    return NULL;
  rest = reason + strlen (REMOTE_PREFIX);

  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, rest, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *body = json_node_get_object (json_parser_get_root (parser));
      const char *names[] = { "message", "Message", "error_message" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          char *message = dup_string_member (body, names[i]);

          if (message != NULL)
            return g_strstrip (message);
        }
      if (object_member (body, "error") != NULL)
        {
          char *message = dup_string_member (object_member (body, "error"), "message");

          if (message != NULL)
            return g_strstrip (message);
        }
    }
  return g_strstrip (g_strdup (rest));
}

/* What goes between quotes in a sentence: one paragraph, not too long. */
static char *
quotable (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");
  char *cut;

  /* SigV4 mismatch texts go on with the canonical request; keep the first
   * sentence only. */
  if ((cut = strstr (copy, "\n\n")) != NULL)
    *cut = '\0';
  if ((cut = strstr (copy, " The Canonical String")) != NULL)
    *cut = '\0';
  g_strstrip (copy);
  /* Quoted sentences end with their own full stop. */
  if (copy[0] != '\0' && strchr (".!?", copy[strlen (copy) - 1]) == NULL)
    {
      char *with_stop = g_strconcat (copy, ".", NULL);

      g_free (copy);
      copy = with_stop;
    }
  if (g_utf8_strlen (copy, -1) > MAX_QUOTED_CHARS)
    {
      char *end = g_utf8_offset_to_pointer (copy, MAX_QUOTED_CHARS);

      *end = '\0';
      return g_strconcat (copy, "…", NULL);
    }
  return g_steal_pointer (&copy);
}

static gboolean
has (const char *lower,
     const char *needle)
{
  return lower != NULL && strstr (lower, needle) != NULL;
}

static GError *
make (CsPredictFix *fix,
      CsPredictFix  which,
      CsError       code,
      char         *message)
{
  GError *error = g_error_new_literal (CS_ERROR, code, message);

  if (fix != NULL)
    *fix = which;
  g_free (message);
  return error;
}

static GError *
explain_remote (guint         status,
                const char   *message,
                CsPredictFix *fix)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);
  g_autofree char *quoted = quotable (message);

  if (status == 429 || has (lower, "throttl") || has (lower, "too many requests"))
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_THROTTLED,
                 g_strdup (_("Amazon Bedrock is throttling requests for this model. Wait a "
                             "moment and send again; if it keeps happening, raise the model’s "
                             "quota in AWS or add retries to the connector’s client settings.")));

  if (has (lower, "security token included in the request is expired") ||
      has (lower, "expiredtoken") || has (lower, "token has expired"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup (_("The AWS session token in the connector has expired. Update the "
                             "connector with fresh credentials: access key, secret key and "
                             "session token.")));

  if (has (lower, "security token included in the request is invalid") ||
      has (lower, "unrecognizedclient"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup (_("Amazon Bedrock does not recognise the AWS access key in the "
                             "connector. Update the connector with a valid access key and "
                             "secret key.")));

  if (has (lower, "signature we calculated does not match") ||
      has (lower, "signaturedoesnotmatch") || has (lower, "invalidsignature"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup (_("The AWS secret key in the connector does not belong to its access "
                             "key. Update the connector with the matching secret key.")));

  if (has (lower, "not authorized to perform") || has (lower, "don't have access to the model") ||
      has (lower, "do not have access") || has (lower, "accessdenied"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup_printf (_("The connector’s AWS credentials may not call this model. "
                                    "Bedrock said: “%s” Allow bedrock:InvokeModel on the model "
                                    "and its inference profile, and request access to the model "
                                    "in the Bedrock console."), quoted));

  if (status == 403)
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup_printf (_("Amazon Bedrock refused the connector’s AWS credentials: "
                                    "“%s” Update the connector’s credentials."), quoted));

  if (has (lower, "temperature may only be set to 1"))
    return make (fix, CS_PREDICT_FIX_PARAMETERS, CS_ERROR_REMOTE,
                 g_strdup (_("With extended thinking, Claude only accepts a temperature of 1. "
                             "Set the temperature to 1 in the per-call values or in the "
                             "connector.")));

  if (has (lower, "budget_tokens") && (has (lower, "greater than or equal to 1024") ||
                                       has (lower, ">= 1024") || has (lower, "at least 1024")))
    return make (fix, CS_PREDICT_FIX_PARAMETERS, CS_ERROR_REMOTE,
                 g_strdup (_("The thinking budget must be at least 1024 tokens. Raise "
                             "budget_tokens in the per-call values or in the connector.")));

  if (has (lower, "max_tokens") && has (lower, "budget_tokens") && has (lower, "greater"))
    return make (fix, CS_PREDICT_FIX_PARAMETERS, CS_ERROR_REMOTE,
                 g_strdup (_("The maximum number of tokens must be greater than the thinking "
                             "budget. Raise max_tokens or lower budget_tokens in the per-call "
                             "values or in the connector.")));

  if (has (lower, "on-demand throughput") || has (lower, "inference profile"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE,
                 g_strdup (_("Claude 4 models on Bedrock are called through an inference "
                             "profile, not the base model ID. Set the connector’s model to a "
                             "profile ID such as us.anthropic.claude-sonnet-4-20250514-v1:0.")));

  if (has (lower, "model identifier is invalid") || has (lower, "resourcenotfound") ||
      has (lower, "could not resolve the foundation model") ||
      has (lower, "model is not supported in this region"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE,
                 g_strdup_printf (_("Amazon Bedrock does not know the connector’s model in its "
                                    "region: “%s” Check the connector’s model and region."),
                                  quoted));

  if (status >= 500)
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_REMOTE,
                 g_strdup_printf (_("Amazon Bedrock failed to answer: “%s” Send again in a "
                                    "moment."), quoted));

  return make (fix, CS_PREDICT_FIX_NONE, CS_ERROR_REMOTE,
               g_strdup_printf (_("Amazon Bedrock refused the request: “%s”"), quoted));
}

GError *
cs_prediction_explain_reason (guint         status,
                              const char   *type,
                              const char   *reason,
                              CsPredictFix *fix)
{
  g_autofree char *remote = cs_prediction_unwrap_remote_message (reason);
  g_autofree char *lower = reason != NULL ? g_ascii_strdown (reason, -1) : NULL;
  g_autofree char *quoted = quotable (reason);

  if (fix != NULL)
    *fix = CS_PREDICT_FIX_NONE;

  /* ML Commons' own text for Bedrock's ThrottlingException also carries the
   * prefix, without Bedrock's body. */
  if (remote != NULL)
    return explain_remote (status, remote, fix);

  if (status == 401)
    return make (fix, CS_PREDICT_FIX_CONNECTIONS, CS_ERROR_UNAUTHORIZED,
                 g_strdup (_("The cluster did not accept your user name or password. Check the "
                             "connection’s credentials and connect again.")));

  if (g_strcmp0 (type, "security_exception") == 0 || has (lower, "no permissions for"))
    return make (fix, CS_PREDICT_FIX_CONNECTIONS, CS_ERROR_FORBIDDEN,
                 g_strdup (_("Your cluster user may not run predictions. Ask an administrator "
                             "for the permission cluster:admin/opensearch/ml/predict, or connect "
                             "as another user.")));

  if (has (lower, "throttled at model level"))
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_THROTTLED,
                 g_strdup (_("The cluster limits how often this model may be called, and the "
                             "limit is reached. Wait a moment and send again, or raise the "
                             "model’s rate limit.")));

  if (has (lower, "throttled at user level"))
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_THROTTLED,
                 g_strdup (_("The cluster limits how often you may call this model, and the "
                             "limit is reached. Wait a moment and send again, or ask the "
                             "cluster administrator to raise it.")));

  if (has (lower, "some parameter placeholder not filled"))
    {
      const char *names = reason != NULL ? strstr (reason, "payload:") : NULL;
      g_autofree char *list = g_strstrip (g_strdup (names != NULL ? names + strlen ("payload:")
                                                                  : ""));

      return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REJECTED,
                   g_strdup_printf (_("The connector’s request body needs parameters that have "
                                      "no value: %s. Add them to the connector, or remove "
                                      "“${parameters.…}” from the messages."),
                                    list[0] != '\0' ? list : "?"));
    }

  if (has (lower, "invalid payload") || has (lower, "invalid json in payload"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REJECTED,
                 g_strdup (_("The connector’s request body template did not give valid JSON "
                             "with these values. A parameter it needs may be missing, or a text "
                             "that is itself JSON was inserted without quotes. Check the "
                             "connector’s request body and parameters.")));

  if (has (lower, "auto deployment disabled"))
    return make (fix, CS_PREDICT_FIX_MODEL, CS_ERROR_REJECTED,
                 g_strdup (_("The model is not deployed, and it may not be deployed "
                             "automatically. Deploy it on the Models page, then send again.")));

  if (has (lower, "model not ready yet"))
    return make (fix, CS_PREDICT_FIX_MODEL, CS_ERROR_REJECTED,
                 g_strdup (_("The model is not deployed. Deploy it on the Models page, then send "
                             "again.")));

  if (has (lower, "model is disabled"))
    return make (fix, CS_PREDICT_FIX_MODEL, CS_ERROR_REJECTED,
                 g_strdup (_("The model is disabled. Enable it on the Models page, then send "
                             "again.")));

  if (has (lower, "remote inference is currently disabled"))
    return make (fix, CS_PREDICT_FIX_CLUSTER_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("Remote inference is turned off on this cluster. Turn on "
                             "plugins.ml_commons.remote_inference.enabled in Cluster Settings.")));

  if (has (lower, "trusted connector endpoint"))
    return make (fix, CS_PREDICT_FIX_CLUSTER_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("The connector’s Bedrock address is not among the cluster’s "
                             "trusted connector endpoints. Add it in Cluster Settings.")));

  if (has (lower, "private ip address"))
    return make (fix, CS_PREDICT_FIX_CLUSTER_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("The connector’s address resolves to a private IP address, which "
                             "the cluster refuses. Allow private addresses in Cluster Settings "
                             "or use the public Bedrock endpoint.")));

  if (has (lower, "failed to find model") || has (lower, "fail to find model") || status == 404)
    return make (fix, CS_PREDICT_FIX_MODELS_PAGE, CS_ERROR_NOT_FOUND,
                 g_strdup (_("The cluster has no such model, or it is not deployed on the node "
                             "that answered. Pick a deployed model on the Models page.")));

  if (has (lower, "error communicating with remote model") || has (lower, "timed out") ||
      has (lower, "timeout"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_REMOTE,
                 g_strdup_printf (_("The cluster could not get an answer from Amazon Bedrock: "
                                    "“%s” Check the connector’s region and read timeout "
                                    "(extended thinking can take longer than 30 seconds) and "
                                    "the cluster’s network access to AWS."), quoted));

  if (has (lower, "returned error status") || has (lower, "no response from model") ||
      has (lower, "empty response body"))
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_REMOTE,
                 g_strdup (_("Amazon Bedrock answered with an error and no explanation. Send "
                             "again in a moment.")));

  if (has (lower, "fail to execute predict"))
    return make (fix, CS_PREDICT_FIX_CONNECTOR, CS_ERROR_SERVER,
                 g_strdup (_("The cluster could not process Bedrock’s answer. If the connector "
                             "has a response filter or a post-process function, check that it "
                             "fits a Claude 4 answer (thinking blocks come first).")));

  if (has (lower, "guardrails triggered"))
    return make (fix, CS_PREDICT_FIX_NONE, CS_ERROR_REJECTED,
                 g_strdup_printf (_("The model’s guardrails refused the text: “%s”"), quoted));

  if (status == 429)
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_THROTTLED,
                 g_strdup (_("The cluster is too busy to take the request. Wait a moment and "
                             "send again.")));

  if (reason == NULL || reason[0] == '\0')
    return make (fix, status >= 500 ? CS_PREDICT_FIX_RETRY : CS_PREDICT_FIX_NONE,
                 status >= 500 ? CS_ERROR_SERVER : CS_ERROR_REJECTED,
                 g_strdup_printf (_("The cluster refused the prediction (HTTP status %u) without "
                                    "saying why."), status));

  if (status >= 500)
    return make (fix, CS_PREDICT_FIX_RETRY, CS_ERROR_SERVER,
                 g_strdup_printf (_("The cluster failed to run the prediction: “%s” Send again "
                                    "in a moment."), quoted));

  return make (fix, CS_PREDICT_FIX_NONE, CS_ERROR_REJECTED,
               g_strdup_printf (_("The cluster refused the prediction: “%s”"), quoted));
}

GError *
cs_prediction_explain_body (guint         status,
                            JsonNode     *body,
                            CsPredictFix *fix)
{
  const char *type = NULL, *reason = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *root = json_node_get_object (body);
      JsonNode *error = json_object_get_member (root, "error");

      if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
        {
          JsonObject *object = json_node_get_object (error);

          type = json_object_get_string_member_with_default (object, "type", NULL);
          reason = json_object_get_string_member_with_default (object, "reason", NULL);
        }
      else if (error != NULL && JSON_NODE_HOLDS_VALUE (error) &&
               json_node_get_value_type (error) == G_TYPE_STRING)
        reason = json_node_get_string (error);
      else
        reason = json_object_get_string_member_with_default (root, "message", NULL);
    }
  return cs_prediction_explain_reason (status, type, reason, fix);
}
