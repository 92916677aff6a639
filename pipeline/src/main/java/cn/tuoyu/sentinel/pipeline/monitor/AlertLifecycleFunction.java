package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One alert per (rule, subject): OPEN when the hold pattern matches, RESOLVED when the condition
 * clears, nothing for a condition that cleared before its hold (a hand-over). Keyed by condition
 * key. Inputs (OPEN from the CEP patterns, CLEAR from the monitor) are applied in event-time order
 * once the watermark passes them, so the two paths cannot overtake each other. State is cleared
 * when the alert resolves. A CLEAR resolves the open alert of its own episode (same {@code since}),
 * or whichever is open if it says {@link ConditionSignal#ANY_EPISODE}.
 *
 * <p>The watermark does not always hold the two paths together: when the input resumes after
 * idleness, Flink may let this operator's watermark run ahead on the CLEAR path while the CEP path
 * still counts as idle, so an OPEN can arrive after the CLEAR that ends its episode has been
 * applied (seen live: the OPEN then stayed open for good and blocked every later episode of its
 * subject). A CLEAR that finds nothing to resolve is therefore remembered for {@link #CLEAR_MEMORY}
 * of event time (the longest hold); an OPEN that arrives for an episode a remembered CLEAR at or
 * after it ended opens and resolves at once, with the same ids, times and sequence numbers as in
 * event-time order. The outcome no longer depends on which path came first.
 */
public class AlertLifecycleFunction
    extends KeyedProcessFunction<String, ConditionSignal, AlertTransition> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a CLEAR that found nothing open is remembered: the longest hold (one day). */
  static final long CLEAR_MEMORY = Duration.ofDays(1).toMillis();

  private static final long MINUTE = 60_000;

  private transient MapState<Long, List<ConditionSignal>> pending;
  private transient ValueState<ConditionSignal> open;

  /** Episode ({@code since}, or ANY_EPISODE) → latest time a CLEAR of it found nothing open. */
  private transient MapState<Long, Long> unmatchedClears;

  private transient Counter behindWatermark;
  private transient Counter resolvedOnArrival;

  @Override
  public void open(OpenContext openContext) {
    TypeInformation<ConditionSignal> type = TypeInformation.of(ConditionSignal.class);
    pending =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending-signals", Types.LONG, Types.LIST(type)));
    open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-alert", type));
    unmatchedClears =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("unmatched-clears", Types.LONG, Types.LONG));
    behindWatermark = getRuntimeContext().getMetricGroup().counter("signalsBehindWatermark");
    resolvedOnArrival = getRuntimeContext().getMetricGroup().counter("openResolvedOnArrival");
  }

  @Override
  public void processElement(ConditionSignal s, Context ctx, Collector<AlertTransition> out)
      throws Exception {
    if (s.ts <= ctx.timerService().currentWatermark()) {
      behindWatermark.inc(); // applied at the next watermark, in the order described above
    }
    List<ConditionSignal> at = pending.get(s.ts);
    List<ConditionSignal> updated = at == null ? new ArrayList<>() : new ArrayList<>(at);
    updated.add(s);
    pending.put(s.ts, updated);
    ctx.timerService().registerEventTimeTimer(s.ts);
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<AlertTransition> out)
      throws Exception {
    forgetClearsBefore(ts - CLEAR_MEMORY);
    List<ConditionSignal> due = pending.get(ts);
    if (due == null) {
      return;
    }
    pending.remove(ts);
    List<ConditionSignal> ordered = new ArrayList<>(due);
    // Episodes in the order they began, and within one episode its OPEN before its CLEAR: a CLEAR
    // of the open episode resolves it before a newer episode opens at the same instant, and an
    // episode whose OPEN and CLEAR share an instant (hold 0, cleared by a later event of that
    // instant) opens and resolves instead of staying open forever and blocking the subject. (The
    // monitor never ticks a condition that cleared at its deadline, so a held condition cannot
    // open and clear at the same instant.)
    ordered.sort(
        Comparator.comparingLong((ConditionSignal s) -> s.since)
            .thenComparing(s -> s.kind != ConditionSignal.Kind.OPEN));
    for (ConditionSignal s : ordered) {
      ConditionSignal current = open.value();
      if (s.kind == ConditionSignal.Kind.OPEN && current == null) {
        out.collect(transition(s, AlertStatus.OPEN, 0, s.ts, null));
        Long clearedAt = clearedAtOrAfter(s);
        if (clearedAt == null) {
          open.update(s);
        } else {
          resolvedOnArrival.inc();
          out.collect(transition(s, AlertStatus.RESOLVED, 1, clearedAt, clearedAt));
        }
      } else if (s.kind == ConditionSignal.Kind.CLEAR
          && current != null
          && (current.since == s.since || s.since == ConditionSignal.ANY_EPISODE)) {
        open.clear();
        out.collect(transition(current, AlertStatus.RESOLVED, 1, s.ts, s.ts));
      } else if (s.kind == ConditionSignal.Kind.CLEAR) {
        // A hand-over (cleared before its hold), or the OPEN of this episode is still on its way.
        Long known = unmatchedClears.get(s.since);
        if (known == null || known < s.ts) {
          unmatchedClears.put(s.since, s.ts);
        }
        long forgetAt = s.ts + CLEAR_MEMORY;
        ctx.timerService()
            .registerEventTimeTimer(forgetAt - Math.floorMod(forgetAt, MINUTE) + MINUTE);
      }
    }
  }

  /**
   * When a remembered CLEAR ended {@code openSignal}'s episode at or after it opened: its time (and
   * an episode's own CLEAR is used up); else null.
   */
  private Long clearedAtOrAfter(ConditionSignal openSignal) throws Exception {
    Long own = unmatchedClears.get(openSignal.since);
    if (own != null && own >= openSignal.ts) {
      unmatchedClears.remove(openSignal.since);
      return own;
    }
    Long any = unmatchedClears.get(ConditionSignal.ANY_EPISODE);
    return any != null && any >= openSignal.ts ? any : null;
  }

  private void forgetClearsBefore(long limit) throws Exception {
    if (unmatchedClears.isEmpty()) {
      return;
    }
    List<Long> old = new ArrayList<>();
    for (Map.Entry<Long, Long> e : unmatchedClears.entries()) {
      if (e.getValue() < limit) {
        old.add(e.getKey());
      }
    }
    for (Long episode : old) {
      unmatchedClears.remove(episode);
    }
  }

  static AlertTransition transition(
      ConditionSignal s, AlertStatus status, int sequence, long updatedAt, Long resolvedAt) {
    return AlertTransition.newBuilder()
        .setAlertId(s.alertId)
        .setRuleId(s.ruleId)
        .setSeverity(Severity.valueOf(s.severity))
        .setStatus(status)
        .setInstitutionId(s.institutionId)
        .setRegionCode(s.regionCode)
        .setRoomId(s.roomId)
        .setCameraId(s.cameraId)
        .setSensorId(s.sensorId)
        .setPersonId(s.personId)
        .setStartedAt(Instant.ofEpochMilli(s.since))
        .setOpenedAt(Instant.ofEpochMilli(s.ts))
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
        .setResolvedAt(resolvedAt == null ? null : Instant.ofEpochMilli(resolvedAt))
        .setMessage(s.message)
        .setDetails(details(s.detailsJson))
        .setSequence(sequence)
        .setInstitutionName(s.institutionName)
        .setLocation(s.lat == null ? null : new GeoPoint(s.lat, s.lon))
        .build();
  }

  /** JSON details → the Avro map's value types (boolean, long, double, string). */
  static Map<String, Object> details(String json) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (json == null) {
      return out;
    }
    try {
      JsonNode node = JSON.readTree(json);
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        JsonNode v = f.getValue();
        Object value;
        if (v.isNull()) {
          value = null;
        } else if (v.isBoolean()) {
          value = v.booleanValue();
        } else if (v.isIntegralNumber()) {
          value = v.longValue();
        } else if (v.isNumber()) {
          value = v.doubleValue();
        } else if (v.isTextual()) {
          value = v.textValue();
        } else {
          value = v.toString(); // arrays/objects as their JSON text
        }
        out.put(f.getKey(), value);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
