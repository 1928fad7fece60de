/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-form"

#include "config.h"

#include "cs-connector-form-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-accessible.h"
#include "cs-application.h"
#include "cs-payload.h"
#include "cs-profile-store.h"
#include "cs-trusted-endpoints.h"

G_DEFINE_FINAL_TYPE (CsConnectorForm, cs_connector_form, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SPEC,
  PROP_SESSION,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void revalidate (CsConnectorForm *self);

/* ---- state from the session ---- */

static gboolean
session_connected (CsConnectorForm *self)
{
  return self->session != NULL &&
         cs_session_get_state (self->session) == CS_SESSION_CONNECTED;
}

static gboolean
session_version (CsConnectorForm *self,
                 CsVersion       *version)
{
  return session_connected (self) && cs_session_get_version (self->session, version);
}

/* The app's own sandbox cluster accepts made-up keys: say which. */
static gboolean
connected_to_sandbox (CsConnectorForm *self)
{
  CsProfile *profile;

  if (!session_connected (self))
    return FALSE;
  profile = cs_profile_store_lookup (cs_profile_store_get_default (),
                                     cs_session_get_profile_id (self->session));
  return profile != NULL && cs_profile_get_is_sandbox (profile);
}

/* ---- fields that mirror a spec property ---- */

static gboolean
int64_to_double (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_double (to, (double) g_value_get_int64 (from));
  return TRUE;
}

/* As gtk_spin_button_get_value_as_int: to the nearest whole number. */
static gboolean
double_to_int64 (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_int64 (to, (gint64) floor (g_value_get_double (from) + 0.5));
  return TRUE;
}

/* The credential kind combo lists its enum's values in order. */
static gboolean
enum_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
selected_to_enum (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_enum (to, selected == 1 ? 1 : 0);
  return TRUE;
}

typedef struct
{
  const char            *property;         /* of CsConnectorSpec */
  gsize                  widget_offset;
  const char            *widget_property;
  GBindingTransformFunc  to_widget;
  GBindingTransformFunc  to_spec;
} Mirror;

#define WIDGET(member) G_STRUCT_OFFSET (CsConnectorForm, member)

/* Each bound both ways (the widget edits the property). Region and model
 * are not here: each is a combo plus an "Other…" entry, and a new region
 * moves the model along. Nor are thinking and effort: their combos list
 * what the model accepts (cs-connector-form-thinking.c). */
static const Mirror mirrors[] = {
  { "name",              WIDGET (name_row),             "text",     NULL, NULL },
  { "description",       WIDGET (description_row),      "text",     NULL, NULL },
  { "budget-tokens",     WIDGET (budget_spin),          "value",
    int64_to_double, double_to_int64 },
  { "max-tokens",        WIDGET (max_tokens_spin),      "value",
    int64_to_double, double_to_int64 },
  { "temperature",       WIDGET (temperature_spin),     "value",    NULL, NULL },
  { "use-system-prompt", WIDGET (system_prompt_switch), "active",   NULL, NULL },
  { "read-timeout",      WIDGET (read_timeout_spin),    "value",
    int64_to_double, double_to_int64 },
  { "credential-kind",   WIDGET (kind_row),             "selected",
    enum_to_selected, selected_to_enum },
  { "access-key",        WIDGET (access_key_row),       "text",     NULL, NULL },
  { "secret-key",        WIDGET (secret_key_row),       "text",     NULL, NULL },
  { "session-token",     WIDGET (session_token_row),    "text",     NULL, NULL },
  { "role-arn",          WIDGET (role_arn_row),         "text",     NULL, NULL },
};

static GtkWidget *
mirror_widget (CsConnectorForm *self,
               const Mirror    *mirror)
{
  return *(GtkWidget **) G_STRUCT_MEMBER_P (self, mirror->widget_offset);
}

static void
bind_mirrors (CsConnectorForm *self)
{
  self->spec_bindings = g_binding_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (mirrors); i++)
    g_binding_group_bind_full (self->spec_bindings, mirrors[i].property,
                               mirror_widget (self, &mirrors[i]), mirrors[i].widget_property,
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               mirrors[i].to_widget, mirrors[i].to_spec, NULL, NULL);
}

