/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-model-register-panel"

#include "config.h"

#include "cs-model-register-panel.h"

#include <glib/gi18n.h>

#include "cs-connector-chooser.h"
#include "cs-deploy-follower.h"
#include "cs-deploy-progress.h"
#include "cs-error.h"
#include "cs-model-info.h"
#include "cs-models-api.h"
#include "cs-window.h"

/* Text the blueprint uses (step 2.2). */
#define DEFAULT_NAME        "anthropic.claude-v4"
#define DEFAULT_DESCRIPTION "claude v4 model"
#define MAX_ID_LENGTH       128

struct _CsModelRegisterPanel
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkRevealer        *revealer;
  GtkStack           *stack;
  AdwEntryRow        *name_row;
  AdwEntryRow        *description_row;
  AdwEntryRow        *connector_row;
  CsConnectorChooser *connector_chooser;
  AdwEntryRow        *group_row;
  GtkSwitch          *deploy_switch;
  GtkLabel           *form_hint_label;
  GtkLabel           *form_error_label;
  GtkSpinner         *register_spinner;
  CsDeployProgress   *progress;
  GtkWidget          *stop_button;
  GtkWidget          *retry_button;
  GtkWidget          *done_button;
  GtkWidget          *playground_button;

  CsClient           *client;

  GCancellable       *register_cancellable;
  GCancellable       *follow_cancellable;

  CsDeployFollower   *follower;
  char               *followed_title;
  gboolean            user_stopped;
  gboolean            follow_failed;

  gboolean            registering;
  gboolean            can_register;
  gboolean            name_touched;
  gboolean            connector_touched;
};

G_DEFINE_FINAL_TYPE (CsModelRegisterPanel, cs_model_register_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_REGISTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MODELS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
replace_cancellable (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

static void
cancel_and_clear (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

/* ------------------------------------------------------------------------ */
/* The form */

static gboolean
is_valid_id (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Validates as the user types; returns whether the form can be sent. */
static gboolean
update_form (CsModelRegisterPanel *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *connector = row_text (self->connector_row);
  g_autofree char *group = row_text (self->group_row);
  gboolean name_ok = *name != '\0';
  gboolean connector_ok = is_valid_id (connector);
  gboolean group_ok = *group == '\0' || is_valid_id (group);
  gboolean can_register;
  const char *hint = NULL;

  set_row_error (self->name_row, !name_ok && self->name_touched);
  set_row_error (self->connector_row,
                 !connector_ok && (self->connector_touched || *connector != '\0'));
  set_row_error (self->group_row, !group_ok);

  if (!name_ok && self->name_touched)
    hint = _("Enter a name for the model.");
  else if (!connector_ok && *connector != '\0')
    hint = _("A connector ID has only letters, digits, “-” and “_”. Copy it from the "
             "Connectors area, or create a connector there first.");
  else if (!connector_ok && self->connector_touched)
    hint = _("Enter the ID of the connector the model sends its predictions through.");
  else if (!group_ok)
    hint = _("A model group ID has only letters, digits, “-” and “_”. Leave it empty to let "
             "the cluster make a group named after the model.");

  gtk_label_set_label (self->form_hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_hint_label), hint != NULL);

  can_register = name_ok && connector_ok && group_ok && !self->registering &&
                 self->client != NULL;
  if (can_register != self->can_register)
    {
      self->can_register = can_register;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REGISTER]);
    }
  return name_ok && connector_ok && group_ok;
}

static void
form_changed_cb (CsModelRegisterPanel *self,
                 AdwEntryRow          *row)
{
  if (row == self->name_row)
    self->name_touched = TRUE;
  else if (row == self->connector_row)
    self->connector_touched = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  update_form (self);
}

static void
form_activated_cb (CsModelRegisterPanel *self)
{
  cs_model_register_panel_register (self);
}

static void
connector_chosen_cb (CsModelRegisterPanel *self,
                     const char           *connector_id)
{
  gtk_editable_set_text (GTK_EDITABLE (self->connector_row), connector_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->group_row));
}

