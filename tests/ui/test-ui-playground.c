/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-culling-box-private.h"
#include "cs-playground-page.h"
#include "cs-session.h"
#include "cs-text-chunks.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-thinking-view-private.h"
#include "cs-turn-row-private.h"
#include "cs-ui-test-utils.h"


static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
model_selected (gpointer data)
{
  AdwComboRow *row = ADW_COMBO_ROW (cs_ui_test_find_by_type (data, ADW_TYPE_COMBO_ROW));

  return row != NULL && adw_combo_row_get_selected_item (row) != NULL;
}

static gboolean
send_enabled (gpointer data)
{
  GtkWidget *button = cs_ui_test_find_button (data, "Send the Conversation (Ctrl+Enter)");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static gboolean
has_answer (gpointer data)
{
  return cs_ui_test_find_by_name (data, "answer-text") != NULL;
}

static gboolean
banner_shown (gpointer data)
{
  GtkWidget *banner = cs_ui_test_find_by_name (data, "error-banner");
  GtkWidget *label = cs_ui_test_find_by_name (data, "error-banner-label");

  return banner != NULL && gtk_widget_get_visible (banner) &&
         gtk_label_get_text (GTK_LABEL (label))[0] != '\0';
}

typedef struct
{
  CsTestSandbox  *sandbox;
  CsApplication  *app;
  CsClient       *client;
  GtkWidget      *window;
  GtkWidget      *page;
} Fixture;

static void
fixture_setup (Fixture    *f,
               const char *app_id,
               const char *secret_key,
               const char *fault)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  CsSession *session;
  CsVersion version = { 2, 19, 0 };

  if (fault != NULL)
    f->sandbox = cs_test_sandbox_start ("--no-tls", "--fault", fault, NULL);
  else
    f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  f->app = cs_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);

  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  model_id = cs_test_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                                   secret_key, NULL, NULL);

  session = cs_application_get_session (f->app);
  cs_session_set_connected (session, "test", f->client, "sandbox", &version, FALSE);
  cs_session_set_model_id (session, model_id);

  /* The page alone in a window: the test does not depend on the others. */
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, 900);
  f->page = g_object_new (CS_TYPE_PLAYGROUND_PAGE, "session", session, NULL);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  cs_ui_test_wait_for_draw (f->window);

  g_assert_true (cs_ui_test_wait_until (model_selected, f->page, 60000));
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_ui_test_spin (50);
  g_clear_object (&f->client);
  g_clear_object (&f->app);
  cs_test_sandbox_stop (f->sandbox);
}

static void
send_text (Fixture    *f,
           const char *text)
{
  GtkWidget *composer = cs_ui_test_find_by_name (f->page, "composer");

  g_assert_nonnull (composer);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (composer)), text, -1);
  g_assert_true (cs_ui_test_wait_until (send_enabled, f->page, 60000));
  gtk_widget_activate_action (f->page, "playground.send", NULL);
}

