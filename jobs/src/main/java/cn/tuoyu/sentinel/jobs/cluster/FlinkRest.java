package cn.tuoyu.sentinel.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A few GETs against the REST API of a Flink JobManager (the API behind the web UI). */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;

  /**
   * @param hostPort the JobManager REST address, e.g. {@code 127.0.0.1:8081}
   */
  public FlinkRest(String hostPort) {
    this.baseUrl = "http://" + hostPort;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The JSON answer to {@code GET path}, or empty when the API does not answer with 200. */
  public Optional<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Number of TaskManagers registered with the ResourceManager; empty if the API is down. */
  public Optional<Integer> registeredTaskManagers() {
    return get("/taskmanagers").map(n -> n.path("taskmanagers").size());
  }
}
