/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reference for the start-up benchmark: the smallest libadwaita window
 * that shows a header bar and a status page, reporting its first frame the
 * way Connector Studio's window does with CS_BENCHMARK_FIRST_FRAME. */
#include <adwaita.h>

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  static gboolean reported;

  if (reported)
    return;
  reported = TRUE;
  g_printerr ("FIRST_FRAME_REALTIME_US %" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_printerr ("FIRST_FRAME_RENDERER %s\n",
              G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Minimal");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "network-server-symbolic");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.connectorstudio.BenchMinimal",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
