/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ML Commons' predict for a remote aws_sigv4 connector (mlcommons-api.md §5): render the
 * PREDICT action's URL and body, check the URL (≥3.7), call the simulated Bedrock, and turn its
 * answer into the §5.2 envelope or the §5.5 errors. */
#define G_LOG_DOMAIN "sb-predict"

#include "config.h"

#include "sb-predict.h"

#include <string.h>

#include "sb-bedrock.h"
#include "sb-error.h"
#include "sb-json.h"
#include "sb-render.h"

#define THROTTLED \
  "Error from remote service: The request was denied due to remote server throttling. To change " \
  "the retry policy and behavior, please update the connector client_config."

static gboolean
at_least (const SbPredictContext *ctx,
          guint                   major,
          guint                   minor)
{
  return sb_render_version_at_least (ctx->major, ctx->minor, major, minor);
}

/* Gson parses the remote body ≤3.4, and the transport layer re-serializes with Gson. */
static gboolean
numbers_as_doubles (const SbPredictContext *ctx)
{
  return !at_least (ctx, 3, 5) || ctx->transported;
}

static guint
fail (JsonNode  **response,
      const char *type,
      const char *reason,
      guint       status)
{
  *response = sb_error_envelope (type, reason, status);
  return status;
}

static guint
fail_render (JsonNode     **response,
             const GError  *error)
{
  return fail (response, sb_render_error_type (error), error->message,
               sb_render_error_status (error));
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The first action whose type is PREDICT (ML Commons does not refuse duplicates). */
static JsonObject *
find_predict_action (JsonObject *connector)
{
  JsonNode *node = json_object_get_member (connector, "actions");
  JsonArray *actions;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  actions = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonNode *element = json_array_get_element (actions, i);
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      type = string_member (json_node_get_object (element), "action_type");
      if (type != NULL && g_ascii_strcasecmp (type, "predict") == 0)
        return json_node_get_object (element);
    }
  return NULL;
}

/* Gson (≤3.4) reads every JSON number as a Double. */
static JsonNode *
copy_with_doubles (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *source = json_node_get_object (node);
        JsonObject *copy = json_object_new ();
        /* json_object_get_members keeps the document's order (JsonObjectIter does not). */
        g_autoptr(GList) names = json_object_get_members (source);
        JsonNode *result;

        for (GList *l = names; l != NULL; l = l->next)
          json_object_set_member (copy, l->data,
                                  copy_with_doubles (json_object_get_member (source, l->data)));
        result = json_node_init_object (json_node_alloc (), copy);
        json_object_unref (copy);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (source));
        JsonNode *result;

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (copy, copy_with_doubles (json_array_get_element (source, i)));
        result = json_node_init_array (json_node_alloc (), copy);
        json_array_unref (copy);
        return result;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return json_node_init_double (json_node_alloc (), (double) json_node_get_int (node));
      return json_node_copy (node);
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL) || json_parser_get_root (parser) == NULL)
    return NULL;
  return json_parser_steal_root (parser);
}

static JsonNode *
wrap_response (JsonNode *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_member (object, "response", value);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* AbstractConnector.parseResponse on text: an object becomes dataAsMap, an array
 * {"response":[…]}, anything else {"response":"<text>"}. gson: numbers become doubles. */
static JsonNode *
data_from_text (const char *text,
                gboolean    gson)
{
  g_autoptr(JsonNode) parsed = NULL;
  JsonNode *data;

  if (!sb_render_is_json (text) || (parsed = parse_text (text)) == NULL)
    return wrap_response (json_node_init_string (json_node_alloc (), text));
  data = gson ? copy_with_doubles (parsed) : json_node_copy (parsed);
  if (JSON_NODE_HOLDS_ARRAY (data))
    return wrap_response (data);
  return data;
}

/* ---- the JSONPath subset of response_filter --------------------------------------------- */

/* $, .name, ['name'], ["name"], [N] */

typedef struct
{
  char  *name;   /* member name, or NULL for an index */
  gint64 index;
} PathStep;

static void
path_step_clear (gpointer data)
{
  g_free (((PathStep *) data)->name);
}

static GArray *
parse_path (const char *path)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (PathStep));
  const char *p = path;

  g_array_set_clear_func (steps, path_step_clear);
  if (*p != '$')
    goto bad;
  p++;
  while (*p != '\0')
    {
      PathStep step = { NULL, 0 };

      if (*p == '.')
        {
          const char *start = ++p;

          while (*p != '\0' && *p != '.' && *p != '[')
            p++;
          if (p == start)
            goto bad;
          step.name = g_strndup (start, p - start);
        }
      else if (*p == '[' && (p[1] == '\'' || p[1] == '"'))
        {
          char quote = p[1];
          const char *start = p + 2;
          const char *end = strchr (start, quote);

          if (end == NULL || end[1] != ']')
            goto bad;
          step.name = g_strndup (start, end - start);
          p = end + 2;
        }
      else if (*p == '[' && g_ascii_isdigit (p[1]))
        {
          char *end = NULL;

          step.index = g_ascii_strtoll (p + 1, &end, 10);
          if (end == NULL || *end != ']')
            goto bad;
          p = end + 1;
        }
      else
        goto bad;
      g_array_append_val (steps, step);
    }
  return steps;

