/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-form"

/*
 * The thinking and effort choices of CsConnectorForm, and the row that says
 * what the form knows about the chosen model (legacy, end of life, rules
 * assumed for an id the table does not know). Both combos list only what
 * the model's rules (cs-model-rules.h) accept, so the lists change with the
 * model and the combos are not plain bindings: their handlers write the
 * spec and are blocked while the form shows the spec.
 */

#include "config.h"

#include "cs-connector-form-private.h"

#include <glib/gi18n.h>

#include "cs-model-rules.h"

static const struct
{
  const char *name;
  CsEffort    flag;
  const char *label;
} efforts[] = {
  { "low", CS_EFFORT_LOW, N_("Low") },
  { "medium", CS_EFFORT_MEDIUM, N_("Medium") },
  { "high", CS_EFFORT_HIGH, N_("High") },
  { "xhigh", CS_EFFORT_XHIGH, N_("Extra High") },
  { "max", CS_EFFORT_MAX, N_("Max") },
};

static const char *
thinking_label (CsConnectorThinking thinking)
{
  switch (thinking)
    {
    case CS_CONNECTOR_THINKING_BUDGET:
      /* Translators: thinking with budget_tokens */
      return _("Budget");
    case CS_CONNECTOR_THINKING_ADAPTIVE:
      /* Translators: adaptive thinking, with an effort level */
      return _("Adaptive");
    case CS_CONNECTOR_THINKING_OFF:
    default:
      return _("Off");
    }
}

static CsModelRules *
spec_rules (CsConnectorForm *self)
{
  return cs_model_rules_lookup (cs_connector_spec_get_model (self->spec));
}

static gboolean
rules_allow (const CsModelRules  *rules,
             CsConnectorThinking  thinking)
{
  if (rules == NULL)
    return TRUE; /* not a Claude id the app knows: Bedrock has the last word */
  switch (thinking)
    {
    case CS_CONNECTOR_THINKING_BUDGET:
      return cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_ENABLED);
    case CS_CONNECTOR_THINKING_ADAPTIVE:
      return cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_ADAPTIVE);
    case CS_CONNECTOR_THINKING_OFF:
    default:
      /* An always-thinking model thinks without a thinking member too:
       * "off" would not be off. */
      return cs_model_rules_allows_thinking (rules, CS_THINKING_FORM_NONE) &&
             !cs_model_rules_is_always_thinking (rules);
    }
}

static gboolean
effort_allowed (const CsModelRules *rules,
                guint               index)
{
  return rules == NULL || (cs_model_rules_get_effort_levels (rules) & efforts[index].flag) != 0;
}

static void
block (CsConnectorForm *self,
       gboolean         blocked)
{
  GObject *widgets[] = { G_OBJECT (self->thinking_row), G_OBJECT (self->effort_row) };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      if (blocked)
        g_signal_handler_block (widgets[i], self->thinking_handlers[i]);
      else
        g_signal_handler_unblock (widgets[i], self->thinking_handlers[i]);
    }
}

/* Replaces the strings of a list only when they differ, so that an
 * unchanged list keeps its selection. */
static void
set_strings (GtkStringList *list,
             GStrvBuilder  *builder)
{
  g_auto(GStrv) strings = g_strv_builder_end (builder);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean same = n == g_strv_length (strings);

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (list, i), strings[i]) == 0;
  if (!same)
    gtk_string_list_splice (list, 0, n, (const char * const *) strings);
}

static void
show_thinking_choices (CsConnectorForm    *self,
                       const CsModelRules *rules)
{
  CsConnectorThinking current = cs_connector_spec_get_thinking (self->spec);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  self->n_thinking_forms = 0;
  for (CsConnectorThinking form = CS_CONNECTOR_THINKING_OFF;
       form <= CS_CONNECTOR_THINKING_ADAPTIVE; form++)
    {
      gboolean allowed = rules_allow (rules, form);

      /* The spec's own form stays visible, marked, when the model refuses
       * it (an import, or a model typed by hand). */
      if (!allowed && form != current)
        continue;
      if (form == current)
        selected = self->n_thinking_forms;
      self->thinking_forms[self->n_thinking_forms++] = form;
      if (allowed)
        g_strv_builder_add (labels, thinking_label (form));
      else
        {
          /* Translators: a thinking form the chosen model refuses */
          g_autofree char *label = g_strdup_printf (_("%s (refused)"),
                                                    thinking_label (form));

          g_strv_builder_add (labels, label);
        }
    }
  set_strings (self->thinking_list, labels);
  adw_combo_row_set_selected (self->thinking_row, selected);
}

