/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-test-sandbox.h"

#include <signal.h>
#include <string.h>

struct _CsTestSandbox
{
  GSubprocess *process;
  char        *url;
};

CsTestSandbox *
cs_test_sandbox_startv (const char * const *args)
{
  return cs_test_sandbox_startv_with_stdin (args, NULL);
}

CsTestSandbox *
cs_test_sandbox_startv_with_stdin (const char * const *args,
                                   const char         *stdin_text)
{
  const char *bin = g_getenv ("CS_SANDBOX_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  CsTestSandbox *sandbox;

  g_assert_nonnull (bin);

  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  sandbox = g_new0 (CsTestSandbox, 1);
  sandbox->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (stdin_text != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0),
                                        &error);
  g_assert_no_error (error);

  if (stdin_text != NULL)
    {
      GOutputStream *input = g_subprocess_get_stdin_pipe (sandbox->process);

      g_output_stream_write_all (input, stdin_text, strlen (stdin_text), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (input, NULL, &error);
      g_assert_no_error (error);
    }

  /* Reading the first line blocks, which is what a test wants here. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://") || g_str_has_prefix (line, "https://"));
  sandbox->url = g_steal_pointer (&line);
  return sandbox;
}

CsTestSandbox *
cs_test_sandbox_start (const char *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cs_test_sandbox_startv ((const char * const *) args->pdata);
}

const char *
cs_test_sandbox_get_url (CsTestSandbox *sandbox)
{
  return sandbox->url;
}

void
cs_test_sandbox_stop (CsTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  if (sandbox == NULL)
    return;

  g_subprocess_send_signal (sandbox->process, SIGTERM);
  g_subprocess_wait (sandbox->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sandbox->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sandbox->process), ==, 0);

  g_clear_object (&sandbox->process);
  g_free (sandbox->url);
  g_free (sandbox);
}
