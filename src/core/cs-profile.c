/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-profile"

#include "config.h"

#include "cs-profile.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"

G_DEFINE_ENUM_TYPE (CsAuthKind, cs_auth_kind,
                    G_DEFINE_ENUM_VALUE (CS_AUTH_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (CS_AUTH_BASIC, "basic"),
                    G_DEFINE_ENUM_VALUE (CS_AUTH_SIGV4, "sigv4"))

struct _CsProfile
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *url;
  CsAuthKind  auth_kind;
  char       *user_name;
  char       *region;
  char       *ca_file;
  char       *pinned_fingerprint;
  gboolean    is_sandbox;
  gboolean    allow_insecure_aws;
};

G_DEFINE_FINAL_TYPE (CsProfile, cs_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_URL,
  PROP_AUTH_KIND,
  PROP_USER_NAME,
  PROP_REGION,
  PROP_CA_FILE,
  PROP_PINNED_FINGERPRINT,
  PROP_IS_SANDBOX,
  PROP_ALLOW_INSECURE_AWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cs_auth_kind_to_string (CsAuthKind kind)
{
  switch (kind)
    {
    case CS_AUTH_BASIC:
      return "basic";
    case CS_AUTH_SIGV4:
      return "sigv4";
    case CS_AUTH_NONE:
    default:
      return "none";
    }
}

gboolean
cs_auth_kind_from_string (const char *text,
                          CsAuthKind *kind)
{
  if (g_strcmp0 (text, "none") == 0)
    *kind = CS_AUTH_NONE;
  else if (g_strcmp0 (text, "basic") == 0)
    *kind = CS_AUTH_BASIC;
  else if (g_strcmp0 (text, "sigv4") == 0)
    *kind = CS_AUTH_SIGV4;
  else
    return FALSE;
  return TRUE;
}

/* Sets *field to a copy of value (NULL for ""), notifying on change. */
static void
set_string (CsProfile   *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
cs_profile_finalize (GObject *object)
{
  CsProfile *self = CS_PROFILE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->url);
  g_free (self->user_name);
  g_free (self->region);
  g_free (self->ca_file);
  g_free (self->pinned_fingerprint);

  G_OBJECT_CLASS (cs_profile_parent_class)->finalize (object);
}

static void
cs_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CsProfile *self = CS_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_AUTH_KIND:
      g_value_set_enum (value, self->auth_kind);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_PINNED_FINGERPRINT:
      g_value_set_string (value, self->pinned_fingerprint);
      break;
    case PROP_IS_SANDBOX:
      g_value_set_boolean (value, self->is_sandbox);
      break;
    case PROP_ALLOW_INSECURE_AWS:
      g_value_set_boolean (value, self->allow_insecure_aws);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CsProfile *self = CS_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_assert (self->id == NULL);
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      cs_profile_set_name (self, g_value_get_string (value));
      break;
    case PROP_URL:
      cs_profile_set_url (self, g_value_get_string (value));
      break;
    case PROP_AUTH_KIND:
      cs_profile_set_auth_kind (self, g_value_get_enum (value));
      break;
    case PROP_USER_NAME:
      cs_profile_set_user_name (self, g_value_get_string (value));
      break;
    case PROP_REGION:
      cs_profile_set_region (self, g_value_get_string (value));
      break;
    case PROP_CA_FILE:
      cs_profile_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_PINNED_FINGERPRINT:
      cs_profile_set_pinned_fingerprint (self, g_value_get_string (value));
      break;
    case PROP_IS_SANDBOX:
      cs_profile_set_is_sandbox (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOW_INSECURE_AWS:
      cs_profile_set_allow_insecure_aws (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_profile_constructed (GObject *object)
{
  CsProfile *self = CS_PROFILE (object);

  G_OBJECT_CLASS (cs_profile_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
}

static void
cs_profile_class_init (CsProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cs_profile_finalize;
  object_class->get_property = cs_profile_get_property;
  object_class->set_property = cs_profile_set_property;
  object_class->constructed = cs_profile_constructed;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, rw);
  properties[PROP_AUTH_KIND] =
    g_param_spec_enum ("auth-kind", NULL, NULL, CS_TYPE_AUTH_KIND, CS_AUTH_NONE, rw);
  properties[PROP_USER_NAME] = g_param_spec_string ("user-name", NULL, NULL, NULL, rw);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_PINNED_FINGERPRINT] =
    g_param_spec_string ("pinned-fingerprint", NULL, NULL, NULL, rw);
  properties[PROP_IS_SANDBOX] = g_param_spec_boolean ("is-sandbox", NULL, NULL, FALSE, rw);
  properties[PROP_ALLOW_INSECURE_AWS] =
    g_param_spec_boolean ("allow-insecure-aws", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_profile_init (CsProfile *self)
{
}

CsProfile *
cs_profile_new (void)
{
  return g_object_new (CS_TYPE_PROFILE, NULL);
}

CsProfile *
cs_profile_new_with_id (const char *id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (CS_TYPE_PROFILE, "id", id, NULL);
}

CsProfile *
cs_profile_duplicate (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), NULL);

  return g_object_new (CS_TYPE_PROFILE,
                       "name", self->name,
                       "url", self->url,
                       "auth-kind", self->auth_kind,
                       "user-name", self->user_name,
                       "region", self->region,
                       "ca-file", self->ca_file,
                       "pinned-fingerprint", self->pinned_fingerprint,
                       NULL);
}

#define STRING_ACCESSORS(field, PROP)                                          \
const char *                                                                   \
cs_profile_get_##field (CsProfile *self)                                       \
{                                                                              \
  g_return_val_if_fail (CS_IS_PROFILE (self), NULL);                           \
  return self->field;                                                          \
}                                                                              \
                                                                               \
void                                                                           \
cs_profile_set_##field (CsProfile  *self,                                      \
                        const char *value)                                     \
{                                                                              \
  g_return_if_fail (CS_IS_PROFILE (self));                                     \
  set_string (self, &self->field, value, PROP);                                \
}

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (user_name, PROP_USER_NAME)
STRING_ACCESSORS (region, PROP_REGION)
STRING_ACCESSORS (ca_file, PROP_CA_FILE)
STRING_ACCESSORS (pinned_fingerprint, PROP_PINNED_FINGERPRINT)

const char *
cs_profile_get_id (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), NULL);
  return self->id;
}

