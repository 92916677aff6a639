package cn.tuoyu.sentinel.pipeline.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same (ruleId, subject, startedAt) always gives the same id, so
 * replays, retries and restarts produce the same ids and Elasticsearch upserts stay idempotent.
 */
public final class AlertIds {
  /** 24 hex characters = 96 bits: collisions are negligible at any realistic alert volume. */
  public static final int LENGTH = 24;

  private AlertIds() {}

  /**
   * The first {@value #LENGTH} lower-case hex characters of SHA-256 over the UTF-8 bytes of {@code
   * ruleId|subject.asString()|startedAt.toEpochMilli()}.
   */
  public static String alertId(String ruleId, SubjectKey subject, Instant startedAt) {
    String input = ruleId + "|" + subject.asString() + "|" + startedAt.toEpochMilli();
    return HexFormat.of()
        .formatHex(sha256(input.getBytes(StandardCharsets.UTF_8)))
        .substring(0, LENGTH);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      // A new digest per call: MessageDigest is not thread-safe, and this is cheap.
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
