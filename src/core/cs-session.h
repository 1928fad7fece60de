/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cs-client.h"
#include "cs-trusted-endpoints.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * What the pages share: the client of the connected cluster, the state of the
 * connection, what is known about the cluster, and the objects the user picked
 * on one page for the next (a connector for the Models page, a model for the
 * Playground). The application owns one; tests make their own and point it at
 * the sandbox.
 */
typedef enum
{
  CS_SESSION_DISCONNECTED,
  CS_SESSION_CONNECTING,
  CS_SESSION_CONNECTED,
  CS_SESSION_FAILED,
} CsSessionState;

#define CS_TYPE_SESSION_STATE (cs_session_state_get_type ())
GType cs_session_state_get_type (void);

#define CS_TYPE_SESSION (cs_session_get_type ())

G_DECLARE_FINAL_TYPE (CsSession, cs_session, CS, SESSION, GObject)

CsSession      *cs_session_new                   (void);

CsClient       *cs_session_get_client            (CsSession      *self);
CsSessionState  cs_session_get_state             (CsSession      *self);
const char     *cs_session_get_profile_id        (CsSession      *self);
const char     *cs_session_get_cluster_name      (CsSession      *self);
/* The OpenSearch version (not 7.10.2 compatibility numbers); FALSE when unknown. */
gboolean        cs_session_get_version           (CsSession      *self,
                                                  CsVersion      *version);
gboolean        cs_session_get_aws_managed       (CsSession      *self);
/* The failure of the last attempt, while the state is FAILED. */
const GError   *cs_session_get_error             (CsSession      *self);

/* Called by cs_connect_async() (and by tests that connect by hand). */
void            cs_session_set_connecting        (CsSession      *self,
                                                  const char     *profile_id);
void            cs_session_set_connected         (CsSession      *self,
                                                  const char     *profile_id,
                                                  CsClient       *client,
                                                  const char     *cluster_name,
                                                  const CsVersion *version,
                                                  gboolean        aws_managed);
void            cs_session_set_failed            (CsSession      *self,
                                                  const GError   *error);
void            cs_session_disconnect            (CsSession      *self);

/* The cluster's trusted connector endpoints ("trusted-list", notified):
 * read once by cs_connect_async() after the probe, replaced by the Cluster
 * Settings page after it changes the list. NULL when unknown; then the
 * error says why when reading it failed. A new connection clears both. */
CsTrustedList  *cs_session_get_trusted_list      (CsSession      *self);
const GError   *cs_session_get_trusted_list_error (CsSession     *self);
void            cs_session_set_trusted_list      (CsSession      *self,
                                                  CsTrustedList  *list,
                                                  const GError   *error);

/* Hand-over between pages. NULL clears. */
const char     *cs_session_get_connector_id      (CsSession      *self);
void            cs_session_set_connector_id      (CsSession      *self,
                                                  const char     *connector_id);
const char     *cs_session_get_model_id          (CsSession      *self);
void            cs_session_set_model_id          (CsSession      *self,
                                                  const char     *model_id);

G_END_DECLS
