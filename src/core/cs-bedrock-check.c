/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-bedrock-check"

#include "config.h"

#include "cs-bedrock-check.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"
#include "cs-model-rules.h"

void
cs_bedrock_check_result_free (CsBedrockCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->message);
  g_free (result->bedrock_message);
  g_free (result->error_type);
  g_free (result);
}

static gint64
int_member (JsonObject *obj,
            const char *name)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return -1;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = cs_json_to_data (node, FALSE);
  JsonNode *copy = cs_json_parse (text, -1, G_MAXSIZE, NULL);

  return copy != NULL ? copy : json_node_copy (node);
}

JsonNode *
cs_bedrock_check_body (JsonNode   *body,
                       const char *model_id)
{
  g_autoptr(CsModelRules) rules = NULL;
  JsonNode *copy;
  JsonObject *obj;
  JsonNode *thinking_node;
  JsonObject *thinking = NULL;
  gint64 max_tokens;

  g_return_val_if_fail (body != NULL, NULL);

  /* A deep copy: json_node_copy() shares the object, which belongs to the caller. */
  copy = deep_copy (body);
  if (!JSON_NODE_HOLDS_OBJECT (copy))
    return copy;
  obj = json_node_get_object (copy);
  rules = model_id != NULL ? cs_model_rules_lookup (model_id) : NULL;
  max_tokens = int_member (obj, "max_tokens");
  if (rules != NULL && max_tokens > cs_model_rules_get_max_output_tokens (rules))
    return copy;

  thinking_node = json_object_get_member (obj, "thinking");
  if (thinking_node != NULL && JSON_NODE_HOLDS_OBJECT (thinking_node))
    thinking = json_node_get_object (thinking_node);
  if (thinking != NULL && g_strcmp0 (cs_json_get_string (thinking, "type"), "enabled") == 0
      && int_member (thinking, "budget_tokens") >= CS_MODEL_RULES_MIN_BUDGET_TOKENS)
    {
      json_object_set_int_member (thinking, "budget_tokens", CS_MODEL_RULES_MIN_BUDGET_TOKENS);
      json_object_set_int_member (obj, "max_tokens",
                                  CS_MODEL_RULES_MIN_BUDGET_TOKENS + CS_BEDROCK_CHECK_MAX_TOKENS);
    }
  else if (thinking == NULL || !json_object_has_member (thinking, "budget_tokens"))
    json_object_set_int_member (obj, "max_tokens", CS_BEDROCK_CHECK_MAX_TOKENS);
  return copy;
}

typedef struct
{
  SoupSession *session;
  SoupMessage *msg;
  char        *model_id;
  char        *region;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->session);
  g_free (data->model_id);
  g_free (data->region);
  g_free (data);
}

static void
send_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  CsBedrockCheckResult *result;

  bytes = soup_session_send_and_read_finish (data->session, res, &error);
  if (bytes == NULL)
    {
      g_autoptr(GError) mapped = cs_error_from_transport (error);

      if (g_error_matches (mapped, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&mapped));
          return;
        }
      result = g_new0 (CsBedrockCheckResult, 1);
      result->outcome = CS_BEDROCK_FAILED_OFFLINE;
      result->message = g_strdup_printf (_("Bedrock could not be reached, so nothing was "
                                           "checked. %s"), mapped->message);
      g_task_return_pointer (task, result, (GDestroyNotify) cs_bedrock_check_result_free);
      return;
    }

  result = g_new0 (CsBedrockCheckResult, 1);
  result->status = soup_message_get_status (data->msg);
  root = cs_json_parse (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), 0,
                        NULL);

  if (result->status >= 200 && result->status < 300)
    {
      JsonObject *obj = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                        ? json_node_get_object (root) : NULL;
      JsonNode *usage_node = obj != NULL ? json_object_get_member (obj, "usage") : NULL;
      JsonObject *usage = usage_node != NULL && JSON_NODE_HOLDS_OBJECT (usage_node)
                          ? json_node_get_object (usage_node) : NULL;

      if (usage == NULL)
        {
          result->outcome = CS_BEDROCK_FAILED_OTHER;
          result->message = g_strdup (_("Bedrock accepted the call but its answer could not be "
                                        "read. Try the check again later."));
        }
      else
        {
          result->outcome = CS_BEDROCK_OK;
          result->input_tokens = MAX (int_member (usage, "input_tokens"), 0);
          result->output_tokens = MAX (int_member (usage, "output_tokens"), 0);
          result->message = g_strdup_printf (
            _("Bedrock accepted the keys, the access to %s, its inference profile and the body "
              "in %s. The check used %lld input and %lld output tokens."),
            data->model_id, data->region, (long long) result->input_tokens,
            (long long) result->output_tokens);
        }
    }
  else
    {
      cs_bedrock_read_error (data->msg, root, &result->error_type, &result->bedrock_message);
      result->outcome = cs_bedrock_classify (result->status, result->error_type,
                                             result->bedrock_message, "bedrock:InvokeModel",
                                             data->region, data->model_id, &result->message);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) cs_bedrock_check_result_free);
}

void
cs_bedrock_check_async (const CsBedrockKeys      *keys,
                        const char               *region,
                        const CsBedrockEndpoints *endpoints,
                        const char               *model_id,
                        JsonNode                 *body,
                        GCancellable             *cancellable,
                        GAsyncReadyCallback       callback,
                        gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) small = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  CheckData *data;
  char *text;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_bedrock_check_async);

  if (model_id == NULL || *model_id == '\0' || body == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT, "%s",
                               _("Choose a model and fill in the connector before checking it "
                                 "with Bedrock."));
      return;
    }

  small = cs_bedrock_check_body (body, model_id);
  json_generator_set_root (generator, small);
  text = json_generator_to_data (generator, NULL);
  bytes = g_bytes_new_take (text, strlen (text));
  escaped = g_uri_escape_string (model_id, NULL, FALSE);
  path = g_strconcat ("/model/", escaped, "/invoke", NULL);

  data = g_new0 (CheckData, 1);
  data->model_id = g_strdup (model_id);
  data->region = g_strdup (region);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  data->msg = cs_bedrock_signed_message (keys, region, endpoints, CS_BEDROCK_SERVICE_RUNTIME,
                                         "POST", path, NULL, bytes, &error);
  if (data->msg == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->session = cs_bedrock_session_new (endpoints);
  soup_session_send_and_read_async (data->session, data->msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_cb, g_steal_pointer (&task));
}

CsBedrockCheckResult *
cs_bedrock_check_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_bedrock_check_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
