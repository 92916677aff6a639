package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Institutions' webhooks: each transition of an institution's alerts is POSTed to its URLs as the
 * JSON export line, signed {@code X-Sentinel-Signature: sha256=<hex HMAC-SHA256(secret, body)>},
 * retried with exponential backoff on an error or a non-2xx answer. Each webhook has its own
 * single-threaded queue, so its deliveries keep their order and a slow receiver delays nobody else.
 */
final class Webhooks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A registration. */
  record Hook(String id, String institutionId, String url, String secret, String createdAt) {}

  private final Path file;
  private final int attempts;
  private final Duration backoff;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Hook> hooks = new LinkedHashMap<>();
  private final Map<String, ExecutorService> queues = new ConcurrentHashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  Webhooks(Path file, int attempts, Duration backoff) {
    this.file = file;
    this.attempts = attempts;
    this.backoff = backoff;
    load();
  }

  synchronized List<Hook> of(String institutionId) {
    return hooks.values().stream()
        .filter(h -> institutionId == null || h.institutionId().equals(institutionId))
        .toList();
  }

  synchronized Hook add(String institutionId, String url) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("url 不是有效地址");
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw ApiException.badRequest("url 须为 http:// 或 https:// 地址");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    Hook h =
        new Hook(
            "wh_" + HexFormat.of().formatHex(id),
            institutionId,
            uri.toString(),
            HexFormat.of().formatHex(secret),
            Instant.now().toString());
    hooks.put(h.id(), h);
    save();
    return h;
  }

  synchronized boolean remove(String id, String institutionId) {
    Hook h = hooks.get(id);
    if (h == null || (institutionId != null && !h.institutionId().equals(institutionId))) {
      return false;
    }
    hooks.remove(id);
    save();
    ExecutorService q = queues.remove(id);
    if (q != null) {
      q.shutdown();
    }
    return true;
  }

  long delivered() {
    return delivered.get();
  }

  long failed() {
    return failed.get();
  }

  /** Queues the transition for every webhook of its institution. */
  void onTransition(AlertTransition t) {
    List<Hook> targets = of(t.getInstitutionId());
    if (targets.isEmpty()) {
      return;
    }
    String body = new JsonLinesCodec().encode(t);
    String delivery = t.getAlertId() + ":" + t.getSequence() + ":" + t.getStatus();
    for (Hook h : targets) {
      queues
          .computeIfAbsent(
              h.id(),
              id ->
                  Executors.newSingleThreadExecutor(
                      r -> {
                        Thread th = new Thread(r, "webhook-" + id);
                        th.setDaemon(true);
                        return th;
                      }))
          .execute(() -> deliver(h, body, delivery));
    }
  }

  private void deliver(Hook h, String body, String delivery) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(h.url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("X-Sentinel-Event", "alert")
            .header("X-Sentinel-Delivery", delivery)
            .header("X-Sentinel-Signature", "sha256=" + sign(h.secret(), body))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    Duration wait = backoff;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      String outcome;
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          delivered.incrementAndGet();
          return;
        }
        outcome = "HTTP " + r.statusCode();
      } catch (IOException e) {
        outcome = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (attempt == attempts) {
        failed.incrementAndGet();
        LOG.warn(
            "Webhook {} of {}: delivery {} failed after {} attempts ({}); given up",
            h.id(),
            h.institutionId(),
            delivery,
            attempts,
            outcome);
        return;
      }
      LOG.info(
          "Webhook {}: delivery {} attempt {} failed ({}); retrying in {} ms",
          h.id(),
          delivery,
          attempt,
          outcome,
          wait.toMillis());
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      wait = wait.multipliedBy(2);
    }
  }

  /** HMAC-SHA256 of {@code body} with {@code secretHex}'s text as key, as lower-case hex. */
  static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private void load() {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      for (JsonNode n : JSON.readTree(file.toFile()).path("webhooks")) {
        Hook h =
            new Hook(
                n.path("id").asText(),
                n.path("institutionId").asText(),
                n.path("url").asText(),
                n.path("secret").asText(),
                n.path("createdAt").asText());
        hooks.put(h.id(), h);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhooks file " + file, e);
    }
  }

  private void save() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("webhooks");
    for (Hook h : new ArrayList<>(hooks.values())) {
      list.addObject()
          .put("id", h.id())
          .put("institutionId", h.institutionId())
          .put("url", h.url())
          .put("secret", h.secret())
          .put("createdAt", h.createdAt());
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".webhooks-", ".json");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // not POSIX
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the webhooks file " + file, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (ExecutorService q : queues.values()) {
      q.shutdownNow();
      q.awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
