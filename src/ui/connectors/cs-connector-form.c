/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-form"

#include "config.h"

#include "cs-connector-form.h"

#include <glib/gi18n.h>

#include "cs-bedrock-catalog.h"
#include "cs-payload.h"
#include "cs-profile-store.h"
#include "cs-trusted-endpoints.h"

struct _CsConnectorForm
{
  AdwBin               parent_instance;

  /* Template Widgets */
  AdwPreferencesGroup *kept_group;
  AdwActionRow        *kept_row;
  GtkButton           *use_template_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *description_row;
  GtkLabel            *connector_problems;
  AdwComboRow         *region_row;
  AdwEntryRow         *custom_region_row;
  AdwComboRow         *model_row;
  AdwEntryRow         *custom_model_row;
  AdwComboRow         *mode_row;
  AdwActionRow        *budget_row;
  GtkSpinButton       *budget_spin;
  AdwActionRow        *max_tokens_row;
  GtkSpinButton       *max_tokens_spin;
  AdwActionRow        *temperature_row;
  GtkSpinButton       *temperature_spin;
  AdwActionRow        *system_prompt_row;
  GtkSwitch           *system_prompt_switch;
  AdwActionRow        *read_timeout_row;
  GtkSpinButton       *read_timeout_spin;
  GtkButton           *suggest_timeout_button;
  GtkLabel            *model_problems;
  AdwPreferencesGroup *credential_group;
  AdwComboRow         *kind_row;
  AdwEntryRow         *access_key_row;
  AdwPasswordEntryRow *secret_key_row;
  AdwPasswordEntryRow *session_token_row;
  AdwEntryRow         *role_arn_row;
  GtkLabel            *credential_problems;
  AdwActionRow        *endpoint_row;
  GtkImage            *endpoint_icon;
  GtkButton           *fix_trusted_button;
  AdwActionRow        *trusted_row;

  /* Owned References */
  CsConnectorSpec     *spec;
  CsSession           *session;
  CsTrustedList       *trusted;
  GtkStringList       *regions;
  GtkStringList       *models;
  GPtrArray           *model_ids;

  gulong               spec_changed_id;
  gulong               session_state_id;
  gboolean             updating;
  gboolean             valid;
  gint64               suggested_timeout;
};

G_DEFINE_FINAL_TYPE (CsConnectorForm, cs_connector_form, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SPEC,
  PROP_SESSION,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void revalidate (CsConnectorForm *self);

/* ---- state from the session ---- */

static gboolean
session_connected (CsConnectorForm *self)
{
  return self->session != NULL &&
         cs_session_get_state (self->session) == CS_SESSION_CONNECTED;
}

static gboolean
session_version (CsConnectorForm *self,
                 CsVersion       *version)
{
  return session_connected (self) && cs_session_get_version (self->session, version);
}

/* The app's own sandbox cluster accepts made-up keys: say which. */
static gboolean
connected_to_sandbox (CsConnectorForm *self)
{
  CsProfile *profile;

  if (!session_connected (self))
    return FALSE;
  profile = cs_profile_store_lookup (cs_profile_store_get_default (),
                                     cs_session_get_profile_id (self->session));
  return profile != NULL && cs_profile_get_is_sandbox (profile);
}

/* ---- lists ---- */

static void
fill_regions (CsConnectorForm *self)
{
  guint n = 0;
  const CsBedrockRegion *regions = cs_bedrock_catalog_get_regions (&n);

  self->regions = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s — %s", _(regions[i].display_name),
                                                regions[i].code);

      gtk_string_list_append (self->regions, label);
    }
  gtk_string_list_append (self->regions, _("Other Region…"));
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (self->regions));
}

static guint
region_index (const char *code)
{
  guint n = 0;
  const CsBedrockRegion *regions = cs_bedrock_catalog_get_regions (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (regions[i].code, code) == 0)
      return i;
  return n; /* "Other" */
}

static void
add_model_choice (CsConnectorForm *self,
                  GStrvBuilder    *labels,
                  char            *id,
                  const char      *label)
{
  g_ptr_array_add (self->model_ids, id);
  g_strv_builder_add (labels, label);
}

/* The catalog's models with the profile prefixes that fit the region (all
 * geographies when the region is not one the catalog knows). */
