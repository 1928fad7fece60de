/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's simulated Bedrock InvokeModel for Claude (mlcommons-api.md §7) and the predict
 * pipeline around it (§5.2, §5.3, §5.5), at unit level. */
#include "config.h"

#include <string.h>

#include "sb-bedrock.h"
#include "sb-predict.h"

/* Test credentials in the sandbox's shapes; none of them looks like a real AWS key. */
#define ACCESS_KEY "SANDBOXACCESSKEY0001"
#define SECRET_KEY "sandboxTestSecretKey/ForUnitTests+000000"
#define SESSION_TOKEN "SandboxSessionTokenForUnitTests0000="
#define PROFILE "us.anthropic.claude-sonnet-4-20250514-v1:0"
#define URL_FOR(region, model) \
  "https://bedrock-runtime." region ".amazonaws.com/model/" model "/invoke"
#define URL URL_FOR ("us-east-1", PROFILE)

#define HELLO_MESSAGES \
  "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"hello world\"}]}]"
#define STANDARD_BODY \
  "{\"system\": \"You are a helpful assistant.\", \"anthropic_version\": \"bedrock-2023-05-31\"," \
  " \"max_tokens\": 8000, \"temperature\": 1, \"messages\": " HELLO_MESSAGES "}"
#define THINKING_BODY \
  "{\"system\": \"You are a helpful assistant.\", \"anthropic_version\": \"bedrock-2023-05-31\"," \
  " \"max_tokens\": 8000, \"temperature\": 1, \"messages\": " HELLO_MESSAGES "," \
  " \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024}}"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
key_credential (const char *access_key,
                const char *secret_key,
                const char *session_token)
{
  JsonObject *credential = json_object_new ();

  json_object_set_string_member (credential, "access_key", access_key);
  json_object_set_string_member (credential, "secret_key", secret_key);
  if (session_token != NULL)
    json_object_set_string_member (credential, "session_token", session_token);
  return credential;
}

typedef struct
{
  const char *url;
  const char *body;
  JsonObject *credential;
  const char *region;
  gboolean    aws_managed;
  const char *forced;
} Call;

static SbBedrockResponse *
invoke (const Call *c)
{
  g_autoptr(JsonObject) fallback = key_credential (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN);
  SbBedrockRequest request = {
    .method = "POST",
    .url = c->url != NULL ? c->url : URL,
    .credential = c->credential != NULL ? c->credential : fallback,
    .signing_region = c->region != NULL ? c->region : "us-east-1",
    .signing_service = "bedrock",
    .body = c->body != NULL ? c->body : STANDARD_BODY,
    .aws_managed = c->aws_managed,
    .forced_error = c->forced,
  };

  return sb_bedrock_invoke (&request);
}

static JsonObject *
answer_object (SbBedrockResponse *r)
{
  g_assert_false (r->no_response);
  g_assert_cmpuint (r->status, ==, 200);
  return parse_object (r->body);
}

/* Checks an error answer: status, x-amzn-ErrorType and that the message holds `part`. */
static void
assert_error (const Call *c,
              guint       status,
              const char *error_type,
              const char *part)
{
  g_autoptr(SbBedrockResponse) r = invoke (c);
  g_autoptr(JsonObject) body = NULL;
  const char *message;

  g_assert_false (r->no_response);
  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpstr (r->error_type, ==, error_type);
  body = parse_object (r->body);
  g_assert_cmpuint (json_object_get_size (body), ==, 1);
  message = json_object_get_string_member (body, "message");
  if (strstr (message, part) == NULL)
    g_error ("expected \"%s\" in \"%s\"", part, message);
}

static void
assert_body_error (const char *body,
                   const char *part)
{
  Call c = { .body = body };

  assert_error (&c, 400, "ValidationException", part);
}

