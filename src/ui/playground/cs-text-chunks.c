/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-text-chunks"

#include "config.h"

#include "cs-text-chunks.h"

#include <string.h>

/* About a millisecond of work for GtkTextBuffer per piece. */
#define CHUNK_BYTES (16 * 1024)
/* The time one idle may spend inserting: well under a frame. */
#define STEP_BUDGET_US (6 * 1000)
#define FILL_KEY "cs-text-chunks-fill"
#define PENDING_KEY "cs-text-chunks-pending"
#define MAP_HANDLER_KEY "cs-text-chunks-map-handler"

typedef struct
{
  GtkTextBuffer *buffer;   /* not owned: the fill dies with it */
  char          *text;
  gsize          length;
  gsize          offset;
  guint          source_id;
} Fill;

static void
fill_free (gpointer data)
{
  Fill *fill = data;

  g_clear_handle_id (&fill->source_id, g_source_remove);
  g_free (fill->text);
  g_free (fill);
}

/* Inserts one piece, never cutting a character in two. */
static void
fill_insert_piece (Fill *fill)
{
  GtkTextIter end;
  gsize count = MIN (CHUNK_BYTES, fill->length - fill->offset);

  if (fill->offset + count < fill->length)
    {
      const char *stop = fill->text + fill->offset + count;

      while (stop > fill->text + fill->offset && (*stop & 0xC0) == 0x80)
        stop--;
      count = stop - (fill->text + fill->offset);
    }

  gtk_text_buffer_get_end_iter (fill->buffer, &end);
  gtk_text_buffer_insert (fill->buffer, &end, fill->text + fill->offset, count);
  fill->offset += count;
}

/* One budget for every buffer that fills: an answer with many thinking
 * blocks fills them all at once, and each idle taking its own few
 * milliseconds in the same main-loop pass adds up to a stall. A pass that
 * finds the shared budget spent inserts nothing; a new one starts once the
 * main loop has had YIELD_US to draw. */
#define YIELD_US (2 * 1000)

static gint64 budget_end;

static gboolean
fill_step_cb (gpointer data)
{
  Fill *fill = data;
  gint64 now = g_get_monotonic_time ();

  if (now >= budget_end)
    {
      if (now < budget_end + YIELD_US)
        return G_SOURCE_CONTINUE;   /* others spent it: the window draws first */
      budget_end = now + STEP_BUDGET_US;
    }

  /* As many pieces as fit in what is left, then let the window draw. */
  do
    fill_insert_piece (fill);
  while (fill->offset < fill->length && g_get_monotonic_time () < budget_end);

  if (fill->offset < fill->length)
    return G_SOURCE_CONTINUE;

  fill->source_id = 0;
  g_object_set_data (G_OBJECT (fill->buffer), FILL_KEY, NULL);
  return G_SOURCE_REMOVE;
}

void
cs_text_buffer_set_text_chunked (GtkTextBuffer *buffer,
                                 const char    *text)
{
  Fill *fill;
  gsize length;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  g_object_set_data (G_OBJECT (buffer), FILL_KEY, NULL);
  if (text == NULL)
    text = "";
  length = strlen (text);
  if (length <= CHUNK_BYTES)
    {
      gtk_text_buffer_set_text (buffer, text, length);
      return;
    }

  gtk_text_buffer_set_text (buffer, "", 0);
  fill = g_new0 (Fill, 1);
  fill->buffer = buffer;
  fill->text = g_strndup (text, length);
  fill->length = length;
  fill->source_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_step_cb, fill, NULL);
  g_object_set_data_full (G_OBJECT (buffer), FILL_KEY, fill, fill_free);
}

gboolean
cs_text_buffer_is_filling (GtkTextBuffer *buffer)
{
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), FALSE);

  return g_object_get_data (G_OBJECT (buffer), FILL_KEY) != NULL;
}

/* A text view that is not shown (a hidden page of a stack) still lays out
 * what its buffer holds, at whatever width it last had or none: paragraphs of
 * tens of kilobytes then cost hundreds of milliseconds each. A long text for
 * such a view waits until the view is mapped. */
static void
view_mapped_cb (GtkTextView *view)
{
  g_autofree char *text = g_object_steal_data (G_OBJECT (view), PENDING_KEY);

  if (text != NULL)
    cs_text_buffer_set_text_chunked (gtk_text_view_get_buffer (view), text);
}

void
cs_text_view_set_text_when_shown (GtkTextView *view,
                                  const char  *text)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  if (text == NULL)
    text = "";
  if (gtk_widget_get_mapped (GTK_WIDGET (view)) || strlen (text) <= CHUNK_BYTES)
    {
      g_object_set_data (G_OBJECT (view), PENDING_KEY, NULL);
      cs_text_buffer_set_text_chunked (buffer, text);
      return;
    }

  /* What the view showed goes now (and an earlier fill stops). */
  cs_text_buffer_set_text_chunked (buffer, NULL);
  g_object_set_data_full (G_OBJECT (view), PENDING_KEY, g_strdup (text), g_free);
  if (g_object_get_data (G_OBJECT (view), MAP_HANDLER_KEY) == NULL)
    {
      g_signal_connect (view, "map", G_CALLBACK (view_mapped_cb), NULL);
      g_object_set_data (G_OBJECT (view), MAP_HANDLER_KEY, GINT_TO_POINTER (TRUE));
    }
}

gboolean
cs_text_view_has_pending_text (GtkTextView *view)
{
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), FALSE);

  return g_object_get_data (G_OBJECT (view), PENDING_KEY) != NULL;
}
