/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-playground-page"

#include "config.h"

#include "cs-playground-page.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-connectors-api.h"
#include "cs-conversation.h"
#include "cs-error.h"
#include "cs-model-info.h"
#include "cs-models-api.h"
#include "cs-prediction.h"
#include "cs-session.h"
#include "cs-text-chunks.h"
#include "cs-thinking-view.h"
#include "cs-turn-row.h"
#include "cs-window.h"

/*
 * The predict playground. One predict runs at a time: while it runs, Send is
 * off and Stop cancels it; nothing else is ever cancelled behind the user's
 * back (a new send cannot start, so it cannot cancel anything). The user's
 * message goes into the conversation before the call, so it survives every
 * failure: after an error, Send with an empty composer sends the same
 * conversation again.
 */

#define PREDICTION_KEY "cs-playground-prediction"
#define DEFAULT_SYSTEM_PROMPT "You are a helpful assistant."

struct _CsPlaygroundPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkStack           *main_stack;
  GtkBox             *banner_box;
  GtkLabel           *banner_label;
  GtkButton          *banner_fix_button;
  GtkStack           *view_stack;
  GtkScrolledWindow  *conversation_scroller;
  GtkButton          *refresh_button;
  AdwComboRow        *model_row;
  GtkTextView        *system_view;
  GtkBox             *system_warning_box;
  GtkLabel           *system_warning_label;
  GtkButton          *wrap_button;
  AdwEntryRow        *max_tokens_row;
  AdwEntryRow        *temperature_row;
  AdwEntryRow        *budget_row;
  GtkLabel           *overrides_error_label;
  GtkListBox         *turns_list;
  GtkTextView        *raw_request_view;
  GtkTextView        *raw_response_view;
  GtkButton          *curl_button;
  GtkTextView        *composer_view;
  GtkLabel           *composer_hint;
  GtkSpinner         *spinner;
  GtkButton          *stop_button;
  GtkButton          *send_button;

  /* State */
  CsSession          *session;
  CsConversation     *conversation;
  GListStore         *models;
  GtkFilterListModel *deployed;
  GCancellable       *models_cancellable;
  GCancellable       *connector_cancellable;
  GCancellable       *predict_cancellable;

  gboolean            running;
  gboolean            disposed;   /* callbacks that still arrive touch no widget */
  gboolean            overrides_valid;
  gint64              started_us;
  JsonNode           *last_request;
  char               *last_model_id;
  JsonNode           *pending_response;  /* read by a worker; kept for the raw view */

  gboolean            defaults_known;
  gboolean            thinking;
  CsPredictOverrides  defaults;

  CsPredictFix        fix;
  char               *fix_connector_id;
  char               *fix_model_id;
};

G_DEFINE_FINAL_TYPE (CsPlaygroundPage, cs_playground_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_sensitivity (CsPlaygroundPage *self);

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
  gpointer item = adw_combo_row_get_selected_item (self->model_row);

  return item != NULL ? CS_MODEL_INFO (item) : NULL;
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
  cs_text_buffer_set_text_chunked (gtk_text_view_get_buffer (view), text);
}

/* The banner */

static const char *
fix_label (CsPredictFix fix)
{
  switch (fix)
    {
    case CS_PREDICT_FIX_RETRY:
      return _("Send _Again");
    case CS_PREDICT_FIX_PARAMETERS:
      return _("_Review Values");
    case CS_PREDICT_FIX_CONNECTOR:
      return _("Open _Connector");
    case CS_PREDICT_FIX_MODEL:
      return _("Open _Model");
    case CS_PREDICT_FIX_MODELS_PAGE:
      return _("Open _Models");
    case CS_PREDICT_FIX_CONNECTIONS:
      return _("Open C_onnections");
    case CS_PREDICT_FIX_CLUSTER_SETTINGS:
      return _("Open Cluster _Settings");
    case CS_PREDICT_FIX_NONE:
    default:
      return NULL;
    }
}