static void
test_standard_answer (void)
{
  Call c = { 0 };
  g_autoptr(SbBedrockResponse) r = invoke (&c);
  g_autoptr(SbBedrockResponse) again = invoke (&c);
  g_autoptr(JsonObject) a = answer_object (r);
  JsonArray *content = json_object_get_array_member (a, "content");
  JsonObject *block;
  JsonObject *usage;

  g_assert_true (g_str_has_prefix (json_object_get_string_member (a, "id"), "msg_bdrk_01"));
  g_assert_cmpuint (strlen (json_object_get_string_member (a, "id")), ==, 33);
  g_assert_cmpstr (json_object_get_string_member (a, "type"), ==, "message");
  g_assert_cmpstr (json_object_get_string_member (a, "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (a, "model"), ==, "claude-sonnet-4-20250514");
  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  block = json_array_get_object_element (content, 0);
  g_assert_cmpstr (json_object_get_string_member (block, "type"), ==, "text");
  g_assert_nonnull (strstr (json_object_get_string_member (block, "text"), "simulated"));
  g_assert_nonnull (strstr (json_object_get_string_member (block, "text"), "hello world"));
  g_assert_cmpstr (json_object_get_string_member (a, "stop_reason"), ==, "end_turn");
  g_assert_true (json_object_get_null_member (a, "stop_sequence"));
  usage = json_object_get_object_member (a, "usage");
  /* The blueprint's sample numbers for this request. */
  g_assert_cmpint (json_object_get_int_member (usage, "input_tokens"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (usage, "cache_creation_input_tokens"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (usage, "cache_read_input_tokens"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (usage, "output_tokens"), ==,
                   sb_bedrock_count_tokens (json_object_get_string_member (block, "text")));
  /* Deterministic. */
  g_assert_cmpstr (r->body, ==, again->body);
}

static void
test_thinking_answer (void)
{
  Call c = { .body = THINKING_BODY };
  Call other = { .body = STANDARD_BODY };
  g_autoptr(SbBedrockResponse) r = invoke (&c);
  g_autoptr(SbBedrockResponse) s = invoke (&other);
  g_autoptr(JsonObject) a = answer_object (r);
  g_autoptr(JsonObject) b = answer_object (s);
  JsonArray *content = json_object_get_array_member (a, "content");
  JsonObject *thinking, *text, *usage;
  g_autofree char *signature = NULL;

  g_assert_cmpuint (json_array_get_length (content), ==, 2);
  thinking = json_array_get_object_element (content, 0);
  text = json_array_get_object_element (content, 1);
  g_assert_cmpstr (json_object_get_string_member (thinking, "type"), ==, "thinking");
  g_assert_nonnull (strstr (json_object_get_string_member (thinking, "thinking"), "simulated"));
  g_assert_nonnull (strstr (json_object_get_string_member (thinking, "thinking"), "hello world"));
  signature = sb_bedrock_signature (json_object_get_string_member (thinking, "thinking"));
  g_assert_cmpstr (json_object_get_string_member (thinking, "signature"), ==, signature);
  g_assert_cmpstr (json_object_get_string_member (text, "type"), ==, "text");
  usage = json_object_get_object_member (a, "usage");
  g_assert_cmpint (json_object_get_int_member (usage, "input_tokens"), ==, 37);
  g_assert_cmpint (json_object_get_int_member (usage, "output_tokens"), ==,
                   sb_bedrock_count_tokens (json_object_get_string_member (thinking, "thinking"))
                   + sb_bedrock_count_tokens (json_object_get_string_member (text, "text")));
  /* Different requests, different ids. */
  g_assert_cmpstr (json_object_get_string_member (a, "id"), !=,
                   json_object_get_string_member (b, "id"));
}

static void
test_signature_round_trip (void)
{
  Call first = { .body = THINKING_BODY };
  g_autoptr(SbBedrockResponse) r = invoke (&first);
  g_autoptr(JsonObject) a = answer_object (r);
  JsonArray *content = json_object_get_array_member (a, "content");
  JsonObject *thinking = json_array_get_object_element (content, 0);
  g_autoptr(JsonObject) body = parse_object (THINKING_BODY);
  JsonArray *messages = json_object_get_array_member (body, "messages");
  JsonObject *assistant = json_object_new ();
  JsonObject *user = json_object_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *second_body = NULL;
  g_autofree char *tampered_body = NULL;
  g_autoptr(SbBedrockResponse) second = NULL;
  Call c = { 0 };

  json_object_set_string_member (assistant, "role", "assistant");
  json_object_set_array_member (assistant, "content", json_array_ref (content));
  json_array_add_object_element (messages, assistant);
  json_object_set_string_member (user, "role", "user");
  json_object_set_string_member (user, "content", "and now?");
  json_array_add_object_element (messages, user);
  json_node_set_object (root, body);
  json_generator_set_root (generator, root);
  second_body = json_generator_to_data (generator, NULL);

  c.body = second_body;
  second = invoke (&c);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_nonnull (strstr (second->body, "and now?"));

  json_object_set_string_member (thinking, "thinking", "I changed my mind.");
  tampered_body = json_generator_to_data (generator, NULL);
  c.body = tampered_body;
  assert_error (&c, 400, "ValidationException",
                "The model returned the following errors: messages.1.content.0: Invalid "
                "`signature` in `thinking` block");
}

static void
test_body_schema (void)
{
  assert_body_error ("not json", "Malformed input request, please reformat your input and try "
                     "again.");
  assert_body_error ("[1]", "Malformed input request");
  assert_body_error ("{\"max_tokens\": 10, \"messages\": " HELLO_MESSAGES "}",
                     "Malformed input request: #: required key [anthropic_version] not found, "
                     "please reformat your input and try again.");
  assert_body_error ("{\"anthropic_version\": \"bedrock-2023-05-31\", \"messages\": "
                     HELLO_MESSAGES "}", "#: required key [max_tokens] not found");
  assert_body_error ("{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 10}",
                     "#: required key [messages] not found");
  assert_body_error ("{\"anthropic_version\": \"2023-06-01\", \"max_tokens\": 10, \"messages\": "
                     HELLO_MESSAGES "}", "#/anthropic_version: 2023-06-01 is not a valid enum "
                     "value");
  assert_body_error ("{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": \"10\","
                     " \"messages\": " HELLO_MESSAGES "}",
                     "#/max_tokens: expected type: Integer, found: String");
  assert_body_error ("{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 10,"
                     " \"messages\": \"hi\"}", "#/messages: expected type: JSONArray, found: "
                     "String");
  assert_body_error ("{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 10,"
                     " \"prompt\": \"x\", \"messages\": " HELLO_MESSAGES "}",
                     "#: extraneous key [prompt] is not permitted");
}

#define WITH(extra, messages) \
  "{\"anthropic_version\": \"bedrock-2023-05-31\"" extra ", \"messages\": " messages "}"

static void
test_body_rules (void)
{
  assert_body_error (WITH (", \"max_tokens\": 0", HELLO_MESSAGES),
                     "The model returned the following errors: max_tokens: Input should be "
                     "greater than or equal to 1");
  assert_body_error (WITH (", \"max_tokens\": 100000", HELLO_MESSAGES),
                     "max_tokens: 100000 > 64000, which is the maximum allowed number of output "
                     "tokens for claude-sonnet-4-20250514");
  assert_body_error (WITH (", \"max_tokens\": 10", "[]"),
                     "The model returned the following errors: messages: at least one message is "
                     "required");
  assert_body_error (WITH (", \"max_tokens\": 10", "[{\"role\": \"assistant\", \"content\": \"x\"}]"),
                     "messages: first message must use the \"user\" role");
  assert_body_error (WITH (", \"max_tokens\": 10", "[{\"role\": \"system\", \"content\": \"x\"}]"),
                     "messages.0.role: Input should be 'user' or 'assistant'");
  assert_body_error (WITH (", \"max_tokens\": 10", "[{\"role\": \"user\"}]"),
                     "messages.0.content: Field required");
  assert_body_error (WITH (", \"max_tokens\": 10", "[{\"role\": \"user\", \"content\": \"\"}]"),
                     "messages.0: all messages must have non-empty content");
  assert_body_error (WITH (", \"max_tokens\": 10",
                           "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"\"}]}]"),
                     "messages: text content blocks must be non-empty");
  assert_body_error (WITH (", \"max_tokens\": 10",
                           "[{\"role\": \"user\", \"content\": [{\"type\": \"video\"}]}]"),
                     "messages.0.content.0: Input tag 'video' found using 'type' does not match");
  assert_body_error (WITH (", \"max_tokens\": 10",
                           "[{\"role\": \"user\", \"content\": [{\"type\": \"image\", \"source\":"
                           " {\"type\": \"base64\", \"media_type\": \"image/tiff\", \"data\": \"AA\"}}]}]"),
                     "media_type: Input should be 'image/jpeg'");
  assert_body_error (WITH (", \"max_tokens\": 10, \"temperature\": 1.5", HELLO_MESSAGES),
                     "temperature: Input should be less than or equal to 1");
  assert_body_error (WITH (", \"max_tokens\": 10, \"system\": 5", HELLO_MESSAGES),
                     "system: Input should be a valid string or a valid list");
  assert_body_error (WITH (", \"max_tokens\": 10, \"top_p\": -0.5", HELLO_MESSAGES),
                     "top_p: Input should be greater than or equal to 0");
  assert_body_error (WITH (", \"max_tokens\": 10",
                           "[{\"role\": \"user\", \"content\": [{\"type\": \"thinking\","
                           " \"thinking\": \"x\", \"signature\": \"y\"}]}]"),
                     "messages.0.content.0: thinking blocks may only appear in assistant messages");
  {
    /* Newer models take temperature or top_p, not both; Sonnet 4 takes both. */
    Call both = { .url = URL_FOR ("us-east-1", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
                  .body = WITH (", \"max_tokens\": 10, \"temperature\": 0.5, \"top_p\": 0.9",
                                HELLO_MESSAGES) };
    Call sonnet4 = { .body = both.body };
    g_autoptr(SbBedrockResponse) r = invoke (&sonnet4);

    assert_error (&both, 400, "ValidationException",
                  "The model returned the following errors: `temperature` and `top_p` cannot "
                  "both be specified for this model. Please use only one.");
    g_assert_cmpuint (r->status, ==, 200);
  }
}

static void
test_body_accepted (void)
{
  static const char *const bodies[] = {
    /* String content, consecutive user turns, a final assistant prefill. */
    WITH (", \"max_tokens\": 50", "[{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\","
          " \"content\": \"b\"}, {\"role\": \"assistant\", \"content\": \"\"}]"),
    /* System as text blocks, an image, temperature 0. */
    WITH (", \"max_tokens\": 50, \"temperature\": 0, \"system\": [{\"type\": \"text\", \"text\":"
          " \"be brief\"}]", "[{\"role\": \"user\", \"content\": [{\"type\": \"image\", \"source\":"
          " {\"type\": \"base64\", \"media_type\": \"image/png\", \"data\": \"iVBORw0KGgo=\"}},"
          " {\"type\": \"text\", \"text\": \"what is this?\"}]}]"),
    /* Thinking disabled with any temperature. */
    WITH (", \"max_tokens\": 50, \"temperature\": 0.2, \"thinking\": {\"type\": \"disabled\"}",
          HELLO_MESSAGES),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      Call c = { .body = bodies[i] };
      g_autoptr(SbBedrockResponse) r = invoke (&c);

      if (r->status != 200)
        g_error ("body %" G_GSIZE_FORMAT " refused: %s", i, r->body);
    }
}

static void
test_thinking_rules (void)
{
  assert_body_error (WITH (", \"max_tokens\": 8000, \"temperature\": 0.5, \"thinking\":"
                           " {\"type\": \"enabled\", \"budget_tokens\": 1024}", HELLO_MESSAGES),
                     "The model returned the following errors: temperature may only be set to 1 "
                     "when thinking is enabled.");
  assert_body_error (WITH (", \"max_tokens\": 8000, \"thinking\": {\"type\": \"enabled\","
                           " \"budget_tokens\": 1000}", HELLO_MESSAGES),
                     "The model returned the following errors: thinking.enabled.budget_tokens: "
                     "Input should be greater than or equal to 1024");
  assert_body_error (WITH (", \"max_tokens\": 1024, \"thinking\": {\"type\": \"enabled\","
                           " \"budget_tokens\": 1024}", HELLO_MESSAGES),
                     "The model returned the following errors: `max_tokens` must be greater than "
                     "`thinking.budget_tokens`. Please consult our documentation at "
                     "https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking"
                     "#max-tokens-and-context-window-size");
  assert_body_error (WITH (", \"max_tokens\": 8000, \"thinking\": {\"type\": \"enabled\"}",
                           HELLO_MESSAGES),
                     "thinking.enabled.budget_tokens: Field required");
  assert_body_error (WITH (", \"max_tokens\": 8000, \"thinking\": {\"type\": \"always\"}",
                           HELLO_MESSAGES),
                     "thinking: Input tag 'always' found using 'type'");
  assert_body_error (WITH (", \"max_tokens\": 8000, \"top_k\": 5, \"thinking\": {\"type\":"
                           " \"enabled\", \"budget_tokens\": 1024}", HELLO_MESSAGES),
                     "top_k is not supported when thinking is enabled.");
  assert_body_error (WITH (", \"max_tokens\": 8000, \"tool_choice\": {\"type\": \"any\"},"
                           " \"tools\": [{\"name\": \"f\", \"input_schema\": {\"type\": \"object\"}}],"
                           " \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024}",
                           HELLO_MESSAGES),
                     "Thinking may not be enabled when tool_choice forces tool use.");
  {
    /* Interleaved thinking lifts the budget < max_tokens rule; no temperature is fine. */
    Call c = { .body = WITH (", \"max_tokens\": 2000, \"anthropic_beta\":"
                             " [\"interleaved-thinking-2025-05-14\"], \"thinking\": {\"type\":"
                             " \"enabled\", \"budget_tokens\": 4000}", HELLO_MESSAGES) };
    g_autoptr(SbBedrockResponse) r = invoke (&c);

    g_assert_cmpuint (r->status, ==, 200);
  }
}

static void
test_models (void)
{
  Call bare = { .url = URL_FOR ("us-east-1", "anthropic.claude-sonnet-4-20250514-v1:0") };
  Call unknown = { .url = URL_FOR ("us-east-1", "us.anthropic.claude-sonnet-9-v1:0") };
  Call wrong_geo = { .url = URL_FOR ("us-east-1", "eu.anthropic.claude-sonnet-4-20250514-v1:0") };
  static const struct
  {
    const char *region;
    const char *model;
    const char *api_name;
  } fine[] = {
    { "us-west-2", "us.anthropic.claude-opus-4-20250514-v1:0", "claude-opus-4-20250514" },
    { "eu-central-1", "eu.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805" },
    { "eu-west-1", "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "claude-sonnet-4-5-20250929" },
    { "ap-northeast-1", "apac.anthropic.claude-haiku-4-5-20251001-v1:0",
      "claude-haiku-4-5-20251001" },
    { "us-east-2", "us.anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5-20251101" },
    { "us-east-1", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219" },
    { "us-east-1", "us.anthropic.claude-sonnet-4-20250514-v1%3A0", "claude-sonnet-4-20250514" },
  };

  assert_error (&bare, 400, "ValidationException",
                "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand "
                "throughput isn\u2019t supported. Retry your request with the ID or ARN of an "
                "inference profile that contains this model.");
  assert_error (&unknown, 400, "ValidationException", "The provided model identifier is invalid.");
  assert_error (&wrong_geo, 400, "ValidationException",
                "The provided model identifier is invalid.");

  for (gsize i = 0; i < G_N_ELEMENTS (fine); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://bedrock-runtime.%s.amazonaws.com/model/%s/"
                                              "invoke", fine[i].region, fine[i].model);
      Call c = { .url = url, .region = fine[i].region };
      g_autoptr(SbBedrockResponse) r = invoke (&c);
      g_autoptr(JsonObject) a = answer_object (r);

      g_assert_cmpstr (json_object_get_string_member (a, "model"), ==, fine[i].api_name);
    }
}

static void
test_endpoint (void)
{
  Call bad_region = { .url = URL_FOR ("moon-base-1", PROFILE), .region = "moon-base-1" };
  Call placeholder = { .url = URL_FOR ("<PLEASE ADD YOUR AWS REGION HERE>", PROFILE) };
  Call http = { .url = "http://bedrock-runtime.us-east-1.amazonaws.com/model/" PROFILE "/invoke" };
  Call converse = { .url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/" PROFILE
                           "/converse" };
  g_autoptr(SbBedrockResponse) r1 = invoke (&bad_region);
  g_autoptr(SbBedrockResponse) r2 = invoke (&placeholder);
  g_autoptr(SbBedrockResponse) r3 = invoke (&http);

  g_assert_true (r1->no_response);
  g_assert_cmpstr (r1->failure, ==,
                   "bedrock-runtime.moon-base-1.amazonaws.com: Name or service not known");
  g_assert_true (r2->no_response);
  g_assert_true (r3->no_response);
  assert_error (&converse, 400, "ValidationException", "InvokeModel only");
}

static void
test_credentials (void)
{
  g_autoptr(JsonObject) short_key = key_credential ("SHORTKEY", SECRET_KEY, NULL);
  g_autoptr(JsonObject) lower_key = key_credential ("sandboxaccesskey0001", SECRET_KEY, NULL);
  g_autoptr(JsonObject) invalid = key_credential (ACCESS_KEY, "sandboxTestSecretKey/INVALID/x",
                                                  NULL);
  g_autoptr(JsonObject) bad_secret = key_credential (ACCESS_KEY, "too-short", NULL);
  g_autoptr(JsonObject) denied = key_credential (ACCESS_KEY,
                                                 "sandboxTestSecretKey/DENIED/UnitTests+00", NULL);
  g_autoptr(JsonObject) expired = key_credential (ACCESS_KEY, SECRET_KEY,
                                                  "SandboxSessionToken/EXPIRED/0000=");
  g_autoptr(JsonObject) bad_token = key_credential (ACCESS_KEY, SECRET_KEY,
                                                    "<PLEASE ADD YOUR AWS SECURITY TOKEN HERE>");
  g_autoptr(JsonObject) no_token = key_credential (ACCESS_KEY, SECRET_KEY, NULL);
  g_autoptr(JsonObject) role = parse_object (
    "{\"roleArn\": \"arn:aws:iam::123456789012:role/sandbox-bedrock\"}");
  g_autoptr(JsonObject) bad_role = parse_object ("{\"roleArn\": \"<PLEASE ADD YOUR AWS ROLE ARN HERE>\"}");
  Call c = { 0 };

  c.credential = short_key;
  assert_error (&c, 403, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
  c.credential = lower_key;
  assert_error (&c, 403, "UnrecognizedClientException", "security token");
  c.credential = invalid;
  assert_error (&c, 403, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
  c.credential = bad_secret;
  assert_error (&c, 403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided.");
  c.credential = denied;
  assert_error (&c, 403, "AccessDeniedException", "You don't have access to the model");
  c.credential = expired;
  assert_error (&c, 403, "ExpiredTokenException",
                "The security token included in the request is expired");
  c.credential = bad_token;
  assert_error (&c, 403, "UnrecognizedClientException", "security token");

  c.credential = no_token;
  {
    g_autoptr(SbBedrockResponse) r = invoke (&c);

    g_assert_cmpuint (r->status, ==, 200);
  }
  /* The signing scope must match the endpoint. */
  c.region = "us-west-2";
  assert_error (&c, 403, "InvalidSignatureException", "Credential should be scoped to a valid "
                "region.");
  c.region = NULL;

  /* A role ARN only means something to the managed service. */
  c.credential = role;
  assert_error (&c, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  c.aws_managed = TRUE;
  {
    g_autoptr(SbBedrockResponse) r = invoke (&c);

    g_assert_cmpuint (r->status, ==, 200);
  }
  c.credential = bad_role;
  assert_error (&c, 403, "UnrecognizedClientException", "security token");
}

static void
test_forced_errors (void)
{
  Call c = { 0 };
  g_autoptr(SbBedrockResponse) timeout = NULL;

  c.forced = "throttling";
  assert_error (&c, 429, "ThrottlingException", "Too many requests");
  c.forced = "expired-token";
  assert_error (&c, 403, "ExpiredTokenException", "expired");
  c.forced = "invalid-signature";
  assert_error (&c, 403, "InvalidSignatureException", "signature");
  c.forced = "access-denied";
  assert_error (&c, 403, "AccessDeniedException", "access");
  c.forced = "internal";
  assert_error (&c, 500, "InternalServerException", "internal server error");
  c.forced = "timeout";
  timeout = invoke (&c);
  g_assert_true (timeout->no_response);
  g_assert_cmpstr (timeout->failure, ==, "Read timed out");
}

static void
test_stop_reasons (void)
{
  Call tiny = { .body = WITH (", \"max_tokens\": 3", HELLO_MESSAGES) };
  Call stop = { .body = WITH (", \"max_tokens\": 500, \"stop_sequences\": [\"world\"]",
                              HELLO_MESSAGES) };
  g_autoptr(SbBedrockResponse) r1 = invoke (&tiny);
  g_autoptr(SbBedrockResponse) r2 = invoke (&stop);
  g_autoptr(JsonObject) a1 = answer_object (r1);
  g_autoptr(JsonObject) a2 = answer_object (r2);
  JsonObject *text1 = json_array_get_object_element (json_object_get_array_member (a1, "content"),
                                                     0);
  JsonObject *text2 = json_array_get_object_element (json_object_get_array_member (a2, "content"),
                                                     0);

  g_assert_cmpstr (json_object_get_string_member (a1, "stop_reason"), ==, "max_tokens");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a1, "usage"),
                                               "output_tokens"), ==, 3);
  g_assert_cmpuint (sb_bedrock_count_tokens (json_object_get_string_member (text1, "text")), ==, 3);

  g_assert_cmpstr (json_object_get_string_member (a2, "stop_reason"), ==, "stop_sequence");
  g_assert_cmpstr (json_object_get_string_member (a2, "stop_sequence"), ==, "world");
  g_assert_null (strstr (json_object_get_string_member (text2, "text"), "world"));
  g_assert_nonnull (strstr (json_object_get_string_member (text2, "text"), "hello"));
}

static void
test_count_tokens (void)
{
  g_assert_cmpuint (sb_bedrock_count_tokens ("You are a helpful assistant."), ==, 6);
  g_assert_cmpuint (sb_bedrock_count_tokens ("  hello   world "), ==, 2);
  g_assert_cmpuint (sb_bedrock_count_tokens ("caf\xc3\xa9!"), ==, 3);
  g_assert_cmpuint (sb_bedrock_count_tokens (""), ==, 0);
}

/* ---- the predict pipeline around it */

#define BLUEPRINT_URL \
  "https://bedrock-runtime.${parameters.region}.amazonaws.com/model/${parameters.model}/invoke"
#define STANDARD_TEMPLATE \
  "{ \"system\": \"${parameters.system_prompt}\", \"anthropic_version\":" \
  " \"${parameters.anthropic_version}\", \"max_tokens\": ${parameters.max_tokens}," \
  " \"temperature\": ${parameters.temperature}, \"messages\": ${parameters.messages} }"
#define THINKING_TEMPLATE \
  "{ \"system\": \"${parameters.system_prompt}\", \"anthropic_version\":" \
  " \"${parameters.anthropic_version}\", \"max_tokens\": ${parameters.max_tokens}," \
  " \"temperature\": ${parameters.temperature}, \"messages\": ${parameters.messages}," \
  " \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": ${parameters.budget_tokens} } }"

/* A stored connector as the server keeps it. */
static JsonObject *
stored_connector (const char *template,
                  const char *credential)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) cred = parse (credential);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Amazon Bedrock claude v4");
  json_builder_set_member_name (b, "protocol");
  json_builder_add_string_value (b, "aws_sigv4");
  json_builder_set_member_name (b, "credential");
  json_builder_add_value (b, json_node_copy (cred));
  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "region");
  json_builder_add_string_value (b, "us-east-1");
  json_builder_set_member_name (b, "service_name");
  json_builder_add_string_value (b, "bedrock");
  json_builder_set_member_name (b, "max_tokens");
  json_builder_add_string_value (b, "8000");
  json_builder_set_member_name (b, "temperature");
  json_builder_add_string_value (b, "1");
  json_builder_set_member_name (b, "anthropic_version");
  json_builder_add_string_value (b, "bedrock-2023-05-31");
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, PROFILE);
  json_builder_set_member_name (b, "budget_tokens");
  json_builder_add_string_value (b, "1024");
  json_builder_set_member_name (b, "use_system_prompt");
  json_builder_add_string_value (b, "true");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "actions");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action_type");
  json_builder_add_string_value (b, "PREDICT");
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, "POST");
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, BLUEPRINT_URL);
  json_builder_set_member_name (b, "headers");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "content-type");
  json_builder_add_string_value (b, "application/json");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "request_body");
  json_builder_add_string_value (b, template);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (root));
}

