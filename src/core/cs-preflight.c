/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-preflight"

#include "config.h"

#include "cs-preflight.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"
#include "cs-lifecycle-api.h"
#include "cs-model-rules.h"
#include "cs-predict.h"
#include "cs-timeout-check.h"

/* ML Commons' texts (EncryptorImpl.MASTER_KEY_NOT_READY_ERROR; MLNodeUtils
 * .checkOpenCircuitBreaker with the breaker named "Memory Circuit Breaker"). */
#define MASTER_KEY_TEXT "has not been initialized yet"
#define BREAKER_TEXT    "Memory Circuit Breaker is open"

#define SETTING_ONLY_ML   "plugins.ml_commons.only_run_on_ml_node"
#define SETTING_ELIGIBLE  "plugins.ml_commons.task_dispatcher.eligible_node_role.remote_model"
#define MAX_RETRIES       3

/* ---- rows ------------------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (CsPreflightRow, cs_preflight_row, cs_preflight_row_copy,
                     cs_preflight_row_free)

CsPreflightRow *
cs_preflight_row_new (const char *id,
                      const char *title)
{
  CsPreflightRow *row = g_new0 (CsPreflightRow, 1);

  row->id = g_strdup (id);
  row->title = g_strdup (title);
  row->state = CS_PREFLIGHT_PENDING;
  row->max_retry_times = -1;
  return row;
}

CsPreflightRow *
cs_preflight_row_copy (const CsPreflightRow *row)
{
  CsPreflightRow *copy = g_memdup2 (row, sizeof *row);

  copy->id = g_strdup (row->id);
  copy->title = g_strdup (row->title);
  copy->message = g_strdup (row->message);
  copy->connector_id = g_strdup (row->connector_id);
  copy->fix_value = g_strdup (row->fix_value);
  return copy;
}

void
cs_preflight_row_free (CsPreflightRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->title);
  g_free (row->message);
  g_free (row->connector_id);
  g_free (row->fix_value);
  g_free (row);
}

static void
row_reset (CsPreflightRow *row)
{
  g_clear_pointer (&row->message, g_free);
  g_clear_pointer (&row->fix_value, g_free);
  row->fix = CS_PREFLIGHT_FIX_NONE;
  row->read_timeout = 0;
  row->max_retry_times = -1;
}

static void
row_set (CsPreflightRow   *row,
         CsPreflightState  state,
         char             *message)   /* takes */
{
  row->state = state;
  g_free (row->message);
  row->message = message;
}

/* Keeps the worse state and appends the sentence. */
static void
row_add (CsPreflightRow   *row,
         CsPreflightState  state,
         const char       *sentence)
{
  static const int rank[] = {
    [CS_PREFLIGHT_PENDING] = 0, [CS_PREFLIGHT_RUNNING] = 0, [CS_PREFLIGHT_NOT_APPLICABLE] = 0,
    [CS_PREFLIGHT_OK] = 1, [CS_PREFLIGHT_WARNING] = 2, [CS_PREFLIGHT_ERROR] = 3,
  };
  char *joined;

  if (rank[state] > rank[row->state])
    row->state = state;
  joined = row->message && *row->message
           ? g_strconcat (row->message, " ", sentence, NULL) : g_strdup (sentence);
  g_free (row->message);
  row->message = joined;
}

JsonNode *
cs_preflight_row_build_fix_body (const CsPreflightRow *row,
                                 CsTrustedList        *trusted)
{
  g_autoptr(JsonBuilder) b = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  switch (row->fix)
    {
    case CS_PREFLIGHT_FIX_TRUST_BEDROCK:
      g_return_val_if_fail (CS_IS_TRUSTED_LIST (trusted), NULL);
      return cs_trusted_list_build_put_body (trusted, CS_BEDROCK_TRUSTED_PATTERN, NULL);

    case CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG:
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "client_config");
      json_builder_begin_object (b);
      if (row->read_timeout > 0)
        {
          json_builder_set_member_name (b, "read_timeout");
          json_builder_add_int_value (b, row->read_timeout);
        }
      if (row->max_retry_times >= 0)
        {
          json_builder_set_member_name (b, "max_retry_times");
          json_builder_add_int_value (b, row->max_retry_times);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      return json_builder_get_root (b);

    case CS_PREFLIGHT_FIX_CONNECTOR_MODEL:
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "parameters");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, row->fix_value);
      json_builder_end_object (b);
      json_builder_end_object (b);
      return json_builder_get_root (b);

    case CS_PREFLIGHT_FIX_NONE:
    case CS_PREFLIGHT_FIX_RETRY:
    default:
      return NULL;
    }
}

/* ---- version and hosting ---------------------------------------------------------------- */

