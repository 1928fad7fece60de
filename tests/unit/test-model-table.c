/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema of the Claude rule table (src/core/data/README.md), checked on the table compiled
 * into the core library, and the checker itself on rows that break it. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-model-rules-private.h"

static const char *const families[] = { "opus", "sonnet", "haiku", "fable", NULL };
static const char *const geographies[] = { "global", "us", "eu", "jp", "apac", "au", NULL };
static const char *const forms[] = { "none", "disabled", "enabled", "adaptive", NULL };
static const char *const efforts[] = { "low", "medium", "high", "xhigh", "max", NULL };
static const char *const sampling_keys[] = { "temperature", "top_p", "top_k", NULL };
static const char *const states[] = { "active", "legacy", "end-of-life", NULL };
static const char *const row_members[] = {
  "id", "name", "family", "version", "geographies", "thinking", "sampling", "sampling_exclusive",
  "max_output_tokens", "context_window", "lifecycle", "source", "assumed", NULL,
};
static const char *const thinking_members[] = {
  "forms", "always_on", "effort_levels", "disabled_refuses_effort", NULL,
};

typedef struct
{
  GPtrArray  *violations;
  const char *where;
} Check;

static void G_GNUC_PRINTF (2, 3)
violation (Check      *c,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (c->violations, g_strdup_printf ("%s: %s", c->where, text));
}

static JsonNode *
member (Check      *c,
        JsonObject *object,
        const char *name,
        JsonNodeType type,
        GType       value_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      violation (c, "%s is missing", name);
      return NULL;
    }
  if (JSON_NODE_TYPE (node) != type
      || (type == JSON_NODE_VALUE && value_type != G_TYPE_INVALID
          && json_node_get_value_type (node) != value_type
          && !(value_type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64)))
    {
      violation (c, "%s has the wrong type", name);
      return NULL;
    }
  return node;
}

static const char *
string_member (Check      *c,
               JsonObject *object,
               const char *name)
{
  JsonNode *node = member (c, object, name, JSON_NODE_VALUE, G_TYPE_STRING);
  const char *value = node != NULL ? json_node_get_string (node) : NULL;

  if (node != NULL && *value == '\0')
    {
      violation (c, "%s is empty", name);
      return NULL;
    }
  return value;
}

static gboolean
is_date (const char *text)
{
  guint64 y, m, d;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || !g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text, 0, 0))
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  y = g_ascii_strtoull (parts[0], NULL, 10);
  m = g_ascii_strtoull (parts[1], NULL, 10);
  d = g_ascii_strtoull (parts[2], NULL, 10);
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
is_https_url (const char *text)
{
  g_autoptr(GUri) uri = text != NULL ? g_uri_parse (text, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/* Each element a string from allowed, none twice; returns the strings. */
static GStrv
enum_array (Check              *c,
            JsonObject         *object,
            const char         *name,
            const char * const *allowed)
{
  JsonNode *node = member (c, object, name, JSON_NODE_ARRAY, G_TYPE_INVALID);
  g_autoptr(GStrvBuilder) seen = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;
  JsonArray *array;

  if (node == NULL)
    return g_new0 (char *, 1);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          violation (c, "%s[%u] is not a string", name, i);
          continue;
        }
      value = json_node_get_string (element);
      if (!g_strv_contains (allowed, value))
        violation (c, "%s[%u] \"%s\" is not a valid value", name, i, value);
      g_strv_builder_add (seen, value);
    }
  strings = g_strv_builder_end (seen);
  for (guint i = 0; strings[i] != NULL; i++)
    for (guint j = i + 1; strings[j] != NULL; j++)
      if (g_str_equal (strings[i], strings[j]))
        violation (c, "%s lists \"%s\" twice", name, strings[i]);
  return g_steal_pointer (&strings);
}

static void
only_members (Check              *c,
              JsonObject         *object,
              const char * const *known,
              const char         *what)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      violation (c, "%s has an unknown member \"%s\"", what, (const char *) l->data);
}

