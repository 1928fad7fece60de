/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-application"

#include "config.h"

#include "cs-application.h"

#include <glib/gi18n.h>

#include "cs-connect.h"
#include "cs-error.h"
#include "cs-preferences-window.h"
#include "cs-profile-store.h"
#include "cs-sandbox-launcher.h"
#include "cs-secret-store.h"
#include "cs-window.h"

#define SANDBOX_PROFILE_ID "local-sandbox"

struct _CsApplication
{
  AdwApplication parent_instance;

  /* Owned References */
  GSettings *settings;
  CsSession *session;
  CsSandboxLauncher *sandbox;
  GCancellable *cancellable;

  gboolean no_sandbox;
  gboolean sandbox_asked;   /* started by "Try Without a Cluster": connect to it */
  gboolean activated;
};

G_DEFINE_FINAL_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

static AdwColorScheme
color_scheme_from_string (const char *name)
{
  if (g_strcmp0 (name, "light") == 0)
    return ADW_COLOR_SCHEME_FORCE_LIGHT;
  if (g_strcmp0 (name, "dark") == 0)
    return ADW_COLOR_SCHEME_FORCE_DARK;
  return ADW_COLOR_SCHEME_DEFAULT;
}

static void
apply_color_scheme (CsApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "color-scheme");
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, color_scheme_from_string (name));
}

static void
color_scheme_changed_cb (GSettings     *settings,
                         const char    *key,
                         CsApplication *self)
{
  apply_color_scheme (self);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Connector Studio developers"), NULL };

  adw_show_about_window (window,
                         "application-name", _("Connector Studio"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Connector Studio developers"),
                         "developers", developers,
                         "comments", _("Set up OpenSearch ML Commons connectors for Claude on "
                                       "Amazon Bedrock, and talk to the models you deploy."),
                         "website", "https://github.com/connectorstudio/connector-studio",
                         "issue-url", "https://github.com/connectorstudio/connector-studio/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Connector Studio developers",
                         /* Translators: replace with your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (cs_preferences_window_new (window, self->settings)));
}

static void start_sandbox (CsApplication *self);

/* "Try Without a Cluster": the sandbox, now, whatever the start did. */
static void
start_sandbox_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->sandbox != NULL)
    {
      if (window != NULL)
        cs_widget_show_toast (GTK_WIDGET (window), _("The sandbox cluster is already running"));
      return;
    }
  start_sandbox (self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CsApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close the windows so that each saves its state, then quit. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "start-sandbox", start_sandbox_action },
  { "quit", quit_action },
};

static CsInteraction *
window_interaction (CsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return CS_IS_WINDOW (window) ? cs_window_get_interaction (CS_WINDOW (window)) : NULL;
}

static guint
request_timeout (CsApplication *self)
{
  return g_settings_get_uint (self->settings, "request-timeout");
}

/* The connect flow has set the session; only say it worked. */
static void
reconnected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsApplication) self = user_data;
  g_autoptr(CsClusterInfo) info = NULL;
  GtkWindow *window;

  info = cs_connect_finish (result, NULL, NULL);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (info != NULL && window != NULL &&
      cs_session_get_state (self->session) == CS_SESSION_CONNECTED)
    {
      CsProfile *profile = cs_profile_store_lookup (cs_profile_store_get_default (),
                                                    cs_session_get_profile_id (self->session));
      g_autofree char *toast = g_strdup_printf (_("Connected to %s"),
                                                profile != NULL ? cs_profile_get_name (profile)
                                                                : "");

      cs_widget_show_toast (GTK_WIDGET (window), toast);
    }
}

/* Connects to the last-used profile, asking about certificates and http://
 * through the window when it has to. */
static void
reconnect_last_profile (CsApplication *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-profile");
  CsProfile *profile;

  if (*last == '\0')
    return;
  profile = cs_profile_store_lookup (cs_profile_store_get_default (), last);
  if (profile == NULL)
    return;

  cs_connect_async (self->session, profile, NULL, cs_secret_store_get_default (),
                    window_interaction (self), request_timeout (self), self->cancellable,
                    reconnected_cb, g_object_ref (self));
}

static void
sandbox_password_saved_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  CsProfile *profile = cs_profile_store_lookup (cs_profile_store_get_default (),
                                                SANDBOX_PROFILE_ID);
  CsClientSecrets secrets = { NULL, NULL, NULL, NULL };

  if (!cs_secret_store_save_finish (CS_SECRET_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The sandbox's password is made afresh at every start and means nothing
       * once the app quits: keeping it in memory when there is no keyring
       * loses nothing. */
      g_debug ("Keeping the sandbox password for this session: %s", error->message);
      cs_secret_store_keep_for_session (CS_SECRET_STORE (source), SANDBOX_PROFILE_ID,
                                        CS_SECRET_CLUSTER_PASSWORD,
                                        cs_sandbox_launcher_get_password (self->sandbox));
    }

  if (profile == NULL)
    return;

  /* Connect to the sandbox unless the user last used another profile. */
  {
    g_autofree char *last = g_settings_get_string (self->settings, "last-profile");

    if (!self->sandbox_asked && *last != '\0' && g_strcmp0 (last, SANDBOX_PROFILE_ID) != 0 &&
        cs_profile_store_lookup (cs_profile_store_get_default (), last) != NULL)
      {
        reconnect_last_profile (self);
        return;
      }
  }

  secrets.password = cs_sandbox_launcher_get_password (self->sandbox);
  /* The flow sets the session (unless the user picked another cluster
   * meanwhile); nothing is left to do when it ends. */
  cs_connect_async (self->session, profile, &secrets, NULL, window_interaction (self),
                    request_timeout (self), self->cancellable, NULL, NULL);
}

