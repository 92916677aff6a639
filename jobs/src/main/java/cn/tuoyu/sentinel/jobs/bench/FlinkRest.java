package cn.tuoyu.sentinel.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The few facts the bench reads from the embedded Flink cluster's REST API: job and task states,
 * checkpoint statistics, exceptions. (Not task metrics: the REST API caches those for 10 s.)
 */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;
  private final String jobId;

  /**
   * @param jobId the job the job-specific methods ask about; null if only cluster-wide ones are
   *     used
   */
  FlinkRest(int port, String jobId) {
    this.base = "http://127.0.0.1:" + port;
    this.jobId = jobId;
  }

  private Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether some job of the cluster has all its tasks running. */
  boolean anyJobWithAllTasksRunning() {
    return get("/jobs/overview")
        .map(
            o -> {
              for (JsonNode job : o.path("jobs")) {
                if (allTasksRunning(job.path("jid").asText())) {
                  return true;
                }
              }
              return false;
            })
        .orElse(false);
  }

  /** Whether every task of this job is running. */
  boolean allTasksRunning() {
    return allTasksRunning(jobId);
  }

  /** Whether every task of job {@code id} is running (deployed, sources connected). */
  private boolean allTasksRunning(String id) {
    return get("/jobs/" + id)
        .map(
            j -> {
              JsonNode vertices = j.path("vertices");
              if (!vertices.isArray() || vertices.isEmpty()) {
                return false;
              }
              for (JsonNode v : vertices) {
                if (!"RUNNING".equals(v.path("status").asText())) {
                  return false;
                }
              }
              return true;
            })
        .orElse(false);
  }

  /** Completed and failed checkpoints, and end-to-end durations of the completed ones. */
  record Checkpoints(
      long completed, long failed, long avgMillis, long p99Millis, long maxMillis, String failure) {
    static final Checkpoints UNKNOWN = new Checkpoints(-1, -1, -1, -1, -1, null);
  }

  Checkpoints checkpoints() {
    return get("/jobs/" + jobId + "/checkpoints")
        .map(
            j -> {
              JsonNode d = j.path("summary").path("end_to_end_duration");
              JsonNode latestFailed = j.path("latest").path("failed");
              String failure =
                  latestFailed.hasNonNull("failure_message")
                      ? latestFailed.path("failure_message").asText()
                      : null;
              for (JsonNode h : j.path("history")) {
                if ("FAILED".equals(h.path("status").asText()) && h.hasNonNull("failure_message")) {
                  failure = h.path("failure_message").asText();
                }
              }
              return new Checkpoints(
                  j.path("counts").path("completed").asLong(-1),
                  j.path("counts").path("failed").asLong(-1),
                  d.path("avg").asLong(-1),
                  d.path("p99").asLong(-1),
                  d.path("max").asLong(-1),
                  failure);
            })
        .orElse(Checkpoints.UNKNOWN);
  }

  /** Exceptions the job has seen (each one a restart); the first one's name, if any. */
  record Exceptions(int count, String first) {}

  Exceptions exceptions() {
    return get("/jobs/" + jobId + "/exceptions")
        .map(
            j -> {
              JsonNode entries = j.path("exceptionHistory").path("entries");
              if (!entries.isArray() || entries.isEmpty()) {
                return new Exceptions(0, null);
              }
              JsonNode last = entries.get(entries.size() - 1);
              String text = last.path("exceptionName").asText("") + ": " + firstLine(last);
              return new Exceptions(entries.size(), text);
            })
        .orElse(new Exceptions(0, null));
  }

  private static String firstLine(JsonNode entry) {
    String trace = entry.path("stacktrace").asText("");
    int nl = trace.indexOf('\n');
    return nl < 0 ? trace : trace.substring(0, nl);
  }

  /** The job's vertices (operator chains): id → name. */
  Map<String, String> vertexNames() {
    Map<String, String> names = new LinkedHashMap<>();
    get("/jobs/" + jobId)
        .ifPresent(
            j -> {
              for (JsonNode v : j.path("vertices")) {
                names.put(v.path("id").asText(), v.path("name").asText());
              }
            });
    return names;
  }

  /**
   * Asks for a checkpoint now (besides the periodic ones); false if the request was refused or
   * nothing answered.
   */
  boolean triggerCheckpoint() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/checkpoints"))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * One checkpoint as Flink's statistics show it: status (IN_PROGRESS, COMPLETED, FAILED), the full
   * size of its state, its end-to-end duration, and the state size of each vertex by id.
   */
  record CheckpointDetails(
      long id, String status, long stateSize, long durationMillis, Map<String, Long> byVertex) {}

  /**
   * Status of checkpoint {@code id} among the recent ones (IN_PROGRESS, COMPLETED, FAILED); empty
   * if Flink lists none with that id (yet). Asking the history first spares the details endpoint,
   * which logs an error for an id it does not know.
   */
  Optional<String> checkpointStatus(long id) {
    return get("/jobs/" + jobId + "/checkpoints")
        .flatMap(
            j -> {
              for (JsonNode h : j.path("history")) {
                if (h.path("id").asLong(-1) == id) {
                  return Optional.of(h.path("status").asText(""));
                }
              }
              return Optional.empty();
            });
  }

  /** Statistics of checkpoint {@code id}; empty while Flink has none for it yet. */
  Optional<CheckpointDetails> checkpoint(long id) {
    return get("/jobs/" + jobId + "/checkpoints/details/" + id)
        .map(
            j -> {
              Map<String, Long> byVertex = new LinkedHashMap<>();
              j.path("tasks")
                  .fields()
                  .forEachRemaining(
                      e -> byVertex.put(e.getKey(), e.getValue().path("state_size").asLong(0)));
              return new CheckpointDetails(
                  j.path("id").asLong(id),
                  j.path("status").asText(""),
                  j.path("state_size").asLong(-1),
                  j.path("end_to_end_duration").asLong(-1),
                  byVertex);
            });
  }

  /** Whether anything answers on the REST port (the embedded cluster is still up). */
  boolean answers() {
    return get("/config").isPresent();
  }
}
