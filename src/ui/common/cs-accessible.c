/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-accessible"

#include "config.h"

#include "cs-accessible.h"

static void
name_from_tooltip (GtkWidget *button)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL && *tooltip != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                    -1);
}

static void
tooltip_changed_cb (GtkWidget  *button,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  name_from_tooltip (button);
}

static void
name_buttons_from_tooltips (GtkWidget *widget)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        {
          name_from_tooltip (child);
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (tooltip_changed_cb), NULL);
        }
      else
        name_buttons_from_tooltips (child);
    }
}

void
cs_accessible_name_password_peek (AdwPasswordEntryRow *row)
{
  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  /* libadwaita 1.2 gives its show/hide button a tooltip ("Show Text") and no
   * name; GTK 4.8 does not read tooltips as names. */
  name_buttons_from_tooltips (GTK_WIDGET (row));
}

static GtkWidget *
find_list_box (GtkWidget *widget)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_LIST_BOX (child) ? child : find_list_box (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
cs_accessible_name_group_list (AdwPreferencesGroup *group,
                               const char          *label)
{
  GtkWidget *list;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (label != NULL);

  list = find_list_box (GTK_WIDGET (group));
  if (list != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
