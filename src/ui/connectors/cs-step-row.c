/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-step-row.h"

#include <glib/gi18n.h>
#include <string.h>

#define SPINNER_KEY "cs-step-spinner"

void
cs_step_row_start (AdwActionRow *row)
{
  GtkWidget *spinner;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  cs_step_row_stop (row);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Running"), -1);
  adw_action_row_add_suffix (row, spinner);
  g_object_set_data (G_OBJECT (row), SPINNER_KEY, spinner);
}

void
cs_step_row_stop (AdwActionRow *row)
{
  GtkWidget *spinner;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  spinner = g_object_get_data (G_OBJECT (row), SPINNER_KEY);
  if (spinner != NULL)
    adw_action_row_remove (row, spinner);
  g_object_set_data (G_OBJECT (row), SPINNER_KEY, NULL);
}

void
cs_step_row_mark_done (AdwActionRow *row)
{
  GtkWidget *done;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  cs_step_row_stop (row);
  /* "Reading the connector…" is over: the mark says so, not the ellipsis. */
  {
    const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

    if (title != NULL && g_str_has_suffix (title, "…"))
      {
        g_autofree char *finished = g_strndup (title, strlen (title) - strlen ("…"));

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_strchomp (finished));
      }
  }
  done = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  gtk_widget_add_css_class (done, "dim-label");
  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Done"), -1);
  adw_action_row_add_suffix (row, done);
}
