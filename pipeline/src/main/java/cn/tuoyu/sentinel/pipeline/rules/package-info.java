/**
 * The rules domain in plain Java: rule ids and catalogue defaults ({@code rules.md}), run-time
 * parameter resolution by region scope, the occupancy model built from attendance events, the state
 * of cameras and sensors folded from their reports, and one class per rule that turns an {@link
 * cn.tuoyu.sentinel.pipeline.rules.InstitutionSnapshot} into the conditions that are breached right
 * now ({@link cn.tuoyu.sentinel.pipeline.rules.OccupancyRules}, {@link
 * cn.tuoyu.sentinel.pipeline.rules.DeviceRules}; CAMERA_FLAPPING's decisions are in {@link
 * cn.tuoyu.sentinel.pipeline.rules.CameraFlappingRule} for a CEP pattern).
 *
 * <p>Nothing here depends on Flink: Flink operators hold state and timers and delegate every
 * decision to these classes, which therefore have plain unit tests. Value classes are {@link
 * java.io.Serializable} so operators can keep them in fields; they are immutable except {@link
 * cn.tuoyu.sentinel.pipeline.rules.Presence}, {@link cn.tuoyu.sentinel.pipeline.rules.CameraState}
 * and {@link cn.tuoyu.sentinel.pipeline.rules.SensorState}, Flink POJOs for keyed state that are
 * replaced, never mutated, once handed out.
 *
 * <p>Rules report only breached subjects; the caller detects a cleared condition by its absence
 * from the next observation, applies the hold, and owns the alert lifecycle.
 */
package cn.tuoyu.sentinel.pipeline.rules;
