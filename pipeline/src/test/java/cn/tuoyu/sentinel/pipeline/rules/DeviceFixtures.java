package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;

import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cameras, sensors and silence for the device-rule tests, on top of {@link Fixtures}: the
 * institution 320402-0007 (open 07:30–18:00) with R1 托小班 watched by C1 and C2, R2 乳儿班 by C3, and R3
 * 托大班 with no camera.
 */
final class DeviceFixtures {
  /** A Monday morning, 09:00 local. */
  static final Instant NINE = local("2026-11-23T09:00");

  private DeviceFixtures() {}

  static Room room(String roomId, ClassType classType, List<String> cameraIds) {
    return Room.newBuilder()
        .setRoomId(roomId)
        .setClassType(classType)
        .setCapacity(15)
        .setCameraIds(cameraIds)
        .build();
  }

  /** R1 托小班 (C1, C2), R2 乳儿班 (C3), R3 托大班 (no camera). */
  static Institution.Builder watched() {
    return Fixtures.center()
        .setRooms(
            List.of(
                room("R1", ClassType.TODDLER_12_24, List.of("C1", "C2")),
                room("R2", ClassType.INFANT_6_12, List.of("C3")),
                room("R3", ClassType.TODDLER_24_36, List.of())));
  }

  static CameraStatus report(
      String cameraId, boolean online, Boolean recording, Integer retentionDays, Instant ts) {
    return CameraStatus.newBuilder()
        .setEventId(cameraId + "-" + ts.toEpochMilli())
        .setTs(ts)
        .setInstitutionId(Fixtures.INSTITUTION_ID)
        .setCameraId(cameraId)
        .setStatus(
            online
                ? cn.tuoyu.sentinel.schema.CameraState.ONLINE
                : cn.tuoyu.sentinel.schema.CameraState.OFFLINE)
        .setRecording(recording)
        .setRetentionDays(retentionDays)
        .build();
  }

  /** A heartbeat: ONLINE without recording or retention. */
  static CameraStatus online(String cameraId, Instant ts) {
    return report(cameraId, true, null, null, ts);
  }

  static CameraStatus offline(String cameraId, Instant ts) {
    return report(cameraId, false, null, null, ts);
  }

  /** The state after {@code reports}, applied in order. */
  static CameraState camera(CameraStatus... reports) {
    CameraState state = null;
    for (CameraStatus r : reports) {
      state = CameraState.apply(state, r);
    }
    return state;
  }

  static SensorReading reading(
      String sensorId, String roomId, SensorMetric metric, double value, Instant ts) {
    return SensorReading.newBuilder()
        .setEventId(sensorId + "-" + metric + "-" + ts.toEpochMilli())
        .setTs(ts)
        .setInstitutionId(Fixtures.INSTITUTION_ID)
        .setRoomId(roomId)
        .setSensorId(sensorId)
        .setMetric(metric)
        .setValue(value)
        .build();
  }

  /** The state after {@code readings}, applied in order. */
  static SensorState sensor(SensorReading... readings) {
    SensorState state = null;
    for (SensorReading r : readings) {
      state = SensorState.apply(state, r);
    }
    return state;
  }

  /** Builds who is where, what the devices reported and when the institution was last heard. */
  static final class DeviceScenario {
    private final Institution institution;
    private final Map<String, Presence> people = new LinkedHashMap<>();
    private final Map<String, CameraState> cameras = new HashMap<>();
    private final Map<String, SensorState> sensors = new HashMap<>();
    private final Map<String, RuleSettings> settings = new HashMap<>();
    private Instant lastEventAt;
    private Instant at = NINE;

    private DeviceScenario(Institution institution) {
      this.institution = institution;
    }

    static DeviceScenario in(Institution.Builder institution) {
      return new DeviceScenario(institution.build());
    }

    /** {@code n} children c-ROOM-1 … c-ROOM-n in {@code roomId}, checked in at 08:00. */
    DeviceScenario children(String roomId, int n) {
      for (int i = 1; i <= n; i++) {
        person("c-" + roomId + "-" + i, PersonRole.CHILD, roomId);
      }
      return this;
    }

    DeviceScenario person(String personId, PersonRole role, String roomId) {
      long checkIn = local("2026-11-23T08:00").toEpochMilli();
      people.put(personId, new Presence(personId, role, roomId, true, checkIn, checkIn));
      return this;
    }

    DeviceScenario camera(CameraState state) {
      cameras.put(state.getCameraId(), state);
      return this;
    }

    DeviceScenario camera(CameraStatus... reports) {
      return camera(DeviceFixtures.camera(reports));
    }

    DeviceScenario sensor(SensorState state) {
      sensors.put(state.getSensorId(), state);
      return this;
    }

    DeviceScenario sensor(SensorReading... readings) {
      return sensor(DeviceFixtures.sensor(readings));
    }

    DeviceScenario lastEventAt(Instant lastEventAt) {
      this.lastEventAt = lastEventAt;
      return this;
    }

    DeviceScenario at(Instant at) {
      this.at = at;
      return this;
    }

    /**
     * Overrides the settings of {@code ruleId} in the snapshot's lookup (and in {@link #observe}).
     */
    DeviceScenario settings(String ruleId, RuleSettings ruleSettings) {
      settings.put(ruleId, ruleSettings);
      return this;
    }

    RuleSettings settingsOf(String ruleId) {
      return settings.getOrDefault(ruleId, RuleCatalog.defaults(ruleId));
    }

    InstitutionSnapshot snapshot() {
      Map<String, RuleSettings> overrides = new HashMap<>(settings);
      return new InstitutionSnapshot(
          institution,
          people,
          at,
          cameras,
          sensors,
          lastEventAt,
          ruleId -> overrides.getOrDefault(ruleId, RuleCatalog.defaults(ruleId)));
    }

    /** What {@code rule} observes with its settings from this scenario. */
    List<Observation> observe(InstitutionRule rule) {
      return rule.observe(snapshot(), settingsOf(rule.id()));
    }

    java.util.Optional<Instant> nextCheck(InstitutionRule rule) {
      return rule.nextCheck(snapshot(), settingsOf(rule.id()));
    }
  }
}
