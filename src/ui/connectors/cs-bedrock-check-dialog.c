/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-bedrock-check-dialog"

#include "config.h"

#include "cs-bedrock-check-dialog-private.h"

#include <glib/gi18n.h>

#include "cs-bedrock-catalog.h"
#include "cs-json-view.h"
#include "cs-json.h"
#include "cs-payload.h"

struct _CsBedrockCheckDialog
{
  AdwWindow           parent_instance;

  /* Template Widgets */
  AdwWindowTitle     *window_title;
  GtkStack           *stack;
  GtkLabel           *intro_label;
  AdwActionRow       *region_row;
  AdwActionRow       *model_row;
  AdwActionRow       *cost_row;
  CsJsonView         *body_view;
  GtkLabel           *confirm_note;
  GtkButton          *send_button;
  GtkSpinner         *spinner;
  GtkLabel           *busy_label;
  GtkButton          *cancel_button;
  GtkButton          *close_button;
  AdwStatusPage      *result_page;
  GtkLabel           *result_label;
  GtkLabel           *tokens_label;
  GtkLabel           *bedrock_label;

  /* Owned References */
  CsConnectorSpec    *spec;
  CsBedrockEndpoints *endpoints;
  char               *region;
  char               *model;
  JsonNode           *body;        /* what the check sends, NULL when it cannot be built */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (CsBedrockCheckDialog, cs_bedrock_check_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The InvokeModel body the connector would send for the blueprint's own
 * test call, lowered by the check to a few tokens. */
static JsonNode *
build_body (CsConnectorSpec  *spec,
            GError          **error)
{
  g_autoptr(JsonNode) connector = cs_connector_spec_build_body (spec, TRUE);
  g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();
  g_autoptr(CsPayloadPreview) preview = NULL;
  g_autoptr(JsonNode) body = NULL;

  preview = cs_payload_preview_new (json_node_get_object (connector), sample, NULL);
  if (preview->url == NULL || !preview->valid_json || preview->unfilled[0] != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The connector’s request body cannot be filled for a test call. "
                             "Correct the fields marked in red, or use the Claude 4 template."));
      return NULL;
    }
  body = cs_json_parse (preview->body, -1, CS_JSON_DEFAULT_MAX_BYTES, error);
  if (body == NULL)
    return NULL;
  return cs_bedrock_check_body (body, cs_connector_spec_get_model (spec));
}

static void
show_confirm (CsBedrockCheckDialog *self)
{
  g_autoptr(GError) error = NULL;
  const CsBedrockRegion *known;
  g_autofree char *where = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *cost = NULL;

  g_clear_pointer (&self->body, json_node_unref);
  g_free (self->region);
  g_free (self->model);
  self->region = g_strdup (cs_connector_spec_get_region (self->spec));
  self->model = g_strdup (cs_connector_spec_get_model (self->spec));
  self->body = build_body (self->spec, &error);

  known = cs_bedrock_catalog_find_region (self->region);
  where = known != NULL ? g_strdup_printf ("%s — %s", _(known->display_name), self->region)
                        : g_strdup (self->region);
  intro = g_strdup_printf (_("Connector Studio will send one small InvokeModel call to Bedrock "
                             "in %s, signed with the access key typed in the form, to see "
                             "whether the keys, the model access, the inference profile and the "
                             "body are accepted. Nothing is sent until you choose Send Check, "
                             "and nothing is stored."), self->region);
  gtk_label_set_text (self->intro_label, intro);
  adw_action_row_set_subtitle (self->region_row, where);
  adw_action_row_set_subtitle (self->model_row, self->model);
  cost = g_strdup_printf (_("A few tokens on your AWS account: the message “hello world” and at "
                            "most %d output tokens (a thinking budget is lowered to its "
                            "minimum)."), CS_BEDROCK_CHECK_MAX_TOKENS);
  adw_action_row_set_subtitle (self->cost_row, cost);
  cs_json_view_set_json (self->body_view, self->body);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), self->body != NULL);
  if (error != NULL)
    {
      gtk_label_set_text (self->confirm_note, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_note), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->confirm_note), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->confirm_note), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "confirm");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->send_button));
}

static char *
tokens_text (const CsBedrockCheckResult *result)
{
  if (result->outcome == CS_BEDROCK_OK)
    {
      gint64 total = result->input_tokens + result->output_tokens;

      /* Translators: %d is a number of tokens */
      return g_strdup_printf (ngettext ("In all the check cost %d token on your AWS account. "
                                        "Nothing was stored.",
                                        "In all the check cost %d tokens on your AWS account. "
                                        "Nothing was stored.", (gulong) total), (int) total);
    }
  if (result->status == 0)
    return g_strdup (_("Bedrock was not reached, so the check cost nothing."));
  return g_strdup (_("Bedrock refused the call before running the model: it cost no tokens."));
}