GtkWidget *
cs_connector_form_get_mirror (CsConnectorForm *self,
                              const char      *property)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);

  if (g_strcmp0 (property, "mode") == 0 || g_strcmp0 (property, "thinking") == 0)
    return GTK_WIDGET (self->thinking_row);
  if (g_strcmp0 (property, "effort") == 0)
    return GTK_WIDGET (self->effort_row);
  for (guint i = 0; i < G_N_ELEMENTS (mirrors); i++)
    if (g_strcmp0 (mirrors[i].property, property) == 0)
      return mirror_widget (self, &mirrors[i]);
  return NULL;
}

/* ---- what the spec shows and hides ---- */

/* The kept members by name: the first KEPT_SHOWN, then how many more. An
 * imported connector may keep thousands, and one label of all their names
 * takes seconds to lay out on the main thread. */
#define KEPT_SHOWN 12

char *
_cs_connector_form_kept_summary (const char * const *kept)
{
  GString *text = g_string_new (NULL);
  guint n = g_strv_length ((char **) kept);

  for (guint i = 0; i < n && i < KEPT_SHOWN; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", kept[i]);
  if (n > KEPT_SHOWN)
    /* Translators: after a list of the first names: "a, b, c and 20 more" */
    g_string_append_printf (text, ngettext (" and %u more", " and %u more", n - KEPT_SHOWN),
                            n - KEPT_SHOWN);
  return g_string_free (text, FALSE);
}

/* The kept members' subtitle (a list of JSON paths) wraps between paths,
 * never inside one. Broken character by character, as AdwActionRow's
 * subtitle allows, each of the many measures GTK makes of it laid out every
 * character as a line of its own: tens of milliseconds per frame after an
 * import. The paths fit on a line at any width the form takes. */
static void
wrap_kept_by_word (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "subtitle"))
        gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD);
      else
        wrap_kept_by_word (child);
    }
}

/* More lines than the texts below can take: their ellipsis never shows. */
#define UNREACHED_LINES 10000

/* To find a row's height, GTK 4.8 asks the text column beside its suffixes
 * for its width at one height after another, and a wrapping GtkLabel answers
 * each question by a binary search over widths, each step a Pango layout of
 * its whole text. After an import, the kept members' list alone took about a
 * hundred layouts each time the form was measured, and the form is measured
 * twice (once when the window computes its size, once in the frame): 10 to
 * 25 ms. A label that ellipsizes after some lines gives its narrowest width
 * as its minimum at every height, and one whose natural width does not wrap
 * gives its width on one line: a layout or two per question, and fewer
 * questions. Done only where the suffixes are buttons, whose width does not
 * give way, so that the text column takes the same room as before and wraps
 * the same; the subtitles ellipsized already keep their number of lines. */
static void
measure_wrapped_once (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = GTK_IS_LABEL (child) ? GTK_LABEL (child) : NULL;

      /* An action row's subtitle, a preferences group's description. */
      if (label != NULL && gtk_label_get_wrap (label) &&
          (gtk_widget_has_css_class (child, "subtitle") ||
           gtk_widget_has_css_class (child, "dim-label")))
        {
          if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE)
            {
              gtk_label_set_lines (label, UNREACHED_LINES);
              gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
            }
          gtk_label_set_natural_wrap_mode (label, GTK_NATURAL_WRAP_NONE);
        }
      else
        measure_wrapped_once (child);
    }
}

