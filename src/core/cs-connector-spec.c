/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-spec"

#include "config.h"

#include "cs-connector-spec.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-bedrock-catalog.h"
#include "cs-error.h"

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
  CsConnectorMode   mode;
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

G_DEFINE_FINAL_TYPE (CsConnectorSpec, cs_connector_spec, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CsConnectorMode, cs_connector_mode,
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_MODE_STANDARD, "standard"),
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_MODE_THINKING, "thinking"))

G_DEFINE_ENUM_TYPE (CsCredentialKind, cs_credential_kind,
                    G_DEFINE_ENUM_VALUE (CS_CREDENTIAL_KIND_KEYS, "keys"),
                    G_DEFINE_ENUM_VALUE (CS_CREDENTIAL_KIND_ROLE_ARN, "role-arn"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_REGION,
  PROP_MODEL,
  PROP_MODE,
  PROP_BUDGET_TOKENS,
  PROP_MAX_TOKENS,
  PROP_TEMPERATURE,
  PROP_USE_SYSTEM_PROMPT,
  PROP_CREDENTIAL_KIND,
  PROP_ACCESS_KEY,
  PROP_SECRET_KEY,
  PROP_SESSION_TOKEN,
  PROP_ROLE_ARN,
  PROP_READ_TIMEOUT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
cs_spec_problem_free (CsSpecProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
changed (CsConnectorSpec *self,
         guint            prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Secrets are wiped before they are freed (explicit_bzero: a memset just
 * before g_free is a dead store the compiler may drop). */
static void
free_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static gboolean
set_string (CsConnectorSpec  *self,
            char            **field,
            const char       *value,
            gboolean          secret,
            guint             prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  if (secret)
    free_secret (field);
  else
    g_free (*field);
  *field = g_strdup (value);
  changed (self, prop);
  return TRUE;
}

static void
cs_connector_spec_finalize (GObject *object)
{
  CsConnectorSpec *self = CS_CONNECTOR_SPEC (object);

  g_free (self->name);
  g_free (self->description);
  g_free (self->region);
  g_free (self->model);
  g_free (self->access_key);
  free_secret (&self->secret_key);
  free_secret (&self->session_token);
  g_free (self->role_arn);
  g_clear_pointer (&self->version, json_node_unref);
  g_free (self->protocol);
  g_clear_pointer (&self->extra_top, json_object_unref);
  g_clear_pointer (&self->extra_credential, json_object_unref);
  g_clear_pointer (&self->extra_parameters, json_object_unref);
  g_clear_pointer (&self->extra_client_config, json_object_unref);
  g_clear_pointer (&self->kept_actions, json_array_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_connector_spec_parent_class)->finalize (object);
}

static void
cs_connector_spec_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsConnectorSpec *self = CS_CONNECTOR_SPEC (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_REGION: g_value_set_string (value, self->region); break;
    case PROP_MODEL: g_value_set_string (value, self->model); break;
    case PROP_MODE: g_value_set_enum (value, self->mode); break;
    case PROP_BUDGET_TOKENS: g_value_set_int64 (value, self->budget_tokens); break;
    case PROP_MAX_TOKENS: g_value_set_int64 (value, self->max_tokens); break;
    case PROP_TEMPERATURE: g_value_set_double (value, self->temperature); break;
    case PROP_USE_SYSTEM_PROMPT: g_value_set_boolean (value, self->use_system_prompt); break;
    case PROP_CREDENTIAL_KIND: g_value_set_enum (value, self->credential_kind); break;
    case PROP_ACCESS_KEY: g_value_set_string (value, self->access_key); break;
    case PROP_SECRET_KEY: g_value_set_string (value, self->secret_key); break;
    case PROP_SESSION_TOKEN: g_value_set_string (value, self->session_token); break;
    case PROP_ROLE_ARN: g_value_set_string (value, self->role_arn); break;
    case PROP_READ_TIMEOUT: g_value_set_int64 (value, self->read_timeout); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_spec_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CsConnectorSpec *self = CS_CONNECTOR_SPEC (object);

  switch (prop_id)
    {
    case PROP_NAME: cs_connector_spec_set_name (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION:
      cs_connector_spec_set_description (self, g_value_get_string (value));
      break;
    case PROP_REGION: cs_connector_spec_set_region (self, g_value_get_string (value)); break;
    case PROP_MODEL: cs_connector_spec_set_model (self, g_value_get_string (value)); break;
    case PROP_MODE: cs_connector_spec_set_mode (self, g_value_get_enum (value)); break;
    case PROP_BUDGET_TOKENS:
      cs_connector_spec_set_budget_tokens (self, g_value_get_int64 (value));
      break;
    case PROP_MAX_TOKENS: cs_connector_spec_set_max_tokens (self, g_value_get_int64 (value)); break;
    case PROP_TEMPERATURE:
      cs_connector_spec_set_temperature (self, g_value_get_double (value));
      break;
    case PROP_USE_SYSTEM_PROMPT:
      cs_connector_spec_set_use_system_prompt (self, g_value_get_boolean (value));
      break;
    case PROP_CREDENTIAL_KIND:
      cs_connector_spec_set_credential_kind (self, g_value_get_enum (value));
      break;
    case PROP_ACCESS_KEY: cs_connector_spec_set_access_key (self, g_value_get_string (value)); break;
    case PROP_SECRET_KEY: cs_connector_spec_set_secret_key (self, g_value_get_string (value)); break;
    case PROP_SESSION_TOKEN:
      cs_connector_spec_set_session_token (self, g_value_get_string (value));
      break;
    case PROP_ROLE_ARN: cs_connector_spec_set_role_arn (self, g_value_get_string (value)); break;
    case PROP_READ_TIMEOUT:
      cs_connector_spec_set_read_timeout (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_spec_class_init (CsConnectorSpecClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_connector_spec_finalize;
  object_class->get_property = cs_connector_spec_get_property;
  object_class->set_property = cs_connector_spec_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", flags);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, "", flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, "", flags);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, CS_TYPE_CONNECTOR_MODE,
                                             CS_CONNECTOR_MODE_STANDARD, flags);
  properties[PROP_BUDGET_TOKENS] = g_param_spec_int64 ("budget-tokens", NULL, NULL,
                                                       0, G_MAXINT32,
                                                       CS_CONNECTOR_DEFAULT_BUDGET_TOKENS, flags);
  properties[PROP_MAX_TOKENS] = g_param_spec_int64 ("max-tokens", NULL, NULL, 0, G_MAXINT32,
                                                    CS_CONNECTOR_DEFAULT_MAX_TOKENS, flags);
  properties[PROP_TEMPERATURE] = g_param_spec_double ("temperature", NULL, NULL,
                                                      0.0, 2.0, 1.0, flags);
  properties[PROP_USE_SYSTEM_PROMPT] = g_param_spec_boolean ("use-system-prompt", NULL, NULL,
                                                             TRUE, flags);
  properties[PROP_CREDENTIAL_KIND] = g_param_spec_enum ("credential-kind", NULL, NULL,
                                                        CS_TYPE_CREDENTIAL_KIND,
                                                        CS_CREDENTIAL_KIND_KEYS, flags);
  properties[PROP_ACCESS_KEY] = g_param_spec_string ("access-key", NULL, NULL, "", flags);
  properties[PROP_SECRET_KEY] = g_param_spec_string ("secret-key", NULL, NULL, "", flags);
  properties[PROP_SESSION_TOKEN] = g_param_spec_string ("session-token", NULL, NULL, "", flags);
  properties[PROP_ROLE_ARN] = g_param_spec_string ("role-arn", NULL, NULL, "", flags);
  properties[PROP_READ_TIMEOUT] = g_param_spec_int64 ("read-timeout", NULL, NULL,
                                                      0, G_MAXINT32, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_connector_spec_init (CsConnectorSpec *self)
{
  self->name = g_strdup (CS_CONNECTOR_DEFAULT_NAME);
  self->description = g_strdup (CS_CONNECTOR_DEFAULT_DESCRIPTION);
  self->region = g_strdup ("");
  self->model = g_strdup (CS_CONNECTOR_DEFAULT_MODEL);
  self->mode = CS_CONNECTOR_MODE_STANDARD;
  self->budget_tokens = CS_CONNECTOR_DEFAULT_BUDGET_TOKENS;
  self->max_tokens = CS_CONNECTOR_DEFAULT_MAX_TOKENS;
  self->temperature = 1.0;
  self->use_system_prompt = TRUE;
  self->credential_kind = CS_CREDENTIAL_KIND_KEYS;
  self->access_key = g_strdup ("");
  self->secret_key = g_strdup ("");
  self->session_token = g_strdup ("");
  self->role_arn = g_strdup ("");
  self->protocol = g_strdup ("aws_sigv4");
  self->present = PRESENT_ALL;
  self->kept = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->kept, NULL);
}

CsConnectorSpec *
cs_connector_spec_new (void)
{
  return g_object_new (CS_TYPE_CONNECTOR_SPEC, NULL);
}

/* ---- accessors ---- */

#define STRING_ACCESSORS(field, prop, secret)                                         \
const char *                                                                          \
cs_connector_spec_get_##field (CsConnectorSpec *self)                                 \
{                                                                                     \
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);                           \
  return self->field;                                                                 \
}                                                                                     \
void                                                                                  \
cs_connector_spec_set_##field (CsConnectorSpec *self,                                 \
                               const char      *value)                                \
{                                                                                     \
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));                                     \
  set_string (self, &self->field, value, secret, prop);                               \
}

STRING_ACCESSORS (name, PROP_NAME, FALSE)
STRING_ACCESSORS (description, PROP_DESCRIPTION, FALSE)
STRING_ACCESSORS (region, PROP_REGION, FALSE)
STRING_ACCESSORS (model, PROP_MODEL, FALSE)
STRING_ACCESSORS (access_key, PROP_ACCESS_KEY, FALSE)
STRING_ACCESSORS (secret_key, PROP_SECRET_KEY, TRUE)
STRING_ACCESSORS (session_token, PROP_SESSION_TOKEN, TRUE)
STRING_ACCESSORS (role_arn, PROP_ROLE_ARN, FALSE)

CsConnectorMode
cs_connector_spec_get_mode (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), CS_CONNECTOR_MODE_STANDARD);
  return self->mode;
}

void
cs_connector_spec_set_mode (CsConnectorSpec *self,
                            CsConnectorMode  mode)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  if (self->mode == mode)
    return;
  self->mode = mode;
  changed (self, PROP_MODE);
}

gint64
cs_connector_spec_get_budget_tokens (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), 0);
  return self->budget_tokens;
}