void
cs_preflight_check_version (CsPreflightRow  *row,
                            const CsVersion *version)
{
  g_autofree char *text = NULL;

  row_reset (row);
  if (version == NULL || version->major == 0)
    {
      row_set (row, CS_PREFLIGHT_WARNING,
               g_strdup (_("The cluster did not say its OpenSearch version. Reconnect to read it "
                           "again; the checks that depend on it assume an old version.")));
      return;
    }
  text = cs_version_to_string (version);
  /* The version table of src/sandbox/README.md ("Changing a connector in use"). */
  if (!cs_version_at_least (version, 2, 11))
    row_set (row, CS_PREFLIGHT_WARNING,
             g_strdup_printf (_("OpenSearch %s with ML Commons %s.0: connectors cannot be "
                                "edited (connector updates need 2.11) and a model's connector "
                                "cannot be changed in place (2.12); to change one, undeploy, "
                                "delete and create it again, or upgrade the cluster."),
                              text, text));
  else if (!cs_version_at_least (version, 2, 12))
    row_set (row, CS_PREFLIGHT_WARNING,
             g_strdup_printf (_("OpenSearch %s with ML Commons %s.0: a deployed model's "
                                "connector cannot be changed in place (that needs 2.12); edits "
                                "undeploy the model first. Upgrade the cluster to avoid the "
                                "downtime."), text, text));
  else
    row_set (row, CS_PREFLIGHT_OK,
             g_strdup_printf (_("OpenSearch %s with ML Commons %s.0: connectors and models can "
                                "be edited in place."), text, text));
}

void
cs_preflight_check_hosting (CsPreflightRow *row,
                            gboolean        aws_managed)
{
  row_reset (row);
  if (aws_managed)
    row_set (row, CS_PREFLIGHT_OK,
             g_strdup (_("Amazon OpenSearch Service: connectors may sign with an IAM role "
                         "(roleArn) instead of access keys.")));
  else
    row_set (row, CS_PREFLIGHT_OK,
             g_strdup (_("Self-managed OpenSearch: connectors need access keys; a roleArn "
                         "credential is refused with \"Missing credential\".")));
}

/* ---- trusted list ----------------------------------------------------------------------- */

#define SAMPLE_BEDROCK_URL "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke"

void
cs_preflight_check_trusted (CsPreflightRow     *row,
                            CsTrustedList      *trusted,
                            const CsVersion    *version,
                            const char * const *urls)
{
  static const char * const sample[] = { SAMPLE_BEDROCK_URL, NULL };
  guint n_bad = 0;
  const char *first_bad = NULL;

  row_reset (row);
  if (trusted == NULL)
    {
      row_set (row, CS_PREFLIGHT_WARNING,
               g_strdup (_("The trusted connector endpoints could not be read. Check that "
                           "this login may read the cluster settings, then run the checks "
                           "again.")));
      return;
    }
  if (urls == NULL || urls[0] == NULL)
    urls = sample;
  for (guint i = 0; urls[i] != NULL; i++)
    if (cs_trusted_list_match (trusted, urls[i]) < 0)
      {
        if (first_bad == NULL)
          first_bad = urls[i];
        n_bad++;
      }

  if (n_bad > 0)
    {
      row_set (row, CS_PREFLIGHT_ERROR,
               g_strdup_printf (_("The trusted connector endpoints do not match %s, so ML "
                                  "Commons refuses connectors that call Bedrock there. Add "
                                  "the Bedrock runtime pattern to the list."), first_bad));
      row->fix = CS_PREFLIGHT_FIX_TRUST_BEDROCK;
      return;
    }
  row_set (row, CS_PREFLIGHT_OK,
           g_strdup (_("The trusted connector endpoints allow the Bedrock runtime URL.")));
  if (version != NULL && cs_version_at_least (version, 3, 7))
    row_add (row, CS_PREFLIGHT_OK,
             _("From OpenSearch 3.7 the list is checked again at every predict: removing the "
               "entry that matches breaks the existing connectors at their next predict."));
}

/* ---- ML nodes --------------------------------------------------------------------------- */

static JsonNode *
setting_value (JsonNode   *settings,
               const char *key)
{
  static const char * const levels[] = { "transient", "persistent", "defaults" };
  JsonObject *root;

  if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
    return NULL;
  root = json_node_get_object (settings);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      JsonNode *level = json_object_get_member (root, levels[i]);

      if (level != NULL && JSON_NODE_HOLDS_OBJECT (level)
          && json_object_has_member (json_node_get_object (level), key))
        return json_object_get_member (json_node_get_object (level), key);
    }
  return NULL;
}

static gboolean
setting_bool (JsonNode   *settings,
              const char *key,
              gboolean    fallback)
{
  JsonNode *value = setting_value (settings, key);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return fallback;
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (value);
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (value), "true") == 0;
  return fallback;
}

