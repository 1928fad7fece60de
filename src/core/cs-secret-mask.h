/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The one rule for what counts as a secret in anything the app shows or
 * copies (previews, curl text, exports):
 *
 *  - every value under a "credential" member, whatever its type;
 *  - the value of a member whose name is credential-like (secret_key,
 *    password, api_key, openAI_key, token, …; see cs_secret_mask_is_secret_name),
 *    whatever its type, unless it is only ${…} placeholders;
 *  - the literal value of a credential-like header inside a "headers" object
 *    (Authorization, x-api-key, x-amz-security-token, cookie, …); a header
 *    that is only a scheme word and placeholders ("Bearer ${credential.key}")
 *    stays as it is;
 *  - the user name and password in a URL (https://user:pw@host/).
 *
 * Names are compared without case and without '-' and '_'.
 */

gboolean  cs_secret_mask_is_secret_name   (const char *name);
gboolean  cs_secret_mask_is_secret_header (const char *name);

/* TRUE when value holds text other than ${…} placeholders and a leading
 * authorization scheme word (Bearer, Basic, …): a secret written out. */
gboolean  cs_secret_mask_is_literal       (const char *value);

/* A deep copy of node with every secret (by the rule above) replaced by the
 * string mask. */
JsonNode *cs_secret_mask_json             (JsonNode   *node,
                                           const char *mask);

/* url without the user name and password of its authority; *had_userinfo
 * (may be NULL) tells whether there were any. A text that is not an
 * absolute URL comes back unchanged. */
char     *cs_secret_mask_strip_userinfo   (const char *url,
                                           gboolean   *had_userinfo);

G_END_DECLS
