package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Latency of the running, caught-up monitor, in live conditions: events are stamped with the wall
 * clock as they are sent, and a tick on every partition every {@value #TICK_MILLIS} ms keeps event
 * time moving as a live city does.
 *
 * <p>Each sample: a probe's caregiver steps out at {@code e} (ROOM_UNATTENDED starts; its hold is
 * {@link Instruments#HOLD_SECONDS} s, so it is due to OPEN at {@code d = e + hold}) and is back at
 * {@code r = d + 1 s} (RESOLVED). Both transitions are read from {@code sentinel.alerts} with
 * read_committed, as an institution would, and for each the bench records:
 *
 * <ul>
 *   <li><b>end to end</b>: from the moment the transition is due — {@code d} for OPEN, the sending
 *       of the caregiver's return for RESOLVED — until it is readable. It includes the watermark's
 *       wait for the out-of-orderness bound (the job must be sure no earlier event is still
 *       coming);
 *   <li><b>after the watermark</b>: from the sending of the first tick round that lets the
 *       watermark pass that time (event time ≥ time + bound + 1 ms on every partition) until
 *       readable: what the pipeline itself adds — processing, and waiting for the checkpoint that
 *       commits the Kafka transaction.
 * </ul>
 */
final class LatencyPhase {
  static final long TICK_MILLIS = 100;
  static final long SPACING_MILLIS = 100;
  private static final long BACK_AFTER_MILLIS = Instruments.HOLD_SECONDS * 1000 + 1000;

  /** One probe episode. */
  private static final class Sample {
    final String probe;
    final long leftAt;
    volatile long backAt;
    volatile long openSeenAt;
    volatile long resolvedSeenAt;

    Sample(String probe, long leftAt) {
      this.probe = probe;
      this.leftAt = leftAt;
    }

    long dueAt() {
      return leftAt + Instruments.HOLD_SECONDS * 1000;
    }
  }

  /** What one latency phase measured. */
  record Result(
      int samples,
      int transitionsExpected,
      int transitionsSeen,
      Stats endToEnd,
      Stats afterWatermark,
      Stats openEndToEnd,
      Stats resolvedEndToEnd) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final Instruments instruments;
  private final long boundMillis;
  private final Map<String, Sample> byKey = new ConcurrentHashMap<>();
  private final Set<String> probes;
  private final ConcurrentSkipListSet<Long> tickRounds = new ConcurrentSkipListSet<>();
  private final AtomicReference<Exception> sendError = new AtomicReference<>();
  private final AtomicInteger seen = new AtomicInteger();

  LatencyPhase(KafkaProducer<byte[], byte[]> producer, Instruments instruments, long boundMillis) {
    this.producer = producer;
    this.instruments = instruments;
    this.boundMillis = boundMillis;
    this.probes = new HashSet<>(instruments.probes());
  }

  /** Called by the read_committed alert watcher for every transition. */
  void onTransition(AlertTransition t, long at) {
    if (!RuleIds.ROOM_UNATTENDED.equals(t.getRuleId()) || !probes.contains(t.getInstitutionId())) {
      return;
    }
    Sample s = byKey.get(key(t.getInstitutionId(), t.getStartedAt().toEpochMilli()));
    if (s == null) {
      return;
    }
    if (t.getStatus() == AlertStatus.OPEN && s.openSeenAt == 0) {
      s.openSeenAt = at;
      seen.incrementAndGet();
    } else if (t.getStatus() == AlertStatus.RESOLVED && s.resolvedSeenAt == 0) {
      s.resolvedSeenAt = at;
      seen.incrementAndGet();
    }
  }

  private static String key(String institution, long startedAt) {
    return institution + "@" + startedAt;
  }

  Result run(int samples, Duration checkpointInterval, Progress progress)
      throws InterruptedException {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-ticker"));
    ScheduledExecutorService returns =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-probe"));
    List<Sample> all = new ArrayList<>();
    try {
      ticker.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
      long now = System.currentTimeMillis();
      for (String probe : instruments.probes()) {
        instruments.probeSetup(probe, now).forEach(i -> KafkaIo.send(producer, i, sendError));
      }
      producer.flush();
      // Let the watermark pass the set-up (and any backlog left from a previous run settle).
      sleepWithProgress(boundMillis + 2000, progress, "probes taking their places");

      List<String> probeIds = instruments.probes();
      long start = System.currentTimeMillis();
      for (int k = 0; k < samples; k++) {
        long due = start + k * SPACING_MILLIS;
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        String probe = probeIds.get(k % probeIds.size());
        long leftAt = System.currentTimeMillis();
        Sample s = new Sample(probe, leftAt);
        byKey.put(key(probe, leftAt), s);
        all.add(s);
        KafkaIo.send(producer, instruments.probeLeave(probe, leftAt), sendError);
        returns.schedule(
            () -> {
              long backAt = System.currentTimeMillis();
              s.backAt = backAt;
              KafkaIo.send(producer, instruments.probeReturn(probe, backAt), sendError);
            },
            BACK_AFTER_MILLIS,
            TimeUnit.MILLISECONDS);
        progress.update(
            String.format(
                "sample %d/%d sent, %d/%d transitions read",
                k + 1, samples, seen.get(), 2 * samples));
        checkSend();
      }
      // Wait for the last transitions: return, watermark, checkpoint, commit — with a margin.
      long deadline =
          System.currentTimeMillis()
              + BACK_AFTER_MILLIS
              + boundMillis
              + 2 * checkpointInterval.toMillis()
              + 20_000;
      while (seen.get() < 2 * samples && System.currentTimeMillis() < deadline) {
        progress.update(
            String.format(
                "all %d samples sent, %d/%d transitions read", samples, seen.get(), 2 * samples));
        Thread.sleep(100);
        checkSend();
      }
    } finally {
      ticker.shutdownNow();
      returns.shutdown();
      returns.awaitTermination(10, TimeUnit.SECONDS);
      ticker.awaitTermination(10, TimeUnit.SECONDS);
      long end = System.currentTimeMillis();
      for (String probe : instruments.probes()) {
        instruments.probeTeardown(probe, end).forEach(i -> KafkaIo.send(producer, i, sendError));
      }
      producer.flush();
    }
    return result(all);
  }

  private Result result(List<Sample> all) {
    List<Long> e2e = new ArrayList<>();
    List<Long> afterWm = new ArrayList<>();
    List<Long> open = new ArrayList<>();
    List<Long> resolved = new ArrayList<>();
    int seenCount = 0;
    for (Sample s : all) {
      if (s.openSeenAt > 0) {
        seenCount++;
        long v = s.openSeenAt - s.dueAt();
        e2e.add(v);
        open.add(v);
        watermarkPassed(s.dueAt()).ifPresent(w -> afterWm.add(s.openSeenAt - w));
      }
      if (s.resolvedSeenAt > 0 && s.backAt > 0) {
        seenCount++;
        long v = s.resolvedSeenAt - s.backAt;
        e2e.add(v);
        resolved.add(v);
        watermarkPassed(s.backAt).ifPresent(w -> afterWm.add(s.resolvedSeenAt - w));
      }
    }
    return new Result(
        all.size(),
        2 * all.size(),
        seenCount,
        Stats.of(e2e),
        Stats.of(afterWm),
        Stats.of(open),
        Stats.of(resolved));
  }

  /** When the first tick round was sent that moves the watermark to {@code t} or beyond. */
  private java.util.Optional<Long> watermarkPassed(long t) {
    return java.util.Optional.ofNullable(tickRounds.ceiling(t + boundMillis + 1));
  }

  private void tick() {
    long ts = System.currentTimeMillis();
    for (Item i : instruments.tickRound(ts)) {
      KafkaIo.send(producer, i, sendError);
    }
    tickRounds.add(ts);
  }

  private void checkSend() {
    Exception e = sendError.get();
    if (e != null) {
      throw new IllegalStateException("Kafka refused a probe or tick: " + e.getMessage(), e);
    }
  }

  private static void sleepWithProgress(long millis, Progress progress, String what)
      throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < until) {
      progress.update(what);
      Thread.sleep(Math.min(250, Math.max(1, until - System.currentTimeMillis())));
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
