package cn.tuoyu.sentinel.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReplayJob} end to end on a MiniCluster over bounded JSON-lines files: the exact alert
 * transitions of the scenarios, their independence of arrival order, duplicates and
 * parallelism, dead letters that account for every line, rule lines in the file, and no alert
 * merely because the file ends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReplayITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  private static final String INST = "320402-0007";
  private static final SubjectKey R1 = SubjectKey.room(INST, "R1");

  @TempDir Path dir;

  // ---------------------------------------------------------------------------------------------
  // Scenario files

  private static String time(String hhmmss) {
    return "2026-11-23T" + hhmmss + "+08:00";
  }

  private static Instant instant(String hhmmss) {
    return OffsetDateTime.parse(time(hhmmss)).toInstant();
  }

  static String institutionLine(String institutionId, String ts) {
    return "{\"type\":\"institution\",\"ts\":\""
        + time(ts)
        + "\",\"institutionId\":\""
        + institutionId
        + "\",\"name\":\"天宁区小星星托育园\",\"regionCode\":\"320402\",\"kind\":\"CENTER\","
        + "\"licensedPlaces\":60,\"openTime\":\"07:30\",\"closeTime\":\"18:00\","
        + "\"location\":{\"lat\":31.78,\"lon\":119.97},"
        + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,"
        + "\"cameraIds\":[\"C1\"]}],"
        + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true},"
        + "{\"staffId\":\"s-02\",\"role\":\"CAREGIVER\",\"certified\":true}]}";
  }

  static String attendance(
      String institutionId, String eventId, String ts, String person, String role, String action) {
    boolean room = action.equals("ENTER") || action.equals("EXIT");
    return "{\"type\":\"attendance\",\"ts\":\""
        + time(ts)
        + "\",\"eventId\":\""
        + eventId
        + "\",\"institutionId\":\""
        + institutionId
        + "\""
        + (room ? ",\"roomId\":\"R1\"" : "")
        + ",\"personId\":\""
        + person
        + "\",\"role\":\""
        + role
        + "\",\"action\":\""
        + action
        + "\"}";
  }

  static String att(String eventId, String ts, String person, String action) {
    return attendance(
        INST, eventId, ts, person, person.startsWith("s-") ? "CAREGIVER" : "CHILD", action);
  }

  static String rulesLine(String ts, String rules) {
    return "{\"type\":\"rules\",\"ts\":\""
        + time(ts)
        + "\",\"scope\":\"320402\",\"rules\":"
        + rules
        + "}";
  }

  /**
   * Turns off the two device rules the {@link #doneWhen()} day would otherwise raise as well: its
   * camera C1 sends no heartbeat, and a camera never heard from does not watch a room
   * (SURVEILLANCE_GAP), and its attendance has hour-long gaps in opening hours
   * (INSTITUTION_OFFLINE). Heartbeats every 30 s would make these files hundreds of lines long; the
   * same day with heartbeats and every rule on is {@code examples/room-unattended.jsonl}, and gives
   * the same alerts ({@link #theExampleFileGivesTheDoneWhenAlertsWithEveryRuleOn}).
   */
  static final String DEVICE_RULES_OFF =
      rulesLine(
          "06:00:00",
          "{\"SURVEILLANCE_GAP\":{\"enabled\":false},\"INSTITUTION_OFFLINE\":{\"enabled\":false}}");

  /**
   * The "Done when": a 托小班 with 4 children; the caregiver leaves for 3 minutes; later a 1:6
   * ratio for 3 minutes, then for 60 s and for 30 s. Line 2 is {@link #DEVICE_RULES_OFF}.
   */
  static List<String> doneWhen() {
    return new ArrayList<>(
        List.of(
            institutionLine(INST, "06:00:00"),
            DEVICE_RULES_OFF,
            att("e-0001", "08:00:00", "s-01", "ENTER"),
            att("e-0002", "08:00:11", "c-1", "ENTER"),
            att("e-0003", "08:00:12", "c-2", "ENTER"),
            att("e-0004", "08:00:13", "c-3", "ENTER"),
            att("e-0005", "08:00:14", "c-4", "ENTER"),
            att("e-0006", "09:00:00", "s-01", "EXIT"),
            att("e-0007", "09:03:00", "s-01", "ENTER"),
            att("e-0008", "10:00:00", "c-5", "ENTER"),
            att("e-0009", "10:00:01", "c-6", "ENTER"),
            att("e-0010", "10:03:00", "c-6", "EXIT"),
            att("e-0011", "11:00:00", "c-6", "ENTER"),
            att("e-0012", "11:01:00", "c-6", "EXIT"),
            att("e-0013", "12:00:00", "c-6", "ENTER"),
            att("e-0014", "12:00:30", "c-6", "EXIT")));
  }

  /** The alerts of {@link #doneWhen()}, in export order (updatedAt, alertId, sequence). */
  static final List<String> DONE_WHEN_ALERTS =
      List.of(
          "ROOM_UNATTENDED OPEN started=09:00:00 opened=09:00:30 resolved=- id=86c1e20705aad9a00e35bbe8 seq=0",
          "RATIO_BELOW_STANDARD OPEN started=09:00:00 opened=09:02:00 resolved=- id=39630c7332f6cd2c6648fd0f seq=0",
          "RATIO_BELOW_STANDARD RESOLVED started=09:00:00 opened=09:02:00 resolved=09:03:00 id=39630c7332f6cd2c6648fd0f seq=1",
          "ROOM_UNATTENDED RESOLVED started=09:00:00 opened=09:00:30 resolved=09:03:00 id=86c1e20705aad9a00e35bbe8 seq=1",
          "RATIO_BELOW_STANDARD OPEN started=10:00:01 opened=10:02:01 resolved=- id=7e3e7330111aa3f1372f24dd seq=0",
          "RATIO_BELOW_STANDARD RESOLVED started=10:00:01 opened=10:02:01 resolved=10:03:00 id=7e3e7330111aa3f1372f24dd seq=1");

  private Path write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static ReplayJob.Result replay(Path file, int parallelism) throws Exception {
    return ReplayJob.run(file, MonitorConfig.defaults(), parallelism);
  }

  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private static String local(Instant t) {
    return t == null ? "-" : t.atOffset(ZoneOffset.ofHours(8)).format(HH_MM_SS);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }

  /** ruleId, status, the three times (local), alertId and sequence of each transition. */
  static List<String> summary(List<AlertTransition> alerts) {
    return alerts.stream()
        .map(
            a ->
                a.getRuleId()
                    + " "
                    + a.getStatus()
                    + " started="
                    + local(a.getStartedAt())
                    + " opened="
                    + local(a.getOpenedAt())
                    + " resolved="
                    + local(a.getResolvedAt())
                    + " id="
                    + a.getAlertId()
                    + " seq="
                    + a.getSequence())
        .toList();
  }

  /** Every field of every transition, as the --alerts-out file would have it. */
  static List<String> exported(List<AlertTransition> alerts) {
    JsonLinesCodec codec = new JsonLinesCodec();
    return alerts.stream().map(codec::encode).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // (a) the scenario

  @Test
  void doneWhenScenarioGivesExactlyTheExpectedTransitions() throws Exception {
    Path file = write("done-when.jsonl", doneWhen());

    ReplayJob.Result first = replay(file, 1);

    assertThat(summary(first.alerts())).containsExactlyElementsOf(DONE_WHEN_ALERTS);
    assertThat(first.deadLetters()).isEmpty();
    assertThat(first.inputRecords()).isEqualTo(16);
    // Ids are the deterministic hash of (rule, subject, startedAt)...
    assertThat(first.alerts().get(0).getAlertId())
        .isEqualTo(AlertIds.alertId("ROOM_UNATTENDED", R1, instant("09:00:00")));
    assertThat(first.alerts().get(4).getAlertId())
        .isEqualTo(AlertIds.alertId("RATIO_BELOW_STANDARD", R1, instant("10:00:01")));
    AlertTransition unattended = first.alerts().get(0);
    assertThat(unattended.getSeverity().name()).isEqualTo("CRITICAL");
    assertThat(unattended.getUpdatedAt()).isEqualTo(instant("09:00:30"));
    assertThat(unattended.getRoomId()).isEqualTo("R1");
    assertThat(unattended.getInstitutionName()).isEqualTo("天宁区小星星托育园");
    assertThat(unattended.getMessage()).isEqualTo("托小班 R1：4名幼儿在场，无照护人员");
    assertThat(unattended.getDetails())
        .containsEntry("children", 4L)
        .containsEntry("caregivers", 0L);
    assertThat(first.alerts().get(1).getMessage()).contains("无持证照护人员");
    assertThat(first.alerts().get(4).getDetails()).containsEntry("children", 6L);

    // ...so a second run gives the same transitions, field for field.
    ReplayJob.Result second = replay(file, 1);
    assertThat(exported(second.alerts())).containsExactlyElementsOf(exported(first.alerts()));
  }

  // ---------------------------------------------------------------------------------------------
  // (b) arrival order and duplicates, (c) parallelism

  @Test
  void shuffledWithinTheBoundAndDuplicatedLinesGiveIdenticalAlerts() throws Exception {
    List<String> lines = doneWhen();
    List<String> shuffled = new ArrayList<>(lines);
    Collections.swap(shuffled, 3, 4); // 08:00:11 <-> 08:00:12
    Collections.swap(shuffled, 5, 6); // 08:00:13 <-> 08:00:14
    Collections.swap(shuffled, 9, 10); // 10:00:00 <-> 10:00:01
    shuffled.add(8, lines.get(7)); // the caregiver's exit, delivered twice
    shuffled.add(13, lines.get(11)); // c-6's exit at 10:03, delivered twice
    shuffled.add(lines.get(15)); // the last line twice, at the very end
    assertThat(shuffled).hasSize(lines.size() + 3).containsAll(lines);

    ReplayJob.Result inOrder = replay(write("in-order.jsonl", lines), 1);
    ReplayJob.Result result = replay(write("shuffled.jsonl", shuffled), 1);

    assertThat(result.deadLetters()).isEmpty();
    assertThat(summary(result.alerts())).containsExactlyElementsOf(DONE_WHEN_ALERTS);
    assertThat(exported(result.alerts())).containsExactlyElementsOf(exported(inOrder.alerts()));
  }

  @Test
  void parallelismOneAndTwoGiveIdenticalAlerts() throws Exception {
    // Two institutions with the same incidents, interleaved, so a parallel run spreads them.
    String other = "320402-0008";
    List<String> lines = new ArrayList<>();
    List<String> mine = doneWhen();
    for (String line : mine) {
      lines.add(line);
      lines.add(line.replace(INST, other).replace("\"eventId\":\"e-", "\"eventId\":\"o-"));
    }

    Path file = write("two-institutions.jsonl", lines);
    ReplayJob.Result one = replay(file, 1);
    ReplayJob.Result two = replay(file, 2);

    assertThat(one.alerts()).hasSize(2 * DONE_WHEN_ALERTS.size());
    assertThat(one.alerts())
        .extracting(AlertTransition::getInstitutionId)
        .containsOnly(INST, other);
    assertThat(exported(two.alerts())).containsExactlyElementsOf(exported(one.alerts()));
    assertThat(two.deadLetters()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // (d) dead letters

  @Test
  void badLinesAreDeadLetteredWithLineNumbersAndEveryLineIsAccountedFor() throws Exception {
    List<String> lines = doneWhen();
    // Inserted from the back so earlier indexes stay valid; the comments give the final line.
    lines.add(8, att("late-1", "08:30:00", "s-01", "CHECK_OUT")); // 15: 30 min behind, LATE
    lines.add(8, "{\"type\":\"attendance\",\"ts\":"); // 14
    lines.add(
        5,
        "{\"type\":\"attendance\",\"ts\":\"2026-11-23T08:00:12+08:00\",\"eventId\":\"bad-enum\","
            + "\"institutionId\":\"320402-0007\",\"roomId\":\"R1\",\"personId\":\"x-1\","
            + "\"role\":\"PRINCIPAL\",\"action\":\"ENTER\"}"); // 10
    lines.add(
        4,
        "{\"type\":\"attendance\",\"ts\":\"2026-11-23T08:00:11+08:00\",\"eventId\":\"no-person\","
            + "\"institutionId\":\"320402-0007\",\"roomId\":\"R1\",\"role\":\"CHILD\","
            + "\"action\":\"ENTER\"}"); // 8
    lines.add(3, ""); // 6: blank, not a record
    lines.add(3, "{\"type\":\"visitor\",\"ts\":\"2026-11-23T08:00:05+08:00\"}"); // 5
    lines.add(2, lines.get(2)); // 4 repeats line 3, e-0001 (applied; changes nothing)
    lines.add( // 24: a room the institution does not have
        attendance(INST, "room-9", "12:00:31", "c-1", "CHILD", "ENTER").replace("R1", "R9"));
    // 25: an institution without reference data
    lines.add(attendance("320402-9999", "who", "12:00:32", "c-1", "CHILD", "CHECK_IN"));
    Path file = write("bad.jsonl", lines);

    ReplayJob.Result result = replay(file, 2);

    // The good lines still give the scenario's alerts: bad lines never stop or disturb a run.
    assertThat(summary(result.alerts())).containsExactlyElementsOf(DONE_WHEN_ALERTS);
    assertThat(result.deadLetters())
        .extracting(d -> d.getLineNumber() + " " + d.getReason())
        .containsExactly(
            "5 " + DeadLetterReasons.UNKNOWN_TYPE,
            "8 " + DeadLetterReasons.MISSING_FIELD,
            "10 " + DeadLetterReasons.UNKNOWN_ENUM,
            "14 " + DeadLetterReasons.MALFORMED_JSON,
            "15 " + DeadLetterReasons.LATE,
            "24 " + DeadLetterReasons.UNKNOWN_REFERENCE,
            "25 " + DeadLetterReasons.UNKNOWN_REFERENCE);
    assertThat(result.deadLetters())
        .allSatisfy(d -> assertThat(d.getSourceFile()).isEqualTo("bad.jsonl"));
    DeadLetter late = result.deadLetters().get(4);
    assertThat(late.getTs()).isEqualTo(instant("08:30:00"));
    assertThat(new String(bytes(late.getRaw()), StandardCharsets.UTF_8)).contains("late-1");
    assertThat(result.deadLetters().get(1).getDetail()).contains("personId");
    assertThat(result.deadLetters().get(2).getDetail()).contains("PRINCIPAL");
    assertThat(result.deadLettersByReason())
        .isEqualTo(
            Map.of(
                DeadLetterReasons.UNKNOWN_TYPE, 1L,
                DeadLetterReasons.MISSING_FIELD, 1L,
                DeadLetterReasons.UNKNOWN_ENUM, 1L,
                DeadLetterReasons.MALFORMED_JSON, 1L,
                DeadLetterReasons.LATE, 1L,
                DeadLetterReasons.UNKNOWN_REFERENCE, 2L));

    // Every non-blank line is either applied (the 16 scenario lines and the duplicate) or a dead
    // letter, exactly once.
    long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
    long applied = doneWhen().size() + 1;
    assertThat(result.inputRecords()).isEqualTo(nonBlank).isEqualTo(24);
    assertThat(applied + result.deadLetters().size()).isEqualTo(result.inputRecords());
  }

  // ---------------------------------------------------------------------------------------------
  // (e) rules in the file, (f) the end of the file

  @Test
  void aRulesLineRaisingTheHoldBeforeTheIncidentSuppressesTheUnattendedAlert() throws Exception {
    List<String> lines = doneWhen();
    // Same scope and time as DEVICE_RULES_OFF: the parameters of both lines apply.
    lines.add(2, rulesLine("06:00:00", "{\"ROOM_UNATTENDED\":{\"holdSeconds\":600}}"));

    ReplayJob.Result result = replay(write("rules.jsonl", lines), 1);

    assertThat(result.deadLetters()).isEmpty();
    assertThat(summary(result.alerts()))
        .containsExactlyElementsOf(
            DONE_WHEN_ALERTS.stream().filter(a -> a.startsWith("RATIO_BELOW_STANDARD")).toList());
  }

  @Test
  void aWhatIfHoldOf600SecondsRemovesTheThreeMinuteUnattendedAlertAndKeepsTheOtherIds()
      throws Exception {
    Path example = Path.of("..", "examples", "room-unattended.jsonl");
    Path whatIf =
        write(
            "what-if.jsonl",
            List.of(
                "{\"type\":\"rules\",\"ts\":\"2026-01-01T00:00:00+08:00\",\"scope\":\"\","
                    + "\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":600}}}"));

    ReplayJob.Result live = replay(example, 2);
    ReplayJob.Result candidate =
        ReplayJob.run(example, MonitorConfig.defaults(), 2, RuleOverrides.read(whatIf));

    assertThat(candidate.deadLetters()).isEmpty();
    assertThat(summary(candidate.alerts()))
        .containsExactlyElementsOf(
            DONE_WHEN_ALERTS.stream().filter(a -> a.startsWith("RATIO_BELOW_STANDARD")).toList());
    // The alerts that stay are the same alerts: same ids, same transitions.
    assertThat(candidate.alerts())
        .extracting(a -> a.getAlertId() + "/" + a.getSequence() + "/" + a.getStatus())
        .containsExactlyElementsOf(
            live.alerts().stream()
                .filter(a -> a.getRuleId().equals("RATIO_BELOW_STANDARD"))
                .map(a -> a.getAlertId() + "/" + a.getSequence() + "/" + a.getStatus())
                .toList());
  }

  @Test
  void aWhatIfWinsOverTheInputsOwnRulesLinesOfItsScopeForTheParametersItNames() throws Exception {
    List<String> lines = doneWhen();
    // The input itself sets a 20 s hold for 320402 (and keeps the device rules off there) …
    lines.add(2, rulesLine("06:00:00", "{\"ROOM_UNATTENDED\":{\"holdSeconds\":20}}"));
    Path input = write("input-rules.jsonl", lines);
    ReplayJob.Result withInputRules = replay(input, 1);
    assertThat(summary(withInputRules.alerts()))
        .anyMatch(a -> a.startsWith("ROOM_UNATTENDED OPEN started=09:00:00 opened=09:00:20"));

    // … a national what-if does not beat the region's own setting (the longest scope wins) …
    ReplayJob.Result national =
        ReplayJob.run(input, MonitorConfig.defaults(), 1, RuleOverrides.read(whatIf("", 600)));
    assertThat(national.deadLetters()).isEmpty();
    assertThat(summary(national.alerts())).isEqualTo(summary(withInputRules.alerts()));

    // … one for 320402 does: the unattended alert is gone, the ratio alerts stay, and the device
    // rules stay off (parameters the what-if does not name).
    ReplayJob.Result regional =
        ReplayJob.run(
            input, MonitorConfig.defaults(), 1, RuleOverrides.read(whatIf("320402", 600)));
    assertThat(regional.deadLetters()).isEmpty();
    assertThat(summary(regional.alerts()))
        .containsExactlyElementsOf(
            DONE_WHEN_ALERTS.stream().filter(a -> a.startsWith("RATIO_BELOW_STANDARD")).toList());
  }

  private Path whatIf(String scope, int holdSeconds) throws IOException {
    return write(
        "what-if-" + scope + ".jsonl",
        List.of(
            "{\"type\":\"rules\",\"ts\":\"2026-01-01T00:00:00+08:00\",\"scope\":\""
                + scope
                + "\",\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":"
                + holdSeconds
                + "}}}"));
  }

  @Test
  void theEndOfTheFileNeverFiresAHold() throws Exception {
    List<String> lines = new ArrayList<>(doneWhen().subList(0, 8)); // up to the exit at 09:00:00
    List<String> endsAfter10s = new ArrayList<>(lines);
    endsAfter10s.add(att("e-last", "09:00:10", "c-5", "ENTER"));
    List<String> endsAfter40s = new ArrayList<>(lines);
    endsAfter40s.add(att("e-last", "09:00:40", "c-5", "ENTER"));

    ReplayJob.Result shortFile = replay(write("ends-10s.jsonl", endsAfter10s), 1);
    ReplayJob.Result longerFile = replay(write("ends-40s.jsonl", endsAfter40s), 1);

    assertThat(shortFile.alerts()).as("nothing proves 30 s went by").isEmpty();
    assertThat(shortFile.deadLetters()).isEmpty();
    // Control: once the events themselves carry event time past the hold (09:00:40 - 5 s bound),
    // the same incident opens; it is never resolved, because the file ends first.
    assertThat(summary(longerFile.alerts())).containsExactly(DONE_WHEN_ALERTS.get(0));
  }

  // ---------------------------------------------------------------------------------------------
  // (g) the device rules: the example file, and the same day without heartbeats

  @Test
  void theExampleFileGivesTheDoneWhenAlertsWithEveryRuleOn() throws Exception {
    // The README's example: the doneWhen day with camera C1's heartbeat every 30 s (ONLINE,
    // recording, 90 days) and no rules line. The room is watched and the institution never
    // silent, so the occupancy alerts are the only ones — the same ids as with the device rules
    // off.
    Path example = Path.of("..", "examples", "room-unattended.jsonl");
    assertThat(example).isRegularFile();
    assertThat(Files.readAllLines(example)).noneMatch(l -> l.contains("\"rules\""));

    ReplayJob.Result result = replay(example, 2);

    assertThat(result.deadLetters()).isEmpty();
    assertThat(summary(result.alerts())).containsExactlyElementsOf(DONE_WHEN_ALERTS);
  }

  @Test
  void withoutHeartbeatsTheDoneWhenDayAlsoHasASurveillanceGapAndInstitutionOfflineSpells()
      throws Exception {
    // Why doneWhen() turns the two device rules off: with every rule on, a camera that never
    // reported does not watch the room (a gap from the first child on, never resolved), and each
    // hour without an event in opening hours is the institution offline (hold 5 min).
    List<String> lines = doneWhen();
    lines.remove(DEVICE_RULES_OFF);

    ReplayJob.Result result = replay(write("no-heartbeats.jsonl", lines), 1);

    assertThat(result.deadLetters()).isEmpty();
    assertThat(
            summary(result.alerts()).stream()
                .filter(a -> !a.startsWith("SURVEILLANCE_GAP") && !a.startsWith("INSTITUTION_"))
                .toList())
        .containsExactlyElementsOf(DONE_WHEN_ALERTS);
    String gap = AlertIds.alertId("SURVEILLANCE_GAP", R1, instant("08:00:11"));
    List<String> offline = new ArrayList<>();
    for (String[] spell :
        new String[][] {
          {"08:00:14", "08:05:14", "09:00:00"},
          {"09:03:00", "09:08:00", "10:00:00"},
          {"10:03:00", "10:08:00", "11:00:00"},
          {"11:01:00", "11:06:00", "12:00:00"}
        }) {
      String id =
          AlertIds.alertId("INSTITUTION_OFFLINE", SubjectKey.institution(INST), instant(spell[0]));
      String times = " started=" + spell[0] + " opened=" + spell[1];
      offline.add("INSTITUTION_OFFLINE OPEN" + times + " resolved=- id=" + id + " seq=0");
      offline.add(
          "INSTITUTION_OFFLINE RESOLVED"
              + times
              + " resolved="
              + spell[2]
              + " id="
              + id
              + " seq=1");
    }
    List<String> expectedDevice = new ArrayList<>(offline);
    expectedDevice.add(
        "SURVEILLANCE_GAP OPEN started=08:00:11 opened=08:01:11 resolved=- id=" + gap + " seq=0");
    assertThat(
            summary(result.alerts()).stream()
                .filter(a -> a.startsWith("SURVEILLANCE_GAP") || a.startsWith("INSTITUTION_"))
                .toList())
        .containsExactlyInAnyOrderElementsOf(expectedDevice);
    AlertTransition gapOpen =
        result.alerts().stream().filter(a -> a.getAlertId().equals(gap)).findFirst().orElseThrow();
    assertThat(gapOpen.getSeverity().name()).isEqualTo("CRITICAL");
    assertThat(gapOpen.getMessage()).contains("C1 未上报");
  }

  // ---------------------------------------------------------------------------------------------
  // Found while writing these tests

  @Test
  void referenceAndRuleLinesTimeStampedAfterTheFirstEventsDoNotMakeThemLate() throws Exception {
    // Live, reference and rule records come from their own topics and never move event time;
    // a replayed file must agree. Here the institution record is valid from 08:30 (a
    // registration stamped after its first events, which ReferenceState accepts), and a rules
    // line valid from 11:00 sits at the top of the file.
    List<String> lines = doneWhen();
    lines.set(0, institutionLine(INST, "08:30:00"));
    lines.add(1, rulesLine("11:00:00", "{\"ROOM_UNATTENDED\":{\"holdSeconds\":600}}"));

    ReplayJob.Result result = replay(write("late-reference.jsonl", lines), 1);

    assertThat(result.deadLetters()).isEmpty();
    assertThat(summary(result.alerts())).containsExactlyElementsOf(DONE_WHEN_ALERTS);
  }

  @Test
  void aHandOverWithinOneInstantIsNoGapEvenWithAnImmediateHold() throws Exception {
    // With ROOM_UNATTENDED's hold at 0, a hand-over recorded as two events of the same second
    // (s-01 leaves, s-02 arrives) must not alert: all events of an instant apply before the rules
    // run. A real gap later (10:00–10:01) still alerts at once and resolves.
    List<String> lines =
        List.of(
            institutionLine(INST, "06:00:00"),
            rulesLine(
                "06:00:00",
                "{\"ROOM_UNATTENDED\":{\"holdSeconds\":0},\"SURVEILLANCE_GAP\":{\"enabled\":false},"
                    + "\"INSTITUTION_OFFLINE\":{\"enabled\":false}}"),
            att("e-01", "08:00:00", "s-01", "ENTER"),
            att("e-02", "08:00:01", "c-1", "ENTER"),
            att("e-03", "09:00:00", "s-01", "EXIT"),
            att("e-04", "09:00:00", "s-02", "ENTER"),
            att("e-05", "10:00:00", "s-02", "EXIT"),
            att("e-06", "10:01:00", "s-02", "ENTER"),
            att("e-07", "10:30:00", "c-1", "CHECK_OUT"));

    ReplayJob.Result result = replay(write("hold-zero.jsonl", lines), 1);

    String gap = AlertIds.alertId("ROOM_UNATTENDED", R1, instant("10:00:00"));
    assertThat(summary(result.alerts()))
        .containsExactly(
            "ROOM_UNATTENDED OPEN started=10:00:00 opened=10:00:00 resolved=- id=" + gap + " seq=0",
            "ROOM_UNATTENDED RESOLVED started=10:00:00 opened=10:00:00 resolved=10:01:00 id="
                + gap
                + " seq=1");
  }
}