static void
check_thinking (Check      *c,
                JsonObject *row)
{
  JsonNode *node = member (c, row, "thinking", JSON_NODE_OBJECT, G_TYPE_INVALID);
  g_auto(GStrv) f = NULL;
  g_auto(GStrv) e = NULL;
  g_auto(GStrv) refused = NULL;
  JsonObject *thinking;
  JsonNode *always;

  if (node == NULL)
    return;
  thinking = json_node_get_object (node);
  only_members (c, thinking, thinking_members, "thinking");
  f = enum_array (c, thinking, "forms", forms);
  e = enum_array (c, thinking, "effort_levels", efforts);
  refused = enum_array (c, thinking, "disabled_refuses_effort", efforts);
  always = member (c, thinking, "always_on", JSON_NODE_VALUE, G_TYPE_BOOLEAN);

  if (g_strv_length (f) == 0)
    violation (c, "thinking.forms is empty");
  if (always != NULL && json_node_get_boolean (always) && g_strv_contains ((const char * const *) f,
                                                                           "disabled"))
    violation (c, "a model that always thinks cannot allow \"disabled\"");
  if (g_strv_contains ((const char * const *) f, "adaptive") && g_strv_length (e) == 0)
    violation (c, "adaptive thinking without effort levels");
  for (guint i = 0; refused[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) e, refused[i]))
      violation (c, "disabled_refuses_effort names \"%s\", which is not an effort level",
                 refused[i]);
  if (g_strv_length (refused) > 0 && !g_strv_contains ((const char * const *) f, "disabled"))
    violation (c, "disabled_refuses_effort without the \"disabled\" form");
}

static void
check_sampling (Check      *c,
                JsonObject *row)
{
  JsonNode *node = member (c, row, "sampling", JSON_NODE_OBJECT, G_TYPE_INVALID);
  JsonNode *pairs_node = member (c, row, "sampling_exclusive", JSON_NODE_ARRAY, G_TYPE_INVALID);
  JsonObject *sampling = node != NULL ? json_node_get_object (node) : NULL;
  static const char *const range_members[] = { "min", "max", "max_exclusive", NULL };

  if (sampling != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (sampling);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *range_node = json_object_get_member (sampling, l->data);
          JsonObject *range;
          JsonNode *min, *max;

          if (!g_strv_contains (sampling_keys, l->data))
            {
              violation (c, "sampling has an unknown parameter \"%s\"", (const char *) l->data);
              continue;
            }
          if (!JSON_NODE_HOLDS_OBJECT (range_node))
            {
              violation (c, "sampling.%s is not an object", (const char *) l->data);
              continue;
            }
          range = json_node_get_object (range_node);
          only_members (c, range, range_members, l->data);
          min = member (c, range, "min", JSON_NODE_VALUE, G_TYPE_DOUBLE);
          max = json_object_get_member (range, "max");
          if (max != NULL && (!JSON_NODE_HOLDS_VALUE (max)
                              || (json_node_get_value_type (max) != G_TYPE_DOUBLE
                                  && json_node_get_value_type (max) != G_TYPE_INT64)))
            violation (c, "sampling.%s.max is not a number", (const char *) l->data);
          else if (min != NULL && max != NULL
                   && json_node_get_double (max) < json_node_get_double (min))
            violation (c, "sampling.%s.max is below its min", (const char *) l->data);
          if (json_object_has_member (range, "max_exclusive")
              && json_node_get_value_type (json_object_get_member (range, "max_exclusive"))
                 != G_TYPE_BOOLEAN)
            violation (c, "sampling.%s.max_exclusive is not a boolean", (const char *) l->data);
        }
    }

  if (pairs_node != NULL)
    {
      JsonArray *pairs = json_node_get_array (pairs_node);

      for (guint i = 0; i < json_array_get_length (pairs); i++)
        {
          JsonNode *pair = json_array_get_element (pairs, i);
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (pair)
              || json_array_get_length (json_node_get_array (pair)) != 2)
            {
              violation (c, "sampling_exclusive[%u] is not a pair", i);
              continue;
            }
          array = json_node_get_array (pair);
          for (guint j = 0; j < 2; j++)
            {
              const char *name = json_array_get_string_element (array, j);

              if (name == NULL || sampling == NULL || !json_object_has_member (sampling, name))
                violation (c, "sampling_exclusive[%u] names \"%s\", which the model does not take",
                           i, name != NULL ? name : "");
            }
        }
    }
}