void
cs_connector_spec_set_budget_tokens (CsConnectorSpec *self,
                                     gint64           budget_tokens)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  if (self->budget_tokens == budget_tokens)
    return;
  self->budget_tokens = budget_tokens;
  changed (self, PROP_BUDGET_TOKENS);
}

gint64
cs_connector_spec_get_max_tokens (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), 0);
  return self->max_tokens;
}

void
cs_connector_spec_set_max_tokens (CsConnectorSpec *self,
                                  gint64           max_tokens)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  if (self->max_tokens == max_tokens)
    return;
  self->max_tokens = max_tokens;
  self->present |= PRESENT_MAX_TOKENS;
  changed (self, PROP_MAX_TOKENS);
}

double
cs_connector_spec_get_temperature (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), 0.0);
  return self->temperature;
}

void
cs_connector_spec_set_temperature (CsConnectorSpec *self,
                                   double           temperature)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  /* Two decimals are what the form offers; compare at that precision so a
   * spin button that rounds does not count as a change. */
  temperature = round (temperature * 100.0) / 100.0;
  if (self->temperature == temperature)
    return;
  self->temperature = temperature;
  self->present |= PRESENT_TEMPERATURE;
  changed (self, PROP_TEMPERATURE);
}

gboolean
cs_connector_spec_get_use_system_prompt (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), FALSE);
  return self->use_system_prompt;
}

