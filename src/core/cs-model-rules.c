/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-model-rules"

#include "config.h"

#include "cs-model-rules.h"
#include "cs-model-rules-private.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-bedrock-catalog.h"
#include "cs-core-resources.h"
#include "cs-error.h"

#define TABLE_RESOURCE RESOURCE_PATH "/core/claude-models.json"
#define N_SAMPLING 3

typedef struct
{
  gboolean allowed;
  double   min;
  double   max;
  gboolean max_exclusive;
} Range;

struct _CsModelRules
{
  char            *id;
  char            *name;
  char            *family;
  guint            major;
  guint            minor;
  GStrv            geographies;
  CsThinkingForm   forms;
  gboolean         always_on;
  CsEffort         efforts;
  CsEffort         disabled_refuses;
  Range            sampling[N_SAMPLING];
  guint            exclusive[N_SAMPLING];  /* bit b of exclusive[a]: a and b exclude each other */
  gint64           max_output_tokens;
  gint64           context_window;
  CsModelLifecycle state;
  char            *legacy_date;
  char            *eol_date;
  char            *source_url;
  GStrv            assumed;
  gboolean         derived;
  char            *assumption;
};

static const char *const sampling_names[N_SAMPLING] = { "temperature", "top_p", "top_k" };

static const struct
{
  CsEffort    effort;
  const char *name;
} effort_names[] = {
  { CS_EFFORT_LOW, "low" },
  { CS_EFFORT_MEDIUM, "medium" },
  { CS_EFFORT_HIGH, "high" },
  { CS_EFFORT_XHIGH, "xhigh" },
  { CS_EFFORT_MAX, "max" },
};

static const struct
{
  CsThinkingForm form;
  const char    *name;
} form_names[] = {
  { CS_THINKING_FORM_NONE, "none" },
  { CS_THINKING_FORM_DISABLED, "disabled" },
  { CS_THINKING_FORM_ENABLED, "enabled" },
  { CS_THINKING_FORM_ADAPTIVE, "adaptive" },
};

static const char *const geography_names[] = { "global", "us", "eu", "jp", "apac", "au", NULL };

static void
rules_clear (CsModelRules *rules)
{
  g_free (rules->id);
  g_free (rules->name);
  g_free (rules->family);
  g_strfreev (rules->geographies);
  g_free (rules->legacy_date);
  g_free (rules->eol_date);
  g_free (rules->source_url);
  g_strfreev (rules->assumed);
  g_free (rules->assumption);
}

CsModelRules *
cs_model_rules_ref (CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return g_atomic_rc_box_acquire (rules);
}

void
cs_model_rules_unref (CsModelRules *rules)
{
  g_return_if_fail (rules != NULL);
  g_atomic_rc_box_release_full (rules, (GDestroyNotify) rules_clear);
}

G_DEFINE_BOXED_TYPE (CsModelRules, cs_model_rules, cs_model_rules_ref, cs_model_rules_unref)

void
cs_model_problem_free (CsModelProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

/* ---- reading the table */

static CsEffort
effort_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (effort_names); i++)
    if (g_strcmp0 (effort_names[i].name, name) == 0)
      return effort_names[i].effort;
  return CS_EFFORT_UNSET;
}

static CsThinkingForm
form_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (form_names); i++)
    if (g_strcmp0 (form_names[i].name, name) == 0)
      return form_names[i].form;
  return 0;
}

static int
sampling_from_name (const char *name)
{
  for (int i = 0; i < N_SAMPLING; i++)
    if (g_strcmp0 (sampling_names[i], name) == 0)
      return i;
  return -1;
}

static CsEffort
efforts_from_array (JsonArray *array)
{
  CsEffort efforts = CS_EFFORT_UNSET;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    efforts |= effort_from_name (json_array_get_string_element (array, i));
  return efforts;
}

static const char *
string_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
array_or_null (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
parse_version (const char *text,
               guint      *major,
               guint      *minor)
{
  g_auto(GStrv) parts = NULL;
  guint64 value;

  *major = *minor = 0;
  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ".", 3);
  if (parts[0] == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 1, 99, &value, NULL))
    return FALSE;
  *major = (guint) value;
  if (parts[1] == NULL)
    return TRUE;
  if (parts[2] != NULL || !g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &value, NULL))
    return FALSE;
  *minor = (guint) value;
  return TRUE;
}

