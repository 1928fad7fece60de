/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * The Playground: talk to one of the session's deployed models. The user
 * picks the model (CsModelPicker), writes a system prompt and a message,
 * may override max_tokens, temperature and budget_tokens for one call, and
 * sends; the predict itself is cs_predict_async() (core), which also
 * explains a refused predict. The page shows the answer with its thinking
 * blocks, the raw request and answer, and a banner with the fix for an
 * error. One predict runs at a time.
 *
 * Actions (group "playground"): send, clear, import, export-json,
 * export-markdown.
 */
#define CS_TYPE_PLAYGROUND_PAGE (cs_playground_page_get_type ())

G_DECLARE_FINAL_TYPE (CsPlaygroundPage, cs_playground_page, CS, PLAYGROUND_PAGE, AdwBin)

CsSession *cs_playground_page_get_session (CsPlaygroundPage *self);
void       cs_playground_page_set_session (CsPlaygroundPage *self,
                                           CsSession        *session);
/* Puts the keyboard focus in the message field, now or when it is shown. */
void       cs_playground_page_focus_composer (CsPlaygroundPage *self);

/* Where the conversation is kept between runs (cs-conversation-store.h): the
 * page restores it from path now and saves it there whenever it changes. NULL
 * (the default): it is not kept. */
void       cs_playground_page_set_saved_path (CsPlaygroundPage *self,
                                              const char       *path);

G_END_DECLS
