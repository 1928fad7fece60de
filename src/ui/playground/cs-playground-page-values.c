/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"

/* Per-call values */

static gboolean
parse_integer_row (AdwEntryRow *row,
                   gint64      *value,
                   gboolean    *bad)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 parsed;

  *value = 0;
  if (stripped[0] == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (stripped, 10, 1, G_MAXINT32, &parsed, NULL))
    {
      *bad = TRUE;
      return FALSE;
    }
  *value = (gint64) parsed;
  return TRUE;
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static gboolean
parse_fraction_row (AdwEntryRow *row,
                    gboolean    *set,
                    double      *value,
                    gboolean    *bad)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  *set = FALSE;
  *value = 0;
  if (!gtk_widget_get_visible (GTK_WIDGET (row)))
    return FALSE;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (text[0] == '\0')
    return FALSE;
  /* Accept the user's decimal comma too. */
  g_strdelimit (text, ",", '.');
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value))
    {
      *bad = TRUE;
      *value = 0;
      return FALSE;
    }
  *set = TRUE;
  return TRUE;
}

static CsEffort
selected_effort (CsPlaygroundPage *self)
{
  guint selected = adw_combo_row_get_selected (self->effort_row);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->effort_row))
      || selected >= self->n_effort_levels)
    return CS_EFFORT_UNSET;
  return self->effort_levels[selected];
}

/* Reads and checks the per-call values; shows what is wrong next to them. */
gboolean
_cs_playground_page_read_overrides (CsPlaygroundPage   *self,
                                    CsPredictOverrides *overrides)
{
  g_autoptr(GError) error = NULL;
  CsOverrideField field = CS_OVERRIDE_FIELD_NONE;
  gboolean bad_max = FALSE, bad_temp = FALSE, bad_top_p = FALSE, bad_budget = FALSE;
  gboolean ok;

  memset (overrides, 0, sizeof *overrides);
  if (gtk_widget_get_visible (GTK_WIDGET (self->max_tokens_row)))
    parse_integer_row (self->max_tokens_row, &overrides->max_tokens, &bad_max);
  if (gtk_widget_get_visible (GTK_WIDGET (self->budget_row)))
    parse_integer_row (self->budget_row, &overrides->budget_tokens, &bad_budget);
  parse_fraction_row (self->temperature_row, &overrides->set_temperature,
                      &overrides->temperature, &bad_temp);
  parse_fraction_row (self->top_p_row, &overrides->set_top_p, &overrides->top_p, &bad_top_p);
  overrides->effort = selected_effort (self);

  if (bad_max || bad_temp || bad_top_p || bad_budget)
    {
      field = bad_max ? CS_OVERRIDE_FIELD_MAX_TOKENS
            : bad_temp ? CS_OVERRIDE_FIELD_TEMPERATURE
            : bad_top_p ? CS_OVERRIDE_FIELD_TOP_P
                        : CS_OVERRIDE_FIELD_BUDGET_TOKENS;
      g_set_error_literal (&error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           bad_temp ? _("Temperature must be a number between 0 and 1.")
                           : bad_top_p ? _("Top P must be a number between 0 and 1.")
                                       : _("Token counts must be whole numbers greater than 0."));
      ok = FALSE;
    }
  else
    ok = cs_predict_overrides_check (overrides, cs_model_picker_get_limits (self->model_picker),
                                     &field, &error);

  set_row_error (self->max_tokens_row, field == CS_OVERRIDE_FIELD_MAX_TOKENS);
  set_row_error (self->temperature_row, field == CS_OVERRIDE_FIELD_TEMPERATURE);
  set_row_error (self->top_p_row, field == CS_OVERRIDE_FIELD_TOP_P);
  set_row_error (self->budget_row, field == CS_OVERRIDE_FIELD_BUDGET_TOKENS);
  if (field == CS_OVERRIDE_FIELD_EFFORT)
    gtk_widget_add_css_class (GTK_WIDGET (self->effort_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->effort_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->overrides_error_label), !ok);
  gtk_label_set_text (self->overrides_error_label, ok ? "" : error->message);
  return ok;
}

void
_cs_playground_page_overrides_changed (CsPlaygroundPage *self)
{
  CsPredictOverrides overrides;

  self->overrides_valid = _cs_playground_page_read_overrides (self, &overrides);
  /* Kept with the conversation (exported, saved) while they make sense. */
  if (self->overrides_valid)
    {
      cs_conversation_set_overrides (self->conversation, &overrides);
      _cs_playground_page_schedule_save (self);
    }
  _cs_playground_page_update_sensitivity (self);
}

