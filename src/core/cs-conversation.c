/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-conversation"

#include "config.h"

#include "cs-conversation.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"

#define EXPORT_FORMAT "connector-studio-conversation"
#define EXPORT_VERSION 1

struct _CsConversation
{
  GObject    parent_instance;

  char      *system_prompt;
  GPtrArray *turns;   /* of CsTurn */
};

static void cs_conversation_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsConversation, cs_conversation, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cs_conversation_list_model_init))

enum
{
  PROP_0,
  PROP_SYSTEM_PROMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
cs_conversation_get_item_type (GListModel *model)
{
  return CS_TYPE_TURN;
}

static guint
cs_conversation_get_n_items (GListModel *model)
{
  return CS_CONVERSATION (model)->turns->len;
}

static gpointer
cs_conversation_get_item (GListModel *model,
                          guint       position)
{
  CsConversation *self = CS_CONVERSATION (model);

  if (position >= self->turns->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->turns, position));
}

static void
cs_conversation_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cs_conversation_get_item_type;
  iface->get_n_items = cs_conversation_get_n_items;
  iface->get_item = cs_conversation_get_item;
}

static void
cs_conversation_finalize (GObject *object)
{
  CsConversation *self = CS_CONVERSATION (object);

  g_clear_pointer (&self->system_prompt, g_free);
  g_clear_pointer (&self->turns, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_conversation_parent_class)->finalize (object);
}

