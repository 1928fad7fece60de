/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-form"

/*
 * The region and model choices of CsConnectorForm; the models are those of
 * the rule table (cs-model-rules.h). Each is a combo plus an
 * "Other…" entry, and a new region moves the model along (us. → eu.), so
 * unlike the other fields they are not bound to the spec: their handlers
 * write the spec, and they are blocked while the form shows the spec's
 * region and model.
 */

#include "config.h"

#include "cs-connector-form-private.h"

#include <glib/gi18n.h>

#include "cs-bedrock-catalog.h"
#include "cs-model-rules.h"

static void
block_choices (CsConnectorForm *self,
               gboolean         block)
{
  GObject *widgets[] = {
    G_OBJECT (self->region_row), G_OBJECT (self->custom_region_row),
    G_OBJECT (self->model_row), G_OBJECT (self->custom_model_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      if (block)
        g_signal_handler_block (widgets[i], self->choice_handlers[i]);
      else
        g_signal_handler_unblock (widgets[i], self->choice_handlers[i]);
    }
}

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

/* Takes id and label. */
static void
add_model_choice (CsConnectorForm *self,
                  GStrvBuilder    *labels,
                  char            *id,
                  char            *label)
{
  g_ptr_array_add (self->model_ids, id);
  g_strv_builder_add (labels, label);
  g_free (label);
}

static gint
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  const CsModelRules *ra = *(const CsModelRules * const *) a;
  const CsModelRules *rb = *(const CsModelRules * const *) b;
  guint va = cs_model_rules_get_version_major (ra) * 100 + cs_model_rules_get_version_minor (ra);
  guint vb = cs_model_rules_get_version_major (rb) * 100 + cs_model_rules_get_version_minor (rb);

  return va < vb ? -1 : va > vb ? 1 : 0;
}

static gpointer
ref_rules (gconstpointer rules,
           gpointer      user_data)
{
  return cs_model_rules_ref ((CsModelRules *) rules);
}

/* The name, and where the profile goes. A legacy or retired model says so
 * in the row below the combo (with its dates), not in the combo, whose
 * label has little room next to the model id. */
static char *
model_label (const CsModelRules *rules,
             const char         *where)
{
  return g_strconcat (cs_model_rules_get_name (rules), where, NULL);
}

/* Every model of the rule table, oldest version first (the blueprint's
 * Sonnet 4 first), with the profile of the region and the global one. A
 * model with no profile for the region is left out; typed under "Other"
 * the form says why. When the region is not one the form knows, every
 * geography of each model is listed. */
static void
rebuild_models (CsConnectorForm *self)
{
  const char *region = cs_connector_spec_get_region (self->spec);
  gboolean known_region = cs_bedrock_region_get_geography (region) != NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GPtrArray) table = cs_model_rules_list ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (table, ref_rules, NULL);
  g_auto(GStrv) strings = NULL;

  g_ptr_array_sort (sorted, compare_versions); /* stable: the table's order within a version */
  g_ptr_array_set_size (self->model_ids, 0);
  for (guint i = 0; i < sorted->len; i++)
    {
      const CsModelRules *rules = g_ptr_array_index (sorted, i);
      const char * const *geographies = cs_model_rules_get_geographies (rules);
      const char *id = cs_model_rules_get_id (rules);

      if (known_region)
        {
          const char *geography = cs_model_rules_geography_for_region (rules, region);

          if (geography != NULL)
            add_model_choice (self, labels, g_strconcat (geography, ".", id, NULL),
                              (model_label (rules, "")));
        }
      else
        for (guint g = 0; geographies[g] != NULL; g++)
          {
            g_autofree char *where = NULL;

            if (g_str_equal (geographies[g], "global"))
              continue;
            where = g_strdup_printf (" (%s.)", geographies[g]);
            add_model_choice (self, labels, g_strconcat (geographies[g], ".", id, NULL),
                              (model_label (rules, where)));
          }
      if (g_strv_contains (geographies, "global"))
        {
          /* Translators: a model reached through the global inference profile */
          g_autofree char *where = g_strdup_printf (" (%s)", _("Global"));

          add_model_choice (self, labels, g_strconcat ("global.", id, NULL),
                            (model_label (rules, where)));
        }
    }
  g_strv_builder_add (labels, _("Other Model…"));
  strings = g_strv_builder_end (labels);

  block_choices (self, TRUE);
  gtk_string_list_splice (self->models, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                          (const char * const *) strings);
  block_choices (self, FALSE);
}

static void
set_entry (GtkEditable *editable,
           const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

/* Whether the row shows "Other…" with value typed in its entry: then it
 * stays so, even when value is one of the choices (the user is typing). */
static gboolean
typed_under_other (AdwEntryRow *custom_row,
                   const char  *value)
{
  return gtk_widget_get_visible (GTK_WIDGET (custom_row)) &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (custom_row)), value) == 0;
}