static void
check_lifecycle (Check      *c,
                 JsonObject *row)
{
  JsonNode *node = member (c, row, "lifecycle", JSON_NODE_OBJECT, G_TYPE_INVALID);
  static const char *const known[] = {
    "state", "legacy_date", "eol_date", "eol_not_before", NULL,
  };
  const char *dates[] = { "legacy_date", "eol_date" };
  const char *value[2] = { NULL, NULL };
  JsonObject *lifecycle;
  const char *state;

  if (node == NULL)
    return;
  lifecycle = json_node_get_object (node);
  only_members (c, lifecycle, known, "lifecycle");
  state = string_member (c, lifecycle, "state");
  if (state != NULL && !g_strv_contains (states, state))
    violation (c, "lifecycle.state \"%s\" is not a valid value", state);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      JsonNode *date = json_object_get_member (lifecycle, dates[i]);

      if (date == NULL)
        violation (c, "lifecycle.%s is missing", dates[i]);
      else if (JSON_NODE_HOLDS_NULL (date))
        continue;
      else if (json_node_get_value_type (date) != G_TYPE_STRING
               || !is_date (json_node_get_string (date)))
        violation (c, "lifecycle.%s is not a date", dates[i]);
      else
        value[i] = json_node_get_string (date);
    }
  if (value[0] != NULL && value[1] != NULL && strcmp (value[0], value[1]) > 0)
    violation (c, "lifecycle.legacy_date is after eol_date");
  if (json_object_has_member (lifecycle, "eol_not_before")
      && !is_date (json_object_get_string_member_with_default (lifecycle, "eol_not_before", NULL)))
    violation (c, "lifecycle.eol_not_before is not a date");
}

static void
check_source (Check      *c,
              JsonObject *row)
{
  JsonNode *node = member (c, row, "source", JSON_NODE_OBJECT, G_TYPE_INVALID);
  static const char *const known[] = { "url", "says", "also", NULL };
  JsonObject *source;
  JsonNode *also;
  const char *url;

  if (node == NULL)
    return;
  source = json_node_get_object (node);
  only_members (c, source, known, "source");
  url = string_member (c, source, "url");
  if (url != NULL && !is_https_url (url))
    violation (c, "source.url \"%s\" is not an https URL", url);
  string_member (c, source, "says");
  also = json_object_get_member (source, "also");
  if (also != NULL)
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (also) ? json_node_get_array (also) : NULL;

      if (array == NULL)
        violation (c, "source.also is not an array");
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        if (!is_https_url (json_array_get_string_element (array, i)))
          violation (c, "source.also[%u] is not an https URL", i);
    }
}

static void
check_assumed (Check      *c,
               JsonObject *row)
{
  JsonNode *node = member (c, row, "assumed", JSON_NODE_ARRAY, G_TYPE_INVALID);
  static const char *const known[] = { "field", "why", NULL };
  JsonArray *array;

  if (node == NULL)
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object;
      const char *field;
      g_autofree char *top = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          violation (c, "assumed[%u] is not an object", i);
          continue;
        }
      object = json_node_get_object (item);
      only_members (c, object, known, "assumed");
      field = string_member (c, object, "field");
      string_member (c, object, "why");
      if (field == NULL)
        continue;
      top = g_strdup (field);
      if (strchr (top, '.') != NULL)
        *strchr (top, '.') = '\0';
      if (!g_strv_contains (row_members, top))
        violation (c, "assumed[%u] names \"%s\", which is not a row member", i, field);
    }
}

static void
check_row (Check      *c,
           JsonObject *row)
{
  g_auto(GStrv) geos = NULL;
  const char *id, *name, *family, *version;
  JsonNode *max_output, *context;

  only_members (c, row, row_members, "row");
  id = string_member (c, row, "id");
  if (id != NULL
      && !g_regex_match_simple ("^anthropic\\.claude-[a-z0-9]+(-[a-z0-9]+)*(:[0-9]+)?$", id, 0, 0))
    violation (c, "id \"%s\" does not look like a Bedrock model id", id);
  if (id != NULL && g_regex_match_simple ("^(global|us|eu|jp|apac|au)\\.", id, 0, 0))
    violation (c, "id \"%s\" has a geography prefix", id);
  name = string_member (c, row, "name");
  if (name != NULL && !g_str_has_prefix (name, "Claude "))
    violation (c, "name \"%s\" does not start with \"Claude \"", name);
  family = string_member (c, row, "family");
  if (family != NULL && !g_strv_contains (families, family))
    violation (c, "family \"%s\" is not a valid value", family);
  version = string_member (c, row, "version");
  if (version != NULL && !g_regex_match_simple ("^[1-9][0-9]?(\\.[0-9]{1,2})?$", version, 0, 0))
    violation (c, "version \"%s\" is not major[.minor]", version);
  geos = enum_array (c, row, "geographies", geographies);

  check_thinking (c, row);
  check_sampling (c, row);

  max_output = member (c, row, "max_output_tokens", JSON_NODE_VALUE, G_TYPE_INT64);
  context = member (c, row, "context_window", JSON_NODE_VALUE, G_TYPE_INT64);
  if (max_output != NULL && json_node_get_int (max_output) <= 0)
    violation (c, "max_output_tokens is not positive");
  if (max_output != NULL && context != NULL
      && json_node_get_int (context) <= json_node_get_int (max_output))
    violation (c, "context_window is not larger than max_output_tokens");

  check_lifecycle (c, row);
  check_source (c, row);
  check_assumed (c, row);
}

