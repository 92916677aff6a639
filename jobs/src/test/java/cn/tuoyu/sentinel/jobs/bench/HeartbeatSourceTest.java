package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

/** The state phase's source reader: stands still at the pauses, checkpoints while it does. */
class HeartbeatSourceTest {

  @Test
  void standsBeforeEachPauseUntilReleasedAndNotesTheCheckpointsTakenThere() throws Exception {
    StateWorkload w = new StateWorkload(20, 1, 7);
    long hourHalf = w.referenceRecords() + 100;
    SourceGate gate = SourceGate.open(new long[] {0, hourHalf, w.total()});
    try {
      Context context = new Context();
      HeartbeatSource.Reader reader = new HeartbeatSource.Reader(context, w, gate);
      Output out = new Output();
      reader.start();
      assertThat(context.requests).isEqualTo(1);
      reader.addSplits(List.of(new NumberSequenceSplit("0", 0, w.total() - 1)));

      // Pause 0: before anything.
      assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
      assertThat(gate.isReached(0)).isTrue();
      assertThat(reader.isAvailable()).isNotDone();
      reader.snapshotState(1);
      assertThat(gate.checkpointsAt(0)).containsExactly(1L);
      gate.release(0);
      assertThat(reader.isAvailable()).isDone();

      // Up to pause 1.
      while (reader.pollNext(out) == InputStatus.MORE_AVAILABLE) {
        // emit
      }
      assertThat(out.records).hasSize((int) hourHalf);
      assertThat(gate.isReached(1)).isTrue();
      List<NumberSequenceSplit> state = reader.snapshotState(2);
      assertThat(gate.checkpointsAt(1)).containsExactly(2L);
      assertThat(state).singleElement().satisfies(s -> assertThat(s.from()).isEqualTo(hourHalf));
      gate.release(1);

      // To the end, which is a pause as well, then the end of input.
      while (reader.pollNext(out) == InputStatus.MORE_AVAILABLE) {
        // emit
      }
      assertThat(out.records).hasSize((int) w.total());
      assertThat(gate.isReached(2)).isTrue();
      reader.snapshotState(3);
      assertThat(gate.checkpointsAt(2)).containsExactly(3L);
      assertThat(gate.checkpointsAt(1)).containsExactly(2L);
      gate.release(2);
      InputStatus status = reader.pollNext(out);
      while (status == InputStatus.MORE_AVAILABLE) {
        status = reader.pollNext(out);
      }
      assertThat(status).isEqualTo(InputStatus.NOTHING_AVAILABLE); // asked for another split
      assertThat(context.requests).isEqualTo(2);
      reader.notifyNoMoreSplits();
      assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);

      for (int i = 0; i < out.records.size(); i++) {
        assertThat(out.records.get(i).payload).isEqualTo(w.envelope(i).payload);
      }
    } finally {
      gate.close();
    }
  }

  private static final class Output implements ReaderOutput<EventEnvelope> {
    final List<EventEnvelope> records = new ArrayList<>();

    @Override
    public void collect(EventEnvelope record) {
      records.add(record);
    }

    @Override
    public void collect(EventEnvelope record, long timestamp) {
      records.add(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<EventEnvelope> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }

  private static final class Context implements SourceReaderContext {
    int requests;

    @Override
    public SourceReaderMetricGroup metricGroup() {
      return null;
    }

    @Override
    public Configuration getConfiguration() {
      return new Configuration();
    }

    @Override
    public String getLocalHostName() {
      return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
      return 0;
    }

    @Override
    public void sendSplitRequest() {
      requests++;
    }

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return null;
    }
  }
}
