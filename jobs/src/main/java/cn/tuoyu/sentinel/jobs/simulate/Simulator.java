package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.schema.Institution;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The city simulator's entry point: a period of simulated time written to a file as fast as the
 * machine allows, or streamed live to Kafka at wall-clock pace (optionally sped up), with the
 * ground truth of the injected incidents. See {@link City}, {@link DayPlan} and {@link Incidents}.
 */
public final class Simulator {
  private Simulator() {}

  /**
   * What to simulate.
   *
   * @param institutions how many institutions
   * @param seed the seed: with the same start and count, the same events and truth
   * @param start the first simulated instant
   * @param length how much simulated time, or null to run until stopped
   * @param rate simulated seconds per wall-clock second in a live run (1 = real time)
   * @param incidents whether to inject incidents and near misses
   */
  public record Settings(
      int institutions, long seed, Instant start, Duration length, double rate, boolean incidents) {
    long endMillis() {
      return length == null ? Long.MAX_VALUE : start.toEpochMilli() + length.toMillis();
    }
  }

  /**
   * What a run produced.
   *
   * @param events events written or sent (reference records not counted)
   * @param byType events per JSON type
   * @param incidents incidents and near misses injected, per kind
   * @param unplaced kinds that found no place in a day (day and kind)
   * @param truth the ground truth of the simulated period
   * @param simulated how much simulated time was covered
   * @param wall how long it took
   */
  public record Summary(
      long events,
      Map<String, Long> byType,
      Map<String, Integer> incidents,
      List<String> unplaced,
      GroundTruth truth,
      Duration simulated,
      Duration wall) {
    public String render() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "simulated %s of %d institutions (seed %d) in %.1f s: %,d events %s%n",
              hours(simulated),
              truth.institutions(),
              truth.seed(),
              wall.toMillis() / 1000.0,
              events,
              byType));
      if (!incidents.isEmpty()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "incidents: %d expected alerts, %d near misses (%s)%n",
                truth.expected().size(),
                truth.nearMisses().size(),
                incidents));
      }
      if (!unplaced.isEmpty()) {
        sb.append("could not place (no institution offered a fitting moment): ")
            .append(String.join(", ", unplaced))
            .append(System.lineSeparator());
      }
      return sb.toString();
    }
  }

  /** The institutions' reference records (what a live run publishes first). */
  /** The simulated districts' names by region code (天宁区 for 320402 …). */
  public static java.util.Map<String, String> districtNames() {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    Districts.ALL.forEach(d -> out.put(d.code(), d.name()));
    return out;
  }

  public static List<Institution> reference(Settings s) {
    return simulation(s).reference();
  }

  private static Simulation simulation(Settings s) {
    return new Simulation(
        s.institutions(), s.seed(), s.start().toEpochMilli(), s.endMillis(), s.incidents());
  }

  /** Writes the whole period to {@code out} (and the truth to {@code truthFile} if given). */
  public static Summary toFile(Settings s, Path out, Path truthFile, Progress progress)
      throws IOException {
    if (s.length() == null) {
      throw new IllegalArgumentException("a file needs a length (--hours)");
    }
    long t0 = System.nanoTime();
    Simulation sim = simulation(s);
    Map<String, Long> byType = new TreeMap<>();
    long events = 0;
    progress.begin("Simulating " + s.institutions() + " institutions for " + hours(s.length()));
    try (SimOutput.File file = new SimOutput.File(out)) {
      file.reference(sim.reference());
      long lastShown = 0;
      while (sim.hasNext()) {
        List<Emitter.SimEvent> chunk = sim.nextChunk();
        file.events(chunk);
        events += count(chunk, byType);
        long now = System.nanoTime();
        if (now - lastShown > 200_000_000L) {
          lastShown = now;
          progress.update(bar(sim, events, now - t0));
        }
      }
    }
    Summary summary = summary(sim, sim.end(), events, byType, t0);
    if (truthFile != null) {
      summary.truth().write(truthFile);
    }
    progress.done(
        String.format(
            Locale.ROOT,
            "%,d events to %s%s",
            events,
            out,
            truthFile == null ? "" : ", truth to " + truthFile));
    return summary;
  }

  /**
   * Streams to Kafka: reference records first (flushed), then every event when the simulated clock
   * — {@code start + (now − began) × rate} — reaches it, until the period ends or {@code stop} says
   * so; {@code registered} runs once the reference records are on the broker. The truth covers what
   * was sent.
   */
  public static Summary live(
      Settings s,
      String bootstrap,
      Path truthFile,
      Progress progress,
      Runnable registered,
      BooleanSupplier stop)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Simulation sim = simulation(s);
    Map<String, Long> byType = new TreeMap<>();
    long events = 0;
    long simulatedUpTo = sim.start();
    try (SimOutput.Kafka kafka = new SimOutput.Kafka(bootstrap)) {
      kafka.reference(sim.reference());
      progress.info(
          String.format(
              Locale.ROOT,
              "simulator: %d institutions registered on Kafka %s; simulated clock starts at %s, ×%s",
              s.institutions(),
              bootstrap,
              LocalDateTime.ofInstant(s.start(), DayPlan.ZONE),
              rate(s.rate())));
      registered.run();
      long lastShown = System.nanoTime();
      outer:
      while (sim.hasNext() && !stop.getAsBoolean()) {
        List<Emitter.SimEvent> chunk = sim.nextChunk();
        int i = 0;
        while (i < chunk.size()) {
          if (stop.getAsBoolean()) {
            break outer;
          }
          long clock = clock(s, t0);
          int j = i;
          while (j < chunk.size() && chunk.get(j).ts() <= clock) {
            j++;
          }
          if (j > i) {
            List<Emitter.SimEvent> due = chunk.subList(i, j);
            kafka.events(due);
            events += count(due, byType);
            simulatedUpTo = due.get(due.size() - 1).ts();
            i = j;
          } else {
            long waitSim = chunk.get(i).ts() - clock;
            Thread.sleep(Math.max(1, Math.min(250, (long) (waitSim / s.rate()))));
          }
          long now = System.nanoTime();
          if (now - lastShown > 30_000_000_000L) {
            lastShown = now;
            kafka.flush();
            progress.info(
                String.format(
                    Locale.ROOT,
                    "simulator: clock %s · %,d events sent · %.0f events/s",
                    LocalDateTime.ofInstant(Instant.ofEpochMilli(clock), DayPlan.ZONE)
                        .toLocalTime()
                        .withNano(0),
                    events,
                    events / ((now - t0) / 1e9)));
          }
        }
        if (chunk.isEmpty() || i == chunk.size()) {
          simulatedUpTo = Math.max(simulatedUpTo, sim.position());
        }
      }
    }
    Summary summary = summary(sim, Math.min(sim.end(), simulatedUpTo), events, byType, t0);
    if (truthFile != null) {
      summary.truth().write(truthFile);
    }
    return summary;
  }

  private static long clock(Settings s, long t0) {
    double elapsed = (System.nanoTime() - t0) / 1e6 * s.rate();
    return s.start().toEpochMilli() + (long) elapsed;
  }

  private static long count(List<Emitter.SimEvent> events, Map<String, Long> byType) {
    for (Emitter.SimEvent e : events) {
      String type = SentinelType.ofClass(e.record().getClass()).orElseThrow().jsonType();
      byType.merge(type, 1L, Long::sum);
    }
    return events.size();
  }

  private static Summary summary(
      Simulation sim, long until, long events, Map<String, Long> byType, long t0) {
    Map<String, Integer> incidents = new LinkedHashMap<>();
    sim.placed().forEach((k, n) -> incidents.put(k.name(), n));
    return new Summary(
        events,
        byType,
        incidents,
        sim.unplaced(),
        sim.truth(until),
        Duration.ofMillis(until - sim.start()),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private static String bar(Simulation sim, long events, long elapsedNanos) {
    double done = (double) (sim.position() - sim.start()) / (sim.end() - sim.start());
    int width = 24;
    int full = (int) Math.round(done * width);
    double seconds = elapsedNanos / 1e9;
    double rate = events / Math.max(seconds, 1e-3);
    double eta = done > 0 ? seconds * (1 - done) / done : Double.NaN;
    return String.format(
        Locale.ROOT,
        "[%s%s] %3.0f%% · clock %s · %,d events · %,.0f/s · ETA %s",
        "█".repeat(full),
        "░".repeat(width - full),
        done * 100,
        LocalDateTime.ofInstant(Instant.ofEpochMilli(sim.position()), DayPlan.ZONE).toLocalTime(),
        events,
        rate,
        Double.isNaN(eta) ? "?" : String.format(Locale.ROOT, "%.0f s", eta));
  }

  private static String hours(Duration d) {
    return String.format(Locale.ROOT, "%.1f h", d.toMillis() / 3_600_000.0);
  }

  private static String rate(double r) {
    return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
  }
}
