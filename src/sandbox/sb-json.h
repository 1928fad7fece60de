/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Compact JSON the way OpenSearch (Jackson) writes it: UTF-8 kept raw, doubles always with a
 * fraction or exponent ("9.0", "1.0E10"), integers without. */
char       *sb_json_to_string        (JsonNode    *node);
void        sb_json_write            (JsonNode    *node,
                                      GString     *out);
/* Formats a double like Java's Double.toString (what Gson prints). */
void        sb_json_write_double     (double       value,
                                      GString     *out);
/* Parses text; NULL with error on malformed JSON. An empty text gives NULL without error. */
JsonNode   *sb_json_parse            (const char  *text,
                                      gsize        length,
                                      GError     **error);
/* ML Commons' string conversion of a parameter value: strings as-is, everything else compact
 * JSON (`8000` → "8000", arrays/objects compact). */
char       *sb_json_param_string     (JsonNode    *node);
/* The string member `key` of obj, or NULL when absent or not a string. */
const char *sb_json_get_string       (JsonObject  *obj,
                                      const char  *key);
JsonObject *sb_json_get_object       (JsonObject  *obj,
                                      const char  *key);
JsonArray  *sb_json_get_array        (JsonObject  *obj,
                                      const char  *key);
/* Jackson's token name for a node: START_OBJECT, START_ARRAY, VALUE_STRING, VALUE_NUMBER_INT, … */
const char *sb_json_token_name       (JsonNode    *node);
JsonNode   *sb_json_copy_object      (JsonObject  *obj);
/* The cluster's clock (epoch ms): this machine's, moved by --clock-offset-ms. */
gint64      sb_now_ms                (void);
void        sb_set_clock_offset_ms   (gint64       offset_ms);

G_END_DECLS
