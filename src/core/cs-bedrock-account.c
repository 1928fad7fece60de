/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-bedrock-account"

#include "config.h"

#include "cs-bedrock-account.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"

#define ACTION_LIST_MODELS "bedrock:ListFoundationModels"
#define ACTION_LIST_PROFILES "bedrock:ListInferenceProfiles"
#define MAX_PAGES 50

/* ---- listings --------------------------------------------------------------------------- */

struct _CsBedrockListing
{
  gatomicrefcount  ref_count;
  char            *region;
  GDateTime       *time;
  GPtrArray       *models;
};

static void
account_model_free (CsBedrockAccountModel *model)
{
  g_free (model->model_id);
  g_free (model->name);
  g_free (model->lifecycle);
  g_free (model->profile_id);
  g_strfreev (model->profile_ids);
  g_clear_pointer (&model->rules, cs_model_rules_unref);
  g_free (model);
}

G_DEFINE_BOXED_TYPE (CsBedrockListing, cs_bedrock_listing, cs_bedrock_listing_ref,
                     cs_bedrock_listing_unref)

CsBedrockListing *
cs_bedrock_listing_ref (CsBedrockListing *listing)
{
  g_return_val_if_fail (listing != NULL, NULL);
  g_atomic_ref_count_inc (&listing->ref_count);
  return listing;
}

void
cs_bedrock_listing_unref (CsBedrockListing *listing)
{
  g_return_if_fail (listing != NULL);
  if (!g_atomic_ref_count_dec (&listing->ref_count))
    return;
  g_free (listing->region);
  g_date_time_unref (listing->time);
  g_ptr_array_unref (listing->models);
  g_free (listing);
}

const char *
cs_bedrock_listing_get_region (const CsBedrockListing *listing)
{
  g_return_val_if_fail (listing != NULL, NULL);
  return listing->region;
}

GDateTime *
cs_bedrock_listing_get_time (const CsBedrockListing *listing)
{
  g_return_val_if_fail (listing != NULL, NULL);
  return listing->time;
}

GPtrArray *
cs_bedrock_listing_get_models (const CsBedrockListing *listing)
{
  g_return_val_if_fail (listing != NULL, NULL);
  return listing->models;
}

const CsBedrockAccountModel *
cs_bedrock_listing_find (const CsBedrockListing *listing,
                         const char             *model_id)
{
  g_return_val_if_fail (listing != NULL, NULL);
  for (guint i = 0; i < listing->models->len; i++)
    {
      const CsBedrockAccountModel *m = g_ptr_array_index (listing->models, i);

      if (g_strcmp0 (m->model_id, model_id) == 0)
        return m;
    }
  return NULL;
}

gboolean
cs_bedrock_account_model_is_usable (const CsBedrockAccountModel *model)
{
  g_return_val_if_fail (model != NULL, FALSE);
  return (model->marks & (CS_BEDROCK_MARK_NO_PROFILE | CS_BEDROCK_MARK_END_OF_LIFE)) == 0;
}

/* ---- the account ------------------------------------------------------------------------ */

struct _CsBedrockAccount
{
  GObject             parent_instance;
  SoupSession        *session;
  CsBedrockEndpoints *endpoints;
  GHashTable         *cache;     /* "<access key id>\n<region>" -> CsBedrockListing */
};

G_DEFINE_FINAL_TYPE (CsBedrockAccount, cs_bedrock_account, G_TYPE_OBJECT)

static void
cs_bedrock_account_finalize (GObject *object)
{
  CsBedrockAccount *self = CS_BEDROCK_ACCOUNT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoints, cs_bedrock_endpoints_free);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  G_OBJECT_CLASS (cs_bedrock_account_parent_class)->finalize (object);
}

static void
cs_bedrock_account_class_init (CsBedrockAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_bedrock_account_finalize;
}

static void
cs_bedrock_account_init (CsBedrockAccount *self)
{
  self->session = cs_bedrock_session_new (NULL);
  self->endpoints = cs_bedrock_endpoints_copy (NULL);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cs_bedrock_listing_unref);
}

CsBedrockAccount *
cs_bedrock_account_new (const CsBedrockEndpoints *endpoints)
{
  CsBedrockAccount *self = g_object_new (CS_TYPE_BEDROCK_ACCOUNT, NULL);

  cs_bedrock_account_set_endpoints (self, endpoints);
  return self;
}

