/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-conversation.h"

G_BEGIN_DECLS

/*
 * The Playground's conversation kept between runs. The file is exactly what
 * "Export as JSON" writes (cs_conversation_to_json()): the system prompt, the
 * turns with their content blocks (thinking blocks with their signatures), the
 * per-call values and the model id; never a cluster address, a connector or a
 * credential. So a saved conversation can be imported like an export, and an
 * export restored like a saved one.
 *
 * The file is written atomically (a temporary file renamed over the old one),
 * readable by its owner only.
 */

/* g_get_user_data_dir()/connector-studio/conversation.json */
char           *cs_conversation_store_default_path (void);

/* Writes the conversation (as it is now) in a worker thread. */
void            cs_conversation_store_save_async   (const char           *path,
                                                    CsConversation       *conversation,
                                                    const char           *model_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        cs_conversation_store_save_finish  (GAsyncResult         *result,
                                                    GError              **error);
/* The same, at once (e.g. when the window closes). */
gboolean        cs_conversation_store_save         (const char           *path,
                                                    CsConversation       *conversation,
                                                    const char           *model_id,
                                                    GError              **error);

/* Reads a saved (or exported) conversation. NULL without an error when there
 * is no such file; NULL with CS_ERROR_INVALID_INPUT (a sentence) when the file
 * is not a conversation, is damaged or is too large. */
CsConversation *cs_conversation_store_load         (const char           *path,
                                                    char                **model_id,
                                                    GError              **error);

G_END_DECLS