#define KEYS "{\"access_key\": \"" ACCESS_KEY "\", \"secret_key\": \"" SECRET_KEY "\"," \
             " \"session_token\": \"" SESSION_TOKEN "\"}"
#define BLUEPRINT_PREDICT \
  "{\"parameters\": {\"system_prompt\": \"You are a helpful assistant.\", \"messages\": " \
  HELLO_MESSAGES "}}"

typedef struct
{
  guint        status;
  JsonNode    *response;
  char        *text;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->response, json_node_unref);
  g_clear_pointer (&r->text, g_free);
}

static Result
predict_full (guint       major,
              guint       minor,
              const char *template,
              const char *credential,
              const char *request,
              const char *forced,
              gboolean  (*trusted) (const char *, gpointer))
{
  g_autoptr(JsonObject) connector = stored_connector (template, credential);
  g_autoptr(JsonNode) body = request != NULL ? parse (request) : NULL;
  SbPredictContext ctx = { 0 };
  Result r = { 0 };

  ctx.major = major;
  ctx.minor = minor;
  ctx.forced_bedrock_error = forced;
  ctx.url_trusted = trusted;
  r.status = sb_predict_run (&ctx, connector, body, &r.response);
  g_assert_nonnull (r.response);
  r.text = sb_predict_to_json (r.response, major, minor);
  return r;
}