void
cs_connector_spec_set_use_system_prompt (CsConnectorSpec *self,
                                         gboolean         use_system_prompt)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  use_system_prompt = !!use_system_prompt;
  if (self->use_system_prompt == use_system_prompt)
    return;
  self->use_system_prompt = use_system_prompt;
  self->present |= PRESENT_USE_SYSTEM_PROMPT;
  changed (self, PROP_USE_SYSTEM_PROMPT);
}

CsCredentialKind
cs_connector_spec_get_credential_kind (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), CS_CREDENTIAL_KIND_KEYS);
  return self->credential_kind;
}

void
cs_connector_spec_set_credential_kind (CsConnectorSpec  *self,
                                       CsCredentialKind  kind)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  if (self->credential_kind == kind)
    return;
  self->credential_kind = kind;
  changed (self, PROP_CREDENTIAL_KIND);
}

gint64
cs_connector_spec_get_read_timeout (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), 0);
  return self->read_timeout;
}

void
cs_connector_spec_set_read_timeout (CsConnectorSpec *self,
                                    gint64           seconds)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  seconds = MAX (seconds, 0);
  if (self->read_timeout == seconds)
    return;
  self->read_timeout = seconds;
  changed (self, PROP_READ_TIMEOUT);
}

const char * const *
cs_connector_spec_get_kept (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return (const char * const *) self->kept->pdata;
}

gboolean
cs_connector_spec_get_actions_kept (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), FALSE);
  return self->kept_actions != NULL;
}

static void
remove_kept (CsConnectorSpec *self,
             const char      *path)
{
  for (guint i = 0; i + 1 < self->kept->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->kept, i), path) == 0)
      {
        g_ptr_array_remove_index (self->kept, i);
        return;
      }
}

void
cs_connector_spec_use_template_actions (CsConnectorSpec *self)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  if (self->kept_actions == NULL)
    return;
  g_clear_pointer (&self->kept_actions, json_array_unref);
  remove_kept (self, "actions");
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
cs_connector_spec_template_request_body (CsConnectorMode mode)
{
  return mode == CS_CONNECTOR_MODE_THINKING ? TEMPLATE_THINKING : TEMPLATE_STANDARD;
}

/* ---- building ---- */

static void
add_extra_members (JsonBuilder *builder,
                   JsonObject  *extra)
{
  g_autoptr(GList) names = NULL;

  if (extra == NULL)
    return;
  names = json_object_get_members (extra);
  for (GList *l = names; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (extra, l->data)));
    }
}

static void
add_number (JsonBuilder *builder,
            double       value)
{
  /* Whole numbers go out as integers, as in the blueprint ("temperature": 1). */
  if (value == floor (value) && fabs (value) < 1e15)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_secret (JsonBuilder *builder,
            const char  *name,
            const char  *value,
            gboolean     mask)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, mask ? CS_CONNECTOR_SECRET_MASK : value);
}

