package cn.tuoyu.sentinel.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;

/**
 * What the long-running jobs (monitor, archive) share when they run on an embedded cluster: where
 * their state lives and how it is kept, and waiting until they truly run.
 */
public final class EmbeddedJobs {
  private EmbeddedJobs() {}

  /**
   * Heap state with checkpoints and savepoints under {@code stateDir}, the last three checkpoints
   * kept also after a cancel (a restart resumes from them), no Kryo, the web UI on {@code webPort},
   * and a restart strategy that rides out Kafka or Elasticsearch restarting.
   */
  public static Configuration stateConfiguration(int webPort, Path stateDir) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.PORT, webPort);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        stateDir.resolve("checkpoints").toUri().toString());
    conf.set(
        CheckpointingOptions.SAVEPOINT_DIRECTORY,
        stateDir.resolve("savepoints").toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    return conf;
  }

  /**
   * Waits until every task of the job is RUNNING (not merely scheduled), so "running" is true when
   * we say it and a savepoint can be taken right away.
   *
   * @param restHostPort the cluster's REST endpoint, e.g. {@code 127.0.0.1:8081}
   * @param what the job, for messages ("monitor", "archive")
   */
  public static void awaitAllTasksRunning(
      JobClient client, String restHostPort, Duration timeout, String what) throws Exception {
    FlinkRest rest = new FlinkRest(restHostPort);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (client.getJobStatus().get().isGloballyTerminalState()) {
        client.getJobExecutionResult().get(); // throws the failure
        throw new IllegalStateException("the " + what + " job ended right after it started");
      }
      Optional<JsonNode> job = rest.get("/jobs/" + client.getJobID());
      if (job.isPresent() && allRunning(job.get().path("vertices"))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the " + what + " job's tasks did not all start within " + timeout.toSeconds() + " s");
  }

  private static boolean allRunning(JsonNode vertices) {
    boolean all = vertices.size() > 0;
    for (JsonNode v : vertices) {
      all &= "RUNNING".equals(v.path("status").asText());
    }
    return all;
  }
}