static void
set_form_busy (CsModelRegisterPanel *self,
               gboolean              busy)
{
  self->registering = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->description_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connector_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->group_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->deploy_switch), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->register_spinner), busy);
  gtk_spinner_set_spinning (self->register_spinner, busy);
  update_form (self);
}

static void
show_child (CsModelRegisterPanel *self,
            const char           *child)
{
  gtk_stack_set_visible_child_name (self->stack, child);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static gboolean
following (CsModelRegisterPanel *self)
{
  return self->follower != NULL && cs_deploy_follower_get_running (self->follower);
}

/* ------------------------------------------------------------------------ */
/* Following a deployment */

/* TRUE when the keyboard focus is nowhere (the button it was on went
 * insensitive or hidden) or, with anywhere, anywhere in the panel. */
static gboolean
panel_had_focus (CsModelRegisterPanel *self,
                 gboolean              anywhere)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  return focus == NULL ||
         (gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) &&
          (!gtk_widget_get_visible (focus) || !gtk_widget_get_child_visible (focus) ||
           !gtk_widget_is_sensitive (focus) || anywhere));
}

/* The follow page's next step for the keyboard: what a user would press. */
static void
focus_follow_step (CsModelRegisterPanel *self)
{
  GtkWidget *buttons[] = {
    self->playground_button, self->stop_button, self->retry_button, self->done_button,
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (gtk_widget_get_visible (buttons[i]))
      {
        gtk_widget_grab_focus (buttons[i]);
        return;
      }
}

static void
update_follow_buttons (CsModelRegisterPanel *self)
{
  gboolean had_focus = panel_had_focus (self, FALSE);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean running = following (self);
  const char *state = self->follower != NULL ? cs_deploy_follower_get_state (self->follower) : "";
  gboolean deployed = cs_model_state_is_deployed (state);

  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->retry_button, !running && !deployed && self->follower != NULL &&
                                              (g_str_equal (state, "DEPLOY_FAILED") ||
                                               self->follow_failed));
  gtk_widget_set_visible (self->done_button, !running);
  gtk_widget_set_visible (self->playground_button, !running && deployed);
  /* Stop Following went away under the focus: on to the next step. */
  if (had_focus || (focus != NULL && !gtk_widget_get_visible (focus) &&
                    gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    focus_follow_step (self);
}

static void
follow_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsModelRegisterPanel) self = user_data;
  CsDeployFollower *follower = CS_DEPLOY_FOLLOWER (source);
  g_autoptr(GError) error = NULL;

  cs_deploy_follower_run_finish (follower, result, &error);

  /* A newer run took over, or the panel is going away. */
  if (follower != self->follower)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!self->user_stopped)
        return;
      cs_deploy_progress_set_note (self->progress,
                                   _("Stopped following. The cluster carries on with the "
                                     "deployment; the list below shows how it ends."),
                                   FALSE);
    }
  else if (error != NULL &&
           !g_str_equal (cs_deploy_follower_get_state (follower), "DEPLOY_FAILED"))
    {
      /* Not the deployment failing but following it: say what happened. */
      self->follow_failed = TRUE;
      cs_deploy_progress_set_note (self->progress, error->message, TRUE);
    }

  update_follow_buttons (self);
  g_signal_emit (self, signals[MODELS_CHANGED], 0);
}

static void
clear_follower (CsModelRegisterPanel *self)
{
  if (self->follower != NULL)
    g_signal_handlers_disconnect_by_data (self->follower, self);
  g_clear_object (&self->follower);
}

