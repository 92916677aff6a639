package cn.tuoyu.sentinel.pipeline.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A signal a CEP stage found late becomes a dead letter that says what was lost. */
class MonitorGraphLateSignalTest {
  @Test
  void aLateSignalIsADeadLetterNamingTheCondition() {
    ConditionSignal s = new ConditionSignal();
    s.kind = ConditionSignal.Kind.TICK;
    s.conditionKey = "SURVEILLANCE_GAP|320402-0007/room/R1";
    s.ts = MonitorFixtures.today("09:01:00");
    s.since = MonitorFixtures.today("09:00:00");
    s.holdMillis = 60_000;

    DeadLetter d = MonitorGraph.lateSignal(s);

    assertThat(d.getReason()).isEqualTo(DeadLetterReasons.LATE);
    assertThat(d.getTs().toEpochMilli()).isEqualTo(s.ts);
    assertThat(d.getDetail()).contains("SURVEILLANCE_GAP|320402-0007/room/R1").contains("lost");
    assertThat(StandardCharsets.UTF_8.decode(d.getRaw()).toString()).startsWith("TICK ");
  }
}
