package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import cn.tuoyu.sentinel.schema.AlertTransition;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes alert transitions to Elasticsearch as one document per alert holding its latest state
 * (design.md, "Alerts"): id = {@code alertId}, external version = {@code sequence + 1}, source =
 * the alert export line. At-least-once delivery; because every write is an idempotent versioned
 * upsert, the effect is exactly once, and a stale transition never overwrites a newer one.
 *
 * <pre>{@code
 * // live monitor job
 * alerts.sinkTo(ElasticsearchAlertSink.builder()
 *         .url("http://127.0.0.1:9200")
 *         .indexNaming(IndexNaming.monthlyAlias())
 *         .build())
 *     .uid("alerts-to-elasticsearch").name("Alerts → Elasticsearch");
 * // replay run
 * ElasticsearchAlertSink.builder().url(url).indexNaming(IndexNaming.replay(runId)).build();
 * }</pre>
 *
 * <p>The index templates must be installed ({@code bin/sentinel infra up} does it); the sink does
 * not create them. Metrics: see {@link AlertSinkMetrics}.
 */
public final class ElasticsearchAlertSink extends AsyncSinkBase<AlertTransition, AlertDocument> {
  private static final long serialVersionUID = 1L;

  /** Documents per bulk request, at most. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 1000;

  /** Bytes per bulk request, at most (well below Elasticsearch's 100 MB request limit). */
  public static final long DEFAULT_MAX_BATCH_SIZE_IN_BYTES = 5L * 1024 * 1024;

  /** Bulk requests a writer has under way at once. */
  public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 2;

  /** Documents a writer buffers before it backpressures upstream. */
  public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 10_000;

  /** How long a document may wait for its batch to fill: alerts must show within seconds. */
  public static final Duration DEFAULT_MAX_TIME_IN_BUFFER = Duration.ofSeconds(1);

  /**
   * After this long without an answer {@link
   * org.apache.flink.connector.base.sink.writer.AsyncSinkWriter} sends a batch again. Far above one
   * attempt (client socket timeout 30 s plus at most the maximum backoff), so it only catches a
   * lost callback.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private final String url;
  private final RetryBackoff backoff;

  private ElasticsearchAlertSink(Builder b) {
    super(
        new AlertDocumentConverter(b.indexNaming),
        b.maxBatchSize,
        b.maxInFlightRequests,
        b.maxBufferedRequests,
        b.maxBatchSizeInBytes,
        b.maxTimeInBuffer.toMillis(),
        // A single alert is a few KB; one that does not fit a batch could never be sent.
        b.maxBatchSizeInBytes,
        REQUEST_TIMEOUT.toMillis(),
        false);
    this.url = b.url;
    this.backoff = b.backoff;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Elasticsearch URL written to. */
  public String url() {
    return url;
  }

  /** Where documents go. */
  public IndexNaming indexNaming() {
    return ((AlertDocumentConverter) getElementConverter()).indexNaming();
  }