static void
rebuild_models (CsConnectorForm *self)
{
  const char *region = cs_connector_spec_get_region (self->spec);
  const char *geography = cs_bedrock_region_get_geography (region);
  static const char *all_geographies[] = { "us", "eu", "apac" };
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;
  const CsBedrockModel *models;
  guint n = 0;

  models = cs_bedrock_catalog_get_models (&n);
  g_ptr_array_set_size (self->model_ids, 0);
  for (guint i = 0; i < n; i++)
    {
      if (geography != NULL)
        add_model_choice (self, labels, cs_bedrock_catalog_profile_id (&models[i], region, FALSE),
                          models[i].display_name);
      else
        for (guint g = 0; g < G_N_ELEMENTS (all_geographies); g++)
          {
            g_autofree char *label = g_strdup_printf ("%s (%s.)", models[i].display_name,
                                                      all_geographies[g]);

            add_model_choice (self, labels,
                              g_strconcat (all_geographies[g], ".", models[i].model_id, NULL),
                              label);
          }
      if (models[i].has_global)
        {
          /* Translators: a model reached through the global inference profile */
          g_autofree char *label = g_strdup_printf (_("%s (Global)"), models[i].display_name);

          add_model_choice (self, labels, cs_bedrock_catalog_profile_id (&models[i], region, TRUE),
                            label);
        }
    }
  g_strv_builder_add (labels, _("Other Model…"));
  strings = g_strv_builder_end (labels);

  self->updating = TRUE;
  gtk_string_list_splice (self->models, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                          (const char * const *) strings);
  self->updating = FALSE;
}

static void
select_model (CsConnectorForm *self)
{
  const char *model = cs_connector_spec_get_model (self->spec);
  guint index = self->model_ids->len;

  for (guint i = 0; i < self->model_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->model_ids, i), model) == 0)
      index = i;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->model_row, index);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_model_row), index == self->model_ids->len);
  if (index == self->model_ids->len &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row)), model) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->custom_model_row), model);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row), model[0] != '\0' ? model : "");
  self->updating = FALSE;
}

/* ---- spec → widgets ---- */

static void
set_entry (GtkEditable *editable,
           const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

static void
sync_visibility (CsConnectorForm *self)
{
  gboolean thinking = cs_connector_spec_get_mode (self->spec) == CS_CONNECTOR_MODE_THINKING;
  gboolean keys = cs_connector_spec_get_credential_kind (self->spec) == CS_CREDENTIAL_KIND_KEYS;
  const char * const *kept = cs_connector_spec_get_kept (self->spec);

  gtk_widget_set_visible (GTK_WIDGET (self->budget_row), thinking);
  gtk_widget_set_visible (GTK_WIDGET (self->access_key_row), keys);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_key_row), keys);
  gtk_widget_set_visible (GTK_WIDGET (self->session_token_row), keys);
  gtk_widget_set_visible (GTK_WIDGET (self->role_arn_row), !keys);

  gtk_widget_set_visible (GTK_WIDGET (self->kept_group), kept[0] != NULL);
  if (kept[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) kept);

      adw_action_row_set_subtitle (self->kept_row, list);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->use_template_button),
                          cs_connector_spec_get_actions_kept (self->spec));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row),
                               cs_connector_spec_get_actions_kept (self->spec) ?
                               _("The imported actions decide what Bedrock receives; the mode "
                                 "only adds budget_tokens") :
                               _("Extended thinking lets Claude reason before it answers"));

  adw_preferences_group_set_description (self->credential_group,
                                         connected_to_sandbox (self) ?
                                         _("The local sandbox never calls AWS: any access key of "
                                           "16 or more capital letters and digits and any "
                                           "40-character secret key will do, for example "
                                           "SANDBOXTESTACCESS01 and "
                                           "sandbox0secret0key0for0local0tests000000.") :
                                         _("What the cluster signs its Bedrock calls with. "
                                           "Secrets are stored in your keyring and never shown "
                                           "in previews."));

  if (session_connected (self) && !cs_session_get_aws_managed (self->session))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                                 _("This cluster is not Amazon OpenSearch Service: use an access "
                                   "key. An IAM role only works on the managed service."));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                                 _("An IAM role works on Amazon OpenSearch Service only"));
}

