package cn.tuoyu.sentinel.jobs.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * Ending a live job in an IT without harming the next one. The alert sink writes in Kafka
 * transactions; a job that is cancelled leaves its open transaction on the partitions it wrote to,
 * and read-committed readers of those partitions (every later IT reading {@code sentinel.alerts})
 * see nothing past it until the transaction times out (5 min). Stopping with a savepoint commits
 * it.
 */
final class LiveJobs {
  private LiveJobs() {}

  /** Stops {@code job} with a savepoint under {@code stateDir} (commits); cancels if that fails. */
  static void stopCommitting(JobClient job, Path stateDir) throws Exception {
    try {
      job.stopWithSavepoint(
              false,
              stateDir.resolve("final-savepoint").toUri().toString(),
              SavepointFormatType.CANONICAL)
          .get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
  }
}
