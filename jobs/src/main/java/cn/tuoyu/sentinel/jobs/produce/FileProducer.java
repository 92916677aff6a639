package cn.tuoyu.sentinel.jobs.produce;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.jobs.monitor.ReferenceBootstrap;
import cn.tuoyu.sentinel.pipeline.rules.RuleParameterResolver;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a JSON-lines file: each record to its type's topic, keyed by institutionId (rules by
 * scope), as Avro single-object bytes. Reference and rule lines go first, so the monitor knows an
 * institution before its first event; events follow in file order. Lines that cannot be used are
 * refused and listed with their reasons, never sent.
 */
public final class FileProducer {
  private FileProducer() {}

  /** What was sent and what was refused. */
  public record Report(Map<String, Long> sentByType, List<DeadLetter> refused, long blank) {
    public long sent() {
      return sentByType.values().stream().mapToLong(Long::longValue).sum();
    }

    public String render() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "sent %d record(s): %s%n", sent(), sentByType));
      sb.append(String.format(Locale.ROOT, "refused %d line(s)%n", refused.size()));
      for (DeadLetter d : refused) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  line %d: %s — %s%n",
                d.getLineNumber(),
                d.getReason(),
                d.getDetail()));
      }
      return sb.toString();
    }
  }

  public static Report produce(Path file, String bootstrap, PrintWriter progress)
      throws IOException, InterruptedException {
    JsonLinesCodec codec = new JsonLinesCodec();
    List<SpecificRecord> reference = new ArrayList<>();
    List<SpecificRecord> events = new ArrayList<>();
    List<DeadLetter> refused = new ArrayList<>();
    long blank = 0;
    long lineNumber = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNumber++;
        Decoded d = codec.decode(line, lineNumber, file.getFileName().toString());
        if (d instanceof Decoded.Blank) {
          blank++;
        } else if (d instanceof Decoded.Rejected rej) {
          refused.add(rej.deadLetter());
        } else {
          SpecificRecord rec = ((Decoded.Record) d).record();
          if (rec instanceof Institution || rec instanceof RuleParameters) {
            reference.add(rec);
          } else if (rec instanceof AttendanceEvent
              || rec instanceof CameraStatus
              || rec instanceof SensorReading) {
            events.add(rec);
          } else {
            refused.add(
                DeadLetter.newBuilder(
                        ((Decoded.Rejected)
                                codec.decode(
                                    "{\"type\":\"output-only\"}",
                                    lineNumber,
                                    file.getFileName().toString()))
                            .deadLetter())
                    .setDetail("alert and dead-letter lines are output, not input")
                    .setRaw(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)))
                    .build());
          }
        }
      }
    }
    reference = withCompleteRuleScopes(reference, bootstrap);
    Map<String, Long> sent = new LinkedHashMap<>();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      long total = reference.size() + events.size();
      long done = 0;
      List<Future<RecordMetadata>> inFlight = new ArrayList<>();
      for (List<SpecificRecord> batch : List.of(reference, events)) {
        for (SpecificRecord rec : batch) {
          SentinelType type = SentinelType.ofClass(rec.getClass()).orElseThrow();
          inFlight.add(
              producer.send(
                  new ProducerRecord<>(
                      type.topic(),
                      key(rec).getBytes(StandardCharsets.UTF_8),
                      SentinelSerde.encodeAny(rec))));
          sent.merge(type.jsonType(), 1L, Long::sum);
          if (++done % 10_000 == 0) {
            progress.printf(Locale.ROOT, "  %d / %d sent%n", done, total);
            progress.flush();
          }
        }
        // Reference and rules must be on the broker before the first event.
        producer.flush();
      }
      for (Future<RecordMetadata> f : inFlight) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("Kafka refused a record: " + e.getCause().getMessage(), e);
        }
      }
    }
    return new Report(sent, refused, blank);
  }

  /**
   * {@code sentinel.rules} is compacted by scope, so only a scope's last record survives. A rules
   * line may set only some parameters; publishing it as is would lose the scope's other parameters
   * at the next compaction. So each rules line is merged onto the scope's current state (read from
   * the topic) and published complete.
   */
  private static List<SpecificRecord> withCompleteRuleScopes(
      List<SpecificRecord> reference, String bootstrap) {
    if (reference.stream().noneMatch(r -> r instanceof RuleParameters)) {
      return reference;
    }
    Map<String, RuleParameters> current = new java.util.HashMap<>();
    for (var env : ReferenceBootstrap.read(bootstrap, java.time.Duration.ofSeconds(30))) {
      if (env.record() instanceof RuleParameters r) {
        current.put(r.getScope(), RuleParameterResolver.merge(current.get(r.getScope()), r));
      }
    }
    List<SpecificRecord> out = new ArrayList<>();
    for (SpecificRecord rec : reference) {
      if (rec instanceof RuleParameters r) {
        RuleParameters merged = RuleParameterResolver.merge(current.get(r.getScope()), r);
        current.put(r.getScope(), merged);
        out.add(merged);
      } else {
        out.add(rec);
      }
    }
    return out;
  }

  private static String key(SpecificRecord rec) {
    if (rec instanceof RuleParameters r) {
      return r.getScope();
    }
    return String.valueOf(rec.get(rec.getSchema().getField("institutionId").pos()));
  }
}
