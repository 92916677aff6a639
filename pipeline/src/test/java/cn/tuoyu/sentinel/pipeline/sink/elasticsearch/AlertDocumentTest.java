package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertDocumentTest {
  private static final String INDEX = "sentinel-alerts-2026.11";

  @Test
  void aNormalDocumentHasNoProblem() {
    assertThat(AlertDocument.ofJson(INDEX, "9f2c41d0", 1, "{}").problem()).isEmpty();
  }

  @Test
  void documentsElasticsearchWouldRefuseForTheWholeBulkAreFoundBeforeSending() {
    assertThat(AlertDocument.ofJson(INDEX, "", 1, "{}").problem())
        .hasValueSatisfying(p -> assertThat(p).contains("empty"));
    assertThat(AlertDocument.ofJson(INDEX, "a".repeat(513), 1, "{}").problem())
        .hasValueSatisfying(p -> assertThat(p).contains("512"));
    // 171 three-byte characters: 513 bytes although only 171 chars.
    assertThat(AlertDocument.ofJson(INDEX, "告".repeat(171), 1, "{}").problem()).isPresent();
    assertThat(AlertDocument.ofJson(INDEX, "a", 0, "{}").problem())
        .hasValueSatisfying(p -> assertThat(p).contains("sequence -1"));
    assertThat(AlertDocument.ofJson(INDEX, "a", 1, "").problem()).isPresent();
  }

  @Test
  void sizeCountsActionLineAndUtf8Source() {
    AlertDocument document = AlertDocument.ofJson(INDEX, "a1", 1, "{\"m\":\"托\"}");

    assertThat(document.sizeInBytes())
        .isEqualTo(
            80 + INDEX.length() + 2 + "{\"m\":\"托\"}".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void isAValueAndDoesNotShareItsBytes() {
    byte[] source = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    AlertDocument document = new AlertDocument(INDEX, "a1", 2, source);
    source[0] = 'x';
    document.source()[1] = 'y';

    assertThat(document.sourceJson()).isEqualTo("{\"a\":1}");
    assertThat(document).isEqualTo(AlertDocument.ofJson(INDEX, "a1", 2, "{\"a\":1}"));
    assertThat(document).hasSameHashCodeAs(AlertDocument.ofJson(INDEX, "a1", 2, "{\"a\":1}"));
    assertThat(document).isNotEqualTo(AlertDocument.ofJson(INDEX, "a1", 3, "{\"a\":1}"));
    assertThat(document.toString()).contains("a1").contains("v2").doesNotContain("\"a\"");
  }
}