void
cs_bedrock_account_set_endpoints (CsBedrockAccount         *self,
                                  const CsBedrockEndpoints *endpoints)
{
  g_return_if_fail (CS_IS_BEDROCK_ACCOUNT (self));
  g_clear_pointer (&self->endpoints, cs_bedrock_endpoints_free);
  self->endpoints = cs_bedrock_endpoints_copy (endpoints);
  /* New endpoints may trust another certificate: a session of their own. */
  soup_session_abort (self->session);
  g_object_unref (self->session);
  self->session = cs_bedrock_session_new (self->endpoints);
  cs_bedrock_account_forget (self);
}

void
cs_bedrock_account_forget (CsBedrockAccount *self)
{
  g_return_if_fail (CS_IS_BEDROCK_ACCOUNT (self));
  g_hash_table_remove_all (self->cache);
}

static char *
cache_key (const char *access_key_id,
           const char *region)
{
  return g_strconcat (access_key_id != NULL ? access_key_id : "", "\n", region, NULL);
}

CsBedrockListing *
cs_bedrock_account_get_cached (CsBedrockAccount *self,
                               const char       *access_key_id,
                               const char       *region)
{
  g_autofree char *key = NULL;
  CsBedrockListing *listing;

  g_return_val_if_fail (CS_IS_BEDROCK_ACCOUNT (self), NULL);
  g_return_val_if_fail (region != NULL, NULL);
  key = cache_key (access_key_id, region);
  listing = g_hash_table_lookup (self->cache, key);
  return listing != NULL ? cs_bedrock_listing_ref (listing) : NULL;
}

/* ---- reading ---------------------------------------------------------------------------- */

typedef struct
{
  CsBedrockKeys    *keys;
  char             *region;
  JsonNode         *models;      /* the ListFoundationModels answer */
  GPtrArray        *profiles;    /* JsonNode* of inferenceProfileSummaries[] items */
  guint             pages;
  CsBedrockOutcome  outcome;
  char             *missing_action;
} ListData;

static void
list_data_free (ListData *data)
{
  cs_bedrock_keys_free (data->keys);
  g_free (data->region);
  g_clear_pointer (&data->models, json_node_unref);
  g_clear_pointer (&data->profiles, g_ptr_array_unref);
  g_free (data->missing_action);
  g_free (data);
}

static void list_models_cb   (GObject *source, GAsyncResult *result, gpointer user_data);
static void list_profiles_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
fail (GTask            *task,
      CsBedrockOutcome  outcome,
      const char       *action,
      GError           *error)
{
  ListData *data = g_task_get_task_data (task);

  data->outcome = outcome;
  if (outcome == CS_BEDROCK_FAILED_PERMISSION)
    data->missing_action = g_strdup (action);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static CsError
error_code_for (CsBedrockOutcome outcome)
{
  switch (outcome)
    {
    case CS_BEDROCK_FAILED_KEYS:
    case CS_BEDROCK_FAILED_SIGNATURE:
    case CS_BEDROCK_FAILED_EXPIRED_TOKEN:
    case CS_BEDROCK_FAILED_PERMISSION:
      return CS_ERROR_REMOTE_FORBIDDEN;
    case CS_BEDROCK_FAILED_THROTTLED:
      return CS_ERROR_THROTTLED;
    case CS_BEDROCK_OK:
    case CS_BEDROCK_FAILED_MODEL:
    case CS_BEDROCK_FAILED_END_OF_LIFE:
    case CS_BEDROCK_FAILED_BODY:
    case CS_BEDROCK_FAILED_OFFLINE:
    case CS_BEDROCK_FAILED_OTHER:
    default:
      return CS_ERROR_REMOTE;
    }
}

/* Sends msg; on success calls next with the parsed JSON, else fails the task. */
static void
send (GTask               *task,
      SoupMessage         *msg,
      GAsyncReadyCallback  callback)
{
  CsBedrockAccount *self = g_task_get_source_object (task);

  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (msg), g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

/* The JSON of a 2xx answer, or NULL after failing the task. */
static JsonNode *
read_answer (GTask        *task,
             GAsyncResult *result,
             const char   *action)
{
  CsBedrockAccount *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (self->session, result, &error);
  if (bytes == NULL)
    {
      GError *mapped = cs_error_from_transport (error);

      if (g_error_matches (mapped, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, CS_BEDROCK_FAILED_OTHER, NULL, mapped);
      else
        {
          GError *offline = g_error_new (CS_ERROR, mapped->code,
                                         _("%s Until Bedrock can be reached, the models come "
                                           "from Connector Studio’s own table."),
                                         mapped->message);
          g_error_free (mapped);
          fail (task, CS_BEDROCK_FAILED_OFFLINE, NULL, offline);
        }
      return NULL;
    }

  status = soup_message_get_status (msg);
  root = cs_json_parse (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), 0,
                        NULL);

  if (status < 200 || status >= 300)
    {
      g_autofree char *type = NULL;
      g_autofree char *message = NULL;
      g_autofree char *sentence = NULL;
      CsBedrockOutcome outcome;

      cs_bedrock_read_error (msg, root, &type, &message);
      outcome = cs_bedrock_classify (status, type, message, action, data->region, NULL,
                                     &sentence);
      fail (task, outcome, action,
            g_error_new_literal (CS_ERROR, error_code_for (outcome), sentence));
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (task, CS_BEDROCK_FAILED_OTHER, NULL,
            g_error_new (CS_ERROR, CS_ERROR_BAD_RESPONSE,
                         _("Bedrock’s answer to %s could not be read. Try again later; until "
                           "then the models come from Connector Studio’s own table."),
                         action));
      return NULL;
    }
  return g_steal_pointer (&root);
}

static void
request_profiles (GTask      *task,
                  const char *next_token)
{
  CsBedrockAccount *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *query = NULL;
  GError *error = NULL;

  if (next_token != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (next_token, NULL, FALSE);

      query = g_strconcat ("nextToken=", escaped, "&type=SYSTEM_DEFINED", NULL);
    }
  else
    query = g_strdup ("type=SYSTEM_DEFINED");
  msg = cs_bedrock_signed_message (data->keys, data->region, self->endpoints,
                                   CS_BEDROCK_SERVICE_CONTROL, "GET", "/inference-profiles",
                                   query, NULL, &error);
  if (msg == NULL)
    {
      fail (task, CS_BEDROCK_FAILED_OTHER, NULL, error);
      return;
    }
  data->pages++;
  send (task, msg, list_profiles_cb);
}

static void
list_models_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  JsonNode *root = read_answer (task, result, ACTION_LIST_MODELS);

  if (root == NULL)
    return;
  data->models = root;
  request_profiles (task, NULL);
}

static JsonObject *
array_object (JsonArray *array,
              guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (node), value) == 0)
        return TRUE;
    }
  return FALSE;
}

