package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.schema.Severity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSettingsTest {
  @Test
  void aMissingThresholdNamesTheParameter() {
    RuleSettings settings = RuleCatalog.defaults(RuleIds.CO2_HIGH);

    assertThat(settings.threshold("maxPpm")).isEqualTo(1000.0);
    assertThatThrownBy(() -> settings.threshold("maxPmm"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'maxPmm'")
        .hasMessageContaining("maxPpm");
    assertThatThrownBy(() -> settings.intThreshold("maxPmm"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void intThresholdRoundsDown() {
    RuleSettings settings =
        new RuleSettings(
            true, 0, Severity.MINOR, Map.of("a", 15.0, "b", 15.9, "c", -0.5, "d", 1e12));

    assertThat(settings.intThreshold("a")).isEqualTo(15);
    assertThat(settings.intThreshold("b")).isEqualTo(15);
    assertThat(settings.intThreshold("c")).isEqualTo(-1);
    assertThat(settings.intThreshold("d")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void thresholdsAreAnUnmodifiableCopy() {
    Map<String, Double> thresholds = new HashMap<>(Map.of("maxPpm", 1200.0));
    RuleSettings settings = new RuleSettings(true, 0, Severity.MINOR, thresholds);
    thresholds.put("maxPpm", 1.0);

    assertThat(settings.threshold("maxPpm")).isEqualTo(1200.0);
    assertThatThrownBy(() -> settings.thresholds().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new RuleSettings(true, 0, Severity.MINOR, null).thresholds()).isEmpty();
  }

  @Test
  void withersReplaceOneValue() {
    RuleSettings defaults = RuleCatalog.defaults(RuleIds.CO2_HIGH);

    assertThat(defaults.withEnabled(false).enabled()).isFalse();
    assertThat(defaults.withHoldMillis(5).holdMillis()).isEqualTo(5);
    assertThat(defaults.withSeverity(Severity.CRITICAL).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(defaults.withThreshold("maxPpm", 800).threshold("maxPpm")).isEqualTo(800.0);
    assertThat(defaults.threshold("maxPpm")).isEqualTo(1000.0);
  }

  @Test
  void rejectsImpossibleValues() {
    assertThatThrownBy(() -> new RuleSettings(true, -1, Severity.MINOR, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RuleSettings(true, 0, null, Map.of()))
        .isInstanceOf(NullPointerException.class);
  }
}
