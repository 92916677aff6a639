package cn.tuoyu.sentinel.pipeline.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ROOM_UNATTENDED (subject: room): at least one child in a room and no CAREGIVER or TEACHER at all,
 * certified or not — an uncertified caregiver is a different, lesser problem (RATIO_BELOW_STANDARD,
 * STAFF_UNCERTIFIED_ON_DUTY). HEALTH and OTHER_STAFF, visitors and guardians do not attend a room.
 * Rooms missing from the reference data are covered too. No thresholds.
 */
public final class RoomUnattendedRule extends RoomRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.ROOM_UNATTENDED;
  }

  @Override
  protected Optional<Observation> observeRoom(
      InstitutionSnapshot s, RoomHeadcount h, RuleSettings settings) {
    if (h.children() == 0 || h.caregivers() > 0) {
      return Optional.empty();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("children", h.children());
    details.put("caregivers", h.caregivers());
    details.put("otherStaff", h.otherStaff());
    return Optional.of(
        new Observation(
            id(),
            SubjectKey.room(s.institutionId(), h.roomId()),
            null,
            h.label() + "：" + h.children() + "名幼儿在场，无照护人员",
            details));
  }
}
