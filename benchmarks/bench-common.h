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

/* Runs fn(data) repeatedly for at least min_ms per batch; the best of
 * `batches` batches, in ms per call (the least disturbed by other load). */
static inline double
bench_time_ms (void   (*fn) (gpointer),
               gpointer data,
               double   min_ms,
               guint    batches)
{
  double best = G_MAXDOUBLE;

  for (guint b = 0; b < batches; b++)
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
      best = MIN (best, elapsed / calls);
    }
  return best;
}
