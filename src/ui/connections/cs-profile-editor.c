/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-profile-editor"

#include "config.h"

#include "cs-profile-editor.h"

#include <glib/gi18n.h>

#include "cs-accessible.h"
#include "cs-error.h"
#include "cs-trust.h"

struct _CsProfileEditor
{
  AdwBin                parent_instance;

  /* Template widgets */
  AdwEntryRow          *name_row;
  AdwEntryRow          *url_row;
  GtkLabel             *cluster_caption;
  AdwComboRow          *auth_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  AdwEntryRow          *region_row;
  AdwEntryRow          *access_key_row;
  AdwPasswordEntryRow  *secret_key_row;
  AdwPasswordEntryRow  *token_row;
  GtkLabel             *auth_caption;
  GtkLabel             *actions_hint_label;
  GtkScrolledWindow    *scrolled;
  guint                 reveal_tick;
  int                   reveal_frames;
  GtkWidget            *http_warning;
  GtkLabel             *http_warning_label;
  AdwActionRow         *ca_row;
  GtkWidget            *ca_clear_button;
  AdwActionRow         *pin_row;
  GtkLabel             *certificate_caption;
  AdwPreferencesGroup  *result_group;
  AdwActionRow         *result_status_row;
  GtkImage             *result_icon;
  AdwActionRow         *result_version_row;
  AdwActionRow         *result_cluster_row;
  AdwActionRow         *result_ml_row;
  AdwActionRow         *result_aws_row;
  GtkSpinner           *spinner;

  /* Owned References */
  CsProfile            *profile;
  GtkFileChooserNative *chooser;
  char                 *title;     /* shown in the window's header bar */

  /* Rows the user has changed since editing began: only these show errors. */
  GHashTable           *touched;
  gboolean              loading;
  gboolean              busy;
  gboolean              valid;
  GError               *first_problem;  /* the first field problem, touched or not */
};

G_DEFINE_FINAL_TYPE (CsProfileEditor, cs_profile_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  PROP_TITLE,
  N_PROPS
};

