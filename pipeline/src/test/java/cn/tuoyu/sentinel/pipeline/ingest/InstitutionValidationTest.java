package cn.tuoyu.sentinel.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.Room;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Institution records from Kafka bypass the JSON reader's checks; what the Avro schema cannot say
 * is checked here, so a bad record is dead-lettered instead of failing a rule later.
 */
class InstitutionValidationTest {
  private static Institution.Builder valid() {
    return Institution.newBuilder()
        .setTs(Instant.parse("2026-11-22T22:00:00Z"))
        .setInstitutionId("320402-0007")
        .setName("天宁区小星星托育园")
        .setRegionCode("320402")
        .setKind(InstitutionKind.CENTER)
        .setLicensedPlaces(60)
        .setOpenTime("07:30")
        .setCloseTime("18:00")
        .setRooms(List.of(new Room("R1", ClassType.TODDLER_12_24, 15, List.of("C1"))))
        .setStaff(List.of());
  }

  private static EventEnvelope fromKafka(Institution i) {
    return Envelopes.fromKafka(
        Topics.INSTITUTIONS, 0, 42, 0, SentinelSerde.encodeAny(i), SentinelType.INSTITUTION);
  }

  @Test
  void aValidInstitutionPasses() {
    EventEnvelope env = fromKafka(valid().build());
    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.INSTITUTION);
    assertThat(env.key).isEqualTo("320402-0007");
  }

  @ParameterizedTest
  @ValueSource(strings = {"regionCode", "openTime", "closeTime", "licensedPlaces", "capacity"})
  void whatTheSchemaCannotSayIsCheckedAndDeadLettered(String field) {
    Consumer<Institution.Builder> spoil =
        switch (field) {
          case "regionCode" -> b -> b.setRegionCode("3204");
          case "openTime" -> b -> b.setOpenTime("7.30");
          case "closeTime" -> b -> b.setCloseTime("25:00");
          case "licensedPlaces" -> b -> b.setLicensedPlaces(-1);
          default ->
              b -> b.setRooms(List.of(new Room("R1", ClassType.TODDLER_12_24, -3, List.of())));
        };
    Institution.Builder b = valid();
    spoil.accept(b);

    EventEnvelope env = fromKafka(b.build());

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.INVALID_VALUE);
    assertThat(env.rejectDetail).contains(field.equals("capacity") ? "capacity" : field);
    assertThat(
            env.toDeadLetter(env.rejectReason, env.rejectDetail, Instant.EPOCH).getSourceOffset())
        .isEqualTo(42L);
  }
}
