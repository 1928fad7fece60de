/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the predict integration tests and the playground UI test: a
 * Claude 4 connector from the blueprint bodies, registered and deployed on
 * the sandbox with plain cs_client_request calls.
 *
 * The sandbox's Bedrock checks the shape of the AWS keys (src/sandbox/
 * sb-bedrock.c): an access key of capitals and digits, a secret key of 40
 * letters, digits, "+" or "/"; "INVALID" in the secret key is answered as an
 * unknown key, "EXPIRED" in the session token as an expired one. None of
 * these look like real AWS keys.
 */

#include "cs-client.h"

G_BEGIN_DECLS

#define CS_TEST_ACCESS_KEY "SANDBOXACCESSKEY01"
#define CS_TEST_SECRET_KEY "sandboxsecretkey000000000000000000000000"
#define CS_TEST_BAD_SECRET "sandboxsecretkeyINVALID00000000000000000"
#define CS_TEST_SESSION_TOKEN "sandboxsessiontoken0000000000"
#define CS_TEST_EXPIRED_TOKEN "sandboxsessiontokenEXPIRED000"

/* One request, waited for (30 s at most); as cs_client_request_finish_full(). */
JsonNode *cs_test_request      (CsClient    *client,
                                const char  *method,
                                const char  *path,
                                JsonNode    *body,
                                guint       *status,
                                JsonNode   **error_body,
                                GError     **error);
/* Parses JSON text; fails the test when it is not JSON. */
JsonNode *cs_test_parse_json   (const char  *text);
/* Creates a connector from tests/data/blueprints/<blueprint> (region
 * us-east-1, the given keys; session_token NULL leaves it out), registers it
 * with deploy=true and waits for DEPLOYED. Returns the model id; the
 * connector id goes to *connector_id when not NULL. */
char     *cs_test_deploy_model (CsClient    *client,
                                const char  *blueprint,
                                const char  *secret_key,
                                const char  *session_token,
                                char       **connector_id);
/* The same for the models the blueprint predates: parameters.model replaced
 * by bedrock_model, the predict action's request_body by request_body, and
 * the members of the JSON object text parameters set in the connector's
 * parameters (null removes one); each NULL keeps the blueprint's. */
char     *cs_test_deploy_model_for (CsClient    *client,
                                    const char  *blueprint,
                                    const char  *bedrock_model,
                                    const char  *request_body,
                                    const char  *parameters,
                                    const char  *secret_key,
                                    const char  *session_token,
                                    char       **connector_id);

G_END_DECLS