static Result
predict (guint       major,
         guint       minor,
         const char *template,
         const char *request)
{
  return predict_full (major, minor, template, KEYS, request, NULL, NULL);
}

static JsonObject *
data_as_map (Result *r)
{
  JsonObject *root = json_node_get_object (r->response);
  JsonArray *results = json_object_get_array_member (root, "inference_results");
  JsonObject *first = json_array_get_object_element (results, 0);
  JsonArray *output = json_object_get_array_member (first, "output");
  JsonObject *tensor = json_array_get_object_element (output, 0);

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (tensor, "name"), ==, "response");
  return json_object_get_object_member (tensor, "dataAsMap");
}

static void
assert_failure (Result     *r,
                guint       status,
                const char *type,
                const char *reason)
{
  JsonObject *root = json_node_get_object (r->response);
  JsonObject *error = json_object_get_object_member (root, "error");

  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpint (json_object_get_int_member (root, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (error, "reason"), ==, reason);
}

static void
test_predict_numbers (void)
{
  Result old = predict (2, 19, STANDARD_TEMPLATE, BLUEPRINT_PREDICT);
  Result new = predict (3, 5, STANDARD_TEMPLATE, BLUEPRINT_PREDICT);
  Result v34 = predict (3, 4, THINKING_TEMPLATE, BLUEPRINT_PREDICT);
  JsonObject *data = data_as_map (&old);

  g_assert_cmpuint (old.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (data, "type"), ==, "message");
  g_assert_nonnull (strstr (old.text, "\"usage\":{\"input_tokens\":9.0,"
                                      "\"cache_creation_input_tokens\":0.0,"
                                      "\"cache_read_input_tokens\":0.0,\"output_tokens\":"));
  g_assert_nonnull (strstr (old.text, "],\"status_code\":200}]}"));

  g_assert_cmpuint (new.status, ==, 200);
  g_assert_nonnull (strstr (new.text, "\"usage\":{\"input_tokens\":9,"
                                      "\"cache_creation_input_tokens\":0,"));
  g_assert_null (strstr (new.text, ".0,"));

  g_assert_cmpuint (v34.status, ==, 200);
  g_assert_nonnull (strstr (v34.text, "\"input_tokens\":37.0,"));
  g_assert_nonnull (strstr (v34.text, "{\"type\":\"thinking\",\"thinking\":"));
  g_assert_true (strstr (v34.text, "\"type\":\"thinking\"") < strstr (v34.text,
                                                                        "\"type\":\"text\""));
  result_clear (&old);
  result_clear (&new);
  result_clear (&v34);
}

static void
test_predict_transported (void)
{
  g_autoptr(JsonObject) connector = stored_connector (STANDARD_TEMPLATE, KEYS);
  g_autoptr(JsonNode) body = parse (BLUEPRINT_PREDICT);
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *text = NULL;
  SbPredictContext ctx = { .major = 3, .minor = 5, .transported = TRUE };

  /* ≥3.5 keeps integers, but not once the answer crossed to another node. */
  g_assert_cmpuint (sb_predict_run (&ctx, connector, body, &response), ==, 200);
  text = sb_predict_to_json (response, 3, 5);
  g_assert_nonnull (strstr (text, "\"input_tokens\":9.0,"));
  g_assert_nonnull (strstr (text, "\"status_code\":200}"));
}

static void
test_predict_status_code_by_version (void)
{
  Result v29 = predict (2, 9, STANDARD_TEMPLATE, BLUEPRINT_PREDICT);
  Result v211 = predict (2, 11, STANDARD_TEMPLATE, BLUEPRINT_PREDICT);
  JsonObject *first29 = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (v29.response), "inference_results"), 0);
  JsonObject *first211 = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (v211.response), "inference_results"), 0);

  g_assert_cmpuint (v29.status, ==, 200);
  g_assert_false (json_object_has_member (first29, "status_code"));
  g_assert_cmpint (json_object_get_int_member (first211, "status_code"), ==, 200);
  result_clear (&v29);
  result_clear (&v211);
}

