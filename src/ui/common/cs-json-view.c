/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-json-view"

#include "config.h"

#include "cs-json-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _CsJsonView
{
  AdwBin       parent_instance;

  /* Template Widgets */
  GtkScrolledWindow *scroller;
  GtkTextView       *text_view;

  int                min_height;   /* the template's min-content-height */
  GTask             *fill;         /* a set_text_async going on */
};

/* A text of more lines than this is far taller than the view's largest
 * height whatever the font, and laying it all out takes more than a frame. */
#define TALL_TEXT_LINES 1000

/* set_text_async: what GtkTextBuffer takes in about a millisecond, and how
 * long one idle may insert (well under a frame). */
#define FILL_PIECE_BYTES (16 * 1024)
#define FILL_STEP_US     (4 * 1000)
/* A fill whose idle has not run for this long (the next frame always due on
 * a slow machine) takes a step from a timeout instead. */
#define FILL_STARVED_US  (100 * 1000)

G_DEFINE_FINAL_TYPE (CsJsonView, cs_json_view, ADW_TYPE_BIN)

static void stop_fill (CsJsonView *self);

static void
cs_json_view_dispose (GObject *object)
{
  stop_fill (CS_JSON_VIEW (object));
  /* The scroller is both AdwBin's child and a template child: AdwBin drops
   * it first, so that it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (object), NULL);
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
  gtk_widget_class_bind_template_child (widget_class, CsJsonView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CsJsonView, text_view);
}

/* The wheel scrolls the view while it can, then the page around it: a view
 * inside a scrolled page does not hold the wheel at its ends. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           CsJsonView               *self)
{
  GtkAdjustment *inner = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *outer = gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (self)),
                                              GTK_TYPE_SCROLLED_WINDOW);
  double value = gtk_adjustment_get_value (inner);
  double lowest = gtk_adjustment_get_lower (inner);
  double highest = gtk_adjustment_get_upper (inner) - gtk_adjustment_get_page_size (inner);
  GtkAdjustment *page;
  double step;

  if (outer == NULL || dy == 0)
    return FALSE;
  if ((dy < 0 && value > lowest) || (dy > 0 && value < highest))
    return FALSE;  /* the view scrolls itself */

  page = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  /* A wheel click moves about as far as GtkScrolledWindow moves it. */
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
           ? dy * pow (gtk_adjustment_get_page_size (page), 2.0 / 3.0)
           : dy;
  gtk_adjustment_set_value (page, gtk_adjustment_get_value (page) + step);
  return TRUE;
}

static void
cs_json_view_init (CsJsonView *self)
{
  GtkEventController *scroll;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->min_height = gtk_scrolled_window_get_min_content_height (self->scroller);
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->text_view), "no-hyphens",
                              "insert-hyphens", FALSE, NULL);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);
}

GtkWidget *
cs_json_view_new (void)
{
  return g_object_new (CS_TYPE_JSON_VIEW, NULL);
}

static void
fit_height (CsJsonView *self,
            const char *text)
{
  guint lines = 0;

  /* The view is as tall as its text, up to max-content-height. Asking a
   * text view for its natural height lays out every line of it, which for
   * a long connector (thousands of lines) holds up the window on each
   * change: a text sure to be taller gets the largest height outright, and
   * the text view lays out only the lines it shows. */
  for (const char *p = text; p != NULL && *p != '\0' && lines <= TALL_TEXT_LINES; p++)
    if (*p == '\n')
      lines++;
  if (lines > TALL_TEXT_LINES && gtk_scrolled_window_get_max_content_height (self->scroller) > 0)
    {
      gtk_scrolled_window_set_propagate_natural_height (self->scroller, FALSE);
      gtk_scrolled_window_set_min_content_height (
        self->scroller, gtk_scrolled_window_get_max_content_height (self->scroller));
    }
  else
    {
      gtk_scrolled_window_set_min_content_height (self->scroller, self->min_height);
      gtk_scrolled_window_set_propagate_natural_height (self->scroller, TRUE);
    }
}

