/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-test-utils.h"

char *
cs_test_data_path (const char *relative)
{
  const char *dir = g_getenv ("CS_TEST_DATA_DIR");

  if (dir == NULL)
    dir = CS_TEST_DATA_DIR;
  return g_build_filename (dir, relative, NULL);
}

char *
cs_test_data_contents (const char *relative,
                       gsize      *length)
{
  g_autofree char *path = cs_test_data_path (relative);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

JsonNode *
cs_test_data_json (const char *relative)
{
  g_autofree char *path = cs_test_data_path (relative);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

typedef struct
{
  gboolean fired;
} Deadline;

guint
cs_test_scaled_ms (guint ms)
{
  const char *text = g_getenv ("CS_TEST_TIME_SCALE");
  guint64 scale = 1;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, 100, &scale, NULL))
    scale = 1;
  return (guint) MIN ((guint64) ms * scale, G_MAXUINT);
}

gint64
cs_test_deadline (guint ms)
{
  return g_get_monotonic_time () + (gint64) cs_test_scaled_ms (ms) * G_TIME_SPAN_MILLISECOND;
}

static gboolean
deadline_cb (gpointer data)
{
  Deadline *deadline = data;

  deadline->fired = TRUE;
  return G_SOURCE_REMOVE;
}

void
cs_test_wait_for_result (GAsyncResult **result,
                         guint          timeout_ms)
{
  Deadline deadline = { FALSE };
  guint id = g_timeout_add (cs_test_scaled_ms (timeout_ms), deadline_cb, &deadline);

  while (*result == NULL && !deadline.fired)
    g_main_context_iteration (NULL, TRUE);

  if (!deadline.fired)
    g_source_remove (id);
  g_assert_nonnull (*result);
}

void
cs_test_store_result (GObject      *source,
                      GAsyncResult *res,
                      gpointer      user_data)
{
  GAsyncResult **result = user_data;

  g_assert_null (*result);
  *result = g_object_ref (res);
}

void
cs_test_wait_for_flag (gboolean *flag,
                       guint     timeout_ms)
{
  Deadline deadline = { FALSE };
  guint id = g_timeout_add (cs_test_scaled_ms (timeout_ms), deadline_cb, &deadline);

  while (!*flag && !deadline.fired)
    g_main_context_iteration (NULL, TRUE);

  if (!deadline.fired)
    g_source_remove (id);
  g_assert_true (*flag);
}

static JsonNode *
canonical_copy (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = g_list_sort (json_object_get_members (object),
                                              (GCompareFunc) g_strcmp0);
        JsonObject *copy = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);

        for (GList *l = names; l != NULL; l = l->next)
          json_object_set_member (copy, l->data,
                                  canonical_copy (json_object_get_member (object, l->data)));
        json_node_take_object (result, copy);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_new ();
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, canonical_copy (json_array_get_element (array, i)));
        json_node_take_array (result, copy);
        return result;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

char *
cs_test_canonical_json (JsonNode *node)
{
  g_autoptr(JsonNode) copy = canonical_copy (node);

  return json_to_string (copy, FALSE);
}
