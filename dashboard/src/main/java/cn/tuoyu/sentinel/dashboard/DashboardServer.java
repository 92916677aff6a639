package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.schema.Institution;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: the alert API of design.md and the web UI, on the JDK's HTTP server. Every {@code
 * /api/**} request but the login is authenticated (session cookie or bearer token) and answered
 * within the user's {@link Scope}; the UI's static files hold no data and are public.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  static final String COOKIE = "sentinel_session";
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_STREAMS = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(User user, Instant expires) {}

  private final DashboardConfig config;
  private final HttpServer http;
  private final ExecutorService workers;
  private final ElasticsearchClient es;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AlertStream stream;
  private final Institutions institutions;
  private final Webhooks webhooks;
  private final UserStore users;
  private final AlertService alerts;
  private final Labels labels = Labels.load();
  private final LoginLimiter limiter =
      new LoginLimiter(5, 30, Duration.ofMinutes(5), Clock.systemUTC());
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger streams = new AtomicInteger();
  private volatile boolean closed;

  private DashboardServer(DashboardConfig config) throws IOException {
    this.config = config;
    this.users = UserStore.open(config.usersFile());
    this.es = ElasticsearchClient.of(b -> b.host(config.elasticsearch()));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "sentinel-dashboard-acks");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.stream = new AlertStream(config.kafka(), config.alertsTopic());
    this.institutions = new Institutions(config.kafka(), config.institutionsTopic());
    this.webhooks =
        new Webhooks(config.webhooksFile(), config.webhookAttempts(), config.webhookBackoff());
    this.alerts = new AlertService(this.es, config, producer, stream::eventNow);
    this.workers =
        new ThreadPoolExecutor(
            4,
            MAX_STREAMS + 32,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "dashboard-http");
              t.setDaemon(true);
              return t;
            });
    this.http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 128);
    http.setExecutor(workers);
    http.createContext("/", this::handle);
  }

  /**
   * Starts the dashboard: checks Elasticsearch, the audit index, the live stream from the end of
   * the alerts topic, the institutions, then serves.
   *
   * @throws IOException if Elasticsearch cannot be reached or the port is taken
   */
  public static DashboardServer start(DashboardConfig config) throws Exception {
    DashboardServer s = new DashboardServer(config);
    try {
      s.alerts.installAcksIndex();
      try {
        s.alerts.latestUpdate().ifPresent(s.stream::seedClock);
      } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
        LOG.info("No alerts yet under {}", config.alertsAlias());
      }
      s.stream.listen(s.webhooks::onTransition);
      s.stream.start();
      s.institutions.start();
      if (!s.stream.awaitReady(Duration.ofSeconds(60))) {
        throw new IOException("the alerts topic " + config.alertsTopic() + " cannot be read");
      }
      s.http.start();
      return s;
    } catch (Exception e) {
      s.close();
      throw e;
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String url() {
    String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
    return "http://" + host + ":" + port() + "/";
  }

  long webhookDeliveries() {
    return webhooks.delivered();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      securityHeaders(ex);
      if (!path.startsWith("/api/")) {
        serveStatic(ex, path);
        return;
      }
      try {
        api(ex, path);
      } catch (ApiException e) {
        json(ex, e.status, AlertService.JSON.createObjectNode().put("error", e.getMessage()));
      } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
        LOG.warn("Elasticsearch refused {} {}: {}", ex.getRequestMethod(), path, e.getMessage());
        json(ex, 502, error("检索服务出错，请稍后再试"));
      } catch (IOException e) {
        LOG.warn("{} {} failed: {}", ex.getRequestMethod(), path, e.toString());
        json(ex, 503, error("服务暂不可用（Elasticsearch 或 Kafka 未就绪），请稍后再试"));
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", ex.getRequestMethod(), path, e);
        json(ex, 500, error("服务器内部错误"));
      }
    } catch (IOException e) {
      LOG.debug("Client went away: {}", e.toString());
    }
  }

  private void api(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    if (path.equals("/api/login")) {
      requireMethod(method, "POST");
      login(ex);
      return;
    }
    User user = authenticate(ex).orElseThrow(() -> new ApiException(401, "未登录或登录已过期"));
    Scope scope = Scope.of(user);
    if (method.equals("POST")
        && !ex.getRequestHeaders().containsKey("Authorization")
        && !"sentinel".equals(ex.getRequestHeaders().getFirst("X-Requested-With"))) {
      throw new ApiException(403, "缺少 X-Requested-With: sentinel 请求头");
    }
    Map<String, String> q = query(ex);
    String[] parts = path.substring("/api/".length()).split("/", -1);
    switch (parts[0]) {
      case "logout" -> {
        requireMethod(method, "POST");
        cookie(ex).ifPresent(sessions::remove);
        ex.getResponseHeaders()
            .add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        json(ex, 200, AlertService.JSON.createObjectNode().put("ok", true));
      }
      case "me" -> json(ex, 200, me(user));
      case "labels" -> json(ex, 200, labels.all());
      case "alerts" -> alertsApi(ex, method, parts, q, user, scope);
      case "stats" -> {
        requireMethod(method, "GET");
        json(ex, 200, alerts.stats(scope, AlertFilters.parse(q), labels));
      }
      case "stream" -> {
        requireMethod(method, "GET");
        sse(ex, scope);
      }
      case "institutions" -> {
        requireMethod(method, "GET");
        if (parts.length != 2 || parts[1].isEmpty()) {
          throw ApiException.notFound();
        }
        institution(ex, decode(parts[1]), scope);
      }
      case "replays" -> replaysApi(ex, method, parts, q, user);
      case "webhooks" -> webhooksApi(ex, method, parts, user);
      default -> throw ApiException.notFound();
    }
  }

  private void alertsApi(
      HttpExchange ex, String method, String[] parts, Map<String, String> q, User user, Scope scope)
      throws IOException {
    if (parts.length == 1) {
      requireMethod(method, "GET");
      int page = intParam(q, "page", 0, 0, 10_000);
      int size = intParam(q, "size", 50, 1, 500);
      json(ex, 200, alerts.list(scope, AlertFilters.parse(q), page, size, config.alertsAlias()));
      return;
    }
    String id = decode(parts[1]);
    if (parts.length == 2) {
      requireMethod(method, "GET");
      json(
          ex, 200, alerts.get(scope, id, config.alertsAlias()).orElseThrow(ApiException::notFound));
      return;
    }
    if (parts.length == 3 && parts[2].equals("ack")) {
      requireMethod(method, "POST");
      if (user.role() == Role.ANALYST) {
        // Out of scope answers 404 before a role answers 403: nothing is revealed.
        alerts.get(scope, id, config.alertsAlias()).orElseThrow(ApiException::notFound);
        throw ApiException.forbidden();
      }
      JsonNode body = body(ex);
      String comment = body.path("comment").asText("").strip();
      if (comment.length() > 1000) {
        throw ApiException.badRequest("处置说明最多 1000 字");
      }
      json(ex, 200, alerts.acknowledge(scope, user, id, comment));
      return;
    }
    throw ApiException.notFound();
  }

  private void replaysApi(
      HttpExchange ex, String method, String[] parts, Map<String, String> q, User user)
      throws IOException {
    requireMethod(method, "GET");
    if (user.role() != Role.ANALYST && user.role() != Role.ADMIN) {
      throw ApiException.forbidden();
    }
    if (parts.length == 1) {
      json(ex, 200, alerts.replays());
      return;
    }
    String runId = decode(parts[1]);
    if (parts.length != 3
        || !parts[2].equals("alerts")
        || !runId.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw ApiException.notFound();
    }
    String index = AlertIndices.REPLAY_PREFIX + runId;
    if (!es.indices().exists(b -> b.index(index)).value()) {
      throw ApiException.notFound();
    }
    int page = intParam(q, "page", 0, 0, 10_000);
    int size = intParam(q, "size", 50, 1, 500);
    json(ex, 200, alerts.list(Scope.of(user), AlertFilters.parse(q), page, size, index));
  }

  private void webhooksApi(HttpExchange ex, String method, String[] parts, User user)
      throws IOException {
    String own =
        switch (user.role()) {
          case INSTITUTION -> user.scope();
          case ADMIN -> null;
          default -> throw ApiException.forbidden();
        };
    if (parts.length == 1 && method.equals("GET")) {
      ArrayNode out = AlertService.JSON.createArrayNode();
      for (Webhooks.Hook h : webhooks.of(own)) {
        out.addObject()
            .put("id", h.id())
            .put("institutionId", h.institutionId())
            .put("url", h.url())
            .put("createdAt", h.createdAt());
      }
      json(ex, 200, out);
    } else if (parts.length == 1 && method.equals("POST")) {
      JsonNode body = body(ex);
      String inst = own != null ? own : body.path("institutionId").asText("");
      if (inst.isBlank()) {
        throw ApiException.badRequest("institutionId");
      }
      Webhooks.Hook h = webhooks.add(inst, body.path("url").asText(""));
      json(
          ex,
          201,
          AlertService.JSON
              .createObjectNode()
              .put("id", h.id())
              .put("institutionId", h.institutionId())
              .put("url", h.url())
              .put("secret", h.secret()));
    } else if (parts.length == 2 && method.equals("DELETE")) {
      if (!webhooks.remove(decode(parts[1]), own)) {
        throw ApiException.notFound();
      }
      json(ex, 200, AlertService.JSON.createObjectNode().put("ok", true));
    } else {
      throw new ApiException(405, "不支持的请求方法");
    }
  }

  private void institution(HttpExchange ex, String id, Scope scope) throws IOException {
    Optional<Institution> known = institutions.find(id);
    ArrayNode timeline = alerts.institutionAlerts(scope, id);
    boolean visible =
        known
            .map(i -> scope.admits(i.getRegionCode(), i.getInstitutionId()))
            .orElse(!timeline.isEmpty());
    if (!visible) {
      throw ApiException.notFound();
    }
    ObjectNode out = AlertService.JSON.createObjectNode();
    if (known.isPresent()) {
      out.set("institution", Institutions.json(known.get()));
    } else {
      out.putObject("institution")
          .put("institutionId", id)
          .put("name", timeline.get(0).path("institutionName").asText(id))
          .put("regionCode", timeline.get(0).path("regionCode").asText(""));
    }
    out.set("alerts", timeline);
    json(ex, 200, out);
  }

  // ---------------------------------------------------------------- auth

  private void login(HttpExchange ex) throws IOException {
    JsonNode body = body(ex);
    String username = body.path("username").asText("");
    char[] password = body.path("password").asText("").toCharArray();
    String address = ex.getRemoteAddress().getAddress().getHostAddress();
    Optional<Duration> wait = limiter.blocked(username, address);
    if (wait.isPresent()) {
      ex.getResponseHeaders().add("Retry-After", String.valueOf(wait.get().toSeconds() + 1));
      throw new ApiException(429, "登录尝试过多，请稍后再试");
    }
    Optional<User> user = users.find(username);
    if (!Passwords.matches(user.map(User::passwordHash).orElse(null), password)) {
      limiter.failed(username, address);
      LOG.info("Failed login for '{}' from {}", username, address);
      throw new ApiException(401, "用户名或密码错误");
    }
    limiter.succeeded(username);
    byte[] token = new byte[32];
    RANDOM.nextBytes(token);
    String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    Instant now = Instant.now();
    sessions.values().removeIf(x -> x.expires().isBefore(now)); // expired ones go at each login
    sessions.put(sid, new Session(user.get(), now.plus(config.session())));
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            COOKIE
                + "="
                + sid
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + config.session().toSeconds()
                + (config.secureCookies() ? "; Secure" : ""));
    json(ex, 200, me(user.get()));
  }

  private Optional<User> authenticate(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth != null) {
      return auth.startsWith("Bearer ")
          ? users.byToken(auth.substring("Bearer ".length()).strip())
          : Optional.empty();
    }
    return cookie(ex)
        .map(sessions::get)
        .filter(s -> s.expires().isAfter(Instant.now()))
        // The user as the file has it now: a removed user loses their sessions.
        .flatMap(s -> users.find(s.user().username()));
  }

  private static Optional<String> cookie(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      // Browsers send "a=b; c=d"; RFC 2965 clients (Java's CookieManager) quote and add
      // $attributes.
      for (String part : header.split("[;,]")) {
        String p = part.strip();
        if (p.startsWith(COOKIE + "=")) {
          String v = p.substring(COOKIE.length() + 1);
          if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
          }
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  private ObjectNode me(User u) {
    ObjectNode o = AlertService.JSON.createObjectNode();
    o.put("username", u.username()).put("role", u.role().label()).put("scope", u.scope());
    if (u.agency() != null) {
      o.put("agency", u.agency());
    }
    String label =
        switch (u.role()) {
          case OPERATOR -> labels.region(u.scope()) + ("police".equals(u.agency()) ? " 公安" : " 卫健");
          case INSTITUTION ->
              institutions.find(u.scope()).map(i -> i.getName().toString()).orElse(u.label());
          default -> u.label();
        };
    o.put("label", label);
    o.put("overdueMinutes", config.overdue().toMinutes());
    return o;
  }

  // ---------------------------------------------------------------- live stream

  private void sse(HttpExchange ex, Scope scope) throws IOException {
    if (streams.incrementAndGet() > MAX_STREAMS) {
      streams.decrementAndGet();
      throw new ApiException(503, "实时连接过多，请稍后再试");
    }
    AlertStream.Subscriber sub = stream.subscribe(scope);
    try {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.getResponseHeaders().set("X-Accel-Buffering", "no");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("retry: 3000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!closed) {
        String next = sub.queue.poll(15, TimeUnit.SECONDS);
        if (sub.overflowed) {
          break; // the client reconnects and reloads the list
        }
        if (next == null) {
          out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
        } else {
          out.write(("event: alert\ndata: " + next + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The browser closed the page or lost the connection: the end of a stream, not an error.
      LOG.debug("Live stream closed by the client: {}", e.toString());
    } finally {
      stream.unsubscribe(sub);
      streams.decrementAndGet();
    }
  }

  // ---------------------------------------------------------------- static files

  private void serveStatic(HttpExchange ex, String path) throws IOException {
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      json(ex, 405, error("不支持的请求方法"));
      return;
    }
    String file = path.equals("/") ? "/index.html" : path;
    if (file.contains("..") || !file.matches("/[A-Za-z0-9._/-]+")) {
      json(ex, 404, error("未找到"));
      return;
    }
    try (InputStream in = DashboardServer.class.getResourceAsStream("/web" + file)) {
      if (in == null) {
        json(ex, 404, error("未找到"));
        return;
      }
      byte[] bytes = in.readAllBytes();
      ex.getResponseHeaders().set("Content-Type", contentType(file));
      ex.getResponseHeaders()
          .set("Cache-Control", file.startsWith("/assets/") ? "max-age=3600" : "no-cache");
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (file.endsWith(".svg")) {
      return "image/svg+xml";
    } else if (file.endsWith(".png")) {
      return "image/png";
    }
    return "application/octet-stream";
  }

  private static void securityHeaders(HttpExchange ex) {
    var h = ex.getResponseHeaders();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
            + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
  }

  // ---------------------------------------------------------------- helpers

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = AlertService.JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static ObjectNode error(String message) {
    return AlertService.JSON.createObjectNode().put("error", message);
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new ApiException(413, "请求体过大");
    }
    if (bytes.length == 0) {
      return AlertService.JSON.createObjectNode();
    }
    try {
      return AlertService.JSON.readTree(bytes);
    } catch (IOException e) {
      throw ApiException.badRequest("请求体不是有效的 JSON");
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new ApiException(405, "不支持的请求方法");
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.put(k, v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("无法解码的参数");
    }
  }

  private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw ApiException.badRequest(name + " 应在 " + min + "–" + max + " 之间");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " 应为整数");
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      http.stop(0);
    } catch (RuntimeException e) {
      // not started
    }
    workers.shutdownNow();
    try {
      stream.close();
      institutions.close();
      webhooks.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    try {
      es.close();
    } catch (IOException e) {
      LOG.debug("closing the Elasticsearch client", e);
    }
  }
}
