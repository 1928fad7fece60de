/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-sandbox-launcher"

#include "config.h"

#include "cs-sandbox-launcher.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cs-error.h"

struct _CsSandboxLauncher
{
  GObject      parent_instance;

  char        *binary;
  GSubprocess *process;
  char        *url;
  char        *password;
  char        *cert_dir;
  char        *cert_file;
};

G_DEFINE_FINAL_TYPE (CsSandboxLauncher, cs_sandbox_launcher, G_TYPE_OBJECT)

static void
wipe_and_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
cs_sandbox_launcher_dispose (GObject *object)
{
  cs_sandbox_launcher_stop (CS_SANDBOX_LAUNCHER (object));

  G_OBJECT_CLASS (cs_sandbox_launcher_parent_class)->dispose (object);
}

static void
cs_sandbox_launcher_finalize (GObject *object)
{
  CsSandboxLauncher *self = CS_SANDBOX_LAUNCHER (object);

  g_free (self->binary);
  g_free (self->url);
  wipe_and_free (self->password);
  g_free (self->cert_dir);
  g_free (self->cert_file);

  G_OBJECT_CLASS (cs_sandbox_launcher_parent_class)->finalize (object);
}

static void
cs_sandbox_launcher_class_init (CsSandboxLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_sandbox_launcher_dispose;
  object_class->finalize = cs_sandbox_launcher_finalize;
}

static void
cs_sandbox_launcher_init (CsSandboxLauncher *self)
{
}

char *
cs_sandbox_launcher_find_binary (void)
{
  const char *env = g_getenv ("CS_SANDBOX_BIN");
  g_autofree char *self_path = NULL;
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *next_to = g_build_filename (dir, "connector-studio-sandbox", NULL);

      if (g_file_test (next_to, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&next_to);
    }

  /* The install bindir, derived from the prefix that config.h knows
   * (LOCALEDIR is <prefix>/share/locale). */
  installed = g_build_filename (LOCALEDIR, "..", "..", "bin", "connector-studio-sandbox", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return NULL;
}

CsSandboxLauncher *
cs_sandbox_launcher_new (const char *binary)
{
  CsSandboxLauncher *self;

  g_return_val_if_fail (binary != NULL, NULL);

  self = g_object_new (CS_TYPE_SANDBOX_LAUNCHER, NULL);
  self->binary = g_strdup (binary);
  return self;
}

static char *
random_password (void)
{
  static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  GString *out = g_string_sized_new (24);

  for (guint i = 0; i < 24; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, (gint32) strlen (alphabet))]);
  return g_string_free (out, FALSE);
}

/* In the child, before exec: if the app dies without stopping the sandbox
 * (a crash, SIGKILL), the kernel stops the sandbox too. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSandboxLauncher *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &error);
  if (line == NULL)
    {
      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      cs_sandbox_launcher_stop (self);
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The local sandbox cluster did not start. Run "
                                 "connector-studio-sandbox in a terminal to see why."));
      return;
    }

  g_strstrip (line);
  if (!g_str_has_prefix (line, "http://") && !g_str_has_prefix (line, "https://"))
    {
      cs_sandbox_launcher_stop (self);
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The local sandbox cluster answered in a way this version "
                                 "does not understand. Reinstall Connector Studio."));
      return;
    }

  self->url = g_steal_pointer (&line);
  if (self->cert_file != NULL && !g_file_test (self->cert_file, G_FILE_TEST_EXISTS))
    g_clear_pointer (&self->cert_file, g_free);
  g_task_return_boolean (task, TRUE);
}

static void
password_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSandboxLauncher *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GCancellable *cancellable;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    g_debug ("Writing the sandbox password failed: %s", error->message);
  g_output_stream_close (G_OUTPUT_STREAM (source), NULL, NULL);
  /* The copy of the password that was written goes now, wiped. */
  g_object_set_data (source, "cs-password-line", NULL);

  if (self->process == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The local sandbox cluster was stopped while it started."));
      return;
    }

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  cancellable = g_task_get_cancellable (task);
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, cancellable,
                                       line_read_cb, g_steal_pointer (&task));
}

void
cs_sandbox_launcher_start_async (CsSandboxLauncher   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GOutputStream *input;

  g_return_if_fail (CS_IS_SANDBOX_LAUNCHER (self));
  g_return_if_fail (self->process == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_sandbox_launcher_start_async);

  self->password = random_password ();
  self->cert_dir = g_dir_make_tmp ("connector-studio-sandbox-XXXXXX", &error);
  if (self->cert_dir == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The local sandbox cluster could not be started: %s"),
                               error->message);
      return;
    }
  self->cert_file = g_build_filename (self->cert_dir, "sandbox-cert.pem", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error,
                                               self->binary,
                                               "--port", "0",
                                               "--tls",
                                               "--user", "admin",
                                               "--password-stdin",
                                               "--cert-out", self->cert_file,
                                               NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The local sandbox cluster could not be started: %s"),
                               error->message);
      return;
    }

  line = g_strconcat (self->password, "\n", NULL);
  input = g_subprocess_get_stdin_pipe (self->process);
  g_output_stream_write_all_async (input, line, strlen (line), G_PRIORITY_DEFAULT, cancellable,
                                   password_written_cb, g_steal_pointer (&task));
  /* write_all_async copies nothing: keep the buffer alive until it is done. */
  g_object_set_data_full (G_OBJECT (input), "cs-password-line", g_steal_pointer (&line),
                          wipe_and_free);
}

gboolean
cs_sandbox_launcher_start_finish (CsSandboxLauncher  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_sandbox_launcher_start_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
cs_sandbox_launcher_get_url (CsSandboxLauncher *self)
{
  g_return_val_if_fail (CS_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->url;
}

const char *
cs_sandbox_launcher_get_user (CsSandboxLauncher *self)
{
  g_return_val_if_fail (CS_IS_SANDBOX_LAUNCHER (self), NULL);
  return "admin";
}

const char *
cs_sandbox_launcher_get_password (CsSandboxLauncher *self)
{
  g_return_val_if_fail (CS_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->password;
}

const char *
cs_sandbox_launcher_get_cert_file (CsSandboxLauncher *self)
{
  g_return_val_if_fail (CS_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->cert_file;
}

void
cs_sandbox_launcher_stop (CsSandboxLauncher *self)
{
  g_return_if_fail (CS_IS_SANDBOX_LAUNCHER (self));

  if (self->process != NULL)
    {
      /* No waiting here: this runs on the main thread (at quit, or when
       * the sandbox did not start right). GSubprocess reaps the child when
       * it exits, which it does at once on SIGTERM. */
      g_subprocess_send_signal (self->process, SIGTERM);
      g_clear_object (&self->process);
    }
  if (self->cert_file != NULL)
    g_unlink (self->cert_file);
  if (self->cert_dir != NULL)
    {
      g_rmdir (self->cert_dir);
      g_clear_pointer (&self->cert_dir, g_free);
    }
}
