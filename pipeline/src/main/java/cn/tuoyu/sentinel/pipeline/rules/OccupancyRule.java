package cn.tuoyu.sentinel.pipeline.rules;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A rule decided from who is where in one institution. Implementations are stateless and pure: the
 * same snapshot and settings always give the same observations, so a Flink operator can re-evaluate
 * them after every attendance event, reference-data change or timer.
 *
 * <p>Adding an occupancy rule is adding a class (and a test) and listing it in {@link
 * OccupancyRules#ALL}.
 */
public interface OccupancyRule extends Serializable {
  /** The rule id, one of {@link RuleIds#ALL}. */
  String id();

  /**
   * The subjects breached in {@code s}, ordered by subject; empty if none are or if the rule is
   * disabled in {@code settings}. Subjects not listed are not breached.
   */
  List<Observation> observe(InstitutionSnapshot s, RuleSettings settings);

  /**
   * The next instant after {@code s.at()} at which this rule's verdict may change although no event
   * arrives, so the caller can set a timer and re-evaluate then; empty if only events can change
   * it. Most occupancy rules change only with events.
   */
  default Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    return Optional.empty();
  }
}
