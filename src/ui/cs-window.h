/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-application.h"
#include "cs-interaction.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())

G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow   *cs_window_new            (CsApplication *application);
void        cs_window_show_page      (CsWindow      *self,
                                      const char    *name);
const char *cs_window_get_page_name  (CsWindow      *self);
GtkWidget  *cs_window_get_page       (CsWindow      *self,
                                      const char    *name);
/* Answers the core flows' questions with dialogs on this window. */
CsInteraction *cs_window_get_interaction (CsWindow  *self);
void        cs_window_add_toast      (CsWindow      *self,
                                      AdwToast      *toast);
void        cs_widget_show_toast     (GtkWidget     *widget,
                                      const char    *text);

G_END_DECLS
