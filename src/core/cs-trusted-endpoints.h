/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-client.h"
#include "cs-version.h"

G_BEGIN_DECLS

/*
 * plugins.ml_commons.trusted_connector_endpoints_regex: the list of Java
 * regular expressions a connector action URL must fully match before ML
 * Commons accepts the connector.
 */

#define CS_TRUSTED_ENDPOINTS_SETTING "plugins.ml_commons.trusted_connector_endpoints_regex"

/* The pattern the Claude 4 blueprint adds (step 1). */
#define CS_BEDROCK_TRUSTED_PATTERN "^https://bedrock-runtime\\..*[a-z0-9-]\\.amazonaws\\.com/.*$"

typedef enum
{
  CS_SETTING_SOURCE_DEFAULT,
  CS_SETTING_SOURCE_PERSISTENT,
  CS_SETTING_SOURCE_TRANSIENT,
} CsSettingSource;

#define CS_TYPE_TRUSTED_LIST (cs_trusted_list_get_type ())

G_DECLARE_FINAL_TYPE (CsTrustedList, cs_trusted_list, CS, TRUSTED_LIST, GObject)

/* Parses a GET _cluster/settings?include_defaults=true&flat_settings=true
 * answer (nested, non-flat answers are understood too). When the answer has
 * no default list, the defaults are unknown (see cs_trusted_list_has_source()). */
CsTrustedList   *cs_trusted_list_new_from_settings   (JsonNode        *answer,
                                                      GError         **error);
/* Same, filling in the defaults ML Commons ships for version when the
 * cluster does not report them. version may be NULL. */
CsTrustedList   *cs_trusted_list_new_from_settings_for_version (JsonNode        *answer,
                                                                const CsVersion *version,
                                                                GError         **error);
/* The defaults ML Commons ships for a version; used when the cluster does
 * not report them. */
CsTrustedList   *cs_trusted_list_new_defaults        (const CsVersion *version);

/* The effective list: transient if set, else persistent if set, else default. */
guint            cs_trusted_list_get_n_patterns      (CsTrustedList   *self);
const char      *cs_trusted_list_get_pattern         (CsTrustedList   *self,
                                                      guint            i);
/* Where the effective list comes from. */
CsSettingSource  cs_trusted_list_get_source          (CsTrustedList   *self);

/* Each level separately. has_source is FALSE when that level is not set
 * (for DEFAULT: when the defaults are not known). The returned vector is
 * owned by the list; NULL when the level is not set. */
gboolean         cs_trusted_list_has_source          (CsTrustedList   *self,
                                                      CsSettingSource  source);
const char * const *cs_trusted_list_get_source_patterns (CsTrustedList   *self,
                                                         CsSettingSource  source);

/* Java String.matches() semantics (full match). Returns the index of the
 * first effective pattern that matches url, or -1. Patterns that cannot be
 * compiled never match. */
int              cs_trusted_list_match               (CsTrustedList   *self,
                                                      const char      *url);
/* TRUE when the effective list holds exactly this pattern (text equality). */
gboolean         cs_trusted_list_contains            (CsTrustedList   *self,
                                                      const char      *pattern);

/* Full-match test of one Java pattern. FALSE with CS_ERROR_INVALID_INPUT
 * when the pattern cannot be compiled; FALSE without error on no match. */
gboolean         cs_trusted_pattern_matches          (const char      *java_pattern,
                                                      const char      *url,
                                                      GError         **error);

/* The PUT _cluster/settings body that sets the persistent list to what it
 * is now (the persistent list, or the defaults when none is set) plus
 * add_pattern (unless already present) and minus every occurrence of
 * remove_pattern; every other entry is kept in order. When a transient list
 * is set (it overrides the persistent one), the body changes it the same way
 * so that the change takes effect now. Either pattern may be NULL.
 * Returns NULL when the list to change is not known (no persistent list and
 * unknown defaults): a PUT would then silently drop entries. */
JsonNode        *cs_trusted_list_build_put_body      (CsTrustedList   *self,
                                                      const char      *add_pattern,
                                                      const char      *remove_pattern);

/* GET _cluster/settings?include_defaults=true&flat_settings=true; when a
 * list is set explicitly (the answer then omits the default), also GET / to
 * know the version's defaults. */
void             cs_trusted_list_fetch_async         (CsClient            *client,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
CsTrustedList   *cs_trusted_list_fetch_finish        (CsClient            *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* PUT _cluster/settings with put_body (from cs_trusted_list_build_put_body). */
void             cs_trusted_list_save_async          (CsClient            *client,
                                                      JsonNode            *put_body,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean         cs_trusted_list_save_finish         (CsClient            *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
