/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-payload"

#include "config.h"

#include "cs-payload.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-secret-mask.h"

/*
 * An offline rendering of what ML Commons' remote connector executor sends
 * to the model service. The steps follow the ML Commons behaviour described
 * in the project's fact sheet (mlcommons-api.md §5.4):
 *
 *  1. connector parameters, converted to strings the way ML Commons stores
 *     them (strings as-is, anything else as compact JSON the way Gson writes
 *     it);
 *  2. predict-time parameters converted the same way, then escaped with
 *     commons-text escapeJson unless the value is a JSON object or array
 *     (2.10+; ≥3.0 `no_escape_params` exempts keys);
 *  3. merge, predict-time winning; add `x.toString()` parameters for the
 *     `${parameters.x.toString()}` placeholders found in parameter values;
 *  4. `"${parameters.x:-null}"` → `null` when x is missing;
 *  5. commons-text StringSubstitutor with prefix `${parameters.`, suffix `}`,
 *     escape `$`, default delimiter `:-`, recursive, with cycle detection;
 *  6. the result must be JSON (object or array, or NDJSON of them);
 *  7. no `${parameters…}` may remain (unless skip_validating_missing_parameters).
 *
 * Objects in parameter values come out in java.util.HashMap order, as Gson
 * prints ML Commons' maps. Not modelled: pre- and post-process functions
 * (Painless), and the leniency of the Java JSON parsers beyond what
 * json-glib shares with them (unquoted keys, for one).
 */

#define PREFIX      "${parameters."
#define PREFIX_LEN  (sizeof PREFIX - 1)
#define SUFFIX      '}'
#define ESCAPE      '$'
#define DELIMITER   ":-"

/* Rendering stops when the body grows beyond this (exponential expansion). */
#define MAX_RENDERED_SIZE (16 * 1024 * 1024)

typedef struct
{
  gboolean escape_predict;       /* 2.10+ */
  gboolean no_escape_params;     /* 3.0+ */
  gboolean gson_html_safe;       /* ≤3.2: Gson escapes < > & = ' and drops null members */
  gboolean invalid_payload_text; /* 2.12+: "Invalid payload: …" */
  gboolean skip_validation;      /* 2.17+: skip_validating_missing_parameters */
} Behaviour;

static void
behaviour_for_version (const CsVersion *version,
                       Behaviour       *b)
{
  if (version == NULL)
    {
      /* The latest behaviour. */
      *b = (Behaviour) { TRUE, TRUE, FALSE, TRUE, TRUE };
      return;
    }

  b->escape_predict = cs_version_at_least (version, 2, 10);
  b->no_escape_params = cs_version_at_least (version, 3, 0);
  b->gson_html_safe = !cs_version_at_least (version, 3, 3);
  b->invalid_payload_text = cs_version_at_least (version, 2, 12);
  b->skip_validation = cs_version_at_least (version, 2, 17);
}

/* commons-text escapeJson */

static void
append_u_escape (GString  *out,
                 gunichar  unit)
{
  g_string_append_printf (out, "\\u%04X", unit);
}