static void
sync_from_spec (CsConnectorForm *self)
{
  CsConnectorSpec *spec = self->spec;
  const char *region = cs_connector_spec_get_region (spec);
  guint region_i = region_index (region);
  guint n_regions = 0;

  cs_bedrock_catalog_get_regions (&n_regions);

  self->updating = TRUE;
  set_entry (GTK_EDITABLE (self->name_row), cs_connector_spec_get_name (spec));
  set_entry (GTK_EDITABLE (self->description_row), cs_connector_spec_get_description (spec));
  adw_combo_row_set_selected (self->region_row, region_i);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_region_row), region_i == n_regions);
  if (region_i == n_regions)
    set_entry (GTK_EDITABLE (self->custom_region_row), region);
  adw_combo_row_set_selected (self->mode_row, cs_connector_spec_get_mode (spec));
  gtk_spin_button_set_value (self->budget_spin, cs_connector_spec_get_budget_tokens (spec));
  gtk_spin_button_set_value (self->max_tokens_spin, cs_connector_spec_get_max_tokens (spec));
  gtk_spin_button_set_value (self->temperature_spin, cs_connector_spec_get_temperature (spec));
  gtk_switch_set_active (self->system_prompt_switch, cs_connector_spec_get_use_system_prompt (spec));
  gtk_spin_button_set_value (self->read_timeout_spin, cs_connector_spec_get_read_timeout (spec));
  adw_combo_row_set_selected (self->kind_row, cs_connector_spec_get_credential_kind (spec));
  set_entry (GTK_EDITABLE (self->access_key_row), cs_connector_spec_get_access_key (spec));
  set_entry (GTK_EDITABLE (self->secret_key_row), cs_connector_spec_get_secret_key (spec));
  set_entry (GTK_EDITABLE (self->session_token_row), cs_connector_spec_get_session_token (spec));
  set_entry (GTK_EDITABLE (self->role_arn_row), cs_connector_spec_get_role_arn (spec));
  self->updating = FALSE;

  rebuild_models (self);
  select_model (self);
  sync_visibility (self);
}

/* ---- validation ---- */

typedef struct
{
  const char *field;
  gsize       row_offset;
  int         group;       /* 0 connector, 1 model, 2 credentials */
} FieldRow;

#define ROW(member) G_STRUCT_OFFSET (CsConnectorForm, member)

static const FieldRow field_rows[] = {
  { "name",            ROW (name_row),            0 },
  { "description",     ROW (description_row),     0 },
  { "protocol",        0,                         0 },
  { "region",          ROW (region_row),          1 },
  { "region",          ROW (custom_region_row),   1 },
  { "model",           ROW (model_row),           1 },
  { "model",           ROW (custom_model_row),    1 },
  { "budget-tokens",   ROW (budget_row),          1 },
  { "max-tokens",      ROW (max_tokens_row),      1 },
  { "temperature",     ROW (temperature_row),     1 },
  { "read-timeout",    ROW (read_timeout_row),    1 },
  { "credential-kind", ROW (kind_row),            2 },
  { "access-key",      ROW (access_key_row),      2 },
  { "secret-key",      ROW (secret_key_row),      2 },
  { "session-token",   ROW (session_token_row),   2 },
  { "role-arn",        ROW (role_arn_row),        2 },
};

static GtkWidget *
field_row_widget (CsConnectorForm *self,
                  const FieldRow  *row)
{
  if (row->row_offset == 0)
    return NULL;
  return *(GtkWidget **) G_STRUCT_MEMBER_P (self, row->row_offset);
}

static void
set_problems_label (GtkLabel *label,
                    GString  *text)
{
  gtk_label_set_text (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
}

static void
update_endpoint (CsConnectorForm *self,
                 const CsVersion *version)
{
  g_autoptr(JsonNode) body = cs_connector_spec_build_body (self->spec, TRUE);
  g_autoptr(CsPayloadPreview) preview = NULL;
  const char *url;
  int match = -1;

  preview = cs_payload_preview_new (json_node_get_object (body), NULL, version);
  url = preview->url;
  adw_action_row_set_subtitle (self->endpoint_row, url != NULL ? url : _("No predict action"));

  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->fix_trusted_button), FALSE);

  if (self->trusted == NULL || url == NULL)
    {
      gtk_image_set_from_icon_name (self->endpoint_icon, "dialog-question-symbolic");
      adw_action_row_set_subtitle (self->trusted_row,
                                   session_connected (self) ?
                                   _("Reading the cluster’s trusted endpoints…") :
                                   _("Connect to a cluster to check this URL against its trusted "
                                     "endpoints."));
      return;
    }

  match = cs_trusted_list_match (self->trusted, url);
  if (match >= 0)
    {
      g_autofree char *text =
        g_strdup_printf (_("The cluster trusts this URL: it matches “%s”."),
                         cs_trusted_list_get_pattern (self->trusted, match));

      gtk_image_set_from_icon_name (self->endpoint_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_icon), "success");
      adw_action_row_set_subtitle (self->trusted_row, text);
    }
  else
    {
      gtk_image_set_from_icon_name (self->endpoint_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->fix_trusted_button), TRUE);
      adw_action_row_set_subtitle (self->trusted_row,
                                   _("No trusted endpoint of the cluster matches this URL, so it "
                                     "would refuse the connector. Add the Bedrock pattern in "
                                     "Cluster Settings, or check the region."));
    }
}

