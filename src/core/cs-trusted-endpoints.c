/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-trusted-endpoints"

#include "config.h"

#include "cs-trusted-endpoints.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-json.h"

#define N_SOURCES 3

struct _CsTrustedList
{
  GObject   parent_instance;

  /* Indexed by CsSettingSource; NULL when that level is not set / not known. */
  GStrv     levels[N_SOURCES];

  /* Compiled effective patterns, filled lazily; an element is NULL when the
   * pattern cannot be compiled here. */
  GPtrArray *compiled;
};

G_DEFINE_FINAL_TYPE (CsTrustedList, cs_trusted_list, G_TYPE_OBJECT)

/* ML Commons' own defaults (MLCommonsSettings), by the version that first
 * shipped them. */
static const char * const defaults_2_9[] = {
  "^https://runtime\\.sagemaker\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://api\\.openai\\.com/.*$",
  "^https://api\\.cohere\\.ai/.*$",
  NULL
};

static const char * const defaults_2_11[] = {
  "^https://runtime\\.sagemaker\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://api\\.openai\\.com/.*$",
  "^https://api\\.cohere\\.ai/.*$",
  "^https://bedrock-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  NULL
};

static const char * const defaults_2_19[] = {
  "^https://runtime\\.sagemaker\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://api\\.sagemaker\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://api\\.openai\\.com/.*$",
  "^https://api\\.cohere\\.ai/.*$",
  "^https://api\\.deepseek\\.com/.*$",
  "^https://bedrock-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://bedrock-agent-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://bedrock\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://textract\\..*[a-z0-9-]\\.amazonaws\\.com$",
  "^https://comprehend\\..*[a-z0-9-]\\.amazonaws\\.com$",
  "^https://rekognition(-fips)?\\..*[a-z0-9-]\\.amazonaws\\.com$",
  NULL
};

static const char * const defaults_3_5[] = {
  "^https://runtime\\.sagemaker\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://api\\.sagemaker\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://api\\.openai\\.com/.*$",
  "^https://api\\.cohere\\.ai/.*$",
  "^https://api\\.deepseek\\.com/.*$",
  "^https://bedrock-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://bedrock-agent-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://bedrock\\..*[a-z0-9-]\\.amazonaws\\.com/.*$",
  "^https://textract\\..*[a-z0-9-]\\.amazonaws\\.com$",
  "^https://comprehend\\..*[a-z0-9-]\\.amazonaws\\.com$",
  "^https://rekognition(-fips)?\\..*[a-z0-9-]\\.amazonaws\\.com$",
  "^https://generativelanguage\\.googleapis\\.com/.*$",
  NULL
};

static void
cs_trusted_list_finalize (GObject *object)
{
  CsTrustedList *self = CS_TRUSTED_LIST (object);

  for (guint i = 0; i < N_SOURCES; i++)
    g_strfreev (self->levels[i]);
  g_clear_pointer (&self->compiled, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_trusted_list_parent_class)->finalize (object);
}

static void
cs_trusted_list_class_init (CsTrustedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_trusted_list_finalize;
}

static void
cs_trusted_list_init (CsTrustedList *self)
{
}

static const char * const *
defaults_for_version (const CsVersion *version)
{
  if (version == NULL || !cs_version_at_least (version, 2, 9))
    return NULL;
  if (cs_version_at_least (version, 3, 5))
    return defaults_3_5;
  if (cs_version_at_least (version, 2, 19))
    return defaults_2_19;
  if (cs_version_at_least (version, 2, 11))
    return defaults_2_11;
  return defaults_2_9;
}

CsTrustedList *
cs_trusted_list_new_defaults (const CsVersion *version)
{
  CsTrustedList *self = g_object_new (CS_TYPE_TRUSTED_LIST, NULL);
  const char * const *defaults = defaults_for_version (version);

  if (defaults != NULL)
    self->levels[CS_SETTING_SOURCE_DEFAULT] = g_strdupv ((GStrv) defaults);
  return self;
}

/*
 * Looks up a dotted key in an object whose members may be flat
 * ("plugins.ml_commons.x"), nested ({"plugins":{"ml_commons":{"x":…}}}) or
 * any mix of the two.
 */
