/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cs-application.h"
#include "cs-conversation-store.h"
#include "cs-playground-page.h"
#include "cs-playground-page-private.h"
#include "cs-session.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-turn-row-private.h"
#include "cs-thinking-view-private.h"
#include "cs-ui-test-utils.h"

/*
 * The Playground's flow (issue 16, item 3 and "saved work"): the conversation
 * first on the screen, a message in flight in view, a failed send marked on
 * its turn with Retry, the conversation kept between runs and imported as
 * exported.
 */

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (CS_IS_TURN_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static GPtrArray *
turn_rows (GtkWidget *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (page, rows);
  return rows;
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

static gboolean
turn_error_shown (gpointer data)
{
  GtkWidget *error = cs_ui_test_find_by_name (data, "turn-error");

  return error != NULL && gtk_widget_get_visible (error);
}

static gboolean
banner_shown (gpointer data)
{
  GtkWidget *banner = cs_ui_test_find_by_name (data, "error-banner");

  return banner != NULL && gtk_widget_get_visible (banner);
}

typedef struct
{
  CsTestSandbox  *sandbox;
  CsApplication  *app;
  CsClient       *client;
  CsSession      *session;
  GtkWidget      *window;
  GtkWidget      *page;
  char           *dir;
  char           *saved_path;
} Fixture;

static void
open_page (Fixture *f,
           int      height)
{
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, height);
  f->page = g_object_new (CS_TYPE_PLAYGROUND_PAGE, NULL);
  cs_playground_page_set_saved_path (CS_PLAYGROUND_PAGE (f->page), f->saved_path);
  cs_playground_page_set_session (CS_PLAYGROUND_PAGE (f->page), f->session);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  cs_ui_test_wait_for_draw (f->window);
  g_assert_true (cs_ui_test_wait_until (model_selected, f->page, 60000));
}

static void
close_page (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = f->page = NULL;
  cs_ui_test_spin (50);
}

static void
fixture_setup (Fixture    *f,
               const char *app_id,
               const char *secret_key,
               const char *fault,
               int         height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
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

  f->session = cs_application_get_session (f->app);
  cs_session_set_connected (f->session, "test", f->client, "sandbox", &version, FALSE);
  cs_session_set_model_id (f->session, model_id);

  f->dir = g_dir_make_tmp ("cs-playground-flow-XXXXXX", &error);
  g_assert_no_error (error);
  f->saved_path = g_build_filename (f->dir, "conversation.json", NULL);
  open_page (f, height);
}

static void
fixture_teardown (Fixture *f)
{
  if (f->window != NULL)
    close_page (f);
  g_unlink (f->saved_path);
  g_rmdir (f->dir);
  g_free (f->saved_path);
  g_free (f->dir);
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

/* Where widget is in the conversation's scrolled window: TRUE when all of
 * it (or its first 120 px, for a tall one) is in the visible part. */
static gboolean
in_view (GtkWidget *page,
         GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  double bottom;

  g_assert_nonnull (scroller);
  if (!gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;
  bottom = bounds.origin.y + MIN (bounds.size.height, 120);
  g_test_message ("in view? y %g h %g of %d", bounds.origin.y, bounds.size.height,
                  gtk_widget_get_height (scroller));
  return bounds.origin.y >= 0 && bottom <= gtk_widget_get_height (scroller);
}

/* The Playground scrolls over a few frames (SCROLL_FRAMES in
 * cs-playground-page.c); slow frames (a sanitizer build, a loaded machine)
 * take longer to get there. */
static gboolean
comes_into_view (GtkWidget *page,
                 GtkWidget *widget)
{
  gint64 deadline = cs_test_deadline (10000);

  while (!in_view (page, widget))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      cs_ui_test_spin (50);
    }
  return TRUE;
}

/* An exported conversation of n exchanges with long texts, as a file. */
static char *
write_long_conversation (const char *dir,
                         guint       n)
{
  g_autoptr(CsConversation) conversation = cs_conversation_new ();
  g_autofree char *path = g_build_filename (dir, "long.json", NULL);
  g_autofree char *json = NULL;
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    g_string_append (text, "A line of an earlier answer, long enough to wrap once or twice "
                           "in a window of ordinary width.\n");
  cs_conversation_set_system_prompt (conversation, "Be brief.");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsTurn) question = cs_turn_new (CS_TURN_ROLE_USER, "An earlier question");
      g_autoptr(CsTurn) answer = cs_turn_new (CS_TURN_ROLE_ASSISTANT, text->str);

      cs_conversation_append (conversation, question);
      cs_conversation_append (conversation, answer);
    }
  g_string_free (text, TRUE);
  json = cs_conversation_to_json (conversation, NULL);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_steal_pointer (&path);
}

