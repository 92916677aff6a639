package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Which concrete Elasticsearch index an alert transition is written to.
 *
 * <p>Writes always name a concrete index, never the {@value AlertIndices#ALIAS} alias: the alias
 * spans several monthly indices, and Elasticsearch refuses writes through such an alias.
 */
public sealed interface IndexNaming extends Serializable
    permits IndexNaming.MonthlyAlias, IndexNaming.Fixed {

  /** The index {@code transition} belongs in. */
  String indexFor(AlertTransition transition);

  /**
   * Live alerts: the monthly index {@code sentinel-alerts-YYYY.MM} of the alert's {@code startedAt}
   * (month in Asia/Shanghai), which the index template joins to the {@value AlertIndices#ALIAS}
   * alias. {@code startedAt} never changes during an alert's life, so all its transitions land in
   * the same index and upsert the same document.
   */
  static IndexNaming monthlyAlias() {
    return new MonthlyAlias();
  }

  /**
   * Every transition goes to the one index {@code index}, e.g. {@code sentinel-replay-<runId>}.
   *
   * @throws IllegalArgumentException if {@code index} is not a valid Elasticsearch index name, or
   *     is the live alias or one of its monthly indices (replays must never show up on operators'
   *     dashboards)
   */
  static IndexNaming fixed(String index) {
    return new Fixed(index);
  }

  /** An analyst's replay run: {@code fixed("sentinel-replay-" + runId)}. */
  static IndexNaming replay(String runId) {
    Objects.requireNonNull(runId, "runId");
    return fixed(AlertIndices.REPLAY_PREFIX + runId);
  }

  /** See {@link #monthlyAlias()}. */
  record MonthlyAlias() implements IndexNaming {
    @Override
    public String indexFor(AlertTransition transition) {
      return AlertIndices.monthlyIndex(transition.getStartedAt());
    }

    @Override
    public String toString() {
      return AlertIndices.ALIAS + "-YYYY.MM by startedAt";
    }
  }

  /** See {@link #fixed(String)}. */
  record Fixed(String index) implements IndexNaming {
    public Fixed {
      Objects.requireNonNull(index, "index");
      String problem = indexNameProblem(index);
      if (problem != null) {
        throw new IllegalArgumentException(
            "\"" + index + "\" cannot be used as the alert index: " + problem);
      }
    }

    @Override
    public String indexFor(AlertTransition transition) {
      return index;
    }

    @Override
    public String toString() {
      return index;
    }

    /**
     * Elasticsearch's index name rules, checked here so a typo fails at build time, not at 3 am.
     */
    private static String indexNameProblem(String index) {
      if (index.isEmpty()) {
        return "it is empty";
      }
      if (!index.equals(index.toLowerCase(Locale.ROOT))) {
        return "index names must be lower case";
      }
      if (index.equals(".") || index.equals("..")) {
        return "\".\" and \"..\" are not index names";
      }
      if ("-_+".indexOf(index.charAt(0)) >= 0) {
        return "index names cannot start with -, _ or +";
      }
      for (char c : index.toCharArray()) {
        if ("\\/*?\"<>| ,#:".indexOf(c) >= 0) {
          return "index names cannot contain '" + c + "'";
        }
      }
      if (index.getBytes(StandardCharsets.UTF_8).length > 255) {
        return "index names are at most 255 bytes";
      }
      if (index.equals(AlertIndices.ALIAS) || index.startsWith(AlertIndices.ALIAS + "-")) {
        return "it is the live alert alias or one of its indices; use IndexNaming.monthlyAlias()"
            + " for live alerts and IndexNaming.replay(runId) for replays";
      }
      return null;
    }
  }
}
