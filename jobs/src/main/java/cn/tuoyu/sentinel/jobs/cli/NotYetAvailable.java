package cn.tuoyu.sentinel.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Commands of design.md that later issues build. Each says so plainly and exits with {@value
 * SentinelCli#EXIT_NOT_AVAILABLE}, so no script mistakes them for having run.
 */
final class NotYetAvailable {
  private NotYetAvailable() {}

  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(hidden = true, arity = "0..*")
    List<String> ignored;

    @Override
    public Integer call() {
      spec.commandLine()
          .getErr()
          .println(
              "sentinel "
                  + spec.name()
                  + ": not yet available in this version. Available now: infra, demo, monitor, produce, replay, cluster, simulate, score, diff, archive, bench"
                  + " (see README.md).");
      return SentinelCli.EXIT_NOT_AVAILABLE;
    }
  }

  @Command(
      name = "dashboard",
      mixinStandardHelpOptions = true,
      description = "Serve the alert API and web UI (not yet available).")
  static final class Dashboard extends Base {}

  @Command(
      name = "users",
      mixinStandardHelpOptions = true,
      description = "Manage dashboard users (not yet available).")
  static final class Users extends Base {}
}
