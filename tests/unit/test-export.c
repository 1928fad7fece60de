/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cs-connector-spec.h"
#include "cs-export.h"
#include "cs-trusted-endpoints.h"

#include "cs-test-utils.h"

/* Distinctive fake secrets (nothing like a real AWS key), with characters
 * that change under base64, URL and JSON escaping. */
#define SECRET_ACCESS  "EXPORTFAKEACCESSID0042"
#define SECRET_SECRET  "fake/Export+Secret=\"q\"\\z-0123456789abcd"
#define SECRET_TOKEN   "exportFakeToken/+=Only4Tests"
#define SECRET_PASS    "clusterPassw0rd-not-in-export"

#define PH_REGION     "<PLEASE ADD YOUR AWS REGION HERE>"
#define PH_ROLE_ARN   "<PLEASE ADD YOUR AWS ROLE ARN HERE>"

static CsConnectorSpec *
make_spec (CsConnectorMode  mode,
           CsCredentialKind kind,
           const char      *region)
{
  CsConnectorSpec *spec = cs_connector_spec_new ();

  cs_connector_spec_set_region (spec, region);
  cs_connector_spec_set_mode (spec, mode);
  cs_connector_spec_set_budget_tokens (spec, 1024);
  cs_connector_spec_set_credential_kind (spec, kind);
  if (kind == CS_CREDENTIAL_KIND_KEYS)
    {
      cs_connector_spec_set_access_key (spec, SECRET_ACCESS);
      cs_connector_spec_set_secret_key (spec, SECRET_SECRET);
      cs_connector_spec_set_session_token (spec, SECRET_TOKEN);
    }
  else
    cs_connector_spec_set_role_arn (spec, PH_ROLE_ARN);
  return spec;
}

static CsTrustedList *
make_trusted (const char *pattern_json)
{
  g_autofree char *text = g_strdup_printf (
    "{\"persistent\":{\"plugins.ml_commons.trusted_connector_endpoints_regex\":%s}}",
    pattern_json);
  g_autoptr(JsonNode) answer = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  CsTrustedList *list = cs_trusted_list_new_from_settings (answer, &error);

  g_assert_no_error (error);
  return list;
}

static void
assert_no_secret (const char *text,
                  const char *secret)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) secret, strlen (secret));
  g_autofree char *url = g_uri_escape_string (secret, NULL, FALSE);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  g_autofree char *json_inner = NULL;

  json_node_set_string (node, secret);
  json = json_to_string (node, FALSE);
  json_inner = g_strndup (json + 1, strlen (json) - 2);

  g_assert_null (strstr (text, secret));
  g_assert_null (strstr (text, b64));
  g_assert_null (strstr (text, url));
  g_assert_null (strstr (text, json_inner));
  /* The forms do differ for these secrets, so each search means something. */
  if (strcmp (secret, SECRET_SECRET) == 0)
    {
      g_assert_cmpstr (url, !=, secret);
      g_assert_cmpstr (json_inner, !=, secret);
    }
}

/* ---- Dev Tools console parser ------------------------------------------ */

typedef struct
{
  char     *method;
  char     *path;
  JsonNode *body;  /* NULL when none */
} ConsoleRequest;

static void
console_request_free (gpointer data)
{
  ConsoleRequest *r = data;

  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->body, json_node_unref);
  g_free (r);
}

/* What the console understands: `METHOD path` lines, each optionally
 * followed by one JSON body; `#` comment lines and blank lines between. Any
 * other line fails the test. */
static GPtrArray *
parse_console (const char *text)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func (console_request_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GRegex) request_line = g_regex_new ("^(GET|POST|PUT|DELETE|HEAD) (/[^ ]+)$",
                                                0, 0, NULL);
  guint i = 0;

  while (lines[i] != NULL)
    {
      g_autoptr(GMatchInfo) match = NULL;
      ConsoleRequest *r;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        {
          i++;
          continue;
        }
      if (!g_regex_match (request_line, lines[i], 0, &match))
        g_error ("Not a console request line: %s", lines[i]);

      r = g_new0 (ConsoleRequest, 1);
      r->method = g_match_info_fetch (match, 1);
      r->path = g_match_info_fetch (match, 2);
      g_ptr_array_add (requests, r);
      i++;

      if (lines[i] != NULL && lines[i][0] == '{')
        {
          GString *body = g_string_new (NULL);
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;

          /* The body ends at the first line that is "}" alone. */
          while (lines[i] != NULL)
            {
              g_string_append_printf (body, "%s\n", lines[i]);
              if (strcmp (lines[i++], "}") == 0)
                break;
            }
          json_parser_load_from_data (parser, body->str, -1, &error);
          g_assert_no_error (error);
          r->body = json_node_copy (json_parser_get_root (parser));
          g_string_free (body, TRUE);
        }
    }
  return requests;
}