static CsModelRules *
row_from_json (JsonObject *row)
{
  CsModelRules *rules = g_atomic_rc_box_new0 (CsModelRules);
  JsonObject *thinking = object_or_null (row, "thinking");
  JsonObject *sampling = object_or_null (row, "sampling");
  JsonObject *lifecycle = object_or_null (row, "lifecycle");
  JsonObject *source = object_or_null (row, "source");
  JsonArray *array;
  g_autoptr(GStrvBuilder) geographies = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) assumed = g_strv_builder_new ();
  const char *state;

  rules->id = g_strdup (string_or_null (row, "id"));
  rules->name = g_strdup (string_or_null (row, "name"));
  rules->family = g_strdup (string_or_null (row, "family"));
  parse_version (string_or_null (row, "version"), &rules->major, &rules->minor);

  array = array_or_null (row, "geographies");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (geographies, json_array_get_string_element (array, i));
  rules->geographies = g_strv_builder_end (geographies);

  if (thinking != NULL)
    {
      array = array_or_null (thinking, "forms");
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        rules->forms |= form_from_name (json_array_get_string_element (array, i));
      rules->always_on = json_object_get_boolean_member_with_default (thinking, "always_on",
                                                                      FALSE);
      rules->efforts = efforts_from_array (array_or_null (thinking, "effort_levels"));
      rules->disabled_refuses = efforts_from_array (array_or_null (thinking,
                                                                   "disabled_refuses_effort"));
    }

  for (int i = 0; sampling != NULL && i < N_SAMPLING; i++)
    {
      JsonObject *range = object_or_null (sampling, sampling_names[i]);

      if (range == NULL)
        continue;
      rules->sampling[i].allowed = TRUE;
      rules->sampling[i].min = json_object_get_double_member_with_default (range, "min", 0);
      rules->sampling[i].max = json_object_get_double_member_with_default (range, "max",
                                                                           G_MAXDOUBLE);
      rules->sampling[i].max_exclusive =
        json_object_get_boolean_member_with_default (range, "max_exclusive", FALSE);
    }

  array = array_or_null (row, "sampling_exclusive");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);
      int a, b;

      if (pair == NULL || json_array_get_length (pair) != 2)
        continue;
      a = sampling_from_name (json_array_get_string_element (pair, 0));
      b = sampling_from_name (json_array_get_string_element (pair, 1));
      if (a < 0 || b < 0)
        continue;
      rules->exclusive[a] |= 1u << b;
      rules->exclusive[b] |= 1u << a;
    }

  rules->max_output_tokens = json_object_get_int_member_with_default (row, "max_output_tokens", 0);
  rules->context_window = json_object_get_int_member_with_default (row, "context_window", 0);

  state = lifecycle != NULL ? string_or_null (lifecycle, "state") : NULL;
  if (g_strcmp0 (state, "legacy") == 0)
    rules->state = CS_MODEL_LIFECYCLE_LEGACY;
  else if (g_strcmp0 (state, "end-of-life") == 0)
    rules->state = CS_MODEL_LIFECYCLE_END_OF_LIFE;
  else
    rules->state = CS_MODEL_LIFECYCLE_ACTIVE;
  if (lifecycle != NULL)
    {
      rules->legacy_date = g_strdup (string_or_null (lifecycle, "legacy_date"));
      rules->eol_date = g_strdup (string_or_null (lifecycle, "eol_date"));
    }
  if (source != NULL)
    rules->source_url = g_strdup (string_or_null (source, "url"));

  array = array_or_null (row, "assumed");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (item != NULL)
        {
          g_autofree char *line = g_strdup_printf ("%s: %s", string_or_null (item, "field"),
                                                   string_or_null (item, "why"));

          g_strv_builder_add (assumed, line);
        }
    }
  rules->assumed = g_strv_builder_end (assumed);
  return rules;
}

CsModelRules *
cs_model_rules_new_from_json (JsonObject *row)
{
  g_return_val_if_fail (row != NULL, NULL);
  return row_from_json (row);
}

GBytes *
cs_model_rules_get_table_data (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  /* Referencing the resource by its getter keeps it in the static library's
   * link; a registration by constructor alone would be dropped. */
  bytes = g_resource_lookup_data (cs_core_get_resource (), TABLE_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_critical ("The Claude rule table is missing from the resources: %s", error->message);
  return bytes;
}

static GPtrArray *
load_table (void)
{
  GPtrArray *table = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_model_rules_unref);
  g_autoptr(GBytes) bytes = cs_model_rules_get_table_data ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *models;

  if (bytes == NULL)
    return table;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), &error))
    {
      g_critical ("The Claude rule table cannot be read: %s", error->message);
      return table;
    }
  root = json_parser_get_root (parser);
  models = JSON_NODE_HOLDS_OBJECT (root)
           ? array_or_null (json_node_get_object (root), "models") : NULL;
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      JsonObject *row = json_array_get_object_element (models, i);

      if (row != NULL)
        g_ptr_array_add (table, row_from_json (row));
    }
  return table;
}