static void
show_result (CsBedrockCheckDialog       *self,
             const CsBedrockCheckResult *result)
{
  gboolean ok = result->outcome == CS_BEDROCK_OK;
  g_autofree char *tokens = tokens_text (result);

  adw_status_page_set_icon_name (self->result_page,
                                 ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  adw_status_page_set_title (self->result_page,
                             ok ? _("Bedrock Accepts This Connector")
                                : _("Bedrock Refused the Check"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_page), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_page), "error");
  gtk_label_set_text (self->result_label, result->message);
  gtk_label_set_text (self->tokens_label, tokens);
  gtk_widget_set_visible (GTK_WIDGET (self->bedrock_label), result->bedrock_message != NULL);
  if (result->bedrock_message != NULL)
    {
      /* Translators: %s is Bedrock's own error text, in English */
      g_autofree char *said = g_strdup_printf (_("Bedrock said: “%s”"), result->bedrock_message);

      gtk_label_set_text (self->bedrock_label, said);
    }
  gtk_stack_set_visible_child_name (self->stack, "result");
  /* Not the selectable sentence, which would show all selected. */
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
  gtk_label_select_region (self->result_label, 0, 0);
  gtk_label_select_region (self->bedrock_label, 0, 0);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
}

static void
check_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(CsBedrockCheckDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsBedrockCheckResult) result = cs_bedrock_check_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_clear_object (&self->cancellable);
  if (result == NULL)
    {
      CsBedrockCheckResult failed = { CS_BEDROCK_FAILED_OTHER, error->message, NULL, NULL, 0,
                                      0, 0 };

      show_result (self, &failed);
      g_signal_emit (self, signals[SIGNAL_CHECKED], 0, (int) failed.outcome, failed.message);
      return;
    }
  show_result (self, result);
  g_signal_emit (self, signals[SIGNAL_CHECKED], 0, (int) result->outcome, result->message);
}

static void
send_clicked_cb (CsBedrockCheckDialog *self)
{
  const char *session_token = cs_connector_spec_get_session_token (self->spec);
  CsBedrockKeys keys = {
    cs_connector_spec_get_access_key (self->spec),
    cs_connector_spec_get_secret_key (self->spec),
    session_token[0] != '\0' ? session_token : NULL,
  };
  g_autofree char *busy = NULL;

  if (self->body == NULL || self->cancellable != NULL)
    return;
  busy = g_strdup_printf (_("Waiting for Bedrock in %s…"), self->region);
  gtk_label_set_text (self->busy_label, busy);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  self->cancellable = g_cancellable_new ();
  cs_bedrock_check_async (&keys, self->region, self->endpoints, self->model, self->body,
                          self->cancellable, check_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (CsBedrockCheckDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  show_confirm (self);
  gtk_label_set_text (self->confirm_note,
                      _("The check was cancelled. If Bedrock had already received the call, it "
                        "may still count its few tokens."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_note), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_note), TRUE);
}

static void
again_clicked_cb (CsBedrockCheckDialog *self)
{
  show_confirm (self);
}

static void
cs_bedrock_check_dialog_dispose (GObject *object)
{
  CsBedrockCheckDialog *self = CS_BEDROCK_CHECK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_BEDROCK_CHECK_DIALOG);
  g_clear_object (&self->spec);

  G_OBJECT_CLASS (cs_bedrock_check_dialog_parent_class)->dispose (object);
}

static void
cs_bedrock_check_dialog_finalize (GObject *object)
{
  CsBedrockCheckDialog *self = CS_BEDROCK_CHECK_DIALOG (object);

  g_clear_pointer (&self->endpoints, cs_bedrock_endpoints_free);
  g_clear_pointer (&self->body, json_node_unref);
  g_free (self->region);
  g_free (self->model);

  G_OBJECT_CLASS (cs_bedrock_check_dialog_parent_class)->finalize (object);
}

static void
cs_bedrock_check_dialog_class_init (CsBedrockCheckDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_bedrock_check_dialog_dispose;
  object_class->finalize = cs_bedrock_check_dialog_finalize;

  signals[SIGNAL_CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  g_type_ensure (CS_TYPE_JSON_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-bedrock-check-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, cost_row);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, confirm_note);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, tokens_label);
  gtk_widget_class_bind_template_child (widget_class, CsBedrockCheckDialog, bedrock_label);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_bedrock_check_dialog_init (CsBedrockCheckDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_bedrock_check_dialog_new (CsConnectorSpec          *spec,
                             const CsBedrockEndpoints *endpoints)
{
  CsBedrockCheckDialog *self;

  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);

  self = g_object_new (CS_TYPE_BEDROCK_CHECK_DIALOG, NULL);
  self->spec = g_object_ref (spec);
  self->endpoints = endpoints != NULL ? cs_bedrock_endpoints_copy (endpoints) : NULL;
  show_confirm (self);
  return GTK_WIDGET (self);
}

const char *
cs_bedrock_check_dialog_get_state (CsBedrockCheckDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
cs_bedrock_check_dialog_get_intro (CsBedrockCheckDialog *self)
{
  return gtk_label_get_text (self->intro_label);
}

const char *
cs_bedrock_check_dialog_get_result (CsBedrockCheckDialog *self)
{
  return gtk_label_get_text (self->result_label);
}

const char *
cs_bedrock_check_dialog_get_tokens (CsBedrockCheckDialog *self)
{
  return gtk_label_get_text (self->tokens_label);
}

GtkButton *
cs_bedrock_check_dialog_get_send_button (CsBedrockCheckDialog *self)
{
  return self->send_button;
}

GtkButton *
cs_bedrock_check_dialog_get_cancel_button (CsBedrockCheckDialog *self)
{
  return self->cancel_button;
}
