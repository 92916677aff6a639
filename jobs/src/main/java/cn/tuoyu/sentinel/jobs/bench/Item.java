package cn.tuoyu.sentinel.jobs.bench;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record the bench publishes: where it goes (topic, partition, key) and what it is.
 *
 * @param topic the Kafka topic
 * @param partition the partition, always the one Kafka's default partitioner picks for {@code key}
 * @param key the Kafka key: institutionId, or the scope for rule parameters
 * @param ts event time in epoch millis (0 for reference records)
 * @param record the Avro record, published as single-object bytes
 */
record Item(String topic, int partition, String key, long ts, SpecificRecord record) {}
