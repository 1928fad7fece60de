/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cs-conversation-store.h"
#include "cs-error.h"
#include "cs-model-rules.h"
#include "cs-prediction.h"
#include "cs-test-predict.h"
#include "cs-test-utils.h"

/* An answer as the sandbox gives it: a thinking block with its signature,
 * then the text. */
static CsTurn *
answer_turn (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPrediction) prediction = NULL;

  json_parser_load_from_data (parser,
    "{\"inference_results\":[{\"output\":[{\"name\":\"response\",\"dataAsMap\":{"
    "\"content\":[{\"type\":\"thinking\",\"thinking\":\"Let me think.\","
    "\"signature\":\"c2lnbmF0dXJlLW9mLXRoZS10aGlua2luZw==\"},"
    "{\"type\":\"text\",\"text\":\"The answer.\"}],\"stop_reason\":\"end_turn\"}}]}]}",
    -1, &error);
  g_assert_no_error (error);
  prediction = cs_prediction_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return cs_prediction_to_turn (prediction);
}

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-conversation-store-XXXXXX", &error);

  g_assert_no_error (error);
  /* A folder that does not exist yet: saving makes it. */
  return g_build_filename (dir, "connector-studio", name, NULL);
}

static void
remove_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *top = g_path_get_dirname (dir);

  g_unlink (path);
  g_rmdir (dir);
  g_rmdir (top);
}

static CsConversation *
sample (void)
{
  CsConversation *conversation = cs_conversation_new ();
  g_autoptr(CsTurn) question = cs_turn_new (CS_TURN_ROLE_USER, "hello “world” \\ 🙂");
  g_autoptr(CsTurn) answer = answer_turn ();
  CsPredictOverrides overrides = { 0, };

  cs_conversation_set_system_prompt (conversation, "Answer briefly.");
  cs_conversation_append (conversation, question);
  cs_conversation_append (conversation, answer);
  overrides.max_tokens = 2048;
  overrides.set_temperature = TRUE;
  overrides.temperature = 0.5;
  overrides.budget_tokens = 1024;
  overrides.effort = CS_EFFORT_HIGH;
  cs_conversation_set_overrides (conversation, &overrides);
  return conversation;
}

