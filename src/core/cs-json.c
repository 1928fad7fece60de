/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-json"

#include "config.h"

#include "cs-json.h"

#include <math.h>

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
