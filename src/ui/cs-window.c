/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-window"

#include "config.h"

#include "cs-window.h"

#include <glib/gi18n.h>

#include "cs-connections-page.h"
#include "cs-connectors-page.h"
#include "cs-models-page.h"
#include "cs-playground-page.h"
#include "cs-conversation-store.h"
#include "cs-preflight-page.h"
#include "cs-settings-page.h"
#include "cs-subview.h"
#include "cs-window-interaction.h"

struct _CsWindow
{
  AdwApplicationWindow parent_instance;

  /* Template Widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkBox          *content_box;
  GtkListBox      *sidebar_list;
  AdwViewStack    *stack;
  AdwWindowTitle  *content_title;
  GtkWidget       *back_button;
  GtkWidget       *primary_menu_button;
  GMenuModel      *primary_menu;

  /* Owned References */
  GSettings       *settings;
  CsInteraction   *interaction;
  CsSession       *session;
  GSignalGroup    *subview_signals;  /* the visible page, when it has sub-views */
};

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)


/* The pages built when first shown; the stack holds an empty AdwBin for each
 * until then (cs-window.ui). */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} lazy_pages[] = {
  { "connections", cs_connections_page_get_type },
  { "preflight", cs_preflight_page_get_type },
  { "settings", cs_settings_page_get_type },
  { "connectors", cs_connectors_page_get_type },
  { "models", cs_models_page_get_type },
  { "playground", cs_playground_page_get_type },
};

static void
give_page_the_session (GtkWidget *page,
                       CsSession *session)
{
  if (session != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "session"))
    g_object_set (page, "session", session, NULL);
}

/* The page named `name`, built now if this is its first use; NULL if there is
 * no such page. */
static GtkWidget *
ensure_page (CsWindow   *self,
             const char *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, name);
  GtkWidget *page;

  if (child == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (lazy_pages); i++)
    {
      if (!g_str_equal (lazy_pages[i].name, name))
        continue;
      page = adw_bin_get_child (ADW_BIN (child));
      if (page != NULL)
        return page;

      page = g_object_new (lazy_pages[i].get_type (), NULL);
      adw_bin_set_child (ADW_BIN (child), page);
      /* Its problems as the sidebar row's badge. */
      if (CS_IS_PREFLIGHT_PAGE (page))
        g_object_bind_property (page, "n-problems", adw_view_stack_get_page (self->stack, child),
                                "badge-number", G_BINDING_SYNC_CREATE);
      /* The Playground's conversation is kept between runs. */
      if (CS_IS_PLAYGROUND_PAGE (page))
        {
          g_autofree char *saved = cs_conversation_store_default_path ();

          cs_playground_page_set_saved_path (CS_PLAYGROUND_PAGE (page), saved);
        }
      give_page_the_session (page, self->session);
      return page;
    }
  return child;
}

static const char *
row_page_name (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "cs-page-name");
}

/* A page's badge-number (the preflight page's problems) as the sidebar row's badge. */
static gboolean
badge_text_transform (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  g_value_take_string (to, g_strdup_printf ("%u", g_value_get_uint (from)));
  return TRUE;
}

static gboolean
badge_visible_transform (GBinding     *binding,
                         const GValue *from,
                         GValue       *to,
                         gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static void
badge_number_changed_cb (AdwViewStackPage *page,
                         GParamSpec       *pspec,
                         GtkWidget        *badge)
{
  guint n = adw_view_stack_page_get_badge_number (page);
  g_autofree char *text = g_strdup_printf (ngettext ("%u problem", "%u problems", n), n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static GtkWidget *
create_sidebar_row (CsWindow         *self,
                    AdwViewStackPage *page)
{
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name (adw_view_stack_page_get_icon_name (page));
  GtkWidget *label = gtk_label_new (adw_view_stack_page_get_title (page));
  GtkWidget *chevron = g_object_new (GTK_TYPE_IMAGE,
                                     "icon-name", "go-next-symbolic",
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                     NULL);

  gtk_widget_add_css_class (icon, "sidebar-row-icon");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  /* Folded, the list leads to a page: say so, as GNOME's own lists do. */
  g_object_bind_property (self->leaflet, "folded", chevron, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (badge, "sidebar-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  g_object_bind_property_full (page, "badge-number", badge, "label", G_BINDING_SYNC_CREATE,
                               badge_text_transform, NULL, NULL, NULL);
  g_object_bind_property_full (page, "badge-number", badge, "visible", G_BINDING_SYNC_CREATE,
                               badge_visible_transform, NULL, NULL, NULL);
  g_signal_connect_object (page, "notify::badge-number", G_CALLBACK (badge_number_changed_cb),
                           badge, 0);
  badge_number_changed_cb (page, NULL, badge);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), chevron);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_view_stack_page_get_title (page),
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "cs-page-name",
                          g_strdup (adw_view_stack_page_get_name (page)), g_free);
  return row;
}

static void
populate_sidebar (CsWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_list_box_append (self->sidebar_list, create_sidebar_row (self, page));
    }
}

