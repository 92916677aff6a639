package cn.tuoyu.sentinel.jobs.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LevelTest {
  @Test
  void regionsArePrefixesPaddedToSixDigits() {
    assertThat(Level.DISTRICT.region("320402")).isEqualTo("320402");
    assertThat(Level.CITY.region("320402")).isEqualTo("320400");
    assertThat(Level.PROVINCE.region("320402")).isEqualTo("320000");
  }

  @Test
  void shortOrMissingCodesStillHaveARegion() {
    assertThat(Level.DISTRICT.region("32")).isEqualTo("320000");
    assertThat(Level.CITY.region(" ")).isEqualTo(Level.UNKNOWN_REGION);
    assertThat(Level.PROVINCE.region(null)).isEqualTo(Level.UNKNOWN_REGION);
  }

  @Test
  void parsesTheCommandLineNamesInAnyCase() {
    assertThat(Level.parse("city")).isEqualTo(Level.CITY);
    assertThat(Level.parse("PROVINCE")).isEqualTo(Level.PROVINCE);
    assertThatThrownBy(() -> Level.parse("county"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("county")
        .hasMessageContaining("district, city, province");
  }
}
