package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SURVEILLANCE_GAP live, through the real Kafka and Elasticsearch: an institution's cameras C1 and
 * C2 watch room R1, where three toddlers are with their caregiver; every device reports at
 * wall-clock time. Both cameras report OFFLINE: the room is unwatched, and once the hold has passed
 * an operator finds a CRITICAL SURVEILLANCE_GAP for R1 in {@code sentinel-alerts}, next to the two
 * cameras' CAMERA_OFFLINE. C1 reports ONLINE again: one watching camera is enough, the gap is
 * RESOLVED at that instant.
 */
@ExtendWith(RealInfraExtension.class)
class SurveillanceGapEndToEndITCase {
  /** 杭州市西湖区: a region no other test uses, so this test's short holds reach no other test. */
  private static final String REGION = "330106";

  private static final Duration HOLD = Duration.ofSeconds(10);

  private final RealInfra infra;

  SurveillanceGapEndToEndITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void bothCamerasOfAnOccupiedRoomOfflineIsAGapUntilOneIsBack(@TempDir Path dir) throws Exception {
    String institution = RealInfra.uniqueName(REGION + "-gap");
    StringWriter log = new StringWriter();
    Instant validFrom = Instant.now().minus(Duration.ofHours(1));
    Path reference =
        Files.write(
            dir.resolve("reference.jsonl"),
            List.of(institutionLine(institution, validFrom), rulesLine(validFrom)),
            StandardCharsets.UTF_8);
    FileProducer.Report produced =
        FileProducer.produce(reference, infra.bootstrapServers(), new PrintWriter(log));
    assertThat(produced.refused()).isEmpty();

    try (LiveMonitor monitor = LiveMonitor.start(infra, dir.resolve("monitor-state"), log);
        LiveFeed feed = new LiveFeed(infra.bootstrapServers(), institution)) {
      feed.beatCameras("C1", "C2");
      feed.beatSensor("T1", new LiveFeed.Sensor("R1", "TEMPERATURE_C", 23.4));
      feed.startHeartbeat(Duration.ofSeconds(2));
      // The cameras have reported before the children arrive.
      await().atMost(Duration.ofSeconds(30)).until(() -> feed.lastSent() != null);
      Map<String, String> people = new LinkedHashMap<>();
      people.put("s-01", "CAREGIVER");
      people.put("c-1", "CHILD");
      people.put("c-2", "CHILD");
      people.put("c-3", "CHILD");
      feed.enter("R1", people);

      // Watched: no alert of any kind while both cameras beat, for longer than the holds.
      await()
          .during(Duration.ofSeconds(20))
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(AlertDocuments.of(infra, institution)).isEmpty());

      Instant offline = feed.reportOffline("C1", "C2");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution, "SURVEILLANCE_GAP"))
                      .singleElement()
                      .satisfies(d -> assertThat(d).containsEntry("status", "OPEN")));
      System.out.printf(
          Locale.ROOT,
          "SURVEILLANCE_GAP OPEN in Elasticsearch %.1f s after the cameras went offline%n",
          Duration.between(offline, Instant.now()).toMillis() / 1e3);

      String alertId =
          AlertIds.alertId("SURVEILLANCE_GAP", SubjectKey.room(institution, "R1"), offline);
      Map<String, Object> open = AlertDocuments.of(infra, institution, "SURVEILLANCE_GAP").get(0);
      assertThat(open)
          .containsEntry("alertId", alertId)
          .containsEntry("ruleId", "SURVEILLANCE_GAP")
          .containsEntry("severity", "CRITICAL")
          .containsEntry("institutionId", institution)
          .containsEntry("institutionName", "西湖区小雨点托育园")
          .containsEntry("regionCode", REGION)
          .containsEntry("roomId", "R1")
          .containsEntry("cameraId", null)
          .containsEntry("resolvedAt", null)
          .containsKey("location");
      assertThat((String) open.get("message"))
          .startsWith("托小班 R1：3 名幼儿在室")
          .contains("监控全部中断")
          .contains("C1 离线")
          .contains("C2 离线");
      assertThat(AlertDocuments.time(open, "startedAt")).isEqualTo(offline);
      assertThat(AlertDocuments.time(open, "openedAt")).isEqualTo(offline.plus(HOLD));
      @SuppressWarnings("unchecked")
      Map<String, Object> details = (Map<String, Object>) open.get("details");
      assertThat(details).containsEntry("children", 3).containsKey("offline");
      // The cameras' own alerts, from the same reports.
      assertThat(AlertDocuments.of(infra, institution, "CAMERA_OFFLINE"))
          .extracting(
              d ->
                  d.get("cameraId")
                      + " "
                      + d.get("severity")
                      + " "
                      + AlertDocuments.time(d, "startedAt"))
          .containsExactlyInAnyOrder("C1 MAJOR " + offline, "C2 MAJOR " + offline);

      // One camera back is enough: the room is watched again, the gap resolves at that instant.
      Instant online = feed.reportOnline("C1");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution, "SURVEILLANCE_GAP"))
                      .singleElement()
                      .satisfies(d -> assertThat(d).containsEntry("status", "RESOLVED")));
      Map<String, Object> resolved =
          AlertDocuments.of(infra, institution, "SURVEILLANCE_GAP").get(0);
      assertThat(resolved).containsEntry("alertId", alertId).containsEntry("severity", "CRITICAL");
      Instant startedAt = AlertDocuments.time(resolved, "startedAt");
      Instant openedAt = AlertDocuments.time(resolved, "openedAt");
      Instant resolvedAt = AlertDocuments.time(resolved, "resolvedAt");
      assertThat(startedAt).isEqualTo(offline).isBefore(openedAt);
      assertThat(openedAt).isBefore(resolvedAt);
      assertThat(resolvedAt).isEqualTo(online);

      // Everything the institution saw, in Elasticsearch and committed on sentinel.alerts: the gap
      // and C1's outage are over, C2 is still offline.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution))
                      .extracting(
                          d -> d.get("ruleId") + " " + d.get("cameraId") + " " + d.get("status"))
                      .containsExactlyInAnyOrder(
                          "SURVEILLANCE_GAP null RESOLVED",
                          "CAMERA_OFFLINE C1 RESOLVED",
                          "CAMERA_OFFLINE C2 OPEN"));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(AlertsOnTopic.read(infra.bootstrapServers(), institution))
                      .filteredOn(a -> a.getRuleId().toString().equals("SURVEILLANCE_GAP"))
                      .extracting(
                          a -> a.getAlertId() + " " + a.getStatus() + " #" + a.getSequence())
                      .containsExactly(alertId + " OPEN #0", alertId + " RESOLVED #1"));
      List<AlertTransition> transitions = AlertsOnTopic.read(infra.bootstrapServers(), institution);
      assertThat(transitions)
          .extracting(a -> a.getAlertId() + "/" + a.getSequence())
          .doesNotHaveDuplicates();
      assertThat(AlertsOnTopic.finalStatusById(transitions).values())
          .containsExactlyInAnyOrder(
              "SURVEILLANCE_GAP RESOLVED", "CAMERA_OFFLINE RESOLVED", "CAMERA_OFFLINE OPEN");
    }
  }

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

  /** As the export line writes a time: ISO-8601 at +08:00. */
  private static String local(Instant t) {
    return TS.format(t);
  }

  /**
   * Open around the clock (00:00–23:59), so the test means the same at any hour; room R1 (托小班) with
   * cameras C1 and C2; one certified caregiver.
   */
  private static String institutionLine(String institution, Instant validFrom) {
    return "{\"type\":\"institution\",\"ts\":\""
        + local(validFrom)
        + "\",\"institutionId\":\""
        + institution
        + "\",\"name\":\"西湖区小雨点托育园\",\"regionCode\":\""
        + REGION
        + "\",\"kind\":\"CENTER\",\"licensedPlaces\":40,\"openTime\":\"00:00\","
        + "\"closeTime\":\"23:59\",\"location\":{\"lat\":30.26,\"lon\":120.13},"
        + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,"
        + "\"cameraIds\":[\"C1\",\"C2\"]}],"
        + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true}]}";
  }

  /** Short holds for this region, so the test takes a minute rather than several. */
  private static String rulesLine(Instant validFrom) {
    return "{\"type\":\"rules\",\"ts\":\""
        + local(validFrom)
        + "\",\"scope\":\""
        + REGION
        + "\",\"rules\":{\"SURVEILLANCE_GAP\":{\"holdSeconds\":"
        + HOLD.toSeconds()
        + "},\"CAMERA_OFFLINE\":{\"holdSeconds\":"
        + HOLD.toSeconds()
        + "}}}";
  }
}
