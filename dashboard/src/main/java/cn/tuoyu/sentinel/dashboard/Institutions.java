package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.schema.Institution;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The institutions' reference data, read from the compacted topic and kept up to date. */
final class Institutions implements AutoCloseable {

  private final Map<String, Institution> byId = new ConcurrentHashMap<>();
  private final TopicReader reader;

  Institutions(String bootstrap, String topic) {
    this.reader =
        new TopicReader(
            bootstrap,
            topic,
            TopicReader.From.BEGINNING,
            false,
            "dashboard-institutions",
            r -> {
              if (r instanceof Institution i) {
                byId.put(i.getInstitutionId(), i);
              }
            });
  }

  void start() {
    reader.start();
  }

  Optional<Institution> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The institution as JSON (the reference line of design.md). */
  static JsonNode json(Institution i) {
    try {
      return AlertService.JSON.readTree(new JsonLinesCodec().encode(i));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    reader.close();
  }
}