bad:
  g_array_unref (steps);
  return NULL;
}

/* Jayway's rendering of a path: $['content'][0]['text']. */
static char *
format_path (GArray *steps)
{
  GString *out = g_string_new ("$");

  for (guint i = 0; i < steps->len; i++)
    {
      PathStep *step = &g_array_index (steps, PathStep, i);

      if (step->name != NULL)
        g_string_append_printf (out, "['%s']", step->name);
      else
        g_string_append_printf (out, "[%" G_GINT64_FORMAT "]", step->index);
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
follow_path (JsonNode *root,
             GArray   *steps)
{
  JsonNode *node = root;

  for (guint i = 0; i < steps->len && node != NULL; i++)
    {
      PathStep *step = &g_array_index (steps, PathStep, i);

      if (step->name != NULL)
        node = JSON_NODE_HOLDS_OBJECT (node)
               ? json_object_get_member (json_node_get_object (node), step->name) : NULL;
      else if (JSON_NODE_HOLDS_ARRAY (node)
               && step->index < json_array_get_length (json_node_get_array (node)))
        node = json_array_get_element (json_node_get_array (node), (guint) step->index);
      else
        node = NULL;
    }
  return node;
}

static guint
fail_path (const SbPredictContext *ctx,
           JsonNode              **response,
           const char             *cause)
{
  JsonObject *error;
  JsonObject *caused_by = json_object_new ();

  fail (response, "m_l_exception", "Fail to execute predict in aws connector", 500);
  json_object_set_string_member (caused_by, "type", "path_not_found_exception");
  json_object_set_string_member (caused_by, "reason", cause);
  error = json_object_get_object_member (json_node_get_object (*response), "error");
  json_object_set_object_member (error, "caused_by", caused_by);
  return 500;
}

/* Applies response_filter; returns the dataAsMap, or NULL with *status and *response set. */
static JsonNode *
filtered_data (const SbPredictContext *ctx,
               const char             *body,
               const char             *filter,
               guint                  *status,
               JsonNode              **response)
{
  g_autoptr(GArray) steps = parse_path (filter);
  g_autoptr(JsonNode) root = parse_text (body);
  JsonNode *found = NULL;

  if (steps != NULL && root != NULL)
    found = follow_path (root, steps);

  if (found == NULL)
    {
      g_autofree char *cause = NULL;

      if (at_least (ctx, 3, 7))
        return data_from_text (body, numbers_as_doubles (ctx));
      if (steps == NULL)
        cause = g_strdup_printf ("Could not parse path: %s", filter);
      else
        {
          g_autofree char *formatted = format_path (steps);

          cause = g_strdup_printf ("No results for path: %s", formatted);
        }
      *status = fail_path (ctx, response, cause);
      return NULL;
    }

  if (JSON_NODE_HOLDS_VALUE (found) && json_node_get_value_type (found) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (found);

      if (sb_render_is_json (text))
        return data_from_text (text, numbers_as_doubles (ctx));
      return wrap_response (json_node_copy (found));
    }
  /* json-smart's own map keeps integers, until a transport hop. */
  if (JSON_NODE_HOLDS_OBJECT (found))
    return ctx->transported ? copy_with_doubles (found) : json_node_copy (found);
  return wrap_response (ctx->transported ? copy_with_doubles (found) : json_node_copy (found));
}

static JsonNode *
success_envelope (const SbPredictContext *ctx,
                  JsonNode               *data,
                  guint                   status)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "inference_results");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "output");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "response");
  json_builder_set_member_name (b, "dataAsMap");
  json_builder_add_value (b, data);
  json_builder_end_object (b);
  json_builder_end_array (b);
  if (at_least (ctx, 2, 11))
    {
      json_builder_set_member_name (b, "status_code");
      json_builder_add_int_value (b, status);
    }
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* MLSdkAsyncHttpResponseHandler: the remote answer as ML Commons reports it. */
static guint
handle_answer (const SbPredictContext  *ctx,
               const SbBedrockResponse *answer,
               GHashTable              *parameters,
               JsonNode               **response)
{
  const char *filter;
  JsonNode *data;
  guint status = 0;

  if (answer->no_response)
    {
      g_autofree char *reason = g_strconcat ("Error communicating with remote model: ",
                                             answer->failure, NULL);

      return fail (response, "status_exception", reason, 500);
    }

  if (answer->status < 200 || answer->status > 300)
    {
      g_autofree char *reason = NULL;

      if (at_least (ctx, 2, 15) && answer->error_type != NULL
          && g_str_has_prefix (answer->error_type, "ThrottlingException"))
        return fail (response, "remote_connector_throttling_exception", THROTTLED, answer->status);
      if (answer->body == NULL || *answer->body == '\0')
        {
          if (!at_least (ctx, 3, 2))
            return fail (response, "status_exception", "No response from model", 400);
          reason = g_strdup_printf ("Remote service returned error status %u with empty body",
                                    answer->status);
          return fail (response, "status_exception", reason, answer->status);
        }
      reason = g_strconcat ("Error from remote service: ", answer->body, NULL);
      return fail (response, "status_exception", reason, answer->status);
    }

  if (answer->body == NULL || *answer->body == '\0')
    {
      if (!at_least (ctx, 3, 2))
        return fail (response, "status_exception", "No response from model", 400);
      return fail (response, "status_exception", "Remote service returned empty response body",
                   502);
    }

  filter = g_hash_table_lookup (parameters, "response_filter");
  if (filter != NULL && *filter != '\0')
    {
      data = filtered_data (ctx, answer->body, filter, &status, response);
      if (data == NULL)
        return status;
    }
  else
    data = data_from_text (answer->body, numbers_as_doubles (ctx));

  /* The envelope takes data over. */
  *response = success_envelope (ctx, data, answer->status);
  return 200;
}

