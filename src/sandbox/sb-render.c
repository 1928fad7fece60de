/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ML Commons' parameter substitution for remote connectors (mlcommons-api.md §5.4).
 *
 * ML Commons works on Java strings (UTF-16); every marker it looks for ("${parameters.", "}",
 * ":-", "$") is ASCII, so working on UTF-8 bytes finds the same places. Only the escapers look
 * at whole characters. */
#define G_LOG_DOMAIN "sb-render"

#include "config.h"

#include "sb-render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "${parameters."
#define PREFIX_LEN (sizeof (PREFIX) - 1)
#define SUFFIX '}'
#define ESCAPE_CHAR '$'
#define DEFAULT_DELIMITER ":-"

G_DEFINE_QUARK (sb-render-error-quark, sb_render_error)

guint
sb_render_error_status (const GError *error)
{
  if (error == NULL || error->domain != SB_RENDER_ERROR)
    return 500;
  switch ((SbRenderError) error->code)
    {
    case SB_RENDER_ERROR_INVALID_PAYLOAD:
    case SB_RENDER_ERROR_MISSING_PARAMETER:
    case SB_RENDER_ERROR_PARSE:
      return 400;
    case SB_RENDER_ERROR_CYCLE:
    case SB_RENDER_ERROR_INDEX:
    case SB_RENDER_ERROR_TOO_LARGE:
    default:
      return 500;
    }
}

const char *
sb_render_error_type (const GError *error)
{
  if (error == NULL || error->domain != SB_RENDER_ERROR)
    return "m_l_exception";
  switch ((SbRenderError) error->code)
    {
    case SB_RENDER_ERROR_INVALID_PAYLOAD:
    case SB_RENDER_ERROR_MISSING_PARAMETER:
      return "illegal_argument_exception";
    case SB_RENDER_ERROR_PARSE:
      return "parsing_exception";
    case SB_RENDER_ERROR_CYCLE:
      return "illegal_state_exception";
    case SB_RENDER_ERROR_INDEX:
      return "string_index_out_of_bounds_exception";
    case SB_RENDER_ERROR_TOO_LARGE:
    default:
      return "m_l_exception";
    }
}

gboolean
sb_render_version_at_least (guint major,
                            guint minor,
                            guint want_major,
                            guint want_minor)
{
  return major > want_major || (major == want_major && minor >= want_minor);
}

static void
append_u_escape (GString *out,
                 guint    unit,
                 gboolean upper)
{
  if (upper)
    g_string_append_printf (out, "\\u%04X", unit);
  else
    g_string_append_printf (out, "\\u%04x", unit);
}

static void
append_utf16_escape (GString  *out,
                     gunichar  c,
                     gboolean  upper)
{
  if (c > 0xFFFF)
    {
      gunichar v = c - 0x10000;

      append_u_escape (out, 0xD800 + (v >> 10), upper);
      append_u_escape (out, 0xDC00 + (v & 0x3FF), upper);
    }
  else
    append_u_escape (out, c, upper);
}

char *
sb_render_escape_json (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '/': g_string_append (out, "\\/"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (c < 0x20 || c > 0x7E)
            append_utf16_escape (out, c, TRUE);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static void
append_gson_string (GString    *out,
                    const char *text,
                    gboolean    html_safe)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case 0x2028:
        case 0x2029:
          append_utf16_escape (out, c, FALSE);
          break;
        case '<':
        case '>':
        case '&':
        case '=':
        case '\'':
          if (html_safe)
            append_utf16_escape (out, c, FALSE);
          else
            g_string_append_c (out, (char) c);
          break;
        default:
          if (c < 0x20)
            append_utf16_escape (out, c, FALSE);
          else
            g_string_append_unichar (out, c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

char *
sb_render_gson_string (const char *text,
                       gboolean    html_safe)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);
  append_gson_string (out, text, html_safe);
  return g_string_free (out, FALSE);
}

char *
sb_render_java_double (double value)
{
  char buf[64];
  char digits[32];
  gsize n_digits = 0;
  int exponent;
  gboolean negative;
  const char *p;
  GString *out;
  double magnitude;

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "Infinity" : "-Infinity");
  if (value == 0.0)
    return g_strdup (signbit (value) ? "-0.0" : "0.0");

  /* The shortest digit string that reads back as the same double, as Java 19+ prints. */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[16];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  p = buf;
  negative = (*p == '-');
  if (negative)
    p++;
  for (; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  exponent = (*p != '\0') ? atoi (p + 1) : 0;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    digits[--n_digits] = '\0';

  out = g_string_new (negative ? "-" : "");
  magnitude = fabs (value);
  if (magnitude >= 1e-3 && magnitude < 1e7)
    {
      if (exponent >= 0)
        {
          for (int i = 0; i <= exponent; i++)
            g_string_append_c (out, (gsize) i < n_digits ? digits[i] : '0');
          g_string_append_c (out, '.');
          if ((gsize) exponent + 1 < n_digits)
            g_string_append (out, digits + exponent + 1);
          else
            g_string_append_c (out, '0');
        }
      else
        {
          g_string_append (out, "0.");
          for (int i = 0; i < -exponent - 1; i++)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      g_string_append_c (out, '.');
      g_string_append (out, n_digits > 1 ? digits + 1 : "0");
      g_string_append_printf (out, "E%d", exponent);
    }
  return g_string_free (out, FALSE);
}

/* Java's String.hashCode over the UTF-16 code units of a UTF-8 text. */
static guint32
java_string_hash (const char *text)
{
  guint32 h = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xFFFF)
        {
          h = 31 * h + (0xD800 + ((c - 0x10000) >> 10));
          h = 31 * h + (0xDC00 + ((c - 0x10000) & 0x3FF));
        }
      else
        h = 31 * h + c;
    }
  return h;
}