/* The effort levels the model offers, after "the connector's value" */
static void
fill_effort_choices (CsPlaygroundPage      *self,
                     const CsPredictLimits *limits)
{
  CsEffort levels = cs_predict_limits_effort_levels (limits);
  CsEffort previous = self->restored_effort != CS_EFFORT_UNSET ? self->restored_effort
                                                                : selected_effort (self);
  const char *connectors = cs_model_rules_effort_name (limits != NULL ? limits->defaults.effort
                                                                      : CS_EFFORT_UNSET);
  g_autofree char *first = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->effort_choices));
  guint selected = 0;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  first = connectors != NULL
          /* Translators: the effort level the connector sends, e.g. "Connector’s (high)" */
          ? g_strdup_printf (_("Connector’s (%s)"), connectors)
          : g_strdup (_("Connector’s"));
  g_ptr_array_add (names, g_steal_pointer (&first));
  self->n_effort_levels = 0;
  self->effort_levels[self->n_effort_levels++] = CS_EFFORT_UNSET;
  for (CsEffort level = CS_EFFORT_LOW; level <= CS_EFFORT_MAX; level <<= 1)
    if ((levels & level) && self->n_effort_levels < G_N_ELEMENTS (self->effort_levels))
      {
        if (level == previous)
          selected = self->n_effort_levels;
        self->effort_levels[self->n_effort_levels++] = level;
        g_ptr_array_add (names, g_strdup (cs_model_rules_effort_name (level)));
      }
  g_ptr_array_add (names, NULL);

  self->restored_effort = CS_EFFORT_UNSET;
  gtk_string_list_splice (self->effort_choices, 0, n_items,
                          (const char * const *) names->pdata);
  g_ptr_array_unref (names);
  adw_combo_row_set_selected (self->effort_row, selected);

  if (limits != NULL && limits->rules != NULL)
    {
      g_autofree char *subtitle =
        /* Translators: %s is a model name such as "Claude Opus 4.7" */
        g_strdup_printf (_("How much %s thinks before it answers"),
                         cs_model_rules_get_name (limits->rules));

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->effort_row), subtitle);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->effort_row), "");
}

void
_cs_playground_page_limits_changed (CsPlaygroundPage *self)
{
  const CsPredictLimits *limits = cs_model_picker_get_limits (self->model_picker);
  CsOverrideSet offered = cs_predict_limits_offered (limits);
  gboolean refused = FALSE;
  g_autofree char *note = cs_predict_limits_describe (limits, &refused);

  gtk_widget_set_visible (GTK_WIDGET (self->max_tokens_row),
                          (offered & CS_OVERRIDE_MAX_TOKENS) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->temperature_row),
                          (offered & CS_OVERRIDE_TEMPERATURE) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->top_p_row), (offered & CS_OVERRIDE_TOP_P) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_row),
                          (offered & CS_OVERRIDE_BUDGET_TOKENS) != 0);
  fill_effort_choices (self, limits);
  gtk_widget_set_visible (GTK_WIDGET (self->effort_row), (offered & CS_OVERRIDE_EFFORT) != 0);

  /* A body Bedrock will refuse is a warning; a limit only a hint. */
  if (refused)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->overrides_note_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->overrides_note_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->overrides_note_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->overrides_note_label), "dim-label");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->overrides_note_label), note != NULL);
  gtk_label_set_text (self->overrides_note_label, note != NULL ? note : "");
  _cs_playground_page_overrides_changed (self);
}

static void
set_number_row (AdwEntryRow *row,
                gboolean     set,
                double       value,
                gboolean     integer)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (set && integer)
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, (gint64) value);
  else if (set)
    g_ascii_formatd (text, sizeof text, "%g", value);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

void
_cs_playground_page_set_overrides (CsPlaygroundPage         *self,
                                   const CsPredictOverrides *overrides)
{
  set_number_row (self->max_tokens_row, overrides->max_tokens > 0, overrides->max_tokens, TRUE);
  set_number_row (self->budget_row, overrides->budget_tokens > 0, overrides->budget_tokens, TRUE);
  set_number_row (self->temperature_row, overrides->set_temperature, overrides->temperature,
                  FALSE);
  set_number_row (self->top_p_row, overrides->set_top_p, overrides->top_p, FALSE);
  /* The effort levels come with the model: chosen now when offered, else when they come. */
  self->restored_effort = overrides->effort;
  for (guint i = 0; i < self->n_effort_levels; i++)
    if (self->effort_levels[i] == overrides->effort)
      {
        adw_combo_row_set_selected (self->effort_row, i);
        self->restored_effort = CS_EFFORT_UNSET;
      }
  _cs_playground_page_overrides_changed (self);
}
