/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-model-info.h"
#include "cs-playground-page-private.h"
#include "cs-session.h"
#include "cs-test-predict.h"
#include "cs-test-sandbox.h"
#include "cs-test-utils.h"
#include "cs-ui-test-utils.h"

/*
 * The Playground's per-call values follow the rules of the Claude model the
 * selected model's connector calls: choosing another model changes the
 * fields offered.
 */

/* An adaptive-thinking body as the connector form builds it for Opus 4.7 */
#define ADAPTIVE_BODY \
  "{ \"system\": \"${parameters.system_prompt}\", \"anthropic_version\": " \
  "\"${parameters.anthropic_version}\", \"max_tokens\": ${parameters.max_tokens}, " \
  "\"messages\": ${parameters.messages}, \"thinking\": {\"type\": \"adaptive\"}, " \
  "\"output_config\": {\"effort\": \"${parameters.effort}\"} }"

typedef struct
{
  CsTestSandbox    *sandbox;
  CsApplication    *app;
  CsClient         *client;
  GtkWidget        *window;
  CsPlaygroundPage *page;
  char             *budget_model;    /* Sonnet 4, the blueprint's thinking body */
  char             *adaptive_model;  /* Opus 4.7, adaptive thinking with an effort */
  char             *seed_model;      /* Opus 4.7 with the blueprint's thinking body */
} Fixture;

static gboolean
visible (gpointer widget)
{
  return gtk_widget_get_visible (GTK_WIDGET (widget));
}

static gboolean
has_selection (gpointer row)
{
  return adw_combo_row_get_selected_item (ADW_COMBO_ROW (row)) != NULL;
}

typedef struct
{
  CsPlaygroundPage *page;
  const char       *model_id;
} Selected;

/* The model is selected and its connector has been read. */
static gboolean
connector_read (gpointer data)
{
  Selected *s = data;
  CsModelInfo *model = cs_model_picker_get_selected_model (s->page->model_picker);
  const CsPredictLimits *limits = cs_model_picker_get_limits (s->page->model_picker);

  return model != NULL && g_strcmp0 (cs_model_info_get_id (model), s->model_id) == 0
         && limits != NULL;
}

static void
select_model (Fixture    *f,
              const char *model_id)
{
  AdwComboRow *row = ADW_COMBO_ROW (cs_ui_test_find_by_type (GTK_WIDGET (f->page->model_picker),
                                                             ADW_TYPE_COMBO_ROW));
  GListModel *models;
  Selected s = { f->page, model_id };

  g_assert_nonnull (row);
  g_assert_true (cs_ui_test_wait_until (has_selection, row, 60000));
  models = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(CsModelInfo) model = g_list_model_get_item (models, i);

      if (g_strcmp0 (cs_model_info_get_id (model), model_id) == 0)
        adw_combo_row_set_selected (row, i);
    }
  g_assert_true (cs_ui_test_wait_until (connector_read, &s, 60000));
  cs_ui_test_spin (50);
}

static void
fixture_setup (Fixture    *f,
               const char *app_id)
{
  g_autoptr(GError) error = NULL;
  CsSession *session;
  CsVersion version = { 2, 19, 0 };

  f->sandbox = cs_test_sandbox_start ("--no-tls", NULL);
  f->app = cs_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);

  f->client = cs_client_new_for_url (cs_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  f->budget_model = cs_test_deploy_model (f->client, "bedrock_claude4_extended_thinking.json",
                                          CS_TEST_SECRET_KEY, NULL, NULL);
  f->adaptive_model =
    cs_test_deploy_model_for (f->client, "bedrock_claude4_extended_thinking.json",
                              "us.anthropic.claude-opus-4-7", ADAPTIVE_BODY,
                              "{\"effort\":\"high\",\"temperature\":null,\"budget_tokens\":null}",
                              CS_TEST_SECRET_KEY, NULL, NULL);
  f->seed_model =
    cs_test_deploy_model_for (f->client, "bedrock_claude4_extended_thinking.json",
                              "us.anthropic.claude-opus-4-7", NULL, NULL, CS_TEST_SECRET_KEY,
                              NULL, NULL);

  session = cs_application_get_session (f->app);
  cs_session_set_connected (session, "test", f->client, "sandbox", &version, FALSE);
  cs_session_set_model_id (session, f->budget_model);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, 900);
  f->page = g_object_new (CS_TYPE_PLAYGROUND_PAGE, "session", session, NULL);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  cs_ui_test_wait_for_draw (f->window);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_ui_test_spin (50);
  g_clear_object (&f->client);
  g_clear_object (&f->app);
  g_free (f->budget_model);
  g_free (f->adaptive_model);
  g_free (f->seed_model);
  cs_test_sandbox_stop (f->sandbox);
}

