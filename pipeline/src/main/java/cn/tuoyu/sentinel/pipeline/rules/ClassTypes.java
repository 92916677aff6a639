package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Room;

/** Chinese names of class types and rooms for alert messages. */
public final class ClassTypes {
  private ClassTypes() {}

  /** 乳儿班, 托小班, 托大班 or 混合班. */
  public static String chineseName(ClassType classType) {
    switch (classType) {
      case INFANT_6_12:
        return "乳儿班";
      case TODDLER_12_24:
        return "托小班";
      case TODDLER_24_36:
        return "托大班";
      case MIXED_18_36:
        return "混合班";
      default:
        throw new IllegalArgumentException("no Chinese name for class type " + classType);
    }
  }

  /**
   * How a message names a room: its class and id ("托小班 R1"), or "房间 R9" for a room missing from the
   * institution's reference data.
   *
   * @param room the room's reference data, or null if unknown
   */
  public static String roomLabel(Room room, String roomId) {
    if (room == null || room.getClassType() == null) {
      return "房间 " + roomId;
    }
    return chineseName(room.getClassType()) + " " + roomId;
  }
}
