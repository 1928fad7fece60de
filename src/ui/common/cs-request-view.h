/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The exact request a confirmation is about to send (Cluster Settings'
 * trusted endpoints, Preflight Checks' fixes): read-only monospace text in a
 * card, wrapped so that a long pattern is read whole rather than cut at the
 * dialog's edge, scrolling past max_height. Named "Request to be sent" for
 * screen readers.
 */
GtkWidget *cs_request_view_new (const char *text,
                                int         min_height);

G_END_DECLS
