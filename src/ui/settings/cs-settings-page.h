/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"
#include "cs-trusted-endpoints.h"

G_BEGIN_DECLS

#define CS_TYPE_SETTINGS_PAGE (cs_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (CsSettingsPage, cs_settings_page, CS, SETTINGS_PAGE, AdwBin)

/*
 * Cluster Settings: the trusted connector endpoints. Other pages send the
 * user here with gtk_widget_activate_action (w, "win.show-page", "s", "settings").
 * After every read of the list (a change made here included) the page puts
 * it on the session's "trusted-list", which the other pages check URLs
 * against. It follows the session through a GSignalGroup.
 */

CsSession     *cs_settings_page_get_session      (CsSettingsPage *self);
void           cs_settings_page_set_session      (CsSettingsPage *self,
                                                  CsSession      *session);
/* The list last read from the cluster ("trusted-list" property, notified);
 * NULL while not connected, loading or after a failure. */
CsTrustedList *cs_settings_page_get_trusted_list (CsSettingsPage *self);

G_END_DECLS
