package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded FLIP-27 source of the {@link StateWorkload}'s records, in index order: the number range
 * {@code [0, total)} split and checkpointed as Flink's {@link NumberSequenceSource} does (run it
 * with parallelism 1: one split, so records stay in event-time order), each index made into its
 * envelope on the way out. It stops before each pause index of its {@link SourceGate} until the
 * bench releases it, without blocking its task thread, so checkpoints go on meanwhile.
 */
final class HeartbeatSource
    implements Source<EventEnvelope, NumberSequenceSplit, Collection<NumberSequenceSplit>>,
        ResultTypeQueryable<EventEnvelope> {
  private static final long serialVersionUID = 1L;

  private final StateWorkload workload;
  private final String gateId;
  private final NumberSequenceSource sequence;

  HeartbeatSource(StateWorkload workload, String gateId) {
    this.workload = workload;
    this.gateId = gateId;
    this.sequence = new NumberSequenceSource(0, workload.total() - 1);
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
      SplitEnumeratorContext<NumberSequenceSplit> context) {
    return sequence.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
      SplitEnumeratorContext<NumberSequenceSplit> context,
      Collection<NumberSequenceSplit> checkpoint) {
    return sequence.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
    return sequence.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<Collection<NumberSequenceSplit>>
      getEnumeratorCheckpointSerializer() {
    return sequence.getEnumeratorCheckpointSerializer();
  }

  @Override
  public SourceReader<EventEnvelope, NumberSequenceSplit> createReader(
      SourceReaderContext context) {
    return new Reader(context, workload, SourceGate.get(gateId));
  }

  @Override
  public TypeInformation<EventEnvelope> getProducedType() {
    return TypeInformation.of(EventEnvelope.class);
  }

  /** Emits one split's indices as envelopes, standing still before the gate's pauses. */
  static final class Reader implements SourceReader<EventEnvelope, NumberSequenceSplit> {
    private static final int PROGRESS_EVERY = 4096;

    private final SourceReaderContext context;
    private final StateWorkload workload;
    private final SourceGate gate;
    private final long[] pauses;
    private final ArrayDeque<NumberSequenceSplit> splits = new ArrayDeque<>();
    private NumberSequenceSplit current;
    private long next;
    private int nextPause;
    private int standingAt = -1;
    private boolean noMoreSplits;
    private boolean splitRequested;
    private CompletableFuture<Void> availability = CompletableFuture.completedFuture(null);
    private long emitted;

    Reader(SourceReaderContext context, StateWorkload workload, SourceGate gate) {
      this.context = context;
      this.workload = workload;
      this.gate = gate;
      this.pauses = gate.pauses();
    }

    @Override
    public void start() {
      if (splits.isEmpty()) {
        requestSplit();
      }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<EventEnvelope> output) {
      if (current == null) {
        current = splits.poll();
        if (current == null) {
          if (noMoreSplits) {
            return InputStatus.END_OF_INPUT;
          }
          requestSplit();
          availability = new CompletableFuture<>();
          return InputStatus.NOTHING_AVAILABLE;
        }
        next = current.from();
      }
      if (standsBefore(next)) {
        return InputStatus.NOTHING_AVAILABLE;
      }
      if (next > current.to()) {
        current = null;
        return InputStatus.MORE_AVAILABLE;
      }
      output.collect(workload.envelope(next));
      next++;
      if (++emitted % PROGRESS_EVERY == 0) {
        gate.emitted(emitted);
      }
      return InputStatus.MORE_AVAILABLE;
    }

    /**
     * Whether the reader must stand still before {@code index}: a pause the bench has not released
     * yet. Notes the pause as reached and waits for its release.
     */
    private boolean standsBefore(long index) {
      while (nextPause < pauses.length && pauses[nextPause] < index) {
        nextPause++; // restored past it
      }
      if (nextPause < pauses.length && pauses[nextPause] == index) {
        gate.emitted(emitted);
        CompletableFuture<Void> release = gate.reached(nextPause);
        if (!release.isDone()) {
          standingAt = nextPause;
          availability = release;
          return true;
        }
        nextPause++;
      }
      standingAt = -1;
      return false;
    }

    private void requestSplit() {
      if (!splitRequested) {
        splitRequested = true;
        context.sendSplitRequest();
      }
    }

    @Override
    public List<NumberSequenceSplit> snapshotState(long checkpointId) {
      if (standingAt >= 0) {
        gate.checkpointWhilePaused(standingAt, checkpointId);
      }
      List<NumberSequenceSplit> state = new ArrayList<>();
      if (current != null && next <= current.to()) {
        state.add(new NumberSequenceSplit(current.splitId(), next, current.to()));
      }
      state.addAll(splits);
      return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return availability;
    }

    @Override
    public void addSplits(List<NumberSequenceSplit> added) {
      splits.addAll(added);
      splitRequested = false;
      availability.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
      noMoreSplits = true;
      availability.complete(null);
    }

    @Override
    public void close() {}
  }
}
