package cn.tuoyu.sentinel.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** CLI behaviour that needs no servers: help everywhere, clear misuse messages, exit codes. */
class SentinelCliTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = SentinelCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Every command path, e.g. ["infra", "up"], found by walking the command tree. */
  static Stream<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    collect(SentinelCli.commandLine(), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> out) {
    out.add(prefix);
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                List<String> next = new ArrayList<>(prefix);
                next.add(name);
                collect(sub, next, out);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyCommandHasHelp(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    Run r = run(args.toArray(String[]::new));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: sentinel");
  }

  @Test
  void theCommandTreeHasTheCommandsOfTheDesign() {
    assertThat(commandPaths().map(p -> String.join(" ", p)))
        .contains(
            "infra up",
            "infra down",
            "infra status",
            "demo",
            "monitor",
            "produce",
            "replay",
            "simulate",
            "score",
            "diff",
            "archive",
            "dashboard",
            "bench");
  }

  @Test
  void unknownCommandIsAUsageErrorNamingIt() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void infraWithoutSubcommandSaysWhatIsMissing() {
    Run r = run("infra");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing subcommand").contains("infra up");
  }

  @Test
  void invalidOptionValueFailsBeforeStartingAnythingWithOneLine() {
    Run r = run("infra", "up", "--partitions", "0");
    assertThat(r.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(r.err().strip()).startsWith("error: Partition count must be at least 1");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void nonNumericPortIsAUsageError() {
    Run r = run("infra", "status", "--kafka-port", "ninety");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--kafka-port").contains("ninety");
  }

  @Test
  void archiveWithoutDirIsAUsageErrorNamingTheOption() {
    Run r = run("archive");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--dir");
  }

  @Test
  void archiveRefusesARetentionBelowNinetyDaysBeforeStartingAnything() {
    Run r = run("archive", "--dir", "/nonexistent/archive", "--retention-days", "30");
    assertThat(r.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(r.err().strip())
        .startsWith("error: a retention of 30 day(s) is too short")
        .contains("--retention-days 90 or more");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void archiveRefusesANonPositiveCheckpointInterval() {
    Run r = run("archive", "--dir", "/nonexistent/archive", "--checkpoint-interval", "0s");
    assertThat(r.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: --checkpoint-interval must be positive, got 0s");
  }

  @Test
  void usersAddRefusesAnOperatorWithoutAgencyOrWithABadScope() {
    Run noAgency = run("users", "add", "wang", "--role", "operator", "--scope", "320402");
    Run badScope =
        run(
            "users",
            "add",
            "wang",
            "--role",
            "operator",
            "--scope",
            "3204021",
            "--agency",
            "health");
    Run badRole = run("users", "add", "wang", "--role", "boss");
    assertThat(noAgency.exit()).isEqualTo(2);
    assertThat(noAgency.err()).contains("--agency police (公安) or health (卫健)");
    assertThat(badScope.exit()).isEqualTo(2);
    assertThat(badScope.err()).contains("2 (province), 4 (city) or 6 (district) digits");
    assertThat(badRole.err()).contains("operator, institution, analyst or admin");
  }
}
