package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vertical slice on the real thing: a scenario produced to the real Kafka becomes exactly the
 * expected alerts in the real Elasticsearch and on {@code sentinel.alerts}; the same file replayed
 * gives the same alert ids; and killing the job mid-stream and restarting it from its last
 * checkpoint loses and duplicates nothing.
 */
@ExtendWith(RealInfraExtension.class)
class MonitorEndToEndITCase {
  private static final int LIVE_PARALLELISM = 1;

  private final RealInfra infra;

  MonitorEndToEndITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void liveAlertsMatchTheReplayAndSurviveARestartFromCheckpoint(@TempDir Path dir)
      throws Exception {
    String institution = RealInfra.uniqueName("320402-e2e");
    // Part 1: the caregiver leaves 4 children for 3 minutes; a 1:6 ratio is held 3 minutes. The
    // room's camera sends its heartbeat all along, so the only alerts are about the people.
    ScenarioFile first =
        new ScenarioFile(institution)
            .cameraHeartbeats("08:00:00", "11:00:30")
            .morning()
            .exit("09:00:00", "s-01", "CAREGIVER")
            .enter("09:03:00", "s-01", "CAREGIVER")
            .enter("10:00:00", "c-5", "CHILD")
            .enter("10:00:01", "c-6", "CHILD")
            .exit("10:03:00", "c-6", "CHILD")
            // The caregiver leaves again; the job is killed while this alert is open.
            .exit("11:00:00", "s-01", "CAREGIVER")
            .enter("11:00:40", "c-7", "CHILD");
    // Part 2, produced after the restart: she returns; a 60 s ratio breach that must not alert.
    // The heartbeats carry event time past its deadline (12:02) and end with no condition
    // pending, so the live run, whose event time flows on once the input is quiet, has nothing
    // more to say than the replay for minutes after the last event (INSTITUTION_OFFLINE: 5 min).
    List<String> second =
        new ScenarioFile(institution)
            .cameraHeartbeats("11:01:00", "12:05:00")
            .enter("11:05:00", "s-01", "CAREGIVER")
            .exit("11:10:00", "c-7", "CHILD")
            .enter("12:00:00", "c-6", "CHILD")
            .exit("12:01:00", "c-6", "CHILD")
            .events();
    second = renumber(second);

    Path part1 = first.write(dir.resolve("part1.jsonl"));
    Path part2 = Files.write(dir.resolve("part2.jsonl"), second, StandardCharsets.UTF_8);
    Path whole = dir.resolve("whole.jsonl");
    List<String> all = new ArrayList<>(first.lines());
    all.addAll(second);
    Files.write(whole, all, StandardCharsets.UTF_8);

    // What the replay says the whole day yields: the expectation for the live run.
    ReplayJob.Result replay = ReplayJob.run(whole, MonitorConfig.defaults(), 2);
    Map<String, String> expected = AlertsOnTopic.finalStatusById(replay.alerts());
    assertThat(replay.alerts())
        .extracting(a -> a.getRuleId() + " " + a.getStatus())
        .containsExactlyInAnyOrder(
            "ROOM_UNATTENDED OPEN", "ROOM_UNATTENDED RESOLVED",
            "RATIO_BELOW_STANDARD OPEN", "RATIO_BELOW_STANDARD RESOLVED",
            "RATIO_BELOW_STANDARD OPEN", "RATIO_BELOW_STANDARD RESOLVED",
            "ROOM_UNATTENDED OPEN", "ROOM_UNATTENDED RESOLVED",
            "RATIO_BELOW_STANDARD OPEN", "RATIO_BELOW_STANDARD RESOLVED");

    MonitorConfig config =
        MonitorConfig.defaults()
            .withKafka(infra.bootstrapServers())
            .withElasticsearch(infra.elasticsearchUrl())
            .withGroupId(RealInfra.uniqueName("it-monitor"))
            .withCheckpointInterval(Duration.ofSeconds(1));
    Path state = dir.resolve("monitor-state");
    StringWriter log = new StringWriter();

    EventTopics.startGroupAtEnd(infra.bootstrapServers(), config.groupId());
    FileProducer.produce(part1, infra.bootstrapServers(), new PrintWriter(log));
    // Parallelism 1 live (the replay above runs at 2, so the ids are still compared across
    // parallelisms). At 2, the monitor starts with every input idle, and the first watermark after
    // a backlog races from the idle monitor subtask to the CEP subtask ahead of the signals the
    // busy one emits for that backlog: CEP drops them as late (numLateRecordsDropped) and alerts
    // are lost. That is a bug of the job, reported; back to 2 once it is fixed.
    int restPort = Platform.freePort();
    JobClient job =
        new MonitorRunner(config, state, LIVE_PARALLELISM, restPort, true, null)
            .start(new PrintWriter(log, true));
    String openBeforeKill;
    try {
      // The 11:00 absence is OPEN (committed to Kafka, so its checkpoint completed) …
      LiveDiagnostics.untilAsserted(
          Duration.ofMinutes(3),
          () ->
              assertThat(AlertsOnTopic.read(infra.bootstrapServers(), institution))
                  .extracting(a -> a.getRuleId() + " " + a.getStatus())
                  .hasSizeGreaterThanOrEqualTo(7),
          () -> diagnostics(institution, restPort, job, log));
      System.out.println(LiveDiagnostics.lifecycleCounters("127.0.0.1:" + restPort, job));
      openBeforeKill =
          AlertsOnTopic.read(infra.bootstrapServers(), institution).stream()
              .filter(a -> a.getStartedAt().toString().endsWith("03:00:00Z"))
              .map(AlertTransition::getAlertId)
              .findFirst()
              .orElseThrow();
    } finally {
      // … then the job dies without a savepoint. Its open transaction is the restored job's to
      // abort (same transactional-id prefix).
      job.cancel().get(1, TimeUnit.MINUTES);
    }
    assertThat(MonitorRunner.latestRestorePoint(state)).isPresent();

    FileProducer.produce(part2, infra.bootstrapServers(), new PrintWriter(log));
    int resumedRestPort = Platform.freePort();
    JobClient resumed =
        new MonitorRunner(config, state, LIVE_PARALLELISM, resumedRestPort, false, null)
            .start(new PrintWriter(log, true));
    try {
      LiveDiagnostics.untilAsserted(
          Duration.ofMinutes(2),
          () ->
              assertThat(
                      AlertsOnTopic.finalStatusById(
                          AlertsOnTopic.read(infra.bootstrapServers(), institution)))
                  .isEqualTo(expected),
          () -> diagnostics(institution, resumedRestPort, resumed, log));
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> assertThat(finalStatusInElasticsearch(institution)).isEqualTo(expected));
    } finally {
      LiveJobs.stopCommitting(resumed, state);
    }
    assertThat(log.toString()).contains("resuming from");
    assertThat(expected).containsKey(openBeforeKill);

    // Exactly once in effect: every transition once on the topic, same ids as the replay.
    List<AlertTransition> onTopic = AlertsOnTopic.read(infra.bootstrapServers(), institution);
    assertThat(onTopic)
        .extracting(a -> a.getAlertId() + "/" + a.getSequence())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            replay.alerts().stream().map(a -> a.getAlertId() + "/" + a.getSequence()).toList());
  }

  private String diagnostics(String institution, int restPort, JobClient job, StringWriter log) {
    return LiveDiagnostics.describe(
            infra.bootstrapServers(), institution, "127.0.0.1:" + restPort, job)
        + "\nmonitor log:\n"
        + log;
  }

  private static List<String> renumber(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.replace("-e000", "-p2-e000"));
    }
    return out;
  }

  private Map<String, String> finalStatusInElasticsearch(String institution) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Map<String, Object> d : AlertDocuments.of(infra, institution)) {
      String alertId = (String) d.get("alertId");
      assertThat(out).as("one document per alert").doesNotContainKey(alertId);
      out.put(alertId, d.get("ruleId") + " " + d.get("status"));
    }
    return out;
  }
}
