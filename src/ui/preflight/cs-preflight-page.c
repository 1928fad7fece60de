/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-preflight-page"

#include "config.h"

#include "cs-preflight-page.h"
#include "cs-preflight-page-private.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-json.h"
#include "cs-lifecycle-api.h"
#include "cs-line-breaks.h"
#include "cs-request-view.h"
#include "cs-trusted-endpoints.h"
#include "cs-window.h"

/*
 * The rows are AdwActionRows made here (no type of their own): a state icon
 * or a spinner as prefix, the check's title and result, and a fix button and
 * its spinner as suffixes. Each row keeps its check id and shown state as
 * object data; self->rows maps the id to the row.
 */

#define ROW_ID     "cs-preflight-id"
#define ROW_STATE  "cs-preflight-state"
#define ROW_ICON   "cs-preflight-icon"
#define ROW_SPIN   "cs-preflight-spinner"
#define ROW_FIX    "cs-preflight-fix"
#define ROW_FIXING "cs-preflight-fix-spinner"

struct _CsPreflightPage
{
  AdwBin           parent_instance;

  CsSession       *session;
  GSignalGroup    *session_signals;
  CsPreflight     *preflight;
  GCancellable    *run_cancellable;
  GCancellable    *fix_cancellable;
  GHashTable      *rows;          /* id → AdwActionRow (owned by its list) */
  gboolean         running;
  char            *fixing_id;     /* the row whose fix is being applied */
  char            *run_error;
  guint            n_problems;

  /* Template Widgets */
  GtkStack        *stack;
  AdwStatusPage   *not_connected_status;
  GtkStack        *summary_icon_stack;
  GtkSpinner      *run_spinner;
  GtkImage        *summary_icon;
  GtkLabel        *summary_title;
  GtkLabel        *summary_detail;
  GtkButton       *run_button;
  GtkListBox      *cluster_list;
  GtkListBox      *connector_list;
  GtkWidget       *no_connectors_label;
};

