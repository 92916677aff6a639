package cn.tuoyu.sentinel.dashboard;

import static cn.tuoyu.sentinel.dashboard.TestCity.A1;
import static cn.tuoyu.sentinel.dashboard.TestCity.A2;
import static cn.tuoyu.sentinel.dashboard.TestCity.B1;
import static cn.tuoyu.sentinel.dashboard.TestCity.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation through the API on the real Kafka and Elasticsearch: alerts of 天宁区 (A1, A2) and
 * 红桥区 (B1); operators of each district, of the province 江苏 (32), the institution A1 and an analyst.
 * No read, count, stream event or acknowledgement crosses a scope; unauthenticated → 401, out of
 * scope → 404.
 */
@ExtendWith(RealInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardApiITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RealInfra infra;
  private TestCity city;
  private final AlertTransition a1Room =
      alert("a1-room", A1, "ROOM_UNATTENDED", AlertStatus.OPEN, 0, 0);
  private final AlertTransition a1Smoke =
      alert("a1-smoke", A1, "SMOKE_DETECTED", AlertStatus.OPEN, 0, 5);
  private final AlertTransition a2Ratio =
      alert("a2-ratio", A2, "RATIO_BELOW_STANDARD", AlertStatus.OPEN, 0, 10);
  private final AlertTransition a2Done =
      alert("a2-done", A2, "CAMERA_OFFLINE", AlertStatus.RESOLVED, 1, 15);
  private final AlertTransition b1Room =
      alert("b1-room", B1, "ROOM_UNATTENDED", AlertStatus.OPEN, 0, 20);

  DashboardApiITCase(RealInfra infra) {
    this.infra = infra;
  }

  @BeforeAll
  void startTheCity(@TempDir Path dir) throws Exception {
    city = new TestCity(infra, dir);
    for (AlertTransition t : List.of(a1Room, a1Smoke, a2Ratio, a2Done, b1Room)) {
      city.index(t);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (city != null) {
      city.close();
    }
  }

  private Client as(String user, String password) throws Exception {
    return Client.loggedIn(city.url(), user, password);
  }

  private static List<String> ids(Client.Answer a) {
    List<String> out = new ArrayList<>();
    a.body().path("alerts").forEach(n -> out.add(n.path("alertId").asText()));
    return out;
  }

  @Test
  void everyEndpointNeedsALogin() throws Exception {
    Client anonymous = new Client(city.url());
    for (String path :
        List.of(
            "/api/alerts",
            "/api/alerts/a1-room",
            "/api/stats",
            "/api/me",
            "/api/institutions/" + A1,
            "/api/replays",
            "/api/webhooks",
            "/api/labels")) {
      assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
    }
    assertThat(anonymous.streamStatus()).isEqualTo(401);
    assertThat(anonymous.post("/api/alerts/a1-room/ack", JSON.createObjectNode()).status())
        .isEqualTo(401);
    assertThat(new Client(city.url()).bearer("stk_forged").get("/api/alerts").status())
        .isEqualTo(401);
    assertThat(anonymous.get("/").status()).as("the UI itself holds no data").isEqualTo(200);
  }

  @Test
  void eachUserListsAndCountsOnlyTheirScope() throws Exception {
    Client tn = as("tn", "tianning-pass");
    Client hq = as("hq", "hongqiao-pass");
    Client js = as("js", "jiangsu-pass");
    Client a1 = as("a1", "institution-pass");
    Client an = as("an", "analyst-pass");

    assertThat(ids(tn.get("/api/alerts?status=")))
        .containsExactlyInAnyOrder("a1-room", "a1-smoke", "a2-ratio", "a2-done");
    assertThat(ids(js.get("/api/alerts?status=")))
        .containsExactlyInAnyOrder("a1-room", "a1-smoke", "a2-ratio", "a2-done");
    assertThat(ids(hq.get("/api/alerts?status="))).containsExactly("b1-room");
    assertThat(ids(a1.get("/api/alerts?status="))).containsExactlyInAnyOrder("a1-room", "a1-smoke");
    assertThat(ids(an.get("/api/alerts?status="))).hasSize(5);
    // Client parameters narrow, never widen.
    assertThat(tn.get("/api/alerts?region=120106").body().path("total").asLong()).isZero();
    assertThat(tn.get("/api/alerts?region=12").body().path("total").asLong()).isZero();
    assertThat(a1.get("/api/alerts?institutionId=" + B1).body().path("total").asLong()).isZero();
    assertThat(
            ids(
                tn.get(
                    "/api/alerts?status=OPEN,ACKNOWLEDGED&ruleId=ROOM_UNATTENDED,CAMERA_OFFLINE")))
        .containsExactly("a1-room");
    assertThat(tn.get("/api/alerts?severity=BAD").status()).isEqualTo(400);

    JsonNode tnStats = tn.get("/api/stats?status=").body();
    assertThat(tnStats.path("byRegion")).hasSize(1);
    assertThat(tnStats.path("byRegion").get(0).path("key").asText()).isEqualTo("320402");
    assertThat(tnStats.path("byRegion").get(0).path("label").asText()).isEqualTo("天宁区");
    assertThat(sum(tnStats.path("byRule"))).isEqualTo(4);
    JsonNode hqStats = hq.get("/api/stats?status=").body();
    assertThat(sum(hqStats.path("byRule"))).isEqualTo(1);
    assertThat(hqStats.path("openInstitutions")).hasSize(1);
    assertThat(hqStats.path("openInstitutions").get(0).path("institutionId").asText())
        .isEqualTo(B1);
    JsonNode a1Stats = a1.get("/api/stats?status=").body();
    assertThat(sum(a1Stats.path("bySeverity"))).isEqualTo(2);
  }

  @Test
  void outOfScopeIdsAnswer404() throws Exception {
    Client tn = as("tn", "tianning-pass");
    Client hq = as("hq", "hongqiao-pass");
    Client a1 = as("a1", "institution-pass");

    assertThat(tn.get("/api/alerts/b1-room").status()).isEqualTo(404);
    assertThat(hq.get("/api/alerts/a1-room").status()).isEqualTo(404);
    assertThat(a1.get("/api/alerts/a2-ratio").status()).isEqualTo(404);
    assertThat(tn.get("/api/alerts/no-such-alert").status()).isEqualTo(404);
    assertThat(hq.get("/api/alerts/b1-room").status()).isEqualTo(200);
    assertThat(tn.get("/api/institutions/" + B1).status()).isEqualTo(404);
    assertThat(a1.get("/api/institutions/" + A2).status()).isEqualTo(404);
    Client.Answer own = a1.get("/api/institutions/" + A1);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body().path("alerts")).hasSize(2);
    assertThat(tn.get("/api/replays").status()).as("replays are for analysts").isEqualTo(403);
  }

  @Test
  void acknowledgementsStayInScopeAndLeaveATrailTheTopicAndTheMonitorsLaterWordStand()
      throws Exception {
    Client tn = as("tn", "tianning-pass");
    Client hq = as("hq", "hongqiao-pass");
    Client an = as("an", "analyst-pass");
    var comment = JSON.createObjectNode().put("comment", "已电话联系园长，保育员已返回");

    assertThat(hq.post("/api/alerts/a1-smoke/ack", comment).status()).isEqualTo(404);
    assertThat(an.post("/api/alerts/a1-smoke/ack", comment).status()).isEqualTo(403);
    assertThat(tn.get("/api/alerts/a1-smoke").body().path("status").asText()).isEqualTo("OPEN");

    Client.Answer acked = tn.post("/api/alerts/a1-smoke/ack", comment);
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.body().path("status").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(acked.body().path("acknowledgedBy").asText()).isEqualTo("tn");
    JsonNode detail = tn.get("/api/alerts/a1-smoke").body();
    assertThat(detail.path("status").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(detail.path("acks")).hasSize(1);
    assertThat(detail.path("acks").get(0).path("comment").asText()).isEqualTo("已电话联系园长，保育员已返回");
    assertThat(detail.path("acks").get(0).path("agency").asText()).isEqualTo("health");
    var doc = city.es.get(g -> g.index(city.index).id("a1-smoke"), JsonNode.class);
    assertThat(doc.source().path("status").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(acknowledgedOnTopic("a1-smoke")).isTrue();

    // The monitor's next transition (sequence 1, version 2) still wins.
    city.index(alert("a1-smoke", A1, "SMOKE_DETECTED", AlertStatus.RESOLVED, 1, 5));
    assertThat(tn.get("/api/alerts/a1-smoke").body().path("status").asText()).isEqualTo("RESOLVED");
    assertThat(tn.post("/api/alerts/a1-smoke/ack", comment).status()).isEqualTo(409);
    assertThat(hq.get("/api/alerts/a1-smoke").status()).isEqualTo(404);
  }

  @Test
  void theLiveStreamCarriesOnlyTransitionsInScope() throws Exception {
    List<JsonNode> tn = as("tn", "tianning-pass").stream();
    List<JsonNode> hq = as("hq", "hongqiao-pass").stream();
    List<JsonNode> a1 = as("a1", "institution-pass").stream();

    city.publish(alert("s-a2", A2, "CO2_HIGH", AlertStatus.OPEN, 0, 30));
    city.publish(alert("s-b1", B1, "CO2_HIGH", AlertStatus.OPEN, 0, 31));
    city.publish(alert("s-a1", A1, "CO2_HIGH", AlertStatus.OPEN, 0, 32));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(streamIds(tn)).contains("s-a2", "s-a1"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(streamIds(hq)).contains("s-b1"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(streamIds(a1)).contains("s-a1"));
    assertThat(streamIds(tn)).doesNotContain("s-b1");
    assertThat(streamIds(hq)).doesNotContain("s-a1", "s-a2");
    assertThat(streamIds(a1)).doesNotContain("s-a2", "s-b1");
  }

  @Test
  void loginsAreRateLimitedAndTokensWorkForMachines() throws Exception {
    Client c = new Client(city.url());
    for (int i = 0; i < 5; i++) {
      assertThat(c.login("hq", "wrong-" + i).status()).isEqualTo(401);
    }
    Client.Answer blocked = c.login("hq", "hongqiao-pass");
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.body().path("error").asText()).contains("登录尝试过多");
    assertThat(new Client(city.url()).login("tn", "nope").body().path("error").asText())
        .isEqualTo("用户名或密码错误");

    String token = city.users.newToken("js");
    Client machine = new Client(city.url()).bearer(token);
    assertThat(ids(machine.get("/api/alerts?status="))).allMatch(id -> !id.startsWith("b1"));
    assertThat(machine.get("/api/alerts/b1-room").status()).isEqualTo(404);
  }

  @Test
  void aWebhookGetsItsInstitutionsTransitionsSignedAndRetried() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> signatures = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          boolean fail = calls.incrementAndGet() == 1; // the first delivery fails: it is retried
          if (!fail) {
            bodies.add(new String(body, StandardCharsets.UTF_8));
            signatures.add(ex.getRequestHeaders().getFirst("X-Sentinel-Signature"));
          }
          ex.sendResponseHeaders(fail ? 500 : 204, -1);
          ex.close();
        });
    receiver.start();
    try {
      Client a1 = as("a1", "institution-pass");
      Client.Answer hook =
          a1.post(
              "/api/webhooks",
              JSON.createObjectNode()
                  .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
      assertThat(hook.status()).isEqualTo(201);
      String secret = hook.body().path("secret").asText();
      assertThat(as("tn", "tianning-pass").get("/api/webhooks").status()).isEqualTo(403);

      city.publish(alert("w-b1", B1, "SMOKE_DETECTED", AlertStatus.OPEN, 0, 40));
      city.publish(alert("w-a1", A1, "SMOKE_DETECTED", AlertStatus.OPEN, 0, 41));

      await().atMost(Duration.ofSeconds(30)).until(() -> !bodies.isEmpty());
      assertThat(calls.get()).isGreaterThanOrEqualTo(2);
      assertThat(JSON.readTree(bodies.get(0)).path("alertId").asText()).isEqualTo("w-a1");
      assertThat(signatures.get(0)).isEqualTo("sha256=" + Webhooks.sign(secret, bodies.get(0)));
      assertThat(bodies).noneMatch(b -> b.contains("w-b1"));
    } finally {
      receiver.stop(0);
    }
  }

  private static long sum(JsonNode buckets) {
    long n = 0;
    for (JsonNode b : buckets) {
      n += b.path("count").asLong();
    }
    return n;
  }

  private static List<String> streamIds(List<JsonNode> events) {
    return events.stream().map(e -> e.path("alertId").asText()).toList();
  }

  private boolean acknowledgedOnTopic(String alertId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(city.alertsTopic).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
          if (SentinelSerde.decodeAny(r.value()) instanceof AlertTransition t
              && t.getAlertId().equals(alertId)
              && t.getStatus() == AlertStatus.ACKNOWLEDGED
              && "tn".equals(t.getAcknowledgedBy())) {
            return true;
          }
        }
        if (parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
          return false;
        }
      }
      return false;
    }
  }
}
