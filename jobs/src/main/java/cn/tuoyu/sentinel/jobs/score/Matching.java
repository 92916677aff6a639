package cn.tuoyu.sentinel.jobs.score;

import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which truth entries an alert corresponds to: same rule, same subject, starts at most the
 * tolerance apart. Whether the ends agree is decided by {@link Scorer}, not here.
 */
final class Matching {
  private final Map<Key, List<GroundTruth.Entry>> entriesByKey = new HashMap<>();
  private final Duration tolerance;

  /** An expected entry and the alert that corresponds to it. */
  record Pair(GroundTruth.Entry entry, ScoredAlert alert) {}

  private record Key(String ruleId, SubjectKey subject) {}

  private record Candidate(GroundTruth.Entry entry, ScoredAlert alert, Duration distance) {}

  Matching(List<GroundTruth.Entry> entries, Duration tolerance) {
    this.tolerance = tolerance;
    for (GroundTruth.Entry e : entries) {
      entriesByKey.computeIfAbsent(new Key(e.ruleId(), e.subject()), k -> new ArrayList<>()).add(e);
    }
  }

  /**
   * Pairs entries and alerts one-to-one, greedily, closest starts first. Candidates at equal
   * distance keep the order of the inputs, so the result is deterministic.
   */
  List<Pair> pairsByClosestStart(List<ScoredAlert> alerts) {
    List<Candidate> candidates = new ArrayList<>();
    for (ScoredAlert a : alerts) {
      for (GroundTruth.Entry e : corresponding(a)) {
        candidates.add(new Candidate(e, a, distance(e.start(), a.startedAt())));
      }
    }
    candidates.sort(Comparator.comparing(Candidate::distance));
    Set<GroundTruth.Entry> pairedEntries = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<ScoredAlert> pairedAlerts = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Pair> pairs = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!pairedEntries.contains(c.entry()) && !pairedAlerts.contains(c.alert())) {
        pairedEntries.add(c.entry());
        pairedAlerts.add(c.alert());
        pairs.add(new Pair(c.entry(), c.alert()));
      }
    }
    return pairs;
  }

  /** The corresponding entry whose start is closest to the alert's, or null if there is none. */
  GroundTruth.Entry closestStart(ScoredAlert alert) {
    return corresponding(alert).stream()
        .min(Comparator.comparing(e -> distance(e.start(), alert.startedAt())))
        .orElse(null);
  }

  /** Whether two instants are at most the tolerance apart. */
  boolean agree(Instant a, Instant b) {
    return distance(a, b).compareTo(tolerance) <= 0;
  }

  private List<GroundTruth.Entry> corresponding(ScoredAlert a) {
    return entriesByKey.getOrDefault(new Key(a.ruleId(), a.subject()), List.of()).stream()
        .filter(e -> agree(e.start(), a.startedAt()))
        .toList();
  }

  private static Duration distance(Instant a, Instant b) {
    return Duration.between(a, b).abs();
  }
}
