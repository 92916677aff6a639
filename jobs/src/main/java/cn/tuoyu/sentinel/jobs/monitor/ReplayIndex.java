package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.infra.AlertIndexAdmin;
import cn.tuoyu.sentinel.infra.Elasticsearch;
import cn.tuoyu.sentinel.pipeline.sink.elasticsearch.AlertDocument;
import cn.tuoyu.sentinel.pipeline.sink.elasticsearch.AlertDocumentConverter;
import cn.tuoyu.sentinel.pipeline.sink.elasticsearch.IndexNaming;
import cn.tuoyu.sentinel.schema.AlertTransition;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A replay's alerts in Elasticsearch: index {@code sentinel-replay-<runId>} (the replay template's
 * mappings, the same as live), one document per alert — its latest state, written as the live sink
 * writes (id = alertId, external version = sequence + 1) — so dashboards and {@code diff} read a
 * replay run exactly like the live alerts.
 */
public final class ReplayIndex {
  private static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.of("Asia/Shanghai"));
  private static final int BATCH = 2_000;

  private ReplayIndex() {}

  /** A new run id: the Beijing time of the run and four random hex digits. */
  public static String newRunId(Instant now) {
    byte[] random = new byte[2];
    new SecureRandom().nextBytes(random);
    return STAMP.format(now) + "-" + HexFormat.of().formatHex(random);
  }

  /** Whether {@code runId} can name a replay index (lower case letters, digits, - and _). */
  public static boolean isRunId(String runId) {
    return runId != null && RUN_ID.matcher(runId).matches();
  }

  /** The index of a run. */
  public static String index(String runId) {
    if (!isRunId(runId)) {
      throw new IllegalArgumentException(
          "a run id is up to 64 lower-case letters, digits, '-' and '_', got '" + runId + "'");
    }
    return AlertIndices.REPLAY_PREFIX + runId;
  }

  /**
   * Writes the latest state of every alert of {@code transitions} into the run's new index and
   * makes it searchable; returns the number of alerts.
   *
   * @throws IllegalStateException if the run's index exists already, or a write was refused
   */
  public static int write(String elasticsearchUrl, String runId, List<AlertTransition> transitions)
      throws IOException {
    String index = index(runId);
    Map<String, AlertTransition> latest = new HashMap<>();
    for (AlertTransition t : transitions) {
      latest.merge(t.getAlertId(), t, (a, b) -> b.getSequence() >= a.getSequence() ? b : a);
    }
    AlertDocumentConverter converter = new AlertDocumentConverter(IndexNaming.fixed(index));
    try (ElasticsearchClient client = Elasticsearch.client(elasticsearchUrl)) {
      AlertIndexAdmin.install(client, Instant.now());
      if (client.indices().exists(b -> b.index(index)).value()) {
        throw new IllegalStateException(
            "replay run " + runId + " exists already (index " + index + "); choose another id");
      }
      client.indices().create(b -> b.index(index));
      List<AlertTransition> all = new ArrayList<>(latest.values());
      for (int from = 0; from < all.size(); from += BATCH) {
        List<BulkOperation> ops = new ArrayList<>();
        for (AlertTransition t : all.subList(from, Math.min(all.size(), from + BATCH))) {
          AlertDocument d = converter.convert(t);
          BinaryData source = BinaryData.of(d.source(), ContentType.APPLICATION_JSON);
          ops.add(
              BulkOperation.of(
                  o ->
                      o.index(
                          i ->
                              i.index(d.index())
                                  .id(d.id())
                                  .version(d.version())
                                  .versionType(VersionType.External)
                                  .document(source))));
        }
        BulkResponse response = client.bulk(b -> b.operations(ops));
        if (response.errors()) {
          BulkResponseItem failed =
              response.items().stream().filter(i -> i.error() != null).findFirst().orElseThrow();
          throw new IllegalStateException(
              "Elasticsearch refused alert " + failed.id() + ": " + failed.error().reason());
        }
      }
      client.indices().refresh(b -> b.index(index));
      return all.size();
    }
  }

  /**
   * The alerts of a run as export lines (design.md), one per alert — its latest state — sorted by
   * alertId; what {@code diff} compares.
   *
   * @throws IllegalArgumentException if there is no such run
   */
  public static List<String> read(String elasticsearchUrl, String runId) throws IOException {
    String index = index(runId);
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try (ElasticsearchClient client = Elasticsearch.client(elasticsearchUrl)) {
      if (!client.indices().exists(b -> b.index(index)).value()) {
        throw new IllegalArgumentException(
            "no replay run " + runId + " (index " + index + ") in " + elasticsearchUrl);
      }
      String after = null;
      while (true) {
        String from = after;
        var response =
            client.search(
                s -> {
                  s.index(index)
                      .size(1_000)
                      .sort(o -> o.field(f -> f.field("alertId")))
                      .query(q -> q.matchAll(m -> m));
                  if (from != null) {
                    s.searchAfter(v -> v.stringValue(from));
                  }
                  return s;
                },
                JsonNode.class);
        var hits = response.hits().hits();
        if (hits.isEmpty()) {
          return out;
        }
        for (var h : hits) {
          out.add(json.writeValueAsString(h.source()));
        }
        after = hits.get(hits.size() - 1).id();
      }
    }
  }
}
