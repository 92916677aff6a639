package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.archive.ArchiveConfig;
import cn.tuoyu.sentinel.jobs.archive.ArchiveJob;
import cn.tuoyu.sentinel.jobs.archive.ArchiveLayout;
import cn.tuoyu.sentinel.jobs.archive.ArchiveProgress;
import cn.tuoyu.sentinel.jobs.archive.ArchiveReader;
import cn.tuoyu.sentinel.jobs.archive.ArchiveRunner;
import cn.tuoyu.sentinel.jobs.archive.ArchivedRecords;
import cn.tuoyu.sentinel.jobs.cluster.FlinkRest;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentinel archive} on the real Kafka: every record of the five topics — institutions,
 * rules, events of two regions over two dates, and an undecodable record — is in the archive
 * exactly once, with the bytes, key, offset and timestamp it has on Kafka, in the partition of its
 * event date and its institution's region; stopping with a savepoint (what Ctrl-C does) leaves
 * nothing uncommitted; and a restart from that savepoint archives what came meanwhile and after,
 * still without duplicates.
 */
@ExtendWith(RealInfraExtension.class)
class ArchiveITCase {
  private final RealInfra infra;

  ArchiveITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void archivesEveryRecordExactlyOnceInItsPartitionAcrossAStopAndARestart(@TempDir Path dir)
      throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    // A's id starts with its region; B's says nothing, only its reference record knows 120106;
    // C registers while the archive is stopped.
    String a = "320402-arch-" + u;
    String b = "tj-arch-" + u;
    String c = "320411-arch-" + u;
    Map<String, String> regionOf = Map.of(a, "320402", b, "120106", c, "320411");
    Path archive = dir.resolve("archive");
    ArchiveConfig config =
        ArchiveConfig.defaults(archive.toString())
            .withKafka(infra.bootstrapServers())
            .withGroupId(RealInfra.uniqueName("it-archive"))
            .withCheckpointInterval(Duration.ofSeconds(1));
    StringWriter log = new StringWriter();
    PrintWriter out = new PrintWriter(log, true);

    // Only this test's records: the archive's group starts at the current end of its topics.
    Map<TopicPartition, Long> from = endOffsets();
    EventTopics.startGroupAtEnd(infra.bootstrapServers(), config.groupId(), ArchiveJob.TOPICS);

    produce(
        dir.resolve("part1.jsonl"),
        out,
        institution(a, "320402"),
        institution(b, "120106"),
        "{\"type\":\"rules\",\"ts\":\"2026-11-22T06:00:00+08:00\",\"scope\":\"320402\","
            + "\"rules\":{\"CO2_HIGH\":{\"maxPpm\":1200}}}",
        camera(a, "2026-11-22T09:00:00+08:00"),
        attendance(a, "2026-11-22T09:00:10+08:00"),
        camera(a, "2026-11-22T23:59:59+08:00"),
        camera(a, "2026-11-23T00:00:00+08:00"),
        // 2026-11-22 in UTC, the 23rd in Beijing.
        camera(b, "2026-11-23T07:30:00+08:00"),
        sensor(b, "2026-11-23T09:00:00+08:00"));
    byte[] garbage = ("not avro " + u).getBytes(StandardCharsets.UTF_8);
    sendRaw(Topics.SENSOR, a, Instant.parse("2026-11-23T08:00:00+08:00"), garbage);

