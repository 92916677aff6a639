package cn.tuoyu.sentinel.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A user of the API, as a browser is: a cookie jar, JSON in and out. */
final class Client {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, JsonNode body) {}

  private final String base;
  private final HttpClient http;
  private String bearer;

  Client(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  static Client loggedIn(String base, String user, String password) throws Exception {
    Client c = new Client(base);
    Answer a = c.login(user, password);
    if (a.status() != 200) {
      throw new IllegalStateException("login of " + user + " failed: " + a);
    }
    return c;
  }

  Client bearer(String token) {
    this.bearer = token;
    return this;
  }

  Answer login(String user, String password) throws Exception {
    return post(
        "/api/login", JSON.createObjectNode().put("username", user).put("password", password));
  }

  Answer get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  Answer post(String path, JsonNode body) throws Exception {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  /** Reads {@code /api/stream} in the background, collecting each event's data. */
  List<JsonNode> stream() throws Exception {
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    HttpResponse<Stream<String>> r =
        http.send(request("/api/stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("stream answered " + r.statusCode());
    }
    Thread t =
        new Thread(
            () ->
                r.body()
                    .filter(l -> l.startsWith("data: "))
                    .forEach(
                        l -> {
                          try {
                            events.add(JSON.readTree(l.substring(6)));
                          } catch (IOException e) {
                            throw new IllegalStateException(e);
                          }
                        }),
            "test-sse");
    t.setDaemon(true);
    t.start();
    return events;
  }

  int streamStatus() throws Exception {
    return http.send(request("/api/stream").GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Requested-With", "sentinel");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  private Answer send(HttpRequest r) throws Exception {
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    boolean json =
        res.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    JsonNode body = json && !res.body().isEmpty() ? JSON.readTree(res.body()) : null;
    return new Answer(res.statusCode(), body);
  }
}
