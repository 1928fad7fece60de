/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-connector-spec.h"
#include "cs-trusted-endpoints.h"

G_BEGIN_DECLS

/*
 * Export: the whole setup of a connector as text the user runs elsewhere —
 * the trusted-endpoints change (only when the connector's URL is not trusted
 * yet; the list is appended to, no entry is dropped), the connector, the
 * model registered with `?deploy=true` and `function_name: remote`, waiting
 * for the deployment, and a test predict (claude4-bedrock-blueprint.md).
 *
 * Three formats:
 *  - CS_EXPORT_FORMAT_SHELL: a POSIX sh script of curl calls (`set -eu`).
 *    It reads the cluster address and login from OPENSEARCH_URL,
 *    OPENSEARCH_USER, OPENSEARCH_PASSWORD and the connector's AWS keys from
 *    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN when the
 *    connector has a session token). Ids are read from the answers with
 *    `python3 -c` (json module); the script checks curl and python3 exist.
 *  - CS_EXPORT_FORMAT_DEV_TOOLS: OpenSearch Dashboards Dev Tools console
 *    text: `METHOD path` lines each followed by a JSON body, `#` comments.
 *    Secrets are clearly marked placeholders the user replaces.
 *  - CS_EXPORT_FORMAT_TERRAFORM: a configuration for
 *    terraform-provider-opensearch CS_EXPORT_TERRAFORM_PROVIDER_VERSION, whose
 *    ML resources (`opensearch_ml_connector`, `opensearch_ml_model_group`,
 *    `opensearch_ml_model`, added by its PR #280, first tagged v2.4.0) are
 *    described in provider/resource_opensearch_ml_{connector,model_group,
 *    model}.go. Secrets are `variable` blocks with `sensitive = true`. The
 *    trusted-list change and the test predict are not Terraform resources:
 *    they are left as comments.
 *
 * Secrets are never written: the connector is built with the project's one
 * masking rule (cs_connector_spec_build_body (spec, TRUE)) and every
 * credential member except `roleArn` (not a secret) becomes a variable.
 */

#define CS_EXPORT_TERRAFORM_PROVIDER_VERSION "2.4.0"
#define CS_EXPORT_TERRAFORM_PROVIDER_SOURCE  "opensearch-project/opensearch"

/* The blueprint's model (claude4-bedrock-blueprint.md, 2.2). */
#define CS_EXPORT_DEFAULT_MODEL_NAME        "anthropic.claude-v4"
#define CS_EXPORT_DEFAULT_MODEL_DESCRIPTION "claude v4 model"

typedef enum
{
  CS_EXPORT_FORMAT_SHELL,
  CS_EXPORT_FORMAT_DEV_TOOLS,
  CS_EXPORT_FORMAT_TERRAFORM,
} CsExportFormat;

typedef struct
{
  /* The model to register; NULL: CS_EXPORT_DEFAULT_MODEL_NAME / _DESCRIPTION. */
  const char    *model_name;
  const char    *model_description;
  /* The cluster's trusted list (cs_trusted_list_fetch_async); NULL when not
   * known: the exports then leave the list alone and say to check it. */
  CsTrustedList *trusted;
} CsExportOptions;

/* The connector's predict URL with its ${parameters.*} filled in from the
 * connector's parameters (what the trusted list must match); NULL when the
 * connector has no predict action. */
char     *cs_export_resolve_predict_url (CsConnectorSpec       *spec);

/* The PUT _cluster/settings body the export sends, or NULL when the URL is
 * trusted already or the list is not known (options->trusted NULL, or
 * cs_trusted_list_build_put_body() refuses). */
JsonNode *cs_export_build_trusted_body  (CsConnectorSpec       *spec,
                                         const CsExportOptions *options);

/* The connector body as exported: masked, each secret credential member
 * replaced by `placeholder_format` applied to its variable name (e.g.
 * "${%s}" → "${AWS_ACCESS_KEY_ID}"). */
JsonNode *cs_export_build_connector_body (CsConnectorSpec *spec,
                                          const char      *placeholder_format);

/* The variable a credential member becomes: AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, otherwise CS_CREDENTIAL_<MEMBER>. */
char     *cs_export_credential_variable  (const char *member);

/* The test predict body (the blueprint's 2.3). */
JsonNode *cs_export_build_predict_body   (void);

/* The whole export in one format. options may be NULL. */
char     *cs_export_generate             (CsConnectorSpec       *spec,
                                          const CsExportOptions *options,
                                          CsExportFormat         format);

G_END_DECLS
