/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "cs-application.h"
#include "cs-client.h"
#include "cs-connector-form-private.h"
#include "cs-connectors-page-private.h"
#include "cs-models-page-private.h"
#include "cs-prediction.h"
#include "cs-predict.h"
#include "cs-session.h"
#include "cs-text-chunks.h"
#include "cs-turn-row.h"
#include "cs-window.h"

/*
 * Main-loop stalls while the app works (build-aux/bench runs it under Xvfb).
 * A tick callback on the window keeps the frame clock running and notes the
 * longest gap between two ticks; a stall is that gap less one frame period
 * (the median gap while idle). Target: 16 ms (no frame missed).
 *
 *   stall-import    the Connectors page imports a 1 MB connector JSON
 *                   (cs_connectors_page_import_json, what "Import" does)
 *   stall-preview   a field of a 120 KB connector is edited in the form; the
 *                   payload preview is rendered again
 *   stall-models    the Models page of a session connected to a sandbox that
 *                   holds 10,000 models loads and shows them
 *   stall-predict   a 5 MB predict answer with 200 thinking blocks is read
 *                   (cs_prediction_read_async, as the Playground does) and
 *                   shown as an assistant turn (CsTurnRow) in a list; the raw
 *                   answer goes to the raw page, hidden as in the Playground
 *
 *   bench-stall SANDBOX
 *
 * Each line also says where its longest gap went: how long the frame before
 * it took to lay out and draw, and what ran between that frame and the next
 * (the app's own work, or GTK measuring the window again after a change).
 * BENCH_STALL_VERBOSE=1 lists every gap of more than a frame and a half.
 */

#define SETTLE_MS 1000
/* As in cs-playground-page.c. */
#define RAW_DISPLAY_LIMIT (256 * 1024)

static gint64 last_tick;
static guint64 n_ticks;
static gint64 longest_gap;
static GArray *gaps;            /* while idle: the frame period */
static GPtrArray *lines;        /* "metric stall_ms what" for the summary */
static double frame_ms;

/* Where the longest gap went. */
static gint64 watch_start;
static const char *phase;       /* what the app is doing, NULL: not watched */
static gint64 layout_end, paint_end, after_paint_end;
static char longest_what[256];
static gboolean verbose;

static void
layout_end_cb (GdkFrameClock *clock)
{
  layout_end = g_get_monotonic_time ();
}

static void
paint_end_cb (GdkFrameClock *clock)
{
  paint_end = g_get_monotonic_time ();
}

static void
after_paint_end_cb (GdkFrameClock *clock)
{
  after_paint_end = g_get_monotonic_time ();
}

/* The ends of the phases of a window's frames (its own handlers run first). */
static void
watch_frames (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_after (clock, "layout", G_CALLBACK (layout_end_cb), NULL);
  g_signal_connect_after (clock, "paint", G_CALLBACK (paint_end_cb), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_end_cb), NULL);
}

/* What the gap from the last tick to now held: the rest of the last frame
 * (layout, paint), then the main loop until this frame's tick. */