    List<ConsumerRecord<byte[], byte[]>> onKafka = readFrom(from);
    assertThat(onKafka).hasSize(10);
    int webPort = Platform.freePort();
    ArchiveRunner runner = new ArchiveRunner(config, 2, webPort);
    JobClient job = runner.start(out);
    try {
      awaitArchived(archive, onKafka.size());
      ArchiveProgress progress =
          new ArchiveProgress(new FlinkRest("127.0.0.1:" + webPort), job.getJobID());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  progress
                      .read()
                      .filter(p -> p.records() == onKafka.size() && p.files() > 0)
                      .isPresent());
    } finally {
      runner.stopWithSavepoint(job);
    }

    List<Located> archived = readArchive(archive);
    assertExactlyTheKafkaRecords(archived, onKafka, regionOf);
    assertThat(archived)
        .extracting(Located::dateDir)
        .contains("date=2026-11-22", "date=2026-11-23");
    assertThat(archived)
        .filteredOn(l -> l.record().getRecordType().equals(ArchivedRecords.UNDECODABLE))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.record().getValue()).isEqualTo(ByteBuffer.wrap(garbage));
              assertThat(l.record().getRejectReason()).isEqualTo(DeadLetterReasons.UNDECODABLE);
              assertThat(l.regionDir()).isEqualTo("region=320402");
              assertThat(l.dateDir()).isEqualTo("date=2026-11-23");
            });
    assertThat(archived)
        .filteredOn(l -> l.record().getEventTime().equals(Instant.parse("2026-11-22T23:30:00Z")))
        .singleElement()
        .extracting(Located::dateDir)
        .isEqualTo("date=2026-11-23");
    assertThat(hiddenFiles(archive)).as("nothing left uncommitted").isEmpty();

    // A backlog while it is stopped, then live records after the restart from the savepoint.
    produce(
        dir.resolve("part2.jsonl"),
        out,
        institution(c, "320411"),
        camera(c, "2026-11-23T10:00:00+08:00"),
        attendance(a, "2026-11-23T10:00:05+08:00"));
    ArchiveRunner restarted = new ArchiveRunner(config, 2, Platform.freePort());
    JobClient resumed = restarted.start(out);
    List<ConsumerRecord<byte[], byte[]>> allOnKafka;
    try {
      produce(
          dir.resolve("part3.jsonl"),
          out,
          sensor(b, "2026-11-23T10:01:00+08:00"),
          camera(c, "2026-11-23T10:00:30+08:00"));
      allOnKafka = readFrom(from);
      awaitArchived(archive, allOnKafka.size());
    } finally {
      restarted.stopWithSavepoint(resumed);
    }
    assertThat(log.toString()).contains("resuming from");
    assertThat(allOnKafka).hasSize(15);

    assertExactlyTheKafkaRecords(readArchive(archive), allOnKafka, regionOf);
    assertThat(hiddenFiles(archive)).isEmpty();
  }

  // ---- the archive side ----

  /** An archived record with the partition folders it was found in. */
  private record Located(String dateDir, String regionDir, ArchivedRecord record) {}

  private static List<Located> readArchive(Path archive) throws Exception {
    ArchiveReader reader = new ArchiveReader(archive);
    List<Located> out = new ArrayList<>();
    for (Path file :
        reader.files(
            ArchiveReader.Selection.between(
                Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))) {
      try (Stream<ArchivedRecord> records = ArchiveReader.records(file)) {
        records.forEach(
            r ->
                out.add(
                    new Located(
                        file.getParent().getParent().getFileName().toString(),
                        file.getParent().getFileName().toString(),
                        r)));
      }
    }
    return out;
  }

  /** Waits until the archive holds (at least) {@code expected} records. */
  private static void awaitArchived(Path archive, int expected) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> readArchive(archive).size() >= expected);
  }

  private static List<Path> hiddenFiles(Path archive) throws Exception {
    try (Stream<Path> files = Files.walk(archive)) {
      return files
          .filter(p -> !p.startsWith(archive.resolve(ArchiveLayout.STATE_DIR)))
          .filter(p -> p.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  private static void assertExactlyTheKafkaRecords(
      List<Located> archived,
      List<ConsumerRecord<byte[], byte[]>> onKafka,
      Map<String, String> regionOf) {
    Set<String> ids = new TreeSet<>();
    archived.forEach(l -> ids.add(id(l.record())));
    assertThat(ids).as("no record archived twice").hasSameSizeAs(archived);
    Map<String, ConsumerRecord<byte[], byte[]>> kafkaById = new HashMap<>();
    onKafka.forEach(r -> kafkaById.put(r.topic() + "/" + r.partition() + "@" + r.offset(), r));
    assertThat(ids).isEqualTo(kafkaById.keySet());

    for (Located l : archived) {
      ArchivedRecord r = l.record();
      ConsumerRecord<byte[], byte[]> k = kafkaById.get(id(r));
      assertThat(r.getValue()).as(id(r)).isEqualTo(ByteBuffer.wrap(k.value()));
      assertThat(r.getKey()).as(id(r)).isEqualTo(ByteBuffer.wrap(k.key()));
      assertThat(r.getKafkaTimestamp()).as(id(r)).isEqualTo(Instant.ofEpochMilli(k.timestamp()));
      assertThat(r.getEventTime()).as(id(r)).isEqualTo(eventTime(k));
      String key = new String(k.key(), StandardCharsets.UTF_8);
      String region = k.topic().equals(Topics.RULES) ? ArchiveLayout.RULES : regionOf.get(key);
      String partition = k.topic().equals(Topics.INSTITUTIONS) ? ArchiveLayout.REFERENCE : region;
      assertThat(l.regionDir()).as(id(r)).isEqualTo("region=" + partition);
      assertThat(r.getRegionCode()).as(id(r)).isEqualTo(region);
      assertThat(l.dateDir())
          .as(id(r))
          .isEqualTo(ArchiveLayout.dateDir(ArchiveLayout.date(r.getEventTime())));
    }
  }

  private static String id(ArchivedRecord r) {
    return r.getTopic() + "/" + r.getPartition() + "@" + r.getOffset();
  }

  /** The record's own ts, or the Kafka timestamp for what is not one of our records. */
  private static Instant eventTime(ConsumerRecord<byte[], byte[]> k) {
    try {
      SpecificRecord record = SentinelSerde.decodeAny(k.value());
      return (Instant) record.get(record.getSchema().getField("ts").pos());
    } catch (RuntimeException undecodable) {
      return Instant.ofEpochMilli(k.timestamp());
    }
  }

  // ---- the Kafka side ----

  private void produce(Path file, PrintWriter log, String... lines) throws Exception {
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    assertThat(FileProducer.produce(file, infra.bootstrapServers(), log).refused()).isEmpty();
  }

  private void sendRaw(String topic, String key, Instant timestamp, byte[] value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  timestamp.toEpochMilli(),
                  key.getBytes(StandardCharsets.UTF_8),
                  value))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : ArchiveJob.TOPICS) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }
  }

  /** Every record of the archived topics from {@code from} to their current end. */
  private List<ConsumerRecord<byte[], byte[]>> readFrom(Map<TopicPartition, Long> from) {
    Map<TopicPartition, Long> end = endOffsets();
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  // ---- JSON lines (design.md) ----

  private static String institution(String id, String region) {
    return "{\"type\":\"institution\",\"ts\":\"2026-11-22T06:00:00+08:00\",\"institutionId\":\""
        + id
        + "\",\"name\":\"小星星托育园\",\"regionCode\":\""
        + region
        + "\",\"kind\":\"CENTER\",\"licensedPlaces\":60,\"openTime\":\"07:30\","
        + "\"closeTime\":\"18:00\",\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\","
        + "\"capacity\":15,\"cameraIds\":[\"C1\"]}],"
        + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true}]}";
  }

  private static String camera(String id, String ts) {
    return String.format(
        "{\"type\":\"camera\",\"ts\":\"%s\",\"eventId\":\"%s-C1-%s\",\"institutionId\":\"%s\","
            + "\"cameraId\":\"C1\",\"status\":\"ONLINE\",\"recording\":true,\"retentionDays\":90}",
        ts, id, ts, id);
  }

  private static String attendance(String id, String ts) {
    return String.format(
        "{\"type\":\"attendance\",\"ts\":\"%s\",\"eventId\":\"%s-a-%s\",\"institutionId\":\"%s\","
            + "\"roomId\":\"R1\",\"personId\":\"s-01\",\"role\":\"CAREGIVER\",\"action\":\"ENTER\"}",
        ts, id, ts, id);
  }

  private static String sensor(String id, String ts) {
    return String.format(
        "{\"type\":\"sensor\",\"ts\":\"%s\",\"eventId\":\"%s-T1-%s\",\"institutionId\":\"%s\","
            + "\"roomId\":\"R1\",\"sensorId\":\"T1\",\"metric\":\"TEMPERATURE_C\",\"value\":23.4}",
        ts, id, ts, id);
  }
}
