package cn.tuoyu.sentinel.jobs.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Summary of a set of samples (latencies in milliseconds): count, p50, p99, max, by the
 * nearest-rank method — the p-th percentile is the smallest sample with at least p % of the samples
 * at or below it, so it is always an observed value and p100 is the maximum.
 */
record Stats(int count, long p50, long p99, long max, double mean) {
  static final Stats EMPTY = new Stats(0, 0, 0, 0, 0);

  static Stats of(Collection<Long> samples) {
    if (samples.isEmpty()) {
      return EMPTY;
    }
    List<Long> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    double sum = 0;
    for (long s : sorted) {
      sum += s;
    }
    return new Stats(
        sorted.size(),
        percentile(sorted, 50),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1),
        sum / sorted.size());
  }

  /**
   * Nearest-rank percentile of an ascending list.
   *
   * @param p in (0, 100]
   */
  static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  /** Milliseconds as seconds with two decimals, e.g. "2.43 s". */
  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
  }
}
