/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connections-page"

#include "config.h"

#include "cs-connections-page.h"
#include "cs-connections-page-private.h"

#include <glib/gi18n.h>

#include "cs-connect.h"
#include "cs-error.h"
#include "cs-profile-editor.h"
#include "cs-profile-row.h"
#include "cs-profile-store.h"
#include "cs-secret-store.h"
#include "cs-session.h"
#include "cs-subview.h"
#include "cs-window.h"

struct _CsConnectionsPage
{
  AdwBin           parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  AdwActionRow    *status_row;
  GtkImage        *status_icon;
  GtkSpinner      *status_spinner;
  GtkWidget       *retry_button;
  GtkWidget       *edit_failed_button;
  GtkWidget       *disconnect_button;
  GtkListBox      *profile_list;
  AdwPreferencesGroup *profiles_group;
  GtkWidget       *welcome;
  AdwBin          *editor_slot;
  CsProfileEditor *editor;          /* in editor_slot once built (ensure_editor) */

  /* Owned References */
  CsSession       *session;
  GSignalGroup    *session_signals;
  CsProfileStore  *store;
  CsSecretStore   *secrets;
  GSettings       *settings;
  GCancellable    *cancellable;     /* the attempt in flight (save, connect or test) */
  char            *editing_id;      /* the profile the editor edits, or NULL for a new one */
  char            *last_profile_id; /* what "Try Again" reconnects */
  gboolean         attempting;      /* a connect in flight that keeps the working one */
};

static void cs_connections_page_subview_init (CsSubviewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsConnectionsPage, cs_connections_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CS_TYPE_SUBVIEW,
                                                      cs_connections_page_subview_init))

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS,
  PROP_SUBVIEW_TITLE = N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void show_list (CsConnectionsPage *self);
static void editor_back_cb (CsConnectionsPage *self);
static void editor_test_cb (CsConnectionsPage *self);
static void editor_save_cb (CsConnectionsPage *self);
static void editor_connect_cb (CsConnectionsPage *self);
static void subview_changed_cb (CsConnectionsPage *self);