static void
sync_visibility (CsConnectorForm *self)
{
  gboolean budget = cs_connector_spec_get_thinking (self->spec) == CS_CONNECTOR_THINKING_BUDGET;
  gboolean keys = cs_connector_spec_get_credential_kind (self->spec) == CS_CREDENTIAL_KIND_KEYS;
  const char * const *kept = cs_connector_spec_get_kept (self->spec);

  gtk_widget_set_visible (GTK_WIDGET (self->budget_row), budget);
  /* Models that refuse temperature get none in their body. */
  gtk_widget_set_visible (GTK_WIDGET (self->temperature_row),
                          cs_connector_spec_sends_temperature (self->spec));
  _cs_connector_form_show_thinking (self);
  gtk_widget_set_visible (GTK_WIDGET (self->access_key_row), keys);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_key_row), keys);
  gtk_widget_set_visible (GTK_WIDGET (self->session_token_row), keys);
  gtk_widget_set_visible (GTK_WIDGET (self->role_arn_row), !keys);

  gtk_widget_set_visible (GTK_WIDGET (self->kept_group), kept[0] != NULL);
  if (kept[0] != NULL)
    {
      g_autofree char *list = _cs_connector_form_kept_summary (kept);

      adw_action_row_set_subtitle (self->kept_row, list);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->use_template_button),
                          cs_connector_spec_get_actions_kept (self->spec));

  adw_preferences_group_set_description (self->credential_group,
                                         self->keep_secrets ?
                                         _("Kept: the cluster never shows stored keys, so these "
                                           "fields start empty. Leave them empty to keep the "
                                           "keys, or type new keys to replace them.") :
                                         connected_to_sandbox (self) ?
                                         _("The local sandbox never calls AWS: any access key of "
                                           "16 or more capital letters and digits and any "
                                           "40-character secret key will do, for example "
                                           "SANDBOXTESTACCESS01 and "
                                           "sandbox0secret0key0for0local0tests000000.") :
                                         _("What the cluster signs its Bedrock calls with. "
                                           "Secrets are stored in your keyring and never shown "
                                           "in previews."));

  if (session_connected (self) && !cs_session_get_aws_managed (self->session))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                                 _("This cluster is not Amazon OpenSearch Service: use an access "
                                   "key. An IAM role only works on the managed service."));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                                 _("An IAM role works on Amazon OpenSearch Service only"));
}

/* ---- validation ---- */

typedef struct
{
  const char *field;
  gsize       row_offset;
  int         group;       /* 0 connector, 1 model, 2 credentials */
} FieldRow;

#define ROW(member) G_STRUCT_OFFSET (CsConnectorForm, member)

static const FieldRow field_rows[] = {
  { "name",            ROW (name_row),            0 },
  { "description",     ROW (description_row),     0 },
  { "protocol",        0,                         0 },
  { "region",          ROW (region_row),          1 },
  { "region",          ROW (custom_region_row),   1 },
  { "model",           ROW (model_row),           1 },
  { "model",           ROW (custom_model_row),    1 },
  { "thinking",        ROW (thinking_row),        1 },
  { "effort",          ROW (effort_row),          1 },
  { "budget-tokens",   ROW (budget_row),          1 },
  { "max-tokens",      ROW (max_tokens_row),      1 },
  { "temperature",     ROW (temperature_row),     1 },
  { "top-p",           0,                         1 },
  { "top-k",           0,                         1 },
  { "read-timeout",    ROW (read_timeout_row),    1 },
  { "credential-kind", ROW (kind_row),            2 },
  { "access-key",      ROW (access_key_row),      2 },
  { "secret-key",      ROW (secret_key_row),      2 },
  { "session-token",   ROW (session_token_row),   2 },
  { "role-arn",        ROW (role_arn_row),        2 },
};

static GtkWidget *
field_row_widget (CsConnectorForm *self,
                  const FieldRow  *row)
{
  if (row->row_offset == 0)
    return NULL;
  return *(GtkWidget **) G_STRUCT_MEMBER_P (self, row->row_offset);
}

/* An empty entry the user has not left yet is not an error to show: the
 * Create button's hint says what is missing until then. */
static gboolean
problem_shown (CsConnectorForm *self,
               GtkWidget       *row)
{
  const char *text;

  if (row == NULL || self->show_all_problems || !GTK_IS_EDITABLE (row) ||
      g_hash_table_contains (self->touched, row))
    return TRUE;
  text = gtk_editable_get_text (GTK_EDITABLE (row));
  return text != NULL && text[0] != '\0';
}

