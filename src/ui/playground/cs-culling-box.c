/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-culling-box"

#include "config.h"

#include "cs-culling-box.h"
#include "cs-culling-box-private.h"

struct _CsCullingBox
{
  GtkBox         parent_instance;

  /* While mapped: the adjustments of the scrolled window the box is in. */
  GtkAdjustment *adjustments[2];
  gulong         value_ids[2];
  gulong         changed_ids[2];

  guint          n_drawn;
  GtkWidget     *first_drawn;   /* not owned; only compared in the tests */
};

G_DEFINE_FINAL_TYPE (CsCullingBox, cs_culling_box, GTK_TYPE_BOX)

/* The part of the box the scrolled window shows, in the box's coordinates;
 * FALSE when the box is in no scrolled window (or not laid out yet). */
static gboolean
get_visible_rect (CsCullingBox    *self,
                  graphene_rect_t *visible)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);

  return scroller != NULL && gtk_widget_compute_bounds (scroller, GTK_WIDGET (self), visible);
}

static void
cs_culling_box_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CsCullingBox *self = CS_CULLING_BOX (widget);
  graphene_rect_t visible;
  gboolean cull = get_visible_rect (self, &visible);

  self->n_drawn = 0;
  self->first_drawn = NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_visible (child))
        continue;
      if (cull && gtk_widget_compute_bounds (child, widget, &bounds) &&
          !graphene_rect_intersection (&bounds, &visible, NULL))
        continue;
      gtk_widget_snapshot_child (widget, child, snapshot);
      if (self->n_drawn++ == 0)
        self->first_drawn = child;
    }
}

static void
disconnect_adjustments (CsCullingBox *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->adjustments); i++)
    {
      if (self->adjustments[i] == NULL)
        continue;
      g_clear_signal_handler (&self->value_ids[i], self->adjustments[i]);
      g_clear_signal_handler (&self->changed_ids[i], self->adjustments[i]);
      g_clear_object (&self->adjustments[i]);
    }
}

static void
cs_culling_box_map (GtkWidget *widget)
{
  CsCullingBox *self = CS_CULLING_BOX (widget);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  GTK_WIDGET_CLASS (cs_culling_box_parent_class)->map (widget);

  disconnect_adjustments (self);
  if (scroller == NULL)
    return;
  self->adjustments[0] =
    g_object_ref (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)));
  self->adjustments[1] =
    g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)));
  /* What is shown changes: other children may come into view. */
  for (guint i = 0; i < G_N_ELEMENTS (self->adjustments); i++)
    {
      self->value_ids[i] = g_signal_connect_swapped (self->adjustments[i], "value-changed",
                                                     G_CALLBACK (gtk_widget_queue_draw), self);
      self->changed_ids[i] = g_signal_connect_swapped (self->adjustments[i], "changed",
                                                       G_CALLBACK (gtk_widget_queue_draw), self);
    }
}

static void
cs_culling_box_unmap (GtkWidget *widget)
{
  disconnect_adjustments (CS_CULLING_BOX (widget));

  GTK_WIDGET_CLASS (cs_culling_box_parent_class)->unmap (widget);
}

static void
cs_culling_box_dispose (GObject *object)
{
  disconnect_adjustments (CS_CULLING_BOX (object));

  G_OBJECT_CLASS (cs_culling_box_parent_class)->dispose (object);
}

static void
cs_culling_box_class_init (CsCullingBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_culling_box_dispose;
  widget_class->snapshot = cs_culling_box_snapshot;
  widget_class->map = cs_culling_box_map;
  widget_class->unmap = cs_culling_box_unmap;
}

static void
cs_culling_box_init (CsCullingBox *self)
{
}

GtkWidget *
cs_culling_box_new (GtkOrientation orientation,
                    int            spacing)
{
  return g_object_new (CS_TYPE_CULLING_BOX, "orientation", orientation, "spacing", spacing, NULL);
}

guint
cs_culling_box_get_n_drawn (CsCullingBox *self)
{
  g_return_val_if_fail (CS_IS_CULLING_BOX (self), 0);

  return self->n_drawn;
}

GtkWidget *
cs_culling_box_get_first_drawn (CsCullingBox *self)
{
  g_return_val_if_fail (CS_IS_CULLING_BOX (self), NULL);

  return self->first_drawn;
}