static void
show_banner (CsPlaygroundPage *self,
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
  if (fix == CS_PREDICT_FIX_CONNECTOR && self->fix_connector_id == NULL)
    label = NULL;

  gtk_label_set_text (self->banner_label, message);
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
    case CS_PREDICT_FIX_RETRY:
      gtk_widget_activate_action (GTK_WIDGET (self), "playground.send", NULL);
      return;
    case CS_PREDICT_FIX_PARAMETERS:
      gtk_widget_grab_focus (GTK_WIDGET (self->thinking ? self->budget_row
                                                        : self->max_tokens_row));
      break;
    case CS_PREDICT_FIX_CONNECTOR:
      if (self->session != NULL)
        cs_session_set_connector_id (self->session, self->fix_connector_id);
      show_page (self, "connectors");
      break;
    case CS_PREDICT_FIX_MODEL:
      if (self->session != NULL && self->fix_model_id != NULL)
        cs_session_set_model_id (self->session, self->fix_model_id);
      show_page (self, "models");
      break;
    case CS_PREDICT_FIX_MODELS_PAGE:
      show_page (self, "models");
      break;
    case CS_PREDICT_FIX_CONNECTIONS:
      show_page (self, "connections");
      break;
    case CS_PREDICT_FIX_CLUSTER_SETTINGS:
      show_page (self, "settings");
      break;
    case CS_PREDICT_FIX_NONE:
    default:
      break;
    }
  hide_banner (self);
}

/* System prompt */

static void
system_changed_cb (CsPlaygroundPage *self)
{
  g_autofree char *text = buffer_text (self->system_view);
  gboolean is_json = cs_predict_text_is_json (text);
  gboolean placeholder = cs_predict_text_has_placeholder (text);

  cs_conversation_set_system_prompt (self->conversation, text);

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
  update_sensitivity (self);
}

static void
wrap_clicked_cb (CsPlaygroundPage *self)
{
  g_autofree char *text = buffer_text (self->system_view);
  g_autofree char *wrapped = cs_predict_wrap_json_text (text);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->system_view), wrapped, -1);
}

/* Per-call values */

static gboolean
parse_integer_row (AdwEntryRow *row,
                   gint64      *value,
                   gboolean    *bad)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 parsed;

  *value = 0;
  if (stripped[0] == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (stripped, 10, 1, G_MAXINT32, &parsed, NULL))
    {
      *bad = TRUE;
      return FALSE;
    }
  *value = (gint64) parsed;
  return TRUE;
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Reads and checks the per-call values; shows what is wrong next to them. */
static gboolean
read_overrides (CsPlaygroundPage   *self,
                CsPredictOverrides *overrides)
{
  g_autoptr(GError) error = NULL;
  CsOverrideField field = CS_OVERRIDE_FIELD_NONE;
  gboolean bad_max = FALSE, bad_temp = FALSE, bad_budget = FALSE;
  g_autofree char *temp_text = NULL;
  gboolean ok;

  memset (overrides, 0, sizeof *overrides);
  parse_integer_row (self->max_tokens_row, &overrides->max_tokens, &bad_max);
  if (gtk_widget_get_visible (GTK_WIDGET (self->budget_row)))
    parse_integer_row (self->budget_row, &overrides->budget_tokens, &bad_budget);

  temp_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->temperature_row))));
  if (temp_text[0] != '\0')
    {
      char *end = NULL;
      double value;

      /* Accept the user's decimal comma too. */
      g_strdelimit (temp_text, ",", '.');
      value = g_ascii_strtod (temp_text, &end);
      if (end == temp_text || *end != '\0' || !isfinite (value))
        bad_temp = TRUE;
      else
        {
          overrides->set_temperature = TRUE;
          overrides->temperature = value;
        }
    }

  if (bad_max || bad_temp || bad_budget)
    {
      field = bad_max ? CS_OVERRIDE_FIELD_MAX_TOKENS
            : bad_temp ? CS_OVERRIDE_FIELD_TEMPERATURE
                       : CS_OVERRIDE_FIELD_BUDGET_TOKENS;
      g_set_error_literal (&error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           bad_temp ? _("Temperature must be a number between 0 and 1.")
                                    : _("Token counts must be whole numbers greater than 0."));
      ok = FALSE;
    }
  else
    ok = cs_predict_overrides_validate (overrides, self->defaults_known ? &self->defaults : NULL,
                                        self->thinking, &field, &error);

  set_row_error (self->max_tokens_row, field == CS_OVERRIDE_FIELD_MAX_TOKENS);
  set_row_error (self->temperature_row, field == CS_OVERRIDE_FIELD_TEMPERATURE);
  set_row_error (self->budget_row, field == CS_OVERRIDE_FIELD_BUDGET_TOKENS);
  gtk_widget_set_visible (GTK_WIDGET (self->overrides_error_label), !ok);
  gtk_label_set_text (self->overrides_error_label, ok ? "" : error->message);
  return ok;
}

