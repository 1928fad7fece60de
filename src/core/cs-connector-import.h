/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-connector-spec.h"
#include "cs-payload.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * Importing a connector body, off the main thread: parsing the text into a
 * spec (cs_connector_spec_new_from_json, with its limits and its errors) and
 * everything the Connectors page shows of the new spec that needs no widget —
 * the checks, the masked body as text, the payload previews — so that the
 * page only has to put the results into its widgets.
 *
 * version (NULL: unknown cluster) and aws_managed are what the checks and the
 * previews are made for; cs_connector_import_matches() tells whether a result
 * still fits the cluster the page is connected to when it arrives.
 */
typedef struct
{
  CsConnectorSpec  *spec;

  /* What the checks and previews were made for. */
  gboolean          have_version;
  CsVersion         version;
  gboolean          aws_managed;

  /* cs_connector_spec_validate (spec, version, aws_managed, &problems). */
  gboolean          valid;
  GPtrArray        *problems;          /* CsSpecProblem */
  /* cs_connector_spec_suggest_read_timeout (spec, version). */
  gint64            suggested_timeout;
  /* The masked body (cs_connector_spec_build_body (spec, TRUE)) as indented
   * JSON text (the tree itself is freed in the thread). */
  char             *body_text;
  /* The payload preview of the body without predict parameters (for the
   * action's URL) and with the sample predict parameters
   * (cs_payload_sample_predict_parameters). */
  CsPayloadPreview *endpoint;
  CsPayloadPreview *preview;
  /* The sample payload as indented JSON when it is JSON, else NULL. */
  char             *payload_text;
} CsConnectorImport;

void               cs_connector_import_free    (CsConnectorImport   *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConnectorImport, cs_connector_import_free)

/* The whole import in one call, on the calling thread. */
CsConnectorImport *cs_connector_import_new     (const char          *text,
                                                const CsVersion     *version,
                                                gboolean             aws_managed,
                                                GError             **error);

/* The same in a worker thread; text is copied. */
void               cs_connector_import_async   (const char          *text,
                                                const CsVersion     *version,
                                                gboolean             aws_managed,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
CsConnectorImport *cs_connector_import_finish  (GAsyncResult        *result,
                                                GError             **error);

/* TRUE when the result was made for this cluster (version NULL: unknown). */
gboolean           cs_connector_import_matches (CsConnectorImport   *import,
                                                const CsVersion     *version,
                                                gboolean             aws_managed);

G_END_DECLS