char *
cs_payload_escape_json (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 16);
  p = text;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: a Java string would hold U+FFFD here. */
          append_u_escape (out, 0xFFFD);
          p++;
          continue;
        }
      p = g_utf8_next_char (p);

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '/':  g_string_append (out, "\\/"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (c < 0x20 || (c > 0x7E && c <= 0xFFFF))
            append_u_escape (out, c);
          else if (c > 0xFFFF)
            {
              /* UTF-16 surrogate pair, as Java strings hold it. */
              gunichar v = c - 0x10000;

              append_u_escape (out, 0xD800 + (v >> 10));
              append_u_escape (out, 0xDC00 + (v & 0x3FF));
            }
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* json-glib turns escapes such as "\360" into raw bytes that are not UTF-8;
 * a Java string holds U+FFFD for each of them. Returns text when it is valid
 * UTF-8, else a repaired copy in *owned. Nothing here walks text with
 * g_utf8_next_char() before this. */
static const char *
valid_utf8 (const char  *text,
            char       **owned)
{
  *owned = NULL;
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;
  *owned = g_utf8_make_valid (text, -1);
  return *owned;
}

/* Gson, as ML Commons uses it to turn non-string parameters into text */

static void
gson_append_string (GString    *out,
                    const char *text,
                    gboolean    html_safe)
{
  g_autofree char *repaired = NULL;

  text = valid_utf8 (text, &repaired);
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case 0x2028: g_string_append (out, "\\u2028"); break;
        case 0x2029: g_string_append (out, "\\u2029"); break;
        case '<': case '>': case '&': case '=': case '\'':
          if (html_safe)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_unichar (out, c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Java's Double.toString(): plain notation for 1e-3 ≤ |d| < 1e7, else
 * computerized scientific notation ("1.0E10"); always a fraction digit. */
static void
java_append_double (GString *out,
                    double   d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[32];
  gsize n_digits = 0;
  int exponent = 0;
  const char *e;

  if (isnan (d))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (d))
    {
      g_string_append (out, d < 0 ? "-Infinity" : "Infinity");
      return;
    }
  if (d == 0.0)
    {
      g_string_append (out, signbit (d) ? "-0.0" : "0.0");
      return;
    }

  /* The shortest decimal that reads back as the same double. */
  for (int precision = 0; precision <= 16; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision);
      g_ascii_formatd (buf, sizeof buf, format, d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }

  if (d < 0)
    g_string_append_c (out, '-');

  for (const char *p = buf; *p != '\0' && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    digits[--n_digits] = '\0';

  e = strchr (buf, 'e');
  if (e != NULL)
    exponent = atoi (e + 1);

  if (exponent >= -3 && exponent < 7)
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
}

/*
 * ML Commons reads parameters with XContentParser.map(), whose objects are
 * java.util.HashMaps, and Gson prints a HashMap in its iteration order: by
 * bucket (the spread String.hashCode() masked by the table size), then by
 * insertion within a bucket. Returns the member names in that order.
 */
typedef struct
{
  const char *name;
  guint       bucket;
  guint       position;
} MapEntry;

static guint32
java_string_hash (const char *text)
{
  g_autofree char *repaired = NULL;
  guint32 h = 0;

  text = valid_utf8 (text, &repaired);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xFFFF)
        {
          gunichar v = c - 0x10000;

          h = 31 * h + (0xD800 + (v >> 10));
          h = 31 * h + (0xDC00 + (v & 0x3FF));
        }
      else
        h = 31 * h + c;
    }
  return h;
}

static int
compare_map_entries (gconstpointer a,
                     gconstpointer b)
{
  const MapEntry *x = a;
  const MapEntry *y = b;

  if (x->bucket != y->bucket)
    return x->bucket < y->bucket ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

static GArray *
java_hash_map_order (JsonObject *object)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (MapEntry));
  guint size = json_object_get_size (object);
  guint capacity = 16;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  /* The table doubles whenever it is more than three quarters full. */
  while (size > capacity / 4 * 3)
    capacity *= 2;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      guint32 h = java_string_hash (name);
      MapEntry entry = { name, (h ^ (h >> 16)) & (capacity - 1), entries->len };

      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_map_entries);
  return entries;
}

static void
gson_append_node (GString  *out,
                  JsonNode *node,
                  gboolean  html_safe)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          gson_append_string (out, json_node_get_string (node), html_safe);
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          java_append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_INT64:
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
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
            gson_append_node (out, json_array_get_element (array, i), html_safe);
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GArray) members = java_hash_map_order (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (guint i = 0; i < members->len; i++)
          {
            const char *name = g_array_index (members, MapEntry, i).name;
            JsonNode *member = json_object_get_member (object, name);

            /* Old Gson (html-safe era) drops null-valued map entries. */
            if (html_safe && JSON_NODE_HOLDS_NULL (member))
              continue;
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            gson_append_string (out, name, html_safe);
            g_string_append_c (out, ':');
            gson_append_node (out, member, html_safe);
          }
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* getParameterMap(): strings as-is, everything else through Gson. */
static char *
parameter_to_string (JsonNode *node,
                     gboolean  html_safe)
{
  GString *out;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
    }

  out = g_string_new (NULL);
  gson_append_node (out, node, html_safe);
  return g_string_free (out, FALSE);
}

