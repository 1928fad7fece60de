/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-key-rotation-dialog"

#include "config.h"

#include "cs-key-rotation-dialog-private.h"

#include <glib/gi18n.h>

#include "cs-keys-over-http-dialog.h"
#include "cs-step-row.h"
#include <string.h>

#include "cs-bedrock-check.h"
#include "cs-connector-draft.h"
#include "cs-connectors-api.h"
#include "cs-json.h"
#include "cs-key-rotation.h"
#include "cs-payload.h"
#include "cs-profile-store.h"
#include "cs-profile.h"
#include "cs-secret-store.h"
#include "cs-session-token-record.h"
#include "cs-window.h"

struct _CsKeyRotationDialog
{
  AdwWindow            parent_instance;

  /* Template Widgets */
  GtkButton           *cancel_button;
  GtkButton           *rotate_button;
  GtkButton           *close_button;
  GtkSpinner          *spinner;
  GtkLabel            *intro_label;
  AdwPreferencesGroup *keys_group;
  AdwEntryRow         *access_key_row;
  AdwPasswordEntryRow *secret_key_row;
  AdwPasswordEntryRow *session_token_row;
  GtkLabel            *keys_problems;
  AdwPreferencesGroup *check_group;
  AdwActionRow        *check_row;
  GtkImage            *check_icon;
  GtkSpinner          *check_spinner;
  GtkButton           *check_button;
  AdwPreferencesGroup *steps_group;
  GtkListBox          *steps_list;
  GtkBox              *outcome_box;
  GtkImage            *outcome_icon;
  GtkLabel            *outcome_label;

  /* Owned References */
  CsSession           *session;
  char                *connector_id;
  char                *connector_name;
  GCancellable        *cancellable;
  CsKeyRotation       *rotation;
  GtkWidget           *running_row;   /* the step being done: its spinner goes when the next
                                       * one starts */
  char                *region;        /* what Check with Bedrock calls: the connector's */
  char                *model;
  JsonNode            *check_body;
  GCancellable        *check_cancellable;
  gboolean             ready;
  gboolean             running;
  int                  outcome;
};

G_DEFINE_FINAL_TYPE (CsKeyRotationDialog, cs_key_rotation_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ROTATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the keys ---- */

static gboolean
is_token_text (const char *text,
               const char *extra)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && (extra == NULL || strchr (extra, *p) == NULL))
      return FALSE;
  return TRUE;
}

/* The form of AWS keys: an access key ID of 16 to 128 capitals and digits, a secret of 40
 * letters, digits, "+" and "/", a session token of base64 characters. Empty fields are only
 * reported once the user has typed in another one. */
static gboolean
validate_keys (CsKeyRotationDialog *self,
               GString             *problems)
{
  const char *access = gtk_editable_get_text (GTK_EDITABLE (self->access_key_row));
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->session_token_row));
  gboolean access_ok = FALSE, secret_ok = FALSE, token_ok = TRUE;
  gsize access_len = strlen (access);

#define PROBLEM(text) G_STMT_START {                                   \
    if (problems->len > 0) g_string_append_c (problems, '\n');        \
    g_string_append (problems, (text));                               \
  } G_STMT_END

  if (access_len > 0)
    {
      g_autofree char *upper = g_ascii_strup (access, -1);

      if (access_len < 16 || access_len > 128 || !is_token_text (access, NULL))
        PROBLEM (_("An access key ID is 16 to 128 capital letters and digits, such as the one "
                   "the IAM console shows next to the secret. Check for spaces or a missing "
                   "part."));
      else if (g_strcmp0 (upper, access) != 0)
        PROBLEM (_("An access key ID is written in capital letters: check that it was copied "
                   "as it is."));
      else
        access_ok = TRUE;
    }

  if (secret[0] == '\0')
    {
      /* Not typed yet. */
    }
  else if (strlen (secret) != 40 || !is_token_text (secret, "+/"))
    PROBLEM (_("A secret access key is 40 letters, digits, “+” and “/”. Copy it again from "
               "where you saved it when the key was created."));
  else
    secret_ok = TRUE;

  if (token[0] != '\0' && (strlen (token) < 16 || !is_token_text (token, "+/=")))
    {
      PROBLEM (_("A session token is a long text of letters, digits, “+”, “/” and “=”. Copy "
                 "all of it, or leave the field empty for long-term keys."));
      token_ok = FALSE;
    }
  else if (token[0] == '\0' && g_str_has_prefix (access, "ASIA"))
    {
      PROBLEM (_("Keys that start with ASIA are temporary and only work with their session "
                 "token: enter it."));
      token_ok = FALSE;
    }
