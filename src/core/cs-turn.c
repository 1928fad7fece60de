/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-turn"

#include "config.h"

#include "cs-turn.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-json.h"
#include "cs-prediction.h"

struct _CsTurn
{
  GObject     parent_instance;

  CsTurnRole    role;
  JsonArray    *content;
  CsPrediction *prediction;
};

G_DEFINE_FINAL_TYPE (CsTurn, cs_turn, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ROLE,
  PROP_TEXT,
  PROP_PREDICTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_turn_finalize (GObject *object)
{
  CsTurn *self = CS_TURN (object);

  g_clear_pointer (&self->content, json_array_unref);
  g_clear_object (&self->prediction);

  G_OBJECT_CLASS (cs_turn_parent_class)->finalize (object);
}

static void
cs_turn_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CsTurn *self = CS_TURN (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;

    case PROP_TEXT:
      g_value_take_string (value, cs_turn_dup_text (self));
      break;

    case PROP_PREDICTION:
      g_value_set_object (value, self->prediction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_turn_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  CsTurn *self = CS_TURN (object);

  switch (prop_id)
    {
    case PROP_PREDICTION:
      cs_turn_set_prediction (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_turn_class_init (CsTurnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_turn_finalize;
  object_class->get_property = cs_turn_get_property;
  object_class->set_property = cs_turn_set_property;

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                      CS_TURN_ROLE_USER, CS_TURN_ROLE_ASSISTANT, CS_TURN_ROLE_USER,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREDICTION] =
    g_param_spec_object ("prediction", NULL, NULL, CS_TYPE_PREDICTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_turn_init (CsTurn *self)
{
  self->content = json_array_new ();
}

static JsonNode *
text_block_new (const char *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text != NULL ? text : "");
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

CsTurn *
cs_turn_new (CsTurnRole  role,
             const char *text)
{
  CsTurn *self = g_object_new (CS_TYPE_TURN, NULL);

  self->role = role;
  json_array_add_element (self->content, text_block_new (text));
  return self;
}

CsBlockKind
cs_block_get_kind (JsonObject *block)
{
  const char *type;

  g_return_val_if_fail (block != NULL, CS_BLOCK_OTHER);

  if (cs_json_get_string (block, "type") == NULL)
    return CS_BLOCK_OTHER;
  type = cs_json_get_string (block, "type");
  if (g_strcmp0 (type, "text") == 0)
    return CS_BLOCK_TEXT;
  if (g_strcmp0 (type, "thinking") == 0)
    return CS_BLOCK_THINKING;
  if (g_strcmp0 (type, "redacted_thinking") == 0)
    return CS_BLOCK_REDACTED_THINKING;
  return CS_BLOCK_OTHER;
}

CsTurn *
cs_turn_new_from_content (CsTurnRole   role,
                          JsonArray   *content,
                          GError     **error)
{
  g_autoptr(CsTurn) self = NULL;
  guint n;

  g_return_val_if_fail (content != NULL, NULL);

  self = g_object_new (CS_TYPE_TURN, NULL);
  self->role = role;
  n = json_array_get_length (content);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (content, i);
      JsonObject *block;
      gboolean ok;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          cs_json_get_string (json_node_get_object (element), "type") == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                       _("Content block %u of the answer has no type. The answer cannot be used."),
                       i + 1);
          return NULL;
        }
      block = json_node_get_object (element);
      switch (cs_block_get_kind (block))
        {
        case CS_BLOCK_TEXT:
          ok = cs_json_get_string (block, "text") != NULL;
          break;
        case CS_BLOCK_THINKING:
          ok = cs_json_get_string (block, "thinking") != NULL;
          break;
        case CS_BLOCK_REDACTED_THINKING:
          ok = cs_json_get_string (block, "data") != NULL;
          break;
        case CS_BLOCK_OTHER:
        default:
          ok = TRUE;
          break;
        }
      if (!ok)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                       _("Content block %u of the answer (“%s”) lacks its text. The answer cannot be used."),
                       i + 1, cs_json_get_string (block, "type"));
          return NULL;
        }
      json_array_add_element (self->content, cs_json_node_copy_valid_utf8 (element));
    }
  return g_steal_pointer (&self);
}

CsTurnRole
cs_turn_get_role (CsTurn *self)
{
  g_return_val_if_fail (CS_IS_TURN (self), CS_TURN_ROLE_USER);

  return self->role;
}

const char *
cs_turn_role_to_string (CsTurnRole role)
{
  return role == CS_TURN_ROLE_ASSISTANT ? "assistant" : "user";
}

gboolean
cs_turn_role_from_string (const char *string,
                          CsTurnRole *role)
{
  if (g_strcmp0 (string, "user") == 0)
    *role = CS_TURN_ROLE_USER;
  else if (g_strcmp0 (string, "assistant") == 0)
    *role = CS_TURN_ROLE_ASSISTANT;
  else
    return FALSE;
  return TRUE;
}

JsonArray *
cs_turn_get_content (CsTurn *self)
{
  g_return_val_if_fail (CS_IS_TURN (self), NULL);

  return self->content;
}

char *
cs_turn_dup_text (CsTurn *self)
{
  GString *text;
  guint n;

  g_return_val_if_fail (CS_IS_TURN (self), NULL);

  text = g_string_new (NULL);
  n = json_array_get_length (self->content);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *block = json_array_get_object_element (self->content, i);

      if (cs_block_get_kind (block) != CS_BLOCK_TEXT)
        continue;
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, cs_json_get_string (block, "text"));
    }
  return g_string_free (text, FALSE);
}

