package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class BulkOutcomeTest {
  private static final String INDEX = "sentinel-alerts-2026.11";

  @Test
  void sortsItemsByStatus() {
    List<AlertDocument> batch = documents(7);
    BulkResponse response =
        response(
            ok(201),
            ok(200),
            error(409, "version_conflict_engine_exception", "[a2]: version conflict"),
            error(429, "es_rejected_execution_exception", "rejected execution of coordinating"),
            error(503, "unavailable_shards_exception", "primary shard is not active"),
            error(400, "document_parsing_exception", "failed to parse field [location]"),
            error(404, "index_not_found_exception", "no such index"));

    BulkOutcome outcome = BulkOutcome.of(batch, response);

    assertThat(outcome.written()).isEqualTo(2);
    assertThat(outcome.stale()).isEqualTo(1);
    assertThat(outcome.retry()).containsExactly(batch.get(3), batch.get(4));
    assertThat(outcome.retryReason())
        .isEqualTo("HTTP 429 es_rejected_execution_exception: rejected execution of coordinating");
    assertThat(outcome.rejected())
        .extracting(BulkOutcome.Rejection::document)
        .containsExactly(batch.get(5), batch.get(6));
    assertThat(outcome.rejected().get(0).status()).isEqualTo(400);
    assertThat(outcome.rejected().get(0).reason())
        .isEqualTo("document_parsing_exception: failed to parse field [location]");
  }

  @Test
  void allWrittenMeansNothingToRetry() {
    List<AlertDocument> batch = documents(2);

    BulkOutcome outcome = BulkOutcome.of(batch, response(ok(201), ok(200)));

    assertThat(outcome.written()).isEqualTo(2);
    assertThat(outcome.retry()).isEmpty();
    assertThat(outcome.retryReason()).isNull();
    assertThat(outcome.rejected()).isEmpty();
  }

  @Test
  void documentsWithoutAnAnswerAreRetried() {
    List<AlertDocument> batch = documents(3);

    BulkOutcome outcome = BulkOutcome.of(batch, response(ok(201)));

    assertThat(outcome.retry()).containsExactly(batch.get(1), batch.get(2));
  }

  @Test
  void unreachableOrOverloadedElasticsearchIsRetried() {
    assertThat(BulkOutcome.isRetryable(new ConnectException("Connection refused"))).isTrue();
    assertThat(BulkOutcome.isRetryable(new CompletionException(new SocketTimeoutException("30 s"))))
        .isTrue();
    assertThat(BulkOutcome.isRetryable(new IOException("Connection reset"))).isTrue();
    assertThat(BulkOutcome.isRetryable(esError(503, "master_not_discovered_exception"))).isTrue();
    assertThat(BulkOutcome.isRetryable(esError(429, "circuit_breaking_exception"))).isTrue();
    assertThat(BulkOutcome.isRetryable(new CompletionException(esError(502, "bad_gateway"))))
        .isTrue();
  }

  @Test
  void requestsElasticsearchRefusesAsAWholeAreNotRetried() {
    assertThat(BulkOutcome.isRetryable(esError(401, "security_exception"))).isFalse();
    assertThat(BulkOutcome.isRetryable(new CompletionException(esError(403, "security_exception"))))
        .isFalse();
    assertThat(BulkOutcome.isRetryable(esError(413, "content_too_long_exception"))).isFalse();
  }

  @Test
  void describesFailuresInOneLine() {
    assertThat(
            BulkOutcome.describe(
                new CompletionException(
                    new IOException("wrapped", new ConnectException("Connection refused")))))
        .isEqualTo("ConnectException: Connection refused");
    assertThat(BulkOutcome.describe(new CompletionException(esError(401, "security_exception"))))
        .isEqualTo("HTTP 401 security_exception: because");
    assertThat(BulkOutcome.httpStatus(new CompletionException(esError(503, "x")))).isEqualTo(503);
    assertThat(BulkOutcome.httpStatus(new ConnectException())).isEqualTo(-1);
  }

  private static ElasticsearchException esError(int status, String type) {
    return new ElasticsearchException(
        "bulk", ErrorResponse.of(e -> e.status(status).error(c -> c.type(type).reason("because"))));
  }

  private static List<AlertDocument> documents(int n) {
    List<AlertDocument> documents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      documents.add(AlertDocument.ofJson(INDEX, "a" + i, 1, "{\"alertId\":\"a" + i + "\"}"));
    }
    return documents;
  }

  private static BulkResponse response(BulkResponseItem... items) {
    boolean errors = List.of(items).stream().anyMatch(i -> i.error() != null);
    return BulkResponse.of(b -> b.errors(errors).took(3).items(List.of(items)));
  }

  private static BulkResponseItem ok(int status) {
    return BulkResponseItem.of(
        i -> i.operationType(OperationType.Index).index(INDEX).id("x").status(status));
  }

  private static BulkResponseItem error(int status, String type, String reason) {
    return BulkResponseItem.of(
        i ->
            i.operationType(OperationType.Index)
                .index(INDEX)
                .id("x")
                .status(status)
                .error(e -> e.type(type).reason(reason)));
  }
}