static void
assert_json_equal (JsonNode *a,
                   JsonNode *b)
{
  g_autofree char *ca = cs_test_canonical_json (a);
  g_autofree char *cb = cs_test_canonical_json (b);

  g_assert_cmpstr (ca, ==, cb);
}

static void
set_credential_placeholders (JsonNode   *body,
                             const char *format)
{
  JsonObject *credential = json_object_get_object_member (json_node_get_object (body),
                                                          "credential");
  g_autoptr(GList) members = json_object_get_members (credential);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *variable = NULL;
      g_autofree char *value = NULL;

      if (g_str_equal (l->data, "roleArn"))
        continue;
      variable = cs_export_credential_variable (l->data);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      value = g_strdup_printf (format, variable);
#pragma GCC diagnostic pop
      json_object_set_string_member (credential, l->data, value);
    }
}

/* For the blueprint's inputs the console requests carry the blueprint's
 * bodies (claude4-bedrock-blueprint.md), secrets as placeholders. */
static void
test_dev_tools_blueprint (void)
{
  const struct { CsConnectorMode mode; CsCredentialKind kind; const char *file; } cases[] = {
    { CS_CONNECTOR_MODE_STANDARD, CS_CREDENTIAL_KIND_KEYS, "blueprints/bedrock_claude4_standard.json" },
    { CS_CONNECTOR_MODE_STANDARD, CS_CREDENTIAL_KIND_ROLE_ARN, "blueprints/bedrock_claude4_standard_rolearn.json" },
    { CS_CONNECTOR_MODE_THINKING, CS_CREDENTIAL_KIND_KEYS, "blueprints/bedrock_claude4_extended_thinking.json" },
    { CS_CONNECTOR_MODE_THINKING, CS_CREDENTIAL_KIND_ROLE_ARN, "blueprints/bedrock_claude4_extended_thinking_rolearn.json" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(CsConnectorSpec) spec = make_spec (cases[c].mode, cases[c].kind, PH_REGION);
      g_autofree char *text = cs_export_generate (spec, NULL, CS_EXPORT_FORMAT_DEV_TOOLS);
      g_autoptr(GPtrArray) requests = parse_console (text);
      g_autoptr(JsonNode) expected = cs_test_data_json (cases[c].file);
      g_autoptr(JsonNode) reg = json_from_string (
        "{\"name\":\"anthropic.claude-v4\",\"function_name\":\"remote\","
        "\"description\":\"claude v4 model\",\"connector_id\":\"<CONNECTOR_ID>\"}",
        NULL);
      g_autoptr(JsonNode) predict = json_from_string (
        "{\"parameters\":{\"system_prompt\":\"You are a helpful assistant.\","
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}]}}",
        NULL);
      ConsoleRequest *r;

      /* No trusted list given: no settings change, a note instead. */
      g_assert_cmpuint (requests->len, ==, 4);
      g_assert_nonnull (strstr (text, "trusted endpoints were not known"));

      r = g_ptr_array_index (requests, 0);
      g_assert_cmpstr (r->method, ==, "POST");
      g_assert_cmpstr (r->path, ==, "/_plugins/_ml/connectors/_create");
      set_credential_placeholders (expected, "<REPLACE WITH %s>");
      assert_json_equal (r->body, expected);

      r = g_ptr_array_index (requests, 1);
      g_assert_cmpstr (r->method, ==, "POST");
      g_assert_cmpstr (r->path, ==, "/_plugins/_ml/models/_register?deploy=true");
      assert_json_equal (r->body, reg);

      r = g_ptr_array_index (requests, 2);
      g_assert_cmpstr (r->method, ==, "GET");
      g_assert_true (g_str_has_prefix (r->path, "/_plugins/_ml/models/<MODEL_ID"));
      g_assert_null (r->body);

      r = g_ptr_array_index (requests, 3);
      g_assert_cmpstr (r->method, ==, "POST");
      g_assert_true (g_str_has_suffix (r->path, "/_predict"));
      assert_json_equal (r->body, predict);

      if (cases[c].kind == CS_CREDENTIAL_KIND_KEYS)
        {
          /* Each placeholder says where its value comes from. */
          g_assert_nonnull (strstr (text, "# <REPLACE WITH AWS_SECRET_ACCESS_KEY>: "));
          assert_no_secret (text, SECRET_ACCESS);
          assert_no_secret (text, SECRET_SECRET);
          assert_no_secret (text, SECRET_TOKEN);
        }
      else
        g_assert_nonnull (strstr (text, PH_ROLE_ARN));
    }
}