static void
screenshot_both_themes (GtkWidget  *window,
                        const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);
  g_free (cs_ui_test_save_screenshot (window, light));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);
  g_free (cs_ui_test_save_screenshot (window, dark));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_thinking_apart (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  Fixture f = { 0, };
  GtkWidget *answer, *thinking, *usage;
  GtkWidget *thinking_view;
  g_autofree char *answer_text = NULL;
  g_autofree char *thinking_text = NULL;

  g_settings_set_boolean (settings, "thinking-expanded", TRUE);
  fixture_setup (&f, APP_ID ".TestPlayground1", CS_TEST_SECRET_KEY, NULL);

  send_text (&f, "hello world");
  g_assert_true (cs_ui_test_wait_until (has_answer, f.page, 60000));
  cs_ui_test_wait_for_draw (f.window);

  answer = cs_ui_test_find_by_name (f.page, "answer-text");
  thinking = cs_ui_test_find_by_name (f.page, "thinking-text");
  g_assert_nonnull (answer);
  g_assert_nonnull (thinking);
  g_assert_true (answer != thinking);

  /* The thinking lives in its own section, the answer outside it. */
  thinking_view = gtk_widget_get_ancestor (thinking, CS_TYPE_THINKING_VIEW);
  g_assert_nonnull (thinking_view);
  g_assert_null (gtk_widget_get_ancestor (answer, CS_TYPE_THINKING_VIEW));
  g_assert_false (cs_thinking_view_is_redacted (CS_THINKING_VIEW (thinking_view)));
  g_assert_true (gtk_widget_get_mapped (thinking));

  answer_text = view_text (answer);
  thinking_text = view_text (thinking);
  g_assert_cmpstr (thinking_text, !=, "");
  g_assert_cmpstr (answer_text, !=, "");
  g_assert_cmpstr (answer_text, !=, thinking_text);
  /* The sandbox echoes the user's text in the answer. */
  g_assert_nonnull (strstr (answer_text, "hello world"));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (answer)));

  /* A screen reader names each part, not "GtkTextView". */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (answer), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Answer from Claude");
  gtk_test_accessible_assert_property (gtk_widget_get_ancestor (answer, CS_TYPE_TURN_ROW),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Answer from Claude");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (thinking), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Claude’s Thinking");
  gtk_test_accessible_assert_property (
    GTK_ACCESSIBLE (cs_ui_test_find_by_name (f.page, "message-text")),
    GTK_ACCESSIBLE_PROPERTY_LABEL, "Your Message");

  usage = cs_ui_test_find_by_name (gtk_widget_get_ancestor (answer, CS_TYPE_TURN_ROW),
                                   "usage-label");
  g_assert_nonnull (usage);
  g_assert_true (gtk_widget_get_visible (usage));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (usage)), "Input"));

  screenshot_both_themes (f.window, "playground-thinking");

  /* Collapsing is remembered and hides the text. */
  g_settings_set_boolean (settings, "thinking-expanded", FALSE);
  cs_ui_test_spin (400);
  g_assert_false (gtk_revealer_get_reveal_child (
                    GTK_REVEALER (gtk_widget_get_ancestor (thinking, GTK_TYPE_REVEALER))));
  g_free (cs_ui_test_save_screenshot (f.window, "playground-thinking-collapsed"));

  /* The raw exchange: the request as sent and the answer, pretty-printed. */
  {
    GtkStackSwitcher *switcher =
      GTK_STACK_SWITCHER (cs_ui_test_find_by_type (f.page, GTK_TYPE_STACK_SWITCHER));
    GtkStack *views = gtk_stack_switcher_get_stack (switcher);
    GtkWidget *curl = cs_ui_test_find_button (f.page, "Copy as _curl");

    gtk_stack_set_visible_child_name (views, "raw");
    cs_ui_test_spin (300);
    cs_ui_test_wait_for_draw (f.window);
    g_assert_nonnull (curl);
    g_assert_true (gtk_widget_is_sensitive (curl));
    g_assert_nonnull (cs_ui_test_find_label (f.page, "Request"));
    g_free (cs_ui_test_save_screenshot (f.window, "playground-raw"));
  }

  fixture_teardown (&f);
}

/* Ctrl+Enter is the page's shortcut for Send, caught before the text views
 * would take the key for a new line: its action, or NULL. */
static GtkShortcutAction *
send_shortcut (GtkWidget *page)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (page);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (strstr (trigger, "<Control>Return") != NULL)
            return gtk_shortcut_get_action (shortcut);
        }
    }
  return NULL;
}

static guint
count_turn_rows (GtkWidget *widget)
{
  guint n = CS_IS_TURN_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_turn_rows (child);
  return n;
}

/* Pressing the shortcut: TRUE when it took the key (so that no text view
 * inserts a new line). */
static gboolean
press_send_shortcut (GtkWidget *page)
{
  GtkShortcutAction *action = send_shortcut (page);

  g_assert_nonnull (action);
  return gtk_shortcut_action_activate (action, 0, page, NULL);
}

