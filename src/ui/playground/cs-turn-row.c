/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-turn-row"

#include "config.h"

#include "cs-turn-row.h"
#include "cs-turn-row-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-culling-box.h"
#include "cs-text-chunks.h"
#include "cs-thinking-view.h"

struct _CsTurnRow
{
  GtkListBoxRow    parent_instance;

  GtkLabel        *role_label;
  GtkLabel        *info_label;
  GtkToggleButton *edit_button;
  GtkButton       *copy_button;
  GtkButton       *remove_button;
  GtkBox          *thinking_box;
  GtkTextView     *text_view;
  GtkLabel        *usage_label;
  GtkLabel        *truncated_label;
  GtkBox          *error_box;
  GtkLabel        *error_label;

  CsTurn          *turn;
  gboolean         syncing;
  gboolean         truncated;

  /* The thinking views are made a few at a time (add_thinking_views): the
   * next block to look at, and the tick callback that makes the rest. */
  guint            next_block;
  guint            thinking_id;
};

/* Thinking views made per frame: at most this many, and no more once this
 * much time (µs) is spent. Each view made also costs its styling, measuring
 * and drawing in the frame that shows it, so the views are made from a tick
 * callback, one batch a frame, not from an idle that may run many times
 * between two frames. An answer with hundreds of thinking blocks then shows
 * without holding up the window. */
#define THINKING_VIEWS_PER_PASS 6
#define THINKING_BUDGET_US 3000

/* A text view lays out everything it holds: beyond this, the row shows the
 * beginning and says so (the turn keeps it all; Copy copies it all). */
#define DISPLAY_LIMIT (64 * 1024)

G_DEFINE_FINAL_TYPE (CsTurnRow, cs_turn_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  SIGNAL_REMOVE,
  SIGNAL_RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
cs_turn_row_format_usage (CsPrediction *prediction)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stop_text = NULL;
  g_autofree char *numbers = NULL;
  const char *stop;
  CsUsage usage;
  gint64 latency;

  g_return_val_if_fail (CS_IS_PREDICTION (prediction), NULL);

  stop = cs_prediction_describe_stop_reason (prediction);
  if (stop != NULL)
    stop_text = g_strdup (stop);
  else if (cs_prediction_get_stop_reason (prediction) != NULL)
    stop_text = g_strdup_printf (_("Stop reason: %s."), cs_prediction_get_stop_reason (prediction));

  cs_prediction_get_usage (prediction, &usage);
  if (usage.input_tokens >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("Input: %lld tokens"),
                                             (long long) usage.input_tokens));
  if (usage.output_tokens >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("Output: %lld tokens"),
                                             (long long) usage.output_tokens));
  if (usage.cache_creation_input_tokens >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("Cache written: %lld"),
                                             (long long) usage.cache_creation_input_tokens));
  if (usage.cache_read_input_tokens >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("Cache read: %lld"),
                                             (long long) usage.cache_read_input_tokens));
  latency = cs_prediction_get_latency_ms (prediction);
  if (latency >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("Latency: %.1f s"), latency / 1000.0));

  g_ptr_array_add (parts, NULL);
  numbers = g_strjoinv (" · ", (char **) parts->pdata);
  /* The sentence on its line, the numbers on the next. */
  if (stop_text == NULL)
    return g_steal_pointer (&numbers);
  if (numbers[0] == '\0')
    return g_steal_pointer (&stop_text);
  return g_strconcat (stop_text, "\n", numbers, NULL);
}

static void
copy_clicked_cb (CsTurnRow *self)
{
  g_autofree char *text = cs_turn_dup_text (self->turn);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
remove_clicked_cb (CsTurnRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
retry_clicked_cb (CsTurnRow *self)
{
  g_signal_emit (self, signals[SIGNAL_RETRY], 0);
}

static void
sync_editable (CsTurnRow *self)
{
  gboolean editable = !self->truncated &&
                      (cs_turn_get_role (self->turn) == CS_TURN_ROLE_USER ||
                       gtk_toggle_button_get_active (self->edit_button));

  gtk_text_view_set_editable (self->text_view, editable);
  gtk_text_view_set_cursor_visible (self->text_view, editable);
  if (editable)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "editing");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_view), "editing");
}