/* The trusted-list change: only when the URL is not trusted, appended. */
static void
test_trusted_change (void)
{
  g_autoptr(CsConnectorSpec) spec = make_spec (CS_CONNECTOR_MODE_STANDARD,
                                               CS_CREDENTIAL_KIND_KEYS, "eu-west-3");
  g_autoptr(CsTrustedList) other = make_trusted ("[\"^https://api\\\\.example\\\\.com/.*$\"]");
  g_autoptr(CsTrustedList) bedrock = make_trusted ("[\"^https://api\\\\.example\\\\.com/.*$\","
                                                   "\"^https://bedrock-runtime\\\\..*[a-z0-9-]\\\\.amazonaws\\\\.com/.*$\"]");
  CsExportOptions options = { .model_name = "my model", .model_description = "", .trusted = other };
  g_autofree char *url = cs_export_resolve_predict_url (spec);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  ConsoleRequest *r;
  JsonArray *list;

  g_assert_cmpstr (url, ==, "https://bedrock-runtime.eu-west-3.amazonaws.com/model/"
                   CS_CONNECTOR_DEFAULT_MODEL "/invoke");

  text = cs_export_generate (spec, &options, CS_EXPORT_FORMAT_DEV_TOOLS);
  requests = parse_console (text);
  g_assert_cmpuint (requests->len, ==, 5);
  r = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (r->method, ==, "PUT");
  g_assert_cmpstr (r->path, ==, "/_cluster/settings");
  list = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (r->body), "persistent"),
    CS_TRUSTED_ENDPOINTS_SETTING);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, "^https://api\\.example\\.com/.*$");
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, CS_BEDROCK_TRUSTED_PATTERN);

  /* The model's own name, and no description member when it is empty. */
  r = g_ptr_array_index (requests, 2);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r->body), "name"), ==,
                   "my model");
  g_assert_false (json_object_has_member (json_node_get_object (r->body), "description"));

  /* Trusted already: nothing to change, in any format. */
  options.trusted = bedrock;
  for (CsExportFormat f = CS_EXPORT_FORMAT_SHELL; f <= CS_EXPORT_FORMAT_TERRAFORM; f++)
    {
      g_autofree char *t = cs_export_generate (spec, &options, f);

      g_assert_null (strstr (t, "_cluster/settings"));
      g_assert_nonnull (strstr (t, "already trusts"));
    }
  g_assert_null (cs_export_build_trusted_body (spec, &options));
}

