/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page.h"
#include "cs-playground-page-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-conversation.h"
#include "cs-conversation-store.h"
#include "cs-error.h"
#include "cs-model-picker.h"
#include "cs-predict.h"
#include "cs-text-chunks.h"
#include "cs-thinking-view.h"
#include "cs-turn-row.h"
#include "cs-window.h"

/*
 * The predict playground. One predict runs at a time: while it runs, Send is
 * off and Stop cancels it; nothing else is ever cancelled behind the user's
 * back (a new send cannot start, so it cannot cancel anything). The user's
 * message goes into the conversation before the call, so it survives every
 * failure: after an error or Stop, that turn is marked with why it has no
 * answer and a Retry button that sends the same conversation again. Send
 * itself needs a message in the composer.
 */

#define DEFAULT_SYSTEM_PROMPT "You are a helpful assistant."


G_DEFINE_FINAL_TYPE (CsPlaygroundPage, cs_playground_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void settings_summary_cb (CsPlaygroundPage *self);

/* Helpers */

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
pretty_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

static CsModelInfo *
selected_model (CsPlaygroundPage *self)
{
  return cs_model_picker_get_selected_model (self->model_picker);
}

/* The per-call value a refused thinking rule is fixed in */
static GtkWidget *
thinking_row (CsPlaygroundPage *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->effort_row)))
    return GTK_WIDGET (self->effort_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->budget_row)))
    return GTK_WIDGET (self->budget_row);
  return GTK_WIDGET (self->max_tokens_row);
}

/* The raw views show what was exchanged; beyond this a text view's layout
 * would hold up the window, so the rest is left out, and said so. */
#define RAW_DISPLAY_LIMIT (256 * 1024)

static void
set_raw_text (GtkTextView *view,
              const char  *text)
{
  g_autofree char *shown = NULL;
  gsize length = text != NULL ? strlen (text) : 0;

  if (length > RAW_DISPLAY_LIMIT)
    {
      const char *cut = g_utf8_find_prev_char (text, text + RAW_DISPLAY_LIMIT + 1);
      g_autofree char *head = g_strndup (text, cut - text);
      g_autofree char *total = g_format_size (length);

      shown = g_strdup_printf (_("%s\n\n[… The answer is %s long; the rest is not shown "
                                 "here. Export the conversation to keep all of it.]"),
                               head, total);
      text = shown;
    }
  /* The raw view is on a page of its own, most often not the one shown. */
  cs_text_view_set_text_when_shown (view, text);
}

/* The banner */

static const char *
fix_label (CsPredictFix fix)
{
  switch (fix)
    {
    case CS_PREDICT_FIX_RETRY_LATER:
      return _("Send _Again");
    case CS_PREDICT_FIX_ADJUST_PARAMETERS:
      return _("_Review Values");
    case CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS:
    case CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS:
    case CS_PREDICT_FIX_CONNECTOR_BODY:
      return _("Open _Connector");
    case CS_PREDICT_FIX_DEPLOY_MODEL:
      return _("Open _Model");
    case CS_PREDICT_FIX_CHOOSE_MODEL:
      return _("Open _Models");
    case CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN:
      return _("Open C_onnections");
    case CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS:
      return _("Open Cluster _Settings");
    case CS_PREDICT_FIX_NONE:
    default:
      return NULL;
    }
}

void
_cs_playground_page_show_banner (CsPlaygroundPage *self,
                                 const char       *message,
                                 CsPredictFix      fix)
{
  CsModelInfo *model = selected_model (self);
  const char *label = fix_label (fix);

  self->fix = fix;
  g_clear_pointer (&self->fix_connector_id, g_free);
  g_clear_pointer (&self->fix_model_id, g_free);
  if (model != NULL)
    {
      self->fix_connector_id = g_strdup (cs_model_info_get_connector_id (model));
      self->fix_model_id = g_strdup (cs_model_info_get_id (model));
    }
  if ((fix == CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS ||
       fix == CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS ||
       fix == CS_PREDICT_FIX_CONNECTOR_BODY) && self->fix_connector_id == NULL)
    label = NULL;

  gtk_label_set_text (self->banner_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_rotate_button),
                          fix == CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS &&
                          self->fix_connector_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_fix_button), label != NULL);
  if (label != NULL)
    gtk_button_set_label (self->banner_fix_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_box), TRUE);
}

