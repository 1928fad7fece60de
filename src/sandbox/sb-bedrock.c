/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bedrock InvokeModel for Anthropic Claude, simulated (mlcommons-api.md §7). The credential
 * conventions are described in sb-bedrock.h. */
#define G_LOG_DOMAIN "sb-bedrock"

#include "config.h"

#include "sb-bedrock.h"

#include <string.h>

#include "sb-model-rules.h"
#include "sb-render.h"

#define MODEL_PREFIX "The model returned the following errors: "
#define MALFORMED_PREFIX "Malformed input request: "
#define MALFORMED_SUFFIX ", please reformat your input and try again."
#define TOKEN_INVALID "The security token included in the request is invalid."
#define TOKEN_EXPIRED "The security token included in the request is expired"
#define SIGNATURE_MISMATCH \
  "The request signature we calculated does not match the signature you provided. Check your " \
  "AWS Secret Access Key and signing method. Consult the service documentation for details."
#define ACCESS_DENIED "You don't have access to the model with the specified model ID."
#define MODEL_INVALID "The provided model identifier is invalid."
#define MODEL_END_OF_LIFE \
  "This model version has reached the end of its life. Please refer to the AWS documentation " \
  "for more details."
#define THINKING_TYPE_REFUSED \
  "\"thinking.type.%s\" is not supported for this model. Use \"thinking.type.adaptive\" and " \
  "\"output_config.effort\" to control thinking behavior."
#define SIGNATURE_KEY "connector-studio-sandbox/thinking-signature/v1"
/* What extended thinking adds to the prompt, so that the blueprint's samples come out (37). */
#define THINKING_PROMPT_TOKENS 28

/* The models and their rules are in sb-model-rules.c. */
typedef SbModelRules ModelInfo;

/* Regions with a Bedrock runtime endpoint. */
static const char *const regions[] = {
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
  "eu-south-1", "eu-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
  "ap-southeast-4", "me-central-1", "me-south-1", "il-central-1", NULL,
};

/* Inference-profile geographies and the region prefixes they serve ("" = any region). */
static const struct
{
  const char *prefix;
  const char *region_prefix;
} geographies[] = {
  { "us.", "us-" },
  { "eu.", "eu-" },
  { "apac.", "ap-" },
  { "jp.", "ap-northeast-" },
  { "au.", "ap-southeast-" },
  { "global.", "" },
};

static const char *const body_keys[] = {
  "anthropic_version", "anthropic_beta", "max_tokens", "messages", "system", "temperature",
  "top_p", "top_k", "stop_sequences", "tools", "tool_choice", "thinking", "metadata",
  "output_config", NULL,
};

void
sb_bedrock_response_free (SbBedrockResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->failure);
  g_free (response->error_type);
  g_free (response->body);
  g_free (response);
}

static SbBedrockResponse *
no_response (const char *failure)
{
  SbBedrockResponse *r = g_new0 (SbBedrockResponse, 1);

  r->no_response = TRUE;
  r->failure = g_strdup (failure);
  r->body = g_strdup ("");
  return r;
}

static SbBedrockResponse *
answer (guint       status,
        const char *error_type,
        char       *body)
{
  SbBedrockResponse *r = g_new0 (SbBedrockResponse, 1);

  r->status = status;
  r->error_type = g_strdup (error_type);
  r->body = body;
  return r;
}

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static SbBedrockResponse *
error_answer (guint       status,
              const char *error_type,
              const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return answer (status, error_type, node_to_text (root));
}

static SbBedrockResponse *
validation_error (const char *message)
{
  return error_answer (400, "ValidationException", message);
}

static SbBedrockResponse *
model_error (const char *message)
{
  g_autofree char *text = g_strconcat (MODEL_PREFIX, message, NULL);

  return validation_error (text);
}

static SbBedrockResponse *
forced_answer (const char *forced)
{
  if (g_str_equal (forced, "throttling"))
    return error_answer (429, "ThrottlingException",
                         "Too many requests, please wait before trying again.");
  if (g_str_equal (forced, "expired-token"))
    return error_answer (403, "ExpiredTokenException", TOKEN_EXPIRED);
  if (g_str_equal (forced, "invalid-signature"))
    return error_answer (403, "InvalidSignatureException", SIGNATURE_MISMATCH);
  if (g_str_equal (forced, "access-denied"))
    return error_answer (403, "AccessDeniedException", ACCESS_DENIED);
  if (g_str_equal (forced, "internal"))
    return error_answer (500, "InternalServerException",
                         "An internal server error occurred. Retry your request.");
  if (g_str_equal (forced, "timeout"))
    return no_response ("Read timed out");
  if (g_str_equal (forced, "empty-error"))
    return answer (500, "InternalServerException", g_strdup (""));
  if (g_str_equal (forced, "empty-success"))
    return answer (200, NULL, g_strdup (""));
  return NULL;
}

