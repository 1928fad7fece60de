/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-json"

#include "config.h"

#include "cs-json.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"

/* 2^63 as a double: the first value past G_MAXINT64. */
#define INT64_LIMIT 9223372036854775808.0

static JsonNode *
member_node (JsonObject *object,
             const char *member)
{
  g_return_val_if_fail (member != NULL, NULL);

  if (object == NULL)
    return NULL;
  return json_object_get_member (object, member);
}

static gboolean
node_is_missing (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/**
 * cs_json_make_valid_utf8:
 * @text: (nullable): bytes that should be UTF-8
 * @length: length of @text in bytes, or -1 when NUL-terminated
 *
 * Returns: (transfer full) (nullable): a copy of @text in which every invalid
 *   sequence is replaced by U+FFFD, or %NULL for a %NULL @text
 */
char *
cs_json_make_valid_utf8 (const char *text,
                         gssize      length)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_validate (text, length, NULL))
    return length < 0 ? g_strdup (text) : g_strndup (text, length);
  return g_utf8_make_valid (text, length);
}

/* Parsing */

/* The deepest nesting of objects and arrays in text, counted without
 * recursion; strings (with their escapes) do not count. Stops early once
 * limit is passed. */
static guint
nesting_depth (const char *text,
               gsize       length,
               guint       limit)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > deepest)
            {
              deepest = depth;
              if (deepest > limit)
                return deepest;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return deepest;
}

static void make_tree_valid_utf8 (JsonNode *node);

static void
make_object_valid_utf8 (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) names = json_object_get_members (object);
  gboolean names_valid = TRUE;

  for (GList *l = names; l != NULL; l = l->next)
    {
      make_tree_valid_utf8 (json_object_get_member (object, l->data));
      if (!g_utf8_validate (l->data, -1, NULL))
        names_valid = FALSE;
    }

  if (!names_valid)
    {
      g_autoptr(JsonObject) copy = json_object_new ();

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *name = cs_json_make_valid_utf8 (l->data, -1);

          json_object_set_member (copy, name,
                                  json_node_ref (json_object_get_member (object, l->data)));
        }
      json_node_set_object (node, copy);
    }
}

/* The tree's depth was checked before parsing, so this recursion is bounded. */
static void
make_tree_valid_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      make_object_valid_utf8 (node);
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n; i++)
          make_tree_valid_utf8 (json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          g_autofree char *valid = cs_json_make_valid_utf8 (json_node_get_string (node), -1);

          json_node_set_string (node, valid);
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

/**
 * cs_json_parse:
 * @data: the JSON text
 * @length: its length in bytes, or -1 when NUL-terminated
 * @max_bytes: the longest text to read; 0 for %CS_JSON_DEFAULT_MAX_BYTES
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the document, every string valid UTF-8
 */
JsonNode *
cs_json_parse (const char  *data,
               gssize       length,
               gsize        max_bytes,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_bytes == 0)
    max_bytes = CS_JSON_DEFAULT_MAX_BYTES;
  size = length < 0 ? strlen (data) : (gsize) length;

  if (size > max_bytes)
    {
      g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The JSON text is larger than %s, more than Connector Studio reads. Check "
                     "that it comes from the right cluster or file."),
                   limit);
      return NULL;
    }

  if (nesting_depth (data, size, CS_JSON_MAX_DEPTH) > CS_JSON_MAX_DEPTH)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                   _("The JSON text is nested more than %u levels deep, more than Connector "
                     "Studio reads. Check that it comes from the right cluster or file."),
                   (guint) CS_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "empty document");
      return NULL;
    }

  root = json_parser_steal_root (parser);
  make_tree_valid_utf8 (root);
  return root;
}

/* Writing */

static gboolean
double_prints_as_json (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buffer, sizeof buffer, value);
  /* json-glib adds ".0" when there is no dot: fine for 12 ("12.0"), not for
   * an exponent ("1e+96.0"). */
  return strchr (buffer, '.') != NULL || strchr (buffer, 'e') == NULL;
}

