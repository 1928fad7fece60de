/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-review-dialog"

#include "config.h"

#include "cs-connector-review-dialog-private.h"

#include <glib/gi18n.h>

#include "cs-keys-over-http-dialog.h"
#include "cs-step-row.h"

#include "cs-connector-edit.h"
#include "cs-profile.h"
#include "cs-timeout-check.h"

struct _CsConnectorReviewDialog
{
  AdwWindow            parent_instance;

  /* Template Widgets */
  GtkButton           *cancel_button;
  GtkButton           *apply_button;
  GtkButton           *close_button;
  GtkSpinner          *spinner;
  GtkLabel            *intro_label;
  AdwPreferencesGroup *changes_group;
  GtkListBox          *changes_list;
  AdwPreferencesGroup *plan_group;
  AdwActionRow        *plan_row;
  GtkImage            *plan_icon;
  AdwActionRow        *models_row;
  AdwPreferencesGroup *timeouts_group;
  GtkListBox          *timeouts_list;
  AdwPreferencesGroup *steps_group;
  GtkListBox          *steps_list;
  GtkBox              *outcome_box;
  GtkImage            *outcome_icon;
  GtkLabel            *outcome_label;

  /* Owned References */
  CsSession           *session;
  char                *connector_id;
  CsConnectorSpec     *edited;
  gboolean             keep_secrets;
  GCancellable        *cancellable;
  GCancellable        *plan_cancellable;
  CsEditPlan          *plan;
  GtkWidget           *running_row;
  gboolean             planning;
  gboolean             running;
  int                  result;
};

G_DEFINE_FINAL_TYPE (CsConnectorReviewDialog, cs_connector_review_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_plan (CsConnectorReviewDialog *self);

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_buttons (CsConnectorReviewDialog *self)
{
  gboolean can_apply = self->plan != NULL && !self->planning && !self->running &&
                       self->result < 0 &&
                       cs_edit_plan_get_kind (self->plan) != CS_EDIT_PLAN_NOTHING;

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), can_apply);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->timeouts_group), !self->running &&
                            self->result < 0);
  gtk_spinner_set_spinning (self->spinner, self->planning || self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->planning || self->running);
}

/* ---- the plan ---- */

static const char *
plan_title (CsEditPlanKind kind)
{
  switch (kind)
    {
    case CS_EDIT_PLAN_NOTHING:
      return _("Nothing to Apply");
    case CS_EDIT_PLAN_CONNECTOR_PUT:
      return _("The Connector Is Updated Directly");
    case CS_EDIT_PLAN_SWITCH_CONNECTOR:
      return _("The Models Switch to an Edited Copy, Without Downtime");
    case CS_EDIT_PLAN_REDEPLOY:
      return _("The Models Are Undeployed, Then Deployed Again");
    case CS_EDIT_PLAN_MODEL_UPDATE:
      return _("The Model Is Updated in Place");
    default:
      return "";
    }
}

static const char *
plan_icon_name (CsEditPlanKind kind)
{
  switch (kind)
    {
    case CS_EDIT_PLAN_NOTHING:         return "emblem-ok-symbolic";
    case CS_EDIT_PLAN_REDEPLOY:        return "dialog-warning-symbolic";
    case CS_EDIT_PLAN_SWITCH_CONNECTOR:
    case CS_EDIT_PLAN_MODEL_UPDATE:    return "emblem-synchronizing-symbolic";
    case CS_EDIT_PLAN_CONNECTOR_PUT:
    default:                           return "document-edit-symbolic";
    }
}

static char *
shown_value (const char *value)
{
  if (value == NULL)
    return g_strdup (_("(not set)"));
  if (g_utf8_strlen (value, -1) > 200)
    {
      g_autofree char *head = g_utf8_substring (value, 0, 200);

      return g_strconcat (head, "…", NULL);
    }
  return g_strdup (value);
}

