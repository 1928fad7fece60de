/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-version.h"

G_BEGIN_DECLS

/*
 * The values of the connector form, and the body of
 * POST _plugins/_ml/connectors/_create built from them.
 *
 * A new spec holds the blueprint's values (claude4-bedrock-blueprint.md):
 * for the blueprint's inputs the body equals the blueprint's body. A spec
 * made from an imported connector keeps what the form does not model
 * (other actions, other parameters, client_config members, any other
 * top-level member) and puts it back, unchanged, into the body it builds.
 *
 * Every property notifies; "changed" is emitted once after any change.
 */

typedef enum
{
  CS_CONNECTOR_MODE_STANDARD,
  CS_CONNECTOR_MODE_THINKING,
} CsConnectorMode;

/* How the body asks Claude to think, as far as the model allows
 * (cs-model-rules.h): no "thinking" member, {"type":"enabled",
 * "budget_tokens":N}, or {"type":"adaptive"} with output_config.effort.
 * The mode property is the older view of the same choice: standard is
 * off, thinking is budget or adaptive. */
typedef enum
{
  CS_CONNECTOR_THINKING_OFF,
  CS_CONNECTOR_THINKING_BUDGET,
  CS_CONNECTOR_THINKING_ADAPTIVE,
} CsConnectorThinking;

typedef enum
{
  CS_CREDENTIAL_KIND_KEYS,
  CS_CREDENTIAL_KIND_ROLE_ARN,
} CsCredentialKind;

#define CS_TYPE_CONNECTOR_MODE (cs_connector_mode_get_type ())
GType cs_connector_mode_get_type (void);
#define CS_TYPE_CONNECTOR_THINKING (cs_connector_thinking_get_type ())
GType cs_connector_thinking_get_type (void);
#define CS_TYPE_CREDENTIAL_KIND (cs_credential_kind_get_type ())
GType cs_credential_kind_get_type (void);

/* What the blueprint uses, and what the form starts with. */
#define CS_CONNECTOR_DEFAULT_NAME          "Amazon Bedrock claude v4"
#define CS_CONNECTOR_DEFAULT_DESCRIPTION   "Test connector for Amazon Bedrock claude v4"
#define CS_CONNECTOR_DEFAULT_MODEL         "us.anthropic.claude-sonnet-4-20250514-v1:0"
#define CS_CONNECTOR_DEFAULT_MAX_TOKENS    8000
#define CS_CONNECTOR_DEFAULT_BUDGET_TOKENS 1024
/* output_config.effort with adaptive thinking, unless the user picks another. */
#define CS_CONNECTOR_DEFAULT_EFFORT        "high"
#define CS_CONNECTOR_ANTHROPIC_VERSION     "bedrock-2023-05-31"
/* What the form suggests for client_config.read_timeout in thinking mode. */
#define CS_CONNECTOR_SUGGESTED_READ_TIMEOUT 120

/* Shown instead of a secret in previews, exports and curl text. */
#define CS_CONNECTOR_SECRET_MASK "••••••••"

/* One reason why the form cannot be sent. `field` is the name of the spec
 * property it is about ("temperature", "role-arn", …); `message` is a
 * translated sentence that says what to do. */
typedef struct
{
  char *field;
  char *message;
} CsSpecProblem;

void cs_spec_problem_free (CsSpecProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSpecProblem, cs_spec_problem_free)

#define CS_TYPE_CONNECTOR_SPEC (cs_connector_spec_get_type ())

G_DECLARE_FINAL_TYPE (CsConnectorSpec, cs_connector_spec, CS, CONNECTOR_SPEC, GObject)

CsConnectorSpec  *cs_connector_spec_new                (void);

/* Import: fills a spec from a connector body (a blueprint, an export, the
 * answer of GET _plugins/_ml/connectors/<id>). What the cluster writes itself
 * (created_time, last_updated_time, owner) is left out. Invalid JSON is
 * refused with a CS_ERROR_INVALID_INPUT that starts "Line L, column C: …". */
CsConnectorSpec  *cs_connector_spec_new_from_json      (const char       *text,
                                                        GError          **error);
CsConnectorSpec  *cs_connector_spec_new_from_object    (JsonObject       *connector,
                                                        GError          **error);

/* The JSON paths (e.g. "parameters.response_filter", "actions") of what an
 * import kept as-is because the form does not model it. Empty when none. */
const char * const *cs_connector_spec_get_kept         (CsConnectorSpec  *self);
/* TRUE when the imported actions are not the Claude 4 template; the body
 * then carries them as imported and the mode only sets budget_tokens. */
gboolean          cs_connector_spec_get_actions_kept   (CsConnectorSpec  *self);
/* Replaces imported actions with the Claude 4 template of the current mode. */
void              cs_connector_spec_use_template_actions (CsConnectorSpec *self);

const char       *cs_connector_spec_get_name           (CsConnectorSpec  *self);
void              cs_connector_spec_set_name           (CsConnectorSpec  *self,
                                                        const char       *name);
const char       *cs_connector_spec_get_description    (CsConnectorSpec  *self);
void              cs_connector_spec_set_description    (CsConnectorSpec  *self,
                                                        const char       *description);
const char       *cs_connector_spec_get_region         (CsConnectorSpec  *self);
void              cs_connector_spec_set_region         (CsConnectorSpec  *self,
                                                        const char       *region);
const char       *cs_connector_spec_get_model          (CsConnectorSpec  *self);
void              cs_connector_spec_set_model          (CsConnectorSpec  *self,
                                                        const char       *model);
