/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-control"

/* The /_sandbox/ control API, for tests and demos (README.md, "Control API"). */

#include "config.h"

#include "sb-control.h"

#include "sb-faults.h"
#include "sb-ids.h"
#include "sb-json.h"

static const char * const bedrock_errors[] = {
  "throttling", "expired-token", "invalid-signature", "access-denied", "internal", "timeout",
  "empty-error", "empty-success", NULL,
};

static JsonNode *
faults_json (SbServer *s)
{
  JsonArray *arr = json_array_new ();
  JsonArray *failing = json_array_new ();
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < s->faults->len; i++)
    json_array_add_element (arr, sb_fault_to_json (g_ptr_array_index (s->faults, i)));
  JsonArray *cache_failing = json_array_new ();

  for (guint i = 0; i < s->failing_nodes->len; i++)
    {
      guint n = g_array_index (s->failing_nodes, guint, i);

      if (n & SB_FAULT_CACHE_FAIL)
        json_array_add_int_element (cache_failing, n & ~SB_FAULT_CACHE_FAIL);
      else
        json_array_add_int_element (failing, n);
    }
  json_object_set_array_member (obj, "faults", arr);
  json_object_set_array_member (obj, "failing_nodes", failing);
  json_object_set_array_member (obj, "cache_failing_nodes", cache_failing);
  json_node_take_object (node, obj);
  return node;
}

void
sb_control_info (SbRequest *req)
{
  SbServer *s = req->server;
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_boolean_member (obj, "simulated", TRUE);
  json_object_set_string_member (obj, "opensearch_version", s->config->version);
  json_object_set_boolean_member (obj, "aws_managed", s->config->aws_managed);
  json_object_set_boolean_member (obj, "ml_commons", !s->config->no_ml);
  json_object_set_array_member (obj, "nodes",
                                json_array_ref (sb_state_nodes (s->state, s->config->nodes)));
  json_object_set_int_member (obj, "deploy_delay_ms", s->config->deploy_delay_ms);
  if (s->forced_bedrock_error != NULL)
    json_object_set_string_member (obj, "forced_bedrock_error", s->forced_bedrock_error);
  else
    json_object_set_null_member (obj, "forced_bedrock_error");
  json_node_take_object (node, obj);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_control_faults_get (SbRequest *req)
{
  sb_request_reply_json (req, SOUP_STATUS_OK, faults_json (req->server));
}

void
sb_control_faults_add (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  const char *spec;
  SbFault *fault = NULL;
  g_autoptr(GError) error = NULL;

  if (!sb_request_parse_body (req, &body))
    return;
  spec = body && JSON_NODE_HOLDS_OBJECT (body)
         ? sb_json_get_string (json_node_get_object (body), "spec") : NULL;
  if (spec == NULL)
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              "POST /_sandbox/faults wants {\"spec\": \"<fault spec>\"}");
      return;
    }
  if (!sb_fault_parse (spec, &fault, s->failing_nodes, &error))
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception", error->message);
      return;
    }
  if (fault != NULL)
    g_ptr_array_add (s->faults, fault);
  sb_request_reply_json (req, SOUP_STATUS_OK, faults_json (s));
}

void
sb_control_faults_clear (SbRequest *req)
{
  SbServer *s = req->server;

  if (req->n_segs == 3)
    {
      guint64 id = g_ascii_strtoull (req->segs[2], NULL, 10);
      for (guint i = 0; i < s->faults->len; i++)
        if (((SbFault *) g_ptr_array_index (s->faults, i))->id == id)
          {
            g_ptr_array_remove_index (s->faults, i);
            break;
          }
    }
  else
    {
      g_ptr_array_set_size (s->faults, 0);
      g_array_set_size (s->failing_nodes, 0);
    }
  sb_request_reply_json (req, SOUP_STATUS_OK, faults_json (s));
}

void
sb_control_bedrock_error (SbRequest *req)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  JsonNode *value;
  JsonObject *obj;
  JsonNode *node;

  if (!sb_request_parse_body (req, &body))
    return;
  value = body && JSON_NODE_HOLDS_OBJECT (body)
          ? json_object_get_member (json_node_get_object (body), "error") : NULL;
  if (value == NULL || !(JSON_NODE_HOLDS_NULL (value)
                         || (JSON_NODE_HOLDS_VALUE (value)
                             && json_node_get_value_type (value) == G_TYPE_STRING
                             && g_strv_contains (bedrock_errors, json_node_get_string (value)))))
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              "POST /_sandbox/bedrock-error wants {\"error\": one of "
                              "\"throttling\", \"expired-token\", \"invalid-signature\", "
                              "\"access-denied\", \"internal\", \"timeout\", \"empty-error\", "
                              "\"empty-success\" or null}");
      return;
    }
  g_clear_pointer (&s->forced_bedrock_error, g_free);
  if (!JSON_NODE_HOLDS_NULL (value))
    s->forced_bedrock_error = g_strdup (json_node_get_string (value));

  obj = json_object_new ();
  node = json_node_new (JSON_NODE_OBJECT);
  if (s->forced_bedrock_error)
    json_object_set_string_member (obj, "forced_bedrock_error", s->forced_bedrock_error);
  else
    json_object_set_null_member (obj, "forced_bedrock_error");
  json_node_take_object (node, obj);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_control_requests_get (SbRequest *req)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (GList *l = req->server->recorded->head; l != NULL; l = l->next)
    json_array_add_element (arr, json_node_copy (l->data));
  json_node_take_array (node, arr);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_control_requests_clear (SbRequest *req)
{
  g_queue_clear_full (req->server->recorded, (GDestroyNotify) json_node_unref);
  sb_request_reply_json (req, SOUP_STATUS_OK, json_node_init_object (json_node_alloc (),
                                                                     json_object_new ()));
}

