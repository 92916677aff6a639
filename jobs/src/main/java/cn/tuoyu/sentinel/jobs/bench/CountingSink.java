package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Discards what it gets after counting it in the {@link SourceGate} of its run: alert transitions
 * by "ruleId status", dead letters by reason.
 */
final class CountingSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  static final String ALERTS = "alerts";
  static final String DEAD_LETTERS = "dead letters";

  private final String gateId;

  CountingSink(String gateId) {
    this.gateId = gateId;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    SourceGate gate = SourceGate.get(gateId);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        if (element instanceof AlertTransition a) {
          gate.count(ALERTS, a.getRuleId() + " " + a.getStatus());
        } else if (element instanceof DeadLetter d) {
          gate.count(DEAD_LETTERS, d.getReason());
        } else {
          gate.count("other", element.getClass().getSimpleName());
        }
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
