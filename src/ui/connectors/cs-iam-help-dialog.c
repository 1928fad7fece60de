/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-iam-help-dialog"

#include "config.h"

#include "cs-iam-help-dialog-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-iam-policy.h"

struct _CsIamHelpDialog
{
  AdwWindow        parent_instance;

  /* Template Widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toasts;
  GtkBox          *box;
  GtkLabel        *intro_label;

  /* Owned References */
  GHashTable      *texts;    /* key → text shown */
  GHashTable      *buttons;  /* key → its Copy button (unowned: the dialog holds it) */
  GHashTable      *items;    /* key → the item's box (unowned) */
};

G_DEFINE_FINAL_TYPE (CsIamHelpDialog, cs_iam_help_dialog, ADW_TYPE_WINDOW)

/* The 12-digit account of a role ARN ("arn:aws:iam::123456789012:role/x"), or NULL. */
static char *
account_of_role (const char *role_arn)
{
  g_auto(GStrv) parts = NULL;

  if (role_arn == NULL || !g_str_has_prefix (role_arn, "arn:"))
    return NULL;
  parts = g_strsplit (role_arn, ":", 6);
  if (g_strv_length (parts) < 6 || strlen (parts[4]) != 12)
    return NULL;
  for (const char *c = parts[4]; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return NULL;
  return g_strdup (parts[4]);
}

static void
copy_clicked_cb (GtkButton       *button,
                 CsIamHelpDialog *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "cs-iam-key");
  const char *text = g_hash_table_lookup (self->texts, key);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Copied to the clipboard")));
}

static void
add_heading (CsIamHelpDialog *self,
             const char      *text,
             const char      *description)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (GTK_BOX (box), label);
  if (description != NULL)
    {
      label = gtk_label_new (description);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_box_append (self->box, box);
}

/* One policy: title (with an "Assumed" mark), one line on what it is for,
 * the text in a monospace view as tall as its text, and a Copy button. With
 * text NULL, problem says what is missing instead. */
static void
add_item (CsIamHelpDialog *self,
          const char      *key,
          const char      *title,
          const char      *explanation,
          const char      *assumed,
          const char      *text,
          const char      *problem)
{
  GtkWidget *item = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *button;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), label);
  if (assumed != NULL)
    {
      GtkWidget *mark = gtk_label_new (_("Assumed"));

      gtk_widget_add_css_class (mark, "cs-state-badge");
      gtk_widget_add_css_class (mark, "warning");
      gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (mark, assumed);
      gtk_box_append (GTK_BOX (header), mark);
    }
  label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (header), label);
  if (text != NULL)
    {
      g_autofree char *name = g_strdup_printf (_("Copy %s"), title);

      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), g_object_new (ADW_TYPE_BUTTON_CONTENT,
                                                               "icon-name", "edit-copy-symbolic",
                                                               "label", _("Copy"),
                                                               NULL));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      g_object_set_data_full (G_OBJECT (button), "cs-iam-key", g_strdup (key), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), self);
      gtk_box_append (GTK_BOX (header), button);
      g_hash_table_insert (self->buttons, g_strdup (key), button);
    }
  gtk_box_append (GTK_BOX (item), header);

  label = gtk_label_new (explanation);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (item), label);
  if (assumed != NULL)
    {
      label = gtk_label_new (assumed);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (item), label);
    }

  if (text != NULL)
    {
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *view = gtk_text_view_new ();

      gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
      gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
      /* Long ARNs wrap rather than being cut off. */
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_box_append (GTK_BOX (item), frame);
      g_hash_table_insert (self->texts, g_strdup (key), g_strdup (text));
    }
  else if (problem != NULL)
    {
      label = gtk_label_new (problem);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (item), label);
    }

  g_hash_table_insert (self->items, g_strdup (key), item);
  gtk_box_append (self->box, item);
}

