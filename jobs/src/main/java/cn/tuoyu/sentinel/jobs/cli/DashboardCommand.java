package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.dashboard.DashboardConfig;
import cn.tuoyu.sentinel.dashboard.DashboardServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel dashboard}: the alert API and web UI on port 8080 until Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the alert API (design.md) and the web UI for operators, institutions and analysts",
      "over the sentinel-alerts alias and replay indices, live from sentinel.alerts. Every API",
      "call needs a login (bin/sentinel users add …); each user sees only their scope."
    })
final class DashboardCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--es",
      defaultValue = "http://127.0.0.1:9200",
      description = "Elasticsearch URL (default: ${DEFAULT-VALUE}).")
  String elasticsearch;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description = "Users file (default: .sentinel/users.json).")
  Path users;

  @Option(
      names = "--overdue-minutes",
      defaultValue = "15",
      description =
          "An open alert not acknowledged this long is marked 超时未处置 (default: ${DEFAULT-VALUE}).")
  int overdueMinutes;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CliException("--port must be 0–65535, got " + port);
    }
    if (overdueMinutes < 1) {
      throw new CliException("--overdue-minutes must be at least 1, got " + overdueMinutes);
    }
    DashboardConfig config =
        config(
                cn.tuoyu.sentinel.infra.InfraConfig.defaults().dataDir(),
                users,
                port,
                kafka,
                elasticsearch)
            .withOverdue(Duration.ofMinutes(overdueMinutes));
    config = config.withBind(bind);
    var err = spec.commandLine().getErr();
    DashboardServer server;
    try {
      server = DashboardServer.start(config);
    } catch (java.net.BindException e) {
      throw new CliException("port " + port + " is in use; stop what uses it or pass --port");
    } catch (java.io.IOException e) {
      throw new CliException(
          "cannot start the dashboard: "
              + e.getMessage()
              + " (are Kafka and Elasticsearch up? bin/sentinel infra up)");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              err.println("Stopping the dashboard …");
              err.flush();
              server.close();
              stopped.countDown();
            },
            "dashboard-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("✔ Dashboard on " + server.url() + " (users file " + config.usersFile() + ")");
    if (UsersFile.isEmpty(config.usersFile())) {
      err.println(
          "  No users yet: bin/sentinel users add NAME --role admin   (password from stdin)");
    }
    err.println("  Ctrl-C stops it.");
    err.flush();
    stopped.await();
    return 0;
  }

  static DashboardConfig config(
      Path data, Path users, int port, String kafka, String elasticsearch) {
    DashboardConfig d =
        DashboardConfig.defaults(data).withPort(port).withServers(kafka, elasticsearch);
    return users == null ? d : d.withFiles(users, d.webhooksFile());
  }
}
