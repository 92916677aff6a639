package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Opening hours 07:30–18:00, default hold 5 min. */
class InstitutionOfflineRuleTest {
  private static final Instant LAST = local("2026-11-23T09:12");

  private final InstitutionOfflineRule rule = new InstitutionOfflineRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.INSTITUTION_OFFLINE);

  private static DeviceScenario lastHeard(Instant lastEventAt) {
    return DeviceScenario.in(DeviceFixtures.watched()).lastEventAt(lastEventAt);
  }

  @Test
  void fiveMinutesOfSilenceWithinOpeningHoursBreachSinceTheLastEvent() {
    DeviceScenario silent = lastHeard(LAST);

    assertThat(silent.at(local("2026-11-23T09:16:59.999")).observe(rule)).isEmpty();
    assertThat(silent.nextCheck(rule)).contains(local("2026-11-23T09:17"));
    assertThat(silent.at(local("2026-11-23T09:17")).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.INSTITUTION_OFFLINE);
              assertThat(o.subject()).isEqualTo(SubjectKey.institution(Fixtures.INSTITUTION_ID));
              assertThat(o.since()).isEqualTo(LAST);
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("机构自 09:12 起 5 分钟无任何数据上报（摄像头、传感器、考勤均无）");
              assertThat(o.details())
                  .containsExactly(
                      entry("lastEventAt", "2026-11-23T09:12:00+08:00"),
                      entry("silentSince", "2026-11-23T09:12:00+08:00"),
                      entry("holdSeconds", 300L),
                      entry("openTime", "07:30"),
                      entry("closeTime", "18:00"));
            });
    assertThat(silent.nextCheck(rule)).isEmpty();
  }

  @Test
  void neverHeardFromIsNoBreach() {
    DeviceScenario unheard = DeviceScenario.in(DeviceFixtures.watched()).at(LAST);

    assertThat(unheard.observe(rule)).isEmpty();
    assertThat(unheard.nextCheck(rule)).isEmpty();
  }

  @Test
  void silenceFromBeforeOpeningCountsFromOpening() {
    DeviceScenario overnight = lastHeard(local("2026-11-23T06:50"));

    assertThat(overnight.at(local("2026-11-23T07:00")).nextCheck(rule))
        .contains(local("2026-11-23T07:35"));
    assertThat(overnight.at(local("2026-11-23T07:34:59")).observe(rule)).isEmpty();
    assertThat(overnight.at(local("2026-11-23T07:35")).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(local("2026-11-23T07:30"));
              assertThat(o.message()).startsWith("机构自 07:30 起 5 分钟无任何数据上报");
              assertThat(o.details())
                  .contains(
                      entry("lastEventAt", "2026-11-23T06:50:00+08:00"),
                      entry("silentSince", "2026-11-23T07:30:00+08:00"));
            });
  }

  @Test
  void silenceFromTheEveningBeforeCountsFromTheNextOpening() {
    DeviceScenario night = lastHeard(local("2026-11-23T19:00"));

    assertThat(night.at(local("2026-11-23T23:00")).observe(rule)).isEmpty();
    assertThat(night.nextCheck(rule)).contains(local("2026-11-24T07:35"));
    assertThat(night.at(local("2026-11-24T07:35")).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(local("2026-11-24T07:30")));
  }

  @Test
  void silenceRunningAcrossClosingDoesNotOpenItCarriesOverToTheNextDay() {
    DeviceScenario lateAfternoon = lastHeard(local("2026-11-23T17:56"));

    assertThat(lateAfternoon.at(local("2026-11-23T18:01")).observe(rule)).isEmpty();
    assertThat(lateAfternoon.at(local("2026-11-23T23:59")).observe(rule)).isEmpty();
    assertThat(lateAfternoon.nextCheck(rule)).contains(local("2026-11-24T07:35"));
    assertThat(lateAfternoon.at(local("2026-11-24T07:34:59.999")).observe(rule)).isEmpty();
    assertThat(lateAfternoon.at(local("2026-11-24T07:35")).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(local("2026-11-24T07:30"));
              assertThat(o.details()).contains(entry("lastEventAt", "2026-11-23T17:56:00+08:00"));
            });
  }

  @Test
  void aHoldEndingExactlyAtClosingStillBreachesAtClosing() {
    DeviceScenario exact = lastHeard(local("2026-11-23T17:55"));

    assertThat(exact.at(local("2026-11-23T17:59")).nextCheck(rule))
        .contains(local("2026-11-23T18:00"));
    assertThat(exact.at(local("2026-11-23T18:00")).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(local("2026-11-23T17:55")));

    DeviceScenario aMillisecondLater = lastHeard(local("2026-11-23T17:55:00.001"));
    assertThat(aMillisecondLater.at(local("2026-11-23T18:00")).observe(rule)).isEmpty();
    assertThat(aMillisecondLater.nextCheck(rule)).contains(local("2026-11-24T07:35"));
  }

  @Test
  void anEventAtClosingTimeCountsFromTheNextOpening() {
    DeviceScenario atClosing = lastHeard(local("2026-11-23T18:00"));

    assertThat(atClosing.at(local("2026-11-23T18:00")).nextCheck(rule))
        .contains(local("2026-11-24T07:35"));
  }

  @Test
  void onceBreachedItStaysBreachedAfterClosingAndTheNextDayUntilAnEventArrives() {
    DeviceScenario silent = lastHeard(LAST);

    assertThat(silent.at(local("2026-11-23T20:00")).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(LAST));
    assertThat(silent.at(local("2026-11-24T10:00")).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(LAST);
              assertThat(o.message()).startsWith("机构自 11月23日 09:12 起");
            });
    assertThat(
            silent
                .lastEventAt(local("2026-11-24T10:00"))
                .at(local("2026-11-24T10:00"))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void withHoldZeroAnySilenceWithinOpeningHoursBreaches() {
    RuleSettings noHold = defaults.withHoldMillis(0);
    DeviceScenario early =
        lastHeard(local("2026-11-23T06:00"))
            .settings(rule.id(), noHold)
            .at(local("2026-11-23T07:00"));

    assertThat(early.observe(rule)).isEmpty();
    assertThat(early.nextCheck(rule)).contains(local("2026-11-23T07:30"));
    assertThat(early.at(local("2026-11-23T07:30")).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(local("2026-11-23T07:30"));
              assertThat(o.message()).isEqualTo("机构自 07:30 起无任何数据上报（摄像头、传感器、考勤均无）");
            });
  }

  @Test
  void aHoldLongerThanTheOpeningHoursIsNeverReached() {
    DeviceScenario scenario =
        lastHeard(LAST)
            .settings(rule.id(), defaults.withHoldMillis(11 * 3600_000L))
            .at(local("2026-11-30T12:00"));

    assertThat(scenario.observe(rule)).isEmpty();
    assertThat(scenario.at(LAST).nextCheck(rule)).isEmpty();
  }

  @Test
  void dependsOnEveryEvent() {
    assertThat(rule.inputs()).isEqualTo(EnumSet.of(RuleInput.ANY));
  }

  @Test
  void disabledReportsNothingAndNeedsNoTimer() {
    DeviceScenario silent = lastHeard(LAST);
    RuleSettings disabled = defaults.withEnabled(false);

    assertThat(rule.observe(silent.at(local("2026-11-23T10:00")).snapshot(), disabled)).isEmpty();
    assertThat(rule.nextCheck(silent.at(LAST).snapshot(), disabled)).isEmpty();
  }
}