static void
test_error_keeps_text (void)
{
  Fixture f = { 0, };
  GtkWidget *label, *message, *composer;
  g_autofree char *kept = NULL;
  g_autofree char *composer_text = NULL;

  fixture_setup (&f, APP_ID ".TestPlayground2", CS_TEST_BAD_SECRET, NULL);
  g_assert_nonnull (send_shortcut (f.page));

  send_text (&f, "hello world");
  g_assert_true (cs_ui_test_wait_until (banner_shown, f.page, 60000));

  /* Bedrock's 403, unwrapped and explained. */
  label = cs_ui_test_find_by_name (f.page, "error-banner-label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "access key"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), "Error from remote service"));
  g_assert_nonnull (cs_ui_test_find_button (f.page, "Open _Connector"));

  /* The message stays in the conversation, ready to be sent again: with
   * Retry on its turn, which says why it has no answer (issue 16, item 3);
   * Send wants a new message. */
  message = cs_ui_test_find_by_name (f.page, "message-text");
  g_assert_nonnull (message);
  kept = view_text (message);
  g_assert_cmpstr (kept, ==, "hello world");
  g_assert_null (cs_ui_test_find_by_name (f.page, "answer-text"));
  composer = cs_ui_test_find_by_name (f.page, "composer");
  composer_text = view_text (composer);
  g_assert_cmpstr (composer_text, ==, "");
  g_assert_false (send_enabled (f.page));
  g_assert_true (gtk_widget_get_visible (cs_ui_test_find_by_name (f.page, "turn-error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (cs_ui_test_find_by_name (f.page,
                                                                          "turn-error-label"))),
                            "access key"));
  g_assert_nonnull (cs_ui_test_find_button (f.page, "_Retry"));
  /* A message in the composer can be sent. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (composer)), "next", -1);
  g_assert_true (send_enabled (f.page));

  cs_ui_test_wait_for_draw (f.window);
  g_free (cs_ui_test_save_screenshot (f.window, "playground-error"));

  /* A system prompt that is JSON text would break the request: the page
   * says so, will not send it, and offers the fix. */
  {
    GtkWidget *system = cs_ui_test_find_by_type (f.page, GTK_TYPE_TEXT_VIEW);
    GtkWidget *wrap;
    g_autofree char *wrapped = NULL;

    g_assert_nonnull (system);
    g_assert_null (gtk_widget_get_ancestor (system, CS_TYPE_TURN_ROW));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (system)), "{\"a\": 1}", -1);
    g_assert_false (send_enabled (f.page));
    /* Ctrl+Enter while sending is blocked is taken, not typed as a new line
     * (issue 16, item 10), and sends nothing. */
    {
      guint turns = count_turn_rows (f.page);

      g_assert_true (press_send_shortcut (f.page));
      cs_ui_test_spin (100);
      g_assert_cmpuint (count_turn_rows (f.page), ==, turns);
      g_assert_false (send_enabled (f.page));
    }
    g_assert_true (gtk_widget_is_visible (cs_ui_test_find_label (f.page, "JSON text")));
    cs_ui_test_wait_for_draw (f.window);
    g_free (cs_ui_test_save_screenshot (f.window, "playground-json-prompt"));

    wrap = cs_ui_test_find_button (f.page, "_Wrap in Code Block");
    g_assert_nonnull (wrap);
    g_signal_emit_by_name (wrap, "clicked");
    wrapped = view_text (system);
    g_assert_true (g_str_has_prefix (wrapped, "```json"));
    {
      GtkWidget *warning = cs_ui_test_find_label (f.page, "JSON text");

      g_assert_true (warning == NULL || !gtk_widget_is_visible (warning));
    }
    g_assert_true (send_enabled (f.page));
  }

  fixture_teardown (&f);
}

/* The longest the main loop may stall while a long answer goes in. The
 * sanitizers make everything several times slower. */
#if defined(__SANITIZE_ADDRESS__)
#define FRAME_BUDGET_US (2000 * 1000)
#else
#define FRAME_BUDGET_US (250 * 1000)
#endif

