package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectKeyTest {
  @Test
  void canonicalStringsOfEverySubjectKind() {
    assertThat(SubjectKey.institution("320402-0007").asString()).isEqualTo("320402-0007");
    assertThat(SubjectKey.room("320402-0007", "R1").asString()).isEqualTo("320402-0007/room/R1");
    assertThat(SubjectKey.camera("320402-0007", "C1").asString())
        .isEqualTo("320402-0007/camera/C1");
    assertThat(SubjectKey.sensor("320402-0007", "R1", "T1").asString())
        .isEqualTo("320402-0007/room/R1/sensor/T1");
    assertThat(SubjectKey.sensor("320402-0007", null, "T1").asString())
        .isEqualTo("320402-0007/sensor/T1");
    assertThat(SubjectKey.person("320402-0007", "c-8f3a").asString())
        .isEqualTo("320402-0007/person/c-8f3a");
  }

  @Test
  void factoriesFillTheRightParts() {
    assertThat(SubjectKey.room("i", "R1")).isEqualTo(new SubjectKey("i", "R1", null, null, null));
    assertThat(SubjectKey.camera("i", "C1")).isEqualTo(new SubjectKey("i", null, "C1", null, null));
    assertThat(SubjectKey.sensor("i", "R1", "T1"))
        .isEqualTo(new SubjectKey("i", "R1", null, "T1", null));
    assertThat(SubjectKey.person("i", "p")).isEqualTo(new SubjectKey("i", null, null, null, "p"));
  }

  @Test
  void slashesInIdsCannotForgeAnotherSubject() {
    SubjectKey tricky = SubjectKey.institution("320402-0007/room/R1");

    assertThat(tricky.asString()).isEqualTo("320402-0007%2Froom%2FR1");
    assertThat(tricky.asString()).isNotEqualTo(SubjectKey.room("320402-0007", "R1").asString());
    assertThat(SubjectKey.room("a", "50%").asString()).isEqualTo("a/room/50%25");
  }

  @Test
  void theInstitutionIsRequired() {
    assertThatThrownBy(() -> SubjectKey.institution(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SubjectKey.room("i", null)).isInstanceOf(NullPointerException.class);
  }
}