/* Every violation of the table's schema, as "where: what" lines. */
static GPtrArray *
check_table (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Check c = { g_ptr_array_new_with_free_func (g_free), "table" };
  JsonObject *top;
  JsonNode *models;
  JsonNode *schema;
  const char *checked;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    {
      violation (&c, "not JSON: %s", error->message);
      return c.violations;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      violation (&c, "not an object");
      return c.violations;
    }
  top = json_node_get_object (json_parser_get_root (parser));
  schema = member (&c, top, "schema", JSON_NODE_VALUE, G_TYPE_INT64);
  if (schema != NULL && json_node_get_int (schema) != 1)
    violation (&c, "schema is not 1");
  checked = string_member (&c, top, "checked");
  if (checked != NULL && !is_date (checked))
    violation (&c, "checked is not a date");
  models = member (&c, top, "models", JSON_NODE_ARRAY, G_TYPE_INVALID);
  if (models == NULL)
    return c.violations;
  if (json_array_get_length (json_node_get_array (models)) == 0)
    violation (&c, "models is empty");

  for (guint i = 0; i < json_array_get_length (json_node_get_array (models)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (models), i);
      g_autofree char *where = g_strdup_printf ("models[%u]", i);
      Check row = { c.violations, where };
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          violation (&row, "not an object");
          continue;
        }
      check_row (&row, json_node_get_object (node));
      id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL);
      if (id != NULL && !g_hash_table_add (ids, g_ascii_strdown (id, -1)))
        violation (&row, "id \"%s\" is listed twice", id);
    }
  return c.violations;
}

static char *
table_text (void)
{
  g_autoptr(GBytes) bytes = cs_model_rules_get_table_data ();

  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_table_schema (void)
{
  g_autofree char *text = table_text ();
  g_autoptr(GPtrArray) violations = check_table (text);

  for (guint i = 0; i < violations->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (violations, i));
  g_assert_cmpuint (violations->len, ==, 0);
}

/* The compiled table is the one in the source tree. */
static void
test_table_is_source (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "src", "core", "data",
                                                 "claude-models.json", NULL);
  g_autofree char *source = NULL;
  g_autofree char *compiled = table_text ();
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source, ==, compiled);
}