G_DEFINE_FINAL_TYPE (CsPreflightPage, cs_preflight_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_N_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_checks (CsPreflightPage *self);

static gboolean
is_connected (CsPreflightPage *self)
{
  return self->session != NULL
         && cs_session_get_state (self->session) == CS_SESSION_CONNECTED
         && cs_session_get_client (self->session) != NULL;
}

/* ---- rows ------------------------------------------------------------------------------ */

static const char *
state_icon_name (CsPreflightState state)
{
  switch (state)
    {
    case CS_PREFLIGHT_OK:             return "emblem-ok-symbolic";
    case CS_PREFLIGHT_WARNING:        return "dialog-warning-symbolic";
    case CS_PREFLIGHT_ERROR:          return "dialog-error-symbolic";
    case CS_PREFLIGHT_NOT_APPLICABLE: return "action-unavailable-symbolic";
    case CS_PREFLIGHT_PENDING:
    case CS_PREFLIGHT_RUNNING:
    default:                          return NULL;
    }
}

static const char *
state_css_class (CsPreflightState state)
{
  switch (state)
    {
    case CS_PREFLIGHT_OK:             return "success";
    case CS_PREFLIGHT_WARNING:        return "warning";
    case CS_PREFLIGHT_ERROR:          return "error";
    case CS_PREFLIGHT_NOT_APPLICABLE: return "dim-label";
    case CS_PREFLIGHT_PENDING:
    case CS_PREFLIGHT_RUNNING:
    default:                          return NULL;
    }
}

static const char *
state_name (CsPreflightState state)
{
  switch (state)
    {
    case CS_PREFLIGHT_OK:             return _("Passed");
    case CS_PREFLIGHT_WARNING:        return _("Warning");
    case CS_PREFLIGHT_ERROR:          return _("Problem");
    case CS_PREFLIGHT_NOT_APPLICABLE: return _("Skipped");
    case CS_PREFLIGHT_RUNNING:        return _("Checking");
    case CS_PREFLIGHT_PENDING:
    default:                          return _("Waiting");
    }
}

static const char *
fix_label (CsPreflightFix fix)
{
  switch (fix)
    {
    case CS_PREFLIGHT_FIX_TRUST_BEDROCK:           return _("_Trust Bedrock");
    case CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG: return _("_Set Timeout");
    case CS_PREFLIGHT_FIX_CONNECTOR_MODEL:         return _("_Use Profile");
    case CS_PREFLIGHT_FIX_RETRY:                   return _("_Check Again");
    case CS_PREFLIGHT_FIX_NONE:
    default:                                       return NULL;
    }
}

static const char *
fix_tooltip (CsPreflightFix fix)
{
  switch (fix)
    {
    case CS_PREFLIGHT_FIX_TRUST_BEDROCK:
      return _("Add the Amazon Bedrock runtime pattern to the trusted connector endpoints");
    case CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG:
      return _("Change the connector’s read timeout and retries to what the model needs");
    case CS_PREFLIGHT_FIX_CONNECTOR_MODEL:
      return _("Make the connector call the model through its inference profile");
    case CS_PREFLIGHT_FIX_RETRY:
      return _("Run the checks again");
    case CS_PREFLIGHT_FIX_NONE:
    default:
      return NULL;
    }
}

static void fix_clicked_cb (GtkButton       *button,
                            CsPreflightPage *self);

static GtkWidget *
create_row (CsPreflightPage *self,
            const char      *id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *fix = gtk_button_new ();
  GtkWidget *fixing = gtk_spinner_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 16, 16);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checking"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);

  gtk_button_set_use_underline (GTK_BUTTON (fix), TRUE);
  gtk_widget_set_valign (fix, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (fix, FALSE);
  g_signal_connect_object (fix, "clicked", G_CALLBACK (fix_clicked_cb), self, 0);
  gtk_widget_set_valign (fixing, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (fixing, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fixing), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Applying the fix"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fixing);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fix);

  g_object_set_data_full (G_OBJECT (row), ROW_ID, g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (fix), ROW_ID, g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (row), ROW_ICON, icon);
  g_object_set_data (G_OBJECT (row), ROW_SPIN, spinner);
  g_object_set_data (G_OBJECT (row), ROW_FIX, fix);
  g_object_set_data (G_OBJECT (row), ROW_FIXING, fixing);
  return row;
}

static void
show_row (CsPreflightPage      *self,
          GtkWidget            *row,
          const CsPreflightRow *check)
{
  static const char * const classes[] = { "success", "warning", "error", "dim-label" };
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), ROW_ICON);
  GtkWidget *spinner = g_object_get_data (G_OBJECT (row), ROW_SPIN);
  GtkWidget *fix = g_object_get_data (G_OBJECT (row), ROW_FIX);
  GtkWidget *fixing = g_object_get_data (G_OBJECT (row), ROW_FIXING);
  gboolean busy = check->state == CS_PREFLIGHT_PENDING || check->state == CS_PREFLIGHT_RUNNING;
  gboolean this_fixing = g_strcmp0 (self->fixing_id, check->id) == 0;
  g_autofree char *message = NULL;
  const char *css = state_css_class (check->state);

  g_object_set_data (G_OBJECT (row), ROW_STATE, GINT_TO_POINTER (check->state));
  if (check->title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title);
  if (check->message != NULL && *check->message != '\0')
    message = cs_line_breaks_keep_identifiers (check->message);
  else
    message = g_strdup (check->state == CS_PREFLIGHT_RUNNING ? _("Checking…")
                                                              : _("Waiting to be checked."));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (icon, classes[i]);
  if (css != NULL)
    gtk_widget_add_css_class (icon, css);
  if (!busy)
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), state_icon_name (check->state));
  gtk_widget_set_tooltip_text (icon, state_name (check->state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  state_name (check->state), -1);
  gtk_widget_set_visible (icon, !busy);
  gtk_widget_set_visible (spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), busy);

  gtk_widget_set_visible (fix, check->fix != CS_PREFLIGHT_FIX_NONE && !busy && !this_fixing);
  if (check->fix != CS_PREFLIGHT_FIX_NONE)
    {
      gtk_button_set_label (GTK_BUTTON (fix), fix_label (check->fix));
      gtk_widget_set_tooltip_text (fix, fix_tooltip (check->fix));
    }
  gtk_widget_set_sensitive (fix, self->fixing_id == NULL && !self->running);
  if (check->state == CS_PREFLIGHT_ERROR && check->fix != CS_PREFLIGHT_FIX_RETRY)
    gtk_widget_add_css_class (fix, "suggested-action");
  else
    gtk_widget_remove_css_class (fix, "suggested-action");
  gtk_widget_set_visible (fixing, this_fixing);
  gtk_spinner_set_spinning (GTK_SPINNER (fixing), this_fixing);
}

static void
clear_list (CsPreflightPage *self,
            GtkListBox      *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    {
      const char *id = g_object_get_data (G_OBJECT (child), ROW_ID);

      if (id != NULL)
        g_hash_table_remove (self->rows, id);
      gtk_list_box_remove (list, child);
    }
}

