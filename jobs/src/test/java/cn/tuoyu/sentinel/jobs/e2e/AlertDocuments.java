package cn.tuoyu.sentinel.jobs.e2e;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert documents of one institution in Elasticsearch, as an operator's dashboard sees them.
 */
final class AlertDocuments {
  private AlertDocuments() {}

  /** Every document of {@code institutionId} under the alias, after a refresh. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static List<Map<String, Object>> of(RealInfra infra, String institutionId) throws Exception {
    try (ElasticsearchClient es = infra.elasticsearchClient()) {
      es.indices().refresh(r -> r.index(AlertIndices.ALIAS));
      List<Hit<Map>> hits =
          es.search(
                  s ->
                      s.index(AlertIndices.ALIAS)
                          .size(1000)
                          .query(q -> q.term(t -> t.field("institutionId").value(institutionId))),
                  Map.class)
              .hits()
              .hits();
      List<Map<String, Object>> out = new ArrayList<>();
      for (Hit<Map> h : hits) {
        out.add((Map<String, Object>) h.source());
      }
      return out;
    }
  }

  /** Every document of the given institutions under the alias, after a refresh. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static List<Map<String, Object>> ofInstitutions(RealInfra infra, List<String> institutionIds)
      throws Exception {
    List<co.elastic.clients.elasticsearch._types.FieldValue> ids =
        institutionIds.stream()
            .map(co.elastic.clients.elasticsearch._types.FieldValue::of)
            .toList();
    try (ElasticsearchClient es = infra.elasticsearchClient()) {
      es.indices().refresh(r -> r.index(AlertIndices.ALIAS));
      List<Hit<Map>> hits =
          es.search(
                  s ->
                      s.index(AlertIndices.ALIAS)
                          .size(10_000)
                          .query(
                              q -> q.terms(t -> t.field("institutionId").terms(v -> v.value(ids)))),
                  Map.class)
              .hits()
              .hits();
      List<Map<String, Object>> out = new ArrayList<>();
      for (Hit<Map> h : hits) {
        out.add((Map<String, Object>) h.source());
      }
      return out;
    }
  }

  /** The documents of {@code ruleId}. */
  static List<Map<String, Object>> of(RealInfra infra, String institutionId, String ruleId)
      throws Exception {
    return of(infra, institutionId).stream().filter(d -> ruleId.equals(d.get("ruleId"))).toList();
  }

  /** A time field of a document (ISO-8601 with offset), or null. */
  static Instant time(Map<String, Object> doc, String field) {
    Object v = doc.get(field);
    return v == null ? null : OffsetDateTime.parse(v.toString()).toInstant();
  }
}
