package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BENCHMARKS.md from made-up figures: the tables, the best pass, the ratio to the baseline. */
class ReportTest {
  private static final Duration FIVE_S = Duration.ofSeconds(5);
  private static final Duration HALF_S = Duration.ofMillis(500);

  private static MonitorRun.Result pass(Duration interval, long catchUpMillis, boolean full) {
    Stats latency = new Stats(200, 7_700, 10_100, 10_200, 7_600);
    return new MonitorRun.Result(
        interval,
        300_000,
        5_000,
        catchUpMillis,
        200,
        new Machine.CpuUse(
            0.99, Map.of(Bench.FLINK_JVM, 0.80), Map.of(Bench.FLINK_JVM, catchUpMillis / 1000.0)),
        Map.of("ROOM_UNATTENDED OPEN", 20L, "ROOM_UNATTENDED RESOLVED", 20L),
        0,
        full ? new LatencyPhase.Result(100, 200, 200, latency, latency, latency, latency) : null,
        new FlinkRest.Checkpoints(10, full ? 1 : 0, 300, 900, 1_000, null),
        new FlinkRest.Exceptions(0, null));
  }

  static Report.Results results() {
    Map<String, Long> byTopic = new LinkedHashMap<>();
    byTopic.put("sentinel.events.attendance", 200_000L);
    byTopic.put("sentinel.events.camera", 50_000L);
    byTopic.put("sentinel.events.sensor", 50_000L);
    return new Report.Results(
        ZonedDateTime.of(2026, 11, 23, 16, 0, 0, 0, ZoneOffset.UTC),
        200_000,
        new Machine("Test CPU", 2, "8.0 GiB", "Linux", "openjdk version \"17\""),
        "0.50 / 0.40 / 0.30",
        "bin/sentinel bench",
        "Kafka 4.1.1, Elasticsearch 9.2.0, Flink 2.2.1",
        2,
        new Report.WorkloadFacts(
            200,
            2,
            LocalDate.of(2026, 11, 21),
            LocalDate.of(2026, 11, 22),
            80,
            byTopic,
            295_000,
            5_000,
            300_000,
            7,
            4,
            5_000),
        new KafkaIo.ConsumeResult(300_000, 200),
        new KafkaIo.ConsumeResult(300_000, 600),
        List.of(FIVE_S, HALF_S),
        List.of(
            pass(FIVE_S, 15_000, false),
            pass(HALF_S, 20_000, false),
            pass(HALF_S, 30_000, true),
            pass(FIVE_S, 10_000, true)));
  }

  @Test
  void throughputRowsShowTheFasterPassAndItsRatioToTheBaseline() {
    String md = Report.markdown(results());
    assertThat(md)
        .contains(
            "| **baseline**: plain KafkaConsumer reading the bytes (the ceiling) | 0.2 s | 1,500,000 | 1.000 |")
        .contains("checkpoint every 5 s (best of 15.0 s, 10.0 s) | 10.0 s | 30,000 | 0.020 |")
        .contains("checkpoint every 500 ms (best of 20.0 s, 30.0 s) | 20.0 s | 15,000 | 0.010 |");
  }

  @Test
  void latencyComesFromThePassesThatMeasuredIt() {
    String md = Report.markdown(results());
    assertThat(md).contains("| 5 s | 200/200 | 7.70 s | 10.10 s | 10.20 s |");
    assertThat(md).contains("(not measured)");
    assertThat(md).contains("1 failed checkpoint(s)");
  }

  @Test
  void theFileSaysHowItWasMeasured() {
    String md = Report.markdown(results());
    assertThat(md)
        .contains("`bin/sentinel bench`")
        .contains("2 CPU cores (Test CPU)")
        .contains("## Method")
        .contains("## Caveats")
        .contains("| **total** | **300,000** |")
        .contains("The backlog raises 40 alert transitions");
    assertThat(Report.summary(results())).contains("Throughput").contains("Latency");
  }

  @Test
  void eachPartIsRewrittenAloneAndTheOthersKept() {
    String kafka = "## Throughput\n\nk1\n";
    String state = Report.STATE_MARKER + "\n\n## State size\n\ns1\n";
    String archive = ArchivePhase.MARKER + "\n\n## Replay from the archive\n\na1\n";
    String all = Report.merge(null, kafka, state, archive);

    String newArchive = Report.merge(all, null, null, archive.replace("a1", "a2"));
    String newKafka = Report.merge(newArchive, kafka.replace("k1", "k2"), null);
    String newState = Report.merge(newKafka, null, state.replace("s1", "s2"));

    assertThat(all).startsWith(Report.TITLE).contains("k1", "s1", "a1");
    assertThat(newArchive).contains("k1", "s1", "a2").doesNotContain("a1");
    assertThat(newKafka).contains("k2", "s1", "a2").doesNotContain("k1");
    assertThat(newState).contains("k2", "s2", "a2").doesNotContain("s1");
    assertThat(newState.indexOf("s2")).isLessThan(newState.indexOf("a2"));
    assertThat(Report.merge(newState, null, null)).isEqualTo(newState);
  }
}