/* The profile editor, built the first time it is needed. */
static CsProfileEditor *
ensure_editor (CsConnectionsPage *self)
{
  if (self->editor != NULL)
    return self->editor;

  self->editor = CS_PROFILE_EDITOR (cs_profile_editor_new ());
  adw_bin_set_child (self->editor_slot, GTK_WIDGET (self->editor));
  g_signal_connect_object (self->editor, "back", G_CALLBACK (editor_back_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "test", G_CALLBACK (editor_test_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "save", G_CALLBACK (editor_save_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "connect", G_CALLBACK (editor_connect_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::title", G_CALLBACK (subview_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self->editor;
}

static GtkWindow *
parent_window (CsConnectionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The window answers the connect and save flows' questions; a page shown
 * on its own (in a test) answers no. */
static CsInteraction *
interaction (CsConnectionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return CS_IS_WINDOW (root) ? cs_window_get_interaction (CS_WINDOW (root)) : NULL;
}

static void
cancel_attempt (CsConnectionsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->attempting = FALSE;
}

static guint
request_timeout (CsConnectionsPage *self)
{
  return g_settings_get_uint (self->settings, "request-timeout");
}

/* Status */

static void
update_status (CsConnectionsPage *self)
{
  CsSessionState state = self->session != NULL ? cs_session_get_state (self->session)
                                               : CS_SESSION_DISCONNECTED;
  const char *profile_id = self->session != NULL ? cs_session_get_profile_id (self->session)
                                                 : NULL;
  CsProfile *profile = profile_id != NULL ? cs_profile_store_lookup (self->store, profile_id)
                                          : NULL;
  const char *name = profile != NULL ? cs_profile_get_name (profile) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *icon = "network-offline-symbolic";
  const char *style = NULL;

  switch (state)
    {
    case CS_SESSION_CONNECTING:
      title = name != NULL ? g_strdup_printf (_("Connecting to %s…"), name)
                           : g_strdup (_("Connecting…"));
      subtitle = g_strdup (profile != NULL ? cs_profile_get_url (profile) : "");
      icon = "network-transmit-receive-symbolic";
      break;

    case CS_SESSION_CONNECTED:
      {
        CsVersion version;
        const char *cluster = cs_session_get_cluster_name (self->session);
        g_autofree char *version_text = NULL;

        title = name != NULL ? g_strdup_printf (_("Connected to %s"), name)
                             : g_strdup (_("Connected"));
        if (cs_session_get_version (self->session, &version))
          version_text = cs_version_to_string (&version);
        if (cluster != NULL && version_text != NULL)
          /* Translators: "Cluster “docker-cluster”, OpenSearch 2.19.1" */
          subtitle = g_strdup_printf (_("Cluster “%s”, OpenSearch %s%s"), cluster, version_text,
                                      cs_session_get_aws_managed (self->session)
                                        ? _(", Amazon OpenSearch Service") : "");
        else if (cluster != NULL)
          subtitle = g_strdup_printf (_("Cluster “%s”"), cluster);
        icon = "network-wired-symbolic";
        style = "success";
      }
      break;

    case CS_SESSION_FAILED:
      {
        const GError *error = cs_session_get_error (self->session);

        title = name != NULL ? g_strdup_printf (_("Could Not Connect to %s"), name)
                             : g_strdup (_("Could Not Connect"));
        subtitle = g_strdup (error != NULL ? error->message : "");
        icon = "network-error-symbolic";
        style = "error";
      }
      break;

    case CS_SESSION_DISCONNECTED:
    default:
      title = g_strdup (_("Not Connected"));
      subtitle = g_strdup (_("Choose a cluster profile below, or add one."));
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, subtitle);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
  gtk_spinner_set_spinning (self->status_spinner,
                            state == CS_SESSION_CONNECTING || self->attempting);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner),
                          state == CS_SESSION_CONNECTING || self->attempting);
  gtk_widget_set_visible (self->disconnect_button,
                          state == CS_SESSION_CONNECTED || state == CS_SESSION_CONNECTING);
  gtk_widget_set_visible (self->retry_button,
                          state == CS_SESSION_FAILED && self->last_profile_id != NULL &&
                          cs_profile_store_lookup (self->store, self->last_profile_id) != NULL);
  /* The failure's sentence may say to edit the profile: offer it. */
  gtk_widget_set_visible (self->edit_failed_button, gtk_widget_get_visible (self->retry_button));

  /* The connected profile's row shows it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CS_IS_PROFILE_ROW (child))
      {
        CsProfile *row_profile = cs_profile_row_get_profile (CS_PROFILE_ROW (child));

        cs_profile_row_set_connected (CS_PROFILE_ROW (child),
                                      state == CS_SESSION_CONNECTED &&
                                      g_strcmp0 (cs_profile_get_id (row_profile),
                                                 profile_id) == 0);
      }
}

static void
session_state_changed_cb (CsConnectionsPage *self)
{
  const char *profile_id = cs_session_get_profile_id (self->session);

  if (profile_id != NULL && cs_session_get_state (self->session) != CS_SESSION_DISCONNECTED)
    {
      g_free (self->last_profile_id);
      self->last_profile_id = g_strdup (profile_id);
    }
  update_status (self);
}

/* The list */

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return cs_profile_row_new (CS_PROFILE (item));
}

static void
profiles_changed_cb (CsConnectionsPage *self)
{
  gboolean empty = g_list_model_get_n_items (cs_profile_store_get_profiles (self->store)) == 0;

  gtk_widget_set_visible (self->welcome, empty);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_list), !empty);
  update_status (self);
}

static void
save_store (CsConnectionsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cs_profile_store_save (self->store, &error))
    cs_widget_show_toast (GTK_WIDGET (self), error->message);
}

/* Connecting: the flow is cs_connect_async(); the page shows its end. */

/* The editor's secrets, borrowed for a connect that copies them at once. */
static CsClientSecrets
editor_secrets (CsConnectionsPage *self)
{
  CsClientSecrets secrets = {
    cs_profile_editor_get_secret (ensure_editor (self), CS_SECRET_CLUSTER_PASSWORD),
    cs_profile_editor_get_secret (ensure_editor (self), CS_SECRET_AWS_ACCESS_KEY),
    cs_profile_editor_get_secret (ensure_editor (self), CS_SECRET_AWS_SECRET_KEY),
    cs_profile_editor_get_secret (ensure_editor (self), CS_SECRET_AWS_SESSION_TOKEN),
  };

  return secrets;
}

static void
kept_error_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        CsConnectionsPage *self)
{
  if (g_strcmp0 (response, "edit") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "connections.edit-failed", NULL);
}