static void
cs_conversation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsConversation *self = CS_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_conversation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CsConversation *self = CS_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_SYSTEM_PROMPT:
      cs_conversation_set_system_prompt (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_conversation_class_init (CsConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_conversation_finalize;
  object_class->get_property = cs_conversation_get_property;
  object_class->set_property = cs_conversation_set_property;

  properties[PROP_SYSTEM_PROMPT] =
    g_param_spec_string ("system-prompt", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_conversation_init (CsConversation *self)
{
  self->system_prompt = g_strdup ("");
  self->turns = g_ptr_array_new_with_free_func (g_object_unref);
}

CsConversation *
cs_conversation_new (void)
{
  return g_object_new (CS_TYPE_CONVERSATION, NULL);
}

const char *
cs_conversation_get_system_prompt (CsConversation *self)
{
  g_return_val_if_fail (CS_IS_CONVERSATION (self), NULL);

  return self->system_prompt;
}

void
cs_conversation_set_system_prompt (CsConversation *self,
                                   const char     *system_prompt)
{
  g_return_if_fail (CS_IS_CONVERSATION (self));

  if (system_prompt == NULL)
    system_prompt = "";
  if (g_strcmp0 (self->system_prompt, system_prompt) == 0)
    return;
  g_free (self->system_prompt);
  self->system_prompt = g_strdup (system_prompt);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM_PROMPT]);
}

guint
cs_conversation_get_n_turns (CsConversation *self)
{
  g_return_val_if_fail (CS_IS_CONVERSATION (self), 0);

  return self->turns->len;
}

CsTurn *
cs_conversation_get_turn (CsConversation *self,
                          guint           position)
{
  g_return_val_if_fail (CS_IS_CONVERSATION (self), NULL);
  g_return_val_if_fail (position < self->turns->len, NULL);

  return g_ptr_array_index (self->turns, position);
}

void
cs_conversation_insert (CsConversation *self,
                        guint           position,
                        CsTurn         *turn)
{
  g_return_if_fail (CS_IS_CONVERSATION (self));
  g_return_if_fail (CS_IS_TURN (turn));

  position = MIN (position, self->turns->len);
  g_ptr_array_insert (self->turns, position, g_object_ref (turn));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
cs_conversation_append (CsConversation *self,
                        CsTurn         *turn)
{
  g_return_if_fail (CS_IS_CONVERSATION (self));

  cs_conversation_insert (self, self->turns->len, turn);
}

void
cs_conversation_remove (CsConversation *self,
                        guint           position)
{
  g_return_if_fail (CS_IS_CONVERSATION (self));
  g_return_if_fail (position < self->turns->len);

  g_ptr_array_remove_index (self->turns, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
cs_conversation_clear (CsConversation *self)
{
  guint n;

  g_return_if_fail (CS_IS_CONVERSATION (self));

  n = self->turns->len;
  if (n == 0)
    return;
  g_ptr_array_set_size (self->turns, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

int
cs_conversation_find (CsConversation *self,
                      CsTurn         *turn)
{
  guint index;

  g_return_val_if_fail (CS_IS_CONVERSATION (self), -1);

  if (g_ptr_array_find (self->turns, turn, &index))
    return (int) index;
  return -1;
}

/* Text checks for what ML Commons does to predict parameters */

gboolean
cs_predict_text_is_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (text == NULL)
    return FALSE;

  /* Cheap first: after leading white space, JSON objects and arrays start
   * with a brace or a bracket. */
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '{' && *text != '[')
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return root != NULL && (JSON_NODE_HOLDS_OBJECT (root) || JSON_NODE_HOLDS_ARRAY (root));
}

char *
cs_predict_wrap_json_text (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return g_strdup_printf ("```json\n%s\n```", stripped);
}

gboolean
cs_predict_text_has_placeholder (const char *text)
{
  return text != NULL && strstr (text, "${parameters.") != NULL;
}

/* Overrides */

static gboolean
fail_field (CsOverrideField *field,
            CsOverrideField  which,
            GError         **error,
            const char      *message)
{
  if (field != NULL)
    *field = which;
  g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT, message);
  return FALSE;
}

gboolean
cs_predict_overrides_validate (const CsPredictOverrides *overrides,
                               const CsPredictOverrides *defaults,
                               gboolean                  thinking,
                               CsOverrideField          *field,
                               GError                  **error)
{
  static const CsPredictOverrides none = { 0, };
  gint64 max_tokens, budget_tokens;
  gboolean have_temperature;
  double temperature;

  if (field != NULL)
    *field = CS_OVERRIDE_FIELD_NONE;
  if (overrides == NULL)
    overrides = &none;
  if (defaults == NULL)
    defaults = &none;

  if (overrides->set_temperature &&
      (!isfinite (overrides->temperature) ||
       overrides->temperature < 0.0 || overrides->temperature > 1.0))
    return fail_field (field, CS_OVERRIDE_FIELD_TEMPERATURE, error,
                       _("Temperature must be between 0 and 1."));

  if (overrides->budget_tokens > 0 && !thinking)
    return fail_field (field, CS_OVERRIDE_FIELD_BUDGET_TOKENS, error,
                       _("This model’s connector does not turn on extended thinking, so a "
                         "thinking budget has no effect. Clear the budget, or use a model "
                         "with a thinking connector."));

  max_tokens = overrides->max_tokens > 0 ? overrides->max_tokens : defaults->max_tokens;
  budget_tokens = overrides->budget_tokens > 0 ? overrides->budget_tokens
                                               : defaults->budget_tokens;
  have_temperature = overrides->set_temperature || defaults->set_temperature;
  temperature = overrides->set_temperature ? overrides->temperature : defaults->temperature;

  if (!thinking)
    return TRUE;

  if (have_temperature && temperature != 1.0)
    return fail_field (field, CS_OVERRIDE_FIELD_TEMPERATURE, error,
                       _("With extended thinking, Claude only accepts a temperature of 1. "
                         "Set the temperature to 1."));

  if (budget_tokens > 0 && budget_tokens < CS_THINKING_MIN_BUDGET)
    return fail_field (field, CS_OVERRIDE_FIELD_BUDGET_TOKENS, error,
                       _("The thinking budget must be at least 1024 tokens."));

  if (budget_tokens > 0 && max_tokens > 0 && budget_tokens >= max_tokens)
    return fail_field (field,
                       overrides->budget_tokens > 0 ? CS_OVERRIDE_FIELD_BUDGET_TOKENS
                                                    : CS_OVERRIDE_FIELD_MAX_TOKENS,
                       error,
                       _("The thinking budget must be smaller than the maximum number of "
                         "tokens. Lower the budget or raise the maximum."));

  return TRUE;
}

static gboolean
read_number (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, name);
  char *end = NULL;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return isfinite (*value);
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      *value = g_ascii_strtod (text, &end);
      return end != text && *end == '\0' && isfinite (*value);
    default:
      return FALSE;
    }
}

void
cs_predict_defaults_from_connector (JsonObject         *connector,
                                    CsPredictOverrides *defaults,
                                    gboolean           *thinking)
{
  JsonObject *parameters = NULL;
  JsonNode *actions;
  double value;

  g_return_if_fail (connector != NULL);
  g_return_if_fail (defaults != NULL);

  memset (defaults, 0, sizeof *defaults);
  if (thinking != NULL)
    *thinking = FALSE;

  if (json_object_has_member (connector, "parameters") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "parameters")))
    parameters = json_object_get_object_member (connector, "parameters");

  if (parameters != NULL)
    {
      if (read_number (parameters, "max_tokens", &value) && value >= 1)
        defaults->max_tokens = (gint64) value;
      if (read_number (parameters, "temperature", &value))
        {
          defaults->set_temperature = TRUE;
          defaults->temperature = value;
        }
      if (read_number (parameters, "budget_tokens", &value) && value >= 1)
        defaults->budget_tokens = (gint64) value;
    }

  if (thinking == NULL)
    return;

  /* The template is text with placeholders, not JSON yet: look for the
   * thinking member the blueprint's extended-thinking body has. */
  actions = json_object_get_member (connector, "actions");
  if (actions != NULL && JSON_NODE_HOLDS_ARRAY (actions))
    {
      JsonArray *array = json_node_get_array (actions);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *action;
          const char *type, *body;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          action = json_node_get_object (element);
          type = json_object_get_string_member_with_default (action, "action_type", "");
          body = json_object_get_string_member_with_default (action, "request_body", "");
          if (g_ascii_strcasecmp (type, "predict") == 0 && strstr (body, "\"thinking\"") != NULL)
            *thinking = TRUE;
        }
    }
}