static guint
effort_choice (CsPlaygroundPage *page,
               const char       *name)
{
  GListModel *choices = G_LIST_MODEL (page->effort_choices);

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_strcmp0 (gtk_string_list_get_string (page->effort_choices, i), name) == 0)
      return i;
  return G_MAXUINT;
}

static void
test_fields_follow_model (void)
{
  Fixture f = { 0, };
  CsPlaygroundPage *page;
  CsPredictOverrides overrides;
  guint xhigh;

  fixture_setup (&f, APP_ID ".TestPlaygroundRules1");
  page = f.page;

  /* Sonnet 4 with extended thinking: a budget and a temperature, no effort */
  select_model (&f, f.budget_model);
  g_assert_true (visible (page->max_tokens_row));
  g_assert_true (visible (page->temperature_row));
  g_assert_true (visible (page->budget_row));
  g_assert_false (visible (page->effort_row));
  g_assert_false (visible (page->top_p_row));
  g_assert_false (visible (page->overrides_note_label));

  gtk_editable_set_text (GTK_EDITABLE (page->budget_row), "2048");
  cs_ui_test_spin (50);
  g_assert_true (_cs_playground_page_read_overrides (page, &overrides));
  g_assert_cmpint (overrides.budget_tokens, ==, 2048);

  /* Opus 4.7, adaptive only and without sampling parameters: the effort
   * replaces the budget, no temperature, and the budget typed before is
   * not sent. */
  select_model (&f, f.adaptive_model);
  g_assert_true (visible (page->max_tokens_row));
  g_assert_false (visible (page->temperature_row));
  g_assert_false (visible (page->budget_row));
  g_assert_false (visible (page->top_p_row));
  g_assert_true (visible (page->effort_row));
  g_assert_false (visible (page->overrides_note_label));
  g_assert_true (_cs_playground_page_read_overrides (page, &overrides));
  g_assert_cmpint (overrides.budget_tokens, ==, 0);
  g_assert_cmpint (overrides.effort, ==, CS_EFFORT_UNSET);
  /* The connector's level first, then Opus 4.7's own, xhigh among them */
  g_assert_cmpstr (gtk_string_list_get_string (page->effort_choices, 0), ==,
                   "Connector’s (high)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page->effort_choices)), ==, 6);
  xhigh = effort_choice (page, "xhigh");
  g_assert_cmpuint (xhigh, !=, G_MAXUINT);
  adw_combo_row_set_selected (page->effort_row, xhigh);
  cs_ui_test_spin (50);
  g_assert_true (_cs_playground_page_read_overrides (page, &overrides));
  g_assert_cmpint (overrides.effort, ==, CS_EFFORT_XHIGH);
  g_assert_true (page->overrides_valid);

  cs_ui_test_wait_for_draw (f.window);
  g_free (cs_ui_test_save_screenshot (f.window, "playground-rules-adaptive"));

  /* The blueprint's body on Opus 4.7 breaks the model's rules where no
   * per-call value can mend it: only max_tokens is offered, and a note
   * sends the user to the connector. */
  select_model (&f, f.seed_model);
  g_assert_true (visible (page->max_tokens_row));
  g_assert_false (visible (page->temperature_row));
  g_assert_false (visible (page->budget_row));
  g_assert_false (visible (page->effort_row));
  g_assert_true (visible (page->overrides_note_label));
  g_assert_nonnull (strstr (gtk_label_get_text (page->overrides_note_label), "Opus 4.7"));
  g_assert_true (page->overrides_valid);
  cs_ui_test_wait_for_draw (f.window);
  g_free (cs_ui_test_save_screenshot (f.window, "playground-rules-seed-body"));

  /* And back: the budget returns, the effort goes */
  select_model (&f, f.budget_model);
  g_assert_true (visible (page->budget_row));
  g_assert_true (visible (page->temperature_row));
  g_assert_false (visible (page->effort_row));
  g_assert_true (_cs_playground_page_read_overrides (page, &overrides));
  g_assert_cmpint (overrides.effort, ==, CS_EFFORT_UNSET);

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!cs_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/playground-rules/fields-follow-model", test_fields_follow_model);

  return g_test_run ();
}
