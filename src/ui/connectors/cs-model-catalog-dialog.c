/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-model-catalog-dialog"

#include "config.h"

#include "cs-model-catalog-dialog-private.h"

#include <glib/gi18n.h>

#include "cs-bedrock-catalog.h"
#include "cs-model-rules.h"

struct _CsModelCatalogDialog
{
  AdwWindow         parent_instance;

  /* Template Widgets */
  AdwWindowTitle   *window_title;
  GtkButton        *refresh_button;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  GtkLabel         *loading_label;
  GtkLabel         *listed_label;
  GtkListBox       *list;
  AdwStatusPage    *failed_page;
  GtkBox           *action_box;
  GtkLabel         *action_label;

  /* Owned References */
  CsBedrockAccount *account;
  CsConnectorSpec  *spec;
  char             *region;
  CsBedrockListing *listing;
  GCancellable     *cancellable;
  GPtrArray        *row_ids;      /* the id each row puts in the form, NULL when not usable */
  GPtrArray        *row_models;   /* the base model id of each row */
  guint             tick_id;      /* updates "listed N minutes ago" */
};

G_DEFINE_FINAL_TYPE (CsModelCatalogDialog, cs_model_catalog_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_MODEL_CHOSEN,
  SIGNAL_LISTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_listing (CsModelCatalogDialog *self,
                           gboolean              refresh);

/* ---- what the dialog says ---- */

static char *
region_label (const char *region)
{
  const CsBedrockRegion *known = cs_bedrock_catalog_find_region (region);

  if (known == NULL)
    return g_strdup (region);
  return g_strdup_printf ("%s — %s", _(known->display_name), region);
}

static char *
age_text (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 minutes = g_date_time_difference (now, when) / G_TIME_SPAN_MINUTE;

  if (minutes < 1)
    return g_strdup (_("Listed just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Listed %d minute ago", "Listed %d minutes ago",
                                      (gulong) minutes), (int) minutes);
  return g_strdup_printf (ngettext ("Listed %d hour ago", "Listed %d hours ago",
                                    (gulong) (minutes / 60)), (int) (minutes / 60));
}

static void
update_listed_label (CsModelCatalogDialog *self)
{
  GPtrArray *models;
  g_autofree char *age = NULL;
  g_autofree char *text = NULL;
  guint usable = 0;

  if (self->listing == NULL)
    return;
  models = cs_bedrock_listing_get_models (self->listing);
  for (guint i = 0; i < models->len; i++)
    if (cs_bedrock_account_model_is_usable (g_ptr_array_index (models, i)))
      usable++;
  age = age_text (cs_bedrock_listing_get_time (self->listing));
  /* Translators: "%s" is "Listed 3 minutes ago"; then two counts of models */
  text = g_strdup_printf (ngettext ("%s: %u Claude model, %u usable in this region.",
                                    "%s: %u Claude models, %u usable in this region.",
                                    models->len),
                          age, models->len, usable);
  gtk_label_set_text (self->listed_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_listed_label (user_data);
  return G_SOURCE_CONTINUE;
}

/* A small pill like the model state badge. */
static GtkWidget *
badge (const char *text,
       const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_halign (label, GTK_ALIGN_END);
  gtk_widget_add_css_class (label, "cs-state-badge");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* The sentence under a model's id: what its marks mean for the user. */
static char *
marks_text (const CsBedrockAccountModel *model,
            const char                  *region)
{
  GString *text = g_string_new (NULL);
  const char *legacy = model->rules != NULL ? cs_model_rules_get_legacy_date (model->rules) : NULL;
  const char *eol = model->rules != NULL ? cs_model_rules_get_eol_date (model->rules) : NULL;

  if (model->marks & CS_BEDROCK_MARK_END_OF_LIFE)
    g_string_append_printf (text, _("Past its end of life on %s: Bedrock refuses calls to it."),
                            eol != NULL ? eol : "—");
  else if ((model->marks & CS_BEDROCK_MARK_LEGACY) && eol != NULL)
    g_string_append_printf (text, _("Legacy since %s; end of life on %s. Prefer a newer model "
                                    "for a new connector."), legacy != NULL ? legacy : "—", eol);
  else if ((model->marks & CS_BEDROCK_MARK_LEGACY) && legacy != NULL)
    g_string_append_printf (text, _("Legacy since %s. Prefer a newer model for a new "
                                    "connector."), legacy);
  else if (model->marks & CS_BEDROCK_MARK_LEGACY)
    g_string_append (text, _("Legacy: it will reach its end of life (no date announced yet). "
                             "Prefer a newer model for a new connector."));

  if (model->marks & CS_BEDROCK_MARK_NO_PROFILE)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("No inference profile serves it in %s: choose another "
                                      "region for it."), region);
    }
  if (model->marks & CS_BEDROCK_MARK_DERIVED)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (model->rules != NULL && cs_model_rules_get_assumption (model->rules) != NULL)
        g_string_append (text, cs_model_rules_get_assumption (model->rules));
      else
        g_string_append (text, _("Not in the built-in rule table: its rules are assumed from "
                                 "its family and version."));
    }
  if (model->rules == NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _("Not a Claude model the app knows how to call."));
    }
  return g_string_free (text, text->len == 0);
}

