package cn.tuoyu.sentinel.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.codec.UndecodableRecordException.Problem;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  static Stream<SpecificRecord> allTypes() {
    return TestData.allTypes().stream();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("allTypes")
  void everyTypeRoundTrips(SpecificRecord record) {
    AvroSerde serde = AvroSerde.forClass(record.getClass());
    byte[] bytes = serde.serialize(record);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize(bytes)).isEqualTo(record);
    assertThat(SentinelSerde.decodeAny(bytes)).isEqualTo(record);
    assertThat(SentinelSerde.encodeAny(record)).isEqualTo(bytes);
    assertThat(SentinelSerde.peekType(bytes))
        .contains(SentinelType.ofClass(record.getClass()).get());
  }

  @Test
  void forClassIsCachedAndSerializesToTheCachedInstance() throws Exception {
    AvroSerde<SensorReading> serde = AvroSerde.forClass(SensorReading.class);
    assertThat(AvroSerde.forClass(SensorReading.class)).isSameAs(serde);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(serde);
    }
    // Only the class name travels: a Flink job graph does not carry schemas or decoders.
    assertThat(bytes.size()).isLessThan(400);
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isSameAs(serde);
    }
  }

  /**
   * A CameraStatus written by an older producer whose schema lacked the nullable {@code
   * retentionDays} field: decodes, with the field at its default (null).
   */
  @Test
  void messageWrittenWithAnOlderSchemaVersionDecodes() throws Exception {
    Schema current = CameraStatus.getClassSchema();
    Schema older = withoutField(current, "retentionDays");
    assertThat(SchemaHistory.fingerprint(older)).isNotEqualTo(SchemaHistory.fingerprint(current));

    GenericRecord old = new GenericData.Record(older);
    old.put("eventId", "cam-0001");
    old.put("ts", 1795392030000L);
    old.put("institutionId", "320402-0007");
    old.put("cameraId", "C1");
    old.put("status", new GenericData.EnumSymbol(older.getField("status").schema(), "ONLINE"));
    old.put("recording", true);
    java.nio.ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);

    // The bundled history does not know this (invented) version...
    assertThatThrownBy(() -> AvroSerde.forClass(CameraStatus.class).deserialize(bytes))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("unknown schema fingerprint")
        .hasMessageContaining("no known version of CameraStatus");

    // ...a serde that has it as a writer schema resolves it to the current one.
    CameraStatus decoded =
        AvroSerde.withWriterSchemas(CameraStatus.class, List.of(older)).deserialize(bytes);
    assertThat(decoded.getCameraId()).isEqualTo("C1");
    assertThat(decoded.getStatus()).isEqualTo(CameraState.ONLINE);
    assertThat(decoded.getRecording()).isTrue();
    assertThat(decoded.getRetentionDays()).isNull();
    assertThat(decoded.getTs().toEpochMilli()).isEqualTo(1795392030000L);
  }

  @Test
  void everyBundledHistoryVersionIsRegistered() {
    for (SentinelType t : SentinelType.values()) {
      AvroSerde<?> serde = AvroSerde.forClass(t.recordClass());
      for (SchemaHistory.Version v : SchemaHistory.bundled().versions(t.schemaName())) {
        assertThat(serde.readableFingerprints()).as(v.resource()).contains(v.fingerprint());
      }
      assertThat(serde.readableFingerprints()).contains(serde.fingerprint());
    }
  }

  @Test
  void garbageBytesAreABadHeader() {
    byte[] garbage = "{\"type\":\"sensor\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AvroSerde.forClass(SensorReading.class).deserialize(garbage))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("bad header")
        .hasMessageContaining("7B 22")
        .hasMessageContaining("C3 01")
        .satisfies(
            e ->
                assertThat(((UndecodableRecordException) e).problem())
                    .isEqualTo(Problem.BAD_HEADER));
    assertThatThrownBy(() -> SentinelSerde.decodeAny(garbage))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("bad header");
  }

  @Test
  void wrongMagicIsABadHeader() {
    byte[] bytes = SentinelSerde.encodeAny(TestData.sensor());
    bytes[1] = 0x02;
    assertThatThrownBy(() -> AvroSerde.forClass(SensorReading.class).deserialize(bytes))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("bad header: starts with C3 02");
  }

  @Test
  void tooShortForAHeaderIsABadHeader() {
    for (byte[] bytes : List.of(new byte[0], new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})) {
      assertThatThrownBy(() -> SentinelSerde.decodeAny(bytes))
          .isInstanceOf(UndecodableRecordException.class)
          .hasMessageContaining("bad header: " + bytes.length + " bytes");
    }
    assertThatThrownBy(() -> SentinelSerde.decodeAny(null))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("null");
  }

  @Test
  void unknownFingerprintIsReported() {
    byte[] bytes = SentinelSerde.encodeAny(TestData.sensor());
    bytes[5] ^= 0x55;
    assertThatThrownBy(() -> SentinelSerde.decodeAny(bytes))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("unknown schema fingerprint")
        .hasMessageContaining("AttendanceEvent")
        .satisfies(
            e ->
                assertThat(((UndecodableRecordException) e).problem())
                    .isEqualTo(Problem.UNKNOWN_SCHEMA));
    assertThat(SentinelSerde.peekType(bytes)).isEmpty();
  }

  @Test
  void messageOfAnotherTypeSaysWhichTypeItIs() {
    byte[] camera = SentinelSerde.encodeAny(TestData.camera());
    assertThatThrownBy(() -> AvroSerde.forClass(AttendanceEvent.class).deserialize(camera))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("it is a CameraStatus (v1) message, not a AttendanceEvent");
  }

  @Test
  void truncatedBodyIsCorrupt() {
    byte[] full = SentinelSerde.encodeAny(TestData.institution());
    byte[] truncated = Arrays.copyOf(full, full.length - 7);
    assertThatThrownBy(
            () ->
                AvroSerde.forClass(cn.tuoyu.sentinel.schema.Institution.class)
                    .deserialize(truncated))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("corrupt Institution body")
        .satisfies(
            e ->
                assertThat(((UndecodableRecordException) e).problem())
                    .isEqualTo(Problem.CORRUPT_BODY));
    assertThatThrownBy(() -> SentinelSerde.decodeAny(Arrays.copyOf(full, AvroSerde.HEADER_LENGTH)))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("corrupt Institution body");
  }

  @Test
  void extraBytesAfterTheBodyAreCorrupt() {
    byte[] full = SentinelSerde.encodeAny(TestData.sensor());
    byte[] longer = Arrays.copyOf(full, full.length + 3);
    assertThatThrownBy(() -> SentinelSerde.decodeAny(longer))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("3 unexpected bytes after the record");
  }

  @Test
  void corruptLengthPrefixIsCorruptNotACrash() {
    byte[] full = SentinelSerde.encodeAny(TestData.sensor());
    // Byte 10 is the zig-zag length of eventId: make it a huge negative/positive varint.
    byte[] bad = Arrays.copyOf(full, full.length);
    bad[10] = (byte) 0x81;
    assertThatThrownBy(() -> SentinelSerde.decodeAny(bad))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("corrupt SensorReading body");
  }

  /**
   * Without the pre-check, Avro would try to allocate 1.5 GB for this string and run out of heap.
   */
  @Test
  void hugeLengthPrefixIsCorruptNotAnOutOfMemoryError() {
    byte[] ok = SentinelSerde.encodeAny(TestData.sensor());
    byte[] bad = Arrays.copyOf(ok, AvroSerde.HEADER_LENGTH + 25);
    byte[] length = zigZagVarint(1_500_000_000L);
    System.arraycopy(length, 0, bad, AvroSerde.HEADER_LENGTH, length.length);
    assertThatThrownBy(() -> SentinelSerde.decodeAny(bad))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("corrupt SensorReading body")
        .hasMessageContaining(
            "SensorReading.eventId: length 1500000000, but only 20 bytes are left");
  }

  @Test
  void hugeArrayCountIsCorrupt() {
    cn.tuoyu.sentinel.schema.Institution institution = TestData.institution();
    institution.setRooms(List.of());
    institution.setStaff(List.of());
    byte[] ok = SentinelSerde.encodeAny(institution);
    // The body ends with two empty arrays (rooms, staff), each a single 0 byte. Claim 2^30 rooms.
    byte[] count = zigZagVarint(1L << 30);
    byte[] bad = Arrays.copyOf(ok, ok.length - 2 + count.length + 1);
    System.arraycopy(count, 0, bad, ok.length - 2, count.length);
    assertThatThrownBy(() -> SentinelSerde.decodeAny(bad))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("Institution.rooms: block of 1073741824 items");
  }

  /** Deterministic random damage to valid messages: decoding returns a record or says why not. */
  @Test
  void damagedMessagesNeverEscapeAsOtherExceptions() {
    java.util.Random random = new java.util.Random(20261123L);
    List<byte[]> messages =
        TestData.allTypes().stream()
            .map(SentinelSerde::encodeAny)
            .collect(java.util.stream.Collectors.toList());
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 3_000; i++) {
      byte[] original = messages.get(random.nextInt(messages.size()));
      byte[] damaged;
      switch (random.nextInt(3)) {
        case 0:
          damaged = Arrays.copyOf(original, random.nextInt(original.length));
          break;
        case 1:
          damaged = original.clone();
          // Damage the body only, so the fingerprint still matches and Avro has to read it.
          int at =
              AvroSerde.HEADER_LENGTH + random.nextInt(original.length - AvroSerde.HEADER_LENGTH);
          damaged[at] = (byte) random.nextInt(256);
          break;
        default:
          damaged = Arrays.copyOf(original, original.length + 1 + random.nextInt(4));
          damaged[damaged.length - 1] = (byte) random.nextInt(256);
      }
      try {
        assertThat(SentinelSerde.decodeAny(damaged)).isNotNull();
        decoded++;
      } catch (UndecodableRecordException e) {
        assertThat(e.getMessage()).isNotBlank();
        rejected++;
      }
    }
    assertThat(decoded).isPositive();
    assertThat(rejected).isPositive();
  }

  private static byte[] zigZagVarint(long v) {
    long z = (v << 1) ^ (v >> 63);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  @Test
  void serializingAnInvalidRecordIsAnIllegalArgument() {
    SensorReading s = TestData.sensor();
    s.setEventId(null);
    assertThatThrownBy(() -> AvroSerde.forClass(SensorReading.class).serialize(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SensorReading");
    assertThatThrownBy(
            () -> SentinelSerde.encodeAny(new cn.tuoyu.sentinel.schema.GeoPoint(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a top-level");
  }

  @Test
  void deserializeIsSafeToShareAcrossThreads() throws Exception {
    AvroSerde<cn.tuoyu.sentinel.schema.Institution> serde =
        AvroSerde.forClass(cn.tuoyu.sentinel.schema.Institution.class);
    byte[] bytes = serde.serialize(TestData.institution());
    List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 500; i++) {
                    assertThat(serde.deserialize(serde.serialize(serde.deserialize(bytes))))
                        .isEqualTo(TestData.institution());
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  /** A copy of a record schema without one field: what an older writer would have used. */
  static Schema withoutField(Schema schema, String field) {
    List<Schema.Field> fields =
        schema.getFields().stream()
            .filter(f -> !f.name().equals(field))
            .map(f -> new Schema.Field(f, f.schema()))
            .collect(java.util.stream.Collectors.toList());
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
