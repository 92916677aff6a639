package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.CameraFlappingRule;
import cn.tuoyu.sentinel.pipeline.rules.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;

/**
 * CAMERA_FLAPPING as a Flink CEP pattern over one camera's ONLINE → OFFLINE transitions (keyed by
 * rule + camera; TRANSITION signals from the institution monitor):
 *
 * <pre>
 *   FIRST transition  →  (any transitions)  →  NTH transition
 *       with nth.count − first.count + 1 ≥ minTransitions and nth.ts − first.ts ≤ window
 * </pre>
 *
 * <p>Both numbers are run-time parameters (per region, changeable without restart), so neither can
 * be CEP's static {@code times(n)} or {@code within}: each transition carries the camera's running
 * transition count and the parameters in force, and {@link CompletesFlapping} asks {@link
 * CameraFlappingRule} whether FIRST and NTH span enough transitions within the window. Only
 * transitions reach this pattern, never heartbeats, so a healthy camera has no partial match at
 * all.
 *
 * <p>Bounded state: every transition starts one partial match, which the match's
 * skip-past-last-event strategy discards as soon as a later match completes, and {@code
 * within(MAX_WINDOW)} (one day, the cap on the window) discards otherwise. A camera therefore holds
 * at most as many partial matches as it made transitions in the last day that did not complete a
 * match — with the defaults (3 within 1 h), at most 2 per hour, 48 in a day.
 *
 * <p>The match opens the alert (OPEN with {@code since} = the first transition); it resolves when a
 * whole window passes without a transition (the monitor's CLEAR with {@link
 * ConditionSignal#ANY_EPISODE}). Matches while it is open fold into the same alert.
 */
public final class CameraFlappingPattern {
  public static final String FIRST = "first";
  public static final String NTH = "nth";

  private CameraFlappingPattern() {}

  public static Pattern<ConditionSignal, ?> pattern() {
    return Pattern.<ConditionSignal>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
        .where(new HeldConditionPattern.IsKind(ConditionSignal.Kind.TRANSITION))
        .followedBy(NTH)
        .where(new CompletesFlapping())
        .within(CameraFlappingRule.MAX_WINDOW);
  }

  /** A transition that, with the FIRST of its partial match, makes the camera flap. */
  static final class CompletesFlapping extends IterativeCondition<ConditionSignal> {
    @Override
    public boolean filter(ConditionSignal nth, Context<ConditionSignal> ctx) throws Exception {
      if (nth.kind != ConditionSignal.Kind.TRANSITION) {
        return false;
      }
      for (ConditionSignal first : ctx.getEventsForPattern(FIRST)) {
        if (CameraFlappingRule.completes(
            first.count, first.ts, nth.count, nth.ts, nth.minCount, nth.holdMillis)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A match becomes an OPEN signal at the NTH transition, starting at the FIRST. */
  public static final class ToOpen
      extends PatternProcessFunction<ConditionSignal, ConditionSignal> {
    @Override
    public void processMatch(
        Map<String, List<ConditionSignal>> match, Context ctx, Collector<ConditionSignal> out) {
      ConditionSignal first = match.get(FIRST).get(0);
      ConditionSignal nth = match.get(NTH).get(0);
      Observation o =
          CameraFlappingRule.observation(
              nth.institutionId,
              null,
              nth.cameraId,
              first.ts,
              nth.ts,
              nth.count - first.count + 1,
              nth.holdMillis);
      ConditionSignal open = nth.as(ConditionSignal.Kind.OPEN, nth.ts);
      open.since = first.ts;
      open.alertId = AlertIds.alertId(o.ruleId(), o.subject(), Instant.ofEpochMilli(first.ts));
      open.message = o.message();
      open.detailsJson = Signals.toJson(o.details());
      out.collect(open);
    }
  }
}
