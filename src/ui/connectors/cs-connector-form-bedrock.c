/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-form"

/*
 * What CsConnectorForm offers around Bedrock itself, each in its own dialog:
 * Models in Your Account (cs-model-catalog-dialog), Check with Bedrock
 * (cs-bedrock-check-dialog) and IAM Policies (cs-iam-help-dialog); and what
 * the form's rows say about them. The actions are in the "form" group.
 */

#include "config.h"

#include "cs-connector-form-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-bedrock-catalog.h"
#include "cs-bedrock-check-dialog.h"
#include "cs-iam-help-dialog.h"
#include "cs-model-catalog-dialog.h"
#include "cs-profile-store.h"
#include "cs-window.h"

static gboolean
uses_keys (CsConnectorForm *self)
{
  return cs_connector_spec_get_credential_kind (self->spec) == CS_CREDENTIAL_KIND_KEYS;
}

static gboolean
has_keys (CsConnectorForm *self)
{
  return uses_keys (self) && cs_connector_spec_get_access_key (self->spec)[0] != '\0' &&
         cs_connector_spec_get_secret_key (self->spec)[0] != '\0';
}

static char *
catalog_key (CsConnectorForm *self)
{
  return g_strconcat (cs_connector_spec_get_access_key (self->spec), " ",
                      cs_connector_spec_get_region (self->spec), NULL);
}

/* Where Bedrock is: the tests' endpoints, the local sandbox's simulated
 * account when connected to it (it accepts made-up keys), else AWS. */
static CsBedrockEndpoints *
dup_endpoints (CsConnectorForm *self)
{
  CsProfile *profile;

  if (self->endpoints != NULL)
    return cs_bedrock_endpoints_copy (self->endpoints);
  if (self->session == NULL || cs_session_get_state (self->session) != CS_SESSION_CONNECTED)
    return NULL;
  profile = cs_profile_store_lookup (cs_profile_store_get_default (),
                                     cs_session_get_profile_id (self->session));
  if (profile == NULL || !cs_profile_get_is_sandbox (profile))
    return NULL;
  /* The sandbox answers with its own certificate, which its profile trusts. */
  return cs_bedrock_endpoints_new_for_sandbox (cs_profile_get_url (profile),
                                               cs_profile_get_ca_file (profile));
}

static CsBedrockAccount *
get_account (CsConnectorForm *self)
{
  g_autoptr(CsBedrockEndpoints) endpoints = dup_endpoints (self);

  const char *control = endpoints != NULL ? endpoints->control_url : NULL;

  /* Listings are cached per account object: keep it while Bedrock stays where it was. */
  if (self->account == NULL)
    self->account = cs_bedrock_account_new (endpoints);
  else if (g_strcmp0 (g_object_get_data (G_OBJECT (self->account), "cs-control-url"),
                      control) != 0)
    cs_bedrock_account_set_endpoints (self->account, endpoints);
  g_object_set_data_full (G_OBJECT (self->account), "cs-control-url", g_strdup (control),
                          g_free);
  return self->account;
}