#undef PROBLEM

  gtk_widget_remove_css_class (GTK_WIDGET (self->access_key_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->secret_key_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->session_token_row), "error");
  if (!access_ok && access_len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->access_key_row), "error");
  if (!secret_ok && secret[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->secret_key_row), "error");
  if (!token_ok)
    gtk_widget_add_css_class (GTK_WIDGET (self->session_token_row), "error");

  return access_ok && secret_ok && token_ok;
}

static void
update_buttons (CsKeyRotationDialog *self)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  gboolean valid = validate_keys (self, problems);

  gtk_label_set_text (self->keys_problems, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->keys_problems),
                          problems->len > 0 &&
                          gtk_widget_get_visible (GTK_WIDGET (self->keys_group)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotate_button),
                            valid && self->ready && !self->running && self->outcome < 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keys_group), !self->running && self->outcome < 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button),
                            valid && self->check_body != NULL && !self->running &&
                            self->check_cancellable == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->check_group),
                          self->check_body != NULL && !self->running && self->outcome < 0);
  gtk_spinner_set_spinning (self->spinner, self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->running);
}

static void
clear_check (CsKeyRotationDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->check_icon), FALSE);
  adw_action_row_set_subtitle (self->check_row,
                               _("Optional: one small call to the connector’s model with the new "
                                 "keys, from this computer, before the cluster gets them."));
}

static void
keys_changed_cb (CsKeyRotationDialog *self)
{
  /* A result was about other keys. */
  if (self->check_cancellable == NULL)
    clear_check (self);
  update_buttons (self);
}

/* ---- Check with Bedrock ---- */

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsKeyRotationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsBedrockCheckResult) check = cs_bedrock_check_finish (result, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean ok;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->check_cancellable);
  gtk_spinner_stop (self->check_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);

  ok = check != NULL && check->outcome == CS_BEDROCK_OK;
  if (check != NULL)
    {
      g_string_append (text, check->message);
      if (check->bedrock_message != NULL)
        /* Translators: %s is Bedrock's own text, quoted as it came */
        g_string_append_printf (text, _("\nBedrock: “%s”"), check->bedrock_message);
    }
  else
    g_string_append (text, error->message);
  adw_action_row_set_subtitle (self->check_row, text->str);
  gtk_image_set_from_icon_name (self->check_icon, ok ? "emblem-ok-symbolic"
                                                     : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_icon), ok ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->check_icon), ok ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ok ? _("Bedrock accepted the keys")
                                     : _("Bedrock refused the call"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->check_icon), TRUE);
  update_buttons (self);
}

/* The sandbox answers for Bedrock under its own URL, with its own certificate
 * (src/sandbox/README.md, "Bedrock called directly"); any other cluster
 * means the real AWS hosts (NULL). */
static CsBedrockEndpoints *
sandbox_endpoints (CsKeyRotationDialog *self)
{
  CsProfile *profile = cs_profile_store_lookup (cs_profile_store_get_default (),
                                                cs_session_get_profile_id (self->session));

  if (profile == NULL || !cs_profile_get_is_sandbox (profile))
    return NULL;
  return cs_bedrock_endpoints_new_for_sandbox (
    cs_client_get_base_url (cs_session_get_client (self->session)),
    cs_profile_get_ca_file (profile));
}

