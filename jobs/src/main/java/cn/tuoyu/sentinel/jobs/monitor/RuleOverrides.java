package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.RuleParameterResolver;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.RuleSetting;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A what-if for a replay ({@code replay --rules R.json}): rule parameters, as {@code rules} lines
 * of design.md, that hold for the whole replay on top of whatever the input says. Per scope and
 * parameter the override wins: it is in force from the start (a record at the epoch), and every
 * {@code rules} record of the input is merged with it, the override last — so the input can still
 * change the parameters the override does not name. Scopes keep their meaning: per parameter the
 * longest matching scope still wins, so a national what-if does not beat a region's own setting in
 * the input; name that region's scope to change it there.
 */
public final class RuleOverrides implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Per scope, the merged override as a JSON line (its timestamp is rewritten when applied). */
  private final TreeMap<String, String> byScope;

  private RuleOverrides(TreeMap<String, String> byScope) {
    this.byScope = byScope;
  }

  /** No overrides. */
  public static RuleOverrides none() {
    return new RuleOverrides(new TreeMap<>());
  }

  /**
   * Reads a file of {@code rules} lines (blank lines allowed; several lines for one scope merge in
   * file order).
   *
   * @throws IllegalArgumentException naming the line and the problem for anything else
   */
  public static RuleOverrides read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such rules file: " + file);
    }
    JsonLinesCodec codec = new JsonLinesCodec();
    Map<String, RuleParameters> merged = new TreeMap<>();
    long n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      Decoded d = codec.decode(line, n, file.getFileName().toString());
      if (d instanceof Decoded.Blank) {
        continue;
      }
      if (d instanceof Decoded.Rejected r) {
        throw new IllegalArgumentException(
            file
                + " line "
                + n
                + ": "
                + r.deadLetter().getReason()
                + " — "
                + r.deadLetter().getDetail());
      }
      if (!(((Decoded.Record) d).record() instanceof RuleParameters p)) {
        throw new IllegalArgumentException(
            file + " line " + n + ": only \"rules\" lines belong in a rules file");
      }
      RuleParameters at0 = RuleParameters.newBuilder(p).setTs(Instant.EPOCH).build();
      merged.merge(p.getScope(), at0, RuleParameterResolver::merge);
    }
    if (merged.isEmpty()) {
      throw new IllegalArgumentException(file + " has no \"rules\" line");
    }
    TreeMap<String, String> out = new TreeMap<>();
    merged.forEach((scope, p) -> out.put(scope, codec.encode(p)));
    return new RuleOverrides(out);
  }

  public boolean isEmpty() {
    return byScope.isEmpty();
  }

  /** The overrides as input records in force from the epoch, one per scope. */
  public List<EventEnvelope> initial() {
    List<EventEnvelope> out = new ArrayList<>();
    JsonLinesCodec codec = new JsonLinesCodec();
    for (String line : byScope.values()) {
      out.add(Envelopes.fromJsonLine(codec, line, 0, "--rules").orElseThrow());
    }
    return out;
  }

  /** An input record with the override of its scope merged on top; other records unchanged. */
  public EventEnvelope apply(EventEnvelope env) {
    if (env.kind != EventEnvelope.Kind.RULES || !byScope.containsKey(env.key)) {
      return env;
    }
    JsonLinesCodec codec = new JsonLinesCodec();
    RuleParameters input = (RuleParameters) env.record();
    RuleParameters override =
        (RuleParameters)
            ((Decoded.Record) codec.decode(byScope.get(env.key), 0, "--rules")).record();
    // The override is the later of the two, so its parameters win; the result keeps the input's
    // time and origin.
    RuleParameters top =
        RuleParameters.newBuilder(override).setTs(input.getTs().plusMillis(1)).build();
    RuleParameters merged =
        RuleParameters.newBuilder(RuleParameterResolver.merge(input, top))
            .setTs(input.getTs())
            .build();
    EventEnvelope out =
        Envelopes.fromJsonLine(codec, codec.encode(merged), 0, "--rules").orElseThrow();
    out.sourceFile = env.sourceFile;
    out.lineNumber = env.lineNumber;
    out.sourceTopic = env.sourceTopic;
    out.sourcePartition = env.sourcePartition;
    out.sourceOffset = env.sourceOffset;
    return out;
  }

  /** One line per scope and rule, e.g. {@code ROOM_UNATTENDED holdSeconds=600 (scope national)}. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    JsonLinesCodec codec = new JsonLinesCodec();
    byScope.forEach(
        (scope, line) -> {
          RuleParameters p =
              (RuleParameters) ((Decoded.Record) codec.decode(line, 0, "--rules")).record();
          for (Map.Entry<String, RuleSetting> e : new TreeMap<>(p.getRules()).entrySet()) {
            RuleSetting s = e.getValue();
            StringBuilder b = new StringBuilder(e.getKey());
            if (s.getEnabled() != null) {
              b.append(" enabled=").append(s.getEnabled());
            }
            if (s.getHoldSeconds() != null) {
              b.append(" holdSeconds=").append(s.getHoldSeconds());
            }
            if (s.getSeverity() != null) {
              b.append(" severity=").append(s.getSeverity());
            }
            s.getThresholds().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append(" (scope ").append(scope.isEmpty() ? "national" : scope).append(')');
            out.add(b.toString());
          }
        });
    return out;
  }
}
