package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.jobs.score.AlertInput;
import cn.tuoyu.sentinel.jobs.score.AlertLines;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One side of a diff: the latest state of every alert, where they came from, and what could not be
 * read.
 *
 * <p>The transitions of one alert fold to its latest state: the highest {@code sequence}; of equal
 * sequences, the later in the input (the later line of a file).
 *
 * @param source where the alerts came from, for the report's header
 * @param transitions how many transitions were read (before folding)
 * @param alerts the latest state of each alert, in the order each alert first appeared
 * @param unreadableLines how many lines could not be read (0 for alerts given in code)
 * @param firstUnreadable the first of them, at most {@value AlertInput#UNREADABLE_KEPT}
 */
public record AlertSet(
    String source,
    long transitions,
    List<AlertState> alerts,
    long unreadableLines,
    List<AlertInput.Unreadable> firstUnreadable) {

  public AlertSet {
    Objects.requireNonNull(source, "source");
    alerts = List.copyOf(alerts);
    firstUnreadable = List.copyOf(firstUnreadable);
  }

  /**
   * Reads an alert export file ({@code replay --alerts-out}). Never fails on content: unreadable
   * lines are counted and the first kept (see {@link AlertLines#read}).
   *
   * @throws IOException if the file cannot be opened or read
   */
  public static AlertSet read(Path file) throws IOException {
    AlertLines<AlertState> lines = AlertLines.read(file, AlertState::from);
    return new AlertSet(
        lines.source(),
        lines.transitions().size(),
        latest(lines.transitions()),
        lines.unreadableLines(),
        lines.firstUnreadable());
  }

  /** Transitions given in code, e.g. a replay's alerts read from its index. */
  public static AlertSet of(String source, List<AlertTransition> transitions) {
    List<AlertState> states = transitions.stream().map(AlertState::from).toList();
    return new AlertSet(source, states.size(), latest(states), 0, List.of());
  }

  /** Each alert's latest state: highest sequence; of equal sequences, the later in the list. */
  static List<AlertState> latest(List<AlertState> states) {
    Map<String, AlertState> latest = new LinkedHashMap<>();
    for (AlertState s : states) {
      latest.merge(s.alertId(), s, (old, now) -> now.sequence() >= old.sequence() ? now : old);
    }
    return new ArrayList<>(latest.values());
  }
}
