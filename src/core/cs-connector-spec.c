/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-spec"

#include "config.h"

#include "cs-connector-spec-private.h"

#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (CsConnectorSpec, cs_connector_spec, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CsConnectorMode, cs_connector_mode,
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_MODE_STANDARD, "standard"),
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_MODE_THINKING, "thinking"))

G_DEFINE_ENUM_TYPE (CsConnectorThinking, cs_connector_thinking,
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_THINKING_OFF, "off"),
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_THINKING_BUDGET, "budget"),
                    G_DEFINE_ENUM_VALUE (CS_CONNECTOR_THINKING_ADAPTIVE, "adaptive"))

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
  PROP_THINKING,
  PROP_EFFORT,
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

void
_cs_connector_spec_free_secret (char **secret)
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
    _cs_connector_spec_free_secret (field);
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
  g_free (self->effort);
  g_free (self->access_key);
  _cs_connector_spec_free_secret (&self->secret_key);
  _cs_connector_spec_free_secret (&self->session_token);
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
    case PROP_MODE: g_value_set_enum (value, cs_connector_spec_get_mode (self)); break;
    case PROP_THINKING: g_value_set_enum (value, self->thinking); break;
    case PROP_EFFORT: g_value_set_string (value, self->effort); break;
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
    case PROP_THINKING: cs_connector_spec_set_thinking (self, g_value_get_enum (value)); break;
    case PROP_EFFORT: cs_connector_spec_set_effort (self, g_value_get_string (value)); break;
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
  properties[PROP_THINKING] = g_param_spec_enum ("thinking", NULL, NULL,
                                                 CS_TYPE_CONNECTOR_THINKING,
                                                 CS_CONNECTOR_THINKING_OFF, flags);
  properties[PROP_EFFORT] = g_param_spec_string ("effort", NULL, NULL,
                                                 CS_CONNECTOR_DEFAULT_EFFORT, flags);
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
  self->thinking = CS_CONNECTOR_THINKING_OFF;
  self->effort = g_strdup (CS_CONNECTOR_DEFAULT_EFFORT);
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

const char *
cs_connector_spec_get_name (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->name;
}

void
cs_connector_spec_set_name (CsConnectorSpec *self,
                            const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->name, value, FALSE, PROP_NAME);
}

const char *
cs_connector_spec_get_description (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->description;
}

void
cs_connector_spec_set_description (CsConnectorSpec *self,
                                   const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->description, value, FALSE, PROP_DESCRIPTION);
}

const char *
cs_connector_spec_get_region (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->region;
}

void
cs_connector_spec_set_region (CsConnectorSpec *self,
                              const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->region, value, FALSE, PROP_REGION);
}

const char *
cs_connector_spec_get_model (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->model;
}

void
cs_connector_spec_set_model (CsConnectorSpec *self,
                             const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->model, value, FALSE, PROP_MODEL);
}

const char *
cs_connector_spec_get_access_key (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->access_key;
}

void
cs_connector_spec_set_access_key (CsConnectorSpec *self,
                                  const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->access_key, value, FALSE, PROP_ACCESS_KEY);
}

const char *
cs_connector_spec_get_secret_key (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->secret_key;
}

void
cs_connector_spec_set_secret_key (CsConnectorSpec *self,
                                  const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->secret_key, value, TRUE, PROP_SECRET_KEY);
}

const char *
cs_connector_spec_get_session_token (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->session_token;
}

void
cs_connector_spec_set_session_token (CsConnectorSpec *self,
                                     const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->session_token, value, TRUE, PROP_SESSION_TOKEN);
}

const char *
cs_connector_spec_get_role_arn (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->role_arn;
}

void
cs_connector_spec_set_role_arn (CsConnectorSpec *self,
                                const char      *value)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->role_arn, value, FALSE, PROP_ROLE_ARN);
}


CsConnectorMode
cs_connector_spec_get_mode (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), CS_CONNECTOR_MODE_STANDARD);
  return self->thinking == CS_CONNECTOR_THINKING_OFF ? CS_CONNECTOR_MODE_STANDARD
                                                     : CS_CONNECTOR_MODE_THINKING;
}

void
cs_connector_spec_set_mode (CsConnectorSpec *self,
                            CsConnectorMode  mode)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  if (cs_connector_spec_get_mode (self) == mode)
    return;
  cs_connector_spec_set_thinking (self, mode == CS_CONNECTOR_MODE_THINKING ?
                                  CS_CONNECTOR_THINKING_BUDGET : CS_CONNECTOR_THINKING_OFF);
}

CsConnectorThinking
cs_connector_spec_get_thinking (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), CS_CONNECTOR_THINKING_OFF);
  return self->thinking;
}

void
cs_connector_spec_set_thinking (CsConnectorSpec     *self,
                                CsConnectorThinking  thinking)
{
  CsConnectorMode old_mode;

  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  g_return_if_fail (thinking <= CS_CONNECTOR_THINKING_ADAPTIVE);
  if (self->thinking == thinking)
    return;
  old_mode = cs_connector_spec_get_mode (self);
  self->thinking = thinking;
  g_object_freeze_notify (G_OBJECT (self));
  if (cs_connector_spec_get_mode (self) != old_mode)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  changed (self, PROP_THINKING);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
cs_connector_spec_get_effort (CsConnectorSpec *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);
  return self->effort;
}

void
cs_connector_spec_set_effort (CsConnectorSpec *self,
                              const char      *effort)
{
  g_return_if_fail (CS_IS_CONNECTOR_SPEC (self));
  set_string (self, &self->effort,
              effort != NULL && effort[0] != '\0' ? effort : CS_CONNECTOR_DEFAULT_EFFORT,
              FALSE, PROP_EFFORT);
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

gboolean
cs_connector_spec_sends_temperature (CsConnectorSpec *self)
{
  g_autoptr(CsModelRules) rules = NULL;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), TRUE);

  if (self->kept_actions != NULL)
    return TRUE; /* the imported actions decide; the parameter stays as imported */
  rules = cs_model_rules_lookup (self->model);
  return rules == NULL || cs_model_rules_allows_sampling (rules, CS_SAMPLING_TEMPERATURE,
                                                          NULL, NULL);
}

CsThinkingForm
_cs_connector_spec_thinking_form (CsConnectorThinking thinking)
{
  switch (thinking)
    {
    case CS_CONNECTOR_THINKING_BUDGET: return CS_THINKING_FORM_ENABLED;
    case CS_CONNECTOR_THINKING_ADAPTIVE: return CS_THINKING_FORM_ADAPTIVE;
    case CS_CONNECTOR_THINKING_OFF:
    default:
      return CS_THINKING_FORM_NONE;
    }
}

static const struct
{
  const char *name;
  CsEffort    flag;
} efforts[] = {
  { "low", CS_EFFORT_LOW },
  { "medium", CS_EFFORT_MEDIUM },
  { "high", CS_EFFORT_HIGH },
  { "xhigh", CS_EFFORT_XHIGH },
  { "max", CS_EFFORT_MAX },
};

CsEffort
_cs_connector_spec_effort_flag (const char *effort)
{
  for (guint i = 0; i < G_N_ELEMENTS (efforts); i++)
    if (g_strcmp0 (efforts[i].name, effort) == 0)
      return efforts[i].flag;
  return CS_EFFORT_UNSET;
}
