package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EpisodeTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Episode episode = new Episode(nanos::get);

  @Test
  void startsOnceAndEndsOnceWithItsLength() {
    assertThat(episode.end()).isEmpty();

    assertThat(episode.begin()).isTrue();
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(episode.begin()).isFalse();
    assertThat(episode.ongoing()).isTrue();
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());

    assertThat(episode.end()).contains(Duration.ofSeconds(7));
    assertThat(episode.ongoing()).isFalse();
    assertThat(episode.end()).isEmpty();
    assertThat(episode.begin()).isTrue();
  }
}
