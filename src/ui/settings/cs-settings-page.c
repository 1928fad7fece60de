/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-settings-page"

#include "config.h"

#include "cs-settings-page.h"
#include "cs-settings-page-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-request-view.h"
#include "cs-trusted-endpoints.h"
#include "cs-trusted-pattern-row.h"
#include "cs-window.h"

/*
 * The cluster's plugins.ml_commons.trusted_connector_endpoints_regex: the
 * effective list and where it comes from, a URL tester with ML Commons'
 * full-match semantics, and a switch that appends (or removes) the Bedrock
 * runtime pattern as a persistent setting after showing the exact PUT body.
 */

struct _CsSettingsPage
{
  AdwBin               parent_instance;

  CsSession           *session;
  GSignalGroup        *session_signals;

  GCancellable        *fetch_cancellable;
  GCancellable        *save_cancellable;
  CsTrustedList       *list;
  GError              *fetch_error;
  gboolean             loading;
  gboolean             saving;
  gboolean             save_adds;     /* while saving: TRUE when adding the pattern */
  AdwMessageDialog    *dialog;
  guint                confirm_idle;  /* the switch asked for a change: confirm it */
  enum { PENDING_NONE, PENDING_ADD, PENDING_REMOVE } pending_change;

  GtkStack            *stack;
  GtkSpinner          *loading_spinner;
  AdwStatusPage       *error_status;
  AdwPreferencesGroup *list_group;
  GtkListBox          *pattern_list;
  AdwPreferencesGroup *other_group;
  GtkListBox          *other_list;
  AdwEntryRow         *url_row;
  GtkWidget           *test_result_box;
  GtkImage            *test_result_icon;
  GtkLabel            *test_result_label;
  AdwActionRow        *bedrock_row;
  GtkSwitch           *bedrock_switch;
  GtkSpinner          *save_spinner;
  GtkLabel            *bedrock_note;
  GtkLabel            *save_error_label;
};

G_DEFINE_FINAL_TYPE (CsSettingsPage, cs_settings_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TRUSTED_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (CsSettingsPage *self);

static CsClient *
connected_client (CsSettingsPage *self)
{
  if (self->session == NULL || cs_session_get_state (self->session) != CS_SESSION_CONNECTED)
    return NULL;
  return cs_session_get_client (self->session);
}

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static GtkWidget *
make_message_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  return row;
}

/* The URL tester */

static void
update_test_result (CsSettingsPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  int match = -1;
  int index = 0;

  if (self->list != NULL && url[0] != '\0')
    match = cs_trusted_list_match (self->list, url);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pattern_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!CS_IS_TRUSTED_PATTERN_ROW (child))
        continue;
      cs_trusted_pattern_row_set_matched (CS_TRUSTED_PATTERN_ROW (child), index == match);
      index++;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_icon), "error");

  if (self->list == NULL || url[0] == '\0')
    {
      gtk_widget_set_visible (self->test_result_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->test_result_box, TRUE);

  if (match >= 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("Trusted: the URL matches %s (entry %d of %u)."),
                              cs_trusted_list_get_pattern (self->list, (guint) match), match + 1,
                              cs_trusted_list_get_n_patterns (self->list));
      gtk_label_set_text (self->test_result_label, text);
      gtk_image_set_from_icon_name (self->test_result_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_result_icon), "success");
    }
  else
    {
      const char *text;

      if (strstr (url, "${parameters.") != NULL)
        text = _("Not trusted: no entry matches. The URL still holds ${parameters.…} "
                 "placeholders; the cluster checks it after filling them in with the "
                 "connector’s parameters, so test the filled-in URL.");
      else if (strchr (url, '<') != NULL && strchr (url, '>') != NULL)
        text = _("Not trusted: no entry matches. The URL still holds a blueprint placeholder "
                 "such as <PLEASE ADD YOUR AWS REGION HERE>; put the real value in its place.");
      else if (cs_trusted_pattern_matches (CS_BEDROCK_TRUSTED_PATTERN, url, NULL))
        text = _("Not trusted: no entry matches, so the cluster would refuse a connector with "
                 "this URL. Turn on “Trust Amazon Bedrock Runtime Endpoints” above to add the "
                 "pattern that does.");
      else if (cs_trusted_list_get_n_patterns (self->list) == 0)
        text = _("Not trusted: the list is empty, so the cluster refuses every connector.");
      else
        text = _("Not trusted: no entry matches, so the cluster would refuse a connector "
                 "with this URL. Check the URL for typos. This page adds only the Amazon "
                 "Bedrock runtime pattern; to trust another host, add a pattern for it to "
                 "plugins.ml_commons.trusted_connector_endpoints_regex on the cluster.");
      gtk_label_set_text (self->test_result_label, text);
      gtk_image_set_from_icon_name (self->test_result_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_result_icon), "error");
    }
}