typedef struct
{
  const char *name;
  guint       bucket;
  guint       position;
} HashEntry;

static int
hash_entry_compare (gconstpointer a,
                    gconstpointer b)
{
  const HashEntry *x = a, *y = b;

  if (x->bucket != y->bucket)
    return x->bucket < y->bucket ? -1 : 1;
  return x->position < y->position ? -1 : (x->position > y->position ? 1 : 0);
}

/* The member names in the order a java.util.HashMap filled in document order iterates them:
 * by bucket of the final table (16 slots, doubled past 3/4 full), then by insertion. */
static GArray *
java_hash_map_order (JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);
  guint n = g_list_length (names);
  guint table = 16;
  GArray *entries = g_array_sized_new (FALSE, FALSE, sizeof (HashEntry), n);
  guint i = 0;

  while (n > table / 4 * 3)
    table *= 2;
  for (GList *l = names; l != NULL; l = l->next, i++)
    {
      guint32 h = java_string_hash (l->data);
      HashEntry entry = { l->data, (h ^ (h >> 16)) & (table - 1), i };

      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, hash_entry_compare);
  return entries;
}

/* Compact JSON as Gson writes a value that XContent parsed into Java maps, lists and boxes:
 * objects are HashMaps, so their members come out in HashMap order (§5.4 step 2). */
static void
append_gson_value (GString  *out,
                   JsonNode *node,
                   gboolean  old_gson)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GArray) order = java_hash_map_order (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (guint i = 0; i < order->len; i++)
          {
            const char *name = g_array_index (order, HashEntry, i).name;
            JsonNode *member = json_object_get_member (object, name);

            /* Gson's default drops null-valued map entries (ML Commons ≤3.2). */
            if (old_gson && JSON_NODE_HOLDS_NULL (member))
              continue;
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_gson_string (out, name, old_gson);
            g_string_append_c (out, ':');
            append_gson_value (out, member, old_gson);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_gson_value (out, json_array_get_element (array, i), old_gson);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          append_gson_string (out, json_node_get_string (node), old_gson);
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_DOUBLE)
          {
            char *d = sb_render_java_double (json_node_get_double (node));

            g_string_append (out, d);
            g_free (d);
          }
        else
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
sb_render_value_to_string (JsonNode *value,
                           guint     major,
                           guint     minor)
{
  GString *out;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));

  out = g_string_new (NULL);
  append_gson_value (out, value, !sb_render_version_at_least (major, minor, 3, 3));
  return g_string_free (out, FALSE);
}

/* ---- the JSON check --------------------------------------------------------------------- */

/* json-glib's parser is more lenient than Java's (it takes several roots, single quotes, raw line
 * breaks inside strings, unknown escapes), so the grammar is checked here first: RFC 8259, except
 * that raw control characters other than line breaks pass inside strings as org.json lets them. */

#define MAX_DEPTH 512

typedef struct
{
  const char *p;
  guint       depth;
} Scan;

static gboolean scan_value (Scan *s);

static void
skip_space (Scan *s)
{
  while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
    s->p++;
}