static void
check_clicked_cb (CsKeyRotationDialog *self)
{
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->session_token_row));
  CsBedrockKeys keys = {
    gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)),
    token[0] != '\0' ? token : NULL,
  };
  g_autoptr(CsBedrockEndpoints) endpoints = NULL;

  if (self->check_body == NULL || self->check_cancellable != NULL || self->running)
    return;
  endpoints = sandbox_endpoints (self);
  self->check_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->check_icon), FALSE);
  adw_action_row_set_subtitle (self->check_row, _("Calling Bedrock with the new keys…"));
  gtk_spinner_start (self->check_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), TRUE);
  update_buttons (self);
  /* The keys only sign the request, before this returns. */
  cs_bedrock_check_async (&keys, self->region, endpoints, self->model,
                          self->check_body, self->check_cancellable, check_cb,
                          g_object_ref (self));
}

/* What the check sends: the connector's own body for a short test message. */
static void
prepare_check (CsKeyRotationDialog *self,
               JsonObject          *connector)
{
  JsonObject *parameters = cs_json_get_object (connector, "parameters");
  g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonNode) body = NULL;
  CsVersion version;
  gboolean have_version = cs_session_get_version (self->session, &version);

  if (parameters == NULL || cs_json_get_string (parameters, "region") == NULL ||
      cs_json_get_string (parameters, "model") == NULL)
    return;
  preview = cs_payload_preview_new (connector, sample, have_version ? &version : NULL);
  if (!preview->valid_json || preview->problem != NULL)
    return;
  body = cs_json_parse (preview->body, -1, CS_JSON_DEFAULT_MAX_BYTES, NULL);
  if (body == NULL)
    return;
  self->region = g_strdup (cs_json_get_string (parameters, "region"));
  self->model = g_strdup (cs_json_get_string (parameters, "model"));
  self->check_body = cs_bedrock_check_body (body, self->model);
}

/* ---- steps ---- */

static const char *
step_icon (CsRotationStep step)
{
  switch (step)
    {
    case CS_ROTATION_STEP_INSPECT:    return "system-search-symbolic";
    case CS_ROTATION_STEP_CREATE:     return "list-add-symbolic";
    case CS_ROTATION_STEP_UPDATE:     return "emblem-synchronizing-symbolic";
    case CS_ROTATION_STEP_SMOKE_TEST: return "media-playback-start-symbolic";
    case CS_ROTATION_STEP_ROLLBACK:   return "edit-undo-symbolic";
    case CS_ROTATION_STEP_CLEANUP:    return "user-trash-symbolic";
    case CS_ROTATION_STEP_DONE:
    default:                          return "emblem-ok-symbolic";
    }
}

static void
finish_running_row (CsKeyRotationDialog *self)
{
  if (self->running_row == NULL)
    return;
  cs_step_row_stop (ADW_ACTION_ROW (self->running_row));
  self->running_row = NULL;
}

/* A step that ended without a word of its own: the next one started, so it is done. */
static void
mark_running_row_done (CsKeyRotationDialog *self)
{
  if (self->running_row == NULL)
    return;
  cs_step_row_mark_done (ADW_ACTION_ROW (self->running_row));
  self->running_row = NULL;
}

static char *
step_subtitle (const char *model_id,
               const char *cluster_text)
{
  GString *text = g_string_new (NULL);

  if (model_id != NULL && model_id[0] != '\0')
    /* Translators: %s is a model id */
    g_string_append_printf (text, _("Model %s"), model_id);
  if (cluster_text != NULL && cluster_text[0] != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: %s is the cluster's own text, quoted as it came */
      g_string_append_printf (text, _("The cluster: “%s”"), cluster_text);
    }
  return g_string_free (text, text->len == 0);
}

