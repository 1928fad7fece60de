/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Copyable IAM help for a connector: JSON policy documents (pretty, members
 * in a fixed order, "Version": "2012-10-17") and one mapping text. Nothing
 * here takes or writes a secret: only model ids, regions, account ids and
 * role ARNs.
 *
 * Sources:
 * - Amazon Bedrock User Guide, "Prerequisites for inference profiles"
 *   https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html
 *   (an inference profile in a policy's Resource list also needs the
 *   foundation model in each Region the profile is associated with; the
 *   profile ARN is arn:aws:bedrock:<region>:<account>:inference-profile/<id>,
 *   the model ARN arn:aws:bedrock:<region>::foundation-model/<id>; the list
 *   and get actions of inference profiles are bedrock:ListInferenceProfiles
 *   and bedrock:GetInferenceProfile).
 * - Amazon OpenSearch Service Developer Guide, "Amazon OpenSearch Service ML
 *   connectors for AWS services"
 *   https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ml-amazon-connector.html
 *   (the role's trust policy names the principal service
 *   opensearchservice.amazonaws.com with sts:AssumeRole).
 *   Assumed, not yet confirmed from that page's text: the user who creates
 *   the connector needs iam:PassRole on the role (AWS asks for PassRole on
 *   the service role in the same way in Amazon Personalize's guide,
 *   "Configuring Amazon OpenSearch Service domain security"), and with
 *   fine-grained access control the role is mapped as a backend role of
 *   ml_full_access.
 */

/* The policy that lets the connector call bedrock:InvokeModel on model_id:
 * - an inference-profile id ("us.<model>", "eu.…", "apac.…", "jp.…",
 *   "au.…"): the profile ARN in region, and the foundation-model ARN in each
 *   Region of that geography (the regions the app knows, plus region);
 * - "global.<model>": the profile ARN in region, and the foundation-model
 *   ARN in every Region ("*");
 * - a bare model id: its foundation-model ARN in region.
 * account_id is 12 digits, or NULL/"" for "*". NULL and
 * CS_ERROR_INVALID_INPUT with a sentence that says what to fix when an
 * argument cannot go into an ARN. */
char *cs_iam_policy_invoke           (const char  *model_id,
                                      const char  *region,
                                      const char  *account_id,
                                      GError     **error);

/* The read-only permissions for the account's model catalogue:
 * bedrock:ListFoundationModels, bedrock:ListInferenceProfiles and
 * bedrock:GetInferenceProfile (Resource "*"). */
char *cs_iam_policy_list_catalog     (void);

/* The trust policy of an IAM role that Amazon OpenSearch Service assumes to
 * sign the connector's calls. */
char *cs_iam_policy_role_trust       (void);

/* The creating user's iam:PassRole on role_arn
 * ("arn:aws:iam::<12 digits>:role/<name>", any partition). NULL and
 * CS_ERROR_INVALID_INPUT when role_arn is not a role ARN. */
char *cs_iam_policy_pass_role        (const char  *role_arn,
                                      GError     **error);

/* A short translated text: how to map role_arn as a backend role of
 * ml_full_access in OpenSearch security. NULL and CS_ERROR_INVALID_INPUT
 * when role_arn is not a role ARN. */
char *cs_iam_policy_role_mapping     (const char  *role_arn,
                                      GError     **error);

G_END_DECLS
