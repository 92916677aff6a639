package cn.tuoyu.sentinel.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5's acceptance test: {@code replay --from-file} over a full simulated day of four
 * institutions ({@link DeviceDayScenario}) gives exactly the expected alerts of the device rules —
 * the same in event-time order and shuffled within the out-of-orderness bound — with no absence
 * alert at the end of the file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeviceDayReplayITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long SEED = 20261208L;
  private static final long SHUFFLE_SEED = 5L;

  /** The summary form of {@link DeviceDayScenario#transition} of a replayed transition. */
  static List<String> summary(List<AlertTransition> alerts) {
    return alerts.stream()
        .map(
            a ->
                DeviceDayScenario.transition(
                    a.getRuleId(),
                    a.getStatus().name(),
                    new SubjectKey(
                        a.getInstitutionId(),
                        a.getRoomId(),
                        a.getCameraId(),
                        a.getSensorId(),
                        a.getPersonId()),
                    a.getSeverity(),
                    a.getStartedAt().toEpochMilli(),
                    a.getOpenedAt().toEpochMilli(),
                    a.getResolvedAt() == null ? null : a.getResolvedAt().toEpochMilli(),
                    a.getAlertId(),
                    a.getSequence()))
        .toList();
  }

  /** Every field of every transition, as the --alerts-out file would have it. */
  static List<String> exported(List<AlertTransition> alerts) {
    JsonLinesCodec codec = new JsonLinesCodec();
    return alerts.stream().map(codec::encode).toList();
  }

  @Test
  void theScenarioIsWhatTheIssueDescribes() {
    DeviceDayScenario day = DeviceDayScenario.generate(SEED);

    assertThat(day.expectedCountByRule())
        .isEqualTo(
            Map.of(
                RuleIds.CAMERA_OFFLINE, 2L,
                RuleIds.SURVEILLANCE_GAP, 1L,
                RuleIds.RECORDING_STOPPED, 1L,
                RuleIds.RETENTION_BELOW_STANDARD, 1L,
                RuleIds.CAMERA_FLAPPING, 1L,
                RuleIds.INSTITUTION_OFFLINE, 1L,
                RuleIds.SMOKE_DETECTED, 1L,
                RuleIds.TEMPERATURE_OUT_OF_RANGE, 1L,
                RuleIds.CO2_HIGH, 1L,
                RuleIds.SENSOR_SILENT, 1L));
    assertThat(day.expected()).allSatisfy(e -> assertThat(e.resolvedAt()).isNotNull());
    assertThat(day.institutionIds()).hasSize(4);
    assertThat(day.events().get(0).ts()).isEqualTo(DeviceDayScenario.at("00:00:00"));
    assertThat(day.lastEventAt()).isGreaterThan(DeviceDayScenario.at("23:59:30"));
    // Deterministic for a seed.
    assertThat(DeviceDayScenario.generate(SEED).inOrderLines()).isEqualTo(day.inOrderLines());

    // The shuffle really reorders, but never by more than the bound: no line can be late.
    List<String> shuffled = day.shuffledLines(SHUFFLE_SEED);
    List<String> inOrder = day.inOrderLines();
    assertThat(shuffled).isNotEqualTo(inOrder).containsExactlyInAnyOrderElementsOf(inOrder);
    long maxSeen = Long.MIN_VALUE;
    long maxBehind = 0;
    for (String line : shuffled.subList(day.referenceLines().size(), shuffled.size())) {
      long ts = tsOf(line);
      maxSeen = Math.max(maxSeen, ts);
      maxBehind = Math.max(maxBehind, maxSeen - ts);
    }
    assertThat(maxBehind).isPositive().isLessThanOrEqualTo(DeviceDayScenario.BOUND_MILLIS);
  }

  /** The two replays of the day, run once for the tests that need them. */
  private record Replays(
      DeviceDayScenario day, ReplayJob.Result inOrder, ReplayJob.Result shuffled) {}

  private static Replays replays;

  private static synchronized Replays replays() throws Exception {
    if (replays == null) {
      DeviceDayScenario day = DeviceDayScenario.generate(SEED);
      Path dir = Files.createTempDirectory("device-day-");
      try {
        Path inOrderFile = dir.resolve("device-day.jsonl");
        Files.write(inOrderFile, day.inOrderLines(), StandardCharsets.UTF_8);
        Path shuffledFile = dir.resolve("device-day-shuffled.jsonl");
        Files.write(shuffledFile, day.shuffledLines(SHUFFLE_SEED), StandardCharsets.UTF_8);
        ReplayJob.Result inOrder = ReplayJob.run(inOrderFile, MonitorConfig.defaults(), 1);
        ReplayJob.Result shuffled = ReplayJob.run(shuffledFile, MonitorConfig.defaults(), 1);
        System.out.printf(
            "device day: %d events, %d transitions; replayed in order in %s, shuffled in %s%n",
            day.events().size(), inOrder.alerts().size(), inOrder.elapsed(), shuffled.elapsed());
        replays = new Replays(day, inOrder, shuffled);
      } finally {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
    }
    return replays;
  }

  @Test
  void aFullDayReplayedInOrderAndShuffledGivesExactlyTheExpectedAlerts() throws Exception {
    Replays r = replays();
    DeviceDayScenario day = r.day();

    assertThat(r.inOrder().deadLetters()).isEmpty();
    assertThat(r.inOrder().inputRecords())
        .isEqualTo(day.referenceLines().size() + day.events().size());
    assertThat(summary(r.inOrder().alerts()))
        .as("the expected transitions of %s", day.incidents())
        .containsExactlyElementsOf(day.expectedTransitions());
    assertNothingAfterTheLastEvent(day, r.inOrder());

    assertThat(r.shuffled().deadLetters()).as("no line is LATE or otherwise rejected").isEmpty();
    assertThat(summary(r.shuffled().alerts())).containsExactlyElementsOf(day.expectedTransitions());
    // Field for field (messages, details, alert ids): arrival order does not matter.
    assertThat(exported(r.shuffled().alerts()))
        .containsExactlyElementsOf(exported(r.inOrder().alerts()));
  }

  /** The end of the file fired no absence: no transition is later than the last event. */
  private static void assertNothingAfterTheLastEvent(
      DeviceDayScenario day, ReplayJob.Result result) {
    Instant last = Instant.ofEpochMilli(day.lastEventAt());
    assertThat(result.alerts())
        .allSatisfy(
            a ->
                assertThat(
                        Stream.of(a.getOpenedAt(), a.getUpdatedAt(), a.getResolvedAt())
                            .filter(t -> t != null && t.isAfter(last)))
                    .isEmpty());
  }

  private static long tsOf(String line) {
    int at = line.indexOf("\"ts\":\"") + 6;
    return java.time.OffsetDateTime.parse(line.substring(at, line.indexOf('"', at)))
        .toInstant()
        .toEpochMilli();
  }
}