static JsonNode *
lookup_dotted (JsonObject *object,
               const char *key)
{
  const char *dot;

  if (json_object_has_member (object, key))
    return json_object_get_member (object, key);

  for (dot = strchr (key, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    {
      g_autofree char *head = g_strndup (key, (gsize) (dot - key));
      JsonNode *child = json_object_get_member (object, head);

      if (child != NULL && JSON_NODE_HOLDS_OBJECT (child))
        {
          JsonNode *found = lookup_dotted (json_node_get_object (child), dot + 1);

          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

static gboolean
read_level (JsonObject  *answer,
            const char  *section,
            GStrv       *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (answer, section);
  JsonNode *value;
  g_autoptr(GStrvBuilder) builder = NULL;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;

  value = lookup_dotted (json_node_get_object (node), CS_TRUSTED_ENDPOINTS_SETTING);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return TRUE;

  builder = g_strv_builder_new ();

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            goto bad;
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      /* A list setting given as one string is a list of one. */
      g_strv_builder_add (builder, json_node_get_string (value));
    }
  else
    goto bad;

  *out = g_strv_builder_end (builder);
  return TRUE;

bad:
  g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
               _("The cluster reported its trusted connector endpoints in an unexpected form. "
                 "Check that the address points to an OpenSearch cluster."));
  return FALSE;
}

CsTrustedList *
cs_trusted_list_new_from_settings_for_version (JsonNode         *answer,
                                               const CsVersion  *version,
                                               GError          **error)
{
  g_autoptr(CsTrustedList) self = NULL;
  static const struct { CsSettingSource source; const char *section; } sections[] = {
    { CS_SETTING_SOURCE_DEFAULT, "defaults" },
    { CS_SETTING_SOURCE_PERSISTENT, "persistent" },
    { CS_SETTING_SOURCE_TRANSIENT, "transient" },
  };

  g_return_val_if_fail (answer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The cluster’s settings could not be read: the answer is not a JSON "
                     "object. Check that the address points to an OpenSearch cluster."));
      return NULL;
    }

  self = g_object_new (CS_TYPE_TRUSTED_LIST, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (!read_level (json_node_get_object (answer), sections[i].section,
                     &self->levels[sections[i].source], error))
      return NULL;

  /* An explicitly set list hides the default one from the answer. */
  if (self->levels[CS_SETTING_SOURCE_DEFAULT] == NULL)
    {
      const char * const *defaults = defaults_for_version (version);

      if (defaults != NULL)
        self->levels[CS_SETTING_SOURCE_DEFAULT] = g_strdupv ((GStrv) defaults);
    }

  return g_steal_pointer (&self);
}

CsTrustedList *
cs_trusted_list_new_from_settings (JsonNode  *answer,
                                   GError   **error)
{
  return cs_trusted_list_new_from_settings_for_version (answer, NULL, error);
}

CsSettingSource
cs_trusted_list_get_source (CsTrustedList *self)
{
  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), CS_SETTING_SOURCE_DEFAULT);

  if (self->levels[CS_SETTING_SOURCE_TRANSIENT] != NULL)
    return CS_SETTING_SOURCE_TRANSIENT;
  if (self->levels[CS_SETTING_SOURCE_PERSISTENT] != NULL)
    return CS_SETTING_SOURCE_PERSISTENT;
  return CS_SETTING_SOURCE_DEFAULT;
}

static const char * const *
effective (CsTrustedList *self)
{
  static const char * const empty[] = { NULL };
  GStrv level = self->levels[cs_trusted_list_get_source (self)];

  return level != NULL ? (const char * const *) level : empty;
}

guint
cs_trusted_list_get_n_patterns (CsTrustedList *self)
{
  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), 0);
  return g_strv_length ((GStrv) effective (self));
}

const char *
cs_trusted_list_get_pattern (CsTrustedList *self,
                             guint          i)
{
  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), NULL);
  g_return_val_if_fail (i < cs_trusted_list_get_n_patterns (self), NULL);
  return effective (self)[i];
}

gboolean
cs_trusted_list_has_source (CsTrustedList   *self,
                            CsSettingSource  source)
{
  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), FALSE);
  g_return_val_if_fail (source < N_SOURCES, FALSE);
  return self->levels[source] != NULL;
}

const char * const *
cs_trusted_list_get_source_patterns (CsTrustedList   *self,
                                     CsSettingSource  source)
{
  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), NULL);
  g_return_val_if_fail (source < N_SOURCES, NULL);
  return (const char * const *) self->levels[source];
}

gboolean
cs_trusted_list_contains (CsTrustedList *self,
                          const char    *pattern)
{
  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), FALSE);
  g_return_val_if_fail (pattern != NULL, FALSE);
  return g_strv_contains (effective (self), pattern);
}

