/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-connector-import"

#include "config.h"

#include "cs-connector-import.h"

/* Indented as the JSON views show a tree (cs_json_view_set_json) and as
 * cs_connector_spec_to_json writes it: the same text as before the import
 * moved off the main thread. */
static char *
indented (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

void
cs_connector_import_free (CsConnectorImport *import)
{
  if (import == NULL)
    return;
  g_clear_object (&import->spec);
  g_clear_pointer (&import->problems, g_ptr_array_unref);
  g_free (import->body_text);
  g_clear_pointer (&import->endpoint, cs_payload_preview_free);
  g_clear_pointer (&import->preview, cs_payload_preview_free);
  g_free (import->payload_text);
  g_free (import);
}

CsConnectorImport *
cs_connector_import_new (const char       *text,
                         const CsVersion  *version,
                         gboolean          aws_managed,
                         GError          **error)
{
  g_autoptr(CsConnectorImport) import = NULL;
  g_autoptr(CsConnectorSpec) spec = NULL;
  g_autoptr(JsonObject) sample = NULL;
  g_autoptr(JsonNode) body = NULL;
  const CsVersion *for_version;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  spec = cs_connector_spec_new_from_json (text, error);
  if (spec == NULL)
    return NULL;

  import = g_new0 (CsConnectorImport, 1);
  import->spec = g_steal_pointer (&spec);
  import->have_version = version != NULL;
  if (version != NULL)
    import->version = *version;
  import->aws_managed = !!aws_managed;
  for_version = import->have_version ? &import->version : NULL;

  import->valid = cs_connector_spec_validate (import->spec, for_version, import->aws_managed,
                                              &import->problems);
  import->suggested_timeout = cs_connector_spec_suggest_read_timeout (import->spec, for_version);

  body = cs_connector_spec_build_body (import->spec, TRUE);
  import->body_text = indented (body);
  import->endpoint = cs_payload_preview_new (json_node_get_object (body), NULL, for_version);
  sample = cs_payload_sample_predict_parameters ();
  import->preview = cs_payload_preview_new (json_node_get_object (body), sample, for_version);
  if (import->preview->valid_json)
    {
      g_autoptr(JsonNode) rendered = json_from_string (import->preview->body, NULL);

      if (rendered != NULL)
        import->payload_text = indented (rendered);
    }
  return g_steal_pointer (&import);
}

typedef struct
{
  char      *text;
  gboolean   have_version;
  CsVersion  version;
  gboolean   aws_managed;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->text);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  CsConnectorImport *import;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  import = cs_connector_import_new (data->text, data->have_version ? &data->version : NULL,
                                    data->aws_managed, &error);
  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) cs_connector_import_free);
}

void
cs_connector_import_async (const char          *text,
                           const CsVersion     *version,
                           gboolean             aws_managed,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connector_import_async);
  data = g_new0 (ImportData, 1);
  data->text = g_strdup (text);
  data->have_version = version != NULL;
  if (version != NULL)
    data->version = *version;
  data->aws_managed = !!aws_managed;
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

CsConnectorImport *
cs_connector_import_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connector_import_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
cs_connector_import_matches (CsConnectorImport *import,
                             const CsVersion   *version,
                             gboolean           aws_managed)
{
  g_return_val_if_fail (import != NULL, FALSE);

  if (!import->have_version != (version == NULL) || !import->aws_managed != !aws_managed)
    return FALSE;
  return version == NULL || cs_version_compare (&import->version, version) == 0;
}
