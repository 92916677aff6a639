package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.offline;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.online;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.reading;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.SensorMetric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {
  private static final Instant LATER = NINE.plusSeconds(900);

  /** Everything goes wrong at once: every device rule is breached at {@link #LATER}. */
  private static DeviceScenario chaos() {
    return DeviceScenario.in(DeviceFixtures.watched())
        .children("R1", 3)
        .camera(offline("C1", NINE))
        .camera(report("C2", true, false, 30, NINE))
        .camera(online("C3", NINE))
        .sensor(
            reading("S1", "R1", SensorMetric.SMOKE, 1, NINE),
            reading("S1", "R1", SensorMetric.TEMPERATURE_C, 30, NINE),
            reading("S1", "R1", SensorMetric.CO2_PPM, 2000, NINE))
        .lastEventAt(NINE)
        .at(LATER);
  }

  /** All cameras and sensors fine and reporting. */
  private static DeviceScenario calm() {
    return DeviceScenario.in(DeviceFixtures.watched())
        .children("R1", 3)
        .children("R2", 2)
        .person(Fixtures.CAREGIVER, PersonRole.CAREGIVER, "R3")
        .camera(report("C1", true, true, 90, NINE))
        .camera(report("C2", true, true, 180, NINE))
        .camera(report("C3", true, null, null, NINE))
        .sensor(
            reading("S1", "R1", SensorMetric.SMOKE, 0, NINE),
            reading("S1", "R1", SensorMetric.TEMPERATURE_C, 20, NINE),
            reading("S1", "R1", SensorMetric.CO2_PPM, 1000, NINE))
        .lastEventAt(NINE)
        .at(NINE);
  }

  @Test
  void listsTheNineDeviceRulesInCatalogueOrder() {
    assertThat(DeviceRules.ALL)
        .extracting(InstitutionRule::id)
        .containsExactly(
            RuleIds.CAMERA_OFFLINE,
            RuleIds.SURVEILLANCE_GAP,
            RuleIds.RECORDING_STOPPED,
            RuleIds.RETENTION_BELOW_STANDARD,
            RuleIds.INSTITUTION_OFFLINE,
            RuleIds.SMOKE_DETECTED,
            RuleIds.TEMPERATURE_OUT_OF_RANGE,
            RuleIds.CO2_HIGH,
            RuleIds.SENSOR_SILENT);
    assertThat(DeviceRules.byId(RuleIds.CO2_HIGH)).isInstanceOf(Co2HighRule.class);
    assertThatThrownBy(() -> DeviceRules.byId(RuleIds.CAMERA_FLAPPING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceRules.byId(RuleIds.ROOM_UNATTENDED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void occupancyDeviceRulesAndFlappingMakeTheWholeCatalogue() {
    List<String> ids = new ArrayList<>();
    OccupancyRules.ALL.forEach(r -> ids.add(r.id()));
    DeviceRules.ALL.forEach(r -> ids.add(r.id()));
    ids.add(RuleIds.CAMERA_FLAPPING);

    assertThat(ids).containsExactlyInAnyOrderElementsOf(RuleIds.ALL);
  }

  @Test
  void inputsOfEachRule() {
    for (InstitutionRule rule : DeviceRules.ALL) {
      RuleInput expected =
          switch (rule.id()) {
            case RuleIds.CAMERA_OFFLINE,
                    RuleIds.RECORDING_STOPPED,
                    RuleIds.RETENTION_BELOW_STANDARD ->
                RuleInput.CAMERA;
            case RuleIds.INSTITUTION_OFFLINE -> RuleInput.ANY;
            case RuleIds.SURVEILLANCE_GAP -> RuleInput.ATTENDANCE;
            default -> RuleInput.SENSOR;
          };
      assertThat(rule.inputs()).as(rule.id()).contains(expected);
    }
  }

  @Test
  void aCalmMorningBreachesNothing() {
    DeviceScenario calm = calm();

    for (InstitutionRule rule : DeviceRules.ALL) {
      assertThat(calm.observe(rule)).as(rule.id()).isEmpty();
    }
  }

  @Test
  void everyRuleBreachesInChaosWithItsOwnRuleId() {
    DeviceScenario chaos = chaos();

    for (InstitutionRule rule : DeviceRules.ALL) {
      assertThat(chaos.observe(rule))
          .as(rule.id())
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.ruleId()).isEqualTo(rule.id()));
    }
  }

  @Test
  void disabledRulesReportNothingAndNeedNoTimer() {
    InstitutionSnapshot breached = chaos().snapshot();
    InstitutionSnapshot pending = calm().snapshot();

    for (InstitutionRule rule : DeviceRules.ALL) {
      RuleSettings disabled = RuleCatalog.defaults(rule.id()).withEnabled(false);
      assertThat(rule.observe(breached, disabled)).as(rule.id()).isEmpty();
      assertThat(rule.nextCheck(pending, disabled)).as(rule.id()).isEmpty();
    }
  }

  @Test
  void silenceRulesWakeUpWhenACalmMorningWouldTurnSilent() {
    DeviceScenario calm = calm();

    assertThat(calm.nextCheck(DeviceRules.byId(RuleIds.CAMERA_OFFLINE)))
        .contains(NINE.plusSeconds(90));
    assertThat(calm.nextCheck(DeviceRules.byId(RuleIds.SURVEILLANCE_GAP)))
        .contains(NINE.plusSeconds(90));
    assertThat(calm.nextCheck(DeviceRules.byId(RuleIds.INSTITUTION_OFFLINE)))
        .contains(NINE.plusSeconds(300));
    assertThat(calm.nextCheck(DeviceRules.byId(RuleIds.SENSOR_SILENT)))
        .contains(NINE.plusSeconds(600));
    assertThat(calm.nextCheck(DeviceRules.byId(RuleIds.CO2_HIGH))).isEmpty();
  }

  @Test
  void theRoomOfACameraIsTheFirstRoomListingIt() {
    InstitutionSnapshot s =
        DeviceScenario.in(
                DeviceFixtures.watched()
                    .setRooms(
                        List.of(
                            DeviceFixtures.room("R1", ClassType.TODDLER_12_24, List.of("C1")),
                            DeviceFixtures.room("R2", ClassType.INFANT_6_12, List.of("C2", "C1")))))
            .snapshot();

    assertThat(s.roomOfCamera("C1")).get().extracting(Room::getRoomId).isEqualTo("R1");
    assertThat(s.roomOfCamera("C2")).get().extracting(Room::getRoomId).isEqualTo("R2");
    assertThat(s.roomOfCamera("C9")).isEmpty();
  }

  @Test
  void rulesAndValuesSurviveJavaSerialization() throws Exception {
    InstitutionSnapshot snapshot = chaos().snapshot();
    InstitutionRule gap = DeviceRules.byId(RuleIds.SURVEILLANCE_GAP);
    Observation observation = gap.observe(snapshot, RuleCatalog.defaults(gap.id())).get(0);

    for (InstitutionRule rule : DeviceRules.ALL) {
      assertThat(roundTrip(rule).id()).isEqualTo(rule.id());
    }
    assertThat(roundTrip(DeviceRules.ALL)).hasSize(DeviceRules.ALL.size());
    assertThat(roundTrip(observation)).isEqualTo(observation);
    assertThat(roundTrip(snapshot.cameras())).isEqualTo(snapshot.cameras());
    assertThat(roundTrip(snapshot.sensors())).isEqualTo(snapshot.sensors());
    InstitutionSnapshot copy = roundTrip(snapshot);
    assertThat(copy.lastEventAt()).isEqualTo(snapshot.lastEventAt());
    assertThat(copy.cameras()).isEqualTo(snapshot.cameras());
    for (InstitutionRule rule : DeviceRules.ALL) {
      RuleSettings settings = RuleCatalog.defaults(rule.id());
      assertThat(rule.observe(copy, settings))
          .as(rule.id())
          .isEqualTo(rule.observe(snapshot, settings));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