/* Rows that break the schema, one rule each, and the violation each must give. */
static void
test_checker_finds_violations (void)
{
  static const struct
  {
    const char *change;  /* a JSON object whose members replace the good row's */
    const char *expect;  /* part of the violation */
  } cases[] = {
    { "{\"id\": \"us.anthropic.claude-opus-4-6-v1\"}", "geography prefix" },
    { "{\"family\": \"poem\"}", "family \"poem\" is not a valid value" },
    { "{\"version\": \"4.x\"}", "not major[.minor]" },
    { "{\"geographies\": [\"us\", \"mars\"]}", "\"mars\" is not a valid value" },
    { "{\"geographies\": [\"us\", \"us\"]}", "lists \"us\" twice" },
    { "{\"thinking\": {\"forms\": [\"disabled\", \"adaptive\"], \"always_on\": true, "
      "\"effort_levels\": [\"high\"], \"disabled_refuses_effort\": []}}",
      "cannot allow \"disabled\"" },
    { "{\"thinking\": {\"forms\": [\"adaptive\"], \"always_on\": false, "
      "\"effort_levels\": [], \"disabled_refuses_effort\": []}}",
      "adaptive thinking without effort levels" },
    { "{\"thinking\": {\"forms\": [\"sometimes\"], \"always_on\": false, "
      "\"effort_levels\": [], \"disabled_refuses_effort\": []}}",
      "\"sometimes\" is not a valid value" },
    { "{\"sampling\": {\"temperature\": {\"min\": 1, \"max\": 0}}}", "max is below its min" },
    { "{\"sampling\": {\"heat\": {\"min\": 0}}}", "unknown parameter \"heat\"" },
    { "{\"sampling\": {}, \"sampling_exclusive\": [[\"temperature\", \"top_p\"]]}",
      "which the model does not take" },
    { "{\"max_output_tokens\": \"many\"}", "max_output_tokens has the wrong type" },
    { "{\"context_window\": 1000}", "not larger than max_output_tokens" },
    { "{\"lifecycle\": {\"state\": \"retired\", \"legacy_date\": null, \"eol_date\": null}}",
      "\"retired\" is not a valid value" },
    { "{\"lifecycle\": {\"state\": \"legacy\", \"legacy_date\": \"2026-02-30\", "
      "\"eol_date\": null}}", "legacy_date is not a date" },
    { "{\"lifecycle\": {\"state\": \"legacy\", \"legacy_date\": \"2027-01-01\", "
      "\"eol_date\": \"2026-01-01\"}}", "after eol_date" },
    { "{\"source\": {\"url\": \"http://example.com\", \"says\": \"x\"}}", "not an https URL" },
    { "{\"source\": {\"url\": \"https://example.com\"}}", "says is missing" },
    { "{\"assumed\": [{\"field\": \"colour\", \"why\": \"x\"}]}", "not a row member" },
    { "{\"extra\": 1}", "unknown member \"extra\"" },
  };
  static const char *good_row =
    "{\"id\": \"anthropic.claude-opus-4-6-v1\", \"name\": \"Claude Opus 4.6\", \"family\": "
    "\"opus\", \"version\": \"4.6\", \"geographies\": [\"global\", \"us\"], \"thinking\": "
    "{\"forms\": [\"none\", \"adaptive\"], \"always_on\": false, \"effort_levels\": [\"high\"], "
    "\"disabled_refuses_effort\": []}, \"sampling\": {\"temperature\": {\"min\": 0, \"max\": 1}, "
    "\"top_p\": {\"min\": 0, \"max\": 1}}, \"sampling_exclusive\": [[\"temperature\", "
    "\"top_p\"]], \"max_output_tokens\": 128000, \"context_window\": 1000000, \"lifecycle\": "
    "{\"state\": \"active\", \"legacy_date\": null, \"eol_date\": null}, \"source\": {\"url\": "
    "\"https://docs.aws.amazon.com/\", \"says\": \"x\"}, \"assumed\": []}";

  /* the good row passes */
  {
    g_autofree char *text = g_strdup_printf ("{\"schema\": 1, \"checked\": \"2026-12-06\", "
                                             "\"models\": [%s]}", good_row);
    g_autoptr(GPtrArray) violations = check_table (text);

    g_assert_cmpuint (violations->len, ==, 0);
  }
  /* the same id twice */
  {
    g_autofree char *text = g_strdup_printf ("{\"schema\": 1, \"checked\": \"2026-12-06\", "
                                             "\"models\": [%s, %s]}", good_row, good_row);
    g_autoptr(GPtrArray) violations = check_table (text);

    g_assert_cmpuint (violations->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (violations, 0), "listed twice"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) row = json_from_string (good_row, NULL);
      g_autoptr(JsonNode) change = json_from_string (cases[i].change, NULL);
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (change));
      g_autoptr(JsonNode) table = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) top = json_object_new ();
      JsonArray *models = json_array_new ();
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) violations = NULL;
      gboolean found = FALSE;

      g_assert_nonnull (change);
      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (json_node_get_object (row), l->data,
                                json_node_copy (json_object_get_member (
                                  json_node_get_object (change), l->data)));
      json_array_add_element (models, json_node_ref (row));
      json_object_set_int_member (top, "schema", 1);
      json_object_set_string_member (top, "checked", "2026-12-06");
      json_object_set_array_member (top, "models", models);
      json_node_set_object (table, top);
      text = json_to_string (table, FALSE);

      violations = check_table (text);
      for (guint j = 0; j < violations->len; j++)
        if (strstr (g_ptr_array_index (violations, j), cases[i].expect) != NULL)
          found = TRUE;
      if (!found)
        g_error ("case %u: no violation says \"%s\" (%u violations)", i, cases[i].expect,
                 violations->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model-table/schema", test_table_schema);
  g_test_add_func ("/model-table/is-source", test_table_is_source);
  g_test_add_func ("/model-table/checker-finds-violations", test_checker_finds_violations);

  return g_test_run ();
}
