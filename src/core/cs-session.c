/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-session"

#include "config.h"

#include "cs-session.h"

struct _CsSession
{
  GObject         parent_instance;

  CsSessionState  state;
  CsClient       *client;
  char           *profile_id;
  char           *cluster_name;
  CsVersion       version;
  gboolean        has_version;
  gboolean        aws_managed;
  GError         *error;
  CsTrustedList  *trusted_list;
  GError         *trusted_error;

  char           *connector_id;
  char           *model_id;
};

G_DEFINE_FINAL_TYPE (CsSession, cs_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_CLIENT,
  PROP_PROFILE_ID,
  PROP_CONNECTOR_ID,
  PROP_MODEL_ID,
  PROP_TRUSTED_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
cs_session_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { CS_SESSION_DISCONNECTED, "CS_SESSION_DISCONNECTED", "disconnected" },
        { CS_SESSION_CONNECTING, "CS_SESSION_CONNECTING", "connecting" },
        { CS_SESSION_CONNECTED, "CS_SESSION_CONNECTED", "connected" },
        { CS_SESSION_FAILED, "CS_SESSION_FAILED", "failed" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static ("CsSessionState", values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

static void
set_state (CsSession      *self,
           CsSessionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_client (CsSession *self,
            CsClient  *client)
{
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
set_profile_id (CsSession  *self,
                const char *profile_id)
{
  if (g_strcmp0 (self->profile_id, profile_id) == 0)
    return;
  g_free (self->profile_id);
  self->profile_id = g_strdup (profile_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_ID]);
}

static void
clear_trusted_list (CsSession *self)
{
  if (self->trusted_list == NULL && self->trusted_error == NULL)
    return;
  g_clear_error (&self->trusted_error);
  g_clear_object (&self->trusted_list);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_LIST]);
}

static void
cs_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CsSession *self = CS_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PROFILE_ID:
      g_value_set_string (value, self->profile_id);
      break;
    case PROP_CONNECTOR_ID:
      g_value_set_string (value, self->connector_id);
      break;
    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;
    case PROP_TRUSTED_LIST:
      g_value_set_object (value, self->trusted_list);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CsSession *self = CS_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONNECTOR_ID:
      cs_session_set_connector_id (self, g_value_get_string (value));
      break;
    case PROP_MODEL_ID:
      cs_session_set_model_id (self, g_value_get_string (value));
      break;
    case PROP_TRUSTED_LIST:
      cs_session_set_trusted_list (self, g_value_get_object (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_session_finalize (GObject *object)
{
  CsSession *self = CS_SESSION (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->cluster_name, g_free);
  g_clear_error (&self->error);
  g_clear_object (&self->trusted_list);
  g_clear_error (&self->trusted_error);
  g_clear_pointer (&self->connector_id, g_free);
  g_clear_pointer (&self->model_id, g_free);

  G_OBJECT_CLASS (cs_session_parent_class)->finalize (object);
}

static void
cs_session_class_init (CsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cs_session_get_property;
  object_class->set_property = cs_session_set_property;
  object_class->finalize = cs_session_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CS_TYPE_SESSION_STATE, CS_SESSION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         CS_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROFILE_ID] =
    g_param_spec_string ("profile-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONNECTOR_ID] =
    g_param_spec_string ("connector-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TRUSTED_LIST] =
    g_param_spec_object ("trusted-list", NULL, NULL,
                         CS_TYPE_TRUSTED_LIST,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_session_init (CsSession *self)
{
  self->state = CS_SESSION_DISCONNECTED;
}

CsSession *
cs_session_new (void)
{
  return g_object_new (CS_TYPE_SESSION, NULL);
}

CsClient *
cs_session_get_client (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->client;
}

CsSessionState
cs_session_get_state (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), CS_SESSION_DISCONNECTED);
  return self->state;
}

const char *
cs_session_get_profile_id (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->profile_id;
}

const char *
cs_session_get_cluster_name (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->cluster_name;
}

gboolean
cs_session_get_version (CsSession *self,
                        CsVersion *version)
{
  g_return_val_if_fail (CS_IS_SESSION (self), FALSE);

  if (self->has_version && version != NULL)
    *version = self->version;
  return self->has_version;
}

gboolean
cs_session_get_aws_managed (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), FALSE);
  return self->aws_managed;
}

const GError *
cs_session_get_error (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->error;
}

void
cs_session_set_connecting (CsSession  *self,
                           const char *profile_id)
{
  g_return_if_fail (CS_IS_SESSION (self));

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_error (&self->error);
  set_profile_id (self, profile_id);
  set_state (self, CS_SESSION_CONNECTING);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cs_session_set_connected (CsSession       *self,
                          const char      *profile_id,
                          CsClient        *client,
                          const char      *cluster_name,
                          const CsVersion *version,
                          gboolean         aws_managed)
{
  gboolean other_cluster;

  g_return_if_fail (CS_IS_SESSION (self));
  g_return_if_fail (CS_IS_CLIENT (client));

  other_cluster = g_strcmp0 (self->profile_id, profile_id) != 0;
  g_object_freeze_notify (G_OBJECT (self));
  g_clear_error (&self->error);
  g_free (self->cluster_name);
  self->cluster_name = g_strdup (cluster_name);
  self->has_version = version != NULL;
  if (version != NULL)
    self->version = *version;
  self->aws_managed = aws_managed;
  set_profile_id (self, profile_id);
  set_client (self, client);
  clear_trusted_list (self);
  /* Objects picked on another cluster mean nothing here. */
  if (other_cluster)
    {
      cs_session_set_connector_id (self, NULL);
      cs_session_set_model_id (self, NULL);
    }
  set_state (self, CS_SESSION_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cs_session_set_failed (CsSession    *self,
                       const GError *error)
{
  g_return_if_fail (CS_IS_SESSION (self));
  g_return_if_fail (error != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  set_client (self, NULL);
  clear_trusted_list (self);
  set_state (self, CS_SESSION_FAILED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cs_session_disconnect (CsSession *self)
{
  g_return_if_fail (CS_IS_SESSION (self));

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_error (&self->error);
  set_client (self, NULL);
  clear_trusted_list (self);
  cs_session_set_connector_id (self, NULL);
  cs_session_set_model_id (self, NULL);
  set_state (self, CS_SESSION_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

CsTrustedList *
cs_session_get_trusted_list (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->trusted_list;
}

const GError *
cs_session_get_trusted_list_error (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->trusted_error;
}

void
cs_session_set_trusted_list (CsSession     *self,
                             CsTrustedList *list,
                             const GError  *error)
{
  g_return_if_fail (CS_IS_SESSION (self));
  g_return_if_fail (list == NULL || CS_IS_TRUSTED_LIST (list));

  g_clear_error (&self->trusted_error);
  if (list == NULL && error != NULL)
    self->trusted_error = g_error_copy (error);
  g_set_object (&self->trusted_list, list);
  /* Notified even when the pointer stays: the error may have changed. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_LIST]);
}

const char *
cs_session_get_connector_id (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->connector_id;
}

void
cs_session_set_connector_id (CsSession  *self,
                             const char *connector_id)
{
  g_return_if_fail (CS_IS_SESSION (self));

  if (g_strcmp0 (self->connector_id, connector_id) == 0)
    return;
  g_free (self->connector_id);
  self->connector_id = g_strdup (connector_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTOR_ID]);
}

const char *
cs_session_get_model_id (CsSession *self)
{
  g_return_val_if_fail (CS_IS_SESSION (self), NULL);
  return self->model_id;
}

void
cs_session_set_model_id (CsSession  *self,
                         const char *model_id)
{
  g_return_if_fail (CS_IS_SESSION (self));

  if (g_strcmp0 (self->model_id, model_id) == 0)
    return;
  g_free (self->model_id);
  self->model_id = g_strdup (model_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_ID]);
}