static gboolean
all_chars_in (const char *text,
              const char *extra)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_access_key (const char *key)
{
  gsize len = strlen (key);

  if (len < 16 || len > 128)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_role_arn (const char *arn)
{
  return g_regex_match_simple ("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$",
                               arn, 0, 0);
}

static const char *
credential_string (JsonObject *credential,
                   const char *name)
{
  JsonNode *node;

  if (credential == NULL)
    return NULL;
  node = json_object_get_member (credential, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* SigV4: what the service says about the credentials and the signing scope. */
static SbBedrockResponse *
check_credentials (const SbBedrockRequest *request,
                   const char             *url_region)
{
  const char *access_key = credential_string (request->credential, "access_key");
  const char *secret_key = credential_string (request->credential, "secret_key");
  const char *session_token = credential_string (request->credential, "session_token");
  const char *role_arn = credential_string (request->credential, "roleArn");

  if (access_key != NULL && secret_key != NULL)
    {
      if (!is_access_key (access_key))
        return error_answer (403, "UnrecognizedClientException", TOKEN_INVALID);
      if (session_token != NULL)
        {
          if (strlen (session_token) < 16 || !all_chars_in (session_token, "+/="))
            return error_answer (403, "UnrecognizedClientException", TOKEN_INVALID);
          if (strstr (session_token, "EXPIRED") != NULL)
            return error_answer (403, "ExpiredTokenException", TOKEN_EXPIRED);
        }
      if (strstr (secret_key, "INVALID") != NULL)
        return error_answer (403, "UnrecognizedClientException", TOKEN_INVALID);
      if (strlen (secret_key) != 40 || !all_chars_in (secret_key, "+/"))
        return error_answer (403, "InvalidSignatureException", SIGNATURE_MISMATCH);
    }
  else if (request->aws_managed && role_arn != NULL)
    {
      if (!is_role_arn (role_arn))
        return error_answer (403, "UnrecognizedClientException", TOKEN_INVALID);
    }
  else
    return error_answer (403, "MissingAuthenticationTokenException",
                         "Missing Authentication Token");

  if (request->signing_region == NULL || !g_str_equal (request->signing_region, url_region))
    return error_answer (403, "InvalidSignatureException",
                         "Credential should be scoped to a valid region.");
  if (request->signing_service == NULL || !g_str_equal (request->signing_service, "bedrock"))
    return error_answer (403, "InvalidSignatureException",
                         "Credential should be scoped to correct service: 'bedrock'.");

  if ((access_key != NULL && secret_key != NULL && strstr (secret_key, "DENIED") != NULL)
      || (role_arn != NULL && access_key == NULL && strstr (role_arn, "DENIED") != NULL))
    return error_answer (403, "AccessDeniedException", ACCESS_DENIED);
  return NULL;
}

static const ModelInfo *
find_model (const char *id)
{
  return sb_model_rules_find (id);
}

/* The model of a model id in a region, or NULL with *error set to the service's answer. */
static const ModelInfo *
resolve_model (const char         *model_id,
               const char         *region,
               SbBedrockResponse **error)
{
  const ModelInfo *model;

  model = find_model (model_id);
  if (model != NULL && model->end_of_life)
    {
      *error = validation_error (MODEL_END_OF_LIFE);
      return NULL;
    }
  if (model != NULL)
    {
      g_autofree char *message = g_strdup_printf (
        "Invocation of model ID %s with on-demand throughput isn\u2019t supported. Retry your "
        "request with the ID or ARN of an inference profile that contains this model.",
        model_id);

      *error = validation_error (message);
      return NULL;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (geographies); i++)
    {
      if (!g_str_has_prefix (model_id, geographies[i].prefix))
        continue;
      g_autofree char *geography = g_strndup (geographies[i].prefix,
                                              strlen (geographies[i].prefix) - 1);

      model = find_model (model_id + strlen (geographies[i].prefix));
      if (model != NULL && model->end_of_life)
        {
          *error = validation_error (MODEL_END_OF_LIFE);
          return NULL;
        }
      if (model != NULL && g_str_has_prefix (region, geographies[i].region_prefix)
          && sb_model_rules_has_geography (model, geography))
        return model;
      break;
    }
  *error = validation_error (MODEL_INVALID);
  return NULL;
}

/* ---- the sandbox's tokenizer ------------------------------------------------------------ */

/* A run of ASCII letters and digits is a token, and so is every other character that is not
 * white space. */

static const char *
next_token_end (const char *p)
{
  while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  if (*p == '\0')
    return NULL;
  if (g_ascii_isalnum (*p))
    {
      while (g_ascii_isalnum (*p))
        p++;
      return p;
    }
  return g_utf8_next_char (p);
}

guint
sb_bedrock_count_tokens (const char *text)
{
  guint n = 0;

  if (text == NULL)
    return 0;
  for (const char *p = next_token_end (text); p != NULL; p = next_token_end (p))
    n++;
  return n;
}

/* The first max_tokens tokens of text (all of it when shorter). */
static char *
truncate_tokens (const char *text,
                 guint       max_tokens)
{
  const char *end = text;
  guint n = 0;

  for (const char *p = next_token_end (text); p != NULL && n < max_tokens; p = next_token_end (p))
    {
      end = p;
      n++;
    }
  return g_strndup (text, end - text);
}

char *
sb_bedrock_signature (const char *thinking)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[64];
  gsize len = 32;
  guint8 longer[48];

  g_return_val_if_fail (thinking != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) SIGNATURE_KEY, strlen (SIGNATURE_KEY));
  g_hmac_update (hmac, (const guchar *) thinking, -1);
  g_hmac_get_digest (hmac, digest, &len);
  /* A version byte, the MAC, and padding bytes derived from it: opaque and 64 base64 chars. */
  longer[0] = 0x5b;
  memcpy (longer + 1, digest, 32);
  for (gsize i = 33; i < sizeof longer; i++)
    longer[i] = digest[i - 33] ^ 0xa5;
  return g_base64_encode (longer, sizeof longer);
}

/* ---- body checks ------------------------------------------------------------------------ */

static const char *
java_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "JSONObject";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "JSONArray";
  if (JSON_NODE_HOLDS_NULL (node))
    return "Null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "String";
    case G_TYPE_BOOLEAN:
      return "Boolean";
    case G_TYPE_DOUBLE:
      return "BigDecimal";
    default:
      return "Integer";
    }
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static double
number_value (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return (double) json_node_get_int (node);
}