static const char *
element_string (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *text)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (element_string (array, i), text) == 0)
      return TRUE;
  return FALSE;
}

void
cs_preflight_check_ml_nodes (CsPreflightRow  *row,
                             JsonNode        *settings,
                             JsonNode        *nodes,
                             const CsVersion *version)
{
  gboolean only_ml = setting_bool (settings, SETTING_ONLY_ML, TRUE);
  JsonNode *eligible_node = setting_value (settings, SETTING_ELIGIBLE);
  JsonArray *eligible = NULL;
  g_autoptr(JsonArray) default_eligible = json_array_new ();
  JsonObject *map;
  guint n_nodes = 0, n_ml = 0, n_data = 0, n_eligible = 0;
  gboolean new_dispatch = version != NULL && cs_version_at_least (version, 2, 11);

  row_reset (row);
  if (nodes == NULL || !JSON_NODE_HOLDS_OBJECT (nodes)
      || (map = cs_json_get_object (json_node_get_object (nodes), "nodes")) == NULL)
    {
      row_set (row, CS_PREFLIGHT_WARNING,
               g_strdup (_("The node roles could not be read. Check that this login may read "
                           "node information, then run the checks again.")));
      return;
    }

  json_array_add_string_element (default_eligible, "data");
  json_array_add_string_element (default_eligible, "ml");
  if (eligible_node != NULL && JSON_NODE_HOLDS_ARRAY (eligible_node))
    eligible = json_node_get_array (eligible_node);
  else
    eligible = default_eligible;

  {
    g_autoptr(GList) members = json_object_get_members (map);

    for (GList *l = members; l != NULL; l = l->next)
      {
        JsonObject *node = cs_json_get_object (map, l->data);
        JsonArray *roles = node ? cs_json_get_array (node, "roles") : NULL;
        gboolean is_eligible = FALSE;

        n_nodes++;
        if (array_has_string (roles, "ml"))
          n_ml++;
        if (array_has_string (roles, "data"))
          n_data++;
        for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
          if (array_has_string (eligible, element_string (roles, i)))
            is_eligible = TRUE;
        if (is_eligible)
          n_eligible++;
      }
  }

  if (!new_dispatch)
    {
      /* ≤ 2.10 (DiscoveryNodeHelper.getEligibleNodes): the ML nodes when there are any,
       * else the data nodes unless only_run_on_ml_node; none → "No eligible node found". */
      if (n_ml > 0)
        row_set (row, CS_PREFLIGHT_OK,
                 g_strdup_printf (ngettext ("%u ML node serves the models.",
                                            "%u ML nodes serve the models.", n_ml), n_ml));
      else if (!only_ml && n_data > 0)
        row_set (row, CS_PREFLIGHT_OK,
                 g_strdup (_("There is no ML node; with only_run_on_ml_node off the data "
                             "nodes serve the models.")));
      else
        row_set (row, CS_PREFLIGHT_ERROR,
                 g_strdup (_("No node may run models: only_run_on_ml_node is on and no node "
                             "has the ml role, so deploying fails with \"No eligible node "
                             "found\". Add an ML node, or turn plugins.ml_commons."
                             "only_run_on_ml_node off in the cluster settings.")));
      return;
    }

  /* ≥ 2.11: remote models go to the nodes with a role of
   * task_dispatcher.eligible_node_role.remote_model (default data, ml). */
  if (n_eligible == 0)
    row_set (row, CS_PREFLIGHT_ERROR,
             g_strdup (_("No node has a role that may run remote models (plugins.ml_commons."
                         "task_dispatcher.eligible_node_role.remote_model), so deploying "
                         "fails. Add that role to a node or the node's role to the "
                         "setting.")));
  else if (n_ml > 0)
    row_set (row, CS_PREFLIGHT_OK,
             g_strdup_printf (_("%u of %u nodes may run remote models, %u of them ML nodes."),
                              n_eligible, n_nodes, n_ml));
  else
    row_set (row, CS_PREFLIGHT_OK,
             g_strdup_printf (_("%u of %u nodes may run remote models; there is no ML node."),
                              n_eligible, n_nodes));
  if (only_ml && n_ml == 0)
    row_add (row, CS_PREFLIGHT_OK,
             _("only_run_on_ml_node is on but only applies to local models, not to "
               "connectors."));
}

/* ---- ML Commons' error texts ------------------------------------------------------------ */

static gboolean
error_has_text (const GError *error,
                JsonNode     *error_body,
                const char   *text)
{
  if (error != NULL && error->message != NULL && strstr (error->message, text) != NULL)
    return TRUE;
  if (error_body != NULL)
    {
      g_autofree char *body = json_to_string (error_body, FALSE);

      return strstr (body, text) != NULL;
    }
  return FALSE;
}