enum {
  SIGNAL_TEST,
  SIGNAL_SAVE,
  SIGNAL_CONNECT,
  SIGNAL_BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
row_text (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static CsAuthKind
selected_auth_kind (CsProfileEditor *self)
{
  switch (adw_combo_row_get_selected (self->auth_row))
    {
    case 1:
      return CS_AUTH_BASIC;
    case 2:
      return CS_AUTH_SIGV4;
    default:
      return CS_AUTH_NONE;
    }
}

/* Marks the row red when the user touched it and it has a problem. The
 * first problem of a group goes into its caption. */
static void
check_row (CsProfileEditor  *self,
           GtkWidget        *row,
           GError           *problem,
           GError          **first_shown,
           gboolean         *valid)
{
  gboolean show = problem != NULL && g_hash_table_contains (self->touched, row);

  if (problem != NULL && *valid && self->first_problem == NULL)
    self->first_problem = g_error_copy (problem);
  if (problem != NULL)
    *valid = FALSE;
  if (show)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  if (show && *first_shown == NULL)
    *first_shown = g_error_copy (problem);
}

static void
set_caption (GtkLabel     *caption,
             const GError *error)
{
  gtk_label_set_label (caption, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (caption), error != NULL);
}

static GError *
required (const char *text,
          const char *message)
{
  if (nonempty (text) != NULL)
    return NULL;
  return g_error_new_literal (CS_ERROR, CS_ERROR_INVALID_INPUT, message);
}

static void
update_actions (CsProfileEditor *self)
{
  gboolean can_act = self->valid && !self->busy && self->profile != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", can_act);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", can_act);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.connect", can_act);
}

static void
validate (CsProfileEditor *self)
{
  g_autoptr(GError) cluster_shown = NULL;
  g_autoptr(GError) auth_shown = NULL;
  CsAuthKind kind = selected_auth_kind (self);
  gboolean valid = TRUE;
  gboolean plain_http;

  if (self->profile == NULL)
    return;
  g_clear_error (&self->first_problem);

  {
    g_autoptr(GError) name_error = NULL;
    g_autoptr(GError) url_error = NULL;

    cs_profile_check_name (row_text (self->name_row), &name_error);
    cs_profile_check_url (row_text (self->url_row), &url_error);
    check_row (self, GTK_WIDGET (self->name_row), name_error, &cluster_shown, &valid);
    check_row (self, GTK_WIDGET (self->url_row), url_error, &cluster_shown, &valid);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->user_row), kind == CS_AUTH_BASIC);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), kind == CS_AUTH_BASIC);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), kind == CS_AUTH_SIGV4);
  gtk_widget_set_visible (GTK_WIDGET (self->access_key_row), kind == CS_AUTH_SIGV4);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_key_row), kind == CS_AUTH_SIGV4);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), kind == CS_AUTH_SIGV4);

  if (kind == CS_AUTH_BASIC)
    {
      g_autoptr(GError) user_error = NULL;
      g_autoptr(GError) password_error = required (row_text (self->password_row),
                                                   _("Enter the password."));

      cs_profile_check_user_name (row_text (self->user_row), &user_error);
      check_row (self, GTK_WIDGET (self->user_row), user_error, &auth_shown, &valid);
      check_row (self, GTK_WIDGET (self->password_row), password_error, &auth_shown, &valid);
    }
  else if (kind == CS_AUTH_SIGV4)
    {
      g_autoptr(GError) region_error = NULL;
      g_autoptr(GError) access_error = required (row_text (self->access_key_row),
                                                 _("Enter the AWS access key ID."));
      g_autoptr(GError) secret_error = required (row_text (self->secret_key_row),
                                                 _("Enter the AWS secret access key."));

      cs_profile_check_region (row_text (self->region_row), &region_error);
      check_row (self, GTK_WIDGET (self->region_row), region_error, &auth_shown, &valid);
      check_row (self, GTK_WIDGET (self->access_key_row), access_error, &auth_shown, &valid);
      check_row (self, GTK_WIDGET (self->secret_key_row), secret_error, &auth_shown, &valid);
    }

  set_caption (self->cluster_caption, cluster_shown);
  set_caption (self->auth_caption, auth_shown);

  /* Test, Save and Connect are off until the form is complete: say why,
   * also before the user has touched the field that is missing. */
  if (self->first_problem != NULL)
    {
      g_autofree char *hint = g_strdup_printf (_("To test or save the profile: %s"),
                                               self->first_problem->message);

      gtk_label_set_label (self->actions_hint_label, hint);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_hint_label), self->first_problem != NULL);

  plain_http = cs_profile_url_is_plain_http (row_text (self->url_row));
  if (plain_http && kind == CS_AUTH_BASIC)
    gtk_label_set_label (self->http_warning_label,
                         _("This address uses plain http://, so the password travels "
                           "unencrypted and anyone on the network can read it. Use https:// "
                           "if the cluster offers it."));
  else if (plain_http && kind == CS_AUTH_SIGV4)
    gtk_label_set_label (self->http_warning_label,
                         _("This address uses plain http://, so signed requests can be read "
                           "on the way. You will be asked to confirm before your AWS keys "
                           "are used with it."));
  gtk_widget_set_visible (self->http_warning, plain_http && kind != CS_AUTH_NONE);

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  update_actions (self);
}

static void
write_profile (CsProfileEditor *self)
{
  g_autofree char *url = NULL;

  if (self->profile == NULL || self->loading)
    return;

  url = g_strstrip (g_strdup (row_text (self->url_row)));
  cs_profile_set_name (self->profile, row_text (self->name_row));
  cs_profile_set_url (self->profile, url);
  cs_profile_set_auth_kind (self->profile, selected_auth_kind (self));
  cs_profile_set_user_name (self->profile, row_text (self->user_row));
  cs_profile_set_region (self->profile, row_text (self->region_row));
}

static void
field_changed_cb (CsProfileEditor *self,
                  GtkEditable     *row)
{
  if (self->loading)
    return;
  g_hash_table_add (self->touched, row);
  write_profile (self);
  cs_profile_editor_clear_result (self);
  validate (self);
}

/* Enter in a field: save and connect, once the form is complete. */
static void
entry_activated_cb (CsProfileEditor *self)
{
  if (self->valid && !self->busy)
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.connect", NULL);
}

