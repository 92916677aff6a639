package cn.tuoyu.sentinel.jobs.archive;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionResolverTest {
  private static final String TS = "2026-11-23T09:00:00+08:00";

  private BroadcastOperatorTestHarness<ArchivedRecord, ArchivedRecord, ArchivedRecord> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new RegionResolver(Map.of("320402-0002", "320411")), RegionResolver.REGIONS);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private List<String> regionsOut() {
    return harness.extractOutputValues().stream().map(ArchivedRecord::getRegionCode).toList();
  }

  @Test
  void theLatestInstitutionRecordDecidesTheRegionOfItsEvents() throws Exception {
    String id = "320402-0001";
    harness.processElement(ArchiveFixtures.camera(id, TS, 1), 0);
    harness.processBroadcastElement(
        ArchiveFixtures.fromKafka(
            Topics.INSTITUTIONS,
            1,
            id,
            ArchiveFixtures.wire(ArchiveFixtures.institution(id, "120106"))),
        0);
    harness.processElement(ArchiveFixtures.camera(id, TS, 2), 0);
    harness.processBroadcastElement(
        ArchiveFixtures.fromKafka(
            Topics.INSTITUTIONS,
            2,
            id,
            ArchiveFixtures.wire(ArchiveFixtures.institution(id, "120104"))),
        0);
    harness.processElement(ArchiveFixtures.camera(id, TS, 3), 0);

    // Before its record: the region its id suggests; then the registered one, and its change.
    assertThat(regionsOut()).containsExactly("320402", "120106", "120104");
  }

  @Test
  void theRegionsReadAtStartServeUntilARecordArrives() throws Exception {
    harness.processElement(ArchiveFixtures.camera("320402-0002", TS, 1), 0);
    harness.processElement(ArchiveFixtures.camera("station-9", TS, 2), 0);
    assertThat(regionsOut()).containsExactly("320411", ArchiveLayout.UNKNOWN);
  }

  @Test
  void rulesAndInstitutionRecordsKeepTheirOwnPartition() throws Exception {
    String id = "320402-0003";
    harness.processBroadcastElement(
        ArchiveFixtures.fromKafka(
            Topics.INSTITUTIONS,
            1,
            id,
            ArchiveFixtures.wire(ArchiveFixtures.institution(id, "120106"))),
        0);
    harness.processElement(ArchiveFixtures.rulesRecord("320402", TS, 1), 0);
    harness.processElement(
        ArchiveFixtures.fromKafka(
            Topics.INSTITUTIONS,
            3,
            id,
            ArchiveFixtures.wire(ArchiveFixtures.institution(id, "120101"))),
        0);
    assertThat(regionsOut()).containsExactly(ArchiveLayout.RULES, "120101");
  }
}