static void
expect_type (GPtrArray  *violations,
             JsonObject *body,
             const char *key,
             const char *type)
{
  JsonNode *node = json_object_get_member (body, key);
  gboolean ok;

  if (node == NULL)
    return;
  if (g_str_equal (type, "String"))
    ok = is_string (node);
  else if (g_str_equal (type, "Integer"))
    ok = is_integer (node);
  else if (g_str_equal (type, "Number"))
    ok = is_number (node);
  else if (g_str_equal (type, "JSONArray"))
    ok = JSON_NODE_HOLDS_ARRAY (node);
  else if (g_str_equal (type, "JSONObject"))
    ok = JSON_NODE_HOLDS_OBJECT (node);
  else
    ok = TRUE;
  if (!ok)
    g_ptr_array_add (violations, g_strdup_printf ("#/%s: expected type: %s, found: %s", key, type,
                                                  java_type_name (node)));
}

/* Bedrock's own schema check of the body, before the model sees it. */
static SbBedrockResponse *
check_schema (JsonObject      *body,
              const ModelInfo *model)
{
  g_autoptr(GPtrArray) violations = g_ptr_array_new_with_free_func (g_free);
  static const char *const required[] = { "anthropic_version", "max_tokens", "messages", NULL };
  g_autoptr(GList) names = NULL;
  JsonNode *node;
  GString *message;

  for (guint i = 0; required[i] != NULL; i++)
    if (!json_object_has_member (body, required[i]))
      g_ptr_array_add (violations, g_strdup_printf ("#: required key [%s] not found", required[i]));

  names = json_object_get_members (body);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (body_keys, l->data)
        || (model->efforts == NULL && g_str_equal (l->data, "output_config")))
      g_ptr_array_add (violations, g_strdup_printf ("#: extraneous key [%s] is not permitted",
                                                    (const char *) l->data));

  expect_type (violations, body, "anthropic_version", "String");
  expect_type (violations, body, "max_tokens", "Integer");
  expect_type (violations, body, "messages", "JSONArray");
  expect_type (violations, body, "temperature", "Number");
  expect_type (violations, body, "top_p", "Number");
  expect_type (violations, body, "top_k", "Integer");
  expect_type (violations, body, "stop_sequences", "JSONArray");
  expect_type (violations, body, "anthropic_beta", "JSONArray");
  expect_type (violations, body, "tools", "JSONArray");
  expect_type (violations, body, "thinking", "JSONObject");
  if (model->efforts != NULL)
    expect_type (violations, body, "output_config", "JSONObject");

  node = json_object_get_member (body, "anthropic_version");
  if (is_string (node) && !g_str_equal (json_node_get_string (node), "bedrock-2023-05-31"))
    g_ptr_array_add (violations,
                     g_strdup_printf ("#/anthropic_version: %s is not a valid enum value",
                                      json_node_get_string (node)));

  if (violations->len == 0)
    return NULL;
  message = g_string_new (MALFORMED_PREFIX);
  for (guint i = 0; i < violations->len; i++)
    {
      if (i > 0)
        g_string_append (message, ", ");
      g_string_append (message, g_ptr_array_index (violations, i));
    }
  g_string_append (message, MALFORMED_SUFFIX);
  {
    SbBedrockResponse *r = validation_error (message->str);

    g_string_free (message, TRUE);
    return r;
  }
}

static const char *const block_types[] = {
  "text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking", NULL,
};

