package cn.tuoyu.sentinel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {
  private static Scope scope(Role role, String value, String agency) {
    return Scope.of(new User("user", role, value, agency, null, List.of()));
  }

  @Test
  void anOperatorSeesHerRegionPrefixOnly() {
    Scope district = scope(Role.OPERATOR, "320402", "health");
    Scope province = scope(Role.OPERATOR, "32", "police");
    assertThat(district.admits("320402", "x")).isTrue();
    assertThat(district.admits("320411", "x")).isFalse();
    assertThat(district.admits(null, "x")).isFalse();
    assertThat(province.admits("320411", "x")).isTrue();
    assertThat(province.admits("120106", "x")).isFalse();
    assertThat(district.overlapsRegion("3204")).isTrue();
    assertThat(district.overlapsRegion("320411")).isFalse();
    assertThat(district.query().prefix().value()).isEqualTo("320402");
    assertThat(district.filter(List.of()).bool().filter()).hasSize(1);
  }

  @Test
  void anInstitutionSeesItselfAnAnalystEverything() {
    Scope inst = scope(Role.INSTITUTION, "320402-0001", null);
    assertThat(inst.admits("320402", "320402-0001")).isTrue();
    assertThat(inst.admits("320402", "320402-0002")).isFalse();
    assertThat(inst.query().term().value().stringValue()).isEqualTo("320402-0001");
    Scope analyst = scope(Role.ANALYST, "", null);
    assertThat(analyst.admits("120106", "any")).isTrue();
    assertThat(analyst.query().isMatchAll()).isTrue();
  }

  @Test
  void malformedUsersAreRefusedWithTheReason() {
    assertThatThrownBy(() -> scope(Role.OPERATOR, "3204021", "health"))
        .hasMessageContaining("2 (province), 4 (city) or 6 (district)");
    assertThatThrownBy(() -> scope(Role.OPERATOR, "320402", null)).hasMessageContaining("--agency");
    assertThatThrownBy(() -> scope(Role.INSTITUTION, "", null))
        .hasMessageContaining("institutionId");
    assertThatThrownBy(() -> scope(Role.ANALYST, "32", null)).hasMessageContaining("drop --scope");
  }
}
