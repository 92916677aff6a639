package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state part of BENCHMARKS.md from made-up figures, and how it joins the Kafka part. */
class StateReportTest {
  private static final int CAMERAS = 10_000;

  private static StatePhase.Point point(
      int hour, long monitor, long hold, long flapping, long lifecycle, double rate) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    bytes.put(StatePhase.MONITOR, monitor);
    bytes.put(StatePhase.HOLD, hold);
    bytes.put(StatePhase.FLAPPING, flapping);
    bytes.put(StatePhase.LIFECYCLE, lifecycle);
    bytes.put(StatePhase.OTHER, 5_000L);
    long total = monitor + hold + flapping + lifecycle + 5_000;
    return new StatePhase.Point(hour, hour * 1_200_000L, hour + 1, bytes, total, 120, rate);
  }

  static StatePhase.Result result() {
    return new StatePhase.Result(
        CAMERAS,
        500,
        24,
        7,
        28_790_000,
        0,
        10,
        2_400,
        1_200,
        2,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        List.of(
            point(0, 1_000_000, 30_000, 30_000, 20_000, 0),
            point(1, 2_500_000, 400_000, 100_000, 40_000, 25_000),
            point(24, 2_510_000, 600_000, 1_500_000, 41_000, 30_000)),
        new StatePhase.Rate(28_790_000, 100_000, cpu(90)),
        new StatePhase.Rate(28_790_000, 1_000_000, cpu(1_800)),
        new java.util.TreeMap<>(
            Map.of("CAMERA_OFFLINE OPEN", 2_410L, "CAMERA_OFFLINE RESOLVED", 2_400L)),
        Map.of(),
        new FlinkRest.Checkpoints(250, 0, 40, 90, 300, null),
        1_200_000);
  }

  private static Machine.CpuUse cpu(double seconds) {
    return new Machine.CpuUse(
        0.95, Map.of(Bench.FLINK_JVM, 0.90), Map.of(Bench.FLINK_JVM, seconds));
  }

  static Report.StateRun run() {
    return new Report.StateRun(
        ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZoneOffset.UTC),
        new Machine("Test CPU", 2, "8.0 GiB", "Linux", "openjdk version \"17\""),
        "0.50 / 0.40 / 0.30",
        "bin/sentinel bench --only state",
        "Flink 2.2.1",
        result());
  }

  @Test
  void theTableShowsBytesPerCameraPerOperatorAtEachHour() {
    String md = Report.statePart(run());
    assertThat(md)
        .startsWith(Report.STATE_MARKER)
        .contains("## State size: 10,000 cameras × 24 h of heartbeats")
        .contains("`bin/sentinel bench --only state`")
        .contains("every hour 1 % of the cameras go OFFLINE for\n2–4 min (2,400 outages")
        .contains("0.5 % flap — 4 one-report\nOFFLINE blips 5 min apart (1,200 episodes")
        .contains("2 CPU cores (Test CPU)")
        .contains(
            "| 0 h (reference data, no event yet) | 0 | 100.0 | 3.0 | 3.0 | 2.0 | 0.5 | **108.5** |"
                + " 1.0 MiB | — |")
        .contains("| 1 h | 1,200,000 | 250.0 | 40.0 | 10.0 | 4.0 | 0.5 | **304.5** |")
        .contains("| 24 h | 28,800,000 | 251.0 | 60.0 | 150.0 | 4.1 | 0.5 | **465.6** |")
        .contains("| 30,000 |");
  }

  @Test
  void throughputIsComparedWithTheGeneratorAlone() {
    String md = Report.statePart(run());
    assertThat(md)
        .contains(
            "| **baseline**: the same generator into a discarding sink | 28,790,000 | 100.0 s |"
                + " 287,900 | 1.000 | 95 % (Flink JVM 90 %, other processes 5 %) | 319,889 |")
        .contains("| 28,790,000 | 1000.0 s | 28,790 | 0.100 |")
        .contains("| 15,994 |")
        .contains("raised 4,810 alert transitions (CAMERA_OFFLINE OPEN 2,410")
        .contains("no dead letters")
        .contains("250 checkpoints completed (0 failed)");
  }

  @Test
  void theReadingSaysWhatStayedFlatAndWhatGrew() {
    String reading = Report.stateReading(result());
    assertThat(reading)
        .contains(
            "From hour 1 to hour 24 the state went from 304.5 to 465.6 bytes per camera (+53 %)")
        .contains("Flat (within 5 % or 2 bytes per camera): institution monitor (250.0 → 251.0)")
        .contains("alert lifecycle (4.0 → 4.1)")
        .contains(
            "Changed: CEP hold pattern (40.0 → 60.0, +0.9 per hour), CEP flapping pattern (10.0 →"
                + " 150.0, +6.1 per hour)")
        .contains("levels off after that")
        .contains("flat once the first 6 h has passed");
    assertThat(Report.isFlat(1_000, 1_040, 1)).isTrue();
    assertThat(Report.isFlat(1_000, 1_100, 1)).isFalse();
    assertThat(Report.isFlat(10, 25, 10)).isTrue(); // 1.5 bytes per camera
  }

  @Test
  void theStatePartReplacesOnlyItselfAndKeepsTheKafkaPart() {
    String kafkaOnly = Report.markdown(ReportTest.results());
    assertThat(kafkaOnly).doesNotContain(Report.STATE_MARKER).contains("## Throughput");

    String both = Report.merge(kafkaOnly, null, Report.statePart(run()));
    assertThat(both)
        .startsWith("# Benchmarks\n\n" + Report.INTRO)
        .contains("## Throughput")
        .contains("## State size");
    assertThat(both.indexOf("## Caveats")).isLessThan(both.indexOf(Report.STATE_MARKER));

    // A later --only state run: the new state part, the same Kafka part.
    String again = Report.merge(both, null, Report.statePart(run()).replace("Test CPU", "New CPU"));
    assertThat(again).contains("New CPU").contains("## Throughput");
    assertThat(again.split(java.util.regex.Pattern.quote(Report.STATE_MARKER), -1)).hasSize(2);
    assertThat(again.substring(0, again.indexOf(Report.STATE_MARKER)))
        .isEqualTo(both.substring(0, both.indexOf(Report.STATE_MARKER)));

    // A later --only kafka run keeps the state part.
    String kafkaAgain = Report.merge(again, Report.kafkaPart(ReportTest.results()), null);
    assertThat(kafkaAgain).contains("New CPU").contains("## Throughput");

    // An old file with another intro: the intro is rewritten, the rest kept.
    String old =
        "# Benchmarks\n\nWritten by an older bench.\n\n- **measured** then\n\n## Throughput\n";
    assertThat(Report.merge(old, null, null))
        .isEqualTo("# Benchmarks\n\n" + Report.INTRO + "\n- **measured** then\n\n## Throughput\n");
    // No file yet.
    assertThat(Report.merge(null, null, Report.statePart(run())))
        .startsWith("# Benchmarks\n\n" + Report.INTRO + "\n" + Report.STATE_MARKER);
  }

  @Test
  void theHoursMeasuredAreTheDayAndTheEnd() {
    assertThat(StatePhase.measuredHours(24)).containsExactly(0, 1, 6, 12, 24);
    assertThat(StatePhase.measuredHours(2)).containsExactly(0, 1, 2);
    assertThat(StatePhase.measuredHours(30)).containsExactly(0, 1, 6, 12, 24, 30);
    assertThat(StatePhase.measuredHours(48)).containsExactly(0, 1, 6, 12, 24, 48);
  }

  @Test
  void verticesAreToldApartByTheGraphsOperatorNames() {
    assertThat(StatePhase.operatorOf("Institution monitor: occupancy and rules -> Hold signals"))
        .isEqualTo(StatePhase.MONITOR);
    assertThat(StatePhase.operatorOf("CEP: condition held past its hold"))
        .isEqualTo(StatePhase.HOLD);
    assertThat(StatePhase.operatorOf("CEP: camera flapping")).isEqualTo(StatePhase.FLAPPING);
    assertThat(StatePhase.operatorOf("Alert lifecycle -> Alerts (counted, discarded)"))
        .isEqualTo(StatePhase.LIFECYCLE);
    assertThat(StatePhase.operatorOf("Split input")).isEqualTo(StatePhase.OTHER);
  }
}
