/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The simulated cluster's documents, in memory. Each collection ("connectors", "models",
 * "model_groups", "tasks") maps a document id to {"_version","_seq_no","_primary_term",
 * "_source"} in creation order. Persistent cluster settings are kept as flat keys; transient
 * ones are not saved (they are lost on a full cluster restart, as in OpenSearch). */
typedef struct _SbState SbState;

SbState    *sb_state_new             (void);
void        sb_state_free            (SbState     *state);
/* Loads `file` when it exists (a missing file is an empty cluster) and saves there after
 * every change, atomically and readable by the owner only. */
gboolean    sb_state_set_file        (SbState     *state,
                                      const char  *file,
                                      GError     **error);
void        sb_state_save            (SbState     *state);

/* The OpenSearch index that holds a collection, e.g. ".plugins-ml-connector". */
const char *sb_state_index_name      (const char  *collection);
/* Whether the collection's index exists (a document was ever stored in it). */
gboolean    sb_state_index_exists    (SbState     *state,
                                      const char  *collection);
JsonObject *sb_state_collection      (SbState     *state,
                                      const char  *collection);
JsonObject *sb_state_get_doc         (SbState     *state,
                                      const char  *collection,
                                      const char  *id);
JsonObject *sb_state_get_source      (SbState     *state,
                                      const char  *collection,
                                      const char  *id);
/* Stores `source` (takes it) under id, bumping _version and _seq_no; returns the wrapper. */
JsonObject *sb_state_put             (SbState     *state,
                                      const char  *collection,
                                      const char  *id,
                                      JsonObject  *source);
/* Marks an in-place change of a stored source: bumps _version and _seq_no. */
JsonObject *sb_state_touch           (SbState     *state,
                                      const char  *collection,
                                      const char  *id);
/* Removes a document; returns its last wrapper values in *version / *seq_no. */
gboolean    sb_state_remove          (SbState     *state,
                                      const char  *collection,
                                      const char  *id,
                                      gint64      *version,
                                      gint64      *seq_no);
gint64      sb_state_next_seq_no     (SbState     *state);

JsonObject *sb_state_persistent      (SbState     *state);
JsonObject *sb_state_transient       (SbState     *state);
/* Simulated node ids, kept across restarts when the node count stays the same. */
JsonArray  *sb_state_nodes           (SbState     *state,
                                      guint        count);

/* A persisted object of the sandbox's own bookkeeping (e.g. "workers": model id -> node ids). */
JsonObject *sb_state_meta            (SbState     *state,
                                      const char  *name);

/* The switches of POST /_sandbox/cluster (node roles, master key, memory circuit breaker):
 * the simulated cluster's condition, not its documents, so never saved with --state. */
JsonObject *sb_state_simulation      (SbState     *state);

G_END_DECLS
