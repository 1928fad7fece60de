/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-line-breaks"

#include "config.h"

#include <string.h>

#include "cs-line-breaks.h"

#define WORD_JOINER "\u2060"

/* What Pango may break a line after inside a word (Unicode's line breaking
 * classes HY, SY and EX): "us-|east-1", "https://|bedrock", "?|a=b". */
#define BREAKS_AFTER "-/?"

static gboolean
is_break_after (char c)
{
  return c != '\0' && strchr (BREAKS_AFTER, c) != NULL;
}

static gboolean
has_break_after (const char *word,
                 gsize       len)
{
  for (gsize i = 0; i + 1 < len; i++)
    if (is_break_after (word[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Punctuation that may stand around a word in a sentence, and so says nothing
 * of the word itself: "(see https://…)," or "“read-only”." */
static gboolean
is_surrounding (char c)
{
  return c != '\0' && strchr ("\"'()[]{}<>,;.:!?", c) != NULL;
}

static gboolean
is_identifier (const char *word,
               gsize       len)
{
  const char *start = word;
  const char *end = word + len;
  guint slashes = 0;

  /* UTF-8 quotation marks (“ ” ‘ ’) are three bytes from 0xE2; leaving every
   * non-ASCII byte at either end aside covers them and harms nothing. */
  while (start < end && (is_surrounding (*start) || (guchar) *start >= 0x80))
    start++;
  while (end > start && (is_surrounding (end[-1]) || (guchar) end[-1] >= 0x80))
    end--;
  /* One slash is a choice ("and/or"); two make a path or a URL. */
  for (const char *p = start; p < end; p++)
    {
      if (*p == '.' || *p == ':' || *p == '@')
        return TRUE;
      if (*p == '/')
        slashes++;
    }
  return slashes >= 2;
}

char *
cs_line_breaks_keep_identifiers (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  if (strpbrk (text, BREAKS_AFTER) == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text) + 16);
  p = text;
  while (*p != '\0')
    {
      const char *word = p;
      gsize len;

      while (*p != '\0' && is_space (*p))
        p++;
      g_string_append_len (out, word, p - word);
      word = p;
      while (*p != '\0' && !is_space (*p))
        p++;
      len = p - word;
      if (len == 0 || !has_break_after (word, len) || !is_identifier (word, len))
        {
          g_string_append_len (out, word, len);
          continue;
        }
      for (gsize i = 0; i < len; i++)
        {
          g_string_append_c (out, word[i]);
          /* Not after the word's last character: the space after it must
           * stay a place to break. */
          if (is_break_after (word[i]) && i + 1 < len)
            g_string_append (out, WORD_JOINER);
        }
    }
  return g_string_free (out, FALSE);
}