static void
hide_banner (CsPlaygroundPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->banner_box), FALSE);
}

static void
banner_close_clicked_cb (CsPlaygroundPage *self)
{
  hide_banner (self);
}

static void
show_page (CsPlaygroundPage *self,
           const char       *name)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", name);
}

static void
banner_fix_clicked_cb (CsPlaygroundPage *self)
{
  switch (self->fix)
    {
    case CS_PREDICT_FIX_RETRY_LATER:
      _cs_playground_page_retry (self);
      return;
    case CS_PREDICT_FIX_ADJUST_PARAMETERS:
      gtk_widget_grab_focus (thinking_row (self));
      break;
    case CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS:
    case CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS:
    case CS_PREDICT_FIX_CONNECTOR_BODY:
      if (self->session != NULL)
        cs_session_set_connector_id (self->session, self->fix_connector_id);
      /* The connector itself, opened for editing; else the page. */
      if (!_cs_playground_page_edit_connector (self, self->fix_connector_id))
        show_page (self, "connectors");
      break;
    case CS_PREDICT_FIX_DEPLOY_MODEL:
      if (self->session != NULL && self->fix_model_id != NULL)
        cs_session_set_model_id (self->session, self->fix_model_id);
      show_page (self, "models");
      break;
    case CS_PREDICT_FIX_CHOOSE_MODEL:
      show_page (self, "models");
      break;
    case CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN:
      show_page (self, "connections");
      break;
    case CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS:
      show_page (self, "settings");
      break;
    case CS_PREDICT_FIX_NONE:
    default:
      break;
    }
  hide_banner (self);
}

static void
banner_rotate_clicked_cb (CsPlaygroundPage *self)
{
  if (self->fix_connector_id != NULL)
    _cs_playground_page_rotate_keys (self, self->fix_connector_id);
}

/* System prompt */

static void
system_changed_cb (CsPlaygroundPage *self)
{
  g_autofree char *text = buffer_text (self->system_view);
  gboolean is_json = cs_predict_text_is_json (text);
  gboolean placeholder = cs_predict_text_has_placeholder (text);

  cs_conversation_set_system_prompt (self->conversation, text);
  _cs_playground_page_schedule_save (self);

  gtk_widget_set_visible (GTK_WIDGET (self->system_warning_box), is_json || placeholder);
  gtk_widget_set_visible (GTK_WIDGET (self->wrap_button), is_json);
  if (is_json)
    gtk_label_set_text (self->system_warning_label,
                        _("This prompt is JSON text. ML Commons inserts such a value without "
                          "escaping it, which breaks the request to Bedrock."));
  else if (placeholder)
    gtk_label_set_text (self->system_warning_label,
                        _("ML Commons replaces “${parameters.…}” with the connector’s "
                          "parameters before Bedrock sees the prompt."));
  _cs_playground_page_update_sensitivity (self);
}

static void
wrap_clicked_cb (CsPlaygroundPage *self)
{
  g_autofree char *text = buffer_text (self->system_view);
  g_autofree char *wrapped = cs_predict_wrap_json_text (text);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->system_view), wrapped, -1);
}

/* The model picker */

static void
connector_defaults_changed_cb (CsPlaygroundPage *self)
{
  _cs_playground_page_limits_changed (self);
}

static void
picker_problem_cb (CsPlaygroundPage *self,
                   const char       *message,
                   int               fix)
{
  if (message != NULL)
    _cs_playground_page_show_banner (self, message, fix);
  else if (self->fix == (CsPredictFix) fix)
    hide_banner (self);
}

/* Sending */

static gboolean
last_turn_is_user (CsPlaygroundPage *self)
{
  guint n = cs_conversation_get_n_turns (self->conversation);

  return n > 0 &&
         cs_turn_get_role (cs_conversation_get_turn (self->conversation, n - 1)) ==
           CS_TURN_ROLE_USER;
}