/* The predict body */

JsonNode *
cs_conversation_build_predict_body (CsConversation           *self,
                                    const CsPredictOverrides *overrides,
                                    GError                  **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (CS_IS_CONVERSATION (self), NULL);

  if (self->turns->len == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("The conversation is empty. Write a message to send."));
      return NULL;
    }
  if (cs_turn_get_role (g_ptr_array_index (self->turns, 0)) != CS_TURN_ROLE_USER)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("A conversation with Claude starts with a user message. Add one "
                             "before the first answer."));
      return NULL;
    }
  for (guint i = 0; i < self->turns->len; i++)
    {
      CsTurn *turn = g_ptr_array_index (self->turns, i);
      g_autofree char *text = cs_turn_dup_text (turn);

      if (g_strstrip (text)[0] == '\0' && !cs_turn_has_thinking (turn))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                       _("Message %u is empty. Write something in it or remove it."), i + 1);
          return NULL;
        }
    }
  if (cs_predict_text_is_json (self->system_prompt))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("The system prompt is JSON text, which ML Commons inserts "
                             "without escaping, so the request to Bedrock would break. Wrap "
                             "it in a code block or add a sentence before it."));
      return NULL;
    }
  if (overrides != NULL &&
      !cs_predict_overrides_validate (overrides, NULL, overrides->budget_tokens > 0, NULL, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "system_prompt");
  json_builder_add_string_value (builder, self->system_prompt);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->turns->len; i++)
    {
      CsTurn *turn = g_ptr_array_index (self->turns, i);
      JsonArray *content = cs_turn_get_content (turn);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, cs_turn_role_to_string (cs_turn_get_role (turn)));
      json_builder_set_member_name (builder, "content");
      json_builder_begin_array (builder);
      for (guint j = 0; j < json_array_get_length (content); j++)
        json_builder_add_value (builder, json_node_copy (json_array_get_element (content, j)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (overrides != NULL && overrides->max_tokens > 0)
    {
      json_builder_set_member_name (builder, "max_tokens");
      json_builder_add_int_value (builder, overrides->max_tokens);
    }
  if (overrides != NULL && overrides->set_temperature)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, overrides->temperature);
    }
  if (overrides != NULL && overrides->budget_tokens > 0)
    {
      json_builder_set_member_name (builder, "budget_tokens");
      json_builder_add_int_value (builder, overrides->budget_tokens);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Exports */

char *
cs_conversation_to_json (CsConversation *self,
                         const char     *model_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (CS_IS_CONVERSATION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, EXPORT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, EXPORT_VERSION);
  if (model_id != NULL)
    {
      json_builder_set_member_name (builder, "model_id");
      json_builder_add_string_value (builder, model_id);
    }
  json_builder_set_member_name (builder, "system_prompt");
  json_builder_add_string_value (builder, self->system_prompt);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->turns->len; i++)
    {
      CsTurn *turn = g_ptr_array_index (self->turns, i);
      JsonArray *content = cs_turn_get_content (turn);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, cs_turn_role_to_string (cs_turn_get_role (turn)));
      json_builder_set_member_name (builder, "content");
      json_builder_begin_array (builder);
      for (guint j = 0; j < json_array_get_length (content); j++)
        json_builder_add_value (builder, json_node_copy (json_array_get_element (content, j)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

CsConversation *
cs_conversation_new_from_json (const char  *json,
                               gssize       length,
                               char       **model_id,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(CsConversation) self = NULL;
  JsonObject *root;
  JsonNode *messages;

  g_return_val_if_fail (json != NULL, NULL);

  if (model_id != NULL)
    *model_id = NULL;

  if (!json_parser_load_from_data (parser, json, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      g_strcmp0 (json_object_get_string_member_with_default (
                   json_node_get_object (json_parser_get_root (parser)), "format", ""),
                 EXPORT_FORMAT) != 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("This file is not a conversation exported by Connector Studio."));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (root, "version", 0) != EXPORT_VERSION)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("This conversation was exported by a newer version of Connector "
                             "Studio. Update the app to open it."));
      return NULL;
    }

  self = cs_conversation_new ();
  cs_conversation_set_system_prompt (self,
                                     json_object_get_string_member_with_default (root,
                                                                                 "system_prompt",
                                                                                 ""));
  messages = json_object_get_member (root, "messages");
  if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages))
    {
      JsonArray *array = json_node_get_array (messages);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *message;
          JsonNode *content;
          CsTurnRole role;
          g_autoptr(CsTurn) turn = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            goto bad_message;
          message = json_node_get_object (element);
          content = json_object_get_member (message, "content");
          if (!cs_turn_role_from_string (json_object_get_string_member_with_default (message,
                                                                                      "role", ""),
                                         &role) ||
              content == NULL || !JSON_NODE_HOLDS_ARRAY (content))
            goto bad_message;
          turn = cs_turn_new_from_content (role, json_node_get_array (content), NULL);
          if (turn == NULL)
            goto bad_message;
          g_ptr_array_add (self->turns, g_steal_pointer (&turn));
          continue;

bad_message:
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                       _("Message %u of the conversation file cannot be read. The file may "
                         "have been changed by hand."), i + 1);
          return NULL;
        }
    }

  if (model_id != NULL && json_object_has_member (root, "model_id"))
    *model_id = g_strdup (json_object_get_string_member_with_default (root, "model_id", NULL));
  return g_steal_pointer (&self);
}