const char *
cs_profile_get_url (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), NULL);
  return self->url;
}

void
cs_profile_set_url (CsProfile  *self,
                    const char *url)
{
  g_return_if_fail (CS_IS_PROFILE (self));

  if (g_strcmp0 (self->url, url) == 0)
    return;
  /* A confirmation for one address does not carry over to another. */
  cs_profile_set_allow_insecure_aws (self, FALSE);
  set_string (self, &self->url, url, PROP_URL);
}

CsAuthKind
cs_profile_get_auth_kind (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), CS_AUTH_NONE);
  return self->auth_kind;
}

void
cs_profile_set_auth_kind (CsProfile  *self,
                          CsAuthKind  kind)
{
  g_return_if_fail (CS_IS_PROFILE (self));

  if (self->auth_kind == kind)
    return;
  self->auth_kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_KIND]);
}

gboolean
cs_profile_get_is_sandbox (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), FALSE);
  return self->is_sandbox;
}

void
cs_profile_set_is_sandbox (CsProfile *self,
                           gboolean   is_sandbox)
{
  g_return_if_fail (CS_IS_PROFILE (self));

  is_sandbox = !!is_sandbox;
  if (self->is_sandbox == is_sandbox)
    return;
  self->is_sandbox = is_sandbox;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_SANDBOX]);
}

gboolean
cs_profile_get_allow_insecure_aws (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), FALSE);
  return self->allow_insecure_aws;
}

void
cs_profile_set_allow_insecure_aws (CsProfile *self,
                                   gboolean   allow)
{
  g_return_if_fail (CS_IS_PROFILE (self));

  allow = !!allow;
  if (self->allow_insecure_aws == allow)
    return;
  self->allow_insecure_aws = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_INSECURE_AWS]);
}

