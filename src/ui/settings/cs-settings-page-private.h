/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-settings-page.h"

G_BEGIN_DECLS

/* For tests: puts url into "Test a URL" (the tester runs at once). */
void cs_settings_page_set_test_url (CsSettingsPage *self,
                                    const char     *url);

G_END_DECLS
