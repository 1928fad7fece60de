/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-client.h"

G_BEGIN_DECLS

/*
 * The sandbox's control API (`/_sandbox/`, src/sandbox/README.md) through a
 * CsClient: fault injection and the request log. Each call waits for its
 * answer and fails the test when the sandbox refuses.
 */

/* One request, waited for; the answer or NULL with the error. */
JsonNode *cs_test_control_request    (CsClient    *client,
                                      const char  *method,
                                      const char  *path,
                                      JsonNode    *body,
                                      GError     **error);
/* POST /_sandbox/faults {"spec": spec} */
void      cs_test_add_fault          (CsClient    *client,
                                      const char  *spec);
/* DELETE /_sandbox/faults */
void      cs_test_clear_faults       (CsClient    *client);
/* DELETE /_sandbox/requests */
void      cs_test_forget_requests    (CsClient    *client);
/* How many requests in the sandbox's log have this method and a path that
 * matches the glob (e.g. "/_plugins/_ml/connectors/_create"). */
guint     cs_test_count_requests     (CsClient    *client,
                                      const char  *method,
                                      const char  *path_glob);

G_END_DECLS
