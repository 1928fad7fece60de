/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-model-info"

#include "config.h"

#include "cs-model-info.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-json.h"

struct _CsModelInfo
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *description;
  char    *state;
  char    *connector_id;
  char    *model_group_id;
  char    *version;
  char    *algorithm;
  guint    planning_worker_node_count;
  guint    current_worker_node_count;
  gint64   created_time;
  gint64   last_updated_time;
  gint64   last_deployed_time;
};

G_DEFINE_FINAL_TYPE (CsModelInfo, cs_model_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_STATE,
  PROP_CONNECTOR_ID,
  PROP_PLANNING_WORKER_NODE_COUNT,
  PROP_CURRENT_WORKER_NODE_COUNT,
  PROP_CREATED_TIME,
  PROP_LAST_DEPLOYED_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_model_info_finalize (GObject *object)
{
  CsModelInfo *self = CS_MODEL_INFO (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->state);
  g_free (self->connector_id);
  g_free (self->model_group_id);
  g_free (self->version);
  g_free (self->algorithm);

  G_OBJECT_CLASS (cs_model_info_parent_class)->finalize (object);
}

static void
cs_model_info_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsModelInfo *self = CS_MODEL_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_CONNECTOR_ID:
      g_value_set_string (value, self->connector_id);
      break;
    case PROP_PLANNING_WORKER_NODE_COUNT:
      g_value_set_uint (value, self->planning_worker_node_count);
      break;
    case PROP_CURRENT_WORKER_NODE_COUNT:
      g_value_set_uint (value, self->current_worker_node_count);
      break;
    case PROP_CREATED_TIME:
      g_value_set_int64 (value, self->created_time);
      break;
    case PROP_LAST_DEPLOYED_TIME:
      g_value_set_int64 (value, self->last_deployed_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_model_info_class_init (CsModelInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_model_info_finalize;
  object_class->get_property = cs_model_info_get_property;

  /* Read-only, so that list item templates can bind to them. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR_ID] =
    g_param_spec_string ("connector-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLANNING_WORKER_NODE_COUNT] =
    g_param_spec_uint ("planning-worker-node-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_WORKER_NODE_COUNT] =
    g_param_spec_uint ("current-worker-node-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_TIME] =
    g_param_spec_int64 ("created-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_DEPLOYED_TIME] =
    g_param_spec_int64 ("last-deployed-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_model_info_init (CsModelInfo *self)
{
}

/* A string member as valid UTF-8, or NULL when absent, null or not a string.
 * An integer (a numeric version) is turned into text. */
static char *
dup_text (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return cs_json_dup_string (object, member);
}

CsModelInfo *
cs_model_info_new_from_json (const char  *model_id,
                             JsonObject  *source,
                             GError     **error)
{
  g_autoptr(CsModelInfo) self = NULL;
  const char *name;
  static const char * const times[] = {
    "created_time", "last_updated_time", "last_deployed_time",
  };
  gint64 values[G_N_ELEMENTS (times)];
  gint64 planning, current;

  g_return_val_if_fail (model_id != NULL && *model_id != '\0', NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = cs_json_get_string (source, "name");
  if (name == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The cluster described model “%s” without a name. Check that the address "
                     "points to an OpenSearch cluster with ML Commons."), model_id);
      return NULL;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    if (!cs_json_lookup_count (source, times[i], &values[i]))
      goto bad_type;
  if (!cs_json_lookup_count (source, "planning_worker_node_count", &planning) ||
      !cs_json_lookup_count (source, "current_worker_node_count", &current))
    goto bad_type;

  self = g_object_new (CS_TYPE_MODEL_INFO, NULL);
  self->id = g_strdup (model_id);
  self->name = cs_json_make_valid_utf8 (name, -1);
  self->description = dup_text (source, "description");
  if (self->description == NULL)
    self->description = g_strdup ("");
  self->state = dup_text (source, "model_state");
  if (self->state == NULL)
    self->state = g_strdup ("");
  self->connector_id = dup_text (source, "connector_id");
  self->model_group_id = dup_text (source, "model_group_id");
  self->version = dup_text (source, "model_version");
  if (self->version == NULL)
    self->version = dup_text (source, "version");
  self->algorithm = dup_text (source, "algorithm");
  self->created_time = values[0];
  self->last_updated_time = values[1];
  self->last_deployed_time = values[2];
  self->planning_worker_node_count = (guint) MIN (planning, G_MAXUINT);
  self->current_worker_node_count = (guint) MIN (current, G_MAXUINT);

  return g_steal_pointer (&self);

bad_type:
  g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
               _("The cluster described model “%s” in a form Connector Studio does not "
                 "understand. Check that the cluster runs OpenSearch with ML Commons."),
               model_id);
  return NULL;
}

const char *
cs_model_info_get_id (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->id;
}

const char *
cs_model_info_get_name (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->name;
}

const char *
cs_model_info_get_description (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->description;
}

const char *
cs_model_info_get_state (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->state;
}

const char *
cs_model_info_get_connector_id (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->connector_id;
}

const char *
cs_model_info_get_model_group_id (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->model_group_id;
}

const char *
cs_model_info_get_version (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->version;
}

const char *
cs_model_info_get_algorithm (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), NULL);
  return self->algorithm;
}

guint
cs_model_info_get_planning_worker_node_count (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), 0);
  return self->planning_worker_node_count;
}

guint
cs_model_info_get_current_worker_node_count (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), 0);
  return self->current_worker_node_count;
}

gint64
cs_model_info_get_created_time (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), 0);
  return self->created_time;
}

gint64
cs_model_info_get_last_updated_time (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), 0);
  return self->last_updated_time;
}

gint64
cs_model_info_get_last_deployed_time (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), 0);
  return self->last_deployed_time;
}

gboolean
cs_model_state_is_deployed (const char *state)
{
  return g_strcmp0 (state, "DEPLOYED") == 0 ||
         g_strcmp0 (state, "PARTIALLY_DEPLOYED") == 0 ||
         g_strcmp0 (state, "LOADED") == 0 ||
         g_strcmp0 (state, "PARTIALLY_LOADED") == 0;
}

gboolean
cs_model_state_is_busy (const char *state)
{
  return g_strcmp0 (state, "DEPLOYING") == 0 ||
         g_strcmp0 (state, "LOADING") == 0 ||
         g_strcmp0 (state, "REGISTERING") == 0 ||
         g_strcmp0 (state, "UPLOADING") == 0;
}

gboolean
cs_model_state_is_final (const char *state)
{
  return g_strcmp0 (state, "DEPLOYED") == 0 ||
         g_strcmp0 (state, "PARTIALLY_DEPLOYED") == 0 ||
         g_strcmp0 (state, "DEPLOY_FAILED") == 0 ||
         g_strcmp0 (state, "LOADED") == 0 ||
         g_strcmp0 (state, "PARTIALLY_LOADED") == 0 ||
         g_strcmp0 (state, "LOAD_FAILED") == 0;
}

gboolean
cs_model_info_is_deployed (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), FALSE);
  return cs_model_state_is_deployed (self->state);
}

gboolean
cs_model_info_is_busy (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), FALSE);
  return cs_model_state_is_busy (self->state);
}

gboolean
cs_model_info_blocks_delete (CsModelInfo *self)
{
  g_return_val_if_fail (CS_IS_MODEL_INFO (self), FALSE);
  return cs_model_state_is_deployed (self->state) ||
         g_strcmp0 (self->state, "DEPLOYING") == 0 ||
         g_strcmp0 (self->state, "LOADING") == 0;
}