static void
import_file (Fixture    *f,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  _cs_playground_page_import_file (CS_PLAYGROUND_PAGE (f->page), file);
}

static gboolean
has_six_rows (gpointer data)
{
  g_autoptr(GPtrArray) rows = turn_rows (data);

  return rows->len == 6;
}

/* Item 1: on a 740 px high window, the conversation comes first: a turn and
 * the composer are visible without scrolling; the model, system prompt and
 * per-call values are one line above it until opened, and stay as left. */
static void
test_layout (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(GPtrArray) rows = NULL;
  Fixture f = { 0, };
  GtkWidget *button, *composer, *system;

  fixture_setup (&f, APP_ID ".TestPlaygroundFlow1", CS_TEST_SECRET_KEY, NULL, 740);
  send_text (&f, "hello world");
  g_assert_true (cs_ui_test_wait_until (has_answer, f.page, 60000));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (f.window);

  button = cs_ui_test_find_by_name (f.page, "settings-button");
  g_assert_nonnull (button);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Model and Settings");
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_EXPANDED,
                                    FALSE);
  /* Closed, it names the model. */
  g_assert_cmpstr (gtk_label_get_text (
                     GTK_LABEL (cs_ui_test_find_by_name (f.page, "settings-summary"))),
                   !=, "");
  system = cs_ui_test_find_by_type (cs_ui_test_find_by_name (f.page, "settings-button"),
                                    GTK_TYPE_TEXT_VIEW);
  g_assert_null (system);

  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (comes_into_view (f.page, g_ptr_array_index (rows, 0)));
  composer = cs_ui_test_find_by_name (f.page, "composer");
  g_assert_true (gtk_widget_get_mapped (composer));
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (composer, f.window, &bounds));
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                       gtk_widget_get_height (f.window));
  }
  g_free (cs_ui_test_save_screenshot (f.window, "playground-layout-740"));

  /* Opened, the settings show, and it is remembered. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  cs_ui_test_spin (400);
  cs_ui_test_wait_for_draw (f.window);
  g_assert_true (g_settings_get_boolean (settings, "playground-settings-expanded"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_EXPANDED, TRUE);
  g_assert_true (gtk_revealer_get_child_revealed (
                   GTK_REVEALER (gtk_widget_get_ancestor (cs_ui_test_find_by_type (
                                                            f.page, ADW_TYPE_COMBO_ROW),
                                                          GTK_TYPE_REVEALER))));
  g_free (cs_ui_test_save_screenshot (f.window, "playground-layout-740-settings"));
  close_page (&f);

  open_page (&f, 740);
  button = cs_ui_test_find_by_name (f.page, "settings-button");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_settings_reset (settings, "playground-settings-expanded");

  fixture_teardown (&f);
}

/* Item 2: the message on its way and the wait for the answer are scrolled
 * into view, and then the answer, from its beginning. */
static void
test_scroll (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  Fixture f = { 0, };
  GtkWidget *pending, *last;
  /* The answer comes late enough for the wait to be seen scrolled into view,
   * also where frames are slow: CI once saw the answer replace the wait
   * before the scroll got there, under the sanitizers at 3 s. */
  g_autofree char *fault = g_strdup_printf ("route=/_plugins/_ml/models/*/_predict,latency=%u",
                                            cs_test_scaled_ms (4000));

  fixture_setup (&f, APP_ID ".TestPlaygroundFlow2", CS_TEST_SECRET_KEY, fault, 740);
  path = write_long_conversation (f.dir, 3);
  import_file (&f, path);
  g_assert_true (cs_ui_test_wait_until (has_six_rows, f.page, 10000));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (f.window);

  send_text (&f, "a new question");
  g_assert_true (cs_ui_test_wait_until (is_running, f.page, 10000));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (f.window);
  pending = cs_ui_test_find_by_name (f.page, "pending-answer");
  g_assert_true (gtk_widget_get_visible (pending));
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 7);
  last = g_ptr_array_index (rows, 6);
  g_assert_true (comes_into_view (f.page, last));
  g_assert_true (comes_into_view (f.page, pending));
  g_free (cs_ui_test_save_screenshot (f.window, "playground-in-flight"));

  g_assert_true (cs_ui_test_wait_until (is_idle, f.page, 60000));
  g_assert_true (cs_ui_test_wait_until (has_answer, f.page, 60000));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (f.window);
  g_ptr_array_unref (rows);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 8);
  g_assert_false (gtk_widget_get_visible (pending));
  g_free (cs_ui_test_save_screenshot (f.window, "playground-answer-in-view"));
  g_assert_true (comes_into_view (f.page, g_ptr_array_index (rows, 7)));

  g_unlink (path);
  fixture_teardown (&f);
}

