package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.Severity;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The effective parameters of one rule for one institution: the catalogue defaults ({@link
 * RuleCatalog}) overlaid with the run-time overrides of its region ({@link
 * RuleParameterResolver#resolve}).
 *
 * @param enabled a disabled rule observes nothing
 * @param holdMillis how long a condition must persist before its alert opens (debounce); 0 opens at
 *     once
 * @param severity the severity of the rule's alerts
 * @param thresholds the rule-specific numeric parameters by name, as documented in the rule's class
 *     and in {@link RuleCatalog}; copied, sorted by name and unmodifiable
 */
public record RuleSettings(
    boolean enabled, long holdMillis, Severity severity, Map<String, Double> thresholds)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public RuleSettings {
    Objects.requireNonNull(severity, "severity");
    if (holdMillis < 0) {
      throw new IllegalArgumentException("holdMillis must not be negative, got " + holdMillis);
    }
    TreeMap<String, Double> copy = new TreeMap<>();
    if (thresholds != null) {
      thresholds.forEach(
          (name, value) -> {
            Objects.requireNonNull(name, "threshold name");
            Objects.requireNonNull(value, () -> "value of threshold " + name);
            copy.put(name, value);
          });
    }
    // A sorted, Java-serializable copy: equal settings print and compare the same everywhere.
    thresholds = Collections.unmodifiableMap(copy);
  }

  /**
   * The threshold called {@code name}.
   *
   * @throws IllegalStateException if it is absent: every threshold a rule reads must have a default
   *     in {@link RuleCatalog}, so this is a programming error, not bad input
   */
  public double threshold(String name) {
    Double value = thresholds.get(name);
    if (value == null) {
      throw new IllegalStateException(
          "rule parameter '"
              + name
              + "' is missing from these settings (present: "
              + thresholds.keySet()
              + "); every threshold a rule reads needs a default in RuleCatalog");
    }
    return value;
  }

  /**
   * The threshold called {@code name} rounded down to a whole number, for count limits: since the
   * counts compared against it are whole, {@code count > 15.5} and {@code count > 15} agree.
   *
   * @throws IllegalStateException if it is absent (see {@link #threshold})
   */
  public int intThreshold(String name) {
    double value = Math.floor(threshold(name));
    if (value >= Integer.MAX_VALUE) {
      return Integer.MAX_VALUE;
    }
    if (value <= Integer.MIN_VALUE) {
      return Integer.MIN_VALUE;
    }
    return (int) value;
  }

  /** A copy with {@code enabled} replaced. */
  public RuleSettings withEnabled(boolean enabled) {
    return new RuleSettings(enabled, holdMillis, severity, thresholds);
  }

  /** A copy with {@code holdMillis} replaced. */
  public RuleSettings withHoldMillis(long holdMillis) {
    return new RuleSettings(enabled, holdMillis, severity, thresholds);
  }

  /** A copy with {@code severity} replaced. */
  public RuleSettings withSeverity(Severity severity) {
    return new RuleSettings(enabled, holdMillis, severity, thresholds);
  }

  /** A copy with the threshold {@code name} set to {@code value}. */
  public RuleSettings withThreshold(String name, double value) {
    Map<String, Double> changed = new TreeMap<>(thresholds);
    changed.put(name, value);
    return new RuleSettings(enabled, holdMillis, severity, changed);
  }
}
