package cn.tuoyu.sentinel.jobs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds small JSON-lines scenarios (design.md format) for one TODDLER_12_24 room. */
final class ScenarioFile {
  private final String institutionId;
  private final List<String> lines = new ArrayList<>();
  private int eventNo;

  ScenarioFile(String institutionId) {
    this.institutionId = institutionId;
    lines.add(
        "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\""
            + institutionId
            + "\",\"name\":\"天宁区小星星托育园\",\"regionCode\":\"320402\",\"kind\":\"CENTER\","
            + "\"licensedPlaces\":60,\"openTime\":\"07:30\",\"closeTime\":\"18:00\","
            + "\"location\":{\"lat\":31.78,\"lon\":119.97},"
            + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,\"cameraIds\":[\"C1\"]}],"
            + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true}]}");
  }

  /** A room event at {@code time} (HH:mm:ss on 2026-11-23, Beijing time). */
  ScenarioFile enter(String time, String person, String role) {
    return attendance(time, person, role, "ENTER");
  }

  ScenarioFile exit(String time, String person, String role) {
    return attendance(time, person, role, "EXIT");
  }

  private ScenarioFile attendance(String time, String person, String role, String action) {
    eventNo++;
    lines.add(
        String.format(
            "{\"type\":\"attendance\",\"ts\":\"2026-11-23T%s+08:00\",\"eventId\":\"%s-e%04d\","
                + "\"institutionId\":\"%s\",\"roomId\":\"R1\",\"personId\":\"%s\",\"role\":\"%s\","
                + "\"action\":\"%s\"}",
            time, institutionId, eventNo, institutionId, person, role, action));
    return this;
  }

  /** Four children with their caregiver from 08:00. */
  ScenarioFile morning() {
    enter("08:00:00", "s-01", "CAREGIVER");
    for (int i = 1; i <= 4; i++) {
      enter("08:00:1" + i, "c-" + i, "CHILD");
    }
    return this;
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  Path write(Path file) throws IOException {
    return Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