static void
test_predict_round_trip (void)
{
  /* Special characters in a user message (raw JSON array) and in a predict-time system prompt
   * (escaped) both arrive intact. */
  const char *request =
    "{\"parameters\": {\"system_prompt\": \"Quote \\\"this\\\" \\\\ a/b\\n\xc3\xa9 \xf0\x9f\x98\x80\","
    " \"messages\": [{\"role\": \"user\", \"content\": \"Tab\\there \\\"q\\\" \\\\ /"
    " \xe4\xb8\xad \xf0\x9f\x98\x80\"}]}}";
  const char *as_string =
    "{\"parameters\": {\"system_prompt\": \"s\", \"messages\": \"[{\\\"role\\\": \\\"user\\\","
    " \\\"content\\\": \\\"from a string\\\"}]\"}}";
  Result r = predict (3, 5, STANDARD_TEMPLATE, request);
  Result s = predict (3, 5, STANDARD_TEMPLATE, as_string);
  JsonObject *data = data_as_map (&r);
  JsonObject *text = json_array_get_object_element (json_object_get_array_member (data, "content"),
                                                    0);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (json_object_get_string_member (text, "text"),
                            "Tab\there \"q\" \\ / \xe4\xb8\xad \xf0\x9f\x98\x80"));
  g_assert_cmpuint (s.status, ==, 200);
  g_assert_nonnull (strstr (s.text, "from a string"));
  result_clear (&r);
  result_clear (&s);
}

