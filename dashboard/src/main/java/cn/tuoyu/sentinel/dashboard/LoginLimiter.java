package cn.tuoyu.sentinel.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Login attempts, rate-limited: after {@code maxFailures} failed logins for one username, or {@code
 * maxPerAddress} from one client address (a whole bureau may sit behind one address), within {@code
 * window}, further attempts are refused until the oldest failure leaves the window. A successful
 * login clears the username's failures.
 */
public final class LoginLimiter {
  private final int maxFailures;
  private final int maxPerAddress;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  public LoginLimiter(int maxFailures, int maxPerAddress, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.maxPerAddress = maxPerAddress;
    this.window = window;
    this.clock = clock;
  }

  /** How long to wait before trying again, if blocked. */
  public synchronized Optional<Duration> blocked(String username, String address) {
    long now = clock.millis();
    long wait =
        Math.max(
            waitFor("u:" + username, now, maxFailures),
            waitFor("a:" + address, now, maxPerAddress));
    return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
  }

  public synchronized void failed(String username, String address) {
    long now = clock.millis();
    for (String k : new String[] {"u:" + username, "a:" + address}) {
      failures.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(now);
    }
  }

  public synchronized void succeeded(String username) {
    failures.remove("u:" + username);
  }

  private long waitFor(String key, long now, int max) {
    Deque<Long> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    while (!d.isEmpty() && d.peekFirst() <= now - window.toMillis()) {
      d.pollFirst();
    }
    if (d.isEmpty()) {
      failures.remove(key);
      return 0;
    }
    return d.size() >= max ? d.peekFirst() + window.toMillis() - now : 0;
  }
}