static void
show_changes (CsConnectorReviewDialog *self)
{
  GPtrArray *changes = cs_edit_plan_get_changes (self->plan);

  clear_list (self->changes_list);
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      CsConnectorChange *change = g_ptr_array_index (changes, i);
      g_autofree char *old_value = shown_value (change->old_value);
      g_autofree char *new_value = shown_value (change->new_value);
      /* Translators: the value of a connector field before and after the edit */
      g_autofree char *subtitle = g_strdup_printf (_("Now: %s\nAfter: %s"), old_value,
                                                   new_value);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "lifecycle-change");
      gtk_list_box_append (self->changes_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), changes != NULL && changes->len > 0);
}

static void
show_models (CsConnectorReviewDialog *self)
{
  const char * const *models = cs_edit_plan_get_model_ids (self->plan);
  const char * const *deployed = cs_edit_plan_get_deployed_ids (self->plan);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (deployed != NULL && g_strv_contains (deployed, models[i]))
        /* Translators: %s is a model id */
        g_string_append_printf (text, _("%s (deployed)"), models[i]);
      else
        g_string_append (text, models[i]);
    }
  if (text->len == 0)
    g_string_append (text, _("None: no model uses this connector."));
  adw_action_row_set_subtitle (self->models_row, text->str);
}

static void
fix_timeout_clicked_cb (GtkButton               *button,
                        CsConnectorReviewDialog *self)
{
  gint64 seconds = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "cs-seconds"));

  if (seconds <= 0 || self->running || self->result >= 0)
    return;
  /* The fix goes into the edit (the form shows it too), and the plan is made again. */
  cs_connector_spec_set_read_timeout (self->edited, seconds);
  start_plan (self);
}

static void
show_timeouts (CsConnectorReviewDialog *self)
{
  GPtrArray *problems = cs_edit_plan_get_timeout_problems (self->plan);

  clear_list (self->timeouts_list);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      CsTimeoutProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (problem->suggested_read_timeout > 0)
        {
          /* Translators: a button; %d is a number of seconds */
          g_autofree char *label = g_strdup_printf (_("Use %d s"),
                                                    (int) problem->suggested_read_timeout);
          GtkWidget *button = gtk_button_new_with_label (label);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Set the read timeout to this in the edit"));
          g_object_set_data (G_OBJECT (button), "cs-seconds",
                             GSIZE_TO_POINTER ((gsize) problem->suggested_read_timeout));
          g_signal_connect_object (button, "clicked", G_CALLBACK (fix_timeout_clicked_cb), self,
                                   0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->timeouts_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->timeouts_group),
                          problems != NULL && problems->len > 0);
}

static void
plan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CsConnectorReviewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  CsEditPlan *plan = cs_connector_edit_plan_finish (CS_CLIENT (source), result, &error);
  CsEditPlanKind kind;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->planning = FALSE;
  g_clear_pointer (&self->plan, cs_edit_plan_unref);
  if (plan == NULL)
    {
      gtk_label_set_text (self->intro_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->intro_label), "error");
      update_buttons (self);
      return;
    }
  self->plan = plan;
  kind = cs_edit_plan_get_kind (plan);

  gtk_widget_remove_css_class (GTK_WIDGET (self->intro_label), "error");
  gtk_label_set_text (self->intro_label,
                      kind == CS_EDIT_PLAN_NOTHING
                      ? _("Nothing has been sent.")
                      : _("Nothing has been sent yet. Check what changes and how, then apply."));
  show_changes (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->plan_row), plan_title (kind));
  adw_action_row_set_subtitle (self->plan_row, cs_edit_plan_get_why (plan));
  gtk_image_set_from_icon_name (self->plan_icon, plan_icon_name (kind));
  gtk_widget_remove_css_class (GTK_WIDGET (self->plan_icon), "warning");
  if (kind == CS_EDIT_PLAN_REDEPLOY)
    gtk_widget_add_css_class (GTK_WIDGET (self->plan_icon), "warning");
  show_models (self);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_group), TRUE);
  show_timeouts (self);
  if (kind == CS_EDIT_PLAN_REDEPLOY)
    gtk_button_set_label (self->apply_button, _("_Undeploy and Apply"));
  else
    gtk_button_set_label (self->apply_button, _("_Apply"));
  update_buttons (self);
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->apply_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->apply_button));
}