static void
update_summary (CsPreflightPage *self)
{
  GPtrArray *checks = cs_preflight_get_rows (self->preflight);
  guint n_done = 0, n_errors = 0, n_warnings = 0, n_connectors = 0;
  const char *icon = "emblem-ok-symbolic";
  const char *css = "success";
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  /* Not connected: the rows of the last cluster count for nothing. */
  if (!is_connected (self))
    checks = NULL;
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      CsPreflightRow *check = g_ptr_array_index (checks, i);

      if (check->state != CS_PREFLIGHT_PENDING && check->state != CS_PREFLIGHT_RUNNING)
        n_done++;
      if (check->state == CS_PREFLIGHT_ERROR)
        n_errors++;
      else if (check->state == CS_PREFLIGHT_WARNING)
        n_warnings++;
      if (g_str_has_prefix (check->id, "connector:"))
        n_connectors++;
    }

  /* Without the master key ML Commons lists no connector: say so rather than "none". */
  {
    const CsPreflightRow *key = checks ? cs_preflight_lookup (self->preflight, "master-key")
                                       : NULL;

    gtk_label_set_text (GTK_LABEL (self->no_connectors_label),
                        key != NULL && key->state == CS_PREFLIGHT_WARNING
                        ? _("The connectors could not be listed; see the master key row above.")
                        : _("No connector on the cluster yet."));
  }
  gtk_widget_set_visible (self->no_connectors_label, !self->running && n_connectors == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->connector_list), n_connectors > 0);

  gtk_spinner_set_spinning (self->run_spinner, self->running);
  gtk_stack_set_visible_child_name (self->summary_icon_stack,
                                    self->running ? "spinner" : "icon");
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button),
                            !self->running && self->fixing_id == NULL);

  if (self->running)
    {
      title = g_strdup (_("Checking the cluster…"));
      detail = g_strdup_printf (_("%u of %u checks done."), n_done, checks ? checks->len : 0);
    }
  else if (self->run_error != NULL)
    {
      title = g_strdup (_("The checks could not finish"));
      detail = cs_line_breaks_keep_identifiers (self->run_error);
      icon = "dialog-warning-symbolic";
      css = "warning";
    }
  else
    {
      if (n_errors > 0)
        {
          title = g_strdup_printf (ngettext ("%u problem to fix before the first predict",
                                             "%u problems to fix before the first predict",
                                             n_errors), n_errors);
          icon = "dialog-error-symbolic";
          css = "error";
        }
      else if (n_warnings > 0)
        {
          title = g_strdup (_("No problem found, but some warnings"));
          icon = "dialog-warning-symbolic";
          css = "warning";
        }
      else
        title = g_strdup (_("No problem found"));

      if (n_warnings > 0)
        detail = g_strdup_printf (ngettext ("%u warning. Each row says what to do; a button "
                                            "next to it applies the fix where there is one.",
                                            "%u warnings. Each row says what to do; a button "
                                            "next to it applies the fix where there is one.",
                                            n_warnings), n_warnings);
      else if (n_errors > 0)
        detail = g_strdup (_("Each row says what to do; a button next to it applies the fix "
                             "where there is one."));
      else
        detail = g_strdup (_("Connectors for Claude on Amazon Bedrock can be made and used on "
                             "this cluster."));
    }

  gtk_image_set_from_icon_name (self->summary_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), css);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_label_set_text (self->summary_title, title);
  gtk_label_set_text (self->summary_detail, detail);

  if (self->n_problems != n_errors)
    {
      self->n_problems = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
    }
}

/* Shows every row the core has, in its order; drops the rows it no longer has. */
static void
show_all_rows (CsPreflightPage *self)
{
  GPtrArray *checks = cs_preflight_get_rows (self->preflight);

  for (guint i = 0; i < checks->len; i++)
    {
      CsPreflightRow *check = g_ptr_array_index (checks, i);
      GtkWidget *row = g_hash_table_lookup (self->rows, check->id);

      if (row == NULL)
        {
          row = create_row (self, check->id);
          g_hash_table_insert (self->rows, g_strdup (check->id), row);
          gtk_list_box_append (g_str_has_prefix (check->id, "connector:") ? self->connector_list
                                                                          : self->cluster_list,
                               row);
        }
      show_row (self, row, check);
    }
  update_summary (self);
}

