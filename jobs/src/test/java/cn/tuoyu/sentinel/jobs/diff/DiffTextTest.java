package cn.tuoyu.sentinel.jobs.diff;

import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.TIANNING;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.alert;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.all;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.id;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.room;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffTextTest {
  private static final SubjectKey SENSOR = SubjectKey.sensor(TIANNING + "-0001", "R1", "T1");

  private final List<AlertTransition> removed =
      alert(RuleIds.ROOM_UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", "09:00:25");
  private final List<AlertTransition> kept =
      alert(RuleIds.ROOM_UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:20", "10:03:00");
  private final List<AlertTransition> openedLater =
      alert(RuleIds.ROOM_UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:30", "10:03:00");
  private final List<AlertTransition> movedFrom =
      alert(RuleIds.CO2_HIGH, SENSOR, TIANNING, "11:05:00", "11:07:00", null);
  private final List<AlertTransition> movedTo =
      alert(RuleIds.CO2_HIGH, SENSOR, TIANNING, "11:00:00", "11:02:00", null);

  private DiffReport report() {
    return AlertDiff.compare(all(removed, kept, movedFrom), all(openedLater, movedTo), Level.CITY);
  }

  @Test
  void showsTheTableWithChineseNamesTheListsAndEndsWithTheSummary() {
    List<String> lines = report().text().lines().toList();

    assertThat(lines.get(0)).isEqualTo("Alert diff by city");
    assertThat(lines.get(1))
        .startsWith("baseline  baseline transitions given")
        .endsWith("5 transitions of 3 alerts; unreadable lines 0");
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).matches("ROOM_UNATTENDED +320400 +0 +1 +0 +1 +0 +无人照护"))
        .anySatisfy(l -> assertThat(l).matches("CO2_HIGH +320400 +0 +0 +1 +0 +0 +二氧化碳超标"))
        .anySatisfy(l -> assertThat(l).matches("total +0 +1 +1 +1 +0"))
        .contains("Added (only in the candidate): none", "Removed (only in the baseline) (1):")
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("  " + id(removed) + "  ROOM_UNATTENDED  320402-0001  room R1")
                    .contains("resolved 2026-11-23T09:00:25+08:00"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("  " + id(movedFrom) + " → " + id(movedTo) + "  CO2_HIGH")
                    .contains("room R1 sensor T1")
                    .contains("started 5 min earlier; opened 5 min earlier"))
        .anySatisfy(
            l -> assertThat(l).startsWith("  " + id(kept)).contains("  opened 10 s later  "));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("added 0 removed 1 moved 1 changed 1");
  }

  @Test
  void longListsAreCappedWithTheRestCounted() {
    List<AlertTransition> many = new ArrayList<>();
    int extra = 7;
    for (int i = 0; i < DiffText.LIST_CAP + extra; i++) {
      many.addAll(
          alert(
              RuleIds.ROOM_UNATTENDED,
              SubjectKey.room(TIANNING + "-0001", "R" + i),
              TIANNING,
              "09:00:00",
              "09:00:20",
              null));
    }

    String text = AlertDiff.compare(List.of(), many, Level.DISTRICT).text();

    assertThat(text)
        .contains("Added (only in the candidate) (" + (DiffText.LIST_CAP + extra) + "):")
        .contains("  … and " + extra + " more");
    assertThat(text.lines().filter(l -> l.contains("  ROOM_UNATTENDED  320402-0001  room R")))
        .hasSize(DiffText.LIST_CAP);
  }

  @Test
  void jsonHasTheSameContentWithCompleteLists() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report().json());

    assertThat(json.at("/level").asText()).isEqualTo("city");
    assertThat(json.at("/totals/removed").asInt()).isEqualTo(1);
    assertThat(json.at("/totals/moved").asInt()).isEqualTo(1);
    assertThat(json.at("/rows/0/ruleName").asText()).isEqualTo("无人照护");
    assertThat(json.at("/rows/1/region").asText()).isEqualTo("320400");
    assertThat(json.at("/removed/0/alertId").asText()).isEqualTo(id(removed));
    assertThat(json.at("/moved/0/startShiftSeconds").asDouble()).isEqualTo(-300.0);
    assertThat(json.at("/moved/0/candidate/alertId").asText()).isEqualTo(id(movedTo));
    assertThat(json.at("/changed/0/changes/0/field").asText()).isEqualTo("openedAt");
    assertThat(json.at("/changed/0/changes/0/candidate").asText())
        .isEqualTo("2026-11-23T10:00:30+08:00");
    assertThat(json.at("/summary").asText()).isEqualTo("added 0 removed 1 moved 1 changed 1");
  }
}