static void
revalidate (CsConnectorForm *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  GString *texts[3] = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  CsVersion version;
  gboolean have_version = session_version (self, &version);
  /* Unknown cluster: do not claim it is open source. */
  gboolean aws_managed = !session_connected (self) || cs_session_get_aws_managed (self->session);
  gboolean valid;
  gint64 suggested;

  valid = cs_connector_spec_validate (self->spec, have_version ? &version : NULL, aws_managed,
                                      &problems);

  for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
    {
      GtkWidget *row = field_row_widget (self, &field_rows[i]);

      if (row != NULL)
        gtk_widget_remove_css_class (row, "error");
    }

  for (guint p = 0; p < problems->len; p++)
    {
      CsSpecProblem *problem = g_ptr_array_index (problems, p);
      int group = 0;

      for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
        if (g_strcmp0 (field_rows[i].field, problem->field) == 0)
          {
            GtkWidget *row = field_row_widget (self, &field_rows[i]);

            if (row != NULL)
              gtk_widget_add_css_class (row, "error");
            group = field_rows[i].group;
          }
      if (texts[group]->len > 0)
        g_string_append_c (texts[group], '\n');
      g_string_append (texts[group], problem->message);
    }
  set_problems_label (self->connector_problems, texts[0]);
  set_problems_label (self->model_problems, texts[1]);
  set_problems_label (self->credential_problems, texts[2]);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_string_free (texts[i], TRUE);

  suggested = cs_connector_spec_suggest_read_timeout (self->spec, have_version ? &version : NULL);
  self->suggested_timeout = suggested;
  gtk_widget_set_visible (GTK_WIDGET (self->suggest_timeout_button), suggested > 0);
  if (suggested > 0)
    {
      /* Translators: a button; %d is a number of seconds */
      g_autofree char *label = g_strdup_printf (_("Use %d s"), (int) suggested);

      gtk_button_set_label (self->suggest_timeout_button, label);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->suggest_timeout_button),
                                   _("Extended thinking can take longer than the 30 seconds the "
                                     "cluster waits by default"));
    }

  update_endpoint (self, have_version ? &version : NULL);
  if (self->trusted != NULL && gtk_widget_get_visible (GTK_WIDGET (self->fix_trusted_button)))
    valid = FALSE;

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
spec_changed_cb (CsConnectorForm *self)
{
  sync_visibility (self);
  revalidate (self);
}

/* ---- widgets → spec ---- */

static void
name_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_name (self->spec, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
}

static void
description_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_description (self->spec,
                                       gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
}

static void
apply_region (CsConnectorForm *self,
              const char      *region)
{
  const char *model = cs_connector_spec_get_model (self->spec);
  g_autofree char *prefix = NULL;
  const CsBedrockModel *known = cs_bedrock_catalog_parse_profile_id (model, &prefix);
  const char *geography = cs_bedrock_region_get_geography (region);

  cs_connector_spec_set_region (self->spec, region);

  /* Moving to another geography takes the model along: us. → eu. */
  if (known != NULL && prefix != NULL && geography != NULL &&
      g_strcmp0 (prefix, "global") != 0 && g_strcmp0 (prefix, geography) != 0)
    {
      g_autofree char *id = cs_bedrock_catalog_profile_id (known, region, FALSE);

      cs_connector_spec_set_model (self->spec, id);
    }
  rebuild_models (self);
  select_model (self);
}

