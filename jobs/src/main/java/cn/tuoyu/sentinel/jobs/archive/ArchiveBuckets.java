package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** The file sink's bucket of a record: its {@link ArchiveLayout#bucket date/region partition}. */
public final class ArchiveBuckets implements BucketAssigner<ArchivedRecord, String> {
  private static final long serialVersionUID = 1L;

  /** The bucket of a record; also the key that sends each bucket to one writer. */
  public static String of(ArchivedRecord r) {
    return ArchiveLayout.bucket(r.getEventTime(), r.getRegionCode());
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