/*
 * Java's character-class intersection ([a-z&&[^q]]) means something else in
 * PCRE (a literal '&'), so a pattern using it would silently be tested with a
 * different meaning. Returns TRUE when the pattern has one.
 */
static gboolean
has_class_intersection (const char *pattern)
{
  int depth = 0;
  gboolean quoted = FALSE;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (p[0] == '\\' && p[1] == 'E')
            {
              quoted = FALSE;
              p++;
            }
          continue;
        }
      if (p[0] == '\\')
        {
          if (p[1] == 'Q')
            quoted = TRUE;
          if (p[1] != '\0')
            p++;
          continue;
        }
      if (p[0] == '[')
        depth++;
      else if (p[0] == ']' && depth > 0)
        depth--;
      else if (depth > 0 && p[0] == '&' && p[1] == '&')
        return TRUE;
    }
  return FALSE;
}

static void
regex_unref_nullable (gpointer regex)
{
  if (regex != NULL)
    g_regex_unref (regex);
}

static GRegex *
compile_java_pattern (const char  *java_pattern,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *wrapped = NULL;
  GRegex *regex;

  if (has_class_intersection (java_pattern))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The pattern “%s” uses Java’s character-class intersection (&&), which "
                     "cannot be checked here. Test the URL on the cluster instead."),
                   java_pattern);
      return NULL;
    }

  /* String.matches(): the whole input must match. \z, unlike $, does not
   * accept a trailing newline. */
  wrapped = g_strdup_printf ("(?:%s)\\z", java_pattern);
  regex = g_regex_new (wrapped, G_REGEX_ANCHORED, G_REGEX_MATCH_ANCHORED, &local_error);
  if (regex == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The pattern “%s” is not a regular expression that can be checked here "
                     "(%s). Correct it, or test the URL on the cluster."),
                   java_pattern, local_error->message);
      return NULL;
    }
  return regex;
}

gboolean
cs_trusted_pattern_matches (const char  *java_pattern,
                            const char  *url,
                            GError     **error)
{
  g_autoptr(GRegex) regex = NULL;

  g_return_val_if_fail (java_pattern != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  regex = compile_java_pattern (java_pattern, error);
  if (regex == NULL)
    return FALSE;
  if (!g_utf8_validate (url, -1, NULL))
    return FALSE;
  return g_regex_match (regex, url, 0, NULL);
}

int
cs_trusted_list_match (CsTrustedList *self,
                       const char    *url)
{
  const char * const *patterns;
  guint n;

  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), -1);
  g_return_val_if_fail (url != NULL, -1);

  if (!g_utf8_validate (url, -1, NULL))
    return -1;

  patterns = effective (self);
  n = g_strv_length ((GStrv) patterns);

  if (self->compiled == NULL)
    {
      self->compiled = g_ptr_array_new_full (n, regex_unref_nullable);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) error = NULL;
          GRegex *regex = compile_java_pattern (patterns[i], &error);

          if (regex == NULL)
            g_debug ("Trusted endpoint pattern %u not usable: %s", i, error->message);
          g_ptr_array_add (self->compiled, regex);
        }
    }

  for (guint i = 0; i < self->compiled->len; i++)
    {
      GRegex *regex = g_ptr_array_index (self->compiled, i);

      if (regex != NULL && g_regex_match (regex, url, 0, NULL))
        return (int) i;
    }
  return -1;
}

