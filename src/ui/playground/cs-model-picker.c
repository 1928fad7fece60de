/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-model-picker"

#include "config.h"

#include "cs-model-picker.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-connectors-api.h"
#include "cs-models-api.h"

struct _CsModelPicker
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkButton           *refresh_button;
  AdwComboRow         *model_row;

  /* State */
  CsSession           *session;
  GListStore          *models;
  GtkFilterListModel  *deployed;
  GCancellable        *models_cancellable;
  GCancellable        *connector_cancellable;

  CsPredictLimits      limits;     /* .known FALSE while the connector is not read */
  guint                timeout;
};

G_DEFINE_FINAL_TYPE (CsModelPicker, cs_model_picker, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_DEFAULTS_CHANGED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static CsClient *
session_client (CsModelPicker *self)
{
  return self->session != NULL ? cs_session_get_client (self->session) : NULL;
}

static void
problem (CsModelPicker *self,
         const char    *message,
         CsPredictFix   fix)
{
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, message, (int) fix);
}

/* The connector's values */

static const char *
thinking_label (CsThinkingForm form)
{
  switch (form)
    {
    case CS_THINKING_FORM_ENABLED:
      return _("Extended thinking");
    case CS_THINKING_FORM_ADAPTIVE:
      return _("Adaptive thinking");
    case CS_THINKING_FORM_DISABLED:
    case CS_THINKING_FORM_NONE:
    default:
      return _("Standard mode");
    }
}

static void
show_defaults (CsModelPicker *self)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const CsPredictLimits *limits = &self->limits;

  if (limits->known)
    {
      if (limits->rules != NULL)
        g_string_append_printf (subtitle, "%s · ", cs_model_rules_get_name (limits->rules));
      if (limits->rules != NULL && cs_model_rules_is_always_thinking (limits->rules)
          && limits->thinking == CS_THINKING_FORM_NONE)
        g_string_append (subtitle, _("Always thinking"));
      else
        g_string_append (subtitle, thinking_label (limits->thinking));
      if (limits->defaults.max_tokens > 0)
        g_string_append_printf (subtitle, " · max_tokens %" G_GINT64_FORMAT,
                                limits->defaults.max_tokens);
      if (limits->defaults.set_temperature)
        g_string_append_printf (subtitle, " · temperature %g", limits->defaults.temperature);
      if (limits->defaults.set_top_p)
        g_string_append_printf (subtitle, " · top_p %g", limits->defaults.top_p);
      if (limits->thinking == CS_THINKING_FORM_ENABLED && limits->defaults.budget_tokens > 0)
        g_string_append_printf (subtitle, " · budget_tokens %" G_GINT64_FORMAT,
                                limits->defaults.budget_tokens);
      if (cs_model_rules_effort_name (limits->defaults.effort) != NULL)
        g_string_append_printf (subtitle, " · effort %s",
                                cs_model_rules_effort_name (limits->defaults.effort));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row), subtitle->str);
  g_signal_emit (self, signals[SIGNAL_DEFAULTS_CHANGED], 0);
}

static void
forget_defaults (CsModelPicker *self)
{
  cs_predict_limits_clear (&self->limits);
  self->timeout = CS_PREDICT_DEFAULT_TIMEOUT;
}

static void
connector_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsModelPicker) self = user_data;
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
      forget_defaults (self);
      show_defaults (self);
      return;
    }
  cs_predict_limits_clear (&self->limits);
  cs_predict_limits_from_connector (json_node_get_object (connector), &self->limits);
  self->timeout = cs_predict_timeout_for_connector (json_node_get_object (connector));
  show_defaults (self);
}

static void
selected_model_changed_cb (CsModelPicker *self)
{
  CsModelInfo *model = cs_model_picker_get_selected_model (self);
  CsClient *client = session_client (self);

  g_cancellable_cancel (self->connector_cancellable);
  g_clear_object (&self->connector_cancellable);
  forget_defaults (self);

  if (model != NULL && client != NULL && cs_model_info_get_connector_id (model) != NULL)
    {
      self->connector_cancellable = g_cancellable_new ();
      cs_connectors_get_async (client, cs_model_info_get_connector_id (model),
                               self->connector_cancellable, connector_loaded_cb,
                               g_object_ref (self));
    }
  show_defaults (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MODEL]);
}

/* The list */

void
cs_model_picker_select_session_model (CsModelPicker *self)
{
  const char *wanted;
  GListModel *list;
  guint n;

  g_return_if_fail (CS_IS_MODEL_PICKER (self));

  wanted = self->session != NULL ? cs_session_get_model_id (self->session) : NULL;
  list = G_LIST_MODEL (self->deployed);
  n = g_list_model_get_n_items (list);
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

          problem (self, message, CS_PREDICT_FIX_CHOOSE_MODEL);
          return;
        }
    }
}

