package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A stretch of trouble (Elasticsearch unreachable, or refusing documents for now), so that it is
 * logged once when it starts and once when it ends rather than at every retry. Thread-safe: bulk
 * responses arrive on the client's threads.
 */
final class Episode {
  private final LongSupplier nanoTime;
  private boolean ongoing;
  private long startedNanos;

  Episode(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Records trouble; true if this starts a new episode (log it), false if it continues one. */
  synchronized boolean begin() {
    if (ongoing) {
      return false;
    }
    ongoing = true;
    startedNanos = nanoTime.getAsLong();
    return true;
  }

  /** Records that all is well; the length of the episode this ends, if one was ongoing. */
  synchronized Optional<Duration> end() {
    if (!ongoing) {
      return Optional.empty();
    }
    ongoing = false;
    return Optional.of(Duration.ofNanos(nanoTime.getAsLong() - startedNanos));
  }

  synchronized boolean ongoing() {
    return ongoing;
  }
}