guint
sb_predict_run (const SbPredictContext *ctx,
                JsonObject             *connector,
                JsonNode               *request,
                JsonNode              **response)
{
  g_autoptr(GHashTable) parameters = NULL;
  g_autoptr(SbBedrockResponse) answer = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *predict_parameters = NULL;
  JsonObject *connector_parameters;
  JsonObject *credential;
  JsonObject *action;
  SbBedrockRequest call = { 0 };
  const char *request_body;
  const char *region;
  const char *service;

  g_return_val_if_fail (ctx != NULL, 500);
  g_return_val_if_fail (connector != NULL, 500);
  g_return_val_if_fail (response != NULL, 500);

  if (request != NULL && JSON_NODE_HOLDS_OBJECT (request))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (request), "parameters");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        predict_parameters = json_node_get_object (node);
      else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        return fail (response, "parsing_exception",
                     "Failed to parse object: expecting token of type [START_OBJECT] but found "
                     "[VALUE_STRING]", 400);
    }

  action = find_predict_action (connector);
  if (action == NULL)
    return fail (response, "illegal_argument_exception", "no PREDICT action found", 400);

  connector_parameters = object_member (connector, "parameters");
  credential = object_member (connector, "credential");
  parameters = sb_render_parameters (connector_parameters, predict_parameters, ctx->major,
                                     ctx->minor);

  request_body = string_member (action, "request_body");
  if (request_body == NULL)
    request_body = g_hash_table_lookup (parameters, "http_body");
  if (request_body != NULL)
    {
      payload = sb_render_payload (request_body, parameters, ctx->major, ctx->minor, &error);
      if (payload == NULL)
        return fail_render (response, error);
    }

  url = sb_render_substitute (string_member (action, "url") ? string_member (action, "url") : "",
                              parameters, &error);
  if (url == NULL)
    return fail_render (response, error);

  if (at_least (ctx, 3, 7) && ctx->url_trusted != NULL
      && !ctx->url_trusted (url, ctx->url_trusted_data))
    return fail (response, "illegal_argument_exception",
                 "Connector URL is not matching the trusted connector endpoint regex", 400);

  /* SigV4's region and service come from the connector only, never from predict time. */
  region = string_member (credential, "region");
  if (region == NULL)
    region = string_member (connector_parameters, "region");
  service = string_member (credential, "service_name");
  if (service == NULL)
    service = string_member (connector_parameters, "service_name");

  call.method = string_member (action, "method");
  call.url = url;
  call.credential = credential;
  call.signing_region = region;
  call.signing_service = service;
  call.body = payload;
  call.aws_managed = ctx->aws_managed;
  call.forced_error = ctx->forced_bedrock_error;
  answer = sb_bedrock_invoke (&call);

  return handle_answer (ctx, answer, parameters, response);
}

char *
sb_predict_to_json (JsonNode *response,
                    guint     major,
                    guint     minor)
{
  /* The numbers already carry their version's type (doubles ≤3.4); the writer prints a double
   * as Java does ("9.0"), which json-glib's generator would not. */
  return sb_json_to_string (response);
}