/* TRUE when one of the profile's models[].modelArn names the foundation model. */
static gboolean
profile_routes_to (JsonObject *profile,
                   const char *model_id)
{
  JsonArray *models = cs_json_get_array (profile, "models");
  g_autofree char *suffix = g_strconcat (":foundation-model/", model_id, NULL);

  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      const char *arn = cs_json_get_string (array_object (models, i), "modelArn");

      if (arn != NULL && g_str_has_suffix (arn, suffix))
        return TRUE;
    }
  return FALSE;
}

static CsBedrockListing *
merge (ListData *data)
{
  CsBedrockListing *listing = g_new0 (CsBedrockListing, 1);
  JsonArray *summaries = cs_json_get_array (json_node_get_object (data->models), "modelSummaries");

  g_atomic_ref_count_init (&listing->ref_count);
  listing->region = g_strdup (data->region);
  listing->time = g_date_time_new_now_utc ();
  listing->models = g_ptr_array_new_with_free_func ((GDestroyNotify) account_model_free);

  for (guint i = 0; summaries != NULL && i < json_array_get_length (summaries); i++)
    {
      JsonObject *summary = array_object (summaries, i);
      const char *id = cs_json_get_string (summary, "modelId");
      const char *provider = cs_json_get_string (summary, "providerName");
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      CsBedrockAccountModel *model;

      if (id == NULL || (provider != NULL && g_ascii_strcasecmp (provider, "anthropic") != 0)
          || !g_str_has_prefix (id, "anthropic."))
        continue;

      model = g_new0 (CsBedrockAccountModel, 1);
      model->model_id = g_strdup (id);
      model->name = g_strdup (cs_json_get_string (summary, "modelName"));
      model->lifecycle = g_strdup (cs_json_get_string (cs_json_get_object (summary, "modelLifecycle"),
                                                  "status"));
      model->on_demand = array_has_string (cs_json_get_array (summary, "inferenceTypesSupported"),
                                           "ON_DEMAND");
      model->rules = cs_model_rules_lookup (id);

      if (g_strcmp0 (model->lifecycle, "LEGACY") == 0)
        model->marks |= CS_BEDROCK_MARK_LEGACY;
      if (model->rules != NULL)
        {
          CsModelLifecycle lifecycle = cs_model_rules_get_lifecycle (model->rules, NULL);

          if (lifecycle == CS_MODEL_LIFECYCLE_LEGACY)
            model->marks |= CS_BEDROCK_MARK_LEGACY;
          else if (lifecycle == CS_MODEL_LIFECYCLE_END_OF_LIFE)
            model->marks |= CS_BEDROCK_MARK_END_OF_LIFE;
          if (cs_model_rules_is_derived (model->rules))
            model->marks |= CS_BEDROCK_MARK_DERIVED;
        }

      for (guint p = 0; p < data->profiles->len; p++)
        {
          JsonObject *profile = json_node_get_object (g_ptr_array_index (data->profiles, p));
          const char *profile_id = cs_json_get_string (profile, "inferenceProfileId");
          const char *status = cs_json_get_string (profile, "status");

          if (profile_id == NULL || (status != NULL && !g_str_equal (status, "ACTIVE"))
              || !profile_routes_to (profile, id))
            continue;
          g_strv_builder_add (ids, profile_id);
          /* The geography's own profile first; global when there is no other. */
          if (model->profile_id == NULL || g_str_has_prefix (model->profile_id, "global."))
            {
              if (model->profile_id == NULL || !g_str_has_prefix (profile_id, "global."))
                {
                  g_free (model->profile_id);
                  model->profile_id = g_strdup (profile_id);
                }
            }
        }
      model->profile_ids = g_strv_builder_end (ids);
      if (model->profile_id == NULL && !model->on_demand)
        model->marks |= CS_BEDROCK_MARK_NO_PROFILE;
      g_ptr_array_add (listing->models, model);
    }
  return listing;
}

