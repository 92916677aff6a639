package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CHILD_NOT_PICKED_UP (subject: the child): a child still checked in at or after the institution's
 * {@code closeTime} (Asia/Shanghai). No thresholds; the default hold of 30 min makes the alert open
 * half an hour after closing (rules.md: the condition begins at closeTime = {@code startedAt}).
 *
 * <p>The condition begins ({@link Observation#since()}) at the closing time of the local day the
 * child checked in, or at the check-in itself if that was after closing. Measuring from the
 * check-in day rather than from the day of {@code at} keeps {@code since} — and with it the alert
 * id — stable across midnight for a child whose check-out never arrived. Before that instant the
 * child is not breached.
 *
 * <p>{@link #nextCheck}: the next closing time strictly after {@code at} while any child is checked
 * in, so a timer re-evaluates exactly when a child becomes late although no event arrives.
 */
public final class ChildNotPickedUpRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.CHILD_NOT_PICKED_UP;
  }

  @Override
  public List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Observation> breaches = new ArrayList<>();
    for (Presence child : s.childrenCheckedIn()) {
      Instant since = lateSince(s, child);
      if (!s.at().isBefore(since)) {
        breaches.add(observation(s, child, since));
      }
    }
    return breaches;
  }

  @Override
  public Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled() || s.childrenCheckedIn().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(s.nextClosingAfter(s.at()));
  }

  /** When {@code child} becomes late: closing time of their check-in day, or the check-in. */
  static Instant lateSince(InstitutionSnapshot s, Presence child) {
    Instant checkedIn = Instant.ofEpochMilli(child.getCheckedInAtMillis());
    Instant close = s.closingOn(checkedIn.atZone(InstitutionSnapshot.ZONE).toLocalDate());
    return checkedIn.isAfter(close) ? checkedIn : close;
  }

  private Observation observation(InstitutionSnapshot s, Presence child, Instant since) {
    String closeTime = s.institution().getCloseTime();
    String message =
        child.getRoomId() == null
            ? "幼儿 " + child.getPersonId() + " 闭园（" + closeTime + "）后仍在园，未被接走"
            : ClassTypes.roomLabel(s.room(child.getRoomId()).orElse(null), child.getRoomId())
                + "：幼儿 "
                + child.getPersonId()
                + " 闭园（"
                + closeTime
                + "）后仍未被接走";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("closeTime", closeTime);
    details.put(
        "checkedInAt", Figures.localTimestamp(Instant.ofEpochMilli(child.getCheckedInAtMillis())));
    if (child.getRoomId() != null) {
      details.put("roomId", child.getRoomId());
    }
    return new Observation(
        id(), SubjectKey.person(s.institutionId(), child.getPersonId()), since, message, details);
  }
}
