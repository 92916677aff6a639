package cn.tuoyu.sentinel.jobs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds small JSON-lines scenarios (design.md format) for one TODDLER_12_24 room R1 watched by
 * camera C1, on 2026-11-23 (Beijing time). Events may be added in any order: {@link #lines()} lists
 * them by time (stable), as a device feed would deliver them.
 */
final class ScenarioFile {
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private record Event(LocalTime time, String line) {}

  private final String institutionId;
  private final String institutionLine;
  private final List<Event> events = new ArrayList<>();
  private int eventNo;

  ScenarioFile(String institutionId) {
    this.institutionId = institutionId;
    this.institutionLine =
        "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\""
            + institutionId
            + "\",\"name\":\"天宁区小星星托育园\",\"regionCode\":\"320402\",\"kind\":\"CENTER\","
            + "\"licensedPlaces\":60,\"openTime\":\"07:30\",\"closeTime\":\"18:00\","
            + "\"location\":{\"lat\":31.78,\"lon\":119.97},"
            + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,\"cameraIds\":[\"C1\"]}],"
            + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true}]}";
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
    events.add(
        new Event(
            LocalTime.parse(time),
            String.format(
                "{\"type\":\"attendance\",\"ts\":\"2026-11-23T%s+08:00\",\"eventId\":\"%s-e%04d\","
                    + "\"institutionId\":\"%s\",\"roomId\":\"R1\",\"personId\":\"%s\",\"role\":\"%s\","
                    + "\"action\":\"%s\"}",
                time, institutionId, eventNo, institutionId, person, role, action)));
    return this;
  }

  /**
   * Camera C1's heartbeat — ONLINE, recording, keeping recordings 90 days — every 30 s from {@code
   * from} to {@code to} (both HH:mm:ss, inclusive), as a working camera sends it all day: without
   * it the room counts as unwatched (SURVEILLANCE_GAP) and every quiet stretch of attendance as the
   * institution being offline (INSTITUTION_OFFLINE). Event ids carry the time, so two files of one
   * day never share one.
   */
  ScenarioFile cameraHeartbeats(String from, String to) {
    LocalTime end = LocalTime.parse(to);
    for (LocalTime t = LocalTime.parse(from); !t.isAfter(end); t = t.plusSeconds(30)) {
      String time = HH_MM_SS.format(t);
      events.add(
          new Event(
              t,
              String.format(
                  "{\"type\":\"camera\",\"ts\":\"2026-11-23T%s+08:00\",\"eventId\":\"%s-C1-%s\","
                      + "\"institutionId\":\"%s\",\"cameraId\":\"C1\",\"status\":\"ONLINE\","
                      + "\"recording\":true,\"retentionDays\":90}",
                  time, institutionId, time.replace(":", ""), institutionId)));
    }
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

  /** The institution line, then the events in time order. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(institutionLine);
    out.addAll(events());
    return out;
  }

  /** The events alone, in time order (a continuation of a file already produced). */
  List<String> events() {
    return events.stream().sorted(Comparator.comparing(Event::time)).map(Event::line).toList();
  }

  Path write(Path file) throws IOException {
    return Files.write(file, lines(), StandardCharsets.UTF_8);
  }
}