static void
start_plan (CsConnectorReviewDialog *self)
{
  CsVersion version;
  gboolean have_version = cs_session_get_version (self->session, &version);

  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->plan_cancellable);
  self->plan_cancellable = g_cancellable_new ();
  self->planning = TRUE;
  update_buttons (self);
  cs_connector_edit_plan_async (cs_session_get_client (self->session),
                                have_version ? &version : NULL, self->connector_id, self->edited,
                                self->keep_secrets, self->plan_cancellable, plan_cb,
                                g_object_ref (self));
}

/* ---- applying ---- */

static void
finish_running_row (CsConnectorReviewDialog *self)
{
  if (self->running_row == NULL)
    return;
  cs_step_row_stop (ADW_ACTION_ROW (self->running_row));
  self->running_row = NULL;
}

/* A step that ended without a word of its own: the next one started, so it is done. */
static void
mark_running_row_done (CsConnectorReviewDialog *self)
{
  if (self->running_row == NULL)
    return;
  cs_step_row_mark_done (ADW_ACTION_ROW (self->running_row));
  self->running_row = NULL;
}

/* The cluster's text, or the model a step is about. */
static char *
progress_subtitle (CsConnectorReviewDialog *self,
                   const char              *cluster_text)
{
  const char * const *models = self->plan != NULL ? cs_edit_plan_get_model_ids (self->plan) : NULL;

  if (cluster_text == NULL || cluster_text[0] == '\0')
    return NULL;
  if (models != NULL && g_strv_contains (models, cluster_text))
    /* Translators: %s is a model id */
    return g_strdup_printf (_("Model %s"), cluster_text);
  return g_strdup (cluster_text);
}

static void
progress_cb (const char *text,
             const char *cluster_text,
             gpointer    user_data)
{
  CsConnectorReviewDialog *self = user_data;
  gboolean ongoing = g_str_has_suffix (text, "…");
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (self->steps_list == NULL) /* disposed */
    return;
  /* The plan's reason is already shown above the steps. */
  if (self->plan != NULL && g_strcmp0 (text, cs_edit_plan_get_why (self->plan)) == 0)
    return;
  subtitle = progress_subtitle (self, cluster_text);
  /* What a step came to goes in the row that announced it (the same subject). */
  if (!ongoing && self->running_row != NULL &&
      g_strcmp0 (g_object_get_data (G_OBJECT (self->running_row), "cs-subject"),
                 cluster_text) == 0)
    {
      row = self->running_row;
      finish_running_row (self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      return;
    }

  mark_running_row_done (self);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (ongoing)
    {
      cs_step_row_start (ADW_ACTION_ROW (row));
      g_object_set_data_full (G_OBJECT (row), "cs-subject", g_strdup (cluster_text), g_free);
      self->running_row = row;
    }
  gtk_list_box_append (self->steps_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), TRUE);
}

static void
show_outcome (CsConnectorReviewDialog *self,
              const char              *icon,
              const char              *style,
              const char              *text)
{
  gtk_image_set_from_icon_name (self->outcome_icon, icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), style);
  gtk_label_set_text (self->outcome_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), TRUE);
}

