package cn.tuoyu.sentinel.dashboard;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The narrowing filters a client may ask for ({@code status, ruleId, severity, region,
 * institutionId, from, to}), checked and turned into typed queries. They only ever narrow the
 * user's {@link Scope}.
 */
record AlertFilters(
    List<String> statuses,
    List<String> ruleIds,
    List<String> severities,
    String region,
    String institutionId,
    Instant from,
    Instant to) {
  private static final Set<String> STATUSES = Set.of("OPEN", "ACKNOWLEDGED", "RESOLVED");
  private static final Set<String> SEVERITIES = Set.of("CRITICAL", "MAJOR", "MINOR");

  static AlertFilters parse(Map<String, String> q) {
    List<String> statuses = list(q.get("status"));
    for (String s : statuses) {
      if (!STATUSES.contains(s)) {
        throw ApiException.badRequest("status 只能是 OPEN、ACKNOWLEDGED、RESOLVED");
      }
    }
    List<String> severities = list(q.get("severity"));
    for (String s : severities) {
      if (!SEVERITIES.contains(s)) {
        throw ApiException.badRequest("severity 只能是 CRITICAL、MAJOR、MINOR");
      }
    }
    List<String> rules = list(q.get("ruleId"));
    for (String r : rules) {
      if (!r.matches("[A-Z0-9_]{1,64}")) {
        throw ApiException.badRequest("ruleId");
      }
    }
    String region = q.getOrDefault("region", "").strip();
    if (!region.matches("\\d{0,6}")) {
      throw ApiException.badRequest("region 是最多 6 位的行政区划代码前缀");
    }
    String inst = q.getOrDefault("institutionId", "").strip();
    if (inst.length() > 128) {
      throw ApiException.badRequest("institutionId");
    }
    return new AlertFilters(
        statuses,
        rules,
        severities,
        region,
        inst,
        time(q.get("from"), "from"),
        time(q.get("to"), "to"));
  }

  /** Whether these filters can match anything the scope admits. */
  boolean possibleWithin(Scope scope) {
    return region.isEmpty() || scope.overlapsRegion(region);
  }

  List<Query> queries() {
    List<Query> out = new ArrayList<>();
    terms(out, "status", statuses);
    terms(out, "ruleId", ruleIds);
    terms(out, "severity", severities);
    if (!region.isEmpty()) {
      out.add(Scope.regionPrefix(region));
    }
    if (!institutionId.isEmpty()) {
      out.add(Query.of(x -> x.term(t -> t.field("institutionId").value(institutionId))));
    }
    if (from != null || to != null) {
      out.add(
          Query.of(
              x ->
                  x.range(
                      r ->
                          r.date(
                              d -> {
                                d.field("openedAt");
                                if (from != null) {
                                  d.gte(from.toString());
                                }
                                if (to != null) {
                                  d.lt(to.toString());
                                }
                                return d;
                              }))));
    }
    return out;
  }

  private static void terms(List<Query> out, String field, List<String> values) {
    if (!values.isEmpty()) {
      List<FieldValue> v = values.stream().map(FieldValue::of).toList();
      out.add(Query.of(x -> x.terms(t -> t.field(field).terms(tv -> tv.value(v)))));
    }
  }

  private static List<String> list(String s) {
    if (s == null || s.isBlank()) {
      return List.of();
    }
    return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  static Instant time(String s, String name) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s.strip());
      } catch (DateTimeParseException e2) {
        throw ApiException.badRequest(name + " 应为 ISO-8601 时间，如 2026-11-23T08:00:00+08:00");
      }
    }
  }
}