static JsonNode *
build_list (const char * const *base,
            const char         *add_pattern,
            const char         *remove_pattern)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean has_add = FALSE;

  json_builder_begin_array (builder);
  for (guint i = 0; base[i] != NULL; i++)
    {
      if (remove_pattern != NULL && g_str_equal (base[i], remove_pattern))
        continue;
      if (add_pattern != NULL && g_str_equal (base[i], add_pattern))
        {
          if (has_add)
            continue;
          has_add = TRUE;
        }
      json_builder_add_string_value (builder, base[i]);
    }
  if (add_pattern != NULL && !has_add &&
      (remove_pattern == NULL || !g_str_equal (add_pattern, remove_pattern)))
    json_builder_add_string_value (builder, add_pattern);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cs_trusted_list_build_put_body (CsTrustedList *self,
                                const char    *add_pattern,
                                const char    *remove_pattern)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;
  JsonObject *persistent;
  const char * const *persistent_base;

  g_return_val_if_fail (CS_IS_TRUSTED_LIST (self), NULL);

  /* What the persistent list will become: the persistent one if set, else the
   * defaults. Without either we do not know what the cluster trusts today, and
   * a PUT would silently replace it. */
  persistent_base = (const char * const *) self->levels[CS_SETTING_SOURCE_PERSISTENT];
  if (persistent_base == NULL)
    persistent_base = (const char * const *) self->levels[CS_SETTING_SOURCE_DEFAULT];
  if (persistent_base == NULL)
    return NULL;

  root = json_node_new (JSON_NODE_OBJECT);
  body = json_object_new ();
  json_node_take_object (root, body);

  persistent = json_object_new ();
  json_object_set_member (persistent, CS_TRUSTED_ENDPOINTS_SETTING,
                          build_list (persistent_base, add_pattern, remove_pattern));
  json_object_set_object_member (body, "persistent", persistent);

  /* A transient list overrides the persistent one until a full restart:
   * change it the same way, or the change would not take effect now. */
  if (self->levels[CS_SETTING_SOURCE_TRANSIENT] != NULL)
    {
      JsonObject *transient = json_object_new ();

      json_object_set_member (transient, CS_TRUSTED_ENDPOINTS_SETTING,
                              build_list ((const char * const *) self->levels[CS_SETTING_SOURCE_TRANSIENT],
                                          add_pattern, remove_pattern));
      json_object_set_object_member (body, "transient", transient);
    }

  return g_steal_pointer (&root);
}

/* Fetching */

static void
fetch_version_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JsonNode *settings = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  CsVersion version;
  gboolean has_version = FALSE;
  CsTrustedList *list;

  root = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Without the version the defaults stay unknown; that is not a failure. */
  g_clear_error (&error);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *v = cs_json_get_object (json_node_get_object (root), "version");
      const char *distribution = cs_json_get_string (v, "distribution");

      if (v != NULL && (distribution == NULL || g_strcmp0 (distribution, "opensearch") == 0))
        has_version = cs_version_parse (cs_json_get_string (v, "number"), &version);
      /* 7.10.2 is the compatibility number some clusters pretend to be. */
      if (has_version && version.major == 7)
        has_version = FALSE;
    }

  list = cs_trusted_list_new_from_settings_for_version (settings, has_version ? &version : NULL,
                                                        &error);
  if (list == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, list, g_object_unref);
}

static void
fetch_settings_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTrustedList) list = NULL;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  list = cs_trusted_list_new_from_settings (answer, &error);
  if (list == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A list set explicitly hides the defaults from the answer; they are still
   * what a reset would bring back and what the page shows, so ask for the
   * version to know them. */
  if (!cs_trusted_list_has_source (list, CS_SETTING_SOURCE_DEFAULT) &&
      cs_trusted_list_get_source (list) != CS_SETTING_SOURCE_DEFAULT)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_task_set_task_data (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
      cs_client_request_async (CS_CLIENT (source), "GET", "", NULL, CS_REQUEST_FLAGS_NONE,
                               cancellable, fetch_version_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&list), g_object_unref);
}

void
cs_trusted_list_fetch_async (CsClient            *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_trusted_list_fetch_async);

  cs_client_request_async (client, "GET",
                           "_cluster/settings?include_defaults=true&flat_settings=true",
                           NULL, CS_REQUEST_FLAGS_NONE, cancellable,
                           fetch_settings_cb, g_steal_pointer (&task));
}

CsTrustedList *
cs_trusted_list_fetch_finish (CsClient      *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (CS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_trusted_list_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saving */

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean acknowledged;

  answer = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      !cs_json_get_boolean (json_node_get_object (answer), "acknowledged", &acknowledged))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                               _("The cluster answered the settings change in an unexpected "
                                 "form. Refresh to see whether it was applied."));
      return;
    }

  if (!acknowledged)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The cluster did not confirm the settings change in time. "
                                 "Refresh to see whether it was applied."));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cs_trusted_list_save_async (CsClient            *client,
                            JsonNode            *put_body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (put_body != NULL && JSON_NODE_HOLDS_OBJECT (put_body));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_trusted_list_save_async);

  cs_client_request_async (client, "PUT", "_cluster/settings", put_body,
                           CS_REQUEST_FLAGS_NONE, cancellable, save_cb, g_steal_pointer (&task));
}

gboolean
cs_trusted_list_save_finish (CsClient      *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (CS_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_trusted_list_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
