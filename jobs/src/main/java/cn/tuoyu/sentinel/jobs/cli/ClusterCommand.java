package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.jobs.cluster.LocalFlinkCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sentinel cluster up|down|status}: a real multi-process Flink cluster (a JobManager and a
 * TaskManager JVM) on this machine, run from the shaded jar; {@code monitor --cluster} submits to
 * it.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Start, stop and inspect a local Flink cluster: JobManager + TaskManager JVMs.",
      "They run sentinel.jar; submit the monitor with `monitor --cluster 127.0.0.1:8081`."
    },
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing subcommand: use `cluster up`, `cluster down` or `cluster status`.");
  }

  /** Options shared by the cluster subcommands. */
  static final class ClusterOptions {
    @Option(
        names = "--data-dir",
        description =
            "The cluster's directory: config, logs, pid files (default: $${SENTINEL_DATA_DIR:-.sentinel}/flink).")
    Path dataDir;

    @Option(
        names = "--rest-port",
        defaultValue = "8081",
        description = "Flink REST API and web UI port (default: ${DEFAULT-VALUE}).")
    int restPort;

    LocalFlinkCluster.Builder builder() {
      Path home = dataDir != null ? dataDir : InfraConfig.defaults().dataDir().resolve("flink");
      return LocalFlinkCluster.builder(home).restPort(restPort);
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Start a JobManager and a TaskManager; wait until the TaskManager registers.",
        "Harmless when already running. Listens on 127.0.0.1 only."
      })
  static final class Up implements Callable<Integer> {
    @Mixin ClusterOptions options;

    @Option(
        names = "--slots",
        defaultValue = "2",
        description = "Task slots of the TaskManager (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
        names = "--taskmanager-memory",
        defaultValue = LocalFlinkCluster.DEFAULT_TASK_MANAGER_MEMORY,
        description = "TaskManager process size (default: ${DEFAULT-VALUE}).")
    String taskManagerMemory;

    @Option(
        names = "--jobmanager-memory",
        defaultValue = LocalFlinkCluster.DEFAULT_JOB_MANAGER_MEMORY,
        description = "JobManager process size (default: ${DEFAULT-VALUE}).")
    String jobManagerMemory;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (slots < 1) {
        throw new CliException("--slots must be at least 1, got " + slots);
      }
      LocalFlinkCluster cluster =
          options
              .builder()
              .slots(slots)
              .taskManagerMemory(taskManagerMemory)
              .jobManagerMemory(jobManagerMemory)
              .build();
      cluster.start(ConsoleProgress.stderr());
      LocalFlinkCluster.Status status = cluster.status();
      spec.commandLine().getOut().print(status.render());
      spec.commandLine().getOut().flush();
      return status.healthy() ? 0 : SentinelCli.EXIT_FAILURE;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the TaskManager and the JobManager.",
        "Running jobs end without a savepoint: stop the monitor with Ctrl-C first."
      })
  static final class Down implements Callable<Integer> {
    @Mixin ClusterOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      LocalFlinkCluster cluster = options.builder().build();
      ConsoleProgress progress = ConsoleProgress.stderr();
      LocalFlinkCluster.Status before = cluster.status();
      if (before.jobsRunning() > 0) {
        progress.info(
            before.jobsRunning()
                + " job(s) still running on the cluster; they end without a savepoint.");
      }
      if (!cluster.stop(progress)) {
        progress.info("No Flink cluster running under " + cluster.home() + ".");
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Show the JobManager, the TaskManager, free slots and running jobs.",
        "Exit code 0 when the cluster is up with its TaskManager registered."
      })
  static final class Status implements Callable<Integer> {
    @Mixin ClusterOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      LocalFlinkCluster.Status status = options.builder().build().status();
      spec.commandLine().getOut().print(status.render());
      spec.commandLine().getOut().flush();
      return status.healthy() ? 0 : SentinelCli.EXIT_FAILURE;
    }
  }
}