static void
execute_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CsConnectorReviewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *now_id = NULL;

  self->running = FALSE;
  finish_running_row (self);
  if (!cs_connector_edit_execute_finish (CS_CLIENT (source), result, &now_id, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->result = 0;
      show_outcome (self, "dialog-error-symbolic", "error", error->message);
    }
  else
    {
      g_autofree char *text = NULL;

      self->result = 1;
      if (now_id != NULL && g_strcmp0 (now_id, self->connector_id) != 0 &&
          cs_edit_plan_get_kind (self->plan) == CS_EDIT_PLAN_SWITCH_CONNECTOR)
        text = g_strdup_printf (_("Applied. The models now use the edited connector %s and kept "
                                  "answering throughout; the old connector was removed."),
                                now_id);
      else
        text = g_strdup (_("Applied. The cluster holds the edited connector."));
      show_outcome (self, "emblem-ok-symbolic", "success", text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->intro_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
  update_buttons (self);
  if (self->result == 1)
    g_signal_emit (self, signals[SIGNAL_APPLIED], 0, now_id != NULL ? now_id : self->connector_id);
}

static void
start_apply (CsConnectorReviewDialog *self)
{
  gtk_label_set_text (self->intro_label,
                      _("Applying. Each step is shown below as it happens, with the cluster’s "
                        "own words."));
  self->running = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
  update_buttons (self);
  cs_connector_edit_execute_async (cs_session_get_client (self->session), self->plan,
                                   progress_cb, self, self->cancellable, execute_cb,
                                   g_object_ref (self));
}

static void
insecure_response_cb (AdwMessageDialog        *dialog,
                      const char              *response,
                      CsConnectorReviewDialog *self)
{
  if (g_strcmp0 (response, "send") != 0 || self->running || self->result >= 0)
    return;
  cs_client_set_keys_over_http_allowed (cs_session_get_client (self->session), TRUE);
  start_apply (self);
}

static void
apply_clicked_cb (CsConnectorReviewDialog *self)
{
  CsClient *client;
  AdwMessageDialog *dialog;

  if (self->plan == NULL || self->running || self->planning || self->result >= 0)
    return;
  client = cs_session_get_client (self->session);
  if (self->keep_secrets || !cs_profile_url_is_plain_http (cs_client_get_base_url (client)) ||
      cs_client_get_keys_over_http_allowed (client))
    {
      start_apply (self);
      return;
    }
  dialog = cs_keys_over_http_dialog_new (GTK_WINDOW (self), cs_client_get_base_url (client));
  g_signal_connect_object (dialog, "response", G_CALLBACK (insecure_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_clicked_cb (CsConnectorReviewDialog *self)
{
  if (!self->running)
    gtk_window_close (GTK_WINDOW (self));
}

static void
close_clicked_cb (CsConnectorReviewDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (CsConnectorReviewDialog *self)
{
  /* Steps that are running end in a state the dialog names: it stays until then. */
  return self->running;
}

/* ---- GObject ---- */

static void
cs_connector_review_dialog_dispose (GObject *object)
{
  CsConnectorReviewDialog *self = CS_CONNECTOR_REVIEW_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->plan_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTOR_REVIEW_DIALOG);

  G_OBJECT_CLASS (cs_connector_review_dialog_parent_class)->dispose (object);
}

static void
cs_connector_review_dialog_finalize (GObject *object)
{
  CsConnectorReviewDialog *self = CS_CONNECTOR_REVIEW_DIALOG (object);

  g_clear_pointer (&self->plan, cs_edit_plan_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->edited);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan_cancellable);
  g_free (self->connector_id);

  G_OBJECT_CLASS (cs_connector_review_dialog_parent_class)->finalize (object);
}

static void
cs_connector_review_dialog_class_init (CsConnectorReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connector_review_dialog_dispose;
  object_class->finalize = cs_connector_review_dialog_finalize;

  signals[SIGNAL_APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connector-review-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, changes_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, changes_list);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, plan_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, plan_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, plan_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, models_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, timeouts_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, timeouts_list);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorReviewDialog, outcome_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
cs_connector_review_dialog_init (CsConnectorReviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->result = -1;
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

GtkWidget *
cs_connector_review_dialog_new (GtkWindow       *parent,
                                CsSession       *session,
                                const char      *connector_id,
                                CsConnectorSpec *edited,
                                gboolean         keep_secrets)
{
  CsConnectorReviewDialog *self;

  g_return_val_if_fail (CS_IS_SESSION (session), NULL);
  g_return_val_if_fail (connector_id != NULL, NULL);
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (edited), NULL);

  self = g_object_new (CS_TYPE_CONNECTOR_REVIEW_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->connector_id = g_strdup (connector_id);
  self->edited = g_object_ref (edited);
  self->keep_secrets = keep_secrets;
  if (cs_session_get_client (session) != NULL)
    start_plan (self);
  return GTK_WIDGET (self);
}

gboolean
cs_connector_review_dialog_get_planned (CsConnectorReviewDialog *self)
{
  return self->plan != NULL && !self->planning;
}

int
cs_connector_review_dialog_get_result (CsConnectorReviewDialog *self)
{
  return self->result;
}
