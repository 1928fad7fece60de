/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-state-badge"

#include "config.h"

#include "cs-state-badge.h"

#include <glib/gi18n.h>

struct _CsStateBadge
{
  AdwBin    parent_instance;

  GtkLabel *label;
  char     *state;
};

G_DEFINE_FINAL_TYPE (CsStateBadge, cs_state_badge, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *state;
  const char *label;
  const char *style;
} states[] = {
  { "DEPLOYED", N_("Deployed"), "success" },
  { "LOADED", N_("Deployed"), "success" },
  { "PARTIALLY_DEPLOYED", N_("Partially Deployed"), "warning" },
  { "PARTIALLY_LOADED", N_("Partially Deployed"), "warning" },
  { "DEPLOYING", N_("Deploying"), "warning" },
  { "LOADING", N_("Deploying"), "warning" },
  { "REGISTERING", N_("Registering"), "warning" },
  { "DEPLOY_FAILED", N_("Deploy Failed"), "error" },
  { "LOAD_FAILED", N_("Deploy Failed"), "error" },
  { "REGISTERED", N_("Registered"), NULL },
  { "UNDEPLOYED", N_("Undeployed"), NULL },
  { "UNLOADED", N_("Undeployed"), NULL },
};

const char *
cs_state_badge_state_label (const char *state)
{
  if (state == NULL || *state == '\0')
    return _("Unknown");
  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (state, states[i].state))
      return _(states[i].label);
  return state;
}

const char *
cs_state_badge_state_style (const char *state)
{
  for (gsize i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (state, states[i].state))
      return states[i].style;
  return NULL;
}

static void
update (CsStateBadge *self)
{
  static const char *styles[] = { "success", "warning", "error" };
  GtkWidget *label = GTK_WIDGET (self->label);
  const char *style = cs_state_badge_state_style (self->state);

  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (label, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_label_set_label (self->label, cs_state_badge_state_label (self->state));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->state);
}

GtkWidget *
cs_state_badge_new (void)
{
  return g_object_new (CS_TYPE_STATE_BADGE, NULL);
}

const char *
cs_state_badge_get_state (CsStateBadge *self)
{
  g_return_val_if_fail (CS_IS_STATE_BADGE (self), NULL);
  return self->state;
}

void
cs_state_badge_set_state (CsStateBadge *self,
                          const char   *state)
{
  g_return_if_fail (CS_IS_STATE_BADGE (self));

  if (g_strcmp0 (self->state, state) == 0)
    return;
  g_free (self->state);
  self->state = g_strdup (state);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
cs_state_badge_dispose (GObject *object)
{
  /* AdwBin unparents its child in its own dispose; let it do so first, or
   * the template's disposal leaves it a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_STATE_BADGE);

  G_OBJECT_CLASS (cs_state_badge_parent_class)->dispose (object);
}

static void
cs_state_badge_finalize (GObject *object)
{
  g_free (CS_STATE_BADGE (object)->state);

  G_OBJECT_CLASS (cs_state_badge_parent_class)->finalize (object);
}

static void
cs_state_badge_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, CS_STATE_BADGE (object)->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_state_badge_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      cs_state_badge_set_state (CS_STATE_BADGE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_state_badge_class_init (CsStateBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_state_badge_dispose;
  object_class->finalize = cs_state_badge_finalize;
  object_class->get_property = cs_state_badge_get_property;
  object_class->set_property = cs_state_badge_set_property;

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-state-badge.ui");
  gtk_widget_class_bind_template_child (widget_class, CsStateBadge, label);
}

static void
cs_state_badge_init (CsStateBadge *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