static void
set_action_enabled (CsConnectorForm *self,
                    const char      *name,
                    gboolean         enabled)
{
  GActionGroup *group = g_object_get_data (G_OBJECT (self), "cs-form-actions");
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (group), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* ---- what the rows say ---- */

static void
show_catalog_row (CsConnectorForm *self)
{
  const char *region = cs_connector_spec_get_region (self->spec);
  g_autofree char *key = catalog_key (self);
  g_autofree char *text = NULL;
  gboolean failed = FALSE;

  if (!uses_keys (self))
    text = g_strdup (_("Only the cluster can assume an IAM role, so your account cannot be "
                       "listed from here: the form offers the models of the built-in table."));
  else if (!has_keys (self))
    text = g_strdup_printf (_("Type the access key and secret key below to list the Claude "
                              "models your account can use in %s. Until then the form offers "
                              "the models of the built-in table."), region);
  else if (g_strcmp0 (key, self->catalog_key) == 0 && self->catalog_problem != NULL)
    {
      failed = TRUE;
      text = g_strdup_printf ("%s %s", self->catalog_problem,
                              _("The form offers the models of the built-in table alone."));
    }
  else if (!cs_bedrock_region_is_valid (region))
    text = g_strdup (_("Choose a region to list the Claude models your account can use there."));
  else
    {
      g_autoptr(CsBedrockListing) listing =
        self->account != NULL ?
        cs_bedrock_account_get_cached (self->account,
                                       cs_connector_spec_get_access_key (self->spec), region) :
        NULL;

      if (listing != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          gint64 minutes = g_date_time_difference (now, cs_bedrock_listing_get_time (listing)) /
                           G_TIME_SPAN_MINUTE;
          guint n = cs_bedrock_listing_get_models (listing)->len;

          if (minutes < 1)
            text = g_strdup_printf (ngettext ("Listed just now: %u Claude model in %s.",
                                              "Listed just now: %u Claude models in %s.", n),
                                    n, region);
          else
            /* Translators: "Listed 5 minutes ago: 20 Claude models in us-east-1." */
            text = g_strdup_printf (ngettext ("Listed %d min ago: %u Claude model in %s.",
                                              "Listed %d min ago: %u Claude models in %s.", n),
                                    (int) minutes, n, region);
        }
      else
        text = g_strdup_printf (_("See which Claude models and inference profiles your account "
                                  "can use in %s, read-only, with the keys below."), region);
    }

  adw_action_row_set_subtitle (self->catalog_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->catalog_copy_button),
                          failed && self->catalog_action != NULL);
  if (failed && self->catalog_action != NULL)
    {
      g_autofree char *tip = g_strdup_printf (_("Copy “%s”"), self->catalog_action);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->catalog_copy_button), tip);
    }
  set_action_enabled (self, "show-catalog",
                      has_keys (self) && cs_bedrock_region_is_valid (region));
}

static void
show_check_row (CsConnectorForm *self)
{
  gboolean keys = uses_keys (self);

  gtk_widget_set_visible (GTK_WIDGET (self->check_button), keys);
  if (!keys)
    adw_action_row_set_subtitle (self->check_row,
                                 _("Only the cluster can assume an IAM role, so the app cannot "
                                   "check it from here. After Create Connector, register a model "
                                   "from it and send a test prompt in the Playground: that smoke "
                                   "test checks the role."));
  else if (self->check_sentence != NULL)
    adw_action_row_set_subtitle (self->check_row, self->check_sentence);
  else if (!has_keys (self))
    adw_action_row_set_subtitle (self->check_row,
                                 _("Type the access key and secret key to check them with "
                                   "Bedrock before creating the connector."));
  else
    adw_action_row_set_subtitle (self->check_row,
                                 _("One small call to Bedrock with these keys, model and body "
                                   "says whether they are accepted. It costs a few tokens and "
                                   "asks first."));
  set_action_enabled (self, "check-bedrock",
                      has_keys (self) &&
                      cs_bedrock_region_is_valid (cs_connector_spec_get_region (self->spec)));
}

static void
show_rows (CsConnectorForm *self)
{
  if (self->spec == NULL)
    return;
  show_catalog_row (self);
  show_check_row (self);
}

static void
spec_changed_cb (CsConnectorForm *self)
{
  /* A verdict is about what was checked. */
  g_clear_pointer (&self->check_sentence, g_free);
  show_rows (self);
}

/* ---- dialogs ---- */

