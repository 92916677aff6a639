package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Lays JSON lines out as the archive job would have archived them after {@code produce}: each line
 * a Kafka record (Avro single-object value, keyed by institution or scope, {@code partitions}
 * partitions per topic, Kafka time = event time), in the job's date/region partitions and file
 * format, one file per partition and minute of event time (as a one-minute checkpoint commits
 * them). For benchmarks and tests of the replay without running Kafka; the archive job itself is
 * tested against the real Kafka.
 */
public final class ArchiveLoad {
  /** What was written. */
  public record Written(long records, long files, long bytes) {}

  private ArchiveLoad() {}

  /**
   * Writes the valid lines of {@code jsonl} under {@code root}; {@code regionOf} gives each
   * institution's region (the archive job learns it from the reference topic).
   *
   * @throws IllegalArgumentException on a line that is not a valid record
   */
  public static Written write(Path jsonl, Path root, Map<String, String> regionOf, int partitions)
      throws IOException {
    JsonLinesCodec codec = new JsonLinesCodec();
    Map<String, Long> offsets = new HashMap<>();
    Map<String, List<ArchivedRecord>> byFile = new TreeMap<>();
    long records = 0;
    try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        if (!(codec.decode(line, n, jsonl.toString()) instanceof Decoded.Record d)) {
          throw new IllegalArgumentException(jsonl + " line " + n + " is not a valid record");
        }
        SentinelType type = SentinelType.ofClass(d.record().getClass()).orElseThrow();
        byte[] value = SentinelSerde.encodeAny(d.record());
        ArchivedRecord probe = ArchivedRecords.fromKafka(type.topic(), 0, 0, 0, null, value);
        String key = probe.getSubject();
        int partition = Math.floorMod(key.hashCode(), partitions);
        long offset = offsets.merge(type.topic() + "/" + partition, 1L, Long::sum) - 1;
        long time = probe.getEventTime().toEpochMilli();
        ArchivedRecord r =
            ArchivedRecords.fromKafka(
                type.topic(), partition, offset, time, key.getBytes(StandardCharsets.UTF_8), value);
        if (ArchivedRecords.regionFollowsInstitution(r)) {
          r.setRegionCode(regionOf.getOrDefault(key, r.getRegionCode()));
        }
        String file = ArchiveBuckets.of(r) + "/part-0-" + (time / 60_000) + ".avro";
        byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(r);
        records++;
      }
    }
    long bytes = 0;
    for (Map.Entry<String, List<ArchivedRecord>> f : byFile.entrySet()) {
      bytes += Files.size(writeFile(root.resolve(f.getKey()), f.getValue()));
    }
    return new Written(records, byFile.size(), bytes);
  }

  /** Writes {@code records} to {@code file} with the archive job's writer. */
  public static Path writeFile(Path file, List<ArchivedRecord> records) throws IOException {
    Files.createDirectories(file.getParent());
    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
    try (FSDataOutputStream out =
        FileSystem.getLocalFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
      BulkWriter<ArchivedRecord> writer = ArchiveFormat.writerFactory().create(out);
      for (ArchivedRecord r : records) {
        writer.addElement(r);
      }
      writer.finish();
    }
    return file;
  }
}
