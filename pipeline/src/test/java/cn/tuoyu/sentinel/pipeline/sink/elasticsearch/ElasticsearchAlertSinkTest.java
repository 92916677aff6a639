package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ElasticsearchAlertSinkTest {

  @Test
  void defaultsSuitLiveAlerts() {
    ElasticsearchAlertSink sink =
        ElasticsearchAlertSink.builder()
            .url("http://127.0.0.1:9200")
            .indexNaming(IndexNaming.monthlyAlias())
            .build();

    AsyncSinkWriterConfiguration c = sink.writerConfiguration();
    assertThat(c.getMaxBatchSize()).isEqualTo(1000);
    assertThat(c.getMaxBatchSizeInBytes()).isEqualTo(5L * 1024 * 1024);
    assertThat(c.getMaxInFlightRequests()).isEqualTo(2);
    assertThat(c.getMaxBufferedRequests()).isEqualTo(10_000);
    assertThat(c.getMaxTimeInBufferMS()).isEqualTo(1000);
    assertThat(c.getMaxRecordSizeInBytes()).isEqualTo(c.getMaxBatchSizeInBytes());
    assertThat(c.isFailOnTimeout()).isFalse();
    assertThat(sink.url()).isEqualTo("http://127.0.0.1:9200");
    assertThat(sink.indexNaming()).isEqualTo(IndexNaming.monthlyAlias());
    assertThat(sink.getWriterStateSerializer()).isInstanceOf(AlertDocumentStateSerializer.class);
  }

  @Test
  void settingsAreApplied() {
    ElasticsearchAlertSink sink =
        ElasticsearchAlertSink.builder()
            .url("https://es.example:9243")
            .indexNaming(IndexNaming.replay("r7"))
            .maxBatchSize(10)
            .maxBatchSizeInBytes(64 * 1024)
            .maxInFlightRequests(1)
            .maxBufferedRequests(11)
            .maxTimeInBuffer(Duration.ofMillis(200))
            .retryBackoff(new RetryBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
            .build();

    AsyncSinkWriterConfiguration c = sink.writerConfiguration();
    assertThat(c.getMaxBatchSize()).isEqualTo(10);
    assertThat(c.getMaxBatchSizeInBytes()).isEqualTo(64 * 1024);
    assertThat(c.getMaxInFlightRequests()).isEqualTo(1);
    assertThat(c.getMaxBufferedRequests()).isEqualTo(11);
    assertThat(c.getMaxTimeInBufferMS()).isEqualTo(200);
    assertThat(sink.indexNaming()).isEqualTo(IndexNaming.fixed("sentinel-replay-r7"));
  }

  @Test
  void missingOrInvalidSettingsAreNamed() {
    assertThatThrownBy(
            () -> ElasticsearchAlertSink.builder().indexNaming(IndexNaming.monthlyAlias()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url is required");
    assertThatThrownBy(() -> ElasticsearchAlertSink.builder().url("http://localhost:9200").build())
        .hasMessageContaining("indexNaming is required");
    assertThatThrownBy(() -> live().url("localhost:9200").build())
        .hasMessageContaining("http://host:9200");
    assertThatThrownBy(() -> live().maxBatchSize(0).build()).hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> live().maxBatchSize(100).maxBufferedRequests(100).build())
        .hasMessageContaining("maxBufferedRequests (100) must be greater than maxBatchSize (100)");
    assertThatThrownBy(() -> live().maxInFlightRequests(0).build())
        .hasMessageContaining("maxInFlightRequests");
    assertThatThrownBy(() -> live().maxTimeInBuffer(Duration.ZERO).build())
        .hasMessageContaining("maxTimeInBuffer");
  }

  @Test
  void sinkIsSerializableAsFlinkShipsIt() throws Exception {
    ElasticsearchAlertSink copy = InstantiationUtil.clone(live().build());

    assertThat(copy.url()).isEqualTo("http://127.0.0.1:9200");
    assertThat(copy.indexNaming()).isEqualTo(IndexNaming.monthlyAlias());
  }

  private static ElasticsearchAlertSink.Builder live() {
    return ElasticsearchAlertSink.builder()
        .url("http://127.0.0.1:9200")
        .indexNaming(IndexNaming.monthlyAlias());
  }
}