static void
url_changed_cb (CsSettingsPage *self)
{
  update_test_result (self);
}

/* Showing the list */

static void
set_switch_quietly (CsSettingsPage *self,
                    gboolean        active)
{
  g_signal_handlers_block_matched (self->bedrock_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->bedrock_switch, active);
  gtk_switch_set_state (self->bedrock_switch, active);
  g_signal_handlers_unblock_matched (self->bedrock_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static char *
describe_source (CsSettingsPage *self)
{
  CsVersion version;
  g_autofree char *version_text = NULL;

  switch (cs_trusted_list_get_source (self->list))
    {
    case CS_SETTING_SOURCE_TRANSIENT:
      return g_strdup (_("Set as a transient cluster setting. It overrides the persistent "
                         "setting, and a full cluster restart discards it."));
    case CS_SETTING_SOURCE_PERSISTENT:
      return g_strdup (_("Set as a persistent cluster setting, which replaces the defaults "
                         "entirely."));
    case CS_SETTING_SOURCE_DEFAULT:
    default:
      if (!cs_trusted_list_has_source (self->list, CS_SETTING_SOURCE_DEFAULT))
        return g_strdup (_("The cluster reports no list and none is set. Check that the ML "
                           "Commons plugin is installed."));
      if (self->session != NULL && cs_session_get_version (self->session, &version))
        {
          version_text = cs_version_to_string (&version);
          return g_strdup_printf (_("Nothing is set, so the cluster uses the defaults of "
                                    "ML Commons for OpenSearch %s."), version_text);
        }
      return g_strdup (_("Nothing is set, so the cluster uses the defaults of ML Commons."));
    }
}

static void
update_bedrock (CsSettingsPage *self)
{
  g_autoptr(JsonNode) body = NULL;
  gboolean trusted = cs_trusted_list_contains (self->list, CS_BEDROCK_TRUSTED_PATTERN);
  gboolean other_match;
  CsVersion version;
  GString *note = g_string_new (NULL);

  /* A URL the pattern is meant for: trusted by some other entry? */
  other_match = !trusted &&
                cs_trusted_list_match (self->list,
                                       "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                                       "anthropic.claude/invoke") >= 0;

  body = cs_trusted_list_build_put_body (self->list, trusted ? NULL : CS_BEDROCK_TRUSTED_PATTERN,
                                         trusted ? CS_BEDROCK_TRUSTED_PATTERN : NULL);

  set_switch_quietly (self, self->saving ? self->save_adds : trusted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bedrock_switch), body != NULL && !self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);

  if (body == NULL)
    g_string_append (note, _("The cluster did not report its default list, so a change here "
                             "could drop entries it trusts today. Set the list on the cluster "
                             "directly."));
  else if (self->session != NULL && cs_session_get_version (self->session, &version) &&
           cs_version_at_least (&version, 2, 11) &&
           cs_trusted_list_get_source (self->list) == CS_SETTING_SOURCE_DEFAULT && trusted)
    g_string_append (note, _("OpenSearch 2.11 and later trust Amazon Bedrock runtime endpoints "
                             "by default, so this step is optional on this cluster."));
  else if (other_match)
    g_string_append (note, _("Another entry already trusts Amazon Bedrock runtime URLs, so "
                             "this step is optional on this cluster."));

  if (body != NULL && cs_trusted_list_get_source (self->list) == CS_SETTING_SOURCE_TRANSIENT)
    {
      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append (note, _("A transient list is in effect: it overrides the persistent one "
                               "until a full cluster restart. A change here is made to both, so "
                               "that it takes effect now and lasts."));
    }

  gtk_label_set_text (self->bedrock_note, note->str);
  gtk_widget_set_visible (GTK_WIDGET (self->bedrock_note), note->len > 0);
  g_string_free (note, TRUE);
}

static void
populate (CsSettingsPage *self)
{
  CsSettingSource effective = cs_trusted_list_get_source (self->list);
  guint n = cs_trusted_list_get_n_patterns (self->list);
  g_autofree char *description = describe_source (self);
  gboolean any_other = FALSE;
  static const CsSettingSource levels[] = {
    CS_SETTING_SOURCE_TRANSIENT, CS_SETTING_SOURCE_PERSISTENT, CS_SETTING_SOURCE_DEFAULT,
  };

  adw_preferences_group_set_description (self->list_group, description);

  clear_list_box (self->pattern_list);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->pattern_list,
                         cs_trusted_pattern_row_new (cs_trusted_list_get_pattern (self->list, i),
                                                     effective));
  if (n == 0)
    gtk_list_box_append (self->pattern_list,
                         make_message_row (cs_trusted_list_has_source (self->list, effective)
                                           ? _("The list is empty, so the cluster refuses every "
                                               "connector.")
                                           : _("The cluster reports no trusted endpoints.")));

  /* The levels the effective list hides. */
  clear_list_box (self->other_list);
  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      const char * const *patterns;

      if (levels[l] == effective || !cs_trusted_list_has_source (self->list, levels[l]))
        continue;
      patterns = cs_trusted_list_get_source_patterns (self->list, levels[l]);
      for (guint i = 0; patterns[i] != NULL; i++)
        {
          GtkWidget *row = cs_trusted_pattern_row_new (patterns[i], levels[l]);

          gtk_widget_add_css_class (row, "dim-label");
          gtk_list_box_append (self->other_list, row);
          any_other = TRUE;
        }
    }
  adw_preferences_group_set_description (self->other_group,
                                         effective == CS_SETTING_SOURCE_TRANSIENT
                                         ? _("The transient list overrides these while it is set.")
                                         : _("The defaults come back when the persistent setting is reset."));
  gtk_widget_set_visible (GTK_WIDGET (self->other_group), any_other);

  update_bedrock (self);
  update_test_result (self);
}

