/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs-error.h"

static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_ERROR)
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

void
cs_fuzz_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      if (g_getenv ("CS_FUZZ_VERBOSE") == NULL)
        g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&once, 1);
    }
}

char *
cs_fuzz_string (const uint8_t *data,
                size_t         size)
{
  return g_strndup ((const char *) data, size);
}

char *
cs_fuzz_split (const uint8_t *data,
               size_t         size,
               char         **rest)
{
  const uint8_t *nul = memchr (data, '\0', size);

  if (rest != NULL)
    *rest = nul != NULL ? g_strndup ((const char *) nul + 1, size - (gsize) (nul - data) - 1)
                        : NULL;
  return g_strndup ((const char *) data, nul != NULL ? (gsize) (nul - data) : size);
}

JsonNode *
cs_fuzz_parse (const char *text,
               gsize       length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length);
  JsonNode *node = cs_error_parse_success_body (200, "application/json", bytes, NULL);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    g_clear_pointer (&node, json_node_unref);
  return node;
}

void
cs_fuzz_fail (const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}
