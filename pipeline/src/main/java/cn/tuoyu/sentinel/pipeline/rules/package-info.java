/**
 * The rules domain in plain Java: rule ids and catalogue defaults ({@code rules.md}), run-time
 * parameter resolution by region scope, the occupancy model built from attendance events, and one
 * class per occupancy rule that turns an {@link
 * cn.tuoyu.sentinel.pipeline.rules.InstitutionSnapshot} into the conditions that are breached right
 * now.
 *
 * <p>Nothing here depends on Flink: Flink operators hold state and timers and delegate every
 * decision to these classes, which therefore have plain unit tests. Value classes are {@link
 * java.io.Serializable} so operators can keep them in fields; they are immutable except {@link
 * cn.tuoyu.sentinel.pipeline.rules.Presence}, which is a Flink POJO for keyed state.
 *
 * <p>Rules report only breached subjects; the caller detects a cleared condition by its absence
 * from the next observation, applies the hold, and owns the alert lifecycle.
 */
package cn.tuoyu.sentinel.pipeline.rules;
