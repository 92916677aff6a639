package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.counter;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.documentsOf;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.maxGauge;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.source;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.TestAlerts.at;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.TestAlerts.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.infra.AlertIndexAdmin;
import cn.tuoyu.sentinel.infra.Elasticsearch;
import cn.tuoyu.sentinel.infra.ElasticsearchNode;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Elasticsearch goes away: the job waits (it neither fails nor finishes), and once Elasticsearch is
 * back every alert is there in its newest version, once. Runs its own Elasticsearch node, since it
 * stops and starts it.
 */
class ElasticsearchOutageITCase {
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = SinkJobs.miniCluster(METRICS);

  private static final int ALERTS = 30;

  private static ElasticsearchNode node;
  private static InfraConfig config;

  @BeforeAll
  static void startElasticsearch() throws Exception {
    Files.createDirectories(Path.of("target"));
    config =
        InfraConfig.defaults().toBuilder()
            .dataDir(Files.createTempDirectory(Path.of("target"), "es-outage-"))
            .elasticsearchPorts(Platform.freePort(), Platform.freePort())
            .build();
    node = new ElasticsearchNode(config);
    try {
      node.start(Progress.SILENT);
      try (ElasticsearchClient client = Elasticsearch.client(config.elasticsearchUrl())) {
        AlertIndexAdmin.install(client, Instant.now());
      }
    } catch (RuntimeException | IOException e) {
      stopElasticsearch();
      throw e;
    }
  }

  @AfterAll
  static void stopElasticsearch() throws IOException {
    if (node != null) {
      node.stop();
      node.purge();
      Files.deleteIfExists(config.dataDir());
    }
  }

  @Test
  void jobWaitsForElasticsearchAndLosesOrDuplicatesNothing() throws Exception {
    String institutionId = RealInfra.uniqueName("outage-inst");
    List<AlertTransition> input = new ArrayList<>();
    List<String> alertIds = new ArrayList<>();
    Instant startedAt = at("2026-01-10T08:00:00+08:00");
    for (int i = 0; i < ALERTS; i++) {
      String alertId = institutionId + "-" + i;
      alertIds.add(alertId);
      input.add(transition(alertId, institutionId, startedAt, AlertStatus.OPEN, 0));
    }
    for (String alertId : alertIds) {
      input.add(transition(alertId, institutionId, startedAt, AlertStatus.RESOLVED, 1));
    }
    for (String alertId : alertIds.subList(0, 10)) {
      input.add(transition(alertId, institutionId, startedAt, AlertStatus.OPEN, 0)); // stale
    }
    ElasticsearchAlertSink sink =
        ElasticsearchAlertSink.builder()
            .url(config.elasticsearchUrl())
            .indexNaming(IndexNaming.monthlyAlias())
            .maxBatchSize(8)
            .maxBufferedRequests(20)
            .maxTimeInBuffer(Duration.ofMillis(200))
            .retryBackoff(new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)))
            .build();

    assertThat(node.stop()).isTrue();
    // Rebalanced over 2 writers: transitions of one alert may also overtake each other.
    // Checkpointing on: a checkpoint waits while Elasticsearch is down (the writers' in-flight
    // requests must finish first) and must not fail the job either.
    JobClient job = SinkJobs.submit("es-outage", input, sink, 2, Duration.ofMillis(500));
    JobID jobId = job.getJobID();
    try {
      await("the writers to notice Elasticsearch is down")
          .atMost(Duration.ofSeconds(60))
          .until(() -> maxGauge(METRICS, jobId, AlertSinkMetrics.UNAVAILABLE) == 1);
      await("the job to keep running while Elasticsearch is down")
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> job.getJobStatus().get(5, TimeUnit.SECONDS) == JobStatus.RUNNING);
      assertThat(counter(METRICS, jobId, AlertSinkMetrics.RETRIED)).isPositive();
      assertThat(counter(METRICS, jobId, AlertSinkMetrics.INDEXED)).isZero();

      node.start(Progress.SILENT);
      try (ElasticsearchClient client = Elasticsearch.client(config.elasticsearchUrl())) {
        // Templates live in the cluster state, which survives a restart.
        if (!AlertIndexAdmin.isInstalled(client)) {
          AlertIndexAdmin.install(client, Instant.now());
        }
        job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        List<Hit<JsonData>> docs = documentsOf(client, AlertIndices.ALIAS, institutionId);
        assertThat(docs).hasSize(ALERTS);
        assertThat(docs).extracting(Hit::id).containsExactlyInAnyOrderElementsOf(alertIds);
        assertThat(docs).allSatisfy(h -> assertThat(h.version()).isEqualTo(2L));
        assertThat(docs)
            .allSatisfy(h -> assertThat(h.index()).isEqualTo("sentinel-alerts-2026.01"));
        assertThat(docs)
            .allSatisfy(h -> assertThat(source(h).path("status").asText()).isEqualTo("RESOLVED"));
      }
      // Every transition was written or found already superseded; none refused, none failed.
      long indexed = counter(METRICS, jobId, AlertSinkMetrics.INDEXED);
      long stale = counter(METRICS, jobId, AlertSinkMetrics.STALE_SKIPPED);
      assertThat(indexed).isBetween((long) ALERTS, 2L * ALERTS);
      assertThat(indexed + stale).isGreaterThanOrEqualTo(input.size());
      assertThat(counter(METRICS, jobId, AlertSinkMetrics.REJECTED)).isZero();
      assertThat(maxGauge(METRICS, jobId, AlertSinkMetrics.UNAVAILABLE)).isZero();
    } finally {
      if (!job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
        job.cancel().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
