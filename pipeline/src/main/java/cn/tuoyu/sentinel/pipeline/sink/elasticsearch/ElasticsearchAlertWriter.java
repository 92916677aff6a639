package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import cn.tuoyu.sentinel.schema.AlertTransition;
import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of {@link AlertDocument}s with the bulk API of the asynchronous Elasticsearch
 * client: index operations with the document id, an external version and the pre-serialized JSON
 * source.
 *
 * <p>Nothing here blocks Flink's mailbox thread. A batch Elasticsearch did not take (it is down,
 * times out, or answers 429/5xx) is handed back to {@link AsyncSinkWriter}'s buffer only after a
 * {@link RetryBackoff} delay, measured on a timer thread of this writer. Meanwhile the request
 * counts as in flight, so the buffer fills up and Flink backpressures upstream; buffered documents
 * are in checkpoints, and every write is an idempotent versioned upsert, so nothing is lost or
 * duplicated. An outage is logged once at WARN when it starts and once at INFO when it ends.
 *
 * <p>Because {@link AsyncSinkWriter} waits for in-flight requests before a checkpoint, no
 * checkpoint of the job completes while Elasticsearch is down.
 */
final class ElasticsearchAlertWriter extends AsyncSinkWriter<AlertTransition, AlertDocument> {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchAlertWriter.class);

  private final String url;
  private final RetryBackoff backoff;
  private final ElasticsearchAsyncClient client;
  private final ScheduledExecutorService retryTimer;
  private final AlertSinkMetrics metrics;

  /** Elasticsearch did not answer, or answered a whole request with 429/5xx. */
  private final Episode unreachable = new Episode(System::nanoTime);

  /** Elasticsearch answered, but asked for some documents to be sent again (429/5xx items). */
  private final Episode throttled = new Episode(System::nanoTime);

  /** Requests in a row that needed a retry: the exponent of the next backoff. */
  private final AtomicInteger failedRounds = new AtomicInteger();

  private volatile boolean closed;

  ElasticsearchAlertWriter(
      ElementConverter<AlertTransition, AlertDocument> converter,
      WriterInitContext context,
      AsyncSinkWriterConfiguration configuration,
      Collection<BufferedRequestState<AlertDocument>> restoredState,
      String url,
      RetryBackoff backoff) {
    super(
        converter,
        context,
        configuration,
        restoredState,
        new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()),
        new DequeRequestBuffer<>());
    this.url = url;
    this.backoff = backoff;
    this.client = ElasticsearchAsyncClient.of(b -> b.host(url));
    String threadName = "es-alert-sink-retry-" + context.getTaskInfo().getIndexOfThisSubtask();
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    this.metrics = new AlertSinkMetrics(context.metricGroup(), unreachable::ongoing);
  }

  @Override
  protected long getSizeInBytes(AlertDocument document) {
    return document.sizeInBytes();
  }

  @Override
  protected void submitRequestEntries(
      List<AlertDocument> batch, ResultHandler<AlertDocument> resultHandler) {
    List<AlertDocument> documents = new ArrayList<>(batch.size());
    for (AlertDocument document : batch) {
      Optional<String> problem = document.problem();
      if (problem.isPresent()) {
        reject(document, "not sent: " + problem.get());
      } else {
        documents.add(document);
      }
    }
    if (documents.isEmpty()) {
      resultHandler.complete();
      return;
    }
    CompletableFuture<BulkResponse> response;
    try {
      response = client.bulk(bulkRequest(documents));
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    response.whenComplete(
        (answer, failure) -> {
          if (closed) {
            return;
          }
          try {
            if (failure != null) {
              onRequestFailure(documents, failure, resultHandler);
            } else {
              onResponse(documents, answer, resultHandler);
            }
          } catch (RuntimeException e) {
            // A bug of ours: fail loudly rather than leave the request in flight forever.
            resultHandler.completeExceptionally(e);
          }
        });
  }

  private static BulkRequest bulkRequest(List<AlertDocument> documents) {
    List<BulkOperation> operations = new ArrayList<>(documents.size());
    for (AlertDocument document : documents) {
      // Sent as is: the source already is the JSON export line, no second serialization.
      BinaryData source = BinaryData.of(document.sourceBytes(), ContentType.APPLICATION_JSON);
      operations.add(
          BulkOperation.of(
              o ->
                  o.index(
                      i ->
                          i.index(document.index())
                              .id(document.id())
                              .version(document.version())
                              .versionType(VersionType.External)
                              .document(source))));
    }
    return BulkRequest.of(b -> b.operations(operations));
  }

  private void onResponse(
      List<AlertDocument> sent, BulkResponse response, ResultHandler<AlertDocument> handler) {
    unreachable
        .end()
        .ifPresent(
            outage ->
                LOG.info(
                    "Elasticsearch at {} answers again after {} s; writing alerts resumed",
                    url,
                    outage.toSeconds()));
    BulkOutcome outcome = BulkOutcome.of(sent, response);
    metrics.indexed.inc(outcome.written());
    metrics.staleSkipped.inc(outcome.stale());
    for (BulkOutcome.Rejection rejection : outcome.rejected()) {
      reject(rejection.document(), "HTTP " + rejection.status() + " " + rejection.reason());
    }
    if (outcome.retry().isEmpty()) {
      failedRounds.set(0);
      throttled
          .end()
          .ifPresent(
              episode ->
                  LOG.info(
                      "Elasticsearch at {} takes all alert documents again after {} s",
                      url,
                      episode.toSeconds()));
      handler.complete();
      return;
    }
    if (throttled.begin()) {
      LOG.warn(
          "Elasticsearch at {} did not take {} of {} alert documents for now ({}); retrying"
              + " them with backoff up to {} s",
          url,
          outcome.retry().size(),
          sent.size(),
          outcome.retryReason(),
          backoff.max().toSeconds());
    }
    retryLater(outcome.retry(), handler);
  }

  private void onRequestFailure(
      List<AlertDocument> sent, Throwable failure, ResultHandler<AlertDocument> handler) {
    Throwable cause = BulkOutcome.unwrap(failure);
    if (cause instanceof Error || !BulkOutcome.isRetryable(cause)) {
      handler.completeExceptionally(
          new FlinkRuntimeException(
              "Elasticsearch at "
                  + url
                  + " refused a bulk request of "
                  + sent.size()
                  + " alert documents: "
                  + BulkOutcome.describe(cause)
                  + ". Retrying cannot help: check the sink's URL and credentials, and that"
                  + " maxBatchSizeInBytes is below Elasticsearch's http.max_content_length.",
              cause));
      return;
    }
    if (unreachable.begin()) {
      LOG.warn(
          "Elasticsearch at {} is unreachable or unavailable ({}); retrying with backoff up to"
              + " {} s. Alerts stay buffered (and checkpointed), upstream slows down when the"
              + " buffer is full.",
          url,
          BulkOutcome.describe(cause),
          backoff.max().toSeconds());
    } else {
      LOG.debug("Elasticsearch at {} still unreachable: {}", url, BulkOutcome.describe(cause));
    }
    retryLater(sent, handler);
  }

  /** Hands {@code documents} back to the buffer after a backoff delay. */
  private void retryLater(List<AlertDocument> documents, ResultHandler<AlertDocument> handler) {
    int attempt = failedRounds.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n + 1);
    Duration delay = backoff.delay(attempt, ThreadLocalRandom.current().nextDouble());
    metrics.retried.inc(documents.size());
    try {
      retryTimer.schedule(
          () -> {
            if (!closed) {
              handler.retryForEntries(documents);
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // The writer is closing: the job is finishing or failing over; its checkpoint has them.
      LOG.debug("Not retrying {} alert documents: the writer is closed", documents.size());
    }
  }

  private void reject(AlertDocument document, String reason) {
    metrics.rejected.inc();
    LOG.error(
        "Elasticsearch alert document {} (version {}) for index {} is dropped: {}. It is not"
            + " retried; the job goes on.",
        document.id(),
        document.version(),
        document.index(),
        reason);
  }

  @Override
  public void close() {
    closed = true;
    retryTimer.shutdownNow();
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not close the Elasticsearch client of {}", url, e);
    }
    super.close();
  }
}
