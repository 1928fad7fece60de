/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-export"

#include "config.h"

#include "cs-export.h"

#include <string.h>

#include "cs-json.h"

/* ------------------------------------------------------------------------ */
/* Shared pieces                                                            */
/* ------------------------------------------------------------------------ */

static char *
to_pretty_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
to_compact_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

char *
cs_export_credential_variable (const char *member)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (member != NULL, NULL);

  if (g_strcmp0 (member, "access_key") == 0)
    return g_strdup ("AWS_ACCESS_KEY_ID");
  if (g_strcmp0 (member, "secret_key") == 0)
    return g_strdup ("AWS_SECRET_ACCESS_KEY");
  if (g_strcmp0 (member, "session_token") == 0)
    return g_strdup ("AWS_SESSION_TOKEN");

  upper = g_ascii_strup (member, -1);
  for (char *p = upper; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';
  return g_strconcat ("CS_CREDENTIAL_", upper, NULL);
}

/* What the user is told about a credential variable: where it comes from. */
static const char *
credential_origin (const char *member)
{
  if (g_strcmp0 (member, "access_key") == 0)
    return "the access key ID of an IAM user or role allowed bedrock:InvokeModel "
           "(AWS console, IAM, Security credentials)";
  if (g_strcmp0 (member, "secret_key") == 0)
    return "the secret access key shown once when that access key was created";
  if (g_strcmp0 (member, "session_token") == 0)
    return "the session token of temporary credentials (aws sts get-session-token, "
           "or your SSO portal); it expires";
  return "the connector credential of that name";
}

static gboolean
is_secret_member (const char *member)
{
  /* roleArn names a role; it grants nothing by itself. */
  return g_strcmp0 (member, "roleArn") != 0;
}

JsonNode *
cs_export_build_connector_body (CsConnectorSpec *spec,
                                const char      *placeholder_format)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  JsonObject *credential;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);
  g_return_val_if_fail (placeholder_format != NULL, NULL);

  /* The project's masking rule first: no secret ever enters this body. */
  body = cs_connector_spec_build_body (spec, TRUE);
  object = json_node_get_object (body);
  credential = cs_json_get_object (object, "credential");

  if (credential != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (credential);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *member = l->data;
          g_autofree char *variable = NULL;
          g_autofree char *placeholder = NULL;

          if (!is_secret_member (member))
            continue;
          variable = cs_export_credential_variable (member);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          placeholder = g_strdup_printf (placeholder_format, variable);
#pragma GCC diagnostic pop
          json_object_set_string_member (credential, member, placeholder);
        }
      /* The masking rule hides every credential value; a role ARN names a
       * role and grants nothing by itself, so the export writes it out. */
      if (json_object_has_member (credential, "roleArn") &&
          cs_connector_spec_get_credential_kind (spec) == CS_CREDENTIAL_KIND_ROLE_ARN &&
          cs_connector_spec_get_role_arn (spec) != NULL)
        json_object_set_string_member (credential, "roleArn",
                                       cs_connector_spec_get_role_arn (spec));
    }

  return g_steal_pointer (&body);
}

static JsonObject *
first_predict_action (JsonObject *connector)
{
  JsonArray *actions = cs_json_get_array (connector, "actions");

  if (actions == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonNode *node = json_array_get_element (actions, i);
      JsonObject *action;
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      action = json_node_get_object (node);
      type = json_object_get_string_member_with_default (action, "action_type", "");
      if (g_ascii_strcasecmp (type, "predict") == 0)
        return action;
    }
  return NULL;
}

static char *
scalar_to_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      if (type == G_TYPE_DOUBLE)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];
          return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
        }
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  return to_compact_json (node);
}