gboolean
cs_profile_is_plain_http (CsProfile *self)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), FALSE);

  return cs_profile_url_is_plain_http (self->url);
}

gboolean
cs_profile_url_is_plain_http (const char *url)
{
  return url != NULL && g_ascii_strncasecmp (url, "http://", strlen ("http://")) == 0;
}

gboolean
cs_profile_check_name (const char  *name,
                       GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*stripped == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT, _("Give the profile a name."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_profile_check_url (const char  *url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  int port;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Enter the cluster’s address, such as https://localhost:9200."));
      return FALSE;
    }

  if (strchr (url, ' ') != NULL || strstr (url, "://") == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Start the address with https:// or http://."));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    {
      /* Say so when it is the port: "https://host:99999". */
      const char *authority = strstr (url, "://") + 3;
      const char *end = authority + strcspn (authority, "/?#");
      const char *colon = NULL;

      for (const char *p = authority; p < end; p++)
        if (*p == ':')
          colon = p;
      if (colon != NULL && colon + 1 < end && *authority != '[')
        {
          g_autofree char *digits = g_strndup (colon + 1, (gsize) (end - colon - 1));
          guint64 port_number = 0;

          if (g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &port_number, NULL) &&
              port_number > 65535)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                           _("The port must be between 1 and 65535."));
              return FALSE;
            }
        }
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("This is not a valid address. Use the form https://host:port."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Use an https:// or http:// address."));
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Add the cluster’s host name after the scheme."));
      return FALSE;
    }
  for (const char *p = host; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == ':' || *p == '_' ||
          (guchar) *p >= 0x80))
      {
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                     _("The host name contains characters a host name cannot have."));
        return FALSE;
      }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Remove the user name from the address; enter it under Authentication "
                     "instead."));
      return FALSE;
    }

  /* g_uri_parse already rejects ports above 65535; 0 is not usable either. */
  port = g_uri_get_port (uri);
  if (port == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("The port must be between 1 and 65535."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Remove the part after “?” or “#” from the address."));
      return FALSE;
    }

  path = g_uri_get_path (uri);
  if (path != NULL && strstr (path, "_plugins") != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("Enter the address of the cluster itself, without an API path."));
      return FALSE;
    }

  return TRUE;
}

gboolean
cs_profile_check_user_name (const char  *user_name,
                            GError     **error)
{
  if (user_name == NULL || *user_name == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT, _("Enter the user name."));
      return FALSE;
    }
  if (strchr (user_name, ':') != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("A user name for HTTP Basic authentication cannot contain “:”."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_profile_check_region (const char  *region,
                         GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (region == NULL || *region == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("Enter the AWS region of the domain, such as us-east-1."));
      return FALSE;
    }
  if (g_str_has_prefix (region, "arn:"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("Enter the region only (such as us-east-1), not an ARN."));
      return FALSE;
    }

  /* <area>[-<sub>…]-<direction>-<digit>: us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4 */
  parts = g_strsplit (region, "-", -1);
  n = g_strv_length (parts);
  if (n < 3 || n > 4)
    goto bad;
  for (guint i = 0; i < n; i++)
    {
      const char *part = parts[i];

      if (*part == '\0')
        goto bad;
      for (const char *p = part; *p != '\0'; p++)
        {
          if (i == n - 1 ? !g_ascii_isdigit (*p) : !g_ascii_islower (*p))
            goto bad;
        }
    }
  if (strlen (parts[0]) != 2 || strlen (parts[n - 1]) > 2)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
               _("“%s” is not an AWS region. Use the form us-east-1."), region);
  return FALSE;
}

gboolean
cs_profile_check (CsProfile  *self,
                  GError    **error)
{
  g_return_val_if_fail (CS_IS_PROFILE (self), FALSE);

  if (!cs_profile_check_name (self->name, error))
    return FALSE;

  switch (self->auth_kind)
    {
    case CS_AUTH_BASIC:
      return cs_profile_check_user_name (self->user_name, error);
    case CS_AUTH_SIGV4:
      return cs_profile_check_region (self->region, error);
    case CS_AUTH_NONE:
    default:
      return TRUE;
    }
}