static gboolean
tree_needs_fixing (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (tree_needs_fixing (member))
            return TRUE;
        return FALSE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (tree_needs_fixing (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          return !isfinite (d) || !double_prints_as_json (d);
        }
      return FALSE;

    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
}

/* A deep copy (json_node_copy() shares objects and arrays); with
 * fix_doubles every double made writable, with fix_utf8 every string and
 * member name made valid UTF-8. */
static JsonNode *
deep_copy (JsonNode *node,
           gboolean  fix_doubles,
           gboolean  fix_utf8)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        g_autoptr(JsonObject) copy = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            g_autofree char *valid = fix_utf8 ? cs_json_make_valid_utf8 (name, -1) : NULL;

            json_object_set_member (copy, valid != NULL ? valid : name,
                                    deep_copy (member, fix_doubles, fix_utf8));
          }
        json_node_set_object (result, copy);
        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, deep_copy (json_array_get_element (array, i),
                                                   fix_doubles, fix_utf8));
        json_node_set_array (result, copy);
        return result;
      }

    case JSON_NODE_VALUE:
      if (fix_doubles && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          if (!isfinite (d))
            return json_node_new (JSON_NODE_NULL);
          while (!double_prints_as_json (d))
            d = nextafter (d, 0.0);
          return json_node_init_double (json_node_alloc (), d);
        }
      if (fix_utf8 && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *valid = cs_json_make_valid_utf8 (json_node_get_string (node), -1);

          return json_node_init_string (json_node_alloc (), valid);
        }
      return json_node_copy (node);

    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/**
 * cs_json_node_copy_valid_utf8:
 * @node: a JSON node
 *
 * For trees that did not come from cs_json_parse() (built in code, or parsed
 * elsewhere) before their strings go into an object of core.
 *
 * Returns: (transfer full): a deep copy of @node in which every string and
 *   member name is valid UTF-8
 */
JsonNode *
cs_json_node_copy_valid_utf8 (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return deep_copy (node, FALSE, TRUE);
}

/**
 * cs_json_to_data:
 * @node: a JSON document
 * @pretty: indent with two spaces
 *
 * Returns: (transfer full): the document as JSON text that json-glib and
 *   every other JSON reader can read back
 */
char *
cs_json_to_data (JsonNode *node,
                 gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (tree_needs_fixing (node))
    {
      copy = deep_copy (node, TRUE, FALSE);
      node = copy;
    }
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/* Reading members */

const char *
cs_json_node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
cs_json_node_dup_string (JsonNode *node)
{
  return cs_json_make_valid_utf8 (cs_json_node_get_string (node), -1);
}

/**
 * cs_json_node_get_int:
 * @node: (nullable): a JSON node
 * @out: (out): where the value goes; 0 when %FALSE is returned
 *
 * Reads an integer that a server may have written as `9` or `9.0`. A double
 * counts only when it is finite, whole and within the range of #gint64, so a
 * value such as `1e30` is refused rather than wrapped.
 *
 * Returns: %TRUE when @node holds such a number
 */
gboolean
cs_json_node_get_int (JsonNode *node,
                      gint64   *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = json_node_get_int (node);
      return TRUE;

    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (!isfinite (d) || d != floor (d) || d < -INT64_LIMIT || d >= INT64_LIMIT)
          return FALSE;
        *out = (gint64) d;
        return TRUE;
      }

    default:
      return FALSE;
    }
}

JsonObject *
cs_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = member_node (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
cs_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = member_node (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonArray *
cs_json_get_search_hits (JsonNode *answer)
{
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  return cs_json_get_array (cs_json_get_object (json_node_get_object (answer), "hits"), "hits");
}

JsonNode *
cs_json_build_filter_search (const char *const *terms,
                             const char        *time_field,
                             gint64             since_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (terms != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, 100);
  json_builder_set_member_name (builder, "query");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bool");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "filter");
  json_builder_begin_array (builder);
  for (guint i = 0; terms[i] != NULL && terms[i + 1] != NULL; i += 2)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "term");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, terms[i]);
      json_builder_add_string_value (builder, terms[i + 1]);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  if (time_field != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "range");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, time_field);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "gte");
      json_builder_add_int_value (builder, since_ms);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  if (time_field != NULL)
    {
      json_builder_set_member_name (builder, "sort");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, time_field);
      json_builder_add_string_value (builder, "desc");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
