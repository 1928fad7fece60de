/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-deploy-progress"

#include "config.h"

#include "cs-deploy-progress.h"

#include <glib/gi18n.h>

#include "cs-accessible.h"
#include "cs-state-badge.h"

struct _CsDeployProgress
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *group;
  GtkSpinner          *spinner;
  CsStateBadge        *badge;
  GtkLabel            *nodes_label;
  GtkLabel            *elapsed_label;
  GtkProgressBar      *progress_bar;
  GtkLabel            *summary_label;
  GtkLabel            *failure_label;

  CsDeployFollower    *follower;
  GSignalGroup        *signals;
  char                *title;
  char                *note;
  gboolean             note_is_error;
};

G_DEFINE_FINAL_TYPE (CsDeployProgress, cs_deploy_progress, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FOLLOWER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
cs_deploy_progress_format_elapsed (gint64 ms)
{
  gint64 seconds = MAX (ms, 0) / 1000;

  if (ms < 10000)
    /* Translators: elapsed time in seconds, with tenths */
    return g_strdup_printf (_("%.1f s"), MAX (ms, 0) / 1000.0);
  if (seconds < 60)
    /* Translators: elapsed time in seconds */
    return g_strdup_printf (_("%u s"), (guint) seconds);
  /* Translators: elapsed time in minutes and seconds */
  return g_strdup_printf (_("%u min %02u s"), (guint) (seconds / 60), (guint) (seconds % 60));
}

static void
set_summary (CsDeployProgress *self,
             const char       *text,
             const char       *style)
{
  static const char *styles[] = { "success", "warning", "error", "dim-label" };

  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), style);
  gtk_label_set_label (self->summary_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), text != NULL);
}

static void
update_elapsed (CsDeployProgress *self)
{
  g_autofree char *text = NULL;

  if (self->follower == NULL)
    {
      gtk_label_set_label (self->elapsed_label, "");
      return;
    }
  text = cs_deploy_progress_format_elapsed (cs_deploy_follower_get_elapsed (self->follower));
  gtk_label_set_label (self->elapsed_label, text);
}

static void
update (CsDeployProgress *self)
{
  CsDeployFollower *f = self->follower;
  const char *state = f != NULL ? cs_deploy_follower_get_state (f) : "";
  gboolean running = f != NULL && cs_deploy_follower_get_running (f);
  guint planned = f != NULL ? cs_deploy_follower_get_planned_nodes (f) : 0;
  guint current = f != NULL ? cs_deploy_follower_get_current_nodes (f) : 0;
  const char *message = f != NULL ? cs_deploy_follower_get_message (f) : NULL;
  const char *failure = f != NULL ? cs_deploy_follower_get_failure (f) : NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *summary = NULL;

  adw_preferences_group_set_title (self->group,
                                   self->title != NULL ? self->title
                                   : f != NULL ? cs_deploy_follower_get_model_id (f) : "");
  adw_preferences_group_set_description (self->group,
                                         f != NULL ? cs_deploy_follower_get_model_id (f) : NULL);

  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);

  if (*state == '\0')
    cs_state_badge_set_state (self->badge, running ? "REGISTERING" : NULL);
  else
    cs_state_badge_set_state (self->badge, state);

  if (planned > 0)
    /* Translators: worker nodes the model is deployed on, out of those planned */
    nodes = g_strdup_printf (_("%u of %u"), current, planned);
  else
    nodes = g_strdup ("—");
  gtk_label_set_label (self->nodes_label, nodes);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 planned > 0 ? (double) MIN (current, planned) / planned : 0.0);

  update_elapsed (self);

  if (self->note != NULL)
    set_summary (self, self->note, self->note_is_error ? "error" : "dim-label");
  else if (running && message != NULL)
    set_summary (self, message, "warning");
  else if (running)
    set_summary (self, _("Waiting for the cluster to deploy the model on its worker nodes…"),
                 "dim-label");
  else if (g_str_equal (state, "DEPLOYED"))
    set_summary (self, _("The model is deployed and ready for predictions."), "success");
  else if (g_str_equal (state, "PARTIALLY_DEPLOYED"))
    {
      summary = g_strdup_printf (_("The model is deployed on %u of %u worker nodes. Predictions "
                                   "work; the other nodes do not serve the model. Undeploy and "
                                   "deploy it again to retry them."), current, planned);
      set_summary (self, summary, "warning");
    }
  else if (g_str_equal (state, "DEPLOY_FAILED"))
    set_summary (self, failure != NULL
                         ? _("The cluster could not deploy the model. It said:")
                         : _("The cluster could not deploy the model and did not say why. "
                             "Check the cluster's log, then try again."),
                 "error");
  else
    set_summary (self, NULL, NULL);

  gtk_label_set_label (self->failure_label, failure != NULL ? failure : "");
  gtk_widget_set_visible (GTK_WIDGET (self->failure_label), failure != NULL && !running);
}

