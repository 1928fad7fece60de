/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-conversation"

#include "config.h"

#include "cs-conversation.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"
#include "cs-model-rules.h"

#define EXPORT_FORMAT "connector-studio-conversation"
#define EXPORT_VERSION 1
/* A conversation holds whole answers, each up to the client's largest. */
#define CONVERSATION_MAX_BYTES (64 * 1024 * 1024)

struct _CsConversation
{
  GObject    parent_instance;

  char      *system_prompt;
  GPtrArray *turns;   /* of CsTurn */
  gboolean   has_overrides;
  CsPredictOverrides overrides;
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

/* The predict body */

/* "messages": [{"role": …, "content": […]}, …], one a turn, each content block copied as it
 * is: the same in the predict body and in an export. */
static void
add_messages (JsonBuilder    *builder,
              CsConversation *self)
{
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
}

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
      !cs_predict_overrides_check (overrides, NULL, NULL, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "system_prompt");
  json_builder_add_string_value (builder, self->system_prompt);

  add_messages (builder, self);

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
  if (overrides != NULL && overrides->set_top_p)
    {
      json_builder_set_member_name (builder, "top_p");
      json_builder_add_double_value (builder, overrides->top_p);
    }
  /* A string, for the template's quoted "${parameters.effort}" */
  if (overrides != NULL && cs_model_rules_effort_name (overrides->effort) != NULL)
    {
      json_builder_set_member_name (builder, "effort");
      json_builder_add_string_value (builder, cs_model_rules_effort_name (overrides->effort));
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Per-call values */

void
cs_conversation_set_overrides (CsConversation           *self,
                               const CsPredictOverrides *overrides)
{
  g_return_if_fail (CS_IS_CONVERSATION (self));

  self->has_overrides = overrides != NULL;
  if (overrides != NULL)
    self->overrides = *overrides;
  else
    memset (&self->overrides, 0, sizeof self->overrides);
}

gboolean
cs_conversation_get_overrides (CsConversation     *self,
                               CsPredictOverrides *overrides)
{
  g_return_val_if_fail (CS_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (overrides != NULL, FALSE);

  *overrides = self->overrides;
  return self->has_overrides;
}

static void
add_overrides (JsonBuilder              *builder,
               const CsPredictOverrides *overrides)
{
  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  if (overrides->max_tokens > 0)
    {
      json_builder_set_member_name (builder, "max_tokens");
      json_builder_add_int_value (builder, overrides->max_tokens);
    }
  if (overrides->set_temperature)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, overrides->temperature);
    }
  if (overrides->set_top_p)
    {
      json_builder_set_member_name (builder, "top_p");
      json_builder_add_double_value (builder, overrides->top_p);
    }
  if (overrides->budget_tokens > 0)
    {
      json_builder_set_member_name (builder, "budget_tokens");
      json_builder_add_int_value (builder, overrides->budget_tokens);
    }
  if (overrides->effort != CS_EFFORT_UNSET && cs_model_rules_effort_name (overrides->effort))
    {
      json_builder_set_member_name (builder, "effort");
      json_builder_add_string_value (builder, cs_model_rules_effort_name (overrides->effort));
    }
  json_builder_end_object (builder);
}

/* Reads the "values" an export holds; what is not a plausible value is left out
 * (the page checks the values against the model before a call). */
static gboolean
read_overrides (JsonObject         *root,
                CsPredictOverrides *overrides)
{
  JsonObject *values = cs_json_get_object (root, "values");
  gint64 number;
  double fraction;

  memset (overrides, 0, sizeof *overrides);
  overrides->effort = CS_EFFORT_UNSET;
  if (values == NULL)
    return FALSE;
  if (cs_json_get_int (values, "max_tokens", &number) && number > 0 && number <= G_MAXINT32)
    overrides->max_tokens = number;
  if (cs_json_get_int (values, "budget_tokens", &number) && number > 0 && number <= G_MAXINT32)
    overrides->budget_tokens = number;
  if (cs_json_get_double (values, "temperature", &fraction) && isfinite (fraction))
    {
      overrides->set_temperature = TRUE;
      overrides->temperature = fraction;
    }
  if (cs_json_get_double (values, "top_p", &fraction) && isfinite (fraction))
    {
      overrides->set_top_p = TRUE;
      overrides->top_p = fraction;
    }
  if (cs_json_get_string (values, "effort") != NULL)
    overrides->effort = cs_model_rules_effort_from_name (cs_json_get_string (values, "effort"));
  return TRUE;
}

/* Exports */

char *
cs_conversation_to_json (CsConversation *self,
                         const char     *model_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
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
  add_messages (builder, self);
  if (self->has_overrides)
    add_overrides (builder, &self->overrides);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return cs_json_to_data (root, TRUE);
}

CsConversation *
cs_conversation_new_from_json (const char  *json,
                               gssize       length,
                               char       **model_id,
                               GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(CsConversation) self = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *system_prompt = NULL;
  JsonObject *root;
  JsonArray *messages;
  gint64 version;

  g_return_val_if_fail (json != NULL, NULL);

  if (model_id != NULL)
    *model_id = NULL;

  /* Bounded: a file nested thousands of levels deep is refused, not parsed. */
  document = cs_json_parse (json, length, CONVERSATION_MAX_BYTES, &parse_error);
  if (document == NULL && parse_error->domain == CS_ERROR)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT, parse_error->message);
      return NULL;
    }
  root = document != NULL && JSON_NODE_HOLDS_OBJECT (document)
         ? json_node_get_object (document) : NULL;
  if (root == NULL || g_strcmp0 (cs_json_get_string (root, "format"), EXPORT_FORMAT) != 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("This file is not a conversation exported by Connector Studio."));
      return NULL;
    }
  if (!cs_json_get_int (root, "version", &version) || version != EXPORT_VERSION)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("This conversation was exported by a newer version of Connector "
                             "Studio. Update the app to open it."));
      return NULL;
    }

  self = cs_conversation_new ();
  system_prompt = cs_json_dup_string (root, "system_prompt");
  cs_conversation_set_system_prompt (self, system_prompt != NULL ? system_prompt : "");
  messages = cs_json_get_array (root, "messages");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonNode *element = json_array_get_element (messages, i);
      JsonObject *message = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                             : NULL;
      JsonArray *content = cs_json_get_array (message, "content");
      g_autoptr(CsTurn) turn = NULL;
      CsTurnRole role;

      if (message != NULL && content != NULL &&
          cs_turn_role_from_string (cs_json_get_string (message, "role"), &role))
        turn = cs_turn_new_from_content (role, content, NULL);
      if (turn == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                       _("Message %u of the conversation file cannot be read. The file may "
                         "have been changed by hand."), i + 1);
          return NULL;
        }
      g_ptr_array_add (self->turns, g_steal_pointer (&turn));
    }

  self->has_overrides = read_overrides (root, &self->overrides);
  if (model_id != NULL)
    *model_id = cs_json_dup_string (root, "model_id");
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
              append_quoted (out, cs_json_get_string (block, "thinking"));
              g_string_append (out, "\n");
              break;

            case CS_BLOCK_REDACTED_THINKING:
              g_string_append_printf (out, "> **%s**\n>\n> _%s_\n\n", _("Thinking"),
                                      _("Redacted by the model."));
              break;

            case CS_BLOCK_TEXT:
              g_string_append (out, cs_json_get_string (block, "text"));
              g_string_append (out, "\n\n");
              break;

            case CS_BLOCK_OTHER:
            default:
              g_string_append_printf (out, "_%s_\n\n",
                                      cs_json_get_string (block, "type"));
              break;
            }
        }
    }
  return g_string_free (out, FALSE);
}