char *
cs_export_resolve_predict_url (CsConnectorSpec *spec)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *connector;
  JsonObject *action;
  JsonObject *parameters;
  const char *url;
  GString *out;
  const char *p;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);

  body = cs_connector_spec_build_body (spec, TRUE);
  connector = json_node_get_object (body);
  action = first_predict_action (connector);
  if (action == NULL)
    return NULL;
  url = json_object_get_string_member_with_default (action, "url", NULL);
  if (url == NULL)
    return NULL;
  parameters = json_object_get_object_member (connector, "parameters");

  /* ${parameters.NAME} as ML Commons fills it in from the connector's
   * defaults; anything else is kept as written. */
  out = g_string_new (NULL);
  p = url;
  while (*p != '\0')
    {
      const char *end;

      if (g_str_has_prefix (p, "${parameters.") && (end = strchr (p, '}')) != NULL)
        {
          g_autofree char *name = g_strndup (p + strlen ("${parameters."),
                                             end - p - strlen ("${parameters."));
          JsonNode *value = parameters != NULL
                            ? json_object_get_member (parameters, name) : NULL;

          if (value != NULL)
            {
              g_autofree char *text = scalar_to_string (value);
              g_string_append (out, text);
              p = end + 1;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

JsonNode *
cs_export_build_trusted_body (CsConnectorSpec       *spec,
                              const CsExportOptions *options)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);

  if (options == NULL || options->trusted == NULL)
    return NULL;
  url = cs_export_resolve_predict_url (spec);
  if (url == NULL || cs_trusted_list_match (options->trusted, url) >= 0)
    return NULL;
  return cs_trusted_list_build_put_body (options->trusted, CS_BEDROCK_TRUSTED_PATTERN, NULL);
}

JsonNode *
cs_export_build_predict_body (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "system_prompt");
  json_builder_add_string_value (builder, "You are a helpful assistant.");
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, "hello world");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_register_body (const CsExportOptions *options,
                     const char            *connector_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name = options != NULL && options->model_name != NULL
                     ? options->model_name : CS_EXPORT_DEFAULT_MODEL_NAME;
  const char *description = options != NULL && options->model_description != NULL
                            ? options->model_description : CS_EXPORT_DEFAULT_MODEL_DESCRIPTION;

  /* The blueprint's member order (2.2). */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "function_name");
  json_builder_add_string_value (builder, "remote");
  if (description[0] != '\0')
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_set_member_name (builder, "connector_id");
  json_builder_add_string_value (builder, connector_id);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
model_name (const CsExportOptions *options)
{
  return options != NULL && options->model_name != NULL
         ? options->model_name : CS_EXPORT_DEFAULT_MODEL_NAME;
}

static const char *
model_description (const CsExportOptions *options)
{
  return options != NULL && options->model_description != NULL
         ? options->model_description : CS_EXPORT_DEFAULT_MODEL_DESCRIPTION;
}

/* The secret credential members of the exported connector, in order. */
static GPtrArray *
secret_members (JsonObject *connector)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  JsonObject *credential = json_object_get_object_member (connector, "credential");

  if (credential != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (credential);

      for (GList *l = members; l != NULL; l = l->next)
        if (is_secret_member (l->data))
          g_ptr_array_add (out, g_strdup (l->data));
    }
  return out;
}

/* Every line of text prefixed with prefix. */
static void
append_commented (GString    *out,
                  const char *prefix,
                  const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append_printf (out, "%s%s\n", prefix, lines[i]);
    }
}

static void
append_trusted_note (GString               *out,
                     const char            *prefix,
                     CsConnectorSpec       *spec,
                     const CsExportOptions *options,
                     JsonNode              *trusted_body)
{
  g_autofree char *url = cs_export_resolve_predict_url (spec);

  if (trusted_body != NULL)
    g_string_append_printf (out,
                            "%sThe cluster's trusted endpoints do not match %s yet: this adds\n"
                            "%s%s to the list and keeps every entry it has.\n",
                            prefix, url, prefix, CS_BEDROCK_TRUSTED_PATTERN);
  else if (options == NULL || options->trusted == NULL)
    g_string_append_printf (out,
                            "%sThe cluster's trusted endpoints were not known when this was\n"
                            "%smade: if creating the connector is refused, add\n"
                            "%s%s to plugins.ml_commons.trusted_connector_endpoints_regex,\n"
                            "%skeeping the entries already there.\n",
                            prefix, prefix, prefix, CS_BEDROCK_TRUSTED_PATTERN, prefix);
  else
    g_string_append_printf (out, "%sThe cluster already trusts %s: no settings change.\n",
                            prefix, url != NULL ? url : "the connector's endpoint");
}

/* ------------------------------------------------------------------------ */
/* POSIX shell                                                              */
/* ------------------------------------------------------------------------ */

#define SHELL_HEREDOC_END "CS_END_OF_JSON"

/* The helper functions of the script. Single quotes never appear inside the
 * python3 programs, which sit in single-quoted shell words. */
