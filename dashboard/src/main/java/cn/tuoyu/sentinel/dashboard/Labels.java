package cn.tuoyu.sentinel.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Chinese labels of rules, severities, statuses and regions (resource {@code labels.json}). */
final class Labels {
  private static final List<String> SEVERITY_ORDER = List.of("MINOR", "MAJOR", "CRITICAL");
  private final JsonNode root;

  private Labels(JsonNode root) {
    this.root = root;
  }

  static Labels load() {
    try (InputStream in = Labels.class.getResourceAsStream("/labels.json")) {
      return new Labels(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("labels.json missing from the dashboard's resources", e);
    }
  }

  JsonNode all() {
    return root;
  }

  String rule(String id) {
    return root.path("rules").path(id).asText(id);
  }

  String severity(String s) {
    return root.path("severities").path(s).asText(s);
  }

  String status(String s) {
    return root.path("statuses").path(s).asText(s);
  }

  /** A region code's name, from the district up: 320402 → 天宁区, 320400 → 常州市. */
  String region(String code) {
    JsonNode regions = root.path("regions");
    for (String c :
        new String[] {
          code,
          code.length() >= 4 ? code.substring(0, 4) : code,
          code.length() >= 2 ? code.substring(0, 2) : code
        }) {
      if (regions.has(c)) {
        return regions.get(c).asText();
      }
    }
    return code;
  }

  static String moreSevere(String a, String b) {
    return SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a;
  }
}