JsonNode *
cs_connector_spec_build_body (CsConnectorSpec *self,
                              gboolean         mask_secrets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  if (self->description[0] != '\0')
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, self->description);
    }
  json_builder_set_member_name (builder, "version");
  if (self->version != NULL)
    json_builder_add_value (builder, json_node_copy (self->version));
  else
    json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, self->protocol);

  json_builder_set_member_name (builder, "credential");
  json_builder_begin_object (builder);
  if (self->credential_kind == CS_CREDENTIAL_KIND_ROLE_ARN)
    {
      json_builder_set_member_name (builder, "roleArn");
      json_builder_add_string_value (builder, self->role_arn);
    }
  else
    {
      add_secret (builder, "access_key", self->access_key, mask_secrets);
      add_secret (builder, "secret_key", self->secret_key, mask_secrets);
      if (self->session_token[0] != '\0')
        add_secret (builder, "session_token", self->session_token, mask_secrets);
    }
  add_extra_members (builder, self->extra_credential);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, self->region);
  if (self->present & PRESENT_SERVICE_NAME)
    {
      json_builder_set_member_name (builder, "service_name");
      json_builder_add_string_value (builder, "bedrock");
    }
  if (self->present & PRESENT_MAX_TOKENS)
    {
      json_builder_set_member_name (builder, "max_tokens");
      json_builder_add_int_value (builder, self->max_tokens);
    }
  if (self->present & PRESENT_TEMPERATURE)
    {
      json_builder_set_member_name (builder, "temperature");
      add_number (builder, self->temperature);
    }
  if (self->present & PRESENT_ANTHROPIC_VERSION)
    {
      json_builder_set_member_name (builder, "anthropic_version");
      json_builder_add_string_value (builder, CS_CONNECTOR_ANTHROPIC_VERSION);
    }
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);
  if (self->mode == CS_CONNECTOR_MODE_THINKING)
    {
      json_builder_set_member_name (builder, "budget_tokens");
      json_builder_add_int_value (builder, self->budget_tokens);
    }
  if (self->present & PRESENT_USE_SYSTEM_PROMPT)
    {
      json_builder_set_member_name (builder, "use_system_prompt");
      json_builder_add_boolean_value (builder, self->use_system_prompt);
    }
  add_extra_members (builder, self->extra_parameters);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "actions");
  if (self->kept_actions != NULL)
    {
      JsonNode *actions = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (actions, self->kept_actions);
      json_builder_add_value (builder, json_node_copy (actions));
      json_node_unref (actions);
    }
  else
    {
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action_type");
      json_builder_add_string_value (builder, "predict");
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, "POST");
      json_builder_set_member_name (builder, "headers");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "content-type");
      json_builder_add_string_value (builder, "application/json");
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, TEMPLATE_URL);
      json_builder_set_member_name (builder, "request_body");
      json_builder_add_string_value (builder, cs_connector_spec_template_request_body (self->mode));
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  if (self->read_timeout > 0 ||
      (self->extra_client_config != NULL && json_object_get_size (self->extra_client_config) > 0))
    {
      json_builder_set_member_name (builder, "client_config");
      json_builder_begin_object (builder);
      add_extra_members (builder, self->extra_client_config);
      if (self->read_timeout > 0)
        {
          json_builder_set_member_name (builder, "read_timeout");
          json_builder_add_int_value (builder, self->read_timeout);
        }
      json_builder_end_object (builder);
    }

  add_extra_members (builder, self->extra_top);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
cs_connector_spec_to_json (CsConnectorSpec *self,
                           gboolean         mask_secrets)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);

  body = cs_connector_spec_build_body (self, mask_secrets);
  json_generator_set_root (generator, body);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

char *
cs_connector_spec_to_curl (CsConnectorSpec *self,
                           const char      *base_url)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *quoted_url = NULL;
  g_autofree char *quoted_body = NULL;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);

  base = g_strdup (base_url != NULL && base_url[0] != '\0' ? base_url : "http://localhost:9200");
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  url = g_strconcat (base, "/_plugins/_ml/connectors/_create", NULL);

  body = cs_connector_spec_build_body (self, TRUE);
  json = json_to_string (body, TRUE);
  quoted_url = g_shell_quote (url);
  quoted_body = g_shell_quote (json);

  return g_strdup_printf ("curl -X POST %s \\\n  -H 'Content-Type: application/json' \\\n  -d %s\n",
                          quoted_url, quoted_body);
}

/* ---- import ---- */

static void
add_kept (CsConnectorSpec *self,
          const char      *path)
{
  /* Keep the terminating NULL last. */
  g_ptr_array_insert (self->kept, self->kept->len - 1, g_strdup (path));
}