static void
overrides_changed_cb (CsPlaygroundPage *self)
{
  CsPredictOverrides overrides;

  self->overrides_valid = read_overrides (self, &overrides);
  update_sensitivity (self);
}

static void
show_connector_defaults (CsPlaygroundPage *self)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->budget_row), self->thinking || !self->defaults_known);
  if (self->defaults_known)
    {
      g_string_append (subtitle, self->thinking ? _("Extended thinking") : _("Standard mode"));
      if (self->defaults.max_tokens > 0)
        g_string_append_printf (subtitle, " · max_tokens %" G_GINT64_FORMAT,
                                self->defaults.max_tokens);
      if (self->defaults.set_temperature)
        g_string_append_printf (subtitle, " · temperature %g", self->defaults.temperature);
      if (self->thinking && self->defaults.budget_tokens > 0)
        g_string_append_printf (subtitle, " · budget_tokens %" G_GINT64_FORMAT,
                                self->defaults.budget_tokens);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row), subtitle->str);
  overrides_changed_cb (self);
}

/* Models */

static char *
model_display_name (CsModelInfo *info)
{
  if (info == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s (%s)", cs_model_info_get_name (info), cs_model_info_get_id (info));
}

/* The model list's popover: the name, and the ID under it in full. The
 * default items are cut at 20 characters, and models often share a name. */
static void
model_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *id = gtk_label_new (NULL);
  GtkWidget *check = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "object-select-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_widget_add_css_class (id, "caption");
  gtk_widget_add_css_class (id, "dim-label");
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), id);
  gtk_box_append (GTK_BOX (row), box);
  gtk_box_append (GTK_BOX (row), check);
  /* The mark on the chosen model, as in the default popover. */
  g_object_bind_property (item, "selected", check, "visible", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static void
model_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  CsModelInfo *info = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *id = gtk_widget_get_next_sibling (name);

  gtk_label_set_text (GTK_LABEL (name), info != NULL ? cs_model_info_get_name (info) : "");
  gtk_label_set_text (GTK_LABEL (id), info != NULL ? cs_model_info_get_id (info) : "");
}

static gboolean
model_is_deployed (gpointer item,
                   gpointer user_data)
{
  return cs_model_info_is_deployed (CS_MODEL_INFO (item));
}

static void
connector_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connector = NULL;

  connector = cs_connectors_get_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (connector == NULL || !JSON_NODE_HOLDS_OBJECT (connector))
    {
      /* Without the connector the cluster still checks everything; the
       * playground only cannot check ahead. */
      g_debug ("Cannot read the model’s connector: %s", error ? error->message : "not an object");
      self->defaults_known = FALSE;
      self->thinking = FALSE;
      show_connector_defaults (self);
      return;
    }
  cs_predict_defaults_from_connector (json_node_get_object (connector), &self->defaults,
                                      &self->thinking);
  self->defaults_known = TRUE;
  show_connector_defaults (self);
}