static void
step_cb (CsKeyRotation       *rotation,
         int                  step,
         const char          *model_id,
         const char          *text,
         const char          *cluster_text,
         CsKeyRotationDialog *self)
{
  g_autofree char *subtitle = step_subtitle (model_id, cluster_text);
  GtkWidget *row, *icon;

  if (self->steps_list == NULL) /* disposed */
    return;
  /* The end is said by the outcome above the steps. */
  if (step == CS_ROTATION_STEP_DONE)
    {
      mark_running_row_done (self);
      return;
    }
  /* What a step came to goes in the row that announced it. */
  if (self->running_row != NULL && !g_str_has_suffix (text, "…") &&
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->running_row), "cs-step")) == step &&
      g_strcmp0 (g_object_get_data (G_OBJECT (self->running_row), "cs-model"), model_id) == 0)
    {
      row = self->running_row;
      finish_running_row (self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      return;
    }

  mark_running_row_done (self);
  row = adw_action_row_new ();
  icon = gtk_image_new_from_icon_name (step_icon (step));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  if (step == CS_ROTATION_STEP_ROLLBACK)
    gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "cs-step", GINT_TO_POINTER (step));
  g_object_set_data_full (G_OBJECT (row), "cs-model", g_strdup (model_id), g_free);

  if (g_str_has_suffix (text, "…"))
    {
      cs_step_row_start (ADW_ACTION_ROW (row));
      self->running_row = row;
    }
  gtk_list_box_append (self->steps_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), TRUE);
}

/* ---- after the run ---- */

static void
keys_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CsKeyRotationDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cs_secret_store_save_all_finish (CS_SECRET_STORE (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED))
    return;
  {
    /* The rotation itself succeeded: say where the keys are not. */
    g_autofree char *text = g_strconcat (gtk_label_get_text (self->outcome_label), "\n\n",
                                         error->message, NULL);

    gtk_label_set_text (self->outcome_label, text);
  }
}

static void
old_keys_deleted_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  cs_secret_store_delete_all_finish (CS_SECRET_STORE (source), result, NULL);
}

/* The new keys go to the keyring under the connector the models use now; the old
 * connector's entry (if the rotation made a copy) goes. */
static void
save_keys (CsKeyRotationDialog *self,
           const char          *connector_id)
{
  CsSecretStore *store = cs_secret_store_get_default ();
  const char *kinds[4] = { CS_CONNECTOR_KEYS_ACCESS_KEY, CS_CONNECTOR_DRAFT_SECRET_KEY, NULL,
                           NULL };
  const char *values[4] = { gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)),
                            NULL, NULL };
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->session_token_row));
  g_autofree char *profile = g_strconcat (CS_CONNECTOR_KEYS_PROFILE_PREFIX, connector_id, NULL);
  GtkRoot *parent = gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL
                    ? GTK_ROOT (gtk_window_get_transient_for (GTK_WINDOW (self))) : NULL;
  CsInteraction *interaction = CS_IS_WINDOW (parent)
                               ? cs_window_get_interaction (CS_WINDOW (parent)) : NULL;
  g_autoptr(GError) error = NULL;

  if (token[0] != '\0')
    {
      kinds[2] = CS_CONNECTOR_DRAFT_SESSION_TOKEN;
      values[2] = token;
      if (!cs_session_token_record_note (NULL, connector_id, NULL, &error))
        g_warning ("Could not note when the session token was entered: %s", error->message);
    }
  else
    cs_session_token_record_forget (NULL, connector_id, NULL);

  cs_secret_store_save_all_async (store, profile, kinds, values, interaction, self->cancellable,
                                  keys_saved_cb, g_object_ref (self));

  if (g_strcmp0 (connector_id, self->connector_id) != 0)
    {
      g_autofree char *old = g_strconcat (CS_CONNECTOR_KEYS_PROFILE_PREFIX, self->connector_id,
                                          NULL);

      cs_secret_store_delete_all_async (store, old, NULL, old_keys_deleted_cb, NULL);
      cs_session_token_record_forget (NULL, self->connector_id, NULL);
    }
}

static void
wipe_entries (CsKeyRotationDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->session_token_row), "");
}

