package cn.tuoyu.sentinel.jobs.bench;

import java.lang.management.ManagementFactory;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How many event records the monitor job's Kafka source has read, live. The embedded Flink cluster
 * runs in the bench's JVM, and Kafka's consumers publish their fetch metrics as JMX beans there —
 * unlike Flink's REST API, which caches task metrics for 10 s, or the group's committed offsets,
 * which move only at checkpoints.
 *
 * <p>Flink names the event source's consumers {@code <group.id>-<subtask>} (they read the event
 * topics only); the reference source's are {@code <group.id>-reference-<subtask>} and are not
 * counted. Each consumer's client-level bean (no topic tag) has its total.
 */
final class SourceProgress {
  private static final ObjectName FETCH_METRICS =
      name("kafka.consumer:type=consumer-fetch-manager-metrics,*");

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final Pattern clientId;

  SourceProgress(String groupId) {
    this.clientId = Pattern.compile(Pattern.quote(groupId) + "-\\d+");
  }

  /** Records of the event topics read so far; 0 before the source has read anything. */
  long recordsRead() {
    long total = 0;
    for (ObjectName n : server.queryNames(FETCH_METRICS, null)) {
      String client = n.getKeyProperty("client-id");
      if (client == null
          || n.getKeyProperty("topic") != null
          || n.getKeyProperty("partition") != null
          || !clientId.matcher(client).matches()) {
        continue;
      }
      try {
        Object v = server.getAttribute(n, "records-consumed-total");
        if (v instanceof Number number) {
          total += (long) number.doubleValue();
        }
      } catch (JMException | RuntimeException e) {
        // The consumer closed in between.
      }
    }
    return total;
  }

  private static ObjectName name(String text) {
    try {
      return new ObjectName(text);
    } catch (JMException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
