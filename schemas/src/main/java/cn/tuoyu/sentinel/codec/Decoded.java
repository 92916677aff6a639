package cn.tuoyu.sentinel.codec;

import cn.tuoyu.sentinel.schema.DeadLetter;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** The outcome of decoding one JSON line: a record, a blank line, or a dead letter. */
public sealed interface Decoded permits Decoded.Record, Decoded.Blank, Decoded.Rejected {

  /** A line that decoded into one of the seven record types. */
  record Record(SpecificRecord record) implements Decoded {
    public Record {
      Objects.requireNonNull(record, "record");
    }
  }

  /** An empty or whitespace-only line: not a record and not an error; callers count them. */
  record Blank() implements Decoded {}

  /** A line that could not be used, with the reason and where it came from. */
  record Rejected(DeadLetter deadLetter) implements Decoded {
    public Rejected {
      Objects.requireNonNull(deadLetter, "deadLetter");
    }
  }
}