static void
row_changed_cb (CsPreflight     *preflight,
                guint            index,
                CsPreflightPage *self)
{
  GPtrArray *checks = cs_preflight_get_rows (preflight);

  if (index >= checks->len)
    return;
  show_all_rows (self);
}

/* ---- running ----------------------------------------------------------------------------- */

static void
update_visible (CsPreflightPage *self)
{
  if (!is_connected (self))
    {
      CsSessionState state = self->session ? cs_session_get_state (self->session)
                                           : CS_SESSION_DISCONNECTED;

      adw_status_page_set_description (
        self->not_connected_status,
        state == CS_SESSION_CONNECTING
        ? _("Connecting… The checks run as soon as the cluster answers.")
        : _("The checks need a cluster. Connect to one; they then run on their own."));
      gtk_stack_set_visible_child_name (self->stack, "not-connected");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(CsPreflightPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_preflight_run_finish (CS_PREFLIGHT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->running = FALSE;
  g_clear_pointer (&self->run_error, g_free);
  if (error != NULL)
    self->run_error = g_strdup (error->message);
  show_all_rows (self);
}

static void
run_checks (CsPreflightPage *self)
{
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->preflight == NULL || !is_connected (self))
    return;

  self->run_cancellable = g_cancellable_new ();
  self->running = TRUE;
  g_clear_pointer (&self->run_error, g_free);
  /* A run starts over: the connector rows of the last one go. */
  clear_list (self, self->connector_list);
  update_visible (self);
  cs_preflight_run_async (self->preflight, self->run_cancellable, run_cb, g_object_ref (self));
  show_all_rows (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CsPreflightPage *self = CS_PREFLIGHT_PAGE (widget);

  if (self->fixing_id == NULL)
    run_checks (self);
}

static void
session_state_changed_cb (CsPreflightPage *self)
{
  if (self->preflight == NULL)
    return;
  /* Another cluster, or none: nothing of the last one stays, and no fix made for it is sent. */
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_cancellable_cancel (self->fix_cancellable);
  g_clear_object (&self->fix_cancellable);
  g_clear_pointer (&self->fixing_id, g_free);
  g_clear_pointer (&self->run_error, g_free);
  self->running = FALSE;
  clear_list (self, self->cluster_list);
  clear_list (self, self->connector_list);
  update_summary (self);
  update_visible (self);

  if (is_connected (self))
    run_checks (self);
}

/* ---- fixes ------------------------------------------------------------------------------- */

static void
fix_done (CsPreflightPage *self,
          const GError    *error,
          const char      *toast)
{
  g_clear_pointer (&self->fixing_id, g_free);
  g_clear_object (&self->fix_cancellable);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The fix was not applied. %s"), error->message);

      cs_widget_show_toast (GTK_WIDGET (self), text);
      show_all_rows (self);
      return;
    }
  cs_widget_show_toast (GTK_WIDGET (self), toast);
  /* The fixed row turns green when the checks read the cluster again. */
  run_checks (self);
}

static void
fix_begin (CsPreflightPage *self,
           const char      *id)
{
  g_free (self->fixing_id);
  self->fixing_id = g_strdup (id);
  g_cancellable_cancel (self->fix_cancellable);
  g_clear_object (&self->fix_cancellable);
  self->fix_cancellable = g_cancellable_new ();
  show_all_rows (self);
}

static void
refetch_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CsPreflightPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTrustedList) list = cs_trusted_list_fetch_finish (CS_CLIENT (source), result,
                                                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* What the other pages check URLs against (as Cluster Settings does after a change). */
  if (is_connected (self))
    cs_session_set_trusted_list (self->session, list, error);
  fix_done (self, NULL, _("Amazon Bedrock runtime endpoints are trusted now"));
}

static void
trust_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsPreflightPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_trusted_list_save_finish (CS_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fix_done (self, error, NULL);
      return;
    }
  cs_trusted_list_fetch_async (CS_CLIENT (source), self->fix_cancellable, refetch_cb,
                               g_object_ref (self));
}

