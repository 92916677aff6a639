package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.TestAlerts.at;
import static cn.tuoyu.sentinel.pipeline.sink.elasticsearch.TestAlerts.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class AlertDocumentConverterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AlertDocumentConverter live =
      new AlertDocumentConverter(IndexNaming.monthlyAlias());

  @Test
  void monthlyIndexIsTheMonthOfStartedAtInShanghai() {
    // 2026-11-30T16:30Z is already 1 December in Beijing time.
    AlertTransition lateNovemberUtc =
        transition("a1", "320402-0007", at("2026-11-30T16:30:00Z"), AlertStatus.OPEN, 0);
    AlertTransition earlyNovember =
        transition("a2", "320402-0007", at("2026-11-01T00:10:00+08:00"), AlertStatus.OPEN, 0);

    assertThat(live.convert(lateNovemberUtc).index()).isEqualTo("sentinel-alerts-2026.12");
    assertThat(live.convert(earlyNovember).index()).isEqualTo("sentinel-alerts-2026.11");
  }

  @Test
  void laterTransitionsStayInTheIndexOfStartedAtEvenInAnotherMonth() {
    AlertTransition resolvedNextMonth =
        AlertTransition.newBuilder(
                transition(
                    "a1", "320402-0007", at("2026-11-30T23:59:00+08:00"), AlertStatus.RESOLVED, 1))
            .setUpdatedAt(at("2026-12-01T08:00:00+08:00"))
            .setResolvedAt(at("2026-12-01T08:00:00+08:00"))
            .build();

    assertThat(live.convert(resolvedNextMonth).index()).isEqualTo("sentinel-alerts-2026.11");
  }

  @Test
  void idIsTheAlertIdAndVersionIsSequencePlusOne() {
    Instant startedAt = at("2026-11-23T09:00:00+08:00");
    AlertDocument open =
        live.convert(transition("9f2c41d0", "320402-0007", startedAt, AlertStatus.OPEN, 0));
    AlertDocument resolved =
        live.convert(transition("9f2c41d0", "320402-0007", startedAt, AlertStatus.RESOLVED, 2));

    assertThat(open.id()).isEqualTo("9f2c41d0");
    assertThat(open.version()).isEqualTo(1);
    assertThat(resolved.id()).isEqualTo("9f2c41d0");
    assertThat(resolved.version()).isEqualTo(3);
    assertThat(resolved.index()).isEqualTo(open.index());
  }

  @Test
  void sourceIsTheExportLineWithoutTypeAndWithChineseAsUtf8() throws Exception {
    AlertTransition t =
        transition(
            "9f2c41d0",
            "320402-0007",
            at("2026-11-23T09:00:00+08:00"),
            AlertStatus.ACKNOWLEDGED,
            1);

    AlertDocument document = live.convert(t);

    assertThat(document.sourceJson()).isEqualTo(new JsonLinesCodec().encode(t));
    JsonNode source = JSON.readTree(document.source());
    assertThat(source.has("type")).isFalse();
    assertThat(source.path("alertId").asText()).isEqualTo("9f2c41d0");
    assertThat(source.path("status").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(source.path("sequence").asInt()).isEqualTo(1);
    assertThat(source.path("institutionName").asText()).isEqualTo("天宁区小星星托育园");
    assertThat(source.path("location").path("lat").asDouble()).isEqualTo(31.78);
    assertThat(source.path("startedAt").asText()).isEqualTo("2026-11-23T09:00:00+08:00");
    assertThat(source.path("message").asText()).isEqualTo(TestAlerts.MESSAGE);
    // Raw UTF-8 characters on the wire, not \\u escapes; and one line, as bulk requests need.
    byte[] message = TestAlerts.MESSAGE.getBytes(StandardCharsets.UTF_8);
    assertThat(indexOf(document.source(), message)).isNotNegative();
    assertThat(document.sourceJson()).doesNotContain("\\u").doesNotContain("\n");
  }

  @Test
  void fixedNamingSendsEveryTransitionToTheOneIndex() {
    AlertDocumentConverter replay = new AlertDocumentConverter(IndexNaming.replay("run-42"));

    AlertDocument document =
        replay.convert(
            transition("a1", "320402-0007", at("2026-01-05T10:00:00+08:00"), AlertStatus.OPEN, 0));

    assertThat(document.index()).isEqualTo("sentinel-replay-run-42");
    assertThat(IndexNaming.fixed("sentinel-replay-x").indexFor(null))
        .isEqualTo("sentinel-replay-x");
  }

  @Test
  void fixedNamingRefusesInvalidNamesAndTheLiveIndices() {
    assertThatThrownBy(() -> IndexNaming.fixed("Sentinel-Replay-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower case");
    assertThatThrownBy(() -> IndexNaming.fixed("sentinel-replay-a b")).hasMessageContaining("' '");
    assertThatThrownBy(() -> IndexNaming.fixed("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> IndexNaming.fixed("_replay")).hasMessageContaining("cannot start");
    assertThatThrownBy(() -> IndexNaming.fixed("sentinel-alerts"))
        .hasMessageContaining("IndexNaming.monthlyAlias()");
    assertThatThrownBy(() -> IndexNaming.fixed("sentinel-alerts-2026.11"))
        .hasMessageContaining("live alert alias");
  }

  @Test
  void converterSurvivesJavaSerializationAsFlinkShipsIt() throws Exception {
    AlertDocumentConverter copy = InstantiationUtil.clone(live);
    AlertTransition t =
        transition("a1", "320402-0007", at("2026-11-23T09:00:00+08:00"), AlertStatus.OPEN, 0);

    assertThat(copy.convert(t)).isEqualTo(live.convert(t));
    assertThat(InstantiationUtil.clone(IndexNaming.replay("r1")))
        .isEqualTo(IndexNaming.replay("r1"));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
