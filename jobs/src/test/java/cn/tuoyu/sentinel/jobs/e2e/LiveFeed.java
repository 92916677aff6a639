package cn.tuoyu.sentinel.jobs.e2e;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One institution's devices and gate publishing live, as they would: JSON lines of design.md with
 * {@code ts} = now (Beijing time), each to its topic keyed by institutionId, as Avro single-object
 * bytes. A background heartbeat sends every camera and sensor that is "beating" every interval —
 * cameras ONLINE, recording, keeping 90 days; sensors a reading — all with one timestamp per round.
 * {@link #pause()} silences the whole feed and returns the time of the last event it published
 * (what the monitor saw last); {@link #resume()} reports every device at once and beats on.
 */
final class LiveFeed implements AutoCloseable {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

  /** A sensor that reports {@code metric} = {@code value} in {@code roomId}. */
  record Sensor(String roomId, String metric, double value) {}

  private final String institutionId;
  private final KafkaProducer<byte[], byte[]> producer;
  private final JsonLinesCodec codec = new JsonLinesCodec();
  private final ScheduledExecutorService heartbeat;
  private final Set<String> beatingCameras = new LinkedHashSet<>();
  private final Map<String, Sensor> beatingSensors = new LinkedHashMap<>();
  private long eventNo;
  private Instant lastSent;
  private boolean paused;
  private RuntimeException failure;

  LiveFeed(String bootstrap, String institutionId) {
    this.institutionId = institutionId;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-feed-" + institutionId);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the heartbeat: a round now, then one every {@code every}. */
  void startHeartbeat(Duration every) {
    heartbeat.scheduleAtFixedRate(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Adds cameras to the heartbeat (from its next round on). */
  synchronized void beatCameras(String... cameraIds) {
    beatingCameras.addAll(List.of(cameraIds));
  }

  synchronized void beatSensor(String sensorId, Sensor sensor) {
    beatingSensors.put(sensorId, sensor);
  }

  /**
   * Publishes {@code cameraIds} OFFLINE now and takes them out of the heartbeat, in one step: no
   * ONLINE heartbeat of theirs follows.
   */
  synchronized Instant reportOffline(String... cameraIds) {
    Instant now = now();
    List<String> lines = new ArrayList<>();
    for (String cameraId : cameraIds) {
      beatingCameras.remove(cameraId);
      lines.add(camera(now, cameraId, false));
    }
    send(lines, now);
    return now;
  }

  /** Publishes {@code cameraIds} ONLINE now and puts them (back) into the heartbeat. */
  synchronized Instant reportOnline(String... cameraIds) {
    Instant now = now();
    List<String> lines = new ArrayList<>();
    for (String cameraId : cameraIds) {
      beatingCameras.add(cameraId);
      lines.add(camera(now, cameraId, true));
    }
    send(lines, now);
    return now;
  }

  /** People entering {@code roomId} now ({@code personId → role}), one event each. */
  synchronized Instant enter(String roomId, Map<String, String> people) {
    Instant now = now();
    List<String> lines = new ArrayList<>();
    people.forEach(
        (personId, role) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "{\"type\":\"attendance\",\"ts\":\"%s\",\"eventId\":\"%s\",\"institutionId\":\"%s\","
                        + "\"roomId\":\"%s\",\"personId\":\"%s\",\"role\":\"%s\",\"action\":\"ENTER\"}",
                    TS.format(now),
                    nextEventId(),
                    institutionId,
                    roomId,
                    personId,
                    role)));
    send(lines, now);
    return now;
  }

  /**
   * Silences the feed: from now on nothing is published until {@link #resume()}. Returns the time
   * of the last event published; a round cannot be half sent (rounds hold the lock).
   */
  synchronized Instant pause() {
    checkHealthy();
    paused = true;
    return lastSent;
  }

  /** Every beating camera and sensor reports now, and the heartbeat goes on; returns now. */
  synchronized Instant resume() {
    checkHealthy();
    paused = false;
    return round();
  }

  /** The timestamp of the latest event published (null before the first). */
  synchronized Instant lastSent() {
    return lastSent;
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (this) {
      paused = true;
    }
    heartbeat.shutdown();
    try {
      if (!heartbeat.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the heartbeat of " + institutionId + " did not stop");
      }
    } finally {
      producer.close(Duration.ofSeconds(10));
    }
    checkHealthy();
  }

  /** A failed heartbeat round (Kafka refused it) fails the test at the next step. */
  private synchronized void checkHealthy() {
    if (failure != null) {
      throw failure;
    }
  }

  private synchronized void beat() {
    if (paused || failure != null) {
      return;
    }
    try {
      round();
    } catch (RuntimeException e) {
      failure = e; // a scheduled task that throws would only stop; the test hears of it instead
    }
  }

  /** Every beating device reports now. */
  private Instant round() {
    Instant now = now();
    List<String> lines = new ArrayList<>();
    beatingCameras.forEach(c -> lines.add(camera(now, c, true)));
    beatingSensors.forEach(
        (sensorId, s) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "{\"type\":\"sensor\",\"ts\":\"%s\",\"eventId\":\"%s\",\"institutionId\":\"%s\","
                        + "\"roomId\":\"%s\",\"sensorId\":\"%s\",\"metric\":\"%s\",\"value\":%s}",
                    TS.format(now),
                    nextEventId(),
                    institutionId,
                    s.roomId(),
                    sensorId,
                    s.metric(),
                    s.value())));
    send(lines, now);
    return now;
  }

  private String camera(Instant at, String cameraId, boolean online) {
    return String.format(
        Locale.ROOT,
        "{\"type\":\"camera\",\"ts\":\"%s\",\"eventId\":\"%s\",\"institutionId\":\"%s\","
            + "\"cameraId\":\"%s\",\"status\":\"%s\"%s}",
        TS.format(at),
        nextEventId(),
        institutionId,
        cameraId,
        online ? "ONLINE" : "OFFLINE",
        online ? ",\"recording\":true,\"retentionDays\":90" : "");
  }

  private String nextEventId() {
    return institutionId + "-live-" + (++eventNo);
  }

  /**
   * Now, to the millisecond, and never before the last event sent: the feed's own events are in
   * order whatever the wall clock does.
   */
  private Instant now() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return lastSent != null && now.isBefore(lastSent) ? lastSent : now;
  }

  /** Sends {@code lines}, all of time {@code at}, and waits until Kafka has them all. */
  private void send(List<String> lines, Instant at) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (String line : lines) {
      Decoded d = codec.decode(line, 0, "live");
      if (!(d instanceof Decoded.Record r)) {
        throw new IllegalArgumentException("not a valid event line: " + line + " → " + d);
      }
      SpecificRecord rec = r.record();
      SentinelType type = SentinelType.ofClass(rec.getClass()).orElseThrow();
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  type.topic(),
                  institutionId.getBytes(StandardCharsets.UTF_8),
                  SentinelSerde.encodeAny(rec))));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("Kafka did not take an event of " + institutionId, e);
      }
    }
    if (!lines.isEmpty()) {
      lastSent = at;
    }
  }
}