static void
show_outcome (CsKeyRotationDialog *self,
              const char          *icon,
              const char          *style,
              const char          *text)
{
  gtk_image_set_from_icon_name (self->outcome_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), style);
  gtk_label_set_text (self->outcome_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), TRUE);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(CsKeyRotationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  CsRotationOutcome outcome = CS_ROTATION_OUTCOME_ROLLED_BACK;
  const char *now_id;

  self->running = FALSE;
  finish_running_row (self);
  if (!cs_key_rotation_run_finish (CS_KEY_ROTATION (source), result, &outcome, &summary,
                                   &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Nothing was started: the keys stay in the form to try again. */
      show_outcome (self, "dialog-error-symbolic", "error", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->keys_group), TRUE);
      update_buttons (self);
      return;
    }

  self->outcome = outcome;
  now_id = cs_key_rotation_get_connector_id (CS_KEY_ROTATION (source));
  if (now_id == NULL)
    now_id = self->connector_id;
  switch (outcome)
    {
    case CS_ROTATION_OUTCOME_ROTATED:
      show_outcome (self, "emblem-ok-symbolic", "success",
                    summary != NULL ? summary : _("Every model uses the new keys."));
      save_keys (self, now_id);
      break;
    case CS_ROTATION_OUTCOME_ROLLED_BACK:
      show_outcome (self, "edit-undo-symbolic", "warning",
                    summary != NULL ? summary
                                    : _("Nothing changed: every model still uses the old keys."));
      break;
    case CS_ROTATION_OUTCOME_PARTIAL:
    default:
      show_outcome (self, "dialog-warning-symbolic", "error",
                    summary != NULL ? summary
                                    : _("Some models use the new keys and some the old ones. "
                                        "Run the rotation again once the cluster is healthy."));
      break;
    }
  wipe_entries (self);
  gtk_widget_set_visible (GTK_WIDGET (self->intro_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->rotate_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
  update_buttons (self);

  if (outcome == CS_ROTATION_OUTCOME_ROTATED)
    g_signal_emit (self, signals[SIGNAL_ROTATED], 0, now_id);
}

static void
start_rotation (CsKeyRotationDialog *self)
{
  CsVersion version;
  gboolean have_version = cs_session_get_version (self->session, &version);
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->session_token_row));

  g_clear_object (&self->rotation);
  self->rotation = cs_key_rotation_new (cs_session_get_client (self->session),
                                        have_version ? &version : NULL);
  cs_key_rotation_set_connector (self->rotation, self->connector_id);
  cs_key_rotation_set_new_keys (self->rotation,
                                gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)),
                                token[0] != '\0' ? token : NULL);
  g_signal_connect_object (self->rotation, "step", G_CALLBACK (step_cb), self, 0);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->keys_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->keys_problems), FALSE);
  {
    g_autofree char *intro = g_strdup_printf (_("Rotating the keys of “%s”. Each step is shown "
                                                "below as it happens, with the cluster’s own "
                                                "words."), self->connector_name);

    gtk_label_set_text (self->intro_label, intro);
  }
  self->running = TRUE;
  update_buttons (self);
  cs_key_rotation_run_async (self->rotation, self->cancellable, run_cb, g_object_ref (self));
}

static void
insecure_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      CsKeyRotationDialog *self)
{
  if (g_strcmp0 (response, "send") != 0 || self->running || self->outcome >= 0)
    return;
  cs_client_set_keys_over_http_allowed (cs_session_get_client (self->session), TRUE);
  start_rotation (self);
}