void
_cs_playground_page_update_sensitivity (CsPlaygroundPage *self)
{
  g_autofree char *composed = buffer_text (self->composer_view);
  gboolean has_text = g_strstrip (composed)[0] != '\0';
  gboolean connected = self->session != NULL &&
                       cs_session_get_state (self->session) == CS_SESSION_CONNECTED &&
                       cs_session_get_client (self->session) != NULL;
  gboolean can_send = connected && !self->running && selected_model (self) != NULL &&
                      self->overrides_valid &&
                      !cs_predict_text_is_json (
                        cs_conversation_get_system_prompt (self->conversation)) &&
                      has_text;

  gtk_widget_set_visible (GTK_WIDGET (self->composer_hint),
                          gtk_text_buffer_get_char_count (
                            gtk_text_view_get_buffer (self->composer_view)) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.send", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.clear", !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->running);
  gtk_spinner_set_spinning (self->spinner, self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_box), self->running);
  gtk_spinner_set_spinning (self->pending_spinner, self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.import", !self->running);
  cs_model_picker_set_can_change (self->model_picker, !self->running);
}

static void
set_running (CsPlaygroundPage *self,
             gboolean          running)
{
  self->running = running;
  _cs_playground_page_update_sensitivity (self);
}

/* Scrolling into view. A row added now is laid out over the next frames: a
 * text view measures again once it has its width, and finds its lines' heights
 * in idle time, which comes late while frames are slow (a loaded machine, a
 * long answer). Until the layout has held still for a few frames, each frame
 * scrolls to the top of the target (an answer starts where it starts, however
 * long it is), or to the end; it stops at once when the user scrolls. */
#define SCROLL_FRAMES 8                       /* at least */
#define SCROLL_SETTLED 6                      /* frames without a move */
#define SCROLL_LONGEST 300                    /* frames (5 s at 60 Hz): then it stops */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->conversation_scroller);
  /* The scrolled content (the clamp), inside the viewport the scrolled window made for it */
  GtkWidget *content = gtk_scrolled_window_get_child (self->conversation_scroller);
  double end = MAX (gtk_adjustment_get_upper (adjustment)
                    - gtk_adjustment_get_page_size (adjustment), 0);
  double value = end;
  graphene_point_t point;

  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (++self->scroll_frames < 2)
    return G_SOURCE_CONTINUE;
  /* Moved since the last frame by more than a shorter list explains: by the
   * user. The view stays where they put it. */
  if (self->scroll_frames > 2
      && ABS (gtk_adjustment_get_value (adjustment) - MIN (self->scroll_value, end)) > 0.5)
    goto done;
  if (self->scroll_target != NULL && gtk_widget_get_parent (self->scroll_target) != NULL &&
      gtk_widget_compute_point (self->scroll_target, content, &GRAPHENE_POINT_INIT (0, 0),
                                &point))
    value = MIN (MAX (point.y - 12, 0), end);
  /* For the end, value follows the list's height; for a row, its place. */
  if (self->scroll_frames > 2 && value == self->scroll_value)
    self->scroll_still++;
  else
    self->scroll_still = 0;
  self->scroll_value = value;
  gtk_adjustment_set_value (adjustment, value);
  if ((self->scroll_frames < SCROLL_FRAMES || self->scroll_still < SCROLL_SETTLED)
      && self->scroll_frames < SCROLL_LONGEST)
    return G_SOURCE_CONTINUE;

done:
  g_clear_object (&self->scroll_target);
  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
_cs_playground_page_scroll_into_view (CsPlaygroundPage *self,
                                      GtkWidget        *target)
{
  g_set_object (&self->scroll_target, target);
  self->scroll_frames = 0;
  self->scroll_still = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb,
                                                         NULL, NULL);
}

/* Failed turns */

static GtkWidget *
row_of_turn (CsPlaygroundPage *self,
             CsTurn           *turn)
{
  int position = turn != NULL ? cs_conversation_find (self->conversation, turn) : -1;

  return position >= 0 ? GTK_WIDGET (gtk_list_box_get_row_at_index (self->turns_list, position))
                       : NULL;
}

