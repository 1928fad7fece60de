/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-secret-mask"

#include "config.h"

#include "cs-secret-mask.h"

#include <string.h>

/* Lower case, without '-', '_', '.' and spaces: "X-Api-Key" → "xapikey". */
static char *
normalize (const char *name)
{
  GString *out = g_string_sized_new (name != NULL ? strlen (name) : 0);

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    if (*p != '-' && *p != '_' && *p != '.' && *p != ' ')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
cs_secret_mask_is_secret_name (const char *name)
{
  /* Whole names that are secrets on their own. */
  static const char * const exact[] = {
    "token", "key", "auth", "authorization", "bearer", "cookie", "pass", "pwd", "pin",
    "signature", "sig", NULL,
  };
  /* Parts that make any name a secret. */
  static const char * const parts[] = {
    "secret", "password", "passwd", "passphrase", "apikey", "accesskey", "privatekey",
    "sessiontoken", "securitytoken", "accesstoken", "refreshtoken", "authtoken", "idtoken",
    "bearertoken", "credential", "authorization", "cookie", NULL,
  };
  g_autofree char *n = NULL;

  if (name == NULL)
    return FALSE;
  n = normalize (name);
  if (*n == '\0')
    return FALSE;
  if (g_strv_contains (exact, n) || contains_any (n, parts))
    return TRUE;
  /* openAI_key, hf_token; not max_tokens, budget_tokens, keys. */
  return g_str_has_suffix (n, "key") || g_str_has_suffix (n, "token");
}

gboolean
cs_secret_mask_is_secret_header (const char *name)
{
  static const char * const parts[] = {
    "auth", "token", "key", "secret", "cookie", "session", "signature", "password", NULL,
  };
  g_autofree char *n = NULL;

  if (name == NULL)
    return FALSE;
  if (cs_secret_mask_is_secret_name (name))
    return TRUE;
  n = normalize (name);
  return contains_any (n, parts);
}

gboolean
cs_secret_mask_is_literal (const char *value)
{
  static const char * const schemes[] = {
    "bearer", "basic", "token", "bot", "apikey", "digest", "aws4-hmac-sha256", NULL,
  };
  g_autoptr(GString) rest = g_string_new (NULL);
  const char *p = value;
  const char *word;
  gsize word_len;

  if (value == NULL)
    return FALSE;

  /* Drop the ${…} placeholders. */
  while (*p != '\0')
    {
      const char *close;

      if (p[0] == '$' && p[1] == '{' && (close = strchr (p + 2, '}')) != NULL)
        {
          p = close + 1;
          continue;
        }
      g_string_append_c (rest, *p);
      p++;
    }

  /* Drop one leading scheme word. */
  word = rest->str;
  while (g_ascii_isspace (*word))
    word++;
  word_len = strcspn (word, " \t");
  for (guint i = 0; schemes[i] != NULL; i++)
    if (word_len == strlen (schemes[i]) && g_ascii_strncasecmp (word, schemes[i], word_len) == 0)
      {
        word += word_len;
        break;
      }

  for (; *word != '\0'; word++)
    if (!g_ascii_isspace (*word))
      return TRUE;
  return FALSE;
}

char *
cs_secret_mask_strip_userinfo (const char *url,
                               gboolean   *had_userinfo)
{
  const char *scheme_end;
  const char *authority;
  gsize authority_len;
  const char *at = NULL;

  if (had_userinfo != NULL)
    *had_userinfo = FALSE;
  if (url == NULL)
    return NULL;

  scheme_end = strstr (url, "://");
  if (scheme_end == NULL || scheme_end == url)
    return g_strdup (url);
  for (const char *p = url; p < scheme_end; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return g_strdup (url);

  authority = scheme_end + 3;
  authority_len = strcspn (authority, "/?#");
  for (gsize i = 0; i < authority_len; i++)
    if (authority[i] == '@')
      at = authority + i;
  if (at == NULL)
    return g_strdup (url);

  if (had_userinfo != NULL)
    *had_userinfo = TRUE;
  return g_strdup_printf ("%.*s%s", (int) (authority - url), url, at + 1);
}

static JsonNode *
mask_node (const char *mask)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, mask);
  return node;
}

/* Every value in node becomes the mask; objects and arrays keep their shape
 * (the member names of a credential are not secret). */
static JsonNode *
mask_all (JsonNode   *node,
          const char *mask)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (copy, name, mask_all (member, mask));
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, mask_all (json_array_get_element (array, i), mask));
      json_node_set_array (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return json_node_new (JSON_NODE_NULL);
  return mask_node (mask);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static JsonNode *mask_copy (JsonNode *node, const char *mask, gboolean in_headers);

/* A value under a credential-like name: masked unless it is only
 * placeholders (or null). */
static JsonNode *
mask_named (JsonNode   *node,
            const char *mask)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return json_node_new (JSON_NODE_NULL);
  if (is_string (node) && !cs_secret_mask_is_literal (json_node_get_string (node)))
    return json_node_copy (node);
  return mask_all (node, mask);
}

static JsonNode *
mask_copy (JsonNode   *node,
           const char *mask,
           gboolean    in_headers)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          JsonNode *masked;

          if (g_ascii_strcasecmp (name, "credential") == 0 ||
              g_ascii_strcasecmp (name, "credentials") == 0)
            masked = mask_all (member, mask);
          else if (in_headers ? cs_secret_mask_is_secret_header (name)
                              : cs_secret_mask_is_secret_name (name))
            masked = mask_named (member, mask);
          else
            masked = mask_copy (member, mask, g_ascii_strcasecmp (name, "headers") == 0);
          json_object_set_member (copy, name, masked);
        }
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, mask_copy (json_array_get_element (array, i), mask, FALSE));
      json_node_set_array (result, copy);
      return result;
    }
  if (is_string (node))
    {
      const char *text = json_node_get_string (node);

      if (g_ascii_strncasecmp (text, "http://", 7) == 0 ||
          g_ascii_strncasecmp (text, "https://", 8) == 0)
        {
          g_autofree char *clean = cs_secret_mask_strip_userinfo (text, NULL);
          JsonNode *result = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (result, clean);
          return result;
        }
    }
  return json_node_copy (node);
}

JsonNode *
cs_secret_mask_json (JsonNode   *node,
                     const char *mask)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (mask != NULL, NULL);

  return mask_copy (node, mask, FALSE);
}