/* One content block of messages[i].content[j]; NULL when it is fine. */
static char *
check_block (JsonNode   *node,
             guint       i,
             guint       j,
             const char *role)
{
  JsonObject *block;
  JsonNode *type_node;
  const char *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup_printf ("messages.%u.content.%u: Input should be a valid dictionary or object "
                            "to extract fields from", i, j);
  block = json_node_get_object (node);
  type_node = json_object_get_member (block, "type");
  if (type_node == NULL)
    return g_strdup_printf ("messages.%u.content.%u.type: Field required", i, j);
  if (!is_string (type_node) || !g_strv_contains (block_types, json_node_get_string (type_node)))
    return g_strdup_printf ("messages.%u.content.%u: Input tag '%s' found using 'type' does not "
                            "match any of the expected tags: 'text', 'image', 'document', "
                            "'tool_use', 'tool_result', 'thinking', 'redacted_thinking'", i, j,
                            is_string (type_node) ? json_node_get_string (type_node) : "");
  type = json_node_get_string (type_node);

  if (g_str_equal (type, "text"))
    {
      JsonNode *text = json_object_get_member (block, "text");

      if (text == NULL)
        return g_strdup_printf ("messages.%u.content.%u.text: Field required", i, j);
      if (!is_string (text))
        return g_strdup_printf ("messages.%u.content.%u.text: Input should be a valid string",
                                i, j);
      if (*json_node_get_string (text) == '\0')
        return g_strdup ("messages: text content blocks must be non-empty");
    }
  else if (g_str_equal (type, "thinking"))
    {
      JsonNode *thinking = json_object_get_member (block, "thinking");
      JsonNode *signature = json_object_get_member (block, "signature");
      g_autofree char *expected = NULL;

      if (!g_str_equal (role, "assistant"))
        return g_strdup_printf ("messages.%u.content.%u: thinking blocks may only appear in "
                                "assistant messages", i, j);
      if (!is_string (thinking))
        return g_strdup_printf ("messages.%u.content.%u.thinking: Field required", i, j);
      if (!is_string (signature))
        return g_strdup_printf ("messages.%u.content.%u.signature: Field required", i, j);
      expected = sb_bedrock_signature (json_node_get_string (thinking));
      if (!g_str_equal (expected, json_node_get_string (signature)))
        return g_strdup_printf ("messages.%u.content.%u: Invalid `signature` in `thinking` block",
                                i, j);
    }
  else if (g_str_equal (type, "redacted_thinking"))
    {
      if (!g_str_equal (role, "assistant"))
        return g_strdup_printf ("messages.%u.content.%u: thinking blocks may only appear in "
                                "assistant messages", i, j);
      if (!is_string (json_object_get_member (block, "data")))
        return g_strdup_printf ("messages.%u.content.%u.data: Field required", i, j);
    }
  else if (g_str_equal (type, "image"))
    {
      JsonObject *source = NULL;
      static const char *const media[] = {
        "image/jpeg", "image/png", "image/gif", "image/webp", NULL,
      };
      JsonNode *media_type;

      if (json_object_has_member (block, "source")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (block, "source")))
        source = json_object_get_object_member (block, "source");
      if (source == NULL)
        return g_strdup_printf ("messages.%u.content.%u.image.source: Field required", i, j);
      media_type = json_object_get_member (source, "media_type");
      if (!is_string (media_type) || !g_strv_contains (media, json_node_get_string (media_type)))
        return g_strdup_printf ("messages.%u.content.%u.image.source.base64.media_type: Input "
                                "should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
                                i, j);
      if (!is_string (json_object_get_member (source, "data")))
        return g_strdup_printf ("messages.%u.content.%u.image.source.base64.data: Field required",
                                i, j);
    }
  return NULL;
}

static char *
check_messages (JsonArray *messages)
{
  guint n = json_array_get_length (messages);

  if (n == 0)
    return g_strdup ("messages: at least one message is required");

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      JsonNode *role_node, *content;
      const char *role;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return g_strdup_printf ("messages.%u: Input should be a valid dictionary or object to "
                                "extract fields from", i);
      message = json_node_get_object (node);
      role_node = json_object_get_member (message, "role");
      if (role_node == NULL)
        return g_strdup_printf ("messages.%u.role: Field required", i);
      if (!is_string (role_node)
          || (!g_str_equal (json_node_get_string (role_node), "user")
              && !g_str_equal (json_node_get_string (role_node), "assistant")))
        return g_strdup_printf ("messages.%u.role: Input should be 'user' or 'assistant'", i);
      role = json_node_get_string (role_node);
      if (i == 0 && !g_str_equal (role, "user"))
        return g_strdup ("messages: first message must use the \"user\" role");

      content = json_object_get_member (message, "content");
      if (content == NULL)
        return g_strdup_printf ("messages.%u.content: Field required", i);
      if (is_string (content))
        {
          if (*json_node_get_string (content) == '\0' && !(i == n - 1
                                                          && g_str_equal (role, "assistant")))
            return g_strdup_printf ("messages.%u: all messages must have non-empty content except "
                                    "for the optional final assistant message", i);
        }
      else if (JSON_NODE_HOLDS_ARRAY (content))
        {
          JsonArray *blocks = json_node_get_array (content);
          guint n_blocks = json_array_get_length (blocks);

          if (n_blocks == 0 && !(i == n - 1 && g_str_equal (role, "assistant")))
            return g_strdup_printf ("messages.%u: all messages must have non-empty content except "
                                    "for the optional final assistant message", i);
          for (guint j = 0; j < n_blocks; j++)
            {
              char *problem = check_block (json_array_get_element (blocks, j), i, j, role);

              if (problem != NULL)
                return problem;
            }
        }
      else
        return g_strdup_printf ("messages.%u.content: Input should be a valid string or a valid "
                                "list", i);
    }
  return NULL;
}