static const char shell_helpers[] =
  "cs_tmp=$(mktemp -d)\n"
  "trap 'rm -rf \"$cs_tmp\"' EXIT\n"
  "trap 'exit 130' INT TERM\n"
  "\n"
  "# The cluster login goes into a curl config file readable only by you (never\n"
  "# onto a command line, where other users could read it in the process list).\n"
  ": > \"$cs_tmp/curl.conf\"\n"
  "chmod 600 \"$cs_tmp/curl.conf\"\n"
  "if [ -n \"${OPENSEARCH_USER:-}\" ]; then\n"
  "  python3 -c '\n"
  "import os\n"
  "login = os.environ[\"OPENSEARCH_USER\"] + \":\" + os.environ.get(\"OPENSEARCH_PASSWORD\", \"\")\n"
  "print(\"user = \\\"%s\\\"\" % login.replace(\"\\\\\", \"\\\\\\\\\").replace(\"\\\"\", \"\\\\\\\"\"))\n"
  "' > \"$cs_tmp/curl.conf\"\n"
  "fi\n"
  "\n"
  "# cs_fill FILE: prints the JSON in FILE with every string that is exactly\n"
  "# ${NAME} (NAME in capitals) replaced by the value of the variable NAME.\n"
  "cs_fill () {\n"
  "  python3 -c '\n"
  "import json, os, sys\n"
  "def fill(v):\n"
  "    if isinstance(v, dict):\n"
  "        return {k: fill(x) for k, x in v.items()}\n"
  "    if isinstance(v, list):\n"
  "        return [fill(x) for x in v]\n"
  "    if isinstance(v, str) and v.startswith(\"${\") and v.endswith(\"}\"):\n"
  "        name = v[2:-1]\n"
  "        if name.replace(\"_\", \"A\").isalnum() and name.isupper():\n"
  "            if name not in os.environ:\n"
  "                sys.exit(\"Set the variable \" + name + \" and run this again.\")\n"
  "            return os.environ[name]\n"
  "    return v\n"
  "with open(sys.argv[1]) as f:\n"
  "    json.dump(fill(json.load(f)), sys.stdout, indent=2)\n"
  "' \"$1\"\n"
  "}\n"
  "\n"
  "# cs_call METHOD PATH [BODY-FILE]: the answer lands in $cs_tmp/answer; any\n"
  "# HTTP status but 2xx stops the script with the cluster's answer.\n"
  "cs_call () {\n"
  "  if [ $# -ge 3 ]; then\n"
  "    # Filled in twice: once to stop on a missing variable (a pipe hides the\n"
  "    # failure), once straight into curl, so no secret is written to a file.\n"
  "    cs_fill \"$3\" > /dev/null\n"
  "    cs_status=$(cs_fill \"$3\" | curl -sS -K \"$cs_tmp/curl.conf\" -X \"$1\" \\\n"
  "      -H 'Content-Type: application/json' --data-binary @- \\\n"
  "      -o \"$cs_tmp/answer\" -w '%{http_code}' \"$OPENSEARCH_URL$2\")\n"
  "  else\n"
  "    cs_status=$(curl -sS -K \"$cs_tmp/curl.conf\" -X \"$1\" \\\n"
  "      -o \"$cs_tmp/answer\" -w '%{http_code}' \"$OPENSEARCH_URL$2\")\n"
  "  fi\n"
  "  case \"$cs_status\" in\n"
  "    2?\?) ;;\n"
  "    *)\n"
  "      echo \"$1 $2 answered HTTP $cs_status:\" >&2\n"
  "      cat \"$cs_tmp/answer\" >&2\n"
  "      echo >&2\n"
  "      exit 1 ;;\n"
  "  esac\n"
  "}\n"
  "\n"
  "# cs_field NAME: the top-level string member NAME of the last answer, or \"\".\n"
  "cs_field () {\n"
  "  python3 -c '\n"
  "import json, sys\n"
  "with open(sys.argv[1]) as f:\n"
  "    v = json.load(f)\n"
  "v = v.get(sys.argv[2]) if isinstance(v, dict) else None\n"
  "print(v if isinstance(v, str) else \"\")\n"
  "' \"$cs_tmp/answer\" \"$1\"\n"
  "}\n";

static void
append_heredoc (GString    *out,
                const char *file,
                JsonNode   *node)
{
  g_autofree char *json = to_pretty_json (node);

  /* A quoted delimiter: the shell expands nothing inside, so
   * ${parameters.*} in the connector reach the cluster as written. */
  g_string_append_printf (out, "cat > \"$cs_tmp/%s\" <<'" SHELL_HEREDOC_END "'\n%s\n"
                          SHELL_HEREDOC_END "\n", file, json);
}