static void
auth_changed_cb (CsProfileEditor *self)
{
  if (self->loading)
    return;
  write_profile (self);
  cs_profile_editor_clear_result (self);
  validate (self);
}

void
cs_profile_editor_refresh_trust (CsProfileEditor *self)
{
  const char *ca_file;
  const char *pin;

  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));

  if (self->profile == NULL)
    return;

  ca_file = cs_profile_get_ca_file (self->profile);
  adw_action_row_set_subtitle (self->ca_row, ca_file != NULL ? ca_file : _("System trust store"));
  gtk_widget_set_visible (self->ca_clear_button, ca_file != NULL);

  pin = cs_profile_get_pinned_fingerprint (self->profile);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_row), pin != NULL);
  if (pin != NULL)
    {
      /* Translators: %s is a SHA-256 fingerprint */
      g_autofree char *subtitle = g_strdup_printf (_("SHA-256 %s"), pin);
      adw_action_row_set_subtitle (self->pin_row, subtitle);
    }
}

static void
chooser_response_cb (CsProfileEditor      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->profile != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && cs_trust_check_ca_file (path, &error))
        {
          cs_profile_set_ca_file (self->profile, path);
          set_caption (self->certificate_caption, NULL);
        }
      else
        set_caption (self->certificate_caption, error);
      cs_profile_editor_refresh_trust (self);
      cs_profile_editor_clear_result (self);
    }
  g_clear_object (&self->chooser);
}

static void
ca_choose_clicked_cb (CsProfileEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Cluster’s Certificate Authority"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ca_clear_clicked_cb (CsProfileEditor *self)
{
  if (self->profile == NULL)
    return;
  cs_profile_set_ca_file (self->profile, NULL);
  set_caption (self->certificate_caption, NULL);
  cs_profile_editor_refresh_trust (self);
  cs_profile_editor_clear_result (self);
}

static void
pin_forget_clicked_cb (CsProfileEditor *self)
{
  if (self->profile == NULL)
    return;
  cs_profile_set_pinned_fingerprint (self->profile, NULL);
  cs_profile_editor_refresh_trust (self);
  cs_profile_editor_clear_result (self);
}

static void
emit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsProfileEditor *self = CS_PROFILE_EDITOR (widget);

  if (g_str_equal (action_name, "editor.back"))
    {
      g_signal_emit (self, signals[SIGNAL_BACK], 0);
      return;
    }

  /* Show every problem, also in fields not typed into yet. */
  if (!self->valid)
    return;

  if (g_str_equal (action_name, "editor.test"))
    g_signal_emit (self, signals[SIGNAL_TEST], 0);
  else if (g_str_equal (action_name, "editor.save"))
    g_signal_emit (self, signals[SIGNAL_SAVE], 0);
  else if (g_str_equal (action_name, "editor.connect"))
    g_signal_emit (self, signals[SIGNAL_CONNECT], 0);
}

static void
cs_profile_editor_dispose (GObject *object)
{
  CsProfileEditor *self = CS_PROFILE_EDITOR (object);

  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->result_group), self->reveal_tick);
  self->reveal_tick = 0;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->profile);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PROFILE_EDITOR);

  G_OBJECT_CLASS (cs_profile_editor_parent_class)->dispose (object);
}

static void
cs_profile_editor_finalize (GObject *object)
{
  CsProfileEditor *self = CS_PROFILE_EDITOR (object);

  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->title);
  g_clear_error (&self->first_problem);

  G_OBJECT_CLASS (cs_profile_editor_parent_class)->finalize (object);
}

static void
cs_profile_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsProfileEditor *self = CS_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_profile_editor_class_init (CsProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_profile_editor_dispose;
  object_class->finalize = cs_profile_editor_finalize;
  object_class->get_property = cs_profile_editor_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The editor has no header of its own: the window's header bar shows this. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TEST] = g_signal_new ("test", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-profile-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, cluster_caption);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, auth_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, user_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, region_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, token_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, auth_caption);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, actions_hint_label);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, http_warning);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, http_warning_label);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, ca_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, pin_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, certificate_caption);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_group);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_status_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_icon);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_version_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_cluster_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_ml_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, result_aws_row);
  gtk_widget_class_bind_template_child (widget_class, CsProfileEditor, spinner);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, auth_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_forget_clicked_cb);

  gtk_widget_class_install_action (widget_class, "editor.back", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "editor.connect", NULL, emit_action);
}

