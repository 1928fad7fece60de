/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the files of CsConnectorForm: cs-connector-form.c (bindings,
 * validation, trusted endpoints) and cs-connector-form-choices.c (the
 * region and model choices); and the test hooks.
 */

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
  AdwComboRow         *mode_row;
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

  /* Owned References */
  CsConnectorSpec     *spec;
  CsSession           *session;
  CsTrustedList       *trusted;
  GtkStringList       *regions;
  GtkStringList       *models;
  GPtrArray           *model_ids;

  GBindingGroup       *spec_bindings;    /* the fields that mirror one spec property */
  GSignalGroup        *spec_signals;
  GSignalGroup        *session_signals;
  gulong               choice_handlers[4]; /* region and model: see block_choices */
  gboolean             valid;
  gint64               suggested_timeout;
};

/* cs-connector-form-choices.c */
void       _cs_connector_form_init_choices (CsConnectorForm *self);
/* Shows the spec's region, the region's models and the spec's model. */
void       _cs_connector_form_show_choices (CsConnectorForm *self);
/* Shows the spec's model among the region's models. */
void       _cs_connector_form_select_model (CsConnectorForm *self);

/* For tests: the widget bound to a CsConnectorSpec property ("name",
 * "budget-tokens", "credential-kind", …), NULL for a property the form does
 * not mirror with a binding (region and model). */
GtkWidget *cs_connector_form_get_mirror (CsConnectorForm *self,
                                         const char      *property);

G_END_DECLS