static char *
generate_shell (CsConnectorSpec       *spec,
                const CsExportOptions *options)
{
  GString *out = g_string_new (NULL);
  g_autoptr(JsonNode) connector = cs_export_build_connector_body (spec, "${%s}");
  g_autoptr(JsonNode) trusted = cs_export_build_trusted_body (spec, options);
  g_autoptr(JsonNode) reg = build_register_body (options, "${CS_CONNECTOR_ID}");
  g_autoptr(JsonNode) predict = cs_export_build_predict_body ();
  g_autoptr(GPtrArray) secrets = secret_members (json_node_get_object (connector));

  g_string_append_printf (out,
    "#!/bin/sh\n"
    "# Sets up the connector \"%s\" with Connector Studio's settings: %s\n"
    "# connector create, model register and deploy, a test predict\n"
    "# (as in the ML Commons Claude 4 blueprint). POSIX sh; needs curl and python3\n"
    "# (python3 reads the ids out of the cluster's JSON answers).\n"
    "#\n"
    "# Set these variables first; nothing secret is written in this file:\n"
    "#   OPENSEARCH_URL         the cluster address, e.g. https://localhost:9200\n"
    "#   OPENSEARCH_USER        the cluster user for HTTP basic authentication\n"
    "#                          (leave unset when the cluster has no security plugin)\n"
    "#   OPENSEARCH_PASSWORD    that user's password (your cluster administrator\n"
    "#                          or the cluster's internal users database)\n",
    cs_connector_spec_get_name (spec),
    trusted != NULL ? "trusted endpoints," : "");
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *member = g_ptr_array_index (secrets, i);
      g_autofree char *variable = cs_export_credential_variable (member);

      g_string_append_printf (out, "#   %-22s connector credential %s: %s\n",
                              variable, member, credential_origin (member));
    }
  g_string_append (out,
    "#   CS_DEPLOY_TIMEOUT      seconds to wait for the deployment (default 120)\n"
    "#   CS_POLL_SECONDS        seconds between two looks at it (default 2)\n"
    "\n"
    "set -eu\n"
    "\n"
    ": \"${OPENSEARCH_URL:?Set OPENSEARCH_URL to the cluster address and run this again.}\"\n");
  for (guint i = 0; i < secrets->len; i++)
    {
      g_autofree char *variable = cs_export_credential_variable (g_ptr_array_index (secrets, i));

      g_string_append_printf (out, ": \"${%s:?Set %s and run this again.}\"\n",
                              variable, variable);
    }
  g_string_append (out,
    "CS_DEPLOY_TIMEOUT=${CS_DEPLOY_TIMEOUT:-120}\n"
    "CS_POLL_SECONDS=${CS_POLL_SECONDS:-2}\n"
    "OPENSEARCH_URL=${OPENSEARCH_URL%/}\n"
    "\n"
    "for cs_tool in curl python3; do\n"
    "  if ! command -v \"$cs_tool\" > /dev/null 2>&1; then\n"
    "    echo \"This script needs $cs_tool: install it and run this again.\" >&2\n"
    "    exit 1\n"
    "  fi\n"
    "done\n"
    "umask 077\n"
    "\n");
  g_string_append (out, shell_helpers);

  g_string_append (out, "\n# 1. Trusted endpoints\n");
  append_trusted_note (out, "# ", spec, options, trusted);
  if (trusted != NULL)
    {
      append_heredoc (out, "trusted.json", trusted);
      g_string_append (out, "cs_call PUT /_cluster/settings \"$cs_tmp/trusted.json\"\n"
                            "echo \"Trusted endpoints updated.\"\n");
    }

  g_string_append (out,
    "\n# 2. Create the connector. Each \"${NAME}\" in credential is filled in from\n"
    "# the variable NAME when the request is sent.\n");
  append_heredoc (out, "connector.json", connector);
  g_string_append (out,
    "cs_call POST /_plugins/_ml/connectors/_create \"$cs_tmp/connector.json\"\n"
    "CS_CONNECTOR_ID=$(cs_field connector_id)\n"
    "if [ -z \"$CS_CONNECTOR_ID\" ]; then\n"
    "  echo \"The cluster gave no connector_id:\" >&2; cat \"$cs_tmp/answer\" >&2; exit 1\n"
    "fi\n"
    "export CS_CONNECTOR_ID\n"
    "echo \"Connector: $CS_CONNECTOR_ID\"\n");

  g_string_append (out, "\n# 3. Register the model and deploy it (function_name remote).\n");
  append_heredoc (out, "register.json", reg);
  g_string_append (out,
    "cs_call POST '/_plugins/_ml/models/_register?deploy=true' \"$cs_tmp/register.json\"\n"
    "CS_MODEL_ID=$(cs_field model_id)\n"
    "CS_TASK_ID=$(cs_field task_id)\n"
    "# OpenSearch 2.9 and 2.10 answer with the register task only: read the model\n"
    "# id from the task once it has one.\n"
    "cs_waited=0\n"
    "while [ -z \"$CS_MODEL_ID\" ]; do\n"
    "  if [ -z \"$CS_TASK_ID\" ] || [ \"$cs_waited\" -ge \"$CS_DEPLOY_TIMEOUT\" ]; then\n"
    "    echo \"The cluster gave no model_id:\" >&2; cat \"$cs_tmp/answer\" >&2; exit 1\n"
    "  fi\n"
    "  sleep \"$CS_POLL_SECONDS\"; cs_waited=$((cs_waited + CS_POLL_SECONDS))\n"
    "  cs_call GET \"/_plugins/_ml/tasks/$CS_TASK_ID\"\n"
    "  CS_MODEL_ID=$(cs_field model_id)\n"
    "done\n"
    "echo \"Model: $CS_MODEL_ID\"\n");

  g_string_append (out,
    "\n# 4. Follow the deployment. ?deploy=true does not return the deploy task, so\n"
    "# this reads the model's state until it is DEPLOYED (or DEPLOY_FAILED).\n"
    "cs_waited=0\n"
    "while :; do\n"
    "  cs_call GET \"/_plugins/_ml/models/$CS_MODEL_ID\"\n"
    "  cs_state=$(cs_field model_state)\n"
    "  case \"$cs_state\" in\n"
    "    DEPLOYED) break ;;\n"
    "    DEPLOY_FAILED)\n"
    "      echo \"The deployment failed:\" >&2; cat \"$cs_tmp/answer\" >&2; exit 1 ;;\n"
    "  esac\n"
    "  if [ \"$cs_waited\" -ge \"$CS_DEPLOY_TIMEOUT\" ]; then\n"
    "    if [ \"$cs_state\" = PARTIALLY_DEPLOYED ]; then\n"
    "      echo \"Deployed on some nodes only; predict may fail on the others.\" >&2\n"
    "      break\n"
    "    fi\n"
    "    echo \"Not deployed after $CS_DEPLOY_TIMEOUT s (state: $cs_state).\" >&2; exit 1\n"
    "  fi\n"
    "  sleep \"$CS_POLL_SECONDS\"; cs_waited=$((cs_waited + CS_POLL_SECONDS))\n"
    "done\n"
    "echo \"Deployed.\"\n");

  g_string_append (out, "\n# 5. A test predict (the blueprint's).\n");
  append_heredoc (out, "predict.json", predict);
  g_string_append (out,
    "cs_call POST \"/_plugins/_ml/models/$CS_MODEL_ID/_predict\" \"$cs_tmp/predict.json\"\n"
    "cat \"$cs_tmp/answer\"\n"
    "echo\n"
    "echo \"Done: model $CS_MODEL_ID answers.\" >&2\n");

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Dev Tools console                                                        */
/* ------------------------------------------------------------------------ */

