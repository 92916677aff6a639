package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before retrying writes Elasticsearch did not take: exponential, doubling from
 * {@code initial} up to {@code max}, with "equal jitter" (a random delay between half the ceiling
 * and the ceiling) so that many writers do not all retry at the same instant after an outage.
 *
 * @param initial the ceiling of the first retry's delay
 * @param max the largest ceiling; delays never exceed it
 */
public record RetryBackoff(Duration initial, Duration max) implements Serializable {

  /** 200 ms doubling up to 30 s. */
  public static final RetryBackoff DEFAULT =
      new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(30));

  public RetryBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.toMillis() < 1) {
      throw new IllegalArgumentException("initial backoff must be at least 1 ms, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " must not be smaller than the initial backoff " + initial);
    }
  }

  /**
   * The largest delay before retry number {@code attempt} (0 for the first retry): {@code initial *
   * 2^attempt}, at most {@code max}.
   */
  public Duration ceiling(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    long initialMs = initial.toMillis();
    long maxMs = max.toMillis();
    // Doubling past max (or past 2^62) is pointless; stop before it can overflow.
    if (attempt >= 62 || initialMs > (maxMs >> attempt)) {
      return Duration.ofMillis(maxMs);
    }
    return Duration.ofMillis(Math.min(maxMs, initialMs << attempt));
  }

  /**
   * The delay before retry number {@code attempt}: between half the {@link #ceiling} and the
   * ceiling.
   *
   * @param random a uniform random number in [0, 1), e.g. {@code
   *     ThreadLocalRandom.current().nextDouble()}
   */
  public Duration delay(int attempt, double random) {
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1), got " + random);
    }
    long ceilingMs = ceiling(attempt).toMillis();
    long half = ceilingMs / 2;
    return Duration.ofMillis(half + (long) (random * (ceilingMs - half)));
  }
}
