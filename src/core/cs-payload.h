/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cs-version.h"

G_BEGIN_DECLS

/*
 * What ML Commons will send to Bedrock for a _predict call, rendered offline
 * the way the remote connector executor does it: the predict action's
 * request_body and url with ${parameters.*} placeholders filled from the
 * connector parameters (raw) and the predict parameters (strings escaped with
 * escapeJson, JSON objects and arrays inserted as JSON).
 */
typedef struct
{
  char     *body;        /* the rendered request body (never NULL) */
  char     *url;         /* the rendered action URL, NULL without a predict action */
  GStrv     unfilled;    /* names of placeholders left unfilled in body (empty, never NULL) */
  gboolean  valid_json;  /* body is JSON as ML Commons wants it: an object or an array (or NDJSON) */
  char     *problem;     /* ML Commons' error text for this body, or NULL when it would send it */
} CsPayloadPreview;

/* connector: a connector body as the app would send it to _create
 * ("parameters" may hold numbers or booleans: they are converted to strings
 * as ML Commons stores them); predict_parameters: the "parameters" object of
 * a _predict body, may be NULL. version may be NULL (latest behaviour). */
CsPayloadPreview *cs_payload_preview_new  (JsonObject      *connector,
                                           JsonObject      *predict_parameters,
                                           const CsVersion *version);
void              cs_payload_preview_free (CsPayloadPreview *preview);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPayloadPreview, cs_payload_preview_free)

/* The predict parameters of the blueprint's own test call (steps 2.3 and
 * 3.3): a system prompt and one user message, "hello world". The Connectors
 * page previews the payload with them. A new object each time. */
JsonObject       *cs_payload_sample_predict_parameters (void);

/* Apache commons-text StringEscapeUtils.escapeJson: escapes ", \, /, the
 * control characters and every non-ASCII character as \uXXXX (upper-case
 * hex, UTF-16 surrogate pairs). */
char             *cs_payload_escape_json  (const char      *text);

G_END_DECLS
