package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.jobs.cluster.FlinkRest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.JobID;

/**
 * The archive job's progress, from the metrics of its file sink on the Flink REST API: records
 * written by the sink's writers and files committed by its committers (both summed over subtasks,
 * counted since the job started), and completed checkpoints.
 */
public final class ArchiveProgress {
  private static final String RECORDS = "Writer.numRecordsIn";
  private static final String FILES = "Committer.successfulCommittables";

  /** One reading. */
  public record Snapshot(long records, long files, long checkpoints) {
    /** One line for the console. */
    public String render() {
      return String.format(
          Locale.ROOT,
          "%,d record(s) written, %,d file(s) committed, %d checkpoint(s)",
          records,
          files,
          checkpoints);
    }
  }

  private final FlinkRest rest;
  private final String jobPath;

  public ArchiveProgress(FlinkRest rest, JobID job) {
    this.rest = rest;
    this.jobPath = "/jobs/" + job;
  }

  /** The current reading; empty while the REST API or the metrics are not available. */
  public Optional<Snapshot> read() {
    Optional<String> vertex = sinkVertex();
    if (vertex.isEmpty()) {
      return Optional.empty();
    }
    String metrics = jobPath + "/vertices/" + vertex.get() + "/subtasks/metrics";
    Optional<JsonNode> available = rest.get(metrics);
    if (available.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> records = metricEndingWith(available.get(), RECORDS);
    Optional<String> files = metricEndingWith(available.get(), FILES);
    if (records.isEmpty() || files.isEmpty()) {
      return Optional.empty();
    }
    Optional<JsonNode> sums =
        rest.get(metrics + "?agg=sum&get=" + records.get() + "," + files.get());
    long checkpoints =
        rest.get(jobPath + "/checkpoints")
            .map(c -> c.path("counts").path("completed").asLong())
            .orElse(0L);
    return sums.map(s -> new Snapshot(sum(s, records.get()), sum(s, files.get()), checkpoints));
  }

  private Optional<String> sinkVertex() {
    return rest.get(jobPath)
        .flatMap(
            job -> {
              for (JsonNode v : job.path("vertices")) {
                if (v.path("name").asText().contains(ArchiveJob.SINK_NAME)) {
                  return Optional.of(v.path("id").asText());
                }
              }
              return Optional.empty();
            });
  }

  private static Optional<String> metricEndingWith(JsonNode list, String suffix) {
    for (JsonNode m : list) {
      String id = m.path("id").asText();
      if (id.endsWith(suffix)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  private static long sum(JsonNode sums, String id) {
    for (JsonNode m : sums) {
      if (m.path("id").asText().equals(id)) {
        return (long) m.path("sum").asDouble();
      }
    }
    return 0;
  }
}