static void
show_kept_connection_error (CsConnectionsPage *self,
                            const GError      *error)
{
  CsProfile *failed = self->last_profile_id != NULL
                        ? cs_profile_store_lookup (self->store, self->last_profile_id) : NULL;
  CsProfile *current = cs_profile_store_lookup (self->store,
                                                cs_session_get_profile_id (self->session));
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  heading = failed != NULL ? g_strdup_printf (_("Could Not Connect to %s"),
                                              cs_profile_get_name (failed))
                           : g_strdup (_("Could Not Connect"));
  body = current != NULL
           ? g_strdup_printf (_("%s You are still connected to %s."), error->message,
                              cs_profile_get_name (current))
           : g_strdup_printf (_("%s The working connection was kept."), error->message);
  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
  if (failed != NULL)
    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "edit", _("_Edit Profile"),
                                      NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (kept_error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsConnectionsPage) self = user_data;
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  /* The session shows how it went; a pin the user agreed to shows here. */
  info = cs_connect_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->attempting = FALSE;
  update_status (self);
  cs_profile_editor_refresh_trust (ensure_editor (self));
  /* A failed attempt left the working connection as it was: say so. */
  if (info == NULL && self->session != NULL &&
      cs_session_get_state (self->session) == CS_SESSION_CONNECTED)
    {
      show_kept_connection_error (self, error);
      return;
    }
  if (info != NULL && self->session != NULL &&
      cs_session_get_state (self->session) == CS_SESSION_CONNECTED)
    {
      CsProfile *profile = cs_profile_store_lookup (self->store,
                                                    cs_session_get_profile_id (self->session));
      g_autofree char *toast = g_strdup_printf (_("Connected to %s"),
                                                profile != NULL ? cs_profile_get_name (profile)
                                                                : "");

      cs_widget_show_toast (GTK_WIDGET (self), toast);
    }
}

static void
connect_profile (CsConnectionsPage *self,
                 CsProfile         *profile,
                 gboolean           from_editor)
{
  CsClientSecrets secrets = editor_secrets (self);

  if (self->session == NULL)
    return;
  cancel_attempt (self);
  g_free (self->last_profile_id);
  self->last_profile_id = g_strdup (cs_profile_get_id (profile));
  /* Connected already: the flow keeps that connection until this one works. */
  self->attempting = cs_session_get_state (self->session) == CS_SESSION_CONNECTED;
  update_status (self);
  cs_connect_async (self->session, profile, from_editor ? &secrets : NULL, self->secrets,
                    interaction (self), request_timeout (self), self->cancellable,
                    connected_cb, g_object_ref (self));
}

static void
tested_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsConnectionsPage) self = user_data;
  g_autoptr(CsClusterInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = cs_connect_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cs_profile_editor_set_busy (ensure_editor (self), FALSE);
  cs_profile_editor_refresh_trust (ensure_editor (self));
  if (info != NULL)
    cs_profile_editor_show_info (ensure_editor (self), info);
  else
    cs_profile_editor_show_error (ensure_editor (self), error);
}

/* Saving secrets: cs_secret_store_save_all_async() asks about the
 * session-only fallback through the window. */

typedef struct
{
  CsConnectionsPage *page;     /* owned */
  CsProfile         *profile;  /* owned */
  GPtrArray         *unused;   /* kinds to delete */
  gboolean           connect;
} SaveEditor;

