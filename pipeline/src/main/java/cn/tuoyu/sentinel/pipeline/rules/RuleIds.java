package cn.tuoyu.sentinel.pipeline.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids of every rule in the catalogue ({@code rules.md}), in catalogue order, with their Chinese
 * display names for end users.
 *
 * <p>A rule id is the key of a rule's parameters on {@code sentinel.rules} and the {@code ruleId}
 * of its alerts, so these strings are part of the wire contract and must never be renamed.
 */
public final class RuleIds {
  public static final String RATIO_BELOW_STANDARD = "RATIO_BELOW_STANDARD";
  public static final String ROOM_UNATTENDED = "ROOM_UNATTENDED";
  public static final String CLASS_OVER_CAPACITY = "CLASS_OVER_CAPACITY";
  public static final String INSTITUTION_OVER_LICENSE = "INSTITUTION_OVER_LICENSE";
  public static final String STAFF_UNCERTIFIED_ON_DUTY = "STAFF_UNCERTIFIED_ON_DUTY";
  public static final String CHILD_NOT_PICKED_UP = "CHILD_NOT_PICKED_UP";
  public static final String CAMERA_OFFLINE = "CAMERA_OFFLINE";
  public static final String SURVEILLANCE_GAP = "SURVEILLANCE_GAP";
  public static final String RECORDING_STOPPED = "RECORDING_STOPPED";
  public static final String RETENTION_BELOW_STANDARD = "RETENTION_BELOW_STANDARD";
  public static final String CAMERA_FLAPPING = "CAMERA_FLAPPING";
  public static final String INSTITUTION_OFFLINE = "INSTITUTION_OFFLINE";
  public static final String SMOKE_DETECTED = "SMOKE_DETECTED";
  public static final String TEMPERATURE_OUT_OF_RANGE = "TEMPERATURE_OUT_OF_RANGE";
  public static final String CO2_HIGH = "CO2_HIGH";
  public static final String SENSOR_SILENT = "SENSOR_SILENT";

  private static final Map<String, String> CHINESE_NAMES = chineseNames();

  /** All 16 rule ids in the order of the catalogue table. */
  public static final List<String> ALL = List.copyOf(CHINESE_NAMES.keySet());

  private RuleIds() {}

  /**
   * The Chinese name shown to operators and institutions, e.g. {@code ROOM_UNATTENDED} → 无人照护.
   *
   * @throws IllegalArgumentException if {@code ruleId} is not in the catalogue
   */
  public static String chineseName(String ruleId) {
    String name = CHINESE_NAMES.get(ruleId);
    if (name == null) {
      throw new IllegalArgumentException("unknown rule id " + ruleId + "; known: " + ALL);
    }
    return name;
  }

  /** Whether {@code ruleId} is one of the catalogue's rules. */
  public static boolean isKnown(String ruleId) {
    return ruleId != null && CHINESE_NAMES.containsKey(ruleId);
  }

  private static Map<String, String> chineseNames() {
    // Insertion order is the catalogue order that ALL exposes.
    Map<String, String> m = new LinkedHashMap<>();
    m.put(RATIO_BELOW_STANDARD, "照护比例不达标");
    m.put(ROOM_UNATTENDED, "无人照护");
    m.put(CLASS_OVER_CAPACITY, "班级超员");
    m.put(INSTITUTION_OVER_LICENSE, "超出核定托位");
    m.put(STAFF_UNCERTIFIED_ON_DUTY, "无证上岗");
    m.put(CHILD_NOT_PICKED_UP, "闭园后幼儿未接走");
    m.put(CAMERA_OFFLINE, "摄像头离线");
    m.put(SURVEILLANCE_GAP, "监控中断");
    m.put(RECORDING_STOPPED, "录像停止");
    m.put(RETENTION_BELOW_STANDARD, "录像保存期不足");
    m.put(CAMERA_FLAPPING, "摄像头频繁掉线");
    m.put(INSTITUTION_OFFLINE, "机构离线");
    m.put(SMOKE_DETECTED, "烟雾报警");
    m.put(TEMPERATURE_OUT_OF_RANGE, "室温超出范围");
    m.put(CO2_HIGH, "二氧化碳超标");
    m.put(SENSOR_SILENT, "传感器失联");
    return m;
  }
}
