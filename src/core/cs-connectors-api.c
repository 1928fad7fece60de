/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connectors-api"

#include "config.h"

#include "cs-connectors-api.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"

#define IN_USE_TEXT "models are still using this connector"

/* ---- CsConnectorInfo ---- */

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

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

CsConnectorInfo *
cs_connector_info_new_from_hit (JsonObject *hit)
{
  g_autofree char *id = NULL;
  CsConnectorInfo *self;
  JsonObject *source, *parameters;

  g_return_val_if_fail (hit != NULL, NULL);

  id = dup_string_member (hit, "_id");
  if (id == NULL)
    return NULL;

  source = get_object_member (hit, "_source");
  parameters = get_object_member (source, "parameters");

  self = g_object_new (CS_TYPE_CONNECTOR_INFO, NULL);
  self->id = g_steal_pointer (&id);
  self->name = dup_string_member (source, "name");
  self->description = dup_string_member (source, "description");
  self->protocol = dup_string_member (source, "protocol");
  self->model = dup_string_member (parameters, "model");
  self->region = dup_string_member (parameters, "region");
  if (source != NULL && json_object_has_member (source, "created_time"))
    {
      JsonNode *node = json_object_get_member (source, "created_time");

      if (JSON_NODE_HOLDS_VALUE (node) &&
          (json_node_get_value_type (node) == G_TYPE_INT64 ||
           json_node_get_value_type (node) == G_TYPE_DOUBLE))
        self->created_time = (gint64) json_node_get_double (node);
    }
  return self;
}

#define INFO_GETTER(field)                                       \
const char *                                                     \
cs_connector_info_get_##field (CsConnectorInfo *self)            \
{                                                                \
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), NULL);      \
  return self->field;                                            \
}

INFO_GETTER (id)
INFO_GETTER (name)
INFO_GETTER (description)
INFO_GETTER (protocol)
INFO_GETTER (model)
INFO_GETTER (region)

gint64
cs_connector_info_get_created_time (CsConnectorInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_INFO (self), 0);
  return self->created_time;
}

/* ---- calls ---- */

static char *
connector_path (const char *connector_id)
{
  g_autofree char *escaped = g_uri_escape_string (connector_id, NULL, FALSE);

  return g_strconcat ("_plugins/_ml/connectors/", escaped, NULL);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *id = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    id = dup_string_member (json_node_get_object (answer), "connector_id");
  if (id == NULL || id[0] == '\0')
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                               _("The cluster accepted the connector but did not say its id. "
                                 "Look for it in the list of connectors before creating it "
                                 "again."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&id), g_free);
}

void
cs_connectors_create_async (CsClient            *client,
                            JsonNode            *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (body != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_create_async);
  cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_create", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, create_cb, task);
}

char *
cs_connectors_create_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 ta = cs_connector_info_get_created_time ((CsConnectorInfo *) a);
  gint64 tb = cs_connector_info_get_created_time ((CsConnectorInfo *) b);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GListStore) store = NULL;
  JsonObject *hits;
  JsonNode *list;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hits = JSON_NODE_HOLDS_OBJECT (answer) ?
         get_object_member (json_node_get_object (answer), "hits") : NULL;
  list = hits != NULL && json_object_has_member (hits, "hits") ?
         json_object_get_member (hits, "hits") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                               _("The cluster’s answer to the connector search has no hits. "
                                 "Check that the URL points at OpenSearch, then refresh."));
      return;
    }

  store = g_list_store_new (CS_TYPE_CONNECTOR_INFO);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *hit = json_array_get_element (json_node_get_array (list), i);
      g_autoptr(CsConnectorInfo) info = NULL;

      if (JSON_NODE_HOLDS_OBJECT (hit))
        info = cs_connector_info_new_from_hit (json_node_get_object (hit));
      if (info != NULL)
        g_list_store_append (store, info);
    }
  g_list_store_sort (store, compare_newest_first, NULL);
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
cs_connectors_search_async (CsClient            *client,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (CS_IS_CLIENT (client));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "match_all");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, 1000);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_search_async);
  cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_search", body,
                           CS_REQUEST_FLAGS_NONE, cancellable, search_cb, task);
}

GListStore *
cs_connectors_search_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (answer))
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE, "%s",
                             _("The cluster answered with something that is not a connector. "
                               "Refresh the list and try again."));
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
}

void
cs_connectors_get_async (CsClient            *client,
                         const char          *connector_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (connector_id != NULL);

  path = connector_path (connector_id);
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_get_async);
  cs_client_request_async (client, "GET", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           get_cb, task);
}

JsonNode *
cs_connectors_get_finish (CsClient      *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GStrv
cs_connectors_parse_models_in_use (const char *reason)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) parts = NULL;
  const char *open, *close;
  g_autofree char *inside = NULL;

  if (reason == NULL || strstr (reason, IN_USE_TEXT) == NULL)
    return NULL;
  open = strrchr (reason, '[');
  close = open != NULL ? strchr (open, ']') : NULL;
  if (open == NULL || close == NULL)
    return NULL;

  /* The cluster prints a Java list: "[id1, id2]". */
  inside = g_strndup (open + 1, close - open - 1);
  parts = g_strsplit (inside, ",", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

char *
cs_connectors_explain_in_use (const GError *error)
{
  const char *reason;
  g_auto(GStrv) models = NULL;
  g_autofree char *list = NULL;

  if (error == NULL || error->domain != CS_ERROR)
    return NULL;
  reason = cs_error_get_server_reason (error);
  if (reason == NULL || strstr (reason, IN_USE_TEXT) == NULL)
    return NULL;

  models = cs_connectors_parse_models_in_use (reason);
  list = models != NULL ? g_strjoinv (", ", models) : g_strdup ("?");

  if (strstr (reason, "undeploy") != NULL)
    return g_strdup_printf (_("The cluster does not change a connector while a deployed model "
                              "uses it (still deployed: %s). Undeploy those models on the "
                              "Models page, change the connector, then deploy them again."),
                            list);
  return g_strdup_printf (_("This connector is still used by models: %s. Delete those models "
                            "on the Models page first (undeploy them if they are deployed), "
                            "then delete the connector."),
                          list);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *outcome = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_autofree char *explanation = cs_connectors_explain_in_use (error);

      if (explanation != NULL)
        {
          /* Keep the cluster's own fields (status, reason) on the error. */
          error->code = CS_ERROR_CONFLICT;
          g_free (error->message);
          error->message = g_steal_pointer (&explanation);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (answer))
    outcome = dup_string_member (json_node_get_object (answer), "result");
  if (g_strcmp0 (outcome, "not_found") == 0)
    g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  g_task_return_boolean (task, TRUE);
}

void
cs_connectors_delete_async (CsClient            *client,
                            const char          *connector_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (connector_id != NULL);

  path = connector_path (connector_id);
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connectors_delete_async);
  cs_client_request_async (client, "DELETE", path, NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           delete_cb, task);
}

gboolean
cs_connectors_delete_finish (CsClient      *client,
                             GAsyncResult  *result,
                             gboolean      *already_gone,
                             GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (already_gone != NULL)
    *already_gone = ok && GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));
  return ok;
}
