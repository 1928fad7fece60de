/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-predict"

#include "config.h"

#include "cs-predict.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json.h"

#define REMOTE_PREFIX "Error from remote service: "
/* Bedrock's explanations are short; anything longer is cut in sentences. */
#define MAX_QUOTED_CHARS 400

/* The flow */

typedef struct
{
  GCancellable *request_cancellable;  /* the caller's, chained, and the timeout's */
  GCancellable *cancellable;          /* the caller's */
  gulong        cancelled_id;
  GSource      *timeout_source;
  guint         timeout_seconds;
  gboolean      timed_out;
  gint64        started_us;
  CsPredictFix  fix;
  JsonNode     *raw_response;
} PredictData;

static void
predict_data_free (PredictData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->request_cancellable);
  g_clear_pointer (&data->raw_response, json_node_unref);
  g_free (data);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *request_cancellable)
{
  g_cancellable_cancel (request_cancellable);
}

static gboolean
timeout_cb (gpointer user_data)
{
  PredictData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->request_cancellable);
  return G_SOURCE_REMOVE;
}

static void
stop_timeout (PredictData *data)
{
  if (data->timeout_source == NULL)
    return;
  g_source_destroy (data->timeout_source);
  g_clear_pointer (&data->timeout_source, g_source_unref);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PredictData *data = g_task_get_task_data (task);
  GError *error = NULL;
  CsPrediction *prediction;

  prediction = cs_prediction_read_finish (result, &error);
  if (prediction == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  cs_prediction_set_latency_ms (prediction, (g_get_monotonic_time () - data->started_us) / 1000);
  g_task_return_pointer (task, prediction, g_object_unref);
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PredictData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  GError *explained = NULL;
  JsonNode *response;
  guint status = 0;

  response = cs_client_request_finish_full (CS_CLIENT (source), result, &status, &error_body,
                                            &error);
  stop_timeout (data);

  if (response != NULL)
    {
      /* Reading the answer and pretty-printing it happen in a worker. */
      data->raw_response = json_node_ref (response);
      cs_prediction_read_async (response, data->cancellable, read_done_cb,
                                g_steal_pointer (&task));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (data->timed_out && !g_cancellable_is_cancelled (data->cancellable))
        {
          data->fix = CS_PREDICT_FIX_RETRY_LATER;
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_TIMEOUT,
                                   ngettext ("No answer came within %u second. The model may "
                                             "still be writing a long answer: send again, or give "
                                             "the connector a longer read timeout "
                                             "(client_config.read_timeout).",
                                             "No answer came within %u seconds. The model may "
                                             "still be writing a long answer: send again, or give "
                                             "the connector a longer read timeout "
                                             "(client_config.read_timeout).",
                                             data->timeout_seconds),
                                   data->timeout_seconds);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error_body != NULL)
    data->raw_response = cs_error_redact_body (error_body);
  /* A cut-off, empty, HTML or non-JSON answer already has the client's
   * sentence (a lost connection, a proxy's page); only the cluster's own
   * refusals are explained as such. */
  if (status >= 400 && error->domain == CS_ERROR &&
      !g_error_matches (error, CS_ERROR, CS_ERROR_BAD_RESPONSE) &&
      !g_error_matches (error, CS_ERROR, CS_ERROR_NETWORK))
    explained = error_body != NULL
                  ? cs_predict_explain_body (status, error_body, &data->fix)
                  : cs_predict_explain_reason (status, cs_error_get_server_type (error),
                                               cs_error_get_server_reason (error), &data->fix);
  if (explained != NULL)
    {
      g_task_return_error (task, explained);
      return;
    }
  if (g_error_matches (error, CS_ERROR, CS_ERROR_UNAUTHORIZED))
    data->fix = CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN;
  g_task_return_error (task, g_steal_pointer (&error));
}

void
cs_predict_async (CsClient            *client,
                  const char          *model_id,
                  JsonNode            *body,
                  guint                timeout_seconds,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  PredictData *data;

  g_return_if_fail (CS_IS_CLIENT (client));
  g_return_if_fail (model_id != NULL && model_id[0] != '\0');
  g_return_if_fail (body != NULL);
  g_return_if_fail (timeout_seconds > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_predict_async);

  data = g_new0 (PredictData, 1);
  data->timeout_seconds = timeout_seconds;
  data->started_us = g_get_monotonic_time ();
  data->request_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  g_object_ref (data->request_cancellable),
                                                  g_object_unref);
    }
  /* The client's own timeout is off: predict takes as long as the model
   * needs, which only the connector says. */
  data->timeout_source = g_timeout_source_new (timeout_seconds * 1000);
  g_source_set_callback (data->timeout_source, timeout_cb, data, NULL);
  g_source_set_static_name (data->timeout_source, "cs-predict timeout");
  g_source_attach (data->timeout_source, g_main_context_get_thread_default ());
  g_task_set_task_data (task, data, (GDestroyNotify) predict_data_free);

  path = cs_predict_path (model_id);
  cs_client_request_async (client, "POST", path, body,
                           CS_REQUEST_FLAGS_NO_TIMEOUT | CS_REQUEST_FLAGS_LARGE_ANSWER,
                           data->request_cancellable, request_done_cb, g_steal_pointer (&task));
}

