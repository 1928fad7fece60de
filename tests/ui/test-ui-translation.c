/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The app in German and French (po/LINGUAS): the window's own labels come
 * from the translations built in this tree, not from the English source.
 * Runs each language in a subprocess, since the locale is chosen once.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cs-application.h"
#include "cs-window.h"
#include "cs-ui-test-utils.h"

/* Labels the window shows at once, on the sidebar and the first page, that
 * both languages translate (German keeps "Connectors" and "Playground"). */
static const char *shown_at_start[] = {
  "Connections", "Cluster Settings", "Models", "Cluster Profiles", "Connection", "Not Connected",
};

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
check_window (const char *language)
{
  g_autoptr(CsApplication) app = NULL;
  g_autofree char *id = g_strdup_printf ("%s.TestTranslation.%s", APP_ID, language);
  g_autofree char *shot = g_strdup_printf ("window-%s", language);
  CsWindow *window;
  guint translated = 0;

  app = cs_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = cs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (GTK_WIDGET (window));
  cs_ui_test_spin (200);
  g_free (cs_ui_test_save_screenshot (GTK_WIDGET (window), shot));

  for (guint i = 0; i < G_N_ELEMENTS (shown_at_start); i++)
    {
      const char *msgid = shown_at_start[i];
      const char *msgstr = g_dgettext (GETTEXT_PACKAGE, msgid);

      /* A translation exists, differs from the English, and is on screen;
       * the English is not. */
      if (g_strcmp0 (msgid, msgstr) == 0 ||
          cs_ui_test_find (GTK_WIDGET (window), is_label_reading, msgstr) == NULL ||
          cs_ui_test_find (GTK_WIDGET (window), is_label_reading, msgid) != NULL)
        g_printerr ("%s: “%s” → “%s” is not what the window shows\n", language, msgid, msgstr);
      else
        translated++;
    }
  g_assert_cmpuint (translated, ==, G_N_ELEMENTS (shown_at_start));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_language (gconstpointer data)
{
  const char *language = data;

  if (g_test_subprocess ())
    {
      check_window (language);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                                     G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  const char *language = NULL;
  const char *locale_dir = g_getenv ("CS_LOCALE_DIR");

  /* The subprocess runs in the language of its test path. */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "/ui/translation/"))
      language = argv[i] + strlen ("/ui/translation/");
  if (language != NULL)
    {
      g_autofree char *locale = g_strdup_printf ("%s.UTF-8", g_str_equal (language, "de")
                                                               ? "de_DE" : "fr_FR");

      g_setenv ("LC_ALL", locale, TRUE);
      g_unsetenv ("LANGUAGE");
    }
  if (!cs_ui_test_init (&argc, &argv))
    return 0;
  if (language != NULL && setlocale (LC_MESSAGES, NULL) != NULL &&
      g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "C"))
    g_error ("The %s.UTF-8 locale is missing: build-aux/deps.sh generates it "
             "(localedef -i %s -f UTF-8 %s.UTF-8).", language, language, language);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_data_func ("/ui/translation/de", "de", test_language);
  g_test_add_data_func ("/ui/translation/fr", "fr", test_language);
  return g_test_run ();
}
