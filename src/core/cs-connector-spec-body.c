/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-spec"

#include "config.h"

#include "cs-connector-spec-private.h"

#include <math.h>
#include <string.h>

#include "cs-secret-mask.h"

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

/* ---- the request_body template ----
 *
 * The template is not JSON until ML Commons fills it in: numbers and the
 * messages array are ${parameters.…} placeholders without quotes. So it is
 * put together member by member, in the blueprint's own layout, and every
 * quoted name or string in it is written by json-glib. */

static void
append_string (GString    *out,
               const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  json_node_set_string (node, text);
  quoted = json_to_string (node, FALSE);
  g_string_append (out, quoted);
}

/* Appends "name": value; a NULL string_value means raw is written as is. */
static void
append_member (GString    *out,
               gboolean   *first,
               const char *name,
               const char *string_value,
               const char *raw)
{
  if (!*first)
    g_string_append (out, ", ");
  *first = FALSE;
  append_string (out, name);
  g_string_append (out, ": ");
  if (string_value != NULL)
    append_string (out, string_value);
  else
    g_string_append (out, raw);
}

char *
cs_connector_spec_build_request_body (CsConnectorThinking thinking,
                                      gboolean            temperature)
{
  GString *out = g_string_new ("{ ");
  gboolean first = TRUE;

  append_member (out, &first, "system", "${parameters.system_prompt}", NULL);
  append_member (out, &first, "anthropic_version", "${parameters.anthropic_version}", NULL);
  append_member (out, &first, "max_tokens", NULL, "${parameters.max_tokens}");
  if (temperature)
    append_member (out, &first, "temperature", NULL, "${parameters.temperature}");
  append_member (out, &first, "messages", NULL, "${parameters.messages}");

  if (thinking == CS_CONNECTOR_THINKING_BUDGET)
    {
      g_autoptr(GString) inner = g_string_new ("{");
      gboolean inner_first = TRUE;

      append_member (inner, &inner_first, "type", "enabled", NULL);
      append_member (inner, &inner_first, "budget_tokens", NULL,
                     "${parameters.budget_tokens} }");
      append_member (out, &first, "thinking", NULL, inner->str);
    }
  else if (thinking == CS_CONNECTOR_THINKING_ADAPTIVE)
    {
      g_autoptr(GString) inner = g_string_new ("{");
      gboolean inner_first = TRUE;

      append_member (inner, &inner_first, "type", "adaptive", NULL);
      g_string_append (inner, "}");
      append_member (out, &first, "thinking", NULL, inner->str);

      g_string_assign (inner, "{");
      inner_first = TRUE;
      append_member (inner, &inner_first, "effort", "${parameters.effort}", NULL);
      g_string_append (inner, "}");
      append_member (out, &first, "output_config", NULL, inner->str);
    }

  g_string_append (out, " }");
  return g_string_free (out, FALSE);
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
  g_autofree char *template = NULL;
  gboolean sends_temperature;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (self), NULL);

  sends_temperature = cs_connector_spec_sends_temperature (self);
  if (self->kept_actions == NULL)
    template = cs_connector_spec_build_request_body (self->thinking, sends_temperature);

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
  if ((self->present & PRESENT_TEMPERATURE) && sends_temperature)
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
  if (self->thinking == CS_CONNECTOR_THINKING_BUDGET)
    {
      json_builder_set_member_name (builder, "budget_tokens");
      json_builder_add_int_value (builder, self->budget_tokens);
    }
  else if (self->thinking == CS_CONNECTOR_THINKING_ADAPTIVE)
    {
      json_builder_set_member_name (builder, "effort");
      json_builder_add_string_value (builder, self->effort);
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
      json_builder_add_string_value (builder, template);
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
  if (mask_secrets)
    {
      /* The one masking rule, for what an import brought along too. */
      g_autoptr(JsonNode) clear = json_builder_get_root (builder);

      return cs_secret_mask_json (clear, CS_CONNECTOR_SECRET_MASK);
    }
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

  base = cs_secret_mask_strip_userinfo (base_url != NULL && base_url[0] != '\0'
                                        ? base_url : "http://localhost:9200", NULL);
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