static void
test_predict_render_errors (void)
{
  Result missing = predict (2, 19, STANDARD_TEMPLATE,
                            "{\"parameters\": {\"system_prompt\": \"x\"}}");
  Result quoted = predict (2, 19, STANDARD_TEMPLATE,
                           "{\"parameters\": {\"messages\": " HELLO_MESSAGES "}}");
  Result empty = predict (2, 19, STANDARD_TEMPLATE, NULL);

  g_assert_cmpuint (missing.status, ==, 400);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (missing.response), "error"), "reason"),
    "Invalid payload: { \"system\": \"x\","));
  assert_failure (&quoted, 400, "illegal_argument_exception",
                  "Some parameter placeholder not filled in payload: system_prompt");
  g_assert_cmpuint (empty.status, ==, 400);
  result_clear (&missing);
  result_clear (&quoted);
  result_clear (&empty);
}

static void
test_predict_remote_errors (void)
{
  Result temp = predict (2, 19, THINKING_TEMPLATE,
                         "{\"parameters\": {\"system_prompt\": \"x\", \"temperature\": 0.5,"
                         " \"messages\": " HELLO_MESSAGES "}}");
  Result bad_key = predict_full (2, 19, STANDARD_TEMPLATE,
                                 "{\"access_key\": \"" ACCESS_KEY "\", \"secret_key\":"
                                 " \"sandboxTestSecretKey/INVALID/x\"}", BLUEPRINT_PREDICT, NULL,
                                 NULL);
  Result throttled = predict_full (2, 19, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT,
                                   "throttling", NULL);
  Result throttled_old = predict_full (2, 13, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT,
                                       "throttling", NULL);
  Result timeout = predict_full (2, 19, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT, "timeout",
                                 NULL);
  Result empty_new = predict_full (3, 2, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT,
                                   "empty-error", NULL);
  Result empty_old = predict_full (3, 1, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT,
                                   "empty-error", NULL);
  Result empty_ok = predict_full (3, 2, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT,
                                  "empty-success", NULL);

  assert_failure (&temp, 400, "status_exception",
                  "Error from remote service: {\"message\":\"The model returned the following "
                  "errors: temperature may only be set to 1 when thinking is enabled.\"}");
  assert_failure (&bad_key, 403, "status_exception",
                  "Error from remote service: {\"message\":\"The security token included in the "
                  "request is invalid.\"}");
  assert_failure (&throttled, 429, "remote_connector_throttling_exception",
                  "Error from remote service: The request was denied due to remote server "
                  "throttling. To change the retry policy and behavior, please update the "
                  "connector client_config.");
  assert_failure (&throttled_old, 429, "status_exception",
                  "Error from remote service: {\"message\":\"Too many requests, please wait "
                  "before trying again.\"}");
  assert_failure (&timeout, 500, "status_exception",
                  "Error communicating with remote model: Read timed out");
  assert_failure (&empty_new, 500, "status_exception",
                  "Remote service returned error status 500 with empty body");
  assert_failure (&empty_old, 400, "status_exception", "No response from model");
  assert_failure (&empty_ok, 502, "status_exception",
                  "Remote service returned empty response body");
  result_clear (&temp);
  result_clear (&bad_key);
  result_clear (&throttled);
  result_clear (&throttled_old);
  result_clear (&timeout);
  result_clear (&empty_new);
  result_clear (&empty_old);
  result_clear (&empty_ok);
}