static void
save_editor_free (SaveEditor *save)
{
  g_clear_object (&save->page);
  g_clear_object (&save->profile);
  g_ptr_array_unref (save->unused);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveEditor, save_editor_free)

static void
secrets_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SaveEditor) save = user_data;
  CsConnectionsPage *self = save->page;
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_save_all_finish (CS_SECRET_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      cs_profile_editor_set_busy (ensure_editor (self), FALSE);
      /* FAILED_HANDLED: the user saw why and said Cancel. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED))
        cs_widget_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  cs_profile_editor_set_busy (ensure_editor (self), FALSE);
  for (guint i = 0; i < save->unused->len; i++)
    cs_secret_store_delete_async (self->secrets, cs_profile_get_id (save->profile),
                                  save->unused->pdata[i], NULL, NULL, NULL);

  show_list (self);
  if (save->connect)
    connect_profile (self, save->profile, TRUE);
  else
    {
      g_autofree char *toast = g_strdup_printf (_("Saved “%s”"),
                                                cs_profile_get_name (save->profile));
      cs_widget_show_toast (GTK_WIDGET (self), toast);
    }
}

static void
save_editor (CsConnectionsPage *self,
             gboolean           connect)
{
  CsProfile *working = cs_profile_editor_get_profile (ensure_editor (self));
  static const char *const all_kinds[] = {
    CS_SECRET_CLUSTER_PASSWORD, CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY,
    CS_SECRET_AWS_SESSION_TOKEN,
  };
  const char *kinds[G_N_ELEMENTS (all_kinds) + 1] = { NULL, };
  const char *values[G_N_ELEMENTS (all_kinds) + 1] = { NULL, };
  guint n = 0;
  CsAuthKind kind;
  SaveEditor *save;

  if (working == NULL || !cs_profile_editor_get_valid (ensure_editor (self)))
    return;

  cancel_attempt (self);
  kind = cs_profile_get_auth_kind (working);

  /* The working copy becomes the saved profile. */
  cs_profile_store_add (self->store, working);
  save_store (self);
  g_free (self->editing_id);
  self->editing_id = g_strdup (cs_profile_get_id (working));

  save = g_new0 (SaveEditor, 1);
  save->page = g_object_ref (self);
  save->profile = g_object_ref (working);
  save->unused = g_ptr_array_new ();
  save->connect = connect;

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      const char *value = cs_profile_editor_get_secret (ensure_editor (self), all_kinds[i]);
      gboolean used = (kind == CS_AUTH_BASIC && i == 0) || (kind == CS_AUTH_SIGV4 && i > 0);

      if (used && value != NULL)
        {
          kinds[n] = all_kinds[i];
          values[n++] = value;
        }
      else
        g_ptr_array_add (save->unused, (gpointer) all_kinds[i]);
    }

  cs_profile_editor_set_busy (ensure_editor (self), TRUE);
  cs_secret_store_save_all_async (self->secrets, cs_profile_get_id (working), kinds, values,
                                  interaction (self), self->cancellable, secrets_saved_cb, save);
}

/* The editor */

/* The list again, with the keyboard focus on the profile just edited (or
 * the first one), not lost with the editor's hidden field. */
static void
show_list (CsConnectionsPage *self)
{
  GtkWidget *focus = NULL;

  gtk_stack_set_visible_child_name (self->stack, "list");
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CS_IS_PROFILE_ROW (child))
      {
        CsProfile *profile = cs_profile_row_get_profile (CS_PROFILE_ROW (child));

        if (focus == NULL ||
            g_strcmp0 (cs_profile_get_id (profile), self->editing_id) == 0)
          focus = child;
      }
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

typedef struct
{
  CsConnectionsPage *page;     /* owned */
  CsProfile         *profile;  /* the editor's working copy, owned */
  const char        *kind;
} FillSecret;

