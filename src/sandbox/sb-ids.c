/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-ids"

#include "config.h"

#include "sb-ids.h"

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
sb_id_new (guint length)
{
  static GRand *rand = NULL;
  char *id = g_malloc (length + 1);

  /* g_rand_new() seeds from /dev/urandom. */
  if (rand == NULL)
    rand = g_rand_new ();

  for (guint i = 0; i < length; i++)
    id[i] = alphabet[g_rand_int_range (rand, 0, 64)];
  id[length] = '\0';
  return id;
}