static void
region_selected_cb (CsConnectorForm *self)
{
  guint n = 0;
  const CsBedrockRegion *regions = cs_bedrock_catalog_get_regions (&n);
  guint selected = adw_combo_row_get_selected (self->region_row);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_region_row), selected >= n);
  if (selected < n)
    apply_region (self, regions[selected].code);
  else
    {
      apply_region (self, gtk_editable_get_text (GTK_EDITABLE (self->custom_region_row)));
      gtk_widget_grab_focus (GTK_WIDGET (self->custom_region_row));
    }
}

static void
custom_region_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    apply_region (self, gtk_editable_get_text (GTK_EDITABLE (self->custom_region_row)));
}

static void
model_selected_cb (CsConnectorForm *self)
{
  guint selected = adw_combo_row_get_selected (self->model_row);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected < self->model_ids->len)
    cs_connector_spec_set_model (self->spec, g_ptr_array_index (self->model_ids, selected));
  else
    {
      if (gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row))[0] == '\0')
        {
          self->updating = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->custom_model_row),
                                 cs_connector_spec_get_model (self->spec));
          self->updating = FALSE;
        }
      cs_connector_spec_set_model (self->spec,
                                   gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->custom_model_row), selected >= self->model_ids->len);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row),
                               cs_connector_spec_get_model (self->spec));
}

static void
custom_model_changed_cb (CsConnectorForm *self)
{
  if (self->updating)
    return;
  cs_connector_spec_set_model (self->spec,
                               gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row),
                               cs_connector_spec_get_model (self->spec));
}

static void
mode_selected_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_mode (self->spec, adw_combo_row_get_selected (self->mode_row) == 1 ?
                                            CS_CONNECTOR_MODE_THINKING :
                                            CS_CONNECTOR_MODE_STANDARD);
}

static void
budget_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_budget_tokens (self->spec,
                                         gtk_spin_button_get_value_as_int (self->budget_spin));
}

static void
max_tokens_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_max_tokens (self->spec,
                                      gtk_spin_button_get_value_as_int (self->max_tokens_spin));
}

static void
temperature_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_temperature (self->spec,
                                       gtk_spin_button_get_value (self->temperature_spin));
}

static void
system_prompt_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_use_system_prompt (self->spec,
                                             gtk_switch_get_active (self->system_prompt_switch));
}

static void
read_timeout_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_read_timeout (self->spec,
                                        gtk_spin_button_get_value_as_int (self->read_timeout_spin));
}

static void
suggest_timeout_clicked_cb (CsConnectorForm *self)
{
  if (self->suggested_timeout > 0)
    gtk_spin_button_set_value (self->read_timeout_spin, self->suggested_timeout);
}

static void
kind_selected_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_credential_kind (self->spec,
                                           adw_combo_row_get_selected (self->kind_row) == 1 ?
                                           CS_CREDENTIAL_KIND_ROLE_ARN :
                                           CS_CREDENTIAL_KIND_KEYS);
}

static void
access_key_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_access_key (self->spec,
                                      gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)));
}

static void
secret_key_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_secret_key (self->spec,
                                      gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)));
}

static void
session_token_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_session_token (self->spec,
                                         gtk_editable_get_text (GTK_EDITABLE (self->session_token_row)));
}

static void
role_arn_changed_cb (CsConnectorForm *self)
{
  if (!self->updating)
    cs_connector_spec_set_role_arn (self->spec,
                                    gtk_editable_get_text (GTK_EDITABLE (self->role_arn_row)));
}

static void
use_template_clicked_cb (CsConnectorForm *self)
{
  cs_connector_spec_use_template_actions (self->spec);
}

/* ---- trusted endpoints: the session's list, read once when it connected and
 * replaced by Cluster Settings after a change ---- */

static void
sync_trusted (CsConnectorForm *self)
{
  const GError *error = NULL;

  g_clear_object (&self->trusted);
  if (session_connected (self) && cs_session_get_trusted_list (self->session) != NULL)
    self->trusted = g_object_ref (cs_session_get_trusted_list (self->session));
  else if (session_connected (self))
    error = cs_session_get_trusted_list_error (self->session);
  revalidate (self);
  if (error != NULL)
    adw_action_row_set_subtitle (self->trusted_row, error->message);
}

static void
session_state_cb (CsConnectorForm *self)
{
  sync_visibility (self);
  sync_trusted (self);
}

