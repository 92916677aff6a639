/**
 * Pure domain logic and Flink building blocks of the monitor job: decode and validate, watermarks,
 * reference state, occupancy, rules, alert lifecycle, the Elasticsearch sink, configuration. No
 * {@code main()} here; entry points live in the jobs module.
 */
package cn.tuoyu.sentinel.pipeline;