static gboolean
scan_string (Scan *s)
{
  if (*s->p != '"')
    return FALSE;
  s->p++;
  for (;;)
    {
      char c = *s->p;

      if (c == '\0' || c == '\n' || c == '\r')
        return FALSE;
      s->p++;
      if (c == '"')
        return TRUE;
      if (c != '\\')
        continue;
      c = *s->p;
      if (c == 'u')
        {
          for (int i = 1; i <= 4; i++)
            if (!g_ascii_isxdigit (s->p[i]))
              return FALSE;
          s->p += 5;
        }
      else if (c != '\0' && strchr ("\"\\/bfnrt", c) != NULL)
        s->p++;
      else
        return FALSE;
    }
}

static gboolean
scan_digits (Scan *s)
{
  if (!g_ascii_isdigit (*s->p))
    return FALSE;
  while (g_ascii_isdigit (*s->p))
    s->p++;
  return TRUE;
}

static gboolean
scan_number (Scan *s)
{
  if (*s->p == '-')
    s->p++;
  if (*s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (*s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (*s->p == 'e' || *s->p == 'E')
    {
      s->p++;
      if (*s->p == '+' || *s->p == '-')
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_word (Scan       *s,
           const char *word)
{
  gsize len = strlen (word);

  if (strncmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

static gboolean
scan_container (Scan *s,
                char  close)
{
  gboolean ok = FALSE;

  if (++s->depth > MAX_DEPTH)
    return FALSE;
  s->p++;
  skip_space (s);
  if (*s->p == close)
    {
      s->p++;
      s->depth--;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (!scan_string (s))
            break;
          skip_space (s);
          if (*s->p != ':')
            break;
          s->p++;
        }
      if (!scan_value (s))
        break;
      skip_space (s);
      if (*s->p == ',')
        {
          s->p++;
          skip_space (s);
          continue;
        }
      if (*s->p == close)
        {
          s->p++;
          ok = TRUE;
        }
      break;
    }
  s->depth--;
  return ok;
}

static gboolean
scan_value (Scan *s)
{
  skip_space (s);
  switch (*s->p)
    {
    case '{':
      return scan_container (s, '}');
    case '[':
      return scan_container (s, ']');
    case '"':
      return scan_string (s);
    case 't':
      return scan_word (s, "true");
    case 'f':
      return scan_word (s, "false");
    case 'n':
      return scan_word (s, "null");
    default:
      return scan_number (s);
    }
}

gboolean
sb_render_is_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  Scan scan = { text, 0 };

  if (text == NULL)
    return FALSE;
  skip_space (&scan);
  if (*scan.p != '{' && *scan.p != '[')
    return FALSE;
  if (!scan_value (&scan))
    return FALSE;
  skip_space (&scan);
  if (*scan.p != '\0')
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return root != NULL && (JSON_NODE_HOLDS_OBJECT (root) || JSON_NODE_HOLDS_ARRAY (root));
}

static GHashTable *
split_no_escape (const char *list)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) keys = NULL;

  if (list == NULL || *list == '\0')
    return set;
  keys = g_strsplit (list, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    g_hash_table_add (set, g_strstrip (g_strdup (keys[i])));
  return set;
}

/* "${parameters.x.toString()}" inside a parameter value makes the key "x.toString()" hold x's
 * value as a Gson-escaped JSON string without its quotes. */
static void
add_to_string_parameters (GHashTable *parameters,
                          gboolean    old_gson)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  regex = g_regex_new ("\\$\\{parameters\\.([^}]+?)\\.toString\\(\\)\\}", G_REGEX_OPTIMIZE, 0,
                       NULL);
  g_hash_table_iter_init (&iter, parameters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (value == NULL)
        continue;
      g_regex_match (regex, value, 0, &match);
      while (g_match_info_matches (match))
        {
          g_ptr_array_add (found, g_match_info_fetch (match, 1));
          g_match_info_next (match, NULL);
        }
    }

  for (guint i = 0; i < found->len; i++)
    {
      const char *name = g_ptr_array_index (found, i);
      const char *original = g_hash_table_lookup (parameters, name);
      char *quoted;
      gsize len;

      if (original == NULL)
        continue;
      quoted = sb_render_gson_string (original, old_gson);
      len = strlen (quoted);
      g_hash_table_insert (parameters, g_strconcat (name, ".toString()", NULL),
                           g_strndup (quoted + 1, len - 2));
      g_free (quoted);
    }
}

GHashTable *
sb_render_parameters (JsonObject *connector_parameters,
                      JsonObject *predict_parameters,
                      guint       major,
                      guint       minor)
{
  GHashTable *parameters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (connector_parameters != NULL)
    {
      json_object_iter_init (&iter, connector_parameters);
      while (json_object_iter_next (&iter, &name, &node))
        {
          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          /* Stored as strings already; convert anything else the way create does. */
          g_hash_table_insert (parameters, g_strdup (name),
                               sb_render_value_to_string (node, major, minor));
        }
    }

  if (predict_parameters != NULL)
    {
      g_autoptr(GHashTable) converted = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                               g_free, g_free);
      g_autoptr(GHashTable) no_escape = NULL;
      gboolean escaping = sb_render_version_at_least (major, minor, 2, 10);
      GHashTableIter hiter;
      gpointer key, value;

      json_object_iter_init (&iter, predict_parameters);
      while (json_object_iter_next (&iter, &name, &node))
        g_hash_table_insert (converted, g_strdup (name),
                             sb_render_value_to_string (node, major, minor));

      no_escape = split_no_escape (sb_render_version_at_least (major, minor, 3, 0)
                                   ? g_hash_table_lookup (converted, "no_escape_params")
                                   : NULL);

      g_hash_table_iter_init (&hiter, converted);
      while (g_hash_table_iter_next (&hiter, &key, &value))
        {
          char *final;

          if (!escaping || sb_render_is_json (value) || g_hash_table_contains (no_escape, key))
            final = g_strdup (value);
          else
            final = sb_render_escape_json (value);
          g_hash_table_insert (parameters, g_strdup (key), final);
        }
    }

  if (sb_render_version_at_least (major, minor, 2, 12))
    add_to_string_parameters (parameters, !sb_render_version_at_least (major, minor, 3, 3));
  return parameters;
}

static gboolean
prefix_at (const GString *buf,
           gssize         pos,
           gssize         end)
{
  return end - pos >= (gssize) PREFIX_LEN && memcmp (buf->str + pos, PREFIX, PREFIX_LEN) == 0;
}

static void
set_cycle_error (GError    **error,
                 GPtrArray  *prior)
{
  GString *chain = g_string_new (NULL);

  for (guint i = 1; i < prior->len; i++)
    {
      if (i > 1)
        g_string_append (chain, "->");
      g_string_append (chain, g_ptr_array_index (prior, i));
    }
  g_set_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_CYCLE,
               "Infinite loop in property interpolation of %s: %s",
               (const char *) g_ptr_array_index (prior, 0), chain->str);
  g_string_free (chain, TRUE);
}