#define DEV_TOOLS_PLACEHOLDER "<REPLACE WITH %s>"

static void
append_request (GString    *out,
                const char *method,
                const char *path,
                JsonNode   *body)
{
  g_string_append_printf (out, "%s %s\n", method, path);
  if (body != NULL)
    {
      g_autofree char *json = to_pretty_json (body);
      g_string_append_printf (out, "%s\n", json);
    }
  g_string_append_c (out, '\n');
}

static char *
generate_dev_tools (CsConnectorSpec       *spec,
                    const CsExportOptions *options)
{
  GString *out = g_string_new (NULL);
  g_autoptr(JsonNode) connector = cs_export_build_connector_body (spec, DEV_TOOLS_PLACEHOLDER);
  g_autoptr(JsonNode) trusted = cs_export_build_trusted_body (spec, options);
  g_autoptr(JsonNode) reg = build_register_body (options, "<CONNECTOR_ID>");
  g_autoptr(JsonNode) predict = cs_export_build_predict_body ();
  g_autoptr(GPtrArray) secrets = secret_members (json_node_get_object (connector));

  g_string_append_printf (out,
    "# Connector Studio: the setup of the connector \"%s\" for the\n"
    "# OpenSearch Dashboards Dev Tools console. Send the requests in order.\n"
    "# Dev Tools sends them as the user you are logged in as: no cluster password here.\n",
    cs_connector_spec_get_name (spec));
  if (secrets->len > 0)
    g_string_append (out, "# Nothing secret is in this text: replace each <REPLACE WITH …> first.\n");

  g_string_append (out, "\n# 1. Trusted endpoints\n");
  append_trusted_note (out, "# ", spec, options, trusted);
  if (trusted != NULL)
    append_request (out, "PUT", "/_cluster/settings", trusted);
  else
    g_string_append_c (out, '\n');

  g_string_append (out, "# 2. Create the connector; note connector_id in the answer.\n");
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *member = g_ptr_array_index (secrets, i);
      g_autofree char *variable = cs_export_credential_variable (member);

      g_string_append_printf (out, "# <REPLACE WITH %s>: %s.\n", variable, credential_origin (member));
    }
  append_request (out, "POST", "/_plugins/_ml/connectors/_create", connector);

  g_string_append (out, "# 3. Register the model and deploy it; put connector_id from step 2 in place\n"
                    "# of <CONNECTOR_ID>, and note model_id in the answer for <MODEL_ID> below.\n");
  append_request (out, "POST", "/_plugins/_ml/models/_register?deploy=true", reg);

  g_string_append (out,
    "# 4. Follow the deployment: send this until model_state is DEPLOYED\n"
    "# (DEPLOY_FAILED: the answer says why).\n");
  append_request (out, "GET", "/_plugins/_ml/models/<MODEL_ID>", NULL);

  g_string_append (out, "# 5. A test predict.\n");
  append_request (out, "POST", "/_plugins/_ml/models/<MODEL_ID>/_predict", predict);

  /* No trailing blank line. */
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Terraform                                                                */
/* ------------------------------------------------------------------------ */

