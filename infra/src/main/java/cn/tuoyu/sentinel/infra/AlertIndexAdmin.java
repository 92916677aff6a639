package cn.tuoyu.sentinel.infra;

import cn.tuoyu.sentinel.contract.AlertIndices;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Installs the alert mappings in Elasticsearch: a component template with the explicit mappings of
 * design.md, an index template for the live monthly indices that joins them to the {@value
 * AlertIndices#ALIAS} alias, and one for replay indices (no alias: replays must never show up on
 * operators' dashboards). Idempotent: templates are overwritten with the same content.
 */
public final class AlertIndexAdmin {
  /** Component template holding the shared mappings. */
  public static final String COMPONENT = "sentinel-alert-mappings";

  /** Index template for replays. */
  public static final String REPLAY_TEMPLATE = "sentinel-replay";

  private AlertIndexAdmin() {}

  /**
   * Puts the templates and makes sure the alias exists by creating the current month's index.
   *
   * @return the concrete index that now backs the alias for this month
   */
  public static String install(ElasticsearchClient client, Instant now) throws IOException {
    try (InputStream mappings = mappings()) {
      client.cluster().putComponentTemplate(b -> b.name(COMPONENT).withJson(mappings));
    }
    client
        .indices()
        .putIndexTemplate(
            b ->
                b.name(AlertIndices.TEMPLATE)
                    .indexPatterns(AlertIndices.PATTERN)
                    .composedOf(COMPONENT)
                    .priority(200L)
                    .template(t -> t.aliases(AlertIndices.ALIAS, a -> a))
                    .meta("description", jsonString("Live alerts, monthly by startedAt")));
    client
        .indices()
        .putIndexTemplate(
            b ->
                b.name(REPLAY_TEMPLATE)
                    .indexPatterns(AlertIndices.REPLAY_PREFIX + "*")
                    .composedOf(COMPONENT)
                    .priority(200L)
                    .meta("description", jsonString("Analysts' replay runs, one index per run")));
    String index = AlertIndices.monthlyIndex(now);
    if (!client.indices().exists(b -> b.index(index)).value()) {
      try {
        client.indices().create(b -> b.index(index));
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    }
    return index;
  }

  /** True when both index templates and the component template are installed. */
  public static boolean isInstalled(ElasticsearchClient client) throws IOException {
    return client.cluster().existsComponentTemplate(b -> b.name(COMPONENT)).value()
        && client.indices().existsIndexTemplate(b -> b.name(AlertIndices.TEMPLATE)).value()
        && client.indices().existsIndexTemplate(b -> b.name(REPLAY_TEMPLATE)).value();
  }

  /** The concrete indices behind the alias (empty if the alias does not exist). */
  public static List<String> aliasIndices(ElasticsearchClient client) throws IOException {
    if (!client.indices().existsAlias(b -> b.name(AlertIndices.ALIAS)).value()) {
      return List.of();
    }
    return client.indices().getAlias(b -> b.name(AlertIndices.ALIAS)).aliases().keySet().stream()
        .sorted()
        .toList();
  }

  private static InputStream mappings() {
    InputStream in =
        AlertIndexAdmin.class.getResourceAsStream("/elasticsearch/alert-mappings.json");
    if (in == null) {
      throw new IllegalStateException("alert-mappings.json missing from the infra jar");
    }
    return in;
  }

  private static co.elastic.clients.json.JsonData jsonString(String s) {
    return co.elastic.clients.json.JsonData.of(s);
  }
}