void
_cs_playground_page_mark_failed (CsPlaygroundPage *self,
                                 CsTurn           *turn,
                                 const char       *message)
{
  GtkWidget *row = row_of_turn (self, self->failed_turn);

  if (CS_IS_TURN_ROW (row))
    cs_turn_row_set_error (CS_TURN_ROW (row), NULL);
  g_set_object (&self->failed_turn, turn);
  g_free (self->failed_message);
  self->failed_message = turn != NULL ? g_strdup (message) : NULL;
  row = row_of_turn (self, turn);
  if (CS_IS_TURN_ROW (row))
    cs_turn_row_set_error (CS_TURN_ROW (row), message);
}

static void
mark_last_failed (CsPlaygroundPage *self,
                  const char       *message)
{
  guint n = cs_conversation_get_n_turns (self->conversation);

  if (last_turn_is_user (self))
    {
      _cs_playground_page_mark_failed (self, cs_conversation_get_turn (self->conversation, n - 1),
                                       message);
      _cs_playground_page_scroll_into_view (self, row_of_turn (self, self->failed_turn));
    }
}

static void
predict_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) raw_response = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(CsTurn) turn = NULL;
  CsPredictFix fix = CS_PREDICT_FIX_NONE;

  prediction = cs_predict_finish (CS_CLIENT (source), result, &fix, &raw_response, &error);
  /* The page went away while the answer was on its way (it cancelled it). */
  if (self->disposed)
    return;
  set_running (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      cs_widget_show_toast (GTK_WIDGET (self), _("Stopped. The conversation is as it was."));
      mark_last_failed (self, _("Stopped before the answer came. Retry sends the conversation "
                                "again."));
      return;
    }

  if (prediction == NULL)
    {
      g_autofree char *raw = NULL;

      if (raw_response != NULL)
        raw = pretty_json (raw_response);
      else
        raw = g_strdup_printf (_("No answer body. %s"), error->message);
      set_raw_text (self->raw_response_view, raw);
      _cs_playground_page_show_banner (self, error->message, fix);
      mark_last_failed (self, error->message);
      return;
    }

  set_raw_text (self->raw_response_view, cs_prediction_get_raw_text (prediction));
  turn = cs_prediction_to_turn (prediction);
  cs_conversation_append (self->conversation, turn);
  _cs_playground_page_update_sensitivity (self);
  /* The answer from its beginning. */
  _cs_playground_page_scroll_into_view (self, row_of_turn (self, turn));
}

/* Sends the composer's message, or (retry) the conversation as it is. */
static void
send (CsPlaygroundPage *self,
      gboolean          retry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsTurn) added = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *shown = NULL;
  CsPredictOverrides overrides;
  CsModelInfo *model = selected_model (self);
  CsClient *client;

  if (self->running || model == NULL || self->session == NULL ||
      (client = cs_session_get_client (self->session)) == NULL)
    return;
  if (!_cs_playground_page_read_overrides (self, &overrides))
    return;

  composed = buffer_text (self->composer_view);
  stripped = g_strstrip (g_strdup (composed));
  if (!retry && stripped[0] != '\0')
    {
      added = cs_turn_new (CS_TURN_ROLE_USER, composed);
      cs_conversation_append (self->conversation, added);
    }
  else if (!retry || !last_turn_is_user (self))
    return;

  body = cs_conversation_build_predict_body (self->conversation, &overrides, &error);
  if (body == NULL)
    {
      /* Nothing is lost: the text goes back to where it was. */
      if (added != NULL)
        cs_conversation_remove (self->conversation,
                                cs_conversation_find (self->conversation, added));
      _cs_playground_page_show_banner (self, error->message, CS_PREDICT_FIX_NONE);
      return;
    }
  if (added != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", 0);

  hide_banner (self);
  _cs_playground_page_mark_failed (self, NULL, NULL);
  g_clear_pointer (&self->last_request, json_node_unref);
  self->last_request = json_node_ref (body);
  g_free (self->last_model_id);
  self->last_model_id = g_strdup (cs_model_info_get_id (model));
  shown = cs_predict_describe_request (self->last_model_id, body);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->raw_request_view), shown, -1);
  cs_text_view_set_text_when_shown (self->raw_response_view, _("Waiting for the answer…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->curl_button), TRUE);

  g_clear_object (&self->predict_cancellable);
  self->predict_cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  cs_predict_async (client, self->last_model_id, body,
                    cs_model_picker_get_timeout (self->model_picker), self->predict_cancellable,
                    predict_done_cb, g_object_ref (self));
  /* The message on its way and the wait for the answer, below it. */
  _cs_playground_page_scroll_into_view (self, NULL);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send (CS_PLAYGROUND_PAGE (widget), FALSE);
}

void
_cs_playground_page_retry (CsPlaygroundPage *self)
{
  send (self, TRUE);
}

static void
stop_clicked_cb (CsPlaygroundPage *self)
{
  g_cancellable_cancel (self->predict_cancellable);
}

static void
copy_curl_clicked_cb (CsPlaygroundPage *self)
{
  g_autofree char *command = NULL;
  CsClient *client = self->session != NULL ? cs_session_get_client (self->session) : NULL;

  if (self->last_request == NULL || client == NULL)
    return;
  command = cs_predict_curl_command (cs_client_get_base_url (client), self->last_model_id,
                                     self->last_request);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), command);
  cs_widget_show_toast (GTK_WIDGET (self),
                        _("Copied. Add your cluster credentials with -u when the cluster needs them."));
}

