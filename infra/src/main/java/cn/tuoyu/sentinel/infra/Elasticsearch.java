package cn.tuoyu.sentinel.infra;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/** Creates clients of the official {@code elasticsearch-java} API with its default transport. */
public final class Elasticsearch {
  private Elasticsearch() {}

  /** A client for {@code url} (e.g. http://127.0.0.1:9200); close it when done. */
  public static ElasticsearchClient client(String url) {
    return ElasticsearchClient.of(b -> b.host(url));
  }
}
