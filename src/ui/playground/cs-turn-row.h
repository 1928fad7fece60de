/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-prediction.h"
#include "cs-turn.h"

G_BEGIN_DECLS

/*
 * One turn of the playground's conversation. A user turn is an editable
 * text. An assistant turn shows each thinking block apart (CsThinkingView,
 * made a few per frame for an answer with many of them),
 * then the answer text (selectable; editable after "Edit"), then, when it
 * came from the model in this session (the turn's "prediction"), the stop
 * reason, token counts and latency. Edits go straight into the CsTurn; thinking blocks are never
 * touched. "remove" asks the owner to take the turn out; "retry" (from a turn
 * marked with cs_turn_row_set_error()) asks it to send the conversation again.
 */
#define CS_TYPE_TURN_ROW (cs_turn_row_get_type ())

G_DECLARE_FINAL_TYPE (CsTurnRow, cs_turn_row, CS, TURN_ROW, GtkListBoxRow)

GtkWidget   *cs_turn_row_new                (CsTurn       *turn);
CsTurn      *cs_turn_row_get_turn           (CsTurnRow    *self);

/* Marks the turn as one that got no answer: an error icon, message (a
 * sentence) and a Retry button that emits "retry". NULL takes the mark off. */
void         cs_turn_row_set_error          (CsTurnRow    *self,
                                             const char   *message);
gboolean     cs_turn_row_has_error          (CsTurnRow    *self);

/* Token counts and the rest as one line, e.g. for the row's footer. */
char        *cs_turn_row_format_usage       (CsPrediction *prediction);

G_END_DECLS
