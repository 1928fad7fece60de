/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sb-state"

#include "config.h"

#include "sb-state.h"

#include "sb-ids.h"
#include "sb-json.h"

#include <glib/gstdio.h>

struct _SbState
{
  JsonObject *root;
  JsonObject *transient;
  JsonObject *simulation;  /* the /_sandbox/cluster switches; never saved */
  char       *file;
};

static JsonObject *
ensure_object (JsonObject *parent,
               const char *key)
{
  JsonObject *obj = sb_json_get_object (parent, key);

  if (obj == NULL)
    {
      obj = json_object_new ();
      json_object_set_object_member (parent, key, obj);
    }
  return obj;
}

SbState *
sb_state_new (void)
{
  SbState *state = g_new0 (SbState, 1);

  state->root = json_object_new ();
  state->transient = json_object_new ();
  state->simulation = json_object_new ();
  return state;
}

void
sb_state_free (SbState *state)
{
  if (state == NULL)
    return;
  json_object_unref (state->root);
  json_object_unref (state->transient);
  json_object_unref (state->simulation);
  g_free (state->file);
  g_free (state);
}

gboolean
sb_state_set_file (SbState     *state,
                   const char  *file,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;

  g_free (state->file);
  state->file = g_strdup (file);

  if (!g_file_get_contents (file, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  {
    g_autoptr(JsonNode) node = sb_json_parse (contents, length, error);

    if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
      {
        if (error != NULL && *error == NULL)
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s does not hold a sandbox state object", file);
        return FALSE;
      }
    json_object_unref (state->root);
    state->root = json_object_ref (json_node_get_object (node));
  }
  return TRUE;
}

void
sb_state_save (SbState *state)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (state->file == NULL)
    return;

  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
    json_node_set_object (node, state->root);
    text = sb_json_to_string (node);
  }

  /* Credentials of stored connectors are in here: owner-only, written atomically. */
  if (!g_file_set_contents_full (state->file, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_printerr ("connector-studio-sandbox: cannot save the state: %s\n", error->message);
}

const char *
sb_state_index_name (const char *collection)
{
  if (g_str_equal (collection, "connectors"))
    return ".plugins-ml-connector";
  if (g_str_equal (collection, "models"))
    return ".plugins-ml-model";
  if (g_str_equal (collection, "model_groups"))
    return ".plugins-ml-model-group";
  if (g_str_equal (collection, "tasks"))
    return ".plugins-ml-task";
  return collection;
}

gboolean
sb_state_index_exists (SbState    *state,
                       const char *collection)
{
  return sb_json_get_object (state->root, collection) != NULL;
}

JsonObject *
sb_state_collection (SbState    *state,
                     const char *collection)
{
  return sb_json_get_object (state->root, collection);
}

JsonObject *
sb_state_get_doc (SbState    *state,
                  const char *collection,
                  const char *id)
{
  JsonObject *coll = sb_json_get_object (state->root, collection);

  if (coll == NULL || id == NULL)
    return NULL;
  return sb_json_get_object (coll, id);
}

JsonObject *
sb_state_get_source (SbState    *state,
                     const char *collection,
                     const char *id)
{
  return sb_json_get_object (sb_state_get_doc (state, collection, id), "_source");
}

gint64
sb_state_next_seq_no (SbState *state)
{
  gint64 seq = 0;

  if (json_object_has_member (state->root, "seq_no"))
    seq = json_object_get_int_member (state->root, "seq_no");
  json_object_set_int_member (state->root, "seq_no", seq + 1);
  return seq;
}

JsonObject *
sb_state_put (SbState    *state,
              const char *collection,
              const char *id,
              JsonObject *source)
{
  JsonObject *coll = ensure_object (state->root, collection);
  JsonObject *old = sb_json_get_object (coll, id);
  JsonObject *doc = json_object_new ();
  gint64 version = 1;

  if (old != NULL)
    version = json_object_get_int_member (old, "_version") + 1;

  json_object_set_int_member (doc, "_version", version);
  json_object_set_int_member (doc, "_seq_no", sb_state_next_seq_no (state));
  json_object_set_int_member (doc, "_primary_term", 1);
  json_object_set_object_member (doc, "_source", source);
  json_object_set_object_member (coll, id, doc);
  return doc;
}

JsonObject *
sb_state_touch (SbState    *state,
                const char *collection,
                const char *id)
{
  JsonObject *doc = sb_state_get_doc (state, collection, id);

  if (doc == NULL)
    return NULL;
  json_object_set_int_member (doc, "_version", json_object_get_int_member (doc, "_version") + 1);
  json_object_set_int_member (doc, "_seq_no", sb_state_next_seq_no (state));
  return doc;
}

gboolean
sb_state_remove (SbState    *state,
                 const char *collection,
                 const char *id,
                 gint64     *version,
                 gint64     *seq_no)
{
  JsonObject *coll = sb_json_get_object (state->root, collection);
  JsonObject *doc = coll != NULL ? sb_json_get_object (coll, id) : NULL;

  if (doc == NULL)
    return FALSE;
  if (version != NULL)
    *version = json_object_get_int_member (doc, "_version") + 1;
  json_object_remove_member (coll, id);
  if (seq_no != NULL)
    *seq_no = sb_state_next_seq_no (state);
  return TRUE;
}

JsonObject *
sb_state_persistent (SbState *state)
{
  return ensure_object (state->root, "persistent_settings");
}

JsonObject *
sb_state_transient (SbState *state)
{
  return state->transient;
}

JsonArray *
sb_state_nodes (SbState *state,
                guint    count)
{
  JsonArray *nodes = sb_json_get_array (state->root, "nodes");

  if (nodes == NULL || json_array_get_length (nodes) != count)
    {
      nodes = json_array_new ();
      for (guint i = 0; i < count; i++)
        {
          g_autofree char *id = sb_id_new (22);
          json_array_add_string_element (nodes, id);
        }
      json_object_set_array_member (state->root, "nodes", nodes);
    }
  return nodes;
}

JsonObject *
sb_state_meta (SbState    *state,
               const char *name)
{
  g_autofree char *key = g_strconcat ("sandbox_", name, NULL);

  return ensure_object (state->root, key);
}

JsonObject *
sb_state_simulation (SbState *state)
{
  return state->simulation;
}
