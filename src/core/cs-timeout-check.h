/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cs-version.h"

G_BEGIN_DECLS

/*
 * Compares a connector's client_config (read_timeout, max_retry_times) with what a call
 * of the model can take: max_tokens and whether it thinks. ML Commons' defaults are
 * read_timeout 30 s and max_retry_times 0 (ConnectorClientConfig.java); 2.14–3.5 did not
 * enforce the read timeout in practice, 3.6 and later do (the field research, §2.1).
 */

/* The output speed the estimate assumes, tokens per second: on the slow side of what Claude
 * models stream on Bedrock, so that the estimate errs long. */
#define CS_TIMEOUT_CHECK_TOKENS_PER_SECOND 40
/* ML Commons' default client_config.read_timeout, seconds. */
#define CS_TIMEOUT_CHECK_DEFAULT_READ_TIMEOUT 30

typedef enum
{
  CS_TIMEOUT_PROBLEM_READ_TIMEOUT_SHORT,   /* calls can outlast read_timeout */
  CS_TIMEOUT_PROBLEM_THINKING_DEFAULT,     /* thinking with the default 30 s */
  CS_TIMEOUT_PROBLEM_RETRIES_BILL_TWICE,   /* a retried long call is paid again */
} CsTimeoutProblemKind;

typedef struct
{
  CsTimeoutProblemKind kind;
  char                *message;              /* translated; says what to do */
  gint64               suggested_read_timeout; /* seconds; 0 = leave as is */
  gint64               suggested_max_retry_times; /* -1 = leave as is */
} CsTimeoutProblem;

void       cs_timeout_problem_free      (CsTimeoutProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTimeoutProblem, cs_timeout_problem_free)

/* The seconds a call of max_tokens output tokens may take (first token latency included). */
gint64     cs_timeout_check_estimate    (gint64            max_tokens,
                                         gboolean          thinking);

/* read_timeout ≤ 0 and max_retry_times < 0 mean "not set" (the cluster's default). version
 * may be NULL (unknown: the read timeout is assumed to be enforced). Returns the problems
 * (CsTimeoutProblem), possibly none. */
GPtrArray *cs_timeout_check             (gint64            read_timeout,
                                         gint64            max_retry_times,
                                         gint64            max_tokens,
                                         gboolean          thinking,
                                         const CsVersion  *version);

/* The same for a connector as the cluster sends it (GET) or as a create body: its
 * client_config, parameters.max_tokens and whether its template thinks. */
GPtrArray *cs_timeout_check_connector   (JsonObject       *connector,
                                         const CsVersion  *version);

G_END_DECLS