/* Conversation */

static void
turn_remove_cb (CsTurnRow        *row,
                CsPlaygroundPage *self)
{
  int position = cs_conversation_find (self->conversation, cs_turn_row_get_turn (row));

  if (position >= 0 && !self->running)
    cs_conversation_remove (self->conversation, position);
}

static GtkWidget *
create_turn_row (gpointer item,
                 gpointer user_data)
{
  CsPlaygroundPage *self = user_data;
  CsTurn *turn = CS_TURN (item);
  GtkWidget *row = cs_turn_row_new (turn);

  g_signal_connect_object (row, "remove", G_CALLBACK (turn_remove_cb), self, 0);
  g_signal_connect_object (row, "retry", G_CALLBACK (_cs_playground_page_retry), self,
                           G_CONNECT_SWAPPED);
  if (turn == self->failed_turn)
    cs_turn_row_set_error (CS_TURN_ROW (row), self->failed_message);
  /* An edited turn is kept as edited. */
  g_signal_connect_object (turn, "notify::text", G_CALLBACK (_cs_playground_page_schedule_save),
                           self, G_CONNECT_SWAPPED);
  return row;
}

static void
conversation_changed_cb (CsPlaygroundPage *self)
{
  if (self->failed_turn != NULL && cs_conversation_find (self->conversation,
                                                         self->failed_turn) < 0)
    _cs_playground_page_mark_failed (self, NULL, NULL);
  _cs_playground_page_update_sensitivity (self);
  _cs_playground_page_schedule_save (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (widget);

  if (self->running)
    return;
  cs_conversation_clear (self->conversation);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->raw_request_view), "", 0);
  cs_text_view_set_text_when_shown (self->raw_response_view, "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->curl_button), FALSE);
  hide_banner (self);
}

/* Import, export */

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _cs_playground_page_import (CS_PLAYGROUND_PAGE (widget));
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _cs_playground_page_export (CS_PLAYGROUND_PAGE (widget), FALSE);
}

static void
export_markdown_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _cs_playground_page_export (CS_PLAYGROUND_PAGE (widget), TRUE);
}

/* Session */

static void
session_state_changed_cb (CsPlaygroundPage *self)
{
  gboolean connected = self->session != NULL &&
                       cs_session_get_state (self->session) == CS_SESSION_CONNECTED &&
                       cs_session_get_client (self->session) != NULL;

  gtk_stack_set_visible_child_name (self->main_stack, connected ? "content" : "disconnected");
  if (connected)
    cs_model_picker_reload (self->model_picker);
  else
    {
      g_cancellable_cancel (self->predict_cancellable);
      cs_model_picker_clear (self->model_picker);
    }
  _cs_playground_page_update_sensitivity (self);
}

/* Open in Playground (Models) leads here: a keyboard user goes on typing
 * the message, rather than from the top of the page. */