static gboolean
run_sh_syntax_check (const char *script)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "setup.sh", NULL);
  const char *argv[] = { "/bin/sh", "-n", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_shell (void)
{
  g_autoptr(CsConnectorSpec) spec = make_spec (CS_CONNECTOR_MODE_THINKING,
                                               CS_CREDENTIAL_KIND_KEYS, "us-east-1");
  g_autoptr(CsTrustedList) other = make_trusted ("[\"^https://api\\\\.example\\\\.com/.*$\"]");
  CsExportOptions options = { .trusted = other };
  g_autofree char *text = cs_export_generate (spec, &options, CS_EXPORT_FORMAT_SHELL);
  g_autofree char *heredoc = NULL;
  const char *start;
  const char *end;
  g_autoptr(JsonNode) connector = NULL;
  g_autoptr(JsonNode) expected = NULL;

  g_assert_true (g_str_has_prefix (text, "#!/bin/sh\n"));
  g_assert_nonnull (strstr (text, "\nset -eu\n"));
  g_assert_nonnull (strstr (text, "command -v \"$cs_tool\""));
  g_assert_nonnull (strstr (text, "for cs_tool in curl python3; do"));
  /* Cluster URL and auth from variables; every secret variable checked. */
  g_assert_nonnull (strstr (text, ": \"${OPENSEARCH_URL:?"));
  g_assert_nonnull (strstr (text, "OPENSEARCH_PASSWORD"));
  g_assert_nonnull (strstr (text, ": \"${AWS_ACCESS_KEY_ID:?"));
  g_assert_nonnull (strstr (text, ": \"${AWS_SECRET_ACCESS_KEY:?"));
  g_assert_nonnull (strstr (text, ": \"${AWS_SESSION_TOKEN:?"));
  /* The steps, in order. */
  start = strstr (text, "cs_call PUT /_cluster/settings");
  g_assert_nonnull (start);
  start = strstr (start, "cs_call POST /_plugins/_ml/connectors/_create");
  g_assert_nonnull (start);
  start = strstr (start, "'/_plugins/_ml/models/_register?deploy=true'");
  g_assert_nonnull (start);
  start = strstr (start, "cs_field model_state");
  g_assert_nonnull (start);
  start = strstr (start, "/_predict\"");
  g_assert_nonnull (start);
  /* The password never reaches a command line. */
  g_assert_null (strstr (text, "-u \""));
  g_assert_null (strstr (text, "--user"));

  /* The connector heredoc holds the spec's body with variables for secrets. */
  start = strstr (text, "cat > \"$cs_tmp/connector.json\" <<'CS_END_OF_JSON'\n");
  g_assert_nonnull (start);
  start = strchr (start, '\n') + 1;
  end = strstr (start, "\nCS_END_OF_JSON\n");
  g_assert_nonnull (end);
  heredoc = g_strndup (start, end - start);
  connector = json_from_string (heredoc, NULL);
  g_assert_nonnull (connector);
  expected = cs_connector_spec_build_body (spec, FALSE);
  set_credential_placeholders (expected, "${%s}");
  assert_json_equal (connector, expected);

  assert_no_secret (text, SECRET_ACCESS);
  assert_no_secret (text, SECRET_SECRET);
  assert_no_secret (text, SECRET_TOKEN);

  g_assert_true (run_sh_syntax_check (text));
}

/* ---- Terraform --------------------------------------------------------- */

static GHashTable *
load_schema (void)
{
  g_autofree char *text = cs_test_data_contents ("terraform/opensearch-ml-schema.txt", NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *schema = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_strfreev);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      words = g_strsplit (lines[i], " ", -1);
      g_hash_table_insert (schema, g_strdup (words[0]), g_strdupv (words + 1));
    }
  g_assert_cmpuint (g_hash_table_size (schema), >=, 5);
  return schema;
}

/* Braces outside strings and comments balance; strings close on their line. */
static void
assert_hcl_balanced (const char *text)
{
  int depth = 0;
  gboolean in_string = FALSE;
  gboolean in_comment = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_comment)
        {
          if (*p == '\n')
            in_comment = FALSE;
          continue;
        }
      if (in_string)
        {
          g_assert_cmpint (*p, !=, '\n');
          if (*p == '\\')
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '#')
        in_comment = TRUE;
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{')
        depth++;
      else if (*p == '}')
        g_assert_cmpint (--depth, >=, 0);
    }
  g_assert_false (in_string);
  g_assert_cmpint (depth, ==, 0);
}

/* Every resource type, block and argument the export writes is in the
 * provider's schema; returns the resource types seen. */
/* g_regex_match() that frees the previous match first. */
static gboolean
match_line (GRegex      *regex,
            const char  *line,
            GMatchInfo **m)
{
  g_clear_pointer (m, g_match_info_free);
  return g_regex_match (regex, line, 0, m);
}

