package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * INSTITUTION_OFFLINE (subject: institution): no event of any kind — attendance, camera, sensor —
 * from an institution for the hold (default 5 min) within its opening hours. No thresholds.
 *
 * <p>Only silence within opening hours ({@code openTime}–{@code closeTime}, Asia/Shanghai) counts,
 * and the alert never opens while the institution is closed. From the latest event L the rule finds
 * the silence S that decides: on the local day of L, then on each following day (at most {@value
 * #DAYS_AHEAD} days), S = max(L, opening); the first day on which S is before closing and S + hold
 * is no later than closing decides, at D = S + hold. Silence from before opening therefore counts
 * from opening, and silence that would only complete after closing carries over to the next
 * opening. With a hold of 0, D = S: the institution counts as offline as soon as it has been silent
 * at all within opening hours. A hold longer than the opening hours is never reached: no breach.
 *
 * <p>The institution is breached from D on, since S (its alert's {@code startedAt}: the last event,
 * or the opening time if that event came before opening), and stays breached — also after closing
 * and on following days — until an event moves L. Never heard from (no L): nothing. {@link
 * #nextCheck}: D while it lies after {@code at}.
 */
public final class InstitutionOfflineRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  /** How many local days, starting with the day of the latest event, are searched for D. */
  static final int DAYS_AHEAD = 8;

  @Override
  public String id() {
    return RuleIds.INSTITUTION_OFFLINE;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.ANY);
  }

  /**
   * The silence that decides, given the latest event: S (when it began to count) and D (when it has
   * lasted the hold).
   */
  record Silence(Instant start, Instant decidedAt) {}

  /**
   * The silence that decides after {@code s.lastEventAt()}; empty if none is heard or none fits.
   */
  static Optional<Silence> silence(InstitutionSnapshot s, long holdMillis) {
    Instant last = s.lastEventAt();
    if (last == null) {
      return Optional.empty();
    }
    LocalDate day = last.atZone(InstitutionSnapshot.ZONE).toLocalDate();
    for (int k = 0; k < DAYS_AHEAD; k++) {
      LocalDate date = day.plusDays(k);
      Instant opening = s.openingOn(date);
      Instant closing = s.closingOn(date);
      Instant start = last.isAfter(opening) ? last : opening;
      if (start.isBefore(closing) && holdMillis <= closing.toEpochMilli() - start.toEpochMilli()) {
        return Optional.of(new Silence(start, start.plusMillis(holdMillis)));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Optional<Silence> silence = silence(s, settings.holdMillis());
    if (silence.isEmpty() || s.at().isBefore(silence.get().decidedAt())) {
      return List.of();
    }
    Instant since = silence.get().start();
    long hold = settings.holdMillis();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("lastEventAt", Figures.localTimestamp(s.lastEventAt()));
    details.put("silentSince", Figures.localTimestamp(since));
    details.put("holdSeconds", hold / 1000);
    details.put("openTime", s.institution().getOpenTime());
    details.put("closeTime", s.institution().getCloseTime());
    String message =
        "机构自 "
            + Figures.clock(since, s.at())
            + " 起"
            + (hold == 0 ? "" : " " + Figures.duration(hold))
            + "无任何数据上报（摄像头、传感器、考勤均无）";
    return List.of(
        new Observation(id(), SubjectKey.institution(s.institutionId()), since, message, details));
  }

  @Override
  public Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return silence(s, settings.holdMillis())
        .map(Silence::decidedAt)
        .filter(decided -> decided.isAfter(s.at()));
  }
}