/*
 * json-glib is more lenient than the Java parsers ML Commons uses in two ways
 * that matter here: it takes a raw line break inside a string, and it takes
 * several documents one after the other. This scan (not a parser: json-glib
 * still checks the grammar) finds both: TRUE when text is one object or
 * array, with no raw CR/LF inside its strings.
 */
static gboolean
is_single_document (const char *text)
{
  const char *p = text;
  int depth = 0;
  char quote = 0;

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '{' && *p != '[')
    return FALSE;

  for (; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '\n' || *p == '\r')
            return FALSE;
          else if (*p == quote)
            quote = 0;
          continue;
        }
      if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        {
          if (--depth == 0)
            break;
        }
    }
  if (*p == '\0')
    return FALSE;

  for (p++; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* StringUtils.isJson(): a JSON object or array. */
static gboolean
is_json_object_or_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text == NULL || !is_single_document (text))
    return FALSE;
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return root != NULL && (JSON_NODE_HOLDS_OBJECT (root) || JSON_NODE_HOLDS_ARRAY (root));
}

/* JSON, or NDJSON: several lines that each are a JSON object or array. */
static gboolean
is_payload_json (const char *text)
{
  g_auto(GStrv) lines = NULL;
  guint n_documents = 0;

  if (is_json_object_or_array (text))
    return TRUE;
  if (strchr (text, '\n') == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (!is_json_object_or_array (lines[i]))
        return FALSE;
      n_documents++;
    }
  return n_documents > 1;
}

/* StringSubstitutor */

typedef struct
{
  GHashTable *params;
  char       *problem;   /* set on the first failure; rendering stops */
} Substitutor;

static gboolean
prefix_at (const char *text,
           gsize       pos,
           gsize       end)
{
  return pos + PREFIX_LEN <= end && memcmp (text + pos, PREFIX, PREFIX_LEN) == 0;
}

/* Deeper chains of parameters that name each other are refused rather than
 * followed (each level is a stack frame here). */
#define MAX_NESTING 1000

/*
 * Appends text[0, length) to out with its variables substituted, each one
 * by its value substituted in turn. commons-text does this in place in one
 * buffer, which costs a move of the rest of the buffer for every variable
 * (quadratic); this writes each byte once. The result is the same: a
 * variable's value is substituted on its own (the in-place scan is bounded
 * to it), and the escape check looks at the output written at this level.
 *
 * prior: the stack of variable names being resolved (element 0 is the text
 * the whole substitution started from). pending: how many bytes of the
 * outer levels are still to come, for the size limit.
 */
