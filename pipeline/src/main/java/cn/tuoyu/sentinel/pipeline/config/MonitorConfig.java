package cn.tuoyu.sentinel.pipeline.config;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The monitor job's settings: every key once, as a {@link ConfigOption} with its default and
 * description, parsed once into this immutable record.
 */
public record MonitorConfig(
    Duration outOfOrderness,
    Duration idleness,
    Duration quietGuard,
    Duration checkpointInterval,
    String kafkaBootstrap,
    String elasticsearchUrl,
    String groupId)
    implements Serializable {

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("sentinel.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "How late an event may arrive and still count (bounded out-of-orderness).");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOptions.key("sentinel.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "A Kafka partition without records for this long stops holding back event time.");

  public static final ConfigOption<Duration> QUIET_GUARD =
      ConfigOptions.key("sentinel.quiet-guard")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "After an event partition has had no events for this long, event time advances with"
                  + " the wall clock from its last event, so absence rules fire in live mode even"
                  + " when the whole input goes quiet; 0 disables. Live Kafka input only, never a"
                  + " replay.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("sentinel.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "Checkpoint interval; alerts on sentinel.alerts are committed (exactly once) at each checkpoint.");

  public static final ConfigOption<String> KAFKA_BOOTSTRAP =
      ConfigOptions.key("sentinel.kafka.bootstrap")
          .stringType()
          .defaultValue("127.0.0.1:9092")
          .withDescription("Kafka bootstrap servers.");

  public static final ConfigOption<String> ELASTICSEARCH_URL =
      ConfigOptions.key("sentinel.elasticsearch.url")
          .stringType()
          .defaultValue("http://127.0.0.1:9200")
          .withDescription("Elasticsearch URL for the alert index.");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("sentinel.kafka.group-id")
          .stringType()
          .defaultValue("sentinel-monitor")
          .withDescription(
              "Kafka consumer group of the monitor job (offsets live in checkpoints).");

  public static MonitorConfig from(ReadableConfig c) {
    return new MonitorConfig(
        c.get(OUT_OF_ORDERNESS),
        c.get(IDLENESS),
        c.get(QUIET_GUARD),
        c.get(CHECKPOINT_INTERVAL),
        c.get(KAFKA_BOOTSTRAP),
        c.get(ELASTICSEARCH_URL),
        c.get(GROUP_ID));
  }

  public static MonitorConfig defaults() {
    return from(new org.apache.flink.configuration.Configuration());
  }

  public MonitorConfig withKafka(String bootstrap) {
    return new MonitorConfig(
        outOfOrderness,
        idleness,
        quietGuard,
        checkpointInterval,
        bootstrap,
        elasticsearchUrl,
        groupId);
  }

  public MonitorConfig withElasticsearch(String url) {
    return new MonitorConfig(
        outOfOrderness, idleness, quietGuard, checkpointInterval, kafkaBootstrap, url, groupId);
  }

  public MonitorConfig withGroupId(String id) {
    return new MonitorConfig(
        outOfOrderness,
        idleness,
        quietGuard,
        checkpointInterval,
        kafkaBootstrap,
        elasticsearchUrl,
        id);
  }

  public MonitorConfig withCheckpointInterval(Duration interval) {
    return new MonitorConfig(
        outOfOrderness, idleness, quietGuard, interval, kafkaBootstrap, elasticsearchUrl, groupId);
  }

  public MonitorConfig withQuietGuard(Duration guard) {
    return new MonitorConfig(
        outOfOrderness,
        idleness,
        guard,
        checkpointInterval,
        kafkaBootstrap,
        elasticsearchUrl,
        groupId);
  }
}
