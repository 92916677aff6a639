package cn.tuoyu.sentinel.codec;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without building anything, and rejects it if
 * it is truncated, has trailing bytes, or declares a length, count, enum or union index that cannot
 * be right.
 *
 * <p>Why: Avro allocates the buffer for a string, bytes or array from the length prefix before
 * reading the data, so one corrupt varint can request gigabytes and end in {@link
 * OutOfMemoryError}, which would take a whole Flink task manager down instead of dead-lettering one
 * message. Here every length is checked against the bytes actually left. The cost is one extra pass
 * over bytes already in memory.
 *
 * <p>Stateless apart from one body's cursor; create one per check.
 */
final class BinaryBodyCheck {
  /** Upper bound for a block of zero-byte items (arrays of null or of empty records). */
  private static final long MAX_ZERO_SIZE_ITEMS = 1_000_000;

  private final byte[] buf;
  private final int end;
  private int pos;
  private final Map<Schema, Integer> minSizes = new IdentityHashMap<>();

  private BinaryBodyCheck(byte[] buf, int start) {
    this.buf = buf;
    this.pos = start;
    this.end = buf.length;
  }

  /**
   * Checks the body that starts at {@code start} and runs to the end of {@code message}.
   *
   * @return null if the body is consistent with {@code writer}, else what is wrong with it
   */
  static String problem(Schema writer, byte[] message, int start) {
    BinaryBodyCheck check = new BinaryBodyCheck(message, start);
    try {
      check.walk(writer, writer.getName());
    } catch (Corrupt e) {
      return e.getMessage();
    }
    if (check.pos != check.end) {
      return (check.end - check.pos) + " unexpected bytes after the record";
    }
    return null;
  }

  private void walk(Schema s, String path) {
    switch (s.getType()) {
      case NULL:
        return;
      case BOOLEAN:
        skip(1, path);
        return;
      case INT:
        {
          long v = readLong(path);
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Corrupt(path + ": int out of range (" + v + ")");
          }
          return;
        }
      case LONG:
        readLong(path);
        return;
      case FLOAT:
        skip(4, path);
        return;
      case DOUBLE:
        skip(8, path);
        return;
      case STRING:
      case BYTES:
        skip(length(path), path);
        return;
      case FIXED:
        skip(s.getFixedSize(), path);
        return;
      case ENUM:
        index(s.getEnumSymbols().size(), "enum symbol", path);
        return;
      case UNION:
        {
          int branch = index(s.getTypes().size(), "union branch", path);
          walk(s.getTypes().get(branch), path);
          return;
        }
      case RECORD:
        for (Schema.Field f : s.getFields()) {
          walk(f.schema(), path + "." + f.name());
        }
        return;
      case ARRAY:
        blocks(s.getElementType(), false, path);
        return;
      case MAP:
        blocks(s.getValueType(), true, path);
        return;
      default:
        throw new Corrupt(path + ": unsupported schema type " + s.getType());
    }
  }

  private void blocks(Schema item, boolean map, String path) {
    long itemMin = minSize(item) + (map ? 1 : 0);
    while (true) {
      long count = readLong(path);
      if (count == 0) {
        return;
      }
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw new Corrupt(path + ": impossible block count");
        }
        count = -count;
        readLong(path); // block size in bytes, only used by readers that skip
      }
      long limit = itemMin > 0 ? (end - pos) / itemMin : MAX_ZERO_SIZE_ITEMS;
      if (count > limit) {
        throw new Corrupt(
            path + ": block of " + count + " items, but only " + (end - pos) + " bytes are left");
      }
      for (long i = 0; i < count; i++) {
        if (map) {
          skip(length(path), path);
        }
        walk(item, path + "[" + i + "]");
      }
    }
  }

  private int index(int size, String what, String path) {
    long i = readLong(path);
    if (i < 0 || i >= size) {
      throw new Corrupt(path + ": " + what + " index " + i + " out of range 0.." + (size - 1));
    }
    return (int) i;
  }

  private long length(String path) {
    long len = readLong(path);
    if (len < 0 || len > end - pos) {
      throw new Corrupt(path + ": length " + len + ", but only " + (end - pos) + " bytes are left");
    }
    return len;
  }

  private void skip(long n, String path) {
    if (n > end - pos) {
      throw new Corrupt(
          path + ": truncated (needs " + n + " more bytes, " + (end - pos) + " left)");
    }
    pos += (int) n;
  }

  /** A zig-zag varint, as Avro writes int and long. */
  private long readLong(String path) {
    long raw = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= end) {
        throw new Corrupt(path + ": truncated (message ends inside a number)");
      }
      int b = buf[pos++] & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new Corrupt(path + ": malformed number (varint longer than 10 bytes)");
  }

  /** The fewest bytes a value of this schema can take; 0 if it can take none. */
  private long minSize(Schema s) {
    Integer cached = minSizes.get(s);
    if (cached != null) {
      return cached;
    }
    minSizes.put(s, 0); // guards recursive schemas
    long size;
    switch (s.getType()) {
      case NULL:
        size = 0;
        break;
      case FLOAT:
        size = 4;
        break;
      case DOUBLE:
        size = 8;
        break;
      case FIXED:
        size = s.getFixedSize();
        break;
      case RECORD:
        size = 0;
        for (Schema.Field f : s.getFields()) {
          size += minSize(f.schema());
        }
        break;
      default:
        // boolean, int, long, string, bytes, enum, union, array, map: at least one byte
        size = 1;
    }
    int clamped = (int) Math.min(size, Integer.MAX_VALUE);
    minSizes.put(s, clamped);
    return clamped;
  }

  /** The body does not match its schema. */
  private static final class Corrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message, null, false, false);
    }
  }
}