gboolean
cs_preflight_is_master_key_error (const GError *error,
                                  JsonNode     *error_body)
{
  return error_has_text (error, error_body, MASTER_KEY_TEXT);
}

gboolean
cs_preflight_is_breaker_error (const GError *error,
                               JsonNode     *error_body)
{
  return error_has_text (error, error_body, BREAKER_TEXT);
}

/* ---- connectors ------------------------------------------------------------------------- */

static const char *
object_string (JsonObject *obj,
               const char *key)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* ${parameters.x} → the connector's parameter x. */
static char *
fill_parameters (const char *text,
                 JsonObject *parameters)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *end;

      if (g_str_has_prefix (p, "${parameters.") && (end = strchr (p, '}')) != NULL)
        {
          g_autofree char *name = g_strndup (p + 13, end - p - 13);
          const char *value = object_string (parameters, name);

          if (value != NULL)
            g_string_append (out, value);
          else
            g_string_append_len (out, p, end - p + 1);
          p = end + 1;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static JsonObject *
first_action (JsonObject *connector)
{
  JsonArray *actions = cs_json_get_array (connector, "actions");

  if (actions == NULL || json_array_get_length (actions) == 0)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (actions, 0)))
    return NULL;
  return json_array_get_object_element (actions, 0);
}

/* The runtime URL the connector calls, parameters filled in; NULL when none. */
static char *
connector_url (JsonObject *connector)
{
  JsonObject *action = first_action (connector);
  JsonObject *parameters = cs_json_get_object (connector, "parameters");
  const char *url = action ? object_string (action, "url") : NULL;

  return url ? fill_parameters (url, parameters) : NULL;
}

static char *
connector_model (JsonObject *connector,
                 const char *url)
{
  JsonObject *parameters = cs_json_get_object (connector, "parameters");
  const char *model = object_string (parameters, "model");
  const char *p;

  if (model != NULL)
    return g_strdup (model);
  if (url != NULL && (p = strstr (url, "/model/")) != NULL)
    {
      const char *start = p + 7;
      const char *end = strchr (start, '/');
      g_autofree char *raw = end ? g_strndup (start, end - start) : g_strdup (start);

      return g_uri_unescape_string (raw, NULL);
    }
  return NULL;
}

static CsThinkingForm
body_thinking_form (JsonObject *connector)
{
  JsonObject *action = first_action (connector);
  JsonObject *parameters = cs_json_get_object (connector, "parameters");
  const char *body = action ? object_string (action, "request_body") : NULL;
  g_autofree char *filled = NULL;
  g_autofree char *compact = NULL;
  const char *thinking;
  GString *s;

  if (body == NULL)
    return CS_THINKING_FORM_NONE;
  filled = fill_parameters (body, parameters);
  s = g_string_new (NULL);
  for (const char *p = filled; *p; p++)
    if (!g_ascii_isspace (*p) && *p != '\\')
      g_string_append_c (s, *p);
  compact = g_string_free (s, FALSE);
  thinking = strstr (compact, "\"thinking\":{");
  if (thinking == NULL)
    return CS_THINKING_FORM_NONE;
  if (g_str_has_prefix (thinking + 12, "\"type\":\"enabled\""))
    return CS_THINKING_FORM_ENABLED;
  if (g_str_has_prefix (thinking + 12, "\"type\":\"adaptive\""))
    return CS_THINKING_FORM_ADAPTIVE;
  if (g_str_has_prefix (thinking + 12, "\"type\":\"disabled\""))
    return CS_THINKING_FORM_DISABLED;
  return CS_THINKING_FORM_NONE;
}

