package cn.tuoyu.sentinel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {
  private Instant now = Instant.parse("2026-11-23T01:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void fiveFailuresBlockAUsernameUntilTheOldestLeavesTheWindow() {
    LoginLimiter l = new LoginLimiter(5, 30, Duration.ofMinutes(5), clock);
    for (int i = 0; i < 5; i++) {
      assertThat(l.blocked("hq", "10.0.0.1")).isEmpty();
      l.failed("hq", "10.0.0.1");
      now = now.plusSeconds(10);
    }
    assertThat(l.blocked("hq", "10.0.0.2")).hasValue(Duration.ofSeconds(250));
    assertThat(l.blocked("tn", "10.0.0.1")).as("others from the address may still try").isEmpty();
    now = now.plusSeconds(250);
    assertThat(l.blocked("hq", "10.0.0.1")).isEmpty();
  }

  @Test
  void oneAddressTryingManyNamesIsBlockedToo() {
    LoginLimiter l = new LoginLimiter(5, 30, Duration.ofMinutes(5), clock);
    for (int i = 0; i < 30; i++) {
      l.failed("user" + i, "10.0.0.9");
    }
    assertThat(l.blocked("someone-else", "10.0.0.9")).isPresent();
    assertThat(l.blocked("someone-else", "10.0.0.8")).isEmpty();
  }

  @Test
  void aSuccessClearsTheUsernamesFailures() {
    LoginLimiter l = new LoginLimiter(5, 30, Duration.ofMinutes(5), clock);
    for (int i = 0; i < 4; i++) {
      l.failed("hq", "10.0.0.1");
    }
    l.succeeded("hq");
    l.failed("hq", "10.0.0.1");
    assertThat(l.blocked("hq", "10.0.0.1")).isEmpty();
  }
}
