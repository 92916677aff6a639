package cn.tuoyu.sentinel.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A snapshot of the local infrastructure, for {@code infra status} and for tests. */
public record InfraStatus(Path dataDir, List<Component> components) {

  /**
   * One server.
   *
   * @param name e.g. "Kafka 4.1.1"
   * @param pid its process, when running
   * @param address where clients reach it
   * @param healthy answering, and topics/templates in place
   * @param state a short word or two: "stopped", "broker answering", "cluster green"
   * @param notes further facts (topics present, alias target, what is missing)
   */
  public record Component(
      String name,
      Optional<Long> pid,
      String address,
      boolean healthy,
      String state,
      List<String> notes) {}

  public boolean allHealthy() {
    return components.stream().allMatch(Component::healthy);
  }

  public boolean anyRunning() {
    return components.stream().anyMatch(c -> c.pid().isPresent());
  }

  /** A small table for the terminal. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append(
          String.format(
              "%-3s %-20s %-9s %-24s %s%n",
              c.healthy() ? "✔" : "✘",
              c.name(),
              c.pid().map(p -> "pid " + p).orElse("-"),
              c.address(),
              c.state()));
      for (String note : c.notes()) {
        sb.append("      ").append(note).append(System.lineSeparator());
      }
    }
    sb.append("data: ").append(dataDir).append(System.lineSeparator());
    return sb.toString();
  }
}
