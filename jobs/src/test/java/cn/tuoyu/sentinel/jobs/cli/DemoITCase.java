package cn.tuoyu.sentinel.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.infra.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code sentinel demo} in its own JVM, as a user runs it: infrastructure, simulator and monitor
 * come up, it prints where to look, the simulated city's alerts reach Elasticsearch, and Ctrl-C
 * (SIGINT) stops everything it started — the simulator writing its ground truth, the monitor with a
 * savepoint — leaving no port held and no server process.
 */
class DemoITCase {
  @Test
  void demoStartsTheInfrastructureAndCtrlCLeavesTheMachineClean() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dataDir = Files.createTempDirectory(Path.of("target"), "demo-");
    int kafkaPort = Platform.freePort();
    int esPort = Platform.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int webPort = Platform.freePort();
    int dashboardPort = Platform.freePort();
    List<String> command = new java.util.ArrayList<>(List.of(java));
    // The same JVM flags as bin/sentinel (Java 17 opens for Flink, Avro's trusted packages).
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Dorg.apache.avro"))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            SentinelCli.class.getName(),
            "demo",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            Integer.toString(kafkaPort),
            "--es-port",
            Integer.toString(esPort),
            "--web-port",
            Integer.toString(webPort),
            "--dashboard-port",
            Integer.toString(dashboardPort),
            // A smaller city, ten times faster: the first incidents come within a minute.
            "--institutions",
            "60",
            "--rate",
            "10"));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> drain(demo, output), "demo-output");
    reader.setDaemon(true);
    reader.start();
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> output.contains(DemoCommand.READY_LINE) || !demo.isAlive());
      assertThat(demo.isAlive()).as(String.join("\n", output)).isTrue();
      assertThat(output).anyMatch(l -> l.contains("127.0.0.1:" + kafkaPort));
      assertThat(output).anyMatch(l -> l.contains("http://127.0.0.1:" + esPort));
      assertThat(Platform.isPortFree(kafkaPort)).isFalse();
      assertThat(Platform.isPortFree(esPort)).isFalse();
      assertThat(Platform.isPortFree(webPort)).as("Flink web UI of the monitor").isFalse();
      assertThat(output).anyMatch(l -> l.contains("Monitor running"));
      assertThat(output).anyMatch(l -> l.contains("Flink web UI http://127.0.0.1:" + webPort));
      assertThat(output).anyMatch(l -> l.contains("Simulator      60 institutions"));

      // The simulated city raises alerts, and they reach Elasticsearch.
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(5))
          .until(() -> alertDocuments(esPort) > 0);

      // The dashboard answers with the printed demo logins, each in its own scope.
      String dashboard = "http://127.0.0.1:" + dashboardPort;
      assertThat(output).anyMatch(l -> l.contains("Dashboard      " + dashboard));
      String district =
          output.stream().filter(l -> l.strip().startsWith("district-")).findFirst().orElseThrow();
      String[] login = district.strip().split("\\s+");
      HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
      HttpResponse<String> unauthenticated =
          http.send(
              HttpRequest.newBuilder(URI.create(dashboard + "/api/alerts")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unauthenticated.statusCode()).isEqualTo(401);
      HttpResponse<String> loggedIn =
          http.send(
              HttpRequest.newBuilder(URI.create(dashboard + "/api/login"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"" + login[0] + "\",\"password\":\"" + login[1] + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(200);
      String region = login[0].substring("district-".length());
      HttpResponse<String> alerts =
          http.send(
              HttpRequest.newBuilder(URI.create(dashboard + "/api/alerts?status=&size=500"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(alerts.statusCode()).isEqualTo(200);
      assertThat(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(alerts.body())
                  .path("alerts"))
          .allSatisfy(a -> assertThat(a.path("regionCode").asText()).startsWith(region));

      // Ctrl-C in a terminal sends SIGINT.
      Platform.run(List.of("kill", "-INT", Long.toString(demo.pid())), 10);
      assertThat(demo.waitFor(2, TimeUnit.MINUTES)).isTrue();

      assertThat(output).anyMatch(l -> l.contains("Stopping the demo"));
      assertThat(output).anyMatch(l -> l.contains("monitor savepoint"));
      assertThat(output).anyMatch(l -> l.contains("simulator stopped"));
      assertThat(dataDir.resolve("demo").resolve("truth.json")).isRegularFile();
      assertThat(dataDir.resolve("demo").resolve("simulated-clock")).isRegularFile();
      assertThat(Platform.isPortFree(webPort)).isTrue();
      assertThat(Platform.isPortFree(dashboardPort)).isTrue();
      assertThat(output).anyMatch(l -> l.contains("dashboard stopped"));
      assertThat(Platform.isPortFree(kafkaPort)).isTrue();
      assertThat(Platform.isPortFree(esPort)).isTrue();
      assertThat(Platform.isPortFree(esPort + 100)).isTrue();
      assertThat(ProcessHandle.allProcesses())
          .noneMatch(
              p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false));
    } finally {
      demo.destroyForcibly();
      SentinelCliTest.run(
          "infra",
          "down",
          "--purge",
          "--data-dir",
          dataDir.toString(),
          "--kafka-port",
          Integer.toString(kafkaPort),
          "--es-port",
          Integer.toString(esPort));
    }
  }

  /** How many alert documents Elasticsearch has (0 while the alias does not answer). */
  private static long alertDocuments(int esPort) {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + esPort + "/sentinel-alerts/_count"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static void drain(Process p, List<String> sink) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        sink.add(line);
      }
    } catch (IOException e) {
      // The process ended.
    }
  }
}
