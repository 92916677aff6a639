package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.Room;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RATIO_BELOW_STANDARD (subject: room): more children in a room than its certified caregivers may
 * look after, i.e. {@code children > ratio × certifiedCaregivers}. Children with no certified
 * caregiver at all are a breach. Certified caregivers are people who came in as CAREGIVER or
 * TEACHER and are certified CAREGIVER/TEACHER in the staff list ({@link RoomHeadcount}).
 *
 * <p>Thresholds (children per certified caregiver, 托育机构设置标准):
 *
 * <ul>
 *   <li>{@value #RATIO_INFANT} — 乳儿班 INFANT_6_12, default 3;
 *   <li>{@value #RATIO_TODDLER_SMALL} — 托小班 TODDLER_12_24, default 5;
 *   <li>{@value #RATIO_TODDLER_LARGE} — 托大班 TODDLER_24_36, default 7;
 *   <li>{@value #RATIO_MIXED} — 混合班 MIXED_18_36, default 5 (no national figure; local default);
 *   <li>{@value #RATIO_FAMILY} — every room of a 家庭托育点 (FAMILY institution), whatever its class
 *       type, default 3.
 * </ul>
 *
 * <p>A room missing from the reference data has no class type, so it is skipped except in a FAMILY
 * institution, where the class type does not matter (ROOM_UNATTENDED still covers it).
 */
public final class RatioBelowStandardRule extends RoomRule {
  private static final long serialVersionUID = 1L;

  public static final String RATIO_INFANT = "ratioInfant";
  public static final String RATIO_TODDLER_SMALL = "ratioToddlerSmall";
  public static final String RATIO_TODDLER_LARGE = "ratioToddlerLarge";
  public static final String RATIO_MIXED = "ratioMixed";
  public static final String RATIO_FAMILY = "ratioFamily";

  @Override
  public String id() {
    return RuleIds.RATIO_BELOW_STANDARD;
  }

  @Override
  protected Optional<Observation> observeRoom(
      InstitutionSnapshot s, RoomHeadcount h, RuleSettings settings) {
    Optional<String> ratioName = ratioThresholdName(s.isFamily(), h.room());
    if (h.children() == 0 || ratioName.isEmpty()) {
      return Optional.empty();
    }
    double ratio = settings.threshold(ratioName.get());
    return h.children() > ratio * h.certifiedCaregivers()
        ? Optional.of(observation(s, h, ratio))
        : Optional.empty();
  }

  /**
   * The name of the ratio threshold for a room: {@value #RATIO_FAMILY} in a FAMILY institution,
   * otherwise by the room's class type; empty for an unknown room outside FAMILY institutions.
   *
   * @param room the room's reference data, or null if unknown
   */
  public static Optional<String> ratioThresholdName(boolean family, Room room) {
    if (family) {
      return Optional.of(RATIO_FAMILY);
    }
    if (room == null || room.getClassType() == null) {
      return Optional.empty();
    }
    switch (room.getClassType()) {
      case INFANT_6_12:
        return Optional.of(RATIO_INFANT);
      case TODDLER_12_24:
        return Optional.of(RATIO_TODDLER_SMALL);
      case TODDLER_24_36:
        return Optional.of(RATIO_TODDLER_LARGE);
      case MIXED_18_36:
        return Optional.of(RATIO_MIXED);
      default:
        return Optional.empty();
    }
  }

  private Observation observation(InstitutionSnapshot s, RoomHeadcount h, double ratio) {
    String standard = (s.isFamily() ? "家庭托育点标准1:" : "标准1:") + Figures.number(ratio);
    String message =
        h.certifiedCaregivers() == 0
            ? h.label() + "：" + h.children() + "名幼儿在场，无持证照护人员（" + standard + "）"
            : h.label()
                + "："
                + h.children()
                + "名幼儿仅"
                + h.certifiedCaregivers()
                + "名持证照护人员（"
                + standard
                + "）";
    Map<String, Object> details = new LinkedHashMap<>();
    if (h.room() != null) {
      details.put("classType", h.room().getClassType().name());
    }
    details.put("children", h.children());
    details.put("caregivers", h.caregivers());
    details.put("certifiedCaregivers", h.certifiedCaregivers());
    details.put("ratioLimit", ratio);
    if (ratio > 0) {
      details.put("requiredCaregivers", (int) Math.ceil(h.children() / ratio));
    }
    return new Observation(
        id(), SubjectKey.room(s.institutionId(), h.roomId()), null, message, details);
  }
}