static void
edit_toggled_cb (CsTurnRow *self)
{
  sync_editable (self);
  if (gtk_toggle_button_get_active (self->edit_button))
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
buffer_changed_cb (CsTurnRow     *self,
                   GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  /* Changes made by showing the turn's own text are not edits. */
  if (self->syncing || cs_text_buffer_is_filling (buffer) ||
      !gtk_text_view_get_editable (self->text_view))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  self->syncing = TRUE;
  cs_turn_set_text (self->turn, text);
  self->syncing = FALSE;
}

/* Makes the views of the next thinking blocks, in the turn's order; returns
 * whether blocks are left for another pass. */
static gboolean
add_thinking_views (CsTurnRow *self)
{
  guint n_blocks = cs_turn_get_n_blocks (self->turn);
  gint64 start = g_get_monotonic_time ();
  guint made = 0;

  while (self->next_block < n_blocks && made < THINKING_VIEWS_PER_PASS &&
         g_get_monotonic_time () - start < THINKING_BUDGET_US)
    {
      guint i = self->next_block++;
      CsBlockKind kind = cs_turn_get_block_kind (self->turn, i);
      GtkWidget *view;

      if (kind != CS_BLOCK_THINKING && kind != CS_BLOCK_REDACTED_THINKING)
        continue;
      /* NULL for a redacted block */
      view = cs_thinking_view_new ();
      cs_thinking_view_set_thinking (CS_THINKING_VIEW (view),
                                     cs_turn_get_block_text (self->turn, i));
      gtk_box_append (self->thinking_box, view);
      made++;
    }
  return self->next_block < n_blocks;
}

static gboolean
add_thinking_views_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       data)
{
  CsTurnRow *self = CS_TURN_ROW (widget);

  if (add_thinking_views (self))
    return G_SOURCE_CONTINUE;
  self->thinking_id = 0;
  return G_SOURCE_REMOVE;
}

static void
populate (CsTurnRow *self)
{
  CsPrediction *prediction = cs_turn_get_prediction (self->turn);
  guint n_blocks = cs_turn_get_n_blocks (self->turn);
  gboolean assistant = cs_turn_get_role (self->turn) == CS_TURN_ROLE_ASSISTANT;
  g_autofree char *text = cs_turn_dup_text (self->turn);
  guint n_thinking = 0;

  gtk_label_set_text (self->role_label, assistant ? _("Claude") : _("You"));
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), assistant);
  gtk_widget_set_name (GTK_WIDGET (self->text_view), assistant ? "answer-text" : "message-text");
  /* Read out by screen readers in place of the class name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  assistant ? _("Answer from Claude") : _("Your Message"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  assistant ? _("Answer from Claude") : _("Your Message"), -1);
  if (assistant)
    gtk_widget_add_css_class (GTK_WIDGET (self), "assistant-turn");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "user-turn");

  for (guint i = 0; i < n_blocks; i++)
    {
      CsBlockKind kind = cs_turn_get_block_kind (self->turn, i);

      if (kind == CS_BLOCK_THINKING || kind == CS_BLOCK_REDACTED_THINKING)
        n_thinking++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->thinking_box), n_thinking > 0);
  if (add_thinking_views (self))
    self->thinking_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), add_thinking_views_cb,
                                                      NULL, NULL);

  if (strlen (text) > DISPLAY_LIMIT)
    {
      const char *cut = g_utf8_find_prev_char (text, text + DISPLAY_LIMIT + 1);
      g_autofree char *size = g_format_size (strlen (text));
      g_autofree char *shown = g_format_size (cut - text);
      g_autofree char *note =
        g_strdup_printf (_("This answer is %s long; the first %s are shown. Copy Text copies "
                           "all of it, and the conversation keeps all of it."), size, shown);

      self->truncated = TRUE;
      *(char *) cut = '\0';
      gtk_label_set_text (self->truncated_label, note);
      gtk_widget_set_visible (GTK_WIDGET (self->truncated_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->edit_button), FALSE);
    }

  self->syncing = TRUE;
  cs_text_buffer_set_text_chunked (gtk_text_view_get_buffer (self->text_view), text);
  self->syncing = FALSE;
  sync_editable (self);

  if (prediction != NULL)
    {
      g_autofree char *usage = cs_turn_row_format_usage (prediction);

      gtk_label_set_text (self->usage_label, usage);
      gtk_widget_set_visible (GTK_WIDGET (self->usage_label), usage[0] != '\0');
      if (cs_prediction_get_model (prediction) != NULL)
        gtk_label_set_text (self->info_label, cs_prediction_get_model (prediction));
    }
}

/* GtkTextView reports the height of its layout at the width it last had: the
 * first measure, before any allocation, wraps at a tiny width. Once it has a
 * real width, measure again. */
