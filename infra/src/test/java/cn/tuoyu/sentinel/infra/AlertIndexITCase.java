package cn.tuoyu.sentinel.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The alert template, alias and versioned upserts on the real Elasticsearch. */
@ExtendWith(RealInfraExtension.class)
class AlertIndexITCase {
  private final RealInfra infra;
  private ElasticsearchClient client;
  private String index;

  AlertIndexITCase(RealInfra infra) {
    this.infra = infra;
  }

  @BeforeEach
  void setUp() {
    client = infra.elasticsearchClient();
    // Matches the template's pattern (sentinel-alerts-*) but is this test's own.
    index = RealInfra.uniqueName(AlertIndices.ALIAS + "-it");
  }

  @AfterEach
  void tearDown() throws IOException {
    client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
    client.close();
  }

  @Test
  void templateGivesExplicitMappingsAndJoinsTheAlias() throws IOException {
    client.indices().create(c -> c.index(index));

    Map<String, Property> props =
        client.indices().getMapping(g -> g.index(index)).get(index).mappings().properties();
    assertThat(props.get("alertId").isKeyword()).isTrue();
    assertThat(props.get("regionCode").isKeyword()).isTrue();
    assertThat(props.get("institutionId").isKeyword()).isTrue();
    assertThat(props.get("startedAt").isDate()).isTrue();
    assertThat(props.get("resolvedAt").isDate()).isTrue();
    assertThat(props.get("location").isGeoPoint()).isTrue();
    assertThat(props.get("details").isFlattened()).isTrue();
    assertThat(AlertIndexAdmin.aliasIndices(client)).contains(index);

    // Mappings are strict: a misspelt field is refused instead of silently creating a new one.
    Map<String, Object> typo = alert("a-typo", "OPEN", 0);
    typo.put("regioncode", "320402");
    assertThatThrownBy(() -> client.index(i -> i.index(index).id("a-typo").document(typo)))
        .isInstanceOf(ElasticsearchException.class)
        .hasMessageContaining("strict_dynamic_mapping_exception");
  }

  @Test
  void upsertByIdUpdatesAndIsFoundThroughTheAlias() throws IOException {
    String alertId = RealInfra.uniqueName("alert");

    index(alertId, alert(alertId, "OPEN", 0), 1);
    awaitStatusThroughAlias(alertId, "OPEN");

    Map<String, Object> resolved = alert(alertId, "RESOLVED", 1);
    resolved.put("resolvedAt", "2026-11-23T09:05:00+08:00");
    index(alertId, resolved, 2);
    awaitStatusThroughAlias(alertId, "RESOLVED");

    // A stale transition (lower version) arriving late is refused and changes nothing.
    assertThatThrownBy(() -> index(alertId, alert(alertId, "OPEN", 0), 1))
        .isInstanceOf(ElasticsearchException.class)
        .satisfies(e -> assertThat(((ElasticsearchException) e).status()).isEqualTo(409));
    client.indices().refresh(r -> r.index(index));
    List<Hit<Map>> hits = searchByAlertId(alertId).hits().hits();
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).index()).isEqualTo(index);
    assertThat(hits.get(0).source())
        .containsEntry("status", "RESOLVED")
        .containsEntry("sequence", 1);
  }

  private void index(String id, Map<String, Object> doc, long version) throws IOException {
    client.index(
        i ->
            i.index(index).id(id).version(version).versionType(VersionType.External).document(doc));
  }

  private void awaitStatusThroughAlias(String alertId, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<Hit<Map>> hits = searchByAlertId(alertId).hits().hits();
              assertThat(hits).hasSize(1);
              assertThat(hits.get(0).source()).containsEntry("status", status);
            });
  }

  @SuppressWarnings("rawtypes")
  private SearchResponse<Map> searchByAlertId(String alertId) throws IOException {
    return client.search(
        s -> s.index(AlertIndices.ALIAS).query(q -> q.term(t -> t.field("alertId").value(alertId))),
        Map.class);
  }

  private static Map<String, Object> alert(String alertId, String status, int sequence) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("alertId", alertId);
    doc.put("ruleId", "ROOM_UNATTENDED");
    doc.put("severity", "CRITICAL");
    doc.put("status", status);
    doc.put("institutionId", "320402-0007");
    doc.put("institutionName", "天宁区小星星托育园");
    doc.put("regionCode", "320402");
    doc.put("roomId", "R1");
    doc.put("startedAt", "2026-11-23T09:00:00+08:00");
    doc.put("openedAt", "2026-11-23T09:00:30+08:00");
    doc.put("updatedAt", "2026-11-23T09:00:30+08:00");
    doc.put("message", "托小班R1有2名婴幼儿无照护人员在场");
    doc.put("details", Map.of("children", 2, "caregivers", 0));
    doc.put("sequence", sequence);
    doc.put("location", Map.of("lat", 31.78, "lon", 119.97));
    return doc;
  }
}
