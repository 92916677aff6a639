package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

class AlertDocumentStateSerializerTest {
  private final AlertDocumentStateSerializer serializer = new AlertDocumentStateSerializer();

  @Test
  void bufferedDocumentsSurviveARoundTrip() throws Exception {
    AlertDocument open =
        AlertDocument.ofJson(
            "sentinel-alerts-2026.11",
            "9f2c41d0",
            1,
            "{\"alertId\":\"9f2c41d0\",\"message\":\"" + TestAlerts.MESSAGE + "\"}");
    AlertDocument resolved =
        AlertDocument.ofJson(
            "sentinel-alerts-2026.11", "9f2c41d0", 2, "{\"alertId\":\"9f2c41d0\",\"sequence\":1}");
    AlertDocument replay = AlertDocument.ofJson("sentinel-replay-r1", "告警-1", Long.MAX_VALUE, "{}");
    BufferedRequestState<AlertDocument> state = state(open, resolved, replay);

    byte[] bytes = serializer.serialize(state);
    BufferedRequestState<AlertDocument> restored =
        serializer.deserialize(serializer.getVersion(), bytes);

    assertThat(restored.getBufferedRequestEntries())
        .extracting(RequestEntryWrapper::getRequestEntry)
        .containsExactly(open, resolved, replay);
    assertThat(restored.getBufferedRequestEntries())
        .extracting(RequestEntryWrapper::getSize)
        .containsExactly(open.sizeInBytes(), resolved.sizeInBytes(), replay.sizeInBytes());
    assertThat(restored.getStateSize()).isEqualTo(state.getStateSize());
    assertThat(restored.getBufferedRequestEntries().get(0).getRequestEntry().sourceJson())
        .contains(TestAlerts.MESSAGE);
  }

  @Test
  void emptyStateRoundTrips() throws Exception {
    byte[] bytes = serializer.serialize(BufferedRequestState.emptyState());

    assertThat(
            serializer
                .deserialize(AlertDocumentStateSerializer.VERSION, bytes)
                .getBufferedRequestEntries())
        .isEmpty();
  }

  @Test
  void truncatedStateIsAnErrorNotGarbage() throws Exception {
    byte[] bytes =
        serializer.serialize(state(AlertDocument.ofJson("sentinel-replay-r1", "a", 1, "{}")));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);

    assertThatThrownBy(() -> serializer.deserialize(1, truncated))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void versionIsOne() {
    assertThat(serializer.getVersion()).isEqualTo(1);
  }

  private static BufferedRequestState<AlertDocument> state(AlertDocument... documents) {
    return new BufferedRequestState<>(
        List.of(documents).stream()
            .map(d -> new RequestEntryWrapper<>(d, d.sizeInBytes()))
            .toList());
  }
}
