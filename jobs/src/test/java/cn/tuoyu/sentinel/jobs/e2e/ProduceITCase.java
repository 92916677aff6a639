package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentinel produce}: records to the right topics, reference first, refused lines listed. */
@ExtendWith(RealInfraExtension.class)
class ProduceITCase {
  private final RealInfra infra;

  ProduceITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  void publishesEachRecordToItsTopicReferenceFirstAndListsRefusedLines(@TempDir Path dir)
      throws Exception {
    String institution = RealInfra.uniqueName("320402-produce");
    String scope = "3204" + (System.nanoTime() % 90 + 10);
    List<String> lines = new ArrayList<>();
    // Events first in the file: produce must still publish the institution before them.
    ScenarioFile s = new ScenarioFile(institution).morning();
    lines.addAll(s.lines().subList(1, s.lines().size()));
    lines.add("{\"type\":\"attendance\",\"ts\":\"yesterday\"}");
    lines.add("");
    lines.add(s.lines().get(0));
    lines.add(
        "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\""
            + scope
            + "\",\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":20}}}");
    lines.add(
        "{\"type\":\"rules\",\"ts\":\"2026-11-23T07:00:00+08:00\",\"scope\":\""
            + scope
            + "\",\"rules\":{\"CO2_HIGH\":{\"maxPpm\":1200}}}");
    lines.add("not json at all");
    Path file = Files.write(dir.resolve("mixed.jsonl"), lines, StandardCharsets.UTF_8);

    FileProducer.Report report =
        FileProducer.produce(file, infra.bootstrapServers(), new PrintWriter(new StringWriter()));

    assertThat(report.sentByType())
        .containsEntry("attendance", 5L)
        .containsEntry("institution", 1L)
        .containsEntry("rules", 2L);
    assertThat(report.refused())
        .extracting(d -> d.getLineNumber() + " " + d.getReason())
        .containsExactly("6 INVALID_TIMESTAMP", "11 MALFORMED_JSON");
    assertThat(report.render())
        .contains("line 6: INVALID_TIMESTAMP")
        .contains("line 11: MALFORMED_JSON");

    List<ConsumerRecord<String, byte[]>> institutions = readAll(Topics.INSTITUTIONS, institution);
    List<ConsumerRecord<String, byte[]>> events = readAll(Topics.ATTENDANCE, institution);
    assertThat(institutions).hasSize(1);
    assertThat(SentinelSerde.decodeAny(institutions.get(0).value()))
        .isInstanceOf(Institution.class);
    assertThat(events).hasSize(5);
    assertThat(events)
        .allSatisfy(
            r ->
                assertThat(SentinelSerde.decodeAny(r.value())).isInstanceOf(AttendanceEvent.class));
    assertThat(institutions.get(0).timestamp())
        .as("the institution reached the broker before its events")
        .isLessThanOrEqualTo(
            events.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow());

    // The compacted rules topic keeps one record per scope: it must hold the scope's full state.
    List<ConsumerRecord<String, byte[]>> rules = readAll(Topics.RULES, scope);
    RuleParameters last =
        (RuleParameters) SentinelSerde.decodeAny(rules.get(rules.size() - 1).value());
    assertThat(last.getRules()).containsKeys("ROOM_UNATTENDED", "CO2_HIGH");
  }

  private List<ConsumerRecord<String, byte[]>> readAll(String topic, String key) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, RealInfra.uniqueName("it-produce"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      int[] quietPolls = {0};
      // Done once something arrived and then two polls in a row brought nothing more.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                var records = c.poll(Duration.ofMillis(300));
                records.forEach(
                    r -> {
                      if (key.equals(r.key())) {
                        out.add(r);
                      }
                    });
                quietPolls[0] = records.isEmpty() ? quietPolls[0] + 1 : 0;
                return !out.isEmpty() && quietPolls[0] >= 2;
              });
    }
    return out;
  }
}
