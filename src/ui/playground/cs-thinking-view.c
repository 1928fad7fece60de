/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-thinking-view"

#include "config.h"

#include "cs-thinking-view.h"
#include "cs-thinking-view-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-text-chunks.h"

struct _CsThinkingView
{
  AdwBin       parent_instance;

  GtkExpander *expander;
  GtkBox      *redacted_box;
  GtkLabel    *title_label;
  GtkLabel    *summary_label;
  GtkButton   *copy_button;
  GtkRevealer *revealer;
  GtkTextView *text_view;    /* NULL until first expanded (ensure_text_view) */

  GSettings   *settings;
  char        *text;
};

G_DEFINE_FINAL_TYPE (CsThinkingView, cs_thinking_view, ADW_TYPE_BIN)

#define DISPLAY_LIMIT (64 * 1024)

static void
copy_clicked_cb (CsThinkingView *self)
{
  if (self->text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->text);
}

/* The text as the view shows it: beyond DISPLAY_LIMIT a text view would hold
 * up the window, so the beginning and a note (Copy copies all). */
static char *
dup_shown_text (CsThinkingView *self)
{
  const char *cut;
  g_autofree char *head = NULL;
  g_autofree char *size = NULL;

  if (strlen (self->text) <= DISPLAY_LIMIT)
    return g_strdup (self->text);
  cut = g_utf8_find_prev_char (self->text, self->text + DISPLAY_LIMIT + 1);
  head = g_strndup (self->text, cut - self->text);
  size = g_format_size (strlen (self->text));
  return g_strdup_printf (_("%s\n\n[… The thinking is %s long; the rest is not shown here. "
                            "Copy Thinking copies all of it.]"), head, size);
}

/*
 * A collapsed block shows only its header: the text view, and the layout of
 * a text that may be tens of kilobytes, is made when the block is first
 * expanded. An answer with hundreds of blocks (all collapsed by default)
 * then costs a header each, not hundreds of text views to fill and measure.
 */
static void
ensure_text_view (CsThinkingView *self)
{
  g_autofree char *shown = NULL;

  if (self->text_view != NULL || self->text == NULL)
    return;

  self->text_view = g_object_new (GTK_TYPE_TEXT_VIEW,
                                  "name", "thinking-text",
                                  "editable", FALSE,
                                  "cursor-visible", FALSE,
                                  "wrap-mode", GTK_WRAP_WORD_CHAR,
                                  "top-margin", 6,
                                  NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "thinking-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Claude’s Thinking"), -1);
  shown = dup_shown_text (self);
  cs_text_buffer_set_text_chunked (gtk_text_view_get_buffer (self->text_view), shown);
  gtk_revealer_set_child (self->revealer, GTK_WIDGET (self->text_view));
}

static void
sync_summary (CsThinkingView *self)
{
  gboolean expanded = gtk_expander_get_expanded (self->expander);

  /* Collapsed, the header says what is hidden: the first line. */
  if (self->text == NULL)
    gtk_label_set_text (self->summary_label, "");
  else if (expanded)
    gtk_label_set_text (self->summary_label, "");
  else
    {
      g_autofree char *line = g_strndup (self->text, 200);
      char *newline = strchr (line, '\n');

      if (newline != NULL)
        *newline = '\0';
      gtk_label_set_text (self->summary_label, line);
    }
  if (expanded)
    ensure_text_view (self);
  gtk_revealer_set_reveal_child (self->revealer, expanded && self->text != NULL);
}

static void
cs_thinking_view_dispose (GObject *object)
{
  CsThinkingView *self = CS_THINKING_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_THINKING_VIEW);

  G_OBJECT_CLASS (cs_thinking_view_parent_class)->dispose (object);
}

static void
cs_thinking_view_finalize (GObject *object)
{
  CsThinkingView *self = CS_THINKING_VIEW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (cs_thinking_view_parent_class)->finalize (object);
}

static void
cs_thinking_view_class_init (CsThinkingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_thinking_view_dispose;
  object_class->finalize = cs_thinking_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-thinking-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CsThinkingView, expander);
  gtk_widget_class_bind_template_child (widget_class, CsThinkingView, redacted_box);
  gtk_widget_class_bind_template_child (widget_class, CsThinkingView, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsThinkingView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CsThinkingView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CsThinkingView, revealer);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "thinkingview");
}

static void
cs_thinking_view_init (CsThinkingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_APP_ID);
  g_settings_bind (self->settings, "thinking-expanded", self->expander, "expanded",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->expander, "notify::expanded", G_CALLBACK (sync_summary), self,
                           G_CONNECT_SWAPPED);
  sync_summary (self);
}

GtkWidget *
cs_thinking_view_new (void)
{
  return g_object_new (CS_TYPE_THINKING_VIEW, NULL);
}

void
cs_thinking_view_set_thinking (CsThinkingView *self,
                               const char     *text)
{
  g_return_if_fail (CS_IS_THINKING_VIEW (self));

  g_free (self->text);
  self->text = g_strdup (text);

  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->expander), text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->redacted_box), text == NULL);
  /* A view already made shows the new text; otherwise the first expand makes it. */
  if (self->text_view != NULL)
    {
      if (text != NULL)
        {
          g_autofree char *shown = dup_shown_text (self);

          cs_text_buffer_set_text_chunked (gtk_text_view_get_buffer (self->text_view), shown);
        }
      else
        {
          gtk_revealer_set_child (self->revealer, NULL);
          self->text_view = NULL;
        }
    }
  sync_summary (self);
}

gboolean
cs_thinking_view_is_redacted (CsThinkingView *self)
{
  g_return_val_if_fail (CS_IS_THINKING_VIEW (self), FALSE);

  return self->text == NULL;
}

GtkTextView *
cs_thinking_view_get_text_view (CsThinkingView *self)
{
  g_return_val_if_fail (CS_IS_THINKING_VIEW (self), NULL);

  return self->text_view;
}

const char *
cs_thinking_view_get_summary (CsThinkingView *self)
{
  g_return_val_if_fail (CS_IS_THINKING_VIEW (self), NULL);

  return gtk_label_get_text (self->summary_label);
}