static gboolean
is_running (gpointer data)
{
  GtkWidget *stop = cs_ui_test_find_button (data, "Stop Waiting for the Answer");

  return stop != NULL && gtk_widget_get_visible (stop);
}

static gboolean
is_idle (gpointer data)
{
  return !is_running (data);
}

static void
test_redacted (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(CsTurn) turn = NULL;
  GtkWidget *window, *list, *row, *view;

  json_parser_load_from_data (parser,
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
    "\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"opaque\"},"
    "{\"type\":\"text\",\"text\":\"The answer.\"}],\"stop_reason\":\"end_turn\"}}]}]}",
    -1, &error);
  g_assert_no_error (error);
  prediction = cs_prediction_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  turn = cs_prediction_to_turn (prediction);

  window = gtk_window_new ();
  list = gtk_list_box_new ();
  gtk_window_set_child (GTK_WINDOW (window), list);
  row = cs_turn_row_new (turn);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);

  view = cs_ui_test_find_by_type (row, CS_TYPE_THINKING_VIEW);
  g_assert_nonnull (view);
  g_assert_true (cs_thinking_view_is_redacted (CS_THINKING_VIEW (view)));
  g_assert_nonnull (cs_ui_test_find_label (view, "Redacted by the model"));
  /* Nothing to copy: the data is for the model only. */
  g_assert_false (gtk_widget_get_visible (cs_ui_test_find_button (view, "Copy Thinking")));
  g_free (cs_ui_test_save_screenshot (window, "playground-redacted"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 15: an answer with many thinking blocks gets its views a few at a
 * time, so that the window keeps drawing; in the end every block has its
 * view, in the answer's order, and a row destroyed half-way is no trouble. */
#define MANY_BLOCKS 40

static CsTurn *
many_thinking_turn (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  GString *json = g_string_new ("{\"inference_results\":[{\"output\":[{\"name\":\"response\","
                                "\"dataAsMap\":{\"content\":[");

  for (guint i = 0; i < MANY_BLOCKS; i++)
    g_string_append_printf (json, "{\"type\":\"thinking\",\"thinking\":\"Thought %u.\","
                            "\"signature\":\"c2ln\"},", i);
  g_string_append (json, "{\"type\":\"text\",\"text\":\"The answer.\"}],"
                   "\"stop_reason\":\"end_turn\"}}]}]}");
  json_parser_load_from_data (parser, json->str, -1, &error);
  g_assert_no_error (error);
  g_string_free (json, TRUE);
  prediction = cs_prediction_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return cs_prediction_to_turn (prediction);
}

/* The views made so far, each checked to show its own block, in order: a
 * collapsed view shows the block's first line in its header (and has no text
 * view yet), an expanded one the whole text. */
static guint
count_thinking_views (GtkWidget *row)
{
  GtkWidget *first = cs_ui_test_find_by_type (row, CS_TYPE_THINKING_VIEW);
  guint n = 0;

  for (GtkWidget *view = first; view != NULL; view = gtk_widget_get_next_sibling (view))
    {
      g_autofree char *expected = g_strdup_printf ("Thought %u.", n);
      GtkTextView *text_view = cs_thinking_view_get_text_view (CS_THINKING_VIEW (view));

      if (text_view != NULL)
        {
          g_autofree char *text = view_text (GTK_WIDGET (text_view));

          g_assert_cmpstr (text, ==, expected);
        }
      else
        g_assert_cmpstr (cs_thinking_view_get_summary (CS_THINKING_VIEW (view)), ==, expected);
      n++;
    }
  return n;
}

static void
test_many_thinking_blocks (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(CsTurn) turn = many_thinking_turn ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  guint n;

  g_settings_set_boolean (settings, "thinking-expanded", FALSE);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  row = cs_turn_row_new (turn);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  n = count_thinking_views (row);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, MANY_BLOCKS);
  {
    gint64 deadline = cs_test_deadline (60000);

    while (count_thinking_views (row) < MANY_BLOCKS && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (count_thinking_views (row), ==, MANY_BLOCKS);
  g_assert_nonnull (cs_ui_test_find_label (row, "Claude"));
  /* Collapsed, no block has made a text view. */
  for (GtkWidget *view = cs_ui_test_find_by_type (row, CS_TYPE_THINKING_VIEW); view != NULL;
       view = gtk_widget_get_next_sibling (view))
    g_assert_null (cs_ui_test_find_by_type (view, GTK_TYPE_TEXT_VIEW));

  /* Taken out before its views are all made: nothing is left running. */
  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  row = cs_turn_row_new (turn);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (200);
}

/* Issue 15: a collapsed thinking block makes no text view (an answer may have
 * hundreds of long ones); expanding it makes one that shows the whole block,
 * and collapsing keeps it for the next time. */
static void
test_thinking_lazy (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  const char *text = "First I read the question.\nThen I think about it at length.\nDone.";
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = cs_thinking_view_new ();
  GtkExpander *expander;
  GtkTextView *text_view;
  GtkWidget *revealer;
  g_autofree char *shown = NULL;

  g_settings_set_boolean (settings, "thinking-expanded", FALSE);
  cs_thinking_view_set_thinking (CS_THINKING_VIEW (view), text);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (window);

  /* Collapsed: the header says the first line, and there is no text view. */
  g_assert_null (cs_thinking_view_get_text_view (CS_THINKING_VIEW (view)));
  g_assert_null (cs_ui_test_find_by_type (view, GTK_TYPE_TEXT_VIEW));
  g_assert_cmpstr (cs_thinking_view_get_summary (CS_THINKING_VIEW (view)), ==,
                   "First I read the question.");

  /* Expanded: a text view with all of the block, named for screen readers. */
  expander = GTK_EXPANDER (cs_ui_test_find_by_type (view, GTK_TYPE_EXPANDER));
  gtk_expander_set_expanded (expander, TRUE);
  text_view = cs_thinking_view_get_text_view (CS_THINKING_VIEW (view));
  g_assert_nonnull (text_view);
  g_assert_true (cs_ui_test_find_by_type (view, GTK_TYPE_TEXT_VIEW) == GTK_WIDGET (text_view));
  revealer = gtk_widget_get_ancestor (GTK_WIDGET (text_view), GTK_TYPE_REVEALER);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  shown = view_text (GTK_WIDGET (text_view));
  g_assert_cmpstr (shown, ==, text);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (text_view)), ==, "thinking-text");
  g_assert_false (gtk_text_view_get_editable (text_view));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Claude’s Thinking");
  g_assert_cmpstr (cs_thinking_view_get_summary (CS_THINKING_VIEW (view)), ==, "");
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (text_view)));

  /* Collapsed again: hidden, and the same view comes back on the next expand. */
  gtk_expander_set_expanded (expander, FALSE);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (cs_thinking_view_get_summary (CS_THINKING_VIEW (view)), ==,
                   "First I read the question.");
  gtk_expander_set_expanded (expander, TRUE);
  g_assert_true (cs_thinking_view_get_text_view (CS_THINKING_VIEW (view)) == text_view);

  /* A new text goes into the view already made. */
  cs_thinking_view_set_thinking (CS_THINKING_VIEW (view), "Another thought.");
  g_free (shown);
  shown = view_text (GTK_WIDGET (text_view));
  g_assert_cmpstr (shown, ==, "Another thought.");

  g_settings_set_boolean (settings, "thinking-expanded", FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (100);
}

