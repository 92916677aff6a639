package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Alert transitions for the sink's tests. */
final class TestAlerts {
  static final String MESSAGE = "托小班R1有3名幼儿但无照护人员在场";

  private TestAlerts() {}

  static Instant at(String isoWithOffset) {
    return OffsetDateTime.parse(isoWithOffset).toInstant();
  }

  /**
   * The transition of alert {@code alertId} of institution {@code institutionId} with lifecycle
   * number {@code sequence}: OPEN at 0, then {@code status}.
   */
  static AlertTransition transition(
      String alertId, String institutionId, Instant startedAt, AlertStatus status, int sequence) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("children", 3L);
    details.put("caregivers", 0L);
    details.put("ratio", 3.0);
    details.put("roomName", "托小班");
    details.put("certified", false);
    Instant openedAt = startedAt.plusSeconds(20);
    Instant updatedAt = openedAt.plusSeconds(60L * sequence);
    AlertTransition.Builder b =
        AlertTransition.newBuilder()
            .setAlertId(alertId)
            .setRuleId("ROOM_UNATTENDED")
            .setSeverity(Severity.CRITICAL)
            .setStatus(status)
            .setInstitutionId(institutionId)
            .setRegionCode("320402")
            .setRoomId("R1")
            .setStartedAt(startedAt)
            .setOpenedAt(openedAt)
            .setUpdatedAt(updatedAt)
            .setMessage(MESSAGE)
            .setDetails(details)
            .setSequence(sequence)
            .setInstitutionName("天宁区小星星托育园")
            .setLocation(new GeoPoint(31.78, 119.97));
    if (status == AlertStatus.ACKNOWLEDGED || (status == AlertStatus.RESOLVED && sequence > 1)) {
      b.setAcknowledgedBy("王警官")
          .setAcknowledgedAt(openedAt.plusSeconds(30))
          .setAckComment("已电话联系园长，保育员已返回");
    }
    if (status == AlertStatus.RESOLVED) {
      b.setResolvedAt(updatedAt);
    }
    return b.build();
  }
}
