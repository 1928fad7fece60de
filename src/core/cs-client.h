/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TYPE_CLIENT (cs_client_get_type ())

G_DECLARE_FINAL_TYPE (CsClient, cs_client, CS, CLIENT, GObject)

typedef enum
{
  CS_REQUEST_FLAGS_NONE       = 0,
  /* No client-side timeout (predict with extended thinking can take minutes);
   * the request still ends on cancellation. */
  CS_REQUEST_FLAGS_NO_TIMEOUT = 1 << 0,
} CsRequestFlags;

/*
 * A client for one cluster. Every request is asynchronous; JSON goes in and
 * comes out as JsonNode. Failures are CS_ERROR errors whose message is a
 * translated sentence for the user (see cs-error.h).
 *
 * The contract every module codes against:
 *
 *   cs_client_request_async (client, "POST", "_plugins/_ml/connectors/_create",
 *                            body, CS_REQUEST_FLAGS_NONE, cancellable, cb, data);
 *   JsonNode *answer = cs_client_request_finish (client, result, &error);
 *
 * `path` is relative to the cluster URL (no leading slash) and may carry a
 * query string. `body` may be NULL (no body is sent).
 */

/* A client for a plain URL without authentication (tests, the sandbox). */
CsClient   *cs_client_new_for_url       (const char          *base_url,
                                         GError             **error);

const char *cs_client_get_base_url      (CsClient            *self);

void        cs_client_request_async     (CsClient            *self,
                                         const char          *method,
                                         const char          *path,
                                         JsonNode            *body,
                                         CsRequestFlags       flags,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Returns the parsed answer (a JSON null node when the body is empty). On
 * failure returns NULL and sets a CS_ERROR (or G_IO_ERROR_CANCELLED). */
JsonNode   *cs_client_request_finish    (CsClient            *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