static void
show_effort_choices (CsConnectorForm    *self,
                     const CsModelRules *rules)
{
  const char *current = cs_connector_spec_get_effort (self->spec);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->effort_names, 0);
  for (guint i = 0; i < G_N_ELEMENTS (efforts); i++)
    {
      gboolean allowed = effort_allowed (rules, i);
      gboolean is_current = g_strcmp0 (efforts[i].name, current) == 0;

      if (!allowed && !is_current)
        continue;
      if (is_current)
        selected = self->effort_names->len;
      g_ptr_array_add (self->effort_names, (gpointer) efforts[i].name);
      if (allowed)
        g_strv_builder_add (labels, _(efforts[i].label));
      else
        {
          /* Translators: an effort level the chosen model refuses */
          g_autofree char *label = g_strdup_printf (_("%s (refused)"),
                                                    _(efforts[i].label));

          g_strv_builder_add (labels, label);
        }
    }
  set_strings (self->effort_list, labels);
  adw_combo_row_set_selected (self->effort_row, selected);
}

static const char *
thinking_subtitle (CsConnectorForm    *self,
                   const CsModelRules *rules)
{
  if (cs_connector_spec_get_actions_kept (self->spec))
    return _("The imported actions decide what Bedrock receives; this only sets the "
             "budget_tokens or effort parameter");
  if (!rules_allow (rules, cs_connector_spec_get_thinking (self->spec)))
    return _("The model refuses this form of thinking: choose one it offers");
  if (rules != NULL && cs_model_rules_is_always_thinking (rules))
    return _("This model always thinks: it decides how much, and the effort sets how hard");
  switch (cs_connector_spec_get_thinking (self->spec))
    {
    case CS_CONNECTOR_THINKING_BUDGET:
      return _("Claude thinks before it answers, within a budget of tokens");
    case CS_CONNECTOR_THINKING_ADAPTIVE:
      return _("Claude decides how much to think before it answers");
    case CS_CONNECTOR_THINKING_OFF:
    default:
      return _("Claude answers without thinking first");
    }
}

/* What the form says about the model: lifecycle, and what it assumed. */
static char *
model_note (const CsModelRules *rules)
{
  GString *note = g_string_new (NULL);

  if (rules == NULL)
    return g_string_free (note, TRUE);

  switch (cs_model_rules_get_lifecycle (rules, NULL))
    {
    case CS_MODEL_LIFECYCLE_LEGACY:
      if (cs_model_rules_get_eol_date (rules) != NULL)
        g_string_append_printf (note, _("%s is a legacy model on Bedrock and reaches its end of "
                                        "life on %s: choose a newer model before then."),
                                cs_model_rules_get_name (rules),
                                cs_model_rules_get_eol_date (rules));
      else if (cs_model_rules_get_legacy_date (rules) != NULL)
        g_string_append_printf (note, _("%s has been a legacy model on Bedrock since %s and will "
                                        "reach its end of life: prefer a newer model."),
                                cs_model_rules_get_name (rules),
                                cs_model_rules_get_legacy_date (rules));
      else
        g_string_append_printf (note, _("%s is a legacy model on Bedrock and will reach its end "
                                        "of life (no date announced yet): prefer a newer "
                                        "model."),
                                cs_model_rules_get_name (rules));
      break;
    case CS_MODEL_LIFECYCLE_END_OF_LIFE:
      g_string_append_printf (note, _("%s reached its end of life on Bedrock on %s: Bedrock "
                                      "refuses every call to it."),
                              cs_model_rules_get_name (rules),
                              cs_model_rules_get_eol_date (rules));
      break;
    case CS_MODEL_LIFECYCLE_ACTIVE:
    default:
      break;
    }

  if (cs_model_rules_is_derived (rules))
    {
      if (note->len > 0)
        g_string_append_c (note, '\n');
      g_string_append (note, cs_model_rules_get_assumption (rules));
    }

  return g_string_free (note, note->len == 0);
}

