/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One turn of a conversation with Claude: who speaks and the content blocks
 * of the Messages API. A user turn is plain text (one "text" block). An
 * assistant turn that came from the model keeps its blocks exactly as the
 * model sent them: "thinking" blocks with their signatures, "redacted_thinking"
 * blocks, "text" blocks and anything else (tool use), so that they can go back
 * unmodified when the conversation continues.
 */
typedef enum
{
  CS_TURN_ROLE_USER,
  CS_TURN_ROLE_ASSISTANT,
} CsTurnRole;

typedef enum
{
  CS_BLOCK_TEXT,
  CS_BLOCK_THINKING,
  CS_BLOCK_REDACTED_THINKING,
  CS_BLOCK_OTHER,             /* tool_use, images, …: kept, not shown */
} CsBlockKind;

/* The answer a turn came from (cs-prediction.h) */
typedef struct _CsPrediction CsPrediction;

#define CS_TYPE_TURN (cs_turn_get_type ())

G_DECLARE_FINAL_TYPE (CsTurn, cs_turn, CS, TURN, GObject)

/* A turn with one text block. */
CsTurn      *cs_turn_new                (CsTurnRole   role,
                                         const char  *text);
/* A turn with the given content blocks (deep-copied). Fails with
 * CS_ERROR_BAD_RESPONSE when a block is not an object with a string "type",
 * or a thinking / text block lacks its string members. */
CsTurn      *cs_turn_new_from_content   (CsTurnRole   role,
                                         JsonArray   *content,
                                         GError     **error);

CsTurnRole   cs_turn_get_role           (CsTurn      *self);
/* "user" or "assistant" */
const char  *cs_turn_role_to_string     (CsTurnRole   role);
gboolean     cs_turn_role_from_string   (const char  *string,
                                         CsTurnRole  *role);

/* The blocks, as they will be sent. Owned by the turn; do not modify. */
JsonArray   *cs_turn_get_content        (CsTurn      *self);
/* The text blocks joined by blank lines ("" when there are none). */
char        *cs_turn_dup_text           (CsTurn      *self);
/* Replaces the text blocks with one text block holding text (placed where
 * the first text block was, else last); every other block stays as it is.
 * Emits notify::text. */
void         cs_turn_set_text           (CsTurn      *self,
                                         const char  *text);
/* The blocks by type. The text of a text block or the thinking of a
 * thinking block; NULL for other kinds. */
guint        cs_turn_get_n_blocks       (CsTurn      *self);
CsBlockKind  cs_turn_get_block_kind     (CsTurn      *self,
                                         guint        index);
const char  *cs_turn_get_block_text     (CsTurn      *self,
                                         guint        index);
/* Whether the turn has thinking or redacted thinking blocks. */
gboolean     cs_turn_has_thinking       (CsTurn      *self);

/* The "prediction" property: the answer an assistant turn came from in this
 * session, with its stop reason, usage and latency; NULL for a turn the user
 * wrote or imported. cs_prediction_to_turn() sets it. */
CsPrediction *cs_turn_get_prediction    (CsTurn       *self);
void          cs_turn_set_prediction    (CsTurn       *self,
                                         CsPrediction *prediction);

/* The kind of a content block by its "type" (unknown types: CS_BLOCK_OTHER). */
CsBlockKind  cs_block_get_kind          (JsonObject  *block);

G_END_DECLS
