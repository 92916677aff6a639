package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationTest {
  private static final SubjectKey R1 = SubjectKey.room("320402-0007", "R1");

  @Test
  void keepsDetailsInOrderAndUnmodifiable() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("children", 6);
    details.put("checkedInAt", 1L);
    details.put("ratioLimit", 5.0);
    details.put("staffIds", "s-01");
    details.put("certified", false);

    Observation o = new Observation(RuleIds.RATIO_BELOW_STANDARD, R1, null, "消息", details);
    details.put("later", "ignored");

    assertThat(o.details())
        .containsExactly(
            Map.entry("children", 6),
            Map.entry("checkedInAt", 1L),
            Map.entry("ratioLimit", 5.0),
            Map.entry("staffIds", "s-01"),
            Map.entry("certified", false));
    assertThatThrownBy(() -> o.details().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsDetailValuesTheAlertCannotCarry() {
    assertThatThrownBy(
            () ->
                new Observation(
                    RuleIds.STAFF_UNCERTIFIED_ON_DUTY,
                    R1,
                    null,
                    "消息",
                    Map.of("staffIds", List.of("s-1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("staffIds");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("children", null);
    assertThatThrownBy(() -> new Observation(RuleIds.ROOM_UNATTENDED, R1, null, "消息", withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("children");
  }

  @Test
  void noDetailsIsAnEmptyMap() {
    assertThat(new Observation(RuleIds.ROOM_UNATTENDED, R1, null, "消息", null).details()).isEmpty();
  }
}