static void
check_model (CsPreflightRow *row,
             JsonObject     *connector,
             const char     *model,
             const char     *region,
             gboolean        url_uses_model_parameter)
{
  g_autoptr(CsModelRules) rules = cs_model_rules_lookup (model);
  g_autofree char *geography = NULL;
  g_autofree char *base = NULL;
  CsThinkingForm form;

  if (rules == NULL)
    {
      g_autofree char *s = g_strdup_printf (_("%s is not a Claude model this app knows; its "
                                              "rules were not checked."), model);
      row_add (row, CS_PREFLIGHT_WARNING, s);
      return;
    }
  if (cs_model_rules_is_derived (rules))
    {
      g_autofree char *s = g_strdup_printf (_("%s is not in the model table; its rules are "
                                              "assumed from its family."), model);
      row_add (row, CS_PREFLIGHT_WARNING, s);
    }

  switch (cs_model_rules_get_lifecycle (rules, NULL))
    {
    case CS_MODEL_LIFECYCLE_END_OF_LIFE:
      {
        g_autofree char *s = g_strdup_printf (_("%s reached its end of life on %s: Bedrock "
                                                "refuses every call. Create a connector for "
                                                "a current model."),
                                              cs_model_rules_get_name (rules),
                                              cs_model_rules_get_eol_date (rules));
        row_add (row, CS_PREFLIGHT_ERROR, s);
        return;
      }
    case CS_MODEL_LIFECYCLE_LEGACY:
      {
        const char *eol = cs_model_rules_get_eol_date (rules);
        g_autofree char *s = eol
          ? g_strdup_printf (_("%s is a legacy model; Bedrock ends it on %s. Plan a move to a "
                               "current model."), cs_model_rules_get_name (rules), eol)
          : g_strdup_printf (_("%s is a legacy model. Plan a move to a current model."),
                             cs_model_rules_get_name (rules));
        row_add (row, CS_PREFLIGHT_WARNING, s);
        break;
      }
    case CS_MODEL_LIFECYCLE_ACTIVE:
    default:
      break;
    }

  /* Bedrock takes Claude on demand only through an inference profile. */
  base = cs_model_rules_base_id (model, &geography);
  if (geography == NULL && region != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *profile = cs_model_rules_profile_id (rules, region, FALSE, &error);

      if (profile == NULL)
        row_add (row, CS_PREFLIGHT_ERROR, error->message);
      else
        {
          g_autofree char *s = g_strdup_printf (_("The connector calls %s by its model id, "
                                                  "which Bedrock refuses on demand; call the "
                                                  "inference profile %s instead."),
                                                model, profile);
          row_add (row, CS_PREFLIGHT_ERROR, s);
          if (url_uses_model_parameter)
            {
              row->fix = CS_PREFLIGHT_FIX_CONNECTOR_MODEL;
              row->fix_value = g_steal_pointer (&profile);
            }
        }
    }
  else if (geography != NULL && region != NULL && !g_str_equal (geography, "global"))
    {
      const char *expected = cs_model_rules_geography_for_region (rules, region);

      if (g_strcmp0 (expected, geography) != 0)
        {
          g_autofree char *s = expected
            ? g_strdup_printf (_("The profile %s is not offered in %s; use the %s profile."),
                               model, region, expected)
            : g_strdup_printf (_("%s has no inference profile that %s can call; choose "
                                 "another region or model."),
                               cs_model_rules_get_name (rules), region);

          row_add (row, CS_PREFLIGHT_ERROR, s);
        }
    }

  form = body_thinking_form (connector);
  if (form != CS_THINKING_FORM_NONE && !cs_model_rules_allows_thinking (rules, form))
    {
      const char *name = form == CS_THINKING_FORM_ENABLED ? "enabled"
                         : form == CS_THINKING_FORM_ADAPTIVE ? "adaptive" : "disabled";
      g_autofree char *s = g_strdup_printf (_("%s refuses the thinking type \"%s\" that the "
                                              "connector's request body sends. Edit the "
                                              "connector's body."),
                                            cs_model_rules_get_name (rules), name);
      row_add (row, CS_PREFLIGHT_ERROR, s);
    }
}

void
cs_preflight_check_connector (CsPreflightRow  *row,
                              const char      *connector_id,
                              JsonObject      *connector,
                              const CsVersion *version,
                              gboolean         aws_managed)
{
  JsonObject *parameters = cs_json_get_object (connector, "parameters");
  JsonObject *action = first_action (connector);
  const char *raw_url = action ? object_string (action, "url") : NULL;
  g_autofree char *url = connector_url (connector);
  g_autofree char *model = connector_model (connector, url);
  const char *region = object_string (parameters, "region");
  g_autoptr(GPtrArray) timeouts = NULL;

  row_reset (row);
  g_free (row->connector_id);
  row->connector_id = g_strdup (connector_id);
  row_set (row, CS_PREFLIGHT_OK, NULL);

  if (url == NULL || strstr (url, "bedrock-runtime") == NULL)
    {
      row_set (row, CS_PREFLIGHT_NOT_APPLICABLE,
               g_strdup (_("This connector does not call Amazon Bedrock.")));
      return;
    }
  if (model == NULL)
    row_add (row, CS_PREFLIGHT_WARNING, _("The connector's model id could not be found."));
  else
    check_model (row, connector, model, region,
                 raw_url != NULL && strstr (raw_url, "${parameters.model}") != NULL);

  timeouts = cs_timeout_check_connector (connector, version);
  for (guint i = 0; timeouts != NULL && i < timeouts->len; i++)
    {
      CsTimeoutProblem *p = g_ptr_array_index (timeouts, i);

      row_add (row, CS_PREFLIGHT_WARNING, p->message);
      if (row->fix == CS_PREFLIGHT_FIX_NONE
          || row->fix == CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG)
        {
          row->fix = CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG;
          if (p->suggested_read_timeout > row->read_timeout)
            row->read_timeout = p->suggested_read_timeout;
          if (p->suggested_max_retry_times >= 0)
            row->max_retry_times = p->suggested_max_retry_times;
        }
    }

  /* Credentials are never returned; self-managed clusters only ever stored keys. */
  if (!aws_managed)
    {
      const char *headers_kind = NULL;
      JsonObject *headers = action ? cs_json_get_object (action, "headers") : NULL;
      JsonNode *token = headers ? json_object_get_member (headers, "x-amz-security-token")
                                : NULL;

      if (token != NULL || object_string (parameters, "session_token") != NULL)
        headers_kind = "temporary";
      if (headers_kind != NULL)
        row_add (row, CS_PREFLIGHT_WARNING,
                 _("The connector signs with temporary keys (a session token): calls fail "
                   "once they expire. Rotate its keys before then."));
    }

  /* Before 2.11 there is no connector update: no fix can go through it. */
  if ((row->fix == CS_PREFLIGHT_FIX_CONNECTOR_MODEL
       || row->fix == CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG)
      && version != NULL && !cs_lifecycle_has_connector_update (version))
    {
      row->fix = CS_PREFLIGHT_FIX_NONE;
      g_clear_pointer (&row->fix_value, g_free);
      row->read_timeout = 0;
      row->max_retry_times = -1;
      row_add (row, row->state,
               _("This version cannot edit a connector (that needs OpenSearch 2.11): create "
                 "it again with the change, or upgrade the cluster."));
    }

  if (row->message == NULL)
    row_set (row, CS_PREFLIGHT_OK,
             model ? g_strdup_printf (_("%s in %s: model, profile, timeout and retries are as "
                                        "Bedrock and ML Commons want them."),
                                      model, region ? region : "?")
                   : NULL);
}

