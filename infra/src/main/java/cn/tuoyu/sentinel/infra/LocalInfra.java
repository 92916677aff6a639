package cn.tuoyu.sentinel.infra;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.contract.Topics;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local infrastructure as one thing: real Kafka and real Elasticsearch, their topics, templates
 * and alias. The CLI ({@code bin/sentinel infra up|down|status}) and the integration-test extension
 * both go through this class, so tests exercise exactly what users run.
 */
public final class LocalInfra {
  private final InfraConfig config;
  private final KafkaNode kafka;
  private final ElasticsearchNode elasticsearch;
  private final Clock clock;

  public LocalInfra(InfraConfig config) {
    this(config, Clock.systemUTC());
  }

  public LocalInfra(InfraConfig config, Clock clock) {
    this.config = config;
    this.kafka = new KafkaNode(config);
    this.elasticsearch = new ElasticsearchNode(config);
    this.clock = clock;
  }

  public InfraConfig config() {
    return config;
  }

  /** Which servers an {@link #up} call started (as opposed to finding them running). */
  public record Started(boolean kafka, boolean elasticsearch) {}

  /**
   * Starts whatever is not running, creates missing topics and installs the alert templates.
   * Running it when everything is up changes nothing.
   */
  public Started up(Progress progress) {
    boolean kafkaStarted = kafka.start(progress);
    boolean esStarted;
    try {
      esStarted = elasticsearch.start(progress);
    } catch (RuntimeException e) {
      if (kafkaStarted) {
        kafka.stop();
      }
      throw e;
    }

    progress.begin("Creating Kafka topics");
    List<String> created =
        TopicAdmin.createSentinelTopics(config.kafkaBootstrap(), config.partitions());
    progress.done(
        created.isEmpty()
            ? "all " + Topics.ALL.size() + " topics already exist"
            : created.size() + " created (" + config.partitions() + " partitions each)");

    progress.begin("Installing alert index templates");
    try (ElasticsearchClient client = Elasticsearch.client(config.elasticsearchUrl())) {
      String index = AlertIndexAdmin.install(client, clock.instant());
      progress.done("alias " + AlertIndices.ALIAS + " → " + index);
    } catch (IOException | RuntimeException e) {
      throw new InfraException(
          "Could not install the alert templates in Elasticsearch at "
              + config.elasticsearchUrl()
              + ": "
              + e.getMessage(),
          e);
    }
    return new Started(kafkaStarted, esStarted);
  }

  /** Stops the servers that {@code started} says an {@link #up} call started. */
  public void stopStarted(Started started, Progress progress) {
    if (started.elasticsearch()) {
      progress.begin("Stopping " + elasticsearch.label());
      progress.done(elasticsearch.stop() ? "stopped" : "was not running");
    }
    if (started.kafka()) {
      progress.begin("Stopping " + kafka.label());
      progress.done(kafka.stop() ? "stopped" : "was not running");
    }
  }

  /** Stops both servers (Elasticsearch first, as it is the slower); data is kept. */
  public void down(Progress progress) {
    stopStarted(new Started(true, true), progress);
  }

  /** Deletes all data (servers must be down). */
  public void purge(Progress progress) {
    if (kafka.running().isPresent() || elasticsearch.running().isPresent()) {
      throw new InfraException("Stop the infrastructure first (bin/sentinel infra down).");
    }
    progress.begin("Deleting data under " + config.dataDir());
    elasticsearch.purge();
    MavenResolver.deleteTree(config.dataDir().resolve("kafka"));
    progress.done("deleted");
  }

  /** What is running and whether it is healthy. */
  public InfraStatus status() {
    List<InfraStatus.Component> components = new ArrayList<>();

    Optional<ProcessHandle> kafkaProcess = kafka.running();
    boolean kafkaHealthy = kafkaProcess.isPresent() && kafka.isHealthy(Duration.ofSeconds(5));
    List<String> kafkaNotes = new ArrayList<>();
    boolean topicsOk = false;
    if (kafkaHealthy) {
      Set<String> existing = TopicAdmin.list(config.kafkaBootstrap());
      List<String> missing =
          Topics.ALL.stream()
              .map(Topics.TopicSpec::name)
              .filter(n -> !existing.contains(n))
              .toList();
      Map<String, String> policies =
          TopicAdmin.cleanupPolicies(
              config.kafkaBootstrap(),
              Topics.ALL.stream().map(Topics.TopicSpec::name).filter(existing::contains).toList());
      List<String> wrongPolicy =
          Topics.ALL.stream()
              .filter(s -> policies.containsKey(s.name()))
              .filter(s -> s.compacted() != policies.get(s.name()).contains("compact"))
              .map(Topics.TopicSpec::name)
              .toList();
      topicsOk = missing.isEmpty() && wrongPolicy.isEmpty();
      kafkaNotes.add(
          (Topics.ALL.size() - missing.size()) + "/" + Topics.ALL.size() + " topics present");
      if (!missing.isEmpty()) {
        kafkaNotes.add("missing: " + String.join(", ", missing));
      }
      if (!wrongPolicy.isEmpty()) {
        kafkaNotes.add("wrong cleanup policy: " + String.join(", ", wrongPolicy));
      }
    } else if (kafkaProcess.isEmpty() && !Platform.isPortFree(config.kafkaPort())) {
      kafkaNotes.add("port " + config.kafkaPort() + " is held by another program");
    }
    components.add(
        new InfraStatus.Component(
            kafka.label(),
            kafkaProcess.map(ProcessHandle::pid),
            config.kafkaBootstrap(),
            kafkaHealthy && topicsOk,
            kafkaHealthy
                ? "broker answering"
                : kafkaProcess.isPresent() ? "not answering" : "stopped",
            kafkaNotes));

    Optional<ProcessHandle> esProcess = elasticsearch.running();
    Optional<String> cluster = esProcess.flatMap(p -> elasticsearch.clusterStatus());
    List<String> esNotes = new ArrayList<>();
    boolean templatesOk = false;
    if (cluster.isPresent()) {
      try (ElasticsearchClient client = Elasticsearch.client(config.elasticsearchUrl())) {
        templatesOk = AlertIndexAdmin.isInstalled(client);
        esNotes.add(templatesOk ? "index templates installed" : "index templates MISSING");
        List<String> indices = AlertIndexAdmin.aliasIndices(client);
        esNotes.add(
            indices.isEmpty()
                ? "alias " + AlertIndices.ALIAS + " MISSING"
                : "alias " + AlertIndices.ALIAS + " → " + String.join(", ", indices));
        templatesOk &= !indices.isEmpty();
      } catch (IOException | RuntimeException e) {
        esNotes.add("could not inspect templates: " + e.getMessage());
      }
    } else if (esProcess.isEmpty() && !Platform.isPortFree(config.elasticsearchPort())) {
      esNotes.add("port " + config.elasticsearchPort() + " is held by another program");
    }
    boolean esHealthy = cluster.map(s -> !s.equals("red")).orElse(false);
    components.add(
        new InfraStatus.Component(
            elasticsearch.label(),
            esProcess.map(ProcessHandle::pid),
            config.elasticsearchUrl(),
            esHealthy && templatesOk,
            cluster
                .map(s -> "cluster " + s)
                .orElse(esProcess.isPresent() ? "not answering" : "stopped"),
            esNotes));
    return new InfraStatus(config.dataDir(), components);
  }
}
