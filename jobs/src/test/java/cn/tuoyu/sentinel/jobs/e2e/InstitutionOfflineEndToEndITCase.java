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
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * INSTITUTION_OFFLINE live, through the real Kafka and Elasticsearch, when the whole input goes
 * quiet: an open institution whose three cameras and a sensor report at wall-clock time stops
 * reporting altogether — nothing more reaches any topic. Event time still advances (the quiet
 * guard), so the job opens exactly one INSTITUTION_OFFLINE; the device silences it inhibits —
 * CAMERA_OFFLINE, SENSOR_SILENT and SURVEILLANCE_GAP, whose holds are shorter, so they were due
 * first — are never opened. When every device reports again, INSTITUTION_OFFLINE resolves at that
 * instant, and still no device alert follows.
 */
@ExtendWith(RealInfraExtension.class)
class InstitutionOfflineEndToEndITCase {
  /** 上海市浦东新区: a region no other test uses, so this test's short holds reach no other test. */
  private static final String REGION = "310115";

  private static final Duration OFFLINE_HOLD = Duration.ofSeconds(20);
  private static final Duration DEVICE_HOLD = Duration.ofSeconds(10);
  private static final List<String> DEVICE_RULES =
      List.of("CAMERA_OFFLINE", "SENSOR_SILENT", "SURVEILLANCE_GAP");

  private final RealInfra infra;

  InstitutionOfflineEndToEndITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aSilentInstitutionIsOneInstitutionOfflineAlertAndNoDeviceAlerts(@TempDir Path dir)
      throws Exception {
    // Open 00:00–23:59 (Beijing): the test needs a few minutes of opening hours ahead of it.
    LocalTime beijing = LocalTime.now(ZoneId.of("Asia/Shanghai"));
    Assumptions.assumeTrue(
        beijing.isBefore(LocalTime.of(23, 50)),
        "the institution closes at 23:59 Beijing time and INSTITUTION_OFFLINE never opens while"
            + " closed; run again after midnight");
    String institution = RealInfra.uniqueName(REGION + "-offline");
    StringWriter log = new StringWriter();
    Instant validFrom = Instant.now().minus(Duration.ofHours(1));
    Path reference =
        Files.write(
            dir.resolve("reference.jsonl"),
            List.of(institutionLine(institution, validFrom), rulesLine(validFrom)),
            StandardCharsets.UTF_8);
    assertThat(
            FileProducer.produce(reference, infra.bootstrapServers(), new PrintWriter(log))
                .refused())
        .isEmpty();

    try (LiveMonitor monitor = LiveMonitor.start(infra, dir.resolve("monitor-state"), log);
        LiveFeed feed = new LiveFeed(infra.bootstrapServers(), institution)) {
      feed.beatCameras("C1", "C2", "C3");
      feed.beatSensor("T1", new LiveFeed.Sensor("R1", "TEMPERATURE_C", 23.4));
      feed.startHeartbeat(Duration.ofSeconds(2));
      await().atMost(Duration.ofSeconds(30)).until(() -> feed.lastSent() != null);
      Map<String, String> r1 = new LinkedHashMap<>();
      r1.put("s-01", "CAREGIVER");
      r1.put("c-1", "CHILD");
      r1.put("c-2", "CHILD");
      feed.enter("R1", r1);
      Map<String, String> r2 = new LinkedHashMap<>();
      r2.put("s-02", "CAREGIVER");
      r2.put("c-3", "CHILD");
      feed.enter("R2", r2);

      // Reporting: nothing to say, for longer than every hold.
      await()
          .during(Duration.ofSeconds(25))
          .atMost(Duration.ofSeconds(35))
          .untilAsserted(() -> assertThat(AlertDocuments.of(infra, institution)).isEmpty());

      // Then the whole institution goes quiet: no topic receives anything more from it.
      Instant last = feed.pause();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution, "INSTITUTION_OFFLINE"))
                      .singleElement()
                      .satisfies(d -> assertThat(d).containsEntry("status", "OPEN")));
      System.out.printf(
          Locale.ROOT,
          "INSTITUTION_OFFLINE OPEN in Elasticsearch %.1f s after the last event (hold %d s)%n",
          Duration.between(last, Instant.now()).toMillis() / 1e3,
          OFFLINE_HOLD.toSeconds());

      String alertId =
          AlertIds.alertId("INSTITUTION_OFFLINE", SubjectKey.institution(institution), last);
      Map<String, Object> open =
          AlertDocuments.of(infra, institution, "INSTITUTION_OFFLINE").get(0);
      assertThat(open)
          .containsEntry("alertId", alertId)
          .containsEntry("severity", "MAJOR")
          .containsEntry("institutionId", institution)
          .containsEntry("institutionName", "浦东新区小海豚托育中心")
          .containsEntry("regionCode", REGION)
          .containsEntry("roomId", null)
          .containsEntry("cameraId", null)
          .containsEntry("sensorId", null)
          .containsEntry("resolvedAt", null);
      assertThat((String) open.get("message"))
          .startsWith("机构自 ")
          .contains(OFFLINE_HOLD.toSeconds() + " 秒无任何数据上报");
      assertThat(AlertDocuments.time(open, "startedAt")).isEqualTo(last);
      assertThat(AlertDocuments.time(open, "openedAt")).isEqualTo(last.plus(OFFLINE_HOLD));

      // One alert, not five: the cameras' and the sensor's silences (due 10 s before it) and the
      // rooms' surveillance gaps stay suppressed while event time flows on.
      await()
          .during(Duration.ofSeconds(20))
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution))
                      .extracting(d -> d.get("ruleId") + " " + d.get("status"))
                      .containsExactly("INSTITUTION_OFFLINE OPEN"));

      // Every device reports again.
      Instant back = feed.resume();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution, "INSTITUTION_OFFLINE"))
                      .singleElement()
                      .satisfies(d -> assertThat(d).containsEntry("status", "RESOLVED")));
      Map<String, Object> resolved =
          AlertDocuments.of(infra, institution, "INSTITUTION_OFFLINE").get(0);
      assertThat(resolved).containsEntry("alertId", alertId);
      assertThat(AlertDocuments.time(resolved, "startedAt")).isEqualTo(last);
      assertThat(AlertDocuments.time(resolved, "openedAt")).isEqualTo(last.plus(OFFLINE_HOLD));
      assertThat(AlertDocuments.time(resolved, "resolvedAt")).isEqualTo(back);

      // The suppressed silences were released with a fresh hold from `back`; the devices report,
      // so none of them opens — checked for longer than that hold.
      await()
          .during(Duration.ofSeconds(25))
          .atMost(Duration.ofSeconds(35))
          .untilAsserted(
              () ->
                  assertThat(AlertDocuments.of(infra, institution))
                      .extracting(d -> d.get("ruleId") + " " + d.get("status"))
                      .containsExactly("INSTITUTION_OFFLINE RESOLVED"));

      // And on sentinel.alerts, committed: the open and the resolve of that one alert, nothing
      // else.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(AlertsOnTopic.read(infra.bootstrapServers(), institution))
                      .extracting(
                          a ->
                              a.getRuleId()
                                  + " "
                                  + a.getAlertId()
                                  + " "
                                  + a.getStatus()
                                  + " #"
                                  + a.getSequence())
                      .containsExactly(
                          "INSTITUTION_OFFLINE " + alertId + " OPEN #0",
                          "INSTITUTION_OFFLINE " + alertId + " RESOLVED #1"));
      List<AlertTransition> transitions = AlertsOnTopic.read(infra.bootstrapServers(), institution);
      assertThat(transitions)
          .extracting(a -> a.getRuleId().toString())
          .doesNotContainAnyElementsOf(DEVICE_RULES);
    }
  }

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

  /**
   * Open 00:00–23:59; room R1 (托小班, cameras C1 and C2) and R2 (托大班, camera C3); two certified
   * caregivers.
   */
  private static String institutionLine(String institution, Instant validFrom) {
    return "{\"type\":\"institution\",\"ts\":\""
        + TS.format(validFrom)
        + "\",\"institutionId\":\""
        + institution
        + "\",\"name\":\"浦东新区小海豚托育中心\",\"regionCode\":\""
        + REGION
        + "\",\"kind\":\"CENTER\",\"licensedPlaces\":60,\"openTime\":\"00:00\","
        + "\"closeTime\":\"23:59\",\"location\":{\"lat\":31.22,\"lon\":121.54},"
        + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,"
        + "\"cameraIds\":[\"C1\",\"C2\"]},"
        + "{\"roomId\":\"R2\",\"classType\":\"TODDLER_24_36\",\"capacity\":20,"
        + "\"cameraIds\":[\"C3\"]}],"
        + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true},"
        + "{\"staffId\":\"s-02\",\"role\":\"CAREGIVER\",\"certified\":true}]}";
  }

  /**
   * Short holds for this region: INSTITUTION_OFFLINE 20 s, the device silences 10 s — so without
   * the inhibition they would open first.
   */
  private static String rulesLine(Instant validFrom) {
    StringBuilder rules = new StringBuilder();
    rules.append("\"INSTITUTION_OFFLINE\":{\"holdSeconds\":").append(OFFLINE_HOLD.toSeconds());
    rules.append("}");
    for (String rule : DEVICE_RULES) {
      rules.append(",\"").append(rule).append("\":{\"holdSeconds\":");
      rules.append(DEVICE_HOLD.toSeconds()).append("}");
    }
    return "{\"type\":\"rules\",\"ts\":\""
        + TS.format(validFrom)
        + "\",\"scope\":\""
        + REGION
        + "\",\"rules\":{"
        + rules
        + "}}";
  }
}
