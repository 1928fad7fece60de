/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-ui-test-utils.h"

#include "cs-test-utils.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#endif

gboolean
cs_ui_test_init (int    *argc,
                 char ***argv)
{
  g_autofree char *home = g_dir_make_tmp ("cs-ui-test-XXXXXX", NULL);
  const char *subdirs[][2] = {
    { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_STATE_HOME", "state" },
  };

  /* G_TEST_OPTION_ISOLATE_DIRS would also replace XDG_DATA_DIRS, which hides
   * the shared MIME database and the icon themes from GTK. Only the user's own
   * folders are made private here, before GLib reads them. */
  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, subdirs[i][1], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (subdirs[i][0], dir, TRUE);
    }

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      /* TAP: a plan of zero tests with a reason. build-aux/test always runs
       * the UI tests under Xvfb, so CI never takes this path. */
      printf ("1..0 # SKIP no display\n");
      return FALSE;
    }

  adw_init ();
  return TRUE;
}

/* GTK logs through the structured log API, which g_test_log_set_fatal_handler()
 * does not reach: warnings are made non-fatal by default and this writer makes
 * every one fatal again but that one. */
static GLogWriterOutput
tolerant_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "without a current allocation") != NULL)
    {
      g_test_message ("GTK warned (not fatal here): %s", message);
      return G_LOG_WRITER_HANDLED;
    }
  g_log_writer_default (log_level, fields, n_fields, user_data);
  if ((log_level & G_LOG_LEVEL_WARNING) != 0)
    abort ();   /* as g_test_init() makes every warning fatal */
  return G_LOG_WRITER_HANDLED;
}

void
cs_ui_test_tolerate_unallocated_snapshot (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (tolerant_writer, NULL, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

void
cs_ui_test_wait_for_draw (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;
  gint64 deadline = cs_test_deadline (10000);

  g_assert_nonnull (native);
  while (!gtk_widget_get_mapped (GTK_WIDGET (native)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (native)));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (native));
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (native));
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

typedef struct
{
  GtkWidget *window;
  int        width, height;
} SizeWait;

static gboolean
size_changed (gpointer data)
{
  SizeWait *wait = data;

  return gtk_widget_get_width (wait->window) != wait->width
         || gtk_widget_get_height (wait->window) != wait->height;
}

void
cs_ui_test_resize (GtkWindow *window,
                   int        width,
                   int        height)
{
  SizeWait wait = { GTK_WIDGET (window), gtk_widget_get_width (GTK_WIDGET (window)),
                    gtk_widget_get_height (GTK_WIDGET (window)) };

  gtk_window_set_default_size (window, width, height);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    cs_ui_test_wait_until (size_changed, &wait, 1000);
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
}

static gboolean
spin_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
cs_ui_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
cs_ui_test_wait_until (gboolean (*condition) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gint64 deadline = cs_test_deadline (timeout_ms);

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return condition (data);
      cs_ui_test_spin (20);
    }
  return TRUE;
}

typedef struct
{
  GdkPaintable  *paintable;
  GskRenderNode *node;
  int            width;
  int            height;
  gboolean       done;
} Snap;

static void
snap_after_paint_cb (GdkFrameClock *clock,
                     Snap          *snap)
{
  GtkSnapshot *snapshot;

  if (snap->done)
    return;
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (snap->paintable, snapshot, snap->width, snap->height);
  snap->node = gtk_snapshot_free_to_node (snapshot);
  snap->done = TRUE;
}