static GPtrArray *
get_table (void)
{
  static gsize loaded;
  static GPtrArray *table;

  if (g_once_init_enter (&loaded))
    {
      table = load_table ();
      g_once_init_leave (&loaded, 1);
    }
  return table;
}

GPtrArray *
cs_model_rules_list (void)
{
  GPtrArray *table = get_table ();
  GPtrArray *list = g_ptr_array_new_full (table->len, (GDestroyNotify) cs_model_rules_unref);

  for (guint i = 0; i < table->len; i++)
    g_ptr_array_add (list, cs_model_rules_ref (g_ptr_array_index (table, i)));
  return list;
}

/* ---- ids */

char *
cs_model_rules_base_id (const char  *model_id,
                        char       **geography)
{
  const char *id = model_id;
  const char *slash;

  if (geography != NULL)
    *geography = NULL;
  g_return_val_if_fail (model_id != NULL, NULL);

  /* arn:aws:bedrock:<region>:<account>:inference-profile/<profile id> or
   * arn:aws:bedrock:<region>::foundation-model/<model id> */
  if (g_str_has_prefix (id, "arn:") && (slash = strrchr (id, '/')) != NULL)
    id = slash + 1;

  for (guint i = 0; geography_names[i] != NULL; i++)
    {
      gsize len = strlen (geography_names[i]);

      if (strncmp (id, geography_names[i], len) == 0 && id[len] == '.')
        {
          if (geography != NULL)
            *geography = g_strdup (geography_names[i]);
          id += len + 1;
          break;
        }
    }
  return g_strdup (id);
}

/* The id without ":N" and "-vN": "anthropic.claude-opus-4-6-v1:0" gives
 * "anthropic.claude-opus-4-6". */
static char *
normalized_id (const char *base_id)
{
  g_autofree char *id = g_ascii_strdown (base_id, -1);
  char *colon = strrchr (id, ':');
  char *dash;

  if (colon != NULL)
    *colon = '\0';
  dash = strrchr (id, '-');
  if (dash != NULL && dash[1] == 'v' && dash[2] != '\0'
      && strspn (dash + 2, "0123456789") == strlen (dash + 2))
    *dash = '\0';
  return g_steal_pointer (&id);
}

static gboolean
is_number_token (const char *token,
                 gsize       max_len)
{
  gsize len = strlen (token);

  return len > 0 && len <= max_len && strspn (token, "0123456789") == len;
}

static gboolean
is_word (const char *token)
{
  gsize len = strlen (token);

  return len > 0 && strspn (token, "abcdefghijklmnopqrstuvwxyz") == len;
}

/* Family and version of "anthropic.claude-opus-4-6", "anthropic.claude-3-7-sonnet-…",
 * "anthropic.claude-fable-5-2". FALSE when it names no family. */
static gboolean
parse_id (const char  *normalized,
          char       **family,
          guint       *major,
          guint       *minor)
{
  g_auto(GStrv) tokens = NULL;
  gboolean have_major = FALSE;
  gboolean have_minor = FALSE;

  *family = NULL;
  *major = *minor = 0;
  if (!g_str_has_prefix (normalized, "anthropic.claude-"))
    return FALSE;
  tokens = g_strsplit (normalized + strlen ("anthropic.claude-"), "-", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *t = tokens[i];

      if (is_number_token (t, 2))
        {
          /* the version comes after the family (4.x on) or before it (3.x) */
          if (!have_major)
            *major = (guint) g_ascii_strtoull (t, NULL, 10);
          else if (!have_minor)
            *minor = (guint) g_ascii_strtoull (t, NULL, 10);
          have_minor = have_major;
          have_major = TRUE;
        }
      else if (*family == NULL && is_word (t))
        *family = g_strdup (t);
      else
        break;  /* the date (8 digits) or a suffix ends the name */
    }
  if (*family == NULL || !have_major || *major == 0)
    {
      g_clear_pointer (family, g_free);
      return FALSE;
    }
  return TRUE;
}