CsPrediction *
cs_predict_finish (CsClient      *client,
                   GAsyncResult  *result,
                   CsPredictFix  *fix,
                   JsonNode     **raw_response,
                   GError       **error)
{
  PredictData *data;
  CsPrediction *prediction;

  g_return_val_if_fail (CS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_predict_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  prediction = g_task_propagate_pointer (G_TASK (result), error);
  if (fix != NULL)
    *fix = prediction != NULL ? CS_PREDICT_FIX_NONE : data->fix;
  if (raw_response != NULL)
    *raw_response = data->raw_response != NULL ? json_node_ref (data->raw_response) : NULL;
  return prediction;
}

/* Explaining a refused predict */

char *
cs_predict_unwrap_remote_message (const char *reason)
{
  g_autoptr(JsonNode) root = NULL;
  const char *rest;

  if (reason == NULL || !g_str_has_prefix (reason, REMOTE_PREFIX))
    return NULL;
  rest = reason + strlen (REMOTE_PREFIX);

  root = cs_json_parse (rest, -1, 0, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *body = json_node_get_object (root);
      const char *names[] = { "message", "Message", "error_message" };
      char *message;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          message = cs_json_dup_string (body, names[i]);
          if (message != NULL)
            return g_strstrip (message);
        }
      message = cs_json_dup_string (cs_json_get_object (body, "error"), "message");
      if (message != NULL)
        return g_strstrip (message);
    }
  return g_strstrip (cs_json_make_valid_utf8 (rest, -1));
}

/* What goes between quotes in a sentence: one paragraph, not too long. */
static char *
quotable (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");
  char *cut;

  /* SigV4 mismatch texts go on with the canonical request; keep the first
   * sentence only. */
  if ((cut = strstr (copy, "\n\n")) != NULL)
    *cut = '\0';
  if ((cut = strstr (copy, " The Canonical String")) != NULL)
    *cut = '\0';
  g_strstrip (copy);
  /* Quoted sentences end with their own full stop. */
  if (copy[0] != '\0' && strchr (".!?", copy[strlen (copy) - 1]) == NULL)
    {
      char *with_stop = g_strconcat (copy, ".", NULL);

      g_free (copy);
      copy = with_stop;
    }
  if (g_utf8_strlen (copy, -1) > MAX_QUOTED_CHARS)
    {
      char *end = g_utf8_offset_to_pointer (copy, MAX_QUOTED_CHARS);

      *end = '\0';
      return g_strconcat (copy, "…", NULL);
    }
  return g_steal_pointer (&copy);
}

static gboolean
has (const char *lower,
     const char *needle)
{
  return lower != NULL && strstr (lower, needle) != NULL;
}