static void
sync_sidebar_selection (CsWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (row_page_name (GTK_LIST_BOX_ROW (child)), name) == 0)
        {
          if (gtk_list_box_get_selected_row (self->sidebar_list) != GTK_LIST_BOX_ROW (child))
            gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          break;
        }
    }
}

/* The page shown: the stack's visible child, or the page in its slot. */
static GtkWidget *
visible_page (CsWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);

  if (child != NULL && G_OBJECT_TYPE (child) == ADW_TYPE_BIN)   /* a slot (see lazy_pages) */
    return adw_bin_get_child (ADW_BIN (child));
  return child;
}

/* The page's sub-view (the profile editor), when it shows one. */
static const char *
visible_subview_title (CsWindow *self)
{
  GtkWidget *child = visible_page (self);

  return CS_IS_SUBVIEW (child) ? cs_subview_get_subview_title (CS_SUBVIEW (child)) : NULL;
}

/* The content's header: the page's title, or its sub-view's with a back
 * button to the page; folded, the back button leads to the sidebar. */
static void
sync_content_header (CsWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);
  const char *page_title = NULL;
  const char *subview_title = visible_subview_title (self);
  g_autofree char *back = NULL;

  if (self->back_button == NULL)  /* still building the template */
    return;
  if (child != NULL)
    page_title = adw_view_stack_page_get_title (adw_view_stack_get_page (self->stack, child));
  adw_window_title_set_title (self->content_title,
                              subview_title != NULL ? subview_title : page_title);
  /* Translators: the tooltip of the header's back button in a sub-view, e.g. "Back to
   * Connections" */
  back = subview_title != NULL ? g_strdup_printf (_("Back to %s"), page_title)
                               : g_strdup (_("Back"));
  gtk_widget_set_tooltip_text (self->back_button, back);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, back, -1);
  gtk_widget_set_visible (self->back_button,
                          subview_title != NULL || adw_leaflet_get_folded (self->leaflet));
}

static void
stack_visible_child_changed_cb (CsWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);
  GtkWidget *shown;

  if (child != NULL)
    {
      AdwViewStackPage *page = adw_view_stack_get_page (self->stack, child);
      gboolean built = G_OBJECT_TYPE (child) == ADW_TYPE_BIN
                       && adw_bin_get_child (ADW_BIN (child)) == NULL;
      GtkWidget *focus;

      ensure_page (self, adw_view_stack_page_get_name (page));
      focus = gtk_root_get_focus (GTK_ROOT (self));
      /* The stack moved the keyboard focus from the page it hid into the one
       * it showed, but that was still an empty slot: into the page now. */
      if (built && gtk_widget_get_mapped (GTK_WIDGET (self))
          && (focus == NULL || !gtk_widget_is_drawable (focus)))
        gtk_widget_child_focus (adw_bin_get_child (ADW_BIN (child)), GTK_DIR_TAB_FORWARD);
      g_settings_set_string (self->settings, "last-page", adw_view_stack_page_get_name (page));
    }
  shown = visible_page (self);
  g_signal_group_set_target (self->subview_signals, CS_IS_SUBVIEW (shown) ? shown : NULL);
  sync_content_header (self);
  sync_sidebar_selection (self);
}

static void
sidebar_row_selected_cb (CsWindow      *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    adw_view_stack_set_visible_child_name (self->stack, row_page_name (row));
}

