/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-application.h"
#include "cs-client.h"
#include "cs-connections-page.h"
#include "cs-connector-form.h"
#include "cs-connectors-page.h"
#include "cs-models-page.h"
#include "cs-playground-page.h"
#include "cs-preflight-page.h"
#include "cs-profile-editor.h"
#include "cs-preferences-window.h"
#include "cs-version.h"
#include "cs-window.h"
#include "cs-ui-test-utils.h"

static const char *page_names[] = {
  "connections", "preflight", "settings", "connectors", "models", "playground",
};

static void
test_window_pages (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".Test", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  CsWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *page = cs_window_get_page (window, page_names[i]);

      g_assert_nonnull (page);
      cs_window_show_page (window, page_names[i]);
      g_assert_cmpstr (cs_window_get_page_name (window), ==, page_names[i]);
      cs_ui_test_wait_for_draw (GTK_WIDGET (window));
      g_assert_true (gtk_widget_get_mapped (page));
    }

  /* The same through the window action, as a keyboard user would. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "models");
  g_assert_cmpstr (cs_window_get_page_name (window), ==, "models");

  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), "window"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Only the visible page is measured (issue 15: measuring every page made the
 * first frame about twice as slow): the stack asks for what its visible page
 * asks for, whichever page that is. */
static void
test_window_measures_visible_page (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".Test3", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  CsWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *page = cs_window_get_page (window, page_names[i]);
      GtkWidget *stack = gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK);
      int stack_min, page_min;

      g_assert_nonnull (stack);
      cs_window_show_page (window, page_names[i]);
      cs_ui_test_wait_for_draw (GTK_WIDGET (window));
      g_assert_false (adw_view_stack_get_hhomogeneous (ADW_VIEW_STACK (stack)));
      g_assert_false (adw_view_stack_get_vhomogeneous (ADW_VIEW_STACK (stack)));
      for (GtkOrientation o = GTK_ORIENTATION_HORIZONTAL; o <= GTK_ORIENTATION_VERTICAL; o++)
        {
          gtk_widget_measure (stack, o, -1, &stack_min, NULL, NULL, NULL);
          gtk_widget_measure (page, o, -1, &page_min, NULL, NULL, NULL);
          g_assert_cmpint (stack_min, ==, page_min);
        }
    }

  /* The same inside Connections, shown first on a first run: the profile
   * editor behind the list is not measured with it. */
  {
    GtkWidget *connections = cs_window_get_page (window, "connections");
    GtkWidget *stack = cs_ui_test_find_by_type (connections, GTK_TYPE_STACK);
    GtkWidget *shown;
    int stack_min, shown_min;

    cs_window_show_page (window, "connections");
    cs_ui_test_wait_for_draw (GTK_WIDGET (window));
    g_assert_nonnull (stack);
    shown = gtk_stack_get_visible_child (GTK_STACK (stack));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");
    g_assert_false (gtk_stack_get_hhomogeneous (GTK_STACK (stack)));
    g_assert_false (gtk_stack_get_vhomogeneous (GTK_STACK (stack)));
    for (GtkOrientation o = GTK_ORIENTATION_HORIZONTAL; o <= GTK_ORIENTATION_VERTICAL; o++)
      {
        gtk_widget_measure (stack, o, -1, &stack_min, NULL, NULL, NULL);
        gtk_widget_measure (shown, o, -1, &shown_min, NULL, NULL, NULL);
        g_assert_cmpint (stack_min, ==, shown_min);
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A page is built when it is first shown (issue 15: building all six at
 * start-up cost a fifth of the first frame); it then has the application's
 * session, and is built once. */
static void
test_window_pages_built_when_shown (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".Test5", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(GError) error = NULL;
  GtkWidget *models;
  CsWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "last-page", "connections");

  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  /* Only the page shown. */
  g_assert_nonnull (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_CONNECTIONS_PAGE));
  g_assert_null (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_PREFLIGHT_PAGE));
  g_assert_null (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_CONNECTORS_PAGE));
  g_assert_null (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_MODELS_PAGE));
  g_assert_null (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_PLAYGROUND_PAGE));
  /* Nor the profile editor behind the list, until a profile is edited. */
  g_assert_null (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_PROFILE_EDITOR));

  /* Shown through the sidebar's action, as a user would. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "models");
  models = cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_MODELS_PAGE);
  g_assert_nonnull (models);
  g_assert_true (cs_models_page_get_session (CS_MODELS_PAGE (models)) ==
                 cs_application_get_session (app));
  g_assert_true (cs_window_get_page (window, "models") == models);
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (models));

  /* Asked for by code (another page's "Open Connector"): built, not shown. */
  g_assert_true (CS_IS_PLAYGROUND_PAGE (cs_window_get_page (window, "playground")));
  g_assert_true (cs_playground_page_get_session (
                   CS_PLAYGROUND_PAGE (cs_window_get_page (window, "playground"))) ==
                 cs_application_get_session (app));
  g_assert_cmpstr (cs_window_get_page_name (window), ==, "models");
  g_assert_null (cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_CONNECTORS_PAGE));
  g_assert_null (cs_window_get_page (window, "no-such-page"));

  /* Connecting builds Preflight Checks, whose checks run then and whose
   * problems the sidebar counts. */
  {
    g_autoptr(CsClient) client = cs_client_new_for_url ("http://127.0.0.1:9/", &error);
    CsVersion version = { 0 };
    GtkWidget *preflight;

    g_assert_no_error (error);
    g_assert_true (cs_version_parse ("2.19.1", &version));
    cs_session_set_connected (cs_application_get_session (app), "test", client, "test",
                              &version, FALSE);
    preflight = cs_ui_test_find_by_type (GTK_WIDGET (window), CS_TYPE_PREFLIGHT_PAGE);
    g_assert_nonnull (preflight);
    g_assert_true (cs_preflight_page_get_session (CS_PREFLIGHT_PAGE (preflight)) ==
                   cs_application_get_session (app));
    g_assert_true (cs_window_get_page (window, "preflight") == preflight);
    g_assert_cmpstr (cs_window_get_page_name (window), ==, "models");
    cs_session_disconnect (cs_application_get_session (app));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_state_saved (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".Test2", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autofree char *last_page = NULL;
  CsWindow *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);

  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  cs_window_show_page (window, "connectors");
  gtk_window_close (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  last_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last_page, ==, "connectors");
}

static CsPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CS_IS_PREFERENCES_WINDOW (window))
        return CS_PREFERENCES_WINDOW (window);
    }
  return NULL;
}

/* Issue 16, first run: a Preferences window for the sandbox, the default
 * region and the request timeout, each written to its setting. */
static void
test_preferences (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".Test4", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  CsPreferencesWindow *prefs;
  CsWindow *window;
  GtkWidget *sandbox_switch, *region_row, *spin, *form;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  cs_ui_test_wait_for_draw (GTK_WIDGET (prefs));
  cs_ui_test_spin (200);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (prefs), "preferences"));

  /* Outside the Flatpak the switch shows the setting, and writes it. */
  g_assert_true (g_settings_get_boolean (settings, "start-sandbox"));
  g_assert_true (cs_preferences_get_start_sandbox (settings));
  sandbox_switch = cs_ui_test_find_by_type (GTK_WIDGET (prefs), GTK_TYPE_SWITCH);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sandbox_switch)));
  gtk_switch_set_active (GTK_SWITCH (sandbox_switch), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "start-sandbox"));
  g_assert_false (cs_preferences_get_start_sandbox (settings));

  /* The region is written once it is a region code; until then the row
   * says why. */
  region_row = cs_ui_test_find_by_type (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (region_row), "Frankfurt");
  g_assert_true (gtk_widget_has_css_class (region_row, "error"));
  {
    g_autofree char *region = g_settings_get_string (settings, "default-region");
    g_assert_cmpstr (region, ==, "us-east-1");
  }
  gtk_editable_set_text (GTK_EDITABLE (region_row), "eu-central-1");
  g_assert_false (gtk_widget_has_css_class (region_row, "error"));
  {
    g_autofree char *region = g_settings_get_string (settings, "default-region");
    g_assert_cmpstr (region, ==, "eu-central-1");
  }

  spin = cs_ui_test_find_by_type (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "request-timeout"), ==, 45);

  /* A new connector starts in the default region. */
  form = cs_connector_form_new ();
  g_object_ref_sink (form);
  cs_connector_form_set_spec (CS_CONNECTOR_FORM (form), NULL);
  g_assert_cmpstr (cs_connector_spec_get_region (cs_connector_form_get_spec (CS_CONNECTOR_FORM (form))),
                   ==, "eu-central-1");
  g_object_unref (form);

  g_settings_reset (settings, "start-sandbox");
  g_settings_reset (settings, "default-region");
  g_settings_reset (settings, "request-timeout");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_shortcuts_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_WINDOW (l->data))
      {
        g_assert_null (found);   /* one at most */
        found = l->data;
      }
  return found;
}