static GtkWidget *
model_row (CsModelCatalogDialog        *self,
           const CsBedrockAccountModel *model,
           const char                  *chosen)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gboolean usable = cs_bedrock_account_model_is_usable (model) && model->rules != NULL;
  const char *call_id = model->profile_id != NULL ? model->profile_id : model->model_id;
  const char *name = model->name != NULL ? model->name : model->model_id;
  g_autofree char *note = marks_text (model, self->region);
  g_autofree char *subtitle = NULL;

  if (model->rules != NULL && !cs_model_rules_is_derived (model->rules))
    name = cs_model_rules_get_name (model->rules);
  subtitle = note != NULL ? g_strdup_printf ("%s\n%s", usable ? call_id : model->model_id, note)
                          : g_strdup (call_id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), usable);
  if (!usable)
    gtk_widget_set_tooltip_text (row, _("This model cannot be called from this region"));

  if (model->marks & CS_BEDROCK_MARK_END_OF_LIFE)
    gtk_box_append (GTK_BOX (badges), badge (_("End of Life"), "error"));
  else if (model->marks & CS_BEDROCK_MARK_LEGACY)
    gtk_box_append (GTK_BOX (badges), badge (_("Legacy"), "warning"));
  if (model->marks & CS_BEDROCK_MARK_NO_PROFILE)
    gtk_box_append (GTK_BOX (badges), badge (_("No Profile Here"), "error"));
  if (model->marks & CS_BEDROCK_MARK_DERIVED)
    gtk_box_append (GTK_BOX (badges), badge (_("Rules Assumed"), "warning"));
  if (usable && !(model->marks & (CS_BEDROCK_MARK_LEGACY | CS_BEDROCK_MARK_DERIVED)))
    gtk_box_append (GTK_BOX (badges), badge (_("Usable"), "success"));
  gtk_widget_set_valign (badges, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badges);

  if (usable && g_strcmp0 (chosen, call_id) == 0)
    {
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Chosen in the form"), -1);
      gtk_widget_set_tooltip_text (check, _("Chosen in the form"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
    }
  else if (usable)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_ptr_array_add (self->row_ids, usable ? g_strdup (call_id) : NULL);
  g_ptr_array_add (self->row_models, g_strdup (model->model_id));
  return row;
}

static void
show_listing (CsModelCatalogDialog *self,
              CsBedrockListing     *listing)
{
  GPtrArray *models = cs_bedrock_listing_get_models (listing);
  const char *chosen = cs_connector_spec_get_model (self->spec);
  GtkWidget *child;

  if (self->listing != listing)
    {
      g_clear_pointer (&self->listing, cs_bedrock_listing_unref);
      self->listing = cs_bedrock_listing_ref (listing);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->row_ids, 0);
  g_ptr_array_set_size (self->row_models, 0);
  for (guint i = 0; i < models->len; i++)
    gtk_list_box_append (self->list, model_row (self, g_ptr_array_index (models, i), chosen));

  update_listed_label (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
show_failure (CsModelCatalogDialog *self,
              const char           *message,
              const char           *action)
{
  g_autofree char *text = g_strdup_printf ("%s %s", message,
                                           _("Until it can be listed, the form offers the "
                                             "models of the built-in table alone."));

  adw_status_page_set_description (self->failed_page, text);
  gtk_widget_set_visible (GTK_WIDGET (self->action_box), action != NULL);
  gtk_label_set_text (self->action_label, action != NULL ? action : "");
  gtk_stack_set_visible_child_name (self->stack, "failed");
}

/* ---- listing ---- */

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CsModelCatalogDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = NULL;
  g_autoptr(CsBedrockListing) listing = NULL;

  listing = cs_bedrock_account_list_finish (CS_BEDROCK_ACCOUNT (source), result, NULL, &action,
                                            &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);
  if (listing == NULL)
    {
      show_failure (self, error->message, action);
      g_signal_emit (self, signals[SIGNAL_LISTED], 0, error->message, action);
      return;
    }
  show_listing (self, listing);
  g_signal_emit (self, signals[SIGNAL_LISTED], 0, NULL, NULL);
}

static void
start_listing (CsModelCatalogDialog *self,
               gboolean              refresh)
{
  const char *session_token = cs_connector_spec_get_session_token (self->spec);
  CsBedrockKeys keys = {
    cs_connector_spec_get_access_key (self->spec),
    cs_connector_spec_get_secret_key (self->spec),
    session_token[0] != '\0' ? session_token : NULL,
  };
  g_autofree char *where = region_label (self->region);
  g_autofree char *text = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (!refresh)
    {
      g_autoptr(CsBedrockListing) cached =
        cs_bedrock_account_get_cached (self->account, keys.access_key_id, self->region);

      if (cached != NULL)
        {
          show_listing (self, cached);
          return;
        }
    }

  text = g_strdup_printf (_("Asking Bedrock which Claude models your account can use in %s…"),
                          where);
  gtk_label_set_text (self->loading_label, text);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  cs_bedrock_account_list_async (self->account, &keys, self->region, refresh, self->cancellable,
                                 list_cb, g_object_ref (self));
}

/* ---- callbacks ---- */

static void
refresh_clicked_cb (CsModelCatalogDialog *self)
{
  start_listing (self, TRUE);
}

static void
copy_action_clicked_cb (CsModelCatalogDialog *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          gtk_label_get_text (self->action_label));
}

static void
row_activated_cb (CsModelCatalogDialog *self,
                  GtkListBoxRow        *row)
{
  int index = gtk_list_box_row_get_index (row);
  const char *id;

  if (index < 0 || (guint) index >= self->row_ids->len)
    return;
  id = g_ptr_array_index (self->row_ids, index);
  if (id == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_MODEL_CHOSEN], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- GObject ---- */

static void
cs_model_catalog_dialog_dispose (GObject *object)
{
  CsModelCatalogDialog *self = CS_MODEL_CATALOG_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_MODEL_CATALOG_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->spec);
  g_clear_pointer (&self->listing, cs_bedrock_listing_unref);

  G_OBJECT_CLASS (cs_model_catalog_dialog_parent_class)->dispose (object);
}

static void
cs_model_catalog_dialog_finalize (GObject *object)
{
  CsModelCatalogDialog *self = CS_MODEL_CATALOG_DIALOG (object);

  g_free (self->region);
  g_ptr_array_unref (self->row_ids);
  g_ptr_array_unref (self->row_models);

  G_OBJECT_CLASS (cs_model_catalog_dialog_parent_class)->finalize (object);
}

static void
cs_model_catalog_dialog_class_init (CsModelCatalogDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_model_catalog_dialog_dispose;
  object_class->finalize = cs_model_catalog_dialog_finalize;

  signals[SIGNAL_MODEL_CHOSEN] = g_signal_new ("model-chosen", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_LISTED] = g_signal_new ("listed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-model-catalog-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, loading_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, listed_label);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, list);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, action_box);
  gtk_widget_class_bind_template_child (widget_class, CsModelCatalogDialog, action_label);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_model_catalog_dialog_init (CsModelCatalogDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->row_ids = g_ptr_array_new_with_free_func (g_free);
  self->row_models = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
cs_model_catalog_dialog_new (CsBedrockAccount *account,
                             CsConnectorSpec  *spec)
{
  CsModelCatalogDialog *self;
  g_autofree char *where = NULL;

  g_return_val_if_fail (CS_IS_BEDROCK_ACCOUNT (account), NULL);
  g_return_val_if_fail (CS_IS_CONNECTOR_SPEC (spec), NULL);

  self = g_object_new (CS_TYPE_MODEL_CATALOG_DIALOG, NULL);
  self->account = g_object_ref (account);
  self->spec = g_object_ref (spec);
  self->region = g_strdup (cs_connector_spec_get_region (spec));
  where = region_label (self->region);
  adw_window_title_set_subtitle (self->window_title, where);
  start_listing (self, FALSE);
  return GTK_WIDGET (self);
}

const char *
cs_model_catalog_dialog_get_state (CsModelCatalogDialog *self)
{
  g_return_val_if_fail (CS_IS_MODEL_CATALOG_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkListBox *
cs_model_catalog_dialog_get_list (CsModelCatalogDialog *self)
{
  g_return_val_if_fail (CS_IS_MODEL_CATALOG_DIALOG (self), NULL);
  return self->list;
}

const char *
cs_model_catalog_dialog_get_status (CsModelCatalogDialog *self)
{
  g_return_val_if_fail (CS_IS_MODEL_CATALOG_DIALOG (self), NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "failed") == 0)
    return adw_status_page_get_description (self->failed_page);
  return gtk_label_get_text (self->listed_label);
}

GtkWidget *
cs_model_catalog_dialog_find_row (CsModelCatalogDialog *self,
                                  const char           *model_id)
{
  g_return_val_if_fail (CS_IS_MODEL_CATALOG_DIALOG (self), NULL);
  for (guint i = 0; i < self->row_models->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->row_models, i), model_id) == 0)
      return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, (int) i));
  return NULL;
}