static char *
check_system (JsonNode *system)
{
  JsonArray *blocks;

  if (system == NULL || is_string (system))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (system))
    return g_strdup ("system: Input should be a valid string or a valid list");
  blocks = json_node_get_array (system);
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      JsonNode *node = json_array_get_element (blocks, i);
      JsonObject *block;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return g_strdup_printf ("system.%u: Input should be a valid dictionary or object to "
                                "extract fields from", i);
      block = json_node_get_object (node);
      if (!is_string (json_object_get_member (block, "type"))
          || !g_str_equal (json_object_get_string_member (block, "type"), "text"))
        return g_strdup_printf ("system.%u.type: Input should be 'text'", i);
      if (!is_string (json_object_get_member (block, "text")))
        return g_strdup_printf ("system.%u.text: Field required", i);
    }
  return NULL;
}

static gboolean
has_beta (JsonObject *body,
          const char *beta)
{
  JsonNode *node = json_object_get_member (body, "anthropic_beta");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (is_string (element) && g_str_equal (json_node_get_string (element), beta))
        return TRUE;
    }
  return FALSE;
}

/* tool_choice {"type":"any"} or {"type":"tool",…} */
static gboolean
forces_tool_use (JsonNode *tool_choice)
{
  JsonNode *type;

  if (tool_choice == NULL || !JSON_NODE_HOLDS_OBJECT (tool_choice))
    return FALSE;
  type = json_object_get_member (json_node_get_object (tool_choice), "type");
  return is_string (type) && (g_str_equal (json_node_get_string (type), "any")
                              || g_str_equal (json_node_get_string (type), "tool"));
}

/* output_config.effort for a model that takes one (the schema refused output_config otherwise). */
static char *
check_effort (JsonObject      *body,
              const ModelInfo *model,
              JsonNode        *thinking)
{
  JsonNode *config = json_object_get_member (body, "output_config");
  JsonNode *effort;
  JsonNode *type;
  const char *name;

  if (config == NULL || !JSON_NODE_HOLDS_OBJECT (config))
    return NULL;
  effort = json_object_get_member (json_node_get_object (config), "effort");
  if (effort == NULL)
    return NULL;
  name = is_string (effort) ? json_node_get_string (effort) : NULL;
  if (!sb_model_rules_takes_effort (model, name))
    {
      g_autofree char *list = sb_model_rules_effort_list (model);

      return g_strdup_printf ("output_config.effort: Input should be %s", list);
    }
  type = thinking != NULL && JSON_NODE_HOLDS_OBJECT (thinking)
         ? json_object_get_member (json_node_get_object (thinking), "type") : NULL;
  if (model->disabled_caps_effort && is_string (type)
      && g_str_equal (json_node_get_string (type), "disabled")
      && (g_str_equal (name, "xhigh") || g_str_equal (name, "max")))
    return g_strdup_printf ("output_config.effort '%s' is not supported when thinking is "
                            "disabled.", name);
  return NULL;
}