static void
selected_model_changed_cb (CsPlaygroundPage *self)
{
  CsModelInfo *model = selected_model (self);
  CsClient *client = self->session != NULL ? cs_session_get_client (self->session) : NULL;

  g_cancellable_cancel (self->connector_cancellable);
  g_clear_object (&self->connector_cancellable);
  self->defaults_known = FALSE;
  self->thinking = FALSE;
  memset (&self->defaults, 0, sizeof self->defaults);

  if (model != NULL && client != NULL && cs_model_info_get_connector_id (model) != NULL)
    {
      self->connector_cancellable = g_cancellable_new ();
      cs_connectors_get_async (client, cs_model_info_get_connector_id (model),
                               self->connector_cancellable, connector_loaded_cb,
                               g_object_ref (self));
    }
  show_connector_defaults (self);
  update_sensitivity (self);
}

/* Selects the session's model when it is in the list. */
static void
select_session_model (CsPlaygroundPage *self)
{
  const char *wanted = self->session != NULL ? cs_session_get_model_id (self->session) : NULL;
  GListModel *list = G_LIST_MODEL (self->deployed);
  guint n = g_list_model_get_n_items (list);

  if (wanted == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsModelInfo) info = g_list_model_get_item (list, i);

      if (g_strcmp0 (cs_model_info_get_id (info), wanted) == 0)
        {
          if (adw_combo_row_get_selected (self->model_row) != i)
            adw_combo_row_set_selected (self->model_row, i);
          return;
        }
    }

  /* Handed a model that is not deployed: say so, with the way to fix it. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->models)); i++)
    {
      g_autoptr(CsModelInfo) info = g_list_model_get_item (G_LIST_MODEL (self->models), i);

      if (g_strcmp0 (cs_model_info_get_id (info), wanted) == 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("The model “%s” is not deployed (%s). Deploy it on the Models "
                               "page to talk to it here."),
                             cs_model_info_get_name (info), cs_model_info_get_state (info));

          show_banner (self, message, CS_PREDICT_FIX_MODELS_PAGE);
          return;
        }
    }
}

static void
models_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autofree gpointer *items = NULL;
  guint n;

  store = cs_models_search_finish (CS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);
  if (store == NULL)
    {
      show_banner (self, error->message, CS_PREDICT_FIX_NONE);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  items = g_new0 (gpointer, n + 1);
  for (guint i = 0; i < n; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (store), i);
  g_list_store_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                       items, n);
  for (guint i = 0; i < n; i++)
    g_object_unref (items[i]);

  /* A banner about the model list speaks of the list before this one: drop it,
   * and say it again below if it still holds. */
  if (self->fix == CS_PREDICT_FIX_MODELS_PAGE)
    hide_banner (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->deployed)) == 0)
    show_banner (self, _("No model is deployed on this cluster. Register and deploy one on the "
                         "Models page."), CS_PREDICT_FIX_MODELS_PAGE);
  select_session_model (self);
  selected_model_changed_cb (self);
}

static void
reload_models (CsPlaygroundPage *self)
{
  CsClient *client = self->session != NULL ? cs_session_get_client (self->session) : NULL;

  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  if (client == NULL)
    return;
  self->models_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  cs_models_search_async (client, self->models_cancellable, models_loaded_cb, g_object_ref (self));
}

static void
refresh_clicked_cb (CsPlaygroundPage *self)
{
  reload_models (self);
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

static void
update_sensitivity (CsPlaygroundPage *self)
{
  g_autofree char *composed = buffer_text (self->composer_view);
  gboolean has_text = g_strstrip (composed)[0] != '\0';
  gboolean connected = self->session != NULL &&
                       cs_session_get_state (self->session) == CS_SESSION_CONNECTED &&
                       cs_session_get_client (self->session) != NULL;
  gboolean can_send = connected && !self->running && selected_model (self) != NULL &&
                      self->overrides_valid &&
                      !cs_predict_text_is_json (cs_conversation_get_system_prompt (self->conversation)) &&
                      (has_text || last_turn_is_user (self));

  gtk_widget_set_visible (GTK_WIDGET (self->composer_hint),
                          gtk_text_buffer_get_char_count (
                            gtk_text_view_get_buffer (self->composer_view)) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.send", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.clear", !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->running);
  gtk_spinner_set_spinning (self->spinner, self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), !self->running);
}

