package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.counter;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.documentsOf;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.json;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.SinkJobs.source;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.TestAlerts.at;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.TestAlerts.transition;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.GeoPoint;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink on a Flink MiniCluster writing to the real Elasticsearch. */
@ExtendWith(RealInfraExtension.class)
class ElasticsearchAlertSinkITCase {
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = SinkJobs.miniCluster(METRICS);

  private final RealInfra infra;
  private final JsonLinesCodec codec = new JsonLinesCodec();
  private ElasticsearchClient client;
  private String institutionId;

  ElasticsearchAlertSinkITCase(RealInfra infra) {
    this.infra = infra;
  }

  @BeforeEach
  void setUp() {
    client = infra.elasticsearchClient();
    // The real Elasticsearch is shared by the JVM's tests: this test's alerts are its
    // institution's.
    institutionId = RealInfra.uniqueName("it-inst");
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
  }

  @Test
  void newestTransitionOfEachAlertWinsAndRewritingChangesNothing() throws Exception {
    Instant january = at("2026-01-20T09:00:00+08:00");
    // 01:00 on 1 March in Beijing, still February in UTC: the index is Shanghai's month.
    Instant marchInShanghai = at("2026-02-28T17:00:00Z");
    String a = institutionId + "-a";
    String b = institutionId + "-b";
    String c = institutionId + "-c";
    String d = institutionId + "-d";
    AlertTransition aResolved = transition(a, institutionId, january, AlertStatus.RESOLVED, 1);
    AlertTransition bResolved = transition(b, institutionId, january, AlertStatus.RESOLVED, 2);
    AlertTransition cResolved =
        transition(c, institutionId, marchInShanghai, AlertStatus.RESOLVED, 1);
    // Latitude 200 is no geo_point: Elasticsearch refuses the document for good.
    AlertTransition dBroken =
        AlertTransition.newBuilder(transition(d, institutionId, january, AlertStatus.OPEN, 0))
            .setLocation(new GeoPoint(200.0, 119.97))
            .build();
    List<AlertTransition> input =
        List.of(
            transition(a, institutionId, january, AlertStatus.OPEN, 0),
            aResolved,
            transition(a, institutionId, january, AlertStatus.OPEN, 0), // stale, arrives late
            transition(b, institutionId, january, AlertStatus.OPEN, 0),
            transition(b, institutionId, january, AlertStatus.ACKNOWLEDGED, 1),
            bResolved,
            transition(b, institutionId, january, AlertStatus.ACKNOWLEDGED, 1), // stale
            transition(c, institutionId, marchInShanghai, AlertStatus.OPEN, 0),
            cResolved,
            dBroken);
    // One request at a time in small batches: the stale transitions reach Elasticsearch in later
    // requests than the newer ones, and the metric counts are exact.
    ElasticsearchAlertSink sink =
        ElasticsearchAlertSink.builder()
            .url(infra.elasticsearchUrl())
            .indexNaming(IndexNaming.monthlyAlias())
            .maxBatchSize(2)
            .maxBufferedRequests(4)
            .maxInFlightRequests(1)
            .maxTimeInBuffer(Duration.ofMillis(100))
            .build();

    JobExecutionResult first = run("es-sink-first", input, sink);

    Map<String, Hit<JsonData>> docs =
        byAlertId(documentsOf(client, AlertIndices.ALIAS, institutionId));
    assertThat(docs).containsOnlyKeys(a, b, c);
    assertThat(docs.get(a).index()).isEqualTo("sentinel-alerts-2026.01");
    assertThat(docs.get(b).index()).isEqualTo("sentinel-alerts-2026.01");
    assertThat(docs.get(c).index()).isEqualTo("sentinel-alerts-2026.03");
    assertThat(docs.get(a).version()).isEqualTo(2L);
    assertThat(docs.get(b).version()).isEqualTo(3L);
    assertThat(docs.get(c).version()).isEqualTo(2L);
    for (AlertTransition latest : List.of(aResolved, bResolved, cResolved)) {
      Hit<JsonData> hit = docs.get(latest.getAlertId());
      assertThat(hit.id()).isEqualTo(latest.getAlertId());
      assertThat(source(hit)).isEqualTo(json(codec.encode(latest)));
      assertThat(source(hit).path("status").asText()).isEqualTo("RESOLVED");
      assertThat(source(hit).path("message").asText()).isEqualTo(TestAlerts.MESSAGE);
    }
    JobID job = first.getJobID();
    assertThat(counter(METRICS, job, AlertSinkMetrics.INDEXED)).isEqualTo(7);
    assertThat(counter(METRICS, job, AlertSinkMetrics.STALE_SKIPPED)).isEqualTo(2);
    assertThat(counter(METRICS, job, AlertSinkMetrics.REJECTED)).isEqualTo(1);
    assertThat(counter(METRICS, job, AlertSinkMetrics.RETRIED)).isZero();

    // A replay of the same transitions into the live index, or a restart that writes them again:
    // everything is already there in this or a newer version.
    JobExecutionResult again = run("es-sink-again", input, sink);

    Map<String, Hit<JsonData>> after =
        byAlertId(documentsOf(client, AlertIndices.ALIAS, institutionId));
    assertThat(after).containsOnlyKeys(a, b, c);
    for (String alertId : List.of(a, b, c)) {
      assertThat(after.get(alertId).version()).isEqualTo(docs.get(alertId).version());
      assertThat(source(after.get(alertId))).isEqualTo(source(docs.get(alertId)));
    }
    JobID second = again.getJobID();
    assertThat(counter(METRICS, second, AlertSinkMetrics.INDEXED)).isZero();
    assertThat(counter(METRICS, second, AlertSinkMetrics.STALE_SKIPPED)).isEqualTo(9);
    assertThat(counter(METRICS, second, AlertSinkMetrics.REJECTED)).isEqualTo(1);
  }