static void
follower_notify_cb (CsDeployProgress *self,
                    GParamSpec       *pspec,
                    CsDeployFollower *follower)
{
  if (g_str_equal (pspec->name, "elapsed"))
    update_elapsed (self);
  else
    update (self);
}

GtkWidget *
cs_deploy_progress_new (void)
{
  return g_object_new (CS_TYPE_DEPLOY_PROGRESS, NULL);
}

CsDeployFollower *
cs_deploy_progress_get_follower (CsDeployProgress *self)
{
  g_return_val_if_fail (CS_IS_DEPLOY_PROGRESS (self), NULL);
  return self->follower;
}

void
cs_deploy_progress_set_follower (CsDeployProgress *self,
                                 CsDeployFollower *follower)
{
  g_return_if_fail (CS_IS_DEPLOY_PROGRESS (self));
  g_return_if_fail (follower == NULL || CS_IS_DEPLOY_FOLLOWER (follower));

  if (!g_set_object (&self->follower, follower))
    return;

  g_signal_group_set_target (self->signals, follower);
  g_clear_pointer (&self->note, g_free);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWER]);
}

void
cs_deploy_progress_set_title (CsDeployProgress *self,
                              const char       *title)
{
  g_return_if_fail (CS_IS_DEPLOY_PROGRESS (self));

  g_free (self->title);
  self->title = g_strdup (title);
  update (self);
}

void
cs_deploy_progress_set_note (CsDeployProgress *self,
                             const char       *note,
                             gboolean          is_error)
{
  g_return_if_fail (CS_IS_DEPLOY_PROGRESS (self));

  g_free (self->note);
  self->note = g_strdup (note);
  self->note_is_error = is_error;
  update (self);
}

static void
cs_deploy_progress_dispose (GObject *object)
{
  CsDeployProgress *self = CS_DEPLOY_PROGRESS (object);

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->follower);
  /* AdwBin unparents its child in its own dispose; let it do so first, or
   * the template's disposal leaves it a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_DEPLOY_PROGRESS);

  G_OBJECT_CLASS (cs_deploy_progress_parent_class)->dispose (object);
}

static void
cs_deploy_progress_finalize (GObject *object)
{
  CsDeployProgress *self = CS_DEPLOY_PROGRESS (object);

  g_free (self->title);
  g_free (self->note);

  G_OBJECT_CLASS (cs_deploy_progress_parent_class)->finalize (object);
}

static void
cs_deploy_progress_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FOLLOWER:
      g_value_set_object (value, CS_DEPLOY_PROGRESS (object)->follower);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_deploy_progress_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_FOLLOWER:
      cs_deploy_progress_set_follower (CS_DEPLOY_PROGRESS (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_deploy_progress_class_init (CsDeployProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_deploy_progress_dispose;
  object_class->finalize = cs_deploy_progress_finalize;
  object_class->get_property = cs_deploy_progress_get_property;
  object_class->set_property = cs_deploy_progress_set_property;

  properties[PROP_FOLLOWER] =
    g_param_spec_object ("follower", NULL, NULL, CS_TYPE_DEPLOY_FOLLOWER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_STATE_BADGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-deploy-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, group);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, badge);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, nodes_label);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CsDeployProgress, failure_label);
}

static void
cs_deploy_progress_init (CsDeployProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its title is the model, and empty until a deployment is followed. */
  cs_accessible_name_group_list (self->group, _("Deployment"));

  self->signals = g_signal_group_new (CS_TYPE_DEPLOY_FOLLOWER);
  g_signal_group_connect_object (self->signals, "notify", G_CALLBACK (follower_notify_cb), self,
                                 G_CONNECT_SWAPPED);
  update (self);
}