static GPtrArray *
assert_hcl_in_schema (const char *text,
                      GHashTable *schema)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) resource = g_regex_new ("^resource \"([a-z_]+)\" \"[a-z_]+\" \\{$", 0, 0, NULL);
  g_autoptr(GRegex) other = g_regex_new ("^(terraform|variable|output|provider)( \"([a-z_]+)\")? \\{$", 0, 0, NULL);
  g_autoptr(GRegex) block = g_regex_new ("^ *([a-z_]+) \\{$", 0, 0, NULL);
  g_autoptr(GRegex) map = g_regex_new ("^ *([a-z_\"-]+) *= \\{$", 0, 0, NULL);
  g_autoptr(GRegex) attr = g_regex_new ("^ *([A-Za-z_][A-Za-z0-9_-]*|\"[^\"]+\") *= .+$", 0, 0, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *trimmed = g_strstrip (g_strdup (line));
      g_autoptr(GMatchInfo) m = NULL;
      const char *context = stack->len > 0 ? g_ptr_array_index (stack, stack->len - 1) : NULL;
      const char * const *allowed = context != NULL ? g_hash_table_lookup (schema, context) : NULL;

      if (trimmed[0] == '\0' || trimmed[0] == '#')
        continue;
      if (g_str_equal (trimmed, "}"))
        {
          g_assert_cmpuint (stack->len, >, 0);
          g_ptr_array_remove_index (stack, stack->len - 1);
          continue;
        }
      if (stack->len == 0)
        {
          if (match_line (resource, line, &m))
            {
              char *type = g_match_info_fetch (m, 1);
              g_assert_true (g_hash_table_contains (schema, type));
              g_ptr_array_add (types, g_strdup (type));
              g_ptr_array_add (stack, type);
            }
          else if (match_line (other, line, &m))
            {
              g_autofree char *kind = g_match_info_fetch (m, 1);
              g_autofree char *name = g_match_info_fetch (m, 3);

              if (g_str_equal (kind, "provider"))
                {
                  g_assert_cmpstr (name, ==, "opensearch");
                  g_ptr_array_add (stack, g_strdup ("provider.opensearch"));
                }
              else
                g_ptr_array_add (stack, g_strdup ("*"));
            }
          else
            g_error ("Unexpected top-level line: %s", line);
          continue;
        }
      if (match_line (map, line, &m))
        {
          g_autofree char *name = g_match_info_fetch (m, 1);

          if (allowed != NULL)
            g_assert_true (g_strv_contains (allowed, name));
          g_ptr_array_add (stack, g_strdup ("*"));
          continue;
        }
      if (match_line (block, line, &m))
        {
          g_autofree char *name = g_match_info_fetch (m, 1);

          if (allowed != NULL)
            g_assert_true (g_strv_contains (allowed, name));
          g_ptr_array_add (stack, g_strdup_printf ("%s.%s", context, name));
          continue;
        }
      if (match_line (attr, line, &m))
        {
          g_autofree char *name = g_match_info_fetch (m, 1);

          if (allowed != NULL)
            {
              if (!g_strv_contains (allowed, name))
                g_error ("%s is not an argument of %s", name, context);
            }
          else
            g_assert_true (g_str_equal (context, "*") || g_str_has_prefix (context, "*"));
          continue;
        }
      g_error ("Unexpected line: %s", line);
    }
  g_assert_cmpuint (stack->len, ==, 0);
  return types;
}