static void
sidebar_row_activated_cb (CsWindow      *self,
                          GtkListBoxRow *row)
{
  /* Folded, the list selects nothing, so the activated row names the page. */
  adw_view_stack_set_visible_child_name (self->stack, row_page_name (row));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (CsWindow *self)
{
  GtkWidget *child = visible_page (self);

  if (visible_subview_title (self) != NULL)
    cs_subview_go_back (CS_SUBVIEW (child));
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* GtkListBox moves Tab from row to row, and in the sidebar each row it passes
 * selects its page: Tab from the Connections row ended on the Playground.
 * Tab leaves the sidebar for the shown page, as in GNOME's own sidebars; the
 * arrow keys move between the rows. */
static gboolean
sidebar_tab_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  CsWindow *self = CS_WINDOW (user_data);

  /* Folded, the sidebar is a page of its own that selects nothing. */
  if (adw_leaflet_get_folded (self->leaflet))
    return FALSE;
  if (g_variant_get_boolean (args))
    return gtk_widget_child_focus (self->primary_menu_button, GTK_DIR_TAB_BACKWARD) ||
           gtk_widget_grab_focus (self->primary_menu_button);
  return gtk_widget_child_focus (GTK_WIDGET (self->content_box), GTK_DIR_TAB_FORWARD);
}

static void
add_sidebar_tab_shortcuts (CsWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const struct { guint keyval; GdkModifierType modifiers; gboolean backward; } keys[] = {
    { GDK_KEY_Tab, 0, FALSE }, { GDK_KEY_KP_Tab, 0, FALSE },
    { GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, TRUE }, { GDK_KEY_Tab, GDK_SHIFT_MASK, TRUE },
    { GDK_KEY_KP_Tab, GDK_SHIFT_MASK, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].modifiers),
                          gtk_callback_action_new (sidebar_tab_cb, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_boolean (keys[i].backward));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->sidebar_list), controller);
}

static void
leaflet_folded_changed_cb (CsWindow *self)
{
  /* Folded, the list is a menu to pick from, so nothing stays selected. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_NONE);
  else
    {
      gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_BROWSE);
      sync_sidebar_selection (self);
    }
  sync_content_header (self);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  cs_window_show_page (self, g_variant_get_string (parameter, NULL));
}

/* The lifecycle fixes other pages lead to (the Playground's "Open Connector"). */
static void
edit_connector_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkWidget *page = cs_window_get_page (CS_WINDOW (widget), "connectors");

  cs_window_show_page (CS_WINDOW (widget), "connectors");
  if (CS_IS_CONNECTORS_PAGE (page))
    cs_connectors_page_edit_connector (CS_CONNECTORS_PAGE (page),
                                       g_variant_get_string (parameter, NULL));
}

/* The Connectors page's "Register a Model": the Models page's register form,
 * with the keyboard focus on its first field. */
static void
register_model_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkWidget *page = cs_window_get_page (CS_WINDOW (widget), "models");

  cs_window_show_page (CS_WINDOW (widget), "models");
  if (page != NULL)
    gtk_widget_activate_action (page, "models.show-register", NULL);
}

/* The Models page's "Open in Playground": the Playground, with the keyboard
 * focus in the message field. */
static void
open_playground_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GtkWidget *page = cs_window_get_page (CS_WINDOW (widget), "playground");

  cs_window_show_page (CS_WINDOW (widget), "playground");
  if (CS_IS_PLAYGROUND_PAGE (page))
    cs_playground_page_focus_composer (CS_PLAYGROUND_PAGE (page));
}

static void
save_window_state (CsWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
cs_window_close_request (GtkWindow *window)
{
  CsWindow *self = CS_WINDOW (window);

  save_window_state (self);

  return GTK_WINDOW_CLASS (cs_window_parent_class)->close_request (window);
}

/* Preflight Checks runs its checks when a cluster is connected, and the
 * sidebar shows how many problems they found: it is built then if it was not. */
static void
session_state_cb (CsWindow *self)
{
  if (self->session != NULL && cs_session_get_state (self->session) == CS_SESSION_CONNECTED)
    ensure_page (self, "preflight");
}

/* Every page that has a "session" property gets the application's session:
 * those built so far now, the others when they are built. */
static void
give_pages_the_session (CsWindow  *self,
                        CsSession *session)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb), self,
                               G_CONNECT_SWAPPED);
      session_state_cb (self);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (G_OBJECT_TYPE (child) == ADW_TYPE_BIN)   /* a slot (see lazy_pages) */
        child = adw_bin_get_child (ADW_BIN (child));
      if (child != NULL)
        give_page_the_session (child, session);
    }
}