static void
fill_secret_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FillSecret *fill = user_data;
  g_autoptr(GError) error = NULL;
  char *value;

  value = cs_secret_store_lookup_finish (CS_SECRET_STORE (source), result, &error);
  /* Only if the editor still edits that profile. */
  if (value != NULL && cs_profile_editor_get_profile (fill->page->editor) == fill->profile)
    cs_profile_editor_set_secret (fill->page->editor, fill->kind, value);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cs_widget_show_toast (GTK_WIDGET (fill->page), error->message);
  cs_secret_store_free_secret (value);

  g_object_unref (fill->page);
  g_object_unref (fill->profile);
  g_free (fill);
}

static void
open_editor (CsConnectionsPage *self,
             CsProfile         *working,
             const char        *secrets_from,
             gboolean           is_new)
{
  static const char *const kinds[] = {
    CS_SECRET_CLUSTER_PASSWORD, CS_SECRET_AWS_ACCESS_KEY, CS_SECRET_AWS_SECRET_KEY,
    CS_SECRET_AWS_SESSION_TOKEN,
  };

  cancel_attempt (self);
  g_free (self->editing_id);
  self->editing_id = is_new ? NULL : g_strdup (cs_profile_get_id (working));
  cs_profile_editor_edit (ensure_editor (self), working, is_new);

  if (secrets_from != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        FillSecret *fill = g_new0 (FillSecret, 1);

        fill->page = g_object_ref (self);
        fill->profile = g_object_ref (working);
        fill->kind = kinds[i];
        cs_secret_store_lookup_async (self->secrets, secrets_from, kinds[i], self->cancellable,
                                      fill_secret_cb, fill);
      }

  gtk_stack_set_visible_child_name (self->stack, "editor");
}

/* A copy to edit, so that Back leaves the saved profile as it was. */
static CsProfile *
working_copy (CsProfile *profile)
{
  CsProfile *copy = cs_profile_new_with_id (cs_profile_get_id (profile));

  cs_profile_set_name (copy, cs_profile_get_name (profile));
  cs_profile_set_url (copy, cs_profile_get_url (profile));
  cs_profile_set_auth_kind (copy, cs_profile_get_auth_kind (profile));
  cs_profile_set_user_name (copy, cs_profile_get_user_name (profile));
  cs_profile_set_region (copy, cs_profile_get_region (profile));
  cs_profile_set_ca_file (copy, cs_profile_get_ca_file (profile));
  cs_profile_set_pinned_fingerprint (copy, cs_profile_get_pinned_fingerprint (profile));
  cs_profile_set_is_sandbox (copy, cs_profile_get_is_sandbox (profile));
  cs_profile_set_allow_insecure_aws (copy, cs_profile_get_allow_insecure_aws (profile));
  return copy;
}

static void
leave_editor (CsConnectionsPage *self)
{
  cancel_attempt (self);
  cs_profile_editor_set_busy (ensure_editor (self), FALSE);
  show_list (self);
}

static void
discard_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     CsConnectionsPage *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    leave_editor (self);
}