static void
append_quoted (GString    *out,
               const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        g_string_append (out, ">\n");
      else
        g_string_append_printf (out, "> %s\n", lines[i]);
    }
}

char *
cs_conversation_to_markdown (CsConversation *self,
                             const char     *model_name)
{
  GString *out;

  g_return_val_if_fail (CS_IS_CONVERSATION (self), NULL);

  out = g_string_new (NULL);
  if (model_name != NULL)
    g_string_append_printf (out, _("# Conversation with %s"), model_name);
  else
    g_string_append (out, _("# Conversation"));
  g_string_append (out, "\n\n");

  if (self->system_prompt[0] != '\0')
    {
      g_string_append_printf (out, "## %s\n\n", _("System Prompt"));
      g_string_append (out, self->system_prompt);
      g_string_append (out, "\n\n");
    }

  for (guint i = 0; i < self->turns->len; i++)
    {
      CsTurn *turn = g_ptr_array_index (self->turns, i);
      JsonArray *content = cs_turn_get_content (turn);

      g_string_append_printf (out, "## %s\n\n",
                              cs_turn_get_role (turn) == CS_TURN_ROLE_USER ? _("User")
                                                                           : _("Assistant"));
      for (guint j = 0; j < json_array_get_length (content); j++)
        {
          JsonObject *block = json_array_get_object_element (content, j);

          switch (cs_block_get_kind (block))
            {
            case CS_BLOCK_THINKING:
              g_string_append_printf (out, "> **%s**\n>\n", _("Thinking"));
              append_quoted (out, json_object_get_string_member (block, "thinking"));
              g_string_append (out, "\n");
              break;

            case CS_BLOCK_REDACTED_THINKING:
              g_string_append_printf (out, "> **%s**\n>\n> _%s_\n\n", _("Thinking"),
                                      _("Redacted by the model."));
              break;

            case CS_BLOCK_TEXT:
              g_string_append (out, json_object_get_string_member (block, "text"));
              g_string_append (out, "\n\n");
              break;

            case CS_BLOCK_OTHER:
            default:
              g_string_append_printf (out, "_%s_\n\n",
                                      json_object_get_string_member_with_default (block, "type",
                                                                                  ""));
              break;
            }
        }
    }
  return g_string_free (out, FALSE);
}