/* ---- the run ---------------------------------------------------------------------------- */

struct _CsPreflight
{
  GObject        parent_instance;
  CsSession     *session;
  GPtrArray     *rows;          /* CsPreflightRow* */
  guint          retry_delay_ms;
  guint          n_requests;
};

G_DEFINE_FINAL_TYPE (CsPreflight, cs_preflight, G_TYPE_OBJECT)

enum { ROW_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  CsClient      *client;
  CsVersion      version;
  gboolean       has_version;
  gboolean       aws_managed;
  CsTrustedList *trusted;
  JsonNode      *settings;
  guint          attempt;
  guint          waited_ms;
  gboolean       saw_breaker;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->client);
  g_clear_object (&data->trusted);
  g_clear_pointer (&data->settings, json_node_unref);
  g_free (data);
}

static void
cs_preflight_dispose (GObject *object)
{
  CsPreflight *self = CS_PREFLIGHT (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (cs_preflight_parent_class)->dispose (object);
}

static void
cs_preflight_finalize (GObject *object)
{
  CsPreflight *self = CS_PREFLIGHT (object);

  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cs_preflight_parent_class)->finalize (object);
}

static void
cs_preflight_class_init (CsPreflightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_preflight_dispose;
  object_class->finalize = cs_preflight_finalize;

  /* (guint index): the row at index changed (or was added). */
  signals[ROW_CHANGED] = g_signal_new ("row-changed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
cs_preflight_init (CsPreflight *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_preflight_row_free);
  self->retry_delay_ms = 2000;
}

CsPreflight *
cs_preflight_new (CsSession *session)
{
  CsPreflight *self;

  g_return_val_if_fail (CS_IS_SESSION (session), NULL);

  self = g_object_new (CS_TYPE_PREFLIGHT, NULL);
  self->session = g_object_ref (session);
  return self;
}

void
cs_preflight_set_retry_delay (CsPreflight *self,
                              guint        ms)
{
  g_return_if_fail (CS_IS_PREFLIGHT (self));
  self->retry_delay_ms = ms;
}

GPtrArray *
cs_preflight_get_rows (CsPreflight *self)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT (self), NULL);
  return self->rows;
}

static guint
row_index (CsPreflight *self,
           const char  *id)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_str_equal (((CsPreflightRow *) g_ptr_array_index (self->rows, i))->id, id))
      return i;
  return G_MAXUINT;
}

const CsPreflightRow *
cs_preflight_lookup (CsPreflight *self,
                     const char  *id)
{
  guint i;

  g_return_val_if_fail (CS_IS_PREFLIGHT (self), NULL);
  i = row_index (self, id);
  return i == G_MAXUINT ? NULL : g_ptr_array_index (self->rows, i);
}

guint
cs_preflight_get_n_requests (CsPreflight *self)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT (self), 0);
  return self->n_requests;
}

static CsPreflightRow *
row_get (CsPreflight *self,
         const char  *id,
         const char  *title)
{
  guint i = row_index (self, id);

  if (i == G_MAXUINT)
    {
      g_ptr_array_add (self->rows, cs_preflight_row_new (id, title));
      i = self->rows->len - 1;
    }
  return g_ptr_array_index (self->rows, i);
}