/* Back keeps nothing the user typed: ask first when something was. */
static void
editor_back_cb (CsConnectionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!cs_profile_editor_get_changed (ensure_editor (self)))
    {
      leave_editor (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Discard Changes?"),
                                   _("The changes to this profile have not been saved. "
                                     "Going back to the list discards them."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
editor_test_cb (CsConnectionsPage *self)
{
  CsProfile *working = cs_profile_editor_get_profile (ensure_editor (self));

  if (working == NULL)
    return;
  CsClientSecrets secrets = editor_secrets (self);

  cancel_attempt (self);
  cs_profile_editor_clear_result (ensure_editor (self));
  cs_profile_editor_set_busy (ensure_editor (self), TRUE);
  /* The same flow as Connect, with no session to change. */
  cs_connect_async (NULL, working, &secrets, self->secrets, interaction (self),
                    request_timeout (self), self->cancellable, tested_cb, g_object_ref (self));
}

static void
editor_save_cb (CsConnectionsPage *self)
{
  save_editor (self, FALSE);
}

static void
editor_connect_cb (CsConnectionsPage *self)
{
  save_editor (self, TRUE);
}

static void
row_activated_cb (CsConnectionsPage *self,
                  GtkListBoxRow     *row)
{
  CsProfile *profile = cs_profile_row_get_profile (CS_PROFILE_ROW (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "connections.edit", "s",
                              cs_profile_get_id (profile));
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);
  g_autoptr(CsProfile) profile = cs_profile_new ();

  cs_profile_set_url (profile, "https://localhost:9200");
  cs_profile_set_auth_kind (profile, CS_AUTH_BASIC);
  cs_profile_set_user_name (profile, "admin");
  open_editor (self, profile, NULL, TRUE);
}

static CsProfile *
profile_for (CsConnectionsPage *self,
             GVariant          *parameter)
{
  return cs_profile_store_lookup (self->store, g_variant_get_string (parameter, NULL));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);
  CsProfile *profile = profile_for (self, parameter);
  g_autoptr(CsProfile) copy = NULL;

  if (profile == NULL)
    return;
  copy = working_copy (profile);
  open_editor (self, copy, cs_profile_get_id (profile), FALSE);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);
  CsProfile *profile = profile_for (self, parameter);
  g_autoptr(CsProfile) copy = NULL;
  g_autofree char *name = NULL;

  if (profile == NULL)
    return;
  copy = cs_profile_duplicate (profile);
  /* Translators: the name of a copied profile */
  name = g_strdup_printf (_("%s (Copy)"), cs_profile_get_name (profile));
  cs_profile_set_name (copy, name);
  open_editor (self, copy, cs_profile_get_id (profile), TRUE);
}

static void
secrets_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsConnectionsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_delete_all_finish (CS_SECRET_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cs_widget_show_toast (GTK_WIDGET (self), error->message);
}

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    CsConnectionsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "cs-profile-id");
  g_autofree char *kept_id = g_strdup (id);

  if (g_strcmp0 (response, "delete") != 0 || kept_id == NULL)
    return;

  if (self->session != NULL && g_strcmp0 (cs_session_get_profile_id (self->session), kept_id) == 0)
    {
      cancel_attempt (self);
      cs_session_disconnect (self->session);
    }
  if (g_strcmp0 (self->last_profile_id, kept_id) == 0)
    g_clear_pointer (&self->last_profile_id, g_free);
  {
    g_autofree char *last = g_settings_get_string (self->settings, "last-profile");
    if (g_strcmp0 (last, kept_id) == 0)
      g_settings_set_string (self->settings, "last-profile", "");
  }

  cs_profile_store_remove (self->store, kept_id);
  save_store (self);
  cs_secret_store_delete_all_async (self->secrets, kept_id, NULL, secrets_deleted_cb,
                                    g_object_ref (self));
  update_status (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);
  CsProfile *profile = profile_for (self, parameter);
  AdwMessageDialog *dialog;

  if (profile == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Delete “%s”?"), cs_profile_get_name (profile));
  adw_message_dialog_set_body (dialog,
                               _("The profile is removed, and its password and AWS keys are "
                                 "deleted from the keyring."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cs-profile-id",
                          g_strdup (cs_profile_get_id (profile)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);
  CsProfile *profile = profile_for (self, parameter);

  if (profile != NULL)
    connect_profile (self, profile, FALSE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);
  CsProfile *profile = self->last_profile_id != NULL
                         ? cs_profile_store_lookup (self->store, self->last_profile_id) : NULL;

  if (profile != NULL)
    connect_profile (self, profile, FALSE);
}

static void
edit_failed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);

  if (self->last_profile_id != NULL)
    gtk_widget_activate_action (widget, "connections.edit", "s", self->last_profile_id);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);

  cancel_attempt (self);
  if (self->session != NULL)
    cs_session_disconnect (self->session);
}

/* The window's header bar shows the editor's title and its back button. */

static const char *
cs_connections_page_get_subview_title (CsSubview *subview)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (subview);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
    return NULL;
  return cs_profile_editor_get_title (ensure_editor (self));
}