static gboolean
never_trusted (const char *url,
               gpointer    data)
{
  return FALSE;
}

static void
test_predict_trusted_url (void)
{
  Result v37 = predict_full (3, 7, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT, NULL,
                             never_trusted);
  Result v36 = predict_full (3, 6, STANDARD_TEMPLATE, KEYS, BLUEPRINT_PREDICT, NULL,
                             never_trusted);

  assert_failure (&v37, 400, "illegal_argument_exception",
                  "Connector URL is not matching the trusted connector endpoint regex");
  g_assert_cmpuint (v36.status, ==, 200);
  result_clear (&v37);
  result_clear (&v36);
}

static void
test_predict_response_filter (void)
{
  const char *text_filter =
    "{\"parameters\": {\"system_prompt\": \"x\", \"response_filter\": \"$.content[0].text\","
    " \"messages\": " HELLO_MESSAGES "}}";
  const char *usage_filter =
    "{\"parameters\": {\"system_prompt\": \"x\", \"response_filter\": \"$.usage\","
    " \"messages\": " HELLO_MESSAGES "}}";
  Result text = predict (2, 19, STANDARD_TEMPLATE, text_filter);
  Result usage = predict (2, 19, STANDARD_TEMPLATE, usage_filter);
  Result thinking_old = predict (3, 6, THINKING_TEMPLATE, text_filter);
  Result thinking_new = predict (3, 7, THINKING_TEMPLATE, text_filter);
  JsonObject *data = data_as_map (&text);
  JsonObject *error;

  g_assert_cmpuint (text.status, ==, 200);
  g_assert_cmpuint (json_object_get_size (data), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (data, "response"), "hello world"));

  /* An object picked by the filter keeps its integers even ≤3.4. */
  g_assert_cmpuint (usage.status, ==, 200);
  g_assert_nonnull (strstr (usage.text, "\"dataAsMap\":{\"input_tokens\":"));
  g_assert_null (strstr (usage.text, ".0"));

  assert_failure (&thinking_old, 500, "m_l_exception", "Fail to execute predict in aws connector");
  error = json_object_get_object_member (json_node_get_object (thinking_old.response), "error");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (error,
                                                                                 "caused_by"),
                                                  "reason"), ==,
                   "No results for path: $['content'][0]['text']");

  g_assert_cmpuint (thinking_new.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (data_as_map (&thinking_new), "type"), ==,
                   "message");
  result_clear (&text);
  result_clear (&usage);
  result_clear (&thinking_old);
  result_clear (&thinking_new);
}

