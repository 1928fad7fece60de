/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-predict.h"
#include "cs-turn.h"

G_BEGIN_DECLS

/*
 * A conversation for the playground: a system prompt and a list of turns
 * (a GListModel of CsTurn), turned into the body of
 * `POST /_plugins/_ml/models/<id>/_predict` for the blueprint's connectors:
 *
 *   {"parameters": {"system_prompt": "…", "messages": [ … ], <overrides>}}
 *
 * How ML Commons treats these (mlcommons-api.md §5.4): a predict-time string
 * parameter is JSON-escaped before it goes into the connector's template, so
 * quotes, backslashes, newlines, "/", non-ASCII text and emoji arrive intact.
 * "messages" is sent as a JSON array and inserted as JSON, so the texts inside
 * it are escaped by json-glib. But a string parameter whose whole value parses
 * as a JSON object or array is inserted *raw*: a system prompt such as
 * `{"a":1}` would break the quoted `"${parameters.system_prompt}"` of the
 * template. Building the body refuses such a system prompt with
 * CS_ERROR_INVALID_INPUT rather than changing it behind the user's back;
 * cs_predict_wrap_json_text() (cs-predict.h) gives the fix the page offers (the same JSON in
 * a fenced code block, which Claude reads the same way and ML Commons
 * escapes). The same holds for any text containing "${parameters.": ML
 * Commons substitutes it recursively; cs_predict_text_has_placeholder() lets
 * the page warn.
 */
#define CS_TYPE_CONVERSATION (cs_conversation_get_type ())

G_DECLARE_FINAL_TYPE (CsConversation, cs_conversation, CS, CONVERSATION, GObject)

CsConversation *cs_conversation_new                (void);
/* Reads what cs_conversation_to_json() wrote. *model_id (may be NULL) gets the
 * model the conversation was had with, or NULL. */
CsConversation *cs_conversation_new_from_json      (const char               *json,
                                                    gssize                    length,
                                                    char                    **model_id,
                                                    GError                  **error);

const char     *cs_conversation_get_system_prompt  (CsConversation           *self);
void            cs_conversation_set_system_prompt  (CsConversation           *self,
                                                    const char               *system_prompt);

guint           cs_conversation_get_n_turns        (CsConversation           *self);
/* Borrowed */
CsTurn         *cs_conversation_get_turn           (CsConversation           *self,
                                                    guint                     position);
void            cs_conversation_append             (CsConversation           *self,
                                                    CsTurn                   *turn);
void            cs_conversation_insert             (CsConversation           *self,
                                                    guint                     position,
                                                    CsTurn                   *turn);
void            cs_conversation_remove             (CsConversation           *self,
                                                    guint                     position);
void            cs_conversation_clear              (CsConversation           *self);
/* The position of turn, or -1 */
int             cs_conversation_find               (CsConversation           *self,
                                                    CsTurn                   *turn);

/* The _predict body. overrides may be NULL. Fails with CS_ERROR_INVALID_INPUT
 * (a sentence saying what to change) when there is no turn, the first turn is
 * not the user's, a turn has no text, the system prompt is JSON text (see
 * above) or an override is out of range on its own (cs_predict_overrides_check()
 * without the connector). Each override becomes the predict parameter of its
 * name (max_tokens, temperature, top_p, budget_tokens as numbers, effort as
 * its level's name); it changes the call only where the connector's template
 * has that ${parameters.…} (cs_predict_limits_offered()). */
JsonNode       *cs_conversation_build_predict_body (CsConversation           *self,
                                                    const CsPredictOverrides *overrides,
                                                    GError                  **error);

/* The per-call values the conversation was had with, kept in its JSON export
 * ("values": max_tokens, temperature, top_p, budget_tokens, effort) so that
 * an import or a restart brings them back. NULL: none. get returns FALSE when
 * there are none (overrides is then all unset). */
void            cs_conversation_set_overrides      (CsConversation           *self,
                                                    const CsPredictOverrides *overrides);
gboolean        cs_conversation_get_overrides      (CsConversation           *self,
                                                    CsPredictOverrides       *overrides);

/* Exports. Neither holds anything but the conversation (no cluster address,
 * no connector, no credentials); model_id may be NULL. */
char           *cs_conversation_to_json            (CsConversation           *self,
                                                    const char               *model_id);
char           *cs_conversation_to_markdown        (CsConversation           *self,
                                                    const char               *model_name);

G_END_DECLS
