/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"
#include "cs-window.h"

/*
 * Issue 16, "the whole workflow works with the keyboard alone": a profile
 * added and connected, a connector created, a model registered and deployed,
 * and a predict in the Playground, on the sandbox, with key presses only
 * (through the X server, as a keyboard makes them). Focus moves with Tab and
 * the arrow keys; Enter, space and the app's shortcuts activate. The test
 * reads the window to know where the focus is, and never clicks or calls a
 * widget to act.
 */

#define PASSWORD   "keyboard-only-pw-1357"
/* The sandbox's simulated account: not real AWS keys. */
#define ACCESS_KEY "SANDBOXKEYBOARD01"
#define SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"

typedef struct
{
  CsTestSandbox *sandbox;
  CsApplication *app;
  CsWindow      *window;
} Fixture;

/* What a screen reader would call the focused widget's place: a row's title,
 * a button's label or tooltip, a list row's text. */
static char *
focus_name (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (ADW_IS_PREFERENCES_ROW (w))
        return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)));
      if (GTK_IS_MENU_BUTTON (w) && gtk_widget_get_tooltip_text (w) != NULL)
        return g_strdup (gtk_widget_get_tooltip_text (w));
      if (GTK_IS_BUTTON (w))
        {
          GtkWidget *label = cs_ui_test_find_by_type (w, GTK_TYPE_LABEL);

          if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
            return g_strdup (gtk_button_get_label (GTK_BUTTON (w)));
          if (label != NULL && gtk_label_get_label (GTK_LABEL (label))[0] != '\0')
            return g_strdup (gtk_label_get_label (GTK_LABEL (label)));
          if (gtk_widget_get_tooltip_text (w) != NULL)
            return g_strdup (gtk_widget_get_tooltip_text (w));
        }
      if (GTK_IS_LIST_BOX_ROW (w) || GTK_IS_TEXT_VIEW (w))
        {
          GtkWidget *label = cs_ui_test_find_by_type (w, GTK_TYPE_LABEL);

          if (label != NULL)
            return g_strdup (gtk_label_get_text (GTK_LABEL (label)));
          if (gtk_widget_get_tooltip_text (w) != NULL)
            return g_strdup (gtk_widget_get_tooltip_text (w));
        }
    }
  return focus != NULL ? g_strdup_printf ("(%s)", G_OBJECT_TYPE_NAME (focus)) : NULL;
}

static void
key (GtkWindow       *window,
     guint            keyval,
     GdkModifierType  modifiers)
{
  g_assert_true (cs_ui_test_press_key (window, keyval, modifiers));
}

/* Presses Tab (or Shift+Tab) until the focus is at name. */
static void
tab_to (GtkWindow  *window,
        const char *name,
        gboolean    backward)
{
  for (guint step = 0; step < 80; step++)
    {
      g_autofree char *place = focus_name (window);

      g_test_message ("%s %u: %s", backward ? "Shift+Tab" : "Tab", step, place);
      if (g_strcmp0 (place, name) == 0)
        return;
      key (window, GDK_KEY_Tab, backward ? GDK_SHIFT_MASK : 0);
    }
  g_error ("Tab did not reach “%s”", name);
}

/* Ctrl+A, then the text: what a user does to replace a field's text. */
static void
replace_text (GtkWindow  *window,
              const char *text)
{
  key (window, GDK_KEY_a, GDK_CONTROL_MASK);
  cs_ui_test_type_text (window, text);
}

static gboolean
in_sidebar (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *list = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX) : NULL;

  return list != NULL && gtk_widget_has_css_class (list, "navigation-sidebar");
}

/* To another page as a keyboard user goes: Shift+Tab back to the sidebar,
 * the arrow keys to the page's row, Tab into the page. */
static void
go_to_page (Fixture    *f,
            const char *title,
            const char *name)
{
  GtkWindow *window = GTK_WINDOW (f->window);

  for (guint step = 0; !in_sidebar (window); step++)
    {
      g_assert_cmpuint (step, <, 80);
      key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
    }
  for (guint step = 0; ; step++)
    {
      g_autofree char *place = focus_name (window);

      g_test_message ("sidebar: %s", place);
      if (g_strcmp0 (place, title) == 0)
        break;
      g_assert_cmpuint (step, <, 12);
      /* Down to the end, then up. */
      key (window, step < 6 ? GDK_KEY_Down : GDK_KEY_Up, 0);
    }
  g_assert_cmpstr (cs_window_get_page_name (f->window), ==, name);
  /* Tab goes into the page, and the page stays. */
  key (window, GDK_KEY_Tab, 0);
  g_assert_false (in_sidebar (window));
  g_assert_cmpstr (cs_window_get_page_name (f->window), ==, name);
}

static gboolean
answer_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *answer = cs_ui_test_find_by_name (GTK_WIDGET (f->window), "answer-text");

  return answer != NULL &&
         gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (answer))) > 0;
}

static gboolean
session_connected (gpointer data)
{
  Fixture *f = data;

  return cs_session_get_state (cs_application_get_session (f->app)) == CS_SESSION_CONNECTED;
}

typedef struct
{
  GtkWindow  *window;
  const char *name;
} FocusWait;

static gboolean
focus_is (gpointer data)
{
  FocusWait *wait = data;
  g_autofree char *place = focus_name (wait->window);

  return g_strcmp0 (place, wait->name) == 0;
}

/* Waits until the focus is at name: where the app should put it after an
 * action (a page shown, a dialog closed, a step done), so that the keyboard
 * user goes on from there. */
static void
wait_for_focus (GtkWindow  *window,
                const char *name)
{
  FocusWait wait = { window, name };

  if (!cs_ui_test_wait_until (focus_is, &wait, 15000))
    {
      g_autofree char *place = focus_name (window);

      g_error ("the focus is at “%s”, not at “%s”", place, name);
    }
}