static void
set_problems_label (GtkLabel *label,
                    GString  *text)
{
  gtk_label_set_text (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
}

/* url: the predict action's, rendered (NULL without one). */
static void
update_endpoint (CsConnectorForm *self,
                 const char      *url)
{
  int match = -1;

  adw_action_row_set_subtitle (self->endpoint_row, url != NULL ? url : _("No predict action"));

  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->fix_trusted_button), FALSE);

  if (self->trusted == NULL || url == NULL)
    {
      gtk_image_set_from_icon_name (self->endpoint_icon, "dialog-question-symbolic");
      adw_action_row_set_subtitle (self->trusted_row,
                                   session_connected (self) ?
                                   _("Reading the cluster’s trusted endpoints…") :
                                   _("Connect to a cluster to check this URL against its trusted "
                                     "endpoints."));
      return;
    }

  match = cs_trusted_list_match (self->trusted, url);
  if (match >= 0)
    {
      g_autofree char *text =
        g_strdup_printf (_("The cluster trusts this URL: it matches “%s”."),
                         cs_trusted_list_get_pattern (self->trusted, match));

      gtk_image_set_from_icon_name (self->endpoint_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_icon), "success");
      adw_action_row_set_subtitle (self->trusted_row, text);
    }
  else
    {
      gtk_image_set_from_icon_name (self->endpoint_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->fix_trusted_button), TRUE);
      adw_action_row_set_subtitle (self->trusted_row,
                                   _("No trusted endpoint of the cluster matches this URL, so it "
                                     "would refuse the connector. Add the Bedrock pattern in "
                                     "Cluster Settings, or check the region."));
    }
}

static void
revalidate (CsConnectorForm *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  GString *texts[3] = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  CsVersion version;
  gboolean have_version = session_version (self, &version);
  /* Unknown cluster: do not claim it is open source. */
  gboolean aws_managed = !session_connected (self) || cs_session_get_aws_managed (self->session);
  gboolean valid;
  gint64 suggested;

  /* An import brings the checks it made in its thread for this cluster. */
  CsConnectorImport *import = self->import != NULL && self->import->spec == self->spec &&
                              cs_connector_import_matches (self->import,
                                                           have_version ? &version : NULL,
                                                           aws_managed) ? self->import : NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(CsPayloadPreview) preview = NULL;

  if (import != NULL)
    {
      /* A list of its own: the filter below removes from it. */
      problems = g_ptr_array_new ();
      for (guint p = 0; p < import->problems->len; p++)
        g_ptr_array_add (problems, g_ptr_array_index (import->problems, p));
      valid = import->valid;
    }
  else
    valid = cs_connector_spec_validate (self->spec, have_version ? &version : NULL, aws_managed,
                                        &problems);
  g_clear_pointer (&self->first_problem, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
    {
      GtkWidget *row = field_row_widget (self, &field_rows[i]);

      if (row != NULL)
        gtk_widget_remove_css_class (row, "error");
    }

  if (cs_connector_form_get_keeping_secrets (self))
    {
      /* Editing a connector on the cluster with its keys kept: empty key fields are fine. */
      for (guint p = problems->len; p > 0; p--)
        {
          CsSpecProblem *problem = g_ptr_array_index (problems, p - 1);

          if (g_strcmp0 (problem->field, "access-key") == 0 ||
              g_strcmp0 (problem->field, "secret-key") == 0 ||
              g_strcmp0 (problem->field, "session-token") == 0)
            g_ptr_array_remove_index (problems, p - 1);
        }
      valid = problems->len == 0;
    }

  for (guint p = 0; p < problems->len; p++)
    {
      CsSpecProblem *problem = g_ptr_array_index (problems, p);
      int group = 0;
      gboolean shown = FALSE;
      gboolean has_row = FALSE;

      if (p == 0)
        self->first_problem = g_strdup (problem->message);
      for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
        if (g_strcmp0 (field_rows[i].field, problem->field) == 0)
          {
            GtkWidget *row = field_row_widget (self, &field_rows[i]);

            group = field_rows[i].group;
            if (row == NULL)
              continue;
            has_row = TRUE;
            if (problem_shown (self, row))
              {
                gtk_widget_add_css_class (row, "error");
                shown = TRUE;
              }
          }
      if (has_row && !shown)
        continue;
      if (texts[group]->len > 0)
        g_string_append_c (texts[group], '\n');
      g_string_append (texts[group], problem->message);
    }
  set_problems_label (self->connector_problems, texts[0]);
  set_problems_label (self->model_problems, texts[1]);
  set_problems_label (self->credential_problems, texts[2]);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_string_free (texts[i], TRUE);

  if (import != NULL)
    suggested = import->suggested_timeout;
  else
    suggested = cs_connector_spec_suggest_read_timeout (self->spec,
                                                        have_version ? &version : NULL);
  self->suggested_timeout = suggested;
  gtk_widget_set_visible (GTK_WIDGET (self->suggest_timeout_button), suggested > 0);
  if (suggested > 0)
    {
      /* Translators: a button; %d is a number of seconds */
      g_autofree char *label = g_strdup_printf (_("Use %d s"), (int) suggested);

      gtk_button_set_label (self->suggest_timeout_button, label);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->suggest_timeout_button),
                                   _("Thinking can take longer than the 30 seconds the cluster "
                                     "waits by default"));
    }

  if (import != NULL)
    update_endpoint (self, import->endpoint->url);
  else
    {
      body = cs_connector_spec_build_body (self->spec, TRUE);
      preview = cs_payload_preview_new (json_node_get_object (body), NULL,
                                        have_version ? &version : NULL);
      update_endpoint (self, preview->url);
    }
  if (self->trusted != NULL && gtk_widget_get_visible (GTK_WIDGET (self->fix_trusted_button)))
    valid = FALSE;

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
spec_changed_cb (CsConnectorForm *self)
{
  sync_visibility (self);
  revalidate (self);
}

