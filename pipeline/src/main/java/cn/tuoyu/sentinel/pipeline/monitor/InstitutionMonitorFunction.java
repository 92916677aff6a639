package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.InstitutionSnapshot;
import cn.tuoyu.sentinel.pipeline.rules.Observation;
import cn.tuoyu.sentinel.pipeline.rules.Occupancy;
import cn.tuoyu.sentinel.pipeline.rules.OccupancyRule;
import cn.tuoyu.sentinel.pipeline.rules.OccupancyRules;
import cn.tuoyu.sentinel.pipeline.rules.Presence;
import cn.tuoyu.sentinel.pipeline.rules.RuleParameterResolver;
import cn.tuoyu.sentinel.pipeline.rules.RuleSettings;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.RuleParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
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
 * timestamp and are then applied in event-time order (ties by eventId). That makes occupancy — and
 * every alert derived from it — the same whatever order the events arrived in within the
 * out-of-orderness bound, live or replayed. An event at or behind the watermark is late: it goes to
 * the dead-letter output with reason LATE. A second event with the same eventId is a duplicate and
 * changes nothing.
 *
 * <p>After each applied event the occupancy rules are evaluated; a condition that appears emits
 * START (and a deadline timer at start + hold), one that disappears emits CLEAR, and a deadline
 * reached while the condition still holds emits TICK. Deciding whether START-without-CLEAR-until-
 * TICK is an alert is the CEP pattern's job ({@link HeldConditionPattern}).
 *
 * <p>Reference data unknown at an event's time (no institution record, or a room not in it) sends
 * the event to the dead-letter output with reason UNKNOWN_REFERENCE: the monitor loads all
 * reference data from the compacted topic before it starts, so this means the data really is
 * missing.
 *
 * <p>When a bounded input ends (watermark = MAX), pending events are still applied, but no deadline
 * or scheduled check fires: the input proves nothing about time after its last event.
 */