static void
row_changed (CsPreflight *self,
             const char  *id)
{
  g_signal_emit (self, signals[ROW_CHANGED], 0, row_index (self, id));
}

static void
set_running (CsPreflight *self,
             const char  *id)
{
  CsPreflightRow *row = row_get (self, id, NULL);

  row->state = CS_PREFLIGHT_RUNNING;
  row_changed (self, id);
}

static void search_connectors (GTask *task);

static void
finish_failed_rows (CsPreflight *self,
                    const char  *id,
                    const char  *sentence)
{
  CsPreflightRow *row = row_get (self, id, NULL);

  row_reset (row);
  row_set (row, CS_PREFLIGHT_WARNING, g_strdup (sentence));
  row_changed (self, id);
}

static gboolean
retry_search (gpointer user_data)
{
  search_connectors (G_TASK (user_data));
  g_object_unref (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_connectors (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsPreflight *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  CsPreflightRow *key_row;
  CsPreflightRow *row;
  guint status = 0;
  JsonArray *hits = NULL;

  answer = cs_client_request_finish_full (CS_CLIENT (source), result, &status, &error_body,
                                          &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL && cs_preflight_is_breaker_error (error, error_body))
    data->saw_breaker = TRUE;

  key_row = row_get (self, "master-key", NULL);
  if (error != NULL && cs_preflight_is_master_key_error (error, error_body))
    {
      if (data->attempt < MAX_RETRIES)
        {
          guint delay = self->retry_delay_ms << data->attempt;
          g_autofree char *s = NULL;

          data->attempt++;
          data->waited_ms += delay;
          row_reset (key_row);
          s = g_strdup_printf (_("ML Commons is still making its encryption master key (a new "
                                 "cluster does this at its first connector); waiting %.1f s "
                                 "before asking again (%u of %u)."),
                               delay / 1000.0, data->attempt, MAX_RETRIES);
          row_set (key_row, CS_PREFLIGHT_RUNNING, g_steal_pointer (&s));
          row_changed (self, "master-key");
          g_timeout_add (delay, retry_search, g_object_ref (task));
          return;
        }
      row_reset (key_row);
      row_set (key_row, CS_PREFLIGHT_WARNING,
               g_strdup (_("ML Commons' encryption master key is still not ready. Wait a "
                           "minute and run the checks again; creating a connector before "
                           "then fails.")));
      key_row->fix = CS_PREFLIGHT_FIX_RETRY;
      row_changed (self, "master-key");
    }
  else
    {
      row_reset (key_row);
      if (data->attempt > 0)
        row_set (key_row, CS_PREFLIGHT_OK,
                 g_strdup_printf (_("The encryption master key is ready; ML Commons was still "
                                    "making it, so the checks waited %.1f s."),
                                  data->waited_ms / 1000.0));
      else
        row_set (key_row, CS_PREFLIGHT_OK,
                 g_strdup (_("ML Commons answered without a master key error.")));
      row_changed (self, "master-key");
    }

  row = row_get (self, "memory-breaker", NULL);
  row_reset (row);
  if (data->saw_breaker)
    row_set (row, CS_PREFLIGHT_WARNING,
             g_strdup (_("ML Commons' memory circuit breaker is open: it refuses model tasks "
                         "until the nodes' JVM heap use falls. Free memory or raise "
                         "plugins.ml_commons.jvm_heap_memory_threshold.")));
  else
    row_set (row, CS_PREFLIGHT_NOT_APPLICABLE,
             g_strdup (_("ML Commons did not report its memory circuit breaker open; it "
                         "does not check it for predicts of remote models.")));
  row_changed (self, "memory-breaker");

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    hits = cs_json_get_search_hits (answer);
  else if (error != NULL && status == 404)
    hits = NULL;   /* no connector index yet: no connector */

  for (guint i = 0; hits != NULL && i < json_array_get_length (hits); i++)
    {
      JsonNode *hit_node = json_array_get_element (hits, i);
      JsonObject *hit = JSON_NODE_HOLDS_OBJECT (hit_node) ? json_node_get_object (hit_node)
                                                          : NULL;
      JsonObject *source_obj = hit ? cs_json_get_object (hit, "_source") : NULL;
      const char *id = hit ? object_string (hit, "_id") : NULL;
      const char *name;
      g_autofree char *row_id = NULL;
      g_autofree char *title = NULL;
      char *url;

      if (source_obj == NULL || id == NULL)
        continue;
      name = object_string (source_obj, "name");
      row_id = g_strconcat ("connector:", id, NULL);
      title = g_strdup_printf (_("Connector %s"), name ? name : id);
      row = row_get (self, row_id, title);
      cs_preflight_check_connector (row, id, source_obj,
                                    data->has_version ? &data->version : NULL,
                                    data->aws_managed);
      row_changed (self, row_id);
      url = connector_url (source_obj);
      if (url != NULL && strstr (url, "bedrock-runtime") != NULL)
        g_ptr_array_add (urls, url);
      else
        g_free (url);
    }

  g_ptr_array_add (urls, NULL);
  row = row_get (self, "trusted-list", NULL);
  cs_preflight_check_trusted (row, data->trusted, data->has_version ? &data->version : NULL,
                              (const char * const *) urls->pdata);
  row_changed (self, "trusted-list");

  if (error != NULL && !cs_preflight_is_master_key_error (error, error_body) && status != 404)
    {
      g_autofree char *s = g_strdup_printf (_("The connectors could not be listed: %s"),
                                            error->message);

      finish_failed_rows (self, "master-key", s);
    }
  g_task_return_boolean (task, TRUE);
}

static void
search_connectors (GTask *task)
{
  CsPreflight *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = json_from_string ("{\"size\":1000,\"query\":{\"match_all\":{}}}",
                                               NULL);

  self->n_requests++;
  cs_client_request_async (data->client, "POST", "_plugins/_ml/connectors/_search", body,
                           CS_REQUEST_FLAGS_NONE, g_task_get_cancellable (task),
                           on_connectors, g_object_ref (task));
}

static void
on_nodes (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsPreflight *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  CsPreflightRow *row;

  answer = cs_client_request_finish_full (CS_CLIENT (source), result, NULL, &error_body,
                                          &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL && cs_preflight_is_breaker_error (error, error_body))
    data->saw_breaker = TRUE;
  row = row_get (self, "ml-nodes", NULL);
  cs_preflight_check_ml_nodes (row, data->settings, answer,
                               data->has_version ? &data->version : NULL);
  row_changed (self, "ml-nodes");
  search_connectors (task);
}

static void
on_settings (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsPreflight *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->settings = cs_client_request_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The session's list is what the pages show; read it here only when it has none. */
  if (data->trusted == NULL && data->settings != NULL)
    data->trusted = cs_trusted_list_new_from_settings_for_version (
      data->settings, data->has_version ? &data->version : NULL, NULL);

  self->n_requests++;
  cs_client_request_async (data->client, "GET", "_nodes/plugins", NULL,
                           CS_REQUEST_FLAGS_NONE, g_task_get_cancellable (task),
                           on_nodes, g_object_ref (task));
}

static const struct { const char *id; const char *title; } row_titles[] = {
  { "version", N_("OpenSearch and ML Commons version") },
  { "hosting", N_("Amazon OpenSearch Service or self-managed") },
  { "trusted-list", N_("Trusted connector endpoints") },
  { "ml-nodes", N_("Nodes that run models") },
  { "master-key", N_("ML encryption master key") },
  { "memory-breaker", N_("Memory circuit breaker") },
};

void
cs_preflight_run_async (CsPreflight         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;
  CsClient *client;

  g_return_if_fail (CS_IS_PREFLIGHT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_preflight_run_async);

  client = cs_session_get_client (self->session);
  if (cs_session_get_state (self->session) != CS_SESSION_CONNECTED || client == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED, "%s",
                               _("Not connected to a cluster. Connect, then run the checks."));
      return;
    }

  data = g_new0 (RunData, 1);
  data->client = g_object_ref (client);
  data->has_version = cs_session_get_version (self->session, &data->version);
  data->aws_managed = cs_session_get_aws_managed (self->session);
  if (cs_session_get_trusted_list (self->session) != NULL)
    data->trusted = g_object_ref (cs_session_get_trusted_list (self->session));
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  self->n_requests = 0;

  /* Connector rows of an earlier run are dropped; the fixed rows start pending. */
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < G_N_ELEMENTS (row_titles); i++)
    {
      g_ptr_array_add (self->rows, cs_preflight_row_new (row_titles[i].id,
                                                         _(row_titles[i].title)));
      row_changed (self, row_titles[i].id);
    }

  cs_preflight_check_version (row_get (self, "version", NULL),
                              data->has_version ? &data->version : NULL);
  row_changed (self, "version");
  cs_preflight_check_hosting (row_get (self, "hosting", NULL), data->aws_managed);
  row_changed (self, "hosting");
  set_running (self, "ml-nodes");
  set_running (self, "master-key");

  self->n_requests++;
  cs_client_request_async (data->client, "GET",
                           "_cluster/settings?include_defaults=true&flat_settings=true", NULL,
                           CS_REQUEST_FLAGS_NONE, cancellable, on_settings,
                           g_steal_pointer (&task));
}

gboolean
cs_preflight_run_finish (CsPreflight   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_preflight_run_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
