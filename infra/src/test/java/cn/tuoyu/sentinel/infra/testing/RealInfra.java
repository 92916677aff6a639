package cn.tuoyu.sentinel.infra.testing;

import cn.tuoyu.sentinel.infra.Elasticsearch;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.LocalInfra;
import cn.tuoyu.sentinel.infra.TopicAdmin;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The real Kafka and Elasticsearch a test JVM shares, started by {@link RealInfraExtension} through
 * the same {@link LocalInfra} code the CLI uses, on free ports so a running demo is never touched.
 * Tests isolate themselves by name: {@link #uniqueName} for topics and indices.
 */
public final class RealInfra {
  private final LocalInfra infra;

  RealInfra(LocalInfra infra) {
    this.infra = infra;
  }

  public InfraConfig config() {
    return infra.config();
  }

  public LocalInfra localInfra() {
    return infra;
  }

  public String bootstrapServers() {
    return infra.config().kafkaBootstrap();
  }

  public String elasticsearchUrl() {
    return infra.config().elasticsearchUrl();
  }

  /** A new client of the real Elasticsearch; close it. */
  public ElasticsearchClient elasticsearchClient() {
    return Elasticsearch.client(elasticsearchUrl());
  }

  /** {@code prefix} plus a random suffix, lower case: valid as a topic or index name. */
  public static String uniqueName(String prefix) {
    return (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
  }

  /** Creates a fresh topic with {@code partitions} partitions and returns its name. */
  public String createTopic(String prefix, int partitions) {
    String name = uniqueName(prefix);
    TopicAdmin.create(bootstrapServers(), List.of(TopicAdmin.newTopic(name, partitions, false)));
    return name;
  }
}