void
_cs_connector_form_show_thinking (CsConnectorForm *self)
{
  g_autoptr(CsModelRules) rules = spec_rules (self);
  g_autofree char *note = model_note (rules);
  gboolean adaptive = cs_connector_spec_get_thinking (self->spec) ==
                      CS_CONNECTOR_THINKING_ADAPTIVE;

  block (self, TRUE);
  show_thinking_choices (self, rules);
  show_effort_choices (self, rules);
  block (self, FALSE);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->thinking_row),
                               thinking_subtitle (self, rules));
  gtk_widget_set_visible (GTK_WIDGET (self->effort_row), adaptive);

  gtk_widget_set_visible (GTK_WIDGET (self->model_note_row), note != NULL);
  adw_action_row_set_subtitle (self->model_note_row, note != NULL ? note : "");
  if (rules != NULL && cs_model_rules_get_lifecycle (rules, NULL) != CS_MODEL_LIFECYCLE_ACTIVE)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_note_row),
                                   cs_model_rules_get_lifecycle (rules, NULL) ==
                                   CS_MODEL_LIFECYCLE_LEGACY ? _("Legacy Model")
                                                             : _("End of Life"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_note_row),
                                   _("Rules Assumed"));
}

void
_cs_connector_form_fit_thinking (CsConnectorForm *self)
{
  g_autoptr(CsModelRules) rules = spec_rules (self);
  CsConnectorThinking current = cs_connector_spec_get_thinking (self->spec);
  const char *effort = cs_connector_spec_get_effort (self->spec);
  /* The nearest form first: budget and adaptive stand in for each other. */
  static const CsConnectorThinking instead[3][3] = {
    [CS_CONNECTOR_THINKING_OFF] = { CS_CONNECTOR_THINKING_OFF, CS_CONNECTOR_THINKING_ADAPTIVE,
                                    CS_CONNECTOR_THINKING_BUDGET },
    [CS_CONNECTOR_THINKING_BUDGET] = { CS_CONNECTOR_THINKING_BUDGET,
                                       CS_CONNECTOR_THINKING_ADAPTIVE,
                                       CS_CONNECTOR_THINKING_OFF },
    [CS_CONNECTOR_THINKING_ADAPTIVE] = { CS_CONNECTOR_THINKING_ADAPTIVE,
                                         CS_CONNECTOR_THINKING_BUDGET,
                                         CS_CONNECTOR_THINKING_OFF },
  };

  if (rules == NULL)
    return;
  for (guint i = 0; i < 3; i++)
    if (rules_allow (rules, instead[current][i]))
      {
        cs_connector_spec_set_thinking (self->spec, instead[current][i]);
        break;
      }

  for (guint i = 0; i < G_N_ELEMENTS (efforts); i++)
    if (g_strcmp0 (efforts[i].name, effort) == 0 && !effort_allowed (rules, i))
      {
        /* The default if the model has it, else its highest level. */
        const char *fallback = NULL;

        for (guint j = 0; j < G_N_ELEMENTS (efforts); j++)
          if (effort_allowed (rules, j) &&
              (fallback == NULL || g_strcmp0 (fallback, CS_CONNECTOR_DEFAULT_EFFORT) != 0))
            fallback = efforts[j].name;
        if (fallback != NULL)
          cs_connector_spec_set_effort (self->spec, fallback);
      }
}

static void
thinking_selected_cb (CsConnectorForm *self)
{
  guint selected = adw_combo_row_get_selected (self->thinking_row);

  if (self->spec == NULL || selected >= self->n_thinking_forms)
    return;
  cs_connector_spec_set_thinking (self->spec, self->thinking_forms[selected]);
}

static void
effort_selected_cb (CsConnectorForm *self)
{
  guint selected = adw_combo_row_get_selected (self->effort_row);

  if (self->spec == NULL || selected >= self->effort_names->len)
    return;
  cs_connector_spec_set_effort (self->spec, g_ptr_array_index (self->effort_names, selected));
}

void
_cs_connector_form_init_thinking (CsConnectorForm *self)
{
  self->thinking_list = gtk_string_list_new (NULL);
  self->effort_list = gtk_string_list_new (NULL);
  self->effort_names = g_ptr_array_new ();
  adw_combo_row_set_model (self->thinking_row, G_LIST_MODEL (self->thinking_list));
  adw_combo_row_set_model (self->effort_row, G_LIST_MODEL (self->effort_list));

  self->thinking_handlers[0] = g_signal_connect_swapped (self->thinking_row, "notify::selected",
                                                         G_CALLBACK (thinking_selected_cb), self);
  self->thinking_handlers[1] = g_signal_connect_swapped (self->effort_row, "notify::selected",
                                                         G_CALLBACK (effort_selected_cb), self);
}

void
_cs_connector_form_free_thinking (CsConnectorForm *self)
{
  g_clear_object (&self->thinking_list);
  g_clear_object (&self->effort_list);
  g_clear_pointer (&self->effort_names, g_ptr_array_unref);
}
