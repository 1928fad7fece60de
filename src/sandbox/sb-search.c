/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-search"

#include "config.h"

#include "sb-search.h"

#include "sb-json.h"

#include <string.h>

static JsonNode *
lookup_field (JsonObject *source,
              const char *field)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *at = NULL;
  JsonObject *obj = source;
  g_autofree char *path = g_strdup (field);

  if (g_str_has_suffix (path, ".keyword"))
    path[strlen (path) - strlen (".keyword")] = '\0';

  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (obj == NULL)
        return NULL;
      at = json_object_get_member (obj, parts[i]);
      if (at == NULL)
        return NULL;
      obj = JSON_NODE_HOLDS_OBJECT (at) ? json_node_get_object (at) : NULL;
    }
  return at;
}

static char *
value_text (JsonNode *node)
{
  return sb_json_param_string (node);
}

static gboolean
field_equals (JsonNode *field,
              JsonNode *wanted)
{
  g_autofree char *want = NULL;

  if (field == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (field))
    {
      JsonArray *arr = json_node_get_array (field);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        if (field_equals (json_array_get_element (arr, i), wanted))
          return TRUE;
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (field))
    return FALSE;
  {
    g_autofree char *have = value_text (field);
    want = value_text (wanted);
    return g_str_equal (have, want);
  }
}

static GStrv
tokens (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GPtrArray *out = g_ptr_array_new ();
  GString *cur = g_string_new (NULL);

  for (const char *p = lower; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (cur, c);
      else if (cur->len > 0)
        {
          g_ptr_array_add (out, g_strdup (cur->str));
          g_string_truncate (cur, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (cur, TRUE);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

static gboolean
field_matches_text (JsonNode   *field,
                    const char *query)
{
  g_auto(GStrv) want = NULL;
  g_auto(GStrv) have = NULL;
  g_autofree char *text = NULL;

  if (field == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (field))
    {
      JsonArray *arr = json_node_get_array (field);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        if (field_matches_text (json_array_get_element (arr, i), query))
          return TRUE;
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (field))
    return FALSE;
  text = value_text (field);
  want = tokens (query);
  have = tokens (text);
  for (guint i = 0; want[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) have, want[i]))
      return TRUE;
  return FALSE;
}

/* The single "field": spec member of a leaf query, e.g. {"term":{"name":"x"}}. */
static gboolean
single_field (JsonNode    *spec,
              const char **field,
              JsonNode   **value,
              const char  *inner_key)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;
  JsonNode *v;

  if (!JSON_NODE_HOLDS_OBJECT (spec))
    return FALSE;
  obj = json_node_get_object (spec);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "boost") || g_str_equal (l->data, "_name"))
        continue;
      *field = l->data;
      v = json_object_get_member (obj, l->data);
      if (JSON_NODE_HOLDS_OBJECT (v) && inner_key != NULL)
        v = json_object_get_member (json_node_get_object (v), inner_key);
      *value = v;
      return v != NULL;
    }
  return FALSE;
}

static gboolean eval (JsonNode *query, JsonObject *source, const char *id, SbFailure *failure);

static gboolean
eval_clauses (JsonNode   *clauses,
              JsonObject *source,
              const char *id,
              SbFailure  *failure,
              guint      *matched,
              guint      *total)
{
  *matched = *total = 0;
  if (clauses == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (clauses))
    {
      JsonArray *arr = json_node_get_array (clauses);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          (*total)++;
          if (eval (json_array_get_element (arr, i), source, id, failure))
            (*matched)++;
          if (failure->reason != NULL)
            return FALSE;
        }
      return TRUE;
    }
  (*total)++;
  if (eval (clauses, source, id, failure))
    (*matched)++;
  return failure->reason == NULL;
}