static void
fill (CsIamHelpDialog *self,
      CsConnectorSpec *spec)
{
  const char *model = cs_connector_spec_get_model (spec);
  const char *region = cs_connector_spec_get_region (spec);
  const char *role_arn = cs_connector_spec_get_role_arn (spec);
  gboolean role = cs_connector_spec_get_credential_kind (spec) == CS_CREDENTIAL_KIND_ROLE_ARN;
  g_autofree char *account = role ? account_of_role (role_arn) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *invoke = cs_iam_policy_invoke (model, region, account, &error);
  g_autofree char *list = cs_iam_policy_list_catalog ();
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", model, region);
  g_autofree char *invoke_why = NULL;

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_label_set_text (self->intro_label,
                      account != NULL ?
                      _("Attach these in AWS IAM. They name only model IDs, Regions and the "
                        "account of the role — never a key.") :
                      _("Attach these to the IAM user of the access key. They name only model "
                        "IDs and Regions — never a key. The account is not known here, so “*” "
                        "stands for it: replace it with your 12-digit account ID to narrow the "
                        "policy."));

  add_heading (self, _("Calling the Model"), NULL);
  invoke_why = g_strdup_printf (_("Lets the connector’s credentials call bedrock:InvokeModel on "
                                  "%s: the inference profile, and the foundation model in each "
                                  "Region the profile routes requests to."), model);
  add_item (self, "invoke", _("Invoke Policy"), invoke_why, NULL, invoke,
            error != NULL ? error->message : NULL);

  add_heading (self, _("Listing the Models in Your Account"), NULL);
  add_item (self, "list", _("Catalogue Policy"),
            _("Read-only: lets Models in Your Account list the Anthropic models and inference "
              "profiles your keys can use. Not needed to call a model."),
            NULL, list, NULL);

  if (!role)
    {
      add_heading (self, _("For an IAM Role on Amazon OpenSearch Service"),
                   _("The form signs with an access key. Choose IAM Role as the credential to "
                     "see the role’s trust policy, the iam:PassRole permission and the "
                     "role mapping."));
      return;
    }

  add_heading (self, _("For an IAM Role on Amazon OpenSearch Service"),
               _("The domain assumes the role to sign its Bedrock calls. The role needs the "
                 "invoke policy above and this trust policy; the user who creates the connector "
                 "needs to pass the role."));
  {
    g_autofree char *trust = cs_iam_policy_role_trust ();
    g_autoptr(GError) pass_error = NULL;
    g_autoptr(GError) map_error = NULL;
    g_autofree char *pass = cs_iam_policy_pass_role (role_arn, &pass_error);
    g_autofree char *mapping = cs_iam_policy_role_mapping (role_arn, &map_error);

    add_item (self, "trust", _("Trust Policy of the Role"),
              _("Lets Amazon OpenSearch Service (opensearchservice.amazonaws.com) assume the "
                "role."), NULL, trust, NULL);
    add_item (self, "pass-role", _("PassRole for the Creating User"),
              _("Lets the IAM user who creates the connector hand the role to the domain."),
              _("Assumed: AWS’s OpenSearch connector page does not state this in its text; "
                "other AWS guides ask for iam:PassRole on a service role in the same way."),
              pass, pass_error != NULL ? pass_error->message : NULL);
    add_item (self, "mapping", _("Backend Role Mapping"),
              _("With fine-grained access control, lets the role use ML Commons."),
              _("Assumed: not yet confirmed from AWS’s OpenSearch connector page."),
              mapping, map_error != NULL ? map_error->message : NULL);
  }
}

static void
cs_iam_help_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_IAM_HELP_DIALOG);
  G_OBJECT_CLASS (cs_iam_help_dialog_parent_class)->dispose (object);
}

static void
cs_iam_help_dialog_finalize (GObject *object)
{
  CsIamHelpDialog *self = CS_IAM_HELP_DIALOG (object);

  g_hash_table_unref (self->texts);
  g_hash_table_unref (self->buttons);
  g_hash_table_unref (self->items);
  G_OBJECT_CLASS (cs_iam_help_dialog_parent_class)->finalize (object);
}

static void
cs_iam_help_dialog_class_init (CsIamHelpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_iam_help_dialog_dispose;
  object_class->finalize = cs_iam_help_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-iam-help-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsIamHelpDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsIamHelpDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, CsIamHelpDialog, box);
  gtk_widget_class_bind_template_child (widget_class, CsIamHelpDialog, intro_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_iam_help_dialog_init (CsIamHelpDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
cs_iam_help_dialog_new (CsConnectorSpec *spec)
{
  CsIamHelpDialog *self;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);

  self = g_object_new (CS_TYPE_IAM_HELP_DIALOG, NULL);
  fill (self, spec);
  return GTK_WIDGET (self);
}

const char *
cs_iam_help_dialog_get_text (CsIamHelpDialog *self,
                             const char      *key)
{
  return g_hash_table_lookup (self->texts, key);
}

GtkButton *
cs_iam_help_dialog_get_copy_button (CsIamHelpDialog *self,
                                    const char      *key)
{
  return g_hash_table_lookup (self->buttons, key);
}

GtkWidget *
cs_iam_help_dialog_get_item (CsIamHelpDialog *self,
                             const char      *key)
{
  return g_hash_table_lookup (self->items, key);
}
