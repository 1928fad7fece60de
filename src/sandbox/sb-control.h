/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

/* GET /_sandbox */
void sb_control_info            (SbRequest *req);
/* GET /_sandbox/faults */
void sb_control_faults_get      (SbRequest *req);
/* POST /_sandbox/faults {"spec":"<fault spec>"} */
void sb_control_faults_add      (SbRequest *req);
/* DELETE /_sandbox/faults and DELETE /_sandbox/faults/<id> */
void sb_control_faults_clear    (SbRequest *req);
/* POST /_sandbox/bedrock-error {"error":"throttling"} */
void sb_control_bedrock_error   (SbRequest *req);
/* GET /_sandbox/requests */
void sb_control_requests_get    (SbRequest *req);
/* DELETE /_sandbox/requests */
void sb_control_requests_clear  (SbRequest *req);
/* POST /_sandbox/cluster: node roles, master key not ready (README.md, "Cluster conditions"). */
void sb_control_cluster         (SbRequest *req);
/* GET/DELETE /_sandbox/connections: connections (TLS handshakes) opened since the last reset */
void sb_control_connections     (SbRequest *req);
/* POST /_sandbox/ids {"seed": N}: ids follow from N from now on */
void sb_control_ids             (SbRequest *req);
/* Answers ML Commons' master-key error while the simulated key is not ready and returns
 * TRUE, or returns FALSE when the request goes on (sb-routes.c, before an ML route). */
gboolean sb_control_cluster_refuses (SbRequest *req);

G_END_DECLS