cs_json_hit_iter_init (CsJsonHitIter *iter,
                       JsonArray     *hits)
{
  g_return_if_fail (iter != NULL);

  iter->hits = hits;
  iter->index = 0;
}

gboolean
cs_json_hit_iter_next (CsJsonHitIter  *iter,
                       const char    **id,
                       JsonObject    **source)
{
  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (id != NULL && source != NULL, FALSE);

  while (iter->hits != NULL && iter->index < json_array_get_length (iter->hits))
    {
      JsonNode *hit = json_array_get_element (iter->hits, iter->index++);
      JsonObject *hit_object;

      if (!JSON_NODE_HOLDS_OBJECT (hit))
        continue;
      hit_object = json_node_get_object (hit);
      *id = cs_json_get_string (hit_object, "_id");
      *source = cs_json_get_object (hit_object, "_source");
      if (*id != NULL && **id != '\0' && *source != NULL)
        return TRUE;
    }

  *id = NULL;
  *source = NULL;
  return FALSE;
}

const char *
cs_json_get_string (JsonObject *object,
                    const char *member)
{
  return cs_json_node_get_string (member_node (object, member));
}

/**
 * cs_json_dup_string:
 * @object: (nullable): a JSON object
 * @member: the member's name
 *
 * Returns: (transfer full) (nullable): the member's string as valid UTF-8, or
 *   %NULL when the member is missing or not a string
 */
char *
cs_json_dup_string (JsonObject *object,
                    const char *member)
{
  return cs_json_node_dup_string (member_node (object, member));
}

gboolean
cs_json_get_boolean (JsonObject *object,
                     const char *member,
                     gboolean   *out)
{
  JsonNode *node = member_node (object, member);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
cs_json_get_int (JsonObject *object,
                 const char *member,
                 gint64     *out)
{
  return cs_json_node_get_int (member_node (object, member), out);
}

gboolean
cs_json_get_double (JsonObject *object,
                    const char *member,
                    double     *out)
{
  JsonNode *node = member_node (object, member);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = (double) json_node_get_int (node);
      return TRUE;

    case G_TYPE_DOUBLE:
      *out = json_node_get_double (node);
      return isfinite (*out);

    default:
      return FALSE;
    }
}

/**
 * cs_json_lookup_string:
 * @object: (nullable): a JSON object
 * @member: the member's name
 * @out: (out) (transfer full): the string as valid UTF-8, or %NULL
 *
 * Returns: %FALSE only when the member is present, not null, and not a string
 */
gboolean
cs_json_lookup_string (JsonObject  *object,
                       const char  *member,
                       char       **out)
{
  JsonNode *node = member_node (object, member);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node_is_missing (node))
    return TRUE;
  if (cs_json_node_get_string (node) == NULL)
    return FALSE;
  *out = cs_json_node_dup_string (node);
  return TRUE;
}

/**
 * cs_json_lookup_count:
 * @object: (nullable): a JSON object
 * @member: the member's name
 * @out: (out): the count, never negative
 *
 * Reads a count or a time in milliseconds as ML Commons writes them: a number
 * (an integer or a double, negative values read as 0), or a string of digits.
 * A missing or null member reads as 0.
 *
 * Returns: %FALSE when the member is present with another type, or is a
 *   string that is not a number
 */
gboolean
cs_json_lookup_count (JsonObject *object,
                      const char *member,
                      gint64     *out)
{
  JsonNode *node = member_node (object, member);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  if (node_is_missing (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = MAX (json_node_get_int (node), 0);
      return TRUE;

    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        *out = (d > 0 && d < INT64_LIMIT) ? (gint64) d : 0;
        return TRUE;
      }

    case G_TYPE_STRING:
      {
        guint64 v;

        if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64, &v, NULL))
          return FALSE;
        *out = (gint64) v;
        return TRUE;
      }

    default:
      return FALSE;
    }
}