static void
cs_profile_editor_init (CsProfileEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cs_accessible_name_password_peek (self->password_row);
  cs_accessible_name_password_peek (self->secret_key_row);
  cs_accessible_name_password_peek (self->token_row);
  self->touched = g_hash_table_new (NULL, NULL);
  update_actions (self);
}

GtkWidget *
cs_profile_editor_new (void)
{
  return g_object_new (CS_TYPE_PROFILE_EDITOR, NULL);
}

void
cs_profile_editor_edit (CsProfileEditor *self,
                        CsProfile       *profile,
                        gboolean         is_new)
{
  const char *name;
  guint selected;

  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));
  g_return_if_fail (CS_IS_PROFILE (profile));

  g_set_object (&self->profile, profile);
  g_hash_table_remove_all (self->touched);

  self->loading = TRUE;
  name = cs_profile_get_name (profile);
  g_free (self->title);
  self->title = g_strdup (is_new ? _("New Profile") : (name != NULL ? name : _("Profile")));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row),
                         cs_profile_get_url (profile) != NULL ? cs_profile_get_url (profile) : "");
  switch (cs_profile_get_auth_kind (profile))
    {
    case CS_AUTH_BASIC:
      selected = 1;
      break;
    case CS_AUTH_SIGV4:
      selected = 2;
      break;
    case CS_AUTH_NONE:
    default:
      selected = 0;
      break;
    }
  adw_combo_row_set_selected (self->auth_row, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row),
                         cs_profile_get_user_name (profile) != NULL
                           ? cs_profile_get_user_name (profile) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->region_row),
                         cs_profile_get_region (profile) != NULL
                           ? cs_profile_get_region (profile) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->access_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  self->loading = FALSE;

  set_caption (self->certificate_caption, NULL);
  cs_profile_editor_refresh_trust (self);
  cs_profile_editor_clear_result (self);
  cs_profile_editor_set_busy (self, FALSE);
  validate (self);

  if (is_new)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

const char *
cs_profile_editor_get_title (CsProfileEditor *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_EDITOR (self), NULL);
  return self->title;
}

CsProfile *
cs_profile_editor_get_profile (CsProfileEditor *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_EDITOR (self), NULL);
  return self->profile;
}

static GtkEditable *
secret_row (CsProfileEditor *self,
            const char      *kind)
{
  if (g_strcmp0 (kind, CS_SECRET_CLUSTER_PASSWORD) == 0)
    return GTK_EDITABLE (self->password_row);
  if (g_strcmp0 (kind, CS_SECRET_AWS_ACCESS_KEY) == 0)
    return GTK_EDITABLE (self->access_key_row);
  if (g_strcmp0 (kind, CS_SECRET_AWS_SECRET_KEY) == 0)
    return GTK_EDITABLE (self->secret_key_row);
  if (g_strcmp0 (kind, CS_SECRET_AWS_SESSION_TOKEN) == 0)
    return GTK_EDITABLE (self->token_row);
  return NULL;
}

void
cs_profile_editor_set_secret (CsProfileEditor *self,
                              const char      *kind,
                              const char      *value)
{
  GtkEditable *row;

  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));

  row = secret_row (self, kind);
  g_return_if_fail (row != NULL);

  self->loading = TRUE;
  gtk_editable_set_text (row, value != NULL ? value : "");
  self->loading = FALSE;
  validate (self);
}

const char *
cs_profile_editor_get_secret (CsProfileEditor *self,
                              const char      *kind)
{
  GtkEditable *row;

  g_return_val_if_fail (CS_IS_PROFILE_EDITOR (self), NULL);

  row = secret_row (self, kind);
  g_return_val_if_fail (row != NULL, NULL);
  return nonempty (gtk_editable_get_text (row));
}

gboolean
cs_profile_editor_get_changed (CsProfileEditor *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_EDITOR (self), FALSE);
  return self->touched != NULL && g_hash_table_size (self->touched) > 0;
}

gboolean
cs_profile_editor_get_valid (CsProfileEditor *self)
{
  g_return_val_if_fail (CS_IS_PROFILE_EDITOR (self), FALSE);
  return self->valid;
}

