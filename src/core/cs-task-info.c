/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-task-info"

#include "config.h"

#include "cs-task-info.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-json.h"

struct _CsTaskInfo
{
  GObject   parent_instance;

  char     *id;
  char     *model_id;
  char     *task_type;
  char     *state;
  char     *error;
  GStrv     worker_nodes;
  gint64    create_time;
  gint64    last_update_time;
};

G_DEFINE_FINAL_TYPE (CsTaskInfo, cs_task_info, G_TYPE_OBJECT)

static void
cs_task_info_finalize (GObject *object)
{
  CsTaskInfo *self = CS_TASK_INFO (object);

  g_free (self->id);
  g_free (self->model_id);
  g_free (self->task_type);
  g_free (self->state);
  g_free (self->error);
  g_strfreev (self->worker_nodes);

  G_OBJECT_CLASS (cs_task_info_parent_class)->finalize (object);
}

static void
cs_task_info_class_init (CsTaskInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_task_info_finalize;
}

static void
cs_task_info_init (CsTaskInfo *self)
{
}

static gboolean
get_time (JsonObject *object,
          const char *member,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = MAX (json_node_get_int (node), 0);
  return TRUE;
}

/* `worker_node` is an array of node ids; a bare string is accepted too. */
static gboolean
get_worker_nodes (JsonObject *object,
                  GStrv      *out)
{
  JsonNode *node = json_object_get_member (object, "worker_node");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return FALSE;
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_auto(GStrv) parts = g_strsplit (json_node_get_string (node), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          g_strv_builder_add (builder, parts[i]);
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  *out = g_strv_builder_end (builder);
  return TRUE;
}

CsTaskInfo *
cs_task_info_new_from_json (const char  *task_id,
                            JsonObject  *body,
                            GError     **error)
{
  g_autoptr(CsTaskInfo) self = NULL;

  g_return_val_if_fail (task_id != NULL && *task_id != '\0', NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CS_TYPE_TASK_INFO, NULL);
  self->id = g_strdup (task_id);

  if (!cs_json_lookup_string (body, "model_id", &self->model_id) ||
      !cs_json_lookup_string (body, "task_type", &self->task_type) ||
      !cs_json_lookup_string (body, "state", &self->state) ||
      !cs_json_lookup_string (body, "error", &self->error) ||
      !get_time (body, "create_time", &self->create_time) ||
      !get_time (body, "last_update_time", &self->last_update_time) ||
      !get_worker_nodes (body, &self->worker_nodes))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The cluster described task “%s” in a form Connector Studio does not "
                     "understand. Check that the cluster runs OpenSearch with ML Commons."),
                   task_id);
      return NULL;
    }

  if (self->state == NULL)
    self->state = g_strdup ("");
  if (self->model_id != NULL && *self->model_id == '\0')
    g_clear_pointer (&self->model_id, g_free);
  if (self->error != NULL && *self->error == '\0')
    g_clear_pointer (&self->error, g_free);

  return g_steal_pointer (&self);
}

const char *
cs_task_info_get_id (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), NULL);
  return self->id;
}

const char *
cs_task_info_get_model_id (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), NULL);
  return self->model_id;
}

const char *
cs_task_info_get_task_type (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), NULL);
  return self->task_type;
}

const char *
cs_task_info_get_state (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), NULL);
  return self->state;
}

const char *
cs_task_info_get_error (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), NULL);
  return self->error;
}

const char * const *
cs_task_info_get_worker_nodes (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), NULL);
  return (const char * const *) self->worker_nodes;
}

gint64
cs_task_info_get_create_time (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), 0);
  return self->create_time;
}

gint64
cs_task_info_get_last_update_time (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), 0);
  return self->last_update_time;
}

gboolean
cs_task_info_is_done (CsTaskInfo *self)
{
  static const char * const done[] = {
    "COMPLETED", "FAILED", "CANCELLED", "COMPLETED_WITH_ERROR", "EXPIRED",
  };

  g_return_val_if_fail (CS_IS_TASK_INFO (self), FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (done); i++)
    if (g_str_equal (self->state, done[i]))
      return TRUE;
  return FALSE;
}

gboolean
cs_task_info_is_failed (CsTaskInfo *self)
{
  g_return_val_if_fail (CS_IS_TASK_INFO (self), FALSE);
  return g_str_equal (self->state, "FAILED") || g_str_equal (self->state, "COMPLETED_WITH_ERROR");
}