static gboolean
remeasure_idle_cb (gpointer data)
{
  GtkWidget *view = data;

  gtk_widget_queue_resize (view);
  return G_SOURCE_REMOVE;
}

static void
text_view_mapped_cb (GtkWidget *view)
{
  g_idle_add_full (G_PRIORITY_LOW, remeasure_idle_cb, g_object_ref (view), g_object_unref);
}

static void
cs_turn_row_dispose (GObject *object)
{
  CsTurnRow *self = CS_TURN_ROW (object);

  if (self->thinking_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->thinking_id);
      self->thinking_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_TURN_ROW);

  G_OBJECT_CLASS (cs_turn_row_parent_class)->dispose (object);
}

static void
cs_turn_row_finalize (GObject *object)
{
  CsTurnRow *self = CS_TURN_ROW (object);

  g_clear_object (&self->turn);

  G_OBJECT_CLASS (cs_turn_row_parent_class)->finalize (object);
}

static void
cs_turn_row_class_init (CsTurnRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_turn_row_dispose;
  object_class->finalize = cs_turn_row_finalize;

  signals[SIGNAL_REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CS_TYPE_CULLING_BOX);
  g_type_ensure (CS_TYPE_THINKING_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cs-turn-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, info_label);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, thinking_box);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, text_view);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, usage_label);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, truncated_label);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, CsTurnRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_toggled_cb);
}

static void
cs_turn_row_init (CsTurnRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_after (self->text_view, "map", G_CALLBACK (text_view_mapped_cb), NULL);
}

GtkWidget *
cs_turn_row_new (CsTurn *turn)
{
  CsTurnRow *self;

  g_return_val_if_fail (CS_IS_TURN (turn), NULL);

  self = g_object_new (CS_TYPE_TURN_ROW, NULL);
  self->turn = g_object_ref (turn);
  populate (self);
  return GTK_WIDGET (self);
}

CsTurn *
cs_turn_row_get_turn (CsTurnRow *self)
{
  g_return_val_if_fail (CS_IS_TURN_ROW (self), NULL);

  return self->turn;
}

GtkTextView *
cs_turn_row_get_text_view (CsTurnRow *self)
{
  g_return_val_if_fail (CS_IS_TURN_ROW (self), NULL);

  return self->text_view;
}

void
cs_turn_row_set_error (CsTurnRow  *self,
                       const char *message)
{
  g_return_if_fail (CS_IS_TURN_ROW (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
  /* A screen reader says why the turn stands alone, with the row. */
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

gboolean
cs_turn_row_has_error (CsTurnRow *self)
{
  g_return_val_if_fail (CS_IS_TURN_ROW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_box));
}