/* A row that grows a little in each of the page scroll's frames from 2 to
 * 12, as a text view does while it finds its lines' heights in idle time
 * between slow frames. */
typedef struct
{
  CsPlaygroundPage *page;
  GtkWidget        *grower;        /* a row above the end */
  guint             last_frame;    /* of the page's scroll, seen last */
  gboolean          user_scrolls;  /* at its frame 3, to the top */
  gboolean          done;
} LateLayout;

#define LATE_FROM 2
#define LATE_TO 12

static gboolean
late_layout_tick_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       data)
{
  LateLayout *late = data;
  guint frame = late->page->scroll_frames;

  if (late->done || frame == late->last_frame)
    return G_SOURCE_CONTINUE;
  late->last_frame = frame;
  if (late->user_scrolls && frame == 3)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                                late->page->conversation_scroller), 0);
  if (frame >= LATE_FROM && frame <= LATE_TO)
    gtk_widget_set_size_request (late->grower, -1, gtk_widget_get_height (late->grower) + 40);
  late->done = frame >= LATE_TO || late->page->scroll_tick_id == 0;
  return G_SOURCE_CONTINUE;
}

static gboolean
late_layout_done (gpointer data)
{
  return ((LateLayout *) data)->done;
}

static gboolean
scroll_ended (gpointer data)
{
  return CS_PLAYGROUND_PAGE (data)->scroll_tick_id == 0;
}

/* Item 2, where frames are slow: the rows' heights may still change after
 * the scroll's first frames (CI saw the wait stay out of view under the
 * sanitizers). The scroll follows the layout until it holds still; the
 * user's own scroll ends it at once. */
static void
test_scroll_follows_layout (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  /* No answer while the test runs: the wait stays. */
  g_autofree char *fault = g_strdup_printf ("route=/_plugins/_ml/models/*/_predict,latency=%u",
                                            cs_test_scaled_ms (60000));
  Fixture f = { 0, };
  LateLayout late = { 0, };
  GtkAdjustment *adjustment;
  GtkWidget *pending;
  guint tick;

  fixture_setup (&f, APP_ID ".TestPlaygroundFlow5", CS_TEST_SECRET_KEY, fault, 740);
  path = write_long_conversation (f.dir, 3);
  import_file (&f, path);
  g_assert_true (cs_ui_test_wait_until (has_six_rows, f.page, 10000));
  g_assert_true (cs_ui_test_wait_until (scroll_ended, f.page, 30000));
  cs_ui_test_wait_for_draw (f.window);
  late.page = CS_PLAYGROUND_PAGE (f.page);
  adjustment = gtk_scrolled_window_get_vadjustment (late.page->conversation_scroller);
  rows = turn_rows (f.page);
  late.grower = g_ptr_array_index (rows, 1);

  /* Sent, the message and the wait end the view once the rows hold still. */
  send_text (&f, "a new question");
  tick = gtk_widget_add_tick_callback (f.window, late_layout_tick_cb, &late, NULL);
  g_assert_true (cs_ui_test_wait_until (is_running, f.page, 10000));
  pending = cs_ui_test_find_by_name (f.page, "pending-answer");
  g_assert_true (cs_ui_test_wait_until (late_layout_done, &late, 30000));
  g_assert_true (cs_ui_test_wait_until (scroll_ended, f.page, 30000));
  cs_ui_test_wait_for_draw (f.window);
  g_assert_true (in_view (f.page, pending));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                     gtk_adjustment_get_upper (adjustment)
                     - gtk_adjustment_get_page_size (adjustment));

  /* The user scrolls to the top while it follows: it stops there, and rows
   * growing after that do not pull the view back down. */
  late.done = FALSE;
  late.last_frame = 0;
  late.user_scrolls = TRUE;
  _cs_playground_page_scroll_into_view (late.page, NULL);
  g_assert_true (cs_ui_test_wait_until (late_layout_done, &late, 30000));
  g_assert_true (cs_ui_test_wait_until (scroll_ended, f.page, 30000));
  cs_ui_test_wait_for_draw (f.window);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_false (in_view (f.page, pending));

  gtk_widget_remove_tick_callback (f.window, tick);
  g_unlink (path);
  fixture_teardown (&f);
}