static void
substitute (Substitutor *s,
            GString     *out,
            const char  *text,
            gsize        length,
            GPtrArray   *prior,
            gsize        pending)
{
  gsize level_start = out->len;
  gsize pos = 0;
  gsize copied = 0;   /* text[copied, pos) is still to be appended */

  if (prior->len > MAX_NESTING)
    {
      s->problem = g_strdup (_("The connector’s parameters name each other more than 1000 "
                               "levels deep. Check the parameters for placeholders that "
                               "repeat each other."));
      return;
    }

  while (pos < length && s->problem == NULL)
    {
      const char *dollar = memchr (text + pos, ESCAPE, length - pos);
      gsize name_start;
      gsize var_end;
      g_autofree char *expression = NULL;
      g_autofree char *name = NULL;
      const char *default_value = NULL;
      const char *value;
      const char *delimiter;

      if (dollar == NULL)
        break;
      pos = (gsize) (dollar - text);
      if (!prefix_at (text, pos, length))
        {
          pos++;
          continue;
        }

      g_string_append_len (out, text + copied, (gssize) (pos - copied));
      copied = pos;

      if (out->len > level_start && out->str[out->len - 1] == ESCAPE)
        {
          /* "$${parameters.x}": drop the escape, keep the rest as text. */
          g_string_truncate (out, out->len - 1);
          pos++;
          continue;
        }

      name_start = pos + PREFIX_LEN;
      var_end = name_start;
      while (var_end < length && text[var_end] != SUFFIX)
        var_end++;
      if (var_end >= length)
        break;   /* no closing brace: not a variable */

      expression = g_strndup (text + name_start, var_end - name_start);
      var_end++;   /* past the suffix */

      /* The first ":-" separates a default value, unless a nested prefix
       * comes first (substitution in variable names is off). */
      delimiter = strstr (expression, DELIMITER);
      if (delimiter != NULL)
        {
          const char *nested = strstr (expression, PREFIX);

          if (nested != NULL && nested < delimiter)
            delimiter = NULL;
        }
      if (delimiter != NULL)
        {
          name = g_strndup (expression, (gsize) (delimiter - expression));
          default_value = delimiter + strlen (DELIMITER);
        }
      else
        name = g_strdup (expression);

      for (guint i = 0; i < prior->len; i++)
        if (g_str_equal (g_ptr_array_index (prior, i), name))
          {
            GString *message = g_string_new ("Infinite loop in property interpolation of ");

            g_string_append (message, g_ptr_array_index (prior, 0));
            g_string_append (message, ": ");
            for (guint j = 1; j < prior->len; j++)
              {
                if (j > 1)
                  g_string_append (message, "->");
                g_string_append (message, g_ptr_array_index (prior, j));
              }
            s->problem = g_string_free (message, FALSE);
            return;
          }

      value = g_hash_table_lookup (s->params, name);
      if (value == NULL)
        value = default_value;

      if (value != NULL)
        {
          gsize value_len = strlen (value);
          gsize rest = length - var_end;

          if (out->len + value_len + rest + pending > MAX_RENDERED_SIZE)
            {
              s->problem = g_strdup (_("The request body grows beyond 16 MB when its "
                                       "parameters are filled in. Check the parameters for "
                                       "placeholders that repeat each other."));
              return;
            }

          g_ptr_array_add (prior, g_steal_pointer (&name));
          substitute (s, out, value, value_len, prior, pending + rest);
          g_ptr_array_remove_index (prior, prior->len - 1);
          copied = var_end;
        }
      pos = var_end;
    }

  if (s->problem == NULL)
    g_string_append_len (out, text + copied, (gssize) (length - copied));
}

