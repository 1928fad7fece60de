/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

/* GET / */
void        sb_cluster_main            (SbRequest   *req);
/* GET /_cat/plugins */
void        sb_cluster_cat_plugins     (SbRequest   *req);
/* GET /_nodes/plugins */
void        sb_cluster_nodes_plugins   (SbRequest   *req);
/* GET /_cluster/health */
void        sb_cluster_health          (SbRequest   *req);
/* GET /_cluster/settings */
void        sb_cluster_get_settings    (SbRequest   *req);
/* PUT /_cluster/settings */
void        sb_cluster_put_settings    (SbRequest   *req);

/* The effective value of a known flat setting key (transient, then persistent, then the
 * version's default): a string, or a JSON array for list settings. NULL for unknown keys and
 * keys that do not exist in this version. */
JsonNode   *sb_cluster_setting         (SbServer    *server,
                                        const char  *key);
gboolean    sb_cluster_setting_bool    (SbServer    *server,
                                        const char  *key,
                                        gboolean     fallback);
/* Java `matches()` of url against the effective trusted_connector_endpoints_regex. */
gboolean    sb_cluster_url_trusted     (SbServer    *server,
                                        const char  *url);
/* The 400 reason for an untrusted connector URL in this version, or NULL when trusted. */
char       *sb_cluster_check_url       (SbServer    *server,
                                        const char  *url);
/* ≥3.7 ReDoS/length/syntax validation of one regex; NULL when it is acceptable. */
char       *sb_cluster_validate_regex  (const char  *pattern);

G_END_DECLS
