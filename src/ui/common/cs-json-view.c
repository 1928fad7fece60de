/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-json-view"

#include "config.h"

#include "cs-json-view.h"

#include <glib/gi18n.h>

struct _CsJsonView
{
  AdwBin       parent_instance;

  /* Template Widgets */
  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE (CsJsonView, cs_json_view, ADW_TYPE_BIN)

static void
cs_json_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_JSON_VIEW);

  G_OBJECT_CLASS (cs_json_view_parent_class)->dispose (object);
}

static void
cs_json_view_class_init (CsJsonViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_json_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-json-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CsJsonView, text_view);
}

static void
cs_json_view_init (CsJsonView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_json_view_new (void)
{
  return g_object_new (CS_TYPE_JSON_VIEW, NULL);
}

void
cs_json_view_set_text (CsJsonView *self,
                       const char *text)
{
  g_return_if_fail (CS_IS_JSON_VIEW (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            text != NULL ? text : "", -1);
}

void
cs_json_view_set_json (CsJsonView *self,
                       JsonNode   *node)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CS_IS_JSON_VIEW (self));

  if (node == NULL)
    {
      cs_json_view_set_text (self, NULL);
      return;
    }
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  cs_json_view_set_text (self, text);
}

char *
cs_json_view_dup_text (CsJsonView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CS_IS_JSON_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