static void
connector_updated_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CsPreflightPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_connectors_update_finish (CS_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fix_done (self, error, NULL);
      return;
    }
  fix_done (self, NULL, _("The connector was changed"));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CsPreflightPage  *self)
{
  JsonNode *body = g_object_get_data (G_OBJECT (dialog), "cs-body");
  CsPreflightFix fix = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cs-fix"));
  const char *id = g_object_get_data (G_OBJECT (dialog), "cs-id");
  const char *connector_id = g_object_get_data (G_OBJECT (dialog), "cs-connector-id");
  CsClient *client;

  /* Closing the dialog after a response answers once more (its close response). */
  if (g_object_get_data (G_OBJECT (dialog), "cs-answered") != NULL)
    return;
  g_object_set_data (G_OBJECT (dialog), "cs-answered", GINT_TO_POINTER (TRUE));

  if (g_strcmp0 (response, "apply") != 0 || !is_connected (self)
      || g_strcmp0 (self->fixing_id, id) != 0)
    {
      if (g_strcmp0 (self->fixing_id, id) == 0)
        {
          g_clear_pointer (&self->fixing_id, g_free);
          g_clear_object (&self->fix_cancellable);
          show_all_rows (self);
        }
      return;
    }

  client = cs_session_get_client (self->session);
  if (fix == CS_PREFLIGHT_FIX_TRUST_BEDROCK)
    cs_trusted_list_save_async (client, body, self->fix_cancellable, trust_saved_cb,
                                g_object_ref (self));
  else
    cs_connectors_update_async (client, connector_id, body, self->fix_cancellable,
                                connector_updated_cb, g_object_ref (self));
}

/* Shows the exact request before sending it, as Cluster Settings does. */
static void
confirm_fix (CsPreflightPage      *self,
             const CsPreflightRow *check,
             JsonNode             *body,
             const char           *heading,
             const char           *message,
             const char           *request_line)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *json = cs_json_to_data (body, TRUE);
  g_autofree char *text = g_strconcat (request_line, "\n", json, NULL);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading, message));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", _("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_extra_child (dialog, cs_request_view_new (text, 120));
  g_object_set_data_full (G_OBJECT (dialog), "cs-body", json_node_ref (body),
                          (GDestroyNotify) json_node_unref);
  g_object_set_data (G_OBJECT (dialog), "cs-fix", GINT_TO_POINTER (check->fix));
  g_object_set_data_full (G_OBJECT (dialog), "cs-id", g_strdup (check->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "cs-connector-id", g_strdup (check->connector_id),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trusted_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsPreflightPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTrustedList) list = cs_trusted_list_fetch_finish (CS_CLIENT (source), result,
                                                                &error);
  g_autoptr(JsonNode) body = NULL;
  const CsPreflightRow *check;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  check = self->fixing_id ? cs_preflight_lookup (self->preflight, self->fixing_id) : NULL;
  if (list == NULL || check == NULL)
    {
      fix_done (self, error, NULL);
      return;
    }
  body = cs_preflight_row_build_fix_body (check, list);
  if (body == NULL)
    {
      g_autoptr(GError) refused = g_error_new_literal (
        CS_ERROR, CS_ERROR_FAILED,
        _("The list could not be extended without knowing its defaults. Add the Bedrock "
          "pattern on the Cluster Settings page."));

      fix_done (self, refused, NULL);
      return;
    }
  message = g_strdup (_("A PUT replaces the whole list. This one keeps every entry the cluster "
                        "trusts today and adds the Bedrock runtime pattern."));
  confirm_fix (self, check, body, _("Trust Amazon Bedrock Runtime Endpoints?"), message,
               "PUT _cluster/settings");
}