static int
compare_version (guint a_major,
                 guint a_minor,
                 guint b_major,
                 guint b_minor)
{
  if (a_major != b_major)
    return a_major < b_major ? -1 : 1;
  if (a_minor != b_minor)
    return a_minor < b_minor ? -1 : 1;
  return 0;
}

static char *
display_name (const char *family,
              guint       major,
              guint       minor)
{
  g_autofree char *word = g_strdup (family);

  word[0] = g_ascii_toupper (word[0]);
  if (minor > 0)
    return g_strdup_printf ("Claude %s %u.%u", word, major, minor);
  return g_strdup_printf ("Claude %s %u", word, major);
}

static CsModelRules *
copy_rules (const CsModelRules *base)
{
  CsModelRules *rules = g_atomic_rc_box_new0 (CsModelRules);

  *rules = *base;
  rules->id = g_strdup (base->id);
  rules->name = g_strdup (base->name);
  rules->family = g_strdup (base->family);
  rules->geographies = g_strdupv (base->geographies);
  rules->legacy_date = g_strdup (base->legacy_date);
  rules->eol_date = g_strdup (base->eol_date);
  rules->source_url = g_strdup (base->source_url);
  rules->assumed = g_strdupv (base->assumed);
  rules->assumption = g_strdup (base->assumption);
  return rules;
}

/* Rules for an id the table does not have. */
static CsModelRules *
derive (const char *base_id,
        const char *family,
        guint       major,
        guint       minor)
{
  GPtrArray *table = get_table ();
  const CsModelRules *newest = NULL;
  const CsModelRules *newest_any = NULL;
  const CsModelRules *closest = NULL;
  const CsModelRules *oldest = NULL;
  const CsModelRules *base;
  CsModelRules *rules;
  gboolean strict;

  for (guint i = 0; i < table->len; i++)
    {
      const CsModelRules *row = g_ptr_array_index (table, i);

      if (newest_any == NULL
          || compare_version (row->major, row->minor, newest_any->major, newest_any->minor) > 0)
        newest_any = row;
      if (g_strcmp0 (row->family, family) != 0)
        continue;
      if (newest == NULL
          || compare_version (row->major, row->minor, newest->major, newest->minor) > 0)
        newest = row;
      if (oldest == NULL
          || compare_version (row->major, row->minor, oldest->major, oldest->minor) < 0)
        oldest = row;
      if (compare_version (row->major, row->minor, major, minor) <= 0
          && (closest == NULL
              || compare_version (row->major, row->minor, closest->major, closest->minor) > 0))
        closest = row;
    }
  if (newest_any == NULL)
    return NULL;

  strict = newest == NULL || compare_version (major, minor, newest->major, newest->minor) > 0;
  base = newest == NULL ? newest_any : strict ? newest : closest != NULL ? closest : oldest;

  rules = copy_rules (base);
  g_free (rules->id);
  rules->id = g_strdup (base_id);
  g_free (rules->name);
  rules->name = display_name (family, major, minor);
  g_free (rules->family);
  rules->family = g_strdup (family);
  rules->major = major;
  rules->minor = minor;
  rules->derived = TRUE;

  if (strict)
    {
      rules->forms = CS_THINKING_FORM_NONE | CS_THINKING_FORM_ADAPTIVE;
      rules->always_on = TRUE;
      rules->disabled_refuses = CS_EFFORT_UNSET;
      if (rules->efforts == CS_EFFORT_UNSET)
        rules->efforts = CS_EFFORT_LOW | CS_EFFORT_MEDIUM | CS_EFFORT_HIGH;
      memset (rules->sampling, 0, sizeof rules->sampling);
      memset (rules->exclusive, 0, sizeof rules->exclusive);
      rules->state = CS_MODEL_LIFECYCLE_ACTIVE;
      g_clear_pointer (&rules->legacy_date, g_free);
      g_clear_pointer (&rules->eol_date, g_free);
      if (newest != NULL)
        rules->assumption = g_strdup_printf (
          _("%s is newer than the models this version of Connector Studio knows. It is treated "
            "like %s with the strictest rules of its family: adaptive thinking only, always on, "
            "and no temperature, top_p or top_k. Check the model card in the Amazon Bedrock user "
            "guide before relying on it."),
          rules->name, base->name);
      else
        rules->assumption = g_strdup_printf (
          _("%s belongs to a Claude family this version of Connector Studio does not know. It is "
            "treated like %s with the strictest rules: adaptive thinking only, always on, and no "
            "temperature, top_p or top_k. Check the model card in the Amazon Bedrock user guide "
            "before relying on it."),
          rules->name, base->name);
    }
  else
    rules->assumption = g_strdup_printf (
      _("%s is not in Connector Studio's model table. It is treated like %s, the closest model of "
        "its family. Check the model card in the Amazon Bedrock user guide before relying on it."),
      rules->name, base->name);
  return rules;
}