static void
describe_gap (gint64  now,
              char   *what,
              gsize   size)
{
  gint64 frame_end = MAX (last_tick, after_paint_end);

  if (layout_end > last_tick && paint_end >= layout_end && after_paint_end >= paint_end)
    g_snprintf (what, size, "layout %.1f ms, paint %.1f ms, then %.1f ms to the next frame",
                (layout_end - last_tick) / 1000.0, (paint_end - layout_end) / 1000.0,
                (now - paint_end) / 1000.0);
  else
    g_snprintf (what, size, "no layout or paint, %.1f ms to the next frame",
                (now - frame_end) / 1000.0);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    {
      gint64 gap = now - last_tick;
      gboolean longer = gap > longest_gap;
      gboolean listed = verbose && phase != NULL && gap > frame_ms * 1500;

      longest_gap = MAX (longest_gap, gap);
      if (longer || listed)
        {
          char what[200];

          describe_gap (now, what, sizeof what);
          if (longer)
            g_snprintf (longest_what, sizeof longest_what, "at %.0f ms, %s: %s",
                        (last_tick - watch_start) / 1000.0, phase != NULL ? phase : "idle",
                        what);
          if (listed)
            printf ("%-14s   gap %.1f ms at %.0f ms, %s: %s\n", "", gap / 1000.0,
                    (last_tick - watch_start) / 1000.0, phase, what);
        }
      if (gaps != NULL)
        g_array_append_val (gaps, gap);
    }
  last_tick = now;
  n_ticks++;
  return G_SOURCE_CONTINUE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

static gboolean
wait_until (gboolean (*condition) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
  return condition (data);
}

static void
start_watch (void)
{
  spin (200);
  longest_gap = 0;
  longest_what[0] = '\0';
  watch_start = g_get_monotonic_time ();
}

static gboolean
ticked_since (gpointer data)
{
  return n_ticks > *(guint64 *) data;
}

static void
report (const char *metric,
        const char *what)
{
  guint64 ticks = n_ticks;
  double stall;

  /* A frame still being made counts too: wait for the next tick. */
  wait_until (ticked_since, &ticks, 300000);
  stall = MAX (0, longest_gap / 1000.0 - frame_ms);

  printf ("%-14s %-58s longest gap %8.1f ms  stall %8.1f ms\n", metric, what,
          longest_gap / 1000.0, stall);
  printf ("%-14s (the longest gap %s)\n", "", longest_what);
  fflush (stdout);
  g_ptr_array_add (lines, g_strdup_printf ("%s %f", metric, stall));
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The frame period, and the stall an idle window already shows on this machine. */
static void
idle (void)
{
  gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  start_watch ();
  g_array_set_size (gaps, 0);
  spin (2000);
  g_array_sort (gaps, compare_gaps);
  frame_ms = gaps->len > 0 ? g_array_index (gaps, gint64, gaps->len / 2) / 1000.0 : 16.7;
  g_clear_pointer (&gaps, g_array_unref);
  printf ("%-14s %-58s frame period %7.1f ms\n", "idle", "the window, doing nothing", frame_ms);
  report ("idle", "the window, doing nothing, 2 s");
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- the Connectors page ----------------------------------------------------------------- */

static char *
big_connector (guint       kb,
               const char *name)
{
  GString *text = g_string_new (NULL);
  guint n = kb * 1024 / 48;

  g_string_append_printf (text, "{\"name\":\"%s\",\"description\":\"benchmark\",\"version\":1,"
                          "\"protocol\":\"aws_sigv4\",\"credential\":{\"roleArn\":"
                          "\"arn:aws:iam::123456789012:role/bench\"},\"parameters\":{"
                          "\"region\":\"us-east-1\",\"service_name\":\"bedrock\","
                          "\"max_tokens\":8000,\"temperature\":1,"
                          "\"anthropic_version\":\"bedrock-2023-05-31\","
                          "\"model\":\"us.anthropic.claude-sonnet-4-20250514-v1:0\","
                          "\"use_system_prompt\":true", name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, ",\"extra_%06u\":\"value of the parameter %06u\"", i, i);
  g_string_append (text, "},\"actions\":[{\"action_type\":\"predict\",\"method\":\"POST\","
                   "\"headers\":{\"content-type\":\"application/json\"},"
                   "\"url\":\"https://bedrock-runtime.${parameters.region}.amazonaws.com/model/"
                   "${parameters.model}/invoke\",\"request_body\":\"{ \\\"system\\\": "
                   "\\\"${parameters.system_prompt}\\\", \\\"anthropic_version\\\": "
                   "\\\"${parameters.anthropic_version}\\\", \\\"max_tokens\\\": "
                   "${parameters.max_tokens}, \\\"temperature\\\": ${parameters.temperature}, "
                   "\\\"messages\\\": ${parameters.messages} }\"}]}");
  return g_string_free (text, FALSE);
}

static void
connectors (CsWindow *window)
{
  CsConnectorsPage *page;
  CsConnectorForm *form;
  g_autofree char *big = big_connector (1024, "import");
  g_autofree char *medium = big_connector (120, "preview");

  cs_window_show_page (window, "connectors");
  page = CS_CONNECTORS_PAGE (cs_window_get_page (window, "connectors"));
  form = CS_CONNECTOR_FORM (find_type (GTK_WIDGET (page), CS_TYPE_CONNECTOR_FORM));
  g_assert_nonnull (form);
  spin (300);

  /* The import works in a thread, then fills the form over a few frames:
   * from the call until the form (and its body preview) shows the connector. */
  start_watch ();
  {
    gint64 start = g_get_monotonic_time ();
    gint64 call;

    phase = "importing";
    cs_connectors_page_import_json_async (page, big, NULL, NULL, NULL);
    call = g_get_monotonic_time () - start;
    while (cs_connectors_page_get_importing (page))
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    if (g_strcmp0 (cs_connector_spec_get_name (cs_connector_form_get_spec (form)), "import") != 0)
      g_error ("import: the form does not show the imported connector");
    printf ("%-14s (the import call took %.1f ms, the form was filled after %.1f ms)\n", "",
            call / 1000.0, (g_get_monotonic_time () - start) / 1000.0);
  }
  phase = "after the import";
  spin (SETTLE_MS);
  report ("stall-import", "import a 1 MB connector JSON");
  phase = NULL;

  cs_connectors_page_import_json_async (page, medium, NULL, NULL, NULL);
  while (cs_connectors_page_get_importing (page))
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
  if (g_strcmp0 (cs_connector_spec_get_name (cs_connector_form_get_spec (form)), "preview") != 0)
    g_error ("import: the form does not show the imported connector");
  spin (SETTLE_MS);
  start_watch ();
  phase = "editing";
  gtk_editable_set_text (GTK_EDITABLE (form->description_row), "an edited description");
  spin (SETTLE_MS);
  report ("stall-preview", "edit a field of a 120 KB connector (preview again)");
  phase = NULL;
}

/* ---- the Models page --------------------------------------------------------------------- */

static char *
models_state (guint n)
{
  GString *text = g_string_new ("{\"models\":{");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "%s\"model-%08u-abcdefghij\":{\"_version\":1,\"_seq_no\":%u,"
                            "\"_primary_term\":1,\"_source\":{\"name\":\"Claude model %u\","
                            "\"algorithm\":\"REMOTE\",\"model_version\":\"1\",\"description\":"
                            "\"Benchmark model %u\",\"model_state\":\"%s\",\"created_time\":"
                            "%" G_GINT64_FORMAT ",\"last_updated_time\":%" G_GINT64_FORMAT ","
                            "\"connector_id\":\"conn-%08u-abcdefghij\","
                            "\"planning_worker_node_count\":1,\"current_worker_node_count\":%u}}",
                            i == 0 ? "" : ",", i, i, i, i,
                            i % 3 == 0 ? "DEPLOYED" : i % 3 == 1 ? "REGISTERED" : "UNDEPLOYED",
                            (gint64) 1700000000000 + i, (gint64) 1700000000000 + i, i,
                            i % 3 == 0 ? 1 : 0);
  g_string_append_printf (text, "},\"seq_no\":%u}", n);
  return g_string_free (text, FALSE);
}

static gboolean
models_shown (gpointer page)
{
  /* The list fills in batches: wait for the last one. */
  return g_str_equal (cs_models_page_get_view (page), "list")
         && g_list_model_get_n_items (cs_models_page_get_models (page)) == 10000;
}

static void
models (CsApplication *app,
        CsWindow      *window,
        const char    *sandbox_binary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-stall-XXXXXX", &error);
  g_autofree char *state_file = g_build_filename (dir, "state.json", NULL);
  g_autofree char *state = models_state (10000);
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) lines_in = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CsClient) client = NULL;
  CsModelsPage *page;
  CsVersion version;

  g_assert_no_error (error);
  g_file_set_contents (state_file, state, -1, &error);
  g_assert_no_error (error);
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sandbox_binary,
                              "--port", "0", "--no-tls", "--state", state_file, NULL);
  g_assert_no_error (error);
  lines_in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  url = g_data_input_stream_read_line (lines_in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  client = cs_client_new_for_url (url, &error);
  g_assert_no_error (error);

  cs_window_show_page (window, "models");
  page = CS_MODELS_PAGE (cs_window_get_page (window, "models"));
  spin (300);

  start_watch ();
  phase = "listing models";
  g_assert_true (cs_version_parse ("2.19.1", &version));
  {
    gint64 start = g_get_monotonic_time ();

    cs_session_set_connected (cs_application_get_session (app), "bench", client, "sandbox",
                              &version, FALSE);
    printf ("%-14s (connecting the session took %.1f ms)\n", "",
            (g_get_monotonic_time () - start) / 1000.0);
  }
  if (!wait_until (models_shown, page, 120000))
    g_error ("the Models page did not show the models (it shows \"%s\")",
             cs_models_page_get_view (page));
  spin (SETTLE_MS);
  printf ("%-14s (%u models shown)\n", "",
          g_list_model_get_n_items (cs_models_page_get_models (page)));
  report ("stall-models", "list 10,000 models");
  phase = NULL;

  cs_session_disconnect (cs_application_get_session (app));
  spin (200);
  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  g_unlink (state_file);
  g_rmdir (dir);
}

