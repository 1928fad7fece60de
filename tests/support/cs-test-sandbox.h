/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Runs connector-studio-sandbox ($CS_SANDBOX_BIN) as a child process for one
 * test: `--port 0` plus the given arguments. The sandbox prints its base URL
 * (e.g. "http://127.0.0.1:41234/") as the first line on stdout; start returns
 * once it has. stop sends SIGTERM and waits for a clean exit (the test fails
 * if the sandbox exits non-zero).
 */
typedef struct _CsTestSandbox CsTestSandbox;

/* NULL-terminated list of extra arguments, e.g. "--no-tls", "--nodes", "3", NULL. */
CsTestSandbox *cs_test_sandbox_start      (const char     *first_arg,
                                           ...) G_GNUC_NULL_TERMINATED;
CsTestSandbox *cs_test_sandbox_startv     (const char * const *args);
/* The same, writing stdin_text (e.g. "password\n") to the sandbox's stdin
 * first, for --password-stdin and --aws-secret-key-stdin. */
CsTestSandbox *cs_test_sandbox_startv_with_stdin (const char * const *args,
                                                  const char         *stdin_text);
const char    *cs_test_sandbox_get_url    (CsTestSandbox  *sandbox);
void           cs_test_sandbox_stop       (CsTestSandbox  *sandbox);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTestSandbox, cs_test_sandbox_stop)

G_END_DECLS