/* A quoted HCL string: JSON-style escapes, and ${ / %{ (templates in HCL)
 * doubled so that they reach the cluster as written. */
static void
append_hcl_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '$':
        case '%':
          g_string_append_c (out, *p);
          if (p[1] == '{')
            g_string_append_c (out, *p);
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_hcl_attr (GString    *out,
                 const char *indent,
                 const char *name,
                 int         width,
                 const char *value)
{
  g_string_append_printf (out, "%s%-*s = ", indent, width, name);
  append_hcl_string (out, value);
  g_string_append_c (out, '\n');
}

static gboolean
hcl_is_identifier (const char *key)
{
  if (!g_ascii_isalpha (key[0]) && key[0] != '_')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* A map argument (a TypeMap of strings): every value as a string. */
static void
append_hcl_map (GString    *out,
                const char *indent,
                const char *name,
                JsonObject *object,
                const char *variable_prefix)
{
  g_autoptr(GList) members = json_object_get_members (object);
  int width = 0;

  for (GList *l = members; l != NULL; l = l->next)
    width = MAX (width, (int) strlen (l->data) + (hcl_is_identifier (l->data) ? 0 : 2));

  g_string_append_printf (out, "%s%s = {\n", indent, name);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *value = scalar_to_string (json_object_get_member (object, key));
      g_autofree char *quoted_key = NULL;

      if (hcl_is_identifier (key))
        quoted_key = g_strdup (key);
      else
        {
          GString *q = g_string_new (NULL);
          append_hcl_string (q, key);
          quoted_key = g_string_free (q, FALSE);
        }

      if (variable_prefix != NULL && is_secret_member (key))
        {
          g_autofree char *variable = cs_export_credential_variable (key);
          g_autofree char *lower = g_ascii_strdown (variable, -1);

          g_string_append_printf (out, "%s  %-*s = %s%s\n", indent, width, quoted_key,
                                  variable_prefix, lower);
        }
      else
        {
          g_string_append_printf (out, "%s  %-*s = ", indent, width, quoted_key);
          append_hcl_string (out, value);
          g_string_append_c (out, '\n');
        }
    }
  g_string_append_printf (out, "%s}\n", indent);
}

static gboolean
strv_has (const char * const *strv,
          const char         *s)
{
  return g_strv_contains (strv, s);
}

static const char * const connector_arguments[] = {
  "name", "description", "version", "protocol", "credential", "parameters", "actions",
  "access_mode", "backend_roles", "add_all_backend_roles", "client_config", NULL
};
static const char * const action_arguments[] = {
  "action_type", "method", "url", "request_body", "pre_process_function",
  "post_process_function", "headers", NULL
};
static const char * const client_config_arguments[] = {
  "max_connection", "connection_timeout", "read_timeout", "max_retry_times",
  "retry_backoff_policy", "retry_backoff_millis", "retry_timeout_seconds", NULL
};
static const char * const client_config_strings[] = { "retry_backoff_policy", NULL };

static void
append_left_out (GString    *out,
                 const char *indent,
                 const char *what,
                 JsonNode   *value)
{
  g_autofree char *json = to_compact_json (value);

  g_string_append_printf (out, "%s# Left out (no such argument in the provider): %s = %s\n",
                          indent, what, json);
}

