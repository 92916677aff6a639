package cn.tuoyu.sentinel.jobs.e2e;

import cn.tuoyu.sentinel.contract.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The live ITs of one test JVM share one Kafka, and the monitor starts at its consumer group's
 * committed offsets (earliest when there are none). A fresh group would therefore read every event
 * earlier tests published — and with the quiet guard a partition holding only such data (another
 * test's day, or yesterday) is never idle and holds the job's event time at its own old maximum, or
 * makes a test's events late. {@link #startGroupAtEnd} gives a test's monitor only its own events.
 */
public final class EventTopics {
  private EventTopics() {}

  /** Commits the current end of the three event topics as {@code groupId}'s offsets. */
  public static void startGroupAtEnd(String bootstrap, String groupId) throws Exception {
    startGroupAtEnd(bootstrap, groupId, List.of(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR));
  }

  /** Commits the current end of {@code topics} as {@code groupId}'s offsets. */
  public static void startGroupAtEnd(String bootstrap, String groupId, List<String> topics)
      throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(
                          partition ->
                              request.put(
                                  new TopicPartition(name, partition.partition()),
                                  OffsetSpec.latest())));
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      admin
          .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(groupId, ends).all().get(30, TimeUnit.SECONDS);
    }
  }
}
