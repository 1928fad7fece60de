/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sb-bedrock-control: Amazon Bedrock as an AWS account sees it, called directly with SigV4 — the
 * control plane's ListFoundationModels and ListInferenceProfiles for the sandbox's simulated
 * account, and the runtime's InvokeModel (the simulation of sb-bedrock.c). The sandbox serves
 * them under /_aws/bedrock/… and /_aws/bedrock-runtime/…; README.md, "Bedrock called directly",
 * describes the account, its keys and the sources of each answer. */
#pragma once

#include "sb-request.h"

G_BEGIN_DECLS

/* GET /_aws/bedrock/foundation-models */
void  sb_bedrock_control_list_models    (SbRequest *req);
/* GET /_aws/bedrock/inference-profiles */
void  sb_bedrock_control_list_profiles  (SbRequest *req);
/* POST /_aws/bedrock-runtime/model/<id>/invoke */
void  sb_bedrock_control_invoke         (SbRequest *req);

/* TRUE for a request to one of the routes above: they carry SigV4 for Bedrock, not the
 * cluster's authentication. */
gboolean sb_bedrock_control_is_aws_path (const char *path);

G_END_DECLS