static void
append_terraform_connector (GString    *out,
                            JsonObject *connector)
{
  g_autoptr(GList) members = json_object_get_members (connector);
  const char *indent = "  ";

  g_string_append (out, "resource \"opensearch_ml_connector\" \"claude\" {\n");
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (connector, member);

      if (!strv_has (connector_arguments, member))
        {
          append_left_out (out, indent, member, node);
          continue;
        }

      if (g_str_equal (member, "credential") && JSON_NODE_HOLDS_OBJECT (node))
        {
          g_string_append (out, "  # Sensitive in the provider; the values come from variables.\n");
          append_hcl_map (out, indent, member, json_node_get_object (node), "var.");
        }
      else if (g_str_equal (member, "parameters") && JSON_NODE_HOLDS_OBJECT (node))
        {
          g_string_append (out, "  # A map of strings in the provider: numbers and booleans as text.\n");
          append_hcl_map (out, indent, member, json_node_get_object (node), NULL);
        }
      else if (g_str_equal (member, "actions") && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *actions = json_node_get_array (node);
          int width;

          for (guint i = 0; i < json_array_get_length (actions); i++)
            {
              JsonObject *action = json_array_get_object_element (actions, i);
              g_autoptr(GList) keys = NULL;

              if (action == NULL)
                continue;
              keys = json_object_get_members (action);
              g_string_append (out, "\n  actions {\n");
              /* Scalars first, aligned as terraform fmt aligns them; the
               * headers map last. */
              width = 0;
              for (GList *k = keys; k != NULL; k = k->next)
                if (strv_has (action_arguments, k->data) && !g_str_equal (k->data, "headers"))
                  width = MAX (width, (int) strlen (k->data));
              for (GList *k = keys; k != NULL; k = k->next)
                {
                  JsonNode *value = json_object_get_member (action, k->data);
                  g_autofree char *text = NULL;

                  if (!strv_has (action_arguments, k->data))
                    {
                      append_left_out (out, "    ", k->data, value);
                      continue;
                    }
                  if (g_str_equal (k->data, "headers"))
                    continue;
                  text = scalar_to_string (value);
                  append_hcl_attr (out, "    ", k->data, width, text);
                }
              for (GList *k = keys; k != NULL; k = k->next)
                {
                  JsonNode *value = json_object_get_member (action, k->data);

                  if (g_str_equal (k->data, "headers") && JSON_NODE_HOLDS_OBJECT (value))
                    append_hcl_map (out, "    ", "headers", json_node_get_object (value), NULL);
                  else if (g_str_equal (k->data, "headers"))
                    append_left_out (out, "    ", k->data, value);
                }
              g_string_append (out, "  }\n");
            }
        }
      else if (g_str_equal (member, "client_config") && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *config = json_node_get_object (node);
          g_autoptr(GList) keys = json_object_get_members (config);

          int width = 0;

          for (GList *k = keys; k != NULL; k = k->next)
            if (strv_has (client_config_arguments, k->data))
              width = MAX (width, (int) strlen (k->data));
          g_string_append (out, "\n  client_config {\n");
          for (GList *k = keys; k != NULL; k = k->next)
            {
              JsonNode *value = json_object_get_member (config, k->data);
              g_autofree char *text = scalar_to_string (value);

              if (!strv_has (client_config_arguments, k->data))
                append_left_out (out, "    ", k->data, value);
              else if (strv_has (client_config_strings, k->data))
                append_hcl_attr (out, "    ", k->data, width, text);
              else
                g_string_append_printf (out, "    %-*s = %s\n", width, (const char *) k->data, text);
            }
          g_string_append (out, "  }\n");
        }
      else if (g_str_equal (member, "add_all_backend_roles") && JSON_NODE_HOLDS_VALUE (node))
        {
          g_string_append_printf (out, "  %s = %s\n", member,
                                  json_node_get_boolean (node) ? "true" : "false");
        }
      else if (g_str_equal (member, "backend_roles") && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *roles = json_node_get_array (node);

          g_string_append (out, "  backend_roles = [");
          for (guint i = 0; i < json_array_get_length (roles); i++)
            {
              g_autofree char *role = scalar_to_string (json_array_get_element (roles, i));

              if (i > 0)
                g_string_append (out, ", ");
              append_hcl_string (out, role);
            }
          g_string_append (out, "]\n");
        }
      else if (JSON_NODE_HOLDS_VALUE (node))
        {
          g_autofree char *text = scalar_to_string (node);
          /* "version" is a string argument even though the body has 1. */
          append_hcl_attr (out, indent, member, 11, text);
        }
      else
        append_left_out (out, indent, member, node);
    }
  g_string_append (out, "}\n");
}

