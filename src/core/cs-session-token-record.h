/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * When a temporary AWS session token was entered for a connector — the time only, never the
 * token — kept in the app's non-secret state: session-tokens.ini next to profiles.ini in
 * $XDG_CONFIG_HOME/connector-studio/, written atomically.
 *
 * How long such a token lives (AWS STS API reference): AssumeRole's DurationSeconds defaults to
 * 3600 s (1 hour) and can be at most the role's maximum session duration, 1 to 12 hours
 * (43200 s); GetSessionToken defaults to 43200 s (12 hours) for an IAM user, 1 hour for the
 * account's root user, at most 129600 s (36 hours).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */

#define CS_SESSION_TOKEN_DEFAULT_LIFETIME (G_TIME_SPAN_HOUR)       /* AssumeRole default */
#define CS_SESSION_TOKEN_LONG_LIFETIME    (12 * G_TIME_SPAN_HOUR)  /* role max, GetSessionToken default */
#define CS_SESSION_TOKEN_MAX_LIFETIME     (36 * G_TIME_SPAN_HOUR)  /* GetSessionToken max */

typedef enum
{
  CS_SESSION_TOKEN_UNKNOWN,         /* no record */
  CS_SESSION_TOKEN_FRESH,           /* younger than 1 hour minus the warning margin */
  CS_SESSION_TOKEN_EXPIRING_SOON,   /* within 10 minutes of the 1-hour default */
  CS_SESSION_TOKEN_MAYBE_EXPIRED,   /* older than 1 hour: a default AssumeRole token has expired */
  CS_SESSION_TOKEN_LIKELY_EXPIRED,  /* older than 12 hours */
  CS_SESSION_TOKEN_EXPIRED,         /* older than 36 hours: no STS token lives that long */
} CsSessionTokenState;

/* The file; dir NULL means the user config dir's connector-studio folder. */
char               *cs_session_token_record_path    (const char  *dir);

/* Records that a session token was entered for connector_id at entered (NULL: now). */
gboolean            cs_session_token_record_note    (const char  *dir,
                                                     const char  *connector_id,
                                                     GDateTime   *entered,
                                                     GError     **error);
/* When it was entered, or NULL. */
GDateTime          *cs_session_token_record_lookup  (const char  *dir,
                                                     const char  *connector_id);
/* Forgets the record (keys rotated to long-term ones, connector deleted). */
gboolean            cs_session_token_record_forget  (const char  *dir,
                                                     const char  *connector_id,
                                                     GError     **error);

/* The state at now (NULL: now) of a token entered at entered (NULL: unknown); *message (may be
 * NULL) gets a translated sentence saying what to do, or NULL for FRESH and UNKNOWN. */
CsSessionTokenState cs_session_token_assess         (GDateTime   *entered,
                                                     GDateTime   *now,
                                                     char       **message);

G_END_DECLS
