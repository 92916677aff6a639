package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.infra.InfraException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/sentinel}: the one command a user types. Every subcommand has {@code --help}; failures
 * print one line saying what went wrong and what to do, and exit non-zero.
 */
@Command(
    name = "sentinel",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "托育安全哨兵 Tuoyu Sentinel — real-time safety monitoring for infant-care institutions.",
      ""
    },
    subcommands = {
      InfraCommand.class,
      DemoCommand.class,
      MonitorCommand.class,
      ProduceCommand.class,
      ReplayCommand.class,
      ClusterCommand.class,
      SimulateCommand.class,
      ScoreCommand.class,
      DiffCommand.class,
      ArchiveCommand.class,
      DashboardCommand.class,
      UsersCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SentinelCli implements Runnable {
  /** Exit code for a failure the user can act on (the message says how). */
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with our error handling; used by {@link #main} and by tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SentinelCli());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof InfraException || ex instanceof CliException) {
            commandLine.getErr().println("error: " + ex.getMessage());
          } else {
            // A bug or an unforeseen failure: still one line, the trace only when asked for.
            commandLine
                .getErr()
                .println(
                    "error: unexpected "
                        + ex.getClass().getSimpleName()
                        + ": "
                        + ex.getMessage()
                        + " (set SENTINEL_DEBUG=1 for the stack trace)");
          }
          if (System.getenv("SENTINEL_DEBUG") != null) {
            ex.printStackTrace(commandLine.getErr());
          }
          return EXIT_FAILURE;
        });
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