/* Renders template with params; NULL with *problem set on a cycle. */
static char *
render (GHashTable  *params,
        const char  *template,
        char       **problem)
{
  Substitutor s = { params, NULL };
  GString *out = g_string_sized_new (strlen (template));
  g_autoptr(GPtrArray) prior = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (prior, g_strdup (template));
  substitute (&s, out, template, strlen (template), prior, 0);

  if (s.problem != NULL)
    {
      *problem = s.problem;
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* `"${parameters.x:-null}"` → `null` when x is missing (fillNullParameters). */
static char *
fill_null_parameters (GHashTable *params,
                      const char *template)
{
  GString *out = g_string_new (NULL);
  const char *p = template;
  static const char head[] = "\"" PREFIX;
  static const char tail[] = ":-null}\"";

  while (*p != '\0')
    {
      const char *found = strstr (p, head);
      const char *name_start;
      const char *q;

      if (found == NULL)
        break;

      name_start = found + strlen (head);
      q = name_start;
      while (g_ascii_isalnum (*q) || *q == '_')
        q++;

      if (q > name_start && g_str_has_prefix (q, tail))
        {
          g_autofree char *name = g_strndup (name_start, (gsize) (q - name_start));

          if (!g_hash_table_contains (params, name))
            {
              g_string_append_len (out, p, found - p);
              g_string_append (out, "null");
              p = q + strlen (tail);
              continue;
            }
        }

      g_string_append_len (out, p, found + 1 - p);
      p = found + 1;
    }
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

/* Adds "x.toString()" for every ${parameters.x.toString()} found in a
 * parameter value: x's value escaped as Gson writes a string, unquoted. */
static void
add_to_string_parameters (GHashTable *params,
                          gboolean    html_safe)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *p = value;

      while ((p = strstr (p, PREFIX)) != NULL)
        {
          const char *name_start = p + PREFIX_LEN;
          const char *close = strchr (name_start, SUFFIX);

          if (close == NULL)
            break;
          if ((gsize) (close - name_start) > strlen (".toString()") &&
              strncmp (close - strlen (".toString()"), ".toString()", strlen (".toString()")) == 0)
            g_ptr_array_add (names, g_strndup (name_start,
                                               (gsize) (close - name_start) - strlen (".toString()")));
          p = close + 1;
        }
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *original = g_hash_table_lookup (params, name);
      GString *quoted;

      if (original == NULL)
        continue;

      quoted = g_string_new (NULL);
      gson_append_string (quoted, original, html_safe);
      g_string_truncate (quoted, quoted->len - 1);
      g_hash_table_insert (params, g_strconcat (name, ".toString()", NULL),
                           g_strdup (quoted->str + 1));
      g_string_free (quoted, TRUE);
    }
}

/* The placeholders left in a rendered text (validatePayload's regex
 * \$\{parameters\.([^}]+)}), in order, with repeats. */
static GPtrArray *
find_unfilled (const char *text)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while ((p = strstr (p, PREFIX)) != NULL)
    {
      const char *name_start = p + PREFIX_LEN;
      const char *close = strchr (name_start, SUFFIX);

      if (close == NULL)
        break;
      if (close == name_start)
        {
          p = name_start;
          continue;
        }
      g_ptr_array_add (names, g_strndup (name_start, (gsize) (close - name_start)));
      p = close + 1;
    }

  return names;
}

static JsonObject *
find_predict_action (JsonObject *connector)
{
  JsonNode *actions = json_object_get_member (connector, "actions");
  JsonArray *array;

  if (actions == NULL || !JSON_NODE_HOLDS_ARRAY (actions))
    return NULL;

  array = json_node_get_array (actions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *action;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      action = json_node_get_object (element);
      if (g_ascii_strcasecmp (json_object_get_string_member_with_default (action, "action_type", ""),
                              "predict") == 0)
        return action;
    }
  return NULL;
}

static gboolean
strv_contains_trimmed (GStrv       list,
                       const char *name)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (list[i]));

      if (g_str_equal (item, name))
        return TRUE;
    }
  return FALSE;
}