static void
sandbox_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  CsProfileStore *store = cs_profile_store_get_default ();
  g_autoptr(CsProfile) created = NULL;
  CsProfile *profile;

  if (!cs_sandbox_launcher_start_finish (CS_SANDBOX_LAUNCHER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

          g_warning ("%s", error->message);
          g_clear_object (&self->sandbox);
          if (self->sandbox_asked && window != NULL)
            cs_widget_show_toast (GTK_WIDGET (window), error->message);
          else
            reconnect_last_profile (self);
        }
      return;
    }

  profile = cs_profile_store_lookup (store, SANDBOX_PROFILE_ID);
  if (profile == NULL)
    {
      created = cs_profile_new_with_id (SANDBOX_PROFILE_ID);
      cs_profile_store_add (store, created);
      profile = created;
    }
  cs_profile_set_name (profile, _("Local Sandbox"));
  cs_profile_set_url (profile, cs_sandbox_launcher_get_url (self->sandbox));
  cs_profile_set_auth_kind (profile, CS_AUTH_BASIC);
  cs_profile_set_user_name (profile, cs_sandbox_launcher_get_user (self->sandbox));
  cs_profile_set_is_sandbox (profile, TRUE);
  /* The sandbox is our own child process and wrote its self-signed
   * certificate to a private file we named: trusting that certificate as the
   * profile's CA, without asking, trusts nothing but our own child. */
  cs_profile_set_ca_file (profile, cs_sandbox_launcher_get_cert_file (self->sandbox));
  cs_profile_set_pinned_fingerprint (profile, NULL);
  {
    g_autoptr(GError) save_error = NULL;

    if (!cs_profile_store_save (store, &save_error))
      g_warning ("%s", save_error->message);
  }

  /* Its password lives in the keyring like any other profile's. */
  cs_secret_store_save_async (cs_secret_store_get_default (), SANDBOX_PROFILE_ID,
                              CS_SECRET_CLUSTER_PASSWORD,
                              cs_sandbox_launcher_get_password (self->sandbox),
                              self->cancellable, sandbox_password_saved_cb, g_object_ref (self));
}

static void
start_sandbox_or_reconnect (CsApplication *self)
{
  g_autofree char *binary = NULL;

  if (!self->no_sandbox && cs_preferences_get_start_sandbox (self->settings))
    binary = cs_sandbox_launcher_find_binary ();

  if (binary == NULL)
    {
      reconnect_last_profile (self);
      return;
    }

  self->sandbox = cs_sandbox_launcher_new (binary);
  cs_sandbox_launcher_start_async (self->sandbox, self->cancellable, sandbox_started_cb,
                                   g_object_ref (self));
}

static void
start_sandbox (CsApplication *self)
{
  g_autofree char *binary = cs_sandbox_launcher_find_binary ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (binary == NULL)
    {
      if (window != NULL)
        cs_widget_show_toast (GTK_WIDGET (window),
                              _("The sandbox cluster is not installed with this copy of the app"));
      return;
    }
  self->sandbox_asked = TRUE;
  self->sandbox = cs_sandbox_launcher_new (binary);
  cs_sandbox_launcher_start_async (self->sandbox, self->cancellable, sandbox_started_cb,
                                   g_object_ref (self));
}

/* Whatever connected (a page, the start, the sandbox): the next start
 * reconnects to it. */
static void
session_state_cb (CsApplication *self)
{
  if (cs_session_get_state (self->session) == CS_SESSION_CONNECTED)
    g_settings_set_string (self->settings, "last-profile",
                           cs_session_get_profile_id (self->session));
}

static void
cs_application_activate (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (cs_window_new (self));

  gtk_window_present (window);

  if (!self->activated)
    {
      self->activated = TRUE;
      start_sandbox_or_reconnect (self);
    }
}

static gint
cs_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CsApplication *self = CS_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (g_variant_dict_contains (options, "no-sandbox"))
    self->no_sandbox = TRUE;
  return -1;
}

static void
cs_application_shutdown (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->sandbox != NULL)
    cs_sandbox_launcher_stop (self->sandbox);

  G_APPLICATION_CLASS (cs_application_parent_class)->shutdown (app);
}

static void
cs_application_startup (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  g_autoptr(GAction) scheme_action = NULL;

  G_APPLICATION_CLASS (cs_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  scheme_action = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (self), scheme_action);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);

  apply_color_scheme (self);
}

static void
cs_application_dispose (GObject *object)
{
  CsApplication *self = CS_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cs_application_parent_class)->dispose (object);
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cs_application_dispose;

  app_class->activate = cs_application_activate;
  app_class->startup = cs_application_startup;
  app_class->shutdown = cs_application_shutdown;
  app_class->handle_local_options = cs_application_handle_local_options;
}

static void
cs_application_init (CsApplication *self)
{
  self->settings = g_settings_new (BASE_APP_ID);
  self->session = cs_session_new ();
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option (G_APPLICATION (self), "no-sandbox", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Do not start the local sandbox cluster"), NULL);
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Print the version and quit"), NULL);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, 0);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb), self,
                           G_CONNECT_SWAPPED);
}

CsApplication *
cs_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (CS_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
cs_application_get_settings (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);

  return self->settings;
}

CsSession *
cs_application_get_session (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);

  return self->session;
}
