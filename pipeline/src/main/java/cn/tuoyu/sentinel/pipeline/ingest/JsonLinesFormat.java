package cn.tuoyu.sentinel.pipeline.ingest;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A JSON-lines file as a Flink file-source format: one {@link EventEnvelope} per non-blank line,
 * with the file name and 1-based line number for dead letters. Not splittable, so line numbers are
 * exact; blank lines are skipped (they are not records).
 */
public final class JsonLinesFormat extends SimpleStreamFormat<EventEnvelope> {
  private final String displayName;

  /**
   * @param displayName the file name put into dead letters
   */
  public JsonLinesFormat(String displayName) {
    this.displayName = displayName;
  }

  @Override
  public StreamFormat.Reader<EventEnvelope> createReader(
      Configuration config, FSDataInputStream stream) {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
    JsonLinesCodec codec = new JsonLinesCodec();
    return new StreamFormat.Reader<>() {
      private long lineNumber;

      @Override
      public EventEnvelope read() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          Optional<EventEnvelope> env =
              Envelopes.fromJsonLine(codec, line, lineNumber, displayName);
          if (env.isPresent()) {
            return env.get();
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  @Override
  public TypeInformation<EventEnvelope> getProducedType() {
    return TypeInformation.of(EventEnvelope.class);
  }
}