  @Test
  void replayWritesToItsOwnIndexWhichTheLiveAliasDoesNotShow() throws Exception {
    String runId = RealInfra.uniqueName("run");
    String replayIndex = AlertIndices.REPLAY_PREFIX + runId;
    String alertId = institutionId + "-r";
    Instant startedAt = at("2026-01-21T10:00:00+08:00");
    AlertTransition resolved =
        transition(alertId, institutionId, startedAt, AlertStatus.RESOLVED, 1);
    try {
      run(
          "es-sink-replay",
          List.of(transition(alertId, institutionId, startedAt, AlertStatus.OPEN, 0), resolved),
          ElasticsearchAlertSink.builder()
              .url(infra.elasticsearchUrl())
              .indexNaming(IndexNaming.replay(runId))
              .build());

      List<Hit<JsonData>> replayDocs = documentsOf(client, replayIndex, institutionId);
      assertThat(replayDocs).hasSize(1);
      assertThat(replayDocs.get(0).index()).isEqualTo(replayIndex);
      assertThat(replayDocs.get(0).id()).isEqualTo(alertId);
      assertThat(replayDocs.get(0).version()).isEqualTo(2L);
      assertThat(source(replayDocs.get(0))).isEqualTo(json(codec.encode(resolved)));
      assertThat(documentsOf(client, AlertIndices.ALIAS, institutionId)).isEmpty();
      // The replay template's strict mappings apply: no dynamic guessing of field types.
      assertThat(
              client
                  .indices()
                  .getMapping(m -> m.index(replayIndex))
                  .get(replayIndex)
                  .mappings()
                  .properties()
                  .get("location")
                  .isGeoPoint())
          .isTrue();
    } finally {
      client.indices().delete(r -> r.index(replayIndex).ignoreUnavailable(true));
    }
  }

  private static JobExecutionResult run(
      String name, List<AlertTransition> input, ElasticsearchAlertSink sink) throws Exception {
    return SinkJobs.submit(name, input, sink, 1).getJobExecutionResult().get(2, TimeUnit.MINUTES);
  }

  private static Map<String, Hit<JsonData>> byAlertId(List<Hit<JsonData>> hits) {
    // One document per alert: a duplicate id would make toMap throw.
    return hits.stream()
        .collect(Collectors.toMap(h -> source(h).path("alertId").asText(), Function.identity()));
  }
}