static void
update_state (CsSettingsPage *self)
{
  CsSessionState state = self->session != NULL ? cs_session_get_state (self->session)
                                               : CS_SESSION_DISCONNECTED;
  const char *child;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.refresh",
                                 state == CS_SESSION_CONNECTED && !self->loading && !self->saving);

  if (state == CS_SESSION_CONNECTING || (state == CS_SESSION_CONNECTED && self->list == NULL &&
                                         self->fetch_error == NULL))
    child = "loading";
  else if (state != CS_SESSION_CONNECTED)
    child = "not-connected";
  else if (self->fetch_error != NULL)
    child = "error";
  else
    child = "content";

  if (g_str_equal (child, "error"))
    adw_status_page_set_description (self->error_status, self->fetch_error->message);
  if (g_str_equal (child, "content"))
    populate (self);

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (child, "loading"));
  gtk_stack_set_visible_child_name (self->stack, child);
}

/* Reading */

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTrustedList) list = NULL;

  list = cs_trusted_list_fetch_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_error (&self->fetch_error);
  if (list == NULL)
    {
      self->fetch_error = g_steal_pointer (&error);
      g_clear_object (&self->list);
    }
  else
    {
      g_set_object (&self->list, list);
      /* What the other pages check URLs against: the list as it is now
       * (after a change made here, or one made elsewhere). */
      if (connected_client (self) != NULL)
        cs_session_set_trusted_list (self->session, list, NULL);
    }

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_LIST]);
}

static void
refresh (CsSettingsPage *self)
{
  CsClient *client = connected_client (self);

  g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);

  if (client == NULL)
    {
      self->loading = FALSE;
      g_clear_error (&self->fetch_error);
      if (self->list != NULL)
        {
          g_clear_object (&self->list);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_LIST]);
        }
      update_state (self);
      return;
    }

  self->fetch_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  /* Keep showing the list being refreshed; show the spinner only the first time. */
  if (self->fetch_error != NULL)
    {
      g_clear_error (&self->fetch_error);
      g_clear_object (&self->list);
    }
  update_state (self);

  cs_trusted_list_fetch_async (client, self->fetch_cancellable, fetch_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsSettingsPage *self = CS_SETTINGS_PAGE (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);
  refresh (self);
}

