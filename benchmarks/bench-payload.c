/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cs-payload.h"

/*
 * Prints how long the payload preview takes for connectors of growing size
 * (no pass/fail; build-aux/bench runs it). Two shapes: many placeholders
 * whose parameters name other parameters (the substitution), and one large
 * object parameter (the Gson rendering). Linear rendering keeps the time per
 * KB about the same from row to row.
 */

static JsonNode *
connector (const char *request_body,
           JsonNode   *parameters)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "bench");
  json_builder_set_member_name (builder, "parameters");
  json_builder_add_value (builder, parameters);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action_type");
  json_builder_add_string_value (builder, "predict");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, "https://example.test/${parameters.model}");
  json_builder_set_member_name (builder, "request_body");
  json_builder_add_string_value (builder, request_body);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
measure (const char *shape,
         JsonNode   *node)
{
  g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();
  g_autofree char *text = json_to_string (node, FALSE);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CsPayloadPreview) preview = cs_payload_preview_new (json_node_get_object (node),
                                                                sample, NULL);
  double seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("%-13s connector %7zu KB  body %7zu KB  %8.3f s  %7.2f ms/KB\n", shape,
          strlen (text) / 1024, strlen (preview->body) / 1024, seconds,
          seconds * 1000.0 / MAX (1, strlen (text) / 1024));
}

int
main (void)
{
  for (guint kb = 120; kb <= 1920; kb *= 2)
    {
      guint n = kb * 1024 / 32;
      g_autoptr(GString) body = g_string_new ("{\"x\":\"");
      g_autoptr(JsonNode) params = json_from_string ("{\"p\": \"${parameters.q}-${parameters.q}\","
                                                     " \"q\": \"abcdefgh\", \"model\": \"m\"}",
                                                     NULL);
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (body, "${parameters.p}$${parameters.p}");
      g_string_append (body, "\"}");
      node = connector (body->str, g_steal_pointer (&params));
      measure ("placeholders", node);
    }

  for (guint kb = 120; kb <= 1920; kb *= 2)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      guint n = kb * 1024 / 24;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, "m");
      json_builder_set_member_name (builder, "o");
      json_builder_begin_object (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("member-%u", i);

          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, "value");
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      node = connector ("{\"o\": ${parameters.o}}", json_builder_get_root (builder));
      measure ("object", node);
    }
  return 0;
}