void
cs_model_register_panel_follow (CsModelRegisterPanel *self,
                                const char           *model_id,
                                const char           *title,
                                gboolean              deploy)
{
  gboolean had_focus;

  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));
  g_return_if_fail (model_id != NULL);

  if (self->client == NULL)
    return;

  replace_cancellable (&self->follow_cancellable);
  clear_follower (self);

  self->follower = cs_deploy_follower_new (self->client, model_id);
  self->user_stopped = FALSE;
  self->follow_failed = FALSE;
  g_free (self->followed_title);
  self->followed_title = g_strdup (title);
  g_signal_connect_object (self->follower, "notify::running",
                           G_CALLBACK (update_follow_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->follower, "notify::state",
                           G_CALLBACK (update_follow_buttons), self, G_CONNECT_SWAPPED);

  cs_deploy_progress_set_follower (self->progress, self->follower);
  cs_deploy_progress_set_title (self->progress, title);
  /* The form goes away: a keyboard user's focus in it goes to the next step. */
  had_focus = panel_had_focus (self, TRUE);
  show_child (self, "follow");

  cs_deploy_follower_run_async (self->follower, deploy, self->follow_cancellable,
                                follow_done_cb, g_object_ref (self));
  update_follow_buttons (self);
  if (had_focus)
    focus_follow_step (self);
}

void
cs_model_register_panel_stop_following (CsModelRegisterPanel *self)
{
  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));

  self->user_stopped = TRUE;
  if (self->follow_cancellable != NULL)
    g_cancellable_cancel (self->follow_cancellable);
}

void
cs_model_register_panel_retry_deploy (CsModelRegisterPanel *self)
{
  g_autofree char *model_id = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));

  if (self->follower == NULL)
    return;
  model_id = g_strdup (cs_deploy_follower_get_model_id (self->follower));
  title = g_strdup (self->followed_title);
  cs_model_register_panel_follow (self, model_id, title, TRUE);
}

const char *
cs_model_register_panel_get_followed_model_id (CsModelRegisterPanel *self)
{
  g_return_val_if_fail (CS_IS_MODEL_REGISTER_PANEL (self), NULL);

  return self->follower != NULL ? cs_deploy_follower_get_model_id (self->follower) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Registering */

static void
register_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsModelRegisterPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *name = NULL;

  model_id = cs_models_register_finish (CS_CLIENT (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_form_busy (self, FALSE);

  /* The answer was lost but the cluster registered it: go on with that model
   * (saying so) rather than inviting a second register. */
  if (g_error_matches (error, CS_ERROR, CS_ERROR_ANSWER_LOST_FOUND))
    {
      model_id = g_strdup (cs_models_register_get_found_id (result));
      gtk_label_set_label (self->form_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
      cs_widget_show_toast (GTK_WIDGET (self), error->message);
    }

  if (model_id == NULL)
    {
      g_autofree char *text = NULL;

      /* Never sent again on its own: the user decides. The connector stays
       * in the form, so the next try does not need a new one. */
      if (cs_models_error_is_master_key_pending (error))
        text = g_strdup_printf ("%s\n\n%s",
                                _("The cluster is still preparing the key it encrypts "
                                  "connector credentials with. Wait about ten seconds, then "
                                  "select Register again."),
                                error->message);
      else
        text = g_strdup (error->message);
      gtk_label_set_label (self->form_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
      return;
    }

  name = row_text (self->name_row);
  if (gtk_switch_get_active (self->deploy_switch))
    cs_model_register_panel_follow (self, model_id, name, FALSE);
  else
    {
      g_autofree char *toast = g_strdup_printf (_("Registered “%s”"), name);

      cs_widget_show_toast (GTK_WIDGET (self), toast);
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
    }
  g_signal_emit (self, signals[MODELS_CHANGED], 0);
}

void
cs_model_register_panel_register (CsModelRegisterPanel *self)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *connector = NULL;
  g_autofree char *group = NULL;

  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));

  self->name_touched = TRUE;
  self->connector_touched = TRUE;
  if (self->client == NULL || self->registering || !update_form (self))
    return;

  name = row_text (self->name_row);
  description = row_text (self->description_row);
  connector = row_text (self->connector_row);
  group = row_text (self->group_row);

  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  set_form_busy (self, TRUE);
  replace_cancellable (&self->register_cancellable);
  cs_models_register_async (self->client, name, description, connector, group,
                            gtk_switch_get_active (self->deploy_switch),
                            self->register_cancellable, register_done_cb, g_object_ref (self));
}

gboolean
cs_model_register_panel_get_can_register (CsModelRegisterPanel *self)
{
  g_return_val_if_fail (CS_IS_MODEL_REGISTER_PANEL (self), FALSE);
  return self->can_register;
}

/* ------------------------------------------------------------------------ */
/* The page's side */

void
cs_model_register_panel_set_client (CsModelRegisterPanel *self,
                                    CsClient             *client)
{
  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));
  g_return_if_fail (client == NULL || CS_IS_CLIENT (client));

  g_set_object (&self->client, client);
  cs_connector_chooser_set_client (self->connector_chooser, client);
  if (client == NULL)
    {
      cancel_and_clear (&self->register_cancellable);
      cancel_and_clear (&self->follow_cancellable);
      if (self->registering)
        set_form_busy (self, FALSE);
    }
  update_form (self);
}