CsConnectorMode   cs_connector_spec_get_mode           (CsConnectorSpec  *self);
void              cs_connector_spec_set_mode           (CsConnectorSpec  *self,
                                                        CsConnectorMode   mode);
/* Setting the mode to thinking keeps adaptive thinking, else turns the
 * budget on; standard turns thinking off. */
CsConnectorThinking cs_connector_spec_get_thinking     (CsConnectorSpec  *self);
void              cs_connector_spec_set_thinking       (CsConnectorSpec  *self,
                                                        CsConnectorThinking thinking);
/* "low", "medium", "high", "xhigh" or "max"; sent with adaptive thinking. */
const char       *cs_connector_spec_get_effort         (CsConnectorSpec  *self);
void              cs_connector_spec_set_effort         (CsConnectorSpec  *self,
                                                        const char       *effort);
gint64            cs_connector_spec_get_budget_tokens  (CsConnectorSpec  *self);
void              cs_connector_spec_set_budget_tokens  (CsConnectorSpec  *self,
                                                        gint64            budget_tokens);
gint64            cs_connector_spec_get_max_tokens     (CsConnectorSpec  *self);
void              cs_connector_spec_set_max_tokens     (CsConnectorSpec  *self,
                                                        gint64            max_tokens);
double            cs_connector_spec_get_temperature    (CsConnectorSpec  *self);
void              cs_connector_spec_set_temperature    (CsConnectorSpec  *self,
                                                        double            temperature);
gboolean          cs_connector_spec_get_use_system_prompt (CsConnectorSpec *self);
void              cs_connector_spec_set_use_system_prompt (CsConnectorSpec *self,
                                                           gboolean         use_system_prompt);
CsCredentialKind  cs_connector_spec_get_credential_kind (CsConnectorSpec *self);
void              cs_connector_spec_set_credential_kind (CsConnectorSpec *self,
                                                         CsCredentialKind kind);
const char       *cs_connector_spec_get_access_key     (CsConnectorSpec  *self);
void              cs_connector_spec_set_access_key     (CsConnectorSpec  *self,
                                                        const char       *access_key);
const char       *cs_connector_spec_get_secret_key     (CsConnectorSpec  *self);
void              cs_connector_spec_set_secret_key     (CsConnectorSpec  *self,
                                                        const char       *secret_key);
/* Optional; NULL or "" leaves session_token out of the body. */
const char       *cs_connector_spec_get_session_token  (CsConnectorSpec  *self);
void              cs_connector_spec_set_session_token  (CsConnectorSpec  *self,
                                                        const char       *session_token);
const char       *cs_connector_spec_get_role_arn       (CsConnectorSpec  *self);
void              cs_connector_spec_set_role_arn       (CsConnectorSpec  *self,
                                                        const char       *role_arn);
/* client_config.read_timeout in seconds; 0 leaves it out. */
gint64            cs_connector_spec_get_read_timeout   (CsConnectorSpec  *self);
void              cs_connector_spec_set_read_timeout   (CsConnectorSpec  *self,
                                                        gint64            seconds);

/* Checks the form against what ML Commons and Bedrock accept. version may be
 * NULL (unknown cluster); aws_managed is TRUE for Amazon OpenSearch Service.
 * Returns TRUE when nothing is wrong; *problems (if not NULL) receives the
 * CsSpecProblem list, possibly empty. */
gboolean          cs_connector_spec_validate           (CsConnectorSpec  *self,
                                                        const CsVersion  *version,
                                                        gboolean          aws_managed,
                                                        GPtrArray       **problems);

/* For a connector already made (on the cluster, or imported): one or two
 * translated sentences saying why its body breaks its model's rules or
 * that its model is legacy or past end of life, and what to change. NULL
 * when nothing is wrong or the model is not one the rule table knows. */
char             *cs_connector_spec_explain_model_problems (CsConnectorSpec *self);

/* The read_timeout (seconds) worth setting because extended thinking can
 * take longer than the cluster's default; 0 when there is nothing to suggest.
 * version may be NULL. */
gint64            cs_connector_spec_suggest_read_timeout (CsConnectorSpec *self,
                                                          const CsVersion *version);

/* The _create body. With mask_secrets, every secret by the one masking rule
 * (cs-secret-mask.h: all of credential, credential-like parameters of any
 * type, literal credential-like headers, URL user info) is replaced by
 * CS_CONNECTOR_SECRET_MASK. to_curl leaves any user info of base_url out. */
JsonNode         *cs_connector_spec_build_body         (CsConnectorSpec  *self,
                                                        gboolean          mask_secrets);
/* The body as indented JSON text. */
char             *cs_connector_spec_to_json            (CsConnectorSpec  *self,
                                                        gboolean          mask_secrets);
/* A curl command line that creates the connector, secrets masked. base_url
 * is the cluster URL; cluster authentication is left for the reader to add. */
char             *cs_connector_spec_to_curl            (CsConnectorSpec  *self,
                                                        const char       *base_url);

/* The request_body templates of the blueprint, for each mode. */
const char       *cs_connector_spec_template_request_body (CsConnectorMode mode);
/* The request_body template for a thinking form, with or without the
 * temperature member (left out for models that refuse it). Off and budget
 * with temperature are the blueprint's two templates, byte for byte. */
char             *cs_connector_spec_build_request_body (CsConnectorThinking thinking,
                                                        gboolean            temperature);
/* Whether the template (and the parameters) carry temperature for this
 * model: FALSE when the rule table says the model refuses it. */
gboolean          cs_connector_spec_sends_temperature  (CsConnectorSpec  *self);

G_END_DECLS
