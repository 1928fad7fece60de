/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

void        sb_config_clear           (SbConfig    *config);

/* Creates the server: loads state, applies CLI faults; listens on 127.0.0.1. */
SbServer   *sb_server_new             (SbConfig    *config,
                                       GError     **error);
void        sb_server_free            (SbServer    *server);
const char *sb_server_get_url         (SbServer    *server);

G_END_DECLS