static void
keep_member (CsConnectorSpec  *self,
             JsonObject      **extra,
             const char       *prefix,
             const char       *name,
             JsonNode         *node)
{
  g_autofree char *path = prefix != NULL ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);

  if (*extra == NULL)
    *extra = json_object_new ();
  json_object_set_member (*extra, name, json_node_copy (node));
  add_kept (self, path);
}

/* A number, or a string that holds one (GET answers every parameter as a
 * string). */
static gboolean
node_get_number (JsonNode *node,
                 double   *out)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          *out = json_node_get_double (node);
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);
          char *end = NULL;
          double value;

          if (text == NULL || text[0] == '\0')
            return FALSE;
          value = g_ascii_strtod (text, &end);
          if (end != NULL && *end == '\0' && isfinite (value))
            {
              *out = value;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
node_get_whole (JsonNode *node,
                gint64   *out)
{
  double value;

  if (!node_get_number (node, &value) || value != floor (value) ||
      value < 0 || value > G_MAXINT32)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static gboolean
node_get_boolean (JsonNode *node,
                  gboolean *out)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        {
          *out = json_node_get_boolean (node);
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "false") == 0)
            {
              *out = g_strcmp0 (text, "true") == 0;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static const char *
node_get_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* Whether the actions are exactly the blueprint's one predict action; sets
 * the mode from its request_body. */
static gboolean
actions_are_template (JsonArray       *actions,
                      CsConnectorMode *mode)
{
  JsonNode *node;
  JsonObject *action, *headers;
  const char *type, *body;

  if (json_array_get_length (actions) != 1)
    return FALSE;
  node = json_array_get_element (actions, 0);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  action = json_node_get_object (node);
  if (json_object_get_size (action) != 5)
    return FALSE;

  type = json_object_has_member (action, "action_type") ?
         node_get_string (json_object_get_member (action, "action_type")) : NULL;
  if (type == NULL || g_ascii_strcasecmp (type, "predict") != 0)
    return FALSE;
  if (!json_object_has_member (action, "method") ||
      g_strcmp0 (node_get_string (json_object_get_member (action, "method")), "POST") != 0)
    return FALSE;
  if (!json_object_has_member (action, "url") ||
      g_strcmp0 (node_get_string (json_object_get_member (action, "url")), TEMPLATE_URL) != 0)
    return FALSE;
  if (!json_object_has_member (action, "headers") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (action, "headers")))
    return FALSE;
  headers = json_object_get_object_member (action, "headers");
  if (json_object_get_size (headers) != 1 || !json_object_has_member (headers, "content-type") ||
      g_strcmp0 (node_get_string (json_object_get_member (headers, "content-type")),
                 "application/json") != 0)
    return FALSE;
  if (!json_object_has_member (action, "request_body"))
    return FALSE;
  body = node_get_string (json_object_get_member (action, "request_body"));
  if (g_strcmp0 (body, TEMPLATE_STANDARD) == 0)
    *mode = CS_CONNECTOR_MODE_STANDARD;
  else if (g_strcmp0 (body, TEMPLATE_THINKING) == 0)
    *mode = CS_CONNECTOR_MODE_THINKING;
  else
    return FALSE;
  return TRUE;
}

static void
import_credential (CsConnectorSpec *self,
                   JsonObject      *credential)
{
  g_autoptr(GList) names = json_object_get_members (credential);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (credential, name);
      const char *value = node_get_string (node);
      char **field = NULL;

      if (value != NULL)
        {
          if (strcmp (name, "access_key") == 0)
            field = &self->access_key;
          else if (strcmp (name, "secret_key") == 0)
            field = &self->secret_key;
          else if (strcmp (name, "session_token") == 0)
            field = &self->session_token;
          else if (strcmp (name, "roleArn") == 0)
            {
              field = &self->role_arn;
              self->credential_kind = CS_CREDENTIAL_KIND_ROLE_ARN;
            }
        }
      if (field != NULL)
        {
          if (field == &self->secret_key || field == &self->session_token)
            free_secret (field);
          else
            g_free (*field);
          *field = g_strdup (value);
        }
      else
        keep_member (self, &self->extra_credential, "credential", name, node);
    }
}

