/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint        major, minor;          /* simulated OpenSearch version, e.g. 2, 19 */
  gboolean     aws_managed;           /* --aws-managed: roleArn credentials accepted */
  /* ≥3.7 the resolved URL is checked again at predict time; NULL = no check. */
  gboolean   (*url_trusted) (const char *url,
                             gpointer    data);
  gpointer     url_trusted_data;
  /* From the test/demo control API, or NULL: "throttling", "expired-token",
   * "invalid-signature", "access-denied", "internal", "timeout", "empty-error",
   * "empty-success". */
  const char  *forced_bedrock_error;
  /* The predict ran on another node than the one that took the request: dataAsMap crossed the
   * transport layer, which makes every number a double again even ≥3.5 (§5.3). */
  gboolean     transported;
} SbPredictContext;

/* Runs ML Commons' predict for a remote model: `connector` is the stored connector (with its
 * "credential" object and string-valued "parameters"), `request` the parsed predict request body
 * (may be NULL for an empty body). Returns the HTTP status and sets *response to the JSON body
 * ML Commons would answer (success envelope §5.2 or error envelope §6). */
guint  sb_predict_run      (const SbPredictContext  *ctx,
                            JsonObject              *connector,
                            JsonNode                *request,
                            JsonNode               **response);
/* The text to send for a predict response node: numbers as OpenSearch writes them for the
 * version (dataAsMap's doubles as "9.0" up to 3.4; json-glib's generator would print "9"). */
char  *sb_predict_to_json  (JsonNode                *response,
                            guint                    major,
                            guint                    minor);

G_END_DECLS