CsModelRules *
cs_model_rules_lookup (const char *model_id)
{
  GPtrArray *table;
  g_autofree char *base_id = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *family = NULL;
  guint major, minor;

  g_return_val_if_fail (model_id != NULL, NULL);

  table = get_table ();
  base_id = cs_model_rules_base_id (model_id, NULL);
  wanted = normalized_id (base_id);
  for (guint i = 0; i < table->len; i++)
    {
      CsModelRules *row = g_ptr_array_index (table, i);
      g_autofree char *key = normalized_id (row->id);

      if (g_str_equal (key, wanted))
        return cs_model_rules_ref (row);
    }

  if (!parse_id (wanted, &family, &major, &minor))
    return NULL;

  /* "anthropic.claude-sonnet-4-5" without its date is still Sonnet 4.5 */
  for (guint i = 0; i < table->len; i++)
    {
      CsModelRules *row = g_ptr_array_index (table, i);

      if (g_str_equal (row->family, family) && row->major == major && row->minor == minor)
        return cs_model_rules_ref (row);
    }
  return derive (base_id, family, major, minor);
}

/* ---- getters */

const char *
cs_model_rules_get_id (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->id;
}

const char *
cs_model_rules_get_name (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->name;
}

const char *
cs_model_rules_get_family (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->family;
}

guint
cs_model_rules_get_version_major (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);
  return rules->major;
}

guint
cs_model_rules_get_version_minor (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);
  return rules->minor;
}

gboolean
cs_model_rules_is_derived (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  return rules->derived;
}

const char *
cs_model_rules_get_assumption (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->assumption;
}

const char * const *
cs_model_rules_get_assumed (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return (const char * const *) rules->assumed;
}

const char *
cs_model_rules_get_source_url (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->source_url;
}

CsThinkingForm
cs_model_rules_get_thinking_forms (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);
  return rules->forms;
}

gboolean
cs_model_rules_allows_thinking (const CsModelRules *rules,
                                CsThinkingForm      form)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  if (form == 0)
    form = CS_THINKING_FORM_NONE;
  return (rules->forms & form) == form;
}

gboolean
cs_model_rules_is_always_thinking (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  return rules->always_on;
}

CsEffort
cs_model_rules_get_effort_levels (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, CS_EFFORT_UNSET);
  return rules->efforts;
}

gboolean
cs_model_rules_allows_sampling (const CsModelRules *rules,
                                CsSampling          param,
                                double             *min,
                                double             *max)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail ((guint) param < N_SAMPLING, FALSE);

  if (min != NULL)
    *min = rules->sampling[param].min;
  if (max != NULL)
    *max = rules->sampling[param].max;
  return rules->sampling[param].allowed;
}

gboolean
cs_model_rules_sampling_excludes (const CsModelRules *rules,
                                  CsSampling          a,
                                  CsSampling          b)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail ((guint) a < N_SAMPLING && (guint) b < N_SAMPLING, FALSE);
  return (rules->exclusive[a] & (1u << b)) != 0;
}

gint64
cs_model_rules_get_max_output_tokens (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);
  return rules->max_output_tokens;
}

gint64
cs_model_rules_get_context_window (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);
  return rules->context_window;
}

/* ---- the check */

static void
add_problem (GPtrArray          *problems,
             CsModelProblemKind  kind,
             const char         *field,
             char               *message)
{
  CsModelProblem *problem = g_new0 (CsModelProblem, 1);

  problem->kind = kind;
  problem->field = g_strdup (field);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

const char *
cs_model_rules_effort_name (CsEffort effort)
{
  for (gsize i = 0; i < G_N_ELEMENTS (effort_names); i++)
    if (effort_names[i].effort == effort)
      return effort_names[i].name;
  return NULL;
}

static const char *
effort_name (CsEffort effort)
{
  const char *name = cs_model_rules_effort_name (effort);

  return name != NULL ? name : "?";
}

CsEffort
cs_model_rules_effort_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (effort_names); i++)
    if (g_strcmp0 (effort_names[i].name, name) == 0)
      return effort_names[i].effort;
  return CS_EFFORT_UNSET;
}