static gboolean
eval (JsonNode   *query,
      JsonObject *source,
      const char *id,
      SbFailure  *failure)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;
  const char *kind;
  JsonNode *spec;
  const char *field = NULL;
  JsonNode *value = NULL;

  if (query == NULL || !JSON_NODE_HOLDS_OBJECT (query))
    {
      sb_failure_set (failure, 400, "parsing_exception",
                      "query malformed, must start with start_object");
      return FALSE;
    }
  obj = json_node_get_object (query);
  members = json_object_get_members (obj);
  if (members == NULL)
    return TRUE;
  kind = members->data;
  spec = json_object_get_member (obj, kind);

  if (g_str_equal (kind, "match_all"))
    return TRUE;
  if (g_str_equal (kind, "match_none"))
    return FALSE;
  if (g_str_equal (kind, "term"))
    {
      if (!single_field (spec, &field, &value, "value"))
        goto malformed;
      return field_equals (lookup_field (source, field), value);
    }
  if (g_str_equal (kind, "terms"))
    {
      if (!single_field (spec, &field, &value, NULL) || !JSON_NODE_HOLDS_ARRAY (value))
        goto malformed;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
        if (field_equals (lookup_field (source, field),
                          json_array_get_element (json_node_get_array (value), i)))
          return TRUE;
      return FALSE;
    }
  if (g_str_equal (kind, "match") || g_str_equal (kind, "match_phrase"))
    {
      g_autofree char *text = NULL;

      if (!single_field (spec, &field, &value, "query"))
        goto malformed;
      text = value_text (value);
      return field_matches_text (lookup_field (source, field), text);
    }
  if (g_str_equal (kind, "ids"))
    {
      JsonArray *values = JSON_NODE_HOLDS_OBJECT (spec)
                          ? sb_json_get_array (json_node_get_object (spec), "values") : NULL;
      if (values == NULL)
        goto malformed;
      for (guint i = 0; i < json_array_get_length (values); i++)
        if (g_strcmp0 (json_array_get_string_element (values, i), id) == 0)
          return TRUE;
      return FALSE;
    }
  if (g_str_equal (kind, "range"))
    {
      static const char *const ops[] = { "gte", "gt", "lte", "lt" };
      JsonNode *have;
      JsonObject *bounds;
      double x;

      if (!single_field (spec, &field, &value, NULL) || !JSON_NODE_HOLDS_OBJECT (value))
        goto malformed;
      bounds = json_node_get_object (value);
      have = lookup_field (source, field);
      if (have == NULL || !JSON_NODE_HOLDS_VALUE (have))
        return FALSE;
      if (json_node_get_value_type (have) == G_TYPE_STRING)
        x = g_ascii_strtod (json_node_get_string (have), NULL);
      else
        x = json_node_get_double (have);
      for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
        {
          JsonNode *bound = json_object_get_member (bounds, ops[i]);
          double y;

          if (bound == NULL || !JSON_NODE_HOLDS_VALUE (bound))
            continue;
          y = json_node_get_value_type (bound) == G_TYPE_STRING
              ? g_ascii_strtod (json_node_get_string (bound), NULL)
              : json_node_get_double (bound);
          if ((i == 0 && !(x >= y)) || (i == 1 && !(x > y)) ||
              (i == 2 && !(x <= y)) || (i == 3 && !(x < y)))
            return FALSE;
        }
      return TRUE;
    }
  if (g_str_equal (kind, "exists"))
    {
      const char *f = JSON_NODE_HOLDS_OBJECT (spec)
                      ? sb_json_get_string (json_node_get_object (spec), "field") : NULL;
      if (f == NULL)
        goto malformed;
      return lookup_field (source, f) != NULL;
    }
  if (g_str_equal (kind, "bool"))
    {
      JsonObject *b;
      guint m, t;
      gboolean has_required = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (spec))
        goto malformed;
      b = json_node_get_object (spec);
      if (!eval_clauses (json_object_get_member (b, "must"), source, id, failure, &m, &t))
        return FALSE;
      if (m != t)
        return FALSE;
      has_required |= t > 0;
      if (!eval_clauses (json_object_get_member (b, "filter"), source, id, failure, &m, &t))
        return FALSE;
      if (m != t)
        return FALSE;
      has_required |= t > 0;
      if (!eval_clauses (json_object_get_member (b, "must_not"), source, id, failure, &m, &t))
        return FALSE;
      if (m > 0)
        return FALSE;
      if (!eval_clauses (json_object_get_member (b, "should"), source, id, failure, &m, &t))
        return FALSE;
      if (t > 0 && !has_required && m == 0)
        return FALSE;
      return TRUE;
    }

  sb_failure_set (failure, 400, "parsing_exception", "unknown query [%s]", kind);
  return FALSE;

malformed:
  sb_failure_set (failure, 400, "parsing_exception", "[%s] query malformed", kind);
  return FALSE;
}

static gint64
int_member (JsonObject *obj,
            const char *key,
            gint64      fallback)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return fallback;
}

typedef struct
{
  const char *field;
  gboolean    desc;
} SortKey;

static int
compare_nodes (JsonNode *a,
               JsonNode *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  if (JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b)
      && json_node_get_value_type (a) != G_TYPE_STRING
      && json_node_get_value_type (b) != G_TYPE_STRING)
    {
      double x = json_node_get_double (a), y = json_node_get_double (b);
      return x < y ? -1 : x > y;
    }
  {
    g_autofree char *x = value_text (a);
    g_autofree char *y = value_text (b);
    return g_strcmp0 (x, y);
  }
}

static int
compare_hits (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  JsonObject *ha = *(JsonObject **) a, *hb = *(JsonObject **) b;
  GArray *keys = data;

  for (guint i = 0; i < keys->len; i++)
    {
      SortKey *k = &g_array_index (keys, SortKey, i);
      int c = compare_nodes (lookup_field (sb_json_get_object (ha, "_source"), k->field),
                             lookup_field (sb_json_get_object (hb, "_source"), k->field));
      if (c != 0)
        return k->desc ? -c : c;
    }
  return 0;
}