/* ---- a large predict answer --------------------------------------------------------------- */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  GBytes       *answer;
  GMutex        lock;
  GCond         ready;
} FakeCluster;

static char *
big_answer (void)
{
  GString *text = g_string_new ("{\"inference_results\":[{\"output\":[{\"name\":\"response\","
                                "\"dataAsMap\":{\"id\":\"msg_bench\",\"type\":\"message\","
                                "\"role\":\"assistant\",\"model\":\"claude-bench\","
                                "\"content\":[");

  /* 200 thinking blocks of about 24 KB and an answer: about 5 MB. */
  for (guint b = 0; b < 200; b++)
    {
      g_string_append (text, "{\"type\":\"thinking\",\"thinking\":\"");
      for (guint l = 0; l < 520; l++)
        g_string_append_printf (text, "Step %u.%u: the simulated model thinks aloud.\\n",
                                b, l);
      g_string_append (text, "\",\"signature\":\"c2lnbmF0dXJlLWJlbmNo\"},");
    }
  g_string_append (text, "{\"type\":\"text\",\"text\":\"");
  for (guint l = 0; l < 2000; l++)
    g_string_append_printf (text, "Line %u of the answer, shown after the thinking.\\n", l);
  g_string_append (text, "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                   "\"usage\":{\"input_tokens\":12,\"output_tokens\":900000}}}],"
                   "\"status_code\":200}]}");
  return g_string_free (text, FALSE);
}