static void
session_state_changed_cb (CsSettingsPage *self)
{
  /* A new connection is a different cluster: forget what was shown, and
   * never send a body built for the previous one. */
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->saving = FALSE;
  if (self->dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_clear_object (&self->list);
  g_clear_error (&self->fetch_error);
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);

  /* The connect flow read the list already: show that one. */
  if (connected_client (self) != NULL && cs_session_get_trusted_list (self->session) != NULL)
    {
      g_cancellable_cancel (self->fetch_cancellable);
      g_clear_object (&self->fetch_cancellable);
      self->loading = FALSE;
      self->list = g_object_ref (cs_session_get_trusted_list (self->session));
      update_state (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_LIST]);
      return;
    }
  refresh (self);
}

/* Changing the Bedrock entry */

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CsSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_trusted_list_save_finish (CS_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_autofree char *text = NULL;

      self->saving = FALSE;
      /* The message carries the cluster's own explanation. */
      text = g_strdup_printf (_("The list was not changed. %s"), error->message);
      gtk_label_set_text (self->save_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), TRUE);
      if (self->list != NULL)
        update_bedrock (self);
      update_state (self);
      return;
    }

  self->saving = FALSE;
  cs_widget_show_toast (GTK_WIDGET (self),
                        self->save_adds
                        ? _("Amazon Bedrock runtime endpoints are trusted now")
                        : _("Amazon Bedrock runtime endpoints are no longer trusted"));
  refresh (self);
}

static char *
describe_body (JsonNode *body)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, body);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat ("PUT _cluster/settings\n", json, NULL);
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CsSettingsPage   *self)
{
  JsonNode *body = g_object_get_data (G_OBJECT (dialog), "cs-body");
  gboolean adding = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cs-adding"));
  CsClient *client = connected_client (self);

  if (self->dialog == dialog)
    self->dialog = NULL;

  if ((g_strcmp0 (response, "trust") != 0 && g_strcmp0 (response, "remove") != 0) ||
      client == NULL || body == NULL)
    {
      /* Cancelled: put the switch back. */
      if (self->list != NULL)
        update_bedrock (self);
      return;
    }

  self->saving = TRUE;
  self->save_adds = adding;
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);
  update_state (self);

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  cs_trusted_list_save_async (client, body, self->save_cancellable, save_cb, g_object_ref (self));
}

static void
confirm_change (CsSettingsPage *self,
                gboolean        adding)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  guint n_after;

  body = cs_trusted_list_build_put_body (self->list,
                                         adding ? CS_BEDROCK_TRUSTED_PATTERN : NULL,
                                         adding ? NULL : CS_BEDROCK_TRUSTED_PATTERN);
  g_return_if_fail (body != NULL);

  n_after = json_array_get_length (json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (body), "persistent"),
    CS_TRUSTED_ENDPOINTS_SETTING));
  text = describe_body (body);

  if (adding)
    {
      g_autofree char *message = g_strdup_printf (
        ngettext ("A PUT replaces the whole list. This one keeps every entry the cluster trusts "
                  "today and adds the Bedrock runtime pattern, %u entry in all.",
                  "A PUT replaces the whole list. This one keeps every entry the cluster trusts "
                  "today and adds the Bedrock runtime pattern, %u entries in all.", n_after),
        n_after);

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           _("Trust Amazon Bedrock Runtime Endpoints?"),
                                                           message));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "trust", _("_Trust"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (
        ngettext ("Connectors that call Amazon Bedrock will be refused when they are created or "
                  "updated. Every other entry is kept, %u entry in all.",
                  "Connectors that call Amazon Bedrock will be refused when they are created or "
                  "updated. Every other entry is kept, %u entries in all.", n_after),
        n_after);

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           _("Stop Trusting Amazon Bedrock Runtime Endpoints?"),
                                                           message));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
    }

  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_extra_child (dialog, cs_request_view_new (text, 240));
  g_object_set_data_full (G_OBJECT (dialog), "cs-body", g_steal_pointer (&body),
                          (GDestroyNotify) json_node_unref);
  g_object_set_data (G_OBJECT (dialog), "cs-adding", GINT_TO_POINTER (adding));
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);

  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