char *
cs_ui_test_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));
  const char *dir = g_getenv ("CS_TEST_LOG_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path;
  GskRenderer *renderer;
  int width = 0, height = 0;
  graphene_rect_t bounds;

  paintable = gtk_widget_paintable_new (native);

  /* Right after a dialog closes or the window resizes, the window may have no
   * render node until its next frame: wait for frames until there is one. The
   * snapshot is taken right after a frame painted (Snap), when every widget
   * has its allocation; between frames a widget that was just shown or
   * resized has none, and GTK warns. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      Snap snap = { paintable, NULL, 0, 0, FALSE };
      GdkFrameClock *clock;
      gulong id;
      gint64 deadline = cs_test_deadline (10000);

      cs_ui_test_wait_for_draw (native);
      clock = gtk_widget_get_frame_clock (native);
      snap.width = gtk_widget_get_width (native);
      snap.height = gtk_widget_get_height (native);
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (snap_after_paint_cb), &snap);
      gtk_widget_queue_draw (native);
      while (!snap.done && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, id);
      width = snap.width;
      height = snap.height;
      node = snap.node;
      if (node == NULL)
        cs_ui_test_spin (20);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (native));
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  g_assert_nonnull (texture);

  if (dir == NULL)
    dir = ".";
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
cs_ui_test_find (GtkWidget     *root,
                 CsUiTestMatch  match,
                 gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cs_ui_test_find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
cs_ui_test_find_by_type (GtkWidget *root,
                         GType      type)
{
  return cs_ui_test_find (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text_substring)
{
  const char *text;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_visible (widget))
    return FALSE;
  text = gtk_label_get_text (GTK_LABEL (widget));
  return text != NULL && strstr (text, text_substring) != NULL;
}

GtkWidget *
cs_ui_test_find_label (GtkWidget  *root,
                       const char *text_substring)
{
  return cs_ui_test_find (root, is_label_with, text_substring);
}

static gboolean
is_button_with (GtkWidget     *widget,
                gconstpointer  label_or_tooltip)
{
  return GTK_IS_BUTTON (widget) &&
         (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label_or_tooltip) == 0 ||
          g_strcmp0 (gtk_widget_get_tooltip_text (widget), label_or_tooltip) == 0);
}

GtkWidget *
cs_ui_test_find_button (GtkWidget  *root,
                        const char *label_or_tooltip)
{
  return cs_ui_test_find (root, is_button_with, label_or_tooltip);
}

/* ---- the keyboard ---- */

#ifdef GDK_WINDOWING_X11
/* libXtst is loaded at run time: its headers are not installed, the library is
 * (AT-SPI needs it). */
typedef int (*FakeKeyEvent) (Display *display, unsigned int keycode, Bool is_press,
                             unsigned long delay);

static FakeKeyEvent
fake_key_event (void)
{
  static GModule *module;
  static FakeKeyEvent function;

  if (module == NULL)
    {
      module = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module == NULL ||
          !g_module_symbol (module, "XTestFakeKeyEvent", (gpointer *) &function))
        function = NULL;
    }
  return function;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* Lets GTK take the events the server has sent. */
static void
take_events (Display *xdisplay)
{
  XSync (xdisplay, False);
  for (guint i = 0; i < 1000 && XPending (xdisplay) > 0; i++)
    g_main_context_iteration (NULL, FALSE);
  cs_ui_test_spin (20);
}

typedef struct
{
  guint keycode;
  guint seen;
  guint focus_changes;
} KeySeen;

static void
active_changed_cb (GtkWindow  *window,
                   GParamSpec *pspec,
                   KeySeen    *seen)
{
  seen->focus_changes++;
}

static gboolean
key_seen_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             KeySeen               *seen)
{
  if (keycode == seen->keycode)
    seen->seen++;
  return FALSE;
}

static void
fake_key (Display *xdisplay,
          KeySym   keysym,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (code, !=, 0);
  fake_key_event () (xdisplay, code, press, CurrentTime);
}
#endif

gboolean
cs_ui_test_keyboard_available (GtkWidget *widget)
{
#ifdef GDK_WINDOWING_X11
  return GDK_IS_X11_DISPLAY (gtk_widget_get_display (widget)) && fake_key_event () != NULL;
#else
  return FALSE;
#endif
}

