/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page-private.h"

#include <glib/gi18n.h>

#include "cs-key-rotation-dialog.h"
#include "cs-session-token-record.h"
#include "cs-window.h"

/* The fixes that lead to a connector's lifecycle: editing it on the Connectors page, rotating
 * its keys here, and the warning before a session token is likely to expire. */

gboolean
_cs_playground_page_edit_connector (CsPlaygroundPage *self,
                                    const char       *connector_id)
{
  if (connector_id == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-connector", "s",
                                     connector_id);
}

static void
rotated_cb (CsPlaygroundPage *self,
            const char       *connector_id)
{
  if (self->disposed)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->banner_box), FALSE);
  cs_widget_show_toast (GTK_WIDGET (self), _("Keys rotated: send the message again"));
  /* The models now use the connector with the new keys: read the list again. */
  cs_model_picker_reload (self->model_picker);
}

void
_cs_playground_page_rotate_keys (CsPlaygroundPage *self,
                                 const char       *connector_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->session == NULL || connector_id == NULL)
    return;
  dialog = cs_key_rotation_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->session, connector_id);
  g_signal_connect_object (dialog, "rotated", G_CALLBACK (rotated_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_cs_playground_page_check_session_token (CsPlaygroundPage *self)
{
  CsModelInfo *model = cs_model_picker_get_selected_model (self->model_picker);
  const char *connector_id;
  g_autoptr(GDateTime) entered = NULL;
  g_autofree char *message = NULL;

  if (model == NULL || gtk_widget_get_visible (GTK_WIDGET (self->banner_box)))
    return;
  connector_id = cs_model_info_get_connector_id (model);
  if (connector_id == NULL)
    return;
  entered = cs_session_token_record_lookup (NULL, connector_id);
  if (entered == NULL)
    return;
  cs_session_token_assess (entered, NULL, &message);
  if (message != NULL)
    _cs_playground_page_show_banner (self, message, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS);
}
