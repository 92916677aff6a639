package cn.tuoyu.sentinel.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the bench meets the state phase's source and sinks, which run in the same JVM (the embedded
 * Flink cluster loads the bench's own classes, so a static registry is shared). The source stops
 * before each of the {@code pauses} (record indices, ascending) until the bench releases it; while
 * it stands there, every checkpoint it takes holds exactly the state after the records before the
 * pause, and the gate notes their ids. Sinks count what reaches them by key.
 */
final class SourceGate {
  private static final Map<String, SourceGate> GATES = new ConcurrentHashMap<>();

  private final String id;
  private final long[] pauses;
  private final List<CompletableFuture<Void>> released = new ArrayList<>();
  private final AtomicLongArray reachedNanos;
  private final AtomicLongArray releasedNanos;
  private final List<ConcurrentLinkedQueue<Long>> checkpoints = new ArrayList<>();
  private final AtomicLong emitted = new AtomicLong();
  private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

  private SourceGate(String id, long[] pauses) {
    this.id = id;
    this.pauses = pauses.clone();
    for (int k = 1; k < pauses.length; k++) {
      if (pauses[k] <= pauses[k - 1]) {
        throw new IllegalArgumentException("pauses must ascend strictly");
      }
    }
    this.reachedNanos = new AtomicLongArray(pauses.length);
    this.releasedNanos = new AtomicLongArray(pauses.length);
    for (int k = 0; k < pauses.length; k++) {
      released.add(new CompletableFuture<>());
      checkpoints.add(new ConcurrentLinkedQueue<>());
    }
  }

  /** A new gate under a fresh id. */
  static SourceGate open(long[] pauses) {
    String id = "gate-" + System.nanoTime() + "-" + GATES.size();
    SourceGate gate = new SourceGate(id, pauses);
    GATES.put(id, gate);
    return gate;
  }

  /** The gate with {@code id}; fails outside the JVM that opened it. */
  static SourceGate get(String id) {
    SourceGate gate = GATES.get(id);
    if (gate == null) {
      throw new IllegalStateException(
          "no source gate "
              + id
              + ": the state phase runs on an embedded cluster in the bench's JVM");
    }
    return gate;
  }

  void close() {
    GATES.remove(id);
    released.forEach(f -> f.complete(null));
  }

  String id() {
    return id;
  }

  long[] pauses() {
    return pauses.clone();
  }

  // --- the source's side (its task thread) ---

  /** The source stands before pause {@code k}; completes when the bench releases it. */
  CompletableFuture<Void> reached(int k) {
    reachedNanos.compareAndSet(k, 0, System.nanoTime());
    return released.get(k);
  }

  /** The source took checkpoint {@code checkpointId} while standing before pause {@code k}. */
  void checkpointWhilePaused(int k, long checkpointId) {
    checkpoints.get(k).add(checkpointId);
  }

  /** Records emitted so far (updated now and then, for progress). */
  void emitted(long n) {
    emitted.set(n);
  }

  // --- the sinks' side ---

  void count(String what, String key) {
    counts
        .computeIfAbsent(what, w -> new ConcurrentHashMap<>())
        .computeIfAbsent(key, k -> new LongAdder())
        .increment();
  }

  // --- the bench's side ---

  boolean isReached(int k) {
    return reachedNanos.get(k) != 0;
  }

  long reachedNanos(int k) {
    return reachedNanos.get(k);
  }

  long releasedNanos(int k) {
    return releasedNanos.get(k);
  }

  void release(int k) {
    releasedNanos.compareAndSet(k, 0, System.nanoTime());
    released.get(k).complete(null);
  }

  /** Ids of the checkpoints the source took while standing before pause {@code k}. */
  List<Long> checkpointsAt(int k) {
    return List.copyOf(checkpoints.get(k));
  }

  long emitted() {
    return emitted.get();
  }

  /** What the sinks counted under {@code what}, by key in key order. */
  Map<String, Long> counts(String what) {
    Map<String, Long> out = new TreeMap<>();
    counts.getOrDefault(what, Map.of()).forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
