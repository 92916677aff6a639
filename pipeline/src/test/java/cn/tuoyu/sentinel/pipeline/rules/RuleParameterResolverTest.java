package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.RuleIds.CO2_HIGH;
import static cn.tuoyu.sentinel.pipeline.rules.RuleIds.ROOM_UNATTENDED;
import static cn.tuoyu.sentinel.pipeline.rules.RuleIds.SMOKE_DETECTED;
import static cn.tuoyu.sentinel.pipeline.rules.RuleIds.TEMPERATURE_OUT_OF_RANGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.RuleSetting;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParameterResolverTest {
  private static final Instant T1 = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-02T00:00:00Z");

  private static RuleSetting setting(
      Boolean enabled, Long holdSeconds, Severity severity, Map<String, Double> thresholds) {
    return RuleSetting.newBuilder()
        .setEnabled(enabled)
        .setHoldSeconds(holdSeconds)
        .setSeverity(severity)
        .setThresholds(new LinkedHashMap<>(thresholds))
        .build();
  }

  private static RuleSetting hold(long seconds) {
    return setting(null, seconds, null, Map.of());
  }

  private static RuleSetting threshold(String name, double value) {
    return setting(null, null, null, Map.of(name, value));
  }

  private static RuleParameters scope(String scope, Instant ts, Map<String, RuleSetting> rules) {
    return RuleParameters.newBuilder()
        .setScope(scope)
        .setTs(ts)
        .setRules(new LinkedHashMap<>(rules))
        .build();
  }

  @Test
  void theLongestScopeThatSetsAParameterWinsPerParameter() {
    List<RuleParameters> scopes =
        List.of(
            scope("320402", T1, Map.of(CO2_HIGH, threshold(RuleCatalog.MAX_PPM, 1200))),
            scope("", T1, Map.of(CO2_HIGH, setting(null, 40L, Severity.MAJOR, Map.of()))),
            scope("32", T1, Map.of(CO2_HIGH, hold(20))));

    RuleSettings changzhouTianning = RuleParameterResolver.resolve(scopes, CO2_HIGH, "320402");
    RuleSettings nanjing = RuleParameterResolver.resolve(scopes, CO2_HIGH, "320102");
    RuleSettings tianjin = RuleParameterResolver.resolve(scopes, CO2_HIGH, "120101");

    assertThat(changzhouTianning)
        .isEqualTo(
            new RuleSettings(true, 20_000, Severity.MAJOR, Map.of(RuleCatalog.MAX_PPM, 1200.0)));
    assertThat(nanjing)
        .isEqualTo(
            new RuleSettings(true, 20_000, Severity.MAJOR, Map.of(RuleCatalog.MAX_PPM, 1000.0)));
    assertThat(tianjin)
        .isEqualTo(
            new RuleSettings(true, 40_000, Severity.MAJOR, Map.of(RuleCatalog.MAX_PPM, 1000.0)));
  }

  @Test
  void theNationalScopeOverridesTheCatalogueEverywhere() {
    List<RuleParameters> scopes =
        List.of(
            scope("", T1, Map.of(ROOM_UNATTENDED, setting(null, 40L, Severity.MINOR, Map.of()))),
            scope("32", T1, Map.of(ROOM_UNATTENDED, hold(20))));

    assertThat(RuleParameterResolver.resolve(scopes, ROOM_UNATTENDED, "320402"))
        .isEqualTo(new RuleSettings(true, 20_000, Severity.MINOR, Map.of()));
    assertThat(RuleParameterResolver.resolve(scopes, ROOM_UNATTENDED, "120101"))
        .isEqualTo(new RuleSettings(true, 40_000, Severity.MINOR, Map.of()));
  }

  @Test
  void aScopeThatIsNotAPrefixDoesNotApply() {
    List<RuleParameters> scopes = List.of(scope("3204", T1, Map.of(ROOM_UNATTENDED, hold(5))));

    assertThat(RuleParameterResolver.resolve(scopes, ROOM_UNATTENDED, "320502"))
        .isEqualTo(RuleCatalog.defaults(ROOM_UNATTENDED));
    assertThat(RuleParameterResolver.resolve(scopes, ROOM_UNATTENDED, "320402").holdMillis())
        .isEqualTo(5_000);
  }

  @Test
  void thresholdsResolveOneByOne() {
    List<RuleParameters> scopes =
        List.of(
            scope(
                "",
                T1,
                Map.of(
                    TEMPERATURE_OUT_OF_RANGE,
                    setting(
                        null,
                        null,
                        null,
                        Map.of(RuleCatalog.WINTER_MIN_C, 18.0, RuleCatalog.WINTER_MAX_C, 26.0)))),
            scope(
                "3204",
                T1,
                Map.of(TEMPERATURE_OUT_OF_RANGE, threshold(RuleCatalog.WINTER_MAX_C, 25))));

    RuleSettings resolved =
        RuleParameterResolver.resolve(scopes, TEMPERATURE_OUT_OF_RANGE, "320402");

    assertThat(resolved.thresholds())
        .containsOnly(
            entry(RuleCatalog.SUMMER_MIN_C, 22.0),
            entry(RuleCatalog.SUMMER_MAX_C, 28.0),
            entry(RuleCatalog.WINTER_MIN_C, 18.0),
            entry(RuleCatalog.WINTER_MAX_C, 25.0),
            entry(RuleCatalog.OTHER_MIN_C, 16.0),
            entry(RuleCatalog.OTHER_MAX_C, 28.0));
    assertThat(resolved.holdMillis()).isEqualTo(600_000);
  }

  @Test
  void aRuleDisabledNationallyCanBeReEnabledByARegion() {
    List<RuleParameters> scopes =
        List.of(
            scope("", T1, Map.of(SMOKE_DETECTED, setting(false, null, null, Map.of()))),
            scope("32", T1, Map.of(SMOKE_DETECTED, setting(true, null, null, Map.of()))));

    assertThat(RuleParameterResolver.resolve(scopes, SMOKE_DETECTED, "110101").enabled()).isFalse();
    assertThat(RuleParameterResolver.resolve(scopes, SMOKE_DETECTED, "320402").enabled()).isTrue();
  }

  @Test
  void settingsOfOtherRulesDoNotLeak() {
    List<RuleParameters> scopes = List.of(scope("", T1, Map.of(CO2_HIGH, hold(1))));

    assertThat(RuleParameterResolver.resolve(scopes, ROOM_UNATTENDED, "320402"))
        .isEqualTo(RuleCatalog.defaults(ROOM_UNATTENDED));
    assertThat(RuleParameterResolver.resolve(List.of(), ROOM_UNATTENDED, "320402"))
        .isEqualTo(RuleCatalog.defaults(ROOM_UNATTENDED));
  }

  @Test
  void twoRecordsOfOneScopeApplyInTimeOrder() {
    List<RuleParameters> scopes =
        List.of(
            scope("32", T2, Map.of(ROOM_UNATTENDED, hold(10))),
            scope("32", T1, Map.of(ROOM_UNATTENDED, hold(99))));

    assertThat(RuleParameterResolver.resolve(scopes, ROOM_UNATTENDED, "320402").holdMillis())
        .isEqualTo(10_000);
  }

  @Test
  void invalidValuesFromRawAvroProducersAreIgnored() {
    List<RuleParameters> scopes =
        List.of(
            scope("", T1, Map.of(CO2_HIGH, hold(45))),
            scope(
                "32",
                T1,
                Map.of(
                    CO2_HIGH, setting(null, -5L, null, Map.of(RuleCatalog.MAX_PPM, Double.NaN)))));

    RuleSettings resolved = RuleParameterResolver.resolve(scopes, CO2_HIGH, "320402");

    assertThat(resolved.holdMillis()).isEqualTo(45_000);
    assertThat(resolved.threshold(RuleCatalog.MAX_PPM)).isEqualTo(1000.0);
  }

  @Test
  void unknownRulesAreRejectedAndEveryKnownRuleResolves() {
    assertThatThrownBy(() -> RuleParameterResolver.resolve(List.of(), "NAP_CHECK_MISSED", "320402"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAP_CHECK_MISSED");
    assertThat(RuleParameterResolver.resolveAll(List.of(), "320402"))
        .containsExactlyEntriesOf(RuleCatalog.allDefaults());
  }

  @Test
  void aLaterRecordOverridesOnlyTheParametersItNames() {
    RuleParameters existing =
        scope(
            "320402",
            T1,
            Map.of(
                ROOM_UNATTENDED,
                hold(20),
                CO2_HIGH,
                setting(null, null, Severity.MAJOR, Map.of(RuleCatalog.MAX_PPM, 1200.0))));
    RuleParameters update =
        scope(
            "320402",
            T2,
            Map.of(
                ROOM_UNATTENDED,
                setting(false, null, null, Map.of()),
                CO2_HIGH,
                threshold(RuleCatalog.MAX_PPM, 1100),
                SMOKE_DETECTED,
                setting(null, null, Severity.MAJOR, Map.of())));
    RuleParameters existingBefore = RuleParameters.newBuilder(existing).build();

    RuleParameters merged = RuleParameterResolver.merge(existing, update);

    assertThat(merged.getScope()).isEqualTo("320402");
    assertThat(merged.getTs()).isEqualTo(T2);
    assertThat(merged.getRules())
        .containsOnly(
            entry(ROOM_UNATTENDED, setting(false, 20L, null, Map.of())),
            entry(
                CO2_HIGH, setting(null, null, Severity.MAJOR, Map.of(RuleCatalog.MAX_PPM, 1100.0))),
            entry(SMOKE_DETECTED, setting(null, null, Severity.MAJOR, Map.of())));
    assertThat(existing).isEqualTo(existingBefore);
  }

  @Test
  void anOlderRecordArrivingLateCannotUndoANewerOne() {
    RuleParameters newer = scope("32", T2, Map.of(ROOM_UNATTENDED, hold(20)));
    RuleParameters older =
        scope("32", T1, Map.of(ROOM_UNATTENDED, setting(null, 90L, Severity.MINOR, Map.of())));

    RuleParameters merged = RuleParameterResolver.merge(newer, older);

    assertThat(merged.getTs()).isEqualTo(T2);
    assertThat(merged.getRules())
        .containsOnly(entry(ROOM_UNATTENDED, setting(null, 20L, Severity.MINOR, Map.of())));
  }

  @Test
  void mergingIntoNothingCopiesTheUpdate() {
    RuleParameters update = scope("", T1, Map.of(CO2_HIGH, hold(30)));

    RuleParameters merged = RuleParameterResolver.merge(null, update);

    assertThat(merged).isEqualTo(update).isNotSameAs(update);
  }

  @Test
  void mergingDifferentScopesIsAMistake() {
    assertThatThrownBy(
            () ->
                RuleParameterResolver.merge(scope("32", T1, Map.of()), scope("3204", T2, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'3204'")
        .hasMessageContaining("'32'");
  }

  @Test
  void mergedParametersResolveLikeTheSequenceOfRecords() {
    RuleParameters first =
        scope(
            "32",
            T1,
            Map.of(CO2_HIGH, setting(null, 20L, null, Map.of(RuleCatalog.MAX_PPM, 1500.0))));
    RuleParameters second = scope("32", T2, Map.of(CO2_HIGH, threshold(RuleCatalog.MAX_PPM, 1300)));

    RuleSettings resolved =
        RuleParameterResolver.resolve(
            List.of(RuleParameterResolver.merge(first, second)), CO2_HIGH, "320402");

    assertThat(resolved)
        .isEqualTo(
            new RuleSettings(true, 20_000, Severity.MINOR, Map.of(RuleCatalog.MAX_PPM, 1300.0)));
  }
}
