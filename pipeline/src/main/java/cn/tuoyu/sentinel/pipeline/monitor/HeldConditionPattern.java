package cn.tuoyu.sentinel.pipeline.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

/**
 * The sequence "a condition began, was not cleared, and its hold elapsed" as a Flink CEP pattern
 * over one condition's signals (keyed by rule + subject):
 *
 * <pre>
 *   START  →  not CLEAR  →  TICK with tick.ts − start.since ≥ start.hold
 * </pre>
 *
 * <p>The hold is a run-time parameter (per region, changeable without restart), so it cannot be the
 * pattern's static {@code within}: each START carries the hold in force when the condition began,
 * and {@link HoldElapsed} checks it. The institution monitor's deadline timer supplies the TICK, so
 * the pattern completes in live mode even when no further event arrives. A CLEAR discards the
 * partial match, so partial-match state lives no longer than one hold; {@link #MAX_HOLD} bounds it
 * regardless.
 */
public final class HeldConditionPattern {
  public static final String START = "start";
  public static final String CLEARED = "cleared";
  public static final String HELD = "held";

  /**
   * No hold is longer than this (CHILD_NOT_PICKED_UP's 30 min is the longest default): a longer
   * {@code holdSeconds} is capped to it, since a partial match never outlives {@code within}.
   */
  public static final Duration MAX_HOLD = Duration.ofDays(1);

  private HeldConditionPattern() {}

  public static Pattern<ConditionSignal, ?> pattern() {
    return Pattern.<ConditionSignal>begin(START, AfterMatchSkipStrategy.skipPastLastEvent())
        .where(new IsKind(ConditionSignal.Kind.START))
        .notFollowedBy(CLEARED)
        .where(new IsKind(ConditionSignal.Kind.CLEAR))
        .followedBy(HELD)
        .where(new HoldElapsed())
        .within(MAX_HOLD);
  }

  /** A signal of one kind. */
  static final class IsKind extends SimpleCondition<ConditionSignal> {
    private final ConditionSignal.Kind kind;

    IsKind(ConditionSignal.Kind kind) {
      this.kind = kind;
    }

    @Override
    public boolean filter(ConditionSignal s) {
      return s.kind == kind;
    }
  }

  /** A TICK of the same episode at or after the start's deadline. */
  static final class HoldElapsed extends IterativeCondition<ConditionSignal> {
    @Override
    public boolean filter(ConditionSignal tick, Context<ConditionSignal> ctx) throws Exception {
      if (tick.kind != ConditionSignal.Kind.TICK) {
        return false;
      }
      for (ConditionSignal start : ctx.getEventsForPattern(START)) {
        if (start.since == tick.since && tick.ts - start.since >= start.holdMillis) {
          return true;
        }
      }
      return false;
    }
  }

  /** A match becomes an OPEN signal at the tick's time. */
  public static final class ToOpen
      extends PatternProcessFunction<ConditionSignal, ConditionSignal> {
    @Override
    public void processMatch(
        Map<String, List<ConditionSignal>> match, Context ctx, Collector<ConditionSignal> out) {
      ConditionSignal start = match.get(START).get(0);
      ConditionSignal tick = match.get(HELD).get(0);
      out.collect(start.as(ConditionSignal.Kind.OPEN, tick.ts));
    }
  }
}
