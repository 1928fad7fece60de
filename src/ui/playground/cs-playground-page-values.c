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

/* Reads and checks the per-call values; shows what is wrong next to them. */
gboolean
_cs_playground_page_read_overrides (CsPlaygroundPage   *self,
                                    CsPredictOverrides *overrides)
{
  g_autoptr(GError) error = NULL;
  CsOverrideField field = CS_OVERRIDE_FIELD_NONE;
  gboolean bad_max = FALSE, bad_temp = FALSE, bad_budget = FALSE;
  g_autofree char *temp_text = NULL;
  CsPredictOverrides defaults;
  gboolean thinking = FALSE;
  gboolean known;
  gboolean ok;

  memset (overrides, 0, sizeof *overrides);
  parse_integer_row (self->max_tokens_row, &overrides->max_tokens, &bad_max);
  if (gtk_widget_get_visible (GTK_WIDGET (self->budget_row)))
    parse_integer_row (self->budget_row, &overrides->budget_tokens, &bad_budget);

  temp_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->temperature_row))));
  if (temp_text[0] != '\0')
    {
      char *end = NULL;
      double value;

      /* Accept the user's decimal comma too. */
      g_strdelimit (temp_text, ",", '.');
      value = g_ascii_strtod (temp_text, &end);
      if (end == temp_text || *end != '\0' || !isfinite (value))
        bad_temp = TRUE;
      else
        {
          overrides->set_temperature = TRUE;
          overrides->temperature = value;
        }
    }

  if (bad_max || bad_temp || bad_budget)
    {
      field = bad_max ? CS_OVERRIDE_FIELD_MAX_TOKENS
            : bad_temp ? CS_OVERRIDE_FIELD_TEMPERATURE
                       : CS_OVERRIDE_FIELD_BUDGET_TOKENS;
      g_set_error_literal (&error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           bad_temp ? _("Temperature must be a number between 0 and 1.")
                                    : _("Token counts must be whole numbers greater than 0."));
      ok = FALSE;
    }
  else
    {
      known = cs_model_picker_get_defaults (self->model_picker, &defaults, &thinking);
      ok = cs_predict_overrides_validate (overrides, known ? &defaults : NULL, thinking, &field,
                                          &error);
    }

  set_row_error (self->max_tokens_row, field == CS_OVERRIDE_FIELD_MAX_TOKENS);
  set_row_error (self->temperature_row, field == CS_OVERRIDE_FIELD_TEMPERATURE);
  set_row_error (self->budget_row, field == CS_OVERRIDE_FIELD_BUDGET_TOKENS);
  gtk_widget_set_visible (GTK_WIDGET (self->overrides_error_label), !ok);
  gtk_label_set_text (self->overrides_error_label, ok ? "" : error->message);
  return ok;
}

void
_cs_playground_page_overrides_changed (CsPlaygroundPage *self)
{
  CsPredictOverrides overrides;

  self->overrides_valid = _cs_playground_page_read_overrides (self, &overrides);
  _cs_playground_page_update_sensitivity (self);
}