static void
cs_connections_page_go_back (CsSubview *subview)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (subview);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0)
    gtk_widget_activate_action (GTK_WIDGET (ensure_editor (self)), "editor.back", NULL);
}

static void
cs_connections_page_subview_init (CsSubviewInterface *iface)
{
  iface->get_subview_title = cs_connections_page_get_subview_title;
  iface->go_back = cs_connections_page_go_back;
}

static void
subview_changed_cb (CsConnectionsPage *self)
{
  g_object_notify (G_OBJECT (self), "subview-title");
}

/* Alt+Left leaves the editor, as the header's back button does; on the list
 * it is left to the window (the folded sidebar). */
static gboolean
back_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (widget);

  if (cs_connections_page_get_subview_title (CS_SUBVIEW (self)) == NULL)
    return FALSE;
  cs_connections_page_go_back (CS_SUBVIEW (self));
  return TRUE;
}

/* GObject */

static void
cs_connections_page_dispose (GObject *object)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (cs_profile_store_get_profiles (self->store), self);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);

  /* The stack is both AdwBin's child and a template child: let AdwBin drop
   * it first, so that it is unparented once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTIONS_PAGE);

  G_OBJECT_CLASS (cs_connections_page_parent_class)->dispose (object);
}

static void
cs_connections_page_finalize (GObject *object)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (object);

  g_free (self->editing_id);
  g_free (self->last_profile_id);

  G_OBJECT_CLASS (cs_connections_page_parent_class)->finalize (object);
}

static void
cs_connections_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SUBVIEW_TITLE:
      g_value_set_string (value, cs_connections_page_get_subview_title (CS_SUBVIEW (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connections_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CsConnectionsPage *self = CS_CONNECTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cs_connections_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connections_page_class_init (CsConnectionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connections_page_dispose;
  object_class->finalize = cs_connections_page_finalize;
  object_class->get_property = cs_connections_page_get_property;
  object_class->set_property = cs_connections_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_SUBVIEW_TITLE, "subview-title");

  g_type_ensure (CS_TYPE_PROFILE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, welcome);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, profiles_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, edit_failed_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, profile_list);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsPage, editor_slot);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, back_shortcut_cb, NULL);

  gtk_widget_class_install_action (widget_class, "connections.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "connections.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "connections.duplicate", "s", duplicate_action);
  gtk_widget_class_install_action (widget_class, "connections.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "connections.connect", "s", connect_action);
  gtk_widget_class_install_action (widget_class, "connections.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "connections.edit-failed", NULL,
                                   edit_failed_action);
  gtk_widget_class_install_action (widget_class, "connections.disconnect", NULL,
                                   disconnect_action);
}

static void
cs_connections_page_init (CsConnectionsPage *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (BASE_APP_ID);
  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::profile-id",
                                 G_CALLBACK (session_state_changed_cb), self, G_CONNECT_SWAPPED);
  self->store = g_object_ref (cs_profile_store_get_default ());
  self->secrets = g_object_ref (cs_secret_store_get_default ());

  adw_preferences_group_add (self->profiles_group, self->welcome);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (subview_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->profile_list, cs_profile_store_get_profiles (self->store),
                           create_row_cb, self, NULL);
  g_signal_connect_object (cs_profile_store_get_profiles (self->store), "items-changed",
                           G_CALLBACK (profiles_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  profiles_changed_cb (self);
}

CsSession *
cs_connections_page_get_session (CsConnectionsPage *self)
{
  g_return_val_if_fail (CS_IS_CONNECTIONS_PAGE (self), NULL);
  return self->session;
}

void
cs_connections_page_set_session (CsConnectionsPage *self,
                                 CsSession         *session)
{
  g_return_if_fail (CS_IS_CONNECTIONS_PAGE (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  if (session != NULL)
    session_state_changed_cb (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

CsProfileEditor *
cs_connections_page_get_editor (CsConnectionsPage *self)
{
  g_return_val_if_fail (CS_IS_CONNECTIONS_PAGE (self), NULL);
  return ensure_editor (self);
}