static void
import_parameters (CsConnectorSpec *self,
                   JsonObject      *parameters,
                   gboolean         template_actions)
{
  g_autoptr(GList) names = json_object_get_members (parameters);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (parameters, name);
      const char *text = node_get_string (node);
      gboolean modeled = FALSE;
      gint64 whole;
      double number;
      gboolean flag;

      if (strcmp (name, "region") == 0 && text != NULL)
        {
          g_free (self->region);
          self->region = g_strdup (text);
          modeled = TRUE;
        }
      else if (strcmp (name, "model") == 0 && text != NULL)
        {
          g_free (self->model);
          self->model = g_strdup (text);
          modeled = TRUE;
        }
      else if (strcmp (name, "service_name") == 0 && g_strcmp0 (text, "bedrock") == 0)
        {
          self->present |= PRESENT_SERVICE_NAME;
          modeled = TRUE;
        }
      else if (strcmp (name, "anthropic_version") == 0 &&
               g_strcmp0 (text, CS_CONNECTOR_ANTHROPIC_VERSION) == 0)
        {
          self->present |= PRESENT_ANTHROPIC_VERSION;
          modeled = TRUE;
        }
      else if (strcmp (name, "max_tokens") == 0 && node_get_whole (node, &whole))
        {
          self->max_tokens = whole;
          self->present |= PRESENT_MAX_TOKENS;
          modeled = TRUE;
        }
      else if (strcmp (name, "temperature") == 0 && node_get_number (node, &number) &&
               number >= 0.0 && number <= 2.0)
        {
          self->temperature = round (number * 100.0) / 100.0;
          /* Only what the form can show again is taken over. */
          if (self->temperature == number)
            {
              self->present |= PRESENT_TEMPERATURE;
              modeled = TRUE;
            }
          else
            self->temperature = 1.0;
        }
      else if (strcmp (name, "use_system_prompt") == 0 && node_get_boolean (node, &flag))
        {
          self->use_system_prompt = flag;
          self->present |= PRESENT_USE_SYSTEM_PROMPT;
          modeled = TRUE;
        }
      else if (strcmp (name, "budget_tokens") == 0 && node_get_whole (node, &whole) &&
               (!template_actions || self->mode == CS_CONNECTOR_MODE_THINKING))
        {
          self->budget_tokens = whole;
          self->mode = CS_CONNECTOR_MODE_THINKING;
          modeled = TRUE;
        }

      if (!modeled)
        keep_member (self, &self->extra_parameters, "parameters", name, node);
    }
}

static void
import_client_config (CsConnectorSpec *self,
                      JsonObject      *client_config)
{
  g_autoptr(GList) names = json_object_get_members (client_config);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (client_config, l->data);
      gint64 whole;

      if (strcmp (l->data, "read_timeout") == 0 && node_get_whole (node, &whole) && whole > 0)
        self->read_timeout = whole;
      else
        keep_member (self, &self->extra_client_config, "client_config", l->data, node);
    }
  /* An empty client_config stays in the body. */
  if (self->extra_client_config == NULL && self->read_timeout == 0)
    self->extra_client_config = json_object_new ();
}

/* What GET _plugins/_ml/connectors/<id> adds to a stored connector. */
static const char * const server_set_members[] = {
  "created_time", "last_updated_time", "owner", NULL,
};

CsConnectorSpec *
cs_connector_spec_new_from_object (JsonObject  *connector,
                                   GError     **error)
{
  g_autoptr(CsConnectorSpec) self = NULL;
  g_autoptr(GList) names = NULL;
  gboolean is_template = FALSE;

  g_return_val_if_fail (connector != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = cs_connector_spec_new ();
  g_clear_pointer (&self->name, g_free);
  self->name = g_strdup ("");
  g_clear_pointer (&self->description, g_free);
  self->description = g_strdup ("");
  g_clear_pointer (&self->model, g_free);
  self->model = g_strdup ("");
  self->present = 0;

  if (json_object_has_member (connector, "actions") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (connector, "actions")))
    {
      is_template = actions_are_template (json_object_get_array_member (connector, "actions"),
                                          &self->mode);
    }

  names = json_object_get_members (connector);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (connector, name);
      const char *text = node_get_string (node);

      if (strcmp (name, "name") == 0 && text != NULL)
        {
          g_free (self->name);
          self->name = g_strdup (text);
        }
      else if (strcmp (name, "description") == 0 && text != NULL)
        {
          g_free (self->description);
          self->description = g_strdup (text);
        }
      else if (strcmp (name, "version") == 0 && JSON_NODE_HOLDS_VALUE (node))
        {
          g_clear_pointer (&self->version, json_node_unref);
          self->version = json_node_copy (node);
        }
      else if (strcmp (name, "protocol") == 0 && text != NULL)
        {
          g_free (self->protocol);
          self->protocol = g_strdup (text);
        }
      else if (strcmp (name, "credential") == 0 && JSON_NODE_HOLDS_OBJECT (node))
        import_credential (self, json_node_get_object (node));
      else if (strcmp (name, "parameters") == 0 && JSON_NODE_HOLDS_OBJECT (node))
        ; /* below, once the mode is known */
      else if (strcmp (name, "actions") == 0 && JSON_NODE_HOLDS_ARRAY (node))
        {
          if (!is_template)
            {
              /* A deep copy: later changes to the caller's document must not
               * reach this spec. */
              g_autoptr(JsonNode) copy = json_node_copy (node);

              self->kept_actions = json_array_ref (json_node_get_array (copy));
              add_kept (self, "actions");
            }
        }
      else if (strcmp (name, "client_config") == 0 && JSON_NODE_HOLDS_OBJECT (node))
        import_client_config (self, json_node_get_object (node));
      else if (g_strv_contains (server_set_members, name))
        ; /* written by the cluster, meaningless in a _create body */
      else
        keep_member (self, &self->extra_top, NULL, name, node);
    }

  if (json_object_has_member (connector, "parameters") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "parameters")))
    import_parameters (self, json_object_get_object_member (connector, "parameters"),
                       is_template);

  if (!json_object_has_member (connector, "actions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (connector, "actions")))
    {
      /* No actions at all: the form supplies the Claude 4 template. */
      self->present |= PRESENT_ALL;
    }

  return g_steal_pointer (&self);
}

/* json-glib reports "<data>:LINE:COL: Parse error: TEXT"; the user gets
 * "Line LINE, column COL: TEXT". */
static GError *
import_parse_error (const GError *parse_error)
{
  g_autoptr(GRegex) regex = g_regex_new (":([0-9]+):([0-9]+): *(.*)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (regex, parse_error->message, 0, &match))
    {
      g_autofree char *line = g_match_info_fetch (match, 1);
      g_autofree char *column = g_match_info_fetch (match, 2);
      g_autofree char *text = g_match_info_fetch (match, 3);
      const char *colon = strstr (text, ": ");

      /* Drop json-glib's own "Parse error: " lead-in, translated or not. */
      if (colon != NULL && colon - text < 32)
        {
          char *rest = g_strdup (colon + 2);

          g_free (text);
          text = rest;
        }
      return g_error_new (CS_ERROR, CS_ERROR_INVALID_INPUT,
                          /* Translators: the last %s is the JSON parser's description */
                          _("Line %s, column %s: %s. Fix the JSON and import it again."),
                          line, column, text);
    }
  return g_error_new (CS_ERROR, CS_ERROR_INVALID_INPUT,
                      _("This is not valid JSON (%s). Fix it and import it again."),
                      parse_error->message);
}

CsConnectorSpec *
cs_connector_spec_new_from_json (const char  *text,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, text, -1, &parse_error))
    {
      g_propagate_error (error, import_parse_error (parse_error));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("The text is empty. Paste a connector body, such as a blueprint’s "
                             "_create request."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("A connector is a JSON object ({ … }), but this JSON is not one. "
                             "Paste the body of a _create request."));
      return NULL;
    }
  return cs_connector_spec_new_from_object (json_node_get_object (root), error);
}

