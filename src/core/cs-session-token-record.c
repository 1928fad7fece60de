/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-session-token-record"

#include "config.h"

#include "cs-session-token-record.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cs-error.h"

#define WARNING_MARGIN (10 * G_TIME_SPAN_MINUTE)
#define KEY_ENTERED "entered"

char *
cs_session_token_record_path (const char *dir)
{
  if (dir != NULL)
    return g_build_filename (dir, "session-tokens.ini", NULL);
  return g_build_filename (g_get_user_config_dir (), "connector-studio", "session-tokens.ini",
                           NULL);
}

static GKeyFile *
load (const char *path)
{
  GKeyFile *file = g_key_file_new ();

  /* A missing or unreadable file is an empty record. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  return file;
}

static gboolean
save (GKeyFile   *file,
      const char *path,
      GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) local = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The folder %s cannot be created. Check its permissions."), dir);
      return FALSE;
    }
  data = g_key_file_to_data (file, &len, NULL);
  /* g_file_set_contents writes a temporary file and renames it over the old one. */
  if (!g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("The file %s cannot be written (%s). Check the disk and its permissions."),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_session_token_record_note (const char *dir,
                              const char *connector_id,
                              GDateTime  *entered,
                              GError    **error)
{
  g_autofree char *path = cs_session_token_record_path (dir);
  g_autoptr(GKeyFile) file = load (path);
  g_autoptr(GDateTime) now = entered ? g_date_time_ref (entered) : g_date_time_new_now_utc ();

  g_return_val_if_fail (connector_id != NULL && *connector_id != '\0', FALSE);

  g_key_file_set_int64 (file, connector_id, KEY_ENTERED, g_date_time_to_unix (now));
  return save (file, path, error);
}

GDateTime *
cs_session_token_record_lookup (const char *dir,
                                const char *connector_id)
{
  g_autofree char *path = cs_session_token_record_path (dir);
  g_autoptr(GKeyFile) file = load (path);
  g_autoptr(GError) error = NULL;
  gint64 when = g_key_file_get_int64 (file, connector_id, KEY_ENTERED, &error);

  if (error != NULL || when <= 0)
    return NULL;
  return g_date_time_new_from_unix_utc (when);
}

gboolean
cs_session_token_record_forget (const char *dir,
                                const char *connector_id,
                                GError    **error)
{
  g_autofree char *path = cs_session_token_record_path (dir);
  g_autoptr(GKeyFile) file = load (path);

  if (!g_key_file_remove_group (file, connector_id, NULL))
    return TRUE;
  return save (file, path, error);
}

CsSessionTokenState
cs_session_token_assess (GDateTime  *entered,
                         GDateTime  *now,
                         char      **message)
{
  g_autoptr(GDateTime) at = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  GTimeSpan age;
  CsSessionTokenState state;
  char *text = NULL;

  if (entered == NULL)
    {
      if (message != NULL)
        *message = NULL;
      return CS_SESSION_TOKEN_UNKNOWN;
    }
  age = g_date_time_difference (at, entered);
  if (age >= CS_SESSION_TOKEN_MAX_LIFETIME)
    {
      state = CS_SESSION_TOKEN_EXPIRED;
      text = g_strdup (_("The session token was entered more than 36 hours ago; no AWS session "
                         "token lives that long. Rotate the keys with new temporary ones or "
                         "with long-term keys."));
    }
  else if (age >= CS_SESSION_TOKEN_LONG_LIFETIME)
    {
      state = CS_SESSION_TOKEN_LIKELY_EXPIRED;
      text = g_strdup (_("The session token was entered more than 12 hours ago, the longest a "
                         "role session lasts. It has most likely expired: rotate the keys."));
    }
  else if (age >= CS_SESSION_TOKEN_DEFAULT_LIFETIME)
    {
      state = CS_SESSION_TOKEN_MAYBE_EXPIRED;
      text = g_strdup (_("The session token was entered more than an hour ago. A role session "
                         "lasts one hour unless a longer one was asked for: if calls fail with "
                         "an expired token, rotate the keys."));
    }
  else if (age >= CS_SESSION_TOKEN_DEFAULT_LIFETIME - WARNING_MARGIN)
    {
      state = CS_SESSION_TOKEN_EXPIRING_SOON;
      text = g_strdup_printf (_("The session token will expire in about %d minutes if it is a "
                                "one-hour role session. Have new keys ready to rotate."),
                              (int) MAX (1, (CS_SESSION_TOKEN_DEFAULT_LIFETIME - age)
                                            / G_TIME_SPAN_MINUTE));
    }
  else
    state = CS_SESSION_TOKEN_FRESH;

  if (message != NULL)
    *message = text;
  else
    g_free (text);
  return state;
}
