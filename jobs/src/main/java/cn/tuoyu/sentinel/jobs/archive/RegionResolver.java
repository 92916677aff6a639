package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each record of an institution the region partition of that institution: the regionCode of
 * its latest Institution record (broadcast state, so every subtask knows every institution), else
 * the one read from the reference topic when the job started, else the region its id suggests
 * (already set by {@link ArchivedRecords}). Rules and institution records pass unchanged.
 *
 * <p>An institution registered while the job runs can have events that overtake its record on the
 * way here; those few take the region their id suggests, which for ids issued per district is the
 * same.
 */
public final class RegionResolver
    extends BroadcastProcessFunction<ArchivedRecord, ArchivedRecord, ArchivedRecord> {
  private static final long serialVersionUID = 1L;

  /** institutionId → regionCode of its latest valid Institution record. */
  public static final MapStateDescriptor<String, String> REGIONS =
      new MapStateDescriptor<>("institution-regions", Types.STRING, Types.STRING);

  private final HashMap<String, String> regionsAtStart;

  /**
   * @param regionsAtStart institutionId → regionCode as the reference topic held them at start
   */
  public RegionResolver(Map<String, String> regionsAtStart) {
    this.regionsAtStart = new HashMap<>(regionsAtStart);
  }

  @Override
  public void processElement(ArchivedRecord r, ReadOnlyContext ctx, Collector<ArchivedRecord> out)
      throws Exception {
    if (ArchivedRecords.regionFollowsInstitution(r)) {
      String region = ctx.getBroadcastState(REGIONS).get(r.getSubject());
      if (region == null) {
        region = regionsAtStart.get(r.getSubject());
      }
      if (region != null) {
        r.setRegionCode(region);
      }
    }
    out.collect(r);
  }

  @Override
  public void processBroadcastElement(ArchivedRecord r, Context ctx, Collector<ArchivedRecord> out)
      throws Exception {
    if (ArchivedRecords.isInstitution(r)) {
      ctx.getBroadcastState(REGIONS).put(r.getSubject(), r.getRegionCode());
    }
  }
}
