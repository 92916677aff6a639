package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.CameraFlappingRule;
import cn.tuoyu.sentinel.pipeline.rules.CameraState;
import cn.tuoyu.sentinel.pipeline.rules.DeviceRules;
import cn.tuoyu.sentinel.pipeline.rules.InstitutionRule;
import cn.tuoyu.sentinel.pipeline.rules.InstitutionSnapshot;
import cn.tuoyu.sentinel.pipeline.rules.Observation;
import cn.tuoyu.sentinel.pipeline.rules.Occupancy;
import cn.tuoyu.sentinel.pipeline.rules.OccupancyRules;
import cn.tuoyu.sentinel.pipeline.rules.Presence;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleInput;
import cn.tuoyu.sentinel.pipeline.rules.RuleParameterResolver;
import cn.tuoyu.sentinel.pipeline.rules.RuleSettings;
import cn.tuoyu.sentinel.pipeline.rules.SensorState;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-institution heart of the monitor job, keyed by institutionId.
 *
 * <p>Events are not applied on arrival: they wait in state until the watermark passes their
 * timestamp and are then applied in event-time order (ties by eventId). That makes occupancy and
 * device state — and every alert derived from them — the same whatever order the events arrived in
 * within the out-of-orderness bound, live or replayed. An event at or behind the watermark is late:
 * it goes to the dead-letter output with reason LATE. A second event with the same eventId is a
 * duplicate and changes nothing.
 *
 * <p>After the events of one instant are applied, the rules whose inputs changed are evaluated
 * ({@link InstitutionRule#inputs()}); every rule is evaluated at a scheduled check ({@link
 * InstitutionRule#nextCheck}), which is how absences (a camera's heartbeats stop, an institution
 * goes silent) and closing times are noticed without an event. A condition that appears emits START
 * (and a deadline timer at start + hold), one that disappears emits CLEAR, and a deadline reached
 * while the condition still holds emits TICK. Deciding whether START-without-CLEAR-until- TICK is
 * an alert is the CEP pattern's job ({@link HeldConditionPattern}). Each ONLINE → OFFLINE change of
 * a camera is emitted as a TRANSITION for the flapping pattern ({@link CameraFlappingPattern}), and
 * a CLEAR for CAMERA_FLAPPING once a whole window passed without one.
 *
 * <p><b>Silence and inhibition.</b> Conditions that exist only because a device stopped reporting
 * ({@link Observation#silence()}: CAMERA_OFFLINE from missing heartbeats, SENSOR_SILENT, a
 * SURVEILLANCE_GAP whose cameras are merely silent) are noticed once their hold has passed — at the
 * institution's next event (any event proves time has passed, so silence rules run at every one)
 * or, if nothing arrives, by the check timer at the deadline — and then:
 *
 * <ul>
 *   <li>open at once if the institution was heard from at that very instant (its other devices keep
 *       reporting: a single device is silent), or if INSTITUTION_OFFLINE is disabled;
 *   <li>otherwise <em>wait</em>: the whole institution is silent, so INSTITUTION_OFFLINE's decision
 *       is pending (at opening time + hold if the silence began while closed). If the institution
 *       reports again before INSTITUTION_OFFLINE opens, the waiting conditions that still hold open
 *       at that instant, with their original {@code startedAt} (alert ids unchanged);
 *   <li>while INSTITUTION_OFFLINE is open they stay suppressed and new ones join them: operators
 *       get one alert, not forty;
 *   <li>when an offline institution reports again (INSTITUTION_OFFLINE resolves), each suppressed
 *       condition is released with a fresh hold from that instant — its device's heartbeats
 *       typically resume over the next interval — and opens, with its original {@code startedAt},
 *       only if it still holds then.
 * </ul>
 *
 * Conditions from explicit reports (an OFFLINE status, {@code recording=false}, a reading) are
 * never held back.
 *
 * <p>Reference data unknown at an event's time (no institution record, a room or camera not in it)
 * sends the event to the dead-letter output with reason UNKNOWN_REFERENCE: the monitor loads all
 * reference data from the compacted topic before it starts, so this means the data really is
 * missing.
 *
 * <p>When a bounded input ends (watermark = MAX), pending events are still applied, but no deadline
 * or scheduled check fires: the input proves nothing about time after its last event, so reaching
 * the end never fires an absence and never resolves anything. A replay of a period {@code [since,
 * until)} of the archive or of Kafka knows more: its input is complete up to {@code until}, so
 * deadlines and checks before {@code until} fire at the end as they did live (the last
 * out-of-orderness bound of the period would otherwise lose them), and none at or after it.
 */
public class InstitutionMonitorFunction
    extends KeyedBroadcastProcessFunction<String, EventEnvelope, EventEnvelope, ConditionSignal> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("monitor-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private final List<EventEnvelope> bootstrap;
  private final List<InstitutionRule> rules;
  private final long periodEnd;

  private transient MapState<Long, List<EventEnvelope>> pending;
  private transient MapState<String, Presence> people;
  private transient MapState<String, CameraState> cameras;
  private transient MapState<String, SensorState> sensors;
  private transient ValueState<Long> lastEventAt;
  private transient MapState<String, ConditionSignal> active;
  private transient MapState<Long, List<String>> deadlines;
  private transient MapState<String, Long> ruleChecks;
  private transient ValueState<Long> nextCheckAt;
  private transient Map<String, List<Institution>> bootstrapInstitutions;
  private transient Map<String, List<RuleParameters>> bootstrapRules;
  private transient Counter processed;
  private transient Counter late;
  private transient Counter duplicates;
  private transient Counter unknownReference;

  /**
   * @param bootstrap reference and rule records known when the job starts (may be empty)
   */
  public InstitutionMonitorFunction(List<EventEnvelope> bootstrap) {
    this(bootstrap, allRules(), Long.MIN_VALUE);
  }

  /**
   * @param bootstrap reference and rule records known when the job starts (may be empty)
   * @param periodEnd for a bounded input complete up to this time (exclusive, epoch millis): the
   *     deadlines before it still fire at the end; {@link Long#MIN_VALUE} when unknown (a file)
   */
  public InstitutionMonitorFunction(List<EventEnvelope> bootstrap, long periodEnd) {
    this(bootstrap, allRules(), periodEnd);
  }

  InstitutionMonitorFunction(
      List<EventEnvelope> bootstrap, List<InstitutionRule> rules, long periodEnd) {
    this.bootstrap = new ArrayList<>(bootstrap);
    this.rules = List.copyOf(rules);
    this.periodEnd = periodEnd;
  }

  /** The occupancy rules, then the device rules. */
  static List<InstitutionRule> allRules() {
    List<InstitutionRule> all = new ArrayList<>(OccupancyRules.ALL);
    all.addAll(DeviceRules.ALL);
    return all;
  }

  @Override
  public void open(OpenContext openContext) {
    TypeInformation<EventEnvelope> envelopeType = TypeInformation.of(EventEnvelope.class);
    var rc = getRuntimeContext();
    pending =
        rc.getMapState(
            new MapStateDescriptor<>("pending-events", Types.LONG, Types.LIST(envelopeType)));
    people =
        rc.getMapState(
            new MapStateDescriptor<>("people", Types.STRING, TypeInformation.of(Presence.class)));
    cameras =
        rc.getMapState(
            new MapStateDescriptor<>(
                "cameras", Types.STRING, TypeInformation.of(CameraState.class)));
    sensors =
        rc.getMapState(
            new MapStateDescriptor<>(
                "sensors", Types.STRING, TypeInformation.of(SensorState.class)));
    lastEventAt = rc.getState(new ValueStateDescriptor<>("last-event-at", Types.LONG));
    active =
        rc.getMapState(
            new MapStateDescriptor<>(
                "active-conditions", Types.STRING, TypeInformation.of(ConditionSignal.class)));
    deadlines =
        rc.getMapState(
            new MapStateDescriptor<>("hold-deadlines", Types.LONG, Types.LIST(Types.STRING)));
    ruleChecks = rc.getMapState(new MapStateDescriptor<>("rule-checks", Types.STRING, Types.LONG));
    nextCheckAt = rc.getState(new ValueStateDescriptor<>("next-check-at", Types.LONG));
    bootstrapInstitutions = ReferenceState.institutionsOf(bootstrap);
    bootstrapRules = ReferenceState.rulesOf(bootstrap);
    var metrics = rc.getMetricGroup();
    processed = metrics.counter("eventsProcessed");
    late = metrics.counter("eventsLate");
    duplicates = metrics.counter("eventsDuplicate");
    unknownReference = metrics.counter("eventsUnknownReference");
  }

  @Override
  public void processElement(EventEnvelope env, ReadOnlyContext ctx, Collector<ConditionSignal> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (env.ts <= watermark) {
      late.inc();
      ctx.output(
          DEAD_LETTERS,
          env.toDeadLetter(
              DeadLetterReasons.LATE,
              "event time "
                  + Instant.ofEpochMilli(env.ts)
                  + " is at or behind the watermark "
                  + Instant.ofEpochMilli(watermark)
                  + " (arrived later than the out-of-orderness bound)",
              Instant.ofEpochMilli(env.ts)));
      return;
    }
    List<EventEnvelope> same = pending.get(env.ts);
    List<EventEnvelope> updated = same == null ? new ArrayList<>() : new ArrayList<>(same);
    for (EventEnvelope e : updated) {
      if (e.eventId.equals(env.eventId)) {
        duplicates.inc();
        return;
      }
    }
    updated.add(env);
    pending.put(env.ts, updated);
    ctx.timerService().registerEventTimeTimer(env.ts);
  }

  @Override
  public void processBroadcastElement(
      EventEnvelope env, Context ctx, Collector<ConditionSignal> out) throws Exception {
    ReferenceState.apply(
        env,
        ctx.getBroadcastState(ReferenceState.INSTITUTIONS),
        ctx.getBroadcastState(ReferenceState.RULES));
  }

  /** What the events of one instant changed. */
  private static final class Applied {
    final Set<RuleInput> inputs = EnumSet.noneOf(RuleInput.class);
    final List<ConditionSignal> transitions = new ArrayList<>();
    Institution institution;
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<ConditionSignal> out)
      throws Exception {
    // At the end of a bounded input, only what lies inside the period it is known to cover.
    boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE && ts >= periodEnd;
    Applied applied = new Applied();
    Map<String, Presence> now = null;
    List<EventEnvelope> due = pending.get(ts);
    if (due != null) {
      pending.remove(ts);
      List<EventEnvelope> ordered = new ArrayList<>(due);
      ordered.sort(Comparator.comparing(e -> e.eventId));
      // All events of one instant apply first, then the rules run once: a hand-over logged as
      // two events in the same second is no gap, and the state is read and written once.
      now = peopleNow();
      Set<String> moved = new HashSet<>();
      for (EventEnvelope env : ordered) {
        try {
          apply(env, now, moved, applied, ctx);
        } catch (RuntimeException e) {
          // A record no check foresaw must not stop the job for every institution.
          ctx.output(
              DEAD_LETTERS,
              env.toDeadLetter(
                  DeadLetterReasons.INTERNAL_ERROR,
                  "could not apply: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                  Instant.ofEpochMilli(env.ts)));
        }
      }
      for (String personId : moved) {
        Presence p = now.get(personId);
        if (p == null) {
          people.remove(personId);
        } else {
          people.put(personId, p);
        }
      }
      for (ConditionSignal t : applied.transitions) {
        out.collect(t);
      }
    }
    boolean check = Long.valueOf(ts).equals(nextCheckAt.value());
    if (check) {
      nextCheckAt.clear();
    }
    boolean checkAll = check && !endOfInput;
    if (!applied.inputs.isEmpty() || checkAll) {
      Institution inst =
          applied.institution != null
              ? applied.institution
              : institutionAt(ctx, ctx.getCurrentKey(), ts);
      if (inst != null) {
        evaluate(inst, now == null ? peopleNow() : now, ts, applied.inputs, checkAll, ctx, out);
      }
    }
    List<String> dueConditions = deadlines.get(ts);
    if (dueConditions != null) {
      deadlines.remove(ts);
      if (!endOfInput) {
        for (String key : dueConditions) {
          ConditionSignal condition = active.get(key);
          if (condition != null && !condition.waiting && condition.dueAt == ts) {
            due(condition, ts, ctx, out);
          }
        }
      }
    }
  }

  /** Applies one event to {@code now} (the people present) or to its device's state. */
  private void apply(
      EventEnvelope env,
      Map<String, Presence> now,
      Set<String> moved,
      Applied applied,
      OnTimerContext ctx)
      throws Exception {
    Institution inst = institutionAt(ctx, env.key, env.ts);
    if (inst == null) {
      rejectUnknown(
          env,
          ctx,
          "institution "
              + env.key
              + " has no reference data; publish its institution record before its events");
      return;
    }
    switch (env.kind) {
      case ATTENDANCE -> {
        AttendanceEvent event = (AttendanceEvent) env.record();
        String roomId = event.getRoomId();
        if (unknownRoom(env, inst, roomId, ctx)) {
          return;
        }
        Occupancy.apply(now, event);
        moved.add(event.getPersonId());
        applied.inputs.add(RuleInput.ATTENDANCE);
      }
      case CAMERA -> {
        CameraStatus report = (CameraStatus) env.record();
        String cameraId = report.getCameraId();
        if (!hasCamera(inst, cameraId)) {
          rejectUnknown(
              env,
              ctx,
              "camera "
                  + cameraId
                  + " is not listed in any room of institution "
                  + env.key
                  + "; add it to the room's cameraIds in the reference data");
          return;
        }
        CameraState before = cameras.get(cameraId);
        CameraState after = CameraState.apply(before, report);
        cameras.put(cameraId, after);
        if (CameraState.isOfflineTransition(before, after)) {
          RuleSettings flapping =
              RuleParameterResolver.resolve(
                  rulesAt(ctx, env.ts), RuleIds.CAMERA_FLAPPING, inst.getRegionCode());
          if (flapping.enabled()) {
            applied.transitions.add(Signals.transition(inst, cameraId, after, flapping));
          }
        }
        applied.inputs.add(RuleInput.CAMERA);
      }
      case SENSOR -> {
        SensorReading reading = (SensorReading) env.record();
        String roomId = reading.getRoomId();
        if (unknownRoom(env, inst, roomId, ctx)) {
          return;
        }
        sensors.put(
            reading.getSensorId(), SensorState.apply(sensors.get(reading.getSensorId()), reading));
        applied.inputs.add(RuleInput.SENSOR);
      }
      default -> {
        return; // reference records never reach the keyed input (SplitInput)
      }
    }
    Long last = lastEventAt.value();
    if (last == null || env.ts > last) {
      lastEventAt.update(env.ts);
    }
    applied.inputs.add(RuleInput.ANY);
    applied.institution = inst;
    processed.inc();
  }

  /** A room named by an event that the reference data does not list: dead-lettered. */
  private boolean unknownRoom(
      EventEnvelope env, Institution inst, String roomId, OnTimerContext ctx) {
    if (roomId == null || hasRoom(inst, roomId)) {
      return false;
    }
    rejectUnknown(
        env, ctx, "room " + roomId + " is not in the reference data of institution " + env.key);
    return true;
  }

  private static boolean hasRoom(Institution inst, String roomId) {
    return inst.getRooms().stream().map(Room::getRoomId).anyMatch(roomId::equals);
  }

  private static boolean hasCamera(Institution inst, String cameraId) {
    for (Room r : inst.getRooms()) {
      if (r.getCameraIds() != null && r.getCameraIds().contains(cameraId)) {
        return true;
      }
    }
    return false;
  }

  private void rejectUnknown(EventEnvelope env, OnTimerContext ctx, String detail) {
    unknownReference.inc();
    ctx.output(
        DEAD_LETTERS,
        env.toDeadLetter(
            DeadLetterReasons.UNKNOWN_REFERENCE, detail, Instant.ofEpochMilli(env.ts)));
  }

  /**
   * Runs the rules whose inputs changed at {@code ts} (all of them at a scheduled check) and turns
   * verdict changes into signals.
   */
  private void evaluate(
      Institution inst,
      Map<String, Presence> now,
      long ts,
      Set<RuleInput> changed,
      boolean all,
      OnTimerContext ctx,
      Collector<ConditionSignal> out)
      throws Exception {
    boolean offlineBefore = offlineOpen(inst.getInstitutionId());
    List<RuleParameters> parameters = rulesAt(ctx, ts);
    Map<String, RuleSettings> resolved = new HashMap<>();
    InstitutionSnapshot.SettingsLookup settings =
        ruleId ->
            resolved.computeIfAbsent(
                ruleId, id -> RuleParameterResolver.resolve(parameters, id, inst.getRegionCode()));
    boolean devices = all || changed.contains(RuleInput.CAMERA);
    if (all) {
      forgetRemovedCameras(inst);
    }
    Long last = lastEventAt.value();
    InstitutionSnapshot snapshot =
        new InstitutionSnapshot(
            inst,
            now,
            Instant.ofEpochMilli(ts),
            toMap(cameras),
            toMap(sensors),
            last == null ? null : Instant.ofEpochMilli(last),
            settings);
    Map<String, ConditionSignal> breached = new LinkedHashMap<>();
    Set<String> ran = new HashSet<>();
    for (InstitutionRule rule : rules) {
      if (!all && Collections.disjoint(rule.inputs(), changed)) {
        continue;
      }
      ran.add(rule.id());
      RuleSettings ruleSettings = settings.of(rule.id());
      for (Observation o : rule.observe(snapshot, ruleSettings)) {
        ConditionSignal s = Signals.start(o, ruleSettings, inst, ts);
        breached.put(s.conditionKey, s);
      }
      setCheck(rule.id(), rule.nextCheck(snapshot, ruleSettings).map(Instant::toEpochMilli), ts);
    }
    if (devices) {
      setCheck(
          RuleIds.CAMERA_FLAPPING,
          Optional.ofNullable(flappingQuiet(inst, snapshot, settings, ts, out)),
          ts);
    }
    for (ConditionSignal s : breached.values()) {
      ConditionSignal current = active.get(s.conditionKey);
      if (current == null) {
        if (s.silence && offlineBefore) {
          // A silence first seen as an offline institution returns: as if it had been
          // suppressed, it gets a fresh hold from now (see release).
          s.dueAt = Math.max(s.dueAt, ts + s.holdMillis);
        }
        appear(s, ts, ctx, out);
      } else if (current.silence && !s.silence) {
        // A silent device has now reported explicitly (e.g. OFFLINE): no longer a mere silence.
        current.silence = false;
        active.put(current.conditionKey, current);
        if (current.waiting) {
          current.waiting = false;
          due(current, ts, ctx, out);
        }
      }
    }
    List<String> cleared = new ArrayList<>();
    for (String key : active.keys()) {
      if (ran.contains(ruleOf(key)) && !breached.containsKey(key)) {
        cleared.add(key);
      }
    }
    for (String key : cleared) {
      ConditionSignal condition = active.get(key);
      active.remove(key);
      if (condition.startEmitted) {
        out.collect(condition.as(ConditionSignal.Kind.CLEAR, ts));
      }
    }
    if (changed.contains(RuleInput.ANY)) {
      release(ts, offlineBefore, ctx, out);
    }
    scheduleCheck(ctx);
  }

  /** Records the next instant {@code ruleId} needs a check at (or none). */
  private void setCheck(String ruleId, Optional<Long> next, long ts) throws Exception {
    if (next.isPresent() && next.get() > ts) {
      ruleChecks.put(ruleId, next.get());
    } else {
      ruleChecks.remove(ruleId);
    }
  }

  /**
   * Keeps exactly one check timer, at the earliest instant any rule asked for. Silence deadlines
   * move with every heartbeat, so the timer moves with them (deleted and set again) instead of
   * firing for nothing: it fires only when a deadline really passes without the event that would
   * have moved it — a device or the whole institution has gone quiet.
   */
  private void scheduleCheck(OnTimerContext ctx) throws Exception {
    Long earliest = null;
    for (Long t : ruleChecks.values()) {
      earliest = earliest == null ? t : Math.min(earliest, t);
    }
    Long scheduled = nextCheckAt.value();
    if (java.util.Objects.equals(earliest, scheduled)) {
      return;
    }
    if (scheduled != null && !pending.contains(scheduled) && !deadlines.contains(scheduled)) {
      // The timer at that instant serves nothing else (timers are one per key and instant).
      ctx.timerService().deleteEventTimeTimer(scheduled);
    }
    if (earliest == null) {
      nextCheckAt.clear();
    } else {
      nextCheckAt.update(earliest);
      ctx.timerService().registerEventTimeTimer(earliest);
    }
  }

  /** A condition seen for the first time at {@code ts}. */
  private void appear(
      ConditionSignal s, long ts, OnTimerContext ctx, Collector<ConditionSignal> out)
      throws Exception {
    if (s.dueAt <= ts) {
      // Already held long enough: it began before this evaluation (closing time, a silence
      // detected when its hold passed) or has no hold.
      active.put(s.conditionKey, s);
      due(s, ts, ctx, out);
      return;
    }
    if (!s.silence) {
      s.startEmitted = true;
      out.collect(s.as(ConditionSignal.Kind.START, ts));
    }
    active.put(s.conditionKey, s);
    schedule(s, ctx);
  }

  /**
   * The hold of {@code condition} has passed at {@code ts}: let the CEP pattern open it (START if
   * not yet emitted, then TICK) — unless it is a silence and the institution is silent or offline,
   * in which case it waits (see the class comment).
   */
  private void due(
      ConditionSignal condition, long ts, ReadOnlyContext ctx, Collector<ConditionSignal> out)
      throws Exception {
    if (condition.silence && offlineMayDecide(condition, ts, ctx)) {
      condition.waiting = true;
      active.put(condition.conditionKey, condition);
      return;
    }
    if (!condition.startEmitted) {
      condition.startEmitted = true;
      out.collect(condition.as(ConditionSignal.Kind.START, ts));
    }
    active.put(condition.conditionKey, condition);
    out.collect(condition.as(ConditionSignal.Kind.TICK, ts));
  }

  /**
   * The institution was heard from at {@code ts}: waiting silence conditions that still hold open
   * now, or — if the institution had been declared offline — get a fresh hold from now.
   */
  private void release(
      long ts, boolean offlineBefore, OnTimerContext ctx, Collector<ConditionSignal> out)
      throws Exception {
    List<ConditionSignal> waiting = new ArrayList<>();
    for (ConditionSignal c : active.values()) {
      if (c.waiting) {
        waiting.add(c);
      }
    }
    waiting.sort(Comparator.comparing(c -> c.conditionKey));
    for (ConditionSignal c : waiting) {
      c.waiting = false;
      if (offlineBefore) {
        c.dueAt = ts + c.holdMillis;
        active.put(c.conditionKey, c);
        if (c.dueAt <= ts) {
          due(c, ts, ctx, out);
        } else {
          schedule(c, ctx);
        }
      } else {
        due(c, ts, ctx, out);
      }
    }
  }

  private void schedule(ConditionSignal c, OnTimerContext ctx) throws Exception {
    List<String> keys = deadlines.get(c.dueAt);
    List<String> updated = keys == null ? new ArrayList<>() : new ArrayList<>(keys);
    if (!updated.contains(c.conditionKey)) {
      updated.add(c.conditionKey);
    }
    deadlines.put(c.dueAt, updated);
    ctx.timerService().registerEventTimeTimer(c.dueAt);
  }

  /**
   * Whether INSTITUTION_OFFLINE has a say over a silence condition due at {@code ts}: it is open,
   * or the whole institution is silent (nothing heard at {@code ts}) and the rule is enabled, so
   * its decision is pending. With the rule disabled no decision will come, and silences open at
   * once.
   */
  private boolean offlineMayDecide(ConditionSignal condition, long ts, ReadOnlyContext ctx)
      throws Exception {
    if (offlineOpen(condition.institutionId)) {
      return true;
    }
    Long last = lastEventAt.value();
    if (last != null && last >= ts) {
      return false;
    }
    return RuleParameterResolver.resolve(
            rulesAt(ctx, ts), RuleIds.INSTITUTION_OFFLINE, condition.regionCode)
        .enabled();
  }

  /** INSTITUTION_OFFLINE of {@code institutionId} is open (its START has gone to the pattern). */
  private boolean offlineOpen(String institutionId) throws Exception {
    ConditionSignal offline =
        active.get(
            Signals.conditionKey(
                RuleIds.INSTITUTION_OFFLINE, SubjectKey.institution(institutionId)));
    return offline != null && offline.startEmitted;
  }

  /**
   * CAMERA_FLAPPING resolves when a whole window passed after a camera's last ONLINE → OFFLINE
   * change: emits that CLEAR for cameras whose quiet time has come, and returns the next one.
   */
  private Long flappingQuiet(
      Institution inst,
      InstitutionSnapshot snapshot,
      InstitutionSnapshot.SettingsLookup settings,
      long ts,
      Collector<ConditionSignal> out)
      throws Exception {
    RuleSettings flapping = settings.of(RuleIds.CAMERA_FLAPPING);
    Long next = null;
    for (CameraState c : snapshot.cameras().values()) {
      Optional<Instant> quiet = CameraFlappingRule.quietAt(c, flapping);
      if (quiet.isEmpty()) {
        continue;
      }
      long at = quiet.get().toEpochMilli();
      if (at <= ts) {
        CameraState signalled = c.copy();
        signalled.setFlappingQuietSignalled(true);
        cameras.put(c.getCameraId(), signalled);
        out.collect(Signals.flappingQuiet(inst, c.getCameraId(), ts));
      } else {
        next = next == null ? at : Math.min(next, at);
      }
    }
    return next;
  }

  /** Drops the state of cameras no longer listed in the reference data (bounded state). */
  private void forgetRemovedCameras(Institution inst) throws Exception {
    List<String> removed = new ArrayList<>();
    for (String cameraId : cameras.keys()) {
      if (!hasCamera(inst, cameraId)) {
        removed.add(cameraId);
      }
    }
    for (String cameraId : removed) {
      cameras.remove(cameraId);
    }
  }

  private static String ruleOf(String conditionKey) {
    int bar = conditionKey.indexOf('|');
    return bar < 0 ? conditionKey : conditionKey.substring(0, bar);
  }

  private static <V> Map<String, V> toMap(MapState<String, V> state) throws Exception {
    Map<String, V> copy = new HashMap<>();
    for (Map.Entry<String, V> e : state.entries()) {
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  private Map<String, Presence> peopleNow() throws Exception {
    return toMap(people);
  }

  private Institution institutionAt(ReadOnlyContext ctx, String key, long ts) throws Exception {
    ReadOnlyBroadcastState<String, List<Institution>> state =
        ctx.getBroadcastState(ReferenceState.INSTITUTIONS);
    List<Institution> versions = state.get(key);
    if (versions == null) {
      versions = bootstrapInstitutions.get(key);
    }
    return ReferenceState.institutionAt(versions, ts);
  }

  /**
   * The rule parameters in force at {@code ts}: per scope, the versions known at start and those
   * broadcast since, merged in time order (at equal times the broadcast one last). The live job's
   * broadcast repeats what it loaded at start, which merges to the same; a replay's what-if rules
   * ({@code replay --rules}) are known at start and hold from the epoch.
   */
  private List<RuleParameters> rulesAt(ReadOnlyContext ctx, long ts) throws Exception {
    Map<String, List<RuleParameters>> scopes = new HashMap<>(bootstrapRules);
    for (Map.Entry<String, List<RuleParameters>> e :
        ctx.getBroadcastState(ReferenceState.RULES).immutableEntries()) {
      scopes.merge(
          e.getKey(),
          e.getValue(),
          (atStart, broadcast) -> {
            List<RuleParameters> all = new ArrayList<>(atStart);
            all.addAll(broadcast);
            all.sort(Comparator.comparing(RuleParameters::getTs));
            return all;
          });
    }
    return ReferenceState.rulesAt(scopes.entrySet(), ts);
  }
}