void
cs_model_register_panel_set_connector_id (CsModelRegisterPanel *self,
                                          const char           *connector_id)
{
  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));

  if (connector_id == NULL || *connector_id == '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->connector_row), connector_id);
  if (!following (self))
    show_child (self, "form");
  update_form (self);
}

void
cs_model_register_panel_reveal (CsModelRegisterPanel *self)
{
  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));

  if (following (self))
    {
      show_child (self, "follow");
      return;
    }
  show_child (self, "form");
  update_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

void
cs_model_register_panel_close (CsModelRegisterPanel *self)
{
  g_return_if_fail (CS_IS_MODEL_REGISTER_PANEL (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

/* ------------------------------------------------------------------------ */
/* GObject */

GtkWidget *
cs_model_register_panel_new (void)
{
  return g_object_new (CS_TYPE_MODEL_REGISTER_PANEL, NULL);
}

static void
cs_model_register_panel_dispose (GObject *object)
{
  CsModelRegisterPanel *self = CS_MODEL_REGISTER_PANEL (object);

  cancel_and_clear (&self->register_cancellable);
  cancel_and_clear (&self->follow_cancellable);
  clear_follower (self);
  g_clear_object (&self->client);

  /* AdwBin unparents its child in its own dispose; let it do so first, or
   * the template's disposal leaves it a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_MODEL_REGISTER_PANEL);

  G_OBJECT_CLASS (cs_model_register_panel_parent_class)->dispose (object);
}

static void
cs_model_register_panel_finalize (GObject *object)
{
  CsModelRegisterPanel *self = CS_MODEL_REGISTER_PANEL (object);

  g_free (self->followed_title);

  G_OBJECT_CLASS (cs_model_register_panel_parent_class)->finalize (object);
}

static void
cs_model_register_panel_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CsModelRegisterPanel *self = CS_MODEL_REGISTER_PANEL (object);

  switch (prop_id)
    {
    case PROP_CAN_REGISTER:
      g_value_set_boolean (value, self->can_register);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_model_register_panel_class_init (CsModelRegisterPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_model_register_panel_dispose;
  object_class->finalize = cs_model_register_panel_finalize;
  object_class->get_property = cs_model_register_panel_get_property;

  properties[PROP_CAN_REGISTER] =
    g_param_spec_boolean ("can-register", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MODELS_CHANGED] =
    g_signal_new ("models-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CS_TYPE_DEPLOY_PROGRESS);
  g_type_ensure (CS_TYPE_CONNECTOR_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-model-register-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, revealer);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, name_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, description_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, connector_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, connector_chooser);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, group_row);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, deploy_switch);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, form_hint_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, register_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, progress);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, done_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelRegisterPanel, playground_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, connector_chosen_cb);
}

static void
cs_model_register_panel_init (CsModelRegisterPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), DEFAULT_NAME);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), DEFAULT_DESCRIPTION);
  self->name_touched = FALSE;
  self->connector_touched = FALSE;

  update_form (self);
  update_follow_buttons (self);
}
