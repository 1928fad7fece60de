/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "cs-models-api.h"
#include "cs-payload.h"

/*
 * Growth with size, for the parts of the core that get large inputs
 * (build-aux/bench runs it; the growth per ×10 should stay about 10, i.e.
 * linear):
 *
 *   bench-core preview-scale   the payload preview (cs_payload_preview_new)
 *                              of 1, 10, 100 and 1,000 KB connectors, in two
 *                              shapes: many placeholders whose parameters
 *                              name other parameters, and one large object
 *                              parameter (the Gson rendering)
 *   bench-core models-scale    parsing a models/_search answer of 100, 1k,
 *                              10k and 50k models into the list model the
 *                              Models page shows (JSON text to CsModelInfo)
 *
 * Each prints a table and one BENCH line. Memory-bound work on a shared
 * machine does not grow exactly ×10 per ×10 even when linear (caches, the
 * allocator), so each size is also timed for a linear reference on the same
 * data, in the same run: parsing and printing the connector's JSON, or
 * parsing the answer's JSON. The line takes the growth per ×10 from the
 * second size to the largest (fixed costs hide growth at the smallest
 * size), for the shape that grows most against its reference: value = its
 * growth, baseline = the reference's growth over the same sizes, the ratio
 * between them, target 1.25.
 */

#define GROWTH_TARGET 1.25

typedef struct
{
  double worst_ratio;
  double value;
  double baseline;
} Growth;

static void
growth_add (Growth *g,
            double  ours,
            double  reference)
{
  if (ours / reference > g->worst_ratio)
    {
      g->worst_ratio = ours / reference;
      g->value = ours;
      g->baseline = reference;
    }
}

/* ---- preview-scale ---------------------------------------------------------------------- */

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

static JsonNode *
placeholders_connector (guint kb)
{
  guint n = MAX (1, kb * 1024 / 32);
  g_autoptr(GString) body = g_string_new ("{\"x\":\"");
  JsonNode *params = json_from_string ("{\"p\": \"${parameters.q}-${parameters.q}\","
                                       " \"q\": \"abcdefgh\", \"model\": \"m\"}", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (body, "${parameters.p}$${parameters.p}");
  g_string_append (body, "\"}");
  return connector (body->str, params);
}

static JsonNode *
object_connector (guint kb)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = MAX (1, kb * 1024 / 24);

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
  return connector ("{\"o\": ${parameters.o}}", json_builder_get_root (builder));
}

typedef struct
{
  JsonObject *connector;
  JsonObject *sample;
} PreviewCase;

static void
preview_once (gpointer data)
{
  PreviewCase *c = data;
  g_autoptr(CsPayloadPreview) preview = cs_payload_preview_new (c->connector, c->sample, NULL);
}

static void
json_round_trip_once (gpointer data)
{
  g_autoptr(JsonNode) node = json_from_string (data, NULL);
  g_autofree char *text = json_to_string (node, TRUE);
}

static int
preview_scale (void)
{
  static const guint sizes[] = { 1, 10, 100, 1000 };
  static const char * const shapes[] = { "placeholders", "object" };
  g_autoptr(JsonObject) sample = cs_payload_sample_predict_parameters ();
  Growth growth = { 0 };

  printf ("%-13s %10s %12s %10s %12s %10s\n", "preview", "connector", "time", "growth",
          "reference", "growth");
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      double previous = 0, previous_ref = 0, second = 0, second_ref = 0;

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autoptr(JsonNode) node = s == 0 ? placeholders_connector (sizes[i])
                                            : object_connector (sizes[i]);
          g_autofree char *text = json_to_string (node, FALSE);
          PreviewCase c = { json_node_get_object (node), sample };
          double ms, ref;

          bench_time_pair_ms (preview_once, &c, json_round_trip_once, text, 50, 5, &ms, &ref);

          printf ("%-13s %7.1f KB %9.3f ms", shapes[s], strlen (text) / 1024.0, ms);
          if (previous > 0)
            {
              printf (" %9.1fx %9.3f ms %9.1fx\n", ms / previous, ref, ref / previous_ref);
            }
          else
            printf (" %10s %9.3f ms\n", "", ref);
          if (i == 1)
            second = ms, second_ref = ref;
          previous = ms;
          previous_ref = ref;
        }
      /* From 10 KB to 1,000 KB: two ×10 steps. */
      growth_add (&growth, sqrt (previous / second), sqrt (previous_ref / second_ref));
    }
  bench_line ("preview-scale", growth.value, growth.baseline, "x", GROWTH_TARGET);
  return 0;
}