static void
rotate_clicked_cb (CsKeyRotationDialog *self)
{
  CsClient *client;
  AdwMessageDialog *dialog;

  if (self->running || self->outcome >= 0 || self->session == NULL ||
      cs_session_get_client (self->session) == NULL)
    return;

  client = cs_session_get_client (self->session);
  if (!cs_profile_url_is_plain_http (cs_client_get_base_url (client)) ||
      cs_client_get_keys_over_http_allowed (client))
    {
      start_rotation (self);
      return;
    }

  dialog = cs_keys_over_http_dialog_new (GTK_WINDOW (self), cs_client_get_base_url (client));
  g_signal_connect_object (dialog, "response", G_CALLBACK (insecure_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_clicked_cb (CsKeyRotationDialog *self)
{
  if (!self->running)
    gtk_window_close (GTK_WINDOW (self));
}

static void
close_clicked_cb (CsKeyRotationDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (CsKeyRotationDialog *self)
{
  /* A rotation in the middle is never left half done behind the user's back. */
  return self->running;
}

/* ---- reading the connector ---- */

static void
connector_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsKeyRotationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cs_connectors_get_finish (CS_CLIENT (source), result, &error);
  g_autofree char *intro = NULL;
  const char *name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      gtk_label_set_text (self->intro_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->intro_label), "error");
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      name = cs_json_get_string (json_node_get_object (node), "name");
      prepare_check (self, json_node_get_object (node));
    }
  g_free (self->connector_name);
  self->connector_name = g_strdup (name != NULL && name[0] != '\0' ? name : self->connector_id);

  intro = g_strdup_printf (_("New keys for the connector “%s”. Every model that uses it is "
                             "moved, without undeploying, to a copy of the connector with the "
                             "new keys, and answers a short test call. If a test fails, every "
                             "model goes back to the old keys."), self->connector_name);
  gtk_label_set_text (self->intro_label, intro);
  self->ready = TRUE;
  update_buttons (self);
}

/* ---- GObject ---- */

static void
cs_key_rotation_dialog_dispose (GObject *object)
{
  CsKeyRotationDialog *self = CS_KEY_ROTATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->check_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_KEY_ROTATION_DIALOG);

  G_OBJECT_CLASS (cs_key_rotation_dialog_parent_class)->dispose (object);
}

static void
cs_key_rotation_dialog_finalize (GObject *object)
{
  CsKeyRotationDialog *self = CS_KEY_ROTATION_DIALOG (object);

  g_clear_object (&self->rotation);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_pointer (&self->check_body, json_node_unref);
  g_free (self->region);
  g_free (self->model);
  g_free (self->connector_id);
  g_free (self->connector_name);

  G_OBJECT_CLASS (cs_key_rotation_dialog_parent_class)->finalize (object);
}

static void
cs_key_rotation_dialog_class_init (CsKeyRotationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_key_rotation_dialog_dispose;
  object_class->finalize = cs_key_rotation_dialog_finalize;

  signals[SIGNAL_ROTATED] = g_signal_new ("rotated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-key-rotation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, rotate_button);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, keys_group);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, session_token_row);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, keys_problems);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, check_group);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, check_row);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, check_icon);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, CsKeyRotationDialog, outcome_label);
  gtk_widget_class_bind_template_callback (widget_class, keys_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
cs_key_rotation_dialog_init (CsKeyRotationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->outcome = -1;
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  /* No undo history of secrets. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->secret_key_row), FALSE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->session_token_row), FALSE);
}

GtkWidget *
cs_key_rotation_dialog_new (GtkWindow  *parent,
                            CsSession  *session,
                            const char *connector_id)
{
  CsKeyRotationDialog *self;

  g_return_val_if_fail (CS_IS_SESSION (session), NULL);
  g_return_val_if_fail (connector_id != NULL, NULL);

  self = g_object_new (CS_TYPE_KEY_ROTATION_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->connector_id = g_strdup (connector_id);
  if (cs_session_get_client (session) != NULL)
    cs_connectors_get_async (cs_session_get_client (session), connector_id, self->cancellable,
                             connector_read_cb, g_object_ref (self));
  update_buttons (self);
  return GTK_WIDGET (self);
}

void
cs_key_rotation_dialog_get_rows (CsKeyRotationDialog  *self,
                                 GtkEditable         **access_key,
                                 GtkEditable         **secret_key,
                                 GtkEditable         **session_token)
{
  *access_key = GTK_EDITABLE (self->access_key_row);
  *secret_key = GTK_EDITABLE (self->secret_key_row);
  *session_token = GTK_EDITABLE (self->session_token_row);
}

int
cs_key_rotation_dialog_get_outcome (CsKeyRotationDialog *self)
{
  return self->outcome;
}

gboolean
cs_key_rotation_dialog_get_ready (CsKeyRotationDialog *self)
{
  return self->ready;
}
