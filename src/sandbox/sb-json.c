/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-json"

#include "config.h"

#include "sb-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
write_string (const char *s,
              GString    *out)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04X", *p);
          else
            g_string_append_c (out, (char) *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

void
sb_json_write_double (double   value,
                      GString *out)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double mag = fabs (value);

  if (!isfinite (value))
    {
      /* JSON has no such numbers; Jackson would write them as strings. */
      g_string_append (out, isnan (value) ? "\"NaN\""
                            : value > 0 ? "\"Infinity\""
                            : "\"-Infinity\"");
      return;
    }

  if (mag == 0.0 || (mag >= 1e-3 && mag < 1e7))
    {
      /* Shortest text that reads back as the same double, with a fraction. */
      for (int prec = 1; prec <= 17; prec++)
        {
          char fmt[8];
          g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
          g_ascii_formatd (buf, sizeof buf, fmt, value);
          if (g_ascii_strtod (buf, NULL) == value)
            break;
        }
      g_string_append (out, buf);
      if (strchr (buf, '.') == NULL && strchr (buf, 'e') == NULL)
        g_string_append (out, ".0");
      return;
    }

  /* Scientific form, Java style: 1.0E10, 1.5E-5. */
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%de", prec - 1);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  {
    char *e = strchr (buf, 'e');
    g_autofree char *mant = g_strndup (buf, (gsize) (e - buf));
    int exp = atoi (e + 1);

    g_string_append (out, mant);
    if (strchr (mant, '.') == NULL)
      g_string_append (out, ".0");
    g_string_append_printf (out, "E%d", exp);
  }
}

void
sb_json_write (JsonNode *node,
               GString  *out)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (obj);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_string (l->data, out);
            g_string_append_c (out, ':');
            sb_json_write (json_object_get_member (obj, l->data), out);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);
        guint n = json_array_get_length (arr);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            sb_json_write (json_array_get_element (arr, i), out);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          write_string (json_node_get_string (node), out);
        else if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          sb_json_write_double (json_node_get_double (node), out);
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          g_string_append (out, "null");
      }
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
sb_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  sb_json_write (node, out);
  return g_string_free (out, FALSE);
}

JsonNode *
sb_json_parse (const char  *text,
               gsize        length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || length == 0)
    return NULL;

  if (!json_parser_load_from_data (parser, text, (gssize) length, error))
    return NULL;

  return json_parser_steal_root (parser);
}

char *
sb_json_param_string (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return sb_json_to_string (node);
}

const char *
sb_json_get_string (JsonObject *obj,
                    const char *key)
{
  JsonNode *node;

  if (obj == NULL)
    return NULL;
  node = json_object_get_member (obj, key);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
sb_json_get_object (JsonObject *obj,
                    const char *key)
{
  JsonNode *node;

  if (obj == NULL)
    return NULL;
  node = json_object_get_member (obj, key);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
sb_json_get_array (JsonObject *obj,
                   const char *key)
{
  JsonNode *node;

  if (obj == NULL)
    return NULL;
  node = json_object_get_member (obj, key);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

const char *
sb_json_token_name (JsonNode *node)
{
  if (node == NULL)
    return "VALUE_NULL";
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "START_OBJECT";
    case JSON_NODE_ARRAY:
      return "START_ARRAY";
    case JSON_NODE_NULL:
      return "VALUE_NULL";
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);
        if (type == G_TYPE_STRING)
          return "VALUE_STRING";
        if (type == G_TYPE_INT64)
          return "VALUE_NUMBER_INT";
        if (type == G_TYPE_DOUBLE)
          return "VALUE_NUMBER_FLOAT";
        if (type == G_TYPE_BOOLEAN)
          return json_node_get_boolean (node) ? "VALUE_TRUE" : "VALUE_FALSE";
        return "VALUE_NULL";
      }
    default:
      return "VALUE_NULL";
    }
}

JsonNode *
sb_json_copy_object (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (obj, l->data)));
  json_node_take_object (node, copy);
  return node;
}

/* --clock-offset-ms: how far the simulated cluster's clock is off. */
static gint64 clock_offset_ms;

gint64
sb_now_ms (void)
{
  return g_get_real_time () / 1000 + clock_offset_ms;
}

void
sb_set_clock_offset_ms (gint64 offset_ms)
{
  clock_offset_ms = offset_ms;
}
