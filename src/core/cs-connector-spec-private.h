/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the files that make up CsConnectorSpec: cs-connector-spec.c (the
 * object and its accessors), -body.c (building the body, JSON, curl),
 * -import.c and -validate.c. Not for use outside them.
 */

#include "cs-connector-spec.h"
#include "cs-model-rules.h"

G_BEGIN_DECLS

#define TEMPLATE_URL \
  "https://bedrock-runtime.${parameters.region}.amazonaws.com/model/${parameters.model}/invoke"

/* The blueprint's two request_body templates, verbatim. */
#define TEMPLATE_STANDARD \
  "{ \"system\": \"${parameters.system_prompt}\", " \
  "\"anthropic_version\": \"${parameters.anthropic_version}\", " \
  "\"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, " \
  "\"messages\": ${parameters.messages} }"
#define TEMPLATE_THINKING \
  "{ \"system\": \"${parameters.system_prompt}\", " \
  "\"anthropic_version\": \"${parameters.anthropic_version}\", " \
  "\"max_tokens\": ${parameters.max_tokens}, " \
  "\"temperature\": ${parameters.temperature}, " \
  "\"messages\": ${parameters.messages}, " \
  "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": ${parameters.budget_tokens} } }"

/* Optional parameters the form models; an import may lack them, and then the
 * body it builds lacks them too. */
typedef enum
{
  PRESENT_SERVICE_NAME      = 1 << 0,
  PRESENT_MAX_TOKENS        = 1 << 1,
  PRESENT_TEMPERATURE       = 1 << 2,
  PRESENT_ANTHROPIC_VERSION = 1 << 3,
  PRESENT_USE_SYSTEM_PROMPT = 1 << 4,
  PRESENT_ALL               = (1 << 5) - 1,
} Present;

struct _CsConnectorSpec
{
  GObject           parent_instance;

  char             *name;
  char             *description;
  char             *region;
  char             *model;
  CsConnectorThinking thinking;
  char             *effort;
  gint64            budget_tokens;
  gint64            max_tokens;
  double            temperature;
  gboolean          use_system_prompt;
  CsCredentialKind  credential_kind;
  char             *access_key;
  char             *secret_key;
  char             *session_token;
  char             *role_arn;
  gint64            read_timeout;

  /* What an import brought along. */
  JsonNode         *version;            /* NULL: the number 1 */
  char             *protocol;
  Present           present;
  JsonObject       *extra_top;
  JsonObject       *extra_credential;
  JsonObject       *extra_parameters;
  JsonObject       *extra_client_config;
  JsonArray        *kept_actions;       /* NULL: the Claude 4 template */
  GPtrArray        *kept;               /* NULL-terminated paths */
};

/* Maps the form's thinking onto what a rule check looks at. */
CsThinkingForm _cs_connector_spec_thinking_form (CsConnectorThinking thinking);
CsEffort       _cs_connector_spec_effort_flag   (const char         *effort);

/* Secrets are wiped before they are freed (explicit_bzero: a memset just
 * before g_free is a dead store the compiler may drop). Clears *secret. */
void _cs_connector_spec_free_secret (char **secret);

G_END_DECLS
