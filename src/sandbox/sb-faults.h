/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One injected fault, parsed from a spec such as
 * "route=/_plugins/_ml/models/_search,latency=2000" or "status=503,count=1".
 * See README.md for the keys. */
typedef struct
{
  guint     id;
  char     *spec;
  char     *route;        /* glob on the decoded path; NULL = every route but /_sandbox/ */
  char     *method;       /* NULL = any */
  guint     latency_ms;
  guint     status;       /* 0 = keep the route's own answer */
  gboolean  reset;
  gboolean  truncate;
  gboolean  html;
  gboolean  trickle;
  guint     trickle_ms;
  gboolean  reset_after;  /* run the route, then reset instead of answering */
  gboolean  reset_mid_body; /* run the route, send the headers and half the body, reset */
  char     *body;         /* run the route, then replace its body: empty, text, huge, deep,
                           * bad-utf8 (NULL = keep it) */
  char     *retry_after;  /* a Retry-After header on the answer (seconds or an HTTP date) */
  gint      remaining;    /* answers left to spoil; -1 = unlimited */
} SbFault;

/* In failing_nodes, a node number with this bit set fails to update a deployed model's cache
 * ("cache-fail=N"); without it the node fails to deploy ("node-fail=N"). */
#define SB_FAULT_CACHE_FAIL 0x10000u

/* Parses a spec. A "node-fail=N" spec (1-based node number, repeatable; "+" separates
 * several) adds to failing_nodes and yields no SbFault (*fault stays NULL); so does
 * "cache-fail=N", with SB_FAULT_CACHE_FAIL set. */
gboolean  sb_fault_parse    (const char  *spec,
                             SbFault    **fault,
                             GArray      *failing_nodes,
                             GError     **error);
SbFault  *sb_fault_ref      (SbFault     *fault);
void      sb_fault_unref    (SbFault     *fault);
gboolean  sb_fault_matches  (SbFault     *fault,
                             const char  *method,
                             const char  *path);
JsonNode *sb_fault_to_json  (SbFault     *fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbFault, sb_fault_unref)

G_END_DECLS
