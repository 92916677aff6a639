package cn.tuoyu.sentinel.pipeline.rules;

/** The kinds of event a rule's verdict depends on ({@link InstitutionRule#inputs()}). */
public enum RuleInput {
  /** Attendance: who is where. */
  ATTENDANCE,
  /** Camera status reports and heartbeats. */
  CAMERA,
  /** Environment sensor readings. */
  SENSOR,
  /**
   * Any event at all: it proves that time has passed, which is what silence rules (a device or the
   * whole institution no longer reporting) need to see.
   */
  ANY
}
