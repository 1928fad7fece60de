/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

/*
 * The summary line build-aux/bench collects, in the form scripts read:
 *
 *   BENCH <metric> value=<n><unit> baseline=<n><unit> ratio=<n> target=<n> <PASS|MISS>
 *
 * With a baseline measured in the same run, ratio = value / baseline and the
 * target is the largest ratio that passes. Without one (baseline < 0),
 * "baseline=-", the target is in the value's unit and ratio = value / target
 * (PASS up to 1).
 */
static inline void
bench_line (const char *metric,
            double      value,
            double      baseline,
            const char *unit,
            double      target)
{
  double ratio = baseline >= 0 ? value / MAX (baseline, 1e-9) : value / target;
  gboolean pass = baseline >= 0 ? ratio <= target : ratio <= 1.0;

  if (baseline >= 0)
    printf ("BENCH %s value=%.2f%s baseline=%.2f%s ratio=%.2f target=%.2f %s\n", metric, value,
            unit, baseline, unit, ratio, target, pass ? "PASS" : "MISS");
  else
    printf ("BENCH %s value=%.2f%s baseline=- ratio=%.2f target=%.2f %s\n", metric, value, unit,
            ratio, target, pass ? "PASS" : "MISS");
  fflush (stdout);
}

/* Runs fn(data) repeatedly for at least min_ms: ms per call. */
static inline double
bench_batch_ms (void   (*fn) (gpointer),
                gpointer data,
                double   min_ms)
{
  gint64 start = g_get_monotonic_time ();
  guint calls = 0;
  double elapsed;

  do
    {
      fn (data);
      calls++;
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
    }
  while (elapsed < min_ms);
  return elapsed / calls;
}

/* Times a measure and its reference, their batches taken in turn so that
 * both meet the same load on a shared machine: the best of `batches` each
 * (the least disturbed by other load), in ms per call. */
static inline void
bench_time_pair_ms (void   (*fn) (gpointer),
                    gpointer data,
                    void   (*reference) (gpointer),
                    gpointer reference_data,
                    double   min_ms,
                    guint    batches,
                    double  *ms,
                    double  *reference_ms)
{
  *ms = *reference_ms = G_MAXDOUBLE;
  for (guint b = 0; b < batches; b++)
    {
      *ms = MIN (*ms, bench_batch_ms (fn, data, min_ms));
      *reference_ms = MIN (*reference_ms, bench_batch_ms (reference, reference_data, min_ms));
    }
}
