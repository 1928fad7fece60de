/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CS_AUTH_NONE,
  CS_AUTH_BASIC,
  CS_AUTH_SIGV4,
} CsAuthKind;

#define CS_TYPE_AUTH_KIND (cs_auth_kind_get_type ())
GType cs_auth_kind_get_type (void);

/* Stable names used in the profiles file: "none", "basic", "sigv4". */
const char *cs_auth_kind_to_string   (CsAuthKind   kind);
gboolean    cs_auth_kind_from_string (const char  *text,
                                      CsAuthKind  *kind);

/* The secret kinds (the `kind` attribute in the keyring). */
#define CS_SECRET_CLUSTER_PASSWORD  "cluster-password"
#define CS_SECRET_AWS_ACCESS_KEY    "aws-access-key"
#define CS_SECRET_AWS_SECRET_KEY    "aws-secret-key"
#define CS_SECRET_AWS_SESSION_TOKEN "aws-session-token"

#define CS_TYPE_PROFILE (cs_profile_get_type ())

G_DECLARE_FINAL_TYPE (CsProfile, cs_profile, CS, PROFILE, GObject)

/*
 * A cluster profile: where the cluster is and how to authenticate and trust
 * it. It holds no secret: passwords and AWS keys live in the keyring under
 * the profile's id (see cs-secret-store.h). The AWS access key id is kept in
 * the keyring too, so a profiles file never names an AWS identity.
 */

/* A new profile with a fresh random id. */
CsProfile   *cs_profile_new                    (void);
CsProfile   *cs_profile_new_with_id            (const char  *id);
/* A copy with a new id and the same settings (not the pin's confirmation of
 * sending AWS keys over http://, which is asked again). */
CsProfile   *cs_profile_duplicate              (CsProfile   *self);

const char  *cs_profile_get_id                 (CsProfile   *self);
const char  *cs_profile_get_name               (CsProfile   *self);
void         cs_profile_set_name               (CsProfile   *self,
                                                const char  *name);
const char  *cs_profile_get_url                (CsProfile   *self);
void         cs_profile_set_url                (CsProfile   *self,
                                                const char  *url);
CsAuthKind   cs_profile_get_auth_kind          (CsProfile   *self);
void         cs_profile_set_auth_kind          (CsProfile   *self,
                                                CsAuthKind   kind);
const char  *cs_profile_get_user_name          (CsProfile   *self);
void         cs_profile_set_user_name          (CsProfile   *self,
                                                const char  *user_name);
const char  *cs_profile_get_region             (CsProfile   *self);
void         cs_profile_set_region             (CsProfile   *self,
                                                const char  *region);
const char  *cs_profile_get_ca_file            (CsProfile   *self);
void         cs_profile_set_ca_file            (CsProfile   *self,
                                                const char  *ca_file);
const char  *cs_profile_get_pinned_fingerprint (CsProfile   *self);
void         cs_profile_set_pinned_fingerprint (CsProfile   *self,
                                                const char  *fingerprint);
gboolean     cs_profile_get_is_sandbox         (CsProfile   *self);
void         cs_profile_set_is_sandbox         (CsProfile   *self,
                                                gboolean     is_sandbox);
/* The user confirmed sending AWS keys to this profile's plain http:// URL. */
gboolean     cs_profile_get_allow_insecure_aws (CsProfile   *self);
void         cs_profile_set_allow_insecure_aws (CsProfile   *self,
                                                gboolean     allow);

/* Whether the URL is plain http:// (credentials would travel readable). The
 * one test for it: the profile's URL, or any other (a client's base URL,
 * the text of a form). */
gboolean     cs_profile_is_plain_http          (CsProfile   *self);
gboolean     cs_profile_url_is_plain_http      (const char  *url);

/* Field checks, shared by the form (as the user types) and the client.
 * Each returns FALSE with CS_ERROR_INVALID_INPUT / INVALID_URL and a short
 * sentence saying what is wrong. */
gboolean     cs_profile_check_name             (const char  *name,
                                                GError     **error);
gboolean     cs_profile_check_url              (const char  *url,
                                                GError     **error);
gboolean     cs_profile_check_user_name        (const char  *user_name,
                                                GError     **error);
gboolean     cs_profile_check_region           (const char  *region,
                                                GError     **error);
/* Everything that does not need a secret, for the profile's auth kind, but
 * the URL: that is checked once, where the client parses it
 * (cs_client_new_for_profile → cs_profile_check_url). */
gboolean     cs_profile_check                  (CsProfile   *self,
                                                GError     **error);

G_END_DECLS
