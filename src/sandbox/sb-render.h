/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sb-render: ML Commons' ${parameters.x} substitution for remote connectors, as the fact sheet's
 * §5.4 describes it (mlcommons-api.md). Pure functions, no server state, so the unit tests can
 * check every rule on its own. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SB_RENDER_ERROR (sb_render_error_quark ())

/* Each code stands for one Java exception ML Commons would throw. */
typedef enum
{
  SB_RENDER_ERROR_INVALID_PAYLOAD,    /* 400 illegal_argument_exception "Invalid payload: …" */
  SB_RENDER_ERROR_MISSING_PARAMETER,  /* 400 illegal_argument_exception "Some parameter … */
  SB_RENDER_ERROR_CYCLE,              /* 500 illegal_state_exception "Infinite loop in …" */
  SB_RENDER_ERROR_INDEX,              /* 500 string_index_out_of_bounds_exception */
  SB_RENDER_ERROR_PARSE,              /* 400 parsing_exception: "parameters" is not an object */
  SB_RENDER_ERROR_TOO_LARGE,          /* 500 m_l_exception: expansion beyond SB_RENDER_MAX_LENGTH */
} SbRenderError;

/* The sandbox stops a (recursive) expansion that grows past this many bytes; ML Commons would
 * run out of heap instead. */
#define SB_RENDER_MAX_LENGTH (16 * 1024 * 1024)

GQuark      sb_render_error_quark        (void);

/* The HTTP status and the OpenSearch error type of an SB_RENDER_ERROR code. */
guint       sb_render_error_status       (const GError *error);
const char *sb_render_error_type         (const GError *error);

/* TRUE when version major.minor is at least want_major.want_minor. */
gboolean    sb_render_version_at_least   (guint        major,
                                          guint        minor,
                                          guint        want_major,
                                          guint        want_minor);

/* Apache commons-text StringEscapeUtils.escapeJson: `"` `\` `/`, \b \f \n \r \t, other controls
 * and every character above 0x7E as \uXXXX (upper-case hex, UTF-16 surrogate pairs). */
char       *sb_render_escape_json        (const char  *text);

/* Gson's toJson of a string, with the quotes. html_safe adds Gson's default \u003c-style escapes of
 * < > & = ' (ML Commons ≤3.2). */
char       *sb_render_gson_string        (const char  *text,
                                          gboolean     html_safe);

/* Java's Double.toString: 9.0, 0.7, 1.0E7, 1.0E-4. */
char       *sb_render_java_double        (double       value);

/* A predict-time parameter value turned into ML Commons' string form: a JSON string as is,
 * anything else compact JSON as Gson writes it (version-dependent, see §5.4 step 2). */
char       *sb_render_value_to_string    (JsonNode    *value,
                                          guint        major,
                                          guint        minor);

/* ML Commons' isJson: the whole text is one JSON object or array. Strict JSON, except that raw
 * control characters other than line breaks are let through inside strings (as org.json does). */
gboolean    sb_render_is_json            (const char  *text);

/* The merged parameter map (char* → char*): connector parameters raw, then the predict-time
 * parameters converted, escaped as the version does, and winning. Either object may be NULL.
 * Also adds the "x.toString()" keys for ${parameters.x.toString()} placeholders that appear in
 * parameter values. */
GHashTable *sb_render_parameters         (JsonObject  *connector_parameters,
                                          JsonObject  *predict_parameters,
                                          guint        major,
                                          guint        minor);

/* commons-text StringSubstitutor with prefix "${parameters." and suffix "}": defaults ":-",
 * "$${" escapes, recursive expansion. Returns NULL and sets SB_RENDER_ERROR_CYCLE on a cycle. */
char       *sb_render_substitute         (const char  *text,
                                          GHashTable  *parameters,
                                          GError     **error);

/* The whole request_body rendering of a version: "${parameters.x:-null}" filling, substitution,
 * the JSON check, then the unfilled-placeholder check (unless skip_validating_missing_parameters
 * is "true" on 2.17+). Returns the payload Bedrock receives, or NULL with an SB_RENDER_ERROR. */
char       *sb_render_payload            (const char  *request_body,
                                          GHashTable  *parameters,
                                          guint        major,
                                          guint        minor,
                                          GError     **error);

G_END_DECLS