confirm_idle_cb (gpointer user_data)
{
  CsSettingsPage *self = user_data;
  gboolean adding = self->pending_change == PENDING_ADD;

  self->confirm_idle = 0;
  self->pending_change = PENDING_NONE;
  if (self->list == NULL || self->saving)
    return G_SOURCE_REMOVE;
  set_switch_quietly (self, cs_trusted_list_contains (self->list, CS_BEDROCK_TRUSTED_PATTERN));
  if (adding != cs_trusted_list_contains (self->list, CS_BEDROCK_TRUSTED_PATTERN))
    confirm_change (self, adding);
  return G_SOURCE_REMOVE;
}

static gboolean
bedrock_state_set_cb (CsSettingsPage *self,
                      gboolean        state)
{
  if (self->list == NULL || self->saving ||
      state == cs_trusted_list_contains (self->list, CS_BEDROCK_TRUSTED_PATTERN))
    return FALSE;

  /* Nothing changes before the user has seen the exact body, and the switch
   * does not move either: it stays where the cluster is until the change
   * is confirmed and saved (GtkSwitch has already moved its knob when
   * state-set runs, so it is put back once the handler returns). */
  self->pending_change = state ? PENDING_ADD : PENDING_REMOVE;
  if (self->confirm_idle == 0)
    self->confirm_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, confirm_idle_cb, self, NULL);
  return TRUE;
}

/* Shown again (the user comes back from another page, where a connector may
 * have failed the check): read the list again, keeping the current one on
 * screen meanwhile. */
static void
cs_settings_page_map (GtkWidget *widget)
{
  CsSettingsPage *self = CS_SETTINGS_PAGE (widget);

  GTK_WIDGET_CLASS (cs_settings_page_parent_class)->map (widget);

  if (self->list != NULL && !self->loading && !self->saving && self->dialog == NULL)
    refresh (self);
}

/* GObject */

static void
cs_settings_page_dispose (GObject *object)
{
  CsSettingsPage *self = CS_SETTINGS_PAGE (object);

  g_cancellable_cancel (self->fetch_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_handle_id (&self->confirm_idle, g_source_remove);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }

  /* The stack is both AdwBin's child and a template child: let AdwBin drop
   * it first, so that it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_SETTINGS_PAGE);

  G_OBJECT_CLASS (cs_settings_page_parent_class)->dispose (object);
}

static void
cs_settings_page_finalize (GObject *object)
{
  CsSettingsPage *self = CS_SETTINGS_PAGE (object);

  g_clear_object (&self->fetch_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->list);
  g_clear_error (&self->fetch_error);

  G_OBJECT_CLASS (cs_settings_page_parent_class)->finalize (object);
}

static void
cs_settings_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsSettingsPage *self = CS_SETTINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TRUSTED_LIST:
      g_value_set_object (value, self->list);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_settings_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CsSettingsPage *self = CS_SETTINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cs_settings_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_settings_page_class_init (CsSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_settings_page_dispose;
  object_class->finalize = cs_settings_page_finalize;
  object_class->get_property = cs_settings_page_get_property;
  object_class->set_property = cs_settings_page_set_property;
  widget_class->map = cs_settings_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TRUSTED_LIST] =
    g_param_spec_object ("trusted-list", NULL, NULL, CS_TYPE_TRUSTED_LIST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "settings.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "settings.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "settings.refresh", NULL);

  g_type_ensure (CS_TYPE_TRUSTED_PATTERN_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, pattern_list);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, other_group);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, other_list);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, test_result_box);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, test_result_icon);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, test_result_label);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, bedrock_row);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, bedrock_switch);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, bedrock_note);
  gtk_widget_class_bind_template_child (widget_class, CsSettingsPage, save_error_label);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bedrock_state_set_cb);
}

static void
cs_settings_page_init (CsSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
}

CsSession *
cs_settings_page_get_session (CsSettingsPage *self)
{
  g_return_val_if_fail (CS_IS_SETTINGS_PAGE (self), NULL);
  return self->session;
}

void
cs_settings_page_set_session (CsSettingsPage *self,
                              CsSession      *session)
{
  g_return_if_fail (CS_IS_SETTINGS_PAGE (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);

  session_state_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

CsTrustedList *
cs_settings_page_get_trusted_list (CsSettingsPage *self)
{
  g_return_val_if_fail (CS_IS_SETTINGS_PAGE (self), NULL);
  return self->list;
}

void
cs_settings_page_set_test_url (CsSettingsPage *self,
                               const char     *url)
{
  g_return_if_fail (CS_IS_SETTINGS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
}
