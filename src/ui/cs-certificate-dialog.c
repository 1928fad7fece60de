/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-certificate-dialog"

#include "config.h"

#include "cs-certificate-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-trust.h"

struct _CsCertificateDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  AdwActionRow     *subject_row;
  AdwActionRow     *issuer_row;
  AdwActionRow     *validity_row;
  AdwActionRow     *fingerprint_row;

  char             *fingerprint;
};

G_DEFINE_FINAL_TYPE (CsCertificateDialog, cs_certificate_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
cs_certificate_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_CERTIFICATE_DIALOG);

  G_OBJECT_CLASS (cs_certificate_dialog_parent_class)->dispose (object);
}

static void
cs_certificate_dialog_finalize (GObject *object)
{
  CsCertificateDialog *self = CS_CERTIFICATE_DIALOG (object);

  g_free (self->fingerprint);

  G_OBJECT_CLASS (cs_certificate_dialog_parent_class)->finalize (object);
}

static void
cs_certificate_dialog_class_init (CsCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_certificate_dialog_dispose;
  object_class->finalize = cs_certificate_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsCertificateDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CsCertificateDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, CsCertificateDialog, validity_row);
  gtk_widget_class_bind_template_child (widget_class, CsCertificateDialog, fingerprint_row);
}

static void
cs_certificate_dialog_init (CsCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_("unknown"));
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%x");
}

/* 64 hex pairs on two lines, so the fingerprint is readable aloud. */
static char *
split_fingerprint (const char *fingerprint)
{
  gsize half;

  if (fingerprint == NULL || strlen (fingerprint) < 95)
    return g_strdup (fingerprint);
  half = 16 * 3;
  return g_strdup_printf ("%.*s\n%s", (int) (half - 1), fingerprint, fingerprint + half);
}

GtkWidget *
cs_certificate_dialog_new (GtkWindow            *parent,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gboolean              changed,
                           const char           *address)
{
  CsCertificateDialog *self;
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *shown_fingerprint = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (CS_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       NULL);

  self->fingerprint = cs_trust_fingerprint (certificate);
  subject = g_tls_certificate_get_subject_name (certificate);
  issuer = g_tls_certificate_get_issuer_name (certificate);
  not_before = g_tls_certificate_get_not_valid_before (certificate);
  not_after = g_tls_certificate_get_not_valid_after (certificate);
  from = format_date (not_before);
  until = format_date (not_after);
  /* Translators: a date range, "from 1/2/2026 to 1/2/2027" */
  validity = g_strdup_printf (_("From %s to %s"), from, until);
  shown_fingerprint = split_fingerprint (self->fingerprint);

  adw_action_row_set_subtitle (self->subject_row, subject != NULL ? subject : _("unknown"));
  adw_action_row_set_subtitle (self->issuer_row, issuer != NULL ? issuer : _("unknown"));
  adw_action_row_set_subtitle (self->validity_row, validity);
  adw_action_row_set_subtitle (self->fingerprint_row, shown_fingerprint);

  if (changed)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                      _("The Cluster’s Certificate Has Changed"));
      body = g_strdup_printf (_("%s presented a different certificate from the one you "
                                "trusted. Someone may be intercepting the connection. Trust "
                                "the new certificate only if its administrator confirms this "
                                "fingerprint."),
                              address);
    }
  else
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Trust This Certificate?"));
      if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
        body = g_strdup_printf (_("The certificate of %s is not signed by an authority this "
                                  "computer trusts, and it was made for another host name. "
                                  "Trust it only if the cluster’s administrator confirms "
                                  "this fingerprint."),
                                address);
      else
        body = g_strdup_printf (_("The certificate of %s is not signed by an authority this "
                                  "computer trusts. Trust it only if the cluster’s "
                                  "administrator confirms this fingerprint."),
                                address);
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "trust", changed ? _("_Trust New Certificate")
                                                     : _("_Trust Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "trust",
                                              changed ? ADW_RESPONSE_DESTRUCTIVE
                                                      : ADW_RESPONSE_SUGGESTED);
  return GTK_WIDGET (self);
}

const char *
cs_certificate_dialog_get_fingerprint (CsCertificateDialog *self)
{
  g_return_val_if_fail (CS_IS_CERTIFICATE_DIALOG (self), NULL);
  return self->fingerprint;
}