static void
list_profiles_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  CsBedrockAccount *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  JsonNode *root = read_answer (task, result, ACTION_LIST_PROFILES);
  JsonArray *summaries;
  const char *next;
  CsBedrockListing *listing;

  if (root == NULL)
    return;
  summaries = cs_json_get_array (json_node_get_object (root), "inferenceProfileSummaries");
  for (guint i = 0; summaries != NULL && i < json_array_get_length (summaries); i++)
    {
      JsonNode *node = json_array_get_element (summaries, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (data->profiles, json_node_copy (node));
    }
  next = cs_json_get_string (json_node_get_object (root), "nextToken");
  if (next != NULL && *next != '\0' && data->pages < MAX_PAGES)
    {
      g_autofree char *token = g_strdup (next);

      json_node_unref (root);
      request_profiles (task, token);
      return;
    }
  json_node_unref (root);

  listing = merge (data);
  g_hash_table_replace (self->cache, cache_key (data->keys->access_key_id, data->region),
                        cs_bedrock_listing_ref (listing));
  data->outcome = CS_BEDROCK_OK;
  g_task_return_pointer (task, listing, (GDestroyNotify) cs_bedrock_listing_unref);
  g_object_unref (task);
}

void
cs_bedrock_account_list_async (CsBedrockAccount    *self,
                               const CsBedrockKeys *keys,
                               const char          *region,
                               gboolean             refresh,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  ListData *data;
  g_autoptr(SoupMessage) msg = NULL;
  GError *error = NULL;

  g_return_if_fail (CS_IS_BEDROCK_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_bedrock_account_list_async);
  data = g_new0 (ListData, 1);
  data->outcome = CS_BEDROCK_FAILED_OTHER;
  data->profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  if (!cs_bedrock_check_input (keys, region, &error))
    {
      fail (task, CS_BEDROCK_FAILED_OTHER, NULL, error);
      return;
    }
  data->keys = cs_bedrock_keys_copy (keys);
  data->region = g_strdup (region);

  if (!refresh)
    {
      CsBedrockListing *cached = cs_bedrock_account_get_cached (self, keys->access_key_id,
                                                                region);

      if (cached != NULL)
        {
          data->outcome = CS_BEDROCK_OK;
          g_task_return_pointer (task, cached, (GDestroyNotify) cs_bedrock_listing_unref);
          g_object_unref (task);
          return;
        }
    }

  msg = cs_bedrock_signed_message (data->keys, region, self->endpoints,
                                   CS_BEDROCK_SERVICE_CONTROL, "GET", "/foundation-models",
                                   "byProvider=Anthropic", NULL, &error);
  if (msg == NULL)
    {
      fail (task, CS_BEDROCK_FAILED_OTHER, NULL, error);
      return;
    }
  send (task, msg, list_models_cb);
}

CsBedrockListing *
cs_bedrock_account_list_finish (CsBedrockAccount  *self,
                                GAsyncResult      *result,
                                CsBedrockOutcome  *outcome,
                                char             **missing_action,
                                GError           **error)
{
  ListData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_bedrock_account_list_async,
                        NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (outcome != NULL)
    *outcome = data->outcome;
  if (missing_action != NULL)
    *missing_action = g_strdup (data->missing_action);
  return g_task_propagate_pointer (G_TASK (result), error);
}
