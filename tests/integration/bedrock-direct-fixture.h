/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's simulated AWS account for the Bedrock tests (src/sandbox/README.md, "Bedrock
 * called directly"). None of these look like real AWS keys. */
#pragma once

#include "config.h"

#include "cs-bedrock-request.h"

#include "cs-test-sandbox.h"

#define BD_WAIT_MS 20000
#define BD_ACCESS_KEY "SANDBOXTESTACCESS01"
#define BD_SECRET_KEY "sandboxTestSecretKeyForTests0123456789ab"
#define BD_WRONG_SECRET "sandboxTestSecretKeyForTestsWRONGWRONGWR"
#define BD_SESSION_TOKEN "sandboxTestSessionToken0123456789"
#define BD_EXPIRED_TOKEN "sandboxTestSessionTokenEXPIRED01234"
#define BD_UNKNOWN_KEY "EXAMPLEUNKNOWNKEY01"
#define BD_NO_LIST_MODELS_KEY "SANDBOXNOLISTMODELS01"
#define BD_NO_LIST_PROFILES_KEY "SANDBOXNOLISTPROFILES01"
#define BD_NO_INVOKE_KEY "SANDBOXNOINVOKE00001"

typedef struct
{
  CsTestSandbox      *sandbox;
  char               *control_url;
  char               *runtime_url;
  CsBedrockEndpoints  endpoints;
} BdFixture;

static inline void
bd_fixture_start (BdFixture *f)
{
  const char *url;

  f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  url = cs_test_sandbox_get_url (f->sandbox);
  f->control_url = g_strconcat (url, "_aws/bedrock", NULL);
  f->runtime_url = g_strconcat (url, "_aws/bedrock-runtime", NULL);
  f->endpoints.control_url = f->control_url;
  f->endpoints.runtime_url = f->runtime_url;
}

static inline void
bd_fixture_stop (BdFixture *f)
{
  g_clear_pointer (&f->sandbox, cs_test_sandbox_stop);
  g_clear_pointer (&f->control_url, g_free);
  g_clear_pointer (&f->runtime_url, g_free);
}

static inline CsBedrockKeys
bd_keys (const char *access_key,
         const char *secret_key,
         const char *session_token)
{
  CsBedrockKeys keys = { access_key, secret_key, session_token };

  return keys;
}