/* ---- models-scale ----------------------------------------------------------------------- */

static char *
search_answer (guint n)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "{\"took\":3,\"timed_out\":false,\"_shards\":{\"total\":1,"
                          "\"successful\":1,\"skipped\":0,\"failed\":0},\"hits\":{\"total\":"
                          "{\"value\":%u,\"relation\":\"eq\"},\"max_score\":1.0,\"hits\":[", n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "%s{\"_index\":\".plugins-ml-model\",\"_id\":\"model-%08u-abcdefghij\","
                            "\"_version\":3,\"_seq_no\":%u,\"_primary_term\":1,\"_score\":1.0,"
                            "\"_source\":{\"name\":\"Claude model %u\",\"model_group_id\":"
                            "\"group-%08u-abcdefghij\",\"algorithm\":\"REMOTE\",\"model_version\":"
                            "\"1\",\"description\":\"Benchmark model number %u\",\"model_state\":"
                            "\"%s\",\"created_time\":%" G_GINT64_FORMAT ",\"last_updated_time\":"
                            "%" G_GINT64_FORMAT ",\"last_deployed_time\":%" G_GINT64_FORMAT ","
                            "\"planning_worker_node_count\":1,\"current_worker_node_count\":1,"
                            "\"planning_worker_nodes\":[\"node-abcdefghijklmnopqrstuv\"],"
                            "\"deploy_to_all_nodes\":true,\"is_hidden\":false,"
                            "\"connector_id\":\"conn-%08u-abcdefghij\"}}",
                            i == 0 ? "" : ",", i, i, i, i / 10, i,
                            i % 3 == 0 ? "DEPLOYED" : i % 3 == 1 ? "REGISTERED" : "UNDEPLOYED",
                            (gint64) 1700000000000 + i, (gint64) 1700000000000 + i,
                            (gint64) 1700000000000 + i, i);
  g_string_append (text, "]}}");
  return g_string_free (text, FALSE);
}

static void
models_once (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = json_from_string (data, &error);
  g_autoptr(GListStore) store = NULL;

  g_assert_no_error (error);
  store = cs_models_parse_search_response (answer, &error);
  g_assert_no_error (error);
}

static void
parse_once (gpointer data)
{
  g_autoptr(JsonNode) answer = json_from_string (data, NULL);
}

static int
models_scale (void)
{
  static const guint counts[] = { 100, 1000, 10000, 50000 };
  double previous = 0, previous_ref = 0, second = 0, second_ref = 0, step;
  guint previous_n = 0;
  Growth growth = { 0 };

  printf ("%-13s %10s %12s %10s %12s %10s\n", "models", "answer", "time", "growth/x10",
          "JSON parse", "growth/x10");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = search_answer (counts[i]);
      guint batches = counts[i] >= 10000 ? 3 : 5;
      double ms, ref;

      bench_time_pair_ms (models_once, text, parse_once, text, 50, batches, &ms, &ref);

      printf ("%-13u %7zu KB %9.2f ms", counts[i], strlen (text) / 1024, ms);
      if (previous > 0)
        {
          /* 10k to 50k is ×5: its growth is scaled to a ×10 step (log). */
          double decades = log10 ((double) counts[i] / previous_n);
          double g = pow (ms / previous, 1.0 / decades);
          double g_ref = pow (ref / previous_ref, 1.0 / decades);

          printf (" %9.1fx %9.2f ms %9.1fx\n", g, ref, g_ref);
        }
      else
        printf (" %10s %9.2f ms\n", "", ref);
      if (i == 1)
        second = ms, second_ref = ref;
      previous = ms;
      previous_ref = ref;
      previous_n = counts[i];
    }
  /* From 1,000 to 50,000 models, per ×10. */
  step = log10 ((double) previous_n / counts[1]);
  growth_add (&growth, pow (previous / second, 1.0 / step), pow (previous_ref / second_ref, 1.0 / step));
  bench_line ("models-scale", growth.value, growth.baseline, "x", GROWTH_TARGET);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "preview-scale"))
    return preview_scale ();
  if (argc == 2 && g_str_equal (argv[1], "models-scale"))
    return models_scale ();
  g_printerr ("usage: bench-core preview-scale|models-scale\n");
  return 2;
}
