/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-request-view.h"

#include <glib/gi18n.h>

#define MAX_HEIGHT 320
#define WIDTH      480
#define MARGIN     8

GtkWidget *
cs_request_view_new (const char *text,
                     int         min_height)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextView *text_view = GTK_TEXT_VIEW (view);

  g_return_val_if_fail (text != NULL, NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
  gtk_text_view_set_editable (text_view, FALSE);
  gtk_text_view_set_cursor_visible (text_view, FALSE);
  gtk_text_view_set_monospace (text_view, TRUE);
  gtk_text_view_set_wrap_mode (text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (text_view, MARGIN);
  gtk_text_view_set_bottom_margin (text_view, MARGIN);
  gtk_text_view_set_left_margin (text_view, MARGIN);
  gtk_text_view_set_right_margin (text_view, MARGIN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Request to be sent"), -1);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              MIN (min_height, MAX_HEIGHT));
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), MAX_HEIGHT);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, WIDTH, -1);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_overflow (scrolled, GTK_OVERFLOW_HIDDEN);
  return scrolled;
}
