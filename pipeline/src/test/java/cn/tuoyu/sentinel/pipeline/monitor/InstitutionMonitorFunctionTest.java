package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.CAREGIVER_2;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.INSTITUTION_ID;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.UNCERTIFIED;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.at;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.attendance;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.caregiver;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.child;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.clock;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.describe;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.envelope;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.institution;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.rulesLine;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.today;
import static cn.tuoyu.sentinel.schema.AttendanceAction.CHECK_IN;
import static cn.tuoyu.sentinel.schema.AttendanceAction.CHECK_OUT;
import static cn.tuoyu.sentinel.schema.AttendanceAction.ENTER;
import static cn.tuoyu.sentinel.schema.AttendanceAction.EXIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The institution monitor in Flink's operator harness: which signals it emits for each occupancy
 * rule and when, how it treats event time (out-of-order, duplicate, late events, end of input), and
 * that it leaves neither state nor timers behind once everyone has gone home.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InstitutionMonitorFunctionTest {
  /** Past every timer the scenarios set, including the next day's closing-time check. */
  private static final long NEXT_DAY_LATE = at("2026-11-24T23:59:00");

  private static final String R1 = INSTITUTION_ID + "/room/R1";

  /**
   * One occupancy rule's scenario: after {@code before} the rule is not breached; {@code breach}
   * (at {@code startsAt}, or time alone when empty) breaches it; {@code clearAt.apply(t)} clears it
   * at t.
   */
  record RuleCase(
      String ruleId,
      Institution institution,
      SubjectKey subject,
      long holdMillis,
      List<AttendanceEvent> before,
      long startsAt,
      List<AttendanceEvent> breach,
      LongFunction<List<AttendanceEvent>> clearAt) {
    @Override
    public String toString() {
      return ruleId;
    }
  }

  static Stream<RuleCase> ruleCases() {
    long nine = today("09:00:00");
    return Stream.of(
        new RuleCase(
            RuleIds.RATIO_BELOW_STANDARD,
            institution().build(),
            SubjectKey.room(INSTITUTION_ID, "R1"),
            120_000,
            roomWith("R1", CAREGIVER, 5), // 5 children : 1 certified caregiver = 1:5, allowed
            nine,
            List.of(child(nine, "c-R1-6", ENTER, "R1")), // 6 : 1 > 1:5
            t -> List.of(child(t, "c-R1-6", EXIT, "R1"))),
        new RuleCase(
            RuleIds.ROOM_UNATTENDED,
            institution().build(),
            SubjectKey.room(INSTITUTION_ID, "R1"),
            30_000,
            roomWith("R1", CAREGIVER, 4),
            nine,
            List.of(caregiver(nine, CAREGIVER, EXIT, "R1")),
            t -> List.of(caregiver(t, CAREGIVER, ENTER, "R1"))),
        new RuleCase(
            RuleIds.CLASS_OVER_CAPACITY,
            institution().build(),
            SubjectKey.room(INSTITUTION_ID, "R2"),
            120_000,
            roomWith("R2", CAREGIVER_2, 3), // R2 is licensed for 3 (托大班 standard 20, ratio 1:7)
            nine,
            List.of(child(nine, "c-R2-4", ENTER, "R2")),
            t -> List.of(child(t, "c-R2-4", EXIT, "R2"))),
        new RuleCase(
            RuleIds.INSTITUTION_OVER_LICENSE,
            institution().setLicensedPlaces(3).build(),
            SubjectKey.institution(INSTITUTION_ID),
            600_000,
            IntStream.rangeClosed(1, 3)
                .mapToObj(i -> child(today("08:59:0" + i), "c-" + i, CHECK_IN, null))
                .toList(),
            nine,
            List.of(child(nine, "c-4", CHECK_IN, null)),
            t -> List.of(child(t, "c-4", CHECK_OUT, null))),
        new RuleCase(
            RuleIds.STAFF_UNCERTIFIED_ON_DUTY,
            institution().build(),
            SubjectKey.room(INSTITUTION_ID, "R1"),
            60_000,
            roomWith("R1", CAREGIVER, 1),
            nine,
            List.of(caregiver(nine, UNCERTIFIED, ENTER, "R1")),
            t -> List.of(caregiver(t, UNCERTIFIED, EXIT, "R1"))),
        new RuleCase(
            RuleIds.CHILD_NOT_PICKED_UP,
            institution().build(),
            SubjectKey.person(INSTITUTION_ID, "c-1"),
            1_800_000,
            List.of(child(today("17:00:00"), "c-1", CHECK_IN, null)),
            today("18:00:00"), // closing time: no event, the clock alone breaches it
            List.of(),
            t -> List.of(child(t, "c-1", CHECK_OUT, null))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleCases")
  void startThenTickExactlyAtTheHoldThenClearAndNothingLeftBehind(RuleCase c) throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      ConditionSignal start = startCondition(m, c);

      m.watermark(c.startsAt() + c.holdMillis() - 1);
      assertThat(m.newSignals(c.ruleId())).as("no TICK before the hold elapsed").isEmpty();

      m.watermark(c.startsAt() + c.holdMillis());
      List<ConditionSignal> ticks = ofRule(m.newSignals(), c.ruleId());
      assertThat(ticks)
          .extracting(MonitorFixtures::describe)
          .containsExactly(signal("TICK", c, c.startsAt() + c.holdMillis()));
      assertThat(ticks.get(0).since).isEqualTo(start.since);
      assertThat(ticks.get(0).alertId).isEqualTo(start.alertId);

      long clearedAt = c.startsAt() + c.holdMillis() + 60_000;
      m.events(c.clearAt().apply(clearedAt)).watermark(clearedAt);
      List<ConditionSignal> clears = ofRule(m.newSignals(), c.ruleId());
      assertThat(clears)
          .extracting(MonitorFixtures::describe)
          .containsExactly(signal("CLEAR", c, clearedAt));
      assertThat(clears.get(0).since).isEqualTo(start.since);

      assertEverythingClearedAfterEveryoneLeaves(m, c, clearedAt + 60_000);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleCases")
  void clearedBeforeTheHoldStartsAndClearsButNeverTicks(RuleCase c) throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      startCondition(m, c);

      long clearedAt = c.startsAt() + c.holdMillis() / 2; // a hand-over shorter than the hold
      m.events(c.clearAt().apply(clearedAt));
      m.watermark(c.startsAt() + c.holdMillis() + 1_000); // well past the original deadline
      assertThat(m.newSignals(c.ruleId())).containsExactly(signal("CLEAR", c, clearedAt));

      assertEverythingClearedAfterEveryoneLeaves(m, c, c.startsAt() + c.holdMillis() + 60_000);
      assertThat(ofRule(m.allSignals(), c.ruleId()))
          .extracting(s -> s.kind)
          .containsExactly(ConditionSignal.Kind.START, ConditionSignal.Kind.CLEAR);
    }
  }

  /** Feeds the case up to its breach and checks the START signal. */
  private static ConditionSignal startCondition(MonitorHarness m, RuleCase c) throws Exception {
    m.reference(c.institution()).events(c.before()).events(c.breach());
    m.watermark(c.startsAt() - 1);
    assertThat(m.newSignals(c.ruleId()))
        .as("not breached before %s", clock(c.startsAt()))
        .isEmpty();

    m.watermark(c.startsAt());
    List<ConditionSignal> starts = ofRule(m.newSignals(), c.ruleId());
    assertThat(starts)
        .extracting(MonitorFixtures::describe)
        .containsExactly(signal("START", c, c.startsAt()));
    ConditionSignal start = starts.get(0);
    assertThat(start.since).isEqualTo(c.startsAt());
    assertThat(start.holdMillis).isEqualTo(c.holdMillis());
    assertThat(start.conditionKey).isEqualTo(c.ruleId() + "|" + c.subject().asString());
    assertThat(start.alertId)
        .isEqualTo(AlertIds.alertId(c.ruleId(), c.subject(), Instant.ofEpochMilli(c.startsAt())));
    assertThat(start.institutionId).isEqualTo(INSTITUTION_ID);
    assertThat(start.regionCode).isEqualTo("320402");
    assertThat(start.institutionName).isEqualTo("天宁区小星星托育园");
    assertThat(start.lat).isEqualTo(31.78);
    assertThat(start.severity).isNotBlank();
    assertThat(start.message).isNotBlank();
    assertThat(start.detailsJson).startsWith("{").endsWith("}");
    return start;
  }

  /** Everyone checks out at {@code t}; once the watermark passes everything, nothing is kept. */
  private static void assertEverythingClearedAfterEveryoneLeaves(
      MonitorHarness m, RuleCase c, long t) throws Exception {
    assertThat(m.stateEntries()).as("state while people are present").isPositive();
    m.events(checkOutEveryone(t, c));
    m.watermark(NEXT_DAY_LATE);
    assertThat(m.newSignals(c.ruleId())).as("nothing more after the clear").isEmpty();
    assertThat(m.deadLetters()).isEmpty();
    assertThat(m.timers()).as("event-time timers").isZero();
    assertThat(m.stateEntries()).as("keyed state entries: the last-event time only").isEqualTo(1);
  }

  private static List<AttendanceEvent> checkOutEveryone(long t, RuleCase c) {
    Map<String, PersonRole> people = new LinkedHashMap<>();
    Stream.of(c.before(), c.breach(), c.clearAt().apply(t))
        .flatMap(List::stream)
        .forEach(e -> people.put(e.getPersonId(), e.getRole()));
    List<AttendanceEvent> out = new ArrayList<>();
    people.forEach((person, role) -> out.add(attendance(t, person, role, CHECK_OUT, null)));
    return out;
  }

  /** A room with a caregiver from 08:59:00 and {@code children} children from 08:59:01 on. */
  private static List<AttendanceEvent> roomWith(String room, String caregiverId, int children) {
    List<AttendanceEvent> events = new ArrayList<>();
    events.add(caregiver(today("08:59:00"), caregiverId, ENTER, room));
    for (int i = 1; i <= children; i++) {
      events.add(child(today("08:59:0" + i), "c-" + room + "-" + i, ENTER, room));
    }
    return events;
  }

  private static String signal(String kind, RuleCase c, long ts) {
    return kind + " " + c.ruleId() + " " + c.subject().asString() + " @" + clock(ts);
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }

  private static List<ConditionSignal> ofRule(List<ConditionSignal> signals, String ruleId) {
    return signals.stream().filter(s -> s.ruleId.equals(ruleId)).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Event time

  /**
   * 4 children in R1; the caregiver steps out for 3 s (a blip), later for 3 minutes, a fifth child
   * comes in meanwhile; then everyone goes home.
   */
  private static List<AttendanceEvent> incident() {
    List<AttendanceEvent> events = new ArrayList<>(roomWith("R1", CAREGIVER, 4));
    events.add(caregiver(today("09:00:00"), CAREGIVER, EXIT, "R1"));
    events.add(caregiver(today("09:00:03"), CAREGIVER, ENTER, "R1"));
    events.add(caregiver(today("09:10:00"), CAREGIVER, EXIT, "R1"));
    events.add(child(today("09:10:02"), "c-R1-5", ENTER, "R1"));
    events.add(caregiver(today("09:13:00"), CAREGIVER, ENTER, "R1"));
    for (int i = 1; i <= 5; i++) {
      events.add(child(today("09:30:0" + i), "c-R1-" + i, CHECK_OUT, null));
    }
    events.add(caregiver(today("09:30:10"), CAREGIVER, CHECK_OUT, null));
    return events;
  }

  /**
   * What {@link #incident()} must give, in time order; signals of one instant sorted by text (their
   * relative order is that of a MapState iteration, and irrelevant: the next stages key by
   * condition).
   */
  private static final List<String> INCIDENT_SIGNALS =
      List.of(
          "START RATIO_BELOW_STANDARD " + R1 + " @09:00:00",
          "START ROOM_UNATTENDED " + R1 + " @09:00:00",
          "CLEAR RATIO_BELOW_STANDARD " + R1 + " @09:00:03",
          "CLEAR ROOM_UNATTENDED " + R1 + " @09:00:03",
          "START RATIO_BELOW_STANDARD " + R1 + " @09:10:00",
          "START ROOM_UNATTENDED " + R1 + " @09:10:00",
          "TICK ROOM_UNATTENDED " + R1 + " @09:10:30",
          "TICK RATIO_BELOW_STANDARD " + R1 + " @09:12:00",
          "CLEAR RATIO_BELOW_STANDARD " + R1 + " @09:13:00",
          "CLEAR ROOM_UNATTENDED " + R1 + " @09:13:00");

  /**
   * Feeds events the way the job's source does: after each, the watermark of bounded
   * out-of-orderness (5 s) advances to max - 5 s - 1 ms; then the watermark passes everything.
   */
  private static List<ConditionSignal> run(MonitorHarness m, List<? extends EventEnvelope> events)
      throws Exception {
    m.reference(institution().build());
    long max = Long.MIN_VALUE;
    long bound = Duration.ofSeconds(5).toMillis();
    for (EventEnvelope e : events) {
      m.event(e);
      if (e.ts > max) {
        max = e.ts;
        m.watermark(max - bound - 1);
      }
    }
    m.watermark(NEXT_DAY_LATE);
    return m.allSignals();
  }

  private static List<EventEnvelope> envelopes(List<AttendanceEvent> events) {
    return events.stream().map(MonitorFixtures::envelope).toList();
  }

  private static List<String> byInstant(List<ConditionSignal> signals) {
    return signals.stream()
        .sorted(
            java.util.Comparator.comparingLong((ConditionSignal s) -> s.ts)
                .thenComparing(MonitorFixtures::describe))
        .map(MonitorFixtures::describe)
        .toList();
  }

  /** Everything a signal carries, for comparing two runs. */
  private static List<String> full(List<ConditionSignal> signals) {
    return signals.stream()
        .map(
            s ->
                describe(s)
                    + " since="
                    + s.since
                    + " hold="
                    + s.holdMillis
                    + " id="
                    + s.alertId
                    + " "
                    + s.severity
                    + " "
                    + s.message
                    + " "
                    + s.detailsJson)
        .toList();
  }

  @Test
  void inOrderEventsGiveTheExpectedSignals() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      List<ConditionSignal> signals = run(m, envelopes(incident()));

      assertThat(byInstant(signals)).containsExactlyElementsOf(INCIDENT_SIGNALS);
      assertThat(m.deadLetters()).isEmpty();
      assertThat(m.timers()).isZero();
      assertThat(m.stateEntries()).as("the last-event time only").isEqualTo(1);
    }
  }

  @Test
  void outOfOrderArrivalWithinTheBoundGivesTheSameSignals() throws Exception {
    List<AttendanceEvent> inOrder = incident();
    List<AttendanceEvent> shuffled = new ArrayList<>(inOrder);
    // Children of 08:59:01..04 arrive in reverse; the 3 s blip's return arrives before its exit
    // (applied on arrival, the caregiver would stay "out" for 10 minutes); the fifth child arrives
    // before the caregiver's second exit.
    Collections.reverse(shuffled.subList(1, 5));
    Collections.swap(shuffled, 5, 6);
    Collections.swap(shuffled, 7, 8);
    assertThat(shuffled).isNotEqualTo(inOrder);
    for (int i = 1; i < shuffled.size(); i++) {
      long behind =
          shuffled.subList(0, i).stream()
                  .mapToLong(e -> e.getTs().toEpochMilli())
                  .max()
                  .orElseThrow()
              - shuffled.get(i).getTs().toEpochMilli();
      assertThat(behind).as("event %d is within the 5 s bound", i).isLessThanOrEqualTo(5_000);
    }

    List<ConditionSignal> expected;
    try (MonitorHarness m = new MonitorHarness()) {
      expected = run(m, envelopes(inOrder));
    }
    try (MonitorHarness m = new MonitorHarness()) {
      List<ConditionSignal> actual = run(m, envelopes(shuffled));
      assertThat(m.deadLetters()).isEmpty();
      assertThat(full(actual)).containsExactlyElementsOf(full(expected));
      assertThat(byInstant(actual)).containsExactlyElementsOf(INCIDENT_SIGNALS);
    }
  }

  @Test
  void aDuplicateEventChangesNothing() throws Exception {
    List<EventEnvelope> doubled = new ArrayList<>();
    for (EventEnvelope e : envelopes(incident())) {
      doubled.add(e);
      doubled.add(e); // redelivered: the same eventId, ts and content
    }
    List<ConditionSignal> expected;
    try (MonitorHarness m = new MonitorHarness()) {
      expected = run(m, envelopes(incident()));
    }
    try (MonitorHarness m = new MonitorHarness()) {
      assertThat(full(run(m, doubled))).containsExactlyElementsOf(full(expected));
      assertThat(m.deadLetters()).isEmpty();
      assertThat(m.stateEntries()).as("the last-event time only").isEqualTo(1);
    }
  }

  @Test
  void aSecondEventWithTheSameEventIdIsIgnoredEvenIfItsContentDiffers() throws Exception {
    // Occupancy transitions are idempotent, so a plain duplicate would not show whether the
    // function deduplicates at all; a different event under a used id does: applied, the second
    // caregiver's arrival would end the condition at once.
    long nine = today("09:00:00");
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build()).events(roomWith("R1", CAREGIVER, 4));
      m.events(attendance("e-dup", nine, CAREGIVER, PersonRole.CAREGIVER, EXIT, "R1"));
      m.events(attendance("e-dup", nine, CAREGIVER_2, PersonRole.CAREGIVER, ENTER, "R1"));
      m.watermark(today("09:00:30"));

      assertThat(m.newSignals(RuleIds.ROOM_UNATTENDED))
          .containsExactly(
              "START ROOM_UNATTENDED " + R1 + " @09:00:00",
              "TICK ROOM_UNATTENDED " + R1 + " @09:00:30");
      assertThat(m.deadLetters()).isEmpty();
    }
  }

  @Test
  void aConditionThatRecursBeforeTheOldDeadlineTicksOnlyAtItsOwnDeadline() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build()).events(roomWith("R1", CAREGIVER, 2));
      m.events(
          caregiver(today("09:00:00"), CAREGIVER, EXIT, "R1"),
          caregiver(today("09:00:10"), CAREGIVER, ENTER, "R1"),
          caregiver(today("09:00:20"), CAREGIVER, EXIT, "R1"));

      m.watermark(today("09:00:49"));
      List<ConditionSignal> sofar = ofRule(m.newSignals(), RuleIds.ROOM_UNATTENDED);
      assertThat(sofar)
          .extracting(MonitorFixtures::describe)
          .as("the first episode's deadline (09:00:30) does not tick the second")
          .containsExactly(
              "START ROOM_UNATTENDED " + R1 + " @09:00:00",
              "CLEAR ROOM_UNATTENDED " + R1 + " @09:00:10",
              "START ROOM_UNATTENDED " + R1 + " @09:00:20");
      assertThat(sofar.get(2).alertId).isNotEqualTo(sofar.get(0).alertId);

      m.watermark(today("09:00:50"));
      List<ConditionSignal> tick = ofRule(m.newSignals(), RuleIds.ROOM_UNATTENDED);
      assertThat(tick)
          .extracting(MonitorFixtures::describe)
          .containsExactly("TICK ROOM_UNATTENDED " + R1 + " @09:00:50");
      assertThat(tick.get(0).since).isEqualTo(today("09:00:20"));
      assertThat(tick.get(0).alertId).isEqualTo(sofar.get(2).alertId);
    }
  }

  @Test
  void anEventAtOrBehindTheWatermarkIsDeadLetteredAsLateAndNotApplied() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build()).events(roomWith("R1", CAREGIVER, 2));
      m.watermark(today("09:00:10"));
      assertThat(m.newSignals()).isEmpty();

      EventEnvelope atWatermark = envelope(caregiver(today("09:00:10"), CAREGIVER, EXIT, "R1"));
      EventEnvelope behind = envelope(caregiver(today("09:00:05"), CAREGIVER, CHECK_OUT, null));
      EventEnvelope justAhead =
          envelope(child(today("09:00:10") + 1, "c-R1-3", ENTER, "R1")); // 1 ms after: in time
      m.event(atWatermark).event(behind).event(justAhead);
      m.watermark(today("09:30:00"));

      assertThat(m.deadLetters()).hasSize(2);
      DeadLetter first = m.deadLetters().get(0);
      assertThat(first.getReason()).isEqualTo(DeadLetterReasons.LATE);
      assertThat(first.getTs()).isEqualTo(Instant.ofEpochMilli(today("09:00:10")));
      assertThat(first.getDetail()).contains("watermark");
      assertThat(first.getSourceTopic()).isEqualTo(Topics.ATTENDANCE);
      assertThat(first.getSourcePartition()).isZero();
      assertThat(first.getSourceOffset()).isEqualTo(atWatermark.sourceOffset);
      assertThat(SentinelSerde.decodeAny(bytes(first.getRaw()))).isEqualTo(atWatermark.record());
      assertThat(m.deadLetters().get(1).getReason()).isEqualTo(DeadLetterReasons.LATE);
      assertThat(m.deadLetters().get(1).getSourceOffset()).isEqualTo(behind.sourceOffset);

      // Had the late exits been applied, R1 (3 children by then) would be unattended.
      assertThat(m.newSignals()).isEmpty();
    }
  }

  @Test
  void anEventOfAnUnknownInstitutionIsDeadLetteredAsUnknownReference() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build());
      AttendanceEvent stranger =
          AttendanceEvent.newBuilder(child(today("09:00:00"), "c-x", ENTER, "R1"))
              .setInstitutionId("320402-9999")
              .build();
      m.events(stranger);
      assertThat(m.deadLetters()).as("decided only when the watermark passes it").isEmpty();

      m.watermark(today("09:00:00"));
      assertThat(m.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getReason()).isEqualTo(DeadLetterReasons.UNKNOWN_REFERENCE);
                assertThat(d.getDetail()).contains("320402-9999");
                assertThat(d.getRecordType()).isNull();
                assertThat(d.getSourceTopic()).isEqualTo(Topics.ATTENDANCE);
              });
      assertThat(m.newSignals()).isEmpty();
      assertThat(m.timers()).isZero();
      assertThat(m.stateEntries()).as("nothing applied, nothing kept").isZero();
    }
  }

  @Test
  void anEventOfAnUnknownRoomIsDeadLetteredAndChangesNothing() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build()).events(roomWith("R1", CAREGIVER, 2));
      // Applied, this would take the caregiver out of R1 and leave it unattended.
      m.events(caregiver(today("09:00:00"), CAREGIVER, ENTER, "R9"));
      m.watermark(today("09:05:00"));

      assertThat(m.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getReason()).isEqualTo(DeadLetterReasons.UNKNOWN_REFERENCE);
                assertThat(d.getDetail()).contains("R9").contains(INSTITUTION_ID);
              });
      assertThat(m.newSignals()).isEmpty();
    }
  }

  @Test
  void referenceDataArrivingAfterItsEventsButBeforeTheWatermarkIsUsed() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.events(roomWith("R1", CAREGIVER, 2))
          .events(caregiver(today("09:00:00"), CAREGIVER, EXIT, "R1"));
      m.reference(institution().build());
      m.watermark(today("09:00:30"));

      assertThat(m.deadLetters()).isEmpty();
      assertThat(m.newSignals(RuleIds.ROOM_UNATTENDED))
          .containsExactly(
              "START ROOM_UNATTENDED " + R1 + " @09:00:00",
              "TICK ROOM_UNATTENDED " + R1 + " @09:00:30");
    }
  }

  @ParameterizedTest(name = "scope \"{0}\" valid from {1}: hold {2} s")
  @CsvSource({
    "320402, 06:00:00, 20", // the institution's district: applies
    "3204,   06:00:00, 20", // its city, a shorter prefix: applies too
    "320501, 06:00:00, 30", // another district: the default 30 s stays
    "320402, 09:05:00, 30" // valid only from after the incident began: not yet in force
  })
  void aRulesRecordChangesTheHoldOfItsRegionAsOfItsTime(String scope, String validFrom, long hold)
      throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build());
      m.reference(
          rulesLine(
              "{\"type\":\"rules\",\"ts\":\"2026-11-23T"
                  + validFrom
                  + "+08:00\",\"scope\":\""
                  + scope
                  + "\",\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":20}}}"));
      m.events(roomWith("R1", CAREGIVER, 2))
          .events(caregiver(today("09:00:00"), CAREGIVER, EXIT, "R1"));

      m.watermark(today("09:00:00"));
      List<ConditionSignal> started = ofRule(m.newSignals(), RuleIds.ROOM_UNATTENDED);
      assertThat(started)
          .singleElement()
          .satisfies(s -> assertThat(s.holdMillis).isEqualTo(hold * 1000));

      m.watermark(today("09:00:00") + hold * 1000 - 1);
      assertThat(m.newSignals(RuleIds.ROOM_UNATTENDED)).isEmpty();
      m.watermark(today("09:00:00") + hold * 1000);
      assertThat(m.newSignals(RuleIds.ROOM_UNATTENDED))
          .containsExactly(
              "TICK ROOM_UNATTENDED " + R1 + " @" + clock(today("09:00:00") + hold * 1000));
      // The rule's other parameters keep their defaults.
      assertThat(started.get(0).severity).isEqualTo("CRITICAL");
    }
  }

  @Test
  void theEndOfABoundedInputAppliesPendingEventsButFiresNoDeadline() throws Exception {
    try (MonitorHarness m = new MonitorHarness()) {
      m.reference(institution().build()).events(roomWith("R1", CAREGIVER, 4));
      m.events(caregiver(today("09:00:06"), CAREGIVER, EXIT, "R1"));
      m.events(child(today("09:00:10"), "c-R1-5", ENTER, "R1")); // the input's last event
      m.watermark(today("09:00:10") - 5_001);
      assertThat(m.newSignals()).as("the exit is not behind the watermark yet").isEmpty();

      m.watermark(Long.MAX_VALUE);

      // The pending events were applied (the conditions began) but nothing proves that time
      // went on after 09:00:10: no TICK for the 30 s / 120 s holds, no CLEAR, and no
      // CHILD_NOT_PICKED_UP although five children are still "in" at the closing time.
      assertThat(m.newSignals())
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              "START RATIO_BELOW_STANDARD " + R1 + " @09:00:06",
              "START ROOM_UNATTENDED " + R1 + " @09:00:06");
      assertThat(m.timers()).isZero();
    }
  }
}