/* The model's own checks; NULL when fine. *thinking_budget is set when the model thinks. */
static char *
check_request (JsonObject      *body,
               const ModelInfo *model,
               gint64          *thinking_budget)
{
  gint64 max_tokens = json_object_get_int_member (body, "max_tokens");
  JsonNode *temperature = json_object_get_member (body, "temperature");
  JsonNode *top_p = json_object_get_member (body, "top_p");
  JsonNode *top_k = json_object_get_member (body, "top_k");
  JsonNode *thinking = json_object_get_member (body, "thinking");
  char *problem;

  *thinking_budget = -1;
  if (max_tokens < 1)
    return g_strdup ("max_tokens: Input should be greater than or equal to 1");
  if (max_tokens > model->max_output)
    return g_strdup_printf ("max_tokens: %" G_GINT64_FORMAT " > %u, which is the maximum allowed "
                            "number of output tokens for %s", max_tokens, model->max_output,
                            model->api_name);

  problem = check_messages (json_object_get_array_member (body, "messages"));
  if (problem != NULL)
    return problem;
  problem = check_system (json_object_get_member (body, "system"));
  if (problem != NULL)
    return problem;

  if (model->sampling == SB_SAMPLING_DEPRECATED)
    {
      if (temperature != NULL)
        return g_strdup ("`temperature` is deprecated for this model.");
      if (top_p != NULL)
        return g_strdup ("`top_p` is deprecated for this model.");
      if (top_k != NULL)
        return g_strdup ("`top_k` is deprecated for this model.");
    }
  if (temperature != NULL && number_value (temperature) < 0)
    return g_strdup ("temperature: Input should be greater than or equal to 0");
  if (temperature != NULL && number_value (temperature) > 1)
    return g_strdup ("temperature: Input should be less than or equal to 1");
  if (top_p != NULL && number_value (top_p) < 0)
    return g_strdup ("top_p: Input should be greater than or equal to 0");
  if (top_p != NULL && number_value (top_p) > 1)
    return g_strdup ("top_p: Input should be less than or equal to 1");
  if (top_k != NULL && json_node_get_int (top_k) < 0)
    return g_strdup ("top_k: Input should be greater than or equal to 0");
  if (model->sampling == SB_SAMPLING_ONE_KNOB && temperature != NULL && top_p != NULL)
    return g_strdup ("`temperature` and `top_p` cannot both be specified for this model. Please "
                     "use only one.");
  if (model->sampling == SB_SAMPLING_DEFAULTS)
    {
      if (temperature != NULL && number_value (temperature) != 1.0)
        return g_strdup ("temperature: only 1.0 is supported for this model");
      if (top_p != NULL && (number_value (top_p) < 0.99 || number_value (top_p) >= 1.0))
        return g_strdup ("top_p: must be at least 0.99 and less than 1.0 for this model");
      if (top_k != NULL)
        return g_strdup ("`top_k` is not supported for this model.");
    }

  if (thinking != NULL)
    {
      JsonObject *config = json_node_get_object (thinking);
      JsonNode *type = json_object_get_member (config, "type");
      JsonNode *budget = NULL;
      const char *name;

      if (type == NULL)
        return g_strdup ("thinking.type: Field required");
      name = is_string (type) ? json_node_get_string (type) : "";
      if (!g_str_equal (name, "enabled") && !g_str_equal (name, "disabled")
          && !(g_str_equal (name, "adaptive") && (model->thinking & SB_THINKING_ADAPTIVE) != 0))
        return g_strdup_printf ("thinking: Input tag '%s' found using 'type' does not match any of "
                                "the expected tags: %s", name,
                                (model->thinking & SB_THINKING_ADAPTIVE) != 0
                                ? "'adaptive', 'disabled', 'enabled'" : "'disabled', 'enabled'");
      if (g_str_equal (name, "enabled") && (model->thinking & SB_THINKING_ENABLED) == 0)
        return g_strdup_printf (THINKING_TYPE_REFUSED, "enabled");
      if (g_str_equal (name, "disabled") && (model->thinking & SB_THINKING_DISABLED) == 0)
        return g_strdup_printf (THINKING_TYPE_REFUSED, "disabled");

      if (g_str_equal (name, "enabled"))
        {
          budget = json_object_get_member (config, "budget_tokens");
          if (budget == NULL)
            return g_strdup ("thinking.enabled.budget_tokens: Field required");
          if (!is_integer (budget))
            return g_strdup ("thinking.enabled.budget_tokens: Input should be a valid integer");
          if (json_node_get_int (budget) < 1024)
            return g_strdup ("thinking.enabled.budget_tokens: Input should be greater than or "
                             "equal to 1024");
        }
      else if (g_str_equal (name, "adaptive")
               && json_object_has_member (config, "budget_tokens"))
        return g_strdup ("thinking.adaptive.budget_tokens: Extra inputs are not permitted");

      if (!g_str_equal (name, "disabled"))
        {
          if (temperature != NULL && number_value (temperature) != 1.0)
            return g_strdup ("temperature may only be set to 1 when thinking is enabled.");
          if (top_k != NULL)
            return g_strdup ("top_k is not supported when thinking is enabled.");
          if (forces_tool_use (json_object_get_member (body, "tool_choice")))
            return g_strdup ("Thinking may not be enabled when tool_choice forces tool use.");
        }

      if (g_str_equal (name, "enabled"))
        {
          if (json_node_get_int (budget) >= max_tokens
              && !has_beta (body, "interleaved-thinking-2025-05-14"))
            return g_strdup ("`max_tokens` must be greater than `thinking.budget_tokens`. Please "
                             "consult our documentation at https://docs.anthropic.com/en/docs/"
                             "build-with-claude/extended-thinking"
                             "#max-tokens-and-context-window-size");
          *thinking_budget = json_node_get_int (budget);
        }
      else if (g_str_equal (name, "adaptive"))
        *thinking_budget = max_tokens;
    }
  else if (model->always_thinks)
    *thinking_budget = max_tokens;

  problem = check_effort (body, model, thinking);
  if (problem != NULL)
    return problem;
  return NULL;
}

/* ---- the answer ------------------------------------------------------------------------- */

static void
append_content_text (GString  *out,
                     JsonNode *content)
{
  JsonArray *blocks;

  if (is_string (content))
    {
      g_string_append (out, json_node_get_string (content));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (content))
    return;
  blocks = json_node_get_array (content);
  for (guint j = 0; j < json_array_get_length (blocks); j++)
    {
      JsonObject *block = json_array_get_object_element (blocks, j);
      const char *type = json_object_get_string_member_with_default (block, "type", "");

      if (g_str_equal (type, "text"))
        {
          if (out->len > 0)
            g_string_append_c (out, '\n');
          g_string_append (out, json_object_get_string_member (block, "text"));
        }
    }
}