/* Issue 15: a box of many children in a scrolled window draws only those in
 * view, and others once scrolled to; outside a scrolled window, all. */
#define CULLED_CHILDREN 100

static void
test_culling_box (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = cs_culling_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *first = NULL, *last = NULL;
  GtkAdjustment *adjustment;

  for (guint i = 0; i < CULLED_CHILDREN; i++)
    {
      g_autofree char *text = g_strdup_printf ("Child %u", i);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_set_size_request (label, -1, 40);
      gtk_box_append (GTK_BOX (box), label);
      if (first == NULL)
        first = label;
      last = label;
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);

  /* At the top: the first children, not all of them. */
  g_assert_cmpuint (cs_culling_box_get_n_drawn (CS_CULLING_BOX (box)), >, 0);
  g_assert_cmpuint (cs_culling_box_get_n_drawn (CS_CULLING_BOX (box)), <, CULLED_CHILDREN / 4);
  g_assert_true (cs_culling_box_get_first_drawn (CS_CULLING_BOX (box)) == first);

  /* Scrolled to the end: the last ones are drawn. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);
  g_assert_cmpuint (cs_culling_box_get_n_drawn (CS_CULLING_BOX (box)), >, 0);
  g_assert_cmpuint (cs_culling_box_get_n_drawn (CS_CULLING_BOX (box)), <, CULLED_CHILDREN / 4);
  {
    GtkWidget *drawn = cs_culling_box_get_first_drawn (CS_CULLING_BOX (box));
    guint n = cs_culling_box_get_n_drawn (CS_CULLING_BOX (box));

    g_assert_true (drawn != first);
    for (guint i = 1; i < n; i++)
      drawn = gtk_widget_get_next_sibling (drawn);
    g_assert_true (drawn == last);
  }

  /* Out of the scrolled window, it draws every child. */
  g_object_ref (box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), NULL);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_object_unref (box);
  cs_ui_test_spin (200);
  cs_ui_test_wait_for_draw (window);
  g_assert_cmpuint (cs_culling_box_get_n_drawn (CS_CULLING_BOX (box)), ==, CULLED_CHILDREN);

  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (100);
}

