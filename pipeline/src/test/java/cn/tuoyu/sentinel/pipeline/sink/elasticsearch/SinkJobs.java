package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.AlertTransition;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The sink's integration tests' shared plumbing: MiniCluster, job, metrics, documents. */
final class SinkJobs {
  static final ObjectMapper JSON = new ObjectMapper();

  private SinkJobs() {}

  /** A MiniCluster with 2 slots whose metrics {@code reporter} keeps. */
  static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(reporter.addToConfiguration(new Configuration()))
            .build());
  }

  /** Submits a job writing {@code input} (a bounded source) to {@code sink}. */
  static JobClient submit(
      String name, List<AlertTransition> input, ElasticsearchAlertSink sink, int sinkParallelism)
      throws Exception {
    return submit(name, input, sink, sinkParallelism, null);
  }

  /**
   * Submits a job writing {@code input} (a bounded source) to {@code sink}, checkpointing every
   * {@code checkpointInterval} unless that is null.
   */
  static JobClient submit(
      String name,
      List<AlertTransition> input,
      ElasticsearchAlertSink sink,
      int sinkParallelism,
      Duration checkpointInterval)
      throws Exception {
    // Kryo off: every type, including the writer's buffered state, must have a real serializer.
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.configure(conf);
    assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    env.setParallelism(1);
    if (checkpointInterval != null) {
      env.enableCheckpointing(checkpointInterval.toMillis());
    }
    env.fromData(input, new AvroTypeInfo<>(AlertTransition.class))
        .name("transitions")
        .uid("transitions")
        .rebalance()
        .sinkTo(sink)
        .setParallelism(sinkParallelism)
        .name("Alerts → Elasticsearch")
        .uid("alerts-to-elasticsearch");
    return env.executeAsync(name);
  }

  /** The sum of counter {@code name} over the job's writers. */
  static long counter(InMemoryReporter reporter, JobID job, String name) {
    return metrics(reporter, job, name).stream().mapToLong(m -> ((Counter) m).getCount()).sum();
  }

  /** The largest value of integer gauge {@code name} among the job's writers; 0 if none yet. */
  static int maxGauge(InMemoryReporter reporter, JobID job, String name) {
    return metrics(reporter, job, name).stream()
        .mapToInt(m -> ((Number) ((Gauge<?>) m).getValue()).intValue())
        .max()
        .orElse(0);
  }

  private static List<Metric> metrics(InMemoryReporter reporter, JobID job, String name) {
    return List.copyOf(reporter.findMetrics(job, "\\." + Pattern.quote(name) + "$").values());
  }

  /** The documents of institution {@code institutionId} in {@code index} (an alias or index). */
  static List<Hit<JsonData>> documentsOf(
      ElasticsearchClient client, String index, String institutionId) throws IOException {
    client.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
    return client
        .search(
            s ->
                s.index(index)
                    .size(1000)
                    .version(true)
                    .query(q -> q.term(t -> t.field("institutionId").value(institutionId))),
            JsonData.class)
        .hits()
        .hits();
  }

  static JsonNode source(Hit<JsonData> hit) {
    return json(hit.source().toJson().toString());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
