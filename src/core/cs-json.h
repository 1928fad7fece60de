/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Typed reads of JSON members, the one set every parser in core uses.
 *
 * Answers come from clusters the user does not control, so no getter trusts a
 * member's type: each returns "nothing" (NULL, FALSE) for a member that is
 * missing, null or of another type, and never prints a Json-CRITICAL. Every
 * function takes a NULL object and treats it as empty.
 *
 * Strings: cs_json_get_string() hands out json-glib's own string, which may
 * hold bytes that are not UTF-8 (json-glib turns escapes such as "\360" into
 * raw bytes). Anything that leaves the parser — into an object, an error
 * message or the UI — goes through cs_json_dup_string(), which replaces
 * invalid sequences, so no server string reaches a label unchecked.
 *
 * The cs_json_lookup_*() forms tell "missing or null" (TRUE, *out unset to
 * its empty value) from "present with the wrong type" (FALSE), for parsers
 * that refuse a malformed answer instead of reading around it.
 */

/*
 * The one way core reads JSON text that comes from outside (an answer, an
 * imported file). Before json-glib sees the text, a linear scan refuses text
 * longer than max_bytes (0: CS_JSON_DEFAULT_MAX_BYTES) or nested deeper than
 * CS_JSON_MAX_DEPTH (json-glib's parser recurses once per level, so a deep
 * enough text overflows the stack). Every string and member name of the tree
 * it returns is valid UTF-8 (invalid sequences, which json-glib makes from
 * escapes such as "\360", are replaced by U+FFFD).
 *
 * Errors: CS_ERROR_BAD_RESPONSE with a sentence for a text too large or too
 * deep; JSON_PARSER_ERROR (json-glib's own message) for text that is not
 * JSON or is empty. Callers with a sentence of their own for "not JSON" use
 * it for the latter and pass the CS_ERROR on.
 */
#define CS_JSON_MAX_DEPTH         128
#define CS_JSON_DEFAULT_MAX_BYTES (16 * 1024 * 1024)

JsonNode   *cs_json_parse               (const char  *data,
                                         gssize       length,
                                         gsize        max_bytes,
                                         GError     **error);

/*
 * The one way core writes JSON text that is saved or shown: as
 * json_generator_to_data(), except that numbers json-glib 1.6 would write as
 * invalid JSON stay readable. json-glib appends ".0" to every double written
 * without a dot, so 1e96 becomes "1e+96.0" and infinity "inf.0". Such a
 * double is written as the nearest double towards zero that prints with a
 * dot (9.9999999999999992e+95, one unit in the last place away), and a
 * non-finite one (which no JSON text holds) as null. pretty: two spaces.
 */
char       *cs_json_to_data             (JsonNode    *node,
                                         gboolean     pretty);

JsonObject *cs_json_get_object          (JsonObject  *object,
                                         const char  *member);
JsonArray  *cs_json_get_array           (JsonObject  *object,
                                         const char  *member);
const char *cs_json_get_string          (JsonObject  *object,
                                         const char  *member);
char       *cs_json_dup_string          (JsonObject  *object,
                                         const char  *member);
gboolean    cs_json_get_boolean         (JsonObject  *object,
                                         const char  *member,
                                         gboolean    *out);
gboolean    cs_json_get_int             (JsonObject  *object,
                                         const char  *member,
                                         gint64      *out);
gboolean    cs_json_get_double          (JsonObject  *object,
                                         const char  *member,
                                         double      *out);

gboolean    cs_json_lookup_string       (JsonObject  *object,
                                         const char  *member,
                                         char       **out);
gboolean    cs_json_lookup_count        (JsonObject  *object,
                                         const char  *member,
                                         gint64      *out);

/* The hits of an OpenSearch _search answer ({"hits": {"hits": [...]}}),
 * or NULL when the answer has no such array. */
JsonArray  *cs_json_get_search_hits     (JsonNode    *answer);

/*
 * Walks the hits of a _search answer, as returned by cs_json_get_search_hits():
 *
 *   CsJsonHitIter iter;
 *   const char *id;
 *   JsonObject *source;
 *
 *   cs_json_hit_iter_init (&iter, hits);
 *   while (cs_json_hit_iter_next (&iter, &id, &source))
 *     …
 *
 * It hands out each hit's "_id" (a non-empty string, as cs_json_get_string()
 * reads it) and its "_source" object, both owned by the answer. It
 * passes over, without a word, a hit that is not an object, whose "_id" is
 * missing, empty or not a string, or whose "_source" is missing or not an
 * object. A NULL array has no hits.
 */
typedef struct
{
  /*< private >*/
  JsonArray *hits;
  guint      index;
} CsJsonHitIter;

void        cs_json_hit_iter_init       (CsJsonHitIter  *iter,
                                         JsonArray      *hits);
gboolean    cs_json_hit_iter_next       (CsJsonHitIter  *iter,
                                         const char    **id,
                                         JsonObject    **source);

/*
 * The body of a _search that filters on exact terms, as the lookups after a
 * lost answer and the deploy-task search send it:
 *
 *   {"size":100,"query":{"bool":{"filter":[{"term":{F1:V1}},…,
 *    {"range":{time_field:{"gte":since_ms}}}]}},"sort":[{time_field:"desc"}]}
 *
 * terms: field, value, field, value, …, NULL (a field without a value is
 * left out). A NULL time_field leaves out the range and the sort.
 */
JsonNode   *cs_json_build_filter_search (const char *const *terms,
                                         const char        *time_field,
                                         gint64             since_ms);

const char *cs_json_node_get_string     (JsonNode    *node);
char       *cs_json_node_dup_string     (JsonNode    *node);
gboolean    cs_json_node_get_int        (JsonNode    *node,
                                         gint64      *out);

JsonNode   *cs_json_node_copy_valid_utf8 (JsonNode   *node);

char       *cs_json_make_valid_utf8     (const char  *text,
                                         gssize       length);

G_END_DECLS