static void
composer_mapped_cb (CsPlaygroundPage *self)
{
  if (!self->focus_composer_on_map)
    return;
  self->focus_composer_on_map = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

void
cs_playground_page_focus_composer (CsPlaygroundPage *self)
{
  g_return_if_fail (CS_IS_PLAYGROUND_PAGE (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self->composer_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
  else
    self->focus_composer_on_map = TRUE;
}

static void
session_model_changed_cb (CsPlaygroundPage *self)
{
  /* A model handed over from the Models page is often newer than the list
   * read when the cluster was connected, or its state has changed since:
   * read the list again, which then selects it. */
  if (self->session != NULL && cs_session_get_model_id (self->session) != NULL &&
      cs_session_get_client (self->session) != NULL)
    cs_model_picker_reload (self->model_picker);
  else
    cs_model_picker_select_session_model (self->model_picker);
}

CsSession *
cs_playground_page_get_session (CsPlaygroundPage *self)
{
  g_return_val_if_fail (CS_IS_PLAYGROUND_PAGE (self), NULL);

  return self->session;
}

void
cs_playground_page_set_session (CsPlaygroundPage *self,
                                CsSession        *session)
{
  g_return_if_fail (CS_IS_PLAYGROUND_PAGE (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  cs_model_picker_set_session (self->model_picker, session);
  session_state_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* GObject */

static void
cs_playground_page_dispose (GObject *object)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (object);

  _cs_playground_page_flush_save (self);
  self->disposed = TRUE;
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  g_clear_object (&self->scroll_target);
  g_clear_object (&self->settings);
  g_cancellable_cancel (self->predict_cancellable);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->turns_list != NULL)
    gtk_list_box_bind_model (self->turns_list, NULL, NULL, NULL, NULL);
  /* main_stack is both AdwBin's child and a template child: let AdwBin
   * drop it first, so that it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PLAYGROUND_PAGE);

  G_OBJECT_CLASS (cs_playground_page_parent_class)->dispose (object);
}

static void
cs_playground_page_finalize (GObject *object)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->conversation);
  g_clear_object (&self->predict_cancellable);
  g_clear_pointer (&self->last_request, json_node_unref);
  g_clear_pointer (&self->last_model_id, g_free);
  g_clear_pointer (&self->fix_connector_id, g_free);
  g_clear_pointer (&self->fix_model_id, g_free);
  g_clear_object (&self->failed_turn);
  g_clear_pointer (&self->failed_message, g_free);
  g_clear_pointer (&self->saved_path, g_free);

  G_OBJECT_CLASS (cs_playground_page_parent_class)->finalize (object);
}

static void
cs_playground_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_playground_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cs_playground_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_playground_page_class_init (CsPlaygroundPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_playground_page_dispose;
  object_class->finalize = cs_playground_page_finalize;
  object_class->get_property = cs_playground_page_get_property;
  object_class->set_property = cs_playground_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_MODEL_PICKER);
  g_type_ensure (CS_TYPE_THINKING_VIEW);
  g_type_ensure (CS_TYPE_TURN_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-playground-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_box);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_fix_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_rotate_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, conversation_scroller);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, model_picker);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, system_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, system_warning_box);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, system_warning_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, wrap_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, max_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, top_p_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, budget_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, effort_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, effort_choices);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, overrides_note_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, overrides_error_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, turns_list);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, pending_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, settings_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, settings_summary);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, settings_arrow);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, raw_request_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, raw_response_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, curl_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, composer_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, composer_hint);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, send_button);
  gtk_widget_class_bind_template_callback (widget_class, banner_fix_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_rotate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           _cs_playground_page_check_session_token);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connector_defaults_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_problem_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "update_sensitivity",
                                                G_CALLBACK (
                                                  _cs_playground_page_update_sensitivity));
  gtk_widget_class_bind_template_callback (widget_class, wrap_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "overrides_changed_cb",
                                                G_CALLBACK (_cs_playground_page_overrides_changed));
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_curl_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, settings_summary_cb);

  gtk_widget_class_install_action (widget_class, "playground.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "playground.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "playground.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "playground.export-json", NULL,
                                   export_json_action);
  gtk_widget_class_install_action (widget_class, "playground.export-markdown", NULL,
                                   export_markdown_action);
}

/* The section with the model, system prompt and per-call values: open or
 * closed as the user left it, and naming the model when closed. */
static void
settings_toggled_cb (CsPlaygroundPage *self)
{
  gboolean open = gtk_toggle_button_get_active (self->settings_button);

  gtk_image_set_from_icon_name (self->settings_arrow,
                                open ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->settings_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, open, -1);
}

static void
settings_summary_cb (CsPlaygroundPage *self)
{
  CsModelInfo *model = selected_model (self);

  gtk_label_set_text (self->settings_summary,
                      model != NULL ? cs_model_info_get_name (model) : _("No model chosen"));
}

/* Something the user must see in the section opens it. */
static void
open_settings_for_warning_cb (GtkWidget        *warning,
                              GParamSpec       *pspec,
                              CsPlaygroundPage *self)
{
  if (gtk_widget_get_visible (warning))
    gtk_toggle_button_set_active (self->settings_button, TRUE);
}

/* GtkTextView reports the height of its layout at the width it last had: the
 * first measure, before any allocation, wraps the system prompt at a tiny
 * width and the field shows a dozen empty lines. Once it has a real width,
 * measure again (as the turn rows do). */
static gboolean
remeasure_idle_cb (gpointer data)
{
  gtk_widget_queue_resize (GTK_WIDGET (data));
  return G_SOURCE_REMOVE;
}

static void
text_view_mapped_cb (GtkWidget *view)
{
  g_idle_add_full (G_PRIORITY_LOW, remeasure_idle_cb, g_object_ref (view), g_object_unref);
}

/* Ctrl+Enter sends when sending is possible, and is never typed into the
 * composer as a new line when it is not. */
static gboolean
send_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (widget);

  /* The Send button follows the action's enabled state. */
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->send_button)))
    gtk_widget_activate_action (widget, "playground.send", NULL);
  else
    gtk_widget_error_bell (widget);
  return TRUE;
}

static void
cs_playground_page_init (CsPlaygroundPage *self)
{
  GtkEventController *shortcuts;
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->conversation = cs_conversation_new ();
  self->overrides_valid = TRUE;
  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::model-id",
                                 G_CALLBACK (session_model_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->turns_list, G_LIST_MODEL (self->conversation),
                           create_turn_row, self, NULL);
  placeholder = gtk_label_new (_("No messages yet. Write one below and press Ctrl+Enter."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->turns_list, placeholder);
  g_signal_connect_object (self->conversation, "items-changed",
                           G_CALLBACK (conversation_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->system_view), DEFAULT_SYSTEM_PROMPT,
                            -1);
  cs_conversation_set_system_prompt (self->conversation, DEFAULT_SYSTEM_PROMPT);
  g_signal_connect_object (gtk_text_view_get_buffer (self->system_view), "changed",
                           G_CALLBACK (system_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_after (self->system_view, "map", G_CALLBACK (text_view_mapped_cb), NULL);
  g_signal_connect_swapped (self->composer_view, "map", G_CALLBACK (composer_mapped_cb), self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->composer_view), "changed",
                           G_CALLBACK (_cs_playground_page_update_sensitivity), self,
                           G_CONNECT_SWAPPED);

  /* Ctrl+Enter sends from anywhere on the page, before the text views see
   * the key. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_alternative_trigger_new (
                        gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                        gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                      gtk_callback_action_new (send_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->settings = g_settings_new (BASE_APP_ID);
  g_signal_connect_object (self->settings_button, "toggled", G_CALLBACK (settings_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "playground-settings-expanded", self->settings_button,
                   "active", G_SETTINGS_BIND_DEFAULT);
  settings_toggled_cb (self);
  settings_summary_cb (self);
  g_signal_connect_object (self->system_warning_box, "notify::visible",
                           G_CALLBACK (open_settings_for_warning_cb), self, 0);
  g_signal_connect_object (self->overrides_error_label, "notify::visible",
                           G_CALLBACK (open_settings_for_warning_cb), self, 0);

  connector_defaults_changed_cb (self);
  session_state_changed_cb (self);
}