void
cs_turn_set_text (CsTurn     *self,
                  const char *text)
{
  g_autoptr(JsonArray) content = json_array_new ();
  gboolean placed = FALSE;
  guint n;

  g_return_if_fail (CS_IS_TURN (self));

  n = json_array_get_length (self->content);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (self->content, i);

      if (cs_block_get_kind (json_node_get_object (element)) == CS_BLOCK_TEXT)
        {
          if (!placed)
            json_array_add_element (content, text_block_new (text));
          placed = TRUE;
        }
      else
        json_array_add_element (content, json_node_copy (element));
    }
  if (!placed)
    json_array_add_element (content, text_block_new (text));

  g_clear_pointer (&self->content, json_array_unref);
  self->content = g_steal_pointer (&content);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
cs_turn_get_n_blocks (CsTurn *self)
{
  g_return_val_if_fail (CS_IS_TURN (self), 0);

  return json_array_get_length (self->content);
}

CsBlockKind
cs_turn_get_block_kind (CsTurn *self,
                        guint   index)
{
  g_return_val_if_fail (CS_IS_TURN (self), CS_BLOCK_OTHER);
  g_return_val_if_fail (index < json_array_get_length (self->content), CS_BLOCK_OTHER);

  return cs_block_get_kind (json_array_get_object_element (self->content, index));
}

const char *
cs_turn_get_block_text (CsTurn *self,
                        guint   index)
{
  JsonObject *block;

  g_return_val_if_fail (CS_IS_TURN (self), NULL);
  g_return_val_if_fail (index < json_array_get_length (self->content), NULL);

  /* Every block was checked when the turn was made: text and thinking
   * blocks have their string members. */
  block = json_array_get_object_element (self->content, index);
  switch (cs_block_get_kind (block))
    {
    case CS_BLOCK_TEXT:
      return cs_json_get_string (block, "text");
    case CS_BLOCK_THINKING:
      return cs_json_get_string (block, "thinking");
    case CS_BLOCK_REDACTED_THINKING:
    case CS_BLOCK_OTHER:
    default:
      return NULL;
    }
}

CsPrediction *
cs_turn_get_prediction (CsTurn *self)
{
  g_return_val_if_fail (CS_IS_TURN (self), NULL);

  return self->prediction;
}

void
cs_turn_set_prediction (CsTurn       *self,
                        CsPrediction *prediction)
{
  g_return_if_fail (CS_IS_TURN (self));
  g_return_if_fail (prediction == NULL || CS_IS_PREDICTION (prediction));

  if (g_set_object (&self->prediction, prediction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTION]);
}

gboolean
cs_turn_has_thinking (CsTurn *self)
{
  guint n;

  g_return_val_if_fail (CS_IS_TURN (self), FALSE);

  n = json_array_get_length (self->content);
  for (guint i = 0; i < n; i++)
    {
      CsBlockKind kind = cs_block_get_kind (json_array_get_object_element (self->content, i));

      if (kind == CS_BLOCK_THINKING || kind == CS_BLOCK_REDACTED_THINKING)
        return TRUE;
    }
  return FALSE;
}
