/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_ERROR (cs_error_quark ())

/*
 * One domain for every failure the user may see. Each message is a
 * translated sentence that says what happened and what to do next.
 */
typedef enum
{
  CS_ERROR_FAILED,                  /* anything not listed below */
  CS_ERROR_INVALID_INPUT,           /* a field the user filled in is not acceptable */
  CS_ERROR_INVALID_URL,             /* the cluster URL cannot be used */
  CS_ERROR_HOST_NOT_FOUND,          /* DNS */
  CS_ERROR_CONNECTION_REFUSED,      /* nothing listens there */
  CS_ERROR_NETWORK,                 /* reset, unreachable, truncated, … */
  CS_ERROR_TIMEOUT,                 /* the request took longer than its timeout */
  CS_ERROR_TLS,                     /* handshake or certificate problem other than trust */
  CS_ERROR_UNTRUSTED_CERTIFICATE,   /* unknown CA / self-signed: may be pinned */
  CS_ERROR_CERTIFICATE_CHANGED,     /* the pinned certificate is not the one presented */
  CS_ERROR_REDIRECT,                /* 3xx: never followed */
  CS_ERROR_UNAUTHORIZED,            /* 401 from the cluster */
  CS_ERROR_FORBIDDEN,               /* 403 security_exception: a cluster permission is missing */
  CS_ERROR_REMOTE_FORBIDDEN,        /* 403 passed through from Bedrock: AWS credentials */
  CS_ERROR_NOT_FOUND,               /* 404 */
  CS_ERROR_NO_ML_COMMONS,           /* "no handler found": the plugin is not installed */
  CS_ERROR_REJECTED,                /* 400: the cluster refused the request; message = its reason */
  CS_ERROR_CONFLICT,                /* 409 */
  CS_ERROR_THROTTLED,               /* 429 */
  CS_ERROR_SERVER,                  /* 5xx */
  CS_ERROR_REMOTE,                  /* Bedrock answered an error other than 403/429 */
  CS_ERROR_BAD_RESPONSE,            /* not JSON, HTML, or JSON of an unexpected shape */
  CS_ERROR_SECRET_STORE,            /* keyring missing, locked or refused */
} CsError;

GQuark cs_error_quark (void);

G_END_DECLS