/* ---- buttons ---- */

static void
suggest_timeout_clicked_cb (CsConnectorForm *self)
{
  if (self->suggested_timeout > 0)
    gtk_spin_button_set_value (self->read_timeout_spin, self->suggested_timeout);
}

static void
use_template_clicked_cb (CsConnectorForm *self)
{
  cs_connector_spec_use_template_actions (self->spec);
}

/* ---- trusted endpoints: the session's list, read once when it connected and
 * replaced by Cluster Settings after a change ---- */

static void
sync_trusted (CsConnectorForm *self)
{
  const GError *error = NULL;

  g_clear_object (&self->trusted);
  if (session_connected (self) && cs_session_get_trusted_list (self->session) != NULL)
    self->trusted = g_object_ref (cs_session_get_trusted_list (self->session));
  else if (session_connected (self))
    error = cs_session_get_trusted_list_error (self->session);
  revalidate (self);
  if (error != NULL)
    adw_action_row_set_subtitle (self->trusted_row, error->message);
}

static void
session_state_cb (CsConnectorForm *self)
{
  sync_visibility (self);
  sync_trusted (self);
}

/* ---- fields the user has been in ---- */

static void
field_left_cb (GtkEventControllerFocus *controller,
               CsConnectorForm         *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (self->touched == NULL || g_hash_table_contains (self->touched, row))
    return;
  g_hash_table_add (self->touched, row);
  revalidate (self);
}

/* Enter in a credential field, the form's last group, asks to create. */
static void
credential_activated_cb (CsConnectorForm *self)
{
  g_signal_emit (self, signals[SUBMIT], 0);
}

static void
watch_touched (CsConnectorForm *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
    {
      GtkWidget *row = field_row_widget (self, &field_rows[i]);
      GtkEventController *focus;

      if (row == NULL || !GTK_IS_EDITABLE (row))
        continue;
      focus = gtk_event_controller_focus_new ();
      g_signal_connect_object (focus, "leave", G_CALLBACK (field_left_cb), self, 0);
      gtk_widget_add_controller (row, focus);
      if (field_rows[i].group == 2 && ADW_IS_ENTRY_ROW (row))
        g_signal_connect_object (row, "entry-activated", G_CALLBACK (credential_activated_cb),
                                 self, G_CONNECT_SWAPPED);
    }
}