/* ---- validation ---- */

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *message)
{
  CsSpecProblem *problem = g_new0 (CsSpecProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

static gboolean
is_placeholder (const char *text)
{
  return g_str_has_prefix (text, "<") && g_str_has_suffix (text, ">");
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
has_space (const char *text)
{
  for (; *text != '\0'; text++)
    if (g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

static void
validate_token (GPtrArray  *problems,
                const char *field,
                const char *value,
                gboolean    required,
                const char *missing,
                const char *placeholder)
{
  if (is_blank (value))
    {
      if (required)
        add_problem (problems, field, missing);
    }
  else if (is_placeholder (value))
    add_problem (problems, field, placeholder);
  else if (has_space (value))
    add_problem (problems, field,
                 _("Remove the spaces or line breaks: AWS keys and tokens have none."));
}

static void
validate_model (CsConnectorSpec *self,
                GPtrArray       *problems)
{
  g_autofree char *prefix = NULL;
  const CsBedrockModel *model;
  const char *geography;

  if (is_blank (self->model))
    {
      add_problem (problems, "model", _("Choose a Claude model or type a Bedrock model id."));
      return;
    }
  if (is_placeholder (self->model))
    {
      add_problem (problems, "model", _("Replace the blueprint’s placeholder with a model id."));
      return;
    }
  if (has_space (self->model))
    {
      add_problem (problems, "model", _("A model id has no spaces."));
      return;
    }

  model = cs_bedrock_catalog_parse_profile_id (self->model, &prefix);
  if (model == NULL)
    return; /* free text: Bedrock has the last word */

  geography = cs_bedrock_region_get_geography (self->region);
  if (prefix == NULL)
    {
      g_autofree char *message = NULL;

      if (geography != NULL)
        message = g_strdup_printf (_("%s is only available through an inference profile: "
                                     "use “%s.%s”."),
                                   model->display_name, geography, model->model_id);
      else
        message = g_strdup_printf (_("%s is only available through an inference profile: "
                                     "put the region’s geography (us., eu., apac.) or global. "
                                     "in front of the id."),
                                   model->display_name);
      add_problem (problems, "model", message);
    }
  else if (strcmp (prefix, "global") == 0 && !model->has_global)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s has no global inference profile; use the one of your region’s "
                           "geography."), model->display_name);

      add_problem (problems, "model", message);
    }
  else if (strcmp (prefix, "global") != 0 && geography != NULL && strcmp (prefix, geography) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The “%s.” inference profiles cannot be used from %s: use “%s.%s”."),
                         prefix, self->region, geography, model->model_id);

      add_problem (problems, "model", message);
    }
}

gboolean
cs_connector_spec_validate (CsConnectorSpec  *self,
                            const CsVersion  *version,
                            gboolean          aws_managed,
                            GPtrArray       **out_problems)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_spec_problem_free);
  gboolean ok;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), FALSE);

  if (is_blank (self->name))
    add_problem (problems, "name", _("Give the connector a name."));

  if (g_strcmp0 (self->protocol, "aws_sigv4") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("Bedrock connectors sign their requests with the aws_sigv4 protocol; "
                           "this one uses “%s”. Create it with the blueprint instead."),
                         self->protocol);

      add_problem (problems, "protocol", message);
    }

  if (is_blank (self->region))
    add_problem (problems, "region", _("Choose the AWS region of your Bedrock models."));
  else if (is_placeholder (self->region))
    add_problem (problems, "region",
                 _("Replace the blueprint’s placeholder with your AWS region, such as us-east-1."));
  else if (!cs_bedrock_region_is_valid (self->region))
    add_problem (problems, "region",
                 _("This is not an AWS region code. Region codes look like us-east-1 or "
                   "eu-west-3."));

  validate_model (self, problems);

  if (self->max_tokens < 1)
    add_problem (problems, "max-tokens", _("Allow at least 1 token in an answer."));
  if (self->temperature < 0.0 || self->temperature > 1.0)
    add_problem (problems, "temperature", _("Claude takes a temperature from 0 to 1."));

  if (self->mode == CS_CONNECTOR_MODE_THINKING)
    {
      if (self->temperature != 1.0)
        add_problem (problems, "temperature",
                     _("Extended thinking only works with temperature 1. Set it to 1, or use "
                       "standard mode."));
      if (self->budget_tokens < CS_CONNECTOR_MIN_BUDGET_TOKENS)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be at least 1024 tokens."));
      else if (self->budget_tokens >= self->max_tokens)
        add_problem (problems, "budget-tokens",
                     _("The thinking budget must be smaller than the maximum tokens: raise "
                       "Max Tokens or lower the budget."));
    }

  if (self->credential_kind == CS_CREDENTIAL_KIND_KEYS)
    {
      validate_token (problems, "access-key", self->access_key, TRUE,
                      _("Enter the AWS access key ID that may call Bedrock."),
                      _("Replace the blueprint’s placeholder with your AWS access key ID."));
      validate_token (problems, "secret-key", self->secret_key, TRUE,
                      _("Enter the secret access key that belongs to the access key ID."),
                      _("Replace the blueprint’s placeholder with your AWS secret access key."));
      validate_token (problems, "session-token", self->session_token, FALSE, NULL,
                      _("Replace the blueprint’s placeholder with your session token, or clear "
                        "it when your keys are not temporary."));
      if (g_str_has_prefix (self->access_key, "ASIA") && is_blank (self->session_token))
        add_problem (problems, "session-token",
                     _("Keys that start with ASIA are temporary and only work with their "
                       "session token: enter it."));
    }
  else
    {
      if (is_blank (self->role_arn))
        add_problem (problems, "role-arn",
                     _("Enter the ARN of the IAM role that lets the domain call Bedrock."));
      else if (is_placeholder (self->role_arn))
        add_problem (problems, "role-arn",
                     _("Replace the blueprint’s placeholder with your IAM role ARN."));
      else if (!g_regex_match_simple ("^arn:aws[-a-z]*:iam::[0-9]{12}:role/"
                                      "([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$",
                                      self->role_arn, 0, 0))
        add_problem (problems, "role-arn",
                     _("This is not an IAM role ARN. It looks like "
                       "arn:aws:iam::123456789012:role/name, with your 12-digit account id."));

      if (!aws_managed)
        add_problem (problems, "credential-kind",
                     _("Only Amazon OpenSearch Service understands an IAM role here; open-source "
                       "ML Commons answers “Missing credential”. Use an access key instead."));
    }

  if (self->read_timeout > 0 && version != NULL)
    {
      if (!cs_version_at_least (version, 2, 13))
        add_problem (problems, "read-timeout",
                     _("This cluster is older than OpenSearch 2.13 and has no client_config; "
                       "clear the read timeout."));
      else if (!cs_version_at_least (version, 2, 14) && self->read_timeout < 1000)
        add_problem (problems, "read-timeout",
                     _("OpenSearch 2.13 reads this value in milliseconds: enter 120000 for two "
                       "minutes."));
    }

  ok = problems->len == 0;
  if (out_problems != NULL)
    *out_problems = g_steal_pointer (&problems);
  return ok;
}

gint64
cs_connector_spec_suggest_read_timeout (CsConnectorSpec *self,
                                        const CsVersion *version)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), 0);

  if (self->mode != CS_CONNECTOR_MODE_THINKING || self->read_timeout > 0)
    return 0;
  /* 2.14–3.5 wait practically forever; 3.6 and later give up after 30 s,
   * which a long thought can exceed. Unknown clusters get the advice too. */
  if (version != NULL && !cs_version_at_least (version, 3, 6))
    return 0;
  return CS_CONNECTOR_SUGGESTED_READ_TIMEOUT;
}
