/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Where a wrapped label may break a line. Pango breaks after any hyphen or
 * slash, so an endpoint in a sentence ends one line with
 * "https://bedrock-runtime.us-" and starts the next with "east-1.amazonaws…":
 * hard to read, and easy to misread as two names.
 */

/* Returns @text with a word joiner (U+2060, invisible) after each hyphen,
 * slash and question mark inside a name: a word, between spaces, that holds a
 * '.', ':' or '@', or two '/', once the punctuation around it is left aside (a
 * URL, a host name, a model ID, an ARN, a setting's name). A wrapped label then
 * moves such a word to the next line whole; a word longer than the line is
 * still broken between characters by a label that wraps with
 * PANGO_WRAP_WORD_CHAR, as an action row's subtitle does. Other words
 * ("read-only", "and/or") keep their places to break. */
char *cs_line_breaks_keep_identifiers (const char *text);

G_END_DECLS
