/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-playground-page.h"

#include "cs-conversation.h"
#include "cs-model-picker.h"
#include "cs-predict.h"

G_BEGIN_DECLS

/*
 * The Playground page is spread over cs-playground-page.c (banner, system
 * prompt, sending, conversation, session), cs-playground-page-values.c (the
 * per-call values), cs-playground-page-export.c (exporting the conversation) and
 * cs-playground-page-saved.c (keeping it between runs, importing it).
 * They share the instance and these functions.
 */

struct _CsPlaygroundPage
{
  AdwBin              parent_instance;

  /* A model handed over from another page: the composer takes the keyboard
   * focus when the page is shown. */
  gboolean            focus_composer_on_map;

  /* Template widgets */
  GtkStack           *main_stack;
  GtkBox             *banner_box;
  GtkLabel           *banner_label;
  GtkButton          *banner_fix_button;
  GtkButton          *banner_rotate_button;
  GtkStack           *view_stack;
  GtkScrolledWindow  *conversation_scroller;
  CsModelPicker      *model_picker;
  GtkTextView        *system_view;
  GtkBox             *system_warning_box;
  GtkLabel           *system_warning_label;
  GtkButton          *wrap_button;
  AdwEntryRow        *max_tokens_row;
  AdwEntryRow        *temperature_row;
  AdwEntryRow        *top_p_row;
  AdwEntryRow        *budget_row;
  AdwComboRow        *effort_row;
  GtkStringList      *effort_choices;
  GtkLabel           *overrides_note_label;
  GtkLabel           *overrides_error_label;
  GtkListBox         *turns_list;
  GtkBox             *pending_box;
  GtkSpinner         *pending_spinner;
  GtkToggleButton    *settings_button;
  GtkLabel           *settings_summary;
  GtkImage           *settings_arrow;
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
  GSignalGroup       *session_signals;
  CsConversation     *conversation;
  GCancellable       *predict_cancellable;

  gboolean            running;
  gboolean            disposed;   /* callbacks that still arrive touch no widget */
  gboolean            overrides_valid;
  CsEffort            effort_levels[8];  /* the level of each effort_row item; 0: connector's */
  guint               n_effort_levels;
  CsEffort            restored_effort;   /* to choose once the model offers it */
  JsonNode           *last_request;
  char               *last_model_id;

  GSettings          *settings;

  /* The turn that got no answer (marked on its row with Retry), and why */
  CsTurn             *failed_turn;
  char               *failed_message;

  /* Scrolling a turn into view once it is laid out */
  GtkWidget          *scroll_target;   /* NULL: the end */
  guint               scroll_tick_id;
  guint               scroll_frames;
  guint               scroll_still;    /* frames since the layout last moved */
  double              scroll_value;    /* what the last frame scrolled to */

  /* The conversation kept between runs (cs-playground-page-saved.c) */
  char               *saved_path;
  guint               save_timeout_id;
  gboolean            saving;
  gboolean            save_again;
  gboolean            restoring;

  CsPredictFix        fix;
  char               *fix_connector_id;
  char               *fix_model_id;
};

/* cs-playground-page.c */
void     _cs_playground_page_update_sensitivity (CsPlaygroundPage   *self);
/* Scrolls target (NULL: the end) into view once it is laid out, following
 * the layout until it holds still or the user scrolls. */
void     _cs_playground_page_scroll_into_view   (CsPlaygroundPage   *self,
                                                 GtkWidget          *target);

/* cs-playground-page-lifecycle.c: the fixes that lead to editing a connector or rotating its
 * keys, and the session token warning. */
/* Opens the selected model's connector for editing (on the Connectors page); FALSE when the
 * page is not in a window that can. */
gboolean _cs_playground_page_edit_connector     (CsPlaygroundPage   *self,
                                                 const char         *connector_id);
void     _cs_playground_page_rotate_keys        (CsPlaygroundPage   *self,
                                                 const char         *connector_id);
/* Warns in the banner when the selected model's connector has a session token that is likely
 * to expire soon or has expired. */
void     _cs_playground_page_check_session_token (CsPlaygroundPage  *self);
void     _cs_playground_page_show_banner        (CsPlaygroundPage   *self,
                                                 const char         *message,
                                                 CsPredictFix        fix);

/* cs-playground-page-values.c: reads and checks the per-call values and shows
 * what is wrong next to them. */
gboolean _cs_playground_page_read_overrides     (CsPlaygroundPage   *self,
                                                 CsPredictOverrides *overrides);
void     _cs_playground_page_overrides_changed  (CsPlaygroundPage   *self);
/* Shows the per-call values the selected model's connector offers. */
void     _cs_playground_page_limits_changed     (CsPlaygroundPage   *self);

/* Sends the conversation as it is (after a failed send: Retry). */
void     _cs_playground_page_retry              (CsPlaygroundPage   *self);
/* Marks turn (the conversation's last, the user's) as one that got no answer; NULL: none. */
void     _cs_playground_page_mark_failed        (CsPlaygroundPage   *self,
                                                 CsTurn             *turn,
                                                 const char         *message);

/* cs-playground-page-values.c */
/* Fills in the per-call values (e.g. from an imported conversation). */
void     _cs_playground_page_set_overrides      (CsPlaygroundPage         *self,
                                                 const CsPredictOverrides *overrides);

/* cs-playground-page-saved.c */
/* Something the saved conversation holds has changed: save it soon. */
void     _cs_playground_page_schedule_save      (CsPlaygroundPage   *self);
/* Saves at once when a save is due (the page goes away). */
void     _cs_playground_page_flush_save         (CsPlaygroundPage   *self);
void     _cs_playground_page_import             (CsPlaygroundPage   *self);
/* Reads file as an exported conversation and puts it in place of the page's (the
 * second half of Import; for the tests too). */
void     _cs_playground_page_import_file        (CsPlaygroundPage   *self,
                                                 GFile              *file);
/* Puts conversation's contents in place of the page's. */
void     _cs_playground_page_replace_conversation (CsPlaygroundPage *self,
                                                   CsConversation   *conversation);

/* cs-playground-page-export.c */
void     _cs_playground_page_export             (CsPlaygroundPage   *self,
                                                 gboolean            markdown);

G_END_DECLS