void
cs_json_view_set_text (CsJsonView *self,
                       const char *text)
{
  g_return_if_fail (CS_IS_JSON_VIEW (self));

  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  stop_fill (self);
  fit_height (self, text);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  /* A value broken across lines gets no hyphen that is not in it. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag_by_name (buffer, "no-hyphens", &start, &end);
}

/* ---- set_text_async ---- */

/* The text goes into a buffer of its own, not shown yet: the view neither
 * lays out nor shows a text in pieces, and keeps its old text until the new
 * one is whole. */
typedef struct
{
  GtkTextBuffer *buffer;
  char          *text;
  gsize          length;
  gsize          offset;
  guint          source_id;
  guint          starved_id;
  gint64         last_step;
} Fill;

static void
fill_free (Fill *fill)
{
  g_clear_handle_id (&fill->source_id, g_source_remove);
  g_clear_handle_id (&fill->starved_id, g_source_remove);
  g_clear_object (&fill->buffer);
  g_free (fill->text);
  g_free (fill);
}

/* Ends the fill going on, if any, with G_IO_ERROR_CANCELLED. */
static void
stop_fill (CsJsonView *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->fill);
  Fill *fill;

  if (task == NULL)
    return;
  fill = g_task_get_task_data (task);
  g_clear_handle_id (&fill->source_id, g_source_remove);
  g_clear_handle_id (&fill->starved_id, g_source_remove);
  /* Never shown: whoever asked for the fill gave the view another text. */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Replaced by another text");
}

static gboolean
fill_step_cb (gpointer data)
{
  CsJsonView *self = data;
  GTask *task = self->fill;
  Fill *fill = g_task_get_task_data (task);
  GtkTextBuffer *buffer = fill->buffer;
  gint64 end_time = g_get_monotonic_time () + FILL_STEP_US;

  fill->last_step = g_get_monotonic_time ();
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      /* Not ours any more before whoever asked hears of it. */
      g_clear_handle_id (&fill->source_id, g_source_remove);
      g_clear_handle_id (&fill->starved_id, g_source_remove);
      task = g_steal_pointer (&self->fill);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  do
    {
      gsize count = MIN (FILL_PIECE_BYTES, fill->length - fill->offset);
      GtkTextIter end;

      /* Never a character cut in two. */
      if (fill->offset + count < fill->length)
        while (count > 0 && (fill->text[fill->offset + count] & 0xC0) == 0x80)
          count--;
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, fill->text + fill->offset, count,
                                                "no-hyphens", NULL);
      fill->offset += count;
    }
  while (fill->offset < fill->length && g_get_monotonic_time () < end_time);

  if (fill->offset < fill->length)
    return G_SOURCE_CONTINUE;

  g_clear_handle_id (&fill->source_id, g_source_remove);
  g_clear_handle_id (&fill->starved_id, g_source_remove);
  fit_height (self, fill->text);
  gtk_text_view_set_buffer (self->text_view, fill->buffer);
  task = g_steal_pointer (&self->fill);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
fill_starved_cb (gpointer data)
{
  CsJsonView *self = data;
  Fill *fill = g_task_get_task_data (self->fill);

  if (g_get_monotonic_time () - fill->last_step < FILL_STARVED_US)
    return G_SOURCE_CONTINUE;
  return fill_step_cb (self);
}

void
cs_json_view_set_text_async (CsJsonView          *self,
                             const char          *text,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fill *fill;

  g_return_if_fail (CS_IS_JSON_VIEW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_json_view_set_text_async);
  if (text == NULL || strlen (text) <= FILL_PIECE_BYTES)
    {
      cs_json_view_set_text (self, text);
      g_task_return_boolean (task, TRUE);
      return;
    }

  stop_fill (self);
  fill = g_new0 (Fill, 1);
  /* The same tags ("no-hyphens") as the view's buffer. */
  fill->buffer = gtk_text_buffer_new (
    gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (self->text_view)));
  fill->text = g_strdup (text);
  fill->length = strlen (text);
  g_task_set_task_data (task, fill, (GDestroyNotify) fill_free);
  /* Below the frame clock's priorities: the window draws between pieces.
   * On a machine so slow that the next frame is always due, that idle never
   * runs: a timeout then takes the steps. */
  fill->last_step = g_get_monotonic_time ();
  fill->source_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_step_cb, self, NULL);
  fill->starved_id = g_timeout_add (FILL_STARVED_US / 1000, fill_starved_cb, self);
  self->fill = g_steal_pointer (&task);
}

gboolean
cs_json_view_set_text_finish (CsJsonView    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_json_view_set_text_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
