package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What became of each document of one bulk request: the sink's retry decisions, in plain Java.
 *
 * <ul>
 *   <li>2xx: written.
 *   <li>409 version conflict: Elasticsearch already has this transition or a newer one of the same
 *       alert. That is the point of external versions (a stale transition must not overwrite a
 *       newer one; replays and restarts rewrite what is there): done, counted as stale.
 *   <li>408, 429 and 5xx: Elasticsearch is busy or a shard is not ready: retry the document.
 *   <li>any other 4xx (mapping or parse error, ...): the document itself is wrong and would be
 *       refused forever: rejected, never retried.
 * </ul>
 *
 * @param written documents Elasticsearch stored
 * @param stale documents Elasticsearch already had in this or a newer version
 * @param retry documents to send again, in their original order
 * @param retryReason why the first of {@code retry} was not taken, for the log; null if none
 * @param rejected documents Elasticsearch refused for good, with why
 */
record BulkOutcome(
    int written,
    int stale,
    List<AlertDocument> retry,
    String retryReason,
    List<Rejection> rejected) {

  /** A document Elasticsearch will never accept. */
  record Rejection(AlertDocument document, int status, String reason) {}

  /** Sorts the documents of {@code batch} (in request order) by their items in {@code response}. */
  static BulkOutcome of(List<AlertDocument> batch, BulkResponse response) {
    List<BulkResponseItem> items = response.items();
    int written = 0;
    int stale = 0;
    List<AlertDocument> retry = new ArrayList<>();
    String retryReason = null;
    List<Rejection> rejected = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      AlertDocument document = batch.get(i);
      if (i >= items.size()) {
        // Items answer operations in order; one without an answer was not necessarily written.
        retry.add(document);
        if (retryReason == null) {
          retryReason = "no answer for this document in the bulk response";
        }
        continue;
      }
      BulkResponseItem item = items.get(i);
      int status = item.status();
      if (item.error() == null && status >= 200 && status < 300) {
        written++;
      } else if (status == 409) {
        stale++;
      } else if (isRetryable(status)) {
        retry.add(document);
        if (retryReason == null) {
          retryReason = "HTTP " + status + " " + describe(item.error());
        }
      } else {
        rejected.add(new Rejection(document, status, describe(item.error())));
      }
    }
    return new BulkOutcome(written, stale, List.copyOf(retry), retryReason, List.copyOf(rejected));
  }

  /**
   * False for a 4xx other than 408 and 429 ("this is wrong"), true otherwise ("try again later"; a
   * success status with an error is not expected, and not trusted either).
   */
  static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500 || status < 400;
  }

  /**
   * True if a failed bulk request (not one of its items) is worth retrying: the server was not
   * reached, did not answer in time, or answered 408, 429 or 5xx. Other 4xx answers to the request
   * as a whole (401/403 credentials, 404 wrong URL, 413 batch too large) do not heal by retrying.
   */
  static boolean isRetryable(Throwable requestFailure) {
    int status = httpStatus(requestFailure);
    return status < 0 || isRetryable(status);
  }

  /** The HTTP status of a failed request, or -1 if no answer was received. */
  static int httpStatus(Throwable requestFailure) {
    for (Throwable t = unwrap(requestFailure); t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException) {
        return ((ElasticsearchException) t).status();
      }
      if (t instanceof TransportException) {
        int status = ((TransportException) t).statusCode();
        if (status > 0) {
          return status;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return -1;
  }

  /** Peels the wrappers of asynchronous completion off {@code t}. */
  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** One line saying what went wrong with a request, for logs: its HTTP error or root cause. */
  static String describe(Throwable requestFailure) {
    Throwable t = unwrap(requestFailure);
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ElasticsearchException) {
        ElasticsearchException e = (ElasticsearchException) c;
        return "HTTP " + e.status() + " " + describe(e.error());
      }
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** {@code type: reason}, with the cause when Elasticsearch gives one. */
  static String describe(ErrorCause error) {
    if (error == null) {
      return "no error details";
    }
    String text = error.type() + ": " + error.reason();
    ErrorCause cause = error.causedBy();
    return cause == null
        ? text
        : text + " (caused by " + cause.type() + ": " + cause.reason() + ")";
  }
}
