/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-version.h"

G_BEGIN_DECLS

/* What "Test connection" finds out about a cluster. */
typedef struct
{
  char      *distribution;       /* "opensearch", "elasticsearch", … */
  char      *version_text;       /* version.number as answered */
  CsVersion  version;            /* the OpenSearch version, when known */
  gboolean   has_version;
  /* number was 7.10.2 for compatibility, so the real version is unknown
   * unless the plugin list told it (opensearch_version / ML version). */
  gboolean   version_overridden;
  char      *cluster_name;
  char      *ml_version;         /* "2.19.1.0", or NULL: not installed */
  gboolean   aws_managed;        /* looks like Amazon OpenSearch Service */
} CsClusterInfo;

#define CS_TYPE_CLUSTER_INFO (cs_cluster_info_get_type ())
GType           cs_cluster_info_get_type   (void);
CsClusterInfo  *cs_cluster_info_copy       (const CsClusterInfo *info);
void            cs_cluster_info_free       (CsClusterInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsClusterInfo, cs_cluster_info_free)

/* Pure: builds the info from the answers of GET / and
 * GET _cat/plugins?format=json (plugins may be NULL when that failed).
 * base_url and sigv4 feed the Amazon OpenSearch Service guess. */
CsClusterInfo  *cs_cluster_info_from_json  (JsonNode            *root,
                                            JsonNode            *plugins,
                                            const char          *base_url,
                                            gboolean             sigv4,
                                            GError             **error);

/* Whether a host name is an Amazon OpenSearch Service endpoint. */
gboolean        cs_cluster_host_is_aws     (const char          *host);

/* GET / then GET _cat/plugins?format=json. */
void            cs_cluster_probe_async     (CsClient            *client,
                                            gboolean             sigv4,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
CsClusterInfo  *cs_cluster_probe_finish    (CsClient            *client,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