public class InstitutionMonitorFunction
    extends KeyedBroadcastProcessFunction<String, EventEnvelope, EventEnvelope, ConditionSignal> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("monitor-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private final List<EventEnvelope> bootstrap;
  private final List<OccupancyRule> rules;

  private transient MapState<Long, List<EventEnvelope>> pending;
  private transient MapState<String, Presence> people;
  private transient MapState<String, ConditionSignal> active;
  private transient MapState<Long, List<String>> deadlines;
  private transient MapState<Long, Boolean> checks;
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
    this(bootstrap, OccupancyRules.ALL);
  }

  InstitutionMonitorFunction(List<EventEnvelope> bootstrap, List<OccupancyRule> rules) {
    this.bootstrap = new ArrayList<>(bootstrap);
    this.rules = List.copyOf(rules);
  }

  @Override
  public void open(OpenContext openContext) {
    TypeInformation<EventEnvelope> envelopeType = TypeInformation.of(EventEnvelope.class);
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending-events", Types.LONG, Types.LIST(envelopeType)));
    people =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "people", Types.STRING, TypeInformation.of(Presence.class)));
    active =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "active-conditions", Types.STRING, TypeInformation.of(ConditionSignal.class)));
    deadlines =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("hold-deadlines", Types.LONG, Types.LIST(Types.STRING)));
    checks =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("scheduled-checks", Types.LONG, Types.BOOLEAN));
    bootstrapInstitutions = ReferenceState.institutionsOf(bootstrap);
    bootstrapRules = ReferenceState.rulesOf(bootstrap);
    var metrics = getRuntimeContext().getMetricGroup();
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

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<ConditionSignal> out)
      throws Exception {
    boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    List<EventEnvelope> due = pending.get(ts);
    if (due != null) {
      pending.remove(ts);
      List<EventEnvelope> ordered = new ArrayList<>(due);
      ordered.sort(Comparator.comparing(e -> e.eventId));
      // All events of one instant apply first, then the rules run once: a hand-over logged as
      // two events in the same second is no gap, and the state is read and written once.
      Map<String, Presence> now = peopleNow();
      Set<String> moved = new HashSet<>();
      Institution evaluateWith = null;
      for (EventEnvelope env : ordered) {
        try {
          Institution applied = apply(env, now, moved, ctx);
          if (applied != null) {
            evaluateWith = applied;
          }
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
      if (evaluateWith != null) {
        evaluate(evaluateWith, now, ts, ctx, out);
      }
    }
    Boolean check = checks.get(ts);
    if (check != null) {
      checks.remove(ts);
      if (!endOfInput) {
        Institution inst = institutionAt(ctx, ctx.getCurrentKey(), ts);
        if (inst != null) {
          evaluate(inst, peopleNow(), ts, ctx, out);
        }
      }
    }
    List<String> dueConditions = deadlines.get(ts);
    if (dueConditions != null) {
      deadlines.remove(ts);
      if (!endOfInput) {
        for (String key : dueConditions) {
          ConditionSignal start = active.get(key);
          if (start != null && start.since + start.holdMillis == ts) {
            out.collect(start.as(ConditionSignal.Kind.TICK, ts));
          }
        }
      }
    }
  }

  /**
   * Applies one event to {@code now} (the people present), recording whose presence changed.
   *
   * @return the institution to evaluate the rules with, or null if nothing was applied
   */
  private Institution apply(
      EventEnvelope env, Map<String, Presence> now, Set<String> moved, OnTimerContext ctx)
      throws Exception {
    Institution inst = institutionAt(ctx, env.key, env.ts);
    if (inst == null) {
      rejectUnknown(
          env,
          ctx,
          "institution "
              + env.key
              + " has no reference data; publish its institution record before its events");
      return null;
    }
    if (env.kind != EventEnvelope.Kind.ATTENDANCE) {
      // Camera and sensor rules are evaluated by their own stage; here they only count as seen.
      processed.inc();
      return null;
    }
    AttendanceEvent event = (AttendanceEvent) env.record();
    String roomId = event.getRoomId();
    if (roomId != null && inst.getRooms().stream().map(Room::getRoomId).noneMatch(roomId::equals)) {
      rejectUnknown(
          env, ctx, "room " + roomId + " is not in the reference data of institution " + env.key);
      return null;
    }
    Occupancy.apply(now, event);
    moved.add(event.getPersonId());
    processed.inc();
    return inst;
  }

  private void rejectUnknown(EventEnvelope env, OnTimerContext ctx, String detail) {
    unknownReference.inc();
    ctx.output(
        DEAD_LETTERS,
        env.toDeadLetter(
            DeadLetterReasons.UNKNOWN_REFERENCE, detail, Instant.ofEpochMilli(env.ts)));
  }

  /** Runs every occupancy rule at {@code ts} and turns verdict changes into signals. */
  private void evaluate(
      Institution inst,
      Map<String, Presence> now,
      long ts,
      OnTimerContext ctx,
      Collector<ConditionSignal> out)
      throws Exception {
    InstitutionSnapshot snapshot = new InstitutionSnapshot(inst, now, Instant.ofEpochMilli(ts));
    List<RuleParameters> parameters = rulesAt(ctx, ts);
    Map<String, ConditionSignal> breached = new LinkedHashMap<>();
    Long nextCheck = null;
    for (OccupancyRule rule : rules) {
      RuleSettings settings =
          RuleParameterResolver.resolve(parameters, rule.id(), inst.getRegionCode());
      for (Observation o : rule.observe(snapshot, settings)) {
        ConditionSignal s = Signals.start(o, settings, inst, ts);
        breached.put(s.conditionKey, s);
      }
      var next = rule.nextCheck(snapshot, settings);
      if (next.isPresent() && next.get().toEpochMilli() > ts) {
        long t = next.get().toEpochMilli();
        nextCheck = nextCheck == null ? t : Math.min(nextCheck, t);
      }
    }
    for (ConditionSignal s : breached.values()) {
      if (!active.contains(s.conditionKey)) {
        active.put(s.conditionKey, s);
        out.collect(s);
        long deadline = s.since + s.holdMillis;
        if (deadline <= ts) {
          // Already held long enough (it began before this evaluation, e.g. at closing time).
          out.collect(s.as(ConditionSignal.Kind.TICK, ts));
        } else {
          List<String> keys = deadlines.get(deadline);
          List<String> updated = keys == null ? new ArrayList<>() : new ArrayList<>(keys);
          updated.add(s.conditionKey);
          deadlines.put(deadline, updated);
          ctx.timerService().registerEventTimeTimer(deadline);
        }
      }
    }
    List<String> cleared = new ArrayList<>();
    for (String key : active.keys()) {
      if (!breached.containsKey(key)) {
        cleared.add(key);
      }
    }
    for (String key : cleared) {
      ConditionSignal start = active.get(key);
      active.remove(key);
      out.collect(start.as(ConditionSignal.Kind.CLEAR, ts));
    }
    if (nextCheck != null && !checks.contains(nextCheck)) {
      checks.put(nextCheck, true);
      ctx.timerService().registerEventTimeTimer(nextCheck);
    }
  }

  private Map<String, Presence> peopleNow() throws Exception {
    Map<String, Presence> now = new HashMap<>();
    for (Map.Entry<String, Presence> e : people.entries()) {
      now.put(e.getKey(), e.getValue());
    }
    return now;
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

  private List<RuleParameters> rulesAt(ReadOnlyContext ctx, long ts) throws Exception {
    Map<String, List<RuleParameters>> scopes = new HashMap<>(bootstrapRules);
    for (Map.Entry<String, List<RuleParameters>> e :
        ctx.getBroadcastState(ReferenceState.RULES).immutableEntries()) {
      scopes.put(e.getKey(), e.getValue());
    }
    return ReferenceState.rulesAt(scopes.entrySet(), ts);
  }
}
