/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_CERTIFICATE_DIALOG (cs_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CsCertificateDialog, cs_certificate_dialog, CS, CERTIFICATE_DIALOG,
                      AdwMessageDialog)

/*
 * Asks whether to trust a certificate the system does not vouch for, showing
 * who it was issued to and by, its validity and its SHA-256 fingerprint.
 * Responses: "cancel" and "trust". With changed = TRUE it warns that the
 * certificate is not the one trusted before.
 */
GtkWidget  *cs_certificate_dialog_new             (GtkWindow            *parent,
                                                   GTlsCertificate      *certificate,
                                                   GTlsCertificateFlags  errors,
                                                   gboolean              changed,
                                                   const char           *address);

const char *cs_certificate_dialog_get_fingerprint (CsCertificateDialog  *self);

G_END_DECLS
