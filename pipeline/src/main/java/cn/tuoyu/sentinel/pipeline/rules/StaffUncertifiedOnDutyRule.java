package cn.tuoyu.sentinel.pipeline.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * STAFF_UNCERTIFIED_ON_DUTY (subject: room): in a room with at least one child, someone who came in
 * with a staff role (CAREGIVER, TEACHER, HEALTH, OTHER_STAFF) and is either listed in the
 * institution's staff list with {@code certified = false} or not listed at all (持证上岗). Visitors and
 * guardians are not staff. No thresholds.
 *
 * <p>Details: {@code staffIds} (all of them), {@code uncertifiedStaffIds} (listed, not certified),
 * {@code unknownStaffIds} (not listed), comma-separated and sorted; {@code children}.
 */
public final class StaffUncertifiedOnDutyRule extends RoomRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.STAFF_UNCERTIFIED_ON_DUTY;
  }

  @Override
  protected Optional<Observation> observeRoom(
      InstitutionSnapshot s, RoomHeadcount h, RuleSettings settings) {
    List<String> staffIds = h.staffWithoutCertificate();
    if (h.children() == 0 || staffIds.isEmpty()) {
      return Optional.empty();
    }
    List<String> reasons = new ArrayList<>();
    if (!h.uncertifiedStaffIds().isEmpty()) {
      reasons.add("未持证 " + Figures.idText(h.uncertifiedStaffIds()));
    }
    if (!h.unknownStaffIds().isEmpty()) {
      reasons.add("不在备案名单 " + Figures.idText(h.unknownStaffIds()));
    }
    String message =
        h.label()
            + "："
            + h.children()
            + "名幼儿在场，"
            + staffIds.size()
            + "名工作人员无证上岗（"
            + String.join("；", reasons)
            + "）";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("children", h.children());
    details.put("staffIds", Figures.idList(staffIds));
    details.put("uncertifiedStaffIds", Figures.idList(h.uncertifiedStaffIds()));
    details.put("unknownStaffIds", Figures.idList(h.unknownStaffIds()));
    return Optional.of(
        new Observation(
            id(), SubjectKey.room(s.institutionId(), h.roomId()), null, message, details));
  }
}
