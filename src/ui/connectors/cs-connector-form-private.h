/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the files of CsConnectorForm: cs-connector-form.c (bindings,
 * validation, trusted endpoints), cs-connector-form-choices.c (the
 * region and model choices) and cs-connector-form-thinking.c (the thinking
 * and effort choices and what the form says about the model); and the test
 * hooks.
 */

#include "cs-bedrock-account.h"
#include "cs-connector-form.h"
#include "cs-trusted-endpoints.h"

G_BEGIN_DECLS

struct _CsConnectorForm
{
  AdwBin               parent_instance;

  /* Template Widgets */
  AdwPreferencesGroup *kept_group;
  AdwActionRow        *kept_row;
  GtkButton           *use_template_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *description_row;
  GtkLabel            *connector_problems;
  AdwComboRow         *region_row;
  AdwEntryRow         *custom_region_row;
  AdwComboRow         *model_row;
  AdwEntryRow         *custom_model_row;
  AdwActionRow        *model_note_row;
  GtkImage            *model_note_icon;
  AdwComboRow         *thinking_row;
  AdwComboRow         *effort_row;
  AdwActionRow        *budget_row;
  GtkSpinButton       *budget_spin;
  AdwActionRow        *max_tokens_row;
  GtkSpinButton       *max_tokens_spin;
  AdwActionRow        *temperature_row;
  GtkSpinButton       *temperature_spin;
  AdwActionRow        *system_prompt_row;
  GtkSwitch           *system_prompt_switch;
  AdwActionRow        *read_timeout_row;
  GtkSpinButton       *read_timeout_spin;
  GtkButton           *suggest_timeout_button;
  GtkLabel            *model_problems;
  AdwPreferencesGroup *credential_group;
  AdwComboRow         *kind_row;
  AdwEntryRow         *access_key_row;
  AdwPasswordEntryRow *secret_key_row;
  AdwPasswordEntryRow *session_token_row;
  AdwEntryRow         *role_arn_row;
  GtkLabel            *credential_problems;
  AdwActionRow        *endpoint_row;
  GtkImage            *endpoint_icon;
  GtkButton           *fix_trusted_button;
  AdwActionRow        *trusted_row;
  AdwActionRow        *catalog_row;
  GtkButton           *catalog_copy_button;
  AdwActionRow        *check_row;
  GtkButton           *check_button;
  AdwActionRow        *iam_row;

  /* Owned References */
  CsConnectorSpec     *spec;
  CsSession           *session;
  CsTrustedList       *trusted;
  GtkStringList       *regions;
  GtkStringList       *models;
  GPtrArray           *model_ids;
  GtkStringList       *thinking_list;
  GtkStringList       *effort_list;
  CsConnectorThinking  thinking_forms[3];  /* what thinking_row lists, in order */
  guint                n_thinking_forms;
  GPtrArray           *effort_names;       /* what effort_row lists, in order */
  gulong               thinking_handlers[2];

  GBindingGroup       *spec_bindings;    /* the fields that mirror one spec property */
  GSignalGroup        *spec_signals;
  GSignalGroup        *session_signals;
  gulong               choice_handlers[4]; /* region and model: see block_choices */
  gboolean             valid;
  gboolean             keep_secrets;     /* editing: empty key fields keep the cluster's */
  gint64               suggested_timeout;
  GHashTable          *touched;          /* the entry rows the user has left (not owned) */
  gboolean             show_all_problems; /* the user tried to create: every problem shows */
  char                *first_problem;    /* the first problem's sentence, shown or not */
  CsConnectorImport   *import;           /* while set_import shows its spec (not owned) */

  /* cs-connector-form-bedrock.c */
  CsBedrockAccount    *account;            /* the account catalogue, made when first opened */
  CsBedrockEndpoints  *endpoints;          /* where Bedrock is for tests, NULL otherwise */
  char                *catalog_problem;    /* why the last listing failed, for catalog_key */
  char                *catalog_action;     /* the IAM action it named, or NULL */
  char                *catalog_key;        /* "<access key> <region>" of that failure */
  char                *check_sentence;     /* the last check's verdict, until the spec changes */
  GtkWindow           *dialog;             /* the open Bedrock dialog (weak) */
};

/* cs-connector-form-choices.c */
void       _cs_connector_form_init_choices (CsConnectorForm *self);
/* Shows the spec's region, the region's models and the spec's model. */
void       _cs_connector_form_show_choices (CsConnectorForm *self);
/* Shows the spec's model among the region's models. */
void       _cs_connector_form_select_model (CsConnectorForm *self);

/* cs-connector-form-thinking.c */
void       _cs_connector_form_init_thinking (CsConnectorForm *self);
void       _cs_connector_form_free_thinking (CsConnectorForm *self);
/* Lists the thinking forms and effort levels of the spec's model, shows
 * the spec's choice among them and what the form says about the model. */
void       _cs_connector_form_show_thinking (CsConnectorForm *self);
/* After the user chose another model: moves thinking and effort to what
 * the new model accepts. */
void       _cs_connector_form_fit_thinking (CsConnectorForm *self);

/* cs-connector-form-bedrock.c: Models in Your Account, Check with Bedrock,
 * IAM Policies. */
void       _cs_connector_form_init_bedrock (CsConnectorForm *self);
void       _cs_connector_form_free_bedrock (CsConnectorForm *self);

/* For tests: where the form's Bedrock dialogs call Bedrock (NULL = AWS, or
 * the local sandbox when connected to it); the dialog open now, or NULL. */
void       cs_connector_form_set_bedrock_endpoints (CsConnectorForm          *self,
                                                    const CsBedrockEndpoints *endpoints);
GtkWindow *cs_connector_form_get_dialog            (CsConnectorForm          *self);

/* For tests: the widget bound to a CsConnectorSpec property ("name",
 * "budget-tokens", "credential-kind", …; "mode" and "thinking" give the
 * thinking combo, "effort" the effort combo), NULL for a property the form
 * does not mirror with a binding (region and model). */
GtkWidget *cs_connector_form_get_mirror (CsConnectorForm *self,
                                         const char      *property);

/* cs-connector-form.c: the kept members' names for the form, the first few
 * and "and N more" (also for tests). */
char *_cs_connector_form_kept_summary (const char * const *kept);

G_END_DECLS
