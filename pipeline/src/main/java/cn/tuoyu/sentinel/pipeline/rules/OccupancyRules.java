package cn.tuoyu.sentinel.pipeline.rules;

import java.util.List;

/** The occupancy rules, decided from who is where in an institution ({@link Occupancy}). */
public final class OccupancyRules {
  /** Every occupancy rule, in catalogue order. */
  public static final List<InstitutionRule> ALL =
      List.of(
          new RatioBelowStandardRule(),
          new RoomUnattendedRule(),
          new ClassOverCapacityRule(),
          new InstitutionOverLicenseRule(),
          new StaffUncertifiedOnDutyRule(),
          new ChildNotPickedUpRule());

  private OccupancyRules() {}

  /**
   * The occupancy rule with {@code ruleId}.
   *
   * @throws IllegalArgumentException if it is not an occupancy rule
   */
  public static InstitutionRule byId(String ruleId) {
    for (InstitutionRule rule : ALL) {
      if (rule.id().equals(ruleId)) {
        return rule;
      }
    }
    throw new IllegalArgumentException(ruleId + " is not an occupancy rule");
  }
}