static void
add_sort_key (GArray   *keys,
              JsonNode *spec)
{
  SortKey key = { NULL, FALSE };

  if (JSON_NODE_HOLDS_VALUE (spec) && json_node_get_value_type (spec) == G_TYPE_STRING)
    key.field = json_node_get_string (spec);
  else if (JSON_NODE_HOLDS_OBJECT (spec))
    {
      JsonObject *obj = json_node_get_object (spec);
      g_autoptr(GList) members = json_object_get_members (obj);
      JsonNode *order;

      if (members == NULL)
        return;
      key.field = members->data;
      order = json_object_get_member (obj, key.field);
      if (JSON_NODE_HOLDS_VALUE (order))
        key.desc = g_strcmp0 (json_node_get_string (order), "desc") == 0;
      else if (JSON_NODE_HOLDS_OBJECT (order))
        key.desc = g_strcmp0 (sb_json_get_string (json_node_get_object (order), "order"),
                              "desc") == 0;
    }
  if (key.field != NULL && !g_str_equal (key.field, "_score"))
    g_array_append_val (keys, key);
}

void
sb_search_reply (SbRequest     *req,
                 const char    *collection,
                 SbSearchStrip  strip)
{
  SbServer *s = req->server;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *search = NULL;
  JsonNode *query = NULL;
  gint64 size, from;
  JsonObject *coll;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (SortKey));
  SbFailure failure = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!sb_request_parse_body (req, &body))
    return;
  if (body == NULL)
    {
      sb_request_reply_error (req, 400, "parse_exception",
                              "request body or source parameter is required");
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      sb_request_reply_error (req, 400, "parsing_exception",
                              "Unknown key for a VALUE_STRING in [query].");
      return;
    }
  search = json_node_get_object (body);
  query = json_object_get_member (search, "query");
  size = int_member (search, "size", 10);
  from = int_member (search, "from", 0);
  if (sb_request_query (req, "size") != NULL)
    size = g_ascii_strtoll (sb_request_query (req, "size"), NULL, 10);
  if (sb_request_query (req, "from") != NULL)
    from = g_ascii_strtoll (sb_request_query (req, "from"), NULL, 10);
  if (size < 0 || from < 0)
    {
      sb_request_reply_error (req, 400, "illegal_argument_exception",
                              size < 0 ? "[size] parameter cannot be negative"
                                       : "[from] parameter cannot be negative");
      return;
    }
  {
    JsonNode *sort = json_object_get_member (search, "sort");
    if (sort != NULL && JSON_NODE_HOLDS_ARRAY (sort))
      for (guint i = 0; i < json_array_get_length (json_node_get_array (sort)); i++)
        add_sort_key (keys, json_array_get_element (json_node_get_array (sort), i));
    else if (sort != NULL)
      add_sort_key (keys, sort);
  }

  coll = sb_state_collection (s->state, collection);
  if (coll != NULL)
    {
      g_autoptr(GList) ids = json_object_get_members (coll);

      for (GList *l = ids; l != NULL; l = l->next)
        {
          JsonObject *doc = json_object_get_object_member (coll, l->data);
          JsonObject *source = sb_json_get_object (doc, "_source");
          JsonObject *hit;
          JsonNode *copy;

          if (query != NULL && !eval (query, source, l->data, &failure))
            {
              if (failure.reason != NULL)
                {
                  sb_request_reply_failure (req, &failure);
                  return;
                }
              continue;
            }
          hit = json_object_new ();
          json_object_set_string_member (hit, "_index", sb_state_index_name (collection));
          json_object_set_string_member (hit, "_id", l->data);
          json_object_set_int_member (hit, "_version",
                                      json_object_get_int_member (doc, "_version"));
          json_object_set_int_member (hit, "_seq_no", json_object_get_int_member (doc, "_seq_no"));
          json_object_set_int_member (hit, "_primary_term",
                                      json_object_get_int_member (doc, "_primary_term"));
          json_object_set_double_member (hit, "_score", 1.0);
          copy = sb_json_copy_object (source);
          if (strip != NULL)
            strip (json_node_get_object (copy));
          json_object_set_member (hit, "_source", copy);
          g_ptr_array_add (hits, hit);
        }
    }
  if (keys->len > 0)
    g_ptr_array_sort_with_data (hits, compare_hits, keys);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "took");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "timed_out");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "_shards");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "successful");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "failed");
  json_builder_add_int_value (b, 0);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "hits");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "value");
  json_builder_add_int_value (b, hits->len);
  json_builder_set_member_name (b, "relation");
  json_builder_add_string_value (b, "eq");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "max_score");
  if (hits->len > 0 && keys->len == 0)
    json_builder_add_double_value (b, 1.0);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "hits");
  json_builder_begin_array (b);
  for (gint64 i = from; i < (gint64) hits->len && i < from + size; i++)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, g_ptr_array_index (hits, i));
      json_builder_add_value (b, node);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  sb_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}
