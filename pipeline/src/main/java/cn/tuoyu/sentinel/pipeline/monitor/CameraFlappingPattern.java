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
 * CameraFlappingRule} whether FIRST and NTH span enough transitions within the window. NTH must be
 * <em>exactly</em> the minTransitions-th transition counted from FIRST, so each transition
 * completes at most one match — the window of the last minTransitions transitions — and a camera
 * that keeps flapping yields one OPEN per transition, which the lifecycle folds into the alert
 * already open.
 *
 * <p>No skip strategy: with one, Flink CEP holds a completed match back until every partial match
 * that started earlier has completed or timed out — here up to 6 h, since an isolated transition
 * starts a partial match that never completes. {@code noSkip()} emits at once.
 *
 * <p>Bounded state: only transitions reach this pattern, never heartbeats, so a healthy camera has
 * no partial match at all. Every transition starts one partial match that lives until {@code
 * within(MAX_WINDOW)} (6 h, the cap on the window) discards it: a camera holds at most as many
 * partial matches as it made ONLINE → OFFLINE changes in the last 6 hours.
 *
 * <p>The match opens the alert (OPEN with {@code since} = the first transition); it resolves when a
 * whole window passes without a transition (the monitor's CLEAR with {@link
 * ConditionSignal#ANY_EPISODE}).
 */
public final class CameraFlappingPattern {
  public static final String FIRST = "first";
  public static final String NTH = "nth";

  private CameraFlappingPattern() {}

  public static Pattern<ConditionSignal, ?> pattern() {
    return Pattern.<ConditionSignal>begin(FIRST, AfterMatchSkipStrategy.noSkip())
        .where(new HeldConditionPattern.IsKind(ConditionSignal.Kind.TRANSITION))
        .followedBy(NTH)
        .where(new CompletesFlapping())
        .within(CameraFlappingRule.MAX_WINDOW);
  }

  /** The minTransitions-th transition from the FIRST of its partial match, within the window. */
  static final class CompletesFlapping extends IterativeCondition<ConditionSignal> {
    @Override
    public boolean filter(ConditionSignal nth, Context<ConditionSignal> ctx) throws Exception {
      if (nth.kind != ConditionSignal.Kind.TRANSITION) {
        return false;
      }
      for (ConditionSignal first : ctx.getEventsForPattern(FIRST)) {
        if (nth.count - first.count + 1 == nth.minCount
            && CameraFlappingRule.completes(
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
