/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-ids"

#include "config.h"

#include "sb-ids.h"

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static GRand *id_rand = NULL;

void
sb_id_reseed (guint32 seed)
{
  if (id_rand == NULL)
    id_rand = g_rand_new_with_seed (seed);
  else
    g_rand_set_seed (id_rand, seed);
}

char *
sb_id_new (guint length)
{
  char *id = g_malloc (length + 1);

  /* g_rand_new() seeds from /dev/urandom. */
  if (id_rand == NULL)
    id_rand = g_rand_new ();

  for (guint i = 0; i < length; i++)
    id[i] = alphabet[g_rand_int_range (id_rand, 0, 64)];
  id[length] = '\0';
  return id;
}