CsPayloadPreview *
cs_payload_preview_new (JsonObject      *connector,
                        JsonObject      *predict_parameters,
                        const CsVersion *version)
{
  CsPayloadPreview *preview = g_new0 (CsPayloadPreview, 1);
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autoptr(GStrvBuilder) unique = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *template = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *repaired_body = NULL;
  g_autofree char *repaired_url = NULL;
  char *problem = NULL;
  JsonObject *action;
  JsonObject *object;
  JsonNode *node;
  const char *request_body;
  const char *url;
  const char *skip;
  Behaviour b;

  g_return_val_if_fail (connector != NULL, NULL);

  behaviour_for_version (version, &b);

  /* 1. Connector parameters, never escaped. */
  node = json_object_get_member (connector, "parameters");
  object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (object != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        g_hash_table_insert (params, g_strdup (name), parameter_to_string (member, b.gson_html_safe));
    }

  /* 2. Predict-time parameters, escaped unless JSON objects or arrays. */
  if (predict_parameters != NULL)
    {
      g_auto(GStrv) no_escape = NULL;
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (b.no_escape_params &&
          json_object_has_member (predict_parameters, "no_escape_params") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (predict_parameters, "no_escape_params")))
        {
          g_autofree char *list = parameter_to_string (json_object_get_member (predict_parameters,
                                                                               "no_escape_params"),
                                                       b.gson_html_safe);
          no_escape = g_strsplit (list, ",", -1);
        }

      json_object_iter_init (&iter, predict_parameters);
      while (json_object_iter_next (&iter, &name, &member))
        {
          char *value = parameter_to_string (member, b.gson_html_safe);

          if (b.escape_predict && !is_json_object_or_array (value) &&
              !strv_contains_trimmed (no_escape, name))
            {
              char *escaped = cs_payload_escape_json (value);

              g_free (value);
              value = escaped;
            }
          /* 3. Predict-time wins. */
          g_hash_table_insert (params, g_strdup (name), value);
        }
    }

  add_to_string_parameters (params, b.gson_html_safe);

  action = find_predict_action (connector);
  request_body = action != NULL ? json_object_get_string_member_with_default (action, "request_body", NULL)
                                : NULL;
  url = action != NULL ? json_object_get_string_member_with_default (action, "url", NULL) : NULL;
  request_body = valid_utf8 (request_body, &repaired_body);
  url = valid_utf8 (url, &repaired_url);

  if (url != NULL)
    {
      g_autofree char *url_problem = NULL;

      g_autofree char *rendered_url = render (params, url, &url_problem);

      /* Never a user name or password in what is shown. */
      preview->url = cs_secret_mask_strip_userinfo (rendered_url != NULL ? rendered_url : url,
                                                    NULL);
    }

  if (action == NULL)
    {
      preview->body = g_strdup ("");
      preview->unfilled = g_new0 (char *, 1);
      preview->problem = g_strdup (_("The connector has no predict action, so nothing is sent "
                                     "to the model. Add an action with action_type “predict”."));
      return preview;
    }
  if (request_body == NULL)
    {
      preview->body = g_strdup ("");
      preview->unfilled = g_new0 (char *, 1);
      preview->problem = g_strdup (_("The connector’s predict action has no request_body. "
                                     "Add the request body template."));
      return preview;
    }

  /* 4. and 5. */
  template = fill_null_parameters (params, request_body);
  rendered = render (params, template, &problem);
  if (rendered == NULL)
    {
      preview->body = g_strdup (request_body);
      preview->unfilled = g_new0 (char *, 1);
      preview->valid_json = FALSE;
      preview->problem = problem;
      return preview;
    }

  unfilled = find_unfilled (rendered);
  for (guint i = 0; i < unfilled->len; i++)
    if (g_hash_table_add (seen, g_ptr_array_index (unfilled, i)))
      g_strv_builder_add (unique, g_ptr_array_index (unfilled, i));
  preview->unfilled = g_strv_builder_end (unique);

  /* 6. */
  preview->valid_json = is_payload_json (rendered);
  if (!preview->valid_json)
    {
      if (b.invalid_payload_text)
        preview->problem = g_strconcat ("Invalid payload: ", rendered, NULL);
      else
        preview->problem = g_strdup ("Invalid JSON in payload");
    }
  /* 7. */
  else if (unfilled->len > 0)
    {
      skip = g_hash_table_lookup (params, "skip_validating_missing_parameters");
      if (!b.skip_validation || g_strcmp0 (skip, "true") != 0)
        {
          GString *message = g_string_new ("Some parameter placeholder not filled in payload: ");

          for (guint i = 0; i < unfilled->len; i++)
            {
              if (i > 0)
                g_string_append (message, ", ");
              g_string_append (message, g_ptr_array_index (unfilled, i));
            }
          preview->problem = g_string_free (message, FALSE);
        }
    }

  preview->body = g_steal_pointer (&rendered);
  return preview;
}

void
cs_payload_preview_free (CsPayloadPreview *preview)
{
  if (preview == NULL)
    return;

  g_free (preview->body);
  g_free (preview->url);
  g_strfreev (preview->unfilled);
  g_free (preview->problem);
  g_free (preview);
}

#define SAMPLE_PREDICT_PARAMETERS \
  "{ \"system_prompt\": \"You are a helpful assistant.\", " \
  "\"messages\": [ { \"role\": \"user\", " \
  "\"content\": [ { \"type\": \"text\", \"text\": \"hello world\" } ] } ] }"

JsonObject *
cs_payload_sample_predict_parameters (void)
{
  g_autoptr(JsonNode) root = json_from_string (SAMPLE_PREDICT_PARAMETERS, NULL);

  g_assert (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}
