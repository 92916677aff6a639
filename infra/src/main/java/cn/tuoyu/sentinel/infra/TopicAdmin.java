package cn.tuoyu.sentinel.infra;

import cn.tuoyu.sentinel.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics of design.md (and test topics) on a running broker; idempotent. */
public final class TopicAdmin {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicAdmin() {}

  /**
   * Creates every topic of {@link Topics#ALL} that does not exist yet, compacting the reference and
   * rules topics.
   *
   * @return the names created now (empty when all existed)
   */
  public static List<String> createSentinelTopics(String bootstrap, int partitions) {
    List<NewTopic> topics = new ArrayList<>();
    for (Topics.TopicSpec spec : Topics.ALL) {
      topics.add(newTopic(spec.name(), partitions, spec.compacted()));
    }
    return create(bootstrap, topics);
  }

  /** Creates plain (or compacted) topics, e.g. a test's own; existing ones are left alone. */
  public static List<String> create(String bootstrap, Collection<NewTopic> topics) {
    List<String> created = new ArrayList<>();
    try (Admin admin = KafkaNode.admin(bootstrap, TIMEOUT)) {
      var result = admin.createTopics(topics);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new InfraException(
                "Could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraException("Interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new InfraException("Kafka did not confirm topic creation within " + TIMEOUT, e);
    }
    return created;
  }

  /** A topic with replication factor 1 (single local node), compacted if asked. */
  public static NewTopic newTopic(String name, int partitions, boolean compacted) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1);
    if (compacted) {
      topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    return topic;
  }

  /** The topic names that exist on the broker. */
  public static Set<String> list(String bootstrap) {
    try (Admin admin = KafkaNode.admin(bootstrap, Duration.ofSeconds(5))) {
      return admin.listTopics().names().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new InfraException("Could not list topics on " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  /** The cleanup policy of each topic. */
  public static Map<String, String> cleanupPolicies(String bootstrap, Collection<String> names) {
    try (Admin admin = KafkaNode.admin(bootstrap, Duration.ofSeconds(5))) {
      var resources =
          names.stream()
              .map(
                  n ->
                      new org.apache.kafka.common.config.ConfigResource(
                          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n))
              .toList();
      var configs = admin.describeConfigs(resources).all().get(5, TimeUnit.SECONDS);
      Map<String, String> out = new java.util.TreeMap<>();
      configs.forEach(
          (resource, config) ->
              out.put(resource.name(), config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
      return out;
    } catch (Exception e) {
      throw new InfraException(
          "Could not describe topics on " + bootstrap + ": " + e.getMessage(), e);
    }
  }
}