/* GET answers the count; DELETE answers it and starts again from 0. */
void
sb_control_connections (SbRequest *req)
{
  SbServer *s = req->server;
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, "connections", s->connections);
  json_object_set_int_member (obj, "tls_handshakes", s->config->tls ? s->connections : 0);
  if (g_str_equal (req->method, "DELETE"))
    s->connections = 0;
  json_node_take_object (node, obj);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

void
sb_control_ids (SbRequest *req)
{
  g_autoptr(JsonNode) body = NULL;
  JsonNode *seed = NULL;
  JsonObject *obj;
  JsonNode *node;

  if (!sb_request_parse_body (req, &body))
    return;
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    seed = json_object_get_member (json_node_get_object (body), "seed");
  if (seed == NULL || !JSON_NODE_HOLDS_VALUE (seed) || json_node_get_value_type (seed) != G_TYPE_INT64
      || json_node_get_int (seed) < 0 || json_node_get_int (seed) > G_MAXUINT32)
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              "POST /_sandbox/ids wants {\"seed\": N} with 0 <= N < 2^32");
      return;
    }
  sb_id_reseed ((guint32) json_node_get_int (seed));
  obj = json_object_new ();
  node = json_node_new (JSON_NODE_OBJECT);
  json_object_set_int_member (obj, "seed", json_node_get_int (seed));
  json_node_take_object (node, obj);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

/* ---- POST /_sandbox/cluster: the cluster's condition ------------------------------------ */

/* EncryptorImpl.MASTER_KEY_NOT_READY_ERROR (ml-commons, thrown as ResourceNotFoundException). */
#define MASTER_KEY_NOT_READY \
  "The ML encryption master key has not been initialized yet. Please retry after waiting for " \
  "10 seconds."

static const char * const node_role_modes[] = { "all", "no-ml", "dedicated-ml", NULL };

void
sb_control_cluster (SbRequest *req)
{
  SbServer *s = req->server;
  JsonObject *sim = sb_state_simulation (s->state);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *obj;
  JsonNode *node;

  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              "POST /_sandbox/cluster wants an object");
      return;
    }
  obj = json_node_get_object (body);
  if (json_object_has_member (obj, "node_roles"))
    {
      const char *mode = sb_json_get_string (obj, "node_roles");

      if (mode == NULL || !g_strv_contains (node_role_modes, mode))
        {
          sb_request_reply_error (req, 400, "illegal_argument_exception",
                                  "node_roles is one of all, no-ml, dedicated-ml");
          return;
        }
      if (g_str_equal (mode, "dedicated-ml") && s->config->nodes < 2)
        {
          sb_request_reply_error (req, 400, "illegal_argument_exception",
                                  "dedicated-ml needs --nodes 2 or more");
          return;
        }
      json_object_set_string_member (sim, "node_roles", mode);
    }
  if (json_object_has_member (obj, "master_key_not_ready"))
    {
      JsonNode *n = json_object_get_member (obj, "master_key_not_ready");

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
          || json_node_get_int (n) < 0)
        {
          sb_request_reply_error (req, 400, "illegal_argument_exception",
                                  "master_key_not_ready is a count of requests (0 or more)");
          return;
        }
      json_object_set_int_member (sim, "master_key_not_ready", json_node_get_int (n));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, sim);
  sb_request_reply_json (req, SOUP_STATUS_OK, node);
}

gboolean
sb_control_cluster_refuses (SbRequest *req)
{
  JsonObject *sim = sb_state_simulation (req->server->state);
  gint64 left = json_object_get_int_member_with_default (sim, "master_key_not_ready", 0);

  if (left <= 0)
    return FALSE;
  json_object_set_int_member (sim, "master_key_not_ready", left - 1);
  sb_request_reply_error (req, 404, "resource_not_found_exception", MASTER_KEY_NOT_READY);
  return TRUE;
}
