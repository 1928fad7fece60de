/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-json-view.h"
#include "cs-ui-test-utils.h"

/* A JSON view in a scrolled page, as the Connectors page shows the payload:
 * returns the view; *outer is the page's scrolled window. */
static GtkWidget *
make_page (GtkWindow  *window,
           GtkWidget **outer)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *view = cs_json_view_new ();
  GString *json = g_string_new ("{\n");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (json, "  \"key%u\": %u,\n", i, i);
  g_string_append (json, "  \"url\": \"https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                         "us.anthropic.claude-sonnet-4-20250514-v1:0/invoke-with-a-long-tail-"
                         "that-does-not-fit-on-one-line-of-a-narrow-window\"\n}");
  cs_json_view_set_text (CS_JSON_VIEW (view), json->str);
  g_string_free (json, TRUE);

  gtk_box_append (GTK_BOX (box), gtk_label_new ("above"));
  gtk_widget_set_size_request (gtk_widget_get_last_child (box), -1, 600);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("below"));
  gtk_widget_set_size_request (gtk_widget_get_last_child (box), -1, 600);

  *outer = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (*outer), box);
  gtk_window_set_child (window, *outer);
  gtk_window_set_default_size (window, 360, 500);
  gtk_window_present (window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  cs_ui_test_spin (200);
  return view;
}

static GtkEventController *
capture_scroll_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }
  return NULL;
}

/* Issue 16, item 9: a JSON view neither clips long lines on the right nor
 * keeps the mouse wheel once it has nothing left to scroll. */
static void
test_wrap_and_wheel (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *outer = NULL;
  GtkWidget *view = make_page (window, &outer);
  GtkWidget *inner = cs_ui_test_find_by_type (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *text = cs_ui_test_find_by_type (view, GTK_TYPE_TEXT_VIEW);
  GtkAdjustment *inner_adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (inner));
  GtkAdjustment *outer_adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  GtkEventController *scroll = capture_scroll_controller (inner);
  GtkPolicyType hpolicy;
  gboolean handled = FALSE;
  double before;
  int min_width = 0;

  /* Wrapped, no horizontal scrolling: nothing runs off the right edge, and
   * the view fits a 360 px window. */
  g_assert_cmpint (gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (text)), ==, GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (inner), &hpolicy, NULL);
  g_assert_cmpint (hpolicy, ==, GTK_POLICY_NEVER);
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  /* A URL broken across lines gets no hyphen of Pango's ("in-" / "voke"). */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));
    GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                 "no-hyphens");
    GtkTextIter start, end;
    gboolean hyphens = TRUE;

    g_assert_nonnull (tag);
    g_object_get (tag, "insert-hyphens", &hyphens, NULL);
    g_assert_false (hyphens);
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    gtk_text_iter_backward_char (&end);
    g_assert_true (gtk_text_iter_has_tag (&start, tag));
    g_assert_true (gtk_text_iter_has_tag (&end, tag));
  }

  /* The view scrolls itself while it can: the page stays. */
  g_assert_nonnull (scroll);
  g_assert_cmpfloat (gtk_adjustment_get_upper (inner_adj), >,
                     gtk_adjustment_get_page_size (inner_adj));
  gtk_adjustment_set_value (inner_adj, 0);
  gtk_adjustment_set_value (outer_adj, 300);
  before = gtk_adjustment_get_value (outer_adj);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_false (handled);
  g_assert_cmpfloat (gtk_adjustment_get_value (outer_adj), ==, before);

  /* At its end, the wheel moves the page instead. */
  gtk_adjustment_set_value (inner_adj, gtk_adjustment_get_upper (inner_adj) -
                                         gtk_adjustment_get_page_size (inner_adj));
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (gtk_adjustment_get_value (outer_adj), >, before);

  /* The long URL line wraps inside the view, at 360 px. */
  gtk_adjustment_set_value (outer_adj, 560);
  cs_ui_test_spin (200);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "json-view-narrow"));

  /* And at its top, upwards. */
  gtk_adjustment_set_value (inner_adj, 0);
  before = gtk_adjustment_get_value (outer_adj);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (gtk_adjustment_get_value (outer_adj), <, before);

  gtk_window_destroy (window);
}

/* Issue 15: the view is as tall as its text, up to its largest height; a
 * long text (whose every line a text view would lay out to say how tall it
 * is) gets that largest height outright, the same as a text just too long. */
static char *
lines_of_json (guint n)
{
  GString *text = g_string_new ("{\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "  \"p%04u\": \"value %u\",\n", i, i);
  g_string_append (text, "  \"last\": 0\n}");
  return g_string_free (text, FALSE);
}

static int
natural_height (GtkWidget *view)
{
  int natural = 0;

  /* Once the text view has laid out what it lays out. */
  cs_ui_test_wait_for_draw (view);
  cs_ui_test_spin (200);

  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, 360, NULL, &natural, NULL, NULL);
  return natural;
}

static void
test_height (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = cs_json_view_new ();
  g_autofree char *few = lines_of_json (3);
  g_autofree char *more = lines_of_json (18);
  g_autofree char *too_many = lines_of_json (60);
  g_autofree char *thousands = lines_of_json (3000);
  g_autofree char *shown = NULL;
  int h_few, h_more, h_too_many, h_thousands;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 900);
  gtk_window_present (GTK_WINDOW (window));

  cs_json_view_set_text (CS_JSON_VIEW (view), few);
  h_few = natural_height (view);
  cs_json_view_set_text (CS_JSON_VIEW (view), more);
  h_more = natural_height (view);
  cs_json_view_set_text (CS_JSON_VIEW (view), too_many);
  h_too_many = natural_height (view);
  cs_json_view_set_text (CS_JSON_VIEW (view), thousands);
  h_thousands = natural_height (view);
  shown = cs_json_view_dup_text (CS_JSON_VIEW (view));

  g_assert_cmpint (h_few, <=, h_more);
  g_assert_cmpint (h_more, <, h_too_many);
  g_assert_cmpint (h_thousands, ==, h_too_many);
  g_assert_cmpstr (shown, ==, thousands);
  /* Short again: as tall as the text again. */
  cs_json_view_set_text (CS_JSON_VIEW (view), more);
  g_assert_cmpint (natural_height (view), ==, h_more);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/ui/json-view/wrap-and-wheel", test_wrap_and_wheel);
  g_test_add_func ("/ui/json-view/height", test_height);
  return g_test_run ();
}
