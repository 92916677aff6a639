package cn.tuoyu.sentinel.pipeline.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROOM_UNATTENDED (subject: room): at least one child in a room and no CAREGIVER or TEACHER at all,
 * certified or not — an uncertified caregiver is a different, lesser problem (RATIO_BELOW_STANDARD,
 * STAFF_UNCERTIFIED_ON_DUTY). HEALTH and OTHER_STAFF, visitors and guardians do not attend a room.
 * Rooms missing from the reference data are covered too. No thresholds.
 */
public final class RoomUnattendedRule implements OccupancyRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.ROOM_UNATTENDED;
  }

  @Override
  public List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Observation> breaches = new ArrayList<>();
    for (String roomId : s.occupiedRoomIds()) {
      RoomHeadcount h = RoomHeadcount.of(s, roomId);
      if (h.children() >= 1 && h.caregivers() == 0) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("children", h.children());
        details.put("caregivers", h.caregivers());
        details.put("otherStaff", h.otherStaff());
        breaches.add(
            new Observation(
                id(),
                SubjectKey.room(s.institutionId(), roomId),
                null,
                h.label() + "：" + h.children() + "名幼儿在场，无照护人员",
                details));
      }
    }
    return breaches;
  }
}