static guint
count_prompt_tokens (JsonObject *body)
{
  JsonArray *messages = json_object_get_array_member (body, "messages");
  JsonNode *system = json_object_get_member (body, "system");
  guint n = 0;

  if (system != NULL)
    {
      GString *text = g_string_new (NULL);

      append_content_text (text, system);
      n += sb_bedrock_count_tokens (text->str);
      g_string_free (text, TRUE);
    }
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      JsonNode *content = json_object_get_member (message, "content");
      GString *text = g_string_new (NULL);

      append_content_text (text, content);
      n += 1 + sb_bedrock_count_tokens (text->str);
      g_string_free (text, TRUE);
      if (JSON_NODE_HOLDS_ARRAY (content))
        {
          JsonArray *blocks = json_node_get_array (content);

          /* Images: a flat price per started 1000 characters of data. */
          for (guint j = 0; j < json_array_get_length (blocks); j++)
            {
              JsonObject *block = json_array_get_object_element (blocks, j);

              if (g_str_equal (json_object_get_string_member_with_default (block, "type", ""),
                               "image"))
                {
                  JsonObject *source = json_object_get_object_member (block, "source");
                  gsize len = strlen (json_object_get_string_member (source, "data"));

                  n += 85 + (guint) (len / 1000);
                }
            }
        }
    }
  return n;
}

static char *
last_user_text (JsonArray *messages)
{
  for (guint i = json_array_get_length (messages); i > 0; i--)
    {
      JsonObject *message = json_array_get_object_element (messages, i - 1);

      if (g_str_equal (json_object_get_string_member (message, "role"), "user"))
        {
          GString *text = g_string_new (NULL);

          append_content_text (text, json_object_get_member (message, "content"));
          if (text->len == 0)
            g_string_append (text, "(no text)");
          return g_string_free (text, FALSE);
        }
    }
  return g_strdup ("(no text)");
}

static char *
message_id (const char *body,
            const char *model)
{
  static const char alphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  GString *id = g_string_new ("msg_bdrk_01");

  g_checksum_update (checksum, (const guchar *) model, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) body, -1);
  g_checksum_get_digest (checksum, digest, &len);
  for (guint i = 0; i < 22; i++)
    g_string_append_c (id, alphabet[digest[i] % 62]);
  return g_string_free (id, FALSE);
}

/* Cuts text at the first stop sequence it holds; returns that sequence or NULL. */
static const char *
apply_stop_sequences (char       *text,
                      JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "stop_sequences");
  JsonArray *array;
  const char *found = NULL;
  char *cut = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      char *at;

      if (!is_string (element) || *json_node_get_string (element) == '\0')
        continue;
      at = strstr (text, json_node_get_string (element));
      if (at != NULL && (cut == NULL || at < cut))
        {
          cut = at;
          found = json_node_get_string (element);
        }
    }
  if (cut != NULL)
    *cut = '\0';
  return found;
}

static SbBedrockResponse *
generate (const char      *raw_body,
          JsonObject      *body,
          const ModelInfo *model,
          gint64           thinking_budget)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = message_id (raw_body, model->api_name);
  g_autofree char *asked = last_user_text (json_object_get_array_member (body, "messages"));
  g_autofree char *thinking = NULL;
  g_autofree char *text = NULL;
  gint64 max_tokens = json_object_get_int_member (body, "max_tokens");
  gint64 left = max_tokens;
  const char *stop_sequence = NULL;
  const char *stop_reason = "end_turn";
  guint input_tokens = count_prompt_tokens (body);
  guint output_tokens = 0;

  if (thinking_budget > 0)
    {
      g_autofree char *full = g_strdup_printf (
        "This is simulated thinking from the Connector Studio sandbox, not from Claude. The user "
        "wrote: \"%s\". I will say that this answer is simulated and repeat what they asked.",
        asked);
      guint n = sb_bedrock_count_tokens (full);

      input_tokens += THINKING_PROMPT_TOKENS;
      if ((gint64) n > MIN (left, thinking_budget))
        {
          thinking = truncate_tokens (full, (guint) MIN (left, thinking_budget));
          n = sb_bedrock_count_tokens (thinking);
          if ((gint64) n >= left)
            stop_reason = "max_tokens";
        }
      else
        thinking = g_steal_pointer (&full);
      left -= n;
      output_tokens += n;
    }

  if (left > 0)
    {
      guint n;

      text = g_strdup_printf ("This is a simulated answer from the Connector Studio sandbox (%s "
                              "was not called). You asked: %s", model->api_name, asked);
      stop_sequence = apply_stop_sequences (text, body);
      if (stop_sequence != NULL)
        stop_reason = "stop_sequence";
      n = sb_bedrock_count_tokens (text);
      if ((gint64) n > left)
        {
          char *cut = truncate_tokens (text, (guint) left);

          g_free (text);
          text = cut;
          n = (guint) left;
          stop_reason = "max_tokens";
          stop_sequence = NULL;
        }
      output_tokens += n;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "message");
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, "assistant");
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, model->api_name);
  json_builder_set_member_name (b, "content");
  json_builder_begin_array (b);
  if (thinking != NULL)
    {
      g_autofree char *signature = sb_bedrock_signature (thinking);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "thinking");
      json_builder_set_member_name (b, "thinking");
      json_builder_add_string_value (b, thinking);
      json_builder_set_member_name (b, "signature");
      json_builder_add_string_value (b, signature);
      json_builder_end_object (b);
    }
  if (text != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "text");
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "stop_reason");
  json_builder_add_string_value (b, stop_reason);
  json_builder_set_member_name (b, "stop_sequence");
  if (stop_sequence != NULL)
    json_builder_add_string_value (b, stop_sequence);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "usage");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "input_tokens");
  json_builder_add_int_value (b, input_tokens);
  json_builder_set_member_name (b, "cache_creation_input_tokens");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "cache_read_input_tokens");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "output_tokens");
  json_builder_add_int_value (b, output_tokens);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return answer (200, NULL, node_to_text (root));
}