static void
test_round_trip (void)
{
  g_autofree char *path = temp_path ("conversation.json");
  g_autoptr(CsConversation) conversation = sample ();
  g_autoptr(CsConversation) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *again = NULL;
  CsPredictOverrides overrides;
  GStatBuf st;

  /* No file yet: nothing, and no error. */
  g_assert_null (cs_conversation_store_load (path, &model_id, &error));
  g_assert_no_error (error);

  g_assert_true (cs_conversation_store_save (path, conversation, "model-1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The file is the export, byte for byte: it imports as exported. */
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  again = cs_conversation_to_json (conversation, "model-1");
  g_assert_cmpstr (saved, ==, again);

  restored = cs_conversation_store_load (path, &model_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_cmpstr (model_id, ==, "model-1");
  g_assert_cmpstr (cs_conversation_get_system_prompt (restored), ==, "Answer briefly.");
  g_assert_cmpuint (cs_conversation_get_n_turns (restored), ==, 2);
  {
    g_autofree char *text = cs_turn_dup_text (cs_conversation_get_turn (restored, 0));
    CsTurn *answer = cs_conversation_get_turn (restored, 1);
    JsonObject *thinking = json_array_get_object_element (cs_turn_get_content (answer), 0);

    g_assert_cmpstr (text, ==, "hello “world” \\ 🙂");
    g_assert_true (cs_turn_has_thinking (answer));
    g_assert_cmpstr (json_object_get_string_member (thinking, "signature"), ==,
                     "c2lnbmF0dXJlLW9mLXRoZS10aGlua2luZw==");
  }
  g_assert_true (cs_conversation_get_overrides (restored, &overrides));
  g_assert_cmpint (overrides.max_tokens, ==, 2048);
  g_assert_true (overrides.set_temperature);
  g_assert_cmpfloat (overrides.temperature, ==, 0.5);
  g_assert_false (overrides.set_top_p);
  g_assert_cmpint (overrides.budget_tokens, ==, 1024);
  g_assert_cmpint (overrides.effort, ==, CS_EFFORT_HIGH);

  /* Saved again over the old one (atomically, in a worker). */
  {
    g_autoptr(GAsyncResult) result = NULL;

    cs_conversation_clear (conversation);
    cs_conversation_store_save_async (path, conversation, NULL, NULL, cs_test_store_result,
                                      &result);
    cs_test_wait_for_result (&result, 10000);
    g_assert_true (cs_conversation_store_save_finish (result, &error));
    g_assert_no_error (error);
    g_clear_object (&restored);
    g_clear_pointer (&model_id, g_free);
    restored = cs_conversation_store_load (path, &model_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cs_conversation_get_n_turns (restored), ==, 0);
    g_assert_null (model_id);
  }
  remove_path (path);
}

/* What a conversation is had with never goes into the file: only what was said. */
static void
test_no_secret (void)
{
  g_autofree char *path = temp_path ("conversation.json");
  g_autoptr(CsConversation) conversation = sample ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  g_assert_true (cs_conversation_store_save (path, conversation, "model-1", &error));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_null (strstr (saved, CS_TEST_SECRET_KEY));
  g_assert_null (strstr (saved, CS_TEST_ACCESS_KEY));
  g_assert_null (strstr (saved, "credential"));
  g_assert_null (strstr (saved, "http"));
  remove_path (path);
}

static void
refused (const char *contents,
         gssize      length)
{
  g_autofree char *path = temp_path ("conversation.json");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConversation) restored = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  restored = cs_conversation_store_load (path, NULL, &error);
  g_assert_null (restored);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  /* A sentence for the user. */
  g_assert_true (g_str_has_suffix (error->message, "."));
  remove_path (path);
}

static void
test_refused (void)
{
  GString *deep = g_string_new ("{\"format\":\"connector-studio-conversation\",\"version\":1,"
                                "\"messages\":");

  refused ("", 0);
  refused ("{\"format\":\"connector-studio-conv", -1);
  refused ("{\"name\":\"a connector\",\"protocol\":\"aws_sigv4\"}", -1);
  refused ("[1, 2, 3]", -1);
  refused ("\xff\xfe not text", -1);
  refused ("{\"format\":\"connector-studio-conversation\",\"version\":99,\"messages\":[]}", -1);
  refused ("{\"format\":\"connector-studio-conversation\",\"version\":1,"
           "\"messages\":[{\"role\":\"robot\",\"content\":[]}]}", -1);
  /* Nested far beyond any conversation: refused by the parser's limits. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  refused (deep->str, deep->len);
  g_string_free (deep, TRUE);
}

/* An export without values (older ones) reads as before: no values. */
static void
test_without_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConversation) conversation = cs_conversation_new_from_json (
    "{\"format\":\"connector-studio-conversation\",\"version\":1,\"system_prompt\":\"s\","
    "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}",
    -1, NULL, &error);
  g_autoptr(CsConversation) odd = NULL;
  g_autofree char *json = NULL;
  CsPredictOverrides overrides;

  g_assert_no_error (error);
  g_assert_false (cs_conversation_get_overrides (conversation, &overrides));
  g_assert_cmpint (overrides.max_tokens, ==, 0);
  json = cs_conversation_to_json (conversation, NULL);
  g_assert_null (strstr (json, "\"values\""));

  /* Values of the wrong kind are left out, not trusted. */
  odd = cs_conversation_new_from_json (
    "{\"format\":\"connector-studio-conversation\",\"version\":1,\"messages\":[],"
    "\"values\":{\"max_tokens\":-5,\"temperature\":\"hot\",\"effort\":\"extreme\"}}",
    -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cs_conversation_get_overrides (odd, &overrides));
  g_assert_cmpint (overrides.max_tokens, ==, 0);
  g_assert_false (overrides.set_temperature);
  g_assert_cmpint (overrides.effort, ==, CS_EFFORT_UNSET);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conversation-store/round-trip", test_round_trip);
  g_test_add_func ("/conversation-store/no-secret", test_no_secret);
  g_test_add_func ("/conversation-store/refused", test_refused);
  g_test_add_func ("/conversation-store/without-values", test_without_values);

  return g_test_run ();
}
