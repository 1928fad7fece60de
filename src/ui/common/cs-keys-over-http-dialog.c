/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-keys-over-http-dialog.h"

#include <glib/gi18n.h>

AdwMessageDialog *
cs_keys_over_http_dialog_new (GtkWindow  *parent,
                              const char *cluster_url)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (cluster_url != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Send AWS Keys Over http://?"),
                                                       NULL));
  adw_message_dialog_format_body (dialog,
                                  _("The cluster at %s uses plain http://. The connector’s AWS "
                                    "access key and secret key travel unencrypted, so anyone on "
                                    "the network can read them. Continue only on a network you "
                                    "trust, or connect to the cluster over https://."),
                                  cluster_url);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "send", _("_Send Keys Over http://"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}
