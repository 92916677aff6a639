package cn.tuoyu.sentinel.jobs.score;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The transitions of an alert export file ({@code replay --alerts-out}, one JSON line per lifecycle
 * transition), each turned into what its reader needs, and what could not be read. Shared by {@code
 * score} ({@link AlertInput}) and {@code diff}, which need different views of a transition.
 *
 * <p>{@link #read} decodes with {@link JsonLinesCodec#decodeAlert} and never fails on content: a
 * line that cannot be read is counted, and the first {@value AlertInput#UNREADABLE_KEPT} are kept
 * with their line number and reason for the report. Blank lines are skipped. Bytes that are not
 * UTF-8 become U+FFFD, so such a line is read or counted like any other.
 *
 * @param source the file and its line count, for a report's header
 * @param transitions every transition read, in line order, as the reader wanted it
 * @param unreadableLines how many lines could not be read
 * @param firstUnreadable the first of them, at most {@value AlertInput#UNREADABLE_KEPT}
 * @param <T> what each transition became
 */
public record AlertLines<T>(
    String source,
    List<T> transitions,
    long unreadableLines,
    List<AlertInput.Unreadable> firstUnreadable) {

  public AlertLines {
    Objects.requireNonNull(source, "source");
    transitions = List.copyOf(transitions);
    firstUnreadable = List.copyOf(firstUnreadable);
  }

  /**
   * Reads an alert export file, turning each transition into a {@code T} with {@code as}.
   *
   * @throws IOException if the file cannot be opened or read (not for unreadable lines)
   */
  public static <T> AlertLines<T> read(Path file, Function<AlertTransition, T> as)
      throws IOException {
    JsonLinesCodec codec = new JsonLinesCodec();
    String name = file.getFileName().toString();
    List<T> transitions = new ArrayList<>();
    List<AlertInput.Unreadable> first = new ArrayList<>();
    long unreadable = 0;
    long lineNumber = 0;
    // InputStreamReader replaces malformed UTF-8 instead of throwing, as promised above.
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNumber++;
        Decoded d = codec.decodeAlert(line, lineNumber, name);
        if (d instanceof Decoded.Record rec) {
          transitions.add(as.apply((AlertTransition) rec.record()));
        } else if (d instanceof Decoded.Rejected rej) {
          unreadable++;
          if (first.size() < AlertInput.UNREADABLE_KEPT) {
            DeadLetter dl = rej.deadLetter();
            first.add(new AlertInput.Unreadable(lineNumber, dl.getReason(), dl.getDetail()));
          }
        }
      }
    }
    return new AlertLines<>(file + " (" + lineNumber + " lines)", transitions, unreadable, first);
  }
}
