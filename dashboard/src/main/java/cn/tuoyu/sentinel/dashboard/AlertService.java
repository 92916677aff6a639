package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Alerts in Elasticsearch as the API serves them. Every request goes through {@link Scope#filter};
 * nothing a client sends reaches the query DSL but through typed builders.
 */
final class AlertService {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  private final ElasticsearchClient es;
  private final DashboardConfig config;
  private final Producer<byte[], byte[]> producer;
  private final Supplier<Instant> eventNow;

  AlertService(
      ElasticsearchClient es,
      DashboardConfig config,
      Producer<byte[], byte[]> producer,
      Supplier<Instant> eventNow) {
    this.es = es;
    this.config = config;
    this.producer = producer;
    this.eventNow = eventNow;
  }

  /** Makes sure the audit index exists, with keyword fields. */
  void installAcksIndex() throws IOException {
    if (es.indices().exists(b -> b.index(config.acksIndex())).value()) {
      return;
    }
    try {
      es.indices()
          .create(
              b ->
                  b.index(config.acksIndex())
                      .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                      .mappings(
                          m ->
                              m.dynamic(
                                      co.elastic.clients.elasticsearch._types.mapping.DynamicMapping
                                          .Strict)
                                  .properties("alertId", p -> p.keyword(k -> k))
                                  .properties("regionCode", p -> p.keyword(k -> k))
                                  .properties("institutionId", p -> p.keyword(k -> k))
                                  .properties("by", p -> p.keyword(k -> k))
                                  .properties("agency", p -> p.keyword(k -> k))
                                  .properties("at", p -> p.date(d -> d))
                                  .properties("comment", p -> p.text(t -> t))));
    } catch (ElasticsearchException e) {
      if (!"resource_already_exists_exception".equals(e.error().type())) {
        throw e;
      }
    }
  }

  /** A page of alerts, newest opened first. */
  ObjectNode list(Scope scope, AlertFilters f, int page, int size, String index)
      throws IOException {
    ObjectNode out = JSON.createObjectNode();
    out.put("page", page).put("size", size);
    if (!f.possibleWithin(scope)) {
      out.put("total", 0);
      out.putArray("alerts");
      return out;
    }
    Query q = scope.filter(f.queries());
    SearchResponse<JsonNode> r =
        es.search(
            s ->
                s.index(index)
                    .query(q)
                    .from(page * size)
                    .size(size)
                    .trackTotalHits(t -> t.enabled(true))
                    .sort(o -> o.field(x -> x.field("openedAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(x -> x.field("alertId").order(SortOrder.Asc))),
            JsonNode.class);
    out.put("total", r.hits().total() == null ? r.hits().hits().size() : r.hits().total().value());
    ArrayNode alerts = out.putArray("alerts");
    List<ObjectNode> docs = new ArrayList<>();
    for (Hit<JsonNode> h : r.hits().hits()) {
      docs.add((ObjectNode) h.source());
    }
    overlayAcks(scope, docs);
    docs.forEach(d -> alerts.add(present(d)));
    return out;
  }

  /** One alert with its acknowledgement trail; empty when missing or out of scope. */
  Optional<ObjectNode> get(Scope scope, String alertId, String index) throws IOException {
    Optional<Hit<JsonNode>> hit = find(scope, alertId, index);
    if (hit.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = (ObjectNode) hit.get().source();
    List<ObjectNode> one = new ArrayList<>(List.of(doc));
    overlayAcks(scope, one);
    ObjectNode out = present(doc);
    ArrayNode trail = out.putArray("acks");
    acks(scope, List.of(alertId)).getOrDefault(alertId, List.of()).forEach(trail::add);
    return Optional.of(out);
  }

  /**
   * Acknowledges an alert: the audit document, the alert document (ACKNOWLEDGED, at its current
   * external version so the monitor's next transition still wins), and the ACKNOWLEDGED transition
   * on the alerts topic.
   */
  ObjectNode acknowledge(Scope scope, User user, String alertId, String comment)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      Hit<JsonNode> hit =
          find(scope, alertId, config.alertsAlias()).orElseThrow(ApiException::notFound);
      ObjectNode doc = (ObjectNode) hit.source();
      if ("RESOLVED".equals(doc.path("status").asText())) {
        throw new ApiException(409, "告警已解除，无需确认");
      }
      String at = OffsetDateTime.now(BEIJING).withNano(0).toString();
      ObjectNode acked = doc.deepCopy();
      acked.put("status", "ACKNOWLEDGED");
      acked.put("acknowledgedBy", user.username());
      acked.put("acknowledgedAt", at);
      acked.put("ackComment", comment);
      try {
        es.index(
            i ->
                i.index(hit.index())
                    .id(alertId)
                    .version(hit.version())
                    .versionType(VersionType.ExternalGte)
                    .document(acked));
      } catch (ElasticsearchException e) {
        if (e.status() == 409 && attempt < 3) {
          continue; // the monitor wrote a newer transition meanwhile: read it again
        }
        throw e;
      }
      ObjectNode audit = JSON.createObjectNode();
      audit.put("alertId", alertId);
      audit.put("regionCode", doc.path("regionCode").asText());
      audit.put("institutionId", doc.path("institutionId").asText());
      audit.put("by", user.username());
      if (user.agency() != null) {
        audit.put("agency", user.agency());
      }
      audit.put("at", at);
      audit.put("comment", comment);
      es.index(
          i ->
              i.index(config.acksIndex())
                  .document(audit)
                  .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
      es.indices().refresh(b -> b.index(hit.index()));
      publish(acked);
      return present(acked);
    }
  }

  /** Counts by rule, severity, region (district), status and over time; open institutions. */
  ObjectNode stats(Scope scope, AlertFilters f, Labels labels) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    if (!f.possibleWithin(scope)) {
      for (String k :
          List.of("byRule", "bySeverity", "byRegion", "byStatus", "overTime", "openInstitutions")) {
        out.putArray(k);
      }
      return out;
    }
    Query q = scope.filter(f.queries());
    Query open =
        scope.filter(
            concat(
                f.queries(),
                Query.of(
                    x ->
                        x.terms(
                            t ->
                                t.field("status")
                                    .terms(
                                        v ->
                                            v.value(
                                                List.of(
                                                    FieldValue.of("OPEN"),
                                                    FieldValue.of("ACKNOWLEDGED"))))))));
    boolean daily =
        f.from() != null && f.to() != null && Duration.between(f.from(), f.to()).toDays() > 3;
    SearchResponse<Void> r =
        es.search(
            s ->
                s.index(config.alertsAlias())
                    .size(0)
                    .query(q)
                    .aggregations("byRule", a -> a.terms(t -> t.field("ruleId").size(100)))
                    .aggregations("bySeverity", a -> a.terms(t -> t.field("severity").size(10)))
                    .aggregations("byRegion", a -> a.terms(t -> t.field("regionCode").size(500)))
                    .aggregations("byStatus", a -> a.terms(t -> t.field("status").size(10)))
                    .aggregations(
                        "overTime",
                        a ->
                            a.dateHistogram(
                                h ->
                                    h.field("openedAt")
                                        .calendarInterval(
                                            daily ? CalendarInterval.Day : CalendarInterval.Hour)
                                        .timeZone("+08:00")
                                        .minDocCount(0))),
            Void.class);
    bucketsInto(out.putArray("byRule"), r.aggregations().get("byRule"), labels::rule);
    bucketsInto(out.putArray("bySeverity"), r.aggregations().get("bySeverity"), labels::severity);
    bucketsInto(out.putArray("byRegion"), r.aggregations().get("byRegion"), labels::region);
    bucketsInto(out.putArray("byStatus"), r.aggregations().get("byStatus"), labels::status);
    ArrayNode overTime = out.putArray("overTime");
    for (var b : r.aggregations().get("overTime").dateHistogram().buckets().array()) {
      overTime.addObject().put("t", b.keyAsString()).put("count", b.docCount());
    }
    SearchResponse<Void> inst =
        es.search(
            s ->
                s.index(config.alertsAlias())
                    .size(0)
                    .query(open)
                    .aggregations(
                        "institutions",
                        a ->
                            a.terms(t -> t.field("institutionId").size(1000))
                                .aggregations(
                                    "severity", x -> x.terms(t -> t.field("severity").size(3)))
                                .aggregations(
                                    "doc",
                                    x ->
                                        x.topHits(
                                            h ->
                                                h.size(1)
                                                    .source(
                                                        src ->
                                                            src.filter(
                                                                sf ->
                                                                    sf.includes(
                                                                        "institutionName",
                                                                        "regionCode",
                                                                        "location")))))),
            Void.class);
    ArrayNode opens = out.putArray("openInstitutions");
    for (StringTermsBucket b : inst.aggregations().get("institutions").sterms().buckets().array()) {
      ObjectNode o = opens.addObject();
      o.put("institutionId", b.key().stringValue());
      o.put("count", b.docCount());
      String max = "MINOR";
      for (StringTermsBucket s : b.aggregations().get("severity").sterms().buckets().array()) {
        max = Labels.moreSevere(max, s.key().stringValue());
      }
      o.put("maxSeverity", max);
      var hits = b.aggregations().get("doc").topHits().hits().hits();
      if (!hits.isEmpty() && hits.get(0).source() != null) {
        JsonNode d = hits.get(0).source().to(JsonNode.class);
        o.put("institutionName", d.path("institutionName").asText(""));
        o.put("regionCode", d.path("regionCode").asText(""));
        if (d.hasNonNull("location")) {
          o.put("lat", d.path("location").path("lat").asDouble());
          o.put("lon", d.path("location").path("lon").asDouble());
        }
      }
    }
    return out;
  }

  /** An institution's latest alerts (its timeline), in scope. */
  ArrayNode institutionAlerts(Scope scope, String institutionId) throws IOException {
    Query q =
        scope.filter(
            List.of(Query.of(x -> x.term(t -> t.field("institutionId").value(institutionId)))));
    SearchResponse<JsonNode> r =
        es.search(
            s ->
                s.index(config.alertsAlias())
                    .query(q)
                    .size(200)
                    .sort(o -> o.field(x -> x.field("startedAt").order(SortOrder.Desc))),
            JsonNode.class);
    List<ObjectNode> docs = new ArrayList<>();
    r.hits().hits().forEach(h -> docs.add((ObjectNode) h.source()));
    overlayAcks(scope, docs);
    ArrayNode out = JSON.createArrayNode();
    docs.forEach(d -> out.add(present(d)));
    return out;
  }

  /** Replay runs: {@code sentinel-replay-<runId>} indices with their alert counts. */
  ArrayNode replays() throws IOException {
    ArrayNode out = JSON.createArrayNode();
    var indices =
        es
            .indices()
            .get(g -> g.index(AlertIndices.REPLAY_PREFIX + "*").allowNoIndices(true))
            .indices()
            .keySet()
            .stream()
            .sorted()
            .toList();
    for (String index : indices) {
      long count = es.count(c -> c.index(index)).count();
      out.addObject()
          .put("runId", index.substring(AlertIndices.REPLAY_PREFIX.length()))
          .put("index", index)
          .put("count", count);
    }
    return out;
  }

  /** The latest updatedAt of any alert, to start the overdue clock. */
  Optional<Instant> latestUpdate() throws IOException {
    SearchResponse<Void> r =
        es.search(
            s ->
                s.index(config.alertsAlias())
                    .size(0)
                    .aggregations("latest", a -> a.max(m -> m.field("updatedAt"))),
            Void.class);
    Aggregate a = r.aggregations().get("latest");
    if (a == null
        || a.max().value() == null
        || a.max().value().isNaN()
        || a.max().value().isInfinite()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(a.max().value().longValue()));
  }

  private Optional<Hit<JsonNode>> find(Scope scope, String alertId, String index)
      throws IOException {
    if (alertId.length() > 128) {
      return Optional.empty();
    }
    Query q = scope.filter(List.of(Query.of(x -> x.term(t -> t.field("alertId").value(alertId)))));
    SearchResponse<JsonNode> r =
        es.search(s -> s.index(index).query(q).size(1).version(true), JsonNode.class);
    return r.hits().hits().stream().findFirst();
  }

  /** Each alert's acknowledgements, oldest first, by alertId. */
  private Map<String, List<ObjectNode>> acks(Scope scope, List<String> alertIds)
      throws IOException {
    Map<String, List<ObjectNode>> out = new HashMap<>();
    if (alertIds.isEmpty()) {
      return out;
    }
    List<FieldValue> ids = alertIds.stream().map(FieldValue::of).toList();
    Query q =
        scope.filter(
            List.of(Query.of(x -> x.terms(t -> t.field("alertId").terms(v -> v.value(ids))))));
    SearchResponse<JsonNode> r =
        es.search(
            s ->
                s.index(config.acksIndex())
                    .query(q)
                    .size(1000)
                    .ignoreUnavailable(true)
                    .sort(o -> o.field(x -> x.field("at").order(SortOrder.Asc))),
            JsonNode.class);
    for (Hit<JsonNode> h : r.hits().hits()) {
      ObjectNode a = (ObjectNode) h.source();
      out.computeIfAbsent(a.path("alertId").asText(), k -> new ArrayList<>()).add(a);
    }
    return out;
  }

  /**
   * An alert the monitor updated after an acknowledgement has lost the ack on its document: it is
   * put back from the audit trail (unless the alert is resolved).
   */
  private void overlayAcks(Scope scope, List<ObjectNode> docs) throws IOException {
    List<String> open =
        docs.stream()
            .filter(d -> "OPEN".equals(d.path("status").asText()))
            .map(d -> d.path("alertId").asText())
            .toList();
    Map<String, List<ObjectNode>> acks = acks(scope, open);
    for (ObjectNode d : docs) {
      List<ObjectNode> a = acks.get(d.path("alertId").asText());
      if (a != null && !a.isEmpty() && "OPEN".equals(d.path("status").asText())) {
        ObjectNode last = a.get(a.size() - 1);
        d.put("status", "ACKNOWLEDGED");
        d.put("acknowledgedBy", last.path("by").asText());
        d.put("acknowledgedAt", last.path("at").asText());
        d.put("ackComment", last.path("comment").asText());
      }
    }
  }

  /** The document as the API answers it: plus {@code overdue}. */
  ObjectNode present(ObjectNode doc) {
    ObjectNode out = doc.deepCopy();
    out.put("overdue", overdue(doc));
    return out;
  }

  boolean overdue(JsonNode doc) {
    if (!"OPEN".equals(doc.path("status").asText()) || !doc.hasNonNull("openedAt")) {
      return false;
    }
    try {
      Instant opened = OffsetDateTime.parse(doc.get("openedAt").asText()).toInstant();
      return Duration.between(opened, eventNow.get()).compareTo(config.overdue()) > 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void publish(ObjectNode acked) throws IOException {
    String line = JSON.writeValueAsString(acked);
    Decoded d = new JsonLinesCodec().decodeAlert(line, 1, "dashboard");
    if (!(d instanceof Decoded.Record rec)) {
      throw new IOException("cannot encode the acknowledgement of " + acked.path("alertId"));
    }
    AlertTransition t = (AlertTransition) rec.record();
    t.setStatus(AlertStatus.ACKNOWLEDGED);
    try {
      producer
          .send(
              new ProducerRecord<>(
                  config.alertsTopic(),
                  t.getInstitutionId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  SentinelSerde.encodeAny(t)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while publishing the acknowledgement", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("cannot publish the acknowledgement: " + e.getCause(), e);
    }
  }

  private static void bucketsInto(
      ArrayNode out, Aggregate agg, java.util.function.Function<String, String> label) {
    for (StringTermsBucket b : agg.sterms().buckets().array()) {
      String key = b.key().stringValue();
      out.addObject().put("key", key).put("label", label.apply(key)).put("count", b.docCount());
    }
  }

  private static List<Query> concat(List<Query> a, Query b) {
    List<Query> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }
}