/* One pass of StringSubstitutor.substitute over buf[offset, offset + length); returns how much
 * the region grew (negative when it shrank). */
static gssize
substitute_region (GString     *buf,
                   gssize       offset,
                   gssize       length,
                   GPtrArray  **prior,
                   GHashTable  *parameters,
                   GError     **error)
{
  gssize buf_end = offset + length;
  gssize pos = offset;
  gssize length_change = 0;

  while (pos < buf_end)
    {
      gssize start_pos;

      if (!prefix_at (buf, pos, buf_end))
        {
          pos++;
          continue;
        }

      if (pos > offset && buf->str[pos - 1] == ESCAPE_CHAR)
        {
          /* "$${parameters.x}": drop the escape, keep the rest as text. */
          g_string_erase (buf, pos - 1, 1);
          length_change--;
          buf_end--;
          continue;
        }

      start_pos = pos;
      pos += PREFIX_LEN;
      while (pos < buf_end)
        {
          g_autofree char *expression = NULL;
          g_autofree char *var_name = NULL;
          const char *default_value = NULL;
          const char *value;
          gssize end_pos;

          if (buf->str[pos] != SUFFIX)
            {
              pos++;
              continue;
            }

          expression = g_strndup (buf->str + start_pos + PREFIX_LEN,
                                  pos - start_pos - PREFIX_LEN);
          pos++;
          end_pos = pos;

          var_name = g_strdup (expression);
          for (gsize i = 0; expression[i] != '\0'; i++)
            {
              /* A nested prefix stops the name/default split (nested substitution is off). */
              if (strncmp (expression + i, PREFIX, PREFIX_LEN) == 0)
                break;
              if (strncmp (expression + i, DEFAULT_DELIMITER, 2) == 0)
                {
                  g_free (var_name);
                  var_name = g_strndup (expression, i);
                  default_value = expression + i + 2;
                  break;
                }
            }

          if (*prior == NULL)
            {
              *prior = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (*prior, g_strndup (buf->str + offset, length));
            }
          for (guint i = 0; i < (*prior)->len; i++)
            if (g_str_equal (g_ptr_array_index (*prior, i), var_name))
              {
                set_cycle_error (error, *prior);
                return 0;
              }
          g_ptr_array_add (*prior, g_strdup (var_name));

          value = g_hash_table_lookup (parameters, var_name);
          if (value == NULL)
            value = default_value;
          if (value != NULL)
            {
              g_autofree char *copy = g_strdup (value);
              gssize value_len = strlen (copy);
              gssize change;

              if (buf->len - (end_pos - start_pos) + value_len > SB_RENDER_MAX_LENGTH)
                {
                  g_set_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_TOO_LARGE,
                               "The rendered text grows beyond the sandbox's limit of %d bytes",
                               SB_RENDER_MAX_LENGTH);
                  return 0;
                }
              g_string_erase (buf, start_pos, end_pos - start_pos);
              g_string_insert (buf, start_pos, copy);
              change = substitute_region (buf, start_pos, value_len, prior, parameters, error);
              if (error != NULL && *error != NULL)
                return 0;
              change += value_len - (end_pos - start_pos);
              pos += change;
              buf_end += change;
              length_change += change;
            }
          g_ptr_array_remove_index ((*prior), (*prior)->len - 1);
          break;
        }
    }
  return length_change;
}