static char *
effort_list (CsEffort efforts)
{
  GString *list = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (effort_names); i++)
    if (efforts & effort_names[i].effort)
      {
        if (list->len > 0)
          g_string_append (list, ", ");
        g_string_append (list, effort_names[i].name);
      }
  return g_string_free (list, FALSE);
}

static char *
form_message (const CsModelRules *rules,
              CsThinkingForm      form)
{
  switch (form)
    {
    case CS_THINKING_FORM_ENABLED:
      if (rules->forms & CS_THINKING_FORM_ADAPTIVE)
        return g_strdup_printf (_("%s thinks only adaptively and refuses a thinking budget: choose "
                                  "adaptive thinking with an effort level instead."), rules->name);
      break;
    case CS_THINKING_FORM_DISABLED:
      if (rules->always_on)
        return g_strdup_printf (_("%s always thinks and refuses thinking \u201cdisabled\u201d: "
                                  "leave thinking out, or choose adaptive thinking with a low "
                                  "effort."), rules->name);
      return g_strdup_printf (_("%s refuses thinking \u201cdisabled\u201d: leave the thinking "
                                "setting out instead."), rules->name);
    case CS_THINKING_FORM_ADAPTIVE:
      if (rules->forms & CS_THINKING_FORM_ENABLED)
        return g_strdup_printf (_("%s does not offer adaptive thinking: choose a thinking budget "
                                  "instead."), rules->name);
      break;
    case CS_THINKING_FORM_NONE:
    default:
      break;
    }
  return g_strdup_printf (_("%s does not accept this thinking setting: choose one the model "
                            "offers."), rules->name);
}

static void
check_thinking (const CsModelRules  *rules,
                const CsModelParams *params,
                CsThinkingForm       form,
                GPtrArray           *problems)
{
  gboolean form_ok = (rules->forms & form) != 0;

  if (!form_ok)
    add_problem (problems, CS_MODEL_PROBLEM_THINKING_FORM, "thinking", form_message (rules, form));

  if (form == CS_THINKING_FORM_ENABLED)
    {
      if (!form_ok)
        return;
      if (params->budget_tokens <= 0)
        add_problem (problems, CS_MODEL_PROBLEM_BUDGET_MISSING, "budget_tokens",
                     g_strdup_printf (_("Extended thinking needs a budget: set budget_tokens to at "
                                        "least %d."), CS_MODEL_RULES_MIN_BUDGET_TOKENS));
      else if (params->budget_tokens < CS_MODEL_RULES_MIN_BUDGET_TOKENS)
        add_problem (problems, CS_MODEL_PROBLEM_BUDGET_TOO_SMALL, "budget_tokens",
                     g_strdup_printf (_("The thinking budget must be at least %d tokens: raise "
                                        "budget_tokens."), CS_MODEL_RULES_MIN_BUDGET_TOKENS));
      if (params->budget_tokens > 0 && params->max_tokens > 0
          && params->budget_tokens >= params->max_tokens)
        add_problem (problems, CS_MODEL_PROBLEM_BUDGET_NOT_BELOW_MAX, "budget_tokens",
                     g_strdup (_("The thinking budget must be smaller than max_tokens: lower "
                                 "budget_tokens or raise max_tokens.")));
    }
  else if (params->budget_tokens > 0)
    {
      if (rules->forms & CS_THINKING_FORM_ENABLED)
        add_problem (problems, CS_MODEL_PROBLEM_BUDGET_REFUSED, "budget_tokens",
                     g_strdup (_("A thinking budget applies only to extended thinking with a "
                                 "budget: remove budget_tokens or choose that thinking form.")));
      else
        add_problem (problems, CS_MODEL_PROBLEM_BUDGET_REFUSED, "budget_tokens",
                     g_strdup_printf (_("%s takes no thinking budget: remove budget_tokens and "
                                        "set an effort level instead."), rules->name));
    }
}

static void
check_effort (const CsModelRules  *rules,
              const CsModelParams *params,
              CsThinkingForm       form,
              GPtrArray           *problems)
{
  if (params->effort == CS_EFFORT_UNSET)
    return;
  if (rules->efforts == CS_EFFORT_UNSET)
    add_problem (problems, CS_MODEL_PROBLEM_EFFORT_REFUSED, "effort",
                 g_strdup_printf (_("%s takes no effort level: remove the effort setting."),
                                  rules->name));
  else if ((rules->efforts & params->effort) != params->effort)
    {
      g_autofree char *list = effort_list (rules->efforts);

      add_problem (problems, CS_MODEL_PROBLEM_EFFORT_LEVEL, "effort",
                   g_strdup_printf (_("%s does not offer the effort level \u201c%s\u201d: choose "
                                      "one of %s."),
                                    rules->name, effort_name (params->effort), list));
    }
  else if (form == CS_THINKING_FORM_DISABLED && (rules->disabled_refuses & params->effort) != 0)
    add_problem (problems, CS_MODEL_PROBLEM_EFFORT_WITH_DISABLED, "effort",
                 g_strdup_printf (_("%s refuses the effort level \u201c%s\u201d while thinking is "
                                    "disabled: lower the effort to \u201chigh\u201d or turn "
                                    "thinking on."),
                                  rules->name, effort_name (params->effort)));
}