/* Issue 15: a long text for a text view on a hidden page waits until the
 * page is shown (a text view lays out what it holds, shown or not); a short
 * one goes in at once. */
static void
test_text_when_shown (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *shown_page = gtk_label_new ("Conversation");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GString *long_text = g_string_new (NULL);
  g_autofree char *text = NULL;

  while (long_text->len < 100 * 1024)
    g_string_append (long_text, "{\"thinking\": \"a long line of the raw answer\"}\n");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_stack_add_named (GTK_STACK (stack), shown_page, "conversation");
  gtk_stack_add_named (GTK_STACK (stack), scroller, "raw");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "conversation");
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (window);
  g_assert_false (gtk_widget_get_mapped (view));

  /* Short: at once, hidden or not. */
  cs_text_view_set_text_when_shown (GTK_TEXT_VIEW (view), "Waiting for the answer…");
  text = view_text (view);
  g_assert_cmpstr (text, ==, "Waiting for the answer…");
  g_assert_false (cs_text_view_has_pending_text (GTK_TEXT_VIEW (view)));

  /* Long, on the hidden page: the view empties and the text waits. */
  cs_text_view_set_text_when_shown (GTK_TEXT_VIEW (view), long_text->str);
  g_assert_true (cs_text_view_has_pending_text (GTK_TEXT_VIEW (view)));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  cs_ui_test_spin (200);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);

  /* Shown: all of it goes in. */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "raw");
  cs_ui_test_spin (50);
  g_assert_false (cs_text_view_has_pending_text (GTK_TEXT_VIEW (view)));
  {
    gint64 deadline = cs_test_deadline (60000);

    while (cs_text_buffer_is_filling (buffer) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_free (text);
  text = view_text (view);
  g_assert_cmpstr (text, ==, long_text->str);

  /* A later short text drops a waiting one. */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "conversation");
  cs_ui_test_spin (50);
  cs_text_view_set_text_when_shown (GTK_TEXT_VIEW (view), long_text->str);
  cs_text_view_set_text_when_shown (GTK_TEXT_VIEW (view), "");
  g_assert_false (cs_text_view_has_pending_text (GTK_TEXT_VIEW (view)));
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "raw");
  cs_ui_test_spin (100);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);

  g_string_free (long_text, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  cs_ui_test_spin (100);
}