void
_cs_connector_form_select_model (CsConnectorForm *self)
{
  const char *model = cs_connector_spec_get_model (self->spec);
  guint index = self->model_ids->len;

  for (guint i = 0; i < self->model_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->model_ids, i), model) == 0)
      index = i;
  if (typed_under_other (self->custom_model_row, model))
    index = self->model_ids->len;

  block_choices (self, TRUE);
  adw_combo_row_set_selected (self->model_row, index);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_model_row), index == self->model_ids->len);
  if (index == self->model_ids->len)
    set_entry (GTK_EDITABLE (self->custom_model_row), model);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row), model[0] != '\0' ? model : "");
  block_choices (self, FALSE);
}

static void
show_region (CsConnectorForm *self)
{
  const char *region = cs_connector_spec_get_region (self->spec);
  guint n_regions = 0;
  guint index = region_index (region);

  cs_bedrock_catalog_get_regions (&n_regions);
  if (typed_under_other (self->custom_region_row, region))
    index = n_regions;

  block_choices (self, TRUE);
  adw_combo_row_set_selected (self->region_row, index);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_region_row), index == n_regions);
  if (index == n_regions)
    set_entry (GTK_EDITABLE (self->custom_region_row), region);
  block_choices (self, FALSE);
}

void
_cs_connector_form_show_choices (CsConnectorForm *self)
{
  show_region (self);
  rebuild_models (self);
  _cs_connector_form_select_model (self);
}

static void
apply_region (CsConnectorForm *self,
              const char      *region)
{
  const char *model = cs_connector_spec_get_model (self->spec);
  g_autoptr(CsModelRules) rules = cs_model_rules_lookup (model);
  g_autofree char *prefix = NULL;
  g_autofree char *base = NULL;
  const char *geography;

  cs_connector_spec_set_region (self->spec, region);
  if (rules == NULL || cs_model_rules_is_derived (rules))
    return;

  /* Moving to another geography takes the model along: us. → eu. When the
   * model has no profile there, it stays, and the form says so. */
  base = cs_model_rules_base_id (model, &prefix);
  geography = cs_model_rules_geography_for_region (rules, region);
  if (prefix != NULL && geography != NULL && !g_str_has_prefix (base, "arn:") &&
      g_strcmp0 (prefix, "global") != 0 && g_strcmp0 (prefix, geography) != 0)
    {
      g_autofree char *id = g_strconcat (geography, ".", base, NULL);

      cs_connector_spec_set_model (self->spec, id);
    }
}

static void
region_selected_cb (CsConnectorForm *self)
{
  guint n = 0;
  const CsBedrockRegion *regions = cs_bedrock_catalog_get_regions (&n);
  guint selected = adw_combo_row_get_selected (self->region_row);

  if (self->spec == NULL || selected == GTK_INVALID_LIST_POSITION)
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
  if (self->spec != NULL)
    apply_region (self, gtk_editable_get_text (GTK_EDITABLE (self->custom_region_row)));
}

static void
model_selected_cb (CsConnectorForm *self)
{
  guint selected = adw_combo_row_get_selected (self->model_row);

  if (self->spec == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected < self->model_ids->len)
    cs_connector_spec_set_model (self->spec, g_ptr_array_index (self->model_ids, selected));
  else
    {
      if (gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row))[0] == '\0')
        {
          block_choices (self, TRUE);
          gtk_editable_set_text (GTK_EDITABLE (self->custom_model_row),
                                 cs_connector_spec_get_model (self->spec));
          block_choices (self, FALSE);
        }
      cs_connector_spec_set_model (self->spec,
                                   gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->custom_model_row), selected >= self->model_ids->len);
  _cs_connector_form_fit_thinking (self);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row),
                               cs_connector_spec_get_model (self->spec));
}

static void
custom_model_changed_cb (CsConnectorForm *self)
{
  if (self->spec == NULL)
    return;
  cs_connector_spec_set_model (self->spec,
                               gtk_editable_get_text (GTK_EDITABLE (self->custom_model_row)));
  _cs_connector_form_fit_thinking (self);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row),
                               cs_connector_spec_get_model (self->spec));
}

void
_cs_connector_form_init_choices (CsConnectorForm *self)
{
  self->model_ids = g_ptr_array_new_with_free_func (g_free);
  self->models = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->models));
  fill_regions (self);

  self->choice_handlers[0] = g_signal_connect_swapped (self->region_row, "notify::selected",
                                                       G_CALLBACK (region_selected_cb), self);
  self->choice_handlers[1] = g_signal_connect_swapped (self->custom_region_row, "changed",
                                                       G_CALLBACK (custom_region_changed_cb),
                                                       self);
  self->choice_handlers[2] = g_signal_connect_swapped (self->model_row, "notify::selected",
                                                       G_CALLBACK (model_selected_cb), self);
  self->choice_handlers[3] = g_signal_connect_swapped (self->custom_model_row, "changed",
                                                       G_CALLBACK (custom_model_changed_cb), self);
}
