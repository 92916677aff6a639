package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * The file sink's bucket of a record: its {@link ArchiveLayout#bucket date/region partition} — the
 * institution's region for its events, {@link ArchiveLayout#REFERENCE} for valid institution
 * records.
 */
public final class ArchiveBuckets implements BucketAssigner<ArchivedRecord, String> {
  private static final long serialVersionUID = 1L;

  /** The bucket of a record; also the key that sends each bucket to one writer. */
  public static String of(ArchivedRecord r) {
    String region = ArchivedRecords.isInstitution(r) ? ArchiveLayout.REFERENCE : r.getRegionCode();
    return ArchiveLayout.bucket(r.getEventTime(), region);
  }

  @Override
  public String getBucketId(ArchivedRecord r, Context context) {
    return of(r);
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }
}