/* Showing a request */

static const char * const secret_names[] = {
  "access_key", "secret_key", "session_token", "password", "api_key", "apikey",
  "authorization", "token", "secret", "x-api-key",
};

static gboolean
is_secret_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_names); i++)
    if (g_ascii_strcasecmp (name, secret_names[i]) == 0)
      return TRUE;
  return FALSE;
}

static JsonNode *
masked_copy (JsonNode *node,
             GRegex   *key_id)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (is_secret_name (l->data) && JSON_NODE_HOLDS_VALUE (member))
            json_object_set_string_member (copy, l->data, "********");
          else
            json_object_set_member (copy, l->data, masked_copy (member, key_id));
        }
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, masked_copy (json_array_get_element (array, i), key_id));
      json_node_set_array (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *replaced = g_regex_replace_literal (key_id, json_node_get_string (node),
                                                           -1, 0, "********", 0, NULL);
      JsonNode *result = json_node_new (JSON_NODE_VALUE);

      json_node_set_string (result, replaced != NULL ? replaced : "********");
      return result;
    }
  return json_node_copy (node);
}

JsonNode *
cs_predict_mask_secrets (JsonNode *body)
{
  g_autoptr(GRegex) key_id = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  key_id = g_regex_new ("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b", G_REGEX_OPTIMIZE, 0, NULL);
  return masked_copy (body, key_id);
}

char *
cs_predict_curl_command (const char *base_url,
                         const char *model_id,
                         JsonNode   *body)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) clean = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autofree char *quoted_url = NULL;
  g_autofree char *quoted_body = NULL;
  g_autofree char *escaped_id = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  if (uri != NULL)
    {
      clean = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                           g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                           NULL, NULL);
      base = g_uri_to_string (clean);
    }
  else
    base = g_strdup (base_url);

  escaped_id = g_uri_escape_string (model_id, NULL, FALSE);
  url = g_strdup_printf ("%s%s_plugins/_ml/models/%s/_predict", base,
                         g_str_has_suffix (base, "/") ? "" : "/", escaped_id);

  masked = cs_predict_mask_secrets (body);
  json_generator_set_root (generator, masked);
  json = json_generator_to_data (generator, NULL);

  quoted_url = g_shell_quote (url);
  quoted_body = g_shell_quote (json);
  return g_strdup_printf ("curl -X POST %s -H 'Content-Type: application/json' -d %s",
                          quoted_url, quoted_body);
}