/* ---- GObject ---- */

static void
cs_connector_form_dispose (GObject *object)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  if (self->spec_bindings != NULL)
    g_binding_group_set_source (self->spec_bindings, NULL);
  if (self->spec_signals != NULL)
    g_signal_group_set_target (self->spec_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->spec_bindings);
  g_clear_object (&self->spec_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->spec);
  g_clear_object (&self->session);
  g_clear_object (&self->trusted);
  _cs_connector_form_free_bedrock (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTOR_FORM);

  G_OBJECT_CLASS (cs_connector_form_parent_class)->dispose (object);
}

static void
cs_connector_form_finalize (GObject *object)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  g_clear_object (&self->regions);
  g_clear_object (&self->models);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->first_problem, g_free);
  _cs_connector_form_free_thinking (self);

  G_OBJECT_CLASS (cs_connector_form_parent_class)->finalize (object);
}

static void
cs_connector_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  switch (prop_id)
    {
    case PROP_SPEC: g_value_set_object (value, self->spec); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_VALID: g_value_set_boolean (value, self->valid); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CsConnectorForm *self = CS_CONNECTOR_FORM (object);

  switch (prop_id)
    {
    case PROP_SPEC: cs_connector_form_set_spec (self, g_value_get_object (value)); break;
    case PROP_SESSION: cs_connector_form_set_session (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connector_form_class_init (CsConnectorFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_connector_form_dispose;
  object_class->finalize = cs_connector_form_finalize;
  object_class->get_property = cs_connector_form_get_property;
  object_class->set_property = cs_connector_form_set_property;

  properties[PROP_SPEC] = g_param_spec_object ("spec", NULL, NULL, CS_TYPE_CONNECTOR_SPEC,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CS_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* Enter in the last fields: the page creates, or shows what is missing. */
  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cs-connector-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, kept_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, kept_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, use_template_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, description_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, connector_problems);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, region_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, custom_region_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, model_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, custom_model_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, model_note_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, model_note_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, thinking_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, effort_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, budget_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, max_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, system_prompt_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, system_prompt_switch);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, read_timeout_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, read_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, suggest_timeout_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, model_problems);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, credential_group);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, session_token_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, role_arn_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, credential_problems);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, endpoint_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, fix_trusted_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, trusted_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, catalog_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, catalog_copy_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, check_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, check_button);
  gtk_widget_class_bind_template_child (widget_class, CsConnectorForm, iam_row);
  gtk_widget_class_bind_template_callback (widget_class, use_template_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggest_timeout_clicked_cb);
}