static char *
variable_block (const char *text,
                const char *name)
{
  g_autofree char *head = g_strdup_printf ("\nvariable \"%s\" {\n", name);
  const char *start = strstr (text, head);
  const char *end;

  if (start == NULL)
    return NULL;
  end = strstr (start + 1, "\n}\n");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* terraform fmt -check parses HCL without the provider (terraform validate
 * would need `terraform init`, which downloads the provider from the
 * registry: not possible offline). Skipped when there is no terraform. */
static void
check_terraform_fmt (const char *text)
{
  g_autofree char *terraform = g_find_program_in_path ("terraform");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (terraform == NULL)
    {
      g_test_message ("No terraform binary: the syntax check with terraform fmt is skipped");
      return;
    }
  dir = g_dir_make_tmp ("cs-export-tf-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "main.tf", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  {
    const char *argv[] = { terraform, "fmt", "-check", "-no-color", path, NULL };

    g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("terraform fmt -check refused the export:\n%s\n%s", out, err);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_terraform (void)
{
  g_autoptr(GHashTable) schema = load_schema ();

  for (CsCredentialKind kind = CS_CREDENTIAL_KIND_KEYS; kind <= CS_CREDENTIAL_KIND_ROLE_ARN; kind++)
    {
      g_autoptr(CsConnectorSpec) spec = make_spec (CS_CONNECTOR_MODE_THINKING, kind, "us-west-2");
      g_autoptr(CsTrustedList) other = make_trusted ("[\"^https://api\\\\.example\\\\.com/.*$\"]");
      CsExportOptions options = { .trusted = other };
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) types = NULL;
      g_autofree char *password = NULL;

      cs_connector_spec_set_read_timeout (spec, 120);
      text = cs_export_generate (spec, &options, CS_EXPORT_FORMAT_TERRAFORM);

      /* The provider version is cited in the file. */
      g_assert_nonnull (strstr (text, "terraform-provider-opensearch 2.4.0"));
      g_assert_nonnull (strstr (text, "version = \">= 2.4.0\""));

      assert_hcl_balanced (text);
      check_terraform_fmt (text);
      types = assert_hcl_in_schema (text, schema);
      g_assert_cmpuint (types->len, ==, 3);
      g_assert_cmpstr (g_ptr_array_index (types, 0), ==, "opensearch_ml_connector");
      g_assert_cmpstr (g_ptr_array_index (types, 1), ==, "opensearch_ml_model_group");
      g_assert_cmpstr (g_ptr_array_index (types, 2), ==, "opensearch_ml_model");

      /* Template references reach the cluster as written ($${ in HCL). */
      g_assert_nonnull (strstr (text, "https://bedrock-runtime.$${parameters.region}.amazonaws.com"));
      g_assert_null (strstr (text, "= \"https://bedrock-runtime.${"));
      g_assert_nonnull (strstr (text, "    read_timeout = 120\n"));
      g_assert_nonnull (strstr (text, "  budget_tokens     = \"1024\"\n"));
      g_assert_nonnull (strstr (text, "  function_name            = \"remote\"\n"));
      g_assert_nonnull (strstr (text, "  is_enabled               = true\n"));
      /* The trusted change is a comment: no resource for it. */
      g_assert_nonnull (strstr (text, "# PUT /_cluster/settings\n"));

      password = variable_block (text, "opensearch_password");
      g_assert_nonnull (strstr (password, "sensitive   = true"));
      if (kind == CS_CREDENTIAL_KIND_KEYS)
        {
          const char *vars[] = { "aws_access_key_id", "aws_secret_access_key", "aws_session_token" };

          for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
            {
              g_autofree char *block = variable_block (text, vars[i]);
              g_autofree char *use = g_strdup_printf ("= var.%s\n", vars[i]);

              g_assert_nonnull (block);
              g_assert_nonnull (strstr (block, "sensitive   = true"));
              g_assert_nonnull (strstr (block, "description = \"Connector credential "));
              g_assert_nonnull (strstr (text, use));
            }
          assert_no_secret (text, SECRET_ACCESS);
          assert_no_secret (text, SECRET_SECRET);
          assert_no_secret (text, SECRET_TOKEN);
        }
      else
        {
          g_assert_null (variable_block (text, "aws_access_key_id"));
          g_assert_nonnull (strstr (text, "roleArn = \"" PH_ROLE_ARN "\""));
        }
    }
}

/* A credential member the form does not know is a variable too, and no
 * format writes any credential value, whatever it is called. */
static void
test_unknown_credential_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectorSpec) spec = cs_connector_spec_new_from_json (
    "{\"name\":\"x\",\"version\":1,\"protocol\":\"aws_sigv4\","
    "\"credential\":{\"access_key\":\"" SECRET_ACCESS "\",\"secret_key\":\"abc\","
    "\"api_token\":\"" SECRET_PASS "\"},"
    "\"parameters\":{\"region\":\"us-east-1\",\"service_name\":\"bedrock\"},"
    "\"actions\":[{\"action_type\":\"predict\",\"method\":\"POST\","
    "\"url\":\"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/m/invoke\","
    "\"request_body\":\"{}\"}]}", &error);

  g_assert_no_error (error);
  for (CsExportFormat f = CS_EXPORT_FORMAT_SHELL; f <= CS_EXPORT_FORMAT_TERRAFORM; f++)
    {
      g_autofree char *text = cs_export_generate (spec, NULL, f);

      assert_no_secret (text, SECRET_ACCESS);
      assert_no_secret (text, SECRET_PASS);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/dev-tools/blueprint", test_dev_tools_blueprint);
  g_test_add_func ("/export/trusted-change", test_trusted_change);
  g_test_add_func ("/export/shell", test_shell);
  g_test_add_func ("/export/terraform", test_terraform);
  g_test_add_func ("/export/unknown-credential-member", test_unknown_credential_member);

  return g_test_run ();
}
