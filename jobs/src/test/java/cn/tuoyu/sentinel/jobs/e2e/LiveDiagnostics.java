package cn.tuoyu.sentinel.jobs.e2e;

import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.AvroSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.jobs.cluster.FlinkRest;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * What a live IT prints when a wait on the running monitor times out, so that a failure in CI says
 * why: the institution's transitions committed and not yet committed on {@code sentinel.alerts} (an
 * open transaction, i.e. a stalled checkpoint, shows as the difference), the end offsets a
 * read-committed and an uncommitted reader see, the dead letters that name the institution, and the
 * job's watermark at every operator and its checkpoints.
 */
final class LiveDiagnostics {
  private LiveDiagnostics() {}

  /**
   * Awaitility's {@code untilAsserted}, with {@code diagnostics} in the message if it times out.
   */
  static void untilAsserted(
      Duration atMost, ThrowingRunnable assertion, Supplier<String> diagnostics) {
    try {
      await().atMost(atMost).untilAsserted(assertion);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + diagnostics.get(), e);
    }
  }

  static String describe(String bootstrap, String institution, String rest, JobClient job) {
    StringBuilder out = new StringBuilder("\n--- live diagnostics at ").append(Instant.now());
    try {
      out.append("\ncommitted on ")
          .append(Topics.ALERTS)
          .append(": ")
          .append(render(AlertsOnTopic.read(bootstrap, institution)));
      List<AlertTransition> all = new ArrayList<>();
      Map<TopicPartition, long[]> ends = new TreeMap<>(AlertsOnTopic.BY_PARTITION);
      read(
          bootstrap,
          Topics.ALERTS,
          ends,
          r -> {
            if (r.key() != null && institution.equals(new String(r.key()))) {
              all.add(AvroSerde.forClass(AlertTransition.class).deserialize(r.value()));
            }
          });
      out.append("\nuncommitted too: ").append(render(all));
      out.append("\nend offsets (read-committed / uncommitted): ");
      ends.forEach(
          (tp, e) -> out.append(tp).append('=').append(e[0]).append('/').append(e[1]).append(' '));
      Map<String, Integer> reasons = new TreeMap<>();
      List<String> samples = new ArrayList<>();
      read(
          bootstrap,
          Topics.DEADLETTER,
          new TreeMap<>(AlertsOnTopic.BY_PARTITION),
          r -> {
            DeadLetter d = AvroSerde.forClass(DeadLetter.class).deserialize(r.value());
            String text =
                d.getReason()
                    + " "
                    + d.getDetail()
                    + " "
                    + (d.getRaw() == null ? "" : StandardCharsets.UTF_8.decode(d.getRaw()));
            if (text.contains(institution)) {
              reasons.merge(String.valueOf(d.getReason()), 1, Integer::sum);
              if (samples.size() < 5) {
                samples.add(text.length() > 400 ? text.substring(0, 400) + "…" : text);
              }
            }
          });
      out.append("\ndead letters naming it: ").append(reasons);
      samples.forEach(s -> out.append("\n  ").append(s));
    } catch (RuntimeException e) {
      out.append("\n(Kafka: ").append(e).append(')');
    }
    out.append(flink(rest, job));
    return out.append("\n---").toString();
  }

  private static String flink(String rest, JobClient job) {
    StringBuilder out = new StringBuilder();
    FlinkRest api = new FlinkRest(rest);
    String id = job.getJobID().toHexString();
    api.get("/jobs/" + id)
        .ifPresentOrElse(
            info -> {
              out.append("\njob ").append(info.path("state").asText());
              for (JsonNode v : info.path("vertices")) {
                out.append("\n  ").append(v.path("name").asText()).append(": watermark ");
                api.get("/jobs/" + id + "/vertices/" + v.path("id").asText() + "/watermarks")
                    .ifPresent(
                        w ->
                            w.forEach(
                                m ->
                                    out.append(m.path("id").asText())
                                        .append('=')
                                        .append(watermark(m.path("value").asText()))
                                        .append(' ')));
              }
            },
            () -> out.append("\n(no answer from the Flink REST API at ").append(rest).append(')'));
    api.get("/jobs/" + id + "/checkpoints")
        .ifPresent(c -> out.append("\ncheckpoints ").append(c.path("counts")));
    out.append("\n").append(lifecycleCounters(rest, job));
    return out.toString();
  }

  /**
   * The alert lifecycle's counters of signals that arrived behind its watermark and of OPENs that
   * arrived after the CLEAR of their episode (see AlertLifecycleFunction).
   */
  static String lifecycleCounters(String rest, JobClient job) {
    // The REST API's metric store fills every few seconds: a young job may not have them yet.
    String[] counters = {""};
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> (counters[0] = readLifecycleCounters(rest, job)).contains("="));
    } catch (ConditionTimeoutException e) {
      return counters[0] + " (no counters from the REST API)";
    }
    return counters[0];
  }

  private static String readLifecycleCounters(String rest, JobClient job) {
    FlinkRest api = new FlinkRest(rest);
    String id = job.getJobID().toHexString();
    StringBuilder out = new StringBuilder("alert lifecycle:");
    api.get("/jobs/" + id)
        .ifPresent(
            info -> {
              for (JsonNode v : info.path("vertices")) {
                if (!v.path("name").asText().startsWith("Alert lifecycle")) {
                  continue;
                }
                String vertex = "/jobs/" + id + "/vertices/" + v.path("id").asText();
                List<String> names = new ArrayList<>();
                api.get(vertex + "/metrics")
                    .ifPresent(
                        list ->
                            list.forEach(
                                m -> {
                                  String name = m.path("id").asText();
                                  if (name.endsWith("signalsBehindWatermark")
                                      || name.endsWith("openResolvedOnArrival")) {
                                    names.add(name);
                                  }
                                }));
                if (!names.isEmpty()) {
                  api.get(vertex + "/metrics?get=" + String.join(",", names))
                      .ifPresent(
                          values ->
                              values.forEach(
                                  m ->
                                      out.append(' ')
                                          .append(m.path("id").asText())
                                          .append('=')
                                          .append(m.path("value").asText())));
                }
              }
            });
    return out.toString();
  }

  private static String watermark(String value) {
    try {
      long ms = Long.parseLong(value);
      return ms <= Long.MIN_VALUE + 1 || ms == Long.MAX_VALUE
          ? value
          : Instant.ofEpochMilli(ms).toString();
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String render(List<AlertTransition> transitions) {
    List<String> out = new ArrayList<>();
    for (AlertTransition a : transitions) {
      out.add(a.getRuleId() + " " + a.getStatus() + " started " + a.getStartedAt());
    }
    return transitions.size() + " " + out;
  }

  /** Reads {@code topic} whole, uncommitted records included; records its end offsets. */
  private static void read(
      String bootstrap,
      String topic,
      Map<TopicPartition, long[]> ends,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Duration timeout = Duration.ofSeconds(20);
    for (String isolation : List.of("read_committed", "read_uncommitted")) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
      try (KafkaConsumer<byte[], byte[]> c =
          new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = new ArrayList<>();
        c.partitionsFor(topic, timeout)
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
        boolean committed = isolation.equals("read_committed");
        end.forEach((tp, o) -> ends.computeIfAbsent(tp, k -> new long[2])[committed ? 0 : 1] = o);
        if (committed) {
          continue;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!AlertsOnTopic.caughtUp(c, end) && System.nanoTime() < deadline) {
          c.poll(Duration.ofMillis(200)).forEach(each);
        }
      }
    }
  }
}
