/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-trusted-pattern-row"

#include "config.h"

#include "cs-trusted-pattern-row.h"

#include <glib/gi18n.h>

struct _CsTrustedPatternRow
{
  GtkListBoxRow    parent_instance;

  char            *pattern;
  CsSettingSource  source;
  gboolean         matched;

  GtkLabel        *pattern_label;
  GtkImage        *match_icon;
  GtkLabel        *source_label;
};

G_DEFINE_FINAL_TYPE (CsTrustedPatternRow, cs_trusted_pattern_row, GTK_TYPE_LIST_BOX_ROW)

const char *
cs_setting_source_to_label (CsSettingSource source)
{
  switch (source)
    {
    case CS_SETTING_SOURCE_PERSISTENT:
      return _("Persistent");
    case CS_SETTING_SOURCE_TRANSIENT:
      return _("Transient");
    case CS_SETTING_SOURCE_DEFAULT:
    default:
      return _("Default");
    }
}

static void
cs_trusted_pattern_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_TRUSTED_PATTERN_ROW);

  G_OBJECT_CLASS (cs_trusted_pattern_row_parent_class)->dispose (object);
}

static void
cs_trusted_pattern_row_finalize (GObject *object)
{
  CsTrustedPatternRow *self = CS_TRUSTED_PATTERN_ROW (object);

  g_free (self->pattern);

  G_OBJECT_CLASS (cs_trusted_pattern_row_parent_class)->finalize (object);
}

static void
cs_trusted_pattern_row_class_init (CsTrustedPatternRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_trusted_pattern_row_dispose;
  object_class->finalize = cs_trusted_pattern_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-trusted-pattern-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsTrustedPatternRow, pattern_label);
  gtk_widget_class_bind_template_child (widget_class, CsTrustedPatternRow, match_icon);
  gtk_widget_class_bind_template_child (widget_class, CsTrustedPatternRow, source_label);
}

static void
cs_trusted_pattern_row_init (CsTrustedPatternRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_trusted_pattern_row_new (const char      *pattern,
                            CsSettingSource  source)
{
  CsTrustedPatternRow *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (pattern != NULL, NULL);

  self = g_object_new (CS_TYPE_TRUSTED_PATTERN_ROW, NULL);
  self->pattern = g_strdup (pattern);
  self->source = source;
  gtk_label_set_text (self->pattern_label, pattern);
  gtk_label_set_text (self->source_label, cs_setting_source_to_label (source));

  /* Screen readers: "Default: ^https://…". */
  description = g_strdup_printf ("%s: %s", cs_setting_source_to_label (source), pattern);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);

  return GTK_WIDGET (self);
}

const char *
cs_trusted_pattern_row_get_pattern (CsTrustedPatternRow *self)
{
  g_return_val_if_fail (CS_IS_TRUSTED_PATTERN_ROW (self), NULL);
  return self->pattern;
}

CsSettingSource
cs_trusted_pattern_row_get_source (CsTrustedPatternRow *self)
{
  g_return_val_if_fail (CS_IS_TRUSTED_PATTERN_ROW (self), CS_SETTING_SOURCE_DEFAULT);
  return self->source;
}

gboolean
cs_trusted_pattern_row_get_matched (CsTrustedPatternRow *self)
{
  g_return_val_if_fail (CS_IS_TRUSTED_PATTERN_ROW (self), FALSE);
  return self->matched;
}

void
cs_trusted_pattern_row_set_matched (CsTrustedPatternRow *self,
                                    gboolean             matched)
{
  g_return_if_fail (CS_IS_TRUSTED_PATTERN_ROW (self));

  matched = !!matched;
  if (self->matched == matched)
    return;
  self->matched = matched;
  gtk_widget_set_visible (GTK_WIDGET (self->match_icon), matched);
}
