/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_SANDBOX_LAUNCHER (cs_sandbox_launcher_get_type ())

G_DECLARE_FINAL_TYPE (CsSandboxLauncher, cs_sandbox_launcher, CS, SANDBOX_LAUNCHER, GObject)

/*
 * Runs connector-studio-sandbox, the local simulated cluster, as a child
 * process: HTTPS on 127.0.0.1 with a random port, user "admin" and a fresh
 * random password (written to its stdin, never on a command line), its
 * self-signed certificate written to a private temporary file.
 */

/* $CS_SANDBOX_BIN, else next to the running program, else in the install
 * bindir; NULL when there is none. */
char              *cs_sandbox_launcher_find_binary   (void);

CsSandboxLauncher *cs_sandbox_launcher_new           (const char          *binary);

void               cs_sandbox_launcher_start_async   (CsSandboxLauncher   *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           cs_sandbox_launcher_start_finish  (CsSandboxLauncher   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Valid after a successful start. */
const char        *cs_sandbox_launcher_get_url       (CsSandboxLauncher   *self);
const char        *cs_sandbox_launcher_get_user      (CsSandboxLauncher   *self);
const char        *cs_sandbox_launcher_get_password  (CsSandboxLauncher   *self);
/* The PEM file the sandbox wrote its certificate to, or NULL (plain HTTP). */
const char        *cs_sandbox_launcher_get_cert_file (CsSandboxLauncher   *self);

/* SIGTERM, then waits for it to exit (briefly); removes the certificate file. */
void               cs_sandbox_launcher_stop          (CsSandboxLauncher   *self);

G_END_DECLS