static void
set_running (CsPlaygroundPage *self,
             gboolean          running)
{
  self->running = running;
  update_sensitivity (self);
}

static void
scroll_to_end (CsPlaygroundPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->conversation_scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static gboolean
scroll_to_end_idle_cb (gpointer data)
{
  CsPlaygroundPage *self = data;

  if (!self->disposed)
    scroll_to_end (self);
  return G_SOURCE_REMOVE;
}

static void
prediction_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(JsonNode) response = g_steal_pointer (&self->pending_response);
  g_autoptr(CsTurn) turn = NULL;
  gint64 latency_ms = (g_get_monotonic_time () - self->started_us) / 1000;

  prediction = cs_prediction_parse_finish (result, &error);
  if (self->disposed)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_running (self, FALSE);
      return;
    }
  set_running (self, FALSE);

  if (prediction == NULL)
    {
      g_autofree char *raw = response != NULL ? pretty_json (response) : NULL;

      set_raw_text (self->raw_response_view, raw);
      show_banner (self, error->message, CS_PREDICT_FIX_NONE);
      return;
    }

  cs_prediction_set_latency_ms (prediction, latency_ms);
  set_raw_text (self->raw_response_view, cs_prediction_get_raw_text (prediction));

  turn = cs_prediction_to_turn (prediction);
  g_object_set_data_full (G_OBJECT (turn), PREDICTION_KEY, g_object_ref (prediction),
                          g_object_unref);
  cs_conversation_append (self->conversation, turn);
  update_sensitivity (self);
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_idle_cb, g_object_ref (self), g_object_unref);
}