  @Override
  public StatefulSinkWriter<AlertTransition, BufferedRequestState<AlertDocument>> createWriter(
      WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<AlertTransition, BufferedRequestState<AlertDocument>> restoreWriter(
      WriterInitContext context, Collection<BufferedRequestState<AlertDocument>> recoveredState) {
    return new ElasticsearchAlertWriter(
        getElementConverter(), context, writerConfiguration(), recoveredState, url, backoff);
  }

  @Override
  public SimpleVersionedSerializer<BufferedRequestState<AlertDocument>> getWriterStateSerializer() {
    return new AlertDocumentStateSerializer();
  }

  AsyncSinkWriterConfiguration writerConfiguration() {
    return AsyncSinkWriterConfiguration.builder()
        .setMaxBatchSize(getMaxBatchSize())
        .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
        .setMaxInFlightRequests(getMaxInFlightRequests())
        .setMaxBufferedRequests(getMaxBufferedRequests())
        .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
        .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
        .setRequestTimeoutMS(getRequestTimeoutMS())
        .setFailOnTimeout(getFailOnTimeout())
        .build();
  }

  /**
   * Builds an {@link ElasticsearchAlertSink}; {@link #url} and {@link #indexNaming} are required.
   */
  public static final class Builder {
    private String url;
    private IndexNaming indexNaming;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private long maxBatchSizeInBytes = DEFAULT_MAX_BATCH_SIZE_IN_BYTES;
    private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    private int maxBufferedRequests = DEFAULT_MAX_BUFFERED_REQUESTS;
    private Duration maxTimeInBuffer = DEFAULT_MAX_TIME_IN_BUFFER;
    private RetryBackoff backoff = RetryBackoff.DEFAULT;

    private Builder() {}

    /** Elasticsearch's HTTP URL, e.g. {@code http://127.0.0.1:9200}. Required. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * {@link IndexNaming#monthlyAlias()} for live alerts, {@link IndexNaming#replay(String)} for a
     * replay run. Required: a replay must never write to the live indices by default.
     */
    public Builder indexNaming(IndexNaming indexNaming) {
      this.indexNaming = Objects.requireNonNull(indexNaming, "indexNaming");
      return this;
    }

    /** Documents per bulk request, at most; default {@value #DEFAULT_MAX_BATCH_SIZE}. */
    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Bytes per bulk request, at most; default 5 MB. */
    public Builder maxBatchSizeInBytes(long maxBatchSizeInBytes) {
      this.maxBatchSizeInBytes = maxBatchSizeInBytes;
      return this;
    }

    /**
     * Bulk requests under way at once per writer; default {@value #DEFAULT_MAX_IN_FLIGHT_REQUESTS}.
     */
    public Builder maxInFlightRequests(int maxInFlightRequests) {
      this.maxInFlightRequests = maxInFlightRequests;
      return this;
    }

    /**
     * Documents buffered per writer before upstream is backpressured; must exceed {@link
     * #maxBatchSize}; default {@value #DEFAULT_MAX_BUFFERED_REQUESTS}.
     */
    public Builder maxBufferedRequests(int maxBufferedRequests) {
      this.maxBufferedRequests = maxBufferedRequests;
      return this;
    }

    /** How long a document waits for its batch to fill, at most; default 1 s. */
    public Builder maxTimeInBuffer(Duration maxTimeInBuffer) {
      this.maxTimeInBuffer = Objects.requireNonNull(maxTimeInBuffer, "maxTimeInBuffer");
      return this;
    }

    /** Delays between retries of writes Elasticsearch did not take; default 200 ms to 30 s. */
    public Builder retryBackoff(RetryBackoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting that is missing or out of range
     */
    public ElasticsearchAlertSink build() {
      if (url == null) {
        throw new IllegalArgumentException(
            "url is required, e.g. ElasticsearchAlertSink.builder().url(\"http://127.0.0.1:9200\")");
      }
      checkUrl(url);
      if (indexNaming == null) {
        throw new IllegalArgumentException(
            "indexNaming is required: IndexNaming.monthlyAlias() for live alerts,"
                + " IndexNaming.replay(runId) for a replay");
      }
      positive("maxBatchSize", maxBatchSize);
      positive("maxInFlightRequests", maxInFlightRequests);
      positive("maxBatchSizeInBytes", maxBatchSizeInBytes);
      if (maxBufferedRequests <= maxBatchSize) {
        throw new IllegalArgumentException(
            "maxBufferedRequests ("
                + maxBufferedRequests
                + ") must be greater than maxBatchSize ("
                + maxBatchSize
                + ")");
      }
      if (maxTimeInBuffer.toMillis() < 1) {
        throw new IllegalArgumentException(
            "maxTimeInBuffer must be at least 1 ms, got " + maxTimeInBuffer);
      }
      return new ElasticsearchAlertSink(this);
    }

    private static void checkUrl(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "url \"" + url + "\" is not a URL: " + e.getMessage(), e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "url \"" + url + "\" must look like http://host:9200 or https://host:9200");
      }
    }

    private static void positive(String name, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }
  }
}
