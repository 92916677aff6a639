package cn.tuoyu.sentinel.pipeline.rules;

import java.io.Serializable;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A rule decided from one institution's state at one instant ({@link InstitutionSnapshot}): who is
 * where, what its cameras and sensors last reported, and when it was last heard from.
 * Implementations are stateless and pure: the same snapshot and settings always give the same
 * observations, so a Flink operator can re-evaluate them after any event, reference-data change or
 * timer.
 *
 * <p>Adding a rule is adding a class (and a test) and listing it in {@link OccupancyRules#ALL} or
 * {@link DeviceRules#ALL}.
 */
public interface InstitutionRule extends Serializable {
  /** The rule id, one of {@link RuleIds#ALL}. */
  String id();

  /**
   * The kinds of event that can change this rule's verdict. The monitor re-evaluates a rule after
   * an instant in which an event of one of these kinds was applied, and at every scheduled check
   * ({@link #nextCheck}); between them the verdict is assumed unchanged.
   */
  default Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.ATTENDANCE);
  }

  /**
   * The subjects breached in {@code s}, ordered by subject; empty if none are or if the rule is
   * disabled in {@code settings}. Subjects not listed are not breached.
   */
  List<Observation> observe(InstitutionSnapshot s, RuleSettings settings);

  /**
   * The next instant after {@code s.at()} at which this rule's verdict may change although no event
   * arrives, so the caller can set a timer and re-evaluate then; empty if only events can change
   * it. Absence rules (silence of a device or of the institution) and closing-time rules need this.
   */
  default Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    return Optional.empty();
  }
}
