package cn.tuoyu.sentinel.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {
  @Test
  void anAlertIsStampedWhenPublishedNotWithItsEventTimeWhichMayBeAheadOfTheBrokersClock() {
    Instant twoDaysAhead = Instant.now().plus(2, ChronoUnit.DAYS);
    AlertTransition alert =
        AlertTransition.newBuilder()
            .setAlertId("a1")
            .setRuleId("SMOKE_DETECTED")
            .setSeverity(Severity.CRITICAL)
            .setStatus(AlertStatus.OPEN)
            .setInstitutionId("320402-0001")
            .setRegionCode("320402")
            .setStartedAt(twoDaysAhead)
            .setOpenedAt(twoDaysAhead)
            .setUpdatedAt(twoDaysAhead)
            .setMessage("烟雾报警")
            .build();

    ProducerRecord<byte[], byte[]> r =
        new KafkaSinks.AlertSerializer("alerts")
            .serialize(alert, null, twoDaysAhead.toEpochMilli());

    assertThat(r.timestamp()).as("null: the producer stamps it with its clock").isNull();
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("320402-0001");
    assertThat(r.topic()).isEqualTo("alerts");
  }
}