char *
sb_render_substitute (const char  *text,
                      GHashTable  *parameters,
                      GError     **error)
{
  GString *buf;
  GPtrArray *prior = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (parameters != NULL, NULL);

  buf = g_string_new (text);
  substitute_region (buf, 0, buf->len, &prior, parameters, &local_error);
  if (prior != NULL)
    g_ptr_array_unref (prior);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      g_string_free (buf, TRUE);
      return NULL;
    }
  return g_string_free (buf, FALSE);
}

/* ML Commons' fillNullParameters: a quoted "${parameters.x:-null}" whose x is absent becomes a
 * bare null. */
static char *
fill_null_parameters (const char *payload,
                      GHashTable *parameters)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  char *result = g_strdup (payload);

  regex = g_regex_new ("\"\\$\\{parameters\\.(\\w+):-null\\}\"", 0, 0, NULL);
  g_regex_match (regex, payload, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (keys, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *needle = NULL;
      GString *replaced;

      if (g_hash_table_lookup (parameters, key) != NULL)
        continue;
      needle = g_strconcat ("\"" PREFIX, key, ":-null}\"", NULL);
      replaced = g_string_new (result);
      g_string_replace (replaced, needle, "null", 0);
      g_free (result);
      result = g_string_free (replaced, FALSE);
    }
  return result;
}

char *
sb_render_payload (const char  *request_body,
                   GHashTable  *parameters,
                   guint        major,
                   guint        minor,
                   GError     **error)
{
  g_autofree char *filled = NULL;
  char *payload;
  const char *skip;
  gboolean validate = TRUE;

  g_return_val_if_fail (request_body != NULL, NULL);
  g_return_val_if_fail (parameters != NULL, NULL);

  filled = fill_null_parameters (request_body, parameters);
  payload = sb_render_substitute (filled, parameters, error);
  if (payload == NULL)
    return NULL;

  if (!sb_render_is_json (payload))
    {
      if (sb_render_version_at_least (major, minor, 2, 12))
        g_set_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INVALID_PAYLOAD,
                     "Invalid payload: %s", payload);
      else
        g_set_error_literal (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INVALID_PAYLOAD,
                             "Invalid JSON in payload");
      g_free (payload);
      return NULL;
    }

  skip = g_hash_table_lookup (parameters, "skip_validating_missing_parameters");
  if (sb_render_version_at_least (major, minor, 2, 17) && skip != NULL
      && g_ascii_strcasecmp (skip, "true") == 0)
    validate = FALSE;

  if (validate && strstr (payload, "${parameters") != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new ("\\$\\{parameters\\.([^}]+)\\}", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      GString *names = g_string_new (NULL);

      g_regex_match (regex, payload, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);

          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, name);
          g_match_info_next (match, NULL);
        }
      if (names->len == 0)
        /* ML Commons cuts the last ", " off an empty list: Java's substring(0, -2). */
        g_set_error_literal (error, SB_RENDER_ERROR, SB_RENDER_ERROR_INDEX,
                             "begin 0, end -2, length 0");
      else
        g_set_error (error, SB_RENDER_ERROR, SB_RENDER_ERROR_MISSING_PARAMETER,
                     "Some parameter placeholder not filled in payload: %s", names->str);
      g_string_free (names, TRUE);
      g_free (payload);
      return NULL;
    }
  return payload;
}
