/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-faults"

#include "config.h"

#include "sb-faults.h"

#include <stdlib.h>

static void
fault_clear (gpointer data)
{
  SbFault *fault = data;

  g_free (fault->spec);
  g_free (fault->route);
  g_free (fault->method);
  g_free (fault->body);
  g_free (fault->retry_after);
}

SbFault *
sb_fault_ref (SbFault *fault)
{
  return g_atomic_rc_box_acquire (fault);
}

void
sb_fault_unref (SbFault *fault)
{
  g_atomic_rc_box_release_full (fault, fault_clear);
}

static gboolean
parse_uint (const char *text,
            guint       max,
            guint      *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

gboolean
sb_fault_parse (const char  *spec,
                SbFault    **fault_out,
                GArray      *failing_nodes,
                GError     **error)
{
  static guint next_id = 1;
  g_auto(GStrv) parts = NULL;
  SbFault *fault;
  gboolean any = FALSE;

  *fault_out = NULL;

  if (g_str_has_prefix (spec, "node-fail=") || g_str_has_prefix (spec, "cache-fail="))
    {
      gboolean cache = g_str_has_prefix (spec, "cache-fail=");
      g_auto(GStrv) nodes = g_strsplit (strchr (spec, '=') + 1, "+", -1);

      for (guint i = 0; nodes[i] != NULL; i++)
        {
          guint n;

          if (!parse_uint (nodes[i], 1000, &n) || n == 0)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "%s wants 1-based node numbers, not “%s”",
                           cache ? "cache-fail" : "node-fail", nodes[i]);
              return FALSE;
            }
          if (cache)
            n |= SB_FAULT_CACHE_FAIL;
          g_array_append_val (failing_nodes, n);
        }
      return TRUE;
    }

  fault = g_atomic_rc_box_new0 (SbFault);
  fault->spec = g_strdup (spec);
  fault->remaining = -1;
  fault->trickle_ms = 100;

  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      const char *eq = strchr (part, '=');
      g_autofree char *key = eq ? g_strndup (part, (gsize) (eq - part)) : g_strdup (part);
      const char *value = eq ? eq + 1 : NULL;
      gboolean ok = TRUE;

      if (*part == '\0')
        continue;

      if (g_str_equal (key, "route") && value != NULL && *value == '/')
        fault->route = g_strdup (value);
      else if (g_str_equal (key, "method") && value != NULL && *value != '\0')
        fault->method = g_ascii_strup (value, -1);
      else if (g_str_equal (key, "latency") && value != NULL)
        {
          ok = parse_uint (value, 600000, &fault->latency_ms);
          any = TRUE;
        }
      else if (g_str_equal (key, "status") && value != NULL)
        {
          ok = parse_uint (value, 599, &fault->status) && fault->status >= 100;
          any = TRUE;
        }
      else if (g_str_equal (key, "count") && value != NULL)
        {
          guint count;
          ok = parse_uint (value, G_MAXINT, &count) && count > 0;
          fault->remaining = (gint) count;
        }
      else if (g_str_equal (key, "reset") && value == NULL)
        fault->reset = any = TRUE;
      else if (g_str_equal (key, "reset-after") && value == NULL)
        fault->reset_after = any = TRUE;
      else if (g_str_equal (key, "reset-mid-body") && value == NULL)
        fault->reset_mid_body = any = TRUE;
      else if (g_str_equal (key, "body") && value != NULL)
        {
          static const char *const kinds[] = { "empty", "text", "huge", "deep", "bad-utf8",
                                               "swap-types", NULL };

          ok = g_strv_contains (kinds, value);
          fault->body = g_strdup (value);
          any = TRUE;
        }
      else if (g_str_equal (key, "retry-after") && value != NULL && *value != '\0')
        fault->retry_after = g_strdup (value);
      else if (g_str_equal (key, "truncate") && value == NULL)
        fault->truncate = any = TRUE;
      else if (g_str_equal (key, "html") && value == NULL)
        fault->html = any = TRUE;
      else if (g_str_equal (key, "trickle"))
        {
          fault->trickle = any = TRUE;
          if (value != NULL)
            ok = parse_uint (value, 60000, &fault->trickle_ms) && fault->trickle_ms > 0;
        }
      else
        ok = FALSE;

      if (!ok)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "cannot understand “%s” in the fault spec “%s”", part, spec);
          sb_fault_unref (fault);
          return FALSE;
        }
    }

  if (!any)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "the fault spec “%s” names no fault (latency=, status=, reset, reset-after, "
                   "reset-mid-body, truncate, html, body=, trickle, node-fail= or cache-fail=)",
                   spec);
      sb_fault_unref (fault);
      return FALSE;
    }

  fault->id = next_id++;
  *fault_out = fault;
  return TRUE;
}

gboolean
sb_fault_matches (SbFault    *fault,
                  const char *method,
                  const char *path)
{
  if (fault->remaining == 0)
    return FALSE;
  if (fault->method != NULL && !g_str_equal (fault->method, method))
    return FALSE;
  /* The control API stays reachable (to clear faults) unless a fault names it. */
  if (g_str_has_prefix (path, "/_sandbox")
      && (fault->route == NULL || !g_str_has_prefix (fault->route, "/_sandbox")))
    return FALSE;
  if (fault->route == NULL)
    return TRUE;
  return g_pattern_match_simple (fault->route, path);
}

JsonNode *
sb_fault_to_json (SbFault *fault)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, fault->id);
  json_builder_set_member_name (b, "spec");
  json_builder_add_string_value (b, fault->spec);
  json_builder_set_member_name (b, "remaining");
  json_builder_add_int_value (b, fault->remaining);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