static void
test_stop (void)
{
  Fixture f = { 0, };
  GtkWidget *message;
  g_autofree char *kept = NULL;

  /* Every predict takes 20 s: long enough to be stopped. */
  fixture_setup (&f, APP_ID ".TestPlayground3", CS_TEST_SECRET_KEY,
                 "route=/_plugins/_ml/models/*/_predict,latency=20000");

  send_text (&f, "hello world");
  g_assert_true (cs_ui_test_wait_until (is_running, f.page, 10000));
  /* One at a time: Send is off while a predict runs. */
  g_assert_false (send_enabled (f.page));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (f.window);
  g_free (cs_ui_test_save_screenshot (f.window, "playground-running"));

  /* Stopping the wait destroys nothing: not styled as destructive (issue
   * 16, item 10). */
  g_assert_false (gtk_widget_has_css_class (
    cs_ui_test_find_button (f.page, "Stop Waiting for the Answer"), "destructive-action"));
  g_signal_emit_by_name (cs_ui_test_find_button (f.page, "Stop Waiting for the Answer"),
                         "clicked");
  g_assert_true (cs_ui_test_wait_until (is_idle, f.page, 5000));

  /* Nothing came back, nothing was lost, and it can be sent again: Retry on
   * the turn (Send wants a new message). */
  g_assert_null (cs_ui_test_find_by_name (f.page, "answer-text"));
  message = cs_ui_test_find_by_name (f.page, "message-text");
  kept = view_text (message);
  g_assert_cmpstr (kept, ==, "hello world");
  g_assert_false (send_enabled (f.page));
  g_assert_true (gtk_widget_get_visible (cs_ui_test_find_by_name (f.page, "turn-error")));
  g_signal_emit_by_name (cs_ui_test_find_button (f.page, "_Retry"), "clicked");
  g_assert_true (cs_ui_test_wait_until (is_running, f.page, 10000));
  g_assert_false (gtk_widget_get_visible (cs_ui_test_find_by_name (f.page, "turn-error")));
  g_assert_cmpuint (count_turn_rows (f.page), ==, 1);
  g_signal_emit_by_name (cs_ui_test_find_button (f.page, "Stop Waiting for the Answer"),
                         "clicked");
  g_assert_true (cs_ui_test_wait_until (is_idle, f.page, 5000));

  fixture_teardown (&f);
}

static JsonNode *
large_answer (gsize n_bytes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GString *text = g_string_sized_new (n_bytes + 64);

  /* Lines of words with some non-ASCII, so that chunks must respect UTF-8. */
  while (text->len < n_bytes)
    g_string_append (text, "Lorem ipsum dolor sit amet, caf\xc3\xa9 \xe2\x80\x94 line of an answer.\n");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "inference_results");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "output");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "response");
  json_builder_set_member_name (b, "dataAsMap");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "content");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "thinking");
  json_builder_set_member_name (b, "thinking");
  json_builder_add_string_value (b, text->str);
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, "sig");
  json_builder_end_object (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "text");
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text->str);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_string_free (text, TRUE);
  return json_builder_get_root (b);
}

