/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-client"

#include "config.h"

#include "cs-client.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "cs-error.h"

/* A first, minimal client: plain requests and JSON answers. Authentication,
 * TLS trust and the full error mapping come with the Connections work. */

struct _CsClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base_uri;
  char        *base_url;
};

G_DEFINE_FINAL_TYPE (CsClient, cs_client, G_TYPE_OBJECT)

static void
cs_client_finalize (GObject *object)
{
  CsClient *self = CS_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (cs_client_parent_class)->finalize (object);
}

static void
cs_client_class_init (CsClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_client_finalize;
}

static void
cs_client_init (CsClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 "timeout", 30,
                                                 NULL);
}

CsClient *
cs_client_new_for_url (const char  *base_url,
                       GError     **error)
{
  g_autoptr(CsClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_slash = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  with_slash = g_str_has_suffix (base_url, "/") ? g_strdup (base_url)
                                                : g_strconcat (base_url, "/", NULL);
  uri = g_uri_parse (with_slash, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_URL,
                   _("“%s” is not a cluster address. Enter one such as https://localhost:9200."),
                   base_url);
      return NULL;
    }

  self = g_object_new (CS_TYPE_CLIENT, NULL);
  self->base_uri = g_steal_pointer (&uri);
  self->base_url = g_steal_pointer (&with_slash);
  return g_steal_pointer (&self);
}

const char *
cs_client_get_base_url (CsClient *self)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);
  return self->base_url;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint status;
  gsize size = 0;
  const char *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &size);

  if (size == 0)
    {
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      else
        g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                                 _("The cluster answered with status %u and no details."), status);
      return;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_BAD_RESPONSE,
                               _("The cluster answered with status %u, but not in JSON."), status);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The cluster refused the request (status %u)."), status);
      return;
    }

  g_task_return_pointer (task, json_parser_steal_root (parser), (GDestroyNotify) json_node_unref);
}

void
cs_client_request_async (CsClient            *self,
                         const char          *method,
                         const char          *path,
                         JsonNode            *body,
                         CsRequestFlags       flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  g_return_if_fail (CS_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] != '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_client_request_async);

  uri = g_uri_parse_relative (self->base_uri, path, G_URI_FLAGS_ENCODED, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_URL, "%s", error->message);
      return;
    }

  msg = soup_message_new_from_uri (method, uri);
  g_task_set_task_data (task, msg, g_object_unref);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    request_done_cb, g_steal_pointer (&task));
}

JsonNode *
cs_client_request_finish (CsClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_client_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