/* Item 3: a failed send marks the user's turn (icon, sentence, accessible)
 * with Retry; Send needs a message in the composer. */
static void
test_failed_send (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  Fixture f = { 0, };
  GtkWidget *error_label, *retry, *row;
  g_autofree char *first_message = NULL;

  fixture_setup (&f, APP_ID ".TestPlaygroundFlow3", CS_TEST_BAD_SECRET, NULL, 740);
  g_assert_false (send_enabled (f.page));
  send_text (&f, "hello world");
  g_assert_true (cs_ui_test_wait_until (turn_error_shown, f.page, 60000));
  cs_ui_test_spin (300);
  cs_ui_test_wait_for_draw (f.window);

  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_true (cs_turn_row_has_error (CS_TURN_ROW (row)));
  error_label = cs_ui_test_find_by_name (row, "turn-error-label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "access key"));
  first_message = g_strdup (gtk_label_get_text (GTK_LABEL (error_label)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       first_message);
  g_assert_nonnull (cs_ui_test_find_by_type (cs_ui_test_find_by_name (row, "turn-error"),
                                            GTK_TYPE_IMAGE));
  retry = cs_ui_test_find_button (row, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_is_visible (retry));
  g_assert_true (comes_into_view (f.page, cs_ui_test_find_by_name (row, "turn-error")));
  /* Sending is not silently re-sending: Send wants a message. */
  g_assert_false (send_enabled (f.page));
  g_free (cs_ui_test_save_screenshot (f.window, "playground-failed-turn"));

  /* Retry sends the same conversation: no second turn, the mark comes back. */
  g_signal_emit_by_name (retry, "clicked");
  g_assert_false (cs_turn_row_has_error (CS_TURN_ROW (row)));
  g_assert_true (cs_ui_test_wait_until (is_idle, f.page, 60000));
  g_assert_true (cs_ui_test_wait_until (turn_error_shown, f.page, 60000));
  g_ptr_array_unref (rows);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (banner_shown (f.page));

  /* Removing the turn takes the mark with it. */
  g_signal_emit_by_name (g_ptr_array_index (rows, 0), "remove");
  cs_ui_test_spin (100);
  g_assert_false (turn_error_shown (f.page));
  g_assert_false (send_enabled (f.page));

  fixture_teardown (&f);
}

/* Saved work: the conversation (never a secret) survives a restart, and the
 * saved file imports as an export; a damaged or foreign file is refused with
 * a sentence. */
static void
test_saved (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *foreign = NULL;
  Fixture f = { 0, };
  GtkWidget *system, *max_tokens;

  fixture_setup (&f, APP_ID ".TestPlaygroundFlow4", CS_TEST_SECRET_KEY, NULL, 900);
  gtk_toggle_button_set_active (
    GTK_TOGGLE_BUTTON (cs_ui_test_find_by_name (f.page, "settings-button")), TRUE);
  system = cs_ui_test_find_by_type (f.page, GTK_TYPE_TEXT_VIEW);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (system)),
                            "Answer in one line.", -1);
  max_tokens = cs_ui_test_find_by_type (f.page, ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (max_tokens), "3000");
  send_text (&f, "hello world");
  g_assert_true (cs_ui_test_wait_until (has_answer, f.page, 60000));
  cs_ui_test_spin (100);
  close_page (&f);

  /* Written when the page went away (or before): the export's JSON, with the
   * thinking's signature, and nothing of the cluster or the keys. */
  g_assert_true (g_file_get_contents (f.saved_path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"format\" : \"connector-studio-conversation\""));
  g_assert_nonnull (strstr (saved, "\"signature\""));
  g_assert_nonnull (strstr (saved, "Answer in one line."));
  g_assert_nonnull (strstr (saved, "3000"));
  g_assert_null (strstr (saved, CS_TEST_SECRET_KEY));
  g_assert_null (strstr (saved, CS_TEST_ACCESS_KEY));
  g_assert_null (strstr (saved, cs_test_sandbox_get_url (f.sandbox)));

  /* A restart brings it back. */
  open_page (&f, 900);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_nonnull (cs_ui_test_find_by_name (f.page, "answer-text"));
  /* The thinking block is back (collapsed: its header says its first line;
   * its text view is made when it is expanded). */
  {
    GtkWidget *thinking = cs_ui_test_find_by_type (f.page, CS_TYPE_THINKING_VIEW);

    g_assert_nonnull (thinking);
    g_assert_false (cs_thinking_view_is_redacted (CS_THINKING_VIEW (thinking)));
    if (cs_thinking_view_get_text_view (CS_THINKING_VIEW (thinking)) == NULL)
      g_assert_cmpstr (cs_thinking_view_get_summary (CS_THINKING_VIEW (thinking)), !=, "");
    else
      g_assert_nonnull (cs_ui_test_find_by_name (f.page, "thinking-text"));
  }
  system = cs_ui_test_find_by_type (f.page, GTK_TYPE_TEXT_VIEW);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (system));
    GtkTextIter a, b;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &a, &b);
    text = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
    g_assert_cmpstr (text, ==, "Answer in one line.");
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cs_ui_test_find_by_type (
                                                         f.page, ADW_TYPE_ENTRY_ROW))),
                   ==, "3000");
  cs_ui_test_wait_for_draw (f.window);
  g_free (cs_ui_test_save_screenshot (f.window, "playground-restored"));

  /* Clear, then import the saved file like an export: the same conversation. */
  copy = g_build_filename (f.dir, "copy.json", NULL);
  g_assert_true (g_file_set_contents (copy, saved, -1, NULL));
  gtk_widget_activate_action (f.page, "playground.clear", NULL);
  cs_ui_test_spin (50);
  g_ptr_array_unref (rows);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 0);
  import_file (&f, copy);
  g_assert_true (cs_ui_test_wait_until (has_answer, f.page, 10000));
  g_ptr_array_unref (rows);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 2);

  /* An edit of a turn is saved too, once the typing settles. */
  {
    g_autofree char *after_edit = NULL;

    cs_turn_set_text (cs_turn_row_get_turn (CS_TURN_ROW (g_ptr_array_index (rows, 0))),
                      "an edited question");
    cs_ui_test_spin (1500);
    g_assert_true (g_file_get_contents (f.saved_path, &after_edit, NULL, NULL));
    g_assert_nonnull (strstr (after_edit, "an edited question"));
  }

  /* A foreign file is refused with a sentence; the conversation stays. */
  foreign = g_build_filename (f.dir, "foreign.json", NULL);
  g_assert_true (g_file_set_contents (foreign, "{\"name\": \"a connector\"}", -1, NULL));
  import_file (&f, foreign);
  g_assert_true (cs_ui_test_wait_until (banner_shown, f.page, 10000));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (cs_ui_test_find_by_name (f.page,
                                                                          "error-banner-label"))),
                            "not a conversation"));
  g_ptr_array_unref (rows);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 2);
  close_page (&f);

  /* A damaged saved file: the page opens, empty, and says why. */
  g_assert_true (g_file_set_contents (f.saved_path, "{\"format\": [[[[", -1, NULL));
  open_page (&f, 900);
  g_assert_true (banner_shown (f.page));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (cs_ui_test_find_by_name (f.page,
                                                                          "error-banner-label"))),
                            "could not be restored"));
  g_ptr_array_unref (rows);
  rows = turn_rows (f.page);
  g_assert_cmpuint (rows->len, ==, 0);

  g_unlink (copy);
  g_unlink (foreign);
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/playground-flow/layout", test_layout);
  g_test_add_func ("/ui/playground-flow/scroll", test_scroll);
  g_test_add_func ("/ui/playground-flow/scroll-follows-layout", test_scroll_follows_layout);
  g_test_add_func ("/ui/playground-flow/failed-send", test_failed_send);
  g_test_add_func ("/ui/playground-flow/saved", test_saved);

  return g_test_run ();
}
