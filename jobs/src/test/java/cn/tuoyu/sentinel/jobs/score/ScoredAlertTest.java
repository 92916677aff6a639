package cn.tuoyu.sentinel.jobs.score;

import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.INSTITUTION;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.at;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoredAlertTest {
  private static final SubjectKey SENSOR = SubjectKey.sensor(INSTITUTION, "R1", "T1");

  @Test
  void fromTransitionKeepsIdentitySubjectAndTimes() {
    ScoredAlert a =
        ScoredAlert.from(
            transition("a1", RuleIds.CO2_HIGH, SENSOR, at("16:10:00"), at("16:20:00")));

    assertThat(a)
        .isEqualTo(
            new ScoredAlert(
                "a1",
                RuleIds.CO2_HIGH,
                SENSOR,
                at("16:10:00"),
                at("16:10:20"),
                at("16:20:00"),
                AlertStatus.RESOLVED,
                "托小班无人照护 a1",
                1));
  }

  @Test
  void fromDocumentReadsTheExportFieldNames() {
    ScoredAlert a = ScoredAlert.fromDocument(document());

    assertThat(a)
        .isEqualTo(
            new ScoredAlert(
                "a1",
                RuleIds.CO2_HIGH,
                SENSOR,
                at("16:10:00"),
                at("16:10:20"),
                null,
                AlertStatus.ACKNOWLEDGED,
                "二氧化碳超标",
                2));
  }

  @Test
  void fromDocumentWithoutSequenceTakesTheSchemaDefault() {
    Map<String, Object> doc = document();
    doc.remove("sequence");

    assertThat(ScoredAlert.fromDocument(doc).sequence()).isZero();
  }

  @Test
  void fromDocumentNamesAMissingOrUnreadableField() {
    Map<String, Object> noStart = document();
    noStart.remove("startedAt");
    Map<String, Object> badTime = document();
    badTime.put("openedAt", "16:10");

    assertThatThrownBy(() -> ScoredAlert.fromDocument(noStart))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alert document a1: field startedAt is missing");
    assertThatThrownBy(() -> ScoredAlert.fromDocument(badTime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field openedAt is not an ISO-8601 time with offset: 16:10");
  }

  /** An Elasticsearch document as the alert index holds it (and more fields than needed). */
  private static Map<String, Object> document() {
    Map<String, Object> doc = new HashMap<>();
    doc.put("alertId", "a1");
    doc.put("ruleId", RuleIds.CO2_HIGH);
    doc.put("severity", "MAJOR");
    doc.put("status", "ACKNOWLEDGED");
    doc.put("institutionId", INSTITUTION);
    doc.put("regionCode", "320402");
    doc.put("roomId", "R1");
    doc.put("cameraId", null);
    doc.put("sensorId", "T1");
    doc.put("personId", null);
    doc.put("startedAt", "2026-11-23T16:10:00+08:00");
    doc.put("openedAt", "2026-11-23T08:10:20Z");
    doc.put("resolvedAt", null);
    doc.put("message", "二氧化碳超标");
    doc.put("sequence", 2);
    doc.put("location", Map.of("lat", 31.78, "lon", 119.97));
    return doc;
  }
}
