/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-main"

#include "config.h"

#include "sb-faults.h"
#include "sb-json.h"
#include "sb-server.h"

#include <glib-unix.h>
#include <locale.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* One line of stdin without its line end, or NULL at end of input. */
static char *
read_stdin_line (void)
{
  char buf[4096];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    return NULL;
  len = strlen (buf);
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
    buf[--len] = '\0';
  {
    char *line = g_strdup (buf);
    memset (buf, 0, sizeof buf);
    return line;
  }
}

static gboolean
parse_version (const char *text,
               SbConfig   *config)
{
  guint64 part[3] = { 0, 0, 0 };
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);
  guint n = g_strv_length (parts);

  if (n < 2 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 999, &part[i], NULL))
      return FALSE;
  config->major = (guint) part[0];
  config->minor = (guint) part[1];
  config->patch = (guint) part[2];
  config->version = g_strdup_printf ("%u.%u.%u", config->major, config->minor, config->patch);
  return (config->major == 2 && config->minor >= 9) || config->major == 3;
}

static int
fail (const char *message)
{
  g_printerr ("connector-studio-sandbox: %s\n", message);
  return 2;
}

static int
run (int       argc,
     char     *argv[],
     SbConfig *config)
{
  gint port = 0, nodes = 1, delay = 1500;
  gboolean no_tls = FALSE, tls = FALSE, password_stdin = FALSE, secret_stdin = FALSE;
  gboolean outlive_parent = FALSE;
  int clock_offset = 0;
  g_autofree char *version = NULL;
  g_autofree char *read_only = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  SbServer *server;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 picks a free one)", "N" },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &tls, "Serve HTTPS (the default)", NULL },
    { "no-tls", 0, 0, G_OPTION_ARG_NONE, &no_tls, "Serve plain HTTP", NULL },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &config->cert_file,
      "TLS certificate (PEM) to use instead of a generated one", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &config->key_file,
      "Private key (PEM) of --cert", "FILE" },
    { "cert-out", 0, 0, G_OPTION_ARG_FILENAME, &config->cert_out,
      "Write the certificate in use (PEM) to FILE", "FILE" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &config->user,
      "Require HTTP basic auth as this user (security plugin)", "USER" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &config->password,
      "Password of --user (visible to other local users; prefer --password-stdin)", "PASSWORD" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      "Read the password of --user from the first line of stdin", NULL },
    { "read-only-user", 0, 0, G_OPTION_ARG_STRING, &read_only,
      "An extra user that may only read (writes get 403)", "USER:PASSWORD" },
    { "nodes", 0, 0, G_OPTION_ARG_INT, &nodes,
      "Number of simulated ML-capable nodes (default 1)", "N" },
    { "deploy-delay-ms", 0, 0, G_OPTION_ARG_INT, &delay,
      "How long a deployment takes (default 1500)", "MS" },
    { "clock-offset-ms", 0, 0, G_OPTION_ARG_INT, &clock_offset,
      "Run the cluster's clock this far ahead (or behind, negative) of this machine's", "MS" },
    { "opensearch-version", 0, 0, G_OPTION_ARG_STRING, &version,
      "Simulated OpenSearch version, 2.9 to 3.x (default 2.19.1)", "VERSION" },
    { "aws-managed", 0, 0, G_OPTION_ARG_NONE, &config->aws_managed,
      "Behave as Amazon OpenSearch Service (roleArn credentials accepted)", NULL },
    { "region", 0, 0, G_OPTION_ARG_STRING, &config->region,
      "AWS region of the simulated domain (default us-east-1)", "REGION" },
    { "aws-access-key", 0, 0, G_OPTION_ARG_STRING, &config->aws_access_key,
      "With --aws-managed: require SigV4 (service es) signed by this access key", "KEY_ID" },
    { "aws-secret-key-stdin", 0, 0, G_OPTION_ARG_NONE, &secret_stdin,
      "Read the secret key of --aws-access-key from stdin (after the password)", NULL },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &config->faults,
      "Inject a fault (repeatable; see README.md)", "SPEC" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &config->state_file,
      "Load the cluster from FILE and save it there after every change", "FILE" },
    { "no-ml", 0, 0, G_OPTION_ARG_NONE, &config->no_ml,
      "Simulate a cluster without the ML Commons plugin", NULL },
    { "outlive-parent", 0, 0, G_OPTION_ARG_NONE, &outlive_parent,
      "Keep running when the process that started it ends (by default it stops then)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);
  /* stdout carries only the URL line; GLib would print debug and info messages there. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new ("— a simulated OpenSearch cluster with ML Commons and Bedrock");
  g_option_context_set_summary (context,
    "Answers like OpenSearch ML Commons and Amazon Bedrock (Claude) do, for Connector Studio's\n"
    "offline use, tests and demos. Prints its base URL as one line on stdout once it listens.\n"
    "Everything it says is simulated; it never contacts AWS.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (argc > 1)
    return fail ("unexpected arguments (see --help)");

  config->tls = !no_tls;
  if (port < 0 || port > 65535)
    return fail ("--port wants 0 to 65535");
  config->port = (guint) port;
  if (nodes < 1 || nodes > 64)
    return fail ("--nodes wants 1 to 64");
  config->nodes = (guint) nodes;
  if (delay < 0 || delay > 600000)
    return fail ("--deploy-delay-ms wants 0 to 600000");
  config->deploy_delay_ms = (guint) delay;
  if (clock_offset < -86400000 || clock_offset > 86400000)
    return fail ("--clock-offset-ms wants -86400000 to 86400000 (a day either way)");
  sb_set_clock_offset_ms (clock_offset);
  if (!parse_version (version ? version : "2.19.1", config))
    return fail ("--opensearch-version wants a version from 2.9 to 3.x, e.g. 2.19.1");
  if (config->region == NULL)
    config->region = g_strdup ("us-east-1");
  if ((config->cert_file == NULL) != (config->key_file == NULL))
    return fail ("--cert and --key go together");
  for (guint i = 0; config->faults != NULL && config->faults[i] != NULL; i++)
    {
      g_autoptr(GArray) nodes_scratch = g_array_new (FALSE, FALSE, sizeof (guint));
      SbFault *fault = NULL;

      if (!sb_fault_parse (config->faults[i], &fault, nodes_scratch, &error))
        return fail (error->message);
      if (fault != NULL)
        sb_fault_unref (fault);
    }

  if (password_stdin)
    {
      g_free (config->password);
      config->password = read_stdin_line ();
      if (config->password == NULL)
        return fail ("--password-stdin: no password on stdin");
    }
  else if (config->password != NULL)
    g_printerr ("connector-studio-sandbox: warning: --password is visible in the process list; "
                "prefer --password-stdin\n");
  if (config->user != NULL && (config->password == NULL || *config->password == '\0'))
    return fail ("--user needs --password or --password-stdin");
  if (config->user == NULL && config->password != NULL)
    return fail ("--password needs --user");

  if (read_only != NULL)
    {
      char *colon = strchr (read_only, ':');

      if (config->user == NULL)
        return fail ("--read-only-user needs --user (the security plugin)");
      if (colon == NULL || colon == read_only || colon[1] == '\0')
        return fail ("--read-only-user wants USER:PASSWORD");
      config->ro_user = g_strndup (read_only, (gsize) (colon - read_only));
      config->ro_password = g_strdup (colon + 1);
      memset (colon + 1, 0, strlen (colon + 1));
    }

  if (config->aws_access_key != NULL)
    {
      if (!config->aws_managed)
        return fail ("--aws-access-key needs --aws-managed");
      if (!secret_stdin)
        return fail ("--aws-access-key needs --aws-secret-key-stdin");
      config->aws_secret_key = read_stdin_line ();
      if (config->aws_secret_key == NULL || *config->aws_secret_key == '\0')
        return fail ("--aws-secret-key-stdin: no secret key on stdin");
    }
  else if (secret_stdin)
    return fail ("--aws-secret-key-stdin needs --aws-access-key");

#ifdef __linux__
  /* A test that fails or an app that crashes must not leave a cluster behind. */
  if (!outlive_parent)
    {
      pid_t parent = getppid ();

      if (prctl (PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid () != parent)
        return fail ("the process that started the sandbox has already ended");
    }
#endif

  server = sb_server_new (config, &error);
  if (server == NULL)
    {
      g_printerr ("connector-studio-sandbox: cannot start: %s\n", error->message);
      return 1;
    }

  /* The one machine-readable line on stdout. */
  printf ("%s\n", sb_server_get_url (server));
  fflush (stdout);
  g_printerr ("connector-studio-sandbox: simulating OpenSearch %s (%u node%s)%s%s at %s\n",
              config->version, config->nodes, config->nodes == 1 ? "" : "s",
              config->aws_managed ? ", Amazon OpenSearch Service" : "",
              config->no_ml ? ", without ML Commons" : "", sb_server_get_url (server));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  sb_server_free (server);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  SbConfig config = { 0 };
  int status = run (argc, argv, &config);

  sb_config_clear (&config);
  return status;
}