static gboolean
in_range (const Range *range,
          double       value)
{
  if (value < range->min)
    return FALSE;
  if (range->max_exclusive)
    return value < range->max;
  return value <= range->max;
}

static char *
range_message (const CsModelRules *rules,
               CsSampling          param)
{
  const Range *range = &rules->sampling[param];

  if (range->min == range->max)
    return g_strdup_printf (_("%s accepts %s only as %g: set it to %g or remove it."),
                            rules->name, sampling_names[param], range->min, range->min);
  if (range->max == G_MAXDOUBLE)
    return g_strdup_printf (_("%s accepts %s from %g up: raise the value."),
                            rules->name, sampling_names[param], range->min);
  if (range->max_exclusive)
    return g_strdup_printf (_("%s accepts %s from %g up to, but not including, %g: choose a value "
                              "in that range or remove it."),
                            rules->name, sampling_names[param], range->min, range->max);
  return g_strdup_printf (_("%s accepts %s from %g to %g: choose a value in that range."),
                          rules->name, sampling_names[param], range->min, range->max);
}

static void
check_sampling (const CsModelRules  *rules,
                const CsModelParams *params,
                gboolean             thinking,
                GPtrArray           *problems)
{
  gboolean present[N_SAMPLING] = { params->has_temperature, params->has_top_p, params->has_top_k };
  double value[N_SAMPLING] = { params->temperature, params->top_p, (double) params->top_k };
  gboolean usable[N_SAMPLING] = { FALSE, FALSE, FALSE };

  for (int i = 0; i < N_SAMPLING; i++)
    {
      if (!present[i])
        continue;
      if (!rules->sampling[i].allowed)
        add_problem (problems, CS_MODEL_PROBLEM_SAMPLING_REFUSED, sampling_names[i],
                     g_strdup_printf (_("%s does not accept %s: remove it from the connector."),
                                      rules->name, sampling_names[i]));
      else if (!in_range (&rules->sampling[i], value[i]))
        add_problem (problems, CS_MODEL_PROBLEM_SAMPLING_RANGE, sampling_names[i],
                     range_message (rules, i));
      else
        usable[i] = TRUE;
    }

  for (int a = 0; a < N_SAMPLING; a++)
    for (int b = a + 1; b < N_SAMPLING; b++)
      if (present[a] && present[b] && rules->sampling[a].allowed && rules->sampling[b].allowed
          && (rules->exclusive[a] & (1u << b)) != 0)
        add_problem (problems, CS_MODEL_PROBLEM_SAMPLING_EXCLUSIVE, sampling_names[b],
                     g_strdup_printf (_("%s refuses %s and %s together: keep one and remove the "
                                        "other."),
                                      rules->name, sampling_names[a], sampling_names[b]));

  if (!thinking)
    return;
  if (usable[CS_SAMPLING_TEMPERATURE]
      && params->temperature != CS_MODEL_RULES_THINKING_TEMPERATURE)
    add_problem (problems, CS_MODEL_PROBLEM_THINKING_TEMPERATURE, "temperature",
                 g_strdup (_("With thinking, temperature may only be 1: set it to 1 or remove "
                             "it.")));
  if (usable[CS_SAMPLING_TOP_K])
    add_problem (problems, CS_MODEL_PROBLEM_THINKING_TOP_K, "top_k",
                 g_strdup (_("With thinking, top_k is not accepted: remove it.")));
}