gboolean
cs_ui_test_press_key (GtkWindow       *window,
                      guint            keyval,
                      GdkModifierType  modifiers)
{
#ifdef GDK_WINDOWING_X11
  Display *xdisplay;
  GdkSurface *surface;
  KeyCode code;
  gboolean shift = (modifiers & GDK_SHIFT_MASK) != 0;
  GtkEventController *controller;
  KeySeen seen = { 0, 0, 0 };
  gulong active_id;

  if (!cs_ui_test_keyboard_available (GTK_WIDGET (window)))
    return FALSE;
  xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));

  /* A character that needs Shift (a capital, "!", ":") gets it. */
  code = XKeysymToKeycode (xdisplay, keyval);
  g_assert_cmpuint (code, !=, 0);
  if (XkbKeycodeToKeysym (xdisplay, code, 0, 0) != keyval &&
      XkbKeycodeToKeysym (xdisplay, code, 0, 1) == keyval)
    shift = TRUE;

  /* The X input focus belongs to the whole display: another program (a test
   * running beside this one) may take it between two keys. The window sees
   * its own key presses first (capture phase); a press it did not get is
   * made again once it has the focus back. */
  g_object_ref (window);
  seen.keycode = code;
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_seen_cb), &seen);
  gtk_widget_add_controller (GTK_WIDGET (window), g_object_ref (controller));
  active_id = g_signal_connect (window, "notify::is-active", G_CALLBACK (active_changed_cb),
                                &seen);

  for (guint attempt = 0; attempt < 5; attempt++)
    {
      /* The window on top gets the keys, as a window manager would do it. */
      if (!gtk_window_is_active (window))
        {
          surface = gtk_native_get_surface (GTK_NATIVE (window));
          XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent,
                          CurrentTime);
          take_events (xdisplay);
          g_assert_true (cs_ui_test_wait_until (window_active, window, 5000));
        }

      if (modifiers & GDK_CONTROL_MASK)
        fake_key (xdisplay, XK_Control_L, TRUE);
      if (modifiers & GDK_ALT_MASK)
        fake_key (xdisplay, XK_Alt_L, TRUE);
      if (shift)
        fake_key (xdisplay, XK_Shift_L, TRUE);
      seen.focus_changes = 0;
      fake_key_event () (xdisplay, code, True, CurrentTime);
      fake_key_event () (xdisplay, code, False, CurrentTime);
      if (shift)
        fake_key (xdisplay, XK_Shift_L, FALSE);
      if (modifiers & GDK_ALT_MASK)
        fake_key (xdisplay, XK_Alt_L, FALSE);
      if (modifiers & GDK_CONTROL_MASK)
        fake_key (xdisplay, XK_Control_L, FALSE);
      take_events (xdisplay);
      /* Seen, or taken by the window before this controller while it kept
       * the focus: done. Otherwise it went to the window that took the focus. */
      if (seen.seen > 0 || (seen.focus_changes == 0 && gtk_window_is_active (window)))
        break;
      g_test_message ("key %s went to another window; pressing it again",
                      gdk_keyval_name (keyval));
    }
  g_signal_handler_disconnect (window, active_id);
  /* The key may have closed the window, which then dropped its controllers. */
  if (gtk_event_controller_get_widget (controller) == GTK_WIDGET (window))
    gtk_widget_remove_controller (GTK_WIDGET (window), controller);
  g_object_unref (controller);
  g_object_unref (window);
  return TRUE;
#else
  return FALSE;
#endif
}

void
cs_ui_test_type_text (GtkWindow  *window,
                      const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guint keyval = *p == ' ' ? GDK_KEY_space : gdk_unicode_to_keyval ((guchar) *p);

      g_assert_true (g_ascii_isprint (*p));
      g_assert_true (cs_ui_test_press_key (window, keyval, 0));
    }
}

const char *
cs_ui_test_focus_place (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (ADW_IS_PREFERENCES_ROW (w))
        return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
      if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
        return gtk_button_get_label (GTK_BUTTON (w));
    }
  return NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
cs_ui_test_find_by_name (GtkWidget  *root,
                         const char *name)
{
  return cs_ui_test_find (root, is_named, name);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
cs_ui_test_find_row (GtkWidget  *root,
                     const char *title)
{
  return cs_ui_test_find (root, is_row_titled, title);
}

AdwMessageDialog *
cs_ui_test_find_dialog (const char *heading_part)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)) != NULL &&
          strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading_part))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

AdwMessageDialog *
cs_ui_test_wait_for_dialog (const char *heading_part)
{
  gint64 deadline = cs_test_deadline (15000);
  AdwMessageDialog *dialog;

  while ((dialog = cs_ui_test_find_dialog (heading_part)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return dialog;
}
