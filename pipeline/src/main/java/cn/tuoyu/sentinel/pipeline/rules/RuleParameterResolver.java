package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.RuleSetting;
import cn.tuoyu.sentinel.schema.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pure functions over run-time rule parameters ({@link RuleParameters} records from {@code
 * sentinel.rules}, a {@code rules} line, or {@code replay --rules}).
 *
 * <p>Two rules of {@code rules.md} govern them, both <em>per parameter</em> (enabled, holdSeconds,
 * severity and each named threshold separately):
 *
 * <ul>
 *   <li>a later record for the same scope overrides only the parameters it names ({@link #merge});
 *   <li>for an institution, the longest scope that is a prefix of its region code <em>and sets the
 *       parameter</em> wins; "" is the national scope and applies everywhere; parameters nobody
 *       sets keep the {@link RuleCatalog} default ({@link #resolve}).
 * </ul>
 *
 * <p>Inputs are never modified; results are fresh records.
 */
public final class RuleParameterResolver {
  /** Orders scopes from least to most specific, so applying them in order lets the longest win. */
  private static final Comparator<RuleParameters> LEAST_SPECIFIC_FIRST =
      Comparator.comparingInt((RuleParameters p) -> p.getScope().length())
          .thenComparing(RuleParameters::getTs, Comparator.nullsFirst(Comparator.naturalOrder()));

  private RuleParameterResolver() {}

  /**
   * Folds {@code update} into {@code existing}, the accumulated parameters of the same scope: for
   * each rule, {@code enabled}, {@code holdSeconds} and {@code severity} are taken from the later
   * record when it sets them (non-null), and each threshold key it names replaces the earlier
   * value; everything it does not name is kept. The result's {@code ts} is the later of the two.
   *
   * <p>"Later" is by {@code ts}, with {@code update} winning a tie, so a record that arrives out of
   * order cannot undo a newer one; normally {@code update} is simply the newer record.
   *
   * @param existing the parameters accumulated so far for this scope, or null if none
   * @param update the record just received
   * @throws IllegalArgumentException if the two records have different scopes
   */
  public static RuleParameters merge(RuleParameters existing, RuleParameters update) {
    Objects.requireNonNull(update, "update");
    if (existing == null) {
      return RuleParameters.newBuilder(update).build(); // a deep copy: callers may reuse update
    }
    if (!Objects.equals(existing.getScope(), update.getScope())) {
      throw new IllegalArgumentException(
          "cannot merge rule parameters of scope '"
              + update.getScope()
              + "' into scope '"
              + existing.getScope()
              + "'");
    }
    boolean updateIsLater =
        existing.getTs() == null
            || update.getTs() != null && !update.getTs().isBefore(existing.getTs());
    RuleParameters earlier = updateIsLater ? existing : update;
    RuleParameters later = updateIsLater ? update : existing;

    Map<String, RuleSetting> rules = new LinkedHashMap<>();
    rulesOf(earlier).forEach((ruleId, setting) -> rules.put(ruleId, overlay(null, setting)));
    rulesOf(later)
        .forEach((ruleId, setting) -> rules.put(ruleId, overlay(rules.get(ruleId), setting)));
    return RuleParameters.newBuilder()
        .setScope(existing.getScope())
        .setTs(later.getTs())
        .setRules(rules)
        .build();
  }

  /**
   * The effective settings of {@code ruleId} for an institution in {@code regionCode}.
   *
   * <p>Each parameter is taken from the longest scope in {@code scopes} that is a prefix of {@code
   * regionCode} and sets it; two records of the same scope (normally merged beforehand) are applied
   * in {@code ts} order. A scope that is not a prefix ("3204" for "320502") is ignored. Invalid
   * values a raw Avro producer could send (negative {@code holdSeconds}, non-finite thresholds) are
   * ignored as if unset, so one bad record cannot stop evaluation. {@code holdSeconds} becomes
   * {@link RuleSettings#holdMillis}.
   *
   * @param scopes the current parameters of every scope (nulls are skipped)
   * @param regionCode the institution's 6-digit region code; null is treated as "" (only the
   *     national scope applies)
   * @throws IllegalArgumentException if {@code ruleId} is not in the catalogue
   */
  public static RuleSettings resolve(
      Collection<RuleParameters> scopes, String ruleId, String regionCode) {
    RuleSettings defaults = RuleCatalog.defaults(ruleId);
    String region = regionCode == null ? "" : regionCode;

    List<RuleParameters> applicable = new ArrayList<>();
    for (RuleParameters p : scopes) {
      if (p != null && p.getScope() != null && region.startsWith(p.getScope())) {
        applicable.add(p);
      }
    }
    applicable.sort(LEAST_SPECIFIC_FIRST);

    boolean enabled = defaults.enabled();
    long holdMillis = defaults.holdMillis();
    Severity severity = defaults.severity();
    Map<String, Double> thresholds = new TreeMap<>(defaults.thresholds());
    for (RuleParameters p : applicable) {
      RuleSetting s = rulesOf(p).get(ruleId);
      if (s == null) {
        continue;
      }
      if (s.getEnabled() != null) {
        enabled = s.getEnabled();
      }
      if (s.getHoldSeconds() != null && s.getHoldSeconds() >= 0) {
        holdMillis = secondsToMillis(s.getHoldSeconds());
      }
      if (s.getSeverity() != null) {
        severity = s.getSeverity();
      }
      if (s.getThresholds() != null) {
        s.getThresholds()
            .forEach(
                (name, value) -> {
                  if (name != null && value != null && Double.isFinite(value)) {
                    thresholds.put(name, value);
                  }
                });
      }
    }
    return new RuleSettings(enabled, holdMillis, severity, thresholds);
  }

  /** {@link #resolve} for every rule of the catalogue, keyed by rule id in catalogue order. */
  public static Map<String, RuleSettings> resolveAll(
      Collection<RuleParameters> scopes, String regionCode) {
    Map<String, RuleSettings> all = new LinkedHashMap<>();
    for (String ruleId : RuleIds.ALL) {
      all.put(ruleId, resolve(scopes, ruleId, regionCode));
    }
    return all;
  }

  private static RuleSetting overlay(RuleSetting base, RuleSetting later) {
    Map<String, Double> thresholds = new LinkedHashMap<>();
    if (base != null && base.getThresholds() != null) {
      thresholds.putAll(base.getThresholds());
    }
    if (later.getThresholds() != null) {
      thresholds.putAll(later.getThresholds());
    }
    return RuleSetting.newBuilder()
        .setEnabled(
            later.getEnabled() != null || base == null ? later.getEnabled() : base.getEnabled())
        .setHoldSeconds(
            later.getHoldSeconds() != null || base == null
                ? later.getHoldSeconds()
                : base.getHoldSeconds())
        .setSeverity(
            later.getSeverity() != null || base == null ? later.getSeverity() : base.getSeverity())
        .setThresholds(thresholds)
        .build();
  }

  private static Map<String, RuleSetting> rulesOf(RuleParameters p) {
    return p.getRules() == null ? Map.of() : p.getRules();
  }

  private static long secondsToMillis(long seconds) {
    // Saturate instead of overflowing: an absurd hold should mean "never", not a negative time.
    return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
  }
}