static void
predict_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  JsonNode *response;
  guint status = 0;

  response = cs_client_request_finish_full (CS_CLIENT (source), result, &status, &error_body,
                                            &error);
  /* The page went away while the answer was on its way (it cancelled it). */
  if (self->disposed)
    {
      g_clear_pointer (&response, json_node_unref);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_running (self, FALSE);
      cs_widget_show_toast (GTK_WIDGET (self), _("Stopped. The conversation is as it was."));
      return;
    }

  if (response == NULL)
    {
      CsPredictFix fix = CS_PREDICT_FIX_NONE;
      g_autoptr(GError) explained = NULL;
      g_autofree char *raw = NULL;

      set_running (self, FALSE);
      if (status > 0 && error->domain == CS_ERROR)
        {
          explained = error_body != NULL ? cs_prediction_explain_body (status, error_body, &fix)
                                         : cs_prediction_explain_reason (
                                             status, cs_error_get_server_type (error),
                                             cs_error_get_server_reason (error), &fix);
        }
      if (error_body != NULL)
        {
          g_autoptr(JsonNode) shown = cs_error_redact_body (error_body);

          raw = pretty_json (shown);
        }
      else
        raw = g_strdup_printf (_("No answer body. %s"), error->message);
      set_raw_text (self->raw_response_view, raw);
      show_banner (self, explained != NULL ? explained->message : error->message,
                   explained != NULL ? fix
                   : g_error_matches (error, CS_ERROR, CS_ERROR_UNAUTHORIZED)
                     ? CS_PREDICT_FIX_CONNECTIONS : CS_PREDICT_FIX_NONE);
      return;
    }

  /* Reading the answer and pretty-printing it happen in a worker; the
   * reference kept here is only touched again after it is done. */
  self->pending_response = json_node_ref (response);
  g_clear_object (&self->predict_cancellable);
  self->predict_cancellable = g_cancellable_new ();
  cs_prediction_read_async (response, self->predict_cancellable, prediction_read_cb,
                            g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsTurn) added = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *masked_text = NULL;
  g_autoptr(JsonNode) masked = NULL;
  CsPredictOverrides overrides;
  CsModelInfo *model = selected_model (self);
  CsClient *client;

  if (self->running || model == NULL || self->session == NULL ||
      (client = cs_session_get_client (self->session)) == NULL)
    return;
  if (!read_overrides (self, &overrides))
    return;

  composed = buffer_text (self->composer_view);
  stripped = g_strstrip (g_strdup (composed));
  if (stripped[0] != '\0')
    {
      added = cs_turn_new (CS_TURN_ROLE_USER, composed);
      cs_conversation_append (self->conversation, added);
    }
  else if (!last_turn_is_user (self))
    return;

  body = cs_conversation_build_predict_body (self->conversation, &overrides, &error);
  if (body == NULL)
    {
      /* Nothing is lost: the text goes back to where it was. */
      if (added != NULL)
        cs_conversation_remove (self->conversation,
                                cs_conversation_find (self->conversation, added));
      show_banner (self, error->message, CS_PREDICT_FIX_NONE);
      return;
    }
  if (added != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", 0);

  hide_banner (self);
  g_clear_pointer (&self->last_request, json_node_unref);
  self->last_request = json_node_ref (body);
  g_free (self->last_model_id);
  self->last_model_id = g_strdup (cs_model_info_get_id (model));
  masked = cs_predict_mask_secrets (body);
  masked_text = pretty_json (masked);
  {
    g_autofree char *shown = g_strdup_printf ("POST /_plugins/_ml/models/%s/_predict\n%s",
                                              self->last_model_id, masked_text);

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->raw_request_view), shown, -1);
  }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->raw_response_view),
                            _("Waiting for the answer…"), -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->curl_button), TRUE);

  escaped = g_uri_escape_string (self->last_model_id, NULL, FALSE);
  path = g_strdup_printf ("_plugins/_ml/models/%s/_predict", escaped);

  g_clear_object (&self->predict_cancellable);
  self->predict_cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  set_running (self, TRUE);
  cs_client_request_async (client, "POST", path, body, CS_REQUEST_FLAGS_NO_TIMEOUT,
                           self->predict_cancellable, predict_done_cb, g_object_ref (self));
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_idle_cb, g_object_ref (self), g_object_unref);
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
  GtkWidget *row = cs_turn_row_new (turn, g_object_get_data (G_OBJECT (turn), PREDICTION_KEY));

  g_signal_connect_object (row, "remove", G_CALLBACK (turn_remove_cb), self, 0);
  return row;
}

static void
conversation_changed_cb (CsPlaygroundPage *self)
{
  update_sensitivity (self);
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
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->raw_response_view), "", 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->curl_button), FALSE);
  hide_banner (self);
}

/* Export */

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsPlaygroundPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The conversation could not be saved: %s"),
                                                  error->message);

      show_banner (self, message, CS_PREDICT_FIX_NONE);
      return;
    }
  cs_widget_show_toast (GTK_WIDGET (self), _("Conversation exported"));
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    CsPlaygroundPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean markdown = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "markdown"));
  CsModelInfo *model = selected_model (self);
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file == NULL)
    return;

  if (markdown)
    text = cs_conversation_to_markdown (self->conversation,
                                        model != NULL ? cs_model_info_get_name (model) : NULL);
  else
    text = cs_conversation_to_json (self->conversation,
                                    model != NULL ? cs_model_info_get_id (model) : NULL);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_object_ref (self));
}