GPtrArray *
cs_model_rules_check (const CsModelRules  *rules,
                      const CsModelParams *params)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_model_problem_free);
  CsThinkingForm form;
  gboolean thinking;

  g_return_val_if_fail (rules != NULL, problems);
  g_return_val_if_fail (params != NULL, problems);

  form = params->thinking != 0 ? params->thinking : CS_THINKING_FORM_NONE;
  thinking = form == CS_THINKING_FORM_ENABLED || form == CS_THINKING_FORM_ADAPTIVE
             || (rules->always_on && form != CS_THINKING_FORM_DISABLED);

  check_thinking (rules, params, form, problems);
  check_effort (rules, params, form, problems);

  if (params->max_tokens < 0 || (params->max_tokens > 0 && rules->max_output_tokens > 0
                                 && params->max_tokens > rules->max_output_tokens))
    add_problem (problems, CS_MODEL_PROBLEM_MAX_TOKENS, "max_tokens",
                 g_strdup_printf (_("%s writes at most %lld tokens: set max_tokens between 1 "
                                    "and that."),
                                  rules->name, (long long) rules->max_output_tokens));

  check_sampling (rules, params, thinking, problems);
  return problems;
}

/* ---- lifecycle */

CsModelLifecycle
cs_model_rules_get_lifecycle (const CsModelRules *rules,
                              GDateTime          *when)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (rules != NULL, CS_MODEL_LIFECYCLE_ACTIVE);

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (when);
  day = g_date_time_format (utc, "%Y-%m-%d");

  /* ISO dates compare as strings */
  if (rules->eol_date != NULL && strcmp (day, rules->eol_date) >= 0)
    return CS_MODEL_LIFECYCLE_END_OF_LIFE;
  if (rules->state == CS_MODEL_LIFECYCLE_END_OF_LIFE && rules->eol_date == NULL)
    return CS_MODEL_LIFECYCLE_END_OF_LIFE;
  if (rules->legacy_date != NULL && strcmp (day, rules->legacy_date) >= 0)
    return CS_MODEL_LIFECYCLE_LEGACY;
  if (rules->state != CS_MODEL_LIFECYCLE_ACTIVE && rules->legacy_date == NULL)
    return CS_MODEL_LIFECYCLE_LEGACY;
  return CS_MODEL_LIFECYCLE_ACTIVE;
}

const char *
cs_model_rules_get_legacy_date (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->legacy_date;
}

const char *
cs_model_rules_get_eol_date (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return rules->eol_date;
}

/* ---- geographies */

const char * const *
cs_model_rules_get_geographies (const CsModelRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  return (const char * const *) rules->geographies;
}

const char *
cs_model_rules_geography_for_region (const CsModelRules *rules,
                                     const char         *region)
{
  const char *candidates[3] = { NULL, NULL, NULL };

  g_return_val_if_fail (rules != NULL, NULL);

  if (!cs_bedrock_region_is_valid (region) || g_str_has_prefix (region, "us-gov-"))
    return NULL;
  if (g_str_has_prefix (region, "us-"))
    candidates[0] = "us";
  else if (g_str_has_prefix (region, "eu-"))
    candidates[0] = "eu";
  else if (g_str_equal (region, "ap-northeast-1") || g_str_equal (region, "ap-northeast-3"))
    {
      candidates[0] = "jp";
      candidates[1] = "apac";
    }
  else if (g_str_equal (region, "ap-southeast-2") || g_str_equal (region, "ap-southeast-4"))
    {
      candidates[0] = "au";
      candidates[1] = "apac";
    }
  else if (g_str_has_prefix (region, "ap-"))
    candidates[0] = "apac";

  for (guint i = 0; candidates[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) rules->geographies, candidates[i]))
      return candidates[i];
  return NULL;
}

char *
cs_model_rules_profile_id (const CsModelRules *rules,
                           const char         *region,
                           gboolean            global,
                           GError            **error)
{
  const char *geography;
  gboolean has_global;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  has_global = g_strv_contains ((const char * const *) rules->geographies, "global");
  if (global)
    {
      if (has_global)
        return g_strconcat ("global.", rules->id, NULL);
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("%s has no global inference profile: turn the global profile off and use the "
                     "one of your region."), rules->name);
      return NULL;
    }

  if (!cs_bedrock_region_is_valid (region))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("\u201c%s\u201d is not an AWS region code: type one such as us-east-1."),
                   region != NULL ? region : "");
      return NULL;
    }

  geography = cs_model_rules_geography_for_region (rules, region);
  if (geography != NULL)
    return g_strconcat (geography, ".", rules->id, NULL);

  if (has_global)
    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                 _("%s has no inference profile for %s: use its global profile, or choose another "
                   "region."), rules->name, region);
  else
    {
      g_autofree char *list = g_strjoinv (", ", rules->geographies);

      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("%s has no inference profile for %s: choose a region in one of its "
                     "geographies (%s)."), rules->name, region, list);
    }
  return NULL;
}
