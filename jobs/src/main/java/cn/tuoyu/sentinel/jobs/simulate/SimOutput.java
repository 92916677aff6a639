package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.schema.Institution;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Where simulated records go: a JSON-lines file, or the Kafka topics of their types. */
interface SimOutput extends AutoCloseable {
  void reference(List<Institution> institutions) throws IOException;

  void events(List<Emitter.SimEvent> events) throws IOException;

  @Override
  void close() throws IOException;

  /** JSON lines in the external contract of design.md. */
  final class File implements SimOutput {
    private final JsonLinesCodec codec = new JsonLinesCodec();
    private final BufferedWriter out;

    File(Path path) throws IOException {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    @Override
    public void reference(List<Institution> institutions) throws IOException {
      for (Institution i : institutions) {
        write(i);
      }
    }

    @Override
    public void events(List<Emitter.SimEvent> events) throws IOException {
      for (Emitter.SimEvent e : events) {
        write(e.record());
      }
    }

    private void write(SpecificRecord r) throws IOException {
      out.write(codec.encode(r));
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * Each record to its type's topic, keyed by institution, as Avro single-object bytes — what
   * {@code produce} sends. Reference records are flushed before any event.
   */
  final class Kafka implements SimOutput {
    private final KafkaProducer<byte[], byte[]> producer;
    private Future<RecordMetadata> lastSend;

    Kafka(String bootstrap) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
      this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void reference(List<Institution> institutions) throws IOException {
      for (Institution i : institutions) {
        send(i, i.getInstitutionId());
      }
      producer.flush();
      check();
    }

    @Override
    public void events(List<Emitter.SimEvent> events) throws IOException {
      for (Emitter.SimEvent e : events) {
        send(e.record(), e.institutionId());
      }
    }

    private void send(SpecificRecord r, String key) throws IOException {
      SentinelType type = SentinelType.ofClass(r.getClass()).orElseThrow();
      lastSend =
          producer.send(
              new ProducerRecord<>(
                  type.topic(), key.getBytes(StandardCharsets.UTF_8), SentinelSerde.encodeAny(r)));
      if (lastSend.isDone()) {
        check();
      }
    }

    /** Fails loudly if Kafka refused a record (e.g. the broker went away). */
    private void check() throws IOException {
      if (lastSend == null || !lastSend.isDone()) {
        return;
      }
      try {
        lastSend.get(0, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new IOException("Kafka refused a record: " + e.getCause().getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sending", e);
      } catch (TimeoutException e) {
        // not done: cannot happen after isDone()
      }
    }

    /** Waits until everything sent is on the broker. */
    void flush() throws IOException {
      producer.flush();
      check();
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        producer.close(java.time.Duration.ofSeconds(10));
      }
    }
  }
}
