package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.ingest.EventTimeWatermarks;
import cn.tuoyu.sentinel.pipeline.ingest.KafkaEnvelopeDeserializer;
import cn.tuoyu.sentinel.pipeline.monitor.MonitorGraph;
import cn.tuoyu.sentinel.pipeline.sink.KafkaSinks;
import cn.tuoyu.sentinel.pipeline.sink.elasticsearch.ElasticsearchAlertSink;
import cn.tuoyu.sentinel.pipeline.sink.elasticsearch.IndexNaming;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The live monitor job: Kafka topics in, alerts to {@code sentinel.alerts} and Elasticsearch, dead
 * letters to {@code sentinel.deadletter}. {@link #main} is the entry point for {@code flink run} on
 * a cluster; {@code bin/sentinel monitor} runs the same {@link #build} on an embedded cluster.
 */
public final class MonitorJob {
  public static final String JOB_NAME = "Tuoyu Sentinel monitor";

  private MonitorJob() {}

  /** For {@code flink run -c cn.tuoyu.sentinel.jobs.monitor.MonitorJob sentinel.jar}. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MonitorConfig config = MonitorConfig.from(env.getConfiguration());
    build(env, config, ReferenceBootstrap.read(config.kafkaBootstrap(), Duration.ofSeconds(30)));
    env.execute(JOB_NAME);
  }

  /** Wires sources, the rule graph and sinks into {@code env}. Opens no connection itself. */
  public static void build(
      StreamExecutionEnvironment env, MonitorConfig config, List<EventEnvelope> bootstrap) {
    KafkaSource<EventEnvelope> events =
        KafkaSource.<EventEnvelope>builder()
            .setBootstrapServers(config.kafkaBootstrap())
            .setTopics(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR)
            .setGroupId(config.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new KafkaEnvelopeDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000")
            .build();
    KafkaSource<EventEnvelope> reference =
        KafkaSource.<EventEnvelope>builder()
            .setBootstrapServers(config.kafkaBootstrap())
            .setTopics(Topics.INSTITUTIONS, Topics.RULES)
            .setGroupId(config.groupId() + "-reference")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new KafkaEnvelopeDeserializer())
            .setProperty("isolation.level", "read_committed")
            .build();

    DataStream<EventEnvelope> in =
        env.fromSource(
                events,
                EventTimeWatermarks.live(
                    config.outOfOrderness(), config.idleness(), config.quietGuard()),
                "Kafka events")
            .uid("kafka-events");
    DataStream<EventEnvelope> ref =
        env.fromSource(reference, EventTimeWatermarks.reference(), "Kafka reference and rules")
            .uid("kafka-reference");

    MonitorGraph.Outputs out = MonitorGraph.build(in, ref, bootstrap);
    String txPrefix = "sentinel-" + config.groupId();
    out.alerts()
        .sinkTo(
            KafkaSinks.alerts(
                config.kafkaBootstrap(), Topics.ALERTS, DeliveryGuarantee.EXACTLY_ONCE, txPrefix))
        .uid("alerts-to-kafka")
        .name("Alerts → " + Topics.ALERTS);
    out.alerts()
        .sinkTo(
            ElasticsearchAlertSink.builder()
                .url(config.elasticsearchUrl())
                .indexNaming(IndexNaming.monthlyAlias())
                .build())
        .uid("alerts-to-elasticsearch")
        .name("Alerts → Elasticsearch");
    out.deadLetters()
        .sinkTo(
            KafkaSinks.deadLetters(
                config.kafkaBootstrap(),
                Topics.DEADLETTER,
                DeliveryGuarantee.EXACTLY_ONCE,
                txPrefix))
        .uid("deadletters-to-kafka")
        .name("Dead letters → " + Topics.DEADLETTER);
  }
}