static void
fake_predict_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  FakeCluster *fake = data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (fake->answer, NULL),
                                    g_bytes_get_size (fake->answer));
}

/* The fake cluster answers in its own thread, so that making the answer does not count. */
static gpointer
fake_cluster_thread (gpointer data)
{
  FakeCluster *fake = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (fake->context);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_predict_cb, fake, NULL);
  if (!soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake cluster: %s", error->message);
  uris = soup_server_get_uris (fake->server);
  g_mutex_lock (&fake->lock);
  fake->url = g_uri_to_string (uris->data);
  g_cond_signal (&fake->ready);
  g_mutex_unlock (&fake->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (fake->loop);
  g_object_unref (fake->server);
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
buffer_filled (gpointer buffer)
{
  return !cs_text_buffer_is_filling (buffer);
}

static void
predict (void)
{
  FakeCluster fake = { 0 };
  g_autofree char *answer = big_answer ();
  g_autoptr(GThread) thread = NULL;
  g_autoptr(CsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsPrediction) prediction = NULL;
  g_autoptr(CsTurn) turn = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"parameters\":{\"messages\":[]}}", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *views = gtk_stack_new ();
  GtkWidget *list_scroller = gtk_scrolled_window_new ();
  GtkWidget *raw_scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *raw = gtk_text_view_new ();
  char what[128];

  fake.answer = g_bytes_new_take (g_strdup (answer), strlen (answer));
  fake.context = g_main_context_new ();
  fake.loop = g_main_loop_new (fake.context, FALSE);
  g_mutex_init (&fake.lock);
  g_cond_init (&fake.ready);
  thread = g_thread_new ("fake-cluster", fake_cluster_thread, &fake);
  g_mutex_lock (&fake.lock);
  while (fake.url == NULL)
    g_cond_wait (&fake.ready, &fake.lock);
  g_mutex_unlock (&fake.lock);

  /* The Playground's answer side: the conversation and the raw answer (as
   * raw_response_view in cs-playground-page.ui: monospace, wrapped), two
   * pages of a stack (view_stack there) that shows the conversation. The raw
   * answer goes into its hidden page all the same. */
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (raw), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (raw), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (raw), FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroller), list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (raw_scroller), raw);
  gtk_stack_add_named (GTK_STACK (views), list_scroller, "conversation");
  gtk_stack_add_named (GTK_STACK (views), raw_scroller, "raw");
  gtk_stack_set_visible_child_name (GTK_STACK (views), "conversation");
  gtk_window_set_child (GTK_WINDOW (window), views);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  watch_frames (window);
  spin (500);

  client = cs_client_new_for_url (fake.url, &error);
  g_assert_no_error (error);
  start_watch ();
  phase = "predicting";
  cs_predict_async (client, "bench-model", body, 60, NULL, store_result_cb, &result);
  wait_until (has_result, &result, 120000);
  {
    gint64 t0 = g_get_monotonic_time (), t1, t2, t3;

    prediction = cs_predict_finish (client, result, NULL, NULL, &error);
    if (prediction == NULL)
      g_error ("predict: %s", error->message);
    t1 = g_get_monotonic_time ();
    /* What the Playground does with it (predict_done_cb). */
    /* The Playground shows the first RAW_DISPLAY_LIMIT of the raw answer
     * (set_raw_text in cs-playground-page.c): 5 MB of JSON in a text view
     * is not something the app does. It goes into the raw view when that
     * page is shown. */
    {
      const char *text = cs_prediction_get_raw_text (prediction);
      const char *cut = strlen (text) > RAW_DISPLAY_LIMIT
                          ? g_utf8_find_prev_char (text, text + RAW_DISPLAY_LIMIT + 1) : NULL;
      g_autofree char *shown = cut != NULL ? g_strdup_printf ("%.*s\n\n[… the rest]",
                                                              (int) (cut - text), text)
                                           : g_strdup (text);

      cs_text_view_set_text_when_shown (GTK_TEXT_VIEW (raw), shown);
    }
    t2 = g_get_monotonic_time ();
    turn = cs_prediction_to_turn (prediction);
    t3 = g_get_monotonic_time ();
    gtk_list_box_append (GTK_LIST_BOX (list), cs_turn_row_new (turn));
    printf ("%-14s (finish %.1f ms, raw text %.1f ms, turn %.1f ms, row %.1f ms)\n", "",
            (t1 - t0) / 1000.0, (t2 - t1) / 1000.0, (t3 - t2) / 1000.0,
            (g_get_monotonic_time () - t3) / 1000.0);
  }
  wait_until (buffer_filled, gtk_text_view_get_buffer (GTK_TEXT_VIEW (raw)), 120000);
  spin (SETTLE_MS);
  g_snprintf (what, sizeof what, "show a %.1f MB answer with %u blocks",
              strlen (answer) / 1048576.0, cs_prediction_get_n_blocks (prediction));
  report ("stall-predict", what);
  phase = NULL;

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_quit (fake.loop);
  g_main_context_wakeup (fake.context);
  g_thread_join (g_steal_pointer (&thread));
  g_main_loop_unref (fake.loop);
  g_main_context_unref (fake.context);
  g_bytes_unref (fake.answer);
  g_free (fake.url);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CsApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  CsWindow *window;
  const char *summary[][2] = {
    { "stall-predict", NULL }, { "stall-models", NULL }, { "stall-import", NULL },
    { "stall-preview", NULL },
  };

  if (argc < 2)
    {
      g_printerr ("usage: bench-stall SANDBOX [predict|models|connectors]...\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  lines = g_ptr_array_new_with_free_func (g_free);

  app = cs_application_new ("io.github.connectorstudio.BenchStall", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = cs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  watch_frames (GTK_WIDGET (window));
  verbose = g_getenv ("BENCH_STALL_VERBOSE") != NULL;
  spin (1000);

  idle ();
  if (argc == 2 || g_strv_contains ((const char * const *) argv + 2, "predict"))
    predict ();
  if (argc == 2 || g_strv_contains ((const char * const *) argv + 2, "models"))
    models (app, window, argv[1]);
  if (argc == 2 || g_strv_contains ((const char * const *) argv + 2, "connectors"))
    connectors (window);

  for (guint i = 0; i < G_N_ELEMENTS (summary); i++)
    for (guint j = 0; j < lines->len; j++)
      {
        const char *line = g_ptr_array_index (lines, j);
        gsize len = strlen (summary[i][0]);

        if (strncmp (line, summary[i][0], len) == 0 && line[len] == ' ')
          bench_line (summary[i][0], g_ascii_strtod (line + len + 1, NULL), -1, "ms", 16);
      }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  g_ptr_array_unref (lines);
  return 0;
}
