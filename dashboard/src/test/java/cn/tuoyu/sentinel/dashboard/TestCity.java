package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Severity;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A small city in the real Kafka and Elasticsearch of a test, under names of its own: alerts of two
 * districts (天宁区 320402: institutions A1 and A2; 红桥区 120106: B1), written as the monitor writes
 * them (the export line as the document, external version = sequence + 1, the concrete monthly
 * index under the alias; the transition on the alerts topic), and a dashboard over them.
 */
final class TestCity implements AutoCloseable {
  static final String A1 = "320402-9001";
  static final String A2 = "320402-9002";
  static final String B1 = "120106-9001";
  static final Instant T0 = OffsetDateTime.parse("2026-11-23T09:00:00+08:00").toInstant();

  final RealInfra infra;
  final String alias;
  final String index;
  final String alertsTopic;
  final String institutionsTopic;
  final String acks;
  final ElasticsearchClient es;
  final KafkaProducer<byte[], byte[]> producer;
  final UserStore users;
  final DashboardServer server;

  TestCity(RealInfra infra, Path dir) throws Exception {
    this(infra, dir, 2);
  }

  /** With {@code partitions} partitions of the alerts topic (1: transitions keep their order). */
  TestCity(RealInfra infra, Path dir, int partitions) throws Exception {
    this.infra = infra;
    String u = RealInfra.uniqueName("dash");
    alias = u + "-alerts";
    index = alias + "-2026.11";
    acks = u + "-acks";
    alertsTopic = infra.createTopic(u + "-alerts", partitions);
    institutionsTopic = infra.createTopic(u + "-institutions", 1);
    es = infra.elasticsearchClient();
    JsonNode mappings;
    try (InputStream in =
        RealInfra.class.getResourceAsStream("/elasticsearch/alert-mappings.json")) {
      mappings = new ObjectMapper().readTree(in).path("template").path("mappings");
    }
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.set("mappings", mappings);
    body.putObject("aliases").putObject(alias);
    byte[] json = new ObjectMapper().writeValueAsBytes(body);
    es.indices().create(c -> c.index(index).withJson(new ByteArrayInputStream(json)));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    users = UserStore.open(dir.resolve("users.json"));
    users.add("tn", Role.OPERATOR, "320402", "health", "tianning-pass".toCharArray());
    users.add("hq", Role.OPERATOR, "120106", "police", "hongqiao-pass".toCharArray());
    users.add("js", Role.OPERATOR, "32", "health", "jiangsu-pass".toCharArray());
    users.add("a1", Role.INSTITUTION, A1, null, "institution-pass".toCharArray());
    users.add("an", Role.ANALYST, "", null, "analyst-pass".toCharArray());
    DashboardConfig config =
        DashboardConfig.defaults(dir)
            .withPort(0)
            .withServers(infra.bootstrapServers(), infra.elasticsearchUrl())
            .withNames(alias, alertsTopic, institutionsTopic, acks)
            .withFiles(dir.resolve("users.json"), dir.resolve("webhooks.json"))
            .withWebhookRetries(4, Duration.ofMillis(200));
    server = DashboardServer.start(config);
  }

  /** An alert transition of {@code institution} as the monitor makes it. */
  static AlertTransition alert(
      String id, String institution, String ruleId, AlertStatus status, int sequence, int minute) {
    String region = institution.substring(0, 6);
    Instant started = T0.plus(Duration.ofMinutes(minute));
    AlertTransition.Builder b =
        AlertTransition.newBuilder()
            .setAlertId(id)
            .setRuleId(ruleId)
            .setSeverity(Severity.CRITICAL)
            .setStatus(status)
            .setInstitutionId(institution)
            .setRegionCode(region)
            .setRoomId("R1")
            .setStartedAt(started)
            .setOpenedAt(started.plusSeconds(20))
            .setUpdatedAt(started.plusSeconds(20 + 60L * sequence))
            .setMessage("托小班 R1：3名幼儿在场，无照护人员")
            .setDetails(Map.of("children", 3L))
            .setSequence(sequence)
            .setInstitutionName(institution.startsWith("320402") ? "天宁区小星星托育园" : "红桥区阳光托育园")
            .setLocation(
                institution.startsWith("320402")
                    ? new GeoPoint(31.78, 119.97)
                    : new GeoPoint(39.17, 117.15));
    if (status == AlertStatus.RESOLVED) {
      b.setResolvedAt(started.plusSeconds(20 + 60L * sequence));
    }
    return b.build();
  }

  /** Writes the alert document as the monitor's sink does. */
  void index(AlertTransition t) throws Exception {
    byte[] source = new JsonLinesCodec().encode(t).getBytes(StandardCharsets.UTF_8);
    es.index(
        i ->
            i.index(index)
                .id(t.getAlertId())
                .version(t.getSequence() + 1L)
                .versionType(VersionType.External)
                .document(BinaryData.of(source, ContentType.APPLICATION_JSON))
                .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
  }

  /** Publishes the transition on the test's alerts topic. */
  void publish(AlertTransition t) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                alertsTopic,
                t.getInstitutionId().getBytes(StandardCharsets.UTF_8),
                SentinelSerde.encodeAny(t)))
        .get();
  }

  /** Both: what the monitor does for one transition. */
  void monitor(AlertTransition t) throws Exception {
    index(t);
    publish(t);
  }

  String url() {
    return server.url();
  }

  @Override
  public void close() throws Exception {
    server.close();
    producer.close(Duration.ofSeconds(5));
    es.close();
  }
}
