package cn.tuoyu.sentinel.jobs.score;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The alert states to score, where they came from, and what of them could not be read.
 *
 * <p>{@link #read} reads an alert export file ({@code replay --alerts-out}, one JSON line per
 * lifecycle transition) with {@link AlertLines#read}. It never fails on content: a line that cannot
 * be read is counted, and the first {@value #UNREADABLE_KEPT} are kept with their line number and
 * reason for the report. Blank lines are skipped. Bytes that are not UTF-8 become U+FFFD, so such a
 * line is read or counted like any other.
 *
 * @param source where the states came from, for the report's header
 * @param states every state read, in input order (several per alert; {@link Scorer} folds them)
 * @param unreadableLines how many lines could not be read
 * @param firstUnreadable the first of them, at most {@value #UNREADABLE_KEPT}
 */
public record AlertInput(
    String source,
    List<ScoredAlert> states,
    long unreadableLines,
    List<Unreadable> firstUnreadable) {

  /** How many unreadable lines are kept with their reason. */
  public static final int UNREADABLE_KEPT = 10;

  public AlertInput {
    Objects.requireNonNull(source, "source");
    states = List.copyOf(states);
    firstUnreadable = List.copyOf(firstUnreadable);
  }

  /**
   * A line that could not be read.
   *
   * @param lineNumber 1-based
   * @param reason the dead-letter reason code, e.g. {@code MALFORMED_JSON}
   * @param detail what was wrong with it
   */
  public record Unreadable(long lineNumber, String reason, String detail) {}

  /** States given in code, e.g. read from Elasticsearch or a topic. */
  public static AlertInput of(List<ScoredAlert> states) {
    return new AlertInput("alert states given", states, 0, List.of());
  }

  /**
   * Reads an alert export file as described above ({@link AlertLines#read}).
   *
   * @throws IOException if the file cannot be opened or read (not for unreadable lines)
   */
  public static AlertInput read(Path file) throws IOException {
    AlertLines<ScoredAlert> lines = AlertLines.read(file, ScoredAlert::from);
    return new AlertInput(
        lines.source(), lines.transitions(), lines.unreadableLines(), lines.firstUnreadable());
  }
}
