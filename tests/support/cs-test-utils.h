/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Path of a file under tests/data/ (the project's own copy of the test data). */
char       *cs_test_data_path        (const char  *relative);
/* Contents of a file under tests/data/; aborts the test when it is missing. */
char       *cs_test_data_contents    (const char  *relative,
                                      gsize       *length);
/* Parses a file under tests/data/ as JSON; aborts on error. */
JsonNode   *cs_test_data_json        (const char  *relative);

/* How long a test may wait for something, in microseconds from now: ms
 * milliseconds scaled by $CS_TEST_TIME_SCALE (the sanitizer setup sets 3, as
 * its meson timeout multiplier does). Every wait in the tests goes through it,
 * so a slow run waits longer instead of failing. */
gint64      cs_test_deadline         (guint        ms);
guint       cs_test_scaled_ms        (guint        ms);

/* Spins the default main context until *result is set or the timeout elapses
 * (then the test fails). Use with cs_test_store_result as the callback. */
void        cs_test_wait_for_result  (GAsyncResult **result,
                                      guint          timeout_ms);
void        cs_test_store_result     (GObject       *source,
                                      GAsyncResult  *res,
                                      gpointer       user_data);

/* Spins the default main context until flag becomes TRUE (or fails). */
void        cs_test_wait_for_flag    (gboolean      *flag,
                                      guint          timeout_ms);

/* Serialises a node compactly with object members sorted by name, so that two
 * semantically equal documents compare equal as strings. */
char       *cs_test_canonical_json   (JsonNode    *node);

G_END_DECLS