/* The main menu and the shortcuts window are built when first opened, not
 * with the window: together they are some eighty widgets nobody sees at
 * start-up. */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  CsWindow *self = CS_WINDOW (user_data);

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkApplicationWindow *self = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (self);

  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PATH "/ui/cs-shortcuts-window.ui");

      /* The window keeps it, and shows the application's accelerators in it. */
      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
      gtk_application_window_set_help_overlay (self, shortcuts);
    }
  gtk_window_present (GTK_WINDOW (shortcuts));
}

/* For build-aux/bench: with CS_BENCHMARK_FIRST_FRAME set, print the wall
 * clock time of the first painted frame and the renderer that painted it on
 * stderr, then quit. The script that started the process subtracts its own
 * start time. */
static void
first_frame_painted_cb (GdkFrameClock *clock,
                        CsWindow      *self)
{
  static gboolean reported;
  GApplication *app;

  if (reported)
    return;
  reported = TRUE;

  g_printerr ("FIRST_FRAME_REALTIME_US %" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_printerr ("FIRST_FRAME_RENDERER %s\n",
              G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (self))));
  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app != NULL)
    g_application_quit (app);
}

static void
cs_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cs_window_parent_class)->realize (widget);

  if (g_getenv ("CS_BENCHMARK_FIRST_FRAME") != NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (first_frame_painted_cb), widget, 0);
}

static void
cs_window_constructed (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);
  g_autofree char *last_page = NULL;

  G_OBJECT_CLASS (cs_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  populate_sidebar (self);

  last_page = g_settings_get_string (self->settings, "last-page");
  if (adw_view_stack_get_child_by_name (self->stack, last_page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, last_page);
  stack_visible_child_changed_cb (self);
}

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  if (self->subview_signals != NULL)
    g_signal_group_set_target (self->subview_signals, NULL);
  g_clear_object (&self->subview_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WINDOW);

  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_finalize (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->interaction);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cs_window_parent_class)->finalize (object);
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cs_window_constructed;
  object_class->dispose = cs_window_dispose;
  object_class->finalize = cs_window_finalize;

  window_class->close_request = cs_window_close_request;
  widget_class->realize = cs_window_realize;


  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.edit-connector", "s",
                                   edit_connector_action);
  gtk_widget_class_install_action (widget_class, "win.register-model", NULL,
                                   register_model_action);
  gtk_widget_class_install_action (widget_class, "win.open-playground", NULL,
                                   open_playground_action);
}

static void
cs_window_init (CsWindow *self)
{
  self->subview_signals = g_signal_group_new (GTK_TYPE_WIDGET);
  g_signal_group_connect_object (self->subview_signals, "notify::subview-title",
                                 G_CALLBACK (sync_content_header), self, G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->primary_menu_button),
                                         create_primary_menu_cb, self, NULL);

  self->settings = g_settings_new (BASE_APP_ID);
  self->interaction = cs_window_interaction_new (GTK_WINDOW (self));
  add_sidebar_tab_shortcuts (self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CsWindow *
cs_window_new (CsApplication *application)
{
  CsWindow *self;

  g_return_val_if_fail (CS_IS_APPLICATION (application), NULL);

  self = g_object_new (CS_TYPE_WINDOW, "application", application, NULL);
  give_pages_the_session (self, cs_application_get_session (application));
  return self;
}

void
cs_window_show_page (CsWindow   *self,
                     const char *name)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page named “%s”", name);
      return;
    }
  adw_view_stack_set_visible_child_name (self->stack, name);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_box));
}

const char *
cs_window_get_page_name (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

GtkWidget *
cs_window_get_page (CsWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return ensure_page (self, name);
}

CsInteraction *
cs_window_get_interaction (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->interaction;
}

void
cs_window_add_toast (CsWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * cs_widget_show_toast:
 * @widget: a widget inside a #CsWindow
 * @text: the toast's title
 *
 * Shows @text as a toast in the window that holds @widget. Does nothing when
 * @widget is not (or no longer) inside a #CsWindow, e.g. in a test that shows
 * a page on its own.
 */
void
cs_widget_show_toast (GtkWidget  *widget,
                      const char *text)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  root = gtk_widget_get_root (widget);
  if (CS_IS_WINDOW (root))
    cs_window_add_toast (CS_WINDOW (root), adw_toast_new (text));
}