static char *
generate_terraform (CsConnectorSpec       *spec,
                    const CsExportOptions *options)
{
  GString *out = g_string_new (NULL);
  g_autoptr(JsonNode) connector = cs_export_build_connector_body (spec, "${%s}");
  g_autoptr(JsonNode) trusted = cs_export_build_trusted_body (spec, options);
  g_autoptr(JsonNode) predict = cs_export_build_predict_body ();
  g_autoptr(GPtrArray) secrets = secret_members (json_node_get_object (connector));
  g_autofree char *predict_json = to_pretty_json (predict);

  g_string_append_printf (out,
    "# Connector Studio: the connector \"%s\" and its model as Terraform.\n"
    "# For terraform-provider-opensearch " CS_EXPORT_TERRAFORM_PROVIDER_VERSION
    " (registry source " CS_EXPORT_TERRAFORM_PROVIDER_SOURCE "),\n"
    "# whose ML resources opensearch_ml_connector, opensearch_ml_model_group and\n"
    "# opensearch_ml_model (provider/resource_opensearch_ml_*.go) came with its\n"
    "# PR #280, first released in v2.4.0.\n"
    "# Nothing secret is in this file: set the sensitive variables below, e.g. in\n"
    "# TF_VAR_<name> environment variables, never in a committed .tfvars file.\n",
    cs_connector_spec_get_name (spec));

  g_string_append (out,
    "\nterraform {\n"
    "  required_providers {\n"
    "    opensearch = {\n"
    "      source  = \"" CS_EXPORT_TERRAFORM_PROVIDER_SOURCE "\"\n"
    "      version = \">= " CS_EXPORT_TERRAFORM_PROVIDER_VERSION "\"\n"
    "    }\n"
    "  }\n"
    "}\n");

  g_string_append (out,
    "\nvariable \"opensearch_url\" {\n"
    "  description = \"The cluster address, e.g. https://localhost:9200\"\n"
    "  type        = string\n"
    "}\n"
    "\nvariable \"opensearch_username\" {\n"
    "  description = \"The cluster user for HTTP basic authentication (null without the security plugin)\"\n"
    "  type        = string\n"
    "  default     = null\n"
    "}\n"
    "\nvariable \"opensearch_password\" {\n"
    "  description = \"That user's password, from your cluster administrator or the internal users database\"\n"
    "  type        = string\n"
    "  default     = null\n"
    "  sensitive   = true\n"
    "}\n");
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *member = g_ptr_array_index (secrets, i);
      g_autofree char *variable = cs_export_credential_variable (member);
      g_autofree char *lower = g_ascii_strdown (variable, -1);

      g_string_append_printf (out,
        "\nvariable \"%s\" {\n"
        "  description = \"Connector credential %s: %s\"\n"
        "  type        = string\n"
        "  sensitive   = true\n"
        "}\n", lower, member, credential_origin (member));
    }

  g_string_append (out,
    "\nprovider \"opensearch\" {\n"
    "  url      = var.opensearch_url\n"
    "  username = var.opensearch_username\n"
    "  password = var.opensearch_password\n"
    "}\n");

  g_string_append (out, "\n# Trusted endpoints: not a resource of this provider.\n");
  append_trusted_note (out, "# ", spec, options, trusted);
  if (trusted != NULL)
    {
      g_autofree char *json = to_pretty_json (trusted);

      g_string_append (out, "# Send this once before terraform apply (Dev Tools or curl):\n"
                            "# PUT /_cluster/settings\n");
      append_commented (out, "# ", json);
    }

  g_string_append_c (out, '\n');
  append_terraform_connector (out, json_node_get_object (connector));

  g_string_append (out, "\nresource \"opensearch_ml_model_group\" \"claude\" {\n");
  append_hcl_attr (out, "  ", "name", 11, model_name (options));
  append_hcl_attr (out, "  ", "description", 11, "Models of Connector Studio's export");
  g_string_append (out, "}\n");

  g_string_append (out,
    "\nresource \"opensearch_ml_model\" \"claude\" {\n"
    "  # is_enabled: the provider registers with is_enabled = false unless it is set.\n"
    "  # deploy_after_registering: deploys, then waits for model_state DEPLOYED.\n");
  append_hcl_attr (out, "  ", "name", 24, model_name (options));
  if (model_description (options)[0] != '\0')
    append_hcl_attr (out, "  ", "description", 24, model_description (options));
  append_hcl_attr (out, "  ", "function_name", 24, "remote");
  g_string_append (out,
    "  connector_id             = opensearch_ml_connector.claude.id\n"
    "  model_group_id           = opensearch_ml_model_group.claude.id\n"
    "  is_enabled               = true\n"
    "  deploy_after_registering = true\n"
    "}\n");

  g_string_append (out,
    "\noutput \"connector_id\" {\n"
    "  value = opensearch_ml_connector.claude.id\n"
    "}\n"
    "\noutput \"model_id\" {\n"
    "  value = opensearch_ml_model.claude.id\n"
    "}\n");

  g_string_append (out,
    "\n# A test predict after terraform apply:\n"
    "# POST /_plugins/_ml/models/<model_id output>/_predict\n");
  append_commented (out, "# ", predict_json);

  return g_string_free (out, FALSE);
}

char *
cs_export_generate (CsConnectorSpec       *spec,
                    const CsExportOptions *options,
                    CsExportFormat         format)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);

  switch (format)
    {
    case CS_EXPORT_FORMAT_SHELL:
      return generate_shell (spec, options);
    case CS_EXPORT_FORMAT_DEV_TOOLS:
      return generate_dev_tools (spec, options);
    case CS_EXPORT_FORMAT_TERRAFORM:
      return generate_terraform (spec, options);
    default:
      g_return_val_if_reached (NULL);
    }
}