static GError *
make (CsPredictFix *fix,
      CsPredictFix  which,
      CsError       code,
      char         *message)
{
  GError *error = g_error_new_literal (CS_ERROR, code, message);

  if (fix != NULL)
    *fix = which;
  g_free (message);
  return error;
}

/* A model rule broken: the sentence that says what to change, then Bedrock's
 * own words, so the user sees exactly what was refused. */
static GError *
rule (CsPredictFix *fix,
           char         *sentence,
           const char   *quoted)
{
  g_autofree char *owned = sentence;

  /* Translators: the first %s is a sentence of advice, the second Bedrock's own text */
  return make (fix, CS_PREDICT_FIX_CONNECTOR_BODY, CS_ERROR_REMOTE,
               g_strdup_printf (_("%s Bedrock said: “%s”"), owned, quoted));
}

static GError *
explain_remote (guint         status,
                const char   *message,
                CsPredictFix *fix)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);
  g_autofree char *quoted = quotable (message);

  if (status == 429 || has (lower, "throttl") || has (lower, "too many requests"))
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_THROTTLED,
                 g_strdup (_("Amazon Bedrock is throttling requests for this model. Wait a "
                             "moment and send again; if it keeps happening, raise the model’s "
                             "quota in AWS or add retries to the connector’s client settings.")));

  if (has (lower, "security token included in the request is expired") ||
      has (lower, "expiredtoken") || has (lower, "token has expired"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup (_("The AWS session token in the connector has expired. Update the "
                             "connector with fresh credentials: access key, secret key and "
                             "session token.")));

  if (has (lower, "security token included in the request is invalid") ||
      has (lower, "unrecognizedclient"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup (_("Amazon Bedrock does not recognise the AWS access key in the "
                             "connector. Update the connector with a valid access key and "
                             "secret key.")));

  if (has (lower, "signature we calculated does not match") ||
      has (lower, "signaturedoesnotmatch") || has (lower, "invalidsignature"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup (_("The AWS secret key in the connector does not belong to its access "
                             "key. Update the connector with the matching secret key.")));

  if (has (lower, "not authorized to perform") || has (lower, "don't have access to the model") ||
      has (lower, "do not have access") || has (lower, "accessdenied"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup_printf (_("The connector’s AWS credentials may not call this model. "
                                    "Bedrock said: “%s” Allow bedrock:InvokeModel on the model "
                                    "and its inference profile, and request access to the model "
                                    "in the Bedrock console."), quoted));

  if (status == 403)
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_CREDENTIALS, CS_ERROR_REMOTE_FORBIDDEN,
                 g_strdup_printf (_("Amazon Bedrock refused the connector’s AWS credentials: "
                                    "“%s” Update the connector’s credentials."), quoted));

  /* The model's own rules (cs-model-rules.h): the connector's body or model
   * has to change. Texts as Bedrock answers them (src/sandbox/README.md,
   * "Bedrock's per-model rules"). */
  if (has (lower, "`temperature` is deprecated") || has (lower, "`top_p` is deprecated")
      || has (lower, "`top_k` is deprecated"))
    {
      const char *name = has (lower, "`temperature`") ? "temperature"
                         : has (lower, "`top_p`") ? "top_p" : "top_k";

      return rule (fix,
                   g_strdup_printf (_("This Claude model no longer takes %s (Opus 4.7 and later "
                                      "refuse sampling parameters). Remove %s from the "
                                      "connector’s request body and parameters, and from the "
                                      "per-call values."), name, name), quoted);
    }

  if (has (lower, "`temperature` and `top_p` cannot both be specified"))
    return rule (fix,
                 g_strdup (_("This Claude model refuses temperature and top_p together (Sonnet "
                             "4.5 and later take only one of them). Remove one of the two from "
                             "the connector’s request body and parameters.")), quoted);

  if (has (lower, "\"thinking.type.enabled\" is not supported"))
    return rule (fix,
                 g_strdup (_("This Claude model thinks adaptively only and refuses a thinking "
                             "budget (thinking type “enabled”). Change the connector’s thinking "
                             "to adaptive with an effort level (output_config.effort), and "
                             "remove budget_tokens.")), quoted);

  if (has (lower, "\"thinking.type.disabled\" is not supported"))
    return rule (fix,
                 g_strdup (_("This Claude model refuses thinking “disabled”. Remove the "
                             "thinking setting from the connector’s request body, or change it "
                             "to adaptive thinking with a low effort.")), quoted);

  if (has (lower, "budget_tokens: extra inputs are not permitted"))
    return rule (fix,
                 g_strdup (_("With adaptive thinking this Claude model takes no thinking "
                             "budget. Remove budget_tokens from the connector’s request body "
                             "and set an effort level instead.")), quoted);

  if (has (lower, "input tag 'adaptive'"))
    return rule (fix,
                 g_strdup (_("This Claude model does not offer adaptive thinking (Claude 4, 4.1 "
                             "and 4.5 think with a budget). Change the connector’s thinking to "
                             "“enabled” with budget_tokens, and remove output_config.")), quoted);

  if (has (lower, "extraneous key [output_config]"))
    return rule (fix,
                 g_strdup (_("This Claude model takes no effort level. Remove output_config "
                             "from the connector’s request body.")), quoted);

  if (has (lower, "output_config.effort"))
    {
      if (has (lower, "when thinking is disabled"))
        return rule (fix,
                     g_strdup (_("This Claude model refuses the effort levels xhigh and max "
                                 "while thinking is disabled. Lower the effort to high in the "
                                 "connector, or turn thinking on.")), quoted);
      return rule (fix,
                   g_strdup (_("This Claude model does not offer the effort level sent. "
                               "Choose one of the levels it offers in the connector or in "
                               "the per-call values.")), quoted);
    }

  if (has (lower, "reached the end of its life"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REMOTE,
                 g_strdup (_("The connector’s Claude model has reached its end of life on "
                             "Amazon Bedrock and answers no more. Change the connector’s model "
                             "to a current Claude model.")));

  if (has (lower, "temperature may only be set to 1"))
    return make (fix, CS_PREDICT_FIX_ADJUST_PARAMETERS, CS_ERROR_REMOTE,
                 g_strdup (_("With extended thinking, Claude only accepts a temperature of 1. "
                             "Set the temperature to 1 in the per-call values or in the "
                             "connector.")));

  if (has (lower, "budget_tokens") && (has (lower, "greater than or equal to 1024") ||
                                       has (lower, ">= 1024") || has (lower, "at least 1024")))
    return make (fix, CS_PREDICT_FIX_ADJUST_PARAMETERS, CS_ERROR_REMOTE,
                 g_strdup (_("The thinking budget must be at least 1024 tokens. Raise "
                             "budget_tokens in the per-call values or in the connector.")));

  if (has (lower, "max_tokens") && has (lower, "budget_tokens") && has (lower, "greater"))
    return make (fix, CS_PREDICT_FIX_ADJUST_PARAMETERS, CS_ERROR_REMOTE,
                 g_strdup (_("The maximum number of tokens must be greater than the thinking "
                             "budget. Raise max_tokens or lower budget_tokens in the per-call "
                             "values or in the connector.")));

  if (has (lower, "on-demand throughput") || has (lower, "inference profile"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REMOTE,
                 g_strdup (_("Claude 4 models on Bedrock are called through an inference "
                             "profile, not the base model ID. Set the connector’s model to a "
                             "profile ID such as us.anthropic.claude-sonnet-4-20250514-v1:0.")));

  if (has (lower, "model identifier is invalid"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REMOTE,
                 g_strdup (_("Amazon Bedrock does not know the connector’s model id. Ids from "
                             "Opus 4.6 on end without “:0” (anthropic.claude-opus-4-6-v1), and "
                             "not every model has an inference profile in every geography: "
                             "check the connector’s model and region, and the profile’s prefix "
                             "(us., eu., global., …).")));

  if (has (lower, "resourcenotfound") ||
      has (lower, "could not resolve the foundation model") ||
      has (lower, "model is not supported in this region"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REMOTE,
                 g_strdup_printf (_("Amazon Bedrock does not know the connector’s model in its "
                                    "region: “%s” Check the connector’s model and region."),
                                  quoted));

  if (status >= 500)
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_REMOTE,
                 g_strdup_printf (_("Amazon Bedrock failed to answer: “%s” Send again in a "
                                    "moment."), quoted));

  return make (fix, CS_PREDICT_FIX_NONE, CS_ERROR_REMOTE,
               g_strdup_printf (_("Amazon Bedrock refused the request: “%s”"), quoted));
}

GError *
cs_predict_explain_reason (guint         status,
                           const char   *type,
                           const char   *reason,
                           CsPredictFix *fix)
{
  g_autofree char *remote = cs_predict_unwrap_remote_message (reason);
  g_autofree char *lower = reason != NULL ? g_ascii_strdown (reason, -1) : NULL;
  g_autofree char *quoted = quotable (reason);

  if (fix != NULL)
    *fix = CS_PREDICT_FIX_NONE;

  /* ML Commons' own text for Bedrock's ThrottlingException also carries the
   * prefix, without Bedrock's body. */
  if (remote != NULL)
    return explain_remote (status, remote, fix);

  if (status == 401)
    return make (fix, CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN, CS_ERROR_UNAUTHORIZED,
                 g_strdup (_("The cluster did not accept your user name or password. Check the "
                             "connection’s credentials and connect again.")));

  if (g_strcmp0 (type, "security_exception") == 0 || has (lower, "no permissions for"))
    return make (fix, CS_PREDICT_FIX_CHECK_CLUSTER_LOGIN, CS_ERROR_FORBIDDEN,
                 g_strdup (_("Your cluster user may not run predictions. Ask an administrator "
                             "for the permission cluster:admin/opensearch/ml/predict, or connect "
                             "as another user.")));

  if (has (lower, "throttled at model level"))
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_THROTTLED,
                 g_strdup (_("The cluster limits how often this model may be called, and the "
                             "limit is reached. Wait a moment and send again, or raise the "
                             "model’s rate limit.")));

  if (has (lower, "throttled at user level"))
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_THROTTLED,
                 g_strdup (_("The cluster limits how often you may call this model, and the "
                             "limit is reached. Wait a moment and send again, or ask the "
                             "cluster administrator to raise it.")));

  if (has (lower, "some parameter placeholder not filled"))
    {
      const char *names = reason != NULL ? strstr (reason, "payload:") : NULL;
      g_autofree char *list = g_strstrip (g_strdup (names != NULL ? names + strlen ("payload:")
                                                                  : ""));

      return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REJECTED,
                   g_strdup_printf (_("The connector’s request body needs parameters that have "
                                      "no value: %s. Add them to the connector, or remove "
                                      "“${parameters.…}” from the messages."),
                                    list[0] != '\0' ? list : "?"));
    }

  if (has (lower, "invalid payload") || has (lower, "invalid json in payload"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("The connector’s request body template did not give valid JSON "
                             "with these values. A parameter it needs may be missing, or a text "
                             "that is itself JSON was inserted without quotes. Check the "
                             "connector’s request body and parameters.")));

  if (has (lower, "auto deployment disabled"))
    return make (fix, CS_PREDICT_FIX_DEPLOY_MODEL, CS_ERROR_REJECTED,
                 g_strdup (_("The model is not deployed, and it may not be deployed "
                             "automatically. Deploy it on the Models page, then send again.")));

  if (has (lower, "model not ready yet"))
    return make (fix, CS_PREDICT_FIX_DEPLOY_MODEL, CS_ERROR_REJECTED,
                 g_strdup (_("The model is not deployed. Deploy it on the Models page, then send "
                             "again.")));

  if (has (lower, "model is disabled"))
    return make (fix, CS_PREDICT_FIX_DEPLOY_MODEL, CS_ERROR_REJECTED,
                 g_strdup (_("The model is disabled. Enable it on the Models page, then send "
                             "again.")));

  if (has (lower, "remote inference is currently disabled"))
    return make (fix, CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("Remote inference is turned off on this cluster. Turn on "
                             "plugins.ml_commons.remote_inference.enabled in Cluster Settings.")));

  if (has (lower, "trusted connector endpoint"))
    return make (fix, CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("The connector’s Bedrock address is not among the cluster’s "
                             "trusted connector endpoints. Add it in Cluster Settings.")));

  if (has (lower, "private ip address"))
    return make (fix, CS_PREDICT_FIX_CHECK_CLUSTER_SETTINGS, CS_ERROR_REJECTED,
                 g_strdup (_("The connector’s address resolves to a private IP address, which "
                             "the cluster refuses. Allow private addresses in Cluster Settings "
                             "or use the public Bedrock endpoint.")));

  if (has (lower, "failed to find model") || has (lower, "fail to find model") || status == 404)
    return make (fix, CS_PREDICT_FIX_CHOOSE_MODEL, CS_ERROR_NOT_FOUND,
                 g_strdup (_("The cluster has no such model, or it is not deployed on the node "
                             "that answered. Pick a deployed model on the Models page.")));

  if (has (lower, "error communicating with remote model") || has (lower, "timed out") ||
      has (lower, "timeout"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_REMOTE,
                 g_strdup_printf (_("The cluster could not get an answer from Amazon Bedrock: "
                                    "“%s” Check the connector’s region and read timeout "
                                    "(extended thinking can take longer than 30 seconds) and "
                                    "the cluster’s network access to AWS."), quoted));

  if (has (lower, "returned error status") || has (lower, "no response from model") ||
      has (lower, "empty response body"))
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_REMOTE,
                 g_strdup (_("Amazon Bedrock answered with an error and no explanation. Send "
                             "again in a moment.")));

  if (has (lower, "fail to execute predict"))
    return make (fix, CS_PREDICT_FIX_CHECK_CONNECTOR_SETTINGS, CS_ERROR_SERVER,
                 g_strdup (_("The cluster could not process Bedrock’s answer. If the connector "
                             "has a response filter or a post-process function, check that it "
                             "fits a Claude 4 answer (thinking blocks come first).")));

  if (has (lower, "guardrails triggered"))
    return make (fix, CS_PREDICT_FIX_NONE, CS_ERROR_REJECTED,
                 g_strdup_printf (_("The model’s guardrails refused the text: “%s”"), quoted));

  if (status == 429)
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_THROTTLED,
                 g_strdup (_("The cluster is too busy to take the request. Wait a moment and "
                             "send again.")));

  if (reason == NULL || reason[0] == '\0')
    return make (fix, status >= 500 ? CS_PREDICT_FIX_RETRY_LATER : CS_PREDICT_FIX_NONE,
                 status >= 500 ? CS_ERROR_SERVER : CS_ERROR_REJECTED,
                 g_strdup_printf (_("The cluster refused the prediction (HTTP status %u) without "
                                    "saying why."), status));

  if (status >= 500)
    return make (fix, CS_PREDICT_FIX_RETRY_LATER, CS_ERROR_SERVER,
                 g_strdup_printf (_("The cluster failed to run the prediction: “%s” Send again "
                                    "in a moment."), quoted));

  return make (fix, CS_PREDICT_FIX_NONE, CS_ERROR_REJECTED,
               g_strdup_printf (_("The cluster refused the prediction: “%s”"), quoted));
}

GError *
cs_predict_explain_body (guint         status,
                         JsonNode     *body,
                         CsPredictFix *fix)
{
  g_autofree char *type = NULL;
  g_autofree char *reason = NULL;

  /* A member of another type than expected (an object for "reason", say)
   * reads as missing. */
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *root = json_node_get_object (body);
      JsonObject *error = cs_json_get_object (root, "error");

      if (error != NULL)
        {
          type = cs_json_dup_string (error, "type");
          reason = cs_json_dup_string (error, "reason");
        }
      else if (cs_json_get_string (root, "error") != NULL)
        reason = cs_json_dup_string (root, "error");
      else
        reason = cs_json_dup_string (root, "message");
    }
  return cs_predict_explain_reason (status, type, reason, fix);
}
