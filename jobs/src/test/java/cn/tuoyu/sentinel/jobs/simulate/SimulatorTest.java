package cn.tuoyu.sentinel.jobs.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private static Instant at(String local) {
    return OffsetDateTime.parse(local + "+08:00").toInstant();
  }

  private static List<SpecificRecord> read(Path file) throws Exception {
    JsonLinesCodec codec = new JsonLinesCodec();
    List<SpecificRecord> out = new ArrayList<>();
    long n = 0;
    for (String line : Files.readAllLines(file)) {
      Decoded d = codec.decode(line, ++n, "sim");
      assertThat(d).as("line %d: %s", n, line).isInstanceOf(Decoded.Record.class);
      out.add(((Decoded.Record) d).record());
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSameFileAndTruthAndAnotherSeedDoesNot(@TempDir Path dir)
      throws Exception {
    Simulator.Settings s =
        new Simulator.Settings(12, 7, at("2026-11-23T15:00:00"), Duration.ofHours(2), 1, true);
    Simulator.toFile(s, dir.resolve("a.jsonl"), dir.resolve("a.json"), Progress.SILENT);
    Simulator.toFile(s, dir.resolve("b.jsonl"), dir.resolve("b.json"), Progress.SILENT);
    Simulator.toFile(
        new Simulator.Settings(12, 8, s.start(), s.length(), 1, true),
        dir.resolve("c.jsonl"),
        dir.resolve("c.json"),
        Progress.SILENT);
    assertThat(Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("b.jsonl"))).isEqualTo(-1L);
    assertThat(Files.mismatch(dir.resolve("a.json"), dir.resolve("b.json"))).isEqualTo(-1L);
    assertThat(Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("c.jsonl"))).isNotEqualTo(-1L);
  }

  @Test
  void theCitySpreadsOverThePolicyRegionsWithPlausibleKindsRoomsAndRosters() {
    List<City.Inst> city = City.generate(400, 3);
    Set<String> regions = city.stream().map(i -> i.district().code()).collect(Collectors.toSet());
    assertThat(regions).contains("120106", "320402");
    assertThat(regions).anyMatch(r -> r.startsWith("3303"));
    assertThat(regions).anyMatch(r -> r.startsWith("32") && !r.startsWith("3204"));
    Map<InstitutionKind, Long> kinds =
        city.stream().collect(Collectors.groupingBy(City.Inst::kind, Collectors.counting()));
    assertThat(kinds.get(InstitutionKind.CENTER)).isBetween(180L, 260L);
    assertThat(kinds.get(InstitutionKind.KINDERGARTEN_CLASS)).isBetween(50L, 110L);
    assertThat(kinds.get(InstitutionKind.FAMILY)).isBetween(35L, 90L);
    assertThat(kinds.get(InstitutionKind.EMPLOYER)).isBetween(20L, 65L);
    assertThat(city.stream().flatMap(i -> i.rooms().stream()).map(City.SimRoom::classType))
        .contains(ClassType.values());
    assertThat(city.stream().map(City.Inst::institutionId)).doesNotHaveDuplicates();
    for (City.Inst i : city) {
      assertThat(i.institutionId()).startsWith(i.district().code() + "-");
      assertThat(i.name()).isNotBlank();
      assertThat(i.children().size()).isLessThanOrEqualTo(i.licensedPlaces());
      for (City.SimRoom r : i.classRooms()) {
        int children = i.childrenOf(r.roomId()).size();
        assertThat(children).as("%s %s", i.institutionId(), r.roomId()).isBetween(1, r.limit());
        long certified = i.caregiversOf(r.roomId()).stream().filter(City.Staff::certified).count();
        assertThat(certified * r.ratio())
            .as("enough certified caregivers in %s %s", i.institutionId(), r.roomId())
            .isGreaterThanOrEqualTo(children);
        assertThat(r.cameras()).isNotEmpty();
      }
      if (i.kind() == InstitutionKind.FAMILY) {
        assertThat(i.children().size()).isLessThanOrEqualTo(City.FAMILY_LIMIT);
      }
    }
    long uncertified = city.stream().filter(i -> i.trainee() != null).count();
    assertThat(uncertified).as("a few uncertified staff").isBetween(100L, 300L);
  }

  @Test
  void aDayHasItsRhythmAndDevicesReportOnTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("day.jsonl");
    Simulator.toFile(
        new Simulator.Settings(6, 11, at("2026-12-08T00:00:00"), Duration.ofHours(24), 1, false),
        file,
        null,
        Progress.SILENT);
    List<SpecificRecord> records = read(file);
    Map<String, Institution> institutions = new HashMap<>();
    Map<String, Long> heartbeats = new HashMap<>();
    Map<String, Long> readings = new HashMap<>();
    for (SpecificRecord r : records) {
      if (r instanceof Institution i) {
        institutions.put(i.getInstitutionId(), i);
      } else if (r instanceof CameraStatus c) {
        heartbeats.merge(c.getInstitutionId() + "/" + c.getCameraId(), 1L, Long::sum);
        assertThat(c.getRecording()).isTrue();
        assertThat(c.getRetentionDays()).isGreaterThanOrEqualTo(90);
      } else if (r instanceof SensorReading s) {
        readings.merge(
            s.getInstitutionId() + "/" + s.getSensorId() + "/" + s.getMetric(), 1L, Long::sum);
        double v = s.getValue();
        switch (s.getMetric()) {
          case TEMPERATURE_C -> assertThat(v).as("December band 16–24 °C").isBetween(17.5, 22.5);
          case CO2_PPM -> assertThat(v).isBetween(400.0, 1000.0);
          case SMOKE -> assertThat(v).isZero();
          case HUMIDITY_PCT -> assertThat(v).isBetween(30.0, 70.0);
        }
      } else if (r instanceof AttendanceEvent a) {
        Institution i = institutions.get(a.getInstitutionId());
        LocalTime t = a.getTs().atZone(CHINA).toLocalTime();
        LocalTime open = LocalTime.parse(i.getOpenTime());
        LocalTime close = LocalTime.parse(i.getCloseTime());
        if (a.getRole() == PersonRole.CHILD && a.getAction() == AttendanceAction.CHECK_IN) {
          assertThat(t).as("arrival").isBetween(open, LocalTime.of(9, 0));
        }
        if (a.getRole() == PersonRole.CHILD && a.getAction() == AttendanceAction.CHECK_OUT) {
          assertThat(t).as("pick-up").isBetween(close.minusMinutes(90), close);
        }
      }
    }
    int cameras =
        institutions.values().stream()
            .mapToInt(i -> i.getRooms().stream().mapToInt(r -> r.getCameraIds().size()).sum())
            .sum();
    assertThat(heartbeats).hasSize(cameras);
    assertThat(heartbeats.values()).as("every 30 s for 24 h").containsOnly(2880L);
    assertThat(readings.values()).as("every 60 s for 24 h").containsOnly(1440L);
    assertThat(readings.keySet()).anyMatch(k -> k.endsWith(SensorMetric.SMOKE.name()));
  }

  @Test
  void incidentsCoverEveryRuleOfTheCatalogueWithNearMissesAndTheTruthStaysInThePeriod(
      @TempDir Path dir) throws Exception {
    Instant start = at("2026-11-23T15:00:00");
    Simulator.Summary summary =
        Simulator.toFile(
            new Simulator.Settings(50, 7, start, Duration.ofHours(2), 1, true),
            dir.resolve("city.jsonl"),
            dir.resolve("truth.json"),
            Progress.SILENT);
    GroundTruth truth = GroundTruth.read(dir.resolve("truth.json"));
    assertThat(truth).isEqualTo(summary.truth());
    assertThat(summary.unplaced()).isEmpty();
    assertThat(truth.expected()).extracting(GroundTruth.Entry::ruleId).containsAll(RuleIds.ALL);
    assertThat(truth.nearMisses())
        .extracting(GroundTruth.Entry::ruleId)
        .contains(
            RuleIds.ROOM_UNATTENDED,
            RuleIds.RATIO_BELOW_STANDARD,
            RuleIds.CAMERA_OFFLINE,
            RuleIds.CAMERA_FLAPPING,
            RuleIds.INSTITUTION_OFFLINE,
            RuleIds.CO2_HIGH,
            RuleIds.CHILD_NOT_PICKED_UP);
    assertThat(truth.institutionIds()).hasSize(50);
    for (GroundTruth.Entry e : truth.expected()) {
      assertThat(e.start()).isAfterOrEqualTo(start.plusSeconds(60)).isBefore(truth.until());
      assertThat(e.note()).isNotBlank();
      if (e.end() != null) {
        assertThat(e.end()).isAfter(e.start()).isBefore(truth.until());
      }
    }
    // A shorter period cuts the truth: what would open after its end is not expected.
    Simulation sim =
        new Simulation(50, 7, start.toEpochMilli(), start.plusSeconds(7200).toEpochMilli(), true);
    while (sim.hasNext()) {
      sim.nextChunk();
    }
    GroundTruth cut = sim.truth(start.plusSeconds(3600).toEpochMilli());
    assertThat(cut.expected()).isNotEmpty().hasSizeLessThan(truth.expected().size());
    assertThat(cut.expected())
        .noneMatch(e -> e.ruleId().equals(RuleIds.CAMERA_FLAPPING) && e.end() != null);
    assertThat(cut.expected())
        .allMatch(e -> e.end() == null || e.end().isBefore(start.plusSeconds(3600)));
  }

  @Test
  void joiningADayInProgressReportsEveryonePresentAtTheStart(@TempDir Path dir) throws Exception {
    Instant start = at("2026-11-23T10:30:00");
    Path file = dir.resolve("late.jsonl");
    Simulator.toFile(
        new Simulator.Settings(5, 2, start, Duration.ofMinutes(10), 1, false),
        file,
        null,
        Progress.SILENT);
    Map<AttendanceAction, Integer> atStart = new EnumMap<>(AttendanceAction.class);
    Set<String> childrenInRooms = new HashSet<>();
    for (SpecificRecord r : read(file)) {
      if (r instanceof AttendanceEvent a && a.getTs().isBefore(start.plusSeconds(2))) {
        atStart.merge(a.getAction(), 1, Integer::sum);
        if (a.getRole() == PersonRole.CHILD && a.getAction() == AttendanceAction.ENTER) {
          childrenInRooms.add(a.getInstitutionId() + "/" + a.getPersonId());
        }
        assertThat(a.getTs()).isIn(start, start.plusSeconds(1));
      }
    }
    assertThat(atStart.get(AttendanceAction.CHECK_IN)).isGreaterThan(20);
    assertThat(atStart.get(AttendanceAction.ENTER)).isGreaterThan(10);
    assertThat(childrenInRooms).hasSizeGreaterThan(10);
  }

  @Test
  void summerTemperaturesStayInTheCoolingBand(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("july.jsonl");
    Simulator.toFile(
        new Simulator.Settings(4, 5, at("2026-07-15T10:00:00"), Duration.ofHours(3), 1, false),
        file,
        null,
        Progress.SILENT);
    List<Double> temps =
        read(file).stream()
            .filter(
                r -> r instanceof SensorReading s && s.getMetric() == SensorMetric.TEMPERATURE_C)
            .map(r -> ((SensorReading) r).getValue())
            .toList();
    assertThat(temps).isNotEmpty().allMatch(v -> v >= 23.5 && v <= 26.5);
  }
}