static void
test_large_answer (void)
{
  const gsize size = 5 * 1024 * 1024;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(CsTurn) turn = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *window, *list, *scroller, *row;
  GtkTextBuffer *buffer;
  gint64 start, longest = 0, last;

  /* Parsed in a worker while the main loop goes on. */
  cs_prediction_read_async (large_answer (size), NULL, cs_test_store_result, &result);
  cs_test_wait_for_result (&result, 60000);
  prediction = cs_prediction_read_finish (result, &error);
  g_assert_no_error (error);
  expected = cs_prediction_dup_answer_text (prediction);
  g_assert_cmpuint (strlen (expected), >=, size);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  scroller = gtk_scrolled_window_new ();
  list = gtk_list_box_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  cs_ui_test_wait_for_draw (window);

  turn = cs_prediction_to_turn (prediction);
  start = g_get_monotonic_time ();
  row = cs_turn_row_new (turn);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  /* Making the row does not insert 5 MB at once… */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * 1000);
  buffer = gtk_text_view_get_buffer (cs_turn_row_get_text_view (CS_TURN_ROW (row)));
  g_assert_true (cs_text_buffer_is_filling (buffer));

  /* …and while the text goes in, the main loop keeps turning. */
  last = g_get_monotonic_time ();
  while (cs_text_buffer_is_filling (buffer))
    {
      gint64 now;

      g_main_context_iteration (NULL, TRUE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
      g_assert_cmpint (now, <, start + (gint64) cs_test_scaled_ms (120000) * 1000);
    }
  g_test_message ("longest main loop iteration while filling: %" G_GINT64_FORMAT " us", longest);
  g_assert_cmpint (longest, <, FRAME_BUDGET_US);

  {
    GtkTextIter a, b;
    g_autofree char *kept = cs_turn_dup_text (turn);
    GtkWidget *note = cs_ui_test_find_label (row, "the first");

    gtk_text_buffer_get_bounds (buffer, &a, &b);
    shown = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
    /* What is shown is the beginning of the answer, cut between characters… */
    g_assert_cmpuint (strlen (shown), >, 32 * 1024);
    g_assert_cmpuint (strlen (shown), <, strlen (expected));
    g_assert_true (strncmp (shown, expected, strlen (shown)) == 0);
    g_assert_true (g_utf8_validate (shown, -1, NULL));
    /* …the row says so, and the turn keeps all of it for the conversation. */
    g_assert_nonnull (note);
    g_assert_true (gtk_widget_get_visible (note));
    g_assert_cmpstr (kept, ==, expected);
    /* The thinking block is cut the same way and says so. */
    {
      g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
      GtkWidget *thinking = cs_ui_test_find_by_type (row, CS_TYPE_THINKING_VIEW);
      GtkTextView *thinking_view;
      GtkTextBuffer *thinking_buffer;
      g_autofree char *thinking_text = NULL;

      /* Its text view is made when it is expanded. */
      gtk_expander_set_expanded (GTK_EXPANDER (cs_ui_test_find_by_type (thinking,
                                                                         GTK_TYPE_EXPANDER)),
                                 TRUE);
      thinking_view = cs_thinking_view_get_text_view (CS_THINKING_VIEW (thinking));
      g_assert_nonnull (thinking_view);
      thinking_buffer = gtk_text_view_get_buffer (thinking_view);
      while (cs_text_buffer_is_filling (thinking_buffer))
        g_main_context_iteration (NULL, TRUE);
      gtk_text_buffer_get_bounds (thinking_buffer, &a, &b);
      thinking_text = gtk_text_buffer_get_text (thinking_buffer, &a, &b, FALSE);
      g_assert_cmpuint (strlen (thinking_text), <, strlen (expected));
      g_assert_nonnull (strstr (thinking_text, "Copy Thinking copies all of it."));
      g_assert_true (strncmp (thinking_text, expected, 1024) == 0);
      g_settings_set_boolean (settings, "thinking-expanded", FALSE);
    }
    g_assert_false (gtk_text_view_get_editable (cs_turn_row_get_text_view (CS_TURN_ROW (row))));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/playground/thinking-apart", test_thinking_apart);
  g_test_add_func ("/ui/playground/error-keeps-text", test_error_keeps_text);
  g_test_add_func ("/ui/playground/redacted", test_redacted);
  g_test_add_func ("/ui/playground/many-thinking-blocks", test_many_thinking_blocks);
  g_test_add_func ("/ui/playground/thinking-lazy", test_thinking_lazy);
  g_test_add_func ("/ui/playground/culling-box", test_culling_box);
  g_test_add_func ("/ui/playground/text-when-shown", test_text_when_shown);
  g_test_add_func ("/ui/playground/stop", test_stop);
  g_test_add_func ("/ui/playground/large-answer", test_large_answer);

  return g_test_run ();
}
