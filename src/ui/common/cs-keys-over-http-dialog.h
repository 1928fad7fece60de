/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The question asked before a connector's AWS keys are sent to a cluster
 * over plain http:// (creating, editing or rotating keys): responses
 * "cancel" (the default and close response) and "send". The caller connects
 * to "response" and presents it. */
AdwMessageDialog *cs_keys_over_http_dialog_new (GtkWindow  *parent,
                                                const char *cluster_url);

G_END_DECLS
