/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-bedrock-request.h"
#include "cs-model-rules.h"

G_BEGIN_DECLS

/*
 * The Claude models the user's own AWS account can use in a region, read
 * from Bedrock's control plane (read-only) and merged with the rule table
 * (cs-model-rules.h):
 *
 *   GET /foundation-models?byProvider=Anthropic   ListFoundationModels
 *   GET /inference-profiles?type=SYSTEM_DEFINED   ListInferenceProfiles, every page (nextToken)
 *
 * on https://bedrock.<region>.amazonaws.com (or CsBedrockEndpoints'
 * control_url), SigV4 service "bedrock". The IAM actions this needs are
 * bedrock:ListFoundationModels and bedrock:ListInferenceProfiles.
 *
 * Listings are cached in memory per region and access key, with the time
 * they were read; a list call with refresh = TRUE reads again.
 *
 * Contract for callers: the catalogue is an addition to the table, never a
 * requirement. When the listing fails — offline (CS_BEDROCK_FAILED_OFFLINE),
 * a permission missing (CS_BEDROCK_FAILED_PERMISSION, the action to add is
 * named), keys refused, or an IAM role that only the cluster can assume —
 * the caller keeps offering cs_model_rules_list() alone and shows the
 * error's message, which says so.
 */

/* What the account's answer and the table say about one model in a region. */
typedef enum
{
  CS_BEDROCK_MARK_NONE        = 0,
  CS_BEDROCK_MARK_LEGACY      = 1 << 0,  /* Bedrock's modelLifecycle.status is LEGACY, or the
                                          * table says legacy */
  CS_BEDROCK_MARK_END_OF_LIFE = 1 << 1,  /* the table says end of life: not callable */
  CS_BEDROCK_MARK_NO_PROFILE  = 1 << 2,  /* no inference profile for it in the region (and no
                                          * on-demand use by model id) */
  CS_BEDROCK_MARK_DERIVED     = 1 << 3,  /* not in the table (typically newer than it): its
                                          * rules were derived from family and version */
} CsBedrockMarks;

typedef struct
{
  char            *model_id;     /* modelSummaries[].modelId */
  char            *name;         /* modelSummaries[].modelName */
  char            *lifecycle;    /* modelSummaries[].modelLifecycle.status ("ACTIVE", "LEGACY") */
  gboolean         on_demand;    /* inferenceTypesSupported has ON_DEMAND */
  CsBedrockMarks   marks;
  char            *profile_id;   /* the profile to call it with from the region (its geography's
                                  * when there is one, else global), or NULL */
  GStrv            profile_ids;  /* every ACTIVE profile in the region that routes to it */
  CsModelRules    *rules;        /* the table's or derived rules; NULL when the id names no
                                  * Claude model */
} CsBedrockAccountModel;

/* TRUE when the model can be called from the region: a profile (or on-demand
 * use) and not past end of life. Legacy models are usable, with a warning. */
gboolean                cs_bedrock_account_model_is_usable (const CsBedrockAccountModel *model);

typedef struct _CsBedrockListing CsBedrockListing;

#define CS_TYPE_BEDROCK_LISTING (cs_bedrock_listing_get_type ())
GType                   cs_bedrock_listing_get_type   (void) G_GNUC_CONST;
CsBedrockListing       *cs_bedrock_listing_ref        (CsBedrockListing       *listing);
void                    cs_bedrock_listing_unref      (CsBedrockListing       *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBedrockListing, cs_bedrock_listing_unref)

const char             *cs_bedrock_listing_get_region (const CsBedrockListing *listing);
/* When Bedrock answered (UTC). */
GDateTime              *cs_bedrock_listing_get_time   (const CsBedrockListing *listing);
/* Element type CsBedrockAccountModel, in the order Bedrock listed them. */
GPtrArray              *cs_bedrock_listing_get_models (const CsBedrockListing *listing);
/* The model with this base id, or NULL. */
const CsBedrockAccountModel *cs_bedrock_listing_find  (const CsBedrockListing *listing,
                                                       const char             *model_id);

#define CS_TYPE_BEDROCK_ACCOUNT (cs_bedrock_account_get_type ())
G_DECLARE_FINAL_TYPE (CsBedrockAccount, cs_bedrock_account, CS, BEDROCK_ACCOUNT, GObject)

/* endpoints: NULL for the real AWS hosts (copied). */
CsBedrockAccount       *cs_bedrock_account_new        (const CsBedrockEndpoints *endpoints);
/* Changes where Bedrock is (NULL = AWS) and forgets every cached listing. */
void                    cs_bedrock_account_set_endpoints (CsBedrockAccount        *self,
                                                          const CsBedrockEndpoints *endpoints);

/* The cached listing for this access key and region, or NULL. */
CsBedrockListing       *cs_bedrock_account_get_cached (CsBedrockAccount       *self,
                                                       const char             *access_key_id,
                                                       const char             *region);
void                    cs_bedrock_account_forget     (CsBedrockAccount       *self);

/* Reads the listing (or returns the cached one unless refresh). keys are
 * copied and wiped after use; nothing is stored but the listing. */
void                    cs_bedrock_account_list_async (CsBedrockAccount       *self,
                                                       const CsBedrockKeys    *keys,
                                                       const char             *region,
                                                       gboolean                refresh,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
/* The listing, or NULL with a CS_ERROR whose message is a translated sentence
 * that says what to do. outcome (may be NULL) says which part failed
 * (CS_BEDROCK_OK on success); missing_action (may be NULL) gets the IAM
 * action to add ("bedrock:ListFoundationModels",
 * "bedrock:ListInferenceProfiles") when outcome is
 * CS_BEDROCK_FAILED_PERMISSION, else NULL. */
CsBedrockListing       *cs_bedrock_account_list_finish (CsBedrockAccount      *self,
                                                        GAsyncResult          *result,
                                                        CsBedrockOutcome      *outcome,
                                                        char                 **missing_action,
                                                        GError               **error);

G_END_DECLS
