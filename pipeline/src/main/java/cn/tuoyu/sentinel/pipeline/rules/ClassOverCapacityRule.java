package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.Room;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CLASS_OVER_CAPACITY (subject: room): more children in a room than its class limit, which is the
 * smaller of the room's licensed {@code capacity} and the standard class size for its class type
 * (in a FAMILY institution: {@value #MAX_FAMILY} whatever the class type). A capacity of 0 is taken
 * literally: a room licensed for no children is over capacity with one.
 *
 * <p>Thresholds (standard maximum class size, 托育机构设置标准 / 家庭托育点管理办法):
 *
 * <ul>
 *   <li>{@value #MAX_INFANT} — 乳儿班 INFANT_6_12, default 10;
 *   <li>{@value #MAX_TODDLER_SMALL} — 托小班 TODDLER_12_24, default 15;
 *   <li>{@value #MAX_TODDLER_LARGE} — 托大班 TODDLER_24_36, default 20;
 *   <li>{@value #MAX_MIXED} — 混合班 MIXED_18_36, default 18;
 *   <li>{@value #MAX_FAMILY} — any room of a 家庭托育点, default 5.
 * </ul>
 *
 * <p>A room missing from the reference data has neither class type nor capacity: it is skipped,
 * except in a FAMILY institution, where {@value #MAX_FAMILY} alone applies.
 */
public final class ClassOverCapacityRule extends RoomRule {
  private static final long serialVersionUID = 1L;

  public static final String MAX_INFANT = "maxInfant";
  public static final String MAX_TODDLER_SMALL = "maxToddlerSmall";
  public static final String MAX_TODDLER_LARGE = "maxToddlerLarge";
  public static final String MAX_MIXED = "maxMixed";
  public static final String MAX_FAMILY = "maxFamily";

  @Override
  public String id() {
    return RuleIds.CLASS_OVER_CAPACITY;
  }

  @Override
  protected Optional<Observation> observeRoom(
      InstitutionSnapshot s, RoomHeadcount h, RuleSettings settings) {
    Optional<String> standardName = maxSizeThresholdName(s.isFamily(), h.room());
    if (h.children() == 0 || standardName.isEmpty()) {
      return Optional.empty();
    }
    int standard = settings.intThreshold(standardName.get());
    int limit = h.room() == null ? standard : Math.min(h.room().getCapacity(), standard);
    return h.children() > limit
        ? Optional.of(observation(s, h, standard, limit))
        : Optional.empty();
  }

  /**
   * The name of the standard class-size threshold for a room: {@value #MAX_FAMILY} in a FAMILY
   * institution, otherwise by class type; empty for an unknown room outside FAMILY institutions.
   *
   * @param room the room's reference data, or null if unknown
   */
  public static Optional<String> maxSizeThresholdName(boolean family, Room room) {
    if (family) {
      return Optional.of(MAX_FAMILY);
    }
    if (room == null || room.getClassType() == null) {
      return Optional.empty();
    }
    switch (room.getClassType()) {
      case INFANT_6_12:
        return Optional.of(MAX_INFANT);
      case TODDLER_12_24:
        return Optional.of(MAX_TODDLER_SMALL);
      case TODDLER_24_36:
        return Optional.of(MAX_TODDLER_LARGE);
      case MIXED_18_36:
        return Optional.of(MAX_MIXED);
      default:
        return Optional.empty();
    }
  }

  private Observation observation(InstitutionSnapshot s, RoomHeadcount h, int standard, int limit) {
    String standardText = (s.isFamily() ? "家庭托育点标准" : "标准") + standard + "名";
    String basis =
        h.room() == null ? standardText : "核定容量" + h.room().getCapacity() + "名，" + standardText;
    String message = h.label() + "：在班幼儿" + h.children() + "名，超过班额上限" + limit + "名（" + basis + "）";
    Map<String, Object> details = new LinkedHashMap<>();
    if (h.room() != null) {
      details.put("classType", h.room().getClassType().name());
      details.put("capacity", h.room().getCapacity());
    }
    details.put("children", h.children());
    details.put("standardLimit", standard);
    details.put("classLimit", limit);
    return new Observation(
        id(), SubjectKey.room(s.institutionId(), h.roomId()), null, message, details);
  }
}