static void
test_predict_role_arn (void)
{
  const char *role = "{\"roleArn\": \"arn:aws:iam::123456789012:role/sandbox-bedrock\"}";
  g_autoptr(JsonObject) connector = stored_connector (STANDARD_TEMPLATE, role);
  g_autoptr(JsonNode) body = parse (BLUEPRINT_PREDICT);
  g_autoptr(JsonNode) managed = NULL;
  g_autoptr(JsonNode) open_source = NULL;
  SbPredictContext ctx = { .major = 2, .minor = 19 };

  g_assert_cmpuint (sb_predict_run (&ctx, connector, body, &open_source), ==, 403);
  ctx.aws_managed = TRUE;
  g_assert_cmpuint (sb_predict_run (&ctx, connector, body, &managed), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: nothing here touches the user dirs, and GLib 2.74 leaks its
   * per-test copies of them under LeakSanitizer. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/bedrock/standard-answer", test_standard_answer);
  g_test_add_func ("/sandbox/bedrock/thinking-answer", test_thinking_answer);
  g_test_add_func ("/sandbox/bedrock/signature-round-trip", test_signature_round_trip);
  g_test_add_func ("/sandbox/bedrock/body-schema", test_body_schema);
  g_test_add_func ("/sandbox/bedrock/body-rules", test_body_rules);
  g_test_add_func ("/sandbox/bedrock/body-accepted", test_body_accepted);
  g_test_add_func ("/sandbox/bedrock/thinking-rules", test_thinking_rules);
  g_test_add_func ("/sandbox/bedrock/models", test_models);
  g_test_add_func ("/sandbox/bedrock/endpoint", test_endpoint);
  g_test_add_func ("/sandbox/bedrock/credentials", test_credentials);
  g_test_add_func ("/sandbox/bedrock/forced-errors", test_forced_errors);
  g_test_add_func ("/sandbox/bedrock/stop-reasons", test_stop_reasons);
  g_test_add_func ("/sandbox/bedrock/count-tokens", test_count_tokens);
  g_test_add_func ("/sandbox/predict/numbers", test_predict_numbers);
  g_test_add_func ("/sandbox/predict/transported", test_predict_transported);
  g_test_add_func ("/sandbox/predict/status-code-by-version", test_predict_status_code_by_version);
  g_test_add_func ("/sandbox/predict/round-trip", test_predict_round_trip);
  g_test_add_func ("/sandbox/predict/render-errors", test_predict_render_errors);
  g_test_add_func ("/sandbox/predict/remote-errors", test_predict_remote_errors);
  g_test_add_func ("/sandbox/predict/trusted-url", test_predict_trusted_url);
  g_test_add_func ("/sandbox/predict/response-filter", test_predict_response_filter);
  g_test_add_func ("/sandbox/predict/role-arn", test_predict_role_arn);

  return g_test_run ();
}