static void
cs_connector_form_init (CsConnectorForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cs_accessible_name_password_peek (self->secret_key_row);
  cs_accessible_name_password_peek (self->session_token_row);

  self->touched = g_hash_table_new (NULL, NULL);
  watch_touched (self);

  _cs_connector_form_init_choices (self);
  _cs_connector_form_init_thinking (self);
  bind_mirrors (self);
  wrap_kept_by_word (GTK_WIDGET (self->kept_row));
  /* The long texts an import shows at once. */
  measure_wrapped_once (GTK_WIDGET (self->kept_group));
  measure_wrapped_once (GTK_WIDGET (self->catalog_row));
  measure_wrapped_once (GTK_WIDGET (self->check_row));

  self->spec_signals = g_signal_group_new (CS_TYPE_CONNECTOR_SPEC);
  g_signal_group_connect_object (self->spec_signals, "changed", G_CALLBACK (spec_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->spec_signals, "notify::region",
                                 G_CALLBACK (_cs_connector_form_show_choices), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->spec_signals, "notify::model",
                                 G_CALLBACK (_cs_connector_form_select_model), self,
                                 G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (CS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::trusted-list",
                                 G_CALLBACK (sync_trusted), self, G_CONNECT_SWAPPED);
  _cs_connector_form_init_bedrock (self);

  cs_connector_form_set_spec (self, NULL);
}

GtkWidget *
cs_connector_form_new (void)
{
  return g_object_new (CS_TYPE_CONNECTOR_FORM, NULL);
}

CsConnectorSpec *
cs_connector_form_get_spec (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);
  return self->spec;
}

static const char *
default_region (void)
{
  static char *region;
  GApplication *app = g_application_get_default ();

  if (!CS_IS_APPLICATION (app))
    return "us-east-1";
  g_free (region);
  region = g_settings_get_string (cs_application_get_settings (CS_APPLICATION (app)),
                                  "default-region");
  return *region != '\0' ? region : "us-east-1";
}

void
cs_connector_form_set_spec (CsConnectorForm *self,
                            CsConnectorSpec *spec)
{
  g_autoptr(CsConnectorSpec) fresh = NULL;

  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));
  g_return_if_fail (spec == NULL || CS_IS_CONNECTOR_SPEC (spec));

  if (spec == NULL)
    {
      /* A new connector starts as the blueprint, in the region chosen in
       * Preferences (the blueprint's, us-east-1, until one is). */
      fresh = cs_connector_spec_new ();
      cs_connector_spec_set_region (fresh, default_region ());
      spec = fresh;
    }
  if (spec == self->spec)
    return;

  g_set_object (&self->spec, spec);
  /* Another connector: its empty fields are not errors until the user left them. */
  g_hash_table_remove_all (self->touched);
  self->show_all_problems = FALSE;
  /* A new spec shows its own region and model, not what was typed before. */
  gtk_widget_set_visible (GTK_WIDGET (self->custom_region_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_model_row), FALSE);
  g_binding_group_set_source (self->spec_bindings, spec);
  g_signal_group_set_target (self->spec_signals, spec);
  _cs_connector_form_show_choices (self);
  sync_visibility (self);
  revalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

void
cs_connector_form_set_import (CsConnectorForm   *self,
                              CsConnectorImport *import)
{
  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));
  g_return_if_fail (import != NULL && CS_IS_CONNECTOR_SPEC (import->spec));

  /* Only for what set_spec does now: the checks are of this spec as imported. */
  self->import = import;
  cs_connector_form_set_spec (self, import->spec);
  self->import = NULL;
}

CsSession *
cs_connector_form_get_session (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);
  return self->session;
}

void
cs_connector_form_set_session (CsConnectorForm *self,
                               CsSession       *session)
{
  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  session_state_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
cs_connector_form_get_valid (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), FALSE);
  return self->valid;
}

/* Editing a connector on the cluster: its keys are kept unless new ones are typed. */
void
cs_connector_form_set_keep_secrets (CsConnectorForm *self,
                                    gboolean         keep_secrets)
{
  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));

  /* Nothing to show again (an import leaving a long connector would check it once more). */
  if (self->keep_secrets == !!keep_secrets)
    return;
  self->keep_secrets = !!keep_secrets;
  sync_visibility (self);
  revalidate (self);
}

gboolean
cs_connector_form_get_keeping_secrets (CsConnectorForm *self)
{
  const char *access, *secret, *token;

  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), FALSE);
  if (!self->keep_secrets ||
      cs_connector_spec_get_credential_kind (self->spec) != CS_CREDENTIAL_KIND_KEYS)
    return FALSE;
  access = cs_connector_spec_get_access_key (self->spec);
  secret = cs_connector_spec_get_secret_key (self->spec);
  token = cs_connector_spec_get_session_token (self->spec);
  return (access == NULL || access[0] == '\0') && (secret == NULL || secret[0] == '\0') &&
         (token == NULL || token[0] == '\0');
}

const char *
cs_connector_form_get_first_problem (CsConnectorForm *self)
{
  g_return_val_if_fail (CS_IS_CONNECTOR_FORM (self), NULL);
  return self->first_problem;
}

void
cs_connector_form_show_problems (CsConnectorForm *self)
{
  g_return_if_fail (CS_IS_CONNECTOR_FORM (self));

  self->show_all_problems = TRUE;
  revalidate (self);
  for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
    {
      GtkWidget *row = field_row_widget (self, &field_rows[i]);

      if (row != NULL && gtk_widget_get_visible (row) && gtk_widget_has_css_class (row, "error"))
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
}