static gboolean
is_main_menu_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Main Menu") == 0;
}

static gboolean
is_shortcut_titled (GtkWidget     *widget,
                    gconstpointer  title)
{
  g_autofree char *its_title = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (widget))
    return FALSE;
  g_object_get (widget, "title", &its_title, NULL);
  return g_strcmp0 (its_title, title) == 0;
}

/* The accelerator the shortcuts window shows beside title. */
static char *
shown_accelerator (GtkWidget  *shortcuts,
                   const char *title)
{
  GtkWidget *shortcut = cs_ui_test_find (shortcuts, is_shortcut_titled, title);
  GtkWidget *label;

  g_assert_nonnull (shortcut);
  label = cs_ui_test_find_by_type (shortcut, GTK_TYPE_SHORTCUT_LABEL);
  g_assert_nonnull (label);
  return g_strdup (gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (label)));
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

/* Issue 15: the main menu and the keyboard shortcuts window are built when
 * first opened, not with the window, and still open as before: the menu from
 * its button, the shortcuts from the menu's action and Ctrl+?. */
static void
test_window_menu_and_shortcuts_on_demand (void)
{
  g_autoptr(CsApplication) app = cs_application_new (APP_ID ".Test6", G_APPLICATION_NON_UNIQUE);
  g_auto(GStrv) accels = NULL;
  GtkWidget *menu_button, *popover, *shortcuts;
  CsWindow *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  menu_button = cs_ui_test_find (GTK_WIDGET (window), is_main_menu_button, NULL);
  g_assert_nonnull (menu_button);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (gtk_widget_is_sensitive (menu_button));
  g_assert_null (find_shortcuts_window ());

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_nonnull (popover);
  g_assert_true (cs_ui_test_wait_until (widget_visible, popover, 5000));
  g_assert_nonnull (cs_ui_test_find_label (popover, "Keyboard Shortcuts"));
  g_assert_nonnull (cs_ui_test_find_label (popover, "Preferences"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  /* Opened again, it is the same menu. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))) == popover);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  /* F10 opens it, as the window's primary menu. */
  if (cs_ui_test_keyboard_available (GTK_WIDGET (window)))
    {
      g_assert_true (cs_ui_test_press_key (GTK_WINDOW (window), GDK_KEY_F10, 0));
      g_assert_true (cs_ui_test_wait_until (widget_visible, popover, 5000));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
    }

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = find_shortcuts_window ();
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (shortcuts)) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (shortcuts));
  cs_ui_test_wait_for_draw (shortcuts);
  /* It shows the application's accelerators for its actions. */
  {
    static const struct { const char *title, *action; } shown[] = {
      { "Show Shortcuts", "win.show-help-overlay" }, { "Preferences", "app.preferences" },
      { "Close Window", "window.close" }, { "Quit", "app.quit" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      {
        g_auto(GStrv) app_accels =
          gtk_application_get_accels_for_action (GTK_APPLICATION (app), shown[i].action);
        g_autofree char *accel = shown_accelerator (shortcuts, shown[i].title);

        g_assert_nonnull (app_accels[0]);
        g_assert_cmpstr (accel, ==, app_accels[0]);
      }
  }

  /* Closed, it is kept for next time; shown again, it is the same one. */
  gtk_window_close (GTK_WINDOW (shortcuts));
  g_assert_false (gtk_widget_get_visible (shortcuts));
  g_assert_true (find_shortcuts_window () == shortcuts);
  if (cs_ui_test_keyboard_available (GTK_WIDGET (window)))
    {
      g_assert_true (cs_ui_test_press_key (GTK_WINDOW (window), GDK_KEY_question,
                                           GDK_CONTROL_MASK));
      g_assert_true (cs_ui_test_wait_until (widget_visible, shortcuts, 5000));
    }
  else
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                                 NULL));
      g_assert_true (gtk_widget_get_visible (shortcuts));
    }
  g_assert_true (find_shortcuts_window () == shortcuts);

  /* It goes with its window. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (find_shortcuts_window ());
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/window/pages", test_window_pages);
  g_test_add_func ("/ui/window/state-saved", test_window_state_saved);
  g_test_add_func ("/ui/window/preferences", test_preferences);
  g_test_add_func ("/ui/window/measures-visible-page", test_window_measures_visible_page);
  g_test_add_func ("/ui/window/pages-built-when-shown", test_window_pages_built_when_shown);
  g_test_add_func ("/ui/window/menu-and-shortcuts-on-demand",
                   test_window_menu_and_shortcuts_on_demand);

  return g_test_run ();
}
