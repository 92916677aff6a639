package cn.tuoyu.sentinel.jobs.simulate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic randomness: one independent stream per (seed, purpose), so adding a decision in one
 * place never shifts the numbers drawn anywhere else, and the same seed always gives the same city
 * and the same day.
 */
final class Rng {
  private final SplittableRandom random;

  private Rng(long state) {
    this.random = new SplittableRandom(state);
  }

  /** The stream for {@code seed} and the purpose named by {@code parts}. */
  static Rng of(long seed, Object... parts) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (Object p : parts) {
      for (byte b : String.valueOf(p).getBytes(StandardCharsets.UTF_8)) {
        h = mix(h ^ (b & 0xFF));
      }
      h = mix(h ^ 0xFF);
    }
    return new Rng(h);
  }

  /** A uniform draw in [0, 1) fixed by three numbers: cheap, for values drawn per event. */
  static double unit(long a, long b, long c) {
    long h = mix(mix(mix(a) ^ b) ^ c);
    return (h >>> 11) * 0x1.0p-53;
  }

  /** A stable 64-bit hash of a text (for {@link #unit}). */
  static long hash(String s) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < s.length(); i++) {
      h = mix(h ^ s.charAt(i));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform in [from, to] (both inclusive). */
  int between(int from, int to) {
    return from + random.nextInt(to - from + 1);
  }

  /** Uniform in [from, to] (both inclusive). */
  long between(long from, long to) {
    return from + random.nextLong(to - from + 1);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  /** Uniform in [from, to). */
  double uniform(double from, double to) {
    return from + random.nextDouble() * (to - from);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