static void
fix_clicked_cb (GtkButton       *button,
                CsPreflightPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), ROW_ID);
  const CsPreflightRow *check = cs_preflight_lookup (self->preflight, id);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *line = NULL;

  if (check == NULL || self->fixing_id != NULL || self->running || !is_connected (self))
    return;

  switch (check->fix)
    {
    case CS_PREFLIGHT_FIX_RETRY:
      run_checks (self);
      break;

    case CS_PREFLIGHT_FIX_TRUST_BEDROCK:
      /* The list as it is now, not as it was at the last run: a PUT replaces all of it. */
      fix_begin (self, id);
      cs_trusted_list_fetch_async (cs_session_get_client (self->session), self->fix_cancellable,
                                   trusted_fetched_cb, g_object_ref (self));
      break;

    case CS_PREFLIGHT_FIX_CONNECTOR_CLIENT_CONFIG:
    case CS_PREFLIGHT_FIX_CONNECTOR_MODEL:
      body = cs_preflight_row_build_fix_body (check, NULL);
      if (body == NULL || check->connector_id == NULL)
        return;
      line = g_strdup_printf ("PUT _plugins/_ml/connectors/%s", check->connector_id);
      fix_begin (self, id);
      check = cs_preflight_lookup (self->preflight, id);
      confirm_fix (self, check, body, _("Change the Connector?"),
                   check->fix == CS_PREFLIGHT_FIX_CONNECTOR_MODEL
                   ? _("The connector will call the model through its inference profile. "
                       "Models that use it and are deployed may have to be undeployed first.")
                   : _("The connector’s client settings change to what the model needs. "
                       "Models that use it and are deployed may have to be undeployed first."),
                   line);
      break;

    case CS_PREFLIGHT_FIX_NONE:
    default:
      break;
    }
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
cs_preflight_page_dispose (GObject *object)
{
  CsPreflightPage *self = CS_PREFLIGHT_PAGE (object);

  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->fix_cancellable);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_clear_object (&self->preflight);

  /* The stack is both AdwBin's child and a template child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PREFLIGHT_PAGE);

  G_OBJECT_CLASS (cs_preflight_page_parent_class)->dispose (object);
}

static void
cs_preflight_page_finalize (GObject *object)
{
  CsPreflightPage *self = CS_PREFLIGHT_PAGE (object);

  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->fix_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->fixing_id, g_free);
  g_clear_pointer (&self->run_error, g_free);

  G_OBJECT_CLASS (cs_preflight_page_parent_class)->finalize (object);
}

static void
cs_preflight_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsPreflightPage *self = CS_PREFLIGHT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_N_PROBLEMS:
      g_value_set_uint (value, self->n_problems);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_preflight_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CsPreflightPage *self = CS_PREFLIGHT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cs_preflight_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_preflight_page_class_init (CsPreflightPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_preflight_page_dispose;
  object_class->finalize = cs_preflight_page_finalize;
  object_class->get_property = cs_preflight_page_get_property;
  object_class->set_property = cs_preflight_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "preflight.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "preflight.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "preflight.run", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-preflight-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, not_connected_status);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, summary_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, run_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, summary_title);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, summary_detail);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, connector_list);
  gtk_widget_class_bind_template_child (widget_class, CsPreflightPage, no_connectors_label);
}

static void
cs_preflight_page_init (CsPreflightPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self, G_CONNECT_SWAPPED);
  update_visible (self);
}

CsSession *
cs_preflight_page_get_session (CsPreflightPage *self)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT_PAGE (self), NULL);
  return self->session;
}

void
cs_preflight_page_set_session (CsPreflightPage *self,
                               CsSession       *session)
{
  g_return_if_fail (CS_IS_PREFLIGHT_PAGE (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_clear_object (&self->preflight);
  if (session != NULL)
    {
      self->preflight = cs_preflight_new (session);
      g_signal_connect (self->preflight, "row-changed", G_CALLBACK (row_changed_cb), self);
      session_state_changed_cb (self);
    }
  else
    {
      clear_list (self, self->cluster_list);
      clear_list (self, self->connector_list);
      update_visible (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

guint
cs_preflight_page_get_n_problems (CsPreflightPage *self)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT_PAGE (self), 0);
  return self->n_problems;
}

void
cs_preflight_page_run (CsPreflightPage *self)
{
  g_return_if_fail (CS_IS_PREFLIGHT_PAGE (self));
  if (self->fixing_id == NULL)
    run_checks (self);
}

/* ---- for tests --------------------------------------------------------------------------- */

CsPreflight *
cs_preflight_page_get_preflight (CsPreflightPage *self)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT_PAGE (self), NULL);
  return self->preflight;
}

gboolean
cs_preflight_page_is_busy (CsPreflightPage *self)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT_PAGE (self), FALSE);
  return self->running || self->fixing_id != NULL;
}

GtkWidget *
cs_preflight_page_get_row (CsPreflightPage *self,
                           const char      *id)
{
  g_return_val_if_fail (CS_IS_PREFLIGHT_PAGE (self), NULL);
  return g_hash_table_lookup (self->rows, id);
}

CsPreflightState
cs_preflight_page_get_row_state (CsPreflightPage *self,
                                 const char      *id)
{
  GtkWidget *row = cs_preflight_page_get_row (self, id);

  g_return_val_if_fail (row != NULL, CS_PREFLIGHT_PENDING);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), ROW_STATE));
}

GtkWidget *
cs_preflight_page_get_fix_button (CsPreflightPage *self,
                                  const char      *id)
{
  GtkWidget *row = cs_preflight_page_get_row (self, id);

  g_return_val_if_fail (row != NULL, NULL);
  return g_object_get_data (G_OBJECT (row), ROW_FIX);
}
