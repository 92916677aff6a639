/**
 * Our Elasticsearch sink for alert transitions, built on Flink's {@code AsyncSinkBase} with the
 * official {@code elasticsearch-java} client (no Elasticsearch connector is published for Flink
 * 2.x).
 *
 * <pre>
 *   AlertTransition ──AlertDocumentConverter──▶ AlertDocument (index, id = alertId,
 *        │                                       version = sequence + 1, JSON of the export line)
 *        ▼
 *   ElasticsearchAlertWriter ──bulk, version_type=external──▶ sentinel-alerts-YYYY.MM
 *        │ buffered documents are checkpointed (AlertDocumentStateSerializer)   or sentinel-replay-&lt;runId&gt;
 *        └ per item: 2xx indexed · 409 already newer (done) · 429/5xx retried · other 4xx logged, dropped
 * </pre>
 *
 * <p>Writes are idempotent: the document id is the alert's deterministic id and its external
 * version the transition's sequence, so at-least-once delivery (retries, restarts, replays) has an
 * exactly-once effect and a late, older transition never overwrites a newer one.
 *
 * <p>Construct it with {@link
 * cn.tuoyu.sentinel.pipeline.sink.elasticsearch.ElasticsearchAlertSink#builder()}.
 */
package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;