static void
export (CsPlaygroundPage *self,
        gboolean          markdown)
{
  GtkNativeDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (markdown ? _("Export as Markdown")
                                                                    : _("Export as JSON"),
                                                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                                : NULL,
                                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                                           _("_Export"), _("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     markdown ? "conversation.md" : "conversation.json");
  gtk_native_dialog_set_modal (dialog, TRUE);
  g_object_set_data (G_OBJECT (dialog), "markdown", GINT_TO_POINTER (markdown));
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (dialog);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  export (CS_PLAYGROUND_PAGE (widget), FALSE);
}

static void
export_markdown_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  export (CS_PLAYGROUND_PAGE (widget), TRUE);
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
    reload_models (self);
  else
    {
      g_cancellable_cancel (self->predict_cancellable);
      g_cancellable_cancel (self->models_cancellable);
      g_list_store_remove_all (self->models);
    }
  update_sensitivity (self);
}

static void
session_model_changed_cb (CsPlaygroundPage *self)
{
  /* A model handed over from the Models page is often newer than the list
   * read when the cluster was connected, or its state has changed since:
   * read the list again, which then selects it. */
  if (self->session != NULL && cs_session_get_model_id (self->session) != NULL &&
      cs_session_get_client (self->session) != NULL)
    reload_models (self);
  else
    select_session_model (self);
}

static void
cs_playground_page_set_session (CsPlaygroundPage *self,
                                CsSession        *session)
{
  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::model-id", G_CALLBACK (session_model_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  session_state_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* GObject */

static void
cs_playground_page_dispose (GObject *object)
{
  CsPlaygroundPage *self = CS_PLAYGROUND_PAGE (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->models_cancellable);
  g_cancellable_cancel (self->connector_cancellable);
  g_cancellable_cancel (self->predict_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
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
  g_clear_object (&self->deployed);
  g_clear_object (&self->models);
  g_clear_object (&self->models_cancellable);
  g_clear_object (&self->connector_cancellable);
  g_clear_object (&self->predict_cancellable);
  g_clear_pointer (&self->last_request, json_node_unref);
  g_clear_pointer (&self->pending_response, json_node_unref);
  g_clear_pointer (&self->last_model_id, g_free);
  g_clear_pointer (&self->fix_connector_id, g_free);
  g_clear_pointer (&self->fix_model_id, g_free);

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

  g_type_ensure (CS_TYPE_THINKING_VIEW);
  g_type_ensure (CS_TYPE_TURN_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-playground-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_box);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, banner_fix_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, conversation_scroller);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, system_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, system_warning_box);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, system_warning_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, wrap_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, max_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, budget_row);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, overrides_error_label);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, turns_list);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, raw_request_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, raw_response_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, curl_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, composer_view);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, composer_hint);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CsPlaygroundPage, send_button);
  gtk_widget_class_bind_template_callback (widget_class, banner_fix_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, wrap_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, overrides_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_curl_clicked_cb);

  gtk_widget_class_install_action (widget_class, "playground.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "playground.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "playground.export-json", NULL,
                                   export_json_action);
  gtk_widget_class_install_action (widget_class, "playground.export-markdown", NULL,
                                   export_markdown_action);
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

static void
cs_playground_page_init (CsPlaygroundPage *self)
{
  GtkEventController *shortcuts;
  GtkWidget *placeholder;
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->conversation = cs_conversation_new ();
  self->models = g_list_store_new (CS_TYPE_MODEL_INFO);
  self->deployed = gtk_filter_list_model_new (
    G_LIST_MODEL (g_object_ref (self->models)),
    GTK_FILTER (gtk_custom_filter_new (model_is_deployed, NULL, NULL)));
  self->overrides_valid = TRUE;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (model_display_name), NULL, NULL);
  adw_combo_row_set_expression (self->model_row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->deployed));
  {
    g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (list_factory, "setup", G_CALLBACK (model_item_setup_cb), NULL);
    g_signal_connect (list_factory, "bind", G_CALLBACK (model_item_bind_cb), NULL);
    adw_combo_row_set_list_factory (self->model_row, list_factory);
  }
  g_signal_connect_object (self->model_row, "notify::selected-item",
                           G_CALLBACK (selected_model_changed_cb), self, G_CONNECT_SWAPPED);

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
  g_signal_connect_object (gtk_text_view_get_buffer (self->composer_view), "changed",
                           G_CALLBACK (update_sensitivity), self, G_CONNECT_SWAPPED);

  /* Ctrl+Enter sends from anywhere on the page, before the text views see
   * the key. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_alternative_trigger_new (
                        gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                        gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                      gtk_named_action_new ("playground.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  show_connector_defaults (self);
  session_state_changed_cb (self);
}