void
cs_profile_editor_set_busy (CsProfileEditor *self,
                            gboolean         busy)
{
  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Idle, it takes no room: the buttons fit a narrow window. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update_actions (self);
}

void
cs_profile_editor_clear_result (CsProfileEditor *self)
{
  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
}

static void
show_status (CsProfileEditor *self,
             gboolean         ok,
             const char      *title,
             const char      *subtitle)
{
  gtk_image_set_from_icon_name (self->result_icon,
                                ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), ok ? "success" : "error");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_status_row), title);
  adw_action_row_set_subtitle (self->result_status_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
}

/* Once laid out, scrolls the form so that the test's result (and the buttons
 * under it) can be seen: it arrives below the fold on a small window. */
static gboolean
reveal_result_tick_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  CsProfileEditor *self = CS_PROFILE_EDITOR (user_data);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  graphene_rect_t bounds;
  double top, bottom, page;

  /* Tick callbacks run before the frame's layout: the rows just shown have
   * their place one frame later. */
  if (self->reveal_frames-- > 0)
    return G_SOURCE_CONTINUE;
  self->reveal_tick = 0;
  /* In the scrolled content's own coordinates, not the viewport's. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (content == NULL || !gtk_widget_compute_bounds (widget, content, &bounds))
    return G_SOURCE_REMOVE;
  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  bottom = bounds.origin.y + bounds.size.height;
  if (bottom > top + page)
    gtk_adjustment_set_value (adjustment, MIN (bottom - page, bounds.origin.y));
  else if (bounds.origin.y < top)
    gtk_adjustment_set_value (adjustment, bounds.origin.y);
  return G_SOURCE_REMOVE;
}

static void
reveal_result (CsProfileEditor *self)
{
  self->reveal_frames = 1;
  if (self->reveal_tick == 0)
    self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->result_group),
                                                      reveal_result_tick_cb, self, NULL);
}

void
cs_profile_editor_show_info (CsProfileEditor     *self,
                             const CsClusterInfo *info)
{
  g_autofree char *version = NULL;
  g_autofree char *ml = NULL;

  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));
  g_return_if_fail (info != NULL);

  show_status (self, TRUE, _("Connection Works"),
               _("The cluster answered and accepted the credentials."));

  if (info->version_overridden && info->has_version)
    {
      g_autofree char *real = cs_version_to_string (&info->version);
      /* Translators: "OpenSearch 2.19.1 (answers as 7.10.2 for compatibility)" */
      version = g_strdup_printf (_("%s %s (answers as %s for compatibility)"),
                                 g_strcmp0 (info->distribution, "opensearch") == 0
                                   ? "OpenSearch" : info->distribution,
                                 real, info->version_text);
    }
  else if (info->version_overridden)
    version = g_strdup_printf (_("%s, version unknown (answers as %s for compatibility)"),
                               "OpenSearch", info->version_text);
  else
    version = g_strdup_printf ("%s %s",
                               g_strcmp0 (info->distribution, "opensearch") == 0
                                 ? "OpenSearch" : info->distribution,
                               info->version_text);
  adw_action_row_set_subtitle (self->result_version_row, version);
  adw_action_row_set_subtitle (self->result_cluster_row,
                               info->cluster_name != NULL ? info->cluster_name : _("Unknown"));
  if (info->ml_version != NULL)
    ml = g_strdup_printf (_("Version %s"), info->ml_version);
  adw_action_row_set_subtitle (self->result_ml_row,
                               ml != NULL ? ml : _("Not installed: connectors cannot be used"));
  adw_action_row_set_subtitle (self->result_aws_row,
                               info->aws_managed ? _("Looks like it") : _("No"));

  gtk_widget_set_visible (GTK_WIDGET (self->result_version_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_cluster_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_ml_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_aws_row), TRUE);
  reveal_result (self);
}

void
cs_profile_editor_show_error (CsProfileEditor *self,
                              const GError    *error)
{
  g_return_if_fail (CS_IS_PROFILE_EDITOR (self));
  g_return_if_fail (error != NULL);

  show_status (self, FALSE, _("Connection Failed"), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->result_version_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_cluster_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_ml_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_aws_row), FALSE);
  reveal_result (self);
}