static void
present_dialog (CsConnectorForm *self,
                GtkWidget       *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
model_chosen_cb (CsConnectorForm *self,
                 const char      *model_id)
{
  cs_connector_spec_set_model (self->spec, model_id);
  _cs_connector_form_fit_thinking (self);
}

static void
listed_cb (CsConnectorForm *self,
           const char      *problem,
           const char      *action)
{
  g_free (self->catalog_problem);
  g_free (self->catalog_action);
  g_free (self->catalog_key);
  self->catalog_problem = g_strdup (problem);
  self->catalog_action = g_strdup (action);
  self->catalog_key = catalog_key (self);
  show_rows (self);
}

static void
show_catalog_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CsConnectorForm *self = user_data;
  GtkWidget *dialog;

  if (!has_keys (self))
    return;
  dialog = cs_model_catalog_dialog_new (get_account (self), self->spec);
  g_signal_connect_object (dialog, "model-chosen", G_CALLBACK (model_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "listed", G_CALLBACK (listed_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
checked_cb (CsConnectorForm *self,
            int              outcome,
            const char      *sentence)
{
  g_free (self->check_sentence);
  /* Translators: %s is the check's one-sentence verdict */
  self->check_sentence = g_strdup_printf (_("Last check: %s"), sentence);
  show_rows (self);
}

static void
check_bedrock_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CsConnectorForm *self = user_data;
  g_autoptr(CsBedrockEndpoints) endpoints = NULL;
  GtkWidget *dialog;

  if (!has_keys (self))
    return;
  endpoints = dup_endpoints (self);
  dialog = cs_bedrock_check_dialog_new (self->spec, endpoints);
  g_signal_connect_object (dialog, "checked", G_CALLBACK (checked_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
show_iam_help_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CsConnectorForm *self = user_data;

  present_dialog (self, cs_iam_help_dialog_new (self->spec));
}

static void
copy_catalog_action_cb (CsConnectorForm *self)
{
  if (self->catalog_action == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->catalog_action);
  cs_widget_show_toast (GTK_WIDGET (self), _("IAM action copied"));
}

/* ---- the form's part ---- */

void
_cs_connector_form_init_bedrock (CsConnectorForm *self)
{
  static const GActionEntry entries[] = {
    { "show-catalog", show_catalog_action, NULL, NULL, NULL, { 0 } },
    { "check-bedrock", check_bedrock_action, NULL, NULL, NULL, { 0 } },
    { "show-iam-help", show_iam_help_action, NULL, NULL, NULL, { 0 } },
  };
  GSimpleActionGroup *group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "form", G_ACTION_GROUP (group));
  g_object_set_data_full (G_OBJECT (self), "cs-form-actions", group, g_object_unref);

  g_signal_connect_swapped (self->catalog_copy_button, "clicked",
                            G_CALLBACK (copy_catalog_action_cb), self);
  g_signal_group_connect_object (self->spec_signals, "changed", G_CALLBACK (spec_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::state", G_CALLBACK (show_rows),
                                 self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::spec", G_CALLBACK (spec_changed_cb), NULL);
}

void
_cs_connector_form_free_bedrock (CsConnectorForm *self)
{
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (self->dialog);
      self->dialog = NULL;
    }
  g_clear_object (&self->account);
  g_clear_pointer (&self->endpoints, cs_bedrock_endpoints_free);
  g_clear_pointer (&self->catalog_problem, g_free);
  g_clear_pointer (&self->catalog_action, g_free);
  g_clear_pointer (&self->catalog_key, g_free);
  g_clear_pointer (&self->check_sentence, g_free);
}

void
cs_connector_form_set_bedrock_endpoints (CsConnectorForm          *self,
                                         const CsBedrockEndpoints *endpoints)
{
  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));

  g_clear_pointer (&self->endpoints, cs_bedrock_endpoints_free);
  if (endpoints != NULL)
    self->endpoints = cs_bedrock_endpoints_copy (endpoints);
  if (self->account != NULL)
    cs_bedrock_account_set_endpoints (self->account, endpoints);
}

GtkWindow *
cs_connector_form_get_dialog (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);
  return self->dialog;
}
