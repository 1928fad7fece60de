/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-info"

#include "config.h"

#include "cs-connector-info.h"

#include "cs-json.h"

struct _CsConnectorInfo
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *description;
  char    *protocol;
  char    *model;
  char    *region;
  gint64   created_time;
};

G_DEFINE_FINAL_TYPE (CsConnectorInfo, cs_connector_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_MODEL,
  PROP_REGION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_connector_info_finalize (GObject *object)
{
  CsConnectorInfo *self = CS_CONNECTOR_INFO (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->protocol);
  g_free (self->model);
  g_free (self->region);

  G_OBJECT_CLASS (cs_connector_info_parent_class)->finalize (object);
}

static void
cs_connector_info_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsConnectorInfo *self = CS_CONNECTOR_INFO (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_MODEL: g_value_set_string (value, self->model); break;
    case PROP_REGION: g_value_set_string (value, self->region); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_info_class_init (CsConnectorInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_connector_info_finalize;
  object_class->get_property = cs_connector_info_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_connector_info_init (CsConnectorInfo *self)
{
}

CsConnectorInfo *
cs_connector_info_new_from_hit (JsonObject *hit)
{
  g_autofree char *id = NULL;
  CsConnectorInfo *self;
  JsonObject *source, *parameters;
  double created;

  g_return_val_if_fail (hit != NULL, NULL);

  id = cs_json_dup_string (hit, "_id");
  if (id == NULL)
    return NULL;

  source = cs_json_get_object (hit, "_source");
  parameters = cs_json_get_object (source, "parameters");

  self = g_object_new (CS_TYPE_CONNECTOR_INFO, NULL);
  self->id = g_steal_pointer (&id);
  self->name = cs_json_dup_string (source, "name");
  self->description = cs_json_dup_string (source, "description");
  self->protocol = cs_json_dup_string (source, "protocol");
  self->model = cs_json_dup_string (parameters, "model");
  self->region = cs_json_dup_string (parameters, "region");
  /* Epoch milliseconds; a value out of range (1e30) reads as unknown rather
   * than overflowing. */
  if (cs_json_get_double (source, "created_time", &created) &&
      created > -9.2e18 && created < 9.2e18)
    self->created_time = (gint64) created;
  return self;
}

const char *
cs_connector_info_get_id (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);
  return self->id;
}

const char *
cs_connector_info_get_name (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);
  return self->name;
}

const char *
cs_connector_info_get_description (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);
  return self->description;
}

const char *
cs_connector_info_get_protocol (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);
  return self->protocol;
}

const char *
cs_connector_info_get_model (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);
  return self->model;
}

const char *
cs_connector_info_get_region (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);
  return self->region;
}


gint64
cs_connector_info_get_created_time (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), 0);
  return self->created_time;
}