static gboolean
composer_focused (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return GTK_IS_TEXT_VIEW (focus) && g_strcmp0 (gtk_widget_get_name (focus), "composer") == 0;
}

static void
test_keyboard_workflow (void)
{
  Fixture f = { 0 };
  GtkWindow *window;
  g_autoptr(GError) error = NULL;

  f.sandbox = cs_test_sandbox_start ("--no-tls", "--user", "admin", "--password", PASSWORD,
                                     "--deploy-delay-ms", "200", NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  f.app = cs_application_new (APP_ID ".TestKeyboardWorkflow", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f.app), NULL, &error);
  g_assert_no_error (error);
  f.window = cs_window_new (f.app);
  window = GTK_WINDOW (f.window);
  gtk_window_set_default_size (window, 1100, 860);
  gtk_window_present (window);
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  if (!cs_ui_test_keyboard_available (GTK_WIDGET (window)))
    {
      g_test_skip ("no XTest: key presses cannot be made");
      gtk_window_destroy (window);
      g_clear_object (&f.app);
      cs_test_sandbox_stop (f.sandbox);
      return;
    }
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "connections");

  /* 1. Connections. The first-run card's buttons are reached with Tab
   * (they were the list's placeholder, which Tab skips); Tab from the
   * sidebar goes into the page rather than on through the sidebar rows. */
  tab_to (window, "_Add Cluster Profile", FALSE);
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "connections");
  key (window, GDK_KEY_Return, 0);
  wait_for_focus (window, "Name");
  /* The editor's way back is the header bar's, reached with Shift+Tab. */
  tab_to (window, "Back to Connections", TRUE);
  tab_to (window, "Name", FALSE);
  cs_ui_test_type_text (window, "Sandbox by Keyboard");
  tab_to (window, "Address", FALSE);
  replace_text (window, cs_test_sandbox_get_url (f.sandbox));
  tab_to (window, "Password", FALSE);
  cs_ui_test_type_text (window, PASSWORD);
  /* Enter in a field saves and connects. */
  key (window, GDK_KEY_Return, 0);
  g_assert_true (cs_ui_test_wait_until (session_connected, &f, 20000));
  /* Back on the list, the focus is on the new profile, not lost with the
   * editor. */
  wait_for_focus (window, "Sandbox by Keyboard");
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "keyboard-1-connected"));

  /* 2. Connectors, through the sidebar: the form, typed; the question about
   * sending keys over http:// answered with Tab and Enter. */
  go_to_page (&f, "Connectors", "connectors");
  tab_to (window, "Name", FALSE);
  cs_ui_test_type_text (window, "Claude by Keyboard");
  tab_to (window, "Access Key ID", FALSE);
  cs_ui_test_type_text (window, ACCESS_KEY);
  tab_to (window, "Secret Access Key", FALSE);
  cs_ui_test_type_text (window, SECRET_KEY);
  tab_to (window, "_Create Connector", FALSE);
  key (window, GDK_KEY_Return, 0);
  {
    AdwMessageDialog *ask = cs_ui_test_wait_for_dialog ("http://");
    g_autofree char *place = NULL;

    cs_ui_test_wait_for_draw (GTK_WIDGET (ask));
    place = focus_name (GTK_WINDOW (ask));
    /* The safe answer first. */
    g_assert_cmpstr (place, ==, "_Cancel");
    tab_to (GTK_WINDOW (ask), "_Send Keys Over http://", FALSE);
    key (GTK_WINDOW (ask), GDK_KEY_Return, 0);
  }
  /* Created: the focus is on the next step. */
  wait_for_focus (window, "_Register a Model");
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "keyboard-2-created"));

  /* 3. Models: the register form with the connector, focus on its name. */
  key (window, GDK_KEY_Return, 0);
  wait_for_focus (window, "Name");
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "models");
  cs_ui_test_type_text (window, "Claude by Keyboard Model");
  tab_to (window, "_Register", FALSE);
  key (window, GDK_KEY_Return, 0);
  /* Registered and deployed: the focus follows to the next step instead of
   * being lost with the hidden Register button. */
  wait_for_focus (window, "Open in _Playground");
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "keyboard-3-deployed"));
  key (window, GDK_KEY_Return, 0);

  /* 4. The Playground, with the model: the composer has the focus, the
   * message is typed and Ctrl+Enter sends it. */
  g_assert_true (cs_ui_test_wait_until (composer_focused, window, 15000));
  g_assert_cmpstr (cs_window_get_page_name (f.window), ==, "playground");
  cs_ui_test_type_text (window, "Hello from the keyboard");
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
    GtkTextIter start, end;
    g_autofree char *typed = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    typed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (typed, ==, "Hello from the keyboard");
  }
  key (window, GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_true (cs_ui_test_wait_until (answer_shown, &f, 30000));
  {
    GtkWidget *answer = cs_ui_test_find_by_name (GTK_WIDGET (window), "answer-text");
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (answer));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_test_message ("answer: %s", text);
    g_assert_nonnull (strstr (text, "Hello from the keyboard"));
  }
  /* The composer keeps the focus for the next message. */
  g_assert_true (composer_focused (window));
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "keyboard-4-answered"));

  gtk_window_destroy (window);
  cs_ui_test_spin (50);
  g_clear_object (&f.app);
  cs_test_sandbox_stop (f.sandbox);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;
  /* The Playground shows the answer as in ui-lifecycle: see there. */
  cs_ui_test_tolerate_unallocated_snapshot ();

  g_test_add_func ("/ui/keyboard-workflow/whole-workflow", test_keyboard_workflow);

  return g_test_run ();
}