/* The region of https://bedrock-runtime.<region>.amazonaws.com, or NULL. */
static char *
endpoint_region (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autofree char *region = NULL;
  gsize len;

  if (host == NULL || !g_str_has_prefix (host, "bedrock-runtime.")
      || !g_str_has_suffix (host, ".amazonaws.com"))
    return NULL;
  len = strlen (host) - strlen ("bedrock-runtime.") - strlen (".amazonaws.com");
  if ((gssize) len <= 0)
    return NULL;
  region = g_strndup (host + strlen ("bedrock-runtime."), len);
  if (!g_strv_contains (regions, region))
    return NULL;
  return g_steal_pointer (&region);
}

gboolean
sb_bedrock_is_region (const char *region)
{
  return region != NULL && g_strv_contains (regions, region);
}

SbBedrockResponse *
sb_bedrock_invoke (const SbBedrockRequest *request)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *region = NULL;
  g_autofree char *model_id = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(JsonParser) parser = NULL;
  SbBedrockResponse *problem = NULL;
  const ModelInfo *model;
  JsonNode *root;
  JsonObject *body;
  char *model_problem;
  gint64 thinking_budget;
  const char *path;

  g_return_val_if_fail (request != NULL, NULL);

  uri = request->url != NULL ? g_uri_parse (request->url, G_URI_FLAGS_ENCODED_PATH, NULL) : NULL;
  if (uri == NULL)
    return no_response (request->url != NULL ? request->url : "no URL");
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
      || (g_uri_get_port (uri) != -1 && g_uri_get_port (uri) != 443))
    {
      g_autofree char *failure = g_strdup_printf ("Connect to %s failed: Connection refused",
                                                  g_uri_get_host (uri) ? g_uri_get_host (uri)
                                                                       : "");

      return no_response (failure);
    }
  region = endpoint_region (uri);
  if (region == NULL)
    {
      g_autofree char *failure = g_strdup_printf ("%s: Name or service not known",
                                                  g_uri_get_host (uri) ? g_uri_get_host (uri) : "");

      return no_response (failure);
    }

  if (request->forced_error != NULL && (problem = forced_answer (request->forced_error)) != NULL)
    return problem;

  problem = check_credentials (request, region);
  if (problem != NULL)
    return problem;

  path = g_uri_get_path (uri);
  segments = g_strsplit (path, "/", -1);
  if (g_strv_length (segments) != 4 || *segments[0] != '\0' || !g_str_equal (segments[1], "model")
      || *segments[2] == '\0')
    return error_answer (404, "UnknownOperationException", "Unknown operation");
  if (!g_str_equal (segments[3], "invoke"))
    return validation_error ("The Connector Studio sandbox simulates InvokeModel only: the URL "
                             "must end in /model/<model id>/invoke.");
  if (g_ascii_strcasecmp (request->method != NULL ? request->method : "POST", "POST") != 0)
    return error_answer (404, "UnknownOperationException", "Unknown operation");

  model_id = g_uri_unescape_string (segments[2], NULL);
  if (model_id == NULL)
    return validation_error (MODEL_INVALID);
  model = resolve_model (model_id, region, &problem);
  if (model == NULL)
    return problem;

  parser = json_parser_new_immutable ();
  if (request->body == NULL || !sb_render_is_json (request->body)
      || !json_parser_load_from_data (parser, request->body, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return validation_error ("Malformed input request, please reformat your input and try again.");
  body = json_node_get_object (root);

  problem = check_schema (body, model);
  if (problem != NULL)
    return problem;

  model_problem = check_request (body, model, &thinking_budget);
  if (model_problem != NULL)
    {
      problem = model_error (model_problem);
      g_free (model_problem);
      return problem;
    }

  return generate (request->body, body, model, thinking_budget);
}