static void
models_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsModelPicker) self = user_data;
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
      problem (self, error->message, CS_PREDICT_FIX_NONE);
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

  /* A problem with the model list speaks of the list before this one: drop
   * it, and say it again below if it still holds. */
  problem (self, NULL, CS_PREDICT_FIX_CHOOSE_MODEL);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->deployed)) == 0)
    problem (self, _("No model is deployed on this cluster. Register and deploy one on the "
                     "Models page."), CS_PREDICT_FIX_CHOOSE_MODEL);
  cs_model_picker_select_session_model (self);
  selected_model_changed_cb (self);
}

void
cs_model_picker_reload (CsModelPicker *self)
{
  CsClient *client;

  g_return_if_fail (CS_IS_MODEL_PICKER (self));

  client = session_client (self);
  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  if (client == NULL)
    return;
  self->models_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  cs_models_search_async (client, self->models_cancellable, models_loaded_cb, g_object_ref (self));
}

void
cs_model_picker_clear (CsModelPicker *self)
{
  g_return_if_fail (CS_IS_MODEL_PICKER (self));

  g_cancellable_cancel (self->models_cancellable);
  g_list_store_remove_all (self->models);
}

static void
refresh_clicked_cb (CsModelPicker *self)
{
  cs_model_picker_reload (self);
}

/* Accessors */

CsSession *
cs_model_picker_get_session (CsModelPicker *self)
{
  g_return_val_if_fail (CS_IS_MODEL_PICKER (self), NULL);

  return self->session;
}

void
cs_model_picker_set_session (CsModelPicker *self,
                             CsSession     *session)
{
  g_return_if_fail (CS_IS_MODEL_PICKER (self));
  g_return_if_fail (session == NULL || CS_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

CsModelInfo *
cs_model_picker_get_selected_model (CsModelPicker *self)
{
  gpointer item;

  g_return_val_if_fail (CS_IS_MODEL_PICKER (self), NULL);

  item = adw_combo_row_get_selected_item (self->model_row);
  return item != NULL ? CS_MODEL_INFO (item) : NULL;
}

void
cs_model_picker_set_can_change (CsModelPicker *self,
                                gboolean       can_change)
{
  g_return_if_fail (CS_IS_MODEL_PICKER (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), can_change);
}

const CsPredictLimits *
cs_model_picker_get_limits (CsModelPicker *self)
{
  g_return_val_if_fail (CS_IS_MODEL_PICKER (self), NULL);

  return self->limits.known ? &self->limits : NULL;
}

guint
cs_model_picker_get_timeout (CsModelPicker *self)
{
  g_return_val_if_fail (CS_IS_MODEL_PICKER (self), CS_PREDICT_DEFAULT_TIMEOUT);

  return self->timeout;
}

/* GObject */

static void
cs_model_picker_dispose (GObject *object)
{
  CsModelPicker *self = CS_MODEL_PICKER (object);

  g_cancellable_cancel (self->models_cancellable);
  g_cancellable_cancel (self->connector_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_MODEL_PICKER);

  G_OBJECT_CLASS (cs_model_picker_parent_class)->dispose (object);
}

static void
cs_model_picker_finalize (GObject *object)
{
  CsModelPicker *self = CS_MODEL_PICKER (object);

  cs_predict_limits_clear (&self->limits);
  g_clear_object (&self->session);
  g_clear_object (&self->deployed);
  g_clear_object (&self->models);
  g_clear_object (&self->models_cancellable);
  g_clear_object (&self->connector_cancellable);

  G_OBJECT_CLASS (cs_model_picker_parent_class)->finalize (object);
}

static void
cs_model_picker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsModelPicker *self = CS_MODEL_PICKER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SELECTED_MODEL:
      g_value_set_object (value, cs_model_picker_get_selected_model (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_model_picker_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CsModelPicker *self = CS_MODEL_PICKER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cs_model_picker_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_model_picker_class_init (CsModelPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_model_picker_dispose;
  object_class->finalize = cs_model_picker_finalize;
  object_class->get_property = cs_model_picker_get_property;
  object_class->set_property = cs_model_picker_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_MODEL] =
    g_param_spec_object ("selected-model", NULL, NULL, CS_TYPE_MODEL_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DEFAULTS_CHANGED] =
    g_signal_new ("defaults-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-model-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, CsModelPicker, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CsModelPicker, model_row);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
}

static void
cs_model_picker_init (CsModelPicker *self)
{
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->timeout = CS_PREDICT_DEFAULT_TIMEOUT;
  self->models = g_list_store_new (CS_TYPE_MODEL_INFO);
  self->deployed = gtk_filter_list_model_new (
    G_LIST_MODEL (g_object_ref (self->models)),
    GTK_FILTER (gtk_custom_filter_new (model_is_deployed, NULL, NULL)));

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (model_display_name), NULL, NULL);
  adw_combo_row_set_expression (self->model_row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->deployed));
  g_signal_connect (list_factory, "setup", G_CALLBACK (model_item_setup_cb), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (model_item_bind_cb), NULL);
  adw_combo_row_set_list_factory (self->model_row, list_factory);
  g_signal_connect_object (self->model_row, "notify::selected-item",
                           G_CALLBACK (selected_model_changed_cb), self, G_CONNECT_SWAPPED);
}