/* ---- GObject ---- */

static void
cs_connector_form_dispose (GObject *object)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  if (self->spec != NULL)
    g_clear_signal_handler (&self->spec_changed_id, self->spec);
  if (self->session != NULL)
    g_clear_signal_handler (&self->session_state_id, self->session);
  g_clear_object (&self->spec);
  g_clear_object (&self->session);
  g_clear_object (&self->trusted);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTOR_FORM);

  G_OBJECT_CLASS (cs_connector_form_parent_class)->dispose (object);
}

static void
cs_connector_form_finalize (GObject *object)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  g_clear_object (&self->regions);
  g_clear_object (&self->models);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_connector_form_parent_class)->finalize (object);
}

static void
cs_connector_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  switch (prop_id)
    {
    case PROP_SPEC: g_value_set_object (value, self->spec); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_VALID: g_value_set_boolean (value, self->valid); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  switch (prop_id)
    {
    case PROP_SPEC: cs_connector_form_set_spec (self, g_value_get_object (value)); break;
    case PROP_SESSION: cs_connector_form_set_session (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_form_class_init (CsConnectorFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connector_form_dispose;
  object_class->finalize = cs_connector_form_finalize;
  object_class->get_property = cs_connector_form_get_property;
  object_class->set_property = cs_connector_form_set_property;

  properties[PROP_SPEC] = g_param_spec_object ("spec", NULL, NULL, CS_TYPE_CONNECTOR_SPEC,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connector-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, kept_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, kept_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, use_template_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, description_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, connector_problems);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, region_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, custom_region_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, model_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, custom_model_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, mode_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, budget_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, max_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, system_prompt_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, system_prompt_switch);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, read_timeout_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, read_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, suggest_timeout_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, model_problems);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, credential_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, session_token_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, role_arn_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, credential_problems);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, endpoint_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, fix_trusted_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, trusted_row);
  gtk_widget_class_bind_template_callback (widget_class, use_template_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_region_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_model_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, budget_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, max_tokens_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, temperature_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, system_prompt_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, read_timeout_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggest_timeout_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, access_key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, session_token_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, role_arn_changed_cb);
}

static void
cs_connector_form_init (CsConnectorForm *self)
{
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  self->model_ids = g_ptr_array_new_with_free_func (g_free);
  self->models = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->models));
  self->updating = TRUE;
  fill_regions (self);
  self->updating = FALSE;

  cs_connector_form_set_spec (self, NULL);
}

GtkWidget *
cs_connector_form_new (void)
{
  return g_object_new (CS_TYPE_CONNECTOR_FORM, NULL);
}

CsConnectorSpec *
cs_connector_form_get_spec (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);
  return self->spec;
}

void
cs_connector_form_set_spec (CsConnectorForm *self,
                            CsConnectorSpec *spec)
{
  g_autoptr(CsConnectorSpec) fresh = NULL;

  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));
  g_return_if_fail (spec == NULL || CS_IS_CONNECTOR_SPEC (spec));

  if (spec == NULL)
    {
      /* A new connector starts as the blueprint, in the blueprint's region. */
      fresh = cs_connector_spec_new ();
      cs_connector_spec_set_region (fresh, "us-east-1");
      spec = fresh;
    }
  if (spec == self->spec)
    return;

  if (self->spec != NULL)
    g_clear_signal_handler (&self->spec_changed_id, self->spec);
  g_set_object (&self->spec, spec);
  self->spec_changed_id = g_signal_connect_object (spec, "changed", G_CALLBACK (spec_changed_cb),
                                                   self, G_CONNECT_SWAPPED);
  sync_from_spec (self);
  revalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

CsSession *
cs_connector_form_get_session (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);
  return self->session;
}

void
cs_connector_form_set_session (CsConnectorForm *self,
                               CsSession       *session)
{
  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));

  if (session == self->session)
    return;
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->session_state_id, self->session);
      g_signal_handlers_disconnect_by_func (self->session, sync_trusted, self);
    }
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      self->session_state_id = g_signal_connect_object (session, "notify::state",
                                                        G_CALLBACK (session_state_cb), self,
                                                        G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::trusted-list", G_CALLBACK (sync_trusted), self,
                               G_CONNECT_SWAPPED);
    }
  session_state_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
cs_connector_form_get_valid (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), FALSE);
  return self->valid;
}
