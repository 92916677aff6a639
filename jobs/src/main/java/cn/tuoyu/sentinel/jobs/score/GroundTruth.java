package cn.tuoyu.sentinel.jobs.score;

import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated run must raise: the ground truth {@code simulate --truth} writes and {@code
 * score --truth} reads. One JSON document:
 *
 * <pre>
 * {"seed":7,"institutions":50,
 *  "from":"2026-11-23T16:00:00+08:00","until":"2026-11-23T18:00:00+08:00",
 *  "institutionIds":["320402-0001", …],
 *  "expected":[{"ruleId":"ROOM_UNATTENDED","institutionId":"320402-0001","roomId":"R1",
 *               "cameraId":null,"sensorId":null,"personId":null,
 *               "start":"…","end":"…","note":"保育人员离开 75 秒"}, …],
 *  "nearMisses":[ same fields: an injected sub-threshold event that must raise nothing ]}
 * </pre>
 *
 * An expected entry is one alert: its rule, its subject (the fields of {@link SubjectKey}), the
 * alert's {@code startedAt} ({@code start}) and {@code resolvedAt} ({@code end}; null when the
 * condition is still on at {@code until}). The simulated period is {@code [from, until)}: alerts
 * that open after {@code until} are outside it (a simulation that stops looks like institutions
 * falling silent).
 *
 * @param seed the simulator's seed
 * @param institutions how many institutions were simulated
 * @param from first instant of the simulated period
 * @param until end of the simulated period (exclusive)
 * @param institutionIds every simulated institution (alerts of others are not this run's)
 * @param expected the alerts the run must raise
 * @param nearMisses injected events below a threshold, for the report; they must raise nothing
 */
public record GroundTruth(
    long seed,
    int institutions,
    Instant from,
    Instant until,
    List<String> institutionIds,
    List<Entry> expected,
    List<Entry> nearMisses) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  public GroundTruth {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    institutionIds = List.copyOf(institutionIds);
    expected = List.copyOf(expected);
    nearMisses = List.copyOf(nearMisses);
  }

  /**
   * One expected alert (or near miss).
   *
   * @param ruleId the rule
   * @param institutionId the institution
   * @param roomId subject room, or null
   * @param cameraId subject camera, or null
   * @param sensorId subject sensor, or null
   * @param personId subject person, or null
   * @param start the alert's {@code startedAt}
   * @param end the alert's {@code resolvedAt}, or null if it is still open at the period's end
   * @param note what was injected, in Chinese, for the report
   */
  public record Entry(
      String ruleId,
      String institutionId,
      String roomId,
      String cameraId,
      String sensorId,
      String personId,
      Instant start,
      Instant end,
      String note) {
    public Entry {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(institutionId, "institutionId");
      Objects.requireNonNull(start, "start");
    }

    /** An entry about {@code subject}. */
    public static Entry of(
        String ruleId, SubjectKey subject, Instant start, Instant end, String note) {
      return new Entry(
          ruleId,
          subject.institutionId(),
          subject.roomId(),
          subject.cameraId(),
          subject.sensorId(),
          subject.personId(),
          start,
          end,
          note);
    }

    public SubjectKey subject() {
      return new SubjectKey(institutionId, roomId, cameraId, sensorId, personId);
    }
  }

  /** Writes this truth as one indented JSON document. */
  public void write(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("seed", seed);
    root.put("institutions", institutions);
    root.put("from", text(from));
    root.put("until", text(until));
    ArrayNode ids = root.putArray("institutionIds");
    institutionIds.forEach(ids::add);
    writeEntries(root.putArray("expected"), expected);
    writeEntries(root.putArray("nearMisses"), nearMisses);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ground truth to " + file, e);
    }
  }

  /**
   * Reads a truth file.
   *
   * @throws IllegalArgumentException naming the file and the problem if it is missing or not a
   *     ground-truth document
   */
  public static GroundTruth read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("ground-truth file " + file + " does not exist");
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new IllegalArgumentException("ground-truth file " + file + " does not exist");
      }
      throw new IllegalArgumentException(
          "ground-truth file " + file + " is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.has("expected") || !root.has("until")) {
      throw new IllegalArgumentException(
          "ground-truth file "
              + file
              + " has no \"expected\" and \"until\": write one with bin/sentinel simulate --truth");
    }
    try {
      List<String> ids = new ArrayList<>();
      root.path("institutionIds").forEach(n -> ids.add(n.asText()));
      return new GroundTruth(
          root.path("seed").asLong(),
          root.path("institutions").asInt(ids.size()),
          instant(root.get("from")),
          instant(root.get("until")),
          ids,
          readEntries(root.path("expected")),
          readEntries(root.path("nearMisses")));
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          "ground-truth file " + file + " is malformed: " + e.getMessage());
    }
  }

  private static void writeEntries(ArrayNode array, List<Entry> entries) {
    for (Entry e : entries) {
      ObjectNode n = array.addObject();
      n.put("ruleId", e.ruleId());
      n.put("institutionId", e.institutionId());
      n.put("roomId", e.roomId());
      n.put("cameraId", e.cameraId());
      n.put("sensorId", e.sensorId());
      n.put("personId", e.personId());
      n.put("start", text(e.start()));
      n.put("end", e.end() == null ? null : text(e.end()));
      n.put("note", e.note());
    }
  }

  private static List<Entry> readEntries(JsonNode array) {
    List<Entry> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(
          new Entry(
              n.get("ruleId").asText(),
              n.get("institutionId").asText(),
              textOrNull(n, "roomId"),
              textOrNull(n, "cameraId"),
              textOrNull(n, "sensorId"),
              textOrNull(n, "personId"),
              instant(n.get("start")),
              n.hasNonNull("end") ? instant(n.get("end")) : null,
              textOrNull(n, "note")));
    }
    return out;
  }

  private static String textOrNull(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static Instant instant(JsonNode n) {
    return OffsetDateTime.parse(n.asText()).toInstant();
  }

  /** ISO-8601 with the China offset, as everywhere in our files. */
  public static String text(Instant t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(CHINA));
  }
}
