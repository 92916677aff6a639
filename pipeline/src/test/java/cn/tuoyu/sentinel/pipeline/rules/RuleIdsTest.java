package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleIdsTest {
  @Test
  void listsAllSixteenRulesInCatalogueOrder() {
    assertThat(RuleIds.ALL)
        .containsExactly(
            "RATIO_BELOW_STANDARD",
            "ROOM_UNATTENDED",
            "CLASS_OVER_CAPACITY",
            "INSTITUTION_OVER_LICENSE",
            "STAFF_UNCERTIFIED_ON_DUTY",
            "CHILD_NOT_PICKED_UP",
            "CAMERA_OFFLINE",
            "SURVEILLANCE_GAP",
            "RECORDING_STOPPED",
            "RETENTION_BELOW_STANDARD",
            "CAMERA_FLAPPING",
            "INSTITUTION_OFFLINE",
            "SMOKE_DETECTED",
            "TEMPERATURE_OUT_OF_RANGE",
            "CO2_HIGH",
            "SENSOR_SILENT");
  }

  @Test
  void everyRuleHasADistinctChineseName() {
    assertThat(RuleIds.chineseName(RuleIds.ROOM_UNATTENDED)).isEqualTo("无人照护");
    assertThat(RuleIds.ALL.stream().map(RuleIds::chineseName).distinct().count()).isEqualTo(16);
  }

  @Test
  void unknownIdsAreRejected() {
    assertThatThrownBy(() -> RuleIds.chineseName("NAP_CHECK_MISSED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAP_CHECK_MISSED");
    assertThat(RuleIds.isKnown("NAP_CHECK_MISSED")).isFalse();
    assertThat(RuleIds.isKnown(null)).isFalse();
    assertThat(RuleIds.isKnown(RuleIds.CO2_HIGH)).isTrue();
  }
}
