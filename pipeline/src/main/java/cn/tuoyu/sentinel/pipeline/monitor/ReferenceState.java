package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.RuleParameterResolver;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Reference data and rule parameters as broadcast state, kept as a short history of versions per
 * institution / scope and looked up <em>as of an event's time</em>. Applying them by event time
 * rather than by arrival makes the outcome independent of how the broadcast and event streams
 * interleave — the same alerts live and in replay, at any parallelism.
 */
public final class ReferenceState {
  /** Versions kept per institution and per rule scope; older ones are dropped. */
  static final int MAX_VERSIONS = 16;

  public static final MapStateDescriptor<String, List<Institution>> INSTITUTIONS =
      new MapStateDescriptor<>(
          "institutions", Types.STRING, Types.LIST(new AvroTypeInfo<>(Institution.class)));

  public static final MapStateDescriptor<String, List<RuleParameters>> RULES =
      new MapStateDescriptor<>(
          "rule-parameters", Types.STRING, Types.LIST(new AvroTypeInfo<>(RuleParameters.class)));

  private ReferenceState() {}

  /** Adds a reference or rules record to the broadcast state. */
  static void apply(
      EventEnvelope env,
      BroadcastState<String, List<Institution>> institutions,
      BroadcastState<String, List<RuleParameters>> rules)
      throws Exception {
    if (env.kind == EventEnvelope.Kind.INSTITUTION) {
      Institution i = (Institution) env.record();
      institutions.put(env.key, withVersion(institutions.get(env.key), i, Institution::getTs));
    } else if (env.kind == EventEnvelope.Kind.RULES) {
      RuleParameters r = (RuleParameters) env.record();
      rules.put(env.key, withVersion(rules.get(env.key), r, RuleParameters::getTs));
    }
  }

  private static <T> List<T> withVersion(
      List<T> existing, T added, java.util.function.Function<T, java.time.Instant> ts) {
    List<T> versions = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    versions.add(added);
    // Stable sort: records with equal ts keep arrival order, so the later one wins.
    versions.sort(Comparator.comparing(ts));
    while (versions.size() > MAX_VERSIONS) {
      versions.remove(0);
    }
    return versions;
  }

  /**
   * The institution as of {@code ts}: its latest version not after {@code ts}, or its earliest one
   * if all are later (a registration time-stamped a little after its first events); null if the
   * institution is unknown.
   */
  static Institution institutionAt(List<Institution> versions, long ts) {
    if (versions == null || versions.isEmpty()) {
      return null;
    }
    Institution chosen = versions.get(0);
    for (Institution v : versions) {
      if (v.getTs().toEpochMilli() <= ts) {
        chosen = v;
      }
    }
    return chosen;
  }

  /** The merged rule parameters of every scope as of {@code ts}. */
  static List<RuleParameters> rulesAt(
      Iterable<Map.Entry<String, List<RuleParameters>>> scopes, long ts) {
    List<RuleParameters> merged = new ArrayList<>();
    for (Map.Entry<String, List<RuleParameters>> scope : scopes) {
      RuleParameters m = null;
      for (RuleParameters r : scope.getValue()) {
        if (r.getTs().toEpochMilli() <= ts) {
          m = RuleParameterResolver.merge(m, r);
        }
      }
      if (m != null) {
        merged.add(m);
      }
    }
    return merged;
  }

  /** Reference records known before the job started (read from the compacted topics). */
  static Map<String, List<Institution>> institutionsOf(List<EventEnvelope> bootstrap) {
    Map<String, List<Institution>> out = new HashMap<>();
    for (EventEnvelope env : bootstrap) {
      if (env.kind == EventEnvelope.Kind.INSTITUTION) {
        out.put(
            env.key, withVersion(out.get(env.key), (Institution) env.record(), Institution::getTs));
      }
    }
    return out;
  }

  static Map<String, List<RuleParameters>> rulesOf(List<EventEnvelope> bootstrap) {
    Map<String, List<RuleParameters>> out = new HashMap<>();
    for (EventEnvelope env : bootstrap) {
      if (env.kind == EventEnvelope.Kind.RULES) {
        out.put(
            env.key,
            withVersion(out.get(env.key), (RuleParameters) env.record(), RuleParameters::getTs));
      }
    }
    return out;
  }
}
