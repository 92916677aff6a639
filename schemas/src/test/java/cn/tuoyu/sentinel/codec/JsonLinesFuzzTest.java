package cn.tuoyu.sentinel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of deterministic random mutations of valid lines to the decoder: it must never
 * throw, and must classify every failure with a reason other than INTERNAL_ERROR.
 */
class JsonLinesFuzzTest {
  private static final long SEED = 20261123L;
  private static final int MUTATIONS = 2_400;
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Mutation {
    TRUNCATE,
    FLIP_BYTE,
    DELETE_FIELD,
    REPLACE_VALUE,
    INSERT_CHARACTER,
    DELETE_CHARACTER
  }

  private final JsonLinesCodec codec = new JsonLinesCodec(TestData.CLOCK);

  @Test
  void decodeNeverThrowsOnMutatedLines() throws Exception {
    List<String> seeds = new ArrayList<>(TestData.EXAMPLE_LINES);
    seeds.add("{\"type\":\"alert\"," + TestData.ALERT_LINE.substring(1));
    for (SpecificRecord r : TestData.allTypes()) {
      String line = codec.encode(r);
      seeds.add(r instanceof AlertTransition ? "{\"type\":\"alert\"," + line.substring(1) : line);
    }
    seeds.add(codec.encode(TestData.binaryDeadLetter()));

    Random random = new Random(SEED);
    Map<Mutation, Integer> applied = new EnumMap<>(Mutation.class);
    Map<String, Integer> outcomes = new HashMap<>();
    for (int i = 0; i < MUTATIONS; i++) {
      String seed = seeds.get(random.nextInt(seeds.size()));
      Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
      String mutated = mutate(seed, m, random);
      applied.merge(m, 1, Integer::sum);

      long lineNumber = i + 1;
      Decoded d = codec.decode(mutated, lineNumber, "fuzz.jsonl");

      assertThat(d).as("mutation %s of %s: %s", m, seed, mutated).isNotNull();
      if (d instanceof Decoded.Record) {
        outcomes.merge("record", 1, Integer::sum);
        // Whatever decodes must encode and decode back to itself.
        SpecificRecord r = ((Decoded.Record) d).record();
        String again = codec.encode(r);
        Decoded back =
            r instanceof AlertTransition
                ? codec.decodeAlert(again, 1, "again")
                : codec.decode(again, 1, "again");
        assertThat(back).as(mutated).isEqualTo(new Decoded.Record(r));
      } else if (d instanceof Decoded.Rejected) {
        DeadLetter dl = ((Decoded.Rejected) d).deadLetter();
        outcomes.merge(dl.getReason(), 1, Integer::sum);
        assertThat(dl.getReason())
            .as("%s -> %s", mutated, dl.getDetail())
            .isIn(DeadLetterReasons.ALL)
            .isNotEqualTo(DeadLetterReasons.INTERNAL_ERROR);
        assertThat(dl.getDetail()).isNotBlank();
        assertThat(dl.getLineNumber()).isEqualTo(lineNumber);
        assertThat(dl.getRaw())
            .isEqualTo(java.nio.ByteBuffer.wrap(mutated.getBytes(StandardCharsets.UTF_8)));
      } else {
        assertThat(d).isInstanceOf(Decoded.Blank.class);
        assertThat(mutated.strip().replace("\uFEFF", "")).isEmpty();
        outcomes.merge("blank", 1, Integer::sum);
      }
    }
    // The mutations really exercised both sides and several failure kinds.
    assertThat(applied).hasSize(Mutation.values().length);
    assertThat(outcomes)
        .containsKeys(
            "record",
            DeadLetterReasons.MALFORMED_JSON,
            DeadLetterReasons.UNKNOWN_TYPE,
            DeadLetterReasons.MISSING_FIELD,
            DeadLetterReasons.WRONG_TYPE,
            DeadLetterReasons.INVALID_TIMESTAMP,
            DeadLetterReasons.UNKNOWN_ENUM,
            DeadLetterReasons.INVALID_VALUE);
  }

  @Test
  void decodeAlertNeverThrowsOnMutatedLines() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 400; i++) {
      Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
      String mutated = mutate(TestData.ALERT_LINE, m, random);
      Decoded d = codec.decodeAlert(mutated, i + 1, "alerts.jsonl");
      if (d instanceof Decoded.Rejected) {
        assertThat(((Decoded.Rejected) d).deadLetter().getReason())
            .as(mutated)
            .isNotEqualTo(DeadLetterReasons.INTERNAL_ERROR);
      }
    }
  }

  private static String mutate(String line, Mutation m, Random random) {
    switch (m) {
      case TRUNCATE:
        return line.substring(0, random.nextInt(line.length()));
      case FLIP_BYTE:
        {
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          int flips = 1 + random.nextInt(3);
          for (int f = 0; f < flips; f++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
          }
          // Invalid UTF-8 becomes U+FFFD, as a reader decoding a damaged file would produce.
          return new String(bytes, StandardCharsets.UTF_8);
        }
      case DELETE_FIELD:
        return mutateTree(line, random, false);
      case REPLACE_VALUE:
        return mutateTree(line, random, true);
      case INSERT_CHARACTER:
        {
          String junk = "{}[]\",:0-.eE \\nutlfa\u4e2d\u0000";
          int at = random.nextInt(line.length() + 1);
          return line.substring(0, at)
              + junk.charAt(random.nextInt(junk.length()))
              + line.substring(at);
        }
      case DELETE_CHARACTER:
        {
          int at = random.nextInt(line.length());
          return line.substring(0, at) + line.substring(at + 1);
        }
      default:
        throw new AssertionError(m);
    }
  }

  /** Deletes or replaces one randomly chosen field, at any depth. */
  private static String mutateTree(String line, Random random, boolean replace) {
    try {
      JsonNode root = JSON.readTree(line);
      List<ObjectNode> objects = new ArrayList<>();
      collectObjects(root, objects);
      ObjectNode target = objects.get(random.nextInt(objects.size()));
      List<String> names = new ArrayList<>();
      target.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) {
        return line;
      }
      String name = names.get(random.nextInt(names.size()));
      if (replace) {
        JsonNode[] values = {
          JSON.nullNode(),
          JSON.getNodeFactory().textNode(""),
          JSON.getNodeFactory().textNode("PARENT"),
          JSON.getNodeFactory().textNode("2026-11-23 08:00"),
          JSON.getNodeFactory().numberNode(-1),
          JSON.getNodeFactory().numberNode(1.5),
          JSON.getNodeFactory().numberNode(Long.MAX_VALUE),
          JSON.getNodeFactory().booleanNode(true),
          JSON.createArrayNode(),
          JSON.createObjectNode()
        };
        target.set(name, values[random.nextInt(values.length)]);
      } else {
        target.remove(name);
      }
      return JSON.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> out) {
    if (node.isObject()) {
      out.add((ObjectNode) node);
    }
    node.forEach(child -> collectObjects(child, out));
  }
}
