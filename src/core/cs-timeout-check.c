/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-timeout-check"

#include "config.h"

#include "cs-timeout-check.h"

#include <glib/gi18n.h>

#include "cs-predict.h"

void
cs_timeout_problem_free (CsTimeoutProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

gint64
cs_timeout_check_estimate (gint64   max_tokens,
                           gboolean thinking)
{
  /* Ten seconds before the first token; thinking is generated at the same speed. */
  gint64 tokens = MAX (max_tokens, 1);
  gint64 seconds = 10 + (tokens + CS_TIMEOUT_CHECK_TOKENS_PER_SECOND - 1)
                        / CS_TIMEOUT_CHECK_TOKENS_PER_SECOND;

  if (thinking)
    seconds += 10;
  return seconds;
}

static gint64
round_up (gint64 seconds)
{
  /* Whole minutes: values a person can read and type. */
  return ((seconds + 59) / 60) * 60;
}

static void
add (GPtrArray            *problems,
     CsTimeoutProblemKind  kind,
     gint64                read_timeout,
     gint64                retries,
     char                 *message)
{
  CsTimeoutProblem *p = g_new0 (CsTimeoutProblem, 1);

  p->kind = kind;
  p->message = message;
  p->suggested_read_timeout = read_timeout;
  p->suggested_max_retry_times = retries;
  g_ptr_array_add (problems, p);
}

GPtrArray *
cs_timeout_check (gint64           read_timeout,
                  gint64           max_retry_times,
                  gint64           max_tokens,
                  gboolean         thinking,
                  const CsVersion *version)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_timeout_problem_free);
  gboolean enforced = version == NULL || cs_version_at_least (version, 3, 6);
  gint64 needed = cs_timeout_check_estimate (max_tokens, thinking);
  gint64 effective = read_timeout > 0 ? read_timeout : CS_TIMEOUT_CHECK_DEFAULT_READ_TIMEOUT;
  gint64 suggested = round_up (needed);

  if (enforced && needed > effective)
    {
      if (thinking && read_timeout <= 0)
        add (problems, CS_TIMEOUT_PROBLEM_THINKING_DEFAULT, suggested, -1,
             g_strdup_printf (_("Calls that think can take about %lld seconds with max_tokens "
                                "%lld, but the connector keeps the default read timeout of %d "
                                "seconds, so they will time out. Set client_config.read_timeout "
                                "to %lld."),
                              (long long) needed, (long long) max_tokens,
                              CS_TIMEOUT_CHECK_DEFAULT_READ_TIMEOUT, (long long) suggested));
      else
        add (problems, CS_TIMEOUT_PROBLEM_READ_TIMEOUT_SHORT, suggested, -1,
             g_strdup_printf (_("A call with max_tokens %lld can take about %lld seconds, "
                                "longer than the read timeout of %lld seconds. Set "
                                "client_config.read_timeout to %lld."),
                              (long long) max_tokens, (long long) needed, (long long) effective,
                              (long long) suggested));
    }

  if (max_retry_times > 0 && (thinking || needed > CS_TIMEOUT_CHECK_DEFAULT_READ_TIMEOUT))
    add (problems, CS_TIMEOUT_PROBLEM_RETRIES_BILL_TWICE, 0, 0,
         g_strdup_printf (ngettext ("The connector retries a failed call up to %lld time: a "
                                    "long call that fails late or times out is sent, and "
                                    "billed, again. Set client_config.max_retry_times to 0 and "
                                    "retry by hand when needed.",
                                    "The connector retries a failed call up to %lld times: a "
                                    "long call that fails late or times out is sent, and "
                                    "billed, again. Set client_config.max_retry_times to 0 and "
                                    "retry by hand when needed.",
                                    (gulong) CLAMP (max_retry_times, 0, G_MAXINT)),
                          (long long) max_retry_times));
  return problems;
}

static gint64
read_int (JsonObject *object,
          const char *name,
          gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      gint64 value;

      if (g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                    &value, NULL))
        return value;
      return fallback;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return json_node_get_int (node);
}

GPtrArray *
cs_timeout_check_connector (JsonObject      *connector,
                            const CsVersion *version)
{
  JsonObject *config = NULL;
  CsPredictOverrides defaults = { 0 };
  gboolean thinking = FALSE;

  g_return_val_if_fail (connector != NULL, NULL);

  if (json_object_has_member (connector, "client_config")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "client_config")))
    config = json_object_get_object_member (connector, "client_config");
  cs_predict_defaults_from_connector (connector, &defaults, &thinking);
  return cs_timeout_check (read_int (config, "read_timeout", 0),
                           read_int (config, "max_retry_times", -1),
                           defaults.max_tokens > 0 ? defaults.max_tokens : 4096, thinking,
                           version);
}
